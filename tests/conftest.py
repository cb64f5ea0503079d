"""Shared fixtures: every test gets its own database and config folder under tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from komsos_cli.cli import app

WIDE = "200"


@pytest.fixture(scope="session")
def wilayah_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of the wilayah index for the whole run, never the user's own cache folder."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def komsos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wilayah_cache: Path) -> Path:
    """Point the database, config and cache folders at temp folders; fix rich's width."""
    monkeypatch.setenv("KOMSOS_CACHE_DIR", str(wilayah_cache))
    monkeypatch.setenv("KOMSOS_DB", str(tmp_path / "komsos.json"))
    monkeypatch.setenv("KOMSOS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KOMSOS_WIDTH", WIDE)
    monkeypatch.setenv("COLUMNS", WIDE)
    monkeypatch.setenv("KOMSOS_LOCK_TIMEOUT", "5")
    monkeypatch.delenv("KOMSOS_NO_INPUT", raising=False)
    return tmp_path


@pytest.fixture
def db_path(komsos_home: Path) -> Path:
    return komsos_home / "komsos.json"


class Komsos:
    """Runs the real CLI in-process, as a user would type it."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0):
        result = self.runner.invoke(app, [str(a) for a in args], input=input)
        if code is not None:
            assert result.exit_code == code, (
                f"exit {result.exit_code} != {code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
                + (f"\nexception: {result.exception!r}" if result.exception else "")
            )
        return result

    def json(self, *args: str) -> object:
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def komsos() -> Komsos:
    return Komsos()


SAMPLE = [
    "--pangkat", "Serka", "--babinsa", "Sugianto", "--koramil", "07/Gatak",
    "--kodim", "0726/Sukoharjo", "--tanggal", "2023-01-16", "--sapaan", "Bapak",
    "--warga", "Harjanto", "--umur", "52", "--pekerjaan", "pengrajin blangkon",
    "--desa", "Krajan", "--kecamatan", "Gatak", "--kabupaten", "Sukoharjo",
    "--provinsi", "Jawa Tengah", "--topik", "memberikan motivasi agar lebih produktif",
]  # fmt: skip


@pytest.fixture
def sample_args() -> list[str]:
    return list(SAMPLE)


@pytest.fixture
def add_sample(komsos: Komsos):
    def add(*extra: str) -> dict:
        return komsos.json("add", "--no-input", *SAMPLE, *extra)

    return add
