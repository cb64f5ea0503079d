"""Indonesian dates: parsing what a Babinsa types, and the names releases print.

A small table of our own (seven day names, twelve month names and their usual abbreviations)
costs nothing at start-up, where babel would load its locale data on every command.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from komsos_cli.errors import FieldError

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_MONTH_WORDS: dict[str, int] = {}
for _number, _name in enumerate(BULAN, start=1):
    _MONTH_WORDS[_name.lower()] = _number
    _MONTH_WORDS[_name[:3].lower()] = _number
_MONTH_WORDS.update({"agt": 8, "ags": 8, "sept": 9, "nop": 11, "nopember": 11, "pebruari": 2})

_RELATIVE = {"hari ini": 0, "sekarang": 0, "kemarin": 1, "kemarin lusa": 2, "lusa kemarin": 2}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{2}|\d{4})$")
_DAY_PREFIX = re.compile(r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\s*,?\s*", re.I)
# The forms without a year: "3/12", "3-12", "3.12", "3 des", "3 desember".
_DM = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})$")
_DM_WORDS = re.compile(r"^(\d{1,2})\s*([a-z]+)\.?$")
# "senin", "hari senin", "senin lalu", "senin kemarin": the last Monday, today included.
_WEEKDAY_ALONE = re.compile(r"^(?:hari\s+)?(\S+?)(?:\s+(?:lalu|yang lalu|kemarin))?$")
_DAYS_AGO = re.compile(r"^(\d{1,3})\s+hari\s+(?:yang\s+)?lalu$")

_DAY_NAMES = {name.lower(): name for name in HARI} | {"jum'at": "Jumat", "ahad": "Minggu"}

DATE_HELP = (
    "2023-01-16, 16/01/2023, 16 Januari 2023, tanpa tahun (3/12, '3 Des'), nama hari ('senin'), "
    "'hari ini', 'kemarin' atau 'kemarin lusa'"
)


def _full_year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def latest(day: int, month: int, today: date) -> date | None:
    """The latest date on or before ``today`` that falls on this day of this month, or None
    when no year has it (31/04). 29 Februari goes back to the last leap year."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    for year in range(today.year, today.year - 9, -1):  # leap years are at most 8 years apart
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def last_weekday(weekday: int, today: date) -> date:
    """The latest day on or before ``today`` with this weekday (0 = Senin); today counts."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _relative(cleaned: str, today: date, typed: str, field: str) -> date | None:
    """The forms that need to know today: 'kemarin', '3/12', '3 des', 'senin', '2 hari lalu'."""
    if cleaned in _RELATIVE:
        return today - timedelta(days=_RELATIVE[cleaned])
    if m := _DAYS_AGO.match(cleaned):
        return today - timedelta(days=int(m[1]))
    if (m := _WEEKDAY_ALONE.match(cleaned)) and m[1] in _DAY_NAMES:
        return last_weekday(HARI.index(_DAY_NAMES[m[1]]), today)
    day = month = None
    if m := _DM.match(cleaned):
        day, month = int(m[1]), int(m[2])
    elif (m := _DM_WORDS.match(cleaned)) and m[2] in _MONTH_WORDS:
        day, month = int(m[1]), _MONTH_WORDS[m[2]]
    if day is None:
        return None
    found = latest(day, month, today)
    if found is None:
        raise FieldError(field, f"Tanggal '{str(typed).strip()}' tidak ada di kalender.")
    return found


def parse_date(
    text: str, *, today: date | None = None, field: str = "tanggal", relative: bool = True
) -> date:
    """Parse a date in any of the forms Babinsa write; raise FieldError otherwise.

    Forms without a year (``3/12``, ``3 Des``), day names (``senin``, ``hari senin``: the last
    Monday, today if today is a Monday) and ``hari ini``/``kemarin``/``kemarin lusa`` mean the
    most recent such day that is not after ``today``. ``relative=False`` (imports) refuses them
    all: a file has no "today", and a year left out would be guessed.
    """
    cleaned = " ".join(str(text).strip().lower().split())
    whole = cleaned
    weekday = _DAY_PREFIX.match(cleaned)
    cleaned = _DAY_PREFIX.sub("", cleaned).strip("() ,")
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(cleaned):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _DMY.match(cleaned):
        parts = (_full_year(m[3]), int(m[2]), int(m[1]))
    elif (m := _WORDS.match(cleaned)) and m[2] in _MONTH_WORDS:
        parts = (_full_year(m[3]), _MONTH_WORDS[m[2]], int(m[1]))
    if parts is None:
        found = _relative(whole, today or date.today(), text, field)
        if found is None and weekday and cleaned:  # "senin, 7/12": a day name and a date
            found = _relative(cleaned, today or date.today(), text, field)
        else:
            weekday = None  # "senin lalu": the day name is the date
        if found is None:
            raise FieldError(
                field, f"Tanggal '{text}' tidak dikenali. Contoh yang benar: {DATE_HELP}."
            )
        if not relative:
            raise FieldError(
                field,
                f"Tanggal relatif '{str(text).strip()}' tidak bisa diimpor; tulis tanggal lengkap "
                "(mis. 2023-01-16 atau 16/01/2023).",
            )
        parsed = found
    else:
        try:
            parsed = date(*parts)
        except ValueError:
            raise FieldError(field, f"Tanggal '{text}' tidak ada di kalender.") from None
    if weekday:
        # Hand-written posts often pair a date with the wrong day; say so rather than guess.
        typed_day = _DAY_NAMES[weekday[1].lower()]
        if typed_day != hari(parsed):
            raise FieldError(
                field,
                f"{tanggal_angka(parsed)} jatuh pada hari {hari(parsed)}, bukan {typed_day}. "
                "Periksa tanggal atau harinya.",
            )
    return parsed


# The years a month or a period may name: a visit log has nothing before or after them, and
# year 9999 would run past the calendar's end (date.max) in the arithmetic of a period.
PERIOD_YEARS = (1900, 2999)


def check_period_year(year: int, field: str = "bulan") -> None:
    low, high = PERIOD_YEARS
    if not low <= year <= high:
        raise FieldError(
            field, f"Tahun {year} di luar rentang yang masuk akal ({low}-{high}); periksa tahunnya."
        )


def parse_month(text: str, *, field: str = "bulan", today: date | None = None) -> tuple[date, date]:
    """Parse ``YYYY-MM`` (or ``MM/YYYY``, ``Januari 2023``, or ``desember``: the latest December
    that has begun, as a date without its year) into the month's first and last day."""
    cleaned = " ".join(str(text).strip().lower().split())
    year = month = None
    if cleaned in _MONTH_WORDS:
        now = today or date.today()
        month = _MONTH_WORDS[cleaned]
        year = now.year if month <= now.month else now.year - 1
    elif m := re.match(r"^(\d{4})-(\d{1,2})$", cleaned):
        year, month = int(m[1]), int(m[2])
    elif m := re.match(r"^(\d{1,2})[/\-](\d{4})$", cleaned):
        year, month = int(m[2]), int(m[1])
    elif (m := re.match(r"^([a-z]+)\s+(\d{4})$", cleaned)) and m[1] in _MONTH_WORDS:
        year, month = int(m[2]), _MONTH_WORDS[m[1]]
    if year is None or not 1 <= month <= 12:
        raise FieldError(
            field,
            f"Bulan '{text}' tidak dikenali. Gunakan bentuk TTTT-BB, mis. 2023-01 "
            "(atau '01/2023', 'Januari 2023', 'januari').",
        )
    check_period_year(year, field)
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def hari(d: date) -> str:
    return HARI[d.weekday()]


def tanggal_panjang(d: date) -> str:
    """``16 Januari 2023``."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def tanggal_lengkap(d: date) -> str:
    """``Senin, 16 Januari 2023``: how komsos shows the date it understood."""
    return f"{hari(d)}, {tanggal_panjang(d)}"


def tanggal_angka(d: date) -> str:
    """``16/01/2023``, the form that closes a release's lead."""
    return d.strftime("%d/%m/%Y")


def nama_bulan(month: int, year: int | None = None) -> str:
    name = BULAN[month - 1]
    return f"{name} {year}" if year else name


_TIME = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?$")
_TIME_ZONE_SUFFIX = re.compile(r"\s*(wib|wita|wit)$", re.I)


def parse_time(text: str, *, field: str = "waktu") -> str:
    """Normalise a time of day to ``HH.MM`` (the Indonesian convention)."""
    cleaned = _TIME_ZONE_SUFFIX.sub("", str(text).strip().lower()).replace("pukul", "").strip()
    if re.fullmatch(r"\d{4}", cleaned):
        cleaned = cleaned[:2] + "." + cleaned[2:]
    m = _TIME.match(cleaned)
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise FieldError(field, f"Waktu '{text}' tidak dikenali. Contoh: 09.30 atau 14:05.")
    return f"{int(m[1]):02d}.{int(m[2] or 0):02d}"
