"""`komsos export`: the bytes of the CSV, the workbook, JSON and JSON Lines, filters, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime

import pytest
from exchange_support import fill

from komsos_cli.exporters import HEADERS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def db(tmp_path, komsos):
    path = tmp_path / "babinsa.json"
    fill(komsos, path, photos=tmp_path / "foto")
    return path


def read_csv(blob: bytes, delimiter: str = ";") -> list[list[str]]:
    text = blob.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_csv_for_excel_bom_semicolon_crlf_fixed_headers(komsos, db, tmp_path):
    out = tmp_path / "januari.csv"
    result = komsos("--db", db, "export", "--month", "2023-01", "--output", out)
    assert "2 kunjungan diekspor" in result.stdout
    blob = out.read_bytes()
    assert blob.startswith(
        b'\xef\xbb\xbf"No";"Tanggal";"Hari";"Waktu";"Pangkat";"Nama Babinsa";"NRP";'
    )
    assert blob.endswith(b"\r\n")
    # Every line ends in CRLF; no bare LF anywhere (no cell holds a line break here).
    assert blob.count(b"\n") == blob.count(b"\r\n") == 3
    rows = read_csv(blob)
    assert tuple(rows[0]) == HEADERS and rows[0][-1] == "UUID"
    assert all(len(row) == len(HEADERS) for row in rows)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["No"] == "1" and first["Tanggal"] == "2023-01-16" and first["Hari"] == "Senin"
    assert first["RT"] == "03" and first["RW"] == "12" and first["NRP"] == "21100123"
    assert first["Nama Warga"] == "Ma'ruf"
    assert first["Pendamping"] == "Kopda Dede Herman; Bripka Slamet"
    # A ';' inside a cell is quoted (RFC 4180), quotes doubled.
    assert b'"\'@Semua warga; mari jaga ""kebersihan"", ya"' in blob
    assert dict(zip(rows[0], rows[2], strict=True))["Hari"] == "Jumat"


def test_csv_cells_that_excel_would_run_are_neutralised(komsos, db):
    blob = komsos("--db", db, "export", "--month", "2023-01").stdout_bytes
    rows = read_csv(blob)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Keterangan"] == '\'=HYPERLINK("http://contoh.invalid","klik")'
    assert first["Topik"].startswith("'-5 persen")
    assert first["Kutipan Babinsa"].startswith("'@Semua")
    assert first["Harapan"].startswith("'+62")
    # Already quoted text gets one more quote, so that import can undo exactly one.
    assert first["Kutipan Warga"] == "''=sudah dikutip' kata warga"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell


def test_comma_delimiter_and_stdout(komsos, db):
    result = komsos("--db", db, "export", "--delimiter", ",", "--month", "2023-01")
    blob = result.stdout_bytes
    assert blob.startswith(b'\xef\xbb\xbf"No","Tanggal","Hari",')
    rows = read_csv(blob, ",")
    assert len(rows) == 3 and all(len(r) == len(HEADERS) for r in rows)


def test_filters_of_list_apply(komsos, db):
    rows = read_csv(komsos("--db", db, "export", "--desa", "Blimbing").stdout_bytes)
    assert [r[HEADERS.index("Desa/Kelurahan")] for r in rows[1:]] == ["Blimbing"]
    rows = read_csv(komsos("--db", db, "export", "--tema", "kamtibmas").stdout_bytes)
    assert [r[HEADERS.index("Tema")] for r in rows[1:]] == ["kamtibmas"]
    rows = read_csv(komsos("--db", db, "export", "--search", "pupuk").stdout_bytes)
    assert len(rows) == 2
    rows = read_csv(komsos("--db", db, "export", "--from", "2023-01-17").stdout_bytes)
    assert [r[1] for r in rows[1:]] == ["2023-01-20", "2023-02-02"]


def test_jsonl_one_full_record_per_line(komsos, db):
    visits = {v["uuid"]: v for v in komsos.json("--db", db, "list")}
    lines = komsos("--db", db, "export", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 3
    for line in lines:
        record = json.loads(line)
        assert record.pop("schema_version") == 1
        assert record == visits[record["uuid"]]
    first = json.loads(lines[0])
    assert first["keterangan"].startswith("=HYPERLINK")  # JSON is data, not a spreadsheet
    assert first["umur"] == 52 and first["pendamping"] == ["Kopda Dede Herman", "Bripka Slamet"]


def test_json_object_with_schema_version_and_list(komsos, db, tmp_path):
    out = tmp_path / "semua.json"
    komsos("--db", db, "export", "--output", out)  # format from the file's extension
    data = json.loads(out.read_text("utf-8"))
    assert data["schema_version"] == 1 and data["aplikasi"] == "komsos"
    assert [v["tanggal"] for v in data["kunjungan"]] == ["2023-01-16", "2023-01-20", "2023-02-02"]
    empty = json.loads(komsos("--db", db, "export", "-f", "json", "--month", "2020-01").stdout)
    assert empty["kunjungan"] == []


def test_xlsx_read_back_with_openpyxl(komsos, db, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "kunjungan.xlsx"
    komsos("--db", db, "export", "--output", out)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sheet.title == "Kunjungan"
    assert sheet.freeze_panes == "D2"
    last = openpyxl.utils.get_column_letter(len(HEADERS))
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    assert tuple(c.value for c in sheet[1]) == HEADERS
    row = {h: c for h, c in zip(HEADERS, sheet[2], strict=True)}
    assert row["RT"].value == "03" and row["RT"].data_type == "s"
    assert row["RT"].number_format == "@"
    assert row["NRP"].value == "21100123" and row["NRP"].data_type == "s"
    assert row["Tanggal"].value == datetime(2023, 1, 16) and row["Hari"].value == "Senin"
    assert row["Tanggal"].number_format == "dd/mm/yyyy"  # a real date, shown the Indonesian way
    # The text exactly as recorded, guarded by Excel's own invisible apostrophe (quotePrefix),
    # not by a visible one.
    assert row["Keterangan"].value == '=HYPERLINK("http://contoh.invalid","klik")'
    assert row["Keterangan"].data_type == "s" and row["Keterangan"].quotePrefix
    assert row["Topik"].value == "-5 persen harga pupuk dibahas bersama warga"
    assert row["Kutipan Warga"].value == "'=sudah dikutip' kata warga"
    assert row["Nama Warga"].value == "Ma'ruf" and not row["Nama Warga"].quotePrefix
    assert row["Umur"].value == 52 and row["No"].value == 1
    assert sheet.column_dimensions["AB"].width > sheet.column_dimensions["T"].width
    guarded = 0
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START + ("'",)):
                assert cell.quotePrefix and cell.data_type == "s", cell.coordinate
                guarded += 1
    assert guarded == 5  # keterangan, topik, kutipan, kutipan warga, harapan
    assert ("komsos_pengaman_rumus", "quote_prefix") in {
        (p.name, p.value) for p in book.custom_doc_props.props
    }


def test_xlsx_refuses_a_terminal_but_goes_through_a_pipe(db, tmp_path):
    env = {**os.environ, "KOMSOS_DB": str(db)}
    command = [sys.executable, "-m", "komsos_cli", "export", "--format", "xlsx"]
    import pty

    master, slave = pty.openpty()
    try:
        run = subprocess.run(command, stdout=slave, stderr=subprocess.PIPE, env=env, timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    assert run.returncode == 2
    assert "--output" in run.stderr.decode() and "biner" in run.stderr.decode()

    piped = subprocess.run(command, capture_output=True, env=env, timeout=60)
    assert piped.returncode == 0
    with zipfile.ZipFile(io.BytesIO(piped.stdout)) as book:
        assert "xl/worksheets/sheet1.xml" in book.namelist()


def test_output_replaces_the_file_whole(komsos, db, tmp_path):
    out = tmp_path / "rekap.csv"
    out.write_text("isi lama", "utf-8")
    komsos("--db", db, "export", "--output", out, code=2)  # an existing file: --force
    komsos("--db", db, "export", "--output", out, "--force")
    assert out.read_bytes().startswith(b'\xef\xbb\xbf"No";')
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "args, name, message",
    [
        (["--format", "pdf"], "x.csv", "Format 'pdf' tidak dikenal"),
        (["--format", "json", "--delimiter", ","], "x.json", "--delimiter hanya berlaku"),
        (["--delimiter", "|"], "x.csv", "Pemisah '|' tidak dikenal"),
        (["--month", "2023-13"], "x.csv", "Bulan '2023-13' tidak dikenali"),
        (["--month", "2023-01", "--from", "2023-01-01"], "x.csv", "jangan keduanya"),
        (["--kegiatan", "ngopi"], "x.csv", "Kegiatan 'ngopi' tidak dikenal"),
        # The file name and the format must agree: CSV in a .pdf or .xlsx opens as garbage.
        (
            [],
            "out.pdf",
            "Akhiran .pdf pada --output out.pdf tidak dikenal. Akhiran yang dikenal: "
            ".csv, .tsv, .txt (csv); .jsonl, .ndjson (jsonl); .json (json); .xlsx (xlsx).",
        ),
        (
            ["-f", "csv"],
            "exp.xlsx",
            "--output exp.xlsx berakhiran .xlsx (format xlsx), tetapi "
            "--format csv. Samakan keduanya: --output exp.csv, atau --format xlsx.",
        ),
        (["-f", "xlsx"], "exp.csv", "--format xlsx. Samakan keduanya: --output exp.xlsx"),
        (["-f", "json"], "exp.jsonl", "berakhiran .jsonl (format jsonl), tetapi --format json"),
        (["-f", "ndjson"], "EXP.JSON", "berakhiran .json (format json), tetapi --format jsonl"),
    ],
)
def test_user_mistakes_exit_2_in_indonesian(komsos, db, tmp_path, args, name, message):
    out = tmp_path / name
    result = komsos("--db", db, "export", *args, "--output", out, code=2)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "args, name, start",
    [
        (["-f", "jsonl"], "kunjungan.dat", b'{"schema_version":1,'),  # explicit: any ending
        (["-f", "excel"], "kunjungan.XLSX", b"PK\x03\x04"),
        ([], "kunjungan.ndjson", b'{"schema_version":1,'),
        ([], "kunjungan", b'\xef\xbb\xbf"No";"Tanggal";'),  # no ending: CSV, the default
        ([], "kunjungan.txt", b'\xef\xbb\xbf"No";"Tanggal";'),
        ([], "kunjungan.tsv", b'\xef\xbb\xbf"No"\t"Tanggal"\t'),  # .tsv: tabs between cells
        (["--delimiter", ","], "kunjungan.tsv", b'\xef\xbb\xbf"No","Tanggal",'),
    ],
)
def test_output_name_and_format_that_agree(komsos, db, tmp_path, args, name, start):
    out = tmp_path / name
    komsos("--db", db, "export", *args, "--output", out)
    assert out.read_bytes().startswith(start)


def test_export_alias_ekspor(komsos, db):
    assert komsos("--db", db, "ekspor", "-f", "jsonl").stdout.count("\n") == 3
