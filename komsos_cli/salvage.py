"""`komsos salvage`: every visit still intact in a damaged database, merged with the newest
backup that reads.

A damaged file (cut short by a full disk, a few bytes overwritten by a sync tool) usually still
holds most of its visits whole. Each place where a visit begins (``"<number>":{"uuid":``) is
read as one JSON object on its own; a visit that parses, is valid UTF-8 and passes the record's
checks is intact. The visits of the newest readable backup are merged in by UUID, the newest
``diubah`` winning (a visit deleted after that backup comes back: nothing is lost rather than
something). The damaged file is kept in the backup folder before the database is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError

_VISIT_AT = re.compile(rb'"([0-9]+)"\s*:\s*(\{)\s*"uuid"\s*:')
_PROFILE_AT = re.compile(rb'"profil"\s*:\s*(\{)')
_LAST_ID = re.compile(rb'"last_id"\s*:\s*([0-9]+)')
_DECODER = json.JSONDecoder()


@dataclass
class Salvaged:
    from_file: int  # intact visits read from the damaged file
    from_backup: int  # visits only the backup had, or newer there
    total: int
    backup: Path | None  # the backup merged in
    kept_aside: Path  # the damaged file, as it was


def _object_at(blob: bytes, start: int) -> dict[str, Any] | None:
    """The JSON object that begins at ``start``, or None if it is not whole and valid."""
    # Parse a window of text; a visit is a few kB (texts are at most 2,000 characters each).
    window = blob[start : start + 256 * 1024].decode("utf-8", "surrogateescape")
    try:
        value, end = _DECODER.raw_decode(window)
        window[:end].encode("utf-8")  # bytes that were not UTF-8 are damage, not text
    except (ValueError, RecursionError, UnicodeEncodeError):
        return None
    return value if isinstance(value, dict) else None


def _intact(doc: dict[str, Any]) -> bool:
    from komsos_cli.errors import KomsosError
    from komsos_cli.models import validate_record

    try:
        validate_record(doc)
    except (KomsosError, TypeError, ValueError, AttributeError):
        return False
    return True


def intact_visits(blob: bytes) -> dict[int, dict[str, Any]]:
    """The visits of a damaged database file that are whole, by their numbers."""
    found: dict[int, dict[str, Any]] = {}
    for match in _VISIT_AT.finditer(blob):
        doc = _object_at(blob, match.start(2))
        if doc is not None and _intact(doc):
            found.setdefault(int(match.group(1)), doc)
    return found


def intact_profile(blob: bytes) -> dict[str, Any] | None:
    match = _PROFILE_AT.search(blob)
    table = _object_at(blob, match.start(1)) if match else None
    if table and isinstance(table.get("1"), dict):
        return table
    return None


def merge(
    damaged: dict[int, dict[str, Any]], backup: dict[str, Any]
) -> tuple[dict[str, dict[str, Any]], int]:
    """The visits table of both (numbers of the damaged file first) and how many came from
    the backup."""
    from komsos_cli.storage import newer

    table = {str(n): doc for n, doc in sorted(damaged.items())}
    at = {doc.get("uuid"): key for key, doc in table.items()}
    taken = 0
    later: list[dict[str, Any]] = []
    for key, doc in backup.items():
        mine = at.get(doc.get("uuid"))
        if mine is None:
            if key in table:
                later.append(doc)  # its number went to another visit since: a new one
            else:
                table[key] = doc
                at[doc.get("uuid")] = key
            taken += 1
        elif newer(doc, table[mine]):
            table[mine] = doc
            taken += 1
    top = max(map(int, table), default=0)
    for doc in later:
        top += 1
        table[str(top)] = doc
    return dict(sorted(table.items(), key=lambda item: int(item[0]))), taken


def salvage(store: Any) -> Salvaged:
    """Salvage ``store``'s damaged file (InputError when it is not damaged or missing)."""
    from komsos_cli.storage import META, PROFILE, VISITS, SafeStorage, database_problem

    with store.locked():
        try:
            blob = store.path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"Belum ada database di {store.path}.") from None
        if blob.strip() and not isinstance(database_problem(blob), str):
            raise InputError(
                f"Database {store.path} tidak rusak; tidak ada yang perlu diselamatkan."
            )
        store.refuse_read_only()
        found = intact_visits(blob)
        source, data = _newest_readable_backup(store)
        visits, taken = merge(found, data.get(VISITS, {}))
        profile = intact_profile(blob) or data.get(PROFILE)
        last_ids = [int(m) for m in _LAST_ID.findall(blob)]
        last_ids.append(int(data.get(META, {}).get("1", {}).get("last_id", 0)))
        result: dict[str, Any] = {PROFILE: profile} if profile else {}
        for name, table in data.items():  # other tables of the backup (office profiles ...)
            if name not in (VISITS, PROFILE, META):
                result[name] = table
        result[VISITS] = visits
        result[META] = {"1": {"last_id": max(last_ids)}}
        aside = store.keep_aside(blob, "rusak")
        store.commit(SafeStorage(store.path, result).flush, aside)
    return Salvaged(len(found), taken, len(visits), source, aside)


def _newest_readable_backup(store: Any) -> tuple[Path | None, dict[str, Any]]:
    from komsos_cli.storage import database_problem

    for path in reversed(store.backups()):
        try:
            data = database_problem(path.read_bytes())
        except OSError:
            continue
        if not isinstance(data, str):
            return path, data
    return None, {}
