"""What a photo file is: its format, whether it is whole, and the time and place in its EXIF.

Pure Python: the structure of JPEG, PNG and WebP files is walked here (a few markers and chunk
lengths) so that a truncated or foreign file is refused without Pillow, and the EXIF block found
that way (at most 64 KB in a JPEG) is handed to exifread. A hostile block (huge counts, offsets
that point anywhere, garbage) costs at most that much work and yields no time or place.
"""

from __future__ import annotations

import mmap
import os
import re
import struct
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from komsos_cli.errors import InputError

# Phone photos are 2-12 MB; anything far bigger is a video, a RAW file or a mistake.
MAX_BYTES = 40 * 1024 * 1024
# The largest EXIF block read from a PNG or WebP (a JPEG's cannot exceed 64 KB).
_MAX_EXIF = 256 * 1024
EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "webp": ".webp"}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis", b"avif")


class PhotoError(InputError):
    """A file that cannot be stored as a photo; ``nama`` is the file the user gave."""

    def __init__(self, nama: str, reason: str):
        super().__init__(f"Foto {nama} tidak disimpan: {reason}")
        self.nama = nama
        self.reason = reason


@dataclass(frozen=True)
class PhotoInfo:
    kind: str  # jpeg, png or webp
    waktu: str | None  # EXIF DateTimeOriginal as YYYY-MM-DDTHH:MM:SS
    koordinat: dict[str, float] | None  # {"lat": ..., "lon": ...} from the GPS IFD


def sniff(head: bytes) -> str | None:
    """The format from the first bytes: jpeg, png, webp, heic, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and any(b in head[8:32] for b in _HEIF_BRANDS):
        return "heic"
    return None


def inspect_photo(path: str | os.PathLike, nama: str) -> PhotoInfo:
    """Check that ``path`` is a whole JPEG, PNG or WebP and read its EXIF time and place.

    Raises PhotoError (an InputError, exit code 2) with the reason in Indonesian.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            raise PhotoError(nama, "file kosong (0 byte).")
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            kind = sniff(data[:32])
            if kind == "heic":
                raise PhotoError(
                    nama,
                    "foto HEIC (iPhone) belum bisa dibaca. Kirim ulang sebagai JPG: di iPhone "
                    "Pengaturan > Kamera > Format > 'Paling Kompatibel', atau bagikan fotonya "
                    "lewat WhatsApp lalu simpan hasilnya.",
                )
            if kind is None:
                raise PhotoError(nama, "bukan file gambar JPG, PNG atau WebP.")
            exif = {"jpeg": _jpeg_exif, "png": _png_exif, "webp": _webp_exif}[kind](data, nama)
    waktu, koordinat = read_exif(exif) if exif else (None, None)
    return PhotoInfo(kind, waktu, koordinat)


def _truncated(nama: str) -> PhotoError:
    return PhotoError(nama, "file terpotong (tidak utuh); salin ulang dari HP atau kamera.")


def _jpeg_exif(data: mmap.mmap, nama: str) -> bytes | None:
    """The TIFF block of the APP1 Exif segment; checks the segments up to the scan and its end."""
    pos, size, exif = 2, len(data), None
    while True:
        # Markers may be padded with extra 0xFF bytes.
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            raise _truncated(nama)
        marker = data[pos]
        pos += 1
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if marker == 0xD9:  # end of image before any scan
            raise PhotoError(nama, "file JPG tanpa isi gambar.")
        if pos + 2 > size:
            raise _truncated(nama)
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > size:
            raise _truncated(nama)
        if marker == 0xE1 and exif is None and data[pos + 2 : pos + 8] == b"Exif\x00\x00":
            exif = bytes(data[pos + 8 : pos + length])
        if marker == 0xDA:  # start of scan: the image data follows up to the end marker
            break
        pos += length
    # The end-of-image marker after the scan (phones may append more after it, such as the
    # video of a "motion photo"; a cut file has none).
    if data.find(b"\xff\xd9", pos) < 0:
        raise _truncated(nama)
    return exif


def _png_exif(data: mmap.mmap, nama: str) -> bytes | None:
    pos, size, exif = 8, len(data), None
    while True:
        if pos + 8 > size:
            raise _truncated(nama)
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if pos + 12 + length > size:
            raise _truncated(nama)
        if kind == b"eXIf" and length <= _MAX_EXIF:
            exif = bytes(data[pos + 8 : pos + 8 + length])
        if kind == b"IEND":
            return exif
        pos += 12 + length


def _webp_exif(data: mmap.mmap, nama: str) -> bytes | None:
    (riff_size,) = struct.unpack("<I", data[4:8])
    if riff_size + 8 > len(data):
        raise _truncated(nama)
    pos, end, exif = 12, riff_size + 8, None
    while pos + 8 <= end:
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        if pos + 8 + length > end:
            raise _truncated(nama)
        if kind == b"EXIF" and length <= _MAX_EXIF:
            exif = bytes(data[pos + 8 : pos + 8 + length])
            if exif.startswith(b"Exif\x00\x00"):
                exif = exif[6:]
        pos += 8 + length + (length & 1)
    return exif


_EXIF_DATE = re.compile(r"(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def read_exif(tiff: bytes) -> tuple[str | None, dict[str, float] | None]:
    """(DateTimeOriginal as YYYY-MM-DDTHH:MM:SS, {"lat", "lon"}) from a TIFF/EXIF block.

    Anything unreadable gives None: a garbled tag is no time and no place, never a guess.
    """
    import io
    import logging

    import exifread

    # exifread reports odd files through logging; komsos says what matters itself.
    logging.getLogger("exifread").addHandler(logging.NullHandler())
    logging.getLogger("exifread").propagate = False
    try:
        tags = exifread.process_file(
            io.BytesIO(tiff), details=False, extract_thumbnail=False, builtin_types=True
        )
    except Exception:  # exifread raises many kinds on hostile input; none is the user's fault
        return None, None
    return _waktu(tags.get("EXIF DateTimeOriginal")), _gps(tags)


def _waktu(value: Any) -> str | None:
    match = _EXIF_DATE.match(str(value or "").strip())
    if not match:
        return None
    try:
        moment = datetime(*(int(x) for x in match.groups()))
    except ValueError:
        return None
    if moment.year < 2000:  # a camera whose clock was never set (1970, 2000:01:01 ...)
        return None
    return moment.isoformat()


def _degrees(value: Any, ref: Any, negative: str) -> float | None:
    try:
        parts = [float(x) for x in (value if isinstance(value, list) else [value])]
        if not 1 <= len(parts) <= 3 or any(p != p or p < 0 for p in parts):  # NaN, negative
            return None
        degrees = sum(p / 60**i for i, p in enumerate(parts))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if str(ref or "").strip().upper().startswith(negative):
        degrees = -degrees
    return round(degrees, 6)


def _gps(tags: dict[str, Any]) -> dict[str, float] | None:
    if "GPS GPSLatitude" not in tags or "GPS GPSLongitude" not in tags:
        return None
    lat = _degrees(tags["GPS GPSLatitude"], tags.get("GPS GPSLatitudeRef"), "S")
    lon = _degrees(tags["GPS GPSLongitude"], tags.get("GPS GPSLongitudeRef"), "W")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:  # a phone that had no fix writes zeros
        return None
    return {"lat": lat, "lon": lon}
