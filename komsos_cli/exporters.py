"""Exports: one small class per format, looked up by name; every writer streams.

Formats (declared in ``formats.EXPORT``):

* ``csv`` (default) — for Excel in the Indonesian locale: UTF-8 with BOM, ``;`` between cells
  (``,`` on request), CRLF after every row, RFC 4180 quoting. Fixed Indonesian headers in a fixed
  order (``COLUMNS``): ``No`` is the row number in the file (the visit's own number is local to
  each database; the ``UUID`` column is the key), ``Hari`` is derived from the date, every other
  column is one field of the record. Lists (pendamping, foto) are joined with ``"; "``; a ``;``
  inside an item is doubled, so the join can be undone exactly (``join_list``/``split_list``).
* ``xlsx`` — the same columns in a workbook (xlsxwriter, constant-memory mode): text cells stay
  text (RT ``03`` and NRP as written), a header row, frozen panes, column widths, autofilter.
  Every cell holds the text exactly as recorded (see "Formula injection" below).
* ``jsonl`` — one full record per line under the interchange keys (``models.FIELDS``), each line
  with ``"schema_version"``.
* ``json`` — one object: ``{"schema_version": 1, "aplikasi": "komsos", "kunjungan": [...]}``,
  one record per line inside the list.

Formula injection (OWASP "CSV injection"): in CSV a text cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, after any leading spaces and control characters,
gets a ``'`` in front (``neutralise``). Every cell is quoted, so a ``;`` file opened with
``,`` as the separator (or the other way round) splits no cell into a live formula. A text that
already begins with quotes followed by one of those characters gets one more quote, so
``restore`` (used by the importers) gives back exactly what was written, whatever the text.

In XLSX such a cell (and one that begins with ``'``) is a string cell with the *quote prefix*
cell format instead: Excel's own invisible apostrophe, which shows the text as it is and keeps
Excel from evaluating it even when the cell is edited. No character is added, so the workbook
says so in a custom document property (``XLSX_GUARD_PROPERTY``); the importer reads such a
workbook as it is, and un-neutralises only the cells of older workbooks, which lack it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import IO, Any, ClassVar

from komsos_cli.dates import HARI
from komsos_cli.errors import InputError
from komsos_cli.formats import EXPORT, Format
from komsos_cli.models import SCHEMA_VERSION, order_record

SCHEMA_KEY = "schema_version"
JSON_LIST_KEY = "kunjungan"

# (key, header): the tabular columns, in their fixed order. "no" and "hari" are derived.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", "No"), ("tanggal", "Tanggal"), ("hari", "Hari"), ("waktu", "Waktu"),
    ("pangkat", "Pangkat"), ("babinsa", "Nama Babinsa"), ("nrp", "NRP"),
    ("pendamping", "Pendamping"), ("koramil", "Koramil"), ("kodim", "Kodim"),
    ("kegiatan", "Kegiatan"), ("tema", "Tema"), ("sapaan", "Sapaan"), ("warga", "Nama Warga"),
    ("umur", "Umur"), ("pekerjaan", "Pekerjaan"), ("keterangan", "Keterangan"),
    ("kelompok", "Kelompok"), ("dukuh", "Dukuh/Dusun"), ("rt", "RT"), ("rw", "RW"),
    ("jenis_desa", "Jenis Desa"), ("desa", "Desa/Kelurahan"),
    ("jenis_kecamatan", "Jenis Kecamatan"), ("kecamatan", "Kecamatan"),
    ("jenis_kabupaten", "Jenis Kabupaten"), ("kabupaten", "Kabupaten/Kota"),
    ("provinsi", "Provinsi"), ("topik", "Topik"), ("kutipan", "Kutipan Babinsa"),
    ("kutipan_warga", "Kutipan Warga"), ("harapan", "Harapan"), ("situasi", "Situasi Wilayah"),
    ("foto", "Foto"), ("koordinat", "Koordinat"), ("catatan", "Catatan"),
    ("pilihan_kata", "Pilihan Kata Rilis"), ("dibuat", "Dibuat"), ("diubah", "Diubah"),
    ("uuid", "UUID"),
)  # fmt: skip
DERIVED_COLUMNS = ("no", "hari")
HEADERS = tuple(header for _, header in COLUMNS)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)

# --- formula injection ------------------------------------------------------------------------

FORMULA_CHARS = "=+-@\t\r"
# A spreadsheet skips leading spaces and control characters before it looks for a formula
# (NUL + "=1+1" ran as one): the guard looks past them to the first real character.
_LEADING = "".join(map(chr, (*range(0x21), 0x7F, *range(0x80, 0xA1))))
_TRIGGERS = frozenset(FORMULA_CHARS + "'" + _LEADING)
_ESCAPED = re.compile(r"'*[" + re.escape(_LEADING) + r"]*[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """``"=1+1"`` -> ``"'=1+1"``; ``"'=x"`` -> ``"''=x"``; any other text is returned as is."""
    if text and text[0] in _TRIGGERS and _ESCAPED.match(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralise`` exactly: ``restore(neutralise(s)) == s`` for every string ``s``."""
    if text[:1] == "'" and _ESCAPED.match(text, 1):
        return text[1:]
    return text


# --- lists in one cell ----------------------------------------------------------------------

LIST_SEPARATOR = "; "
_LIST_TOKENS = re.compile(r";;|; |[^;]+|;")


def join_list(items: Iterable[str]) -> str:
    """``["Kopda A", "Bripka B"]`` -> ``"Kopda A; Bripka B"`` (a ``;`` in an item is doubled)."""
    return LIST_SEPARATOR.join(str(item).replace(";", ";;") for item in items)


def split_list(text: str) -> list[str]:
    """Undo ``join_list`` (items are never empty)."""
    items: list[str] = []
    current: list[str] = []
    for token in _LIST_TOKENS.findall(text):
        if token == LIST_SEPARATOR:
            items.append("".join(current))
            current = []
        elif token == ";;":
            current.append(";")
        else:
            current.append(token)
    if current or items:
        items.append("".join(current))
    return [item for item in items if item]


# --- one visit as one row ---------------------------------------------------------------------


def _hari(iso: str) -> str:
    try:
        return HARI[date.fromisoformat(iso).weekday()]
    except (TypeError, ValueError):
        return ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if any(isinstance(v, Mapping) for v in value):
            from komsos_cli.photos import cell_text

            return join_list(cell_text(v) for v in value)
        return join_list(value)
    if isinstance(value, Mapping):
        from komsos_cli.koordinat import cell_text as koordinat_cell

        return koordinat_cell(value)
    return str(value)


_NO_AT = COLUMN_KEYS.index("no")
_HARI_AT = COLUMN_KEYS.index("hari")


def row_texts(visit: Mapping[str, Any], number: int) -> list[str]:
    """The cells of one visit in ``COLUMNS`` order, as text, exactly as recorded."""
    # One pass for the recorded values (most are already text), then the two derived cells.
    cells = [v if type(v) is str else _text(v) for v in map(visit.get, COLUMN_KEYS)]
    cells[_NO_AT] = str(number)
    cells[_HARI_AT] = _hari(visit.get("tanggal", ""))
    return cells


def row_cells(visit: Mapping[str, Any], number: int) -> list[str]:
    """The CSV cells of one visit, as text, formula characters neutralised."""
    return [c if c[:1] not in _TRIGGERS else neutralise(c) for c in row_texts(visit, number)]


def json_record(visit: Mapping[str, Any]) -> dict[str, Any]:
    """The record under its interchange keys, in FIELDS order, empty values left out."""
    return {SCHEMA_KEY: SCHEMA_VERSION, **order_record(visit)}


# --- the writers ------------------------------------------------------------------------------


class Exporter:
    """Write visits to a binary stream; ``write`` returns how many were written.

    Each subclass declares its ``Format`` with ``@EXPORT.register`` (which sets ``format``)."""

    format: ClassVar[Format]

    @property
    def name(self) -> str:
        return self.format.name

    @property
    def extension(self) -> str:
        return self.format.suffixes[0]

    @property
    def binary(self) -> bool:
        return self.format.binary

    @property
    def description(self) -> str:
        return self.format.description

    def __init__(self, **options: Any) -> None:
        self.options = options

    def write(self, visits: Iterable[Mapping[str, Any]], out: IO[bytes]) -> int:
        raise NotImplementedError


DELIMITERS = {";": ";", ",": ",", "titik-koma": ";", "koma": ",", "tab": "\t", "\\t": "\t"}


def parse_delimiter(text: str | None) -> str:
    if text is None:
        return ";"
    if text in DELIMITERS:
        return DELIMITERS[text]
    if text.lower() in DELIMITERS:
        return DELIMITERS[text.lower()]
    raise InputError(f"Pemisah '{text}' tidak dikenal. Pilihan: ';' (bawaan), ',' atau 'tab'.")


@EXPORT.register(
    Format(
        "csv",
        suffixes=(".csv", ".tsv", ".txt"),  # a tab-separated .tsv is CSV with tabs
        description="CSV untuk Excel (UTF-8 dengan BOM, pemisah ';')",
        default=True,
    )
)
class CsvExporter(Exporter):
    @property
    def description(self) -> str:
        delimiter = parse_delimiter(self.options.get("delimiter"))
        shown = "tab" if delimiter == "\t" else f"'{delimiter}'"
        return f"CSV untuk Excel (UTF-8 dengan BOM, pemisah {shown})"

    def write(self, visits: Iterable[Mapping[str, Any]], out: IO[bytes]) -> int:
        delimiter = parse_delimiter(self.options.get("delimiter"))
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
        try:
            text.write("\ufeff")
            writer = csv.writer(
                text, delimiter=delimiter, quotechar='"', doublequote=True,
                lineterminator="\r\n", quoting=csv.QUOTE_ALL,
            )  # fmt: skip
            writer.writerow(HEADERS)
            count = 0
            for count, visit in enumerate(visits, start=1):
                writer.writerow(row_cells(visit, count))
            text.flush()
        finally:
            text.detach()
        return count


@EXPORT.register(
    Format(
        "jsonl",
        aliases=("ndjson",),
        suffixes=(".jsonl", ".ndjson"),
        description="JSON Lines: satu kunjungan per baris",
    )
)
class JsonLinesExporter(Exporter):
    def write(self, visits: Iterable[Mapping[str, Any]], out: IO[bytes]) -> int:
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        writer = codecs.getwriter("utf-8")(out)
        count = 0
        for visit in visits:
            writer.write(encode(json_record(visit)) + "\n")
            count += 1
        return count


@EXPORT.register(
    Format(
        "json",
        suffixes=(".json",),
        description='JSON: {"schema_version": 1, "kunjungan": [...]}',
    )
)
class JsonExporter(Exporter):
    def write(self, visits: Iterable[Mapping[str, Any]], out: IO[bytes]) -> int:
        encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
        writer = codecs.getwriter("utf-8")(out)
        writer.write(
            f'{{"{SCHEMA_KEY}": {SCHEMA_VERSION}, "aplikasi": "komsos", "{JSON_LIST_KEY}": ['
        )
        count = 0
        for count, visit in enumerate(visits, start=1):
            writer.write(("\n" if count == 1 else ",\n") + encode(json_record(visit)))
        writer.write("\n]}\n" if count else "]}\n")
        return count


# Column widths (characters) for the workbook; text columns that hold sentences are wider.
XLSX_WIDTHS = {
    "no": 6, "tanggal": 11, "hari": 8, "waktu": 7, "pangkat": 9, "babinsa": 20, "nrp": 12,
    "pendamping": 28, "koramil": 14, "kodim": 16, "kegiatan": 13, "tema": 13, "sapaan": 8,
    "warga": 20, "umur": 6, "pekerjaan": 22, "keterangan": 30, "kelompok": 24, "dukuh": 16,
    "rt": 5, "rw": 5, "jenis_desa": 11, "desa": 16, "jenis_kecamatan": 11, "kecamatan": 16, "jenis_kabupaten": 11,
    "kabupaten": 16, "provinsi": 16, "topik": 45, "kutipan": 45, "kutipan_warga": 45,
    "harapan": 40, "situasi": 22, "foto": 30, "koordinat": 28, "catatan": 30, "pilihan_kata": 20,
    "dibuat": 25, "diubah": 25,
    "uuid": 37,
}  # fmt: skip
_NUMBER_COLUMNS = frozenset(i for i, key in enumerate(COLUMN_KEYS) if key in ("no", "umur"))
# Written into every workbook: its cells hold the texts unchanged (guarded by the quote-prefix
# format, not by a literal apostrophe). Workbooks without it are older exports.
XLSX_GUARD_PROPERTY = ("komsos_pengaman_rumus", "quote_prefix")


# Dates as real dates in the workbook: the visit's day, and when it was recorded and last changed
# in the local time of its province (WIB, WITA, WIT), shown the Indonesian way.
_DATE_COLUMNS = frozenset(
    i for i, key in enumerate(COLUMN_KEYS) if key in ("tanggal", "dibuat", "diubah")
)
_UTC_OFFSET = {"WIB": 7, "WITA": 8, "WIT": 9}
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_STAMP_FORMAT = 'dd/mm/yyyy hh:mm:ss "{zona}"'


def _zone(provinsi: Any) -> Any:
    from datetime import timedelta, timezone

    from komsos_cli.models import zona_waktu

    zona = zona_waktu(str(provinsi or ""))
    return (zona, timezone(timedelta(hours=_UTC_OFFSET[zona]), zona)) if zona else (None, None)


def local_stamp(stamp: str, provinsi: Any) -> tuple[Any, str] | None:
    """``dibuat``/``diubah`` as the wall-clock time of the record's province (naive, as a
    spreadsheet holds it) and the zone's name; None when the province or the stamp's own
    offset is unknown (the text is written as it is then)."""
    from datetime import datetime

    zona, tz = _zone(provinsi)
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if tz is None or moment.tzinfo is None:
        return None
    return moment.astimezone(tz).replace(tzinfo=None), zona


def stamp_from_local(text: str, provinsi: Any) -> str:
    """The inverse, for an import: a time read from a workbook without an offset gets the
    offset of the record's province (to the second); any other text is returned as it is."""
    from datetime import datetime, timedelta

    _, tz = _zone(provinsi)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if tz is None or moment.tzinfo is not None or "T" not in text:
        return text
    moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
    return moment.replace(tzinfo=tz).isoformat(timespec="seconds")


class _XlsxDates:
    """Writes the date cells of the workbook (one cell format per zone)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.day = workbook.add_format({"num_format": XLSX_DATE_FORMAT, "valign": "top"})
        self.stamps: dict[str, Any] = {}

    def write(self, sheet: Any, row: int, column: int, cell: str, visit: Mapping[str, Any]) -> bool:
        from datetime import datetime

        if COLUMN_KEYS[column] == "tanggal":
            try:
                day = date.fromisoformat(cell)
            except ValueError:
                return False
            sheet.write_datetime(row, column, datetime(day.year, day.month, day.day), self.day)
            return True
        local = local_stamp(cell, visit.get("provinsi"))
        if local is None:
            return False
        moment, zona = local
        if zona not in self.stamps:
            self.stamps[zona] = self.workbook.add_format(
                {"num_format": XLSX_STAMP_FORMAT.format(zona=zona), "valign": "top"}
            )
        sheet.write_datetime(row, column, moment, self.stamps[zona])
        return True


@EXPORT.register(
    Format(
        "xlsx",
        aliases=("excel",),
        suffixes=(".xlsx",),
        description="Buku kerja Excel (.xlsx)",
        binary=True,
    )
)
class XlsxExporter(Exporter):
    def write(self, visits: Iterable[Mapping[str, Any]], out: IO[bytes]) -> int:
        import xlsxwriter

        workbook = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,  # rows go to a temp file as they are written
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        try:
            count = self._fill(workbook, visits)
            workbook.close()
        except BaseException as exc:
            # A failed close (a full disk) leaves the workbook and its zip file open; their
            # destructors would try again on a closed file and print "Exception ignored ...
            # Traceback" under the real message. Nothing more is written to a failed file.
            workbook.fileclosed = True
            _forget_open_zips(exc)
            raise
        return count

    def _fill(self, workbook: Any, visits: Iterable[Mapping[str, Any]]) -> int:
        workbook.set_properties({"title": "Kunjungan Komsos Babinsa", "author": "komsos"})
        workbook.set_custom_property(*XLSX_GUARD_PROPERTY)
        sheet = workbook.add_worksheet("Kunjungan")
        header = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        text = workbook.add_format({"num_format": "@", "valign": "top"})
        # Excel's invisible apostrophe: shown and kept as text, never evaluated, even when edited.
        guarded = workbook.add_format({"num_format": "@", "valign": "top", "quote_prefix": True})
        number = workbook.add_format({"valign": "top"})
        for index, key in enumerate(COLUMN_KEYS):
            fmt = number if index in _NUMBER_COLUMNS else text
            sheet.set_column(index, index, XLSX_WIDTHS[key], fmt)
        sheet.freeze_panes(1, 3)  # the header row, and No/Tanggal/Hari while scrolling right
        for index, title in enumerate(HEADERS):
            sheet.write_string(0, index, title, header)
        write_string, write_number = sheet.write_string, sheet.write_number
        count = 0
        dates = _XlsxDates(workbook)
        for count, visit in enumerate(visits, start=1):
            for index, cell in enumerate(row_texts(visit, count)):
                if not cell:
                    continue
                if index in _DATE_COLUMNS and dates.write(sheet, count, index, cell, visit):
                    continue
                if index in _NUMBER_COLUMNS and cell.isdigit():
                    write_number(count, index, int(cell), number)
                else:
                    write_string(count, index, cell, guarded if cell[0] in _TRIGGERS else text)
        sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
        return count


def _forget_open_zips(exc: BaseException | None) -> None:
    """Mark the zip files in the frames of a failed write (and of the errors it was raised
    from) closed: ``ZipFile.close`` then does nothing, and no central directory is written to
    a file being thrown away."""
    import zipfile

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        trace = exc.__traceback__
        while trace is not None:
            for value in trace.tb_frame.f_locals.values():
                if isinstance(value, zipfile.ZipFile):
                    value.fp = None
            trace = trace.tb_next
        exc = exc.__cause__ or exc.__context__


def get_exporter(name: str, **options: Any) -> Exporter:
    """The exporter for a format name or alias (see ``formats.EXPORT``)."""
    return EXPORT.impl(name)(**options)
