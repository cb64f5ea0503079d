"""How many of N writers at once time out waiting for the database lock.

A Koramil laptop where several Babinsa log their visits at the end of the day, or a script
that replays a day's --no-input lines, is a queue of writers on one file. This starts N
`komsos add --no-input` processes at the same moment on a database of SIZE visits, with the
lock wait komsos uses by default (KOMSOS_LOCK_TIMEOUT unset), and counts how many gave up.

    python bench/bench_lock_queue.py --size 20000 --writers 30
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ADD = [
    "add", "--no-input", "--pangkat", "Serka", "--babinsa", "Sugianto", "--kecamatan", "Gatak",
    "--desa", "Krajan", "--warga", "Harjanto", "--topik", "silaturahmi dengan warga",
    "--tanggal", "2025-12-31",
]  # fmt: skip


def seed(path: Path, size: int) -> None:
    from komsos_cli.models import new_visit
    from komsos_cli.storage import Store

    profile = {"pangkat": "Serka", "babinsa": "Sugianto", "kecamatan": "Gatak", "desa": "Krajan"}
    records = [
        new_visit({"warga": f"Warga {i}", "topik": "silaturahmi " + "x" * 300}, profile)
        for i in range(size)
    ]
    with Store(path).write() as db:
        db.merge(records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--timeout", default=None, help="KOMSOS_LOCK_TIMEOUT (default: unset)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="komsos-lock-"))
    try:
        db = folder / "komsos.json"
        seed(db, args.size)
        env = {k: v for k, v in os.environ.items() if k != "KOMSOS_LOCK_TIMEOUT"}
        env.update(KOMSOS_DB=str(db), KOMSOS_CONFIG_DIR=str(folder / "config"))
        if args.timeout is not None:
            env["KOMSOS_LOCK_TIMEOUT"] = args.timeout
        start = time.monotonic()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "komsos_cli", *ADD],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )  # fmt: skip
            for _ in range(args.writers)
        ]
        timed_out = failed = 0
        for proc in procs:
            _, err = proc.communicate()
            if proc.returncode:
                if "sedang dipakai" in err.decode("utf-8", "replace"):
                    timed_out += 1
                else:
                    failed += 1
        wall = time.monotonic() - start
        from komsos_cli.storage import Store

        with Store(db).read() as handle:
            stored = len(handle.visits()) - args.size
        print(
            f"{args.writers} writers on {args.size:,} visits: {timed_out} timed out, "
            f"{failed} failed otherwise, {stored} stored, {wall:.1f} s in all "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
