"""PocketSphinx: the engine that works the minute the package is installed (its wheel ships a
US-English model). Three decoders, one per search:

- "menu": a JSGF grammar of the phrases in menus.yaml, a few filler words allowed around them;
- "phones": a free phone loop; the snap cost is the phone edit distance between what the loop
  heard and the grammar phrase's dictionary pronunciation (noise and other words are far);
- "open": the bundled language model, an open-vocabulary fallback for paraphrases outside the
  grammar, used only when the grammar result is refused.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from .phrases import FILLERS
from .recognizer import SAMPLE_RATE, Heard, SpeechError

EXTRA_DICT = Path(__file__).resolve().parent.parent.parent / "models" / "pocketsphinx-extra.dict"
MAX_COST = 0.62  # tuned on bench/ fixtures: in-grammar speech sits below, other speech above
_NOT_PHONES = {"SIL", "<s>", "</s>", "+NSN+", "+SPN+", "+BREATH+", "+COUGH+", "+UM+", "+UH+", "+SMACK+"}


class SphinxRecognizer:
    name = "pocketsphinx"

    def __init__(self, phrases: list[str], extra_dict: Path | None = EXTRA_DICT, max_cost: float = MAX_COST) -> None:
        try:
            from pocketsphinx import Decoder, get_model_path
        except ImportError as error:  # pragma: no cover - the package is a dependency
            raise SpeechError("PocketSphinx is not installed; run: bash setup.sh start") from error
        if not phrases:
            raise SpeechError("no phrases to listen for: menus.yaml gives none")
        model = Path(get_model_path()) / "en-us"
        self.max_cost = max_cost
        self._lock = threading.Lock()  # a decoder is not safe to share between threads
        self._decoder_class, self._model = Decoder, model
        self.decoder = self._make(lm=None)
        if extra_dict is not None and extra_dict.exists():
            self._add_words(extra_dict)
        missing = sorted({w for p in phrases for w in p.split() if self.decoder.lookup_word(w) is None})
        if missing:
            # PocketSphinx would refuse the grammar; Vosk would drop the words silently. Say so.
            shown = ", ".join(repr(w) for w in missing[:8])
            raise SpeechError(
                f"menus.yaml uses words the PocketSphinx dictionary does not know: {shown}"
                f"{' and more' if len(missing) > 8 else ''}; add their pronunciations to {extra_dict}"
            )
        fillers = " | ".join(w for w in FILLERS if self.decoder.lookup_word(w))
        # Plain alternatives and starred fillers: per-phrase parentheses doubled the decoding time.
        grammar = (f"#JSGF V1.0;\ngrammar menu;\n<filler> = {fillers};\n"
                   f"public <request> = <filler>* ( {' | '.join(phrases)} ) <filler>*;\n")
        try:
            self.decoder.add_jsgf_string("menu", grammar)
        except RuntimeError as error:
            raise SpeechError(f"PocketSphinx refused the grammar built from menus.yaml: {error}") from None
        self.decoder.activate_search("menu")
        self.phones = self._make(lm=None, allphone=str(model / "en-us-phone.lm.bin"))
        self._open_lm = str(model / "en-us.lm.bin")
        self._open: Any = None  # the open-vocabulary decoder, made on first need, once per process

    def _make(self, **search: Any) -> Any:
        # bestpath=False: with it on, hyp() builds and scores the whole word lattice, which for a
        # grammar of hundreds of phrases took 15 times longer than the decoding itself.
        return self._decoder_class(hmm=str(self._model / "en-us"), dict=str(self._model / "cmudict-en-us.dict"),
                                   samprate=SAMPLE_RATE, loglevel="FATAL", bestpath=False, **search)

    def _add_words(self, path: Path) -> None:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) < 2:
                raise SpeechError(f"{path}:{number}: a word needs its phones, like: uscis Y UW EH S S IY AY EH S")
            if self.decoder.lookup_word(parts[0]) is None:  # the main dictionary wins
                try:
                    self.decoder.add_word(parts[0], " ".join(parts[1:]), False)
                except RuntimeError:
                    raise SpeechError(f"{path}:{number}: PocketSphinx refused the pronunciation of {parts[0]!r}") from None

    @staticmethod
    def _decode(decoder: Any, pcm: bytes) -> list[str]:
        decoder.start_utt()
        decoder.process_raw(pcm, False, True)
        decoder.end_utt()
        hyp = decoder.hyp()
        return hyp.hypstr.split() if hyp is not None else []

    def recognize(self, pcm: bytes) -> Heard:
        with self._lock:
            words = [w for w in self._decode(self.decoder, pcm) if not w.startswith(("<", "["))]
            grammar_text = " ".join(w.split("(")[0] for w in words)
            cost = None
            if words:
                heard_phones = [p for p in self._decode(self.phones, pcm) if p not in _NOT_PHONES]
                expected = [ph for w in words for ph in (self.decoder.lookup_word(w) or "").split()]
                cost = _distance(expected, heard_phones) / max(len(expected), len(heard_phones), 1)
                if cost <= self.max_cost:
                    return Heard(grammar_text, self.name, "grammar", cost, grammar_text)
            open_text = self._open_vocabulary(pcm)
            return Heard(open_text, self.name, "open" if open_text else "none", cost, grammar_text, open_text)

    def _open_vocabulary(self, pcm: bytes) -> str:
        if self._open is None:
            self._open = self._make(lm=self._open_lm)
        words = self._decode(self._open, pcm)
        return " ".join(w.split("(")[0] for w in words if not w.startswith(("<", "[", "+")))

    def partial(self, pcm: bytes) -> str:
        with self._lock:
            self.decoder.start_utt()
            self.decoder.process_raw(pcm, False, False)
            hyp = self.decoder.hyp()
            self.decoder.end_utt()
            return hyp.hypstr if hyp else ""


def _distance(a: list[str], b: list[str]) -> int:
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
        previous = current
    return previous[-1]


def pocketsphinx_available() -> bool:
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        return False
    return os.environ.get("ASSISTANT_NO_POCKETSPHINX") is None
