"""The sentences the assistant says: routes, availability, and answers to questions that are
not routes (hours, TTY, what to have ready, what each tier can do, other channels, and the needs
whose answer is data: calling from abroad, expedite, emergency travel, and so on).

Every sentence is complete in itself and built from `menus.yaml`, so it can be read on a
braille display or spoken without the screen around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import hours, i18n, routing
from .menu import WEEKDAYS, Menus, Node, format_international, format_number
from .waits import Wait, typical_wait_sentence
from .words import fold

# Day names as people type them when they ask about a day ("on saturday", "el sábado").
_DAY_WORDS = {name.lower(): i for i, name in enumerate(hours.DAY_NAMES)}
_DAY_WORDS.update({name[:3].lower(): i for i, name in enumerate(hours.DAY_NAMES)})
_DAY_WORDS.update({name: i for i, name in enumerate(("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"))})
_WEEKEND = {"weekend", "weekends", "finde", "fines"}
_HOLIDAY = {"holiday", "holidays", "thanksgiving", "christmas", "feriado", "feriados", "festivo", "festivos", "navidad"}
_TOMORROW = {"tomorrow", "manana"}


def live_status(menus: Menus, now: datetime, language: str = "en") -> str:
    """'Live agents are available now, until 8:00 PM Eastern Time (in 3 hours).' or closed."""
    _ = i18n.gettext(language)
    state = hours.availability(now, menus.live_hours, menus.holidays, menus.timezone)
    zone = zone_words(menus, language)
    if state.open:
        if state.changes_at is None:
            return _("Live agents are available now.")
        left = hours.duration_words(hours.until(state.changes_at, state.now), language)
        return _("Live agents are available now, until {time} {zone} (in {left}).").format(
            time=hours.clock_words(state.changes_at, language), zone=zone, left=left)
    why = "" if state.reason in ("", "after hours", "closed") else f" ({_reason_words(menus, state, language)})"
    if state.changes_at is None:
        return _("Live agents are closed now{why}.").format(why=why)
    return _("Live agents are closed now{why}; they open {day} at {time} {zone} (in {left}).").format(
        why=why, day=hours.day_words(state.changes_at, state.now, language), time=hours.clock_words(state.changes_at, language),
        zone=zone, left=hours.duration_words(hours.until(state.changes_at, state.now), language))


def _reason_words(menus: Menus, state: hours.Availability, language: str) -> str:
    """Why the line is closed today, in the caller's language: the weekend, a day off, a holiday's name."""
    _ = i18n.gettext(language)
    if state.reason == "weekend":
        return _("weekend")
    if state.reason == "day off":
        return _("closed on {weekday}s").format(weekday=i18n.day_name(state.now.weekday(), language))
    return menus.texts(language).holiday(state.reason)


def zone_words(menus: Menus, language: str = "en") -> str:
    _ = i18n.gettext(language)
    return _("Eastern Time") if menus.timezone == "America/New_York" else _("({zone} time)").format(zone=menus.timezone)


def answered_by(menus: Menus, node: Node, language: str = "en") -> str:
    _ = i18n.gettext(language)
    who = node.answered_by
    if node.kind == "representative" or (who and menus.tier(who)):
        tier = menus.texts(language).tier(who or "")
        if tier:
            return _("A {short} {name} answers.").format(short=tier.short, name=tier.name)
        return _("A representative answers.")
    if who == "recording":
        return _("You will hear recorded information.")
    if node.kind == "menu":
        return _("You will hear more options.")
    return _("An automated service answers.")


def route_answer(menus: Menus, node: Node, now: datetime, language: str = "en") -> str:
    _ = i18n.gettext(language)
    route = routing.plan(menus, node.id, language)
    parts = [routing.route_words(menus, route), answered_by(menus, node, language)]
    if node.kind != "representative":
        parts.append(_("To reach a person from there, listen for the option to speak with a representative."))
    parts.append(live_status(menus, now, language))
    spoken = routing.say_words(route)
    if spoken:
        parts.append(spoken)
    parts.append(_('Menus change: if the options differ, listen for "{label}".').format(label=node.words(language).label))
    return " ".join(parts)


def hours_answer(menus: Menus, now: datetime, request: str = "", waits: Sequence[Wait] = (), language: str = "en") -> str:
    _ = i18n.gettext(language)
    live = menus.live_hours
    holidays = _(", closed on federal holidays") if live.closed_on_federal_holidays else ""
    parts = [
        _("Live agents work {hours} {zone}{holidays}.").format(hours=hours.weekly_words(live, language),
                                                               zone=zone_words(menus, language), holidays=holidays),
        live_status(menus, now, language),
    ]
    asked = _asked_day(menus, request, now, language)
    if asked:
        parts.append(asked)
    parts.append(_("The automated line is open {hours}.").format(hours=hours.weekly_words(menus.ivr_hours, language)))
    for other in menus.live_hours_alternatives:
        parts.append(_("Another source ({source}) gives {hours}; the hours above are USCIS's own.").format(
            source=source_names(menus, other.sources, language), hours=hours.weekly_words(other, language)))
    typical = typical_wait_sentence(waits, now, language)
    if typical:
        parts.append(typical)
    return " ".join(parts)


def _asked_day(menus: Menus, request: str, now: datetime, language: str = "en") -> str | None:
    """A sentence about the day the person asked about, if they named one."""
    _ = i18n.gettext(language)
    words = set(re.findall(r"[a-z]+", fold(request.lower())))
    live = menus.live_hours
    if words & _WEEKEND:
        weekend = [d for d in ("sat", "sun") if d in live.days]
        return _("There are no live agents on weekends.") if not weekend else None
    if words & _HOLIDAY:
        upcoming = _next_holiday(menus, now, language)
        if not live.closed_on_federal_holidays:
            return None
        return _("No live agents on federal holidays; the next one is {holiday}.").format(holiday=upcoming) if upcoming else None
    if words & _TOMORROW:
        day = (now.astimezone(ZoneInfo(menus.timezone)) + timedelta(days=1)).date()
        return _day_sentence(menus, day.weekday(), _("Tomorrow"), day, language)
    for word in words:
        if word in _DAY_WORDS:
            index = _DAY_WORDS[word]
            return _day_sentence(menus, index, _("On {weekday}s").format(weekday=i18n.day_name(index, language)), None, language)
    return None


def _day_sentence(menus: Menus, weekday: int, lead: str, day: date | None, language: str = "en") -> str:
    _ = i18n.gettext(language)
    live = menus.live_hours
    if WEEKDAYS[weekday] not in live.days:
        return _("{when} there are no live agents.").format(when=lead)
    if isinstance(day, date) and live.closed_on_federal_holidays:
        holiday = hours.holiday_on(day, menus.holidays)
        if holiday:
            return _("{when} is {holiday}; there are no live agents.").format(when=lead, holiday=menus.texts(language).holiday(holiday))
    close = _("midnight") if live.until_midnight else hours.clock_words(live.close, language)
    return _("{when} live agents answer from {open} to {close} {zone}.").format(
        when=lead, open=hours.clock_words(live.open, language), close=close, zone=zone_words(menus, language))


def _next_holiday(menus: Menus, now: datetime, language: str = "en") -> str | None:
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
    return f"{menus.texts(language).holiday(name)}, {i18n.long_date(day, language)}"


def tty_answer(menus: Menus, now: datetime, language: str = "en") -> str:
    _ = i18n.gettext(language)
    return (_("The TTY number for callers who are deaf, hard of hearing or have a speech disability is {number}. "
              "You can also type to this assistant: it shows every key to press.").format(number=format_number(menus.tty_number))
            + " " + live_status(menus, now, language))


def checklist_answer(menus: Menus, language: str = "en") -> str:
    _ = i18n.gettext(language)
    items = "; ".join(f"{n}. {item}" for n, item in enumerate(menus.texts(language).checklist, 1))
    return _("Before you call, have ready: {items}.").format(items=items)


def tiers_answer(menus: Menus, language: str = "en") -> str:
    _ = i18n.gettext(language)
    texts = menus.texts(language)
    parts = []
    for tier in texts.tiers:
        parts.append(_("{short}, {name}, {reached}. Can {can}. Cannot {cannot}.").format(
            short=tier.short, name=tier.name, reached=tier.reached, can=_join(tier.can, _("and")),
            cannot=_join(tier.cannot, _("or"))))
    parts.append(texts.service_request)
    return " ".join(parts)


def channels_answer(menus: Menus, language: str = "en") -> str:
    _ = i18n.gettext(language)
    listed = "; ".join(f"{c.name} ({c.detail})" for c in menus.texts(language).channels)
    return _("Other ways to reach USCIS: {channels}. By phone: {number}, TTY {tty}.").format(
        channels=listed, number=format_number(menus.number), tty=format_number(menus.tty_number))


def need_answer(menus: Menus, topic: str, now: datetime, language: str = "en") -> str:
    """A need whose answer is data (`say` in menus.yaml), then the route to call when it has one."""
    _ = i18n.gettext(language)
    answer = menus.answer(topic)
    if answer is None:
        raise ValueError(f"unknown answer topic {topic!r}")
    template = answer.say_in(language)
    international = menus.international
    parts = [template.format(number=format_number(menus.number), tty=format_number(menus.tty_number),
                             international=format_international(international.number) if international else "")]
    if international is not None and "{international}" in template:
        parts += disputes(menus, language)
    if answer.route is not None:
        node = menus.node(answer.route)
        parts += [routing.route_words(menus, routing.plan(menus, node.id, language)), answered_by(menus, node, language)]
    parts.append(live_status(menus, now, language))
    return " ".join(parts)


def disputes(menus: Menus, language: str = "en") -> list[str]:
    """What the sources say instead of the international number given, and where to confirm it."""
    _ = i18n.gettext(language)
    given = menus.international
    if given is None:
        return []
    return [_("Sources disagree on this number: {other_source} gives {other}. I give {number}, from {source}; "
              "confirm it on {where} before you call.").format(
                other_source=source_names(menus, sources, language), other=format_international(number),
                number=format_international(given.number), source=source_names(menus, given.sources, language),
                where=menus.texts(language).confirm_at)
            for number, sources in given.disputed]


def source_names(menus: Menus, source_ids: Sequence[str], language: str = "en") -> str:
    _ = i18n.gettext(language)
    return _join(tuple(menus.source(source_id).name_in(language) for source_id in source_ids), _("and"))


def topic_answer(menus: Menus, topic: str, now: datetime, request: str = "", waits: Sequence[Wait] = (),
                 language: str = "en") -> str:
    if topic == "hours":
        return hours_answer(menus, now, request, waits, language)
    if topic == "tty":
        return tty_answer(menus, now, language)
    if topic == "checklist":
        return checklist_answer(menus, language)
    if topic == "tiers":
        return tiers_answer(menus, language)
    if topic == "channels":
        return channels_answer(menus, language)
    return need_answer(menus, topic, now, language)


def topic_label(topic: str, language: str = "en") -> str:
    """What an answer topic is about, as a choice to offer."""
    _ = i18n.gettext(language)
    labels = {
        "hours": _("when live agents are available"),
        "tty": _("the TTY number for deaf and hard-of-hearing callers"),
        "checklist": _("what to have ready before you call"),
        "tiers": _("what each level of agent can do"),
        "channels": _("other ways to reach USCIS"),
    }
    return labels.get(topic, topic)



def _join(items: tuple[str, ...], conjunction: str = "and") -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
