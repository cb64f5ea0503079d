"""Stamped copies of a visit's photos: resized for WhatsApp, with a band that says who, when, where.

The band's lines come from the record only (see :func:`stamp_lines`): "Babinsa Desa Krajan"
only for a desa binaan (the rule of the releases, ``release.facts``; at a Koramil office, the
desa binaan of the profile the Babinsa's send file carried), the photo's own EXIF time
(or the visit's date and time when the photo has none), the photo's GPS or the visit's
``koordinat`` with its source, and the Koramil. Nothing is made up: a missing coordinate says
so. The original file is only read.

Pillow is an optional extra (``komsos[foto]``), imported here only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from komsos_cli.errors import KomsosError

DEFAULT_LONG_EDGE = 1280
JPEG_QUALITY = 85
NEEDS_PILLOW = (
    "Salinan bercap butuh pustaka Pillow, yang belum terpasang. Pasang dengan: "
    "pip install Pillow (atau dari folder kode komsos: pip install '.[foto]'; di HP dengan "
    "Termux: pkg install python-pillow)."
)


def _pillow() -> Any:
    try:
        from PIL import Image, ImageDraw, ImageFont, ImageOps
    except ImportError:
        raise KomsosError(NEEDS_PILLOW) from None
    return Image, ImageDraw, ImageFont, ImageOps


def unit_line(visit: Mapping[str, Any], binaan: Sequence[str] | None) -> str:
    """``Babinsa Desa Krajan`` when the visited desa is one of ``binaan`` (the desa binaan of
    the visit's Babinsa, None when unknown), else ``Babinsa Koramil 07/Gatak`` (the rule of the
    releases, ``release.facts``)."""
    from komsos_cli.release.facts import facts

    f = facts(visit, binaan)
    if f["desa_binaan"]:
        return f"Babinsa {f['desa']}"
    return f"Babinsa {f['koramil']}" if f["koramil"] else "Babinsa"


def when_line(visit: Mapping[str, Any], entry: Mapping[str, Any]) -> str:
    """``Senin, 16 Januari 2023, pukul 09.31 WIB`` from the photo's EXIF time, else the visit's
    date (and its recorded time)."""
    from komsos_cli.evidence import hari_tanggal
    from komsos_cli.models import zona_waktu

    zona = zona_waktu(visit.get("provinsi"))
    try:
        taken = datetime.fromisoformat(str(entry.get("waktu")))
    except (TypeError, ValueError):
        taken = None
    if taken is not None:
        clock = f"pukul {taken:%H.%M}" + (f" {zona}" if zona else "")
        return f"{hari_tanggal(taken.date())}, {clock}"
    try:
        day = date.fromisoformat(str(visit.get("tanggal")))
    except ValueError:
        return str(visit.get("tanggal") or "")
    if visit.get("waktu"):
        return f"{hari_tanggal(day)}, pukul {visit['waktu']}" + (f" {zona}" if zona else "")
    return hari_tanggal(day)


def place_line(visit: Mapping[str, Any], entry: Mapping[str, Any]) -> str:
    from komsos_cli.koordinat import in_indonesia, teks

    point = entry.get("koordinat")
    if point and in_indonesia(point):
        return f"{teks(point)} (GPS foto)"
    visit_point = visit.get("koordinat")
    if isinstance(visit_point, Mapping):
        source = "GPS foto kunjungan" if visit_point.get("sumber") == "foto" else "diketik Babinsa"
        return f"{teks(visit_point)} ({source})"
    return "Koordinat tidak tercatat"


def stamp_lines(
    visit: Mapping[str, Any], binaan: Sequence[str] | None, entry: Mapping[str, Any]
) -> list[str]:
    """The band's lines for one photo of ``visit`` (``binaan``: see :func:`unit_line`)."""
    from komsos_cli.models import desa_lengkap, kecamatan_lengkap

    first = unit_line(visit, binaan)
    place = [
        p
        for p in (
            desa_lengkap(visit) if visit.get("desa") else "",
            kecamatan_lengkap(visit) if visit.get("kecamatan") else "",
        )
        if p and p not in first
    ]
    unit = " ".join(
        p for p in (f"Koramil {visit.get('koramil')}" if visit.get("koramil") else "",
                    f"Kodim {visit.get('kodim')}" if visit.get("kodim") else "") if p
    )  # fmt: skip
    lines = [", ".join([first, *place])]
    lines += [when_line(visit, entry), place_line(visit, entry)]
    if unit:
        lines.append(unit)
    return lines


def _font(image_font: Any, size: int) -> Any:
    try:
        return image_font.load_default(size=size)
    except (TypeError, OSError, AttributeError):  # Pillow without FreeType
        return image_font.load_default()


def stamped_image(source: Path, lines: list[str], *, long_edge: int = DEFAULT_LONG_EDGE) -> Any:
    """The resized photo with the band drawn at its foot (a Pillow image)."""
    image_mod, image_draw, image_font, image_ops = _pillow()
    try:
        with image_mod.open(source) as original:
            original.draft("RGB", (long_edge, long_edge))  # JPEG: decode at a smaller scale
            image = image_ops.exif_transpose(original).convert("RGB")
    except (OSError, image_mod.DecompressionBombError, ValueError) as exc:
        raise KomsosError(f"Foto {source.name} tidak bisa dibaca untuk dicap: {exc}") from None
    image.thumbnail((long_edge, long_edge), image_mod.Resampling.LANCZOS)
    width, height = image.size
    size = max(12, round(min(width, height) * 0.032))
    font = _font(image_font, size)
    draw = image_draw.Draw(image, "RGBA")
    gap = round(size * 0.35)
    # Lines too wide for the photo are cut at a word with an ellipsis, never run off it.
    fitted = [_fit(draw, line, font, width - 2 * gap) for line in lines]
    band = len(fitted) * (size + gap) + gap
    draw.rectangle((0, height - band, width, height), fill=(0, 0, 0, 170))
    y = height - band + gap
    for number, line in enumerate(fitted):
        colour = (255, 214, 0) if number == 0 else (255, 255, 255)
        draw.text((gap, y), line, font=font, fill=colour)
        y += size + gap
    return image


def _fit(draw: Any, text: str, font: Any, room: int) -> str:
    if draw.textlength(text, font=font) <= room:
        return text
    words = text.split()
    while len(words) > 1 and draw.textlength(" ".join(words) + " …", font=font) > room:
        words.pop()
    return " ".join(words) + " …"


def write_stamped(
    source: Path, target: Path, lines: list[str], *, long_edge: int = DEFAULT_LONG_EDGE
) -> Path:
    """Write the stamped copy of ``source`` to ``target`` (JPEG, atomically; no EXIF kept)."""
    from komsos_cli.fileio import atomic_writer

    image = stamped_image(source, lines, long_edge=long_edge)
    with atomic_writer(target, "wb") as out:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return target
