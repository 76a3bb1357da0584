"""Which of the options the line just offered fits the caller's goal.

The goal, in the caller's own words, is read against the heard options themselves, the way a
request is read against menus.yaml: by the words they share (`intents.Matcher` over the heard
labels, in the goal's language) and by meaning (the multilingual sentence model, which also
carries an English goal onto a Spanish menu). menus.yaml is only a prior: an option that means a
step of the goal's route there scores higher, but a heard option that fits the goal better wins,
and a route that fits nothing heard decides nothing.

Pure: the sentence model comes in as a function, and nothing here listens or prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from .. import words as wording
from ..intents import Intent, Matcher
from .options import Option, in_menu_words, names_a_person, phrasings, tokens

# text, other texts -> the cosine similarity of the text to each (the sentence model)
Similarity = Callable[[str, Sequence[str]], Sequence[float]]

# Tuned on bench/recorded_line.py's tuning menus (bench/recorded-menus.yaml); its untuned menus are reported beside them.
WORDS_SHARE = 0.6  # of an option's score: the words it shares with the goal; the rest is meaning
MEANING_FLOOR = 0.82  # e5's cosines crowd between 0.8 and 0.95: this counts as no likeness at all
MEANING_CEILING = 0.94  # and this as the same meaning
# e5 ranks better than it scores: how far an option's likeness stands above the menu's next best
# counts too (this many times the difference in cosine).
MEANING_LEAD = 1.0
ROUTE_PRIOR = 0.3  # added to an option that means a step of the goal's menus.yaml route
ROUTE_FIT = 0.75  # and such an option scores at least this (the line says it as menus.yaml does)
FIT = 0.3  # an option fits the goal from this score
MEANING_ONLY_FIT = 0.45  # or from this one when it shares no word with the goal (e5 finds "passport" near "password")
KIN_PREFIX = 5  # two words that begin with this many letters alike share a root ("rápido", "rápidamente")
KIN_WHOLE = 4  # as does a word of this many letters that begins another ("fast", "faster")
SURE = 0.7  # pressed as soon as it is heard, before the menu ends (the line takes keys while it talks)
MARGIN = 0.2  # the best option must lead the next by this much, else the caller is asked


@dataclass(frozen=True)
class Fit:
    option: Option
    score: float  # 0..1
    on_route: bool = False  # it means a step of the goal's route in menus.yaml
    needs: float = FIT  # the score from which it fits the goal

    @property
    def fits(self) -> bool:
        return self.score >= self.needs


@dataclass(frozen=True)
class Verdict:
    decision: Literal["press", "ask", "none", "wait"]  # wait: nothing sure yet, the menu goes on
    fits: tuple[Fit, ...]  # best first


def scores(goal: str, options: Sequence[Option], language: str, similarity: Similarity | None,
           on_route: Callable[[Option], bool], routed: bool = False, line_language: str | None = None) -> list[Fit]:
    """How well each option fits the goal, best first. `routed`: the line reads menus.yaml's menus
    and the goal has a route there; an option off that route must then be a sure fit (a label
    misheard through the phone fits a goal weakly by chance, and menus.yaml knows better).
    `line_language`: the line's, when it is not the goal's: the goal's words are read in both
    (a goal too short to tell its language, "terminar", on a Spanish line)."""
    if not options:
        return []
    texts = [[option.label, *([option.say] if option.say and option.say != option.label else [])] for option in options]
    matcher = Matcher.of_texts([(Intent(str(n), "route", str(n)), said) for n, said in enumerate(texts)], language,
                               correct_typos=False)
    languages = tuple(dict.fromkeys((language, line_language or language)))
    said = " ".join([in_menu_words(goal, phrasings(languages)), *kin_words(goal, [text for said in texts for text in said])])
    ranked = matcher.rank(said, limit=len(options))
    by_words = {int(match.intent.id): match.score for match in ranked}
    near = [0.0] * len(options)
    lead = [0.0] * len(options)
    if similarity is not None:
        flat = [(n, text) for n, said in enumerate(texts) for text in said]
        cosines = [0.0] * len(options)
        for (n, _), cosine in zip(flat, similarity(goal, [text for _, text in flat]), strict=True):
            cosines[n] = max(cosines[n], cosine)
        for n, cosine in enumerate(cosines):
            lead[n] = cosine - max((other for m, other in enumerate(cosines) if m != n), default=cosine)
            near[n] = min(1.0, max(0.0, (cosine - MEANING_FLOOR) / (MEANING_CEILING - MEANING_FLOOR)))
    share = WORDS_SHARE if similarity is not None else 1.0
    wants_person = names_a_person(goal)
    wants_number = numbers(goal, languages)
    fits = []
    for n, option in enumerate(options):
        score = share * by_words.get(n, 0.0) + (1 - share) * near[n] + MEANING_LEAD * lead[n]
        if wants_number and (offers := numbers(option.label, languages)):
            # "extension 315" and a directory's "extension 2 0 1" / "extension 3 1": one number is
            # the goal's or none (a number cut short by the line's pause is still the same one).
            same = any(mine.startswith(its) or its.startswith(mine) for mine in wants_number for its in offers)
            score = max(score, ROUTE_FIT) if same else 0.0
        if wants_person and names_a_person(option.label):
            score = max(score, ROUTE_FIT)  # "a human" and "an operator" share no word, and little meaning to e5
        on = on_route(option)
        if on:
            score = max(score + ROUTE_PRIOR, ROUTE_FIT)
        needs = FIT if on or by_words.get(n, 0.0) > 0 else MEANING_ONLY_FIT
        fits.append(Fit(option, min(max(score, 0.0), 1.0), on, SURE if routed and not on else needs))
    fits.sort(key=lambda fit: -fit.score)
    return fits


def numbers(text: str, languages: tuple[str, ...] = ("en",)) -> set[str]:
    """The numbers in a text, said as digits, digit by digit or in words (`words.words` reads the
    words): "extension 3 1 5", "two oh one", "folder seven" -> "315", "201", "7". "One" alone ("the
    most recent one", "uno de los mensajes") is no number."""
    found: set[str] = set()
    for language in languages:
        run = ""
        for word in [*wording.words(text, wording.lexicon(language)), ""]:
            if word.isdigit():
                run += word  # "2, 0, 1": digits said one by one are one number
                continue
            if run and run != "1":
                found.add(run)
            run = ""
    return found


def kin_words(goal: str, labels: Sequence[str]) -> list[str]:
    """The labels' words that share a root with one of the goal's but not its ending ("faster" and
    "fast playback", "más rápido" and "reproducir rápidamente"): the matcher's stemmers strip
    endings, not derivations, and a caller rarely uses the menu's own form of the word."""
    goal_words = {word for word in tokens(goal) if len(word) >= KIN_WHOLE}
    kin = []
    for word in dict.fromkeys(word for label in labels for word in tokens(label) if len(word) >= KIN_WHOLE):
        if word not in goal_words and any(_kin(word, mine) for mine in goal_words):
            kin.append(word)
    return kin


def _kin(one: str, other: str) -> bool:
    shorter, longer = sorted((one, other), key=len)
    return longer.startswith(shorter) or (len(shorter) >= KIN_PREFIX and longer[:KIN_PREFIX] == shorter[:KIN_PREFIX])


def verdict(fits: Sequence[Fit], heard_all: bool) -> Verdict:
    """Press, ask or say none fits. `heard_all`: the menu has been said to its end; before that
    only a sure fit is pressed (a better one may still come)."""
    fits = tuple(fits)
    if not fits or not fits[0].fits:
        return Verdict("none" if heard_all else "wait", fits)
    best = fits[0]
    runner = fits[1].score if len(fits) > 1 else 0.0
    if best.score - runner < MARGIN:
        return Verdict("ask" if heard_all or runner >= SURE else "wait", fits)
    if heard_all or best.score >= SURE:
        return Verdict("press", fits)
    return Verdict("wait", fits)
