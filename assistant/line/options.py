"""What the phone line just said -> the options it offered: keys, labels, words to say.

Real lines phrase an option many ways ("press 3 for X", "for X, press 3", "to X, press 3",
"X, press 3", "if you are calling about X, press 3", "para español, oprima dos"), name keys as
digits or words ("star", "pound", "hash", "zero"), and speech-enabled lines ask for words
instead ('or say "case status"', "in a few words, tell me why you're calling"). The words they
use are data (`phrasings.yaml`); this module is pure: text in, options out.

The rule that decides which words are an option's label: a key's label is the words before
it in the same sentence ("for X, press 3") unless there are none, in which case it is the
words after it up to the next comma or key ("press 3 to X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from .. import words as wording
from ..storage import read_yaml

PHRASINGS = Path(__file__).with_name("phrasings.yaml")

# Key words that are also ordinary words ("press 2" heard as "press to"): they name a key only
# when nothing but a pause or the start of a label follows them.
_AMBIGUOUS = frozenset({"to", "too", "for", "won", "o", "oh", "are", "r", "tar", "q"})
_JOINERS = frozenset({"or", "and", "otherwise", "o", "y", "now", "please", "por", "favor", "then", "by"})


@dataclass(frozen=True)
class Option:
    """One choice the line offered."""

    key: str | None  # "0"-"9", "*", "#"; None for a choice made by saying words
    label: str  # what the line said the choice is for ("" when the words were not heard)
    say: str | None = None  # the words a speech-enabled line takes instead of the key
    repeat: bool = False  # "to hear these options again": plays the same menu again
    addition: bool = False  # 'Or say "case status".' on its own: the words of the option before
    label_from: str = field(default="", compare=False)  # "before" the key, "after" it, "next" sentence


@dataclass(frozen=True)
class Offered:
    """Everything one stretch of the line's speech offered."""

    options: tuple[Option, ...] = ()
    open_question: bool = False  # "tell me why you're calling": answer in words


@dataclass(frozen=True)
class Phrasings:
    press: frozenset[str]
    keys: dict[tuple[str, ...], str]  # a key's spoken name, as words -> the key
    the_key: tuple[tuple[str, ...], ...]
    lead: tuple[tuple[str, ...], ...]  # longest first
    repeat: frozenset[str]
    repeat_cues: tuple[tuple[str, ...], ...]
    say: tuple[tuple[str, ...], ...]
    open_say: tuple[tuple[str, ...], ...]
    say_after_or: frozenset[str] = frozenset()
    key_marks: frozenset[str] = frozenset()  # a word that names a key by itself, with no verb ("número 2 para ...")
    person: tuple[tuple[str, ...], ...] = ()  # words of an option that reaches a person ("operator")
    language_names: frozenset[str] = frozenset()  # the language's own names ("español"): an offer of it
    means: tuple[tuple[tuple[str, ...], str], ...] = ()  # a caller's words -> the menu's words for them, longest first
    repeat_context: frozenset[str] = frozenset()  # a repeat cue counts beside one of these ("options", "menú")
    otherwise: tuple[tuple[str, ...], ...] = ()  # "Otherwise, press star": the label of everything else
    lead_heard_as: dict[str, str] = field(default_factory=dict)  # "4" heard for "for" where a label starts


def tokens(text: str) -> list[str]:
    """The words as the parser reads them (`words.tokens`), with "," for a pause and "." for the end
    of a sentence; a word's parts around an apostrophe, and digits apart from letters, are words of
    their own ("you're" is "you re", "option3" is "option 3")."""
    out: list[str] = []
    for token in wording.tokens(text, marks=True):
        if token in wording.MARKS:
            out.append(token if token == "," else ".")
            continue
        for part in re.findall(r"[0-9]+|[^\W\d_]+|[*#]", token):
            out.extend(part if part.isdigit() else [part])  # "press 12" is not a key: the digits said one by one
    return out


@cache
def phrasings(languages: tuple[str, ...] = ("en", "es"), path: Path = PHRASINGS) -> Phrasings:
    """The words lines use, for the given languages together (a US line mixes them)."""
    data: dict[str, Any] = read_yaml(path)
    press: set[str] = set()
    keys: dict[tuple[str, ...], str] = {}
    the_key: set[tuple[str, ...]] = set()
    lead: set[tuple[str, ...]] = set()
    repeat: set[str] = set()
    repeat_cues: set[tuple[str, ...]] = set()
    say: set[tuple[str, ...]] = set()
    open_say: set[tuple[str, ...]] = set()
    say_after_or: set[str] = set()
    person: set[tuple[str, ...]] = set()
    key_marks: set[str] = set()
    means: dict[tuple[str, ...], str] = {}
    language_names: set[str] = set()
    repeat_context: set[str] = set()
    otherwise: set[tuple[str, ...]] = set()
    lead_heard_as: dict[str, str] = {}
    for language in languages:
        words = data[language]
        press.update(words["press"])
        for key, names in wording.lexicon(language).keys.items():
            keys[(key,)] = key
            for name in names:
                keys[tuple(tokens(name))] = key
        the_key.update(tuple(tokens(w)) for w in words["the_key"])
        lead.update(tuple(tokens(w)) for w in words["lead"])
        repeat.update(" ".join(tokens(w)) for w in words["repeat"])
        repeat_cues.update(tuple(tokens(w)) for w in words.get("repeat_cues", []))
        repeat_context.update(words.get("repeat_context", []))
        otherwise.update(tuple(tokens(w)) for w in words.get("otherwise", []))
        lead_heard_as.update({str(heard): lead for heard, lead in words.get("lead_heard_as", {}).items()})
        say.update(tuple(tokens(w)) for w in words["say"])
        open_say.update(tuple(tokens(w)) for w in words["open_say"])
        say_after_or.update(words.get("say_after_or", []))
        person.update(tuple(tokens(w)) for w in words.get("person", []))
        key_marks.update(words.get("key_marks", []))
        language_names.update(" ".join(tokens(name)) for name in words.get("language_names", []))
        means.update((tuple(tokens(said)), menu_words) for said, menu_words in words.get("means", {}).items())

    def longest_first(items: set[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted(items, key=lambda words: (-len(words), words)))

    return Phrasings(frozenset(press), keys, longest_first(the_key), longest_first(lead), frozenset(repeat),
                     longest_first(repeat_cues), longest_first(say), longest_first(open_say), frozenset(say_after_or),
                     frozenset(key_marks), longest_first(person), frozenset(language_names),
                     tuple(sorted(means.items(), key=lambda item: (-len(item[0]), item[0]))), frozenset(repeat_context),
                     longest_first(otherwise), lead_heard_as)


@dataclass
class _Key:
    start: int  # index of the verb
    end: int  # index after the key's name (and any "key" / "now" after it)
    key: str
    paired: str | None = None  # "4 or 6 to decrease or increase": the second key, for the second word


# "3: record your name" (a written menu read aloud, or a transcript in that style): read as "press 3 record your name".
_KEY_COLON = re.compile(r"(?:^|(?<=[.;!?]))\s*([0-9*#])\s*[:\u2013\u2014-]\s+")


def parse(text: str, words: Phrasings | None = None, continuing: bool = False) -> Offered:
    """The options in what the line said, in the order it said them. `continuing`: the menu named a
    key already, so a bare key ("2 to lock the conference") is one too."""
    words = words or phrasings()
    verb = min(words.press)  # any of the verbs: the parser reads them alike
    text = _KEY_COLON.sub(lambda found: f" {verb} {found.group(1)} ", text)
    options: list[Option] = []
    open_question = False
    sentences = _sentences(_leads_heard_as_keys(_unglued(tokens(text), words), words))
    taken: set[int] = set()
    for n, sentence in enumerate(sentences):
        if n in taken:
            continue
        if _find(sentence, words.open_say, anywhere=True) is not None:
            open_question = True
        found = _sentence_options(sentence, words, continuing or bool(options))
        if (options and options[-1].key is not None and not options[-1].label and found and found[0].label_from == "before"
                and _leads(sentence, 0, words)):
            # "Dial 1. If you wish to reach me, dial 2. If you wish ...": the key comes first in
            # this line's style, so the words before key 2 are key 1's, and key 2's come next.
            options[-1] = replace(options[-1], label=found[0].label, label_from="next")
            found[0] = replace(found[0], label="", label_from="")
        if found and found[-1].key is not None and not found[-1].label and n + 1 < len(sentences):
            # "Press 1. For English." (a full stop where the voice paused): the label follows.
            label = _label_sentence(sentences[n + 1], words)
            if label is not None:
                text_of_label = label[0]
                for later in range(n + 2, len(sentences)):  # "For extension. 3. 1.", "Folders. Seven.": a number said alone
                    if not all(_a_digit(word, words) for word in sentences[later]):
                        break
                    text_of_label += " " + " ".join(sentences[later])
                    taken.add(later)
                found[-1] = Option(found[-1].key, text_of_label, found[-1].say or label[1], repeat=label[0] in words.repeat,
                                   label_from="next")
                taken.add(n + 1)
        options.extend(found)
    return Offered(tuple(options), open_question)


def shared_words(a: str, b: str) -> float:
    """How much of their wording two labels share (0..1): words in both, over words in either."""
    first, second = set(tokens(a)) - {",", "."}, set(tokens(b)) - {",", "."}
    return len(first & second) / len(first | second) if first | second else 0.0


def in_menu_words(text: str, words: Phrasings | None = None) -> str:
    """A caller's words with the words phone menus use for them added ("forgot my pin" ->
    "forgot my pin password"), for comparing a goal with the options a line offers."""
    said = [token for token in tokens(text) if token not in {",", "."}]
    added: list[str] = []
    i = 0
    while i < len(said):
        # `means` is longest first: "leave a message" before "leave"
        found = next(((len(phrase), menu_words) for phrase, menu_words in (words or phrasings()).means
                      if _spoken_as(said[i:i + len(phrase)], phrase)), None)
        if found is not None:
            added.append(found[1])
            i += found[0]
        else:
            i += 1
    return " ".join([text, *added])


def _spoken_as(said: list[str], phrase: tuple[str, ...]) -> bool:
    """The caller's words are the phrase, a plural for its singular ("voicemails" for "voicemail")."""
    return len(said) == len(phrase) and all(
        word == want or (len(word) > 3 and word.endswith("s") and word[:-1] == want) for word, want in zip(said, phrase, strict=True))


def offers_language(text: str, language: str, words: Phrasings | None = None) -> bool:
    """Is this an offer of a language ("Para español, oprima dos"), as an English menu makes it,
    rather than the line speaking that language?"""
    names = set(phrasings((language,)).language_names)
    return any(set(tokens(option.label)) & names for option in parse(text, words).options)


def lead_heard_as_key(text: str, words: Phrasings | None = None) -> str:
    """A stretch after "Press 1." (and a pause) that opens with a key's name where a label's lead
    belongs: "4. Old." is "for old" ("for" and "four" sound alike), "2 record" is "to record"."""
    words = words or phrasings()
    found = re.match(r"\s*([^\W_]+)[.,]?\s*", text)
    if found is None or found.group(1).lower() not in words.lead_heard_as:
        return text
    return f"{words.lead_heard_as[found.group(1).lower()]} {text[found.end():]}"


def only_a_verb(text: str, words: Phrasings | None = None) -> bool:
    """Is this only the start of an option ("Press.", "Or press"): the rest comes after a pause?
    A line assembled from single recorded words pauses between "press", "0" and "for new messages"."""
    words = words or phrasings()
    said = [token for token in tokens(text) if token not in {",", "."}]
    fillers = {filler[0] for filler in words.the_key if len(filler) == 1} | _JOINERS
    return bool(said) and any(token in words.press for token in said) and all(
        token in words.press or token in fillers for token in said)


def ends_with_a_verb(text: str, words: Phrasings | None = None) -> bool:
    """Does this speech stop at a verb, its key still to come ("To reset the volume to the default
    level, press." ... "5.")?"""
    words = words or phrasings()
    said = [token for token in tokens(text) if token != "."]
    # After a pause or "and" / "or": "speed dial" ends with a verb too, but as a name.
    return len(said) >= 2 and said[-1] in words.press and (said[-2] == "," or said[-2] in _JOINERS)


def only_a_key(text: str, words: Phrasings | None = None) -> bool:
    """Is this only a key's name ("1."), its verb lost at the start of a stretch?"""
    words = words or phrasings()
    said = tuple(token for token in tokens(text) if token not in {",", "."})
    return len(said) == 1 and said in words.keys and said[0] not in _AMBIGUOUS


def ends_with_lead(text: str, words: Phrasings | None = None) -> bool:
    """Does this speech stop at a label's lead ("Press 1 for"), the label still to come?"""
    said = tuple(token for token in tokens(text) if token not in {",", "."})
    return any(said[-len(lead):] == lead for lead in (words or phrasings()).lead if len(said) > len(lead))


def names_a_person(label: str, words: Phrasings | None = None) -> bool:
    """Does this label reach a person ("speak with a representative", "hablar con un agente")?"""
    return _find(tokens(label), (words or phrasings()).person, anywhere=True) is not None


def starts_with_lead(text: str, words: Phrasings | None = None) -> bool:
    """Does this speech open like an option's label ("For English", "If you are calling about")?"""
    sentence = tokens(text)
    return any(tuple(sentence[:len(lead)]) == lead for lead in (words or phrasings()).lead)


def starts_with_label(text: str, words: Phrasings | None = None) -> bool:
    """Does this speech open with a sentence that is only a label ("For English, or say English.")?"""
    sentences = _sentences(tokens(text))
    return bool(sentences) and _label_sentence(sentences[0], words or phrasings()) is not None


def _label_sentence(sentence: list[str], words: Phrasings) -> tuple[str, str | None] | None:
    """A sentence that is only a label ("For English, or say English."): the label and the words to say."""
    if _keys(sentence, words):
        return None
    end = _say_start(sentence, words)
    if end == len(sentence) and not any(tuple(sentence[:len(lead)]) == lead for lead in words.lead):
        return None  # neither "For ..." nor "..., or say ...": not a label
    label = " ".join(_strip_lead(_trim(sentence[:end]), words))
    said, _ = _say_after(sentence, end, len(sentence), words)
    return (label, said or None) if label else None


def _unglued(said: list[str], words: Phrasings) -> list[str]:
    """A verb and a key heard as one word ("presionicuatro"), as two; and "or" and a verb
    ("cuelgue opresione la tecla de número": "o presione")."""
    out: list[str] = []
    for token in said:
        if token[:1] == "o" and token[1:] in words.press:
            out.extend(["o", token[1:]])
            continue
        verb = next((verb for verb in words.press if token.startswith(verb) and (token[len(verb):],) in words.keys), None)
        out.extend([verb, token[len(verb):]] if verb is not None else [token])
    return out


def _leads_heard_as_keys(said: list[str], words: Phrasings) -> list[str]:
    """"Press 1 4 speed dial": a key's name right after a key a verb named, with words after it, is
    the lead it sounds like ("for"; "press 1 2 record" is "to record"). A menu assembled from single
    recorded words says "for" alone, and alone it is heard as "four"."""
    out = list(said)
    fillers = {filler[0] for filler in words.the_key if len(filler) == 1}
    for i in range(2, len(out) - 1):
        if (out[i] in words.lead_heard_as and (out[i - 1],) in words.keys and (out[i - 2] in words.press or out[i - 2] in fillers)
                and out[i + 1].isalpha() and (out[i + 1],) not in words.keys):
            out[i] = words.lead_heard_as[out[i]]
    return out


def _a_digit(word: str, words: Phrasings) -> bool:
    return word.isdigit() or (word not in _AMBIGUOUS and words.keys.get((word,), "").isdigit())


def _in_number(sentence: list[str], start: int, end: int) -> bool:
    """Digits said in a run ("dial 600", "extension 8 5 0 0", "if you dial 1, 2, 3, 4"): a number
    to dial or an extension, not a key."""
    after = end + 1 if end < len(sentence) and sentence[end] == "," else end
    before = start - 2 if start >= 2 and sentence[start - 1] == "," else start - 1
    return (after < len(sentence) and sentence[after].isdigit()) or (before >= 0 and sentence[before].isdigit())


def _two_languages(before: list[str], after: list[str], words: Phrasings) -> bool:
    """Words before a key and after it that name two different languages."""
    def named(part: list[str]) -> set[str]:
        return set(part) & words.language_names
    return bool(named(before)) and bool(named(after)) and named(before) != named(after)


def _repeat_misheard(label: list[str], words: Phrasings) -> bool:
    """A label that replays the menu, misheard ("theory option again"): a cue beside a word about the
    menu. A cue alone is no replay: "start over", "comenzar de nuevo", "record it again" are options."""
    return _find(label, words.repeat_cues, anywhere=True) is not None and bool(set(label) & words.repeat_context)


def _sentences(all_tokens: list[str]) -> list[list[str]]:
    sentences: list[list[str]] = [[]]
    for token in all_tokens:
        if token == ".":
            sentences.append([])
        else:
            sentences[-1].append(token)
    return [sentence for sentence in sentences if sentence]


def _sentence_options(sentence: list[str], words: Phrasings, continuing: bool = False) -> list[Option]:
    keys = _keys(sentence, words, continuing)
    options: list[Option] = []
    free = 0  # words before this index belong to an option already
    for n, found in enumerate(keys):
        following = keys[n + 1].start if n + 1 < len(keys) else len(sentence)
        unkept = sentence[free:found.start]  # the words since the last option, up to this key
        before = _trim(unkept)
        while before and before[-1] in words.press:
            before = _trim(before[:-1])  # "To reset the volume, press, press 5": the verb said twice is no label
        after_end = _clause_end(sentence, found.end, following)
        # The words before a key are its label ("for English, press 1") unless the key itself is
        # followed by a label's lead and they are not one ("Presión en número 1 para escuchar": a verb misheard).
        after_leads = _leads(sentence, found.end, words) and not _leads(before, 0, words)
        # "You can press the pound key to disconnect": a lead alone before the key ("you can") is no label.
        if before and _strip_lead(before, words) and not _is_say(before, words) and not after_leads:
            label_words, source = before, "before"
            free = found.end
        elif _say_after(sentence, found.end, following, words)[0] is not None:
            label_words, source = [], ""  # "press 3, or say ...": the label was in the sentence before
            free = found.end
        else:
            label_words, source = _trim(sentence[found.end:after_end]), "after"
            free = after_end
            if _two_languages(before, label_words, words):
                # "English, press 1 for español": "For English, press 1. Para español, oprima 2" run
                # together, the second key lost. Which language key 1 is for cannot be told.
                label_words, source = [], ""
        say, free = _say_after(sentence, free, following, words)
        label_words = _strip_lead(label_words, words)
        if not label_words and (other := _find(unkept, words.otherwise, anywhere=True)):
            label_words, source = unkept[other[0]:other[1]], "before"  # "Otherwise, please press star now."
        label = " ".join(label_words)
        if found.paired is not None:
            for key, part in zip((found.key, found.paired), _pair_labels(label_words), strict=True):
                options.append(Option(key, part, label_from=source if part else ""))
            free = max(free, found.end)
            continue
        repeat = label in words.repeat or _repeat_misheard(label_words, words)
        options.append(Option(found.key, label, say or None, repeat=repeat, label_from=source if label else ""))
        free = max(free, found.end)
    # Words to say without a key: "you can say case status or change of address".
    rest = sentence[free:] if keys else sentence
    if not keys and sentence[0] in {"or", "o"}:
        said, _ = _say_after(sentence, 0, len(sentence), words)
        if said is not None:
            return [Option(None, said, said or None, addition=True)] if said else []
    start = _find(rest, words.say, anywhere=True)
    if start is not None and not keys:
        for choice in _split_choices(rest[start[1]:]):
            options.append(Option(None, choice, choice))
    return options


def _pair_labels(label: list[str]) -> tuple[str, str]:
    """'decrease or increase the conference volume' for two keys -> each its own word with the rest."""
    if len(label) >= 3 and label[1] in {"or", "o"}:
        rest = label[3:]
        return " ".join([label[0], *rest]), " ".join([label[2], *rest])
    return " ".join(label), " ".join(label)


def _keys(sentence: list[str], words: Phrasings, continuing: bool = False) -> list[_Key]:
    """The keys a sentence names: after a verb ("press 3"), after a key word ("número 2 para ..."),
    or bare once the menu has named one ("Press 1 to mute. 2 to lock the conference."; `continuing`:
    an earlier stretch of this menu did), alone or in pairs ("4 or 6 to decrease or increase the volume")."""
    found: list[_Key] = []
    i = 0
    while i < len(sentence):
        named: tuple[int, str] | None = None
        if sentence[i] in words.press:
            # "Press to leave" reads as key 2 only where the verb opens its sentence: after "X, press" the label is said already.
            opens = all(token in {",", *_JOINERS} for token in sentence[:i])
            named = _key_name(sentence, i + 1, words, in_menu=(continuing or bool(found)) and opens)
        elif sentence[i] in words.key_marks or (
                (continuing or found) and (i == 0 or sentence[i - 1] in {",", *_JOINERS} or sentence[i].isdigit())) or (
                _after_or(sentence, i)):  # "followed by pound, or just pound to exit"
            start = i + 1 if sentence[i] in words.key_marks else i
            named = _key_name(sentence, start, words, bare=True)
        if named is not None:
            end, key = named
            paired = _key_name(sentence, end + 1, words, bare=True) if end < len(sentence) and sentence[end] in {"or", "o"} else None
            if paired is not None:  # "4 or 6 to decrease or increase the conference volume"
                found.append(_Key(i, paired[0], key, paired[1]))
                i = paired[0]
            else:
                found.append(_Key(i, end, key))
                i = end
            continue
        i += 1
    return found


def _after_or(sentence: list[str], i: int) -> bool:
    return (i > 0 and sentence[i - 1] in {"or", "o"}) or (i > 1 and sentence[i - 1] == "just" and sentence[i - 2] == "or")


def _key_name(sentence: list[str], i: int, words: Phrasings, bare: bool = False, in_menu: bool = False) -> tuple[int, str] | None:
    """The key named at i (after any of "the", "key", "número"...): where its name ends, and the key.
    A bare key (no verb before it) counts only when a label's lead ("to", "for", "para") or "or" follows it."""
    if not bare and i < len(sentence) and sentence[i] == ",":
        i += 1  # "Presione, nueve.": the voice paused between the verb and its key
    starts = [i]  # the key's name may start after each filler in turn: "la tecla de número" is # after "la"
    while filler := next((f for f in words.the_key if tuple(sentence[starts[-1]:starts[-1] + len(f)]) == f), None):
        starts.append(starts[-1] + len(filler))
    for j in starts:
        for name, key in sorted(words.keys.items(), key=lambda item: -len(item[0])):
            if tuple(sentence[j:j + len(name)]) != name:
                continue
            end = j + len(name)
            if key.isdigit() and _in_number(sentence, j, end):
                continue
            if (in_menu and not bare and j == i and key == "2" and name in (("to",), ("too",)) and end < len(sentence)
                    and sentence[end].isalpha()):
                # "Press 1 to mute. Press." ... "To leave the conference.": in a menu that names keys,
                # "two to leave" heard as one "to" ("Press to continue" alone names no key).
                return end, key
            if len(name) == 1 and name[0] in _AMBIGUOUS and (bare or not _ends_or_leads(sentence, end, words)):
                continue
            if bare and not (_leads(sentence, end, words) or (end < len(sentence) and sentence[end] in {"or", "o"})
                             or (j == 1 and sentence[0] in {"or", "o"} and name[0] not in _AMBIGUOUS and end < len(sentence))):
                continue  # "Or pound cancel." ("to" lost) opens its sentence with the key: a key too
            return _skip(sentence, end, words.the_key), key
    return None


def _leads(sentence: list[str], i: int, words: Phrasings) -> bool:
    return any(tuple(sentence[i:i + len(lead)]) == lead for lead in words.lead)


def _skip(sentence: list[str], i: int, fillers: tuple[tuple[str, ...], ...]) -> int:
    moved = True
    while moved:
        moved = False
        for filler in fillers:
            if tuple(sentence[i:i + len(filler)]) == filler:
                i += len(filler)
                moved = True
                break
    return i


def _ends_or_leads(sentence: list[str], i: int, words: Phrasings) -> bool:
    if i >= len(sentence) or sentence[i] == ",":
        return True
    return any(tuple(sentence[i:i + len(lead)]) == lead for lead in words.lead) or sentence[i] in _JOINERS


def _clause_end(sentence: list[str], start: int, stop: int) -> int:
    """The label after a key runs to the next comma that is followed by more words, or the next key."""
    for i in range(start, stop):
        # A pause that starts another option's label ("for English, for Spanish press 2"); other
        # commas are the voice's breath inside one label.
        if sentence[i] == "," and i > start and _starts_label(sentence, i + 1, stop):
            return i
        if i > start and sentence[i] in _JOINERS and i + 1 < stop and _says(sentence, i + 1, phrasings()):
            return i  # "press 1 for English or say English"
    return stop


def _starts_label(sentence: list[str], i: int, stop: int) -> bool:
    words = phrasings()
    if i >= stop or not any(tuple(sentence[i:i + len(lead)]) == lead for lead in words.lead):
        return False
    return any(token in words.press for token in sentence[i:])  # its key comes after it


def _say_after(sentence: list[str], i: int, stop: int, words: Phrasings) -> tuple[str | None, int]:
    """'..., or say "case status"' right after an option: the words it takes instead of the key."""
    j = i
    while j < stop and sentence[j] in {",", *_JOINERS}:
        j += 1
    for say in words.say:
        if tuple(sentence[j:j + len(say)]) == say:
            return _said_words(sentence, j + len(say), stop)
    if j > i and sentence[j - 1] == "or" and j < stop and sentence[j] in words.say_after_or:
        return _said_words(sentence, j + 1, stop)
    return None, i


def _said_words(sentence: list[str], start: int, stop: int) -> tuple[str, int]:
    end = _clause_end(sentence, start, stop)
    return " ".join(w for w in _trim(sentence[start:end])), end  # "" when the words were not caught


def _says(sentence: list[str], i: int, words: Phrasings) -> bool:
    """Does "say" (or what it is heard as after "or") stand at i?"""
    if any(tuple(sentence[i:i + len(say)]) == say for say in words.say):
        return True
    return i > 0 and sentence[i - 1] == "or" and sentence[i] in words.say_after_or


def _say_start(sentence: list[str], words: Phrasings) -> int:
    """Where '..., or say X' begins in a sentence (its length when it has none)."""
    for i in range(1, len(sentence)):
        j = i
        while j < len(sentence) and (sentence[j] == "," or sentence[j] in _JOINERS):
            j += 1
        if j > i and any(tuple(sentence[j:j + len(say)]) == say for say in words.say):
            return i
    return len(sentence)


def _is_say(label_words: list[str], words: Phrasings) -> bool:
    return _find(label_words, words.say, anywhere=False) is not None


def _find(sentence: list[str], phrases: tuple[tuple[str, ...], ...], anywhere: bool) -> tuple[int, int] | None:
    starts = range(len(sentence)) if anywhere else range(1)
    for i in starts:
        for phrase in phrases:
            if tuple(sentence[i:i + len(phrase)]) == phrase:
                return i, i + len(phrase)
    return None


def _trim(part: list[str]) -> list[str]:
    """Drop pauses and joining words ("or", "and") at both ends."""
    start, end = 0, len(part)
    while start < end and (part[start] == "," or part[start] in _JOINERS):
        start += 1
    while end > start and (part[end - 1] == "," or part[end - 1] in _JOINERS):
        end -= 1
    return [w for w in part[start:end] if w != ","]


def _strip_lead(label: list[str], words: Phrasings) -> list[str]:
    if tuple(label) in words.lead:
        return []  # "If you are calling about," and nothing caught after it
    for lead in words.lead:
        if tuple(label[:len(lead)]) == lead and len(label) > len(lead):
            return label[len(lead):]
    return label


def _split_choices(said: list[str]) -> list[str]:
    """'case status, change of address, or forms' -> the three choices."""
    choices: list[list[str]] = [[]]
    for word in said:
        if word in {",", "or", "o"}:
            choices.append([])
        else:
            choices[-1].append(word)
    return [" ".join(choice) for choice in choices if choice]
