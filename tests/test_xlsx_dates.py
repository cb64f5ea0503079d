"""XLSX exports hold real dates: the visit's day as dd/mm/yyyy, and dibuat/diubah in the local
time of the record's province (WIB, WITA, WIT); importing such a workbook gives the records back."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import openpyxl
import pytest

PROVINCES = [("Jawa Tengah", "WIB", 7), ("Bali", "WITA", 8), ("Papua", "WIT", 9)]


@pytest.fixture
def three_zones(komsos):
    for i, (provinsi, _, _) in enumerate(PROVINCES):
        komsos("add", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--tanggal",
               f"2023-03-{16 + i}", "--warga", "Harjanto", "--kecamatan", "Gatak", "--provinsi",
               provinsi, "--topik", "silaturahmi")  # fmt: skip
    return komsos.json("list")


def _sheet(path):
    sheet = openpyxl.load_workbook(path)["Kunjungan"]
    header = [c.value for c in sheet[1]]
    return sheet, header


def test_dates_are_dates_and_stamps_are_in_the_provinces_zone(komsos, three_zones, tmp_path):
    out = tmp_path / "kunjungan.xlsx"
    komsos("export", "-o", out)
    sheet, header = _sheet(out)
    by_uuid = {v["uuid"]: v for v in three_zones}
    zones = {p: (z, h) for p, z, h in PROVINCES}
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=False))
        visit = by_uuid[cells["UUID"].value]
        tanggal = cells["Tanggal"]
        assert tanggal.is_date and tanggal.number_format == "dd/mm/yyyy"
        assert tanggal.value.date() == date.fromisoformat(visit["tanggal"])
        zona, hours = zones[visit["provinsi"]]
        for key, title in (("dibuat", "Dibuat"), ("diubah", "Diubah")):
            cell = cells[title]
            assert cell.is_date and f'"{zona}"' in cell.number_format
            stored = datetime.fromisoformat(visit[key])
            local = stored.astimezone(timezone(timedelta(hours=hours))).replace(tzinfo=None)
            assert abs(cell.value - local) < timedelta(seconds=1)


def test_a_workbook_imported_again_changes_nothing_and_fills_a_new_database(
    komsos, three_zones, tmp_path
):
    out = tmp_path / "kunjungan.xlsx"
    komsos("export", "-o", out)
    again = komsos("import", out)
    assert "ditambahkan 0, diperbarui 0, tidak berubah 3" in again.stdout
    other = tmp_path / "kantor.json"
    komsos("--db", other, "import", out)
    copied = {v["uuid"]: v for v in komsos.json("--db", other, "list")}
    for visit in three_zones:
        twin = copied[visit["uuid"]]
        assert twin["tanggal"] == visit["tanggal"]
        for key in ("dibuat", "diubah"):
            assert datetime.fromisoformat(twin[key]) == datetime.fromisoformat(visit[key])
