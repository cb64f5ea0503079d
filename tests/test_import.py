"""`komsos import`: round trips for every format, bad rows, merging two Babinsa, dry runs."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
import uuid
from datetime import date, timedelta

import pytest
from exchange_support import PLAIN, PROFILE, fill, without_ids

from komsos_cli.errors import FieldError
from komsos_cli.exporters import HEADERS
from komsos_cli.models import validate_record

FORMATS = ["csv", "csv-comma", "jsonl", "json", "xlsx"]


@pytest.fixture
def source(tmp_path, komsos):
    path = tmp_path / "babinsa.json"
    visits = fill(komsos, path, photos=tmp_path / "foto")
    return path, visits


def export(komsos, db, out, *args):
    komsos("--db", db, "export", "--output", out, *args)
    return out


def _instants(visits: list[dict]) -> list[dict]:
    from datetime import datetime

    return [
        {**v, **{k: datetime.fromisoformat(v[k]) for k in ("dibuat", "diubah") if k in v}}
        for v in visits
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_into_an_empty_database_gives_identical_records(komsos, source, tmp_path, fmt):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    db, visits = source
    extra = ["--delimiter", ","] if fmt == "csv-comma" else []
    out = export(komsos, db, tmp_path / f"ekspor.{fmt.split('-')[0]}", *extra)
    target = tmp_path / "koramil.json"
    result = komsos("--db", target, "import", out)
    assert "ditambahkan 3, diperbarui 0, tidak berubah 0" in result.stdout
    imported = komsos.json("--db", target, "list")
    if fmt == "xlsx":  # a workbook holds dibuat/diubah in the province's zone: the same instants
        imported, visits = _instants(imported), _instants(visits)
    assert without_ids(imported) == without_ids(visits)
    # The tricky values made it through unchanged.
    first = next(v for v in imported if v["tanggal"] == "2023-01-16")
    assert first["keterangan"] == '=HYPERLINK("http://contoh.invalid","klik")'
    assert first["kutipan_warga"] == "'=sudah dikutip' kata warga"
    assert first["rt"] == "03" and first["umur"] == 52 and first["warga"] == "Ma'ruf"
    assert [p["nama"] for p in first["foto"]] == ["rumah; depan.jpg", "=foto.jpg"]
    assert all(len(p["hash"]) == 64 and p["waktu"] == "2023-01-16T09:31:05" for p in first["foto"])
    # Importing the same file again changes nothing.
    before = target.read_bytes()
    again = komsos("--db", target, "import", out)
    assert "ditambahkan 0, diperbarui 0, tidak berubah 3" in again.stdout
    assert target.read_bytes() == before


def test_csv_without_bom_with_comma_delimiter_is_detected(komsos, source, tmp_path):
    db, visits = source
    out = export(komsos, db, tmp_path / "koma.csv", "--delimiter", ",")
    out.write_bytes(out.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n"))
    target = tmp_path / "koramil.json"
    komsos("--db", target, "impor", out)  # the Indonesian alias
    assert without_ids(komsos.json("--db", target, "list")) == without_ids(visits)


def bad_csv(komsos, db, tmp_path):
    """An export whose rows 3 and 4 (lines of the file) were spoiled by hand."""
    out = export(komsos, db, tmp_path / "rusak.csv")
    lines = out.read_bytes().decode("utf-8-sig").split("\r\n")
    lines[2] = lines[2].replace("2023-01-20", "2023-02-30")  # no such day
    cells = lines[3].split(";")
    cells[HEADERS.index("Topik")] = ""  # required
    lines[3] = ";".join(cells)
    out.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    return out


def test_bad_rows_are_reported_by_file_and_line_and_nothing_is_imported(komsos, source, tmp_path):
    db, _ = source
    bad = bad_csv(komsos, db, tmp_path)
    good = export(komsos, db, tmp_path / "baik.jsonl")
    target = tmp_path / "koramil.json"
    komsos("--db", target, *PROFILE)
    before = target.read_bytes()
    result = komsos("--db", target, "import", good, bad, code=2)
    assert "2 baris tidak sah; tidak ada yang diimpor" in result.stderr
    assert "rusak.csv, baris 3: Tanggal '2023-02-30' tidak ada di kalender" in result.stderr
    assert "rusak.csv, baris 4: Data wajib belum diisi: topik" in result.stderr
    assert "--skip-invalid" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == before
    assert not (tmp_path / "koramil.json.backup").exists()


def test_skip_invalid_imports_the_good_rows(komsos, source, tmp_path):
    db, _ = source
    bad = bad_csv(komsos, db, tmp_path)
    target = tmp_path / "koramil.json"
    result = komsos("--db", target, "import", "--skip-invalid", bad)
    assert "ditambahkan 1," in result.stdout
    assert "rusak.csv, baris 3" in result.stderr and "rusak.csv, baris 4" in result.stderr
    assert [v["tanggal"] for v in komsos.json("--db", target, "list")] == ["2023-01-16"]


def test_json_errors_name_the_line_of_the_record(komsos, source, tmp_path):
    db, _ = source
    out = export(komsos, db, tmp_path / "ekspor.json")
    text = out.read_text("utf-8").replace('"rt": "03"', '"rt": "tiga"')
    out.write_text(text, "utf-8")
    result = komsos("--db", tmp_path / "k.json", "import", out, code=2)
    # Line 1 is the header object; the first record is on line 2.
    assert "ekspor.json, baris 2: RT 'tiga' harus angka" in result.stderr
    out.write_text(text.replace("]}", "]"), "utf-8")
    broken = komsos("--db", tmp_path / "k.json", "import", out, code=2)
    assert "ekspor.json, baris 5: JSON tidak sah" in broken.stderr
    assert "1 kesalahan; tidak ada yang diimpor" in broken.stderr


def test_jsonl_bad_line_and_newer_schema(komsos, source, tmp_path):
    db, _ = source
    out = export(komsos, db, tmp_path / "ekspor.jsonl")
    lines = out.read_text("utf-8").splitlines()
    lines[1] = lines[1][:40]
    out.write_text("\n".join(lines) + "\n", "utf-8")
    result = komsos("--db", tmp_path / "k.json", "import", out, code=2)
    assert "ekspor.jsonl, baris 2: JSON tidak sah: teks dalam tanda kutip tidak ditutup" in (
        result.stderr
    )  # the line was cut inside a string; json's own words are English
    assert "Unterminated" not in result.stderr
    newer = tmp_path / "baru.jsonl"
    record = json.loads(lines[0]) | {"schema_version": 99}
    newer.write_text(json.dumps(record) + "\n", "utf-8")
    result = komsos("--db", tmp_path / "k.json", "import", newer, code=2)
    assert "versi komsos yang lebih baru (skema 99)" in result.stderr


def test_a_foreign_file_is_refused_clearly(komsos, tmp_path):
    foreign = tmp_path / "daftar.csv"
    foreign.write_text("Nama;Alamat\r\nBudi;Krajan\r\n", "utf-8")
    result = komsos("--db", tmp_path / "k.json", "import", foreign, code=2)
    assert "daftar.csv, baris 1: kolom UUID tidak ada" in result.stderr
    missing = komsos("--db", tmp_path / "k.json", "import", tmp_path / "tidak-ada.csv", code=2)
    assert "File tidak ditemukan" in missing.stderr
    assert not (tmp_path / "k.json").exists()


def test_two_babinsa_overlapping_exports_merge_by_uuid_newer_wins(komsos, tmp_path):
    # Babinsa A records two visits and sends them; B received A's file earlier, corrected
    # one of those visits (a later `diubah`) and added one of his own.
    a_db, b_db, koramil = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "koramil.json"
    visits_a = fill(komsos, a_db)[:2]
    a_file = export(komsos, a_db, tmp_path / "a.jsonl", "--month", "2023-01")
    komsos("--db", b_db, "import", a_file)
    komsos("--db", b_db, "init", "--no-input", "--pangkat", "Sertu", "--babinsa", "Bambang")
    komsos("--db", b_db, *PLAIN[:-1], "gotong royong memperbaiki jalan desa")
    b_file = export(komsos, b_db, tmp_path / "b.jsonl")
    lines = [json.loads(line) for line in b_file.read_text("utf-8").splitlines()]
    corrected = lines[0]
    assert corrected["uuid"] == visits_a[0]["uuid"]
    corrected["topik"] = "membahas harga pupuk bersama kelompok tani"
    corrected["diubah"] = "2030-01-01T08:00:00+07:00"
    b_file.write_text("".join(json.dumps(r) + "\n" for r in lines), "utf-8")

    result = komsos("--db", koramil, "import", a_file, b_file)
    assert "ditambahkan 3," in result.stdout
    merged = {v["uuid"]: v for v in komsos.json("--db", koramil, "list")}
    assert len(merged) == 3  # the shared visits are stored once
    assert merged[corrected["uuid"]]["topik"] == "membahas harga pupuk bersama kelompok tani"

    # The other order, into a database that already has A's visits: B's newer copy wins,
    # and A's older copy never overwrites it afterwards.
    koramil2 = tmp_path / "koramil2.json"
    komsos("--db", koramil2, "import", a_file)
    second = komsos("--db", koramil2, "import", b_file)
    assert "ditambahkan 1, diperbarui 1, tidak berubah 1" in second.stdout
    third = komsos("--db", koramil2, "import", a_file)
    assert "ditambahkan 0, diperbarui 0, tidak berubah 2" in third.stdout
    assert without_ids(komsos.json("--db", koramil2, "list")) == without_ids(list(merged.values()))
    # One backup for each import that changed something.
    backups = sorted((tmp_path / "koramil2.json.backup").iterdir())
    assert len(backups) == 1 and "-impor" in backups[0].name


def test_dry_run_reports_and_changes_nothing(komsos, source, tmp_path):
    db, visits = source
    out = export(komsos, db, tmp_path / "ekspor.csv")
    target = tmp_path / "koramil.json"
    result = komsos("--db", target, "import", "--dry-run", out)
    assert "tidak ada yang disimpan" in result.stdout
    assert "ditambahkan 3, diperbarui 0, tidak berubah 0" in result.stdout
    assert "Akan ditambahkan:" in result.stdout and "Ma'ruf" in result.stdout
    assert not target.exists()

    komsos("--db", target, "import", out)
    lines = out.read_bytes().decode("utf-8-sig").split("\r\n")
    lines[1] = (
        lines[1]
        .replace("pengrajin blangkon", "pengrajin batik")
        .replace(visits[0]["diubah"], "2030-01-01T08:00:00+07:00")
    )
    out.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    before = target.read_bytes()
    backups_before = (
        list((tmp_path / "koramil.json.backup").glob("*"))
        if (tmp_path / "koramil.json.backup").exists()
        else []
    )
    result = komsos("--db", target, "import", "--dry-run", out)
    assert "ditambahkan 0, diperbarui 1, tidak berubah 2" in result.stdout
    assert "Akan diperbarui:" in result.stdout
    assert target.read_bytes() == before
    after = (
        list((tmp_path / "koramil.json.backup").glob("*"))
        if (tmp_path / "koramil.json.backup").exists()
        else []
    )
    assert after == backups_before


def test_progress_on_a_terminal_for_big_files_only(komsos, source, tmp_path):
    db, _ = source
    one = json.loads(export(komsos, db, tmp_path / "satu.jsonl").read_text("utf-8").splitlines()[0])
    big = tmp_path / "besar.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for _ in range(1500):  # a little over 1 MB
            out.write(json.dumps(one | {"uuid": str(uuid.uuid4())}) + "\n")
    assert big.stat().st_size > 1_000_000
    env = {**os.environ, "KOMSOS_DB": str(tmp_path / "koramil.json")}
    command = [sys.executable, "-m", "komsos_cli", "import", "--dry-run", str(big)]

    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        run = subprocess.run(command, stdout=subprocess.PIPE, stderr=slave, env=env, timeout=120)
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert run.returncode == 0
    assert b"Membaca besar.jsonl" in b"".join(chunks)
    assert "ditambahkan 1500" in run.stdout.decode()
    # Not at a terminal (a script, a pipe): no progress bar at all.
    quiet = komsos("--db", tmp_path / "koramil.json", "import", "--dry-run", big)
    assert "Membaca" not in quiet.stderr and "ditambahkan 1500" in quiet.stdout


def test_a_csv_saved_again_by_excel_still_imports(komsos, source, tmp_path):
    # Excel in the Indonesian locale turns 09.30 into 09.30.00, 2023-01-16 into 16/01/2023 and
    # RT 03 into 3 when it opens a CSV and saves it again.
    db, visits = source
    out = export(komsos, db, tmp_path / "dari-excel.csv")
    text = out.read_bytes().decode("utf-8-sig")
    text = text.replace(";09.30;", ";09.30.00;").replace("2023-01-16;", "16/01/2023;")
    text = text.replace(";03;12;", ";3;12;")
    out.write_bytes(("\ufeff" + text).encode("utf-8"))
    target = tmp_path / "koramil.json"
    komsos("--db", target, "import", out)
    assert without_ids(komsos.json("--db", target, "list")) == without_ids(visits)


def _with_tanggal(komsos, db, tmp_path, tanggal: list[str]):
    """A JSON Lines export whose visits' tanggal were typed by hand."""
    out = export(komsos, db, tmp_path / "tangan.jsonl")
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for record, value in zip(lines, tanggal, strict=False):
        record["tanggal"] = value
    out.write_text("".join(json.dumps(r) + "\n" for r in lines), "utf-8")
    return out


@pytest.mark.parametrize("word", ["kemarin lusa", "hari ini", "Kemarin", "Senin, kemarin"])
def test_a_relative_date_is_an_invalid_row_not_a_date_in_year_9999(komsos, source, tmp_path, word):
    db, _ = source
    out = export(komsos, db, tmp_path / "ekspor.csv")
    text = out.read_bytes().decode("utf-8-sig").replace(';"2023-01-16";', f';"{word}";')
    out.write_bytes(("\ufeff" + text).encode("utf-8"))
    target = tmp_path / "koramil.json"
    refused = komsos("--db", target, "import", out, code=2)
    expected = (
        f"ekspor.csv, baris 2: Tanggal relatif '{word}' tidak bisa diimpor; tulis tanggal lengkap"
    )
    assert expected in refused.stderr
    result = komsos("--db", target, "import", "--skip-invalid", out)
    assert "ditambahkan 2," in result.stdout and expected in result.stderr
    assert sorted(v["tanggal"] for v in komsos.json("--db", target, "list")) == [
        "2023-01-20",
        "2023-02-02",
    ]


def test_a_date_after_today_is_an_invalid_row(komsos, source, tmp_path):
    db, _ = source
    today = date.today()
    out = _with_tanggal(
        komsos, db, tmp_path,
        [(today + timedelta(days=1)).isoformat(), "2099-01-16", today.strftime("%d/%m/%Y")],
    )  # fmt: skip
    result = komsos("--db", tmp_path / "koramil.json", "import", "--skip-invalid", out)
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert f"tangan.jsonl, baris 1: Tanggal {tomorrow} belum terjadi" in result.stderr
    assert "tangan.jsonl, baris 2: Tanggal 2099-01-16 belum terjadi" in result.stderr
    assert "ditambahkan 1," in result.stdout  # today, written as Excel writes it, is fine
    stored = komsos.json("--db", tmp_path / "koramil.json", "list")
    assert [v["tanggal"] for v in stored] == [today.isoformat()]


def test_absolute_dates_in_any_written_form_are_accepted(komsos, source, tmp_path):
    db, visits = source
    out = _with_tanggal(komsos, db, tmp_path, ["16/01/2023", "Jumat, 20 Januari 2023", "2-2-23"])
    target = tmp_path / "koramil.json"
    komsos("--db", target, "import", out)
    assert without_ids(komsos.json("--db", target, "list")) == without_ids(visits)


def test_validate_record_refuses_relative_and_future_dates():
    record = {
        "uuid": str(uuid.uuid4()), "pangkat": "Serka", "babinsa": "Sugianto",
        "warga": "Harjanto", "topik": "memberikan motivasi", "desa": "Krajan",
    }  # fmt: skip
    today = date(2023, 1, 20)
    assert validate_record(record | {"tanggal": "20/01/2023"}, today=today)["tanggal"] == (
        "2023-01-20"
    )
    with pytest.raises(FieldError, match="Tanggal relatif 'kemarin' tidak bisa diimpor"):
        validate_record(record | {"tanggal": "kemarin"}, today=today)
    with pytest.raises(FieldError, match="Tanggal 2023-01-21 belum terjadi"):
        validate_record(record | {"tanggal": "2023-01-21"}, today=today)


def test_an_older_workbook_with_visible_apostrophes_still_imports_exactly(komsos, source, tmp_path):
    # Workbooks from before the quote-prefix format carry the CSV escape (a literal ' in front)
    # and no XLSX_GUARD_PROPERTY; their escapes are undone as in CSV.
    pytest.importorskip("openpyxl")
    import xlsxwriter

    from komsos_cli.exporters import HEADERS, row_cells

    db, visits = source
    old = tmp_path / "lama.xlsx"
    book = xlsxwriter.Workbook(str(old), {"strings_to_numbers": False})
    sheet = book.add_worksheet("Kunjungan")
    sheet.write_row(0, 0, HEADERS)
    for number, visit in enumerate(visits, start=1):
        for column, cell in enumerate(row_cells(visit, number)):
            sheet.write_string(number, column, cell)
    book.close()
    target = tmp_path / "koramil.json"
    komsos("--db", target, "import", old)
    imported = komsos.json("--db", target, "list")
    assert without_ids(imported) == without_ids(visits)
    first = next(v for v in imported if v["tanggal"] == "2023-01-16")
    assert first["kutipan_warga"] == "'=sudah dikutip' kata warga"


def test_an_empty_export_among_others_is_a_warning_not_a_refusal(komsos, source, tmp_path):
    db, visits = source
    full = export(komsos, db, tmp_path / "babinsa1.jsonl")
    nothing = export(komsos, db, tmp_path / "babinsa2.jsonl", "--month", "2001-01")
    assert nothing.read_bytes() == b""  # a month without visits
    blank = tmp_path / "babinsa3.csv"
    blank.write_text("\n  \n", encoding="utf-8")
    target = tmp_path / "koramil.json"
    result = komsos("--db", target, "import", full, nothing, blank)
    assert "ditambahkan 3" in result.stdout
    assert "babinsa2.jsonl kosong" in result.stderr and "babinsa3.csv kosong" in result.stderr
    assert len(komsos.json("--db", target, "list")) == len(visits) == 3


def test_a_truncated_xlsx_is_explained_in_indonesian(komsos, source, tmp_path):
    pytest.importorskip("openpyxl")
    db, _ = source
    out = export(komsos, db, tmp_path / "ekspor.xlsx")
    out.write_bytes(out.read_bytes()[:3000])  # cut off while being sent
    result = komsos("--db", tmp_path / "k.json", "import", out, code=2)
    assert "file .xlsx tidak bisa dibaca: rusak, terpotong saat dikirim" in result.stderr
    assert "zip" not in result.stderr.lower()
