"""What the office's Windows PC needs, checked on the paths that can be exercised here.

Windows cannot run on this machine; these tests drive the guards themselves: the retried
replace (a file another process has open for a moment) and streams that cannot encode every
character (a redirected stdout in a narrow code page).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from komsos_cli import fileio
from komsos_cli.errors import KomsosError


def test_replace_rides_over_a_moment_of_sharing_violation(tmp_path, monkeypatch):
    target = tmp_path / "komsos.json"
    target.write_bytes(b"lama")
    real_replace = os.replace
    refusals = []

    def busy_twice(src, dst):  # a reader holds the file open for two attempts
        if len(refusals) < 2:
            refusals.append(dst)
            raise PermissionError(13, "The process cannot access the file")
        real_replace(src, dst)

    monkeypatch.setattr(fileio, "REPLACE_RETRIES", 5)
    monkeypatch.setattr(fileio, "REPLACE_PAUSE", 0.0)
    monkeypatch.setattr(fileio.os, "replace", busy_twice)
    fileio.atomic_write_bytes(target, b"baru")
    assert target.read_bytes() == b"baru"
    assert len(refusals) == 2
    assert fileio.stale_temp_files(target) == []


def test_a_file_kept_open_fails_with_the_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "rekap.csv"
    target.write_bytes(b"lama")

    def always_busy(src, dst):  # Excel keeps the file open
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(fileio, "REPLACE_RETRIES", 3)
    monkeypatch.setattr(fileio, "REPLACE_PAUSE", 0.0)
    monkeypatch.setattr(fileio.os, "replace", always_busy)
    with pytest.raises(KomsosError, match="sedang dibuka program lain"):
        fileio.atomic_write_bytes(target, b"baru")
    assert target.read_bytes() == b"lama"
    assert fileio.stale_temp_files(target) == []


def test_a_stream_that_cannot_encode_a_name_does_not_stop_the_command(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "KOMSOS_DB": str(tmp_path / "db.json")}
    add = [sys.executable, "-m", "komsos_cli", "add", "--no-input", "--pangkat", "Serka",
           "--babinsa", "Sugianto", "--warga", "Ñoño Wénas", "--topik", "silaturahmi",
           "--kecamatan", "Gatak", "--tanggal", "2023-03-16"]  # fmt: skip
    subprocess.run(add, env=env, check=True, capture_output=True)
    shown = subprocess.run(
        [sys.executable, "-m", "komsos_cli", "show", "1"], env=env, capture_output=True
    )
    assert shown.returncode == 0, shown.stderr.decode()
    assert b"?o?o W?nas" in shown.stdout
