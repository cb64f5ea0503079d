"""Rich tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
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


def _stamp_cell(iso: str) -> str:
    """A stored timestamp in the reader's own clock: ``28/11/2026 21.32``."""
    try:
        stamp = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return stamp.astimezone().strftime("%d/%m/%Y %H.%M")


def place(visit: Mapping[str, Any]) -> str:
    if visit.get("desa"):
        return desa_lengkap(visit)
    return f"Kec. {visit.get('kecamatan', '')}".strip()


def _who(v: Mapping[str, Any]) -> str:
    return " ".join(p for p in (v.get("sapaan"), v.get("warga")) if p) or v.get("kelompok", "")


# Columns by priority: on a phone-sized terminal only the first ones fit; every visit stays on
# one line (long text is cut with an ellipsis; `komsos show` has it all).
_COLUMNS = (
    ("No", lambda v: str(v["id"]), 4, {"justify": "right"}),
    (
        "Tanggal",
        lambda v: tanggal_angka(date.fromisoformat(v["tanggal"])) if v.get("tanggal") else "",
        10,
        {},
    ),
    ("Warga/Kelompok", _who, 12, {}),
    ("Tempat", lambda v: place(v), 12, {}),
    ("Topik", lambda v: v.get("topik", ""), 14, {}),
    ("Kegiatan", lambda v: v.get("kegiatan", ""), 8, {}),
    ("Babinsa", lambda v: f"{v.get('pangkat', '')} {v.get('babinsa', '')}".strip(), 14, {}),
    ("Tema", lambda v: v.get("tema", ""), 9, {}),
)


def visits_table(visits: Iterable[Mapping[str, Any]], width: int = 200) -> Table:
    chosen, used = [], 1  # the table's closing border
    for column in _COLUMNS:
        # Each column costs its width plus a border and two spaces of padding.
        if used + column[2] + 3 > width and len(chosen) >= 3:
            break
        chosen.append(column)
        used += column[2] + 3
    table = Table(show_lines=False, header_style="bold", expand=False)
    for title, _, minimum, extra in chosen:
        fixed = {"min_width": minimum} if title in ("No", "Tanggal") else {}
        table.add_column(title, no_wrap=True, overflow="ellipsis", **fixed, **extra)
    for v in visits:
        table.add_row(*(getter(v) for _, getter, _, _ in chosen))
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
        elif key in ("dibuat", "diubah"):
            value = _stamp_cell(value)
        label = LABELS.get(key, key)
        table.add_row(label[:1].upper() + label[1:], str(value))
    return table
