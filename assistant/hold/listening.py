"""The held call's stage of the ears: audio -> sound features and speech probabilities -> the tracker.

Audio in (16 kHz), cut into 64 ms blocks by the ears: each block's sound features and Silero's
speech probability (at the line's 8 kHz) go to `HoldTracker.push`; when the tracker asks for the
words of a stretch of speech, Whisper reads that stretch from the last seconds of audio the ears
keep, and the words go back with the time decoding took. Only the last seconds are kept, so an
hour costs what a minute does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np

from ..speech.audio import Source
from ..speech.ears import Block, Ears
from ..speech.recognizer import Recognizer
from ..speech.vad import SpeechDetecting
from ..waits import Outcome
from . import history
from .sound import BLOCK, features
from .tracker import HoldEvent, HoldTracker

KEEP_S = MAX_READ_S = 22.0  # audio kept for reading a stretch (a stretch is at most 20 s)
PRE_ROLL_S = 0.4  # read from a little before the stretch was found to start (the detector is late)

# Whisper's encoder sees at least this many frames (100 a second). A held call's stretches are read
# often and early, so a short window (its cost grows with its length) keeps the call-back quick.
READ_WINDOW = 800
# The whole stretch, read once at its end, gets the window the request engine uses: a short word
# ("Hello?") is read with more confidence in it (tiny.en: log-probability -1.27 -> -0.91).
FINAL_WINDOW = 1500


class HoldEars:
    def __init__(self, recognizer: Recognizer, detector: SpeechDetecting, lang: str = "en", window: int = READ_WINDOW) -> None:
        self.ears = Ears(recognizer, detector, block=BLOCK, keep_s=KEEP_S)
        self.window = window
        self.tracker = HoldTracker(lang)

    @property
    def clock(self) -> float:
        return self.tracker.clock

    @property
    def recognizer(self) -> Recognizer:
        return self.ears.recognizer

    @property
    def outcome(self) -> Outcome:
        tracker = self.tracker
        return "person" if tracker.person_at is not None else "ended" if tracker.ended_at is not None else "stopped"

    def push(self, samples: np.ndarray) -> list[HoldEvent]:
        events: list[HoldEvent] = []
        for start in range(0, len(samples), BLOCK):  # a block at a time: a stretch is read from what the ears keep
            for sound in self.ears.push(samples[start:start + BLOCK]):
                if isinstance(sound, Block) and not self.tracker.done:
                    speech = float(np.max(sound.speech)) if len(sound.speech) else 0.0
                    events += self.tracker.push(features(sound.samples), speech)
                    asked = self.tracker.wants_words()
                    if asked is not None:
                        events += self._read(asked)
            if self.tracker.done:
                break
        return events

    def _read(self, asked: str) -> list[HoldEvent]:
        stretch = self.tracker.stretch if asked == "partial" else self.tracker.last
        assert stretch is not None
        ends = self.tracker.clock if stretch.end is None else min(self.tracker.clock, stretch.end + 0.3)
        starts = max(stretch.start - PRE_ROLL_S, ends - MAX_READ_S)
        text, took = self.ears.read(starts, ends, self.window if asked == "partial" else FINAL_WINDOW)
        return self.tracker.words(text, took)

    def finish(self) -> list[HoldEvent]:
        return self.tracker.finish()


def open_hold_ears(model: str | None = None, lang: str = "en") -> HoldEars:
    """Whisper (beam 1: a held call is read often, and only a few words matter) and Silero VAD at the
    line's 8 kHz. A queue in English is read by tiny.en (or `model`); one in another language (the
    Spanish branch's queue) by the multilingual model, or by `model` if that one is multilingual."""
    from ..speech.engines import find_whisper, whisper
    from ..speech.vad import PhoneSpeechDetector
    from .words import phrases

    recognizer = whisper(find_whisper(model, lang), phrases(lang).prompt, lang, beam_size=1)
    return HoldEars(recognizer, PhoneSpeechDetector(), lang)


def follow_hold(source: Source, ears: HoldEars, emit: Callable[[HoldEvent], None], limit_s: float = 4 * 3600.0,
                stop: Callable[[], bool] | None = None, read_s: float = 0.256, started: datetime | None = None,
                route: str | None = None) -> list[HoldEvent]:
    """Listen until a person answers, the call ends, the audio ends, or `stop` says so. A live wait
    (`started`: when it began) joins the caller's hold history; a recording is not a wait of theirs."""
    events: list[HoldEvent] = []
    try:
        while ears.clock < limit_s and not ears.tracker.done and not (stop is not None and stop()):
            samples = source(read_s)
            if samples is None:
                break
            for event in ears.push(samples):
                events.append(event)
                emit(event)
        for event in ears.finish():
            events.append(event)
            emit(event)
    finally:
        if started is not None:
            history.record(started, timedelta(seconds=ears.tracker.person_at or ears.clock), ears.outcome, route)
    return events
