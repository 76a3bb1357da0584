"""The sentences the assistant says: routes, availability, and answers to questions that are
not routes (hours, TTY, what to have ready, what each tier can do, other channels).

Every sentence is complete in itself and built from `menus.yaml`, so it can be read on a
braille display or spoken without the screen around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import hours, routing
from .hold.history import Wait, typical_wait_sentence
from .menu import WEEKDAYS, Menus, Node, format_number

_DAY_WORDS = {name.lower(): i for i, name in enumerate(hours.DAY_NAMES)}
_DAY_WORDS.update({name[:3].lower(): i for i, name in enumerate(hours.DAY_NAMES)})


def live_status(menus: Menus, now: datetime) -> str:
    """'Live agents are available now, until 8:00 PM Eastern Time (in 3 hours).' or closed."""
    state = hours.availability(now, menus.live_hours, menus.holidays, menus.timezone)
    zone = zone_words(menus)
    if state.open:
        if state.changes_at is None:
            return "Live agents are available now."
        left = hours.duration_words(hours.until(state.changes_at, state.now))
        return f"Live agents are available now, until {hours.clock_words(state.changes_at)} {zone} (in {left})."
    why = "" if state.reason in ("", "after hours", "closed") else f" ({state.reason})"
    if state.changes_at is None:
        return f"Live agents are closed now{why}."
    when = hours.day_words(state.changes_at, state.now)
    left = hours.duration_words(hours.until(state.changes_at, state.now))
    return (
        f"Live agents are closed now{why}; they open {when} at "
        f"{hours.clock_words(state.changes_at)} {zone} (in {left})."
    )


def zone_words(menus: Menus) -> str:
    return "Eastern Time" if menus.timezone == "America/New_York" else f"({menus.timezone} time)"


def answered_by(menus: Menus, node: Node) -> str:
    who = node.answered_by
    if node.kind == "representative" or (who and menus.tier(who)):
        tier = menus.tier(who or "")
        if tier:
            return f"A {tier.short} {tier.name} answers."
        return "A representative answers."
    if who == "recording":
        return "You will hear recorded information."
    if node.kind == "menu":
        return "You will hear more options."
    return "An automated service answers."


def route_answer(menus: Menus, node: Node, now: datetime) -> str:
    route = routing.plan(menus, node.id)
    parts = [routing.route_words(menus, route), answered_by(menus, node)]
    if node.kind != "representative":
        parts.append("To reach a person from there, listen for the option to speak with a representative.")
    parts.append(live_status(menus, now))
    spoken = routing.say_words(route)
    if spoken:
        parts.append(spoken)
    parts.append(f'Menus change: if the options differ, listen for "{node.label}".')
    return " ".join(parts)


def hours_answer(menus: Menus, now: datetime, request: str = "", waits: Sequence[Wait] = ()) -> str:
    live = menus.live_hours
    holidays = ", closed on federal holidays" if live.closed_on_federal_holidays else ""
    parts = [
        f"Live agents work {hours.weekly_words(live)} {zone_words(menus)}{holidays}.",
        live_status(menus, now),
    ]
    asked = _asked_day(menus, request, now)
    if asked:
        parts.append(asked)
    parts.append(f"The automated line is open {hours.weekly_words(menus.ivr_hours)}.")
    for other in menus.live_hours_alternatives:
        parts.append(f"Another source ({other.source}) gives {hours.weekly_words(other)}; the hours above are USCIS's own.")
    typical = typical_wait_sentence(waits, now)
    if typical:
        parts.append(typical)
    return " ".join(parts)


def _asked_day(menus: Menus, request: str, now: datetime) -> str | None:
    """A sentence about the day the person asked about, if they named one."""
    words = set(re.findall(r"[a-z]+", request.lower()))
    live = menus.live_hours
    if "weekend" in words or "weekends" in words:
        weekend = [d for d in ("sat", "sun") if d in live.days]
        return "There are no live agents on weekends." if not weekend else None
    if "holiday" in words or "holidays" in words or words & {"thanksgiving", "christmas"}:
        upcoming = _next_holiday(menus, now)
        if not live.closed_on_federal_holidays:
            return None
        return f"No live agents on federal holidays; the next one is {upcoming}." if upcoming else None
    if "tomorrow" in words:
        day = (now.astimezone(ZoneInfo(menus.timezone)) + timedelta(days=1)).date()
        return _day_sentence(menus, day.weekday(), "Tomorrow", day)
    for word in words:
        if word in _DAY_WORDS:
            index = _DAY_WORDS[word]
            return _day_sentence(menus, index, f"On {hours.DAY_NAMES[index]}s", None)
    return None


def _day_sentence(menus: Menus, weekday: int, lead: str, day: date | None) -> str:
    live = menus.live_hours
    if WEEKDAYS[weekday] not in live.days:
        return f"{lead} there are no live agents."
    if isinstance(day, date) and live.closed_on_federal_holidays:
        holiday = hours.holiday_on(day, menus.holidays)
        if holiday:
            return f"{lead} is {holiday}; there are no live agents."
    close = "midnight" if live.until_midnight else hours.clock_words(live.close)
    return f"{lead} live agents answer from {hours.clock_words(live.open)} to {close} {zone_words(menus)}."


def _next_holiday(menus: Menus, now: datetime) -> str | None:
    today = now.astimezone(ZoneInfo(menus.timezone)).date()
    upcoming = sorted(
        (day, name)
        for year in (today.year, today.year + 1)
        for day, name in hours.holiday_dates(menus.holidays, year).items()
        if day >= today
    )
    if not upcoming:
        return None
    day, name = upcoming[0]
    return f"{name}, {hours.DAY_NAMES[day.weekday()]} {day.strftime('%B')} {day.day}, {day.year}"


def tty_answer(menus: Menus, now: datetime) -> str:
    return (
        f"The TTY number for callers who are deaf, hard of hearing or have a speech disability is "
        f"{format_number(menus.tty_number)}. You can also type to this assistant: it shows every key to press. "
        + live_status(menus, now)
    )


def checklist_answer(menus: Menus) -> str:
    items = "; ".join(f"{n}. {item}" for n, item in enumerate(menus.checklist, 1))
    return f"Before you call, have ready: {items}."


def tiers_answer(menus: Menus) -> str:
    parts = []
    for tier in menus.tiers:
        parts.append(
            f"{tier.short}, {tier.name}, {tier.reached}. Can {_join(tier.can)}. Cannot {_join(tier.cannot, 'or')}."
        )
    parts.append(menus.service_request)
    return " ".join(parts)


def channels_answer(menus: Menus) -> str:
    listed = "; ".join(f"{c.name} ({c.detail})" for c in menus.channels)
    return (
        f"Other ways to reach USCIS: {listed}. By phone: {format_number(menus.number)}, "
        f"TTY {format_number(menus.tty_number)}."
    )


def topic_answer(menus: Menus, topic: str, now: datetime, request: str = "", waits: Sequence[Wait] = ()) -> str:
    if topic == "hours":
        return hours_answer(menus, now, request, waits)
    if topic == "tty":
        return tty_answer(menus, now)
    if topic == "checklist":
        return checklist_answer(menus)
    if topic == "tiers":
        return tiers_answer(menus)
    if topic == "channels":
        return channels_answer(menus)
    raise ValueError(f"unknown answer topic {topic!r}")


def _join(items: tuple[str, ...], conjunction: str = "and") -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
