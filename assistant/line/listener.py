"""What to do with what the line says: show each option once, press the one that fits the
caller's goal (or ask when unsure), and notice where the line differs from `menus.yaml`.

Pure: text the line said (with the time it was said) in, events out. Which key is pressed is
decided here; the adapter sends the tone and reports it back with `pressed`.

Which option fits the goal is judged against the options heard (`line.goal`): the caller's words
against each label, by shared words and by meaning, with menus.yaml's route as a prior (a label
that means a place on the goal's route, read by the same matcher as the caller's requests:
"update your mailing address" -> change of address, "English"). Two options about as close, a
label heard only in part, or a key named twice are questions, never guesses; when none fits, the
caller is told so and shown the way to a person the line offered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import Literal

from .. import i18n, routing
from ..dialogue import Assistant
from ..menu import Menus, Node
from ..words import clean, plain
from . import goal as judging
from . import options as parsing
from .goal import Similarity
from .options import Option

MEANING_THRESHOLD = 0.55  # a heard label means a known option when the matcher is this sure
MEANING_MARGIN = 0.1  # and the next reading is this far behind
SAME_WORDING = 0.6  # share of words two labels have in common to be one wording
SPELT_ALIKE = 0.8  # a heard label this close, letter by letter, to a label of the menu is that option
MAX_CARRY_WORDS = 40  # a sentence cut by pauses is read whole, up to this long
MAX_LABEL_WORDS = 6  # words after a lone "Press 4." that are its label when the menu puts labels after keys
# Languages the line is heard well enough in to press a key that differs from menus.yaml the first
# time it is heard (a changed line). In the others a misheard digit ("cuatro" as "ocho") looks just
# like a moved option, so such a key is pressed only once a replay of the menu says it again:
# bench/line_es.py, Spanish through the phone band, pressed 7 wrong keys in 47 without this.
PRESS_CHANGED_KEY_AT_ONCE = ("en",)
_NOON = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)  # which option a goal means does not depend on the hour


LineEventKind = Literal["option", "press", "ask", "say", "changed", "note", "key"]
Change = Literal["renamed", "moved", "new", "missing"]


@dataclass(frozen=True)
class LineEvent:
    """One thing the listener noticed or did (`line.render` says it in words and as JSON)."""

    event: LineEventKind  # "key": a key went to the line
    at: float  # seconds into the audio
    key: str | None = None
    label: str | None = None
    text: str | None = None  # what to say, or the question / note in words
    known: str | None = None  # changed: what menus.yaml has on that key
    change: Change | None = None
    menu: str | None = None  # changed: the id of the menu in menus.yaml


@dataclass
class HeardMenu:
    """One menu as the line played it in this call."""

    known: Node | None  # the menu of menus.yaml it stands for, when one is recognised
    options: list[Option] = field(default_factory=list)
    complete: bool = False  # heard to the end (it played again, or offered to repeat itself)
    pressed: str | None = None
    missing_told: bool = False
    unsure: list[Option] = field(default_factory=list)  # options whose wording fits nothing known, yet
    chosen: str | None = None  # the key (or words) decided for the goal, before it reaches the line
    to_confirm: set[str] = field(default_factory=set)  # keys off menus.yaml that fit the goal, waiting for a replay
    replayed: bool = False  # the line began this menu again
    went_quiet: bool = False  # the line fell quiet after it (a one-option menu said again after that is a replay)

    def option(self, key: str | None) -> Option | None:
        return next((option for option in self.options if option.key == key), None)


class LineListener:
    def __init__(self, menus: Menus, goal: str | None = None, assistant: Assistant | None = None,
                 goal_node: Node | None = None, start: Node | None = None, language: str = "en",
                 similarity: Similarity | None = None, speaks: bool = False) -> None:
        """`goal`: the caller's words; or `goal_node`: the option they already routed to.
        `start`: the menu of menus.yaml the line is reading now (default: where the call starts).
        `language`: the caller's; the route goes through the line's branch in it (2 for Spanish),
        and what the listener says is in it. `similarity`: the sentence model (None: words only).
        `speaks`: the assistant can speak into the phone, so an option the line takes in words
        ('say "case status" or press 2') is answered in words."""
        self.menus = menus
        self.language = language
        self.assistant = (assistant or Assistant(menus)).speaking(language)
        self.line_language = "en"  # what the line speaks now: a language's branch speaks its own
        self.words = parsing.phrasings()
        self.goal: Node | None = goal_node
        if goal and goal_node is None:
            reply = self.assistant.respond(goal, _NOON)
            if reply.status == "routed" and reply.destination is not None:
                self.goal = reply.destination
        # What the heard options are judged against: the caller's words, or the place they routed to.
        self.goal_text = goal or (goal_node.words(language).label if goal_node is not None else "")
        self._similarity = similarity
        self.speaks = speaks
        self._near: dict[str, float] = {}  # the sentence model's likeness of the goal to a heard text
        path = menus.path(self.goal.id) if self.goal else (menus.layouts[0].root,)
        # The root is where the call starts: never pressed. The steps go through the caller's branch.
        self.goal_path: tuple[Node, ...] = routing.plan(menus, self.goal.id, language).steps if self.goal else ()
        self.expected: Node | None = start or path[0]
        self.menus_heard: list[HeardMenu] = [HeardMenu(self.expected)]
        # Every label and spoken phrase of menus.yaml, in every language, for reading a heard label (first one wins).
        self._by_words: dict[str, Node] = {}
        for node in menus.nodes():
            for code in menus.languages:
                said = node.words(code)
                for words in (plain(said.label), plain(said.say or "")):
                    if words:
                        self._by_words.setdefault(words, node)
        self._meanings: dict[tuple[str, str | None], Node | None] = {}
        self.asked: set[str] = set()
        self.heard_anything = False
        self.queued = False  # a key to a representative went to the line
        self._on_script = True  # the line reads menus.yaml's menus (see on_script)
        self._carry = ""  # the start of a sentence the line paused in
        self._held = ""  # a stretch ending in a key whose label may follow
        self._verb = ""  # a stretch that was only "Press": the key and label follow
        self._before = ""  # the stretch heard before this one

    # -- what the line says -------------------------------------------------------------------

    @property
    def current(self) -> HeardMenu:
        return self.menus_heard[-1]

    def _(self, sentence: str) -> str:
        """A sentence for the caller, in their language."""
        return i18n.gettext(self.language)(sentence)

    def goal_words(self) -> str:
        return self.goal_text

    def hear(self, text: str, at: float) -> list[LineEvent]:
        """A stretch of the line's speech; returns what to show, press, ask or say."""
        events: list[LineEvent] = []
        if self._verb:
            text, self._verb = f"{self._verb} {text}", ""
        if parsing.only_a_verb(text, self.words) or (parsing.ends_with_a_verb(text, self.words) and not self._parse(text).options):
            self._verb = text.rstrip(".?! ")  # "Press." or "To reset the volume, press.": the key follows
            return events
        before, self._before = self._before, text
        if (not self._held and parsing.only_a_key(text, self.words) and self._labels_follow_keys()
                and not _ends_in_digit(before)):
            # "Press." lost before "1.", in a menu that says "Press." "1." "For ..." (after "Extension. 3. 1.", "5." is the number's end)
            text = f"{min(self.words.press)} {text}"
        if self._held:
            held, self._held = self._held, ""
            text = parsing.lead_heard_as_key(text, self.words)  # "Press 1." then "4. Old.": "for old"
            if parsing.ends_with_lead(f"{held.rstrip('.?! ')} {text}", self.words) and not self._parse(text).options:
                self._held = f"{held.rstrip('.?! ')} {text.rstrip('.?! ')}"  # "Press 1." "Four.": "for", its label follows
                return events
            if parsing.ends_with_lead(held, self.words):
                text = f"{held.rstrip('.?! ')} {text}"  # "Press 1 for" ... "Speed dial."
            elif parsing.starts_with_label(text, self.words):
                text = f"{held.rstrip('.?! ')}. {text}"  # "Press 1." ... "For English.": one option
            elif self._labels_follow_keys() and not self._parse(text).options and len(text.split()) <= MAX_LABEL_WORDS:
                # This menu says each key, then its label after a pause: "Press 4." ... "Friends."
                offered = self._parse(held)
                label = " ".join(word for word in parsing.tokens(text) if word not in {",", "."})
                last = replace(offered.options[-1], label=label, label_from="next")
                return events + self._read(held, at, replace(offered, options=(*offered.options[:-1], last)))
            else:
                events += self._read(held, at)
        heard = self._parse(text)
        first = heard.options[0] if heard.options else None
        if (first is not None and first.key is not None and first.label_from in ("", "after")
                and parsing.starts_with_lead(self._carry, self.words) and not _names_a_key_verb(self._carry, self.words)):
            # "If you are calling about English," (pause) "press 1, or say English": the words
            # before the pause are the label, not what follows the key.
            text, heard = self._with_carry(text)
        if heard.options and heard.options[-1].key is not None and not heard.options[-1].label:
            # "Press 1." and a pause: the label may come next ("For English"); wait for it.
            self._held = text
            return events
        return events + self._read(text, at, heard)

    def _labels_follow_keys(self) -> bool:
        """Has this menu said its keys first and their labels after ("Press 0. For new messages.")?"""
        said = [option.label_from for option in self.current.options if option.key is not None and option.label]
        return bool(said) and all(source in ("after", "next") for source in said)

    def _parse(self, text: str) -> parsing.Offered:
        # Once this menu named a key, a bare one is a key too ("Press 1 to mute." ... "2 to lock the conference.").
        return parsing.parse(text, self.words, continuing=any(option.key for option in self.current.options))

    def _with_carry(self, text: str) -> tuple[str, parsing.Offered]:
        """The words before the line's last pause, read as the start of this sentence."""
        text = f"{self._carry.rstrip('.?! ')} {text}"
        self._carry = ""
        return text, self._parse(text)

    def _release(self, at: float) -> list[LineEvent]:
        held, self._held = self._held, ""
        return self._read(held, at) if held else []

    def _read(self, text: str, at: float, heard: parsing.Offered | None = None) -> list[LineEvent]:
        heard = heard or self._parse(text)
        if self._carry and heard.options and not heard.options[0].label:
            # The line paused inside a sentence ("For the nearest office," ... "press 4"): the
            # words before the pause are the label. (Whisper ends every stretch with a full stop.)
            text, heard = self._with_carry(text)
        self._carry = ""
        if not heard.options and not heard.open_question:
            self._carry = " ".join(text.split()[-MAX_CARRY_WORDS:])
        events: list[LineEvent] = []
        for option in heard.options:
            if option.addition:
                self._complete_last(option)
                continue
            events += self._option(option, at)
        if not heard.options and _names_a_key_verb(text, self.words):
            events.append(LineEvent("note", at, text=self._("The line named a key I did not catch; listen for it yourself.")))
        if heard.open_question:
            events += self._open_question(at)
        return events

    def _complete_last(self, addition: Option) -> None:
        """'... press 3.' then, after a pause, 'Or say "case status".': the words belong to key 3."""
        options = self.current.options
        if options and options[-1].key is not None and not options[-1].say:
            options[-1] = replace(options[-1], say=addition.say)

    def pressed(self, key: str) -> None:
        """The key went to the line: what comes next is the next menu."""
        menu = self.current
        menu.pressed = key
        chosen = menu.option(key)
        meaning = self.option_meaning(chosen, menu.known) if chosen else None
        if chosen is None and menu.known is not None:
            # A key pressed before its option was heard (the caller knew it): go by menus.yaml.
            meaning = next((option for option in menu.known.options if option.key == key), None)
        if meaning is not None and meaning.goto:
            meaning = self.menus.node(meaning.goto)
        if meaning is not None and meaning.language:
            self.line_language = meaning.language  # the branch speaks its language from now on
        if meaning is not None and meaning.mirrors:
            meaning = self.menus.node(meaning.mirrors)  # the branch plays the menu it mirrors, in its language
        self.expected = meaning if meaning is not None and meaning.kind == "menu" else None
        # A key to a person: the line now puts the call in its queue (the hold listener's turn).
        self.queued = self.queued or (meaning is not None and meaning.kind == "representative")
        self.menus_heard.append(HeardMenu(self.expected))

    def finish(self, at: float) -> list[LineEvent]:
        """The audio ended: say what was missed."""
        events = self._release(at)
        events += self._missing(self.current, at) if self.current.complete else []
        if not self.heard_anything:
            events.append(LineEvent("note", at, text=self._("I heard no options on the line: no key was pressed. "
                                                        "Check that the call's sound reaches the computer.")))
        elif self.goal_text and not any(menu.pressed or menu.chosen for menu in self.menus_heard) and not self.asked:
            events.append(LineEvent("note", at, text=self._("None of the options I heard fits \"{goal}\"; no key was pressed.").format(
                goal=self.goal_words())))
        return events

    # -- deciding -------------------------------------------------------------------------------

    def meaning(self, label: str, menu: Node | None = None) -> Node | None:
        """The option of menus.yaml a heard label stands for, when that is clear."""
        if not label:
            return None
        key = (label, menu.id if menu is not None else None)
        if key not in self._meanings:
            self._meanings[key] = self._read_label(label, menu)  # asked again for every option of every replay
        return self._meanings[key]

    def option_meaning(self, option: Option, menu: Node | None = None) -> Node | None:
        """What a heard option stands for, read from its label and from the words the line takes
        for it ('..., or say "case status"'): a speech-enabled line's words are short and often
        heard more clearly than the label. When the two readings disagree, neither is trusted."""
        by_label = self.meaning(option.label, menu)
        by_words = self.meaning(option.say or "", menu) if option.say and option.say != option.label else None
        if by_label is None or by_words is None:
            return by_label or by_words
        return by_label if _same(by_label, by_words) else None

    def _read_label(self, label: str, menu: Node | None) -> Node | None:
        said = plain(label)
        spoken = self.line_language

        def wordings(option: Node) -> tuple[str, str]:
            words = option.words(spoken)
            return plain(words.label), plain(words.say or "")

        exact = [o for o in (menu.options if menu is not None else ())
                 if said in {plain(o.label), plain(o.say or ""), *wordings(o)}]
        if exact or said in self._by_words:  # the words of an option, this menu's first
            return exact[0] if exact else self._by_words[said]
        if menu is not None:
            # Misheard by a letter or two ("all of our information"): this menu's own wording, spelt alike.
            alike = sorted(((max(_spelt_alike(said, words) for words in wordings(o)), o.id, o)
                            for o in menu.options), key=lambda item: (-item[0], item[1]))
            if alike and alike[0][0] >= SPELT_ALIKE and (len(alike) == 1 or alike[1][0] < SPELT_ALIKE):
                return alike[0][2]
        ranked = self.assistant.speaking(spoken).matcher.rank(label)
        if not ranked or ranked[0].intent.kind != "route" or ranked[0].score < MEANING_THRESHOLD:
            return self._read_parts(said, menu)
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < MEANING_MARGIN:
            return None  # two readings about as good (a question the assistant answers counts too)
        node = self.menus.node(ranked[0].intent.target)
        # A label that means a known option of this menu is read as that option.
        if menu is not None:
            same = next((option for option in menu.options if _same(option, node)), None)
            if same is not None:
                return same
        return node

    def _read_parts(self, said: str, menu: Node | None) -> Node | None:
        """'English or English': a speech-enabled line's 'or say English' with 'say' lost. The
        label's parts around 'or' each read alone, when they all mean one option."""
        parts = [part for part in re.split(r" (?:or|o) ", said) if part]
        if len(parts) < 2:
            return None
        meanings = [self.meaning(part, menu) for part in parts]
        first = meanings[0]
        return first if first is not None and all(m is not None and _same(m, first) for m in meanings) else None

    def _better(self, option: Option, before: Option, menu: Node | None) -> bool:
        """A replay heard more clearly: words where there were none, or a meaning where there was none."""
        if not option.label or option.label == before.label:
            return False
        return not before.label or (self.option_meaning(before, menu) is None and self.option_meaning(option, menu) is not None)

    def _alike(self, before: Option, option: Option, menu: Node | None) -> bool:
        """The same option heard again (a replay of the menu, heard a little differently)?"""
        if before.label == option.label or not before.label or not option.label:
            return True
        if parsing.shared_words(option.label, before.label) >= SAME_WORDING or _cut_short(option.label, before.label):
            return True
        meaning = self.option_meaning(option, menu)
        return meaning is not None and meaning is self.option_meaning(before, menu)

    def heard_meaning(self, menu: HeardMenu, option: Option) -> Node | None:
        """What a heard option stands for in its menu: its meaning, unless an option heard
        earlier on another key already stands for that (then this one is something new)."""
        meaning = self.option_meaning(option, menu.known)
        if meaning is None:
            return None
        for other in menu.options:
            if other is option:
                break
            if other.key != option.key and other.label and self.option_meaning(other, menu.known) is meaning:
                return None
        return meaning

    def on_script(self) -> bool:
        """Does the line read menus.yaml's menus? So far in this menu, at least half the options
        heard mean one of menus.yaml's (before any, as the menu before). Off script, menus.yaml's
        route is no prior and its words are no prompt: a voicemail's "return to the main menu" is
        not USCIS's."""
        menu = self.current
        labelled = [option for option in menu.options if option.label and not option.repeat]
        if labelled:
            meant = sum(1 for option in labelled if self.option_meaning(option, menu.known) is not None)
            self._on_script = 2 * meant >= len(labelled)
        return self._on_script

    def on_route(self, option: Option, menu: Node | None) -> bool:
        """The option means a step of the goal's route in menus.yaml (the judge's prior)."""
        meaning = self.option_meaning(option, menu)
        return meaning is not None and any(_same(meaning, step) for step in self.goal_path)

    def _option(self, option: Option, at: float) -> list[LineEvent]:
        menu = self.current
        if menu.pressed is not None:
            # The line moved on after a spoken answer: a new menu.
            self.menus_heard.append(HeardMenu(None))
            menu = self.current
        before = menu.option(option.key) if option.key is not None else _by_label(menu, option.label)
        if before is not None and (menu.complete or self._alike(before, option, menu.known)):
            if option.key == menu.options[0].key and (len(menu.options) >= 2 or menu.went_quiet):
                menu.complete = menu.replayed = True  # the menu is playing again: it was heard to the end
            if self._better(option, before, menu.known):
                menu.options[menu.options.index(before)] = option  # heard better this time
                return [LineEvent("option", at, key=option.key, label=option.label, text=option.say),
                        *self._changed(menu, option, at), *self._decide(menu, option, at)]
            if option.key in menu.to_confirm:
                # The replay said it again: it is no mishearing. Pressed now when it is a sure fit;
                # otherwise at the quiet after the replay, which may still say an option the first play lost.
                fits = self.judged(menu, heard_all=True).fits
                if fits and fits[0].option.key == option.key and fits[0].score >= judging.SURE:
                    menu.to_confirm.discard(option.key)
                    return self._decide(menu, option, at, confirmed=True)
                return []
            return []  # heard already: announced once
        self.heard_anything = True
        events = [LineEvent("option", at, key=option.key, label=option.label, text=option.say)]
        if before is not None:
            menu.options.append(option)
            self.asked.add(option.key or option.label)
            return [*events, LineEvent("ask", at, key=option.key, label=option.label,
                                   text=self._("The line named key {key} twice (\"{first}\" and \"{second}\"); "
                                               "I will not press it. Listen and choose yourself.").format(
                                       key=option.key, first=before.label, second=option.label))]
        menu.options.append(option)
        if option.repeat:
            menu.complete = True
        events += self._changed(menu, option, at)
        return events + self._decide(menu, option, at)

    def _decide(self, menu: HeardMenu, option: Option, at: float, confirmed: bool = False) -> list[LineEvent]:
        if not self.goal_text or menu.pressed is not None or menu.chosen is not None or option.repeat:
            return []
        if not option.label:
            return [LineEvent("note", at, key=option.key, text=self._("I heard key {key} but not what it is for.").format(key=option.key))]
        return self._judge(menu, at, heard_all=menu.complete, confirmed=confirmed)

    def judged(self, menu: HeardMenu, heard_all: bool) -> judging.Verdict:
        """How the heard options of a menu fit the goal."""
        keys = [heard.key for heard in menu.options if heard.key is not None]
        # A key the line named twice is a question already, never a key to press.
        options = [heard for heard in menu.options
                   if heard.label and not heard.repeat and (heard.key is None or keys.count(heard.key) == 1)]
        similarity = self._similar if self._similarity is not None else None
        scripted = self.on_script()
        fits = judging.scores(self.goal_text, options, self.language, similarity,
                              lambda heard: scripted and self.on_route(heard, menu.known), routed=scripted and self.goal is not None,
                              line_language=self.line_language)
        return judging.verdict(fits, heard_all)

    def _similar(self, goal: str, texts: Sequence[str]) -> list[float]:
        """The sentence model, asked once per heard text (a replayed menu says the same words again)."""
        assert self._similarity is not None
        new = [text for text in dict.fromkeys(texts) if text not in self._near]
        if new:
            self._near.update(zip(new, self._similarity(goal, new), strict=True))
        return [self._near[text] for text in texts]

    def _judge(self, menu: HeardMenu, at: float, heard_all: bool, confirmed: bool = False) -> list[LineEvent]:
        verdict = self.judged(menu, heard_all)
        if verdict.decision == "ask":
            first, second = verdict.fits[0].option, verdict.fits[1].option
            asked = "|".join(sorted((first.key or first.label, second.key or second.label)))
            if asked in self.asked:
                return []
            self.asked.add(asked)
            return [LineEvent("ask", at, text=self._("Two options fit \"{goal}\": {first} or {second}. Which one?").format(
                goal=self.goal_words(), first=self._name(first), second=self._name(second)))]
        if verdict.decision != "press":
            return []  # "none" is told once the menu was heard to its end (menu_done)
        best = verdict.fits[0].option
        if best.say and self.speaks and best.key is not None:
            menu.pressed = menu.chosen = best.say  # the line takes these words: say them rather than press
            return [LineEvent("say", at, key=best.key, label=best.label, text=best.say)]
        if best.key is None:
            if any(heard.key is not None for heard in menu.options):
                return []  # a keyed menu whose key for this option was not caught: wait for the replay
            menu.pressed = menu.chosen = best.say or best.label
            return [LineEvent("say", at, label=best.label, text=best.say or best.label)]
        if not confirmed and self._needs_replay(menu, best):
            menu.to_confirm.add(best.key)
            return []
        menu.chosen = best.key
        return [LineEvent("press", at, key=best.key, label=best.label, text=best.say)]

    def _needs_replay(self, menu: HeardMenu, option: Option) -> bool:
        """A key that is not the one menus.yaml gives the option, heard in a language the line is
        not heard well enough in to trust it the first time."""
        if self.line_language in PRESS_CHANGED_KEY_AT_ONCE or menu.known is None:
            return False
        meaning = self.option_meaning(option, menu.known)
        return not any(known.key == option.key and meaning is not None and _same(known, meaning) for known in menu.known.options)

    def _open_question(self, at: float) -> list[LineEvent]:
        if self.goal is None or self.current.pressed is not None:
            return []
        said = self.goal.words(self.line_language)
        words = said.say or said.label
        self.current.pressed = words
        self.heard_anything = True
        return [LineEvent("say", at, label=said.label, text=words)]

    # -- comparing with menus.yaml -----------------------------------------------------------

    def _changed(self, menu: HeardMenu, option: Option, at: float) -> list[LineEvent]:
        known = menu.known
        if known is None or option.repeat or not option.label or option.key is None or not self.on_script():
            return []  # off script (a voicemail, another office): nothing to compare with menus.yaml
        meaning = self.heard_meaning(menu, option)
        on_key = next((o for o in known.options if o.key == option.key), None)
        if on_key is not None and meaning is not None and _same(meaning, on_key):
            return []
        if on_key is not None and meaning is None:
            if parsing.shared_words(option.label, on_key.label) < SAME_WORDING:
                menu.unsure.append(option)  # misheard, or really renamed: told once the menu was heard to the end
            return []
        change: Change = "new"
        was: str | None = None
        if meaning is not None and meaning in known.options:
            change, was = "moved", f"{meaning.label} (was key {meaning.key})"
        elif on_key is not None:
            change, was = "renamed", on_key.label
        if change == "renamed":
            return [self._renamed(option, was, known, at)]
        text = (self._("Changed: \"{label}\" is now key {key}; menus.yaml has it on key {was}.").format(
                    label=option.label, key=option.key, was=meaning.key if meaning else "?")
                if change == "moved" else
                self._("New: key {key} \"{label}\" is not in menus.yaml.").format(key=option.key, label=option.label))
        return [LineEvent("changed", at, key=option.key, label=option.label, text=text, known=was, change=change, menu=known.id)]

    def _missing(self, menu: HeardMenu, at: float) -> list[LineEvent]:
        if menu.known is None or menu.missing_told or not self.on_script():
            return []
        menu.missing_told = True
        events = []
        for option in menu.unsure:
            if option in menu.options and self.option_meaning(option, menu.known) is None:
                was = next((o.label for o in menu.known.options if o.key == option.key), None)
                events.append(self._renamed(option, was, menu.known, at))
        for known in menu.known.options:
            if menu.option(known.key) is not None:
                continue
            if any(self.option_meaning(heard, menu.known) is known for heard in menu.options):
                continue  # it moved; said so when it was heard
            if known.say and any(heard.key is None and heard.say and clean(heard.say) == clean(known.say) for heard in menu.options):
                continue  # its words were heard, its key was not
            events.append(LineEvent("changed", at, key=known.key, label=None, known=known.label, change="missing", menu=menu.known.id,
                                text=self._("Missing: the line no longer offers key {key} \"{label}\".").format(
                                    key=known.key, label=known.words(self.line_language).label)))
        return events

    def menu_done(self, at: float) -> list[LineEvent]:
        """The line went quiet after a menu (or played it again): report what it left out."""
        released = self._release(at)
        menu = self.current
        if menu.pressed is not None or not menu.options:
            return released
        menu.went_quiet = True
        # Quiet alone does not prove the menu was heard to the end (a stretch may have been lost
        # in noise): what it left out is reported only once it offered to repeat or played again.
        events = self._missing(menu, at) if menu.complete else []
        offered = [o for o in menu.options if not o.repeat]
        if not self.goal_text or not offered or menu.chosen is not None:
            return released + events
        # After a replay, a key waiting for one is pressed at the quiet: the replay was the chance
        # to contradict it (a misheard digit comes back as another key, and two keys fit: a question),
        # and a key the first play lost is heard only once.
        decided = self._judge(menu, at, heard_all=True, confirmed=menu.replayed)
        events += decided
        if not decided and self.judged(menu, heard_all=True).decision == "none" and "none" not in self.asked:
            self.asked.add("none")
            labels = "; ".join(self._name(o) for o in offered)
            text = self._("None of these fits \"{goal}\": {options}. Which one?").format(goal=self.goal_words(), options=labels)
            person = self._person(menu)
            if person is not None:
                text += " " + self._("For a person, the line offers {option}.").format(option=self._name(person))
            events.append(LineEvent("ask", at, text=text))
        return released + events

    def _person(self, menu: HeardMenu) -> Option | None:
        """The heard option that reaches a person ("for a representative", "operator"), or key 0."""
        for option in menu.options:
            if option.label and parsing.names_a_person(option.label, self.words):
                return option
        return menu.option("0")

    def _renamed(self, option: Option, was: str | None, menu: Node, at: float) -> LineEvent:
        return LineEvent("changed", at, key=option.key, label=option.label, known=was, change="renamed", menu=menu.id,
                     text=self._("Changed: key {key} is now \"{label}\"; menus.yaml says \"{was}\".").format(
                         key=option.key, label=option.label, was=was))

    def _name(self, option: Option) -> str:
        return f"{option.key} ({option.label})" if option.key else self._('say "{words}"').format(words=option.say)


def _same(a: Node, b: Node) -> bool:
    """The same place: one node, or two that are said alike (the quick route's "case status")."""
    if a.id == b.id:
        return True
    said_alike = bool(a.say) and clean(a.say or "") == clean(b.say or "") and a.kind == b.kind
    return said_alike or clean(a.label) == clean(b.label)


def _cut_short(a: str, b: str) -> bool:
    """One label is the other's start, of two words or more: the same option, its end lost in one
    play ("grabar sus mensajes" and "grabar sus mensajes que en este momento no esté libre")."""
    shorter, longer = sorted((parsing.tokens(a), parsing.tokens(b)), key=len)
    return len(shorter) >= 2 and longer[:len(shorter)] == shorter


def _spelt_alike(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _by_label(menu: HeardMenu, label: str) -> Option | None:
    return next((option for option in menu.options if option.key is None and option.label == label), None)


def _ends_in_digit(text: str) -> bool:
    said = [token for token in parsing.tokens(text) if token not in {",", "."}]
    return bool(said) and said[-1].isdigit()


def _names_a_key_verb(text: str, words: parsing.Phrasings) -> bool:
    return any(token in words.press for token in parsing.tokens(text))

