"""The live line's stage of the ears: the call's audio -> the line's words -> the listener, and keys back out.

The line's speech is cut where it pauses (Silero VAD, through `speech.ears`), each stretch read by
Whisper with a prompt in the phone-menu style built from `menus.yaml`, and the text handed to
`LineListener.hear` with the time it was heard. A key the listener picks goes out through `press`
(tones to the speaker, or into a simulated line); the assistant's own tones are not listened to.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..menu import Menus, Node
from ..routing import key_words
from ..speech.audio import RATE, Source
from ..speech.ears import Ears, Key, Stretch
from ..speech.endpoint import EndpointDetector
from ..speech.recognizer import Recognizer
from .goal import Similarity
from .listener import LineEvent, LineListener
from .options import offers_language, parse, phrasings, tokens

CHUNK_S = 0.064  # audio is taken in pieces this long: the times of events are this exact
PAUSE_MS = 250  # the breath between two options ends a stretch of speech (a line's is 0.35 s or more)
MAX_SPEECH_MS = 12_000  # a line that never pauses is still read every 12 s
QUIET_MENU_S = 2.5  # this long without speech after a menu: it has been said to the end
RECENT_STRETCHES = 2  # off script, the prompt is what the line said in its last this many stretches
LANGUAGE_SURE = 0.8  # the multilingual model's share for a language before the line is heard in it
# When the English model heard no words at all, a language leading with this share is tried, and
# kept when its reading offers options in that language's words (a human voice through the phone
# band gets 0.6-0.7 for Spanish: recorded es_MX menus were otherwise not heard at all).
LANGUAGE_LEADS = 0.5
UNPROMPTED_RETRY_S = 2.0  # a stretch this long read as nothing with a prompt is read again without one

Press = Callable[[str], "np.ndarray | None"]  # key -> the tones as the microphone hears them (None: nothing heard)


@dataclass(frozen=True)
class LineWords:
    """What the line said in one stretch of speech."""

    text: str
    start: float  # seconds into the audio
    end: float  # when the speech stopped
    heard_at: float  # when the words were known (end + the pause + decoding)
    language: str | None = None  # the line was found speaking this language in this stretch


def line_prompt(menus: Menus, limit: int = 10, language: str = "en") -> str:
    """What Whisper is told to expect: options in the phone-menu style, in the words of
    menus.yaml (in the line's language), every kind of key named (star and pound first: they are
    the ones misheard)."""
    sentences: dict[str, str] = {}  # key -> a sentence naming it
    for node in menus.nodes():
        for option in node.options:
            if option.key and option.key not in sentences:
                # The phrasings in turn: one style alone teaches Whisper to split the others
                # ("Press 1. For English.").
                sentences[option.key] = _offer(menus, option, len(sentences), language)
    repeat = menus.simulation.repeat_key
    if repeat:
        sentences.setdefault(repeat, menus.texts(language).repeat.format(key=key_words(repeat, language)))
    order = sorted(sentences, key=lambda key: (key.isdigit(), key))
    return " ".join(sentences[key] for key in order[:limit])


def menu_prompt(menus: Menus, menu: Node, language: str = "en") -> str:
    """What Whisper is told to expect while the line reads one menu of menus.yaml: its own
    options, in the phone-menu style and the line's language (a menu that changed still shares
    most of its words)."""
    sentences = [_offer(menus, option, n, language) for n, option in enumerate(menu.options) if option.key]
    repeat = menus.simulation.repeat_key
    if repeat:
        sentences.append(menus.texts(language).repeat.format(key=key_words(repeat, language)))
    return " ".join(sentences)


def _offer(menus: Menus, option: Node, style: int, language: str) -> str:
    """An option as a line offers it, in the `style`-th of the prompt's phrasings."""
    templates = menus.texts(language).prompts
    said = option.words(language)
    sentence = templates[style % len(templates)].format(label=said.say or said.label, key=key_words(option.key or "", language))
    return sentence[0].upper() + sentence[1:]


class LineEars:
    """The ears, set up for a call's menus: Silero's pauses cut the line's speech into stretches,
    Whisper reads each one with the menu's words for a prompt, and DTMF keys are heard too."""

    def __init__(self, recognizer: Recognizer, others: dict[str, Recognizer] | None = None,
                 open_other: Callable[[str], Recognizer] | None = None) -> None:
        """`recognizer` hears English; `others` (by language) hear a language's branch of the line;
        `open_other` opens the multilingual model for a language when the line is heard speaking it."""
        from ..speech.vad import SpeechDetector

        self.english = recognizer
        self.others = others or {}
        self.open_other = open_other
        self.ears = Ears(recognizer, SpeechDetector(), EndpointDetector(end_silence_ms=PAUSE_MS, max_ms=MAX_SPEECH_MS),
                         block=int(RATE * CHUNK_S), keys=True)

    @property
    def clock(self) -> float:
        return self.ears.clock

    def listen_in(self, language: str, prompt: str) -> None:
        """Hear `language` with `prompt`'s words: English with the English model, another language
        with its own (without one, the English model goes on: its words are still read)."""
        recognizer = self.ears.recognizer = self._other(language) or self.english
        if prompt != recognizer.prompt_text:
            recognizer.expect(prompt)

    def _other(self, language: str) -> Recognizer | None:
        if language == "en":
            return None
        if language not in self.others and self.open_other is not None:
            self.others[language] = self.open_other(language)
        return self.others.get(language)

    def fresh(self) -> LineEars:
        """New ears for a new call (its time from zero), with the models already loaded."""
        return LineEars(self.english, self.others, self.open_other)

    def words(self, stretch: Stretch) -> LineWords | None:
        """The words of a stretch of the line's speech, with when they were known. A stretch the
        English model is unsure of may be another language: the multilingual model tells which,
        and reads it in that language (no setting needed for a Spanish line)."""
        heard, took = self.ears.recognize(stretch.pcm)
        recognizer = self.ears.recognizer
        if heard.source == "none" and recognizer.prompt_text and stretch.end - stretch.start >= UNPROMPTED_RETRY_S:
            # Whisper told the line's own words skips them when the line says them again (a replay
            # heard as "tres."): a long stretch read as nothing is read once more with no prompt.
            prompt = recognizer.prompt_text
            recognizer.expect("")
            began = time.perf_counter()
            again = recognizer.recognize(stretch.pcm)
            took += time.perf_counter() - began
            recognizer.expect(prompt)
            if again.source != "none":
                heard = again
        found: str | None = None
        # Unsure English that still reads as options in English words ("Press 1 for English") is
        # English: the check costs a second or two of decoding, which the first menu's key would wait for.
        if heard.source != "transcript" and self.ears.recognizer is self.english and not _english_options(heard.transcript):
            detector = self._other("es")  # any language's multilingual model tells them apart
            if detector is not None:
                began = time.perf_counter()
                language, share = detector.detect_language(stretch.pcm)
                took += time.perf_counter() - began
                unsure = share < LANGUAGE_SURE
                other = self._other(language) if share >= LANGUAGE_SURE or (
                    heard.source == "none" and share >= LANGUAGE_LEADS) else None
                if other is not None:
                    prompt = other.prompt_text
                    other.expect("")  # a line in a language nobody chose: not one menus.yaml's words describe
                    began = time.perf_counter()
                    reading = other.recognize(stretch.pcm)
                    took += time.perf_counter() - began
                    if offers_language(reading.transcript, language):
                        other.expect(prompt)  # "Para español, oprima dos": an English menu's offer, read as said
                    elif unsure and not _options_in(reading.transcript, language):
                        other.expect(prompt)  # only leading, and no options in its words: not heard at all
                        reading = heard
                    else:
                        found, self.ears.recognizer = language, other
                    heard = reading
        if not heard.transcript.strip():
            return None
        # Known when the stretch ended and was decoded (not when the rest of the chunk it ended in was taken in).
        return LineWords(heard.transcript, round(stretch.start, 3), round(stretch.end, 3), round(stretch.ended_at + took, 3), found)


def _options_in(text: str, language: str) -> bool:
    """Options read in a language's own words: a key after one of its verbs or key words."""
    words = phrasings((language,))
    return bool(parse(text, words).options) and bool(set(tokens(text)) & (words.press | words.key_marks))


def _english_options(text: str) -> bool:
    """Options read in English words, with no Spanish verb or key word among them ("oprima", "número")."""
    spanish = phrasings(("es",))
    said = set(tokens(text))
    return bool(parse(text).options) and not said & (spanish.press | spanish.key_marks)


def sentence_likeness() -> Similarity | None:
    """The sentence model that judges heard options against the goal (None, words only, when it cannot load)."""
    from ..meaning import MeaningUnavailable, likeness

    try:
        return likeness()
    except MeaningUnavailable:
        return None


def open_ears(menus: Menus, model: str | None = None, language: str = "en") -> LineEars:
    """Whisper with the phone-menu prompt, and Silero VAD to find the pauses. The line starts in
    English (tiny.en hears it best); a caller of another language also gets the multilingual
    model, for the line's branch in that language."""
    from ..speech.engines import find_whisper, whisper

    def open_other(code: str) -> Recognizer:
        return whisper(find_whisper(None, code), line_prompt(menus, language=code), code, beam_size=2)

    english = whisper(find_whisper(model, "en"), line_prompt(menus), beam_size=2)
    return LineEars(english, {language: open_other(language)} if language != "en" else {}, open_other)


def follow(source: Source, ears: LineEars, listener: LineListener, press: Press | None,
           emit: Callable[[LineEvent], None], realtime_lag: bool = True, limit_s: float = 3600.0,
           stop: Callable[[], bool] | None = None) -> list[LineEvent]:
    """Listen to a call to its end. With `press`, the listener's keys are sent (autopilot);
    without, they are only announced. `realtime_lag`: the line goes on talking while a stretch
    is decoded, so a key decided after a decode of d seconds reaches the line d seconds later
    (how a live call behaves; a file is read as fast as the machine can)."""
    events: list[LineEvent] = []
    pending: list[LineEvent] = []  # presses waiting for the audio clock to reach them

    def handle(new: list[LineEvent]) -> None:
        for event in new:
            events.append(event)
            emit(event)
            if event.event == "press" and press is not None and event.key is not None:
                pending.append(event)

    def hear(stretch: Stretch, lag: bool = realtime_lag) -> bool:
        said = ears.words(stretch)
        if said is not None and said.language is not None:
            listener.line_language = said.language  # heard speaking it: read its options in it
        if said is not None:
            recent[:] = [*recent, said.text][-RECENT_STRETCHES:]
            handle(listener.hear(said.text, said.heard_at if lag else said.end))
        return said is not None

    def send_due() -> None:
        while pending and ears.clock >= pending[0].at:
            key = pending.pop(0).key or ""
            tones = press(key) if press is not None else None
            listener.pressed(key)
            handle([LineEvent("key", ears.clock, key=key)])
            if tones is not None and len(tones):
                ears.ears.deaf(len(tones) / RATE + 0.1)
                for sound in ears.ears.push(tones):
                    if isinstance(sound, Stretch):
                        hear(sound, lag=True)

    quiet_since: float | None = None
    prompts: dict[tuple[str | None, str], str] = {}
    recent: list[str] = []  # the line's last words, the prompt once it is off script
    while ears.clock < limit_s and not (stop is not None and stop()):
        samples = source(CHUNK_S * 4)
        if samples is None:
            break
        # The menu the line is expected to read now, its own words (or every menu's, not knowing),
        # in the language the line speaks now.
        known, spoken = listener.current.known, listener.line_language
        if listener.on_script():
            prompt_key = (known.id if known is not None else None, spoken)
            if prompt_key not in prompts:
                prompts[prompt_key] = menu_prompt(listener.menus, known, spoken) if known is not None else \
                    line_prompt(listener.menus, language=spoken)
            ears.listen_in(spoken, prompts[prompt_key])
        else:  # a line menus.yaml does not know: its own last words, as Whisper conditions on what came before
            ears.listen_in(spoken, " ".join(recent))
        for sound in ears.ears.push(samples):
            if isinstance(sound, Stretch) and hear(sound):
                quiet_since = None
            elif isinstance(sound, Key):  # the caller pressed a key on their own phone (or in the recording)
                for stretch in ears.ears.flush():  # what the line said up to the key belongs to this menu
                    hear(stretch, lag=False)
                listener.pressed(sound.key)
                handle([LineEvent("key", ears.clock, key=sound.key)])
        send_due()
        if ears.ears.in_speech:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = ears.clock
        elif ears.clock - quiet_since > QUIET_MENU_S:
            handle(listener.menu_done(ears.clock))
            quiet_since = float("inf")
    for stretch in ears.ears.flush():
        hear(stretch, lag=False)
    send_due()
    handle(listener.finish(ears.clock))
    return events
