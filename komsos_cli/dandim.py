"""The Koramil's daily report to the Dandim: every visit of one day, grouped by Babinsa.

``build_daily_report`` gathers the day's visits of the office's Koramil (the profile's, else the
only one the day's visits name) and turns each into its phrases (``komsos_cli.uraian``);
``render_daily_report`` lays them out with the template ``templates/dandim.txt.j2`` in the
release's sandbox, as text or for WhatsApp. The number prefix (``nomor``) and the ``tembusan``
lines come from the office's profile (``komsos profile set``). The report says only what the
visits recorded; a Babinsa is "Babinsa Desa X" only where his desa binaan are known.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from komsos_cli.dates import hari, tanggal_panjang
from komsos_cli.errors import InputError
from komsos_cli.models import zona_waktu
from komsos_cli.uraian import Pieces, pieces

TEMPLATE = "dandim.txt"  # templates/dandim.txt.j2; a user's file of that name replaces it
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
NUMBER_BLANK = "...."  # the serial the office writes in by hand when --nomor is not given


@dataclass
class Entry:
    """One Babinsa's visits of the day, earliest first."""

    babinsa: str
    nrp: str
    satuan: str  # "Babinsa Desa Krajan", or "" when his desa binaan are unknown
    kunjungan: list[Pieces] = field(default_factory=list)


@dataclass
class DailyReport:
    day: date
    kepada: str  # "Dandim 0726/Sukoharjo"
    dari: str  # "Danramil 07/Gatak"
    koramil: str  # "Koramil 07/Gatak"
    nomor: str  # "R/Laphar/..../III/2023"
    zona: str  # "WIB", or "" when no province is known
    entri: list[Entry]
    situasi: list[tuple[str, str]]  # (wilayah, situasi); one pair with "" when all agree
    tembusan: list[str]
    skipped: int = 0  # visits of that day from other Koramil

    @property
    def hari(self) -> str:
        return hari(self.day)

    @property
    def tanggal(self) -> str:
        return tanggal_panjang(self.day)


def report_number(prefix: str, day: date, serial: str | None) -> str:
    """``R/Laphar`` + 16 March 2023 -> ``R/Laphar/..../III/2023`` (``....`` for the serial)."""
    parts = [p for p in (prefix.strip("/ "), str(serial or "").strip() or NUMBER_BLANK) if p]
    return "/".join([*parts, _ROMAN[day.month - 1], str(day.year)])


def _person(visit: Mapping[str, Any]) -> str:
    nrp = str(visit.get("nrp") or "")
    if nrp:
        return "nrp:" + nrp
    return "nama:" + " ".join(str(visit.get("babinsa") or "").lower().split())


def _most_common(values: Iterable[Any]) -> str:
    counts = Counter(str(v) for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""


def _satuan(binaan: Sequence[str] | None) -> str:
    """``Babinsa Desa Krajan dan Desa Blimbing`` from the labels of his desa binaan."""
    if not binaan:
        return ""
    names = list(binaan)
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]
    return f"Babinsa {listed}"


def _situasi(entries: Sequence[Entry], koramil: str) -> list[tuple[str, str]]:
    by_place: dict[str, str] = {}
    for entry in entries:
        for visit in entry.kunjungan:
            if visit.situasi:
                by_place.setdefault(visit.wilayah or koramil, visit.situasi)
    if len(set(by_place.values())) <= 1:
        return [("", next(iter(by_place.values())))] if by_place else []
    return list(by_place.items())


def build_daily_report(
    visits: Iterable[Mapping[str, Any]],
    profile: Mapping[str, Any],
    day: date,
    *,
    serial: str | None = None,
    office_profiles: Sequence[Mapping[str, Any]] = (),
) -> DailyReport:
    """The day's report from ``visits`` (all of the database; others are skipped).

    A Babinsa's desa binaan come from the profiles his send files carried
    (``office_profiles``, see ``Database.office_profiles``) or the database's own profile.
    """
    from komsos_cli.office import desa_binaan_of

    iso = day.isoformat()
    todays = [v for v in visits if str(v.get("tanggal", "")) == iso]
    if not todays:
        raise InputError(f"Tidak ada kunjungan pada hari {hari(day)}, {tanggal_panjang(day)}.")
    koramil = str(profile.get("koramil") or "")
    if not koramil:
        named = sorted({str(v["koramil"]) for v in todays if v.get("koramil")})
        if len(named) > 1:
            raise InputError(
                f"Kunjungan tanggal itu berasal dari {len(named)} Koramil ({', '.join(named)}).",
                details=[
                    f"Isi Koramil kantor ini dulu, mis.: komsos profile set koramil {named[0]}"
                ],
            )
        koramil = named[0] if named else ""
    own = [v for v in todays if not koramil or str(v.get("koramil") or koramil) == koramil]
    if not own:
        raise InputError(
            f"Tidak ada kunjungan Koramil {koramil} pada hari {hari(day)}, {tanggal_panjang(day)} "
            f"({len(todays)} kunjungan Koramil lain)."
        )
    kodim = str(profile.get("kodim") or _most_common(v.get("kodim") for v in own))
    binaan_of = desa_binaan_of([*office_profiles, profile])
    entries: dict[str, Entry] = {}
    ordered = sorted(own, key=lambda v: (str(v.get("waktu") or "99.99"), int(v.get("id") or 0)))
    for visit in ordered:
        key = _person(visit)
        binaan = binaan_of(visit)
        if key not in entries:
            who = " ".join(str(visit.get(k) or "") for k in ("pangkat", "babinsa")).strip()
            entries[key] = Entry(who, str(visit.get("nrp") or ""), _satuan(binaan))
        entries[key].kunjungan.append(pieces(visit, binaan))
    provinsi = profile.get("provinsi") or _most_common(v.get("provinsi") for v in own)
    unit = f"Koramil {koramil}" if koramil else "Koramil"
    return DailyReport(
        day=day,
        kepada=f"Dandim {kodim}" if kodim else "Dandim",
        dari=f"Danramil {koramil}" if koramil else "Danramil",
        koramil=unit,
        nomor=report_number(str(profile.get("nomor") or ""), day, serial),
        zona=zona_waktu(str(provinsi)) or "",
        entri=list(entries.values()),
        situasi=_situasi(list(entries.values()), unit),
        tembusan=[str(t) for t in profile.get("tembusan") or []],
        skipped=len(todays) - len(own),
    )


def _wa_safe(report: DailyReport) -> DailyReport:
    """WhatsApp: the recorded words lose their formatting marks (``release.wa_aman``)."""
    from dataclasses import fields, replace

    from komsos_cli.release import wa_aman

    def clean(item: Any) -> Any:
        changes = {f.name: wa_aman(getattr(item, f.name)) for f in fields(item)
                   if isinstance(getattr(item, f.name), str)}  # fmt: skip
        return replace(item, **changes)

    entries = []
    for entry in report.entri:
        entries.append(replace(clean(entry), kunjungan=[clean(p) for p in entry.kunjungan]))
    return replace(
        clean(report),
        entri=entries,
        situasi=[(wa_aman(w), wa_aman(s)) for w, s in report.situasi],
        tembusan=[wa_aman(t) for t in report.tembusan],
    )


def render_daily_report(
    report: DailyReport, *, format: str = "text", user_dir: str | Path | None = None
) -> str:
    """The report as text (``text``) or with WhatsApp's bold marks (``whatsapp``)."""
    from komsos_cli.formats import REPORT
    from komsos_cli.release.catalog import TEMPLATE_SUFFIX, _Chosen, _user_dir
    from komsos_cli.release.environment import _render

    fmt = REPORT.get(format).name
    shown = _wa_safe(report) if fmt == "whatsapp" else report
    folder = _user_dir(user_dir)
    own = (folder / (TEMPLATE + TEMPLATE_SUFFIX)).is_file()  # the user's errors are his (exit 2)
    raw = _render(_Chosen(TEMPLATE, None, own, None), {"r": shown, "format": fmt}, folder)
    lines = [line.rstrip() for line in raw.replace("\r\n", "\n").strip().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
