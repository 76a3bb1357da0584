"""Requests: the stage the ears feed for the voice mode and the window.

Hands-free, an utterance ends when the end-of-speech timer runs out; push-to-talk, when the person
says so. Whisper needs the whole utterance and takes longer than a short pause, so when speech
pauses the audio so far is decoded on a worker thread (`EarlyDecoder`); if speech resumes that
result is dropped, and when the timer ends it is used (it holds every word: only silence came
after), so the answer is ready when the request ends. A streaming engine (PocketSphinx) decodes as
audio arrives and needs none of this.

One decoding runs at a time, and only the latest pause waits its turn: through a phone's band the
speech detector flickers between words (ten pauses in a four-second request), and every one of them
decoded in turn once held the last one back past the end of the timer. A pause is decoded only once
it has lasted EARLY_AFTER_MS, so the gaps between words are mostly never decoded at all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..heard import Heard
from .ears import Ears, Speech
from .endpoint import FRAME_MS, EndpointDetector, SpeechKind
from .recognizer import Recognizer, Utterance

# Quiet this long before the audio so far is decoded early. The timer is 800 ms by default, and
# tiny.en reads a request in 300 to 500 ms on two cores, so the reading is still ready in time.
EARLY_AFTER_MS = 160


@dataclass(frozen=True)
class Said:
    """What the person said, as soon as it is known (`done` False: show the words) and once the
    request has ended (`done`: decide on it; `shown`: its words were shown already)."""

    heard: Heard
    done: bool
    shown: bool = False


class Requests:
    def __init__(self, recognizer: Recognizer, hands_free: bool = True, end_silence_ms: int = 800) -> None:
        # Silero tells speech for Whisper (its package ships the model); the grammar engines were
        # tuned with the energy detector.
        detector = None
        if recognizer.name == "whisper":
            from .vad import SpeechDetector

            detector = SpeechDetector()
        self.ears = Ears(recognizer, detector, EndpointDetector(end_silence_ms=end_silence_ms))
        self.decoder = EarlyDecoder(recognizer)
        self.hands_free = hands_free
        self.talking = False  # push-to-talk: between talk(True) and talk(False)

    @property
    def listening(self) -> bool:
        """In the middle of an utterance."""
        return self.talking or self.decoder.listening

    def push(self, block: bytes) -> list[Said]:
        """A block of the microphone's audio (16-bit, 16 kHz)."""
        said: list[Said] = []
        if self.talking:
            self.decoder.feed(block)
        elif self.hands_free:
            for sound in self.ears.push(block):
                if isinstance(sound, Speech) and self.decoder.handle(sound.kind, sound.pcm):  # the timer ran out
                    heard = self.decoder.finish()
                    said.append(Said(heard, True, self.decoder.was_shown(heard)))
        early = self.decoder.fresh()
        if early is not None:
            said.append(Said(early, False))
        return said

    def talk(self, on: bool) -> list[Said]:
        """Push-to-talk: start (True), or stop and decide (False)."""
        if on:
            self.decoder.begin()
            self.talking = True
            return []
        if not self.talking:
            return []
        self.talking = False
        heard = self.decoder.finish()
        return [Said(heard, True, self.decoder.was_shown(heard))]

    def reset(self) -> None:
        """Forget what was half heard (the assistant spoke, or the way of talking changed)."""
        self.ears.reset()
        self.decoder.drop()


class EarlyDecoder:
    def __init__(self, recognizer: Recognizer) -> None:
        self.recognizer = recognizer
        self.audio: list[bytes] = []
        self._stream: Utterance | None = None
        self._early: threading.Thread | None = None
        self._early_heard: Heard | None = None
        self._early_error: BaseException | None = None
        self._shown: Heard | None = None  # the early result already handed out by fresh()
        self.generation = 0  # bumped when speech resumes: an older early result is stale
        self.listening = False  # between the detector's "start" and "end"
        self._quiet_ms: int | None = None  # how long speech has paused (None: not paused, or decoding already)
        self._wanted: tuple[int, bytes] | None = None  # the latest audio to decode early, and its generation
        self._working = False  # the worker thread is decoding, or about to
        self._guard = threading.Lock()  # over _wanted and _working

    def handle(self, kind: SpeechKind, data: bytes) -> bool:
        """One endpoint-detector event; True when the utterance has ended (call finish())."""
        if kind == "start":
            self.begin(data)
            self.listening = True
        elif not self.listening:
            return False
        elif kind == "audio":
            self.feed(data)
            if self._quiet_ms is not None:
                self._quiet_ms += FRAME_MS
                if self._quiet_ms >= EARLY_AFTER_MS:
                    self._quiet_ms = None
                    self.pause()
        elif kind == "pause":
            self._quiet_ms = 0
        elif kind == "resume":
            self._quiet_ms = None
            self.resume()
        elif kind == "end":
            self.listening = False
            return True
        return False

    def fresh(self) -> Heard | None:
        """The early result once, the first time it is ready with words (for the live transcript)."""
        early = self._early_heard
        if early is None or early is self._shown or not early.transcript:
            return None
        self._shown = early
        return early

    def was_shown(self, heard: Heard) -> bool:
        """finish() gave the result fresh() already handed out."""
        return heard is self._shown

    def begin(self, pre_roll: bytes = b"") -> None:
        self.drop()
        self._shown = None
        self._stream = self.recognizer.begin()
        self.audio = []
        if pre_roll:
            self.feed(pre_roll)

    def feed(self, block: bytes) -> None:
        self.audio.append(block)
        if self._stream is not None:
            self._stream.feed(block)

    def pause(self) -> None:
        """Speech stopped: decode what there is, on the worker thread (after the decoding in hand,
        if one is; a later pause replaces this one while it waits)."""
        if self._stream is not None:
            return
        self._early_heard, self._early_error = None, None
        with self._guard:
            self._wanted = (self.generation, b"".join(self.audio))
            if self._working:
                return  # the worker takes it when the decoding in hand is done
            self._working = True
        self._early = threading.Thread(target=self._work, name="early-decode", daemon=True)
        self._early.start()

    def _work(self) -> None:
        while True:
            with self._guard:
                if self._wanted is None:
                    self._working = False
                    return
                (generation, audio), self._wanted = self._wanted, None
            if generation != self.generation:
                continue  # speech resumed before its turn came
            try:
                heard = self.recognizer.recognize(audio)
            except BaseException as error:  # handed to finish(), which raises it on the caller's thread
                self._early_error = error
                continue
            if generation == self.generation:
                self._early_heard = heard

    def resume(self) -> None:
        """Speech came back: the early decoding no longer covers the request."""
        self.generation += 1
        self._early_heard = None

    @property
    def streaming(self) -> bool:
        """A streaming engine is decoding as audio arrives (it can give partial words)."""
        return self._stream is not None

    def partial(self) -> str:
        return self._stream.partial() if self._stream is not None else ""

    def finish(self) -> Heard:
        """The end-of-speech timer ran out: the decision's input."""
        audio = b"".join(self.audio)
        if self._stream is not None:
            stream, self._stream = self._stream, None
            return self.recognizer.settle(audio, stream.finish())
        if self._early is not None:
            self._early.join()
            self._early = None
            if self._early_error is not None:
                raise self._early_error
            if self._early_heard is not None:
                heard, self._early_heard = self._early_heard, None
                return self.recognizer.settle(audio, heard)
        return self.recognizer.settle(audio, self.recognizer.recognize(audio))

    def drop(self) -> None:
        """Abandon an utterance half heard (a streaming decoder holds its engine until finished)."""
        if self._stream is not None:
            self._stream.finish(fallback=False)
            self._stream = None
        self.generation += 1
        self._early_heard = None
        self._quiet_ms = None
        self.audio = []
        self.listening = False
