"""The backup folder of one database: naming, order, rotation, and when an add needs a copy.

A backup is named ``<stem>-<sequence>-<YYYYmmdd-HHMMSS>-<reason>[-n<last_id>].json``:

* the *sequence* only ever increases (one more than the highest in the folder), so the order
  of backups does not depend on the clock (a laptop moved from WIT to WIB goes back two
  hours; ordered by wall time, rotation deleted each new backup at once);
* the time is local wall time, for people reading the list;
* ``last_id`` is the highest visit number the copied file had given out: the newest backup's
  lag behind the database is known without opening it.

Names from older versions (``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.json``) sort before
every new one, among themselves by name. Only the owner may read the folder (0700) and the
copies (0600): they hold residents' names.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from komsos_cli.fileio import (
    PRIVATE_FILE,
    PRIVATE_FOLDER,
    atomic_write_bytes,
    fsync_dir,
    make_folder,
    stale_temp_files_in,
)

# An add-only database gets a copy once its newest backup is this far behind.
BACKUP_EVERY_VISITS = 20
BACKUP_EVERY_SECONDS = 24 * 3600
DAMAGED = "rusak"  # the reason of a damaged database file kept aside
_NAME = re.compile(r"(\d{6,})-(\d{8}-\d{6})-([a-z][a-z-]*?)(?:-n(\d+))?\.json")


@dataclass(frozen=True)
class BackupName:
    sequence: int  # -1: a name from an older version
    taken: datetime | None
    reason: str
    last_id: int | None


def parse_name(stem: str, path: Path) -> BackupName:
    rest = path.name[len(stem) + 1 :] if path.name.startswith(stem + "-") else ""
    found = _NAME.fullmatch(rest)
    if not found:
        return BackupName(-1, None, "", None)
    sequence, stamp, reason, last_id = found.groups()
    return BackupName(
        int(sequence),
        datetime.strptime(stamp, "%Y%m%d-%H%M%S"),
        reason,
        int(last_id) if last_id is not None else None,
    )


class Backups:
    """The copies of one database file, oldest first."""

    def __init__(self, folder: Path, stem: str, keep: int):
        self.folder = folder
        self.stem = stem
        self.keep = keep

    def _key(self, path: Path) -> tuple[int, str]:
        return parse_name(self.stem, path).sequence, path.name

    def all(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob(f"{self.stem}-*.json"), key=self._key)

    def latest(self) -> Path | None:
        """The newest backup to restore: a damaged file kept aside (``rusak``) is not one."""
        found = [p for p in self.all() if parse_name(self.stem, p).reason != DAMAGED]
        return found[-1] if found else None

    def write(
        self, blob: bytes, reason: str, last_id: int | None = None, *, source: Path | None = None
    ) -> Path:
        """Put ``blob`` in as the newest backup (call under the database's lock).

        ``source``: the database file that holds exactly ``blob`` and is about to be replaced
        (never written in place: every write is a new file renamed over it). It is hard-linked
        into the folder instead of copied: no bytes are written, so a backup costs an add
        next to nothing, and once the database is replaced the link is the only name of the
        old file. Where links are not possible (FAT, some network drives), it is copied.
        """
        make_folder(self.folder, private=True)
        with contextlib.suppress(OSError):
            os.chmod(self.folder, PRIVATE_FOLDER)
        self.clean_temp()
        found = self.all()
        sequence = max((parse_name(self.stem, p).sequence for p in found), default=0) + 1
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        count = f"-n{last_id}" if last_id is not None else ""
        target = self.folder / f"{self.stem}-{sequence:06d}-{stamp}-{reason}{count}.json"
        if source is None or not _link(source, target, len(blob)):
            atomic_write_bytes(target, blob, private=True)
        return target

    def prune(self, keep_also: Path | None = None) -> None:
        """Keep the newest ``keep`` backups (0: keep all); ``keep_also`` is never removed.
        Called after every write: the folder is put back to 0700 if something opened it up."""
        with contextlib.suppress(OSError):
            if stat.S_IMODE(os.stat(self.folder).st_mode) != PRIVATE_FOLDER:
                os.chmod(self.folder, PRIVATE_FOLDER)
        if self.keep <= 0:
            return
        for old in self.all()[: -self.keep]:
            if old != keep_also:
                old.unlink(missing_ok=True)

    def clean_temp(self) -> None:
        """Remove what a backup killed half way left (call under the database's lock)."""
        for leftover in stale_temp_files_in(self.folder):
            leftover.unlink(missing_ok=True)

    def due(self, last_id: int) -> bool:
        """Does a database that has given out numbers up to ``last_id`` need a fresh copy?

        Yes when there is no backup, when the newest is more than ``BACKUP_EVERY_VISITS``
        numbers behind (or does not say), or older than a day (by its file time, either way
        round: a clock set back a day is a reason to copy too).
        """
        found = self.all()
        if not found:
            return True
        newest = found[-1]
        behind = parse_name(self.stem, newest).last_id
        if behind is None or last_id - behind >= BACKUP_EVERY_VISITS:
            return True
        try:
            age = time.time() - newest.stat().st_mtime
        except OSError:
            return True
        return abs(age) >= BACKUP_EVERY_SECONDS


def _link(source: Path, target: Path, size: int) -> bool:
    """Hard-link ``source`` (``size`` bytes, checked) as ``target``; False when not possible."""
    try:
        if os.stat(source).st_size != size:
            return False
        os.link(source, target)
    except OSError:
        return False
    try:
        os.chmod(target, PRIVATE_FILE)  # the database's own mode: it is 0600 from now on anyway
        fsync_dir(target.parent)
    except OSError:
        target.unlink(missing_ok=True)
        return False
    return True
