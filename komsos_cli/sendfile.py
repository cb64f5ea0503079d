"""The send file (``.komsos``): one Babinsa's period, verified whole, for the Koramil office.

A send file is a zip (plain, or AES-256 encrypted in the WinZip AE-2 form that 7-Zip and
Windows tools open) holding:

* ``kunjungan.jsonl``: the visits, one record per line under the interchange keys (as
  ``komsos export --format jsonl`` writes them);
* ``profil.json``: the sender's profile (pangkat, nama, NRP, Koramil, Kodim, the desa binaan
  with their kecamatan and kabupaten) and the time it was sent;
* ``foto/<sha256><ending>``: the photos of those visits, named by the SHA-256 of their bytes;
* ``manifest.json``: the schema (``komsos-kirim``, version ``SEND_VERSION``), the sender, the
  period, the counts, and the SHA-256 and size of every other member.

``write_send`` writes one; ``open_send`` reads and verifies one completely (every member
against the manifest, every photo against its name, every visit validated) before anything is
handed to the caller, and refuses the whole file with a ``SendFileError`` otherwise. The
manifest proves that a file arrived whole; it is not a signature (the password is what keeps
strangers out). Zip writing and reading are the stdlib's ``zipfile``; AES is pyzipper (an
optional extra, imported only for a password).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from komsos_cli.errors import InputError, KomsosError

SEND_SCHEMA = "komsos-kirim"
SEND_VERSION = 1
SUFFIX = ".komsos"
MANIFEST = "manifest.json"
PROFILE_MEMBER = "profil.json"
VISITS_MEMBER = "kunjungan.jsonl"
PHOTO_FOLDER = "foto/"
PASSWORD_ENV = "KOMSOS_SANDI"
# The profile keys a send carries (the rest of a Babinsa's profile stays on his machine).
PROFILE_KEYS = ("pangkat", "babinsa", "nrp", "koramil", "kodim")
PLACE_KEYS = (
    "jenis_desa",
    "kecamatan",
    "jenis_kecamatan",
    "jenis_kabupaten",
    "kabupaten",
    "provinsi",
)
_HASH = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


class SendFileError(InputError):
    """A send file refused whole (damaged, changed, wrong password, unknown schema).

    ``reason`` is the message without the file's name, for lists that name the file already."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


class PasswordNeeded(SendFileError):
    """The send file is encrypted and no password was given."""


class ZipSupportMissing(KomsosError):
    pass


def _aes() -> Any:
    try:
        import pyzipper
    except ImportError:
        raise ZipSupportMissing(
            "Fitur sandi memerlukan paket pyzipper. Pasang dengan: pip install pyzipper "
            "(atau dari folder kode komsos: pip install '.[sandi]')."
        ) from None
    return pyzipper


# --- names --------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """``Serka Sugianto`` -> ``serka-sugianto`` (ASCII, safe in a file name on any system)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def period_slug(start: date, end: date) -> str:
    """``2023-03`` for a whole month, else ``2023-03-01_2023-03-15``."""
    following = end + timedelta(days=1)
    if start.day == 1 and following.day == 1 and (start.year, start.month) == (end.year, end.month):
        return f"{start:%Y-%m}"
    return f"{start.isoformat()}_{end.isoformat()}"


def file_name(profile: Mapping[str, Any], start: date, end: date) -> str:
    who = slug(" ".join(str(profile.get(k) or "") for k in ("pangkat", "babinsa"))) or "babinsa"
    return f"{who}-{period_slug(start, end)}{SUFFIX}"


def sender_profile(profile: Mapping[str, Any], sent: str) -> dict[str, Any]:
    """What a send says about its sender: the profile's identity and each desa binaan with its
    kecamatan and kabupaten."""
    out: dict[str, Any] = {k: profile[k] for k in PROFILE_KEYS if profile.get(k)}
    place = {k: profile[k] for k in PLACE_KEYS if profile.get(k)}
    out["desa_binaan"] = [{"desa": str(d), **place} for d in profile.get("desa") or []]
    if profile.get("target"):
        out["target"] = profile["target"]
    out["dikirim"] = sent
    return out


def is_senders(visit: Mapping[str, Any], profile: Mapping[str, Any]) -> bool:
    """Whether a visit is the profile's Babinsa's own: by NRP, or by name where either lacks one.

    A Babinsa's database can hold visits of others (an import, a shared laptop); a send speaks
    for its sender only, so theirs stay out of his file.
    """
    nrp, theirs = str(profile.get("nrp") or ""), str(visit.get("nrp") or "")
    if nrp and theirs:
        return nrp == theirs
    name = str(profile.get("babinsa") or "").casefold()
    return bool(name) and str(visit.get("babinsa") or "").casefold() == name


def visits_to_send(
    visits: Iterable[Mapping[str, Any]], profile: Mapping[str, Any], start: date, end: date
) -> tuple[list[Mapping[str, Any]], int]:
    """The sender's visits of the period in the order of the day, and how many visits of other
    Babinsa in the period were left out."""
    first, last = start.isoformat(), end.isoformat()
    in_period = [v for v in visits if first <= str(v.get("tanggal", "")) <= last]
    own = [v for v in in_period if is_senders(v, profile)]
    own.sort(key=lambda v: (str(v.get("tanggal", "")), str(v.get("waktu") or ""), v["id"]))
    return own, len(in_period) - len(own)


# --- photos of the visits -----------------------------------------------------------------------


def photo_hashes(visit: Mapping[str, Any]) -> list[str]:
    """The hashes of a visit's photos (``foto`` entries as dicts); old path strings have none."""
    hashes = []
    for item in visit.get("foto") or []:
        value = item.get("hash") if isinstance(item, Mapping) else None
        if isinstance(value, str) and _HASH.fullmatch(value):
            hashes.append(value)
    return hashes


def _photo_path(db_path: Path, digest: str) -> Path | None:
    try:
        from komsos_cli.photos import photo_path
    except ImportError:  # a build without the photo store
        return None
    return Path(photo_path(db_path, digest))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- writing ------------------------------------------------------------------------------------


@dataclass
class Written:
    path: Path
    visits: int
    photos: int
    size: int
    encrypted: bool
    missing_photos: list[str] = field(default_factory=list)  # hashes not found or damaged


def _visit_lines(visits: Iterable[Mapping[str, Any]]) -> tuple[bytes, int]:
    from komsos_cli.exporters import json_record

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = [encode(json_record(v)) + "\n" for v in visits]
    return "".join(lines).encode("utf-8"), len(lines)


def write_send(
    out: Path,
    visits: list[Mapping[str, Any]],
    profile: Mapping[str, Any],
    start: date,
    end: date,
    *,
    db_path: Path,
    password: str | None = None,
    now: datetime | None = None,
) -> Written:
    """Write the send file ``out`` in one step (nothing is left behind on failure)."""
    from komsos_cli import __version__
    from komsos_cli.fileio import atomic_writer

    sent = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    visit_bytes, count = _visit_lines(visits)
    profile_bytes = json.dumps(sender_profile(profile, sent), ensure_ascii=False, indent=1).encode()
    members: dict[str, tuple[bytes | Path, int]] = {
        VISITS_MEMBER: (visit_bytes, zipfile.ZIP_DEFLATED),
        PROFILE_MEMBER: (profile_bytes, zipfile.ZIP_DEFLATED),
    }
    hashes: dict[str, str] = {}
    missing: list[str] = []
    for digest in dict.fromkeys(h for v in visits for h in photo_hashes(v)):
        source = _photo_path(db_path, digest)
        if source is None or not source.is_file() or _sha256_file(source) != digest:
            missing.append(digest)
            continue
        name = f"{PHOTO_FOLDER}{digest}{source.suffix.lower()}"
        members[name] = (source, zipfile.ZIP_STORED)  # JPEGs do not shrink
        hashes[name] = digest
    listing: dict[str, dict[str, Any]] = {}
    for name, (data, _) in members.items():
        if isinstance(data, Path):
            listing[name] = {"sha256": hashes[name], "ukuran": data.stat().st_size}
        else:
            listing[name] = {"sha256": hashlib.sha256(data).hexdigest(), "ukuran": len(data)}
    manifest = {
        "skema": SEND_SCHEMA,
        "versi": SEND_VERSION,
        "aplikasi": f"komsos {__version__}",
        "dikirim": sent,
        "pengirim": {k: profile[k] for k in PROFILE_KEYS if profile.get(k)},
        "periode": {"dari": start.isoformat(), "sampai": end.isoformat()},
        "jumlah": {"kunjungan": count, "foto": len(hashes)},
        "anggota": listing,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    with atomic_writer(out, "wb", private=True) as handle:  # names of warga, like an export
        archive = _open_for_writing(handle, password)
        with archive:
            archive.writestr(MANIFEST, manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
            for name, (data, method) in members.items():
                if isinstance(data, Path):
                    archive.write(data, name, compress_type=method)
                else:
                    archive.writestr(name, data, compress_type=method)
    return Written(Path(out), count, len(hashes), Path(out).stat().st_size, bool(password), missing)


def _open_for_writing(handle: Any, password: str | None) -> zipfile.ZipFile:
    if not password:
        return zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED)
    pyzipper = _aes()
    archive = pyzipper.AESZipFile(handle, "w", compression=pyzipper.ZIP_DEFLATED)
    archive.setpassword(password.encode("utf-8"))
    archive.setencryption(
        pyzipper.WZ_AES, nbits=256, force_wz_aes_version=pyzipper.zipfile_aes.WZ_AES_V2
    )
    return archive


# --- reading and verifying ----------------------------------------------------------------------


@dataclass
class Package:
    """A send file that passed every check."""

    path: Path
    manifest: dict[str, Any]
    profile: dict[str, Any]
    records: list[dict[str, Any]]
    photos: dict[str, str]  # sha256 -> member name
    password: str | None = None

    @property
    def encrypted(self) -> bool:
        return self.password is not None

    @property
    def sender(self) -> str:
        who = self.manifest.get("pengirim") or {}
        name = " ".join(str(who.get(k) or "") for k in ("pangkat", "babinsa")).strip()
        return f"{name} (NRP {who['nrp']})" if who.get("nrp") else name or "(tanpa nama)"

    @property
    def period(self) -> tuple[date, date]:
        p = self.manifest["periode"]
        return date.fromisoformat(p["dari"]), date.fromisoformat(p["sampai"])

    def photo_bytes(self, digests: Iterable[str]) -> Iterable[tuple[str, bytes]]:
        """(hash, bytes) of the photos asked for, each checked against its hash once more
        (the file may have changed since it was verified)."""
        with _open_for_reading(self.path, self.password) as archive:
            for digest in digests:
                data = _read_member(archive, self.photos[digest], self.path)
                if hashlib.sha256(data).hexdigest() != digest:
                    raise _refused(self.path, f"foto {digest[:12]} tidak cocok dengan sidiknya")
                yield digest, data


def store_photos(package: Package, db_path: Path, *, dry_run: bool = False) -> tuple[int, int]:
    """Put the package's photos into the database's photo store under their hashes.

    Returns (new, already there). A photo already stored with the right bytes is left alone."""
    from komsos_cli.fileio import atomic_write_bytes

    wanted: dict[str, Path] = {}
    known = 0
    for digest, member in package.photos.items():
        stored = _photo_path(db_path, digest)
        if stored is None:
            raise KomsosError(
                f"{package.path.name} membawa foto, tetapi komsos ini belum bisa menyimpan foto. "
                "Perbarui komsos terlebih dahulu."
            )
        if stored.is_file() and _sha256_file(stored) == digest:
            known += 1
        else:  # under the ending it was sent with (a PNG stays .png)
            wanted[digest] = stored.with_name(digest + Path(member).suffix.lower())
    if not dry_run:
        for digest, data in package.photo_bytes(wanted):
            # Photos of residents are personal data: the folder is the owner's only.
            wanted[digest].parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write_bytes(wanted[digest], data)
    return len(wanted), known


def _refused(path: Path, why: str) -> SendFileError:
    reason = f"ditolak: {why}. Minta Babinsa mengirim ulang."
    return SendFileError(f"{path.name} {reason}", reason)


def is_encrypted(path: Path) -> bool:
    """True when any member of the zip ``path`` is encrypted (False for a damaged file: the
    full check says what is wrong with it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return any(info.flag_bits & 0x1 for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False


def _bad_zip() -> tuple[type[Exception], ...]:
    """The "damaged zip" errors: the stdlib's, and pyzipper's own copy of it once loaded."""
    import sys

    own = getattr(sys.modules.get("pyzipper.zipfile"), "BadZipFile", zipfile.BadZipFile)
    return (zipfile.BadZipFile, own, zlib.error, EOFError, OSError, ValueError)


def _open_for_reading(path: Path, password: str | None) -> zipfile.ZipFile:
    if password is None:
        return zipfile.ZipFile(path)
    archive = _aes().AESZipFile(path)
    archive.setpassword(password.encode("utf-8"))
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return archive.read(name)
    except RuntimeError as exc:  # pyzipper and zipfile: "Bad password for file ..."
        if "password" in str(exc).lower():
            reason = "sandi salah. Periksa sandinya (huruf besar/kecil berbeda) lalu coba lagi."
            raise SendFileError(f"{path.name}: {reason}", reason) from None
        raise _refused(path, f"{name} tidak bisa dibaca ({exc})") from None
    except NotImplementedError:
        raise _refused(path, f"{name} memakai cara kompresi yang tidak dikenal") from None
    except _bad_zip() as exc:
        raise _refused(path, f"{name} rusak, terpotong atau diubah ({exc})") from None


def _json(data: bytes, name: str, path: Path) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refused(path, f"{name} bukan JSON yang sah") from None


def _check_manifest(manifest: Any, path: Path) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("skema") != SEND_SCHEMA:
        raise _refused(path, "bukan file kirim komsos (skema manifest tidak dikenal)")
    version = manifest.get("versi")
    if type(version) is not int or version < 1:
        raise _refused(path, f"versi skema '{version}' tidak dikenal")
    if version > SEND_VERSION:
        reason = (
            f"dibuat oleh komsos yang lebih baru (skema {SEND_SCHEMA} versi {version}; komsos "
            f"ini mengenal sampai versi {SEND_VERSION}). Perbarui komsos terlebih dahulu."
        )
        raise SendFileError(f"{path.name} {reason}", reason)
    members = manifest.get("anggota")
    period = manifest.get("periode")
    counts = manifest.get("jumlah")
    ok = (
        isinstance(members, dict)
        and all(isinstance(m, dict) and isinstance(m.get("sha256"), str) for m in members.values())
        and isinstance(period, dict)
        and isinstance(counts, dict)
        and VISITS_MEMBER in members
        and PROFILE_MEMBER in members
    )
    try:
        ok = ok and date.fromisoformat(period["dari"]) <= date.fromisoformat(period["sampai"])
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise _refused(path, "manifest tidak lengkap")
    return manifest


def open_send(path: str | Path, password: str | None = None) -> Package:
    """Read and verify a send file completely; refuse it whole (``SendFileError``) otherwise."""
    from komsos_cli.models import validate_record

    path = Path(path)
    encrypted = is_encrypted(path)
    if encrypted and not password:
        reason = (
            f"file bersandi; beri sandinya (ditanyakan di terminal, atau variabel {PASSWORD_ENV})."
        )
        raise PasswordNeeded(f"{path.name}: {reason}", reason)
    try:
        archive = _open_for_reading(path, password if encrypted else None)
    except FileNotFoundError:
        raise InputError(f"File tidak ditemukan: {path}") from None
    except _bad_zip():
        raise _refused(path, "file rusak atau terpotong (bukan zip yang utuh)") from None
    with archive:
        names = [info.filename for info in archive.infolist()]
        if len(set(names)) != len(names):
            raise _refused(path, "ada anggota ganda di dalamnya")
        if MANIFEST not in names:
            raise _refused(path, f"bukan file kirim komsos (tidak ada {MANIFEST})")
        manifest = _check_manifest(
            _json(_read_member(archive, MANIFEST, path), MANIFEST, path), path
        )
        listed = manifest["anggota"]
        extra = sorted(set(names) - set(listed) - {MANIFEST})
        absent = sorted(set(listed) - set(names))
        if extra or absent:
            what = "; ".join(
                p
                for p in (
                    f"tidak tercatat di manifest: {', '.join(extra)}" if extra else "",
                    f"hilang: {', '.join(absent)}" if absent else "",
                )
                if p
            )
            raise _refused(path, f"isinya tidak cocok dengan manifest ({what})")
        contents: dict[str, bytes] = {}
        photos: dict[str, str] = {}
        for name, entry in listed.items():
            data = _read_member(archive, name, path)
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise _refused(path, f"{name} tidak cocok dengan sidik SHA-256 di manifest")
            if name.startswith(PHOTO_FOLDER):
                digest = Path(name).stem
                if not _HASH.fullmatch(digest) or digest != entry["sha256"]:
                    raise _refused(path, f"nama foto {name} bukan sidik isinya")
                photos[digest] = name
            else:
                contents[name] = data
    profile = _json(contents[PROFILE_MEMBER], PROFILE_MEMBER, path)
    if not isinstance(profile, dict) or not profile.get("babinsa"):
        raise _refused(path, "profil pengirim tidak lengkap")
    records = []
    try:
        text = contents[VISITS_MEMBER].decode("utf-8")
    except UnicodeDecodeError:
        raise _refused(path, f"{VISITS_MEMBER} bukan teks UTF-8") from None
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise ValueError
            raw.pop("schema_version", None)
            records.append(validate_record(raw))
        except ValueError:
            raise _refused(path, f"{VISITS_MEMBER} baris {number} bukan JSON yang sah") from None
        except KomsosError as exc:
            raise _refused(path, f"{VISITS_MEMBER} baris {number}: {exc.message}") from None
    counts = manifest["jumlah"]
    if counts.get("kunjungan") != len(records) or counts.get("foto") != len(photos):
        raise _refused(path, "jumlah kunjungan atau foto tidak sesuai manifest")
    return Package(path, manifest, profile, records, photos, password if encrypted else None)
