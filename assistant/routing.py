"""From a node of the menu to what to press after dialing, as keys and as words to follow."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from . import i18n
from .menu import Menus, Node, format_number
from .words import lexicon


@dataclass(frozen=True)
class Route:
    destination: Node
    steps: tuple[Node, ...]  # the options chosen after dialing, in order (root excluded)
    language: str = "en"  # the branch of the line the route takes, and the words it is said in

    @property
    def keys(self) -> list[str]:
        return [step.key for step in self.steps if step.key is not None]


def plan(menus: Menus, node_id: str, language: str = "en") -> Route:
    """The route from the start of the call to `node_id` (KeyError if there is none), through
    the branch of the line that speaks `language`: a Spanish caller presses the Spanish branch's
    key where the route passes a branch that the Spanish one mirrors."""
    path = menus.path(node_id)
    steps = list(path[1:])
    if language != "en":
        for n, (menu, step) in enumerate(pairwise(path)):
            branch = next((o for o in menu.options if o.language == language and o.mirrors == step.id), None)
            if branch is not None:
                steps[n] = branch
    return Route(destination=path[-1], steps=tuple(steps), language=language)


def key_words(key: str, language: str = "en") -> str:
    """How a key is named to a person: 1, star, pound (asterisco, numeral)."""
    return lexicon(language).key_name(key)


def steps_words(route: Route) -> str:
    """'Press 1 (English), then 3 (Report a change of address).'"""
    _ = i18n.gettext(route.language)
    if not route.steps:
        return _("Wait for the menu.")
    parts = [_("{key} ({label})").format(key=key_words(step.key or "", route.language), label=step.words(route.language).label)
             for step in route.steps]
    if len(parts) == 1:
        return _("Press {step}.").format(step=parts[0])
    return _("Press {steps}.").format(steps=_(", then ").join(parts))


def route_words(menus: Menus, route: Route) -> str:
    """'Dial 1-800-375-5283. Press 1 (English), then 3 (Report a change of address).'"""
    _ = i18n.gettext(route.language)
    return _("Dial {number}.").format(number=format_number(menus.number)) + " " + steps_words(route)


def say_words(route: Route) -> str | None:
    """What to say instead at each spoken menu: 'say "English", then "change of address"'."""
    _ = i18n.gettext(route.language)
    phrases = [step.words(route.language).say for step in route.steps]
    if not all(phrases):
        return None
    said = _(", then ").join(_('"{words}"').format(words=p) for p in phrases)
    return _("If the line asks you to speak instead, say {phrases}.").format(phrases=said)
