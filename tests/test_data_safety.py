"""Issue 11, "nothing lost": outputs that would hit the database, links, read-only files,
duplicate tables, merges across time zones, backups of failed writes, existing outputs."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from komsos_cli.errors import KomsosError
from komsos_cli.models import new_visit
from komsos_cli.storage import DatabaseDamaged, Store

PROFILE = {"pangkat": "Serka", "babinsa": "Sugianto", "kecamatan": "Gatak"}
posix_only = pytest.mark.skipif(os.name == "nt", reason="link, FIFO dan izin file khusus POSIX")


def visit(name: str = "Harjanto", **extra: str) -> dict:
    return new_visit(
        {"warga": name, "topik": "silaturahmi", **extra}, PROFILE, today=date(2023, 1, 20)
    )


def _count(path: Path) -> int:
    return len(json.loads(path.read_bytes())["kunjungan"])


# --- item 1: --output onto the database, its lock or its backup folder -------------------------

OUTPUT_COMMANDS = [
    ["release", "1"],
    ["report", "1"],
    ["export", "--format", "jsonl"],
    ["rekap", "--from", "2023-01-01", "--to", "2023-01-31", "--format", "csv"],
]


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("where", ["database", "lock", "backup"])
def test_output_onto_the_database_its_lock_or_backups_is_refused(
    komsos, add_sample, db_path, command, where
):
    add_sample()
    add_sample()  # the second add leaves a backup of the first (item 3)
    store = Store(db_path)
    backup = store.latest_backup()
    target = {
        "database": db_path,
        "lock": store.lock_path,
        "backup": backup,
    }[where]
    before = db_path.read_bytes()
    backup_before = backup.read_bytes()
    result = komsos(*command, "-o", target, "--force", code=2)
    assert "database komsos" in result.stderr
    assert db_path.read_bytes() == before
    assert backup.read_bytes() == backup_before
    with store.read() as db:
        assert len(db.visits()) == 2


def test_output_through_a_relative_path_or_a_link_to_the_database_is_refused(
    komsos, add_sample, db_path, tmp_path, monkeypatch
):
    add_sample()
    before = db_path.read_bytes()
    link = tmp_path / "rilis.txt"
    link.symlink_to(db_path)
    komsos("release", "1", "-o", link, "--force", code=2)
    monkeypatch.chdir(tmp_path)
    komsos("export", "-o", "./sub/../komsos.json", "--force", code=2)
    assert db_path.read_bytes() == before


# --- item 2: a database reached through a symbolic link ---------------------------------------


@posix_only
def test_a_linked_database_is_written_through_the_link(komsos, sample_args, tmp_path):
    synced = tmp_path / "sinkron"
    synced.mkdir()
    real = synced / "komsos.json"
    link = tmp_path / "tautan.json"
    link.symlink_to(real)
    for _ in range(2):
        komsos("--db", link, "add", "--no-input", *sample_args)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert _count(real) == 2
    # The lock and the backups belong to the real file, so every path to it shares them.
    assert (synced / "komsos.json.lock").exists()
    assert list((synced / "komsos.json.backup").iterdir())
    assert not (tmp_path / "tautan.json.lock").exists()


# --- item 5: a read-only database ------------------------------------------------------------


@posix_only
def test_a_read_only_database_is_not_replaced(komsos, add_sample, sample_args, db_path):
    add_sample()
    os.chmod(db_path, 0o444)
    before = db_path.read_bytes()
    # As root os.replace and even open() would succeed: the mode itself is what is checked.
    result = komsos("add", "--no-input", *sample_args, code=1)
    assert "hanya boleh dibaca" in result.stderr and "chmod u+w" in result.stderr
    assert db_path.read_bytes() == before
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o444
    komsos("delete", "1", "--yes", code=1)
    komsos("restore", "--yes", code=2)  # no backup yet: nothing to do
    assert db_path.read_bytes() == before


# --- item 6: a table twice ------------------------------------------------------------------


def test_a_file_with_the_visits_table_twice_is_refused(komsos, add_sample, sample_args, db_path):
    add_sample()
    add_sample()
    data = json.loads(db_path.read_bytes())
    one = json.dumps({"1": data["kunjungan"]["1"]})
    both = json.dumps(data["kunjungan"])
    meta = json.dumps(data["_meta"])
    # Two visits tables: json.loads keeps the last one, so a plain parse sees one visit.
    db_path.write_text(f'{{"kunjungan":{both},"kunjungan":{one},"_meta":{meta}}}')
    before = db_path.read_bytes()
    result = komsos("add", "--no-input", *sample_args, code=1)
    assert "'kunjungan' ada dua kali" in result.stderr
    komsos("list", code=1)
    assert db_path.read_bytes() == before


def test_a_big_file_with_a_table_twice_is_refused_by_the_piecewise_reader(tmp_path, monkeypatch):
    import komsos_cli.storage as storage

    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.merge([visit(f"Warga {i}") for i in range(30)])
    text = path.read_text()
    path.write_text(text[:-1] + ',"profil":{"1":{"nama":"a"}},"profil":{"1":{"nama":"b"}}}')
    monkeypatch.setattr(storage, "_REMEMBER_BYTES", 10)  # read it as a big file
    monkeypatch.setattr(storage, "_PIECE", 1000)
    with pytest.raises(DatabaseDamaged) as info, Store(path).read() as db:
        db.visits()
    assert "ada dua kali" in info.value.message


# --- item 7: diubah compared as instants ------------------------------------------------------


def test_merge_compares_diubah_as_instants_across_time_zones(tmp_path):
    store = Store(tmp_path / "db.json")
    ours = visit("Harjanto", catatan="diubah di Jayapura")
    with store.write() as db:
        db.add({**ours, "diubah": "2023-01-20T10:30:00+09:00"})  # 08:30 WIB
    # Edited later in Sukoharjo (WIB), though "10:00" sorts before "10:30" as text.
    newer = {**ours, "catatan": "diubah di Sukoharjo", "diubah": "2023-01-20T10:00:00+07:00"}
    older = {**ours, "catatan": "diubah di Makassar", "diubah": "2023-01-20T09:00:00+08:00"}
    with store.write() as db:
        result = db.merge([older, newer])
    assert len(result.updated) == 1
    with store.read() as db:
        assert db.visits()[0]["catatan"] == "diubah di Sukoharjo"
    with store.write() as db:  # an older copy (by the clock, not the text) changes nothing
        result = db.merge([{**older, "diubah": "2023-01-20T10:59:00+09:00"}])
    assert not result.changed


# --- item 10: a failed write removes the backup it made ---------------------------------------

FULL_DISK_IMPORT = textwrap.dedent(
    """
    import resource, signal, sys
    from komsos_cli.storage import Store
    from komsos_cli.errors import KomsosError

    store = Store(sys.argv[1])
    records = __import__("json").loads(open(sys.argv[2]).read())
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    limit = int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        with store.write(backup="impor") as db:
            db.merge(records)
    except KomsosError as exc:
        print(exc.message)
        sys.exit(1)
    """
)


@posix_only
def test_a_write_that_fails_removes_the_backup_it_made(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.merge([visit(f"Awal {i}") for i in range(20)])
    size = path.stat().st_size
    more = tmp_path / "baru.json"
    more.write_text(json.dumps([visit(f"Baru {i}") for i in range(200)]))
    before = path.read_bytes()
    # Room for the backup (a copy of the file as it is), not for the file with 200 more visits.
    run = subprocess.run(
        [sys.executable, "-c", FULL_DISK_IMPORT, str(path), str(more), str(size + 1000)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "Tidak bisa menulis" in run.stdout
    assert path.read_bytes() == before
    assert store.backups() == []
    assert not [p for p in tmp_path.rglob("*.tmp")]


# --- item 11: --output onto an existing file, a link, a FIFO, a device ------------------------


def test_output_does_not_replace_an_existing_file_without_force(komsos, add_sample, tmp_path):
    add_sample()
    theirs = tmp_path / "ekspor-dari-kodim.csv"
    theirs.write_text("isi yang bukan buatan komsos\n")
    result = komsos("export", "-o", theirs, code=2)
    assert "--force" in result.stderr and "sudah ada" in result.stderr
    assert theirs.read_text() == "isi yang bukan buatan komsos\n"
    komsos("release", "1", "-o", theirs.with_suffix(".txt"))
    komsos("release", "1", "-o", theirs.with_suffix(".txt"), code=2)
    komsos("export", "-o", theirs, "--force")
    assert "Tanggal" in theirs.read_text(encoding="utf-8-sig").splitlines()[0]


def test_output_asks_at_a_terminal_before_replacing(add_sample, komsos_home, tmp_path):
    from tests_support import Terminal

    add_sample()
    target = tmp_path / "rilis.txt"
    target.write_text("lama\n")
    screen = Terminal(["release", "1", "-o", str(target)], dict(os.environ))
    screen.expect("sudah ada. Timpa?")
    screen.send("t")
    assert screen.wait() == 1
    assert target.read_text() == "lama\n"
    screen = Terminal(["release", "1", "-o", str(target)], dict(os.environ))
    screen.expect("sudah ada. Timpa?")
    screen.send("y")
    assert screen.wait() == 0
    assert "Babinsa" in target.read_text() or target.read_text() != "lama\n"


@posix_only
def test_output_through_a_link_writes_its_target(komsos, add_sample, tmp_path):
    add_sample()
    real = tmp_path / "bagikan" / "rilis.txt"
    real.parent.mkdir()
    real.write_text("lama\n")
    link = tmp_path / "rilis.txt"
    link.symlink_to(real)
    komsos("release", "1", "-o", link, "--force")
    assert link.is_symlink()
    assert real.read_text() != "lama\n"


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_output_onto_a_fifo_or_a_device_is_refused(komsos, add_sample, tmp_path, kind):
    add_sample()
    if kind == "fifo":
        target = tmp_path / "pipa"
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    result = komsos("export", "-o", target, "--force", code=2)
    assert "bukan file biasa" in result.stderr
    assert stat.S_ISFIFO(target.stat().st_mode) or stat.S_ISCHR(target.stat().st_mode)


def test_a_store_refuses_to_be_its_own_backup_folder(tmp_path):
    # The same guard the CLI uses, called directly.
    from komsos_cli.fileio import output_target

    store = Store(tmp_path / "db.json")
    for path in store.protected_paths():
        with pytest.raises(KomsosError):
            output_target(path, store.protected_paths())
    with pytest.raises(KomsosError):
        output_target(store.backup_dir / "x.json", store.protected_paths())
    assert output_target(tmp_path / "db.json.csv", store.protected_paths()) == (
        (tmp_path / "db.json.csv").resolve(),
        False,
    )


def test_output_into_the_photo_folder_is_refused(komsos, add_sample, db_path):
    from komsos_cli.photos import photo_dir

    add_sample()
    target = photo_dir(db_path) / ("0" * 64 + ".jpg")
    result = komsos("release", "1", "-o", target, code=2)
    assert "milik database komsos" in result.stderr
    assert not target.exists()


def test_partitions_are_never_written_into_the_backup_folder(komsos, add_sample, db_path):
    add_sample()
    add_sample()
    store = Store(db_path)
    before = sorted(p.name for p in store.backup_dir.iterdir())
    result = komsos("export", "--partisi", store.backup_dir, code=2)
    assert "milik database komsos" in result.stderr
    assert sorted(p.name for p in store.backup_dir.iterdir()) == before


# --- item 3: add-only databases get backups --------------------------------------------------


def test_an_add_only_database_keeps_a_backup_at_most_20_visits_behind(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path, keep_backups=3)
    for i in range(45):
        with store.write() as db:
            db.add(visit(f"Warga {i}"))
        if i:
            newest = store.latest_backup()
            assert newest is not None
            assert _count(path) - _count(newest) <= 20
    # A backup is the file as it was before that write, even though it was not copied.
    names = [p.name for p in store.backups()]
    assert len(names) == 3 and all("-otomatis-" in n for n in names)
    newest = store.latest_backup()
    assert newest.name.endswith(f"-n{_count(newest)}.json")  # its name tells how far behind


def test_a_backup_older_than_a_day_is_renewed_on_the_next_add(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    for name in ("Satu", "Dua"):
        with store.write() as db:
            db.add(visit(name))
    (first,) = store.backups()
    old = first.stat().st_mtime - 2 * 24 * 3600
    os.utime(first, (old, old))
    with store.write() as db:
        db.add(visit("Tiga"))
    assert len(store.backups()) == 2 and _count(store.latest_backup()) == 2


# --- item 8: rotation after the clock moved back ----------------------------------------------


def test_rotation_after_the_clock_moved_back_keeps_the_new_backup(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path, keep_backups=2)
    with store.write() as db:
        ids = [db.add(visit(f"Warga {i}"))["id"] for i in range(4)]
    for _ in range(2):
        store.backup("manual")
    # Both were written "in the future": the laptop's clock has since gone back (WIT to WIB).
    for backup in store.backups():
        backup.rename(backup.with_name(re.sub(r"\d{8}-\d{6}", "20991231-235959", backup.name)))
    with store.write(backup="hapus") as db:
        db.delete(ids[0])
    newest = store.latest_backup()
    assert "hapus" in newest.name and _count(newest) == 4
    assert len(store.backups()) == 2


# --- item 9: temp files a killed backup left -------------------------------------------------


@posix_only
def test_a_backup_killed_half_way_leaves_no_temp_file_for_ever(tmp_path):
    path = tmp_path / "db.json"
    with Store(path).write() as db:
        db.merge([visit(f"Warga {i}", catatan="x" * 2000) for i in range(300)])
    writer = textwrap.dedent(
        """
        import os, sys
        import komsos_cli.fileio as fileio
        from komsos_cli.storage import Store

        real_fsync = os.fsync
        def killed(fd):  # die just before the backup's temp file is renamed into place
            if "backup" in os.readlink(f"/proc/self/fd/{fd}"):
                os.kill(os.getpid(), 9)
            real_fsync(fd)
        fileio.os.fsync = killed
        Store(sys.argv[1]).backup()
        """
    )
    run = subprocess.run([sys.executable, "-c", writer, str(path)], timeout=60)
    assert run.returncode == -9
    folder = path.with_name("db.json.backup")
    assert [p for p in folder.iterdir() if p.name.endswith(".tmp")]  # what the kill left
    store = Store(path)
    store.backup()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert len(store.backups()) == 1


# --- item 12: permissions --------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_database_backups_and_exports_are_private_and_stay_so(
    komsos, add_sample, db_path, tmp_path
):
    add_sample()
    add_sample()
    store = Store(db_path)
    assert _mode(db_path) == 0o600
    assert _mode(store.lock_path) == 0o600
    assert _mode(store.backup_dir) == 0o700
    assert all(_mode(p) == 0o600 for p in store.backups())
    os.chmod(db_path, 0o644)  # a copy tool, or an older komsos
    os.chmod(store.backup_dir, 0o755)
    add_sample()
    assert _mode(db_path) == 0o600 and _mode(store.backup_dir) == 0o700
    komsos("export", "-o", tmp_path / "ekspor.csv")
    assert _mode(tmp_path / "ekspor.csv") == 0o600
    komsos("delete", "1", "--yes")
    komsos("restore", "--yes")
    assert _mode(db_path) == 0o600
    assert all(_mode(p) == 0o600 for p in store.backups())


@posix_only
def test_a_new_data_folder_is_private(tmp_path):
    path = tmp_path / "data" / "komsos" / "komsos.json"
    with Store(path).write() as db:
        db.add(visit())
    assert _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700


# --- item 4: salvage, and what restore is about to use ----------------------------------------


def _damage_middle(path: Path, at_visit: str) -> None:
    """Overwrite a few bytes inside one visit, as a sync tool or a bad sector might."""
    raw = bytearray(path.read_bytes())
    start = raw.index(f'"warga":"{at_visit}"'.encode())
    raw[start : start + 12] = b"\x00\xff{{{{{{{{{{"
    path.write_bytes(bytes(raw))


def test_salvage_keeps_every_intact_visit_and_merges_the_backup(komsos, sample_args, db_path):
    for name in ("Satu", "Dua", "Tiga"):
        komsos("add", "--no-input", *sample_args, "--warga", name)
    komsos("backup")  # holds Satu, Dua, Tiga
    komsos("edit", "1", "--catatan", "diubah sesudah cadangan")
    for name in ("Empat", "Lima", "Enam"):
        komsos("add", "--no-input", *sample_args, "--warga", name)
    _damage_middle(db_path, "Dua")
    damaged = db_path.read_bytes()
    komsos("list", code=1)
    result = komsos("salvage", code=2)  # no terminal: --yes is needed
    assert "--yes" in result.stderr
    result = komsos("selamatkan", "--yes")
    assert "5 kunjungan utuh diselamatkan dari file yang rusak" in result.stdout
    assert "1 kunjungan diambil dari cadangan" in result.stdout  # Dua
    assert "berisi 6 kunjungan" in result.stdout
    visits = {v["warga"]: v for v in komsos.json("list")}
    assert sorted(visits) == ["Dua", "Empat", "Enam", "Lima", "Satu", "Tiga"]
    assert visits["Satu"]["catatan"] == "diubah sesudah cadangan"  # the newer copy won
    assert visits["Dua"]["id"] == 2 and visits["Enam"]["id"] == 6
    aside = [p for p in Store(db_path).backups() if "-rusak" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    komsos("add", "--no-input", *sample_args, "--warga", "Tujuh")
    assert komsos.json("show", "7")["warga"] == "Tujuh"  # numbers are not handed out twice


def test_salvage_of_a_file_cut_short_without_backups(komsos, sample_args, db_path, tmp_path):
    for name in ("Satu", "Dua", "Tiga"):
        komsos("--db", tmp_path / "lain.json", "add", "--no-input", *sample_args, "--warga", name)
    raw = (tmp_path / "lain.json").read_bytes()
    db_path.write_bytes(raw[: raw.index(b'"warga":"Tiga"')])  # a full disk cut it here
    result = komsos("salvage", "--yes")
    assert "2 kunjungan utuh" in result.stdout and "Tidak ada cadangan" in result.stdout
    assert [v["warga"] for v in komsos.json("list")] == ["Satu", "Dua"]


def test_salvage_of_a_sound_database_changes_nothing(komsos, add_sample, db_path):
    add_sample()
    before = db_path.read_bytes()
    assert "tidak rusak" in komsos("salvage", "--yes", code=2).stderr
    assert db_path.read_bytes() == before


def test_restore_says_which_backup_when_and_how_many_visits(komsos, add_sample, db_path):
    add_sample()
    add_sample()
    komsos("backup")
    result = komsos("restore", "--yes")
    assert "dibuat " in result.stderr and "2 kunjungan" in result.stderr
    assert "2 kunjungan" in result.stdout


def test_the_damaged_database_message_names_salvage(komsos, db_path):
    db_path.write_bytes(b'{"kunjungan":{"1":{"uuid":')
    assert "komsos salvage" in komsos("list", code=1).stderr


def test_restore_without_a_file_skips_damaged_files_kept_aside(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.add(visit("Satu"))
    good = store.backup()
    path.write_bytes(b'{"kunjungan":{"1":')
    store.restore()  # keeps the damaged file aside as "rusak"
    assert store.latest_backup() == good
    path.write_bytes(b'{"kunjungan":{"1":')
    assert store.restore() == good
