"""Rich tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from rich.cells import cell_len
from rich.table import Table

from komsos_cli.dates import hari, tanggal_angka
from komsos_cli.models import FIELDS, LABELS, desa_lengkap, kecamatan_lengkap


def _parsed(parse: Any, value: Any) -> Any:
    """``parse(value)``, or None for a value that is not one (a hand-edited file): the tables
    then show the value as it is instead of failing."""
    try:
        return parse(value)
    except (TypeError, ValueError):
        return None


def _date_cell(value: Any) -> str:
    """``Senin 16/01/2023``."""
    d = _parsed(date.fromisoformat, value)
    return f"{hari(d)} {tanggal_angka(d)}" if d else str(value)


def _short_date(value: Any) -> str:
    """``16/01/2023``."""
    d = _parsed(date.fromisoformat, value) if value else None
    return tanggal_angka(d) if d else str(value or "")


def _stamp_cell(value: Any) -> str:
    """A stored timestamp in the reader's own clock: ``28/11/2026 21.32``."""
    stamp = _parsed(datetime.fromisoformat, value)
    return stamp.astimezone().strftime("%d/%m/%Y %H.%M") if stamp else str(value)


def place(visit: Mapping[str, Any]) -> str:
    if visit.get("desa"):
        return desa_lengkap(visit)
    if visit.get("jenis_kecamatan"):
        return kecamatan_lengkap(visit)  # Distrik Aimas
    return f"Kec. {visit.get('kecamatan', '')}".strip()


def _who(v: Mapping[str, Any]) -> str:
    return " ".join(p for p in (v.get("sapaan"), v.get("warga")) if p) or v.get("kelompok", "")


# Columns by priority: on a phone-sized terminal only the first ones fit; every visit stays on
# one line (long text is cut with an ellipsis; `komsos show` has it all).
_COLUMNS = (
    ("No", lambda v: str(v["id"]), 4, {"justify": "right"}),
    ("Tanggal", lambda v: _short_date(v.get("tanggal")), 10, {}),
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
    rows = [[getter(v) for _, getter, _, _ in chosen] for v in visits]
    widths = _fit(
        [max([cell_len(title), *(cell_len(row[i]) for row in rows)]) for i, (title, *_) in
         enumerate(chosen)],
        [minimum if title not in _WHOLE else 0 for title, _, minimum, _ in chosen],
        width - 1 - 3 * len(chosen),
    )  # fmt: skip
    table = Table(show_lines=False, header_style="bold", expand=False)
    for (title, _, _, extra), column_width in zip(chosen, widths, strict=True):
        table.add_column(title, width=column_width, no_wrap=True, overflow="ellipsis", **extra)
    for row in rows:
        table.add_row(*row)
    return table


_WHOLE = ("No", "Tanggal")  # never cut: the number is what `show`/`release` are given


def _fit(natural: list[int], minimum: list[int], room: int) -> list[int]:
    """Column widths within ``room``: each its natural width, the widest cut first, none below
    its minimum (the visit number and the date are never cut)."""
    widths = list(natural)
    while sum(widths) > room:
        cuttable = [i for i, w in enumerate(widths) if minimum[i] and w > minimum[i]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def visit_table(visit: Mapping[str, Any]) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("Kolom", style="bold", no_wrap=True)
    table.add_column("Isi")
    for key in FIELDS:
        value = visit.get(key)
        if value in (None, "", []) or key == "pilihan_kata":  # the release's memory, not news
            continue
        if key == "foto":
            from komsos_cli.cli.photos import describe
            from komsos_cli.models import zona_waktu
            from komsos_cli.photos import entries

            zona = zona_waktu(visit.get("provinsi"))
            value = "\n".join(f"{i}. {describe(e, zona)}" for i, e in enumerate(entries(visit), 1))
        elif key == "koordinat" and isinstance(value, Mapping):
            from komsos_cli.koordinat import sumber_teks, teks

            value = f"{teks(value)} ({sumber_teks(value)})"
        elif isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        elif key == "tanggal":
            value = _date_cell(value)
        elif key in ("dibuat", "diubah"):
            value = _stamp_cell(value)
        label = LABELS.get(key, key)
        table.add_row(label[:1].upper() + label[1:], str(value))
    return table
