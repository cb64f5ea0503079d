"""The warnings of a place check and their suggestions ("Maksud Anda: Krajan?")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from komsos_cli.wilayah.data import _KIND, JENIS_ROW, Kabupaten, Kecamatan, _match_rows
from komsos_cli.wilayah.names import _as_typed, _closest, _join, _match, key

if TYPE_CHECKING:
    from komsos_cli.wilayah.check import PlaceCheck


# Warning kinds. ``--strict-wilayah`` refuses the first two; an ambiguity is only reported.
TIDAK_DIKENAL = "tidak_dikenal"  # the name is not in the list (in the given scope)


TIDAK_COCOK = "tidak_cocok"  # the name is in the list, but under another parent


AMBIGU = "ambigu"  # the name fits several places; nothing was completed


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
