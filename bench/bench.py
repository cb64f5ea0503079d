"""Whole-process benchmark of the komsos CLI on databases of years of visits.

Run from the repository root with the project's Python::

    python bench/bench.py [--sizes 1000,10000,100000] [--runs 5] [--out bench/results.json]

For every size it writes a realistic database through the project's own storage API (twenty
Babinsa of one Koramil, several desa each, dates over five years, sentences of the length people
type) and a JSON Lines file of the same visits, then runs each command as a separate process, the
way a user does, and reports the median wall time, CPU time (user + system) and peak resident
memory of the process (``/usr/bin/time``-style, from ``os.wait4`` in a small launcher process).
Commands that write (add, import) get a fresh copy of their database before every run, outside
the timing. Commands this version of komsos does not have yet are reported as ``n/a``. The load
average before and after is printed and saved: on a busy machine wall and CPU times both grow,
so compare with the ``python -c 'import typer'`` row of the same run.

Nothing here depends on anything outside the standard library and komsos itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from komsos_cli import __version__  # noqa: E402
from komsos_cli.storage import Store  # noqa: E402

# --- the data ------------------------------------------------------------------------------------

FIRST_PERIOD = date(2021, 1, 1)
LAST_PERIOD = date(2025, 12, 31)  # five years of visits
MONTH = "2023-06"  # the month `list` and `rekap` are asked for

KORAMIL = "07/Gatak"
KODIM = "0726/Sukoharjo"
KECAMATAN = "Gatak"
KABUPATEN = "Sukoharjo"
PROVINSI = "Jawa Tengah"
DESA = (
    "Krajan", "Blimbing", "Geneng", "Jati", "Klaseman", "Luwang", "Mayang", "Njamal",
    "Sanggung", "Sraten", "Tempel", "Trosemi", "Wironanggan", "Trangsan",
)  # fmt: skip
DUKUH = (
    "Kauman", "Ngasinan", "Krapyak", "Sidorejo", "Gumuk", "Plosorejo", "Tegalsari", "Kedungsari",
    "Pucangan", "Jetis", "Bendo", "Karangasem", "Ngemplak", "Sambirejo",
)  # fmt: skip
PANGKAT = ("Serda", "Sertu", "Serka", "Serma", "Pelda", "Peltu", "Kopka", "Koptu")
PENDAMPING_PANGKAT = ("Kopda", "Koptu", "Praka", "Pratu", "Bripka", "Aipda", "Brigpol")
NAMA_DEPAN = (
    "Sugianto", "Agus", "Budi", "Joko", "Slamet", "Wahyu", "Eko", "Bambang", "Heru", "Sutrisno",
    "Dwi", "Tri", "Yoga", "Rudi", "Andi", "Supriyadi", "Suparman", "Mulyono", "Hartono",
    "Purwanto", "Darmaji", "Sri", "Siti", "Wahyuni", "Endang", "Sumarni", "Tutik", "Lestari",
    "Rini", "Ratna", "Dewi", "Yuliana", "Ngatini", "Painem", "Harjanto", "Kasno", "Warsito",
    "Paimin", "Sukirman", "Wagiman", "Muhammad", "Ahmad", "Nur", "Fajar", "Ilham", "Rizky",
)  # fmt: skip
NAMA_BELAKANG = (
    "", "", "", "Santoso", "Prasetyo", "Wibowo", "Saputra", "Nugroho", "Setiawan", "Hidayat",
    "Kurniawan", "Susanto", "Purnomo", "Handayani", "Rahayu", "Wulandari", "Lestari", "Utomo",
    "Pratama", "Gunawan", "Firmansyah", "Ma'ruf", "Suryadi", "Haryanto",
)  # fmt: skip
PEKERJAAN = (
    ("pengrajin blangkon", "tutup kepala tradisional khas Jawa gaya Surakarta", "usaha"),
    ("petani padi", "mengolah sawah seluas setengah hektar di pinggir desa", "pertanian"),
    ("peternak kambing", "memelihara tiga puluh ekor kambing etawa", "pertanian"),
    ("pedagang sayur keliling", "berjualan setiap pagi di tiga dukuh", "usaha"),
    ("pembudidaya ikan lele", "mengelola enam kolam terpal di belakang rumah", "perikanan"),
    ("pengrajin rotan", "membuat kursi dan keranjang untuk dijual ke luar daerah", "usaha"),
    ("kader posyandu", "aktif menimbang balita setiap bulan", "kesehatan"),
    ("ketua RT", "mengoordinasikan ronda malam warga", "kamtibmas"),
    ("pemilik warung makan", "menjual nasi liwet dan wedang jahe", "usaha"),
    ("buruh tani", "menggarap sawah milik tetangga saat musim tanam", "pertanian"),
    ("penjahit", "menerima pesanan seragam sekolah dan kebaya", "usaha"),
    ("tukang batu", "sering membantu pembangunan rumah warga", "gotong-royong"),
)  # fmt: skip
KELOMPOK = (
    ("para pengrajin batu bata", "usaha"),
    ("kelompok tani Sido Makmur", "pertanian"),
    ("ibu-ibu PKK", "kesehatan"),
    ("warga yang sedang kerja bakti membersihkan saluran irigasi", "gotong-royong"),
    ("pemuda karang taruna", "sosial"),
    ("peserta ronda malam", "kamtibmas"),
)  # fmt: skip
KEGIATAN = ("komsos", "komsos", "komsos", "anjangsana", "sambang", "pendampingan", "karya-bakti")
TOPIK_AWAL = (
    "memberikan motivasi agar", "mengajak warga supaya", "menyampaikan pesan agar",
    "berdiskusi tentang cara agar", "memberikan saran dan masukan supaya",
    "mendengarkan keluhan warga sekaligus mengingatkan agar",
)  # fmt: skip
TOPIK_ISI = (
    "lebih produktif dan memanfaatkan media daring untuk memasarkan hasil usahanya",
    "menjaga kebersihan lingkungan dan saluran air menjelang musim penghujan",
    "memakai pupuk berimbang dan melaporkan bila ada serangan hama wereng",
    "aktif mengikuti kegiatan posyandu dan pemeriksaan kesehatan bagi lansia",
    "tetap menjaga kerukunan antarwarga dan tidak mudah terpancing berita bohong",
    "mengaktifkan kembali ronda malam demi keamanan dan ketertiban lingkungan",
    "menjaga kualitas air kolam agar panen ikan tidak terganggu penyakit",
    "bergotong royong memperbaiki jalan desa yang rusak akibat hujan",
)  # fmt: skip
KUTIPAN = (
    "Selain memanfaatkan media online, saya sebagai Babinsa juga turut mempromosikan usaha ini "
    "melalui gethok tular, semoga produk warga semakin dikenal dan jangkauannya semakin luas",
    "Kami hadir untuk mendengar langsung apa yang dibutuhkan warga, karena kemanunggalan TNI dan "
    "rakyat hanya bisa terwujud bila kita saling mengenal dan saling membantu",
    "Kalau ada kendala di lapangan, jangan sungkan menghubungi Babinsa, kami siap membantu "
    "mencarikan jalan keluar bersama perangkat desa dan dinas terkait",
    "Ketahanan pangan dimulai dari desa, maka para petani harus kita dukung agar hasil panen "
    "meningkat dan harga tetap terjaga",
    "Keamanan lingkungan adalah tanggung jawab kita bersama, bukan hanya aparat, jadi mari kita "
    "jaga bersama dengan ronda dan saling peduli",
)  # fmt: skip
KUTIPAN_WARGA = (
    "Saya senang dikunjungi Pak Babinsa dan mendapat masukan yang berguna untuk usaha saya",
    "Terima kasih atas perhatiannya, kami jadi lebih semangat bekerja",
    "Semoga kunjungan seperti ini rutin dilakukan supaya warga merasa diperhatikan",
    "Kami siap mengikuti saran Babinsa demi kemajuan desa",
)  # fmt: skip
HARAPAN = (
    "usaha warga semakin maju dan ekonomi masyarakat desa semakin mandiri",
    "hubungan TNI dan rakyat semakin erat dan wilayah tetap aman",
    "hasil panen tahun ini meningkat dan kesejahteraan petani membaik",
    "warga semakin sadar akan pentingnya menjaga kesehatan keluarga",
    "kerukunan warga tetap terjaga dan tidak ada gangguan keamanan",
)  # fmt: skip


DETAIL = (
    "terutama bagi", "dengan melibatkan", "bersama", "sambil mendata", "yang diikuti",
    "didampingi perangkat desa bagi",
)  # fmt: skip
SATUAN = ("warga", "kepala keluarga", "petani", "pemuda", "ibu rumah tangga", "pelaku usaha")
SAPA = ("Pak", "Bu", "Mas", "Mbak", "Mbah")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}".strip()


def babinsa_roster(rng: random.Random, count: int = 20) -> list[dict[str, Any]]:
    """A Koramil's Babinsa: rank, name, NRP and one or two desa binaan each."""
    roster = []
    for i in range(count):
        desa = [DESA[i % len(DESA)]] + ([DESA[(i + 5) % len(DESA)]] if i % 3 == 0 else [])
        roster.append(
            {
                "pangkat": rng.choice(PANGKAT),
                "babinsa": _name(rng),
                "nrp": str(rng.randint(21000000, 31999999)),
                "desa": desa,
            }
        )
    return roster


def make_visits(count: int, seed: int = 2023) -> list[dict[str, Any]]:
    """``count`` valid, already normalised visits spread over five years, oldest first."""
    rng = random.Random(seed)
    roster = babinsa_roster(rng)
    days = (LAST_PERIOD - FIRST_PERIOD).days + 1
    tz = timezone(timedelta(hours=7))
    visits = []
    for n in range(count):
        day = FIRST_PERIOD + timedelta(days=n * days // count)
        who = rng.choice(roster)
        hour, minute = rng.randint(7, 20), rng.choice((0, 15, 30, 45))
        stamp = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz) + timedelta(
            hours=rng.randint(1, 10)
        )
        visit: dict[str, Any] = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "tanggal": day.isoformat(),
            "waktu": f"{hour:02d}.{minute:02d}",
            "pangkat": who["pangkat"],
            "babinsa": who["babinsa"],
            "nrp": who["nrp"],
            "koramil": KORAMIL,
            "kodim": KODIM,
            "kegiatan": rng.choice(KEGIATAN),
        }
        if rng.random() < 0.3:
            visit["pendamping"] = [f"{rng.choice(PENDAMPING_PANGKAT)} {_name(rng)}"]
        if rng.random() < 0.8:
            pekerjaan, keterangan, tema = rng.choice(PEKERJAAN)
            visit |= {
                "tema": tema,
                "sapaan": rng.choice(("Bapak", "Bapak", "Ibu", "Mbah")),
                "warga": _name(rng),
                "umur": rng.randint(24, 78),
                "pekerjaan": pekerjaan,
                "keterangan": f"{keterangan}, sejak {rng.randint(1985, 2024)} dibantu "
                f"{rng.randint(1, 20)} {rng.choice(('pekerja', 'anggota keluarga'))}",
            }
        else:
            kelompok, tema = rng.choice(KELOMPOK)
            visit |= {"tema": tema, "kelompok": kelompok}
        kutipan = rng.choice(KUTIPAN)
        visit |= {
            "dukuh": rng.choice(DUKUH),
            "rt": f"{rng.randint(1, 12):02d}",
            "rw": f"{rng.randint(1, 6):02d}",
            "jenis_desa": "Desa",
            "desa": rng.choice(who["desa"]),
            "kecamatan": KECAMATAN,
            "jenis_kabupaten": "Kabupaten",
            "kabupaten": KABUPATEN,
            "provinsi": PROVINSI,
            # Typed by hand, so no two visits share these texts: each gets its own details.
            "topik": f"{rng.choice(TOPIK_AWAL)} {rng.choice(TOPIK_ISI)}, {rng.choice(DETAIL)} "
            f"{rng.randint(2, 40)} {rng.choice(SATUAN)}",
            "kutipan": f"{rng.choice(SAPA)} {_name(rng)}, {kutipan[0].lower()}{kutipan[1:]}",
            "kutipan_warga": f"{rng.choice(KUTIPAN_WARGA)}, terima kasih Pak "
            f"{who['babinsa'].split()[0]}; sudah {rng.randint(2, 30)} tahun saya "
            f"{rng.choice(('tinggal', 'bekerja', 'berusaha', 'bertani'))} di Desa "
            f"{rng.choice(DESA)}",
            "harapan": f"{rng.choice(HARAPAN)}, khususnya bagi {rng.randint(2, 40)} "
            f"{rng.choice(SATUAN)} di RT {rng.randint(1, 12):02d} RW {rng.randint(1, 6):02d}",
            "situasi": "aman dan kondusif",
        }
        if rng.random() < 0.1:
            visit["catatan"] = "foto dikirim lewat grup WhatsApp Koramil"
        visit["dibuat"] = visit["diubah"] = stamp.isoformat(timespec="seconds")
        visits.append(visit)
    return visits


PROFILE = {
    "pangkat": "Serka",
    "babinsa": "Sugianto",
    "nrp": "21100123",
    "koramil": KORAMIL,
    "kodim": KODIM,
    "desa": ["Krajan", "Blimbing"],
    "jenis_desa": "Desa",
    "kecamatan": KECAMATAN,
    "kabupaten": KABUPATEN,
    "jenis_kabupaten": "Kabupaten",
    "provinsi": PROVINSI,
}


def check_sample(visits: list[dict[str, Any]]) -> None:
    """The generated visits must be what komsos itself would store (normalised and valid)."""
    from komsos_cli.models import validate_record

    for visit in visits[:: max(1, len(visits) // 200)]:
        stored = validate_record(visit)
        if stored != visit:
            diff = {k: (visit.get(k), stored.get(k)) for k in stored.keys() | visit.keys()
                    if visit.get(k) != stored.get(k)}  # fmt: skip
            raise SystemExit(f"generated visit is not in normal form: {diff}")


def write_database(path: Path, visits: list[dict[str, Any]]) -> None:
    store = Store(path)
    with store.write() as db:
        db.set_profile(PROFILE)
        db.merge(visits)


def write_jsonl(path: Path, visits: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for visit in visits:
            out.write(json.dumps(visit, ensure_ascii=False) + "\n")


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    size: int | None  # visits in the database (None: does not depend on it)
    status: str = "ok"  # ok, n/a, failed
    times: list[float] = field(default_factory=list)  # seconds
    rss: list[int] = field(default_factory=list)  # KiB
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process
    note: str = ""

    @property
    def median_ms(self) -> float | None:
        return round(statistics.median(self.times) * 1000, 1) if self.times else None

    @property
    def peak_mb(self) -> float | None:
        return round(statistics.median(self.rss) / 1024, 1) if self.rss else None

    def as_json(self) -> dict[str, Any]:
        return {
            "command": self.name,
            "visits": self.size,
            "status": self.status,
            "median_ms": self.median_ms,
            "min_ms": round(min(self.times) * 1000, 1) if self.times else None,
            "max_ms": round(max(self.times) * 1000, 1) if self.times else None,
            "peak_rss_mb": self.peak_mb,
            "max_peak_rss_mb": round(max(self.rss) / 1024, 1) if self.rss else None,
            "median_cpu_ms": round(statistics.median(self.cpu) * 1000, 1) if self.cpu else None,
            "runs_ms": [round(t * 1000, 1) for t in self.times],
            "note": self.note,
        }


# Peak RSS of a child started straight from this process would be wrong: Linux counts the
# parent's memory at the fork (vfork/posix_spawn included) into the child's ru_maxrss, and this
# process holds a whole generated database. So each run goes through a tiny launcher process.
LAUNCHER = """
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(result, "w") as out:
    out.write(f"{wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} "
              f"{os.waitstatus_to_exitcode(status)}")
"""


def run_once(argv: list[str], env: dict[str, str], stdout: Path | None = None):
    """Run one process; return (wall s, CPU s, peak RSS in KiB, exit code, stderr tail)."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(stdout.open("wb")) if stdout else subprocess.DEVNULL
        err = stack.enter_context(tempfile.TemporaryFile())
        result = stack.enter_context(tempfile.NamedTemporaryFile("r", suffix=".txt"))
        launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, result.name, *argv]
        subprocess.run(launcher, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        fields = result.read().split()
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        if len(fields) != 4:
            return 0.0, 0.0, 0, -1, " | ".join(tail) or "launcher failed"
        wall, cpu, rss, code = float(fields[0]), float(fields[1]), int(fields[2]), int(fields[3])
        return wall, cpu, rss, code, " | ".join(tail)


@dataclass
class Case:
    name: str
    argv: list[str]  # after the komsos executable, or a full argv when ``raw``
    needs: str | None = None  # the subcommand that must exist
    fresh_db: Path | None = None  # copied to the working database before every run
    empty_db: bool = False  # start every run without a database
    raw: bool = False


class Bench:
    def __init__(self, komsos: str, workdir: Path, runs: int, warmup: int, verbose: bool):
        self.komsos = komsos
        self.workdir = workdir
        self.runs = runs
        self.warmup = warmup
        self.verbose = verbose
        self.config = workdir / "config"
        self.config.mkdir(exist_ok=True)
        self._commands: set[str] | None = None

    def env(self, db: Path) -> dict[str, str]:
        env = dict(os.environ)
        env |= {
            "KOMSOS_DB": str(db),
            "KOMSOS_CONFIG_DIR": str(self.config),
            # The place-list cache and the help page's cache: built by the first (unmeasured)
            # run of a command, as on a user's machine, but never in the user's own folders.
            "KOMSOS_CACHE_DIR": str(self.workdir / "cache"),
            "KOMSOS_NO_INPUT": "1",
            "KOMSOS_WIDTH": "120",
            "COLUMNS": "120",
            # An installed komsos has its bytecode compiled (pip does it); without this, a
            # PYTHONDONTWRITEBYTECODE=1 in the environment would make every run compile the
            # project's modules again. The cache goes to the work folder, not the source tree.
            "PYTHONPYCACHEPREFIX": str(self.workdir / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def available(self, command: str) -> bool:
        """Whether this komsos has the subcommand (asked once, through `komsos CMD --help`)."""
        if self._commands is None:
            self._commands = set()
        if command not in self._commands:
            probe = subprocess.run(
                [self.komsos, command, "--help"],
                env=self.env(self.workdir / "probe.json"),
                stdin=subprocess.DEVNULL,
                capture_output=True,
            )
            if probe.returncode == 0:
                self._commands.add(command)
            else:
                return False
        return True

    def measure(self, case: Case, size: int | None, db: Path) -> Result:
        result = Result(case.name, size)
        if case.needs and not self.available(case.needs):
            result.status = "n/a"
            result.note = f"no `komsos {case.needs}` in this version"
            return result
        argv = case.argv if case.raw else [self.komsos, *case.argv]
        for i in range(self.warmup + self.runs):
            if case.fresh_db is not None:
                _reset(db)
                shutil.copyfile(case.fresh_db, db)
            elif case.empty_db:
                _reset(db)
            for leftover in self.workdir.glob("export.*"):
                leftover.unlink()
            wall, cpu, rss, code, err = run_once(argv, self.env(db))
            if code != 0:
                result.status = "failed"
                result.note = f"exit {code}: {err}"
                break
            if i >= self.warmup:
                result.times.append(wall)
                result.rss.append(rss)
                result.cpu.append(cpu)
        if self.verbose:
            print(f"  {case.name:<34} {_fmt(result)}", file=sys.stderr, flush=True)
        return result


def _reset(db: Path) -> None:
    for path in (db, db.with_name(db.name + ".lock")):
        path.unlink(missing_ok=True)
    shutil.rmtree(db.with_name(db.name + ".backup"), ignore_errors=True)


ADD_FLAGS = [
    "add", "--no-input", "--tanggal", "2025-12-31", "--waktu", "09.30", "--pangkat", "Serka",
    "--babinsa", "Sugianto", "--nrp", "21100123", "--pendamping", "Kopda Dede Herman",
    "--koramil", KORAMIL, "--kodim", KODIM, "--kegiatan", "anjangsana", "--tema", "usaha",
    "--sapaan", "Bapak", "--warga", "Harjanto", "--umur", "52",
    "--pekerjaan", "pengrajin blangkon",
    "--keterangan", "tutup kepala tradisional khas Jawa gaya Surakarta",
    "--dukuh", "Kauman", "--rt", "3", "--rw", "4", "--desa", "Krajan", "--kecamatan", KECAMATAN,
    "--kabupaten", KABUPATEN, "--provinsi", PROVINSI,
    "--topik", "memberikan motivasi agar memasarkan blangkon lewat media daring",
    "--kutipan", KUTIPAN[0], "--kutipan-warga", KUTIPAN_WARGA[0], "--harapan", HARAPAN[0],
    "--situasi", "aman dan kondusif", "--catatan", "foto dikirim lewat grup WhatsApp",
]  # fmt: skip

# Targets on the reference machine (2 cores): seconds and MiB.
DB_TARGETS = {
    "komsos add (flags)": (0.25, None, 10_000),
    "komsos export --format csv": (5.0, 500, 100_000),
    "komsos export --format jsonl": (5.0, 500, 100_000),
    "komsos import (jsonl, empty db)": (5.0, 500, 100_000),
    "komsos rekap --month": (5.0, 500, 100_000),
}


def startup_cases(python: str) -> list[Case]:
    return [
        Case("python -c 'import typer'", [python, "-c", "import typer"], raw=True),
        Case("komsos --version", ["--version"]),
        Case("komsos --help", ["--help"]),
    ]


def size_cases(size: int, fixture: Path, jsonl: Path, workdir: Path) -> list[Case]:
    middle = str(max(1, size // 2))
    return [
        Case("komsos add (flags)", ADD_FLAGS, needs="add", fresh_db=fixture),
        Case("komsos list --month", ["list", "--month", MONTH], needs="list"),
        Case("komsos show ID", ["show", middle], needs="show"),
        Case("komsos release ID", ["release", middle], needs="release"),
        Case(
            "komsos export --format csv",
            ["export", "--format", "csv", "--output", str(workdir / "export.csv")],
            needs="export",
        ),
        Case(
            "komsos export --format jsonl",
            ["export", "--format", "jsonl", "--output", str(workdir / "export.jsonl")],
            needs="export",
        ),
        Case(
            "komsos import (jsonl, empty db)", ["import", str(jsonl)], needs="import", empty_db=True
        ),  # fmt: skip
        Case("komsos rekap --month", ["rekap", "--month", MONTH], needs="rekap"),
    ]


def verdict(result: Result) -> str:
    if result.name == "komsos --version" or result.name == "komsos --help":
        return ""  # judged against the typer reference in the table
    target = DB_TARGETS.get(result.name)
    if not target or result.size != target[2] or result.status != "ok":
        return ""
    seconds, mib, _ = target
    ok = result.median_ms <= seconds * 1000 and (mib is None or result.peak_mb <= mib)
    limit = f"< {seconds * 1000:.0f} ms" + (f", < {mib} MB" if mib else "")
    return f"{'met' if ok else 'MISSED'} ({limit})"


def _fmt(result: Result) -> str:
    if result.status != "ok":
        return f"{result.status} {result.note}"
    return f"{result.median_ms:>9.1f} ms {result.peak_mb:>7.1f} MB"


def table(results: list[Result], reference: Result | None) -> str:
    lines = [
        "| command | visits | median ms | CPU ms | peak RSS MB | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        target = verdict(r)
        if r.name in ("komsos --version", "komsos --help") and reference and r.times:
            limit = reference.median_ms
            ok = r.median_ms <= limit
            target = f"{'met' if ok else 'MISSED'} (<= import typer, {limit:.0f} ms)"
        size = f"{r.size:,}" if r.size else "-"
        if r.status == "ok":
            cpu = statistics.median(r.cpu) * 1000
            figures = f"{r.median_ms:.0f} | {cpu:.0f} | {r.peak_mb:.0f}"
            lines.append(f"| {r.name} | {size} | {figures} | {target} |")
        else:
            lines.append(f"| {r.name} | {size} | {r.status} | | | {r.note} |")
    return "\n".join(lines)


def find_komsos() -> str:
    beside = Path(sys.executable).with_name("komsos")
    if beside.exists():
        return str(beside)
    found = shutil.which("komsos")
    if not found:
        raise SystemExit("komsos is not installed in this environment (pip install -e .)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="database sizes (visits)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per command (median)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs first")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--komsos", default=None, help="the komsos executable to measure")
    parser.add_argument("--only", default="", help="comma-separated words; run matching rows")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    komsos = args.komsos or find_komsos()

    def wanted(case: Case) -> bool:
        return not only or any(w in case.name for w in only)

    load_before = _load()
    workdir = Path(tempfile.mkdtemp(prefix="komsos-bench-"))
    bench = Bench(komsos, workdir, args.runs, args.warmup, not args.quiet)
    results: list[Result] = []
    reference = None
    try:
        say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
        say(f"komsos {__version__} at {komsos}; work folder {workdir}")
        say("start-up:")
        for case in startup_cases(sys.executable):
            if wanted(case):
                results.append(bench.measure(case, None, workdir / "none.json"))
                if case.raw:
                    reference = results[-1]
        for size in sizes:
            cases = [c for c in size_cases(size, Path(), Path(), workdir) if wanted(c)]
            if not cases:
                continue
            say(f"{size:,} visits: generating ...")
            started = time.perf_counter()
            visits = make_visits(size)
            check_sample(visits)
            fixture = workdir / f"fixture-{size}.json"
            write_database(fixture, visits)
            jsonl = workdir / f"visits-{size}.jsonl"
            write_jsonl(jsonl, visits)
            del visits
            say(
                f"  database {fixture.stat().st_size / 1e6:.1f} MB, JSON Lines "
                f"{jsonl.stat().st_size / 1e6:.1f} MB ({time.perf_counter() - started:.1f} s)"
            )
            db = workdir / f"komsos-{size}.json"
            shutil.copyfile(fixture, db)
            for case in size_cases(size, fixture, jsonl, workdir):
                if wanted(case):
                    results.append(bench.measure(case, size, db))
                    if case.fresh_db is not None or case.empty_db:
                        _reset(db)
                        shutil.copyfile(fixture, db)
            _reset(db)
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    report = {
        "komsos_version": __version__,
        "git_commit": _git_commit(),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "load_average": {"before": load_before, "after": _load()},
        "runs": args.runs,
        "warmup": args.warmup,
        "command": " ".join(["python", "bench/bench.py", *(argv or sys.argv[1:])]),
        "results": [r.as_json() | {"target": verdict(r)} for r in results],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results, reference))
    print(
        f"\n{args.runs} runs per row (median), {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average {load_before} before, {_load()} after; "
        f"saved to {args.out}"
    )
    return 1 if any(r.status == "failed" for r in results) else 0


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _git_commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None


if __name__ == "__main__":
    sys.exit(main())
