"""The month's Word file (``rekap --format docx``): the document an office edits and prints.

A title with the unit and the period; the recap's tables (``rekap.Rekap``: the totals, the
sections, per Babinsa from the senders' profiles, TUNTAS/BELUM per desa with a target); the
operational-report table ``No | Hari, tanggal | Babinsa | Desa | Uraian kegiatan | Foto`` with
one or two sentences per visit (``uraian.uraian``) and a thumbnail of its first photo; and the
signature block of the HTML recap. python-docx (the ``komsos[docx]`` extra) and Pillow (for
small thumbnails; without it the photo is embedded as it is, shown at the same width) are
imported only here, when a file is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from komsos_cli.dates import hari, tanggal_angka, tanggal_panjang
from komsos_cli.errors import InputError
from komsos_cli.formats import REKAP, Format
from komsos_cli.models import desa_lengkap

FORMAT = REKAP.add(Format("docx", aliases=("word",), suffixes=(".docx",), binary=True))
OPERATIONS_COLUMNS = ("No", "Hari, tanggal", "Babinsa", "Desa", "Uraian kegiatan", "Foto")
THUMBNAIL_PIXELS = 480  # the longer side of an embedded thumbnail
THUMBNAIL_CM = 3.2  # its width in the table
MISSING = (
    "Format docx memerlukan paket python-docx. Pasang dengan: pip install python-docx "
    "(atau dari folder kode komsos: pip install '.[docx]')."
)


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise InputError(MISSING) from None
    return docx


def first_photo(db_path: Path | None, visit: Mapping[str, Any]) -> Path | None:
    """The file of the visit's first photo that is on this machine (``komsos_cli.photos``)."""
    from komsos_cli.photos import entries, file_of

    if db_path is None:
        return None
    return next((p for entry in entries(visit) if (p := file_of(db_path, entry))), None)


def thumbnail(path: Path) -> io.BytesIO | Path:
    """A small JPEG of the photo (Pillow), else the file itself (scaled by width in Word)."""
    try:
        from PIL import Image, ImageOps
    except ImportError:
        return path
    try:
        with Image.open(path) as image:
            small = ImageOps.exif_transpose(image).convert("RGB")
            small.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            small.save(out, "JPEG", quality=80)
    except (OSError, ValueError):
        return path
    out.seek(0)
    return out


def _table(document: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(title)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    return table


def _visits_in(rekap: Any, visits: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    first, last = rekap.start.isoformat(), rekap.end.isoformat()
    chosen = [v for v in visits if first <= str(v.get("tanggal", "")) <= last]
    return sorted(chosen, key=lambda v: (str(v["tanggal"]), str(v.get("waktu") or "99"),
                                         int(v.get("id") or 0)))  # fmt: skip


def _recap_tables(document: Any, rekap: Any) -> None:
    from komsos_cli.rekap import percent_text

    for section in rekap.sections:
        document.add_heading(section.title, level=2)
        rows = [(row.label, row.count, percent_text(row.share)) for row in section.rows]
        _table(document, (section.column, "Jumlah", "%"), rows)
    if rekap.people:
        document.add_heading("Per Babinsa menurut profilnya", level=2)
        header = ["Babinsa", "Kunjungan", "Berfoto", "Hari tanpa kunjungan",
                  "Desa binaan belum dikunjungi"]  # fmt: skip
        if rekap.target:
            header.append("Desa tuntas")
        rows = []
        for p in rekap.people:
            missing = ", ".join(p.not_visited) or "-" if p.desa else "(profil belum diterima)"
            row = [p.label, p.visits, p.with_photo, len(p.days_without), missing]
            if rekap.target:
                row.append(f"{p.done_count}/{len(p.desa)}" if p.desa else "-")
            rows.append(row)
        _table(document, header, rows)
    if rekap.target and any(p.desa for p in rekap.people):
        document.add_heading(f"Capaian per desa binaan (target {rekap.target} kunjungan)", 2)
        rows = [(p.label, d.label, d.visits, d.status) for p in rekap.people for d in p.desa]
        _table(document, ("Babinsa", "Desa", "Kunjungan", "Status"), rows)


def _operations_table(
    document: Any, visits: Sequence[Mapping[str, Any]], db_path: Path | None, office: Any
) -> int:
    """The table of the operational report; returns how many photos it holds."""
    from docx.shared import Cm

    from komsos_cli.uraian import uraian

    binaan_of = office
    table = _table(document, OPERATIONS_COLUMNS, [])
    photos = 0
    for number, visit in enumerate(visits, start=1):
        day = date.fromisoformat(str(visit["tanggal"]))
        who = " ".join(str(visit.get(k) or "") for k in ("pangkat", "babinsa")).strip()
        place = desa_lengkap(visit) or (f"Kecamatan {visit['kecamatan']}"
                                        if visit.get("kecamatan") else "")  # fmt: skip
        cells = table.add_row().cells
        for cell, text in zip(cells[:5], (number, f"{hari(day)}, {tanggal_angka(day)}", who,
                                           place, uraian(visit, binaan_of(visit))), strict=True):  # fmt: skip
            cell.text = str(text)
        found = first_photo(db_path, visit)
        if found is None:
            cells[5].text = "-"
            continue
        cells[5].text = ""
        cells[5].paragraphs[0].add_run().add_picture(thumbnail(found), width=Cm(THUMBNAIL_CM))
        photos += 1
    return photos


def _signature(document: Any, rekap: Any, printed: date) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    danramil = f"Danramil {rekap.danramil}" if rekap.danramil else "Danramil"
    left.text = f"Mengetahui,\n{danramil}\n\n\n\n(..............................)"
    place = f"{rekap.tempat}, " if rekap.tempat else ""
    right.text = (
        f"{place}{tanggal_panjang(printed)}\nYang membuat,\n\n\n\n(..............................)"
    )


def render_docx(
    rekap: Any,
    visits: Iterable[Mapping[str, Any]],
    *,
    db_path: Path | None = None,
    office_profiles: Sequence[Mapping[str, Any]] = (),
    profile: Mapping[str, Any] | None = None,
    printed: date | None = None,
) -> bytes:
    """The month's Word document as bytes."""
    from komsos_cli.office import desa_binaan_of
    from komsos_cli.rekap import TITLE

    docx = _docx()
    printed = printed or date.today()
    document = docx.Document()
    document.core_properties.title = rekap.title
    document.core_properties.author = "komsos"
    document.add_heading(TITLE, level=0)
    unit = " ".join(p for p in (f"Koramil {rekap.koramil}" if rekap.koramil else "",
                                f"Kodim {rekap.kodim}" if rekap.kodim else "") if p)  # fmt: skip
    if unit:
        document.add_paragraph(unit)
    document.add_paragraph(f"Periode: {rekap.period}")
    document.add_paragraph(
        f"Jumlah kunjungan: {rekap.total} · Babinsa: {rekap.babinsa_count} · "
        f"Desa/kelurahan dikunjungi: {rekap.desa_count}"
    )
    if rekap.total:
        _recap_tables(document, rekap)
    else:
        document.add_paragraph("Tidak ada kunjungan pada periode ini.")
    if rekap.days_without:
        document.add_paragraph(
            f"Hari tanpa kunjungan: {len(rekap.days_without)} hari ({rekap.days_without_text})."
        )
    chosen = _visits_in(rekap, visits)
    if chosen:
        document.add_heading("Laporan kegiatan", level=1)
        lookup = desa_binaan_of([*office_profiles, *([profile] if profile else [])])
        _operations_table(document, chosen, db_path, lookup)
    document.add_paragraph()
    _signature(document, rekap, printed)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
