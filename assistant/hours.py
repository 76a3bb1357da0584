"""Is anyone there right now? Opening hours in the line's own time zone, holidays included.

Pure functions on `menu.WeeklyHours` and `menu.Holiday`; the caller passes the current time
(aware, any zone) so nothing here reads a clock.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import i18n
from .menu import WEEKDAYS, Holiday, WeeklyHours

DAY_NAMES = i18n.ENGLISH_DAYS


@dataclass(frozen=True)
class Availability:
    open: bool
    now: datetime  # in the line's time zone
    changes_at: datetime | None  # when it next closes (if open) or opens (if closed)
    reason: str = ""  # why it is closed today: "weekend", "day off", a holiday's name, "after hours"


def holiday_dates(rules: tuple[Holiday, ...], year: int) -> dict[date, str]:
    """The days off in `year`, observed dates included (Saturday -> Friday, Sunday -> Monday)."""
    days: dict[date, str] = {}
    for rule in rules:
        if rule.day is not None:
            actual = date(year, rule.month, rule.day)
            if actual.weekday() == 5:
                actual -= timedelta(days=1)
            elif actual.weekday() == 6:
                actual += timedelta(days=1)
        else:
            assert rule.weekday is not None and rule.nth is not None
            actual = _nth_weekday(year, rule.month, rule.weekday, rule.nth)
        days[actual] = rule.name
    # New Year's Day of next year can be observed on 31 December of this one.
    for rule in rules:
        if rule.day is not None and (rule.month, rule.day) == (1, 1) and date(year + 1, 1, 1).weekday() == 5:
            days[date(year, 12, 31)] = rule.name
    return days


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth == -1:
        last = calendar.monthrange(year, month)[1]
        day = date(year, month, last)
        return day - timedelta(days=(day.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def holiday_on(day: date, rules: tuple[Holiday, ...]) -> str | None:
    return holiday_dates(rules, day.year).get(day)


def _window(day: date, hours: WeeklyHours, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, hours.open, tzinfo=zone)
    end_day = day + timedelta(days=1) if hours.until_midnight else day
    end = datetime.combine(end_day, time(0, 0) if hours.until_midnight else hours.close, tzinfo=zone)
    return start, end


def _closed_reason(day: date, hours: WeeklyHours, rules: tuple[Holiday, ...]) -> str | None:
    if WEEKDAYS[day.weekday()] not in hours.days:
        return "weekend" if day.weekday() >= 5 else "day off"  # a weekday the hours leave out
    if hours.closed_on_federal_holidays:
        holiday = holiday_on(day, rules)
        if holiday:
            return holiday
    return None


def availability(now: datetime, hours: WeeklyHours, rules: tuple[Holiday, ...], timezone: str) -> Availability:
    """Whether `hours` are open at `now`, and when that next changes (within four weeks)."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    today = local.date()
    reason_today = _closed_reason(today, hours, rules)
    if reason_today is None:
        start, end = _window(today, hours, zone)
        if start <= local < end:
            return Availability(True, local, _next_close(today, hours, rules, zone))
    for offset in range(0, 29):
        day = today + timedelta(days=offset)
        if _closed_reason(day, hours, rules) is not None:
            continue
        start, _ = _window(day, hours, zone)
        if start > local:
            reason = reason_today or "after hours"
            return Availability(False, local, start, reason)
    return Availability(False, local, None, reason_today or "closed")


def _next_close(day: date, hours: WeeklyHours, rules: tuple[Holiday, ...], zone: ZoneInfo) -> datetime | None:
    # Open every day round the clock (the automated line): it never closes.
    end = _window(day, hours, zone)[1]
    for _ in range(8):
        next_day = end.date()
        if not hours.until_midnight or _closed_reason(next_day, hours, rules) is not None:
            return end
        if hours.open != time(0, 0):
            return end
        end = _window(next_day, hours, zone)[1]
    return None


def until(later: datetime, now: datetime) -> timedelta:
    """Real time between two aware moments. (Python subtracts two datetimes that share a
    tzinfo as wall-clock times, which is an hour off across a DST change.)"""
    return later.astimezone(UTC) - now.astimezone(UTC)


def duration_words(delta: timedelta, language: str = "en") -> str:
    """'1 day 14 hours', '2 hours 5 minutes', '10 minutes', 'less than a minute'."""
    _, n_ = i18n.gettext(language), i18n.ngettext(language)
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return _("less than a minute")
    days, rest = divmod(minutes, 24 * 60)
    hrs, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(n_("{n} day", "{n} days", days).format(n=days))
    if hrs:
        parts.append(n_("{n} hour", "{n} hours", hrs).format(n=hrs))
    if mins and not days:
        parts.append(n_("{n} minute", "{n} minutes", mins).format(n=mins))
    return " ".join(parts)


def clock_words(moment: time | datetime, language: str = "en") -> str:
    """8:00 AM, 8:30 PM (8:00 a.m. in Spanish)."""
    return i18n.clock(moment, language)


def day_words(moment: datetime, now: datetime, language: str = "en") -> str:
    """'today', 'tomorrow', or 'Monday' (within a week), else 'Monday, December 1'."""
    _ = i18n.gettext(language)
    days = (moment.date() - now.date()).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    name = i18n.day_name(moment.weekday(), language)
    if days < 7:
        # TRANSLATORS: a day this week, as in "they open {weekday} at 8:00 AM" (Spanish: "el lunes").
        return _("{weekday}").format(weekday=name)
    return _("{weekday}, {month} {day}").format(weekday=name, month=i18n.month_name(moment.month, language), day=moment.day)


def weekly_words(hours: WeeklyHours, language: str = "en") -> str:
    """'Monday to Friday, 8:00 AM to 8:00 PM' or '24 hours, 7 days'."""
    _ = i18n.gettext(language)
    if len(hours.days) == 7 and hours.open == time(0, 0) and hours.until_midnight:
        return _("24 hours a day, 7 days a week")
    indexes = [WEEKDAYS.index(d) for d in hours.days]
    if indexes == list(range(indexes[0], indexes[-1] + 1)) and len(indexes) > 2:
        days = _("{first} to {last}").format(first=i18n.day_name(indexes[0], language), last=i18n.day_name(indexes[-1], language))
    else:
        days = ", ".join(i18n.day_name(i, language) for i in indexes)
    close = _("midnight") if hours.until_midnight else clock_words(hours.close, language)
    return _("{days}, {open} to {close}").format(days=days, open=clock_words(hours.open, language), close=close)
