"""Issue 11, "nobody in": control characters, CSV quoting, XLSX rows and bombs, and inputs that
used to end in "kesalahan yang tidak terduga"."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from komsos_cli.exporters import neutralise, restore
from komsos_cli.models import collapse

CONTROLS = "\x00\x07\x1b]0;judul\x07\x1b[2J\x7f\x9b\u202e"


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _exported(komsos, fmt: str = "jsonl") -> list[dict]:
    return [json.loads(line) for line in komsos("export", "--format", fmt).stdout.splitlines()]


# --- item 13: control characters ------------------------------------------------------------


def test_control_characters_from_an_import_are_not_stored(komsos, add_sample, tmp_path):
    add_sample()
    (record,) = _exported(komsos)
    record.update(
        uuid="11111111-2222-4333-8444-555555555555",
        warga=f"Har{CONTROLS}janto",
        topik=f"\x00=1+1 {CONTROLS}memberikan\tmotivasi\nwarga",
        kutipan="\x1b]2;diretas\x07Kami siap membantu",
    )
    komsos("import", _jsonl(tmp_path / "kiriman.jsonl", [record]))
    stored = komsos.json("show", "11111111")
    text = json.dumps(stored, ensure_ascii=False)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", text)
    assert stored["warga"] == "Har]0;judul[2Jjanto"
    assert stored["topik"].startswith("=1+1 ") and "motivasi warga" in stored["topik"]
    shown = komsos("show", "11111111").stdout
    assert "\x1b" not in shown and "\x07" not in shown


def test_control_characters_typed_as_flags_are_dropped(komsos, sample_args):
    out = komsos.json("add", "--no-input", *sample_args, "--catatan", "ada\x00\x1b[31m merah")
    assert out["catatan"] == "ada[31m merah"


def test_collapse_keeps_ordinary_text_and_drops_controls():
    assert collapse("  Pak\tHarjanto\n ") == "Pak Harjanto"
    assert collapse("a \x00 b") == "a b"
    assert collapse("\u202eotnajraH") == "otnajraH"
    assert collapse("Ma'ruf Ñoño 🙂") == "Ma'ruf Ñoño 🙂"


@pytest.mark.parametrize(
    "cell", ["\x00=1+1", " =1+1", "\x1b@SUM(A1)", " \t-2", "\x00\x00+HYPERLINK(x)", "'\x00=1"]
)
def test_the_formula_guard_looks_past_leading_controls_and_spaces(cell):
    guarded = neutralise(cell)
    assert guarded.startswith("'") and restore(guarded) == cell


def test_a_nul_prefixed_formula_in_an_old_database_is_guarded_in_csv(komsos, add_sample, db_path):
    add_sample()
    data = json.loads(db_path.read_bytes())
    data["kunjungan"]["1"]["topik"] = "\x00=1+1"  # written by an older komsos, or by hand
    db_path.write_text(json.dumps(data))
    text = komsos("export").stdout
    row = next(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"), None)
    assert row is not None
    cells = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))[1]
    assert "'\x00=1+1" in cells


# --- item 14: every CSV text cell quoted ------------------------------------------------------


@pytest.mark.parametrize("delimiter, other", [(";", ","), (",", ";")])
def test_every_csv_cell_is_quoted_so_the_other_separator_is_inside_quotes(
    komsos, sample_args, delimiter, other
):
    note = f"lihat{other}=HYPERLINK(1){other}-2"
    komsos("add", "--no-input", *sample_args, "--catatan", note)
    text = komsos("export", "--delimiter", delimiter).stdout.lstrip("\ufeff")
    header, row = text.splitlines()
    for line in (header, row):
        # No cell is left bare: the other separator only ever appears inside quotes.
        assert line.startswith('"') and line.endswith('"')
        assert line.count('"' + delimiter + '"') == line.count(delimiter)
    (cells,) = list(csv.reader(io.StringIO(row), delimiter=delimiter))
    assert note in cells


def test_the_recap_csv_quotes_its_text_cells(komsos, add_sample):
    add_sample()
    text = komsos("rekap", "--month", "2023-01", "--format", "csv").stdout.lstrip("\ufeff")
    first = text.splitlines()[0]
    assert first == '"Bagian";"Nama";"Jumlah";"Persen"'


# --- item 15: XLSX rows past the <dimension> tag --------------------------------------------


def _rewrite_member(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            out.writestr(info, change(data) if info.filename == name else data)


def test_an_xlsx_whose_dimension_understates_its_rows_is_read_whole(komsos, sample_args, tmp_path):
    for i in range(30):
        komsos("add", "--no-input", *sample_args, "--warga", f"Warga {i}")
    book = tmp_path / "kunjungan.xlsx"
    komsos("export", "-o", book)
    _rewrite_member(
        book,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:AK6"/>', xml),
    )
    assert openpyxl.load_workbook(book, read_only=True).active.max_row == 6  # the claim
    other = tmp_path / "lain.json"
    result = komsos("--db", other, "import", book)
    assert "ditambahkan 30" in result.stdout


# --- item 16: decompression bombs --------------------------------------------------------------


def test_an_xlsx_that_unpacks_to_hundreds_of_megabytes_is_refused_unopened(komsos, tmp_path):
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        with out.open("xl/sharedStrings.xml", "w") as member:
            chunk = b"a" * (1 << 20)
            for _ in range(200):
                member.write(chunk)
    assert bomb.stat().st_size < 2 << 20
    result = komsos("import", bomb, code=2)
    assert "mengembang menjadi 200 MB" in result.stderr


# --- item 18: inputs that reached "kesalahan yang tidak terduga" -----------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--month", "9999-12"],
        ["list", "--month", "0000-01"],
        ["export", "--month", "9999-12"],
        ["rekap", "--month", "0000-01"],
        ["rekap", "--month", "9999-12"],
        ["rekap", "--from", "2023-01-01", "--to", "9999-12-31"],
    ],
)
def test_months_and_periods_past_the_calendar_are_usage_errors(komsos, add_sample, args):
    add_sample()
    result = komsos(*args, code=2)
    assert "di luar rentang" in result.stderr and "tidak terduga" not in result.stderr


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_nested_100000_deep_is_refused_on_import(komsos, tmp_path, suffix):
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / f"dalam{suffix}"
    path.write_text(deep if suffix == ".json" else '{"a":' + deep + "}\n")
    result = komsos("import", path, code=2)
    assert "bersarang terlalu dalam" in result.stderr and "tidak terduga" not in result.stderr


def test_a_database_nested_100000_deep_is_called_damaged(komsos, db_path):
    db_path.write_text('{"kunjungan":' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}")
    result = komsos("list", code=1)
    assert "bersarang terlalu dalam" in result.stderr and "tidak terduga" not in result.stderr


def test_a_broken_sheet_inside_an_xlsx_is_explained(komsos, add_sample, tmp_path):
    add_sample()
    book = tmp_path / "rusak.xlsx"
    komsos("export", "-o", book)
    _rewrite_member(book, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    result = komsos("--db", tmp_path / "lain.json", "import", book, code=2)
    assert "tidak bisa dibaca" in result.stderr and "tidak terduga" not in result.stderr


def test_restore_of_an_export_or_a_future_database_is_refused(
    komsos, add_sample, db_path, tmp_path
):
    add_sample()
    before = db_path.read_bytes()
    for fmt in ("json", "jsonl"):
        export = tmp_path / f"ekspor.{fmt}"
        komsos("export", "-o", export)
        result = komsos("restore", export, "--yes", code=2)
        assert "file ekspor komsos" in result.stderr and "komsos import" in result.stderr
    future = tmp_path / "baru.json"
    data = json.loads(before)
    data["_meta"]["1"]["schema_version"] = 99
    future.write_text(json.dumps(data))
    assert "lebih baru" in komsos("restore", future, "--yes", code=2).stderr
    assert db_path.read_bytes() == before


def test_a_50_mb_jsonl_line_is_refused_without_reading_it_whole(komsos, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "panjang.jsonl"
    with path.open("w") as out:
        out.write('{"schema_version":1,"uuid":"' + "a" * 50_000_000 + '"}\n')
    # The peak of this one child: a wrapper process runs it and reads RUSAGE_CHILDREN, which in
    # the test process itself would also count every earlier child (a browser, an import...).
    wrapper = (
        "import resource, subprocess, sys\n"
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)\n"
        "sys.stderr.write(run.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(run.returncode)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "komsos_cli", "import", str(path)],
        capture_output=True, text=True, timeout=150,
    )  # fmt: skip
    assert run.returncode == 2 and "lebih dari 2 MB" in run.stderr
    peak_mb = int(run.stdout.split()[-1]) / 1024
    assert peak_mb < 300, peak_mb


# --- the smaller ones ------------------------------------------------------------------------


def test_a_timed_out_no_input_add_prints_the_line_to_run_again(
    komsos, add_sample, sample_args, db_path, monkeypatch
):
    from filelock import FileLock

    from komsos_cli.storage import Store

    add_sample()
    monkeypatch.setenv("KOMSOS_LOCK_TIMEOUT", "0.2")
    with FileLock(str(Store(db_path).lock_path)):
        result = komsos("add", "--no-input", *sample_args, "--warga", "Menunggu", code=1)
    assert "sedang dipakai" in result.stderr and "jalankan lagi" in result.stderr
    line = result.stderr.strip().splitlines()[-1].strip()
    assert line.startswith("komsos add") and "Menunggu" in line
    import shlex

    komsos(*shlex.split(line)[1:])  # the line as printed stores the visit
    assert [v["warga"] for v in komsos.json("list")] == ["Harjanto", "Menunggu"]


def test_the_export_message_names_the_separator_used(komsos, add_sample, tmp_path):
    add_sample()
    out = komsos("export", "--delimiter", ",", "-o", tmp_path / "k.csv").stdout
    assert "pemisah ','" in out
    out = komsos("export", "--delimiter", "tab", "-o", tmp_path / "k.tsv").stdout
    assert "pemisah tab" in out
    assert "pemisah ';'" in komsos("export", "-o", tmp_path / "t.csv").stdout


def test_a_utf16_csv_is_read(komsos, add_sample, tmp_path):
    add_sample()
    text = komsos("export").stdout.lstrip("\ufeff")
    path = tmp_path / "unicode.csv"
    path.write_bytes(text.encode("utf-16"))  # with its BOM, as Excel's "Unicode Text" writes
    result = komsos("--db", tmp_path / "lain.json", "import", path)
    assert "ditambahkan 1" in result.stdout


def test_a_field_past_the_csv_limit_is_explained_in_indonesian(komsos, add_sample, tmp_path):
    add_sample()
    text = komsos("export").stdout
    path = tmp_path / "kutip.csv"
    header, row = text.splitlines()
    path.write_text(header + "\n" + row.replace(';"Serka"', ';"Serka' + "x" * 200_000, 1) + "\n")
    result = komsos("import", path, code=2)
    assert "lebih panjang dari 131072 huruf" in result.stderr
    assert "field larger" not in result.stderr


def test_duplicate_uuid_rows_in_one_file_are_counted_and_differences_warned(
    komsos, add_sample, tmp_path
):
    add_sample()
    (record,) = _exported(komsos)
    twin = {**record, "uuid": "aaaaaaaa-2222-4333-8444-555555555555"}
    changed = {**twin, "catatan": "isi lain", "diubah": "2030-01-01T00:00:00+07:00"}
    path = _jsonl(tmp_path / "ganda.jsonl", [record, record, twin, changed])
    result = komsos("import", path)
    # 4 rows: one already there, its exact copy, a new visit and a different copy of it.
    assert "ditambahkan 1, diperbarui 0, tidak berubah 1, ganda 2." in result.stdout
    assert "1 UUID muncul lebih dari sekali dengan isi berbeda" in result.stderr
    assert "aaaaaaaa" in result.stderr
    assert komsos.json("show", "aaaaaaaa")["catatan"] == "isi lain"  # the later edit won


@pytest.fixture
def full_disk(tmp_path):
    """A real, nearly full file system: a 64 KB tmpfs (root only; skipped where it cannot be
    mounted). A file size limit (RLIMIT_FSIZE) fails xlsxwriter's own temp files first, which
    is not the case of a full disk."""
    import os
    import subprocess

    folder = tmp_path / "penuh"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("tmpfs tidak bisa dipasang (perlu root)")
    try:
        (folder / "isi").write_bytes(b"\0" * 50_000)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        os.sync()


def test_an_xlsx_export_onto_a_full_disk_prints_no_traceback(komsos, sample_args, full_disk):
    import os
    import subprocess
    import sys

    for i in range(60):
        komsos("add", "--no-input", *sample_args, "--warga", f"Warga {i}")
    run = subprocess.run(
        [sys.executable, "-m", "komsos_cli", "export", "-o", str(full_disk / "x.xlsx")],
        capture_output=True, text=True, timeout=60, env=dict(os.environ),
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "ruang penyimpanan penuh" in run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    assert sorted(p.name for p in full_disk.iterdir()) == ["isi"]
