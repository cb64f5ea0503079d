"""Visits for the export, import and rekap tests, stored through the real CLI."""

from __future__ import annotations

from pathlib import Path

PROFILE = [
    "init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--nrp", "21100123",
    "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--desa", "Krajan",
    "--desa", "Blimbing", "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo",
    "--provinsi", "Jawa Tengah",
]  # fmt: skip

# Text that spreadsheets would run as formulas, names with apostrophes, quotes, separators.
TRICKY = [
    "add", "--no-input", "--tanggal", "2023-01-16", "--waktu", "09.30", "--sapaan", "Bapak",
    "--warga", "Ma'ruf", "--umur", "52", "--pekerjaan", "pengrajin blangkon",
    "--keterangan", '=HYPERLINK("http://contoh.invalid","klik")', "--rt", "3", "--rw", "12",
    "--dukuh", "Kauman", "--desa", "Krajan", "--pendamping", "Kopda Dede Herman",
    "--pendamping", "Bripka Slamet", "--topik", "-5 persen harga pupuk dibahas bersama warga",
    "--kutipan", "@Semua warga; mari jaga \"kebersihan\", ya", "--kutipan-warga",
    "'=sudah dikutip' kata warga", "--harapan", "+62 812 nomor pengaduan selalu aktif",
    "--catatan", "\tcatatan internal; tidak untuk rilis",
]  # fmt: skip
PLAIN = [
    "add", "--no-input", "--tanggal", "2023-01-20", "--kegiatan", "sambang", "--tema",
    "kamtibmas", "--kelompok", "peserta ronda malam", "--desa", "Krajan",
    "--topik", "mengajak warga mengaktifkan ronda malam",
]  # fmt: skip
FEBRUARY = [
    "add", "--no-input", "--tanggal", "2023-02-02", "--warga", "Paimin", "--desa", "Blimbing",
    "--topik", "memberikan motivasi kepada petani", "--tema", "pertanian",
]  # fmt: skip


def fill(komsos, db: Path, *, photos: Path | None = None) -> list[dict]:
    """A profile and three visits (two in January 2023, one in February); returns them."""
    komsos("--db", db, *PROFILE)
    extra: list[str] = []
    if photos is not None:
        photos.mkdir(exist_ok=True)
        from photo_support import jpeg_bytes

        for shade, name in enumerate(("rumah; depan.jpg", "=foto.jpg")):
            (photos / name).write_bytes(
                jpeg_bytes("2023:01:16 09:31:05", size=(64, 48), colour=(shade * 90, 40, 40))
            )
            extra += ["--foto", str(photos / name)]
    for args in (TRICKY + extra, PLAIN, FEBRUARY):
        komsos("--db", db, *args)
    return komsos.json("--db", db, "list")


def without_ids(visits: list[dict]) -> list[dict]:
    return sorted(
        ({k: v for k, v in v.items() if k != "id"} for v in visits), key=lambda v: v["uuid"]
    )
