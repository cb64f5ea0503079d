"""The photo store: photo files that belong to a database, named by their SHA-256.

Beside ``komsos.json`` lies ``komsos.json.foto/`` holding ``<sha256>.jpg`` (or ``.png``,
``.webp``). A visit's ``foto`` list holds, per photo, ``{"hash", "nama", "ukuran", "waktu",
"koordinat"}``; the bytes are found again with :func:`photo_path`. Moving the database folder
moves its photos with it.

* A photo is copied to a temp file in the store while it is hashed, checked there (format,
  whole file, EXIF), fsynced and renamed to its hash: a kill at any moment leaves either no
  photo or a whole one, never a half file under a hash. The visit is written after its photos,
  so a visit never names a photo that is not there.
* The same bytes are stored once, however many visits and imports bring them.
* Files are immutable. A photo file is removed only when neither the database nor any backup
  in its backup folder names its hash (so that ``restore`` brings back visits with their
  photos), and only when it has not been touched for an hour (a command that is storing a photo
  for a visit it has not written yet touches the file; :func:`prune` leaves it alone).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError, KomsosError, os_reason
from komsos_cli.photo_file import EXTENSIONS, MAX_BYTES, PhotoError, inspect_photo

HASH = re.compile(r"[0-9a-f]{64}")
_STORED = re.compile(r"([0-9a-f]{64})\.(jpg|png|webp)")
_TEMP_PREFIX = ".masuk-"
# Files younger than this are never pruned (see the module docstring).
PRUNE_GRACE_SECONDS = 3600
_CHUNK = 1024 * 1024


def photo_dir(db_path: str | os.PathLike) -> Path:
    """The database's own photo folder (beside it, like its backups)."""
    path = Path(db_path)
    return path.with_name(path.name + ".foto")


def photo_path(db_path: str | os.PathLike, digest: str) -> Path:
    """Where the photo with this SHA-256 lives (the ``.jpg`` name when it is not stored)."""
    if not HASH.fullmatch(str(digest)):
        raise InputError(f"Hash foto '{digest}' tidak sah.")
    folder = photo_dir(db_path)
    for ext in EXTENSIONS.values():
        candidate = folder / f"{digest}{ext}"
        if candidate.exists():
            return candidate
    return folder / f"{digest}.jpg"


def _make_folder(folder: Path) -> None:
    # Photos of residents are personal data: the folder is the owner's only.
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def store_photo(
    db_path: str | os.PathLike, src: str | os.PathLike, *, expect_hash: str | None = None
) -> dict[str, Any]:
    """Copy ``src`` into the database's photo store; return its entry for a visit's ``foto``.

    ``expect_hash`` (an import) refuses bytes whose SHA-256 is not that one. Raises PhotoError
    (exit code 2) for a file that is not a whole photo, KomsosError when the store cannot be
    written.
    """
    nama = Path(src).name or str(src)
    folder = photo_dir(db_path)
    try:
        source = open(src, "rb")  # noqa: SIM115 - closed below; a FIFO or device is read too
    except FileNotFoundError:
        raise PhotoError(nama, f"file tidak ditemukan ({src}).") from None
    except IsADirectoryError:
        raise PhotoError(nama, f"{src} adalah folder, bukan file foto.") from None
    except OSError as exc:
        raise PhotoError(nama, f"file tidak bisa dibuka ({os_reason(exc)}).") from None
    with source:
        if os.fstat(source.fileno()).st_size > MAX_BYTES:
            raise _too_big(nama)
        try:
            _make_folder(folder)
            temp = folder / f"{_TEMP_PREFIX}{secrets.token_hex(8)}"
            out = open(temp, "xb")  # noqa: SIM115
        except OSError as exc:
            raise KomsosError(
                f"Folder foto {folder} tidak bisa ditulis: {os_reason(exc)}."
            ) from None
        try:
            with out:
                digest, size = _copy(source, out, nama)
                out.flush()
                os.fsync(out.fileno())
            info = inspect_photo(temp, nama)
            if expect_hash and digest != expect_hash:
                raise PhotoError(
                    nama, "isi file tidak cocok dengan hash-nya (rusak atau diubah di jalan)."
                )
            target = folder / f"{digest}{EXTENSIONS[info.kind]}"
            _settle(temp, target, folder)
        except OSError as exc:
            raise KomsosError(
                f"Foto {nama} tidak bisa disimpan ke {folder}: {os_reason(exc)}."
            ) from None
        finally:
            temp.unlink(missing_ok=True)
    return {"hash": digest, "nama": nama, "ukuran": size, "waktu": info.waktu,
            "koordinat": info.koordinat}  # fmt: skip


def _too_big(nama: str) -> PhotoError:
    return PhotoError(
        nama, f"file lebih dari {MAX_BYTES // (1024 * 1024)} MB; itu bukan foto HP biasa."
    )


def _copy(source: Any, out: Any, nama: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while True:
        try:
            chunk = source.read(_CHUNK)
        except OSError as exc:
            raise PhotoError(
                nama, f"file hilang atau tidak bisa dibaca saat disalin ({os_reason(exc)})."
            ) from None
        if not chunk:
            return digest.hexdigest(), size
        size += len(chunk)
        if size > MAX_BYTES:
            raise _too_big(nama)
        digest.update(chunk)
        out.write(chunk)


def _settle(temp: Path, target: Path, folder: Path) -> None:
    """Give the checked temp file its hash name, unless those bytes are stored already."""
    if target.exists():
        # Stored before (another visit, an import): touched, so that prune keeps it while the
        # visit that names it again is written.
        os.utime(target)
        return
    os.chmod(temp, 0o400)
    os.replace(temp, target)
    from komsos_cli.fileio import fsync_dir

    fsync_dir(folder)


# --- a visit's photos ------------------------------------------------------------------------


def entries(visit: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The visit's photos as dicts; an old record's path string becomes ``{"nama", "path"}``."""
    out = []
    for item in visit.get("foto") or []:
        if isinstance(item, Mapping):
            out.append(dict(item))
        elif str(item).strip():
            out.append({"nama": Path(str(item)).name, "path": str(item)})
    return out


def file_of(db_path: str | os.PathLike, entry: Mapping[str, Any]) -> Path | None:
    """The file of one photo entry, or None when it is not on this machine."""
    if entry.get("hash"):
        path = photo_path(db_path, entry["hash"])
    else:
        path = Path(str(entry.get("path", "")))
    return path if path.is_file() else None


# --- pruning ---------------------------------------------------------------------------------

_HASH_IN_JSON = re.compile(rb'"hash"\s*:\s*"([0-9a-f]{64})"')


def hashes_in(blob: bytes) -> set[str]:
    """Every photo hash a database or backup file names (found in its JSON text)."""
    return {m.group(1).decode() for m in _HASH_IN_JSON.finditer(blob)}


def _files_naming_photos(db_path: Path) -> Iterable[Path]:
    from komsos_cli.paths import backup_dir_for

    yield db_path
    backups = backup_dir_for(db_path)
    if backups.is_dir():
        yield from backups.glob("*.json")


def prune(db_path: str | os.PathLike, *, grace: float = PRUNE_GRACE_SECONDS) -> list[Path]:
    """Remove photo files no visit and no backup names any more; return what was removed.

    Cheap when the store is empty. An unreadable database or backup keeps every photo.
    """
    db_path = Path(db_path)
    folder = photo_dir(db_path)
    try:
        stored = [p for p in folder.iterdir() if _STORED.fullmatch(p.name) or
                  p.name.startswith(_TEMP_PREFIX)]  # fmt: skip
    except OSError:
        return []
    if not stored:
        return []
    named: set[str] = set()
    for path in _files_naming_photos(db_path):
        try:
            named |= hashes_in(path.read_bytes())
        except FileNotFoundError:
            continue
        except OSError:
            return []
    removed, now = [], time.time()
    for path in stored:
        if path.name[:64] in named:
            continue
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime >= grace:
                path.unlink()
                removed.append(path)
    return removed


def hash_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- the Foto cell of CSV and XLSX -----------------------------------------------------------

_CELL = re.compile(
    r"^(?P<nama>.*) \((?P<waktu>[^|]*) \| (?P<gps>[^|]*) \| (?P<ukuran>\d+) byte \| "
    r"sha256:(?P<hash>[0-9a-f]{64})\)$"
)
_NO_TIME, _NO_GPS = "tanpa waktu", "tanpa GPS"


def cell_text(entry: Any) -> str:
    """One photo in a spreadsheet cell, readable and read back exactly by :func:`from_cell`:
    ``IMG_1.jpg (2023-01-16 09:31:05 | -7.592100, 110.701200 | 52069 byte | sha256:af70...)``."""
    if not isinstance(entry, Mapping) or not entry.get("hash"):
        return str(entry)
    waktu = str(entry["waktu"]).replace("T", " ") if entry.get("waktu") else _NO_TIME
    point = entry.get("koordinat")
    gps = f"{point['lat']:.6f}, {point['lon']:.6f}" if point else _NO_GPS
    nama = str(entry.get("nama") or "").replace("|", "/")
    return (
        f"{nama} ({waktu} | {gps} | {int(entry.get('ukuran') or 0)} byte | sha256:{entry['hash']})"
    )


def from_cell(text: str) -> dict[str, Any] | str:
    """Undo :func:`cell_text`; any other text is an old record's path and stays a string."""
    match = _CELL.match(str(text).strip())
    if not match:
        return str(text).strip()
    waktu = match["waktu"].strip()
    gps = match["gps"].strip()
    point = None
    if gps != _NO_GPS:
        lat, _, lon = gps.partition(",")
        point = {"lat": float(lat), "lon": float(lon)}
    return {"hash": match["hash"], "nama": match["nama"], "ukuran": int(match["ukuran"]),
            "waktu": None if waktu == _NO_TIME else waktu.replace(" ", "T"),
            "koordinat": point}  # fmt: skip


# --- photos that arrive with an import ---------------------------------------------------------


@dataclass
class Received:
    stored: int = 0
    known: int = 0
    refused: list[str] = field(default_factory=list)  # messages
    missing: list[str] = field(default_factory=list)  # names of photos not in the folder


def _candidates(folder: Path, entry: Mapping[str, Any]) -> list[Path]:
    digest = entry["hash"]
    named = [folder / f"{digest}{ext}" for ext in (*EXTENSIONS.values(), "")]
    nama = Path(str(entry.get("nama") or "")).name
    return [p for p in (*named, folder / nama if nama else None) if p is not None and p.is_file()]


def receive(
    db_path: str | os.PathLike,
    records: Iterable[Mapping[str, Any]],
    folder: Path,
    *,
    dry_run: bool = False,
) -> Received:
    """Store the photos that imported visits name, from ``folder``, under the same hashes.

    A file is found by its hash name (``<sha256>.jpg``) or by the photo's original name; bytes
    whose SHA-256 is not the hash are refused (a damaged or swapped file). Photos already in
    the store are not copied again.
    """
    result = Received()
    seen: set[str] = set()
    for record in records:
        for entry in entries(record):
            digest = entry.get("hash")
            if not digest or digest in seen:
                continue
            seen.add(digest)
            if photo_path(db_path, digest).is_file():
                result.known += 1
                continue
            found = _candidates(folder, entry)
            if not found:
                result.missing.append(str(entry.get("nama") or digest[:12]))
                continue
            matching = next((p for p in found if hash_file(p) == digest), None)
            if matching is None:
                result.refused.append(
                    f"Foto {found[0].name} ditolak: isinya tidak cocok dengan hash "
                    f"{digest[:12]}... (rusak atau tertukar)."
                )
                continue
            if not dry_run:
                try:
                    store_photo(db_path, matching, expect_hash=digest)
                except PhotoError as exc:
                    result.refused.append(exc.message)
                    continue
            result.stored += 1
    return result
