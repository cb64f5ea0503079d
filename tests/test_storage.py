"""The storage API the CLI uses, on real files: atomicity, damage detection, backups, schema."""

from __future__ import annotations

import json
from datetime import date

import pytest

from komsos_cli.errors import InputError, KomsosError
from komsos_cli.models import SCHEMA_VERSION, new_visit
from komsos_cli.storage import DatabaseDamaged, Store

PROFILE = {"pangkat": "Serka", "babinsa": "Sugianto", "kecamatan": "Gatak"}


def visit(name: str = "Harjanto", **extra: str) -> dict:
    return new_visit(
        {"warga": name, "topik": "silaturahmi", **extra}, PROFILE, today=date(2023, 1, 20)
    )


def test_missing_file_is_an_empty_database_and_first_write_creates_it(tmp_path):
    store = Store(tmp_path / "sub" / "db.json")
    with store.read() as db:
        assert db.visits() == []
    with store.write() as db:
        stored = db.add(visit())
    assert stored["id"] == 1
    data = json.loads((tmp_path / "sub" / "db.json").read_text(encoding="utf-8"))
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert data["kunjungan"]["1"]["uuid"] == stored["uuid"]


def test_file_is_utf8_compact_whatever_the_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        db.add(visit("Ma'ruf Ñoño"))
    raw = (tmp_path / "db.json").read_bytes()
    # Non-ASCII is written as \u escapes (see storage.encode): the same JSON for any reader,
    # and a text Python parses at one byte per character.
    assert raw.isascii() and b"Ma'ruf \\u00d1o\\u00f1o" in raw
    assert json.loads(raw)["kunjungan"]["1"]["warga"] == "Ma'ruf Ñoño"
    assert b"\n" not in raw and b": " not in raw


def test_nothing_is_written_when_the_block_fails(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        db.add(visit("Pertama"))
    before = (tmp_path / "db.json").read_bytes()
    with pytest.raises(RuntimeError), store.write() as db:
        db.add(visit("Kedua"))
        raise RuntimeError("boom")
    assert (tmp_path / "db.json").read_bytes() == before


def test_read_only_commands_do_not_touch_the_file(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        db.add(visit())
    mtime = (tmp_path / "db.json").stat().st_mtime_ns
    with store.write() as db:
        db.visits()
    assert (tmp_path / "db.json").stat().st_mtime_ns == mtime


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n", b'{"kunjungan": {"1": ', b"\xff\xfe\x00", b"[1, 2]", b'{"kunjungan": 3}'],
)
def test_damaged_file_is_refused_and_never_overwritten(tmp_path, content):
    path = tmp_path / "db.json"
    path.write_bytes(content)
    store = Store(path)
    with pytest.raises(DatabaseDamaged) as info, store.write() as db:
        db.add(visit())
    assert str(path) in info.value.message and "rusak" in info.value.message
    assert path.read_bytes() == content
    with pytest.raises(DatabaseDamaged), store.read():
        pass


def test_damaged_file_message_names_the_latest_backup(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.add(visit())
    backup = store.backup()
    path.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as info, store.read():
        pass
    assert str(backup) in " ".join(info.value.details)


def test_restore_keeps_the_damaged_file_as_a_backup(tmp_path):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.write() as db:
        db.add(visit())
    good = store.backup()
    path.write_bytes(b'{"broken')
    store.restore()
    with store.read() as db:
        assert len(db.visits()) == 1
    kept = [p for p in store.backups() if "rusak" in p.name]
    assert kept and kept[0].read_bytes() == b'{"broken'
    assert good.exists()


def test_destructive_changes_make_a_backup_and_old_ones_roll_off(tmp_path):
    store = Store(tmp_path / "db.json", keep_backups=3)
    with store.write() as db:
        ids = [db.add(visit(f"Warga {i}"))["id"] for i in range(6)]
    assert store.backups() == []  # adding is not destructive
    for doc_id in ids[:5]:
        with store.write(backup="hapus") as db:
            db.delete(doc_id)
    backups = store.backups()
    assert len(backups) == 3
    # The newest backup holds the state just before the last delete: two visits.
    newest = json.loads(backups[-1].read_text(encoding="utf-8"))
    assert len(newest["kunjungan"]) == 2


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "db.json"
    path.write_text(
        json.dumps({"_meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "kunjungan": {}})
    )
    with pytest.raises(KomsosError) as info, Store(path).read():
        pass
    assert "lebih baru" in info.value.message


def test_get_by_number_uuid_and_prefix(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        first = db.add(visit("Satu"))
        db.add(visit("Dua"))
    with store.read() as db:
        assert db.get("1")["warga"] == "Satu"
        assert db.get(first["uuid"])["id"] == 1
        assert db.get(first["uuid"][:8].upper())["id"] == 1
        with pytest.raises(InputError):
            db.get("99")
        with pytest.raises(InputError):
            db.get("bukan-id")


def test_replace_and_delete(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        stored = db.add(visit(umur="40"))
    changed = {k: v for k, v in stored.items() if k != "umur"} | {"topik": "karya bakti"}
    with store.write(backup="ubah") as db:
        db.replace(stored["id"], changed)
    with store.read() as db:
        got = db.get(stored["id"])
        assert got["topik"] == "karya bakti" and "umur" not in got
    with store.write() as db:
        db.delete(stored["id"])
        with pytest.raises(InputError):
            db.delete(stored["id"])


def test_merge_by_uuid_newer_wins(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        mine = db.add(visit("Lama"))
    newer = {**mine, "warga": "Baru", "diubah": "2099-01-01T00:00:00+07:00"}
    older = {**mine, "warga": "Usang", "diubah": "2000-01-01T00:00:00+07:00"}
    fresh = visit("Tamu")
    with store.write(backup="impor") as db:
        result = db.merge([older, newer, fresh, fresh])
    assert [r["warga"] for r in result.added] == ["Tamu"]
    assert [r["warga"] for r in result.updated] == ["Baru"]
    with store.read() as db:
        assert sorted(v["warga"] for v in db.visits()) == ["Baru", "Tamu"]


def test_profile_lives_in_the_same_file(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        db.set_profile({"pangkat": "Serka", "babinsa": "Sugianto", "desa": ["Krajan"]})
    with store.read() as db:
        assert db.profile()["desa"] == ["Krajan"]
    data = json.loads((tmp_path / "db.json").read_text())
    assert data["profil"]["1"]["babinsa"] == "Sugianto"


def test_busy_database_gives_a_clear_error(tmp_path):
    from filelock import FileLock

    store = Store(tmp_path / "db.json", lock_timeout=0.2)
    with FileLock(str(store.lock_path)), pytest.raises(KomsosError) as info, store.write() as db:
        db.add(visit())
    assert "sedang dipakai" in info.value.message


def test_stale_temp_files_from_a_killed_writer_are_cleaned(tmp_path):
    store = Store(tmp_path / "db.json")
    leftover = tmp_path / ".db.json.abc123.tmp"
    leftover.write_bytes(b"half")
    with store.write() as db:
        db.add(visit())
    assert not leftover.exists()


def test_numbers_of_deleted_visits_are_never_reused(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        db.add(visit("Satu"))
        db.add(visit("Dua"))
    with store.write(backup="hapus") as db:
        db.delete(2)
    with store.write() as db:
        assert db.add(visit("Tiga"))["id"] == 3
    with store.write(backup="hapus") as db:
        db.delete(3)
    with store.write(backup="impor") as db:
        assert [r["id"] for r in db.merge([visit("Empat")]).added] == [4]


def test_restore_does_not_hand_out_numbers_again(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        db.add(visit("Satu"))
    old = store.backup()
    with store.write() as db:
        db.add(visit("Dua"))
        db.add(visit("Tiga"))
    store.restore(old)
    with store.write() as db:
        assert [v["warga"] for v in db.visits()] == ["Satu"]
        assert db.add(visit("Empat"))["id"] == 4


def test_a_profile_key_left_out_is_gone_after_set_profile(tmp_path):
    store = Store(tmp_path / "db.json")
    with store.write() as db:
        db.set_profile({**PROFILE, "nrp": "21050123"})
    with store.write() as db:
        db.set_profile(PROFILE)
    with store.read() as db:
        assert db.profile() == PROFILE
