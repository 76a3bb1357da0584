"""The one adapter between audio and everything that listens to it: requests (`speech.utterance`),
the live line (`line.hearing`) and hold (`hold.listening`) are the stages it feeds.

Audio (the microphone's 16-bit blocks, or a call's float samples, at 16 kHz) is taken `block`
samples at a time, each 32 ms frame judged by a speech detector (Silero at 16 kHz for requests and
menus, at 8 kHz for a held call). Out come `Sound` events: each block with its frames' speech
probabilities (`Block`); with an endpoint detector, speech starting, pausing, resuming and ending
(`Speech`) and each stretch whole (`Stretch`); when asked, the DTMF keys pressed (`Key`). The last
seconds are kept, for the recogniser (from the one engine cache, `speech.engines`) to read.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from dataclasses import dataclass

import numpy as np

from ..heard import Heard
from .audio import RATE, from_pcm16, to_pcm16
from .endpoint import FRAME_MS, EndpointDetector, SpeechKind
from .recognizer import Recognizer
from .vad import SpeechDetecting

FRAME = RATE * FRAME_MS // 1000  # samples a speech detector judges at once


@dataclass(frozen=True)
class Block:
    samples: np.ndarray
    speech: np.ndarray  # the speech probability of each 32 ms frame of it (none without a detector)


@dataclass(frozen=True)
class Speech:
    kind: SpeechKind
    pcm: bytes = b""  # start: the audio kept from before it; audio: one frame


@dataclass(frozen=True)
class Stretch:
    """A stretch of speech, whole, as it ended (or as the audio ended in it)."""

    start: float  # seconds into the audio
    end: float  # when the speech stopped
    pcm: bytes
    ended_at: float  # when its end was known (the end of speech and the pause after it)


@dataclass(frozen=True)
class Key:
    key: str  # a DTMF key pressed on the call (the caller's own phone, or a recording of the call)


Sound = Block | Speech | Stretch | Key


class Ears:
    def __init__(self, recognizer: Recognizer, detector: SpeechDetecting | None = None,
                 endpointer: EndpointDetector | None = None, block: int = FRAME, keep_s: float = 0.0,
                 keys: bool = False) -> None:
        """`detector`: None judges speech by energy (the grammar engines). `keep_s`: seconds of audio
        kept for reading. `keys`: listen for DTMF as well."""
        self.recognizer = recognizer
        self.detector = detector
        self.endpointer = endpointer
        self.block = block
        self.clock = 0.0  # seconds of audio taken in
        self.busy = 0.0  # seconds spent decoding (wall clock)
        self._pending = np.zeros(0, dtype=np.float32)
        self._pending_pcm = b""  # the same audio as the 16-bit blocks it came in, kept exact
        self._kept: deque[np.ndarray] = deque(maxlen=int(keep_s * RATE / block) if keep_s else 0)
        self._keys = KeyReceiver() if keys else None
        self._deaf_until = 0.0
        self._stretch = bytearray()
        self._stretch_start = 0.0

    @property
    def in_speech(self) -> bool:
        return self.endpointer is not None and self.endpointer.in_speech

    def deaf(self, seconds: float) -> None:
        """Our own sound (tones we press) is coming: hear silence instead."""
        self._deaf_until = max(self._deaf_until, self.clock) + seconds

    def reset(self) -> None:
        """Forget speech half heard (the person spoke over the assistant)."""
        if self.endpointer is not None:
            self.endpointer.reset()
        self._stretch = bytearray()
        self._pending, self._pending_pcm = np.zeros(0, dtype=np.float32), b""

    def push(self, audio: np.ndarray | bytes) -> list[Sound]:
        """Audio in (float samples, or 16-bit PCM); what it held out."""
        samples = from_pcm16(audio) if isinstance(audio, bytes) else audio.astype(np.float32, copy=False)
        if isinstance(audio, bytes):
            self._pending_pcm += audio
        clock = self.clock
        pending = np.concatenate([self._pending, samples]) if len(self._pending) else samples
        count = len(pending) // self.block
        sounds: list[Sound] = []
        for index in range(count):
            block = pending[index * self.block:(index + 1) * self.block]
            pcm = self._pending_pcm[index * self.block * 2:(index + 1) * self.block * 2] if self._pending_pcm else None
            if self.clock < self._deaf_until:
                block, pcm = np.zeros_like(block), None
            self.clock += len(block) / RATE
            if self._kept.maxlen:
                self._kept.append(block)
            sounds += self._hear(block, pcm)
        self._pending = pending[count * self.block:]
        self._pending_pcm = self._pending_pcm[count * self.block * 2:]
        if self._keys is not None and self.clock > self._deaf_until:
            sounds += [Key(key) for key in self._keys.push(samples, clock)]
        return sounds

    def _hear(self, block: np.ndarray, pcm: bytes | None) -> list[Sound]:
        if self.endpointer is None:
            speech = self.detector.push(block) if self.detector is not None else np.zeros(0, dtype=np.float32)
            return [Block(block, speech)]
        pcm = pcm if pcm is not None else to_pcm16(block)
        sounds: list[Sound] = []
        for start in range(0, len(pcm), FRAME * 2):
            frame = pcm[start:start + FRAME * 2]
            probability = float(self.detector.push(from_pcm16(frame))[-1]) if self.detector is not None else None
            for kind, data in self.endpointer.frame(frame, probability):
                if kind == "start":
                    self._stretch = bytearray(data)
                    self._stretch_start = self.clock - len(data) / 2 / RATE
                elif kind == "audio":
                    self._stretch += data
                sounds.append(Speech(kind, data))
                if kind == "end":
                    end = self.clock - self.endpointer.end_silence_ms / 1000
                    sounds.append(Stretch(self._stretch_start, end, bytes(self._stretch), self.clock))
                    self._stretch = bytearray()
        return sounds

    def flush(self) -> list[Stretch]:
        """The audio ended mid-speech: the stretch so far."""
        if not self.in_speech or not self._stretch:
            return []
        assert self.endpointer is not None
        self.endpointer.reset()
        stretch = Stretch(self._stretch_start, self.clock, bytes(self._stretch), self.clock)
        self._stretch = bytearray()
        return [stretch]

    # -- reading ----------------------------------------------------------------------------------

    def recognize(self, pcm: bytes) -> tuple[Heard, float]:
        """What the recogniser hears in an utterance, and the seconds it took."""
        began = time.perf_counter()
        heard = self.recognizer.recognize(pcm)
        took = time.perf_counter() - began
        self.busy += took
        return heard, took

    def read(self, start: float, end: float, window: int) -> tuple[str, float]:
        """The words of the kept audio from `start` to `end` (seconds into the audio), and the seconds it took."""
        audio = self.kept(start, end)
        began = time.perf_counter()
        text = self.recognizer.read(audio, window)
        took = time.perf_counter() - began
        self.busy += took
        return text, took

    def kept(self, start: float, end: float) -> np.ndarray:
        if not self._kept:
            return np.zeros(0, dtype=np.float32)
        # Only the blocks the span covers are joined (a stretch is read several times a second).
        first = self.clock - len(self._kept) * self.block / RATE
        begin = max(0, int((start - first) * RATE))
        stop = max(begin, int((end - first) * RATE))
        blocks = list(itertools.islice(self._kept, begin // self.block, -(-stop // self.block)))
        if not blocks:
            return np.zeros(0, dtype=np.float32)
        offset = begin // self.block * self.block
        return np.concatenate(blocks)[begin - offset:stop - offset]


class KeyReceiver:
    """Keys pressed on the call: a DTMF receiver over the last moments of audio, each key reported once."""

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
