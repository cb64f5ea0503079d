"""The monthly recap (rekapitulasi) for the Danramil and the Kodim.

``build_rekap`` counts the visits of a period by babinsa, desa, kegiatan and tema, finds the days
without any visit and the desa binaan of the profile nobody visited. A Babinsa is one person by
NRP (a promotion within the period does not split him), named by his latest pangkat and nama.
The Koramil and Kodim named in the title are those of the visits, every one of them when the
visits come from several (a Koramil operator's combined import), else the profile's. Renderers: ``render_csv``
(the exports' CSV dialect) and ``render_html`` (a printable A4 page from the Jinja2 template
``templates/rekap.html.j2``, inline CSS and SVG, no network resources). The terminal table lives
in the CLI layer (rich).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from komsos_cli.dates import BULAN, check_period_year, nama_bulan, tanggal_panjang
from komsos_cli.errors import InputError
from komsos_cli.exporters import neutralise, parse_delimiter
from komsos_cli.formats import REKAP, Format
from komsos_cli.models import KEGIATAN, TEMA, desa_lengkap, kecamatan_lengkap, with_kind
from komsos_cli.office import BabinsaStatus, people_status

SECTIONS = ("babinsa", "desa", "kegiatan", "tema")
SECTION_TITLES = {
    "babinsa": "Per Babinsa",
    "desa": "Per desa/kelurahan",
    "kegiatan": "Per jenis kegiatan",
    "tema": "Per tema",
}
SECTION_COLUMN = {
    "babinsa": "Babinsa",
    "desa": "Desa/Kelurahan",
    "kegiatan": "Kegiatan",
    "tema": "Tema",
}
TEMPLATE = "rekap.html.j2"
# The terminal table is drawn by the CLI (rich); the renderers below declare the others.
REKAP.add(Format("table", aliases=("tabel",), suffixes=(".txt",), default=True))
TITLE = "Rekapitulasi Kegiatan Komsos Babinsa"


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    share: float  # of all visits in the period, 0..1


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    column: str
    rows: tuple[Row, ...]

    @property
    def largest(self) -> int:
        return max((r.count for r in self.rows), default=0)


@dataclass
class Rekap:
    start: date
    end: date
    total: int
    sections: list[Section]
    per_day: list[tuple[date, int]]  # every day of the period up to ``checked_until``
    days_without: list[date]
    desa_binaan: list[str]  # the profile's desa, as labels
    desa_not_visited: list[str]
    koramil_units: list[str] = field(default_factory=list)  # most visits first
    kodim_units: list[str] = field(default_factory=list)
    danramil: str = ""  # the Koramil whose Danramil signs: the profile's, else the only one
    tempat: str = ""  # where the recap is signed: the kabupaten/kota of the profile or visits
    checked_until: date | None = None  # last day counted for "days without visits"
    babinsa_count: int = 0
    desa_count: int = 0
    people: list[BabinsaStatus] = field(default_factory=list)  # per Babinsa, by profile
    target: int | None = None  # visits per desa binaan in the period for TUNTAS
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def desa_done(self) -> tuple[int, int]:
        """(desa binaan at target, desa binaan) over every Babinsa."""
        return (
            sum(p.done_count for p in self.people),
            sum(len(p.desa) for p in self.people),
        )

    @property
    def period(self) -> str:
        return period_label(self.start, self.end)

    @property
    def koramil(self) -> str:
        """``07/Gatak``, or ``07/Gatak dan 08/Baki`` for visits of two Koramil."""
        return join_units(self.koramil_units)

    @property
    def kodim(self) -> str:
        return join_units(self.kodim_units)

    @property
    def title(self) -> str:
        unit = f"Koramil {self.koramil}" if self.koramil else "Koramil"
        return f"{TITLE} {unit}"

    @property
    def days_without_text(self) -> str:
        return day_ranges(self.days_without)


# --- the period -------------------------------------------------------------------------------


def resolve_period(
    start: date | None, end: date | None, *, today: date | None = None
) -> tuple[date, date]:
    """The period to recap: the given one, this month when none is given, until today with --from."""
    today = today or date.today()
    if start is None and end is None:
        first = today.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    if start is None:
        raise InputError("--to perlu --from juga (atau pakai --month).")
    if end is None:
        end = max(today, start)
    for day, option in ((start, "from"), (end, "to")):
        check_period_year(day.year, option)
    return start, end


def period_label(start: date, end: date) -> str:
    """``Januari 2023``, ``1 s.d. 15 Januari 2023``, ``16 Januari s.d. 15 Februari 2023``, ..."""
    following = end + timedelta(days=1)
    whole_months = start.day == 1 and following.day == 1
    if whole_months and (start.year, start.month) == (end.year, end.month):
        return nama_bulan(start.month, start.year)
    if whole_months:
        if start.year == end.year:
            return f"{BULAN[start.month - 1]} s.d. {nama_bulan(end.month, end.year)}"
        return f"{nama_bulan(start.month, start.year)} s.d. {nama_bulan(end.month, end.year)}"
    if start == end:
        return tanggal_panjang(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} s.d. {tanggal_panjang(end)}"
    if start.year == end.year:
        return f"{start.day} {BULAN[start.month - 1]} s.d. {tanggal_panjang(end)}"
    return f"{tanggal_panjang(start)} s.d. {tanggal_panjang(end)}"


def day_ranges(days: Sequence[date]) -> str:
    """``[1, 2, 3, 7 Jan]`` -> ``1-3 dan 7 Januari 2023``; runs are joined, months named once."""
    if not days:
        return ""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    by_month: dict[tuple[int, int], list[str]] = {}
    for first, last in runs:
        while (first.year, first.month) != (last.year, last.month):  # split a run at month ends
            month_end = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(
                days=1
            )
            by_month.setdefault((first.year, first.month), []).append(_run(first, month_end))
            first = month_end + timedelta(days=1)
        by_month.setdefault((first.year, first.month), []).append(_run(first, last))
    parts = []
    for (year, month), items in by_month.items():
        listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " dan " + items[-1]
        parts.append(f"{listed} {nama_bulan(month, year)}")
    return "; ".join(parts)


def _run(first: date, last: date) -> str:
    return str(first.day) if first == last else f"{first.day}-{last.day}"


def join_units(names: Sequence[str]) -> str:
    """``["07/Gatak", "08/Baki", "09/Kartasura"]`` -> ``07/Gatak, 08/Baki dan 09/Kartasura``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _units(counts: Counter[str], fallback: Any) -> list[str]:
    """The names counted, most visits first; the profile's value when there are none."""
    if counts:
        return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return [str(fallback)] if fallback else []


# --- counting ---------------------------------------------------------------------------------


def _babinsa_label(visit: Mapping[str, Any]) -> str:
    return " ".join(p for p in (visit.get("pangkat"), visit.get("babinsa")) if p) or "(tanpa nama)"


class _BabinsaCounter:
    """Visits per person. A person is an NRP with a nama: a promotion changes only the pangkat,
    so it does not split him; two names under one NRP (a visit typed for someone else with the
    profile's NRP) stay two people. Visits without NRP count by pangkat and nama, and join the
    one person with an NRP who was recorded under that pangkat and nama, if there is one.

    Each person is labelled with the pangkat and nama of his latest visit; two people with the
    same label are told apart by their NRP.
    """

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()  # (nrp, nama) or ("", label)
        self.latest: dict[tuple[str, str], tuple[tuple[str, str, str], str]] = {}
        self.people_of_label: dict[str, set[tuple[str, str]]] = {}

    def add(self, visit: Mapping[str, Any]) -> None:
        label = _babinsa_label(visit)
        nrp = str(visit.get("nrp") or "")
        if not nrp:
            self.counts[("", label)] += 1
            return
        key = (nrp, " ".join(str(visit.get("babinsa") or "").casefold().split()))
        self.counts[key] += 1
        self.people_of_label.setdefault(label, set()).add(key)
        when = (
            str(visit.get("tanggal", "")),
            str(visit.get("waktu") or ""),
            str(visit.get("diubah") or ""),
        )
        if key not in self.latest or when >= self.latest[key][0]:
            self.latest[key] = (when, label)

    def result(self) -> Counter[str]:
        merged: Counter[tuple[str, str]] = Counter()
        for key, n in self.counts.items():
            if not key[0]:
                people = self.people_of_label.get(key[1], set())
                key = next(iter(people)) if len(people) == 1 else key
            merged[key] += n
        labels = {key: self.latest[key][1] if key[0] else key[1] for key in merged}
        shared = Counter(labels.values())
        out: Counter[str] = Counter()
        for key, n in merged.items():
            label = labels[key]
            if shared[label] > 1 and key[0]:
                label = f"{label} (NRP {key[0]})"
            out[label] += n
        return out


def _desa_label(visit: Mapping[str, Any]) -> str:
    if visit.get("desa"):
        return desa_lengkap(visit)
    if visit.get("kecamatan"):
        kec = (
            kecamatan_lengkap(visit)
            if visit.get("jenis_kecamatan")
            else f"Kec. {visit['kecamatan']}"
        )
        return f"{kec} (tanpa desa)"
    return "(tanpa tempat)"


def written(key: Any) -> str:
    """A kegiatan or tema key as people write it: ``karya-bakti`` -> ``Karya Bakti``."""
    text = str(key or "")
    if text in KEGIATAN or text in TEMA:
        return text.replace("-", " ").title()
    return text or "(kosong)"


_LABELS = {
    "babinsa": _babinsa_label,
    "desa": _desa_label,
    "kegiatan": lambda v: written(v.get("kegiatan")),
    "tema": lambda v: written(v.get("tema")),
}
_KNOWN = {"kegiatan": tuple(map(written, KEGIATAN)), "tema": tuple(map(written, TEMA))}


def parse_sections(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--by`` values (repeatable, comma-separated allowed) -> section keys in the fixed order."""
    chosen: set[str] = set()
    for value in values or ():
        for part in str(value).split(","):
            key = part.strip().lower()
            if not key:
                continue
            if key in ("semua", "all"):
                chosen.update(SECTIONS)
            elif key in SECTIONS:
                chosen.add(key)
            else:
                raise InputError(
                    f"--by '{part.strip()}' tidak dikenal. Pilihan: {', '.join(SECTIONS)}."
                )
    return tuple(s for s in SECTIONS if s in chosen) or SECTIONS


def build_rekap(
    visits: Iterable[Mapping[str, Any]],
    profile: Mapping[str, Any],
    start: date,
    end: date,
    *,
    by: Sequence[str] = SECTIONS,
    today: date | None = None,
    office_profiles: Sequence[Mapping[str, Any]] = (),
    target: int | None = None,
) -> Rekap:
    """Count the visits of ``start``..``end`` (the caller may pass all visits; others are skipped).

    ``office_profiles``: the senders' profiles an office keeps (``Database.office_profiles``),
    which give each Babinsa his desa binaan; ``target``: visits per desa binaan for TUNTAS.
    Only days that have ended count as days without a visit (never today or later)."""
    today = today or date.today()
    in_period: list[Mapping[str, Any]] = []
    first, last = start.isoformat(), end.isoformat()
    counters: dict[str, Counter[str]] = {key: Counter() for key in SECTIONS if key != "babinsa"}
    babinsa = _BabinsaCounter()
    per_day: Counter[str] = Counter()
    visited_desa: set[str] = set()
    koramil: Counter[str] = Counter()
    kodim: Counter[str] = Counter()
    kabupaten: Counter[str] = Counter()
    total = 0
    for visit in visits:
        tanggal = str(visit.get("tanggal", ""))
        if not first <= tanggal <= last:
            continue
        total += 1
        in_period.append(visit)
        per_day[tanggal] += 1
        babinsa.add(visit)
        for key, counter in counters.items():
            counter[_LABELS[key](visit)] += 1
        if visit.get("desa"):
            visited_desa.add(str(visit["desa"]).lower())
        if visit.get("koramil"):
            koramil[visit["koramil"]] += 1
        if visit.get("kodim"):
            kodim[visit["kodim"]] += 1
        if visit.get("kabupaten"):
            kabupaten[visit["kabupaten"]] += 1
    counters["babinsa"] = babinsa.result()

    sections = []
    for key in by:
        counts = counters[key]
        for known in _KNOWN.get(key, ()):
            counts.setdefault(known, 0)
        order = {name: i for i, name in enumerate(_KNOWN.get(key, ()))}
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], 99), kv[0].lower()))
        sections.append(
            Section(
                key,
                SECTION_TITLES[key],
                SECTION_COLUMN[key],
                tuple(Row(label, n, n / total if total else 0.0) for label, n in rows),
            )
        )

    checked_until = min(end, today - timedelta(days=1))  # the last day that has ended
    days: list[tuple[date, int]] = []
    day = start
    while day <= end:
        days.append((day, per_day.get(day.isoformat(), 0)))
        day += timedelta(days=1)
    without = [d for d, n in days if n == 0 and d <= checked_until]

    jenis = profile.get("jenis_desa") or "Desa"
    binaan = [str(d) for d in profile.get("desa") or []]
    not_visited = [with_kind(jenis, d) for d in binaan if d.lower() not in visited_desa]

    return Rekap(
        start=start,
        end=end,
        total=total,
        sections=sections,
        per_day=days,
        days_without=without,
        desa_binaan=[f"{jenis} {d}" for d in binaan],
        desa_not_visited=not_visited,
        koramil_units=_units(koramil, profile.get("koramil")),
        kodim_units=_units(kodim, profile.get("kodim")),
        danramil=str(profile.get("koramil") or (next(iter(koramil)) if len(koramil) == 1 else "")),
        tempat=str(profile.get("kabupaten") or (_units(kabupaten, "") or [""])[0]),
        checked_until=checked_until if checked_until >= start else None,
        babinsa_count=sum(1 for n in counters["babinsa"].values() if n),
        desa_count=len(visited_desa),
        people=people_status(
            in_period, [*office_profiles, profile], start, checked_until, target=target
        )
        if "babinsa" in by
        else [],
        target=target,
    )


# --- renderers ---------------------------------------------------------------------------------


@REKAP.register(Format("csv", suffixes=(".csv",)))
def render_csv(rekap: Rekap, delimiter: str | None = None) -> bytes:
    """One table: Bagian;Nama;Jumlah;Persen — the exports' dialect (BOM, CRLF, escaped cells)."""
    text = io.StringIO()
    # Every text cell quoted: opened with the other separator, no cell splits into a formula.
    writer = csv.writer(
        text,
        delimiter=parse_delimiter(delimiter),
        lineterminator="\r\n",
        quoting=csv.QUOTE_NONNUMERIC,
    )
    writer.writerow(["Bagian", "Nama", "Jumlah", "Persen"])
    writer.writerow(["Periode", neutralise(rekap.period), "", ""])
    writer.writerow(["Jumlah kunjungan", "", rekap.total, ""])
    for section in rekap.sections:
        for row in section.rows:
            writer.writerow([section.column, neutralise(row.label), row.count, _percent(row.share)])
    for day in rekap.days_without:
        writer.writerow(["Hari tanpa kunjungan", day.isoformat(), "", ""])
    for desa in rekap.desa_not_visited:
        writer.writerow(["Desa binaan belum dikunjungi", neutralise(desa), "", ""])
    for person in rekap.people:
        if not (person.visits or person.desa):
            continue
        name = neutralise(person.label)
        share = person.with_photo / person.visits if person.visits else 0.0
        writer.writerow(["Kunjungan berfoto", name, person.with_photo, _percent(share)])
        writer.writerow(["Hari tanpa kunjungan per Babinsa", name, len(person.days_without), ""])
        for desa in person.not_visited:
            writer.writerow(
                ["Belum dikunjungi per Babinsa", neutralise(f"{desa} ({person.label})"), "", ""]
            )
        for item in person.desa if rekap.target else ():
            writer.writerow(
                [
                    f"Target {rekap.target} per desa",
                    neutralise(f"{item.label} ({person.label})"),
                    item.visits,
                    item.status,
                ]
            )
    if rekap.target:
        done, total = rekap.desa_done
        writer.writerow(
            ["Desa binaan tuntas", "", done, _percent(done / total) if total else "0,0"]
        )
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def percent_text(share: float) -> str:
    """``0.5`` -> ``50,0``: the Indonesian decimal comma, as Excel in that locale expects."""
    return f"{share * 100:.1f}".replace(".", ",")


_percent = percent_text


# The charts' geometry is computed here; the template only places it.
CHART_WIDTH = 680
CHART_HEIGHT = 130
BAR_WIDTH = 160  # the small bar in each table row


def _day_chart(rekap: Rekap) -> dict[str, Any]:
    """Visits per day (per month for long periods) as SVG columns."""
    if len(rekap.per_day) > 93:
        months: Counter[tuple[int, int]] = Counter()
        for day, n in rekap.per_day:
            months[(day.year, day.month)] += n
        points = [(f"{BULAN[m - 1][:3]} {str(y)[2:]}", n) for (y, m), n in sorted(months.items())]
        firsts = [date(y, m, 1) for y, m in sorted(months)]
        title = "Kunjungan per bulan"
    else:
        points = [(str(day.day), n) for day, n in rekap.per_day]
        firsts = [day for day, _ in rekap.per_day]
        title = "Kunjungan per hari"
    # Today and later are not missed yet: never drawn as days without a visit.
    ended = [rekap.checked_until is not None and first <= rekap.checked_until for first in firsts]
    top = max((n for _, n in points), default=0) or 1
    left, bottom, inner_h = 28, 18, CHART_HEIGHT - 30
    slot = (CHART_WIDTH - left - 4) / max(1, len(points))
    every = 1 if len(points) <= 31 else max(1, round(len(points) / 16))
    bars = []
    for i, (label, n) in enumerate(points):
        height = round(inner_h * n / top, 1)
        x = round(left + i * slot + slot * 0.15, 1)
        bars.append(
            {
                "x": x,
                "y": round(CHART_HEIGHT - bottom - height, 1),
                "w": round(max(1.0, slot * 0.7), 1),
                "h": height,
                "n": n,
                "label": label if i % every == 0 else "",
                "label_x": round(x + slot * 0.35, 1),
                "empty": n == 0 and ended[i],
            }
        )
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    return {
        "title": title,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": left,
        "base": CHART_HEIGHT - bottom,
        "bars": bars,
        "ticks": [
            {"value": t, "y": round(CHART_HEIGHT - bottom - inner_h * t / top, 1)} for t in ticks
        ],
    }


def html_context(rekap: Rekap, *, printed: date | None = None) -> dict[str, Any]:
    sections = []
    for section in rekap.sections:
        largest = section.largest or 1
        sections.append(
            {
                "title": section.title,
                "column": section.column,
                "rows": [
                    {
                        "label": row.label,
                        "count": row.count,
                        "percent": _percent(row.share),
                        "bar": round(BAR_WIDTH * row.count / largest, 1),
                    }
                    for row in section.rows
                ],
            }
        )
    return {
        "r": rekap,
        "title": TITLE,
        "sections": sections,
        "chart": _day_chart(rekap),
        "people": [p for p in rekap.people if p.visits or p.desa],
        "desa_done": rekap.desa_done,
        "desa_done_percent": _percent(rekap.desa_done[0] / rekap.desa_done[1])
        if rekap.desa_done[1]
        else "0,0",
        "bar_width": BAR_WIDTH,
        "printed": tanggal_panjang(printed or date.today()),
        "checked_until": tanggal_panjang(rekap.checked_until) if rekap.checked_until else "",
    }


@REKAP.register(Format("html", aliases=("htm",), suffixes=(".html", ".htm")))
def render_html(rekap: Rekap, *, printed: date | None = None) -> str:
    """The printable A4 report page; every value HTML-escaped (Jinja2 autoescape)."""
    import jinja2

    from komsos_cli.release import builtin_templates_dir

    folder = builtin_templates_dir()

    def load(name: str) -> str | None:
        entry = folder / name
        return entry.read_text("utf-8") if entry.is_file() else None

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(TEMPLATE).render(**html_context(rekap, printed=printed))
