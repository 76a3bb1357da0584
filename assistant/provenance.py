"""Where an answer comes from: the sources behind a reply, and the sentence that names them.

Every fact in `menus.yaml` names its sources, and every source the day it was last checked. A
reply knows what it said (a route, a topic); this module knows which facts each kind of reply
states, so "Where does that come from?" after any answer can name the sources and their dates.
Pure: the menus and the reply in, words out.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from . import answers, i18n, routing
from .menu import BUILT_IN_TOPICS, Menus, Node, Source
from .reply import Reply
from .storage import read_yaml
from .words import plain

# What "live agents are available now" rests on: every route and answer says it.
_LIVE_STATUS = ("hours.live_agents", "federal_holidays")
# The facts each answer built from the file states (the other answers name theirs in the data).
FACTS_OF_TOPIC = {
    "hours": ("hours.live_agents", "hours.live_agents.alternatives", "hours.ivr", "federal_holidays"),
    "tty": ("line", *_LIVE_STATUS),
    "checklist": ("checklist", "identifiers"),
    "tiers": ("tiers", "service_request"),
    "channels": ("channels", "line"),
}
assert set(FACTS_OF_TOPIC) == set(BUILT_IN_TOPICS), "every built-in answer says which facts it states"


QUESTIONS = Path(__file__).with_name("provenance.yaml")


@cache
def _questions() -> tuple[tuple[str, ...], ...]:
    data = read_yaml(QUESTIONS)
    return tuple(tuple(plain(phrase).split()) for phrases in data["ask"].values() for phrase in phrases)


def asks_where_from(text: str) -> bool:
    """Whether the text asks where the last answer comes from ("where does that come from?")."""
    tokens = tuple(plain(text).split())
    if not tokens or len(tokens) > 10:
        return False
    # The question ends the request ("ok, but where does that come from?"): a request that only
    # starts with such words ("how do you know my case is late") is a request.
    return any(tokens == phrase or (len(phrase) > 1 and tokens[-len(phrase):] == phrase and len(tokens) <= len(phrase) + 3)
               for phrase in _questions())


def facts(menus: Menus, reply: Reply) -> tuple[str, ...]:
    """The names of the facts a reply states ("hours.live_agents", "answers.expedite", ...)."""
    if reply.status == "ambiguous":
        return ()
    if reply.status == "answer" and reply.topic in FACTS_OF_TOPIC:
        return FACTS_OF_TOPIC[reply.topic]
    node = route_node(menus, reply)
    # "A Tier 1 Customer Service Representative answers": who picks up is the tiers' fact.
    who = ("tiers",) if node is not None and (node.kind == "representative" or menus.tier(node.answered_by or "")) else ()
    answer = menus.answer(reply.topic) if reply.status == "answer" and reply.topic else None
    if answer is not None:
        uses = ("line.international",) if "{international}" in answer.say_in(reply.language) else ()
        return (f"answers.{answer.topic}", *uses, "line", *who, *_LIVE_STATUS)
    if reply.status == "answer":  # "I will go on in Spanish; press 2 at the first menu"
        return ()
    return ("line", *who, *_LIVE_STATUS)


def route_node(menus: Menus, reply: Reply) -> Node | None:
    """The option whose keys the reply gave: its route, a need's route, or the way to a person."""
    if reply.destination is not None:
        return reply.destination
    if reply.status == "no_match":
        return menus.representative()
    if reply.status == "answer" and reply.topic == "language":
        return menus.layouts[0].root
    return None


def sources(menus: Menus, reply: Reply) -> tuple[Source, ...]:
    """Every source behind a reply, the menu's first, each once."""
    ids: list[str] = []
    node = route_node(menus, reply)
    if node is not None:
        ids += menus.layout_of(node.id).sources
    for fact in facts(menus, reply):
        ids += menus.sources_of(fact)
    return tuple(menus.source(source_id) for source_id in dict.fromkeys(ids))


def sentence(menus: Menus, reply: Reply | None, language: str = "en") -> str:
    """The answer to "Where does that come from?" about `reply` (the last one given)."""
    _ = i18n.gettext(language)
    if reply is None:
        return _("Ask me something first; then I can tell you where the answer comes from.")
    if reply.status == "ambiguous":
        return _("I have not answered yet: choose one of the two options first, then ask me again.")
    parts = []
    node = route_node(menus, reply)
    if node is not None:
        layout = menus.layout_of(node.id)
        recorded = i18n.plain_date(date.fromisoformat(layout.recorded), language)
        parts.append(_("The keys come from {sources}, in the menu as recorded on {date}.").format(
            sources=answers.source_names(menus, layout.sources, language), date=recorded))
        steps = routing.plan(menus, node.id, reply.language).steps if node is not layout.root else ()
        for step in steps:
            words = step.words(language)
            if words.source:  # an assumption the data states, or an option heard on the line
                parts.append(_("About {label}: {note}.").format(label=words.label, note=words.source))
    by_date: dict[str, list[Source]] = {}
    for source in sources(menus, reply):
        by_date.setdefault(source.checked, []).append(source)
    if by_date:
        groups = [_("{sources}, checked on {date}").format(sources="; ".join(_item(source, language) for source in group),
                                                          date=i18n.plain_date(date.fromisoformat(checked), language))
                  for checked, group in sorted(by_date.items(), reverse=True)]
        parts.append(_("The facts come from: {sources}.").format(sources=". ".join(groups)))
    if "line.international" in facts(menus, reply) and menus.international and menus.international.disputed:
        parts.append(_("The sources disagree on the number from abroad; confirm it on {where}.").format(
            where=menus.texts(language).confirm_at))
    return " ".join(parts) if parts else _("That answer states no fact about the line.")


def _item(source: Source, language: str) -> str:
    return f"{source.name_in(language)} ({source.url})" if source.url else source.name_in(language)
