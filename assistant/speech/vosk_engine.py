"""Vosk (Kaldi): the engine people should use, with a model they download once.

Grammar mode decodes against the menu phrases. Vosk drops grammar words its model does not
know without a word, so every word is checked first and a missing one is an error. Where the
model knows "[unk]", out-of-grammar speech comes out as [unk]; either way an open-vocabulary
pass runs beside it and the snap cost is how far the grammar phrase is from what the open pass
heard (noise and other words are far).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..heard import Heard
from ..i18n import ui as _
from ..words import distance
from .audio import RATE
from .recognizer import GrammarEngine, SpeechError

MAX_COST = 0.5
CHUNK = 3200  # 0.1 s of 16 kHz 16-bit audio


class VoskRecognizer(GrammarEngine):
    name = "vosk"

    def __init__(self, model_path: Path, phrases: list[str], max_cost: float = MAX_COST) -> None:
        try:
            import vosk
        except ImportError as error:  # pragma: no cover - the package is a dependency
            raise SpeechError(_("Vosk is not installed; run: bash setup.sh start")) from error
        vosk.SetLogLevel(-1)
        self._vosk = vosk
        try:
            self.model = vosk.Model(str(model_path))
        except Exception:  # vosk raises a bare Exception("Failed to create a model")
            raise SpeechError(_(
                "Vosk could not load the model in {model_path}; get a fresh one with: assistant models download"
            ).format(model_path=model_path)) from None
        if not phrases:
            raise SpeechError(_("no phrases to listen for: menus.yaml gives none"))
        words = sorted({w for p in phrases for w in p.split()})
        missing = [w for w in words if self.model.vosk_model_find_word(w) == -1]
        if missing:
            shown = ", ".join(repr(w) for w in missing[:8])
            raise SpeechError(
                _(
                    "the Vosk model in {model_path} does not know {count} word(s) the menus use: {shown}{more}; use a model for "
                    "the menus' language"
                ).format(model_path=model_path, count=len(missing), shown=shown, more=_(' and more') if len(missing) > 8 else '')
            )
        self.has_unk = self.model.vosk_model_find_word("[unk]") != -1
        self.grammar = json.dumps(list(phrases) + (["[unk]"] if self.has_unk else []), ensure_ascii=False)
        self.max_cost = max_cost

    def _recognizer(self, grammar: bool) -> Any:
        if grammar:
            return self._vosk.KaldiRecognizer(self.model, RATE, self.grammar)
        return self._vosk.KaldiRecognizer(self.model, RATE)

    def stream(self, pcm: bytes, grammar: bool = True) -> Iterator[tuple[str, str]]:
        """("partial" | "final", text) as the audio is fed in 0.1 s chunks, ending with the final text."""
        recognizer = self._recognizer(grammar)
        for start in range(0, len(pcm), CHUNK):
            if recognizer.AcceptWaveform(pcm[start:start + CHUNK]):
                yield "final", json.loads(recognizer.Result()).get("text", "")
            else:
                yield "partial", json.loads(recognizer.PartialResult()).get("partial", "")
        yield "final", json.loads(recognizer.FinalResult()).get("text", "")

    def _text(self, pcm: bytes, grammar: bool) -> str:
        finals = [text for kind, text in self.stream(pcm, grammar) if kind == "final" and text]
        return " ".join(finals)

    def recognize(self, pcm: bytes) -> Heard:
        grammar_text = self._text(pcm, grammar=True)
        open_text = self._text(pcm, grammar=False)
        if not grammar_text or "[unk]" in grammar_text.split():
            return Heard(open_text, self.name, "open" if open_text else "none", None, grammar_text, open_text)
        # Compare decomposed letters (NFD splits a Hangul syllable into its jamo), so one wrong
        # consonant costs one letter, not a whole syllable.
        said = unicodedata.normalize("NFD", grammar_text.replace(" ", ""))
        heard = unicodedata.normalize("NFD", open_text.replace(" ", ""))
        cost = distance(said, heard) / max(len(said), len(heard), 1)
        if cost <= self.max_cost:
            return Heard(grammar_text, self.name, "grammar", cost, grammar_text, open_text)
        return Heard(open_text, self.name, "open" if open_text else "none", cost, grammar_text, open_text,
                     plausible=cost <= 1.5 * self.max_cost)

