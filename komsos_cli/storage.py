"""The database: one JSON file behind TinyDB, written so that nothing is ever lost.

* Every command reads the file once and writes it at most once (``Store.write`` commits on
  success only), through ``SafeStorage``: temp file, fsync, ``os.replace``, fsync of the folder.
* Read-modify-write happens under an exclusive lock on a separate ``.lock`` file.
* A file that is empty, does not parse, or names a table twice is refused, never overwritten;
  so is a file its owner made read-only.
* The database is reached through symbolic links (a synced folder): the real file is locked
  and written, and the link stays.
* Before a destructive change (edit, delete, import, restore) a copy goes to the backup folder
  (see ``backups``), and any other write (an add) makes one when the newest is 20 visits or a
  day behind; the newest ``keep`` copies are kept. A copy whose change did not commit is
  removed again.
* The file and its backups are 0600, the backup folder 0700.
* The file is compact ASCII JSON in one layout: the small tables, the visits, ``_meta`` last,
  with a CRC-32 of the visits table (and ``last_id``) in ``_meta``. A file exactly so can have
  a visit added without its visits being parsed (see ``SafeStorage``); any other file is
  parsed whole first, and written in this layout.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from komsos_cli.backups import Backups
from komsos_cli.errors import InputError, KomsosError, os_reason
from komsos_cli.fileio import (
    PRIVATE_FILE,
    atomic_write_bytes,
    atomic_writer,
    make_folder,
    real_path,
    stale_temp_files,
)
from komsos_cli.models import LIST_FIELDS, SCHEMA_VERSION, order_record
from komsos_cli.paths import backup_dir_for, lock_path_for

VISITS = "kunjungan"
PROFILE = "profil"
OFFICE_PROFILES = "profil_babinsa"  # the office's copy of each sender's profile, by NRP
META = "_meta"
# A queue of writers (a Koramil laptop at the end of the day, a replayed day of --no-input lines)
# on a 20,000-visit file: 10 s let 44 of 60 writers time out (bench/bench_lock_queue.py).
DEFAULT_LOCK_TIMEOUT = 60.0
DEFAULT_KEEP_BACKUPS = 10
Fingerprint = tuple[str, bytes]  # ("bytes", the file's bytes) or ("sha256", their digest)


class DatabaseDamaged(KomsosError):
    pass


class DatabaseBusy(KomsosError):
    """Another komsos held the lock for the whole wait."""


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def encode(data: Mapping[str, Any]) -> bytes:
    # Compact: at 100,000 visits indentation would add a third to the file and to every write.
    # ASCII: every other character is written as its \u escape. Python holds a str at the width
    # of its widest character, so one emoji pasted into a kutipan made the 120 MB text of a
    # 100,000-visit file 480 MB while json.loads parsed it (`show` went from 453 to 855 MB);
    # an ASCII file is decoded at one byte per character whatever it contains. The file stays
    # valid JSON that TinyDB and any other reader load unchanged; exports keep plain UTF-8.
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def _member(name: str, value: Any) -> bytes:
    return encode({name: value})[1:-1]


_CHUNK = 2000  # visits encoded at a time when the whole table is written


def table_chunks(table: Mapping[str, Any]) -> Iterator[bytes]:
    """``encode(table)`` in pieces of a few thousand visits, byte for byte the same.

    Writing 100,000 visits through one json.dumps holds the whole file twice more in memory
    (the str and its UTF-8 bytes, 2 x 120 MB); in pieces the C encoder works as fast.
    """
    yield b"{"
    items = iter(table.items())
    first = True
    while batch := dict(itertools.islice(items, _CHUNK)):
        yield (b"" if first else b",") + encode(batch)[1:-1]
        first = False
    yield b"}"


def _checksum(table_crc: int, last_id: int) -> int:
    # The meta's last_id is covered too: a visit number is trusted from the meta without
    # looking at the table only when both are what komsos wrote together.
    return zlib.crc32(b"%d" % last_id, table_crc)


_TABLE_AT = b'"' + VISITS.encode() + b'":'
_META_AT = b',"' + META.encode() + b'":{"1":'


def _locate_visits(blob: bytes) -> tuple[dict[str, Any], int, int] | None:
    """(the other tables, start, end of the visits table's bytes) without parsing the visits.

    Only for a file laid out exactly as komsos writes it: the bytes before and after the table,
    parsed with an empty table in between, must encode back to themselves, byte for byte.
    Anything else (an older layout, a hand edit, a key that only looks like the table's) gives
    None, and the caller parses the whole file.
    """
    start = blob.find(_TABLE_AT + b"{")
    end = blob.rfind(_META_AT)
    if start < 0 or end <= start:
        return None
    start += len(_TABLE_AT)
    small = _small_tables(blob[:start], blob[end:])
    return None if small is None else (small, start, end)


_ENDS = 256 * 1024  # bytes read at each end of a big file to find its small tables


def _small_tables_at_ends(path: Path, size: int) -> dict[str, Any] | None:
    """The tables other than the visits of a big file, reading only its two ends."""
    with open(path, "rb") as handle:
        head = handle.read(min(size, _ENDS))
        handle.seek(max(0, size - _ENDS))
        tail_at = handle.tell()
        tail = handle.read()
    start = head.find(_TABLE_AT + b"{")
    end = tail.rfind(_META_AT)
    if start < 0 or end < 0 or tail_at + end <= start:
        return None
    return _small_tables(head[: start + len(_TABLE_AT)], tail[end:])


def _small_tables(before: bytes, after: bytes) -> dict[str, Any] | None:
    frame = before + b"{}" + after
    try:
        small = json.loads(frame)
    except (ValueError, RecursionError):
        return None
    if not isinstance(small, dict) or not all(isinstance(t, dict) for t in small.values()):
        return None
    if encode(small) != frame or small.get(VISITS) != {}:
        return None
    return small


def _checksum_matches(blob: bytes, small: Mapping[str, Any], start: int, end: int) -> bool:
    meta = small.get(META, {}).get("1", {})
    expected, last_id = meta.get("kunjungan_crc32"), meta.get("last_id")
    if type(expected) is not int or type(last_id) is not int:
        return False
    return _checksum(zlib.crc32(memoryview(blob)[start:end]), last_id) == expected


class SafeStorage(Storage):
    """TinyDB storage over data loaded once; ``write`` only records, ``flush`` persists.

    The file is written in one layout (the small tables, the visits, the meta last; byte for
    byte ``encode`` of the data in that order), with a CRC-32 of the visits table in the meta. Two shortcuts keep an add cheap on years of records, and both give byte for byte
    the file a full rewrite would give:

    * *unparsed visits*: when the file's checksum shows that its visits table is the one komsos
      wrote, the table is not parsed until something reads it (``parse``); new visits are kept
      aside, and ``flush`` writes the old table's bytes with them added;
    * *splice*: when the visits were parsed but every change since was new visits appended,
      the old bytes are reused the same way (checked against the parsed data first).

    Any other change encodes every visit again.
    """

    def __init__(
        self,
        path: Path,
        data: dict[str, Any],
        blob: bytes | None = None,
        *,
        table_at: tuple[int, int] | None = None,
        parse: Callable[[], tuple[dict[str, Any], Fingerprint | None]] | None = None,
        fingerprint: Fingerprint | None = None,
    ):
        self.path = path
        self.fingerprint = fingerprint  # of the bytes the parsed data came from
        self._data = data
        self._blob = blob
        self._table_at = table_at  # where the visits table is in blob
        self._parse = parse  # set while the visits are unparsed
        self._pending: dict[str, Any] = {}  # visits added while unparsed
        self._rewrite = False  # a change other than appending visits
        self._handed_over = False  # see hand_over()
        self._appends: list[str] = []  # keys of the visits appended since loading
        self.dirty = False

    def hand_over(self) -> None:
        """The visits were given to the caller: nothing may read, remember or write them now."""
        self._data.pop(VISITS, None)
        self._handed_over = True

    @property
    def loaded_bytes(self) -> bytes | None:
        """The file as it was when loaded (None: there was none, or it is not kept)."""
        return self._blob

    @property
    def parsed(self) -> dict[str, Any] | None:
        """All the data, when it has been parsed (None while the visits are unparsed)."""
        return None if self._parse or self._handed_over else self._data

    def read(self) -> dict[str, Any]:
        if self._handed_over:
            raise RuntimeError("the visits of this view were handed over (take_visits)")
        if self._parse is not None:
            self._parse_visits()
        return self._data

    def small_table(self, name: str) -> dict[str, Any]:
        """A table other than the visits, without parsing the visits."""
        return self._data.get(name, {}) if name != VISITS else self.read().get(VISITS, {})

    def _parse_visits(self) -> None:
        parse, self._parse = self._parse, None
        data, self.fingerprint = parse()  # type: ignore[misc]
        table = data.setdefault(VISITS, {})
        for key, doc in self._pending.items():
            if key in table:
                raise ValueError(f"Kunjungan nomor {key} sudah ada.")
            table[key] = doc
        self._pending = {}
        self._data = data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._rewrite = True
        self.dirty = True

    def append(self, docs: Mapping[str, dict[str, Any]]) -> None:
        """Add new visits (keyed by fresh numbers) at the end of the visits table."""
        target = self._pending if self._parse is not None else self._data.setdefault(VISITS, {})
        for key in docs:
            if key in target:
                raise ValueError(f"Kunjungan nomor {key} sudah ada.")
        target.update(docs)
        self._appends.extend(docs)
        self.dirty = True

    @property
    def last_id(self) -> int:
        """The highest visit number ever given out in this file (deleted ones included)."""
        meta = self._data.get(META, {}).get("1", {})
        numbers = self._pending if self._parse is not None else self._data.get(VISITS, {})
        return max(int(meta.get("last_id", 0)), max(map(int, numbers), default=0))

    def flush(self) -> None:
        table_parts = self._old_table_with_appends() or table_chunks(self.read().get(VISITS, {}))
        last_id = self.last_id
        small = {k: v for k, v in self._data.items() if k not in (VISITS, META)}
        crc = 0
        with atomic_writer(self.path, "wb", private=True) as out:
            out.write(encode(small)[:-1] + (b"," if small else b"") + _TABLE_AT)
            for part in table_parts:
                out.write(part)
                crc = zlib.crc32(part, crc)
            meta = {
                "schema_version": SCHEMA_VERSION,
                "aplikasi": "komsos",
                "last_id": last_id,
                "kunjungan_crc32": _checksum(crc, last_id),
            }
            out.write(b"," + _member(META, {"1": meta}) + b"}")
        self._data[META] = {"1": meta}
        self.dirty = False

    def _old_table_with_appends(self) -> list[Any] | None:
        old = self._old_table()
        if old is None:
            return None
        if self._parse is not None:
            added = self._pending.items()
        else:
            table = self._data[VISITS]
            added = ((k, table[k]) for k in self._appends)
        members = b",".join(_member(k, doc) for k, doc in added)
        return [old[:-1], b"," + members if len(old) > 2 and members else members, b"}"]

    def _old_table(self) -> memoryview | None:
        """The loaded file's visits table, to be written again with the new visits added; None
        when the table must be encoded again.

        Unparsed visits: the table as loaded (the checksum vouched for it). Parsed visits: only
        when certain: nothing but appends happened since loading, the file was written by this
        schema in ASCII, it has no table the parse did not find where expected, and its first
        and last visit are exactly what ``encode`` makes of the parsed ones.
        """
        if self._blob is None or self._table_at is None or self._rewrite:
            return None
        start, end = self._table_at
        old = memoryview(self._blob)[start:end]
        if self._parse is not None:
            return old
        # Only appends happened: the data is the loaded data plus the appended visits.
        meta, table = self._data.get(META, {}).get("1"), self._data.get(VISITS, {})
        if not self._appends or not isinstance(meta, dict):
            return None
        if meta.get("schema_version") != SCHEMA_VERSION or not self._blob.isascii():
            return None  # an older file (a migration may have changed the data in memory)
        keys = list(table)
        count = len(keys) - len(self._appends)  # the visits as loaded
        if keys[count:] != self._appends:
            return None
        if count == 0:
            return old if old == b"{}" else None
        first, last = keys[0], keys[count - 1]
        head = b"{" + _member(first, table[first])
        tail = _member(last, table[last]) + b"}"
        if old[: len(head)] != head or old[len(old) - len(tail) :] != tail:
            return None
        return old

    def close(self) -> None:
        pass


class _Records(Sequence):
    """Stored visits as the API hands them out (``{"id": ..., **doc}``), made when looked at.

    A merge of 100,000 new visits would otherwise build 100,000 more dicts (about 120 MB)
    only to count them and list the first few.
    """

    def __init__(self, ids: list[int], docs: list[dict[str, Any]]):
        self._ids, self._docs = ids, docs

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index):  # type: ignore[no-untyped-def,override]
        if isinstance(index, slice):
            return [_record(i, d) for i, d in zip(self._ids[index], self._docs[index], strict=True)]
        return _record(self._ids[index], self._docs[index])

    def __eq__(self, other: object) -> bool:
        return list(self) == other if isinstance(other, (list, _Records)) else NotImplemented

    def __repr__(self) -> str:
        return f"_Records({list(self)!r})"


@dataclass
class MergeResult:
    added: Sequence[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    duplicates: int = 0  # records whose UUID came earlier in the same import
    conflicting: list[str] = field(default_factory=list)  # ... with different contents
    send: Any = None  # what send files added besides visits (importers.SendResult)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


class Database:
    """The small API every command uses. Records are plain dicts; ``id`` is the TinyDB doc id."""

    def __init__(self, storage: SafeStorage):
        self._storage = storage
        self._db = TinyDB(storage=lambda: storage)
        # Query caches only cost memory here: each command runs one query.
        self._visits = self._db.table(VISITS, cache_size=0)
        self._profile = self._db.table(PROFILE, cache_size=0)

    # --- visits -------------------------------------------------------------------------------

    def visits(self) -> list[dict[str, Any]]:
        raw = self._storage.read().get(VISITS, {})
        return [_record(doc_id, doc) for doc_id, doc in raw.items()]

    def take_visits(self) -> list[dict[str, Any]]:
        """All visits, for a read-only command that goes through them once (list, export,
        rekap): the loaded visits are handed over instead of copied (at 100,000 visits a copy
        is another 100 MB), and this view has no visits afterwards."""
        raw = self._storage.read().get(VISITS, {})
        taken = []
        for doc_id, doc in raw.items():
            taken.append({"id": int(doc_id), **doc})
            doc.clear()  # its strings live on in the new dict; its own table is freed now
        self._storage.hand_over()
        return taken

    def get(self, ref: str | int) -> dict[str, Any]:
        """Find one visit by its number, its UUID, or the start of its UUID (8+ characters)."""
        text = str(ref).strip().lower()
        raw = self._storage.read().get(VISITS, {})
        if text.isdigit() and text in raw:
            return _record(text, raw[text])
        if len(text) >= 8 and re.fullmatch(r"[0-9a-f\-]+", text):
            found = [(k, v) for k, v in raw.items() if str(v.get("uuid", "")).startswith(text)]
            if len(found) == 1:
                return _record(*found[0])
            if len(found) > 1:
                raise InputError(
                    f"Awal UUID '{ref}' cocok dengan {len(found)} kunjungan; tulis lebih panjang."
                )
        raise InputError(f"Kunjungan '{ref}' tidak ditemukan. Lihat nomornya dengan 'komsos list'.")

    def _reserve_ids(self) -> None:
        # TinyDB hands out max(id) + 1, so deleting the newest visit would give its number to
        # the next one; people quote these numbers, so a number is never reused.
        if self._visits._next_id is None:
            self._visits._next_id = self._storage.last_id + 1

    def add(self, record: Mapping[str, Any]) -> dict[str, Any]:
        stored = _stored(record)
        (doc_id,) = self._append([stored])
        return {"id": doc_id, **stored}

    def _append(self, docs: list[dict[str, Any]]) -> list[int]:
        """Put new visits (dicts owned by the caller) at the end of the table, fresh numbers.

        TinyDB's insert rebuilds the whole table twice and copies each document: O(n) per
        add, and one more copy of every visit of an import in memory. This is the same change
        to the same table, told to the storage as an append.
        """
        self._reserve_ids()
        ids = [self._visits._get_next_id() for _ in docs]
        self._storage.append(dict(zip(map(str, ids), docs, strict=True)))
        return ids

    def replace(self, doc_id: int, record: Mapping[str, Any]) -> dict[str, Any]:
        stored = _stored(record)

        def transform(doc: dict) -> None:
            doc.clear()
            doc.update(stored)

        if not self._visits.update(transform, doc_ids=[doc_id]):
            raise InputError(f"Kunjungan '{doc_id}' tidak ditemukan.")
        return {"id": doc_id, **stored}

    def delete(self, doc_id: int) -> None:
        if not self._visits.remove(doc_ids=[doc_id]):
            raise InputError(f"Kunjungan '{doc_id}' tidak ditemukan.")

    def merge(
        self, records: Iterable[Mapping[str, Any]], *, validated: bool = False
    ) -> MergeResult:
        """Merge by UUID: new visits are added, a visit with a newer ``diubah`` replaces ours.

        One pass over the table and at most one insert and one update, whatever the count.
        ``validated``: the records are fresh dicts from ``models.validate_record`` (ordered, no
        empty values, no id), kept as they are instead of copied into that form again (a
        third of the merge of 100,000 visits).
        """
        raw = self._storage.read().get(VISITS, {})
        by_uuid = {doc.get("uuid"): (int(doc_id), doc) for doc_id, doc in raw.items()}
        result = MergeResult()
        new_docs: list[dict[str, Any]] = []
        replacements: dict[str, dict[str, Any]] = {}
        seen: dict[Any, dict[str, Any]] = {}  # the first copy of each UUID of this import
        unchanged: set[Any] = set()
        for record in records:
            stored = record if validated and type(record) is dict else _stored(record)
            uid = stored["uuid"]
            first = seen.setdefault(uid, stored)
            repeated = first is not stored
            if repeated:
                result.duplicates += 1
                if stored != first and uid not in result.conflicting:
                    result.conflicting.append(uid)
            if uid in replacements:
                if _instant(stored) > _instant(replacements[uid]):
                    replacements[uid] = stored
                continue
            if uid not in by_uuid:
                new_docs.append(stored)
                by_uuid[uid] = (0, stored)
                continue
            doc_id, current = by_uuid[uid]
            if current == stored or _instant(stored) <= _instant(current):
                if not repeated:
                    result.unchanged += 1
                    unchanged.add(uid)
                continue
            if uid in unchanged:  # its first copy matched ours; this later one is newer
                unchanged.discard(uid)
                result.unchanged -= 1
            if doc_id == 0:  # a second, newer copy of a visit new in this same import
                current.clear()
                current.update(stored)
                continue
            replacements[uid] = stored
        if new_docs:
            result.added = _Records(self._append(new_docs), new_docs)
        if replacements:
            ids = [by_uuid[uid][0] for uid in replacements]

            def transform(doc: dict) -> None:
                newer = replacements[doc["uuid"]]
                doc.clear()
                doc.update(newer)

            self._visits.update(transform, doc_ids=ids)
            result.updated = [{"id": by_uuid[u][0], **r} for u, r in replacements.items()]
        return result

    # --- profile -------------------------------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        doc = self._storage.small_table(PROFILE).get("1")
        return {k: list(v) if isinstance(v, list) else v for k, v in doc.items()} if doc else {}

    def set_profile(self, profile: Mapping[str, Any]) -> None:
        """Replace the profile: a key left out (or emptied) is gone, not kept from before."""
        clean = {k: v for k, v in profile.items() if v not in (None, "", [])}
        self._profile.truncate()
        self._profile.insert(Document(clean, doc_id=1))

    # --- the office's Babinsa ------------------------------------------------------------------

    def office_profiles(self) -> list[dict[str, Any]]:
        """The profiles the office's send files carried, one per NRP (copies)."""
        table = self._storage.small_table(OFFICE_PROFILES)
        return [json.loads(json.dumps(doc)) for doc in table.values()]

    def keep_office_profile(self, profile: Mapping[str, Any]) -> str:
        """Keep a sender's profile, one per NRP (per name without one); the one sent last wins.

        Returns ``"baru"``, ``"diperbarui"``, ``"sama"`` or ``"lebih lama"`` (an older send
        imported after a newer one changes nothing)."""
        clean = {k: v for k, v in profile.items() if v not in (None, "", [])}
        key = _profile_key(clean)
        table = self._db.table(OFFICE_PROFILES, cache_size=0)
        for doc_id, doc in self._storage.small_table(OFFICE_PROFILES).items():
            if _profile_key(doc) != key:
                continue
            if doc == clean:
                return "sama"
            if str(clean.get("dikirim", "")) < str(doc.get("dikirim", "")):
                return "lebih lama"

            def transform(current: dict) -> None:
                current.clear()
                current.update(clean)

            table.update(transform, doc_ids=[int(doc_id)])
            return "diperbarui"
        table.insert(clean)
        return "baru"


def _profile_key(profile: Mapping[str, Any]) -> tuple[str, str]:
    nrp = str(profile.get("nrp") or "").strip()
    return (nrp, "") if nrp else ("", " ".join(str(profile.get("babinsa", "")).casefold().split()))


def _stored(record: Mapping[str, Any]) -> dict[str, Any]:
    """A visit as it is stored: ordered, no empty values, no ``id`` (the table's key)."""
    stored = order_record(record)
    stored.pop("id", None)
    return stored


def _record(doc_id: str | int, doc: Mapping[str, Any]) -> dict[str, Any]:
    """A stored visit as callers get it: a copy (lists too), so that changing it changes nothing
    in the loaded data, which a later ``Store.write`` may reuse."""
    record = {"id": int(doc_id), **doc}
    for key in LIST_FIELDS:
        if key in record:
            record[key] = list(record[key])
    return record


def newer(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Was ``one`` changed after ``other`` (by ``diubah``, as instants)?"""
    return _instant(one) > _instant(other)


def _instant(record: Mapping[str, Any]) -> tuple[int, Any]:
    """When a visit was last changed, as an instant that compares across time zones.

    ``diubah`` carries the laptop's offset (+07:00 WIB, +08:00 WITA, +09:00 WIT): as text,
    10:30+09:00 sorted after 10:00+07:00, though it is 90 minutes earlier. A stamp without an
    offset is local time; one that does not parse sorts before every one that does.
    """
    text = str(record.get("diubah") or record.get("dibuat") or "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return (0, text)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return (1, moment.timestamp())


class Store:
    """One database file, its lock and its backups."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        lock_timeout: float | None = None,
        keep_backups: int | None = None,
    ):
        # The real file: a link (to a synced folder, say) is locked and written as its target,
        # not replaced by a file of its own while the real one stays old.
        self.path = real_path(path)
        self.lock_path = lock_path_for(self.path)
        self.backup_dir = backup_dir_for(self.path)
        self.lock_timeout = (
            lock_timeout if lock_timeout is not None
            else _env_number("KOMSOS_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)
        )  # fmt: skip
        self.keep_backups = int(
            keep_backups if keep_backups is not None
            else _env_number("KOMSOS_BACKUP_KEEP", DEFAULT_KEEP_BACKUPS)
        )  # fmt: skip
        # (fingerprint of the file, its parsed data) from the last read(), for the next write().
        self._parsed: tuple[Fingerprint, dict[str, Any]] | None = None
        self._backups = Backups(self.backup_dir, self.path.stem, self.keep_backups)

    def protected_paths(self) -> list[Path]:
        """What no ``--output`` may name: the database, its lock, its backup and photo folders."""
        from komsos_cli.photos import photo_dir

        return [self.path, self.lock_path, self.backup_dir, photo_dir(self.path)]

    # --- reading ---------------------------------------------------------------------------------

    def _open(self, *, writing: bool) -> SafeStorage:
        """Read and check the file; its storage knows the fingerprint of what it parsed.

        Three ways to avoid parsing years of visits again and again:

        * the visits of a file komsos wrote are left unparsed until a command reads them
          (``add`` needs only the profile and the meta; a write first checks the checksum of
          the table, and a read-only command of a big file reads only the file's two ends);
        * commands read first (a profile, the visit to delete) and write after: when the file
          still holds exactly the bytes the earlier ``read()`` parsed, that parse is used again
          (the fingerprint: the bytes themselves, or their SHA-256 for a big file);
        * a big file read by a read-only command is parsed in pieces (``_parse_in_pieces``)
          instead of holding its whole text beside the data.
        """
        cached, self._parsed = self._parsed, None
        if not writing:
            with contextlib.suppress(OSError):
                size = self.path.stat().st_size
                if size > _REMEMBER_BYTES:
                    small = _small_tables_at_ends(self.path, size)
                    if small is not None:
                        self._check_schema(small)
                        return SafeStorage(self.path, small, parse=self._parse_big)
                    return SafeStorage(self.path, *self._parse_big())
        blob = self._read_bytes()
        if blob is None:
            return SafeStorage(self.path, {})
        fingerprint = _fingerprint(blob) if not writing or cached else None
        located = _locate_visits(blob)
        if cached is not None and cached[0] == fingerprint:
            data = cached[1]
        elif located is not None and (not writing or _checksum_matches(blob, *located)):
            small, start, end = located
            self._check_schema(small)
            return SafeStorage(
                self.path,
                small,
                blob,
                table_at=(start, end),
                parse=lambda: (self._parse(blob), fingerprint),
            )
        else:
            data = self._parse(blob)
        if located is not None and located[0].keys() != data.keys():
            located = None  # a table the frame did not show: the visits are not where it said
        return SafeStorage(
            self.path,
            data,
            blob if writing else None,
            table_at=located[1:] if located else None,
            fingerprint=fingerprint,
        )

    def _parse_big(self) -> tuple[dict[str, Any], Fingerprint | None]:
        """A big file parsed for a read-only command: in pieces, or whole when that fails."""
        parsed = _parse_in_pieces(self.path)
        if parsed is not None:
            data, fingerprint = parsed
            if all(isinstance(t, dict) for t in data.values()):
                self._check_schema(data)
                return data, fingerprint
        blob = self._read_bytes()
        if blob is None:
            return {}, None
        return self._parse(blob), _fingerprint(blob)

    def _read_bytes(self) -> bytes | None:
        try:
            blob = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise KomsosError(f"{self.path} adalah folder, bukan file database.") from None
        except OSError as exc:
            raise KomsosError(
                f"Tidak bisa membaca database {self.path}: {os_reason(exc)}."
            ) from None
        if not blob.strip():
            raise self._damaged("file kosong (0 byte), padahal seharusnya berisi data")
        return blob

    def _parse(self, blob: bytes) -> dict[str, Any]:
        """The whole file, parsed and checked (DatabaseDamaged when it is not a komsos file)."""
        problem = database_problem(blob)
        if isinstance(problem, str):
            raise self._damaged(problem)
        self._check_schema(problem)
        return problem

    def _check_schema(self, data: dict[str, Any]) -> None:
        meta = data.get(META, {}).get("1", {})
        version = meta.get("schema_version", SCHEMA_VERSION)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise KomsosError(
                f"Database {self.path} dibuat oleh versi komsos yang lebih baru (skema {version}). "
                "Perbarui komsos terlebih dahulu."
            )
        # Migrations from older schema versions go here, keyed by version.

    def _damaged(self, reason: str) -> DatabaseDamaged:
        latest = self.latest_backup()
        hint = (
            f"Cadangan terakhir: {latest}. Pulihkan dengan: komsos restore"
            if latest
            else "Belum ada cadangan."
        )
        salvage = (
            "Atau ambil semua kunjungan yang masih utuh di file ini (digabung dengan cadangan "
            "terbaru) dengan: komsos salvage"
        )
        return DatabaseDamaged(
            f"Database {self.path} rusak: {reason}. File ini tidak akan ditimpa.",
            details=[hint, salvage],
        )

    @contextlib.contextmanager
    def read(self) -> Iterator[Database]:
        """A read-only view; no lock is needed because writers replace the file atomically."""
        storage = self._open(writing=False)
        yield Database(storage)
        if storage.fingerprint and not storage.dirty and storage.parsed is not None:
            self._parsed = (storage.fingerprint, storage.parsed)

    # --- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        try:
            make_folder(self.path.parent, private=True)
        except OSError as exc:
            raise KomsosError(
                f"Tidak bisa membuat folder {self.path.parent}: {os_reason(exc)}."
            ) from None
        try:
            # filelock takes a lock file it cannot create for one held by another process and
            # waits: a folder without write access would read "sedang dipakai" after a while.
            os.close(os.open(self.lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
        except OSError as exc:
            raise KomsosError(
                f"Tidak bisa menulis di folder {self.path.parent}: {os_reason(exc)}. "
                "Pilih tempat lain dengan --db FILE."
            ) from None
        lock = FileLock(str(self.lock_path), timeout=self.lock_timeout, mode=PRIVATE_FILE)
        try:
            lock.acquire()
        except Timeout:
            raise DatabaseBusy(
                f"Database sedang dipakai oleh proses komsos lain ({self.path}). "
                "Tunggu sebentar lalu coba lagi."
            ) from None
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def write(self, *, backup: str | None = None) -> Iterator[Database]:
        """Lock, read once, let the caller change the data, write once if anything changed.

        ``backup`` names the reason for a copy made before a destructive change is written.
        Nothing is written when the block raises.
        """
        with self.locked():
            self.refuse_read_only()
            storage = self._open(writing=True)
            loaded_last_id = storage.last_id if storage.loaded_bytes else 0
            yield Database(storage)
            if storage.dirty:
                made = None
                if storage.loaded_bytes and (backup or self._backups.due(storage.last_id)):
                    made = self._backups.write(
                        storage.loaded_bytes, backup or "otomatis", loaded_last_id, source=self.path
                    )
                for leftover in stale_temp_files(self.path):
                    leftover.unlink(missing_ok=True)
                self.commit(storage.flush, made)

    def commit(self, write: Callable[[], None], backup: Path | None) -> None:
        """Write, then rotate the backups; a backup made for a write that failed goes again
        (on a full disk it would take the room every later write needs)."""
        try:
            write()
        except BaseException:
            if backup is not None:
                backup.unlink(missing_ok=True)
            raise
        self._backups.prune(keep_also=backup)

    def refuse_read_only(self) -> None:
        """A database its owner made read-only is not replaced (the folder may still allow it,
        and root may write anything: the mode is what the owner said)."""
        try:
            mode = os.stat(self.path).st_mode
        except OSError:
            return
        if not mode & stat.S_IWUSR or not os.access(self.path, os.W_OK):
            raise KomsosError(
                f"Database {self.path} hanya boleh dibaca (izin {stat.filemode(mode)}); "
                "komsos tidak akan mengubahnya. Bila memang boleh diubah, beri izin tulis "
                f"dulu (chmod u+w {self.path}), atau pakai database lain dengan --db FILE."
            )

    # --- backups ---------------------------------------------------------------------------------

    def keep_aside(self, blob: bytes, reason: str) -> Path:
        """Put the file about to be replaced (holding ``blob``) in the backup folder."""
        return self._backups.write(blob, reason, _last_id_of(blob), source=self.path)

    def backups(self) -> list[Path]:
        """The backups of this database, oldest first."""
        return self._backups.all()

    def latest_backup(self) -> Path | None:
        return self._backups.latest()

    def backup(self, reason: str = "manual") -> Path:
        """Copy the current database to the backup folder (the file must be readable)."""
        with self.locked():
            blob = self._read_bytes()
            if blob is None:
                raise KomsosError(f"Belum ada database di {self.path}; tidak ada yang dicadangkan.")
            located = _locate_visits(blob)
            if located is None or not _checksum_matches(blob, *located):
                self._parse(blob)  # a damaged file is not a backup
            made = self._backups.write(blob, reason, _last_id_of(blob))
            self._backups.prune(keep_also=made)
            return made

    def read_backup(self, source: Path) -> tuple[bytes, dict[str, Any]]:
        """A backup file's bytes and data, checked as a database is (InputError if it is not
        one: damaged, an export, or from a newer komsos)."""
        try:
            blob = source.read_bytes()
        except OSError as exc:
            raise InputError(
                f"File cadangan {source} tidak bisa dibaca: {os_reason(exc)}."
            ) from None
        data = database_problem(blob)
        if isinstance(data, str):
            if _looks_like_export(blob):
                raise InputError(
                    f"{source} adalah file ekspor komsos, bukan cadangan database. "
                    f"Untuk memasukkan isinya pakai: komsos import {source}"
                )
            raise InputError(f"File cadangan {source} rusak ({data}); pilih cadangan lain.")
        try:
            self._check_schema(data)
        except KomsosError as exc:
            raise InputError(exc.message) from None
        return blob, data

    def describe_backup(self, source: Path) -> tuple[datetime, int]:
        """When a backup was made and how many visits it holds (for the question of restore)."""
        _, data = self.read_backup(source)
        taken = datetime.fromtimestamp(source.stat().st_mtime)
        return taken, len(data.get(VISITS, {}))

    def restore(self, source: Path | None = None) -> Path:
        """Replace the database with a backup; the current file (even a damaged one) is kept."""
        source = Path(source) if source else self.latest_backup()
        if source is None:
            raise InputError(f"Belum ada cadangan untuk {self.path}.")
        blob, data = self.read_backup(source)
        with self.locked():
            self.refuse_read_only()
            try:
                current = self.path.read_bytes()
            except FileNotFoundError:
                current = b""
            made = None
            if current:
                made = self.keep_aside(current, "sebelum-restore" if _parses(current) else "rusak")
                blob = _keep_numbers_unique(data, blob, current)
            self.commit(lambda: atomic_write_bytes(self.path, blob, private=True), made)
        return source


# Files up to this size are remembered by their bytes (comparing them costs less than hashing
# twice); bigger ones by a SHA-256, so that a read-only command on years of records does not
# hold the file in memory twice.
_REMEMBER_BYTES = 32 * 1024 * 1024


def _fingerprint(blob: bytes) -> Fingerprint:
    if len(blob) <= _REMEMBER_BYTES:
        return ("bytes", blob)
    import hashlib

    return ("sha256", hashlib.sha256(blob).digest())


_PIECE = 4 << 20  # bytes of visits decoded and parsed at a time
_VISITS_KEY = b'"' + VISITS.encode() + b'":{'
# Where one stored visit ends and the next begins, as encode() writes them (uuid comes first).
_NEXT_VISIT = re.compile(rb'\},"[0-9]+":\{"uuid":"')


def _parse_in_pieces(path: Path) -> tuple[dict[str, Any], Fingerprint] | None:
    """Parse a big database file a few MB at a time, or None to let json.loads do it whole.

    json.loads needs the whole file as one str beside the data it builds: at 100,000 visits
    129 MB of text on top of 345 MB of data, close to the 500 MB a read may take. Here the
    visits table is cut between two visits (``},"<n>":{"uuid":"``) every few MB and each piece
    is parsed as an object of its own; the rest of the file is parsed once with a marker in the
    table's place. Whatever the cuts, the file is valid JSON exactly when every piece and the
    rest are, and the visits of the pieces, merged in order (a repeated number: the last one,
    at the first one's place, as json.loads does), are its table. Any
    surprise (no table near the start, a visit longer than the pieces, a piece that does not
    parse) returns None, and the whole-file parse reports the error as before.
    """
    import hashlib

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:

            def more() -> bytes:
                chunk = handle.read(_PIECE)
                digest.update(chunk)
                return chunk

            buffer = more()
            start = buffer.find(_VISITS_KEY)
            if start < 0:
                return None
            head = buffer[: start + len(_VISITS_KEY)]  # up to the table's "{"
            buffer = buffer[start + len(_VISITS_KEY) :]
            visits: dict[str, Any] = {}
            eof = False
            while True:
                if not eof and len(buffer) < 2 * _PIECE:
                    chunk = more()
                    eof = not chunk
                    buffer += chunk
                    continue
                cut = _NEXT_VISIT.search(buffer, _PIECE) if len(buffer) > _PIECE else None
                if cut is None:
                    if eof:
                        break
                    if len(buffer) > 8 * _PIECE:
                        return None  # no cut in 32 MB: not a file encode() wrote
                    chunk = more()
                    eof = not chunk
                    buffer += chunk
                    continue
                end = cut.start() + 1  # just after the "}" that closes a visit
                visits.update(json.loads("{" + buffer[:end].decode("utf-8") + "}"))
                buffer = buffer[end + 1 :]  # after the "," before the next visit
            text = buffer.decode("utf-8")
            last, end = json.JSONDecoder().raw_decode("{" + text)
            visits.update(last)
            # The rest of the file with a one-off string where the table was: if a repeated
            # key comes later, json.loads keeps that one and the marker is gone.
            marker = os.urandom(16).hex()
            data = load_tables(f'{head[:-1].decode("utf-8")}"{marker}"{text[end - 1 :]}')
    except (OSError, ValueError, RecursionError):  # incl. JSONDecodeError, UnicodeDecodeError
        return None
    if not isinstance(data, dict) or data.get(VISITS) != marker:
        return None
    data[VISITS] = visits
    return data, ("sha256", digest.digest())


def _keep_numbers_unique(restored: dict[str, Any], blob: bytes, current: bytes) -> bytes:
    """The restored file, told the highest visit number the current file has given out.

    Visit numbers handed out after the backup was taken were quoted to people; restoring must
    not hand them out again. Unchanged bytes when the backup already knows them.
    """
    try:
        now = SafeStorage(Path(), json.loads(current.decode("utf-8"))).last_id
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError):
        return blob  # the current file is damaged: nothing to learn from it
    storage = SafeStorage(Path(), restored)
    if now <= storage.last_id:
        return blob
    meta = dict(restored.get(META, {}).get("1", {}))
    meta["last_id"] = now
    return encode({**restored, META: {"1": meta}})


def _parses(blob: bytes) -> bool:
    return not isinstance(database_problem(blob), str)


def _last_id_of(blob: bytes) -> int | None:
    """The highest visit number a database file has given out (None: it does not parse)."""
    data = database_problem(blob)
    if isinstance(data, str):
        return None
    try:
        return SafeStorage(Path(), data).last_id
    except (AttributeError, TypeError, ValueError):
        return None


def _looks_like_export(blob: bytes) -> bool:
    """A komsos JSON or JSON Lines export: it begins with a schema_version (a database keeps
    it in its ``_meta`` table, at the end)."""
    return re.match(rb'(?:\xef\xbb\xbf)?\s*\{\s*"schema_version"', blob) is not None


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def load_tables(text: str) -> Any:
    """``json.loads`` of a database file, refusing a table named twice.

    json.loads keeps the last of two equal keys: a file with the visits table twice parsed as
    valid, and the next write dropped one copy. The top level is read key by key here (each
    value by the same C scanner json.loads uses); anything not an object is parsed as usual.
    """
    pos = _SPACE.match(text).end()
    if text[pos : pos + 1] != "{":
        return json.loads(text)
    data: dict[str, Any] = {}
    pos = _SPACE.match(text, pos + 1).end()
    if text[pos : pos + 1] == "}":
        pos += 1
    else:
        while True:
            if text[pos : pos + 1] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", text, pos
                )
            key, pos = _DECODER.raw_decode(text, pos)
            if key in data:
                raise DuplicateTable(key, text, pos)
            pos = _SPACE.match(text, pos).end()
            if text[pos : pos + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
            data[key], pos = _DECODER.raw_decode(text, _SPACE.match(text, pos + 1).end())
            pos = _SPACE.match(text, pos).end()
            if text[pos : pos + 1] == ",":
                pos = _SPACE.match(text, pos + 1).end()
                continue
            if text[pos : pos + 1] != "}":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
            pos += 1
            break
    if _SPACE.match(text, pos).end() != len(text):
        raise json.JSONDecodeError("Extra data", text, pos)
    return data


class DuplicateTable(json.JSONDecodeError):
    def __init__(self, key: str, text: str, pos: int):
        super().__init__(f"table {key!r} twice", text, pos)
        self.key = key


def database_problem(blob: bytes) -> dict[str, Any] | str:
    """A database file's data, or what is wrong with it (in Indonesian, for a message)."""
    try:
        data = load_tables(blob.decode("utf-8"))
    except UnicodeDecodeError:
        return "isi bukan teks UTF-8"
    except DuplicateTable as exc:
        return (
            f"tabel '{exc.key}' ada dua kali (baris {exc.lineno}); "
            "file seperti ini tidak ditulis oleh komsos"
        )
    except json.JSONDecodeError as exc:
        return f"isi tidak bisa dibaca (rusak mulai baris {exc.lineno}, kolom {exc.colno})"
    except RecursionError:
        return "isi bersarang terlalu dalam; file seperti ini tidak ditulis oleh komsos"
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        return "susunan data tidak dikenali"
    return data
