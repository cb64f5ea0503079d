"""`komsos rekap`: counts, days without visits, desa not visited; table, CSV and HTML."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from exchange_support import PROFILE

from komsos_cli.rekap import (
    build_rekap,
    day_ranges,
    join_units,
    period_label,
    render_html,
    resolve_period,
)

VISITS = [
    # (tanggal, babinsa flags, desa, kegiatan, tema)
    ("2023-01-02", [], "Krajan", "komsos", "usaha"),
    ("2023-01-02", [], "Krajan", "komsos", "pertanian"),
    ("2023-01-03", ["--pangkat", "Sertu", "--babinsa", "Bambang"], "Trosemi", "sambang", "usaha"),
    ("2023-01-31", [], "Krajan", "anjangsana", "usaha"),
    ("2022-12-31", [], "Blimbing", "komsos", "umum"),  # outside January
    ("2023-02-01", [], "Blimbing", "komsos", "umum"),  # outside January
]


@pytest.fixture
def db(tmp_path, komsos):
    path = tmp_path / "koramil.json"
    komsos("--db", path, *PROFILE)
    for tanggal, who, desa, kegiatan, tema in VISITS:
        komsos(
            "--db", path, "add", "--no-input", "--tanggal", tanggal, *who, "--desa", desa,
            "--kegiatan", kegiatan, "--tema", tema, "--warga", "Harjanto",
            "--topik", "memberikan motivasi agar lebih produktif",
        )  # fmt: skip
    return path


def rekap_csv(komsos, db, *args) -> list[list[str]]:
    blob = komsos("--db", db, "rekap", "--month", "2023-01", "--format", "csv", *args).stdout_bytes
    assert blob.startswith(b'\xef\xbb\xbf"Bagian";"Nama";"Jumlah";"Persen"\r\n')
    return list(csv.reader(io.StringIO(blob.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_counts_by_babinsa_desa_kegiatan_tema(komsos, db):
    rows = rekap_csv(komsos, db)
    counts = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert counts[("Jumlah kunjungan", "")] == "4"
    assert counts[("Periode", "Januari 2023")] == ""
    assert counts[("Babinsa", "Serka Sugianto")] == "3"
    assert counts[("Babinsa", "Sertu Bambang")] == "1"
    assert counts[("Desa/Kelurahan", "Desa Krajan")] == "3"
    assert counts[("Desa/Kelurahan", "Desa Trosemi")] == "1"
    assert ("Desa/Kelurahan", "Desa Blimbing") not in counts
    assert counts[("Kegiatan", "Komsos")] == "2" and counts[("Kegiatan", "Karya Bakti")] == "0"
    assert counts[("Tema", "Usaha")] == "3" and counts[("Tema", "Pertanian")] == "1"
    percent = {(r[0], r[1]): r[3] for r in rows[1:]}
    assert percent[("Babinsa", "Serka Sugianto")] == "75,0"


def test_days_without_visits_and_desa_binaan_not_visited(komsos, db):
    rows = rekap_csv(komsos, db)
    days = [r[1] for r in rows if r[0] == "Hari tanpa kunjungan"]
    assert len(days) == 31 - 3
    assert "2023-01-01" in days and "2023-01-02" not in days and "2023-01-31" not in days
    assert [r[1] for r in rows if r[0] == "Desa binaan belum dikunjungi"] == ["Desa Blimbing"]


def test_terminal_table_with_bars(komsos, db):
    out = komsos("--db", db, "rekap", "--month", "2023-01").stdout
    assert "Rekapitulasi Kegiatan Komsos Babinsa Koramil 07/Gatak" in out
    assert "Periode: Januari 2023" in out and "Jumlah kunjungan: 4" in out
    bars = {
        m[1].strip(): len(m[2]) for m in re.finditer(r"│ (Desa \w+)\s*│\s*\d+ │[^│]*│ (█*)", out)
    }
    assert bars == {"Desa Krajan": 30, "Desa Trosemi": 10}
    assert "Hari tanpa kunjungan (sampai 31/01/2023): 28 hari: 1 dan 4-30 Januari 2023." in out
    assert "Desa binaan belum dikunjungi: Desa Blimbing." in out


def test_by_chooses_sections(komsos, db):
    out = komsos("--db", db, "rekapitulasi", "--month", "2023-01", "--by", "desa").stdout
    assert "Per desa/kelurahan" in out and "Per Babinsa" not in out and "Per tema" not in out
    rows = rekap_csv(komsos, db, "--by", "tema,kegiatan")
    assert {r[0] for r in rows[3:]} >= {"Kegiatan", "Tema"}
    assert "Babinsa" not in {r[0] for r in rows}
    result = komsos("--db", db, "rekap", "--by", "warga", code=2)
    assert "--by 'warga' tidak dikenal" in result.stderr


def test_range_with_from_and_to(komsos, db):
    rows = komsos("--db", db, "rekap", "--from", "2022-12-31", "--to", "2023-01-02", "-f", "csv")
    counts = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(rows.stdout), delimiter=";")}
    assert counts[("Jumlah kunjungan", "")] == "3"
    assert counts[("Periode", "31 Desember 2022 s.d. 2 Januari 2023")] == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["--month", "2023-01", "--from", "2023-01-01"], "jangan keduanya"),
        (["--to", "2023-01-31"], "--to perlu --from"),
        (["--format", "pdf"], "Format 'pdf' tidak dikenal"),
        (["--month", "Janu"], "Bulan 'Janu' tidak dikenali"),
        (
            ["-o", "rekap.pdf"],
            "Akhiran .pdf pada --output rekap.pdf tidak dikenal. Akhiran "
            "yang dikenal: .txt (table); .csv (csv); .html, .htm (html); .docx (docx).",
        ),
        (
            ["-o", "rekap.csv", "-f", "html"],
            "--output rekap.csv berakhiran .csv (format csv), "
            "tetapi --format html. Samakan keduanya: --output rekap.html, atau --format csv.",
        ),
        (["-o", "rekap.html", "-f", "table"], "tetapi --format table"),
    ],
)
def test_mistakes_exit_2(komsos, db, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith("rekap.") else a for a in args]
    result = komsos("--db", db, "rekap", *args, code=2)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("rekap.*"))


@pytest.mark.parametrize(
    "args, name, start",
    [
        ([], "rekap.txt", "Rekapitulasi Kegiatan"),
        ([], "rekap.HTM", "<!DOCTYPE html>"),
        ([], "rekap", "Rekapitulasi Kegiatan"),  # no ending: the table, as on the screen
        (["-f", "csv"], "rekap.dat", '\ufeff"Bagian";"Nama"'),  # --format given: any ending
    ],
)
def test_output_name_and_format_that_agree(komsos, db, tmp_path, args, name, start):
    out = tmp_path / name
    komsos("--db", db, "rekap", "--month", "2023-01", *args, "-o", out)
    assert out.read_text("utf-8").startswith(start)


def test_html_is_self_contained_and_escaped(komsos, db, tmp_path):
    komsos(
        "--db", db, "add", "--no-input", "--tanggal", "2023-01-05",
        "--pangkat", "Serda", "--babinsa", "<script>alert(1)</script> Joko", "--desa", "Krajan",
        "--warga", "Harjanto", "--topik", "memberikan motivasi",
    )  # fmt: skip
    out = tmp_path / "rekap.html"
    result = komsos("--db", db, "rekap", "--month", "2023-01", "--output", out)
    assert "Rekap Januari 2023 (5 kunjungan) ditulis ke" in result.stdout
    html = out.read_text("utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Joko" in html
    assert "@page" in html and "A4" in html and "<svg" in html
    # No resource from the network: no src/href/url() at all, only the SVG namespace.
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", html)
    assert set(re.findall(r"https?://[^\s\"']+", html)) == {"http://www.w3.org/2000/svg"}
    assert "<title>Rekapitulasi Kegiatan Komsos Babinsa Koramil 07/Gatak — Januari 2023" in html
    assert 'Koramil <span class="satuan">07/Gatak</span>' in html
    assert 'Kodim <span class="satuan">0726/Sukoharjo</span>' in html
    assert html.count('class="batang"') == 31


def test_period_helpers():
    assert period_label(date(2023, 1, 1), date(2023, 1, 31)) == "Januari 2023"
    assert period_label(date(2023, 1, 1), date(2023, 3, 31)) == "Januari s.d. Maret 2023"
    assert period_label(date(2023, 1, 1), date(2023, 1, 15)) == "1 s.d. 15 Januari 2023"
    assert period_label(date(2023, 2, 5), date(2023, 2, 5)) == "5 Februari 2023"
    days = [date(2023, 1, d) for d in (1, 2, 3, 7, 30, 31)] + [date(2023, 2, 1)]
    assert day_ranges(days) == "1-3, 7 dan 30-31 Januari 2023; 1 Februari 2023"
    assert day_ranges([]) == ""
    assert resolve_period(None, None, today=date(2024, 2, 10)) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    assert resolve_period(date(2024, 1, 5), None, today=date(2024, 2, 10)) == (
        date(2024, 1, 5),
        date(2024, 2, 10),
    )


def test_current_month_by_default_and_empty(komsos, tmp_path):
    result = komsos("--db", tmp_path / "kosong.json", "rekap")
    assert "Jumlah kunjungan: 0" in result.stdout
    assert "Tidak ada kunjungan pada periode ini." in result.stdout
    assert "Per Babinsa" not in result.stdout  # no empty tables
    label = period_label(*resolve_period(None, None))
    assert f"Periode: {label}" in result.stdout


def test_visits_of_two_koramil_are_named_in_the_title(komsos, db, tmp_path):
    for koramil in ("08/Baki", "08/Baki", "1702-05/Kurulu"):
        komsos(
            "--db", db, "add", "--no-input", "--tanggal", "2023-01-10", "--koramil", koramil,
            "--pangkat", "Sertu", "--babinsa", "Bambang", "--nrp", "31000222",
            "--desa", "Krajan", "--warga", "Harjanto", "--topik", "memberikan motivasi",
        )  # fmt: skip
    out = komsos("--db", db, "rekap", "--month", "2023-01").stdout
    # Most visits first: 07/Gatak (4), 08/Baki (2), 1702-05/Kurulu (1).
    title = "Rekapitulasi Kegiatan Komsos Babinsa Koramil 07/Gatak, 08/Baki dan 1702-05/Kurulu"
    assert title in out
    html = tmp_path / "rekap.html"
    komsos("--db", db, "rekap", "--month", "2023-01", "-o", html)
    text = html.read_text("utf-8")
    # In the page, every unit name is kept on one line (white-space: nowrap).
    assert (
        'Babinsa Koramil <span class="satuan">07/Gatak</span>, <span class="satuan">08/Baki'
        '</span> dan <span class="satuan">1702-05/Kurulu</span></h1>'
    ) in text
    assert re.search(r"\.satuan[^{]*\{[^}]*white-space:\s*nowrap", text)
    # The Danramil who signs is the profile's.
    assert 'Danramil <span class="satuan">07/Gatak</span>' in text


def _visit(tanggal, pangkat, babinsa, nrp=None, **extra):
    visit = {"tanggal": tanggal, "pangkat": pangkat, "babinsa": babinsa, **extra}
    return visit | ({"nrp": nrp} if nrp else {})


def test_babinsa_are_counted_by_nrp_and_named_by_their_latest_rank():
    visits = [
        _visit("2023-01-03", "Serda", "Sugianto", "21100123"),
        _visit("2023-01-10", "Serda", "Sugianto", "21100123"),
        _visit("2023-01-20", "Serka", "Sugianto", "21100123"),  # promoted mid-month
        _visit("2023-01-05", "Serda", "Sugianto"),  # an older record without NRP: the same man
        _visit("2023-01-06", "Sertu", "Bambang", "21100123"),  # typed for another, profile NRP
        _visit("2023-01-07", "Serka", "Sugianto", "31000999"),  # another Serka Sugianto
        _visit("2023-01-08", "Kopda", "Joko"),
        _visit("2023-01-09", "Kopda", "Joko"),
    ]
    rekap = build_rekap(visits, {}, date(2023, 1, 1), date(2023, 1, 31), by=["babinsa"])
    rows = {row.label: row.count for row in rekap.sections[0].rows}
    assert rows == {
        "Serka Sugianto (NRP 21100123)": 4,
        "Serka Sugianto (NRP 31000999)": 1,
        "Sertu Bambang": 1,
        "Kopda Joko": 2,
    }
    assert rekap.babinsa_count == 4
    # Without the namesake, the label needs no NRP.
    rekap = build_rekap(visits[:5], {}, date(2023, 1, 1), date(2023, 1, 31), by=["babinsa"])
    assert {row.label: row.count for row in rekap.sections[0].rows} == {
        "Serka Sugianto": 4,
        "Sertu Bambang": 1,
    }


def test_units_place_and_signature():
    assert join_units([]) == "" and join_units(["07/Gatak"]) == "07/Gatak"
    assert join_units(["07/Gatak", "08/Baki"]) == "07/Gatak dan 08/Baki"
    visits = [
        _visit("2023-01-03", "Serka", "Sugianto", koramil="08/Baki", kabupaten="Sukoharjo"),
        _visit("2023-01-04", "Serka", "Sugianto", koramil="07/Gatak", kabupaten="Sukoharjo"),
        _visit("2023-01-05", "Serka", "Sugianto", koramil="07/Gatak", kodim="0726/Sukoharjo"),
    ]
    jan = (date(2023, 1, 1), date(2023, 1, 31))
    printed = date(2026, 11, 28)

    # No profile: the visits' Koramil (most visits first) and kabupaten; no Danramil named.
    rekap = build_rekap(visits, {}, *jan)
    assert rekap.title.endswith("Koramil 07/Gatak dan 08/Baki") and rekap.kodim == "0726/Sukoharjo"
    assert rekap.tempat == "Sukoharjo" and rekap.danramil == ""
    html = render_html(rekap, printed=printed)
    assert 'Sukoharjo, <span class="tanggal">28 November 2026</span><br>Yang membuat' in html
    assert "Danramil<p" in html

    # The profile's kabupaten/kota and Koramil win for the place and the signature.
    profile = {"koramil": "07/Gatak", "kabupaten": "Surakarta", "jenis_kabupaten": "Kota"}
    rekap = build_rekap(visits, profile, *jan)
    assert rekap.tempat == "Surakarta" and rekap.danramil == "07/Gatak"
    assert rekap.koramil == "07/Gatak dan 08/Baki"  # the title still names both
    assert 'Surakarta, <span class="tanggal">28 November 2026</span>' in render_html(
        rekap, printed=printed
    )

    # Nothing known about the place: the date alone; no visits: the profile's Koramil.
    rekap = build_rekap([], {"koramil": "07/Gatak"}, *jan)
    assert rekap.koramil == "07/Gatak" and rekap.tempat == ""
    assert '<div><span class="tanggal">28 November 2026</span><br>Yang membuat' in render_html(
        rekap, printed=printed
    )


@pytest.mark.parametrize("width", [40, 50, 60, 80, 120])
def test_the_recap_table_fits_a_phone_and_keeps_names_and_counts(komsos, db, monkeypatch, width):
    monkeypatch.setenv("KOMSOS_WIDTH", str(width))
    out = komsos("--db", db, "rekap", "--month", "2023-01").stdout
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    rows: dict[str, list[str]] = {}
    for line in lines:  # the first table that names someone (the sections come first)
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            rows.setdefault(cells[0], cells[1:3])
    assert rows["Serka Sugianto"] == ["3", "75,0"] and rows["Sertu Bambang"] == ["1", "25,0"]
    assert rows["Desa Krajan"] == ["3", "75,0"] and rows["Desa Trosemi"] == ["1", "25,0"]
    if width >= 80:
        assert "█" in out  # on a narrow terminal the bars give way first
