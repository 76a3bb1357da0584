"""A simulated copy of the USCIS line: one layout of `menus.yaml` walked as an automated line does.

Pure: it is told what the caller did (a key, spoken words, nothing before the wait ran out) and
answers with what the line says; audio in and out is for the adapter (`simulate`). A wrong key
or no key plays the menu again, up to `simulation.tries` times, then the line gives up. The call
ends where the caller lands: recorded or automated information, a representative when live
agents are open, or "closed" with the live hours when they are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import answers, hours, routing
from .menu import Layout, Menus, Node
from .words import clean

CONNECTED, INFORMATION, CLOSED, GAVE_UP, MENU = "representative", "information", "closed", "gave up", "menu"


@dataclass(frozen=True)
class Landing:
    """Where the call ended."""

    status: str  # CONNECTED | INFORMATION | CLOSED | GAVE_UP, or MENU: the caller stopped at a menu they asked for
    node: Node | None  # the destination reached (None when the line gave up)
    who: str  # who or what picks up, in words


def prompt(node: Node, template: str = "For {label}, press {key}.", repeat_key: str | None = None) -> str:
    """The words of a menu: 'For English, press 1, or say "English". For Spanish, press 2.'"""
    return " ".join(option_sentences(node, template, repeat_key))


def option_sentences(node: Node, template: str = "For {label}, press {key}.", repeat_key: str | None = None) -> list[str]:
    """One sentence an option, as the line says them, and the offer to repeat the menu."""
    sentences = []
    for option in node.options:
        sentence = template.format(label=option.label, key=routing.key_words(option.key or ""))
        sentence = sentence[0].upper() + sentence[1:]
        if option.say:
            sentence = sentence.rstrip(".") + f', or say "{option.say}".'
        sentences.append(sentence)
    if repeat_key and all(option.key != repeat_key for option in node.options):
        sentences.append(f"To hear these options again, press {routing.key_words(repeat_key)}.")
    return sentences


class SimulatedLine:
    def __init__(self, menus: Menus, layout: Layout, now: datetime, style: int = 0) -> None:
        self.menus = menus
        self.layout = layout
        self.now = now
        prompts = menus.simulation.prompts
        self.template = prompts[style % len(prompts)]  # how this call says its options
        self.at: Node = layout.root
        self.plays = 0  # times the current menu has been played
        self.landing: Landing | None = None
        self.pressed: list[str] = []

    @property
    def ended(self) -> bool:
        return self.landing is not None

    def answer(self) -> list[str]:
        """The line picks up: the greeting and the first menu."""
        return [self.menus.simulation.greeting, *self._play()]

    def press(self, key: str) -> list[str]:
        if self.ended:
            return []
        self.pressed.append(key)
        if key == self.menus.simulation.repeat_key and all(option.key != key for option in self.at.options):
            self.plays = max(self.plays - 1, 0)  # asked for, so it does not count as a failed try
            return self._play()
        chosen = next((option for option in self.at.options if option.key == key), None)
        if chosen is None:
            return self._again(f"Sorry, {routing.key_words(key)} is not one of the choices.")
        return self._enter(chosen)

    def say(self, words: str) -> list[str]:
        """A spoken answer: taken when it holds the phrase an option asks for."""
        if self.ended:
            return []
        heard = f" {clean(words)} "
        chosen = next((option for option in self.at.options if option.say and f" {clean(option.say)} " in heard), None)
        if chosen is None:
            return self._again("Sorry, I did not understand.")
        return self._enter(chosen)

    def stop(self) -> None:
        """The caller stops here, at the menu they wanted (to listen to its options themselves)."""
        if not self.ended:
            self.landing = Landing(MENU, self.at, "nobody yet: the menu of more options plays")

    def no_key(self) -> list[str]:
        """The wait for a key ran out."""
        if self.ended:
            return []
        return self._again("Sorry, I did not hear a choice.")

    def _again(self, sorry: str) -> list[str]:
        if self.plays >= self.menus.simulation.tries:
            self.landing = Landing(GAVE_UP, None, "nobody: the line hung up")
            return [sorry, self.menus.simulation.goodbye]
        return [sorry, *self._play()]

    def _play(self) -> list[str]:
        self.plays += 1
        return option_sentences(self.at, self.template, self.menus.simulation.repeat_key)

    def _enter(self, option: Node) -> list[str]:
        target = self.menus.node(option.goto) if option.goto else option
        self.at, self.plays = target, 0
        if target.kind == "menu":
            return self._play()
        return self._arrive(target)

    def _arrive(self, node: Node) -> list[str]:
        if node.kind == "representative":
            tier = self.menus.tier(node.answered_by or "")
            who = f"{tier.short}: {tier.name}" if tier else "a representative"
            state = hours.availability(self.now, self.menus.live_hours, self.menus.holidays, self.menus.timezone)
            if not state.open:
                self.landing = Landing(CLOSED, node, "nobody: live agents are closed")
                return [f"{node.label}. Our representatives are not available now. They answer "
                        f"{hours.weekly_words(self.menus.live_hours)}, {answers.zone_words(self.menus)}.",
                        answers.live_status(self.menus, self.now)]
            self.landing = Landing(CONNECTED, node, who)
            return [f"{node.label}. Please hold for the next available {tier.name if tier else 'representative'}."]
        who = "recorded information" if node.answered_by == "recording" else "an automated service"
        self.landing = Landing(INFORMATION, node, who)
        return [f"{node.label}. {answers.answered_by(self.menus, node)}"]
