"""Speech out: text to audio with pyttsx3 (espeak-ng on Linux), in a process of its own.

`Synthesizer.speech(text)` returns the samples; a worker that hangs past its time is killed and
started again, once, before the caller is told speech out does not work. Playing the samples is
`speaker`'s job, so the same speech can go to a device, a WAV file, or a simulated call.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..i18n import ui as _
from . import wavfile
from .wavfile import Samples

START_SECONDS = 15.0
# The accent each language is read in when the chosen voice does not speak it: the line's callers
# are in the US, so Latin American Spanish before the Spanish of Spain.
ACCENTS = {"en": ["en-us"], "es": ["es-419", "es"]}


class TTSError(RuntimeError):
    """Speech out does not work; the message says why in one line."""


@dataclass(frozen=True)
class VoiceSettings:
    voice: str | None = None  # a pyttsx3 voice id or name, e.g. "gmw/en-US"
    rate: int | None = None  # words per minute (pyttsx3's default is 200)
    volume: float | None = None  # 0.0 to 1.0

    def check(self) -> None:
        if self.rate is not None and not 80 <= self.rate <= 400:
            raise TTSError(_("--rate {rate} is out of range; give words per minute from 80 to 400").format(rate=self.rate))
        if self.volume is not None and not 0.0 <= self.volume <= 1.0:
            raise TTSError(_("--volume {volume:g} is out of range; give 0.0 to 1.0").format(volume=self.volume))


DEFAULT_VOICE = VoiceSettings()


class Synthesizer:
    def __init__(self, settings: VoiceSettings = DEFAULT_VOICE, worker: list[str] | None = None,
                 seconds_per_request: float = 10.0) -> None:
        settings.check()
        self.settings = settings
        # The worker's command line; tests give one that hangs or fails, to check recovery.
        self.worker = worker or [sys.executable, "-m", "assistant.speech.tts_worker"]
        self.seconds_per_request = seconds_per_request
        self.voices: list[dict[str, Any]] = []
        self.voice_id = ""  # the voice the worker speaks with (named by the worker when none was chosen)
        self._others: dict[str, Synthesizer] = {}  # other languages' voices, each in its own worker
        self._process: subprocess.Popen[str] | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="assistant-tts-")
        self._start()

    def _start(self) -> None:
        self.close_worker()
        config = {"voice": self.settings.voice, "rate": self.settings.rate, "volume": self.settings.volume}
        try:
            self._process = subprocess.Popen(
                [*self.worker, json.dumps(config)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
            )
        except OSError as error:
            raise TTSError(_("cannot start the speech worker: {error}").format(error=error)) from None
        answer = self._read(START_SECONDS)
        if answer is None or "error" in answer:
            self.close_worker()
            why = _why(answer) if answer else _("no answer in {seconds:.0f} seconds").format(seconds=START_SECONDS)
            raise TTSError(_("speech out (pyttsx3 with espeak-ng) does not work: {why}").format(why=why))
        self.voices = answer.get("voices", [])
        self.voice_id = str(answer.get("voice") or "")

    def _read(self, seconds: float) -> dict[str, Any] | None:
        process = self._process
        if process is None or process.stdout is None:
            return None
        ready = select.select([process.stdout], [], [], seconds)[0]
        if not ready:
            return None
        line = process.stdout.readline()
        return json.loads(line) if line.strip() else None

    def speech(self, text: str, language: str | None = None) -> tuple[Samples, int]:
        """The text spoken, as float samples and their rate; TTSError if that cannot be done. With
        a language, a voice that speaks it (the chosen voice when it does)."""
        other = voice_for(language, self.voice_id, self.voices) if language else None
        if other is not None:
            return self._other(other).speech(text)
        last = ""
        for _attempt in range(2):  # a hung or broken worker gets one fresh start
            if self._process is None or self._process.poll() is not None:
                self._start()
            path = os.path.join(self._folder.name, "speech.wav")
            if os.path.exists(path):
                os.unlink(path)
            assert self._process is not None and self._process.stdin is not None
            try:
                self._process.stdin.write(json.dumps({"text": text, "path": path, "language": language}) + "\n")
                self._process.stdin.flush()
            except BrokenPipeError:
                last = _("the speech worker stopped")
                self.close_worker()
                continue
            answer = self._read(self.seconds_per_request + len(text) / 15)
            if answer is not None and answer.get("done") and os.path.exists(path) and os.path.getsize(path) > 44:
                info = wavfile.probe(path)
                pieces = list(wavfile.blocks(info))
                return (np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)), info.rate
            last = _why(answer) if answer and "error" in answer else _("the speech worker did not answer in time")
            self.close_worker()  # hung or confused: kill it; the next attempt starts a new one
        raise TTSError(_("speech out failed: {last}").format(last=last))

    def to_file(self, text: str, path: str | os.PathLike[str], language: str | None = None) -> None:
        samples, rate = self.speech(text, language)
        wavfile.write(path, samples, rate)

    def close_worker(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
            self._process = None

    def _other(self, voice: str) -> Synthesizer:
        """Another language's voice, in a worker of its own: espeak-ng does not sound the same
        after it has used another language's voice in the same process (a variant like en-US+f2
        comes back changed), so voices are never switched inside one worker."""
        if voice not in self._others:
            self._others[voice] = Synthesizer(VoiceSettings(voice, self.settings.rate, self.settings.volume), self.worker,
                                              self.seconds_per_request)
        return self._others[voice]

    def close(self) -> None:
        for other in self._others.values():
            other.close()
        self._others.clear()
        self.close_worker()
        self._folder.cleanup()


def voice_for(language: str, chosen: str, voices: list[dict[str, Any]]) -> str | None:
    """The voice to read `language` with when the chosen voice does not speak it (None: it does,
    or no voice does): that language's voice in its preferred accent (ACCENTS), else any of it,
    with the chosen voice's espeak-ng variant ("+f3": a woman's voice stays a woman's)."""
    speaks: list[str] = next((v["languages"] for v in voices if v["id"].lower() == chosen.split("+")[0].lower()), [])
    if any(str(code).lower().split("-")[0] == language for code in speaks):
        return None
    of_language = [v for v in voices if any(str(code).lower().split("-")[0] == language for code in v["languages"])]
    variant = "+" + chosen.split("+", 1)[1] if "+" in chosen else ""
    for accent in ACCENTS.get(language, []):
        found = next((v for v in of_language if accent in [str(code).lower() for code in v["languages"]]), None)
        if found is not None:
            return str(found["id"]) + variant
    return str(of_language[0]["id"]) + variant if of_language else None


def _why(answer: dict[str, Any]) -> str:
    """The worker's error, in the assistant's words where it names one it knows."""
    if answer.get("no_voice"):
        return _("no voice called {voice!r}; see: assistant voices").format(voice=answer["no_voice"])
    return str(answer["error"])
