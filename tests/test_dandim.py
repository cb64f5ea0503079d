"""`komsos report --tanggal`: the Koramil's daily report to the Dandim, on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from month_support import fill_month
from test_release import golden

from komsos_cli.dandim import build_daily_report, render_daily_report, report_number
from komsos_cli.models import new_visit

TEMBUSAN = "Kasdim 0726/Sukoharjo; Pasiter Kodim 0726/Sukoharjo"


@pytest.fixture
def office(komsos, db_path):
    fill_month(komsos, db_path)
    komsos("profile", "set", "tembusan", TEMBUSAN)
    komsos("profile", "set", "nomor", "R/Laphar")
    return komsos


@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("whatsapp", "wa.txt")])
def test_the_day_of_two_babinsa_reads_as_the_golden_file(office, fmt, ext):
    result = office("report", "--tanggal", "2023-03-16", "--nomor", "45", "--format", fmt)
    golden(f"dandim-2023-03-16.{ext}", result.stdout)
    # The Baki visit of that day belongs to another Danramil's report.
    assert "1 kunjungan Koramil lain" in result.stderr


def test_the_report_names_every_babinsa_once_and_every_visit_of_the_day(office, db_path):
    text = office("lapor", "--tanggal", "16/03/2023").stdout
    assert text.startswith("Kepada Yth. Dandim 0726/Sukoharjo\nDari: Danramil 07/Gatak\n")
    assert "Nomor: R/Laphar/..../III/2023" in text
    assert "pada hari Kamis, 16 Maret 2023 (WIB)" in text
    assert text.count("Serka Sugianto") == 1 and text.count("Kopda Dede Herman") == 1
    assert "bersama Bhabinkamtibmas Bripka Agus Salim dan Kepala Desa Suparno" in text
    assert "Wahyudi" not in text and "Ngrombo" not in text  # Koramil 08/Baki
    assert "Demikian dilaporkan, selanjutnya mohon petunjuk." in text
    assert text.rstrip().endswith(
        "Tembusan:\n1. Kasdim 0726/Sukoharjo\n2. Pasiter Kodim 0726/Sukoharjo"
    )


def test_two_visits_of_one_babinsa_are_lettered_in_time_order(office):
    office("add", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--nrp",
           "21050123", "--koramil", "07/Gatak", "--tanggal", "2023-03-16", "--waktu", "07.15",
           "--warga", "Sutrisno", "--desa", "Blimbing", "--kecamatan", "Gatak",
           "--topik", "menanyakan kabar keluarga")  # fmt: skip
    text = office("report", "--tanggal", "2023-03-16").stdout
    first, second = text.index("   a. Pukul 07.15 WIB"), text.index("   b. Pukul 09.30 WIB")
    assert first < second
    assert text.count("Serka Sugianto") == 1


def test_without_tembusan_or_prefix_the_report_still_has_its_number_line(komsos, db_path):
    fill_month(komsos, db_path)
    text = komsos("report", "--tanggal", "2023-03-21").stdout
    assert "Nomor: ..../III/2023" in text
    assert "Tembusan" not in text
    assert "Babinsa membersihkan saluran irigasi bersama warga." in text


def test_a_day_without_visits_and_unclear_offices_are_user_mistakes(komsos, db_path):
    fill_month(komsos, db_path, office=False)
    empty = komsos("report", "--tanggal", "2023-03-17", code=2)
    assert "Tidak ada kunjungan pada hari Jumat, 17 Maret 2023" in empty.stderr
    # No office profile and two Koramil that day: which Danramil reports?
    unclear = komsos("report", "--tanggal", "2023-03-16", code=2)
    assert "07/Gatak, 08/Baki" in unclear.stderr
    assert "komsos profile set koramil" in unclear.stderr
    assert "Traceback" not in empty.stderr + unclear.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "komsos report --tanggal"),
        (("1", "--tanggal", "2023-03-16"), "jangan sertakan ID"),
        (("1", "--nomor", "4"), "--nomor hanya untuk"),
        (("--tanggal", "32/13/2023"), "anggal"),
        (("--tanggal", "2023-03-16", "--format", "html"), "Format 'html' tidak dikenal"),
    ],
)
def test_report_options_that_do_not_fit_together_are_refused(office, args, message):
    assert message in office("report", *args, code=2).stderr


def test_the_one_visit_report_to_the_danramil_is_unchanged(office):
    text = office("report", "1").stdout
    assert text.startswith("Kepada Yth. Danramil 07/Gatak\n")
    assert "Demikian dilaporkan.\n" in text


def test_whatsapp_marks_typed_in_a_record_do_not_turn_into_formatting(komsos, db_path):
    fill_month(komsos, db_path)
    komsos("add", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--koramil",
           "07/Gatak", "--tanggal", "2023-03-16", "--warga", "Suwarni", "--kecamatan", "Gatak",
           "--topik", "mengingatkan *jadwal* posyandu")  # fmt: skip
    text = komsos("report", "--tanggal", "2023-03-16", "-f", "wa").stdout
    assert "*jadwal*" not in text
    assert "jadwal" in text


def test_profile_tembusan_is_stored_as_lines(komsos):
    komsos("init", "--no-input", "--pangkat", "Serma", "--babinsa", "Bambang")
    komsos("profile", "set", "tembusan", " Kasdim 0726/Sukoharjo ;; Pasiter  Kodim 0726/Sukoharjo;")
    assert komsos.json("profile", "show")["tembusan"] == [
        "Kasdim 0726/Sukoharjo",
        "Pasiter Kodim 0726/Sukoharjo",
    ]
    komsos("profile", "set", "tembusan", "")
    assert "tembusan" not in komsos.json("profile", "show")


def test_report_number_has_the_roman_month_and_the_year():
    assert report_number("R/Laphar/", date(2023, 12, 1), "7") == "R/Laphar/7/XII/2023"
    assert report_number("", date(2024, 4, 30), None) == "..../IV/2024"


NAMES = st.sampled_from(["Sugianto", "Dede Herman", "Wahyu", "Slamet Riyadi", "Agus"])
PEOPLE = st.sampled_from(["Harjanto", "Sumarni", "Paimin", "Ma'ruf", "Ni Made Sari"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(NAMES, PEOPLE, st.integers(6, 20)), min_size=1, max_size=6))
def test_for_any_day_every_babinsa_is_one_entry_and_every_visited_person_appears(rows):
    profile = {"koramil": "07/Gatak", "kodim": "0726/Sukoharjo", "provinsi": "Jawa Tengah"}
    visits = [
        {**new_visit({"pangkat": "Serka", "babinsa": name, "warga": person, "waktu": f"{hour:02d}.00",
                      "topik": "silaturahmi", "kecamatan": "Gatak", "koramil": "07/Gatak",
                      "provinsi": "Jawa Tengah"}, today=date(2023, 3, 16)), "id": i + 1}
        for i, (name, person, hour) in enumerate(rows)
    ]  # fmt: skip
    report = build_daily_report(visits, profile, date(2023, 3, 16))
    text = render_daily_report(report)
    names = {name for name, _, _ in rows}
    assert len(report.entri) == len(names)
    for number, entry in enumerate(report.entri, start=1):
        assert f"\n{number}. {entry.babinsa}" in text
    for name in names:
        assert text.count(f"Serka {name}") == 1
    for _, person, hour in rows:
        assert person in text and f"Pukul {hour:02d}.00 WIB" in text
