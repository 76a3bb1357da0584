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
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ..heard import Heard, HeardFrom
from ..i18n import ui as _
from ..words import tokens
from . import PROJECT_MODELS
from .audio import RATE, from_pcm16
from .recognizer import Reading, SpeechError, Utterance
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


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def said_once(text: str) -> str:
    """A reading that is one sentence said again and again ("I need to change my address. I need to
    change my address.") is that sentence once: Whisper repeats a short, clean utterance when its
    window is mostly silence, and a person's repeat means no more than the first time."""
    sentences = [part.strip() for part in re.split(r"(?<=[.?!])\s+", text.strip()) if part.strip()]
    if len(sentences) > 1 and len({_plain(sentence) for sentence in sentences}) == 1 and _plain(sentences[0]):
        return sentences[0]
    return text


def _plain(text: str) -> str:
    return " ".join(tokens(text))


@cache
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


class WhisperModel:
    """One Whisper model loaded (CTranslate2, CPU, int8), shared by every recogniser that reads with
    it: the engine cache (`engines.whisper_model`) keeps one per model per process."""

    def __init__(self, found: FoundWhisper, threads: int = 2) -> None:
        try:
            from faster_whisper import WhisperModel as Loaded
            from faster_whisper.tokenizer import Tokenizer
            from faster_whisper.transcribe import get_suppressed_tokens
        except ImportError as error:  # pragma: no cover - the package is a dependency
            raise SpeechError(_("faster-whisper is not installed; run: bash setup.sh start")) from error
        try:
            self.model = Loaded(str(found.path), device="cpu", compute_type="int8", cpu_threads=threads)
        except Exception as error:  # CTranslate2 raises RuntimeError/ValueError with its own text
            raise SpeechError(_(
                "Whisper could not load the model in {path} ({error}); check it with: assistant models list"
            ).format(path=found.path, error=error)) from None
        self.found = found
        self.multilingual = bool(self.model.model.is_multilingual)
        self._tokenizer_class = Tokenizer
        self._tokenizers: dict[str, Any] = {}
        self.suppress = list(get_suppressed_tokens(self.tokenizer("en"), [-1]))
        self.inventions = load_inventions()
        self.detector = SpeechDetector()
        self.lock = threading.Lock()  # one decoding at a time: both cores go to it

    def tokenizer(self, language: str) -> Any:
        if language not in self._tokenizers:
            self._tokenizers[language] = self._tokenizer_class(self.model.hf_tokenizer, self.multilingual, task="transcribe",
                                                               language=language if self.multilingual else None)
        return self._tokenizers[language]

    def encode(self, audio: np.ndarray, min_window: int) -> Any:
        """The encoder's output for the audio, which it sees as at least `min_window` frames (call under `lock`)."""
        from faster_whisper.audio import pad_or_trim

        features = self.model.feature_extractor(audio)[..., :-1]
        frames = min(FULL_WINDOW, max(min_window, features.shape[-1] + TAIL_FRAMES))
        return self.model.encode(pad_or_trim(features, frames + frames % 2))


    def sound_print(self, audio: np.ndarray) -> np.ndarray:
        """What the encoder made of the audio, in one vector: the mean and spread of its frames over
        the speech (the input of `language_id`)."""
        with self.lock:
            return print_of(self.encode(audio, MIN_WINDOW), len(audio))


def print_of(encoded: Any, samples: int) -> np.ndarray:
    """The mean and spread of the encoder's frames that cover `samples` of audio."""
    frames = np.asarray(encoded)[0]
    frames = frames[:max(1, min(len(frames), samples // 320))]  # one frame a 20 ms
    return np.concatenate([frames.mean(axis=0), frames.std(axis=0)]).astype(np.float32)


class WhisperRecognizer:
    """Whisper reading in one language with one prompt: a light view of a shared `WhisperModel`."""

    name = "whisper"

    def __init__(self, model: WhisperModel, prompt: str, beam_size: int = BEAM, language: str = "en") -> None:
        if language != "en" and not model.multilingual:
            raise SpeechError(_(
                "Whisper {name} hears English only; for {language} use a multilingual model (--model base)"
            ).format(name=model.found.name, language=language))
        self.whisper = model
        self.found = model.found
        self.multilingual = model.multilingual
        self.language = language
        self.tokenizer = model.tokenizer(language)
        self.prompt_text = ""
        self.prompt: list[int] = []
        self.expect(prompt)
        self.beam_size = beam_size
        self.keep_print = False  # keep `last_print` (for speech.language_id; off on the line's and hold's many readings)
        self.last_print: tuple[int, np.ndarray] | None = None  # samples and `print_of` of the audio last read, full window

    def use_language(self, language: str, prompt: str) -> None:
        """Transcribe `language` from now on (a multilingual model), expecting `prompt`'s words."""
        if language != self.language:
            if not self.multilingual:
                raise SpeechError(_(
                    "Whisper {name} hears English only; for {language} use a multilingual model"
                ).format(name=self.found.name, language=language))
            self.language = language
            self.tokenizer = self.whisper.tokenizer(language)
        self.expect(prompt)

    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]:
        """Which of `among` the speech is in, with Whisper's own language identification: the
        language and its share of the probability given to `among` (English-only models: "en", 1.0)."""
        if not self.multilingual:
            return "en", 1.0
        with self.whisper.lock:
            encoded = self.whisper.encode(from_pcm16(pcm), MIN_WINDOW)
            ranked = self.whisper.model.model.detect_language(encoded)[0]
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
        with self.whisper.lock:
            probabilities = self.whisper.detector.probabilities(audio)
        return int(np.count_nonzero(probabilities > VAD_SPEECH)) * WINDOW_MS

    def readings(self, audio: np.ndarray, alternatives: int = 1, min_window: int = MIN_WINDOW) -> list[Reading]:
        """The best reading of the audio (and up to `alternatives` - 1 more from the beam). The
        encoder sees at least `min_window` frames (100 a second)."""
        whisper = self.whisper
        with whisper.lock:
            encoded = whisper.encode(audio, min_window)
            if self.keep_print and min_window == MIN_WINDOW:  # `sound_print`'s window: language_id needs no second encoding
                self.last_print = (len(audio), print_of(encoded, len(audio)))
            beam = max(self.beam_size, alternatives)
            result: Any = whisper.model.model.generate(
                encoded, [self.prompt], beam_size=beam, num_hypotheses=alternatives, max_length=len(self.prompt) + 96,
                return_scores=True, return_no_speech_prob=True, suppress_blank=True,
                suppress_tokens=whisper.suppress, length_penalty=1.0,
            )[0]
        found = []
        for tokens_, score in zip(result.sequences_ids, result.scores, strict=True):
            text = said_once(self.tokenizer.decode(tokens_).strip())
            # The score is the log-probability per token; Whisper's average counts the end token too.
            avg_logprob = float(score) * len(tokens_) / (len(tokens_) + 1)
            found.append(Reading(text, avg_logprob, float(result.no_speech_prob), compression_ratio(text)))
        return found

    def recognize(self, pcm: bytes) -> Heard:
        audio = from_pcm16(pcm)
        self.last_print = None  # of this audio only, if it gets as far as the encoder
        speech_ms = self.speech_ms(audio)
        if speech_ms < MIN_SPEECH_MS:
            return Heard("", self.name, "none", None)
        readings = self.readings(audio, alternatives=self.beam_size)
        best = readings[0]
        inventions = self.whisper.inventions
        why = refusal(best, speech_ms, inventions)
        if why is not None:
            return Heard("", self.name, "none", -best.avg_logprob, open_text=best.text)
        source: HeardFrom = "transcript" if best.avg_logprob >= SURE_LOGPROB else "open"
        close = tuple(dict.fromkeys(
            r.text for r in readings[1:]
            if r.avg_logprob >= best.avg_logprob - CLOSE_LOGPROB and refusal(r, speech_ms, inventions) is None
        ))
        return Heard(best.text, self.name, source, -best.avg_logprob, open_text=best.text, alternatives=close)

    def settle(self, pcm: bytes, heard: Heard) -> Heard:
        return heard

    def read(self, audio: np.ndarray, window: int) -> str:
        """The speech detector was asked already (the stretch was found by it, or by a voiced sound
        out of quiet); it is not asked again at 16 kHz, which hears a phone weakly."""
        if len(audio) < RATE // 4:
            return ""
        reading = self.readings(audio, 1, window)[0]
        speech_ms = int(len(audio) * 1000 / RATE)
        return "" if refusal(reading, speech_ms, self.whisper.inventions) else reading.text

    def begin(self) -> Utterance | None:
        return None  # Whisper reads the whole utterance (early, at its pause: speech.utterance)
