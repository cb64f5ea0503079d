"""Regressions for what a newcomer's walk through komsos found (one test per finding)."""

from __future__ import annotations

import os
import shlex
import signal
import stat
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from photo_support import KRAJAN, make_jpeg
from tests_support import Terminal

from komsos_cli.dates import BULAN, parse_month


def test_release_to_a_new_folder_typed_with_a_slash_makes_the_folder(komsos, add_sample, tmp_path):
    # README: `komsos rilis 5 -f html -o situs/` gives situs/rilis-5.html and the photos beside
    # it. With situs/ not there yet, the release used to become a *file* named "situs".
    photo = make_jpeg(tmp_path / "IMG_1.jpg", "2023:01:16 09:31:05", KRAJAN, size=(400, 300))
    add_sample("--foto", str(photo))
    web = tmp_path / "situs"
    komsos("release", "1", "-f", "html", "-o", f"{web}/")
    assert web.is_dir()
    assert sorted(p.name for p in web.iterdir()) == ["kunjungan-1-foto-1.jpg", "rilis-1.html"]
    assert "<figure" in (web / "rilis-1.html").read_text(encoding="utf-8")


def test_a_folder_for_a_one_file_release_is_refused_and_nothing_is_written(
    komsos, add_sample, tmp_path
):
    add_sample()
    out = komsos("release", "1", "-f", "whatsapp", "-o", f"{tmp_path / 'baru'}/", code=2)
    assert "menunjuk sebuah folder" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "baru").exists()
    out = komsos("release", "1", "-f", "html", "-o", f"{tmp_path / 'a' / 'b'}/", code=2)
    assert "tidak ada" in out.stderr and not (tmp_path / "a").exists()


def _init(komsos):
    komsos("init", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--nrp",
           "21100123", "--koramil", "07/Gatak", "--kodim", "0726/Sukoharjo", "--desa", "Krajan",
           "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo")  # fmt: skip


def test_a_missing_extra_is_installed_by_its_own_name_not_from_pypi_as_komsos(
    komsos, add_sample, tmp_path, monkeypatch
):
    # komsos is installed from its folder (README), so "pip install 'komsos[sandi]'" would look
    # for a package named komsos on PyPI. The message names the library itself, and '.[sandi]'.
    _init(komsos)
    add_sample()
    monkeypatch.setitem(sys.modules, "pyzipper", None)  # as if it were not installed
    monkeypatch.setenv("KOMSOS_SANDI", "rahasia-koramil")
    out = komsos("send", "--month", "2023-01", "--sandi", "-o", tmp_path / "k.komsos", code=None)
    assert out.exit_code != 0 and "Traceback" not in out.stderr
    assert "pip install pyzipper" in out.stderr and "pip install '.[sandi]'" in out.stderr
    assert "komsos[" not in out.stderr
    assert not (tmp_path / "k.komsos").exists()


def test_a_mistyped_tema_or_kegiatan_gets_its_likely_choice_and_nothing_is_saved(
    komsos, sample_args
):
    out = komsos("add", "--no-input", *sample_args, "--tema", "pertanain", code=2).stderr
    assert "Maksud Anda: pertanian?" in out and "Pilihan: umum" in out
    out = komsos("add", "--no-input", *sample_args, "--kegiatan", "anjangsna", code=2).stderr
    assert "Maksud Anda: anjangsana?" in out
    out = komsos("add", "--no-input", *sample_args, "--tema", "mancing", code=2).stderr
    assert "Maksud Anda" not in out and "tidak dikenal" in out
    assert "Belum ada kunjungan" in komsos("list").stdout


def test_the_hour_typed_as_jam_or_pukul_points_at_waktu(komsos):
    for typed in ("--jam", "--pukul"):
        out = komsos("add", "--no-input", typed, "09.30", code=2).stderr
        assert f"Opsi {typed} tidak dikenal. Maksud Anda: --waktu?" in out


@given(
    today=st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)),
    month=st.integers(1, 12),
    short=st.booleans(),
)
def test_a_month_named_without_its_year_is_the_latest_one_that_has_begun(today, month, short):
    # `komsos rekap --month desember`: the month as a Babinsa says it, like '3/12' for a day.
    word = BULAN[month - 1][:3] if short else BULAN[month - 1].upper()
    first, last = parse_month(word, today=today)
    assert first.month == month and first.day == 1 and last.month == month
    assert first <= today < date(first.year + 1, first.month, 1)


def test_month_words_on_the_command_line(komsos, add_sample):
    add_sample()  # 16 January 2023
    assert "1 kunjungan" in komsos("list", "--month", "Januari 2023").stdout
    out = komsos("list", "--month", "januar", code=2).stderr
    assert "'Januari 2023'" in out and "Traceback" not in out


def test_ctrl_c_in_init_keeps_what_was_typed_as_a_command_line(tmp_path):
    # Like `komsos add`: the answers typed before Ctrl-C come back as the line that stores them.
    env = {**os.environ, "KOMSOS_DB": str(tmp_path / "komsos.json"), "COLUMNS": "200"}
    t = Terminal(["init"], env, tmp_path)
    for question, answer in (("Pangkat", "serka"), ("Nama Babinsa", "Budi Santoso"),
                             ("NRP", "21100123"), ("Koramil", "07/Gatak"),
                             ("Kodim", "0726/Sukoharjo"), ("Desa binaan", "Krajan, Blimbing")):  # fmt: skip
        t.expect(question)
        t.send(answer)
    t.expect("Kecamatan")
    t.proc.send_signal(signal.SIGINT)  # as Ctrl-C does
    assert t.wait() != 0
    line = t.screen[t.screen.index("komsos init --no-input") :].splitlines()[0]
    assert "Traceback" not in t.screen
    assert line == (
        "komsos init --no-input --pangkat serka --babinsa 'Budi Santoso' --nrp 21100123 "
        "--koramil 07/Gatak --kodim 0726/Sukoharjo --desa Krajan --desa Blimbing"
    )
    # The line stores the profile as answered.
    done = subprocess.run(
        [sys.executable, "-m", "komsos_cli", *shlex.split(line)[1:], "--kecamatan", "Gatak"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    profile = subprocess.run(
        [sys.executable, "-m", "komsos_cli", "profile", "show", "--json"],
        env=env, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert '"Budi Santoso"' in profile and "Blimbing" in profile


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_send_file_is_private_like_an_export(komsos, add_sample, tmp_path):
    # The .komsos file holds every visit of the month (names of warga), as an export does.
    _init(komsos)
    add_sample()
    out = tmp_path / "kirim.komsos"
    komsos("send", "--month", "2023-01", "-o", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
