"""Start-up shortcuts of the real entry point: the top-level help from its cache, and only the
command being run built by typer. Each case runs `python -m komsos_cli` as a user's shell does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from komsos_cli.cli import app, for_this_run

SHOW_MODULES = (
    "import sys, komsos_cli; sys.argv = ['komsos', *sys.argv[1:]]; komsos_cli.main(); "
    "print(sorted(m for m in ('typer', 'tinydb', 'jinja2', 'rich') if m in sys.modules), "
    "file=sys.stderr)"
)


def run(*args: str, columns: str = "80", code: int = 0, **env: str):
    environment = {**os.environ, "COLUMNS": columns, **env}
    result = subprocess.run(
        [sys.executable, "-c", SHOW_MODULES, *args],
        env=environment,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == code, result.stderr
    *_, loaded = result.stderr.strip().splitlines() or [""]
    return result.stdout, loaded


def live_help(columns: str) -> str:
    """The page as typer renders it (in-process, through the whole app)."""
    result = subprocess.run(
        [sys.executable, "-c", "from komsos_cli.cli import app; app(['--help'])"],
        env={**os.environ, "COLUMNS": columns},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(autouse=True)
def away_from_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -c`/`-m` put the current folder first on sys.path: run where no komsos_cli/ is,
    so that the subprocesses use the same installed package as this test."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KOMSOS_CACHE_DIR", str(folder))
    return folder


def test_the_help_page_comes_from_its_cache_without_typer(cache):
    first, loaded_first = run("--help")
    assert "typer" in loaded_first  # rendered once
    assert [p.name.startswith("help-") for p in cache.iterdir()] == [True]
    second, loaded_second = run("--help")
    assert loaded_second == "[]"  # no typer, tinydb, jinja2 or rich
    no_args, _ = run()
    assert first == second == no_args == live_help("80")
    assert "Perintah:" in first and "add" in first and "rekap" in first


def test_another_width_gets_its_own_page(cache):
    wide, _ = run("--help", columns="80")
    narrow, loaded = run("--help", columns="50")
    assert "typer" in loaded  # not the 80-column page
    assert narrow == live_help("50") != wide
    assert max(len(line) for line in narrow.splitlines()) <= 50
    again, loaded = run("--help", columns="50")
    assert (again, loaded) == (narrow, "[]")


def test_an_unusable_cache_folder_still_gives_the_page(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KOMSOS_CACHE_DIR", str(blocker))
    for _ in range(2):
        page, loaded = run("-h")
        assert page == live_help("80") and "typer" in loaded


def test_the_cached_page_is_renewed_when_the_command_modules_change(cache):
    page, _ = run("--help")
    (cached,) = cache.iterdir()
    cached.write_text("halaman lama\n", encoding="utf-8")
    assert run("--help")[0] == "halaman lama\n"  # same key: the cache is trusted
    where = "import sys, komsos_cli.cli; print(sys.modules['komsos_cli.cli.app'].__file__)"
    located = subprocess.run([sys.executable, "-c", where], capture_output=True, text=True)
    assert located.returncode == 0, located.stderr
    module = Path(located.stdout.strip())  # the module the subprocesses load
    stat = module.stat()
    if not os.access(module, os.W_OK):
        pytest.skip("the installed modules are read-only here")
    try:  # what an upgrade in place does to the command modules
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert run("--help")[0] == page
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_command_runs_through_the_entry_point_with_global_options_first(tmp_path, sample_args):
    db = tmp_path / "lain.json"
    out, loaded = run("--db", str(db), "tambah", "--no-input", "--json", *sample_args)
    assert json.loads(out)["warga"] == "Harjanto"
    assert "jinja2" not in loaded  # an add renders no template
    listed, _ = run("--db", str(db), "list", "--json")
    assert [v["warga"] for v in json.loads(listed)] == ["Harjanto"]


def test_an_unknown_command_is_reported_against_every_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "komsos_cli", "--db", str(tmp_path / "x.json"), "rekapp"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Perintah 'rekapp' tidak dikenal" in result.stderr


@pytest.mark.parametrize(
    ("args", "commands", "groups"),
    [
        (["--db", "f.json", "add", "--warga", "x"], ["add"], []),
        (["--db=f.json", "lapor", "3"], ["lapor"], []),
        (["profile", "show"], [], ["profile"]),
        (["wilayah", "cari", "Krajan"], [], ["wilayah"]),
    ],
)
def test_only_the_command_named_is_built(args, commands, groups):
    trimmed = for_this_run(args)
    assert [c.name for c in trimmed.registered_commands] == commands
    assert [g.name for g in trimmed.registered_groups] == groups
    assert len(app.registered_commands) > 20  # the app itself is left whole


def test_the_whole_app_serves_unknown_commands_and_completion(monkeypatch):
    assert for_this_run(["lsit"]) is app
    monkeypatch.setenv("_KOMSOS_COMPLETE", "bash_complete")
    assert for_this_run(["add"]) is app


def test_a_command_after_a_double_dash_runs(tmp_path, sample_args):
    db = tmp_path / "db.json"
    out, _ = run("--db", str(db), "--", "add", "--no-input", "--json", *sample_args)
    assert json.loads(out)["warga"] == "Harjanto"
    listed, _ = run("--db", str(db), "--", "list", "--json")
    assert [v["warga"] for v in json.loads(listed)] == ["Harjanto"]
    assert [c.name for c in for_this_run(["--", "list"]).registered_commands] == ["list"]


def test_the_stand_in_commands_serve_only_an_explicit_help_page():
    assert for_this_run(["--db", "x.json"]) is app  # click's own answer to a missing command
    stubbed = for_this_run(["--db", "x.json", "--help"])
    assert stubbed is not app and len(stubbed.registered_commands) == len(app.registered_commands)


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_a_reader_that_left_gets_no_traceback(args, cache):
    read, write = os.pipe()
    os.close(read)  # nobody will read: the first write meets a broken pipe
    try:
        result = subprocess.run(
            [sys.executable, "-m", "komsos_cli", *args], stdout=write, stderr=subprocess.PIPE
        )
    finally:
        os.close(write)
    assert result.stderr == b""
    assert result.returncode == 1


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_a_closed_stdout_gets_no_traceback(args, cache):
    code = "import os, sys; os.close(1); sys.stdout = None; sys.argv[1:] = sys.argv[2:]; "
    code += "import komsos_cli; komsos_cli.main()"
    result = subprocess.run([sys.executable, "-c", code, "x", *args], capture_output=True)
    assert (result.returncode, result.stderr) == (0, b"")


def test_a_reader_that_left_a_command_gets_no_traceback(tmp_path, sample_args):
    db = tmp_path / "db.json"
    for _ in range(3):
        run("--db", str(db), "add", "--no-input", *sample_args)
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "komsos_cli", "--db", str(db), "list", "--json"],
            stdout=write,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (1, b"")
