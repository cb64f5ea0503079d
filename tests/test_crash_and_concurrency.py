"""Real processes: SIGKILL in the middle of writes, and many `komsos add` at the same time."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL dan fsync folder khusus POSIX")

ADD_ARGS = [
    "add", "--no-input", "--json", "--pangkat", "Serka", "--babinsa", "Sugianto",
    "--kecamatan", "Gatak", "--topik", "silaturahmi dengan warga",
]  # fmt: skip

WRITER = textwrap.dedent(
    """
    import sys
    from komsos_cli.models import new_visit
    from komsos_cli.storage import Store

    store = Store(sys.argv[1])
    profile = {"pangkat": "Serka", "babinsa": "Sugianto", "kecamatan": "Gatak"}
    i = 0
    while True:
        i += 1
        record = new_visit({"warga": f"Warga {i}", "topik": "x" * 400}, profile)
        with store.write(backup="ubah" if i % 7 == 0 else None) as db:
            db.add(record)
            if i % 5 == 0:
                first = db.visits()[0]
                db.replace(first["id"], {**first, "catatan": f"ubah {i}"})
        print(record["uuid"], flush=True)
    """
)


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "KOMSOS_DB": str(db), "KOMSOS_LOCK_TIMEOUT": "60"}


def _seed(db: Path, count: int) -> set[str]:
    """A database that already holds ``count`` visits, so each write takes a while."""
    from komsos_cli.models import new_visit
    from komsos_cli.storage import Store

    profile = {"pangkat": "Serka", "babinsa": "Sugianto", "kecamatan": "Gatak"}
    records = [new_visit({"warga": f"Awal {i}", "topik": "y" * 300}, profile) for i in range(count)]
    with Store(db).write() as handle:
        handle.merge(records)
    return {r["uuid"] for r in records}


def _stored_uuids(db: Path) -> set[str]:
    data = json.loads(db.read_text(encoding="utf-8"))  # must parse after every kill
    return {doc["uuid"] for doc in data["kunjungan"].values()}


def test_sigkill_during_writes_never_loses_a_committed_visit(tmp_path):
    db = tmp_path / "komsos.json"
    committed = _seed(db, 2000)
    rng = random.Random(20230116)
    kills = 0
    for _ in range(25):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db)],
            stdout=subprocess.PIPE, env=_env(db), cwd=tmp_path, text=True,
        )  # fmt: skip
        time.sleep(rng.uniform(0.25, 0.9))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        kills += proc.returncode == -signal.SIGKILL
        committed |= set(out.split())
        assert committed <= _stored_uuids(db)
    assert kills >= 20
    # More than the seed was written, so the kills really hit a busy writer.
    assert len(_stored_uuids(db)) > 2000


def test_sigkill_of_cli_add_keeps_every_returned_visit(tmp_path):
    db = tmp_path / "komsos.json"
    committed = _seed(db, 1000)
    rng = random.Random(7)
    for i in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-m", "komsos_cli", *ADD_ARGS, "--warga", f"Warga {i}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(db), cwd=tmp_path, text=True,
        )  # fmt: skip
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        if proc.returncode == 0:
            committed.add(json.loads(out)["uuid"])
        else:
            assert proc.returncode == -signal.SIGKILL, err
        assert committed <= _stored_uuids(db)
    # The next ordinary command still works on the same file.
    ok = subprocess.run(
        [sys.executable, "-m", "komsos_cli", *ADD_ARGS, "--warga", "Terakhir"],
        capture_output=True, env=_env(db), cwd=tmp_path, text=True,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["uuid"] in _stored_uuids(db)


def test_many_concurrent_adds_all_land(tmp_path):
    db = tmp_path / "komsos.json"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "komsos_cli", *ADD_ARGS, "--warga", f"Warga {i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(db),
            cwd=tmp_path,
            text=True,
        )  # fmt: skip
        for i in range(12)
    ]
    uuids = set()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        uuids.add(json.loads(out)["uuid"])
    assert len(uuids) == 12
    assert _stored_uuids(db) == uuids
    data = json.loads(db.read_text(encoding="utf-8"))
    assert sorted(int(k) for k in data["kunjungan"]) == list(range(1, 13))
