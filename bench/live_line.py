"""The simulated line as a live call, for measuring and testing the live-line listener: `LiveLine.read`
gives what the line says as it says it (through the 8 kHz µ-law channel, at the listener's rate),
and `press` sends a key's tones into its DTMF receiver at that moment, while it talks, as real
lines allow. Each option's sentence is timed, so a listener's delay can be measured from the end
of the option it pressed for."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from assistant import dtmf, g711
from assistant.menu import Layout, Menus
from assistant.simulated import line as simulated_line
from assistant.simulated.rehearsal import DEFAULT_TONES, RATE, WORDS_PER_SECOND, Voice, to_line
from assistant.speech.audio import RATE as LISTENER_RATE
from assistant.speech.audio import resample
from assistant.speech.wavfile import Samples

BREATH_S = 0.35  # a line leaves this much silence after each sentence (between options)


def line_sentence(voice: Voice | None, sentence: str, rate: int, language: str = "en") -> Samples:
    """One sentence as the line says it: spoken (stand-in silence without a voice), through the
    µ-law channel, then a breath; at `rate`, for whoever listens to the line."""
    if voice is not None:
        speech, speech_rate = voice(sentence, language)
        audio = g711.round_trip(to_line(speech, speech_rate))
    else:
        audio = np.zeros(int(RATE * max(1.0, len(sentence.split()) / WORDS_PER_SECOND)), dtype=np.float32)
    return resample(np.concatenate([audio, np.zeros(int(RATE * BREATH_S), dtype=np.float32)]), RATE, rate)

class LiveLine:
    """The line as a running call (see the module's docstring)."""

    def __init__(self, menus: Menus, layout: Layout, now: datetime, voice: Voice | None, style: int = 0,
                 rate: int = LISTENER_RATE, tones: dtmf.ToneSettings = DEFAULT_TONES) -> None:
        self.line = simulated_line.SimulatedLine(menus, layout, now, style)
        self.menus = menus
        self.voice = voice
        self.rate = rate
        self.tones = tones
        self.clock = 0.0  # seconds of the call handed out by read()
        self._queue: list[tuple[Samples, str]] = []  # audio still to play (at `rate`) and the sentence it says
        self._silent = 0.0  # seconds of silence since the line stopped talking
        self.said: list[tuple[float, float, str]] = []  # (start, end, sentence) of everything played
        self.pressed: list[tuple[float, str]] = []  # (time, key) the receiver decoded
        self._started: float | None = None  # when the sentence now playing began
        self._speak(self.line.answer())

    @property
    def ended(self) -> bool:
        return self.line.ended and not self._queue

    def read(self, seconds: float) -> Samples | None:
        """The next `seconds` of the call; None once it has ended and everything was played."""
        if self.ended:
            return None
        want = round(seconds * self.rate)
        out: list[Samples] = []
        while want > 0:
            if not self._queue:
                if self.line.ended:
                    break
                out.append(np.zeros(want, dtype=np.float32))
                self.clock += want / self.rate
                self._silent += want / self.rate
                if self._silent * 1000 >= self.menus.simulation.wait_for_key_ms:
                    self._silent = 0.0
                    self._speak(self.line.no_key())
                break
            audio, sentence = self._queue[0]
            if self._started is None:
                self._started = self.clock
            piece = audio[:want]
            out.append(piece)
            want -= len(piece)
            self.clock += len(piece) / self.rate
            if len(piece) == len(audio):
                self._queue.pop(0)
                self.said.append((round(self._started, 3), round(self.clock, 3), sentence))
                self._started = None
            else:
                self._queue[0] = (audio[len(piece):], sentence)
        return np.concatenate(out) if out else None

    def press(self, key: str) -> Samples:
        """The caller's tones for `key`, heard by the line's receiver now; returns them (the
        microphone beside the phone hears them too). The line stops talking and answers."""
        tones = dtmf.generate([key], RATE, self.tones)
        digits = [digit.key for digit in dtmf.decode(g711.round_trip(tones), RATE)]
        said: list[str] = []
        for digit in digits:
            self.pressed.append((round(self.clock, 3), digit))
            said += self.line.press(digit)
        if said or digits:
            if self._queue and self._started is not None:  # cut off mid-sentence: it was said up to now
                self.said.append((round(self._started, 3), round(self.clock, 3), self._queue[0][1] + " (cut off)"))
            self._queue.clear()  # the line cuts itself off to answer the key
            self._started = None
            self._silent = 0.0
            self._speak(said)
        return resample(g711.round_trip(tones), RATE, self.rate)

    def _speak(self, sentences: list[str]) -> None:
        for sentence in sentences:
            self._queue.append((line_sentence(self.voice, sentence, self.rate, self.line.language), sentence))
