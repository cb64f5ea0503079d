"""Two Babinsa of Koramil 07/Gatak, each with his own database and desa binaan, for the send,
import and office-recap tests (stored through the real CLI)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SUGIANTO = [
    "init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--nrp", "21100123",
    "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--desa", "Krajan",
    "--desa", "Blimbing", "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo",
    "--provinsi", "Jawa Tengah",
]  # fmt: skip
BUDI = [
    "init", "--no-input", "--pangkat", "Sertu", "--babinsa", "Budi Santoso", "--nrp", "21100456",
    "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--desa", "Trosemi",
    "--desa", "Sanggung", "--desa", "Klaseman", "--kecamatan", "Gatak",
    "--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah",
]  # fmt: skip

# (database, tanggal, desa, kegiatan, tema): March 2023. Sugianto visits Krajan ten times and
# Blimbing twice; Budi visits Trosemi nine times and Sanggung once, Klaseman never.
MARCH = (
    [("sugianto", f"2023-03-{d:02d}", "Krajan", "karya-bakti", "gotong-royong") for d in (1, 2, 3, 6, 7, 8, 9, 10, 13, 14)]
    + [("sugianto", "2023-03-15", "Blimbing", "komsos", "pertanian"), ("sugianto", "2023-03-16", "Blimbing", "sambang", "kamtibmas")]
    + [("budi", f"2023-03-{d:02d}", "Trosemi", "komsos", "umum") for d in (1, 2, 3, 4, 6, 7, 8, 9, 10)]
    + [("budi", "2023-03-20", "Sanggung", "anjangsana", "kesehatan")]
    + [("budi", "2023-04-03", "Trosemi", "komsos", "umum")]  # another month: never sent
)  # fmt: skip


def two_babinsa(komsos, folder: Path) -> dict[str, Path]:
    """The two databases, filled; returns {"sugianto": path, "budi": path}."""
    dbs = {"sugianto": folder / "sugianto.json", "budi": folder / "budi.json"}
    komsos("--db", dbs["sugianto"], *SUGIANTO)
    komsos("--db", dbs["budi"], *BUDI)
    for who, tanggal, desa, kegiatan, tema in MARCH:
        komsos(
            "--db", dbs[who], "add", "--no-input", "--tanggal", tanggal, "--desa", desa,
            "--warga", "Harjanto", "--kegiatan", kegiatan, "--tema", tema,
            "--topik", "mengajak warga menjaga kebersihan lingkungan",
        )  # fmt: skip
    return dbs


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(path: Path, contents: dict[str, bytes]) -> None:
    """Write ``contents`` as a plain zip at ``path`` (to make a changed send file)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
