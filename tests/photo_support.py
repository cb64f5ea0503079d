"""Real photo files for the tests: JPEGs made with Pillow, with EXIF written by Pillow."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

Image = pytest.importorskip("PIL.Image", reason="Pillow (komsos[foto]) diperlukan untuk tes foto")

# Krajan, Gatak, Sukoharjo and a point about 11 km away (Kartasura).
KRAJAN = (-7.5921, 110.7012)
KARTASURA = (-7.5540, 110.7420)


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    return (float(degrees), float(minutes), round((minutes_full - minutes) * 60, 4))


def exif_for(when: str | None = None, gps: tuple[float, float] | None = None) -> Image.Exif:
    """EXIF with DateTimeOriginal ('2023:01:16 09:31:05') and a GPS IFD, as a phone writes."""
    exif = Image.Exif()
    exif[0x010F] = "Samsung"
    exif[0x0110] = "Galaxy A14"
    if when:
        exif[0x8769] = {0x9003: when, 0x9004: when}
    if gps:
        lat, lon = gps
        exif[0x8825] = {
            0: b"\x02\x02\x00\x00",
            1: "S" if lat < 0 else "N",
            2: _dms(lat),
            3: "W" if lon < 0 else "E",
            4: _dms(lon),
        }
    return exif


def jpeg_bytes(
    when: str | None = None,
    gps: tuple[float, float] | None = None,
    size: tuple[int, int] = (1600, 1200),
    colour: tuple[int, int, int] = (40, 120, 60),
    exif: Image.Exif | None = None,
) -> bytes:
    """A photo-like JPEG: a gradient (so the encoder works as on a photo) with the EXIF given."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    overlay = Image.new("RGB", size, colour)
    image = Image.blend(image, overlay, 0.6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=(exif or exif_for(when, gps)).tobytes())
    return buffer.getvalue()


def make_jpeg(path: Path, when: str | None = None, gps=None, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg_bytes(when, gps, **kwargs))
    return path
