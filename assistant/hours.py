"""Is anyone there right now? Opening hours in the line's own time zone, holidays included.

Pure functions on `menu.WeeklyHours` and `menu.Holiday`; the caller passes the current time
(aware, any zone) so nothing here reads a clock.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .menu import WEEKDAYS, Holiday, WeeklyHours

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Availability:
    open: bool
    now: datetime  # in the line's time zone
    changes_at: datetime | None  # when it next closes (if open) or opens (if closed)
    reason: str = ""  # why it is closed today: "weekend", a holiday's name, "after hours"


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
        return "weekend" if day.weekday() >= 5 else f"closed on {DAY_NAMES[day.weekday()]}s"
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


def duration_words(delta: timedelta) -> str:
    """'1 day 14 hours', '2 hours 5 minutes', '10 minutes', 'less than a minute'."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hrs, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hrs:
        parts.append(f"{hrs} hour{'s' if hrs != 1 else ''}")
    if mins and not days:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def clock_words(moment: time | datetime) -> str:
    """8:00 AM, 8:30 PM, 12:00 noon-free plain form."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def day_words(moment: datetime, now: datetime) -> str:
    """'today', 'tomorrow', or 'Monday' (within a week), else 'Monday, December 1'."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    name = DAY_NAMES[moment.weekday()]
    if days < 7:
        return name
    return f"{name}, {moment.strftime('%B')} {moment.day}"


def weekly_words(hours: WeeklyHours) -> str:
    """'Monday to Friday, 8:00 AM to 8:00 PM' or '24 hours, 7 days'."""
    if len(hours.days) == 7 and hours.open == time(0, 0) and hours.until_midnight:
        return "24 hours a day, 7 days a week"
    indexes = [WEEKDAYS.index(d) for d in hours.days]
    if indexes == list(range(indexes[0], indexes[-1] + 1)) and len(indexes) > 2:
        days = f"{DAY_NAMES[indexes[0]]} to {DAY_NAMES[indexes[-1]]}"
    else:
        days = ", ".join(DAY_NAMES[i] for i in indexes)
    close = "midnight" if hours.until_midnight else clock_words(hours.close)
    return f"{days}, {clock_words(hours.open)} to {close}"
