"""Whisper (faster-whisper on CTranslate2, CPU, int8): the default engine.

One pass over the utterance gives a full transcript that the matcher routes like typed text.
The menu biases what is heard: the decoding prompt is built from menus.yaml at start. Whisper
writes *something* for any sound, and is known to invent "Thank you." or "Thanks for watching!"
on silence and noise (its training subtitles end that way), so a transcript is only kept when
the Silero speech detector heard speech, the decoder itself says there is speech (no-speech
probability), is confident (average log-probability), did not loop (compression ratio), and
the text is not one of the known inventions (models/whisper-inventions.txt).
"""

from __future__ import annotations

import re
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..i18n import ui as _
from .models import PROJECT_MODELS
from .recognizer import SAMPLE_RATE, Heard, SpeechError
from .vad import WINDOW_MS, SpeechDetector
from .whisper_models import FoundWhisper

INVENTIONS = PROJECT_MODELS / "whisper-inventions.txt"
# Refusal thresholds. Whisper's own defaults are no-speech 0.6 (with log-probability -1.0) and
# compression 2.4; the speech minimum is what a one-word request ("Spanish") still clears.
MIN_SPEECH_MS = 200
# Silero's own 0.5 misses flite's voice through a phone line (the band above 4 kHz is empty);
# 0.3 still gives music, hum, coughs and noise at most two 32 ms windows (bench fixtures, tuning).
VAD_SPEECH = 0.3
NO_SPEECH = 0.6
MIN_LOGPROB = -1.0
MAX_COMPRESSION = 2.4
# A transcript the decoder is this sure of is routed like typed text; a less sure one must match
# a route clearly (the dialogue's stricter threshold for uncertain speech).
SURE_LOGPROB = -0.5
# The beam's other readings within this much average log-probability of the best are kept as
# alternatives: the dialogue may act on one when the best reading matches nothing and it matches a
# route clearly ("Other information." below "I'll have information.").
BEAM = 5
PROMPT_TOKENS = 100  # of a prompt, the first this many tokens (Whisper's context holds 224)
CLOSE_LOGPROB = 0.3
# The encoder sees at least 15 seconds (the request and silence after it), not a whole 30-second
# window: CTranslate2 takes shorter input, and the encoder's cost grows with its length (bench,
# tuning split: real-time factor 0.18 -> 0.08 with the same routes). 10 seconds cost accuracy in
# noise (pink 10 dB: 81% -> 39%), so 15 it is. 100 mel frames make a second.
MIN_WINDOW = 1500
TAIL_FRAMES = 200
FULL_WINDOW = 3000


@dataclass(frozen=True)
class Reading:
    """One decoding of an utterance, with the decoder's own evidence about it."""

    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split())


def load_inventions(path: Path = INVENTIONS) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(_plain(line) for line in lines if line.strip() and not line.startswith("#"))


def refusal(reading: Reading, speech_ms: int, inventions: frozenset[str]) -> str | None:
    """Why a reading is not a request (None when it may be one). Pure: the tests call it directly."""
    plain = _plain(reading.text)
    if speech_ms < MIN_SPEECH_MS:
        return "no speech"
    if not plain:
        return "no words"
    if reading.no_speech_prob > NO_SPEECH and reading.avg_logprob < MIN_LOGPROB / 2:
        return "the decoder heard no speech"
    if reading.avg_logprob < MIN_LOGPROB:
        return "the decoder was unsure"
    if reading.compression_ratio > MAX_COMPRESSION or _loops(plain):
        return "the decoder repeated itself"
    if plain in inventions:
        return "a known Whisper invention"
    return None


def _loops(plain: str) -> bool:
    words = plain.split()
    return len(words) >= 6 and len(set(words)) <= len(words) // 3


class WhisperRecognizer:
    name = "whisper"

    def __init__(self, found: FoundWhisper, prompt: str, beam_size: int = BEAM, threads: int = 2, language: str = "en") -> None:
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
            from faster_whisper.transcribe import get_suppressed_tokens
        except ImportError as error:  # pragma: no cover - the package is a dependency
            raise SpeechError(_("faster-whisper is not installed; run: bash setup.sh start")) from error
        try:
            self.model = WhisperModel(str(found.path), device="cpu", compute_type="int8", cpu_threads=threads)
        except Exception as error:  # CTranslate2 raises RuntimeError/ValueError with its own text
            raise SpeechError(_(
                "Whisper could not load the model in {path} ({error}); check it with: assistant models list"
            ).format(path=found.path, error=error)) from None
        self.found = found
        self.multilingual = multilingual = bool(self.model.model.is_multilingual)
        if language != "en" and not multilingual:
            raise SpeechError(_(
                "Whisper {name} hears English only; for {language} use a multilingual model (--model base)"
            ).format(name=found.name, language=language))
        self.language = language
        self._tokenizer_class = Tokenizer
        self.tokenizer = Tokenizer(self.model.hf_tokenizer, multilingual, task="transcribe",
                                   language=language if multilingual else None)
        self.suppress = list(get_suppressed_tokens(self.tokenizer, [-1]))
        self.prompt_text = ""
        self.prompt: list[int] = []
        self.expect(prompt)
        self.beam_size = beam_size
        self.inventions = load_inventions()
        self.detector = SpeechDetector()
        self._lock = threading.Lock()  # one decoding at a time: both cores go to it

    def use_language(self, language: str, prompt: str) -> None:
        """Transcribe `language` from now on (a multilingual model), expecting `prompt`'s words."""
        if language != self.language:
            if not self.multilingual:
                raise SpeechError(_(
                    "Whisper {name} hears English only; for {language} use a multilingual model"
                ).format(name=self.found.name, language=language))
            self.language = language
            self.tokenizer = self._tokenizer_class(self.model.hf_tokenizer, True, task="transcribe", language=language)
        self.expect(prompt)

    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]:
        """Which of `among` the speech is in, with Whisper's own language identification: the
        language and its share of the probability given to `among` (English-only models: "en", 1.0)."""
        if not self.multilingual:
            return "en", 1.0
        from faster_whisper.audio import pad_or_trim

        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        with self._lock:
            features = self.model.feature_extractor(audio)[..., :-1]
            frames = min(FULL_WINDOW, max(MIN_WINDOW, features.shape[-1] + TAIL_FRAMES))
            encoded = self.model.encode(pad_or_trim(features, frames + frames % 2))
            ranked = self.model.model.detect_language(encoded)[0]
        scores = {token.strip("<|>"): float(prob) for token, prob in ranked}
        total = sum(scores.get(code, 0.0) for code in among) or 1.0
        best = max(among, key=lambda code: scores.get(code, 0.0))
        return best, scores.get(best, 0.0) / total

    def expect(self, prompt: str) -> None:
        """What the next audio is likely to say, in the style it says it (Whisper's prompt)."""
        self.prompt_text = prompt
        prompt_tokens = self.tokenizer.encode(" " + prompt.strip())[:PROMPT_TOKENS] if prompt.strip() else []
        self.prompt = ([self.tokenizer.sot_prev, *prompt_tokens] if prompt_tokens else []) + \
            [*self.tokenizer.sot_sequence, self.tokenizer.no_timestamps]

    def speech_ms(self, audio: np.ndarray) -> int:
        with self._lock:
            probabilities = self.detector.probabilities(audio)
        return int(np.count_nonzero(probabilities > VAD_SPEECH)) * WINDOW_MS

    def readings(self, audio: np.ndarray, alternatives: int = 1, min_window: int = MIN_WINDOW) -> list[Reading]:
        """The best reading of the audio (and up to `alternatives` - 1 more from the beam). The
        encoder sees at least `min_window` frames (100 a second)."""
        from faster_whisper.audio import pad_or_trim

        with self._lock:
            features = self.model.feature_extractor(audio)[..., :-1]
            frames = min(FULL_WINDOW, max(min_window, features.shape[-1] + TAIL_FRAMES))
            encoded = self.model.encode(pad_or_trim(features, frames + frames % 2))
            beam = max(self.beam_size, alternatives)
            result: Any = self.model.model.generate(
                encoded, [self.prompt], beam_size=beam, num_hypotheses=alternatives, max_length=len(self.prompt) + 96,
                return_scores=True, return_no_speech_prob=True, suppress_blank=True,
                suppress_tokens=self.suppress, length_penalty=1.0,
            )[0]
        found = []
        for tokens, score in zip(result.sequences_ids, result.scores, strict=True):
            text = self.tokenizer.decode(tokens).strip()
            # The score is the log-probability per token; Whisper's average counts the end token too.
            avg_logprob = float(score) * len(tokens) / (len(tokens) + 1)
            found.append(Reading(text, avg_logprob, float(result.no_speech_prob), compression_ratio(text)))
        return found

    def recognize(self, pcm: bytes) -> Heard:
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        speech_ms = self.speech_ms(audio)
        if speech_ms < MIN_SPEECH_MS:
            return Heard("", self.name, "none", None)
        readings = self.readings(audio, alternatives=self.beam_size)
        best = readings[0]
        why = refusal(best, speech_ms, self.inventions)
        if why is not None:
            return Heard("", self.name, "none", -best.avg_logprob, open_text=best.text)
        source = "transcript" if best.avg_logprob >= SURE_LOGPROB else "open"
        close = tuple(dict.fromkeys(
            r.text for r in readings[1:]
            if r.avg_logprob >= best.avg_logprob - CLOSE_LOGPROB and refusal(r, speech_ms, self.inventions) is None
        ))
        return Heard(best.text, self.name, source, -best.avg_logprob, open_text=best.text, alternatives=close)

    def partial(self, pcm: bytes) -> str:
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        if len(audio) < SAMPLE_RATE // 4:
            return ""
        reading = self.readings(audio, alternatives=1)[0]
        return "" if refusal(reading, MIN_SPEECH_MS, self.inventions) else reading.text
