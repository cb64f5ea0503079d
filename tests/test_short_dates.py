"""Short dates: without a year, day names, 'kemarin lusa'. Each means the latest such day that
is not after today (today included), and komsos shows which day it understood."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from komsos_cli.dates import BULAN, HARI, parse_date
from komsos_cli.errors import FieldError

DAYS = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))


def _latest_by_walking_back(today: date, match) -> date:  # type: ignore[no-untyped-def]
    """The oracle: step back one day at a time until the day matches."""
    day = today
    while not match(day):
        day -= timedelta(days=1)
    return day


@given(DAYS, DAYS)
def test_a_day_and_month_without_year_is_the_latest_such_date_not_after_today(d, today):
    expected = _latest_by_walking_back(today, lambda x: (x.day, x.month) == (d.day, d.month))
    month = BULAN[d.month - 1]
    for typed in (
        f"{d.day}/{d.month}",
        f"{d.day:02d}/{d.month:02d}",
        f"{d.day}-{d.month}",
        f"{d.day} {month}",
        f"{d.day} {month.lower()}",
        f"{d.day} {month[:3]}",
        f"{HARI[expected.weekday()]}, {d.day}/{d.month}",
    ):
        assert parse_date(typed, today=today) == expected, typed


@given(st.integers(0, 6), DAYS, st.sampled_from(["{}", "hari {}", "{} lalu", "{}"]))
def test_a_day_name_is_the_last_such_day_today_included(weekday, today, form):
    expected = _latest_by_walking_back(today, lambda x: x.weekday() == weekday)
    assert parse_date(form.format(HARI[weekday].lower()), today=today) == expected
    assert parse_date(form.format(HARI[weekday].upper()), today=today) == expected


@given(DAYS)
def test_kemarin_lusa_is_two_days_ago(today):
    assert parse_date("kemarin lusa", today=today) == today - timedelta(days=2)
    assert parse_date("3 hari lalu", today=today) == today - timedelta(days=3)


def test_29_februari_goes_back_to_the_last_leap_year():
    assert parse_date("29/2", today=date(2026, 12, 8)) == date(2024, 2, 29)
    assert parse_date("29 Feb", today=date(2024, 2, 28)) == date(2020, 2, 29)
    assert parse_date("29 februari", today=date(2024, 2, 29)) == date(2024, 2, 29)


@pytest.mark.parametrize(
    "typed, words",
    [("31/4", "tidak ada di kalender"), ("3 xyz", "tidak dikenali"), ("Sabtu, 7/12", "Senin")],
)
def test_impossible_short_dates_are_refused(typed, words):
    with pytest.raises(FieldError) as info:
        parse_date(typed, today=date(2026, 12, 8))
    assert words in info.value.message


@pytest.mark.parametrize("typed", ["3/12", "3 Des", "senin", "hari senin", "kemarin lusa"])
def test_imports_still_need_the_whole_date(typed):
    with pytest.raises(FieldError, match="tidak bisa diimpor"):
        parse_date(typed, today=date(2026, 12, 8), relative=False)


def test_add_without_input_shows_the_day_it_understood(komsos, sample_args):
    args = list(sample_args)
    args[args.index("--tanggal") + 1] = "hari senin"
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    result = komsos("add", "--no-input", *args)
    shown = f"Senin, {monday.day} {BULAN[monday.month - 1]} {monday.year}"
    assert f"tersimpan: Harjanto, {shown}." in result.stdout
    assert komsos.json("show", "1", "--json")["tanggal"] == monday.isoformat()
    edited = komsos("edit", "1", "--tanggal", "kemarin lusa")
    two_days_ago = today - timedelta(days=2)
    assert f"{two_days_ago.day} {BULAN[two_days_ago.month - 1]} {two_days_ago.year}" in (
        edited.stdout
    )


@given(st.text(max_size=30), DAYS)
def test_any_text_is_a_date_or_an_indonesian_field_error(text, today):
    try:
        parsed = parse_date(text, today=today)
    except FieldError as exc:
        assert exc.message.startswith(("Tanggal", "0", "1", "2", "3"))
    else:
        assert isinstance(parsed, date)
