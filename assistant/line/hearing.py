"""The one adapter between the call's audio and the listener.

Audio in (16 kHz), the line's speech cut where it pauses (Silero VAD), each stretch read by
Whisper with a prompt in the phone-menu style built from `menus.yaml`, and the text handed to
`Listener.hear` with the time it was heard. A key the listener picks goes out through `press`
(tones to the speaker, or into a simulated line); the assistant's own tones are not listened to.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import i18n
from ..menu import Menus, Node
from ..routing import key_words
from ..speech.endpoint import Classifier, EndpointDetector
from .listener import Event, Listener

RATE = 16_000
CHUNK_S = 0.064  # audio is fed in pieces this long: the times of events are this exact
PAUSE_MS = 250  # the breath between two options ends a stretch of speech (a line's is 0.35 s or more)
MAX_SPEECH_MS = 12_000  # a line that never pauses is still read every 12 s

Source = Callable[[float], "np.ndarray | None"]  # seconds wanted -> that much audio (16 kHz float), None at the end
Press = Callable[[str], "np.ndarray | None"]  # key -> the tones as the microphone hears them (None: nothing heard)


@dataclass(frozen=True)
class Stretch:
    text: str
    start: float  # seconds into the audio
    end: float  # when the speech stopped
    heard_at: float  # when the words were known (end + the pause + decoding)


def line_prompt(menus: Menus, limit: int = 10, language: str = "en") -> str:
    """What Whisper is told to expect: options in the phone-menu style, in the words of
    menus.yaml (in the line's language), every kind of key named (star and pound first: they are
    the ones misheard)."""
    texts = menus.texts(language)
    templates = texts.prompts
    sentences: dict[str, str] = {}  # key -> a sentence naming it
    for node in menus.nodes():
        for option in node.options:
            if option.key and option.key not in sentences:
                said = option.words(language)
                # The phrasings in turn: one style alone teaches Whisper to split the others
                # ("Press 1. For English.").
                template = templates[len(sentences) % len(templates)]
                sentence = template.format(label=said.say or said.label, key=key_words(option.key, language))
                sentences[option.key] = sentence[0].upper() + sentence[1:]
    if menus.simulation.repeat_key:
        sentences.setdefault(menus.simulation.repeat_key, texts.repeat.format(key=key_words(menus.simulation.repeat_key, language)))
    order = sorted(sentences, key=lambda key: (key.isdigit(), key))
    return " ".join(sentences[key] for key in order[:limit])


def menu_prompt(menus: Menus, menu: Node, language: str = "en") -> str:
    """What Whisper is told to expect while the line reads one menu of menus.yaml: its own
    options, in the phone-menu style and the line's language (a menu that changed still shares
    most of its words)."""
    texts = menus.texts(language)
    templates = texts.prompts
    sentences = []
    for n, option in enumerate(menu.options):
        if option.key:
            said = option.words(language)
            sentence = templates[n % len(templates)].format(label=said.say or said.label, key=key_words(option.key, language))
            sentences.append(sentence[0].upper() + sentence[1:])
    if menus.simulation.repeat_key:
        sentences.append(texts.repeat.format(key=key_words(menus.simulation.repeat_key, language)))
    return " ".join(sentences)


class LineEars:
    def __init__(self, recognizer: object, classify: Classifier | None, others: dict[str, object] | None = None) -> None:
        """`recognizer` hears English; `others` (by language) hear a language's branch of the line."""
        self.recognizer = self.english = recognizer
        self.others = others or {}
        self.detector = EndpointDetector(end_silence_ms=PAUSE_MS, max_ms=MAX_SPEECH_MS, classify=classify)
        self.clock = 0.0  # seconds of audio taken in
        self.busy = 0.0  # seconds spent decoding (wall clock)
        self._audio = bytearray()
        self._start = 0.0
        self._deaf_until = 0.0

    def listen_in(self, language: str, prompt: str) -> None:
        """Hear `language` with `prompt`'s words: English with the English model, another language
        with its own (without one, the English model goes on: its words are still read)."""
        self.recognizer = self.others.get(language, self.english)
        self.expect(prompt)

    def expect(self, prompt: str) -> None:
        """Tell the recogniser what the line is likely to say next (the menu it is reading)."""
        if prompt != getattr(self.recognizer, "prompt_text", prompt):
            self.recognizer.expect(prompt)  # type: ignore[attr-defined]

    def fresh(self) -> LineEars:
        """New ears for a new call (its time from zero), with the model already loaded."""
        return LineEars(self.english, self.detector.classify, self.others)

    @property
    def deaf_until(self) -> float:
        return self._deaf_until

    def deaf(self, seconds: float) -> None:
        """Our own tones are coming: do not listen to them."""
        self._deaf_until = max(self._deaf_until, self.clock) + seconds

    def push(self, samples: np.ndarray) -> list[Stretch]:
        stretches: list[Stretch] = []
        step = int(RATE * CHUNK_S)
        for begin in range(0, len(samples), step):
            piece = samples[begin:begin + step]
            if self.clock < self._deaf_until:
                piece = np.zeros_like(piece)
            pcm = (np.clip(piece, -1, 1) * 32767).astype("<i2").tobytes()
            self.clock += len(piece) / RATE
            for kind, data in self.detector.push(pcm):
                if kind == "start":
                    self._audio = bytearray(data)
                    self._start = self.clock - len(data) / 2 / RATE
                elif kind == "audio":
                    self._audio += data
                elif kind == "end":
                    stretch = self._read(self.clock - PAUSE_MS / 1000)
                    if stretch is not None:
                        stretches.append(stretch)
        return stretches

    def flush(self) -> list[Stretch]:
        """The audio ended mid-speech: read what there is."""
        if not self.detector.in_speech or not self._audio:
            return []
        self.detector.reset()
        stretch = self._read(self.clock)
        return [stretch] if stretch is not None else []

    def _read(self, end: float) -> Stretch | None:
        began = time.perf_counter()
        heard = self.recognizer.recognize(bytes(self._audio))  # type: ignore[attr-defined]
        took = time.perf_counter() - began
        self.busy += took
        self._audio = bytearray()
        text = heard.transcript or ""
        if not text.strip():
            return None
        return Stretch(text, round(self._start, 3), round(end, 3), round(self.clock + took, 3))


def open_ears(menus: Menus, model: str | None = None, language: str = "en") -> LineEars:
    """Whisper with the phone-menu prompt, and Silero VAD to find the pauses. The line starts in
    English (tiny.en hears it best); a caller of another language also gets the multilingual
    model, for the line's branch in that language."""
    from ..speech import whisper_models
    from ..speech.engines import MULTILINGUAL
    from ..speech.vad import frame_classifier
    from ..speech.whisper_engine import WhisperRecognizer

    english = WhisperRecognizer(whisper_models.find(model), line_prompt(menus), beam_size=2)
    others: dict[str, object] = {}
    if language != "en":
        others[language] = WhisperRecognizer(whisper_models.find_named(MULTILINGUAL), line_prompt(menus, language=language),
                                             beam_size=2, language=language)
    return LineEars(english, frame_classifier(), others)


def follow(source: Source, ears: LineEars, listener: Listener, press: Press | None,
           emit: Callable[[Event], None], realtime_lag: bool = True, limit_s: float = 3600.0,
           stop: Callable[[], bool] | None = None) -> list[Event]:
    """Listen to a call to its end. With `press`, the listener's keys are sent (autopilot);
    without, they are only announced. `realtime_lag`: the line goes on talking while a stretch
    is decoded, so a key decided after a decode of d seconds reaches the line d seconds later
    (how a live call behaves; a file is read as fast as the machine can)."""
    events: list[Event] = []
    pending: list[tuple[float, Event]] = []  # presses waiting for the audio clock to reach them

    def handle(new: list[Event]) -> None:
        for event in new:
            events.append(event)
            emit(event)
            if event.event == "press" and press is not None and event.key is not None:
                pending.append((event.at, event))

    def send_due() -> None:
        while pending and ears.clock >= pending[0][0]:
            _, event = pending.pop(0)
            tones = press(event.key or "") if press is not None else None
            listener.pressed(event.key or "")
            handle([Event("key", ears.clock, key=event.key)])
            if tones is not None and len(tones):
                ears.deaf(len(tones) / RATE + 0.1)
                for stretch in ears.push(tones):
                    handle(listener.hear(stretch.text, stretch.heard_at))

    keys = KeysHeard()
    quiet_since: float | None = None
    prompts: dict[tuple[str | None, str], str] = {}
    while ears.clock < limit_s and not (stop is not None and stop()):
        samples = source(CHUNK_S * 4)
        if samples is None:
            break
        # The menu the line is expected to read now, its own words (or every menu's, not knowing),
        # in the language the line speaks now.
        known, spoken = listener.current.known, listener.line_language
        prompt_key = (known.id if known is not None else None, spoken)
        if prompt_key not in prompts:
            prompts[prompt_key] = menu_prompt(listener.menus, known, spoken) if known is not None else \
                line_prompt(listener.menus, language=spoken)
        ears.listen_in(spoken, prompts[prompt_key])
        clock = ears.clock
        for stretch in ears.push(samples):
            handle(listener.hear(stretch.text, stretch.heard_at if realtime_lag else stretch.end))
            quiet_since = None
        pressed_here = [] if ears.clock <= ears.deaf_until else keys.push(samples, clock)
        for key in pressed_here:  # the caller pressed a key on their own phone (or in the recording)
            for stretch in ears.flush():  # what the line said up to the key belongs to this menu
                handle(listener.hear(stretch.text, stretch.end))
            listener.pressed(key)
            handle([Event("key", ears.clock, key=key)])
        send_due()
        if ears.detector.in_speech:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = ears.clock
        elif ears.clock - quiet_since > QUIET_MENU_S:
            handle(listener.menu_done(ears.clock))
            quiet_since = float("inf")
    for stretch in ears.flush():
        handle(listener.hear(stretch.text, stretch.end))
    send_due()
    handle(listener.finish(ears.clock))
    return events


class KeysHeard:
    """Keys pressed on the call (the caller's own phone, or a recording of the call): a DTMF
    receiver over the last moments of audio, each key reported once."""

    WINDOW_S = 1.5

    def __init__(self) -> None:
        self.buffer = np.zeros(0, dtype=np.float32)
        self.last_end = -1.0  # the end of the last key reported, seconds into the audio

    def push(self, samples: np.ndarray, clock: float) -> list[str]:
        from .. import dtmf

        self.buffer = np.concatenate([self.buffer, samples.astype(np.float32)])[-int(self.WINDOW_S * RATE):]
        start = clock + len(samples) / RATE - len(self.buffer) / RATE
        found = []
        for digit in dtmf.decode(self.buffer, RATE):
            begins, ends = start + digit.start, start + digit.end
            if begins > self.last_end + 0.02 and ends < start + len(self.buffer) / RATE - 0.05:
                found.append(digit.key)
                self.last_end = ends
        return found


QUIET_MENU_S = 2.5  # this long without speech after a menu: it has been said to the end


def wav_source(path: str) -> tuple[Source, Callable[[], None]]:
    """A recording of a call, read in pieces at 16 kHz (raises wavfile.AudioError for a bad file)."""
    from ..speech import pcm, wavfile

    info = wavfile.probe(path)
    blocks = pcm.resampled(wavfile.blocks(info), info.rate, RATE)
    buffered = np.zeros(0, dtype=np.float32)

    def read(seconds: float) -> np.ndarray | None:
        nonlocal buffered
        wanted = int(seconds * RATE)
        while len(buffered) < wanted:
            block = next(blocks, None)
            if block is None:
                break
            buffered = np.concatenate([buffered, block.astype(np.float32)])
        if not len(buffered):
            return None
        out, buffered = buffered[:wanted], buffered[wanted:]
        return out

    return read, lambda: None


def microphone_source(device: str | None) -> tuple[Source, Callable[[], None]]:
    """A microphone by the speakerphone, or a monitor source (raises NoAudio when there is none)."""
    from ..speech.microphone import Microphone

    microphone = Microphone(device)

    def read(seconds: float) -> np.ndarray | None:
        wanted, got = int(seconds * RATE) * 2, bytearray()
        while len(got) < wanted:
            block = microphone.read(timeout=2.0)
            if block is None:
                return np.zeros(0, dtype=np.float32) if got else None
            got += block
        return np.frombuffer(bytes(got), dtype="<i2").astype(np.float32) / 32768.0

    return read, microphone.close


def describe(event: Event, language: str = "en") -> str:
    """One line for the text mode and a screen reader, in the caller's language: each option
    once, as it is heard."""
    _ = i18n.gettext(language)
    if event.event == "option":
        key = key_words(event.key, language) if event.key else _("say")
        return _("heard: {key} - {label}").format(key=key, label=event.label or _("(words not caught)"))
    if event.event == "press":
        return _("press {key} - {label}").format(key=key_words(event.key or "", language), label=event.label)
    if event.event == "say":
        return _('say: "{words}"').format(words=event.text)
    if event.event == "key":
        return _("key {key} went to the line").format(key=key_words(event.key or "", language))
    kinds = {"ask": _("ask"), "note": _("note"), "changed": _("changed")}
    return f"{kinds.get(event.event, event.event)}: {event.text}"
