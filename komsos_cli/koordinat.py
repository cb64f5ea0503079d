"""Where a visit happened: a typed or photographed coordinate, checked, never invented.

The record's ``koordinat`` is ``{"lat": float, "lon": float, "sumber": "foto" | "ketik"}``.
Typed forms: ``-7.5921, 110.7012`` (Google Maps), ``-7.5921 110.7012``, ``7.5921 LS 110.7012
BT``, ``7°35'31.6"S 110°42'04.3"E``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from komsos_cli.errors import FieldError

SUMBER = ("foto", "ketik")
# Indonesia from Sabang to Merauke and from Miangas to Rote, with a margin of about a degree:
# a typed point outside is a typo (swapped, a lost minus sign), not a Komsos visit.
LAT_RANGE = (-12.0, 7.0)
LON_RANGE = (94.0, 142.0)
# A photo taken more than this far from the typed place is worth a warning.
WARN_KM = 3.0

_NUMBER = r"[-+−]?\d+(?:\.\d+)?"
_DMS = re.compile(
    r"(\d+(?:\.\d+)?)\s*[°º]\s*(?:(\d+(?:\.\d+)?)\s*['′]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:\"|″|'')\s*)?"
    r"\s*(LU|LS|BT|BB|N|S|E|W)\b",
    re.I,
)
_DECIMAL_HEMI = re.compile(r"(\d+(?:\.\d+)?)\s*°?\s*(LU|LS|BT|BB|N|S|E|W)\b", re.I)
_PLAIN = re.compile(rf"^({_NUMBER})\s*[,;]?\s*({_NUMBER})$")
# Indonesian decimal commas: "-7,5921; 110,7012" or "-7,5921, 110,7012".
_COMMAS = re.compile(r"^([-+−]?\d+),(\d+)\s*[;,]\s*([-+−]?\d+),(\d+)$")
_NEGATIVE = {"ls": True, "s": True, "bb": True, "w": True}
_IS_LAT = {"lu", "ls", "n", "s"}


def _bad(text: str, why: str) -> FieldError:
    return FieldError("koordinat", f"Koordinat '{text}' tidak sah: {why}")


def parse(text: str) -> tuple[float, float]:
    """(lat, lon) from a typed coordinate; FieldError with the reason in Indonesian."""
    raw = " ".join(str(text).split())
    if not raw:
        raise _bad(raw, "kosong.")
    commas = _COMMAS.match(raw)
    if commas:
        raw_numbers = (f"{commas[1]}.{commas[2]}", f"{commas[3]}.{commas[4]}")
    elif plain := _PLAIN.match(raw):
        raw_numbers = (plain[1], plain[2])
    else:
        raw_numbers = None
    if raw_numbers:
        lat, lon = (float(n.replace("−", "-")) for n in raw_numbers)
    else:
        parts = list(_DMS.finditer(raw)) or list(_DECIMAL_HEMI.finditer(raw))
        if len(parts) != 2:
            raise _bad(
                raw, "tulis garis lintang lalu garis bujur, mis. '-7.5921, 110.7012' "
                "(salin dari Google Maps)."
            )  # fmt: skip
        values: dict[str, float] = {}
        for part in parts:
            numbers = [float(g) if g else 0.0 for g in part.groups()[:-1]]
            hemi = part.groups()[-1].lower()
            value = sum(n / 60**i for i, n in enumerate(numbers))
            values["lat" if hemi in _IS_LAT else "lon"] = -value if hemi in _NEGATIVE else value
        if len(values) != 2:
            raise _bad(raw, "perlu satu garis lintang (LU/LS) dan satu garis bujur (BT/BB).")
        lat, lon = values["lat"], values["lon"]
    return check(lat, lon, raw)


def check(lat: float, lon: float, raw: str = "") -> tuple[float, float]:
    """A typed point must be a real place in (or very near) Indonesia."""
    raw = raw or f"{lat}, {lon}"
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise _bad(raw, "bukan angka.")
    in_lat = LAT_RANGE[0] <= lat <= LAT_RANGE[1]
    in_lon = LON_RANGE[0] <= lon <= LON_RANGE[1]
    if in_lat and in_lon:
        return round(lat, 6), round(lon, 6)
    if LAT_RANGE[0] <= lon <= LAT_RANGE[1] and LON_RANGE[0] <= lat <= LON_RANGE[1]:
        raise _bad(raw, f"garis lintang dan bujur tertukar? Yang benar mungkin '{lon}, {lat}'.")
    if LAT_RANGE[0] <= -lat <= LAT_RANGE[1] and in_lon:
        raise _bad(raw, f"jauh di luar Indonesia; tanda minus hilang? Mungkin '{-lat}, {lon}'.")
    raise _bad(raw, "jauh di luar wilayah Indonesia.")


def in_indonesia(point: Mapping[str, Any]) -> bool:
    try:
        check(float(point["lat"]), float(point["lon"]))
    except (FieldError, KeyError, TypeError, ValueError):
        return False
    return True


def norm_koordinat(value: Any) -> dict[str, Any]:
    """A typed string (sumber ``ketik``) or a stored dict (an import) as the record keeps it."""
    if isinstance(value, Mapping):
        sumber = value.get("sumber")
        if sumber not in SUMBER:
            raise FieldError(
                "koordinat", f"Sumber koordinat '{sumber}' tidak dikenal. Pilihan: foto, ketik."
            )
        try:
            lat, lon = float(value["lat"]), float(value["lon"])
        except (KeyError, TypeError, ValueError):
            raise FieldError("koordinat", "Koordinat tanpa lat/lon yang berupa angka.") from None
        lat, lon = check(lat, lon)
        return {"lat": lat, "lon": lon, "sumber": sumber}
    lat, lon = parse(str(value))
    return {"lat": lat, "lon": lon, "sumber": "ketik"}


def distance_km(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    """Great-circle distance between two points (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def teks(point: Mapping[str, Any]) -> str:
    """``-7.592100, 110.701200`` (Google Maps reads it back)."""
    return f"{float(point['lat']):.6f}, {float(point['lon']):.6f}"


def sumber_teks(point: Mapping[str, Any]) -> str:
    return {"foto": "dari GPS foto", "ketik": "diketik Babinsa"}.get(point.get("sumber", ""), "")


def cell_text(point: Mapping[str, Any]) -> str:
    """The Koordinat cell of CSV/XLSX: ``-7.592100, 110.701200 (foto)``."""
    return f"{teks(point)} ({point.get('sumber', 'ketik')})"


_CELL = re.compile(r"^(?P<point>.*?)\s*\((?P<sumber>foto|ketik)\)$")


def from_cell(text: str) -> dict[str, Any] | str:
    """Undo :func:`cell_text`; a cell without a source is a typed coordinate (as typed)."""
    match = _CELL.match(" ".join(str(text).split()))
    if not match:
        return str(text)
    try:
        lat, lon = parse(match["point"])
    except FieldError:
        return str(text)  # refused with its reason when the row is checked
    return {"lat": lat, "lon": lon, "sumber": match["sumber"]}
