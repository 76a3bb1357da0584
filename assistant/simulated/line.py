"""A simulated copy of the USCIS line: one layout of `menus.yaml` walked as an automated line does.

Pure: it is told what the caller did (a key, spoken words, nothing before the wait ran out) and
answers with what the line says; audio in and out is for the adapter (`simulated.rehearsal`). A wrong key
or no key plays the menu again, up to `simulation.tries` times, then the line gives up. The call
ends where the caller lands: recorded or automated information, a representative when live
agents are open, or "closed" with the live hours when they are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import answers, hours, i18n, routing
from ..menu import Layout, Menus, Node
from ..words import clean

CONNECTED, INFORMATION, CLOSED, GAVE_UP, MENU = "representative", "information", "closed", "gave up", "menu"


@dataclass(frozen=True)
class Landing:
    """Where the call ended."""

    status: str  # CONNECTED | INFORMATION | CLOSED | GAVE_UP, or MENU: the caller stopped at a menu they asked for
    node: Node | None  # the destination reached (None when the line gave up)
    who: str  # who or what picks up, in words


def prompt(node: Node, template: str = "For {label}, press {key}.", repeat_key: str | None = None,
           repeat: str = "To hear these options again, press {key}.", language: str = "en") -> str:
    """The words of a menu: 'For English, press 1, or say "English". For Spanish, press 2.'"""
    return " ".join(option_sentences(node, template, repeat_key, repeat, language))


def option_sentences(node: Node, template: str = "For {label}, press {key}.", repeat_key: str | None = None,
                     repeat: str = "To hear these options again, press {key}.", language: str = "en") -> list[str]:
    """One sentence an option, as the line says them (in the branch's language), and the offer to repeat the menu."""
    _ = i18n.gettext(language)
    sentences = []
    for option in node.options:
        words = option.words(language)
        sentence = template.format(label=words.label, key=routing.key_words(option.key or "", language))
        sentence = sentence[0].upper() + sentence[1:]
        if words.say:
            sentence = _('{sentence}, or say "{words}".').format(sentence=sentence.rstrip("."), words=words.say)
        sentences.append(sentence)
    if repeat_key and all(option.key != repeat_key for option in node.options):
        sentences.append(repeat.format(key=routing.key_words(repeat_key, language)))
    return sentences


class SimulatedLine:
    def __init__(self, menus: Menus, layout: Layout, now: datetime, style: int = 0) -> None:
        self.menus = menus
        self.layout = layout
        self.now = now
        self.style = style
        self.language = "en"  # the branch the caller is in: a language's branch speaks it
        self.at: Node = layout.root  # the menu being played
        self.entered: Node = layout.root  # where the caller went (a language's branch, when `at` is the menu it mirrors)
        self.plays = 0  # times the current menu has been played
        self.landing: Landing | None = None
        self.pressed: list[str] = []

    @property
    def template(self) -> str:
        """How this call says its options (one of the prompts, in the branch's language)."""
        prompts = self.menus.texts(self.language).prompts
        return prompts[self.style % len(prompts)]

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
            _ = i18n.gettext(self.language)
            return self._again(_("Sorry, {key} is not one of the choices.").format(key=routing.key_words(key, self.language)))
        return self._enter(chosen)

    def say(self, words: str) -> list[str]:
        """A spoken answer: taken when it holds the phrase an option asks for."""
        if self.ended:
            return []
        heard = f" {clean(words)} "
        said = [(option, option.words(self.language).say) for option in self.at.options]
        chosen = next((option for option, say in said if say and f" {clean(say)} " in heard), None)
        if chosen is None:
            _ = i18n.gettext(self.language)
            return self._again(_("Sorry, I did not understand."))
        return self._enter(chosen)

    def stop(self) -> None:
        """The caller stops here, at the menu they wanted (to listen to its options themselves)."""
        if not self.ended:
            self.landing = Landing(MENU, self.entered, "nobody yet: the menu of more options plays")

    def no_key(self) -> list[str]:
        """The wait for a key ran out."""
        if self.ended:
            return []
        _ = i18n.gettext(self.language)
        return self._again(_("Sorry, I did not hear a choice."))

    def _again(self, sorry: str) -> list[str]:
        if self.plays >= self.menus.simulation.tries:
            self.landing = Landing(GAVE_UP, None, "nobody: the line hung up")
            return [sorry, self.menus.texts(self.language).goodbye]
        return [sorry, *self._play()]

    def _play(self) -> list[str]:
        self.plays += 1
        return option_sentences(self.at, self.template, self.menus.simulation.repeat_key,
                                self.menus.texts(self.language).repeat, self.language)

    def _enter(self, option: Node) -> list[str]:
        target = self.menus.node(option.goto) if option.goto else option
        self.entered = target
        if target.mirrors is not None:
            # A language's branch: the options of the branch it mirrors, said in its language.
            self.language = target.language or self.language
            target = self.menus.node(target.mirrors)
        self.at, self.plays = target, 0
        if target.kind == "menu":
            return self._play()
        return self._arrive(target)

    def _arrive(self, node: Node) -> list[str]:
        _, language = i18n.gettext(self.language), self.language
        label = node.words(language).label
        if node.kind == "representative":
            tier = self.menus.texts(language).tier(node.answered_by or "")
            who = f"{tier.short}: {tier.name}" if tier else _("a representative")
            state = hours.availability(self.now, self.menus.live_hours, self.menus.holidays, self.menus.timezone)
            if not state.open:
                self.landing = Landing(CLOSED, node, _("nobody: live agents are closed"))
                return [_("{label}. Our representatives are not available now. They answer {hours}, {zone}.").format(
                            label=label, hours=hours.weekly_words(self.menus.live_hours, language),
                            zone=answers.zone_words(self.menus, language)),
                        answers.live_status(self.menus, self.now, language)]
            self.landing = Landing(CONNECTED, node, who)
            return [_("{label}. Please hold for the next available {agent}.").format(
                label=label, agent=tier.name if tier else _("representative"))]
        who = _("recorded information") if node.answered_by == "recording" else _("an automated service")
        self.landing = Landing(INFORMATION, node, who)
        return [f"{label}. {answers.answered_by(self.menus, node, language)}"]
