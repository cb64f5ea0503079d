"""Photos as evidence of a visit: their time and place against what the record says.

Nothing here invents a time or a place: a photo without EXIF proves neither, and the visit's
``koordinat`` is what the Babinsa typed or what a photo's GPS says (source ``foto``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from komsos_cli import koordinat as geo
from komsos_cli.dates import hari, tanggal_panjang


def hari_tanggal(day: date) -> str:
    """``Senin, 16 Januari 2023``."""
    return f"{hari(day)}, {tanggal_panjang(day)}"


def photo_day(entry: Mapping[str, Any]) -> date | None:
    try:
        return datetime.fromisoformat(str(entry.get("waktu"))).date()
    except (TypeError, ValueError):
        return None


def date_mismatch(entry: Mapping[str, Any], tanggal: str) -> str | None:
    """The sentence that says a photo was taken on another day than the visit, or None."""
    taken = photo_day(entry)
    try:
        visit_day = date.fromisoformat(str(tanggal))
    except ValueError:
        return None
    if taken is None or taken == visit_day:
        return None
    return (
        f"Foto {entry.get('nama')} diambil {hari_tanggal(taken)}, bukan pada tanggal kunjungan "
        f"({hari_tanggal(visit_day)})."
    )


def place_from_photos(
    typed: Mapping[str, Any] | None, photos: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Any] | None, list[str]]:
    """The visit's koordinat and the warnings about its photos' GPS.

    A typed point stays; a photo more than ``WARN_KM`` from it is named. Without a typed point,
    the first photo with a GPS position inside Indonesia gives it (source ``foto``). A photo GPS
    far outside Indonesia (a phone's stale or garbled fix) is named and not used.
    """
    warnings: list[str] = []
    chosen = dict(typed) if typed else None
    for entry in photos:
        point = entry.get("koordinat")
        if not point:
            continue
        if not geo.in_indonesia(point):
            warnings.append(
                f"GPS foto {entry.get('nama')} ({geo.teks(point)}) jauh di luar Indonesia; "
                "tidak dipakai sebagai lokasi kunjungan."
            )
            continue
        if chosen is None:
            chosen = {"lat": point["lat"], "lon": point["lon"], "sumber": "foto"}
            continue
        far = geo.distance_km(chosen, point)
        if far > geo.WARN_KM:
            source = "yang diketik" if chosen.get("sumber") == "ketik" else "dari foto pertama"
            warnings.append(
                f"GPS foto {entry.get('nama')} ({geo.teks(point)}) berjarak "
                f"{f'{far:.1f}'.replace('.', ',')} km dari "
                f"koordinat {source} ({geo.teks(chosen)}). Periksa kembali."
            )
    return chosen, warnings
