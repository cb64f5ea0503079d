"""The office's view of its Babinsa: each one's period against the profile his send carried.

Per Babinsa: his visits, those with photo evidence, the days without a visit (days that have
ended only), and each desa binaan with its visits, ``TUNTAS``/``BELUM`` against a monthly target
(DUKOPS offices use 9). A person is his NRP (his name when he has none), as in the recap. The
profiles come from ``Database.office_profiles`` (what the send files carried) and the database's
own profile (a Babinsa's recap of his own month); someone with visits but no profile still gets
a row, without desa binaan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from komsos_cli.models import with_kind

DUKOPS_TARGET = 9


@dataclass(frozen=True)
class DesaStatus:
    label: str  # Desa Krajan
    visits: int
    target: int | None = None

    @property
    def done(self) -> bool:
        return self.target is not None and self.visits >= self.target

    @property
    def status(self) -> str:
        """``TUNTAS`` or ``BELUM`` against the target; empty without one."""
        if self.target is None:
            return ""
        return "TUNTAS" if self.done else "BELUM"


@dataclass(frozen=True)
class BabinsaStatus:
    """One Babinsa's period: visits, visits with photos, days without, his desa binaan."""

    label: str  # Serka Sugianto
    nrp: str
    visits: int
    with_photo: int
    days_without: tuple[date, ...]
    desa: tuple[DesaStatus, ...]  # his desa binaan, as his profile lists them
    has_profile: bool = True  # False: visits of someone whose profile the office lacks

    @property
    def not_visited(self) -> list[str]:
        return [d.label for d in self.desa if not d.visits]

    @property
    def done_count(self) -> int:
        return sum(1 for d in self.desa if d.done)

    @property
    def days_without_text(self) -> str:
        from komsos_cli.rekap import day_ranges

        return day_ranges(self.days_without)


def _person_key(record: Mapping[str, Any]) -> str:
    nrp = str(record.get("nrp") or "").strip()
    return (
        f"nrp:{nrp}"
        if nrp
        else "nama:" + " ".join(str(record.get("babinsa") or "").casefold().split())
    )


def _binaan(profile: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, label) of each desa binaan: a sender's ``desa_binaan`` list, or a Babinsa's own
    profile's ``desa`` names."""
    if isinstance(profile.get("desa_binaan"), list):
        items = [d for d in profile["desa_binaan"] if isinstance(d, Mapping) and d.get("desa")]
        return [
            (str(d["desa"]).casefold(), with_kind(d.get("jenis_desa") or "Desa", str(d["desa"])))
            for d in items
        ]
    jenis = profile.get("jenis_desa") or "Desa"
    return [(str(d).casefold(), with_kind(jenis, str(d))) for d in profile.get("desa") or []]


def people_status(
    visits: Sequence[Mapping[str, Any]],
    profiles: Sequence[Mapping[str, Any]],
    start: date,
    checked_until: date,
    *,
    target: int | None = None,
) -> list[BabinsaStatus]:
    """Every Babinsa with a profile (the first profile per person wins: the office's copy
    before the database's own), then everyone else who has visits in the period."""
    by_person: dict[str, list[Mapping[str, Any]]] = {}
    for visit in visits:
        by_person.setdefault(_person_key(visit), []).append(visit)
    people: list[BabinsaStatus] = []
    seen: set[str] = set()
    for profile in profiles:
        if not profile.get("babinsa"):
            continue
        key = _person_key(profile)
        if key in seen:
            continue
        seen.add(key)
        people.append(_status(profile, by_person.get(key, []), start, checked_until, target, True))
    for key, own in by_person.items():
        if key not in seen:
            latest = max(own, key=lambda v: (str(v.get("tanggal", "")), str(v.get("waktu") or "")))
            people.append(_status(latest, own, start, checked_until, target, False))
    return people


def _status(
    who: Mapping[str, Any],
    visits: Sequence[Mapping[str, Any]],
    start: date,
    checked_until: date,
    target: int | None,
    has_profile: bool,
) -> BabinsaStatus:
    per_desa = Counter(str(v.get("desa") or "").casefold() for v in visits)
    visited_days = {str(v.get("tanggal", "")) for v in visits}
    without = []
    day = start
    while day <= checked_until:
        if day.isoformat() not in visited_days:
            without.append(day)
        day += timedelta(days=1)
    desa = tuple(
        DesaStatus(label, per_desa.get(key, 0), target) for key, label in _binaan(who)
    ) if has_profile else ()  # fmt: skip
    return BabinsaStatus(
        label=" ".join(p for p in (who.get("pangkat"), who.get("babinsa")) if p) or "(tanpa nama)",
        nrp=str(who.get("nrp") or ""),
        visits=len(visits),
        with_photo=sum(1 for v in visits if v.get("foto")),
        days_without=tuple(without),
        desa=desa,
        has_profile=has_profile,
    )


def desa_binaan_of(
    profiles: Sequence[Mapping[str, Any]],
) -> Callable[[Mapping[str, Any]], list[str] | None]:
    """For a visit: the labels of its Babinsa's desa binaan (``Desa Krajan``) by the first
    profile of that person in ``profiles``, or None when none of them is his."""
    known: dict[str, list[str]] = {}
    for profile in profiles:
        if profile.get("babinsa"):
            known.setdefault(_person_key(profile), [label for _, label in _binaan(profile)])

    def lookup(visit: Mapping[str, Any]) -> list[str] | None:
        return known.get(_person_key(visit)) or None

    return lookup
