"""Saying answers aloud: text made speakable (`spoken`), synthesised (`tts`), and played on the
speaker or written to a WAV file. With `to_file`, every answer of the session is kept, in
order, in that one file (rewritten atomically after each)."""

from __future__ import annotations

import os

import numpy as np

from .. import spoken
from . import wavfile
from .speaker import Speaker
from .tts import Synthesizer, VoiceSettings
from .wavfile import Samples

GAP_S = 0.4  # silence between two answers in the file


class SpeechOut:
    def __init__(self, synthesizer: Synthesizer, speaker: Speaker | None = None,
                 to_file: str | os.PathLike[str] | None = None) -> None:
        self.synthesizer = synthesizer
        self.speaker = speaker
        self.to_file = to_file
        self._said: list[Samples] = []
        self._rate = 0

    def say(self, text: str, language: str = "en") -> None:
        """Say `text`, written in `language`, with a voice that speaks it."""
        samples, rate = self.synthesizer.speech(spoken.for_speech(text, language), language)
        if self.to_file is not None:
            if self._said and rate != self._rate:
                raise ValueError("the voice changed its sample rate mid-session")
            self._rate = rate
            if self._said:
                self._said.append(np.zeros(int(GAP_S * rate), dtype=np.float32))
            self._said.append(samples)
            wavfile.write(self.to_file, np.concatenate(self._said), rate)
        elif self.speaker is not None:
            self.speaker.play(samples, rate)

    def close(self) -> None:
        self.synthesizer.close()


def open_speech(voice: str | None = None, rate: int | None = None, volume: float | None = None, speaker: str | None = None,
                to_file: str | None = None) -> SpeechOut:
    """Speech out on a speaker, or into a WAV file: TTSError (no voice) or NoAudio (no speaker) when there is none."""
    synthesizer = Synthesizer(VoiceSettings(voice, rate, volume))
    try:
        return SpeechOut(synthesizer, to_file=to_file) if to_file else SpeechOut(synthesizer, Speaker(speaker))
    except Exception:
        synthesizer.close()
        raise
