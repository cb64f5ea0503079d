"""Rich tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from rich.table import Table

from komsos_cli.dates import hari, tanggal_angka
from komsos_cli.models import FIELDS, LABELS, desa_lengkap


def _date_cell(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{hari(d)} {tanggal_angka(d)}"


def place(visit: Mapping[str, Any]) -> str:
    if visit.get("desa"):
        return desa_lengkap(visit)
    return f"Kec. {visit.get('kecamatan', '')}".strip()


def visits_table(visits: Iterable[Mapping[str, Any]]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    table.add_column("No", justify="right")
    table.add_column("Tanggal", no_wrap=True)
    table.add_column("Babinsa")
    table.add_column("Kegiatan")
    table.add_column("Tema")
    table.add_column("Warga/Kelompok")
    table.add_column("Tempat")
    table.add_column("Topik", overflow="ellipsis", max_width=48)
    for v in visits:
        who = " ".join(p for p in (v.get("sapaan"), v.get("warga")) if p) or v.get("kelompok", "")
        table.add_row(
            str(v["id"]), _date_cell(v.get("tanggal", "")),
            f"{v.get('pangkat', '')} {v.get('babinsa', '')}".strip(), v.get("kegiatan", ""),
            v.get("tema", ""), who, place(v), v.get("topik", ""),
        )  # fmt: skip
    return table


def visit_table(visit: Mapping[str, Any]) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("Kolom", style="bold", no_wrap=True)
    table.add_column("Isi")
    for key in FIELDS:
        value = visit.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = "\n".join(value)
        elif key == "tanggal":
            value = _date_cell(value)
        label = LABELS.get(key, key)
        table.add_row(label[:1].upper() + label[1:], str(value))
    return table
