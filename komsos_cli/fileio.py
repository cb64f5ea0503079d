"""Crash-safe file writes: temp file in the same folder, fsync, os.replace, fsync the folder."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from komsos_cli.errors import KomsosError, os_reason

TMP_SUFFIX = ".tmp"
# Windows refuses to replace a file that another process has open at that moment (a komsos
# reader, a virus scanner, a backup tool): a few short retries ride over such a moment. A file
# kept open (Excel) still fails, with the message that says so.
REPLACE_RETRIES = 10 if os.name == "nt" else 0
REPLACE_PAUSE = 0.05


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


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, mode: str = "wb", **open_kwargs) -> Iterator[IO]:
    """Yield a file object; on success its content replaces ``path`` in one step.

    On any error the temp file is removed and ``path`` is left exactly as it was.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=_tmp_prefix(target), suffix=TMP_SUFFIX)
    except OSError as exc:
        raise _explain(target, exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace(tmp, target)
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


def _replace(tmp: Path, target: Path) -> None:
    # mkstemp creates 0600; keep the mode of the file being replaced, or give a new file the
    # mode any program would (an export is meant to be shared).
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


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_writer(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike, text: str, newline: str | None = None) -> None:
    with atomic_writer(path, "w", encoding="utf-8", newline=newline) as handle:
        handle.write(text)


def stale_temp_files(path: Path) -> list[Path]:
    """Temp files a killed writer left beside ``path``; call only while holding its lock."""
    return sorted(path.parent.glob(_tmp_prefix(path) + "*" + TMP_SUFFIX))
