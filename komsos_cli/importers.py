"""Imports: read this tool's exports (CSV, JSON, JSON Lines, XLSX), validate every row, merge.

Reading and validating need no database: ``read_file`` turns one file into a ``FileReport``
(valid records, and every bad row as a ``RowError`` with its file and line). Only then does
``merge_records`` touch the database: one ``store.write(backup="impor")`` for the whole import
(one backup, one atomic write), or, for a dry run, the same merge on a read-only copy in memory.

* CSV: UTF-8 with or without BOM (a file Excel saved as "CSV" in ANSI is read as Windows-1252,
  with a warning); the delimiter (``;``, ``,`` or tab) is detected from the header row; headers
  are this tool's Indonesian ones (``exporters.COLUMNS``) or the record keys; cells are
  un-neutralised (``exporters.restore``) and lists split (``exporters.split_list``). Unknown
  columns are ignored with a warning; ``No`` and ``Hari`` are derived and ignored.
* JSON: ``{"schema_version": 1, "kunjungan": [...]}`` or a bare list; JSON Lines: one record
  per line. Line numbers are those of the text.
* XLSX: the sheet "Kunjungan" (else the first), read with openpyxl (needed only for this
  format). A workbook of this tool holds every text as it is (formula-like cells carry Excel's
  quote-prefix format, see ``exporters``) and is read as it is; an older one, without the
  ``exporters.XLSX_GUARD_PROPERTY``, has its literal ``'`` escapes undone as in CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError, KomsosError, os_reason
from komsos_cli.exporters import (
    COLUMNS,
    DERIVED_COLUMNS,
    JSON_LIST_KEY,
    SCHEMA_KEY,
    XLSX_GUARD_PROPERTY,
    restore,
    split_list,
    stamp_from_local,
)
from komsos_cli.formats import IMPORT, Format
from komsos_cli.models import FIELDS, LIST_FIELDS, SCHEMA_VERSION, validate_record

# progress(done, total): bytes (or rows, for XLSX) read so far out of the total.
Progress = Callable[[int, int], None]

_HEADER_KEYS: dict[str, str] = {}
for _key, _header in COLUMNS:
    _HEADER_KEYS[_header.lower()] = _key
for _key in FIELDS:
    _HEADER_KEYS.setdefault(_key, _key)
_HEADER_KEYS.update({"nomor": "no", "id": "no"})

_PROGRESS_EVERY = 2000  # rows between progress reports


@dataclass(frozen=True)
class RowError:
    path: Path
    line: int  # 0: no particular line
    message: str
    whole_file: bool = False  # the file cannot be read at all (not one bad row)

    def __str__(self) -> str:
        where = f"{self.path.name}, baris {self.line}" if self.line else self.path.name
        return f"{where}: {self.message}"


@dataclass
class FileReport:
    path: Path
    format: str = ""
    rows: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    password: str | None = None  # for an encrypted send file
    package: Any = None  # a send file's verified ``sendfile.Package`` (profile, photos)

    def error(self, line: int, message: str) -> None:
        self.errors.append(RowError(self.path, line, message))


class _FileError(Exception):
    """The file as a whole cannot be read (not one bad row)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


# --- format detection -----------------------------------------------------------------------


ZIP_MAGIC = b"PK\x03\x04"


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file, by its first bytes (a zip is a workbook or a send file) and its
    ending (``formats.IMPORT``), and, when that says nothing, by the text's first bytes."""
    implied = IMPORT.by_suffix(path.suffix)
    if head.startswith(ZIP_MAGIC):
        return "komsos" if implied is not None and implied.name == "komsos" else "xlsx"
    if implied is not None:
        return implied.name
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        first_line = text.split(b"\n", 1)[0]
        try:
            first = json.loads(first_line)
        except ValueError:
            return "json"  # one object spread over several lines
        return "json" if isinstance(first, dict) and JSON_LIST_KEY in first else "jsonl"
    return "csv"


# --- one raw row -> one valid record ----------------------------------------------------------


def _check_schema(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, int) or value > SCHEMA_VERSION:
        raise _FileError(
            f"file ini dibuat oleh versi komsos yang lebih baru (skema {value}). "
            "Perbarui komsos terlebih dahulu."
        )


def _accept(report: FileReport, line: int, raw: Mapping[str, Any]) -> None:
    report.rows += 1
    try:
        report.records.append(validate_record(raw))
    except KomsosError as exc:
        report.error(line, exc.message)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):  # a time of day typed into the workbook
        return value.strftime("%H.%M")
    return str(value)


class _Table:
    """Maps a header row to record keys and turns each row of cells into a raw record."""

    def __init__(self, header: list[Any], report: FileReport, *, escaped: bool = True):
        self.escaped = escaped  # cells carry the exports' literal ' escape (exporters.restore)
        self.keys: list[str | None] = []
        unknown = []
        for cell in header:
            name = _cell_text(cell).strip().lstrip("\ufeff")
            key = _HEADER_KEYS.get(name.lower()) or _HEADER_KEYS.get(name.lower().replace(" ", "_"))
            if key is None and name:
                unknown.append(name)
            self.keys.append(None if key in DERIVED_COLUMNS else key)
        if "uuid" not in self.keys:
            raise _FileError(
                "kolom UUID tidak ada; file ini bukan ekspor komsos (buat dengan 'komsos export').",
                line=1,
            )
        if unknown:
            report.warnings.append(
                f"{report.path.name}: kolom tidak dikenal diabaikan: {', '.join(unknown)}."
            )

    def record(self, cells: list[Any], report: FileReport, line: int) -> dict[str, Any] | None:
        """The raw record of one row; None for an empty row (or one already reported)."""
        texts = [_cell_text(c) for c in cells]
        if not any(t.strip() for t in texts):
            return None
        if len(texts) > len(self.keys) and any(t.strip() for t in texts[len(self.keys) :]):
            report.rows += 1
            report.error(
                line,
                f"ada {len(texts)} sel, lebih banyak dari {len(self.keys)} judul kolom "
                "(pemisah salah atau tanda kutip tidak ditutup?).",
            )
            return None
        raw: dict[str, Any] = {}
        for key, text in zip(self.keys, texts, strict=False):
            if key is None or not text:
                continue
            value = restore(text) if self.escaped else text
            if key == "waktu":
                value = _EXCEL_SECONDS.sub(r"\1", value)
            raw[key] = split_list(value) if key in LIST_FIELDS else value
        for stamp in ("dibuat", "diubah"):  # a workbook's times are in the province's zone
            if stamp in raw:
                raw[stamp] = stamp_from_local(raw[stamp], raw.get("provinsi"))
        if "foto" in raw:
            from komsos_cli.photos import from_cell

            raw["foto"] = [from_cell(item) for item in raw["foto"]]
        if "koordinat" in raw:
            from komsos_cli.koordinat import from_cell as koordinat_from_cell

            raw["koordinat"] = koordinat_from_cell(raw["koordinat"])
        return raw


# Excel in the Indonesian locale reads "09.30" as a time and saves it back as "09.30.00".
_EXCEL_SECONDS = re.compile(r"^(\d{1,2}[.:]\d{2})[.:]00$")


# --- the readers ----------------------------------------------------------------------------


def _detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_csv_as(path: Path, report: FileReport, progress: Progress | None, encoding: str) -> None:
    total = path.stat().st_size
    with open(path, "rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        first = text.readline()
        if not first.strip():
            raise _FileError("file kosong.")
        delimiter = _detect_delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter))
        table = _Table(header, report)
        reader = csv.reader(text, delimiter=delimiter)
        done_lines = 1
        try:
            for cells in reader:
                line = done_lines + 1
                done_lines = reader.line_num + 1
                raw_record = table.record(cells, report, line)
                if raw_record is not None:
                    _accept(report, line, raw_record)
                if progress and reader.line_num % _PROGRESS_EVERY == 0:
                    progress(raw.tell(), total)
        except csv.Error as exc:
            raise _FileError(f"CSV tidak sah: {csv_reason(exc)}.", line=done_lines + 1) from None
    if progress:
        progress(total, total)


# The csv module's reasons (English) and what they mean for an export someone changed.
_CSV_REASONS = (
    (
        re.compile(r"field larger than field limit \((\d+)\)"),
        "satu sel lebih panjang dari {0} huruf (tanda kutip yang tidak ditutup?)",
    ),
    (re.compile(r"line contains NUL"), "ada karakter NUL; file ini bukan teks CSV biasa"),
    (
        re.compile(r"new-line character seen in unquoted field"),
        "ada baris baru di dalam sel tanpa tanda kutip",
    ),
    (re.compile(r"unexpected end of data"), "file berakhir di tengah sel bertanda kutip"),
)


def csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    for pattern, reason in _CSV_REASONS:
        if found := pattern.search(text):
            return reason.format(*found.groups())
    return text


@IMPORT.register(Format("csv", suffixes=(".csv", ".tsv", ".txt"), default=True))
def _read_csv(path: Path, report: FileReport, progress: Progress | None) -> None:
    with open(path, "rb") as handle:
        bom = handle.read(2)
    if bom in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's "Unicode Text" and some phone apps write UTF-16, marked by its BOM.
        _read_csv_as(path, report, progress, "utf-16")
        return
    try:
        _read_csv_as(path, report, progress, "utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" in an Indonesian Windows is ANSI (Windows-1252).
        report.records.clear()
        report.errors.clear()
        report.warnings.clear()
        report.rows = 0
        report.warnings.append(
            f"{path.name}: bukan UTF-8; dibaca sebagai Windows-1252 (ANSI). "
            "Periksa huruf-huruf khusus setelah impor."
        )
        _read_csv_as(path, report, progress, "cp1252")


def _skip_space(text: str, pos: int, _space: re.Pattern[str] = re.compile(r"\s*")) -> int:
    match = _space.match(text, pos)
    return match.end() if match else pos


class _JsonScanner:
    """Walk a JSON document's list of records one element at a time, knowing each one's line."""

    def __init__(self, text: str):
        self.text = text
        self.decoder = json.JSONDecoder()
        self.counted = 0
        self.line = 1

    def line_at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.counted, pos)
        self.counted = pos
        return self.line

    def value(self, pos: int) -> tuple[Any, int]:
        try:
            return self.decoder.raw_decode(self.text, pos)
        except json.JSONDecodeError as exc:
            raise _FileError(f"JSON tidak sah: {json_reason(exc.msg)}.", line=exc.lineno) from None

    def expect(self, pos: int, chars: str) -> int:
        pos = _skip_space(self.text, pos)
        if pos >= len(self.text) or self.text[pos] not in chars:
            found = repr(self.text[pos]) if pos < len(self.text) else "akhir file"
            pos = min(pos, len(self.text.rstrip()))
            raise _FileError(
                f"JSON tidak sah: diharapkan {' atau '.join(repr(c) for c in chars)}, "
                f"ditemukan {found}.",
                line=self.line_at(pos),
            )
        return pos

    def records(self) -> Iterator[tuple[int, Any]]:
        pos = _skip_space(self.text, 0)
        if pos >= len(self.text):
            raise _FileError("file kosong.")
        if self.text[pos] == "[":
            yield from self._array(pos)
            end = _skip_space(self.text, self._end)
        elif self.text[pos] == "{":
            end = yield from self._object(pos)
        else:
            raise _FileError(
                "JSON harus berupa daftar kunjungan atau objek dengan 'kunjungan'.", line=1
            )
        if end < len(self.text):
            raise _FileError("JSON tidak sah: ada data sesudah akhir dokumen.", self.line_at(end))

    def _array(self, pos: int) -> Iterator[tuple[int, Any]]:
        pos = _skip_space(self.text, pos + 1)
        if self.text.startswith("]", pos):
            self._end = pos + 1
            return
        while True:
            pos = _skip_space(self.text, pos)
            line = self.line_at(pos)
            item, pos = self.value(pos)
            yield line, item
            pos = self.expect(pos, ",]")
            if self.text[pos] == "]":
                self._end = pos + 1
                return
            pos += 1

    def _object(self, pos: int) -> Iterator[tuple[int, Any]]:
        pos += 1
        found = False
        while True:
            pos = self.expect(pos, '"}')
            if self.text[pos] == "}":
                break
            key, pos = self.value(pos)
            pos = self.expect(pos, ":") + 1
            pos = _skip_space(self.text, pos)
            if key == JSON_LIST_KEY and self.text.startswith("[", pos):
                found = True
                yield from self._array(pos)
                pos = self._end
            else:
                value, pos = self.value(pos)
                if key == SCHEMA_KEY:
                    _check_schema(value)
            pos = self.expect(pos, ",}")
            if self.text[pos] == "}":
                break
            pos += 1
        if not found:
            raise _FileError(f"objek JSON tidak berisi daftar '{JSON_LIST_KEY}'.", line=1)
        return _skip_space(self.text, pos + 1)


def _json_item(report: FileReport, line: int, item: Any) -> None:
    if not isinstance(item, dict):
        report.rows += 1
        report.error(line, "bukan data kunjungan (harus objek JSON {...}).")
        return
    _check_schema(item.get(SCHEMA_KEY))
    _accept(report, line, item)  # validate_record reads only the record's own fields


# json's messages (JSONDecodeError.msg), by how they begin, in words a Koramil operator reads.
_JSON_REASONS = (
    ("Expecting value", "ada nilai yang hilang atau salah tulis"),
    ("Unterminated string", "teks dalam tanda kutip tidak ditutup (baris terpotong?)"),
    ("Expecting ',' delimiter", "kurang tanda koma"),
    ("Expecting ':' delimiter", "kurang tanda titik dua"),
    ("Expecting property name", "nama kolom harus ditulis dalam tanda kutip ganda"),
    ("Extra data", "ada data sesudah akhir objek"),
    ("Invalid control character", "ada karakter kendali di dalam teks"),
    ("Invalid \\", "tanda \\ di dalam teks tidak sah"),
)


def json_reason(message: str) -> str:
    for english, indonesian in _JSON_REASONS:
        if message.startswith(english):
            return indonesian
    return "isi tidak bisa dibaca"


def _read_text(path: Path) -> str:
    blob = path.read_bytes()
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = blob.count(b"\n", 0, exc.start) + 1
        raise _FileError("bukan teks UTF-8.", line=line) from None


@IMPORT.register(Format("json", suffixes=(".json",)))
def _read_json(path: Path, report: FileReport, progress: Progress | None) -> None:
    text = _read_text(path)
    total = len(text)
    scanner = _JsonScanner(text)
    for count, (line, item) in enumerate(scanner.records(), start=1):
        _json_item(report, line, item)
        if progress and count % _PROGRESS_EVERY == 0:
            progress(scanner.counted, total)
    if progress:
        progress(total, total)


_scan_value = json.JSONDecoder().scan_once


def _json_line(text: str) -> Any:
    """``json.loads(text)`` for one line of JSON Lines, without most of its per-call work.

    The C scanner json.loads runs, called directly; any line it does not take whole (leading
    space, something after the value, an error) goes to json.loads itself, so the result and
    every error message are json.loads's own.
    """
    try:
        value, end = _scan_value(text, 0)
    except (StopIteration, ValueError):
        return json.loads(text)
    if end != len(text) and text[end:].strip(_JSON_SPACE):
        return json.loads(text)
    return value


_JSON_SPACE = " \t\n\r"  # the only whitespace JSON allows (str.isspace() knows many more)


@IMPORT.register(Format("jsonl", aliases=("ndjson",), suffixes=(".jsonl", ".ndjson")))
def _read_jsonl(path: Path, report: FileReport, progress: Progress | None) -> None:
    total = path.stat().st_size
    helper = _JsonlHelper.start(path, total)
    stop = helper.begin if helper else total
    try:
        with open(path, "rb") as raw:
            tell = (lambda: progress(raw.tell(), total)) if progress else None
            lines = _jsonl_lines(report, _lines_until(raw, stop), first_line=1, progress=tell)
            if helper is None or not helper.finish(report, lines_before=lines):
                # No helper, or it failed: this process reads the rest itself.
                raw.seek(stop)
                _jsonl_lines(report, _lines_until(raw), first_line=lines + 1, progress=tell)
    finally:
        if helper:
            helper.stop()
    if progress:
        progress(total, total)


# A visit is a few kB (its texts are at most 2,000 characters each): a longer line is not
# one, and is skipped as it is read, never held whole (a 50 MB line took 930 MB to refuse).
JSONL_LINE_LIMIT = 2 << 20


def _lines_until(handle: Any, stop: int | None = None) -> Iterator[bytes | None]:
    """The lines of ``handle`` from where it is up to byte ``stop`` (the start of a line; None:
    the end). A line longer than ``JSONL_LINE_LIMIT`` is skipped and given as None."""
    done = handle.tell()
    while stop is None or done < stop:
        blob = handle.readline(JSONL_LINE_LIMIT + 1)
        if not blob:
            return
        done += len(blob)
        if len(blob) > JSONL_LINE_LIMIT and not blob.endswith(b"\n"):
            while blob and not blob.endswith(b"\n"):
                blob = handle.readline(1 << 20)
                done += len(blob)
            yield None
            continue
        yield blob


def _jsonl_lines(
    report: FileReport,
    lines: Iterable[bytes | None],
    *,
    first_line: int,
    at_file_start: bool = True,
    progress: Callable[[], None] | None = None,
) -> int:
    """Read JSON Lines into ``report``, numbering them from ``first_line`` (a BOM is skipped on
    the file's first line). Returns the number of the last line read."""
    line_number = first_line - 1
    for line_number, blob in enumerate(lines, start=first_line):
        if blob is None:
            report.rows += 1
            report.error(
                line_number,
                f"baris lebih dari {JSONL_LINE_LIMIT >> 20} MB; satu kunjungan tidak pernah "
                "sepanjang itu.",
            )
            continue
        if line_number == 1 and at_file_start and blob.startswith(b"\xef\xbb\xbf"):
            blob = blob[3:]
        if not blob.strip():
            continue
        try:
            item = _json_line(blob.decode("utf-8").rstrip("\r\n"))
        except UnicodeDecodeError:
            raise _FileError("bukan teks UTF-8.", line=line_number) from None
        except json.JSONDecodeError as exc:
            report.rows += 1
            report.error(line_number, f"JSON tidak sah: {json_reason(exc.msg)}.")
            continue
        except RecursionError:
            report.rows += 1
            report.error(line_number, f"JSON tidak sah: {_TOO_DEEP}.")
            continue
        _json_item(report, line_number, item)
        if progress and line_number % _PROGRESS_EVERY == 0:
            progress()
    return line_number


# --- JSON Lines in two processes ---------------------------------------------------------------
#
# Parsing and checking a visit costs about 30 us of Python, most of the import of a Kodim's
# 100,000 visits. On a machine with a second core, a helper process (another Python running
# ``_helper_main``) reads the second half of a big JSON Lines file while this one reads
# the first, and hands its records back pickled through a pipe. Whatever goes wrong with the
# helper (it cannot start, it dies, its answer does not unpickle), this process reads that
# half itself: the result is the same either way, only slower.

PARALLEL_MIN_BYTES = 8 << 20  # below this, starting a second Python costs more than it saves
_HELPER_SHARE = 0.45  # of the file; the helper also starts Python and pickles its records


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# The helper imports komsos from exactly where this process did: `python -m` or `-c` would put
# the current folder first on sys.path, and a csv.py or komsos_cli/ there would run instead.
_HELPER_CODE = (
    "import sys; sys.path[:] = sys.argv[1].split('\\n'); "
    "from komsos_cli.importers import _helper_main; _helper_main(sys.argv[2], int(sys.argv[3]))"
)


class _JsonlHelper:
    def __init__(self, process: subprocess.Popen, begin: int):
        self.process = process
        self.begin = begin

    @classmethod
    def start(cls, path: Path, total: int) -> _JsonlHelper | None:
        if total < PARALLEL_MIN_BYTES or _cores() < 2:
            return None
        with open(path, "rb") as handle:
            handle.seek(int(total * (1 - _HELPER_SHARE)))
            handle.readline()  # to the start of the next line
            begin = handle.tell()
        if begin >= total:
            return None
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _HELPER_CODE, "\n".join(sys.path), str(path), str(begin)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return None
        return cls(process, begin)

    def finish(self, report: FileReport, *, lines_before: int) -> bool:
        """Add the helper's half to ``report``; False when it failed (nothing added)."""
        try:
            answer, _ = self.process.communicate()
            if self.process.returncode != 0:
                return False
            result = pickle.loads(answer)
        except Exception:  # noqa: BLE001 - any failure of the helper means: read it here
            return False
        if result[0] == "file":
            _, rows, line, message = result
            report.rows += rows  # counted up to the error, as one process counts them
            raise _FileError(message, line=line + lines_before if line else 0)
        _, rows, records, errors = result
        report.rows += rows
        report.records.extend(records)
        for line, message in errors:
            report.error(line + lines_before, message)
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def _helper_main(path: str, begin: int) -> None:
    """The helper: read the lines of ``path`` from byte ``begin``; pickle the result to stdout.

    Line numbers are counted from ``begin`` (its first line is 1); the caller adds its own.
    """
    report = FileReport(Path(path))
    try:
        with open(path, "rb") as handle:
            handle.seek(begin)
            _jsonl_lines(report, _lines_until(handle), first_line=1, at_file_start=begin == 0)
        errors = [(e.line, e.message) for e in report.errors]
        result: tuple = ("ok", report.rows, report.records, errors)
    except _FileError as exc:
        result = ("file", report.rows, exc.line, exc.message)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


# xlsxwriter writes a control character as ``_xHHHH_`` (the OOXML escape); openpyxl leaves it so.
_XLSX_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f])_")


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str) and "_x" in value:
        return _XLSX_CONTROL.sub(lambda m: chr(int(m[1], 16)), value)
    return value


def _guarded_by_quote_prefix(workbook: Any) -> bool:
    """True for a workbook whose cells hold texts unchanged (exporters.XLSX_GUARD_PROPERTY)."""
    name, value = XLSX_GUARD_PROPERTY
    try:
        props = workbook.custom_doc_props.props
    except AttributeError:  # an openpyxl older than 3.1 does not read custom properties
        return False
    return any(p.name == name and p.value == value for p in props)


@IMPORT.register(Format("xlsx", aliases=("excel",), suffixes=(".xlsx", ".xlsm")))
def _read_xlsx(path: Path, report: FileReport, progress: Progress | None) -> None:
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            f"{path.name}: membaca file .xlsx memerlukan paket openpyxl "
            "(pasang dengan: pip install openpyxl), atau impor ekspor CSV/JSON."
        ) from None
    _refuse_xlsx_bomb(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zipfile, XML, KeyError) for a bad file
        raise _FileError(_XLSX_BROKEN) from None
    try:
        _read_sheet(workbook, report, progress)
    except _FileError:
        raise
    except Exception:  # a sheet whose XML breaks half way: the same kinds as above
        raise _FileError(_XLSX_BROKEN) from None
    finally:
        workbook.close()


_XLSX_BROKEN = (
    "file .xlsx tidak bisa dibaca: rusak, terpotong saat dikirim, atau bukan buku kerja "
    "Excel. Minta file itu dikirim ulang."
)
# No export komsos writes comes near these; a "zip bomb" (a small file that unpacks to
# gigabytes) does. The sizes are those the zip declares, which zipfile holds every member to.
XLSX_MEMBER_LIMIT = 1 << 30  # bytes unpacked, any one part
XLSX_TOTAL_LIMIT = 2 << 30  # bytes unpacked, the whole workbook
XLSX_RATIO_LIMIT = 100  # unpacked / packed, for a part over 16 MB (real sheets: about 10)


def _refuse_xlsx_bomb(path: Path) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _FileError(_XLSX_BROKEN) from None
    total = 0
    for member in members:
        total += member.file_size
        packed = max(member.compress_size, 1)
        too_dense = member.file_size > (16 << 20) and member.file_size / packed > XLSX_RATIO_LIMIT
        if member.file_size > XLSX_MEMBER_LIMIT or too_dense or total > XLSX_TOTAL_LIMIT:
            raise _FileError(
                f"file .xlsx ini mengembang menjadi {member.file_size // (1 << 20)} MB "
                f"({member.filename}) saat dibuka; ekspor komsos tidak pernah sebesar itu. "
                "File ditolak tanpa dibuka."
            )


def _read_sheet(workbook: Any, report: FileReport, progress: Progress | None) -> None:
    sheet = workbook["Kunjungan"] if "Kunjungan" in workbook.sheetnames else workbook.worksheets[0]
    total = sheet.max_row or 0
    # The <dimension> tag is only a claim (400 of 500 rows were cut by one that said
    # fewer): forget it, and read every row there is.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise _FileError("lembar kerja kosong.")
    table = _Table(list(header), report, escaped=not _guarded_by_quote_prefix(workbook))
    for line, cells in enumerate(rows, start=2):
        raw_record = table.record([_xlsx_cell(c) for c in cells], report, line)
        if raw_record is not None:
            _accept(report, line, raw_record)
        if progress and line % _PROGRESS_EVERY == 0:
            progress(line, max(total, line))
    if progress:
        progress(max(total, 1), max(total, 1))


@IMPORT.register(Format("komsos", suffixes=(".komsos",), description="file kirim komsos"))
def _read_send(path: Path, report: FileReport, progress: Progress | None) -> None:
    """A send file: verified whole (``sendfile.open_send``) before any of it counts."""
    from komsos_cli.sendfile import SendFileError, open_send

    try:
        package = open_send(path, report.password)
    except SendFileError as exc:
        raise _FileError(exc.reason) from None
    report.package = package
    report.rows = len(package.records)
    report.records = list(package.records)
    if progress:
        progress(1, 1)


def read_file(
    path: str | Path, progress: Progress | None = None, *, password: str | None = None
) -> FileReport:
    """Read and validate one export file. Never raises for bad content: see ``report.errors``.

    ``password``: for an encrypted send file (``.komsos``)."""
    path = Path(path)
    report = FileReport(path, password=password)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise InputError(f"File tidak ditemukan: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} adalah folder, bukan file.") from None
    except OSError as exc:
        raise InputError(f"File {path} tidak bisa dibaca: {os_reason(exc)}.") from None
    report.format = detect_format(path, head)
    if report.format != "komsos" and not head.strip() and len(head) < 4096:
        # An export of a month without visits (JSON Lines writes nothing at all): nothing to
        # import, and no reason to refuse the other files of the same import.
        report.warnings.append(f"{path.name} kosong: tidak ada kunjungan di dalamnya.")
        return report
    try:
        IMPORT.impl(report.format)(path, report, progress)
    except _FileError as exc:
        # The file as a whole cannot be trusted: that is its one error, and nothing comes from it.
        report.records.clear()
        report.errors = [RowError(path, exc.line, exc.message, whole_file=True)]
    except UnicodeDecodeError:
        report.records.clear()
        report.errors = [
            RowError(path, 0, "bukan teks UTF-8 maupun Windows-1252.", whole_file=True)
        ]
    except RecursionError:
        report.records.clear()
        report.errors = [RowError(path, 0, f"{_TOO_DEEP}.", whole_file=True)]
    return report


_TOO_DEEP = "isinya bersarang terlalu dalam; ekspor komsos tidak pernah seperti itu"


# --- into the database ------------------------------------------------------------------------


@dataclass
class SendResult:
    """What the send files of an import add besides visits."""

    photos_new: int = 0
    photos_known: int = 0
    profiles: list[tuple[str, str]] = field(default_factory=list)  # (sender, "baru"/...)


def merge_records(  # type: ignore[no-untyped-def]
    store: Any,
    records: list[dict[str, Any]],
    *,
    dry_run: bool = False,
    packages: Iterable[Any] = (),
):
    """Merge validated records into the store: one backup and one write, or none for a dry run.

    ``records`` is emptied on the way (the merge keeps its own copies; each of ours is let go as
    soon as it is copied). ``packages``: verified send files, whose photos are stored under
    their hashes (before the database is written, so that no visit points at a photo not yet
    there) and whose senders' profiles are kept in the office's table. Returns the storage's
    ``MergeResult`` (added, updated, unchanged) with ``.send`` (a ``SendResult``).
    """
    packages = list(packages)
    if dry_run:
        # The same merge on the read-only view: it changes only the copy in memory.
        with store.read() as db:
            result = db.merge(_drain(records), validated=True)
            result.send = _keep_sends(db, store.path, packages, dry_run=True)
            return result
    with store.write(backup="impor") as db:
        result = db.merge(_drain(records), validated=True)
        result.send = _keep_sends(db, store.path, packages, dry_run=False)
        return result


def _keep_sends(db: Any, db_path: Path, packages: list[Any], *, dry_run: bool) -> SendResult:
    from komsos_cli.sendfile import store_photos

    outcome = SendResult()
    for package in packages:
        new, known = store_photos(package, db_path, dry_run=dry_run)
        outcome.photos_new += new
        outcome.photos_known += known
        outcome.profiles.append((package.sender, db.keep_office_profile(package.profile)))
    return outcome


def _drain(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    records.reverse()
    while records:
        yield records.pop()
