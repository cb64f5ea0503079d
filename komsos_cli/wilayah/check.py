"""``check_place``: one place against the list, corrected and completed, with warnings.

It works down the levels in named steps (what was typed, the provinsi, the kabupaten, the
kecamatan, the desa) and back up (official spellings, completions, the kinds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from komsos_cli.errors import FieldError
from komsos_cli.models import (
    JENIS_DESA,
    JENIS_KABUPATEN,
    JENIS_KECAMATAN,
    PROVINSI,
    capitalise_name,
    collapse,
    norm_desa,
    norm_kabupaten,
    norm_kecamatan_kind,
    norm_provinsi,
)
from komsos_cli.wilayah.data import (
    _DESA_KINDS,
    _KIND,
    Kabupaten,
    Kecamatan,
    _kinds,
    _match_rows,
    _Store,
    _store,
)
from komsos_cli.wilayah.names import _as_typed, _closest, _join, _match, _norm_jenis, key
from komsos_cli.wilayah.suggestions import (
    AMBIGU,
    TIDAK_DIKENAL,
    PlaceWarning,
    Saran,
    _clear_first,
    _hint,
    _kab_saran,
    _redirect_kecamatan,
    _warn_desa,
    _warn_desa_ambiguous,
    _warn_desa_kinds,
    _warn_kab_province,
    _warn_kecamatan,
)

_PLACE_FIELDS = (
    "desa", "jenis_desa", "kecamatan", "jenis_kecamatan", "kabupaten", "jenis_kabupaten", "provinsi",
)  # fmt: skip


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


def _set(result: PlaceCheck, fld: str, typed: str, official: str) -> None:
    """Write the official value; remember it when it differs from what was typed. A name only
    spelt otherwise stays as typed: one spelling of a place, the user's, everywhere."""
    official = _as_typed(typed, official)
    if typed and typed != official:
        result.changes.append((fld, typed, official))
    elif not typed:
        result.changes.append((fld, "", official))
    setattr(result, fld, official)
