"""JSON Lines in a hive-partitioned folder, for the Kodim's and higher commands' warehouses.

``DIR/kodim=0726-Sukoharjo/tahun=2023/bulan=03/07-Gatak.jsonl``: DuckDB, Spark or BigQuery read
the whole folder as one table, with ``kodim``, ``tahun`` and ``bulan`` as columns taken from the
folder names. One file per Koramil in each month: the sender's own file, which a new export
replaces (never appends to), so that sending again never counts a visit twice. The Koramil and
Kodim come from the visits themselves. Every file is written whole or not at all (``fileio``).

Folder and file names are safe on every system: ``/``, ``\\``, ``=`` and other characters a
file name cannot hold become ``-``, and a name Windows reserves (``CON``, ``NUL``, ...) gets a
``_`` in front.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError

WITHOUT_KODIM = "tanpa-kodim"
WITHOUT_KORAMIL = "tanpa-koramil"
_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)
}


def safe_name(text: Any, fallback: str) -> str:
    """``0726/Sukoharjo`` -> ``0726-Sukoharjo``: letters, digits, ``.``, ``_`` and ``-`` only."""
    name = _UNSAFE.sub("-", str(text or "")).strip("-.")
    name = re.sub(r"-{2,}", "-", name)
    if not name:
        return fallback
    if name.split(".")[0].lower() in _WINDOWS_RESERVED:
        name = "_" + name
    return name[:80]


@dataclass(frozen=True)
class PartFile:
    path: Path  # relative to the folder written
    visits: int


def partition_of(visit: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """(kodim, tahun, bulan, file stem) of one visit."""
    tanggal = str(visit.get("tanggal") or "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", tanggal):
        raise InputError(f"Kunjungan {visit.get('uuid', '')} tidak punya tanggal yang sah.")
    return (
        safe_name(visit.get("kodim"), WITHOUT_KODIM),
        tanggal[:4],
        tanggal[5:7],
        safe_name(visit.get("koramil"), WITHOUT_KORAMIL),
    )


def relative_path(kodim: str, tahun: str, bulan: str, stem: str) -> Path:
    return Path(f"kodim={kodim}", f"tahun={tahun}", f"bulan={bulan}", f"{stem}.jsonl")


def write_partitions(visits: Iterable[Mapping[str, Any]], root: Path) -> list[PartFile]:
    """Write ``visits`` under ``root`` in the hive layout; each file written replaces its
    namesake. Returns the files written, in path order."""
    from komsos_cli.exporters import JsonLinesExporter
    from komsos_cli.fileio import atomic_write_bytes

    if root.exists() and not root.is_dir():
        raise InputError(f"--partisi {root} adalah file, bukan folder.")
    groups: dict[Path, list[Mapping[str, Any]]] = {}
    for visit in visits:
        groups.setdefault(relative_path(*partition_of(visit)), []).append(visit)
    exporter = JsonLinesExporter()
    written = []
    for relative in sorted(groups):
        buffer = io.BytesIO()
        count = exporter.write(groups[relative], buffer)
        atomic_write_bytes(root / relative, buffer.getvalue(), private=True)  # whole records
        written.append(PartFile(relative, count))
    return written
