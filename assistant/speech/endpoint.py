"""Where speech starts, pauses and ends in a stream of audio.

Pure: frames in, events out. Whether a frame is speech is decided by the speech detector's
probability for it (Silero's, handed in by the ears), or, without one, by energy against an
adaptive noise floor. Besides "start", "audio" and "end", it says "pause" the moment speech stops (the
end-of-speech timer starts) and "resume" when speech comes back before the timer ran out, so a
recogniser can decode while the timer runs and drop that work if the person goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

FRAME_MS = 32  # 512 samples at 16 kHz: the window Silero VAD was trained on
# Above this speech probability a frame is speech: 0.3, not Silero's own 0.5, since a voice through
# a phone line's narrow band scores lower (see whisper_engine.VAD_SPEECH).
SPEECH = 0.3
SpeechKind = Literal["start", "audio", "pause", "resume", "end"]


@dataclass
class EndpointDetector:
    end_silence_ms: int = 800  # the end-of-speech timeout
    start_ms: int = 96  # this much speech starts an utterance
    pre_roll_ms: int = 300  # kept from before the start, so the first word is not cut
    margin_db: float = 10.0  # energy classifier: speech is this much above the noise floor
    min_db: float = -50.0  # and never quieter than this (dBFS)
    max_ms: int = 15_000  # a request is short; stop listening after this long
    floor_db: float = -60.0
    in_speech: bool = False
    _loud_ms: int = 0
    _quiet_ms: int = 0
    _speech_ms: int = 0
    _pre_roll: list[bytes] = field(default_factory=list)

    def reset(self) -> None:
        self.in_speech = False
        self._loud_ms = self._quiet_ms = self._speech_ms = 0
        self._pre_roll.clear()

    def _is_speech(self, frame: bytes, speech: float | None) -> bool:
        samples = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        level = 10 * float(np.log10(float(np.mean(samples * samples)) + 1e-12))
        if not self.in_speech:
            # The floor follows quiet audio quickly and loud audio slowly.
            self.floor_db += (level - self.floor_db) * (0.2 if level < self.floor_db else 0.02)
        if speech is not None:
            return speech > SPEECH
        return level > max(self.floor_db + self.margin_db, self.min_db)

    def frame(self, frame: bytes, speech: float | None = None) -> list[tuple[SpeechKind, bytes]]:
        """One 32 ms frame, and the speech detector's probability for it (None: judged by its energy)."""
        loud = self._is_speech(frame, speech)
        if not self.in_speech:
            self._pre_roll.append(frame)
            keep = self.pre_roll_ms // FRAME_MS
            del self._pre_roll[:-keep]
            self._loud_ms = self._loud_ms + FRAME_MS if loud else 0
            if self._loud_ms >= self.start_ms:
                self.in_speech, self._quiet_ms, self._speech_ms = True, 0, 0
                start = b"".join(self._pre_roll)
                self._pre_roll.clear()
                return [("start", start)]
            return []
        self._speech_ms += FRAME_MS
        events: list[tuple[SpeechKind, bytes]] = [("audio", frame)]
        if loud:
            if self._quiet_ms:
                events.append(("resume", b""))
            self._quiet_ms = 0
        else:
            if self._quiet_ms == 0:
                events.append(("pause", b""))
            self._quiet_ms += FRAME_MS
        if self._quiet_ms >= self.end_silence_ms or self._speech_ms >= self.max_ms:
            self.in_speech = False
            self._loud_ms = 0
            self._quiet_ms = 0
            events.append(("end", b""))
        return events
