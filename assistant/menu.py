"""What the phone line looks like: the menu tree and the facts around it, as plain data.

Nothing here reads files or talks to devices; `menu_file` builds these objects from
`menus.yaml` and checks them. Everything about the line comes from that file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import time

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# The languages the assistant speaks, by code, with their names in English (for messages about the
# file). English is the file's base wording; every other language has its own block on each option.
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


@dataclass(frozen=True)
class Source:
    """Where facts come from, and the day they were last checked against it."""

    id: str
    name: str
    checked: str  # YYYY-MM-DD
    url: str = ""
    translations: tuple[tuple[str, str], ...] = ()  # (language, name) beyond English

    def name_in(self, language: str = "en") -> str:
        return next((name for code, name in self.translations if code == language), self.name)


@dataclass(frozen=True)
class International:
    """The number to call from outside the country, and numbers other sources give instead."""

    number: str
    sources: tuple[str, ...]
    disputed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (number, its sources)


@dataclass(frozen=True)
class Words:
    """What an option is called, what to say for it, and how people ask for it, in one language."""

    label: str
    say: str | None = None
    phrases: tuple[str, ...] = ()
    source: str | None = None  # the option's own source note, in this language


@dataclass(frozen=True)
class Node:
    """One place in a phone menu: a menu with options, or a destination."""

    id: str
    label: str
    kind: str  # menu | info | representative (menus.schema.json lists them)
    key: str | None = None  # the key pressed to get here from the parent; None for a root
    say: str | None = None  # short phrase to say to the speech-enabled line instead
    answered_by: str | None = None  # "recording", "automated", "tier1", ...
    phrases: tuple[str, ...] = ()
    options: tuple[Node, ...] = ()
    goto: str | None = None  # id of another node this option leads to
    source: str | None = None  # where this option comes from, when not the layout's source
    line: int = 0  # where it stands in menus.yaml, for messages
    language: str | None = None  # at a language menu: the language this option chooses
    mirrors: str | None = None  # a language's branch that offers another branch's options on the same keys
    translations: tuple[tuple[str, Words], ...] = ()  # (language, its words) for languages other than English

    def words(self, language: str = "en") -> Words:
        """The option's words in a language (English when it has none in that language)."""
        for code, words in self.translations:
            if code == language:
                return words
        return Words(self.label, self.say, self.phrases, self.source)

    def walk(self) -> Iterator[Node]:
        yield self
        for option in self.options:
            yield from option.walk()


@dataclass(frozen=True)
class Layout:
    """One published ordering of the menus, with where it came from."""

    id: str
    title: str
    sources: tuple[str, ...]
    recorded: str  # YYYY-MM-DD
    root: Node
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) beyond English

    def title_in(self, language: str = "en") -> str:
        return next((title for code, title in self.titles if code == language), self.title)


@dataclass(frozen=True)
class WeeklyHours:
    days: tuple[str, ...]
    open: time
    close: time  # time(0, 0) with `until_midnight` means the end of the day
    until_midnight: bool = False
    closed_on_federal_holidays: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Holiday:
    """A US federal holiday rule: a fixed date, or the nth (or last, nth=-1) weekday of a month."""

    name: str
    month: int
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    nth: int | None = None


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    short: str
    reached: str
    can: tuple[str, ...]
    cannot: tuple[str, ...]


@dataclass(frozen=True)
class PhoneDialing:
    """How one kind of phone dials a `tel:` link by itself."""

    name: str  # android, ios
    pause_ms: int  # what one comma waits
    refuses: str  # keys the phone will not dial from a link ("*#" on iOS)


@dataclass(frozen=True)
class Identifier:
    """A number the caller keeps ready (receipt number, A-number) and its published format."""

    id: str
    name: str
    pattern: str  # a regular expression the whole normalised number must match
    example: str
    explain: str


@dataclass(frozen=True)
class HoldQueue:
    """The simulated line's queue (`assistant simulate --hold`): what it plays while the caller
    waits, and what the agent says on picking up. The real queue's words are not published."""

    announcements: tuple[str, ...]  # played in turn between stretches of music; {minutes} is the wait
    wait_minutes: int
    every_s: int  # seconds of music between two announcements
    agent: str  # the agent's first words


@dataclass(frozen=True)
class Simulation:
    """How the simulated line behaves where the real one's behaviour is not published."""

    greeting: str
    wait_for_key_ms: int  # silence after a menu before it counts as no answer
    tries: int  # times a menu is played (first time included) before the line gives up
    goodbye: str
    # How the line says one option, chosen per call ("For {label}, press {key}."): real lines
    # phrase options many ways, and the live-line listener must read them all.
    prompts: tuple[str, ...] = ("For {label}, press {key}.",)
    repeat_key: str | None = None  # "To hear these options again, press 9" (a key no option uses)
    repeat: str = "To hear these options again, press {key}."
    hold: HoldQueue | None = None


@dataclass(frozen=True)
class Channel:
    name: str
    detail: str


# Answers built from the facts of the file (the rest give their answer as data).
BUILT_IN_TOPICS = ("hours", "tty", "checklist", "tiers", "channels")
# What an answer given as data may name in its `say`: the line's numbers.
ANSWER_FIELDS = ("number", "tty", "international")


@dataclass(frozen=True)
class AnswerTopic:
    topic: str  # one of BUILT_IN_TOPICS, or a need whose answer is `say`
    phrases: tuple[str, ...]
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, phrases) beyond English
    says: tuple[tuple[str, str], ...] = ()  # (language, the answer), English included; () for built-in topics
    route: str | None = None  # the option to call for this need, when the phone is the right channel
    sources: tuple[str, ...] = ()

    def phrases_in(self, language: str = "en") -> tuple[str, ...]:
        return next((phrases for code, phrases in self.translations if code == language), self.phrases)

    def say_in(self, language: str = "en") -> str:
        return next((say for code, say in self.says if code == language), dict(self.says).get("en", ""))


@dataclass(frozen=True)
class LineTexts:
    """What the assistant says about the line outside the menus, in one language."""

    options_may_differ: str
    other_languages: str
    confirm_at: str  # where to confirm a fact the sources disagree on
    holidays: tuple[tuple[str, str], ...]  # (English name, name in this language)
    greeting: str
    goodbye: str
    prompts: tuple[str, ...]
    repeat: str  # "To hear these options again, press {key}."
    announcements: tuple[str, ...]  # the hold queue's; () when the file has no queue
    agent: str
    identifiers: tuple[tuple[str, str, str], ...]  # (id, name, explain)
    tiers: tuple[Tier, ...]
    service_request: str
    checklist: tuple[str, ...]
    channels: tuple[Channel, ...]

    def holiday(self, english_name: str) -> str:
        return next((name for english, name in self.holidays if english == english_name), english_name)

    def tier(self, tier_id: str) -> Tier | None:
        return next((tier for tier in self.tiers if tier.id == tier_id), None)


@dataclass(frozen=True)
class Menus:
    """The whole line: what `menus.yaml` says, checked."""

    name: str
    number: str  # E.164, e.g. +18003755283
    tty_number: str
    timezone: str
    options_may_differ: str
    other_languages: str
    ivr_hours: WeeklyHours
    live_hours: WeeklyHours
    live_hours_alternatives: tuple[WeeklyHours, ...]
    holidays: tuple[Holiday, ...]
    after_answer_ms: int
    between_keys_ms: int
    phones: tuple[PhoneDialing, ...]
    simulation: Simulation
    identifiers: tuple[Identifier, ...]
    tiers: tuple[Tier, ...]
    service_request: str
    checklist: tuple[str, ...]
    channels: tuple[Channel, ...]
    answers: tuple[AnswerTopic, ...]
    layouts: tuple[Layout, ...]
    source_path: str = ""
    languages: tuple[str, ...] = ("en",)
    translations: tuple[tuple[str, LineTexts], ...] = ()  # (language, its texts) beyond English
    sources: tuple[Source, ...] = ()
    # Each fact and the ids of its sources: "line", "line.international", "hours.ivr",
    # "hours.live_agents", "federal_holidays", "dial", "identifiers", "tiers", "service_request",
    # "checklist", "channels", "answers.<topic>" (a list's facts share one entry: all their sources).
    facts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    international: International | None = None
    confirm_at: str = ""
    _index: dict[str, tuple[Layout, tuple[Node, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for layout in self.layouts:
            _index_paths(layout, layout.root, (), self._index)

    def node(self, node_id: str) -> Node:
        return self.path(node_id)[-1]

    def path(self, node_id: str) -> tuple[Node, ...]:
        """The nodes from the layout's root down to `node_id`, both included."""
        try:
            return self._index[node_id][1]
        except KeyError:
            raise KeyError(f"no node with id {node_id!r} in the menus") from None

    def layout_of(self, node_id: str) -> Layout:
        return self._index[node_id][0]

    def nodes(self) -> Iterator[Node]:
        for layout in self.layouts:
            yield from layout.root.walk()

    def routable(self) -> Iterator[Node]:
        """Nodes people can ask for by name: those that carry phrases."""
        return (node for node in self.nodes() if node.phrases)

    def identifier(self, identifier_id: str, language: str = "en") -> Identifier:
        """A number the caller keeps ready; its name and explanation in `language`."""
        for identifier in self.identifiers:
            if identifier.id == identifier_id:
                words = next((given for given in self.texts(language).identifiers if given[0] == identifier_id), None)
                return replace(identifier, name=words[1], explain=words[2]) if words and language != "en" else identifier
        raise KeyError(f"menus.yaml has no identifier {identifier_id!r}")

    def tier(self, tier_id: str) -> Tier | None:
        return next((tier for tier in self.tiers if tier.id == tier_id), None)

    def representative(self) -> Node | None:
        """The first option where a person answers (the way to a person when nothing else fits)."""
        return next((node for node in self.nodes() if node.kind == "representative"), None)

    def answer(self, topic: str) -> AnswerTopic | None:
        return next((answer for answer in self.answers if answer.topic == topic), None)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"menus.yaml has no source {source_id!r}")

    def sources_of(self, fact: str) -> tuple[str, ...]:
        """The ids of the sources of one fact ("hours.live_agents"), () when the file has no such fact."""
        return next((ids for name, ids in self.facts if name == fact), ())

    def texts(self, language: str = "en") -> LineTexts:
        """The line's sentences in a language (English when the file has none in it)."""
        for code, texts in self.translations:
            if code == language:
                return texts
        hold = self.simulation.hold
        return LineTexts(
            self.options_may_differ, self.other_languages, self.confirm_at, tuple((h.name, h.name) for h in self.holidays),
            self.simulation.greeting, self.simulation.goodbye, self.simulation.prompts, self.simulation.repeat,
            hold.announcements if hold else (), hold.agent if hold else "",
            tuple((i.id, i.name, i.explain) for i in self.identifiers), self.tiers, self.service_request,
            self.checklist, self.channels)


def _index_paths(
    layout: Layout,
    node: Node,
    above: tuple[Node, ...],
    index: dict[str, tuple[Layout, tuple[Node, ...]]],
) -> None:
    path = (*above, node)
    index[node.id] = (layout, path)
    for option in node.options:
        _index_paths(layout, option, path, index)


def format_number(e164: str) -> str:
    """+18003755283 -> 1-800-375-5283 (North American numbers); others are left as they are."""
    digits = e164.lstrip("+")
    if len(digits) == 11 and digits.startswith("1"):
        return f"1-{digits[1:4]}-{digits[4:7]}-{digits[7:]}"
    return e164


def format_international(e164: str) -> str:
    """+12126203418 -> +1 212-620-3418: how a number is dialled from another country."""
    digits = e164.lstrip("+")
    if len(digits) == 11 and digits.startswith("1"):
        return f"+1 {digits[1:4]}-{digits[4:7]}-{digits[7:]}"
    return e164
