"""Whether an utterance is Spanish, from what the small English model's encoder made of it.

Nobody chose a language and tiny.en could not read a request: was it Spanish? Whisper base could
say, but loading it costs some 200 MB and a second, too much to do for every English caller tiny.en
misheard. This asks a logistic regression over tiny.en's encoder frames (their mean and spread,
`WhisperModel.sound_print`) instead: a few thousand multiplications. Its weights are data
(`language_id.npz`), trained by `bench/train_language_id.py` on one human voice that recorded the
same phone prompts in both languages (Asterisk's Allison, en-US and es-MX) and on synthetic voices;
that script reports it on held-out prompts and voices.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("language_id.npz")


class SpanishOrEnglish:
    def __init__(self, mean: np.ndarray, scale: np.ndarray, weights: np.ndarray, bias: float) -> None:
        self.mean, self.scale, self.weights, self.bias = mean, scale, weights, bias

    def spanish(self, sound: np.ndarray) -> float:
        """The probability that the speech is Spanish rather than English."""
        z = (sound.astype(np.float64) - self.mean) / self.scale
        return float(1.0 / (1.0 + np.exp(-(z @ self.weights + self.bias))))


@cache
def load(path: Path = WEIGHTS) -> SpanishOrEnglish:
    with np.load(path) as data:
        return SpanishOrEnglish(data["mean"], data["scale"], data["weights"], float(data["bias"]))
