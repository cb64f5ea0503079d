"""Every core command and alias through the real CLI, including its error paths."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import ALIASES

from komsos_cli import __version__


def test_version_and_module_entry_point(komsos, tmp_path):
    assert komsos("--version").stdout.strip() == f"komsos {__version__}"
    run = subprocess.run(
        [sys.executable, "-m", "komsos_cli", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0 and run.stdout.strip() == f"komsos {__version__}"


def test_help_is_indonesian(komsos):
    out = komsos("--help").stdout
    assert "Cara pakai" in out and "Perintah" in out and "Opsi" in out
    assert "Usage" not in out and "Show this message" not in out
    add_help = komsos("add", "--help").stdout
    assert "Catat satu kunjungan" in add_help and "--kutipan-warga" in add_help


def test_no_arguments_shows_help(komsos):
    assert "Cara pakai" in komsos().stdout


@pytest.mark.parametrize("english, alias", ALIASES)
def test_aliases_run_the_same_command(komsos, english, alias):
    def flags(name):
        return re.findall(r"--[a-z][a-z-]*", komsos(name, "--help").stdout)

    assert flags(english) == flags(alias) and len(flags(alias)) >= 1


def test_add_with_flags_then_list_show_json(komsos, add_sample):
    stored = add_sample("--rt", "3", "--rw", "4")
    assert stored["id"] == 1 and stored["rt"] == "03" and stored["pangkat"] == "Serka"
    listed = komsos.json("list")
    assert [v["uuid"] for v in listed] == [stored["uuid"]]
    assert komsos.json("show", "1") == stored
    table = komsos("list").stdout
    assert "Harjanto" in table and "16/01/2023" in table and "1 kunjungan" in table
    shown = komsos("show", stored["uuid"][:8]).stdout
    assert "pengrajin blangkon" in shown and "Jawa Tengah" in shown


def test_add_without_required_fields_names_them_all_and_stores_nothing(komsos, db_path):
    result = komsos("add", "--no-input", "--warga", "Harjanto", code=2)
    for name in ("pangkat", "babinsa", "topik", "desa atau kecamatan"):
        assert name in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not db_path.exists()


def test_add_without_terminal_never_prompts(komsos, db_path):
    # CliRunner gives no terminal: even without --no-input, nothing is asked.
    result = komsos("add", "--warga", "Harjanto", input="Serka\n", code=2)
    assert "Data wajib belum diisi" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize(
    "flag, value, words",
    [
        ("--tanggal", "31/02/2023", "tidak ada di kalender"),
        ("--tanggal", "besok pagi", "tidak dikenali"),
        ("--pangkat", "Jenderal Besar", "tidak dikenal"),
        ("--rt", "abc", "RT"),
        ("--umur", "200", "Umur"),
        ("--kegiatan", "rapat", "Pilihan"),
        ("--tema", "olahraga", "Pilihan"),
        ("--koordinat", "48.8566, 2.3522", "luar wilayah Indonesia"),
        ("--pendamping", "Dede", "jabatan atau pangkat"),
        ("--provinsi", "Jawa Tenga", "Maksud Anda"),
        ("--waktu", "25.00", "Waktu"),
    ],
)
def test_bad_values_exit_2_with_reason(komsos, sample_args, db_path, flag, value, words):
    result = komsos("add", "--no-input", *sample_args, flag, value, code=2)
    assert words in result.stderr and result.stderr.startswith("Galat:")
    assert not db_path.exists()


def test_profile_defaults_fill_a_visit(komsos):
    komsos("init", "--no-input", "--pangkat", "serka", "--babinsa", "SUGIANTO", "--nrp", "21100123",
           "--koramil", "Koramil 07 Gatak", "--kodim", "0726/Sukoharjo", "--desa", "Krajan",
           "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo", "--provinsi", "Jawa Tengah")  # fmt: skip
    profile = komsos.json("profile", "show")
    assert profile["pangkat"] == "Serka" and profile["babinsa"] == "Sugianto"
    assert profile["koramil"] == "07/Gatak" and profile["desa"] == ["Krajan"]
    visit = komsos.json("add", "--no-input", "--warga", "Harjanto", "--topik", "silaturahmi")
    for key in (
        "pangkat",
        "babinsa",
        "nrp",
        "koramil",
        "kodim",
        "desa",
        "kecamatan",
        "kabupaten",
        "provinsi",
    ):
        assert visit[key] == (profile[key][0] if key == "desa" else profile[key])


def test_profile_set_and_show(komsos):
    komsos("profile", "set", "pangkat", "sertu")
    komsos("profil", "ubah", "babinsa", "budi santoso")
    komsos("profile", "set", "kota", "Surakarta")
    komsos("profile", "set", "kelurahan", "Sondakan, Laweyan")
    profile = komsos.json("profile", "show")
    assert profile["pangkat"] == "Sertu" and profile["babinsa"] == "Budi Santoso"
    assert profile["kabupaten"] == "Surakarta" and profile["jenis_kabupaten"] == "Kota"
    assert profile["desa"] == ["Sondakan", "Laweyan"] and profile["jenis_desa"] == "Kelurahan"
    shown = komsos("profile", "show").stdout
    assert "Kota Surakarta" in shown and "Sondakan, Laweyan" in shown
    bad = komsos("profile", "set", "hobi", "mancing", code=2)
    assert "tidak dikenal" in bad.stderr
    komsos("profile", "set", "pangkat", "Jenderal Besar", code=2)


def test_init_requires_rank_and_name_without_terminal(komsos, db_path):
    result = komsos("init", "--no-input", "--nrp", "123456", code=2)
    assert "pangkat" in result.stderr and "babinsa" in result.stderr
    assert not db_path.exists()


def test_kelurahan_and_kota_flags(komsos, sample_args):
    for flag in ("--desa", "--kabupaten", "--kecamatan"):
        i = sample_args.index(flag)
        del sample_args[i : i + 2]
    sample_args += ["--kecamatan", "Laweyan"]
    both = komsos(
        "add", "--no-input", *sample_args, "--desa", "Krajan", "--kelurahan", "Sondakan", code=2
    )
    assert "jangan keduanya" in both.stderr
    visit = komsos.json(
        "add", "--no-input", *sample_args, "--kelurahan", "Sondakan", "--kota", "Surakarta"
    )
    assert (visit["jenis_desa"], visit["desa"]) == ("Kelurahan", "Sondakan")
    assert (visit["jenis_kabupaten"], visit["kabupaten"]) == ("Kota", "Surakarta")
    typed = komsos.json(
        "add",
        "--no-input",
        *sample_args,
        "--desa",
        "Kel. Sondakan",
        "--kabupaten",
        "Kota Surakarta",
    )
    assert typed["jenis_desa"] == "Kelurahan" and typed["jenis_kabupaten"] == "Kota"


def test_group_visit_and_repeatable_flags(komsos, sample_args, tmp_path):
    from photo_support import make_jpeg

    photo = make_jpeg(tmp_path / "a.jpg", "2023:01:16 09:31:05")
    args = [a for a in sample_args]
    i = args.index("--warga")
    del args[i : i + 2]
    visit = komsos.json("add", "--no-input", *args, "--kelompok", "Para pengrajin batu bata",
                        "--pendamping", "kopda dede herman", "--pendamping", "Bripka Joko",
                        "--foto", str(photo))  # fmt: skip
    assert visit["kelompok"] == "para pengrajin batu bata"
    assert visit["pendamping"] == ["Kopda Dede Herman", "Bripka Joko"]
    assert [f["nama"] for f in visit["foto"]] == ["a.jpg"]


def test_list_filters(komsos, add_sample):
    add_sample("--tanggal", "2023-01-16", "--desa", "Krajan", "--tema", "usaha")
    add_sample(
        "--tanggal",
        "2023-02-03",
        "--desa",
        "Blimbing",
        "--kegiatan",
        "sambang",
        "--topik",
        "membahas ketahanan pangan",
    )
    add_sample("--tanggal", "2023-02-20", "--desa", "Krajan", "--kegiatan", "anjangsana")

    def ids(*args):
        return [v["id"] for v in komsos.json("list", *args)]

    assert ids() == [1, 2, 3]
    assert ids("--month", "2023-02") == [2, 3]
    assert ids("--from", "2023-01-20", "--to", "20/02/2023") == [2, 3]
    assert ids("--desa", "krajan") == [1, 3]
    assert ids("--kegiatan", "sambang") == [2]
    assert ids("--tema", "usaha") == [1]
    assert ids("--search", "KETAHANAN") == [2]
    assert ids("--limit", "2") == [2, 3]
    assert "Tidak ada kunjungan yang cocok (dari 3" in komsos("list", "--month", "2020-01").stdout
    assert "2023-13" in komsos("list", "--month", "2023-13", code=2).stderr
    komsos("list", "--from", "2023-03-01", "--to", "2023-01-01", code=2)
    komsos("list", "--month", "2023-01", "--from", "2023-01-01", code=2)
    komsos("list", "--kegiatan", "rapat", code=2)
    assert "bilangan bulat" in komsos("list", "--limit", "x", code=2).stderr


def test_edit_changes_only_given_fields_and_backs_up(komsos, add_sample, db_path):
    before = add_sample("--umur", "52")
    after = komsos.json("edit", "1", "--umur", "53", "--rt", "7")
    assert after["umur"] == 53 and after["rt"] == "07"
    assert {k: v for k, v in after.items() if k not in ("umur", "rt", "diubah")} == {
        k: v for k, v in before.items() if k not in ("umur", "diubah")
    }
    assert after["diubah"] >= before["diubah"]
    assert list(db_path.parent.glob("komsos.json.backup/*ubah*.json"))
    assert "Tidak ada yang diubah" in komsos("edit", "1", code=2).stderr
    komsos("edit", "1", "--topik", "", code=2)  # a required field cannot be emptied
    komsos("ubah", "99", "--umur", "3", code=2)
    assert komsos.json("show", "1")["umur"] == 53


def test_delete_asks_and_yes_skips(komsos, add_sample, db_path):
    add_sample()
    add_sample()
    result = komsos("delete", "1", code=2)  # no terminal, no --yes: refuse
    assert "--yes" in result.stderr
    assert len(komsos.json("list")) == 2
    komsos("hapus", "1", "--yes")
    assert [v["id"] for v in komsos.json("list")] == [2]
    backups = list((db_path.parent / "komsos.json.backup").glob("*hapus*.json"))
    assert len(backups) == 1
    assert len(json.loads(backups[0].read_text())["kunjungan"]) == 2
    komsos("delete", "1", "--yes", code=2)


def test_show_unknown_id(komsos):
    assert "tidak ditemukan" in komsos("show", "5", code=2).stderr


def test_backup_restore_cycle(komsos, add_sample, db_path):
    add_sample()
    assert "Belum ada cadangan" in komsos("backup", "--list").stdout
    komsos("backup")
    add_sample()
    assert len(komsos.json("list")) == 2
    komsos("restore", code=2)  # asks first; no terminal
    komsos("pulihkan", "--yes")
    assert len(komsos.json("list")) == 1
    listed = komsos("backup", "--list").stdout.split()
    assert len(listed) == 2  # the manual one and the copy taken before restoring


def test_damaged_database_is_reported_not_overwritten(komsos, add_sample, db_path):
    add_sample()
    komsos("backup")
    db_path.write_bytes(b"")
    result = komsos(
        "add",
        "--no-input",
        "--warga",
        "X",
        "--topik",
        "y",
        "--pangkat",
        "Serka",
        "--babinsa",
        "A",
        "--kecamatan",
        "B",
        code=1,
    )
    assert (
        "rusak" in result.stderr
        and str(db_path) in result.stderr
        and "komsos restore" in result.stderr
    )
    assert db_path.read_bytes() == b""
    komsos("restore", "--yes")
    assert len(komsos.json("list")) == 1


def test_db_option_overrides_environment(komsos, sample_args, tmp_path):
    other = tmp_path / "lain" / "data.json"
    other.parent.mkdir()
    komsos("--db", str(other), "add", "--no-input", *sample_args)
    assert other.exists()
    assert komsos.json("list") == []


def test_busy_database(komsos, sample_args, db_path, monkeypatch):
    from filelock import FileLock

    monkeypatch.setenv("KOMSOS_LOCK_TIMEOUT", "0.2")
    with FileLock(str(db_path) + ".lock"):
        result = komsos("add", "--no-input", *sample_args, code=1)
    assert "sedang dipakai" in result.stderr


def test_an_unquoted_value_with_a_space_is_explained(komsos, sample_args):
    err = komsos("add", "--no-input", *sample_args, "--tanggal", "hari", "ini", code=2).stderr
    assert "Argumen berlebih: ini" in err and '--tanggal "hari ini"' in err
    assert "Got unexpected" not in err


@pytest.mark.parametrize("command", ["release", "report", "export", "rekap", "add", "list"])
def test_help_has_no_english_markers_even_where_click_wraps_them(komsos, monkeypatch, command):
    for width in ("50", "80"):
        monkeypatch.setenv("COLUMNS", width)
        text = komsos(command, "--help").stdout
        for english in ("[default:", "default:", "[env var", "[required]", "Options:", "Usage:"):
            assert english not in " ".join(text.split()), (english, text)


def test_usage_errors_are_indonesian(komsos):
    assert "Perintah 'lsit' tidak dikenal" in komsos("lsit", code=2).stderr
    assert "Opsi --bogus tidak dikenal" in komsos("add", "--bogus", code=2).stderr
    assert (
        "Argumen ID wajib diisi" in komsos("show", code=2).stderr
        or "ID" in komsos("show", code=2).stderr
    )


def test_demo_runs_on_a_temporary_database(komsos, db_path):
    out = komsos("demo").stdout
    assert "Harjanto" in out and "Senin 16/01/2023" in out
    assert "Senin (16/01/2023)" in out  # the release's dateline lead
    assert "Ijin melaporkan" in out and "09.30 WIB" in out  # the report to the Danramil
    assert not db_path.exists()


def test_indonesian_aliases_do_the_work(komsos, sample_args):
    stored = json.loads(komsos("tambah", "--no-input", "--json", *sample_args).stdout)
    assert [v["id"] for v in json.loads(komsos("daftar", "--json").stdout)] == [stored["id"]]
    assert json.loads(komsos("lihat", "1", "--json").stdout)["uuid"] == stored["uuid"]


def test_init_accepts_desa_as_a_comma_list_or_repeated(komsos):
    komsos(
        "init",
        "--no-input",
        "--pangkat",
        "Serka",
        "--babinsa",
        "Sugianto",
        "--desa",
        "Krajan, blimbing",
        "--desa",
        "Trosemi",
    )
    assert komsos.json("profile", "show")["desa"] == ["Krajan", "Blimbing", "Trosemi"]


def test_a_release_gets_ordinary_permissions_and_the_database_private_ones(
    komsos, sample_args, db_path, tmp_path
):
    import os

    komsos("add", "--no-input", *sample_args)
    komsos("release", "1", "-o", tmp_path / "rilis.txt")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "rilis.txt").stat().st_mode & 0o777 == 0o666 & ~mask
    assert db_path.stat().st_mode & 0o777 == 0o600  # residents' names (issue 11 item 12)


def test_click_reasons_are_translated(komsos, add_sample, tmp_path):
    add_sample()
    folder = tmp_path / "folder"
    folder.mkdir()
    out = komsos("report", "1", "-o", str(folder), code=2).stderr
    assert "adalah folder, bukan file" in out and "is a directory" not in out
    # A release takes a folder only for HTML (the HTML and its photos go in it).
    out = komsos("release", "1", "-o", str(folder), code=2).stderr
    assert "adalah folder" in out and "is a directory" not in out
    out = komsos("release", "1", "--variant", "-1", code=2).stderr
    assert "di luar batas" in out and "not in the range" not in out


def test_profile_show_names_the_database_file(komsos, db_path):
    assert str(db_path) in komsos("profile", "show").stdout
    komsos("profile", "set", "pangkat", "Serka")
    assert str(db_path) in komsos("profile", "show").stdout


def test_damaged_json_is_described_in_indonesian(komsos, db_path):
    db_path.write_text('{"kunjungan": {"1": {"warga": "Har', encoding="utf-8")
    err = komsos("list", code=1).stderr
    assert "rusak mulai baris 1" in err and "Unterminated" not in err


def test_list_fits_a_narrow_terminal_one_line_per_visit(komsos, add_sample, monkeypatch):
    add_sample(
        "--topik", "memberikan motivasi agar memasarkan blangkon lewat media daring dan pameran"
    )
    add_sample("--kelompok", "para pengrajin batu bata dari dukuh sebelah")
    monkeypatch.setenv("KOMSOS_WIDTH", "60")
    lines = komsos("list").stdout.splitlines()
    assert all(len(line) <= 60 for line in lines)
    body = [line for line in lines if line.startswith("│")]
    assert len(body) == 2  # one line per visit, nothing wrapped
    assert "16/01/2023" in body[0]
    monkeypatch.setenv("KOMSOS_WIDTH", "200")
    wide = komsos("list").stdout
    assert "Babinsa" in wide and "Serka Sugianto" in wide


@pytest.mark.parametrize("width", [40, 50, 60, 72, 80, 100, 120, 160])
def test_list_at_any_width_fits_and_keeps_the_visit_numbers(komsos, add_sample, monkeypatch, width):
    long_topic = "memberikan motivasi agar memasarkan blangkon lewat media daring dan pameran " * 2
    for n in range(12):
        add_sample("--topik", long_topic if n % 2 else "ronda malam", "--warga", f"Warga {n}")
    monkeypatch.setenv("KOMSOS_WIDTH", str(width))
    lines = komsos("list").stdout.splitlines()
    assert all(len(line) <= width for line in lines)
    body = [line for line in lines if line.startswith("│")]
    numbers = [line.split("│")[1].strip() for line in body]
    assert numbers == [str(n) for n in range(1, 13)]  # never cut, one line per visit
    assert all("16/01/2023" in line for line in body)


def test_empty_list_points_to_add(komsos):
    assert "komsos add" in komsos("list").stdout


def test_version_is_answered_without_loading_typer(tmp_path):
    probe = (
        "import sys; sys.argv = ['komsos', '--version']; import komsos_cli; komsos_cli.main(); "
        "print(sorted(m for m in ('typer', 'rich', 'tinydb', 'jinja2') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.stdout.splitlines() == [f"komsos {__version__}", "[]"]


def test_help_does_not_load_rich_or_the_core(tmp_path):
    probe = (
        "import sys, contextlib, io; sys.argv = ['komsos', 'add', '--help']\n"
        "from komsos_cli.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):\n"
        "    main()\n"
        "print('--kutipan-warga' in out.getvalue(), sorted(m for m in ('rich', 'tinydb', 'jinja2', 'komsos_cli.models') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.stdout.strip() == "True []", run.stderr


def test_a_db_in_a_folder_that_does_not_exist_is_refused_not_created(komsos, tmp_path, sample_args):
    missing = tmp_path / "salah-ketik" / "komsos.json"
    for args in (["list"], ["add", "--no-input", *sample_args]):
        err = komsos("--db", missing, *args, code=2).stderr
        assert f"Folder {missing.parent} tidak ada" in err
    assert not missing.parent.exists()


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_folder_komsos_cannot_write_is_named_not_called_busy(komsos, sample_args, monkeypatch):
    monkeypatch.setenv("KOMSOS_LOCK_TIMEOUT", "30")  # the old message came only after waiting
    err = komsos("--db", "/proc/komsos.json", "add", "--no-input", *sample_args, code=1).stderr
    assert "Tidak bisa menulis di folder /proc" in err and "sedang dipakai" not in err


def test_system_reasons_are_indonesian():
    import errno

    from komsos_cli.errors import os_reason

    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "tidak ada izin"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "ruang penyimpanan penuh"
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == (
        "Invalid cross-device link"
    )  # a rare one keeps the system's words rather than nothing


def test_edit_help_promises_no_defaults_that_edit_does_not_apply(komsos):
    edit = " ".join(komsos("edit", "--help").stdout.split())
    add = " ".join(komsos("add", "--help").stdout.split())
    for note in ("Bawaan: hari ini", "bawaan dari profil", "komsos (bawaan)"):
        assert note in add and note not in edit
    assert "--tanggal" in edit and "--pangkat" in edit


def test_a_hand_edited_database_never_gives_a_traceback(komsos, add_sample, db_path, monkeypatch):
    add_sample()
    add_sample("--warga", "Paimin")
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["kunjungan"]["1"]["tanggal"] = "16/01/2023"  # typed by hand the way people write it
    data["kunjungan"]["2"]["tanggal"] = 20230116
    db_path.write_text(json.dumps(data), encoding="utf-8")
    listed = komsos("list").stdout
    assert "16/01/2023" in listed and "20230116" in listed
    assert "20230116" in komsos("show", "2").stdout  # shown as it is, not a crash
    assert "tidak sah" in komsos("release", "1", code=2).stderr
    data["kunjungan"]["2"] = ["bukan", "kunjungan"]
    db_path.write_text(json.dumps(data), encoding="utf-8")
    result = komsos("list", code=1)
    assert "Terjadi kesalahan yang tidak terduga" in result.stderr
    assert "komsos restore" in result.stderr and "Traceback" not in result.stderr
    monkeypatch.setenv("KOMSOS_DEBUG", "1")
    assert isinstance(komsos("list", code=None).exception, TypeError)  # details for developers
