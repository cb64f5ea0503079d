"""Crash-safe file writes (temp file in the same folder, fsync, os.replace, fsync the folder),
and the one check every ``--output`` passes (``output_target``).

A write goes to the real file behind a symbolic link (the link stays a link). ``private``
writes create the file 0600 (and a new folder 0700) and leave it 0600 after every write: the
database, its backups, and exports that hold residents' names.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from komsos_cli.errors import InputError, KomsosError, os_reason

TMP_SUFFIX = ".tmp"
# Windows refuses to replace a file that another process has open at that moment (a komsos
# reader, a virus scanner, a backup tool): a few short retries ride over such a moment. A file
# kept open (Excel) still fails, with the message that says so.
REPLACE_RETRIES = 10 if os.name == "nt" else 0
REPLACE_PAUSE = 0.05
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}."


def fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _explain(path: Path, exc: OSError) -> KomsosError:
    if isinstance(exc, PermissionError):
        return KomsosError(
            f"Tidak bisa menulis {path}: file sedang dibuka program lain (mis. Excel) "
            "atau tidak ada izin menulis. Tutup file itu lalu coba lagi."
        )
    if exc.errno == errno.ENOSPC:
        return KomsosError(
            f"Tidak bisa menulis {path}: ruang penyimpanan penuh. Data lama tidak berubah."
        )
    return KomsosError(f"Tidak bisa menulis {path}: {os_reason(exc)}.")


def make_folder(folder: Path, *, private: bool = False) -> None:
    """Create ``folder`` (and its parents); the folders created here are 0700 when private."""
    missing = []
    at = folder
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    folder.mkdir(parents=True, exist_ok=True)
    if private:
        for created in missing:
            with contextlib.suppress(OSError):
                os.chmod(created, PRIVATE_FOLDER)


def real_path(path: str | os.PathLike) -> Path:
    """The file a path names once symbolic links are followed (a synced folder's link, say)."""
    return Path(os.path.realpath(Path(path).expanduser()))


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike, mode: str = "wb", *, private: bool = False, **open_kwargs
) -> Iterator[IO]:
    """Yield a file object; on success its content replaces ``path`` in one step.

    On any error the temp file is removed and ``path`` is left exactly as it was. A symbolic
    link is written through: its target gets the content. ``private``: the file ends up 0600
    (and a folder made for it 0700); otherwise a replaced file keeps its mode.
    """
    target = real_path(path)
    folder = target.parent
    try:
        make_folder(folder, private=private)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=_tmp_prefix(target), suffix=TMP_SUFFIX)
    except OSError as exc:
        raise _explain(target, exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace(tmp, target, PRIVATE_FILE if private else None)
        fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _explain(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _replace(tmp: Path, target: Path, mode: int | None) -> None:
    # mkstemp creates 0600. Without a mode given: keep the mode of the file being replaced, or
    # give a new file the mode any program would (a press release is meant to be shared).
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = _default_mode()
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)
    for _ in range(REPLACE_RETRIES):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            time.sleep(REPLACE_PAUSE)
    os.replace(tmp, target)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, *, private: bool = False) -> None:
    with atomic_writer(path, "wb", private=private) as handle:
        handle.write(data)


def atomic_write_text(
    path: str | os.PathLike, text: str, newline: str | None = None, *, private: bool = False
) -> None:
    with atomic_writer(path, "w", encoding="utf-8", newline=newline, private=private) as handle:
        handle.write(text)


def refuse_protected(
    path: str | os.PathLike, protected: Iterable[Path], option: str = "--output"
) -> Path:
    """The real path of ``path``, refused (InputError) when it is or is inside ``protected``."""
    target = real_path(path)
    for guarded in protected:
        real = real_path(guarded)
        if target == real or real in target.parents:
            raise InputError(
                f"{option} {path} menunjuk ke {real}, milik database komsos; file itu tidak "
                "akan ditimpa. Pilih nama lain."
            )
    return target


def output_target(path: str | os.PathLike, protected: Iterable[Path] = ()) -> tuple[Path, bool]:
    """Where an ``--output`` really goes (a link's target) and whether a file is there already.

    Refused (InputError): a path that is, or is inside, one of ``protected`` (the database, its
    lock, its backup folder: a release written there would replace every visit), and anything
    that exists but is not a regular file (a FIFO, a device, a folder).
    """
    target = refuse_protected(path, protected)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target, False
    except OSError as exc:
        raise InputError(f"--output {path} tidak bisa dipakai: {os_reason(exc)}.") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "folder" if stat.S_ISDIR(info.st_mode) else "bukan file biasa (mis. FIFO/perangkat)"
        raise InputError(f"--output {path} adalah {kind}; komsos hanya menulis ke file biasa.")
    return target, True


def stale_temp_files(path: Path) -> list[Path]:
    """Temp files a killed writer left beside ``path``; call only while holding its lock."""
    return sorted(path.parent.glob(_tmp_prefix(path) + "*" + TMP_SUFFIX))


def stale_temp_files_in(folder: Path) -> list[Path]:
    """Every temp file a killed writer left in ``folder`` (one only komsos writes to)."""
    return sorted(folder.glob(".*" + TMP_SUFFIX)) if folder.is_dir() else []
