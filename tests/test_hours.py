"""Hours in America/New_York whatever the caller's zone: weekdays, weekends, holidays, DST."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant import answers, hours
from assistant.menu import Menus

NY = ZoneInfo("America/New_York")


def live(menus: Menus, moment: str) -> hours.Availability:
    return hours.availability(datetime.fromisoformat(moment), menus.live_hours, menus.holidays, menus.timezone)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-11-30T08:00:00-05:00", True),   # Monday, opening minute
        ("2026-11-30T07:59:59-05:00", False),  # a second before
        ("2026-11-30T19:59:00-05:00", True),
        ("2026-11-30T20:00:00-05:00", False),  # closing time is closed
        ("2026-11-28T12:00:00-05:00", False),  # Saturday
        ("2026-11-29T12:00:00-05:00", False),  # Sunday
    ],
)
def test_weekday_hours_and_weekends(menus: Menus, moment: str, is_open: bool) -> None:
    assert live(menus, moment).open is is_open


def test_closed_on_thanksgiving_with_the_reason(menus: Menus) -> None:
    state = live(menus, "2026-11-26T11:00:00-05:00")
    assert not state.open
    assert state.reason == "Thanksgiving Day"
    assert state.changes_at == datetime(2026, 11, 27, 8, 0, tzinfo=NY)


def test_observed_holiday_when_the_date_falls_on_a_saturday(menus: Menus) -> None:
    # 4 July 2026 is a Saturday, so Friday 3 July is the day off.
    state = live(menus, "2026-07-03T10:00:00-04:00")
    assert not state.open and state.reason == "Independence Day"
    assert state.changes_at == datetime(2026, 7, 6, 8, 0, tzinfo=NY)


def test_holiday_rules_across_years(menus: Menus) -> None:
    days_2027 = hours.holiday_dates(menus.holidays, 2027)
    assert days_2027[date(2027, 1, 18)] == "Birthday of Martin Luther King, Jr."
    assert days_2027[date(2027, 5, 31)] == "Memorial Day"
    assert days_2027[date(2027, 11, 25)] == "Thanksgiving Day"
    assert days_2027[date(2027, 12, 24)] == "Christmas Day"  # the 25th is a Saturday
    assert days_2027[date(2027, 12, 31)] == "New Year's Day"  # 1 January 2028 is a Saturday
    assert days_2027[date(2027, 7, 5)] == "Independence Day"  # the 4th is a Sunday
    assert len(hours.holiday_dates(menus.holidays, 2026)) == 11


def test_spring_forward_weekend(menus: Menus) -> None:
    # DST starts Sunday 8 March 2026 at 2:00. Friday 19:30 EST -> Monday 08:00 EDT is 60.5 hours
    # of wall clock but 59.5 real hours.
    friday = datetime(2026, 3, 6, 19, 30, tzinfo=NY)
    state = hours.availability(friday, menus.live_hours, menus.holidays, menus.timezone)
    assert state.open
    saturday = friday + timedelta(hours=2)
    closed = hours.availability(saturday, menus.live_hours, menus.holidays, menus.timezone)
    assert not closed.open
    assert closed.changes_at == datetime(2026, 3, 9, 8, 0, tzinfo=NY)
    assert closed.changes_at.utcoffset() == timedelta(hours=-4)
    assert hours.until(closed.changes_at, saturday) == timedelta(hours=57, minutes=30)
    assert hours.duration_words(hours.until(closed.changes_at, saturday)) == "2 days 9 hours"
    sentence = answers.live_status(menus, saturday)
    assert sentence.endswith("they open Monday at 8:00 AM Eastern Time (in 2 days 9 hours).")


def test_fall_back_monday_opens_at_eight_eastern_standard(menus: Menus) -> None:
    # DST ends Sunday 1 November 2026: Monday 8:00 is 13:00 UTC, no longer 12:00.
    assert not live(menus, "2026-11-02T12:30:00+00:00").open
    assert live(menus, "2026-11-02T13:00:00+00:00").open
    # And the week before, 8:00 was 12:00 UTC.
    assert live(menus, "2026-10-26T12:00:00+00:00").open


def test_the_callers_own_zone_does_not_matter(menus: Menus) -> None:
    instant = "2026-11-30T15:00:00+00:00"  # 10:00 in New York
    in_tokyo = datetime.fromisoformat(instant).astimezone(ZoneInfo("Asia/Tokyo"))  # 00:00 Tuesday there
    in_la = datetime.fromisoformat(instant).astimezone(ZoneInfo("America/Los_Angeles"))  # 7:00 there
    for moment in (in_tokyo, in_la):
        state = hours.availability(moment, menus.live_hours, menus.holidays, menus.timezone)
        assert state.open and state.changes_at == datetime(2026, 11, 30, 20, 0, tzinfo=NY)


def test_naive_times_are_refused(menus: Menus) -> None:
    with pytest.raises(ValueError):
        hours.availability(datetime(2026, 11, 30, 10), menus.live_hours, menus.holidays, menus.timezone)


def test_the_automated_line_is_always_open(menus: Menus) -> None:
    for moment in ("2026-11-26T03:00:00-05:00", "2026-11-29T23:59:00-05:00"):
        state = hours.availability(datetime.fromisoformat(moment), menus.ivr_hours, menus.holidays, menus.timezone)
        assert state.open


@pytest.mark.parametrize(
    ("moment", "sentence"),
    [
        ("2026-11-30T10:00:00-05:00", "Live agents are available now, until 8:00 PM Eastern Time (in 10 hours)."),
        ("2026-11-28T18:00:00-05:00",
         "Live agents are closed now (weekend); they open Monday at 8:00 AM Eastern Time (in 1 day 14 hours)."),
        ("2026-11-30T06:30:00-05:00",
         "Live agents are closed now; they open today at 8:00 AM Eastern Time (in 1 hour 30 minutes)."),
        ("2026-11-30T21:00:00-05:00",
         "Live agents are closed now; they open tomorrow at 8:00 AM Eastern Time (in 11 hours)."),
        ("2026-11-26T09:00:00-05:00",
         "Live agents are closed now (Thanksgiving Day); they open tomorrow at 8:00 AM Eastern Time (in 23 hours)."),
    ],
)
def test_live_status_sentences(menus: Menus, moment: str, sentence: str) -> None:
    assert answers.live_status(menus, datetime.fromisoformat(moment)) == sentence


def test_hours_answer_names_the_asked_day_and_the_alternative(menus: Menus) -> None:
    now = datetime.fromisoformat("2026-11-30T10:00:00-05:00")
    text = answers.hours_answer(menus, now, "is anyone there on saturday")
    assert "Live agents work Monday to Friday, 8:00 AM to 8:00 PM Eastern Time, closed on federal holidays." in text
    assert "On Saturdays there are no live agents." in text
    assert "The automated line is open 24 hours a day, 7 days a week." in text
    assert "Another source (a public guide to reaching a live person at USCIS) gives Monday to Friday, 8:00 AM to 9:00 PM" in text
    holiday = answers.hours_answer(menus, now, "are you open on christmas")
    assert "the next one is Christmas Day, Friday December 25, 2026" in holiday
    tomorrow = answers.hours_answer(menus, datetime.fromisoformat("2026-11-25T10:00:00-05:00"), "can i call tomorrow")
    assert "Tomorrow is Thanksgiving Day; there are no live agents." in tomorrow
