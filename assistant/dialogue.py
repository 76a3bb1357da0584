"""The dialogue policy: one request in, one decision out, and the follow-up to a question.

`Assistant.respond` turns text into a `Reply` (routed, answer, ambiguous or no_match) with the
sentence to give the person, and `respond_heard` does the same for what a speech engine heard.
`Conversation` remembers a clarifying question so that "1", "the second one" or a few words
answer it. `reply_json` is a reply as the stable JSON contract. No printing, no devices, no clock
of its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from . import answers, i18n, language, provenance, routing
from .heard import Heard
from .intents import Match, Matcher, sure
from .meaning import Meaning, MeaningUnavailable
from .menu import Menus, Node, format_number
from .reply import Reply
from .waits import Wait
from .words import NUMBER_WORDS, greeting_only, has_letters, plain

MAX_CHARS = 1000  # one spoken or typed request; longer text is a paste by mistake
ROUTE_THRESHOLD = 0.45  # below this the best match is a guess: say so instead
AMBIGUITY_MARGIN = 0.05  # two matches closer than this are a question, not a decision
# Blending in the sentence model narrows the gaps between scores (it gives 40% of each): two
# blended matches closer than this are a question (tuned with bench/routing.py's tuning sets).
BLENDED_AMBIGUITY_MARGIN = 0.08
AMBIGUITY_FLOOR = 0.8  # the runner-up must reach this share of the threshold to be offered
# Speech heard by an engine's open vocabulary (outside the menu grammar) is often garbled: act on
# it only when the match is clearly good, otherwise ask the person to say it again.
SPOKEN_OPEN_THRESHOLD = 0.7  # tuned with bench/speech.py
# Spanish requests match the menu's Spanish words less strongly than English ones match (fewer
# phrases, folded accents), and Whisper base is less sure of Spanish than tiny.en of English: the
# same bar would refuse most of what it heard right (bench/speech_es.py, tuning set).
SPOKEN_OPEN_THRESHOLDS = {"en": SPOKEN_OPEN_THRESHOLD, "es": 0.5}
# Choosing between the decoder's close readings (bench/speech.py, tuning split): below this match
# confidence a reading is weak, and a close reading that matches this much better replaces it.
CLEAR_MATCH = 0.7
BETTER_BY = 0.2


class InputError(ValueError):
    """The request cannot be routed as given; the message says what to do."""


def check_request(text: str, language: str = "en") -> str:
    """The request, trimmed; InputError with a one-line reason (in the caller's language) when it is not usable."""
    _ = i18n.gettext(language)
    text = text.strip()
    if not text:
        raise InputError(_("The request is empty: type what you need, for example 'I moved'."))
    if len(text) > MAX_CHARS:
        raise InputError(_("The request is {length} characters long; keep it under {limit} characters, one request a line.").format(
            length=f"{len(text):,}", limit=MAX_CHARS))
    if any(unicodedata.category(ch) == "Cc" and ch != "\t" for ch in text):
        raise InputError(_("The request holds control characters; type plain text."))
    if not has_letters(text):
        if any(ch.isalpha() for ch in text):
            raise InputError(_("I can only read requests in English or Spanish; type what you need, for example 'I moved'."))
        raise InputError(_("The request has no words in it; type what you need, for example 'I moved'."))
    return text


def reply_json(menus: Menus, reply: Reply) -> dict[str, Any]:
    """The stable machine contract of `assistant route --json` (see README)."""
    return {
        "status": reply.status,
        "keys": list(reply.keys),
        "destination": _destination(reply.destination, reply.language),
        "topic": reply.topic,
        "confidence": round(reply.confidence, 3),
        "alternatives": [_alternative(menus, m, reply.language) for m in reply.alternatives],
        "say": reply.say,
        "lang": reply.language,
        "sources": [{"id": s.id, "name": s.name_in(reply.language), "checked": s.checked, **({"url": s.url} if s.url else {})}
                    for s in provenance.sources(menus, reply)],
    }


def _destination(node: Node | None, language: str) -> dict[str, str] | None:
    if node is None:
        return None
    return {"id": node.id, "label": node.words(language).label, "kind": node.kind}


def _alternative(menus: Menus, match: Match, language: str) -> dict[str, Any]:
    if match.intent.kind == "answer":
        return {"id": match.intent.id, "label": answers.topic_label(match.intent.target, language), "kind": "answer",
                "topic": match.intent.target, "keys": [], "confidence": round(match.score, 3)}
    node = menus.node(match.intent.target)
    return {"id": node.id, "label": node.words(language).label, "kind": node.kind,
            "keys": routing.plan(menus, node.id, language).keys, "confidence": round(match.score, 3)}


# Builds what tells how close in meaning a request is to each intent (meaning.Meaning), from the
# intents' phrases; None: words only.
MeaningModel = Callable[[Sequence[tuple[str, str]]], "Callable[[str], Mapping[str, float]]"]


def sentence_model(phrases: Sequence[tuple[str, str]]) -> Callable[[str], Mapping[str, float]]:
    return Meaning(phrases).scores


class Assistant:
    """Decisions for one menus file. Build once; `respond` takes well under a millisecond when the
    words decide, and some 20 ms when the sentence model is asked too."""

    def __init__(self, menus: Menus, waits: Sequence[Wait] = (), language: str = "en",
                 meaning: MeaningModel | None = sentence_model) -> None:
        self.menus = menus
        self.language = language  # what the caller speaks: what is understood, and said back
        self.matcher = Matcher(menus, language)
        self._family: dict[str, Assistant] = {language: self}  # the same assistant in each language, shared
        self.waits = tuple(waits)  # the caller's past waits on hold (hold.history), for the hours answer
        self._meaning_model = meaning
        self._meaning: Callable[[str], Mapping[str, float]] | None = None
        self.meaning_problem = ""  # why the sentence model is not used, when it cannot load

    def speaking(self, language: str) -> Assistant:
        """The same assistant for a caller who speaks `language` (built once, then kept)."""
        if language not in self._family:
            sibling = Assistant(self.menus, self.waits, language, self._meaning_model)
            sibling._family = self._family
            self._family[language] = sibling
        return self._family[language]

    def language_of(self, text: str) -> str | None:
        """The language a request is written in, when it is clear: by the small words only one
        language uses, else by whose menu words name more of it ("operador", "ayuda legal" and
        "formulario" carry no small word to tell them by). None: keep the language there is."""
        found = language.detect(text)
        if found is not None:
            return found
        known = sorted(((self.speaking(code).matcher.known_words(text), code) for code in self.menus.languages), reverse=True)
        if len(known) > 1 and known[0][0] > known[1][0]:
            return known[0][1]
        return None

    def switched(self) -> Reply:
        """The answer to "en español, por favor": this language from now on, and the key for it on the line."""
        _ = i18n.gettext(self.language)
        # TRANSLATORS: said in the language the caller just chose; "English" is that language.
        parts = [_("I will go on in English. Tell me what you need, for example: I moved.")]
        entry = next((o for o in self.menus.layouts[0].root.options if o.language == self.language), None)
        if entry is not None and entry.key:
            parts.append(_("When you call, press {key} at the first menu for {language}.").format(
                key=entry.key, language=entry.words(self.language).label))
        return Reply("answer", " ".join(parts), topic="language", confidence=1.0, language=self.language)

    def respond(self, text: str, now: datetime) -> Reply:
        """Route one request. Raises InputError for unusable input."""
        request = check_request(text, self.language)
        elsewhere = self.matcher.names_elsewhere(request)
        if elsewhere and not self.matcher.names_the_line(request):
            # "What time does the pharmacy close": about something else, however well "what time
            # do you close" matches its other words.
            return self.no_match(0.0, now, request)
        ranked, margin = self.rank(request, elsewhere)
        if not ranked or ranked[0].score < ROUTE_THRESHOLD:
            return self.no_match(ranked[0].score if ranked else 0.0, now, request)
        top = ranked[0]
        close = [m for m in ranked[1:] if m.score >= ROUTE_THRESHOLD * AMBIGUITY_FLOOR and top.score - m.score < margin]
        if close:
            return self.ask(top, close[0])
        return self.decide(top, now, request)

    def rank(self, request: str, elsewhere: bool) -> tuple[list[Match], float]:
        """The intents that fit a request, best first (by its words, and by its meaning when the
        words are not sure), and how close two of them must be to ask which one is meant.
        `elsewhere`: the request names something the line does not handle (`names_elsewhere`)."""
        ranked = self.matcher.rank(request, limit=len(self.matcher.intents))
        # A request that names something the line does not handle ("a qué hora abre el banco") is
        # judged by its words: the sentence model finds it close to the line's own questions.
        similar = None if sure(ranked) or elsewhere else self.meaning()
        if similar is None:
            return ranked[:5], AMBIGUITY_MARGIN
        return self.matcher.blend(ranked, similar(request)), BLENDED_AMBIGUITY_MARGIN

    def meaning(self) -> Callable[[str], Mapping[str, float]] | None:
        """The sentence model for this language, loaded on first use (None: words only)."""
        if self._meaning is None and self._meaning_model is not None and not self.meaning_problem:
            try:
                self._meaning = self._meaning_model(self.matcher.texts)
            except MeaningUnavailable as error:
                self.meaning_problem = str(error)
        return self._meaning

    def respond_spoken(self, transcript: str, sure: bool, now: datetime, second_opinion: str = "") -> Reply:
        """Route what a speech engine heard; 'not understood' rather than a guess.

        `sure`: the engine stands behind the words (a grammar phrase that held up, or a confident
        transcript); otherwise only a clear match is acted on.

        `second_opinion` is a menu phrase the engine refused but found plausible: it is acted on
        when the open-vocabulary transcript, heard independently, points at the same place."""
        if second_opinion and transcript:
            agreed = self._agreed(second_opinion, transcript, now)
            if agreed is not None:
                return agreed
        try:
            reply = self.respond(transcript, now)
        except InputError:
            return self.not_understood(now)
        if reply.status == "no_match" or (not sure and reply.status != "ambiguous"
                                          and reply.confidence < SPOKEN_OPEN_THRESHOLDS.get(self.language, SPOKEN_OPEN_THRESHOLD)):
            return self.not_understood(now)
        return reply

    def respond_heard(self, heard: Heard, now: datetime) -> Reply:
        """The decision on what a speech engine heard."""
        second_opinion = heard.grammar_text if heard.plausible and heard.source == "open" else ""
        reply = self.respond_spoken(heard.transcript, heard.source in ("grammar", "transcript"), now, second_opinion)
        if reply.status == "no_match" and self.matcher.names_elsewhere(heard.transcript):
            # Heard as something the line does not handle ("is the post office open on Sunday"): a
            # near reading that lost the telling word ("the first office") must not bring it back.
            return reply
        if reply.status == "no_match" or reply.confidence < CLEAR_MATCH:
            # The best reading matches nothing, or only weakly: a close reading (judged with the
            # strict threshold for uncertain speech) that matches, or matches much better, is what
            # was said.
            for text in heard.alternatives:
                alternative = self.respond_spoken(text, False, now)
                if reply.status == "no_match" and alternative.status != "no_match":
                    return alternative
                if alternative.target is not None and alternative.confidence >= reply.confidence + BETTER_BY:
                    return alternative
        return reply

    def judges_readings(self, clock: Callable[[], datetime]) -> Callable[[Heard, str], bool]:
        """What finding the caller's language asks of a reading (speech.engines.finding_language):
        whether, judged in its own language, it leads somewhere at the clock's time."""
        return lambda heard, in_language: self.speaking(in_language).leads_somewhere(heard, clock())

    def leads_somewhere(self, heard: Heard, now: datetime) -> bool:
        """Whether a reading leads to a route or an answer here (not a question, not a refusal):
        when it does not, a reading in another language may (speech.recognizer.EnglishFirst)."""
        return self.respond_heard(heard, now).status in ("routed", "answer")

    def _agreed(self, phrase: str, transcript: str, now: datetime) -> Reply | None:
        try:
            reply = self.respond(phrase, now)
        except InputError:
            return None
        if reply.target is None:
            return None
        near = [match.intent.id for match in self.matcher.rank(transcript, limit=3)]
        return reply if reply.target in near else None

    def not_understood(self, now: datetime) -> Reply:
        _ = i18n.gettext(self.language)
        parts = [_("I didn't catch that. Please say it again in a few words, or type it.")]
        person = self.representative()
        if person is not None:
            route = routing.plan(self.menus, person.id, self.language)
            parts.append(_("To reach a person, dial {number} and press {keys}.").format(
                number=format_number(self.menus.number), keys=_(", then ").join(route.keys)))
        parts.append(answers.live_status(self.menus, now, self.language))
        return Reply("no_match", " ".join(parts), language=self.language)

    def decide(self, match: Match, now: datetime, request: str = "") -> Reply:
        if match.intent.kind == "answer":
            topic = match.intent.target
            say = answers.topic_answer(self.menus, topic, now, request, self.waits, self.language)
            need = self.menus.answer(topic)
            if need is not None and need.route is not None:  # the answer ends with the option to call
                node = self.menus.node(need.route)
                return Reply("answer", say, keys=routing.plan(self.menus, node.id, self.language).keys, destination=node,
                             topic=topic, confidence=match.score, language=self.language)
            return Reply("answer", say, topic=topic, confidence=match.score, language=self.language)
        node = self.menus.node(match.intent.target)
        route = routing.plan(self.menus, node.id, self.language)
        return Reply("routed", answers.route_answer(self.menus, node, now, self.language), keys=route.keys,
                     destination=node, confidence=match.score, language=self.language)

    def ask(self, first: Match, second: Match) -> Reply:
        _ = i18n.gettext(self.language)
        say = _("Do you mean 1, {first}, or 2, {second}? Answer 1 or 2.").format(
            first=self.choice_words(first), second=self.choice_words(second))
        return Reply("ambiguous", say, confidence=first.score, alternatives=[first, second], language=self.language)

    def choice_words(self, match: Match) -> str:
        if match.intent.kind == "answer":
            return answers.topic_label(match.intent.target, self.language)
        return self.menus.node(match.intent.target).words(self.language).label.lower()

    def no_match(self, confidence: float, now: datetime, request: str = "") -> Reply:
        _ = i18n.gettext(self.language)
        menus = self.menus
        greeted = bool(request) and greeting_only(request, self.matcher.lex)
        parts = [_("Hello. Tell me what you need.") if greeted else _("I'm not sure what you need.")]
        person = self.representative()
        if person is not None:
            steps = routing.steps_words(routing.plan(menus, person.id, self.language))
            parts.append(_("To reach a person, dial {number} and {steps}").format(
                number=format_number(menus.number), steps=steps[0].lower() + steps[1:]))
            parts.append(answers.live_status(menus, now, self.language))
        topics = self.main_topics()
        if topics:
            parts.append(_("Or tell me one of these: {topics}.").format(topics=", ".join(topics)))
        parts.append(_("You can also ask about hours, the TTY number, or what to have ready."))
        return Reply("no_match", " ".join(parts), confidence=confidence, language=self.language)

    def representative(self) -> Node | None:
        return self.menus.representative()

    def main_topics(self) -> list[str]:
        """The spoken names of the first layout's main menu options."""
        root = self.menus.layouts[0].root
        main = next((n for n in root.walk() if len(n.options) > 2), root)
        return [option.words(self.language).say or option.words(self.language).label for option in main.options]


WHERE_FROM = "sources"  # the topic of the answer to "Where does that come from?"
# After the first request, a request this long that is clearly in the other language changes the
# conversation's language ("llamo desde otro país"); a lone "gracias" or "sí" does not.
MIN_WORDS_TO_SWITCH = 3


class Conversation:
    """A session: remembers an open question so the next line can answer it, and the language the
    caller speaks: found in their first request (unless they chose it), changed when they ask, or
    when a later request of a few words is clearly in the other language."""

    def __init__(self, assistant: Assistant, language_chosen: bool = False) -> None:
        self.assistant = assistant
        self.language_chosen = language_chosen  # --lang or the settings: not guessed from the words
        self.pending: list[Match] = []
        self.last: Reply | None = None
        self.answered: Reply | None = None  # the last reply that was not "where does that come from"
        self.first_turn = True

    @property
    def language(self) -> str:
        return self.assistant.language

    def use_language(self, code: str) -> None:
        self.assistant = self.assistant.speaking(code)

    def turn(self, text: str, now: datetime) -> Reply:
        first, self.first_turn = self.first_turn, False
        wanted = language.switch(text)
        if wanted is not None:
            self.pending = []
            self.use_language(wanted)
            return self.remember(self.assistant.switched())
        if not self.language_chosen and (first or (not self.pending and len(text.split()) >= MIN_WORDS_TO_SWITCH)):
            found = self.assistant.language_of(text) if first else language.detect(text)
            if found is not None:
                self.use_language(found)
        if provenance.asks_where_from(text):  # an open question stays open
            return self.remember(self.where_from())
        if self.pending:
            chosen = self._choice(text)
            self.pending = []
            if chosen is not None:
                return self.remember(self.assistant.decide(chosen, now, text))
        return self.remember(self.assistant.respond(text, now))

    def hear(self, heard: Heard, now: datetime) -> Reply:
        """The reply to what a speech engine heard: the answer to the open question, or a new request."""
        if self.pending and heard.transcript:
            return self.turn(heard.transcript, now)
        return self.remember(self.assistant.respond_heard(heard, now))

    def follow_speech(self, spoken_in: str | None) -> None:
        """Go on in the language the caller was heard speaking, unless they chose one."""
        if spoken_in is not None and not self.language_chosen and spoken_in != self.language:
            self.use_language(spoken_in)

    def remember(self, reply: Reply) -> Reply:
        """Keep a reply made elsewhere (a spoken request) as this session's last one."""
        self.last = reply
        if reply.topic != WHERE_FROM:
            self.answered = reply
        if reply.status == "ambiguous":
            self.pending = list(reply.alternatives)
        return reply

    def where_from(self) -> Reply:
        """The sources and dates of the facts in the last answer."""
        say = provenance.sentence(self.assistant.menus, self.answered, self.language)
        return Reply("answer", say, topic=WHERE_FROM, confidence=1.0, language=self.language)

    def _choice(self, text: str) -> Match | None:
        numbers = {**NUMBER_WORDS, **self.assistant.matcher.lex.numbers}
        said = [numbers.get(w, w) for w in plain(text).split()]
        if len(said) <= 4:  # a short answer: "2", "the first one", "number two", "the last", "la segunda"
            digits = [w for w in said if w.isdigit()]
            if digits and 1 <= int(digits[0]) <= len(self.pending):
                return self.pending[int(digits[0]) - 1]
            if {"last", "ultimo", "ultima"} & set(said):
                return self.pending[-1]
        ranked = self.assistant.matcher.rank(text, limit=10)
        wanted = {m.intent.id for m in self.pending}
        for match in ranked:
            if match.intent.id in wanted and match.score >= ROUTE_THRESHOLD * AMBIGUITY_FLOOR:
                return next(m for m in self.pending if m.intent.id == match.intent.id)
        return None
