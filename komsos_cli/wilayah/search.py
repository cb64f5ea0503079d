"""Looking places up: ``komsos wilayah cari`` and the names that shell completion offers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from komsos_cli.models import (
    JENIS_DESA,
    JENIS_KABUPATEN,
    JENIS_KECAMATAN,
    collapse,
    norm_kabupaten,
    norm_kecamatan,
)
from komsos_cli.wilayah.data import _ALIASES, _KIND, JENIS_ROW, Kabupaten, Kecamatan, _store
from komsos_cli.wilayah.names import _closest, _match, _norm_jenis, key


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
