"""`rekap --format docx`: the month's Word file, read back with python-docx."""

from __future__ import annotations

import sys
from datetime import date

import docx
import pytest
from month_support import fill_month
from PIL import Image

from komsos_cli.models import new_visit
from komsos_cli.release.topik import missing_words
from komsos_cli.uraian import URAIAN_MAX, uraian

PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"


def _jpeg(path, size=(1600, 1200)):
    Image.new("RGB", size, (40, 120, 60)).save(path, "JPEG")
    return path


@pytest.fixture
def month_docx(komsos, db_path, tmp_path):
    visits = fill_month(komsos, db_path)
    photo = _jpeg(tmp_path / "posyandu.jpg")
    komsos("add", "--no-input", "--pangkat", "Kopda", "--babinsa", "Dede Herman", "--nrp",
           "31120456", "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--tanggal",
           "2023-03-23", "--kelompok", "kader posyandu", "--desa", "Trosemi", "--kecamatan",
           "Gatak", "--topik", "mengingatkan jadwal imunisasi balita", "--foto", photo)  # fmt: skip
    out = tmp_path / "rekap-2023-03.docx"
    result = komsos("rekap", "--month", "2023-03", "--target", "1", "-o", out)
    assert "ditulis ke" in result.stdout
    return docx.Document(str(out)), komsos.json("list"), visits


def _table_with(document, first_cell):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)


def test_the_word_file_has_title_period_and_unit(month_docx):
    document, _, _ = month_docx
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Rekapitulasi Kegiatan Komsos Babinsa"
    assert "Periode: Maret 2023" in texts
    assert any(t.startswith("Koramil 07/Gatak") and "Kodim 0726/Sukoharjo" in t for t in texts)


def test_the_operational_table_has_one_row_per_visit_of_the_month_in_order(month_docx):
    document, stored, _ = month_docx
    table = _table_with(document, "No")
    assert [c.text for c in table.rows[0].cells] == [
        "No", "Hari, tanggal", "Babinsa", "Desa", "Uraian kegiatan", "Foto",
    ]  # fmt: skip
    march = sorted(
        (v for v in stored if v["tanggal"].startswith("2023-03")),
        key=lambda v: (v["tanggal"], v.get("waktu") or "99", v["id"]),
    )
    rows = table.rows[1:]
    assert len(rows) == len(march) == 7
    for number, (row, visit) in enumerate(zip(rows, march, strict=True), start=1):
        cells = [c.text for c in row.cells]
        day = date.fromisoformat(visit["tanggal"])
        assert cells[0] == str(number)
        assert cells[1].endswith(day.strftime("%d/%m/%Y"))
        assert cells[2] == f"{visit['pangkat']} {visit['babinsa']}"
        assert cells[3] == f"Desa {visit['desa']}"
        assert visit.get("warga", visit.get("kelompok")) in cells[4]
        assert missing_words(visit["topik"], cells[4]) == []  # every word of the topik kept
        assert 100 <= len(cells[4]) <= URAIAN_MAX


def test_a_visit_with_a_photo_shows_a_small_thumbnail_the_others_a_dash(month_docx):
    document, _, _ = month_docx
    rows = _table_with(document, "No").rows[1:]
    with_picture = [r for r in rows if next(r.cells[5]._element.iter(PIC), None) is not None]
    assert len(with_picture) == 1
    assert "kader posyandu" in with_picture[0].cells[4].text
    assert all(r.cells[5].text == "-" for r in rows if r not in with_picture)
    assert len(document.inline_shapes) == 1
    image = document.inline_shapes[0]
    assert image.width.cm == pytest.approx(3.2, abs=0.01)
    blob = document.part.related_parts[
        image._inline.graphic.graphicData.pic.blipFill.blip.embed
    ].blob
    assert len(blob) < 60_000  # a thumbnail, not the 1600x1200 original


def test_the_recap_tables_and_the_target_per_desa_are_in_the_file(month_docx):
    document, _, _ = month_docx
    per_babinsa = _table_with(document, "Babinsa")
    header = [c.text for c in per_babinsa.rows[0].cells]
    assert header[:3] == ["Babinsa", "Jumlah", "%"]
    people = next(t for t in document.tables if t.rows[0].cells[-1].text == "Desa tuntas")
    by_name = {r.cells[0].text: [c.text for c in r.cells] for r in people.rows[1:]}
    assert by_name["Serka Sugianto"][1] == "2" and by_name["Serka Sugianto"][-1] == "2/2"
    status = next(t for t in document.tables if t.rows[0].cells[-1].text == "Status")
    rows = {(r.cells[0].text, r.cells[1].text): r.cells[3].text for r in status.rows[1:]}
    assert rows[("Kopda Dede Herman", "Desa Sraten")] == "TUNTAS"


def test_the_signature_block_names_the_danramil(month_docx):
    document, _, _ = month_docx
    left, right = document.tables[-1].rows[0].cells
    assert left.text.startswith("Mengetahui,\nDanramil 07/Gatak")
    assert right.text.startswith("Sukoharjo, ") and "Yang membuat," in right.text


def test_without_python_docx_the_message_says_what_to_install(
    komsos, db_path, tmp_path, monkeypatch
):
    fill_month(komsos, db_path)
    monkeypatch.setitem(sys.modules, "docx", None)  # as if it were not installed
    result = komsos("rekap", "--month", "2023-03", "-o", tmp_path / "r.docx", code=2)
    assert "python-docx" in result.stderr and "pip install '.[docx]'" in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_an_uraian_that_would_be_too_long_drops_appositives_not_facts():
    visit = new_visit(
        {"pangkat": "Serka", "babinsa": "Sugianto", "warga": "Harjanto", "sapaan": "Bapak",
         "umur": "52", "pekerjaan": "pengrajin blangkon dan pemilik usaha rumahan",
         "keterangan": "tutup kepala tradisional khas Jawa gaya Surakarta", "dukuh": "Kauman",
         "rt": "3", "rw": "4", "desa": "Krajan", "kecamatan": "Gatak",
         "topik": "memberikan motivasi agar usaha blangkon terus berkembang"},
        today=date(2023, 3, 16),
    )  # fmt: skip
    text = uraian(visit)
    assert len(text) <= URAIAN_MAX
    assert "Bapak Harjanto" in text and "Desa Krajan" in text and visit["topik"] in text
    noun = uraian({**visit, "topik": "penyuluhan stunting"})
    assert "Babinsa memberikan penyuluhan tentang stunting." in noun


def test_a_short_record_gets_the_persons_words_not_invented_ones():
    visit = new_visit(
        {"pangkat": "Serka", "babinsa": "Sugianto", "warga": "Paimin", "kecamatan": "Gatak",
         "topik": "silaturahmi", "kutipan_warga": "Terima kasih sudah datang"},
        today=date(2023, 3, 16),
    )  # fmt: skip
    text = uraian(visit)
    assert 'Paimin menyampaikan, "Terima kasih sudah datang."' in text
    assert text.endswith("Situasi wilayah aman dan kondusif.")
