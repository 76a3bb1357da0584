"""PocketSphinx: the engine that works the minute the package is installed (its wheel ships a
US-English model). Three decoders, one per search:

- "menu": a JSGF grammar of the phrases in menus.yaml, a few filler words allowed around them;
- "phones": a free phone loop. The snap cost compares how well the grammar phrase explains the
  audio with how well free phones do: cost = max(0, 1 - grammar score / phone-loop score), both
  scores per frame. Speech in the grammar scores as well as free phones (cost near 0); noise and
  other words score far worse against the grammar than against free phones;
- "open": the bundled language model, an open-vocabulary fallback for paraphrases outside the
  grammar, used only when the grammar result is refused.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ..heard import Heard
from ..i18n import ui as _
from .audio import RATE, snr_db
from .phrases import FILLERS
from .recognizer import GrammarEngine, SpeechError

EXTRA_DICT = Path(__file__).resolve().parent.parent.parent / "models" / "pocketsphinx-extra.dict"
# Tuned on the bench/ fixtures (bench/speech.py): the highest cost that keeps out-of-scope speech
# and noise refused at least 90% of the time.
MAX_COST = 0.15
# Noisy audio (below this estimated SNR) gets a stricter cost and no open-vocabulary guess: in
# noise both passes hear wrong words, and asking again beats sending the caller to a wrong menu.
NOISY_SNR_DB = 20.0
NOISY_MAX_COST = 0.05
# Up to this cost a refused grammar phrase is still plausible: it is acted on when the
# open-vocabulary pass points at the same place (tuned on the bench/ fixtures).
PLAUSIBLE_COST = 0.25


class SphinxRecognizer(GrammarEngine):
    name = "pocketsphinx"

    def __init__(self, phrases: list[str], extra_dict: Path | None = EXTRA_DICT, max_cost: float = MAX_COST) -> None:
        try:
            from pocketsphinx import Decoder, get_model_path
        except ImportError as error:  # pragma: no cover - the package is a dependency
            raise SpeechError(_("PocketSphinx is not installed; run: bash setup.sh start")) from error
        if not phrases:
            raise SpeechError(_("no phrases to listen for: menus.yaml gives none"))
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
                _(
                    "menus.yaml uses words the PocketSphinx dictionary does not know: {shown}{more}; add their pronunciations to "
                    "{extra_dict}"
                ).format(shown=shown, more=_(' and more') if len(missing) > 8 else '', extra_dict=extra_dict)
            )
        fillers = " | ".join(w for w in FILLERS if self.decoder.lookup_word(w))
        # Plain alternatives and starred fillers: per-phrase parentheses doubled the decoding time.
        grammar = (f"#JSGF V1.0;\ngrammar menu;\n<filler> = {fillers};\n"
                   f"public <request> = <filler>* ( {' | '.join(phrases)} ) <filler>*;\n")
        try:
            self.decoder.add_jsgf_string("menu", grammar)
        except RuntimeError as error:
            raise SpeechError(_("PocketSphinx refused the grammar built from menus.yaml: {error}").format(error=error)) from None
        self.decoder.activate_search("menu")
        self.phones = self._make(lm=None, allphone=str(model / "en-us-phone.lm.bin"))
        self._open_lm = str(model / "en-us.lm.bin")
        self._open: Any = None  # the open-vocabulary decoder, made on first need, once per process

    def _make(self, **search: Any) -> Any:
        # bestpath=False: with it on, hyp() builds and scores the whole word lattice, which for a
        # grammar of hundreds of phrases took 15 times longer than the decoding itself.
        return self._decoder_class(hmm=str(self._model / "en-us"), dict=str(self._model / "cmudict-en-us.dict"),
                                   samprate=RATE, loglevel="FATAL", bestpath=False, **search)

    def _add_words(self, path: Path) -> None:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) < 2:
                raise SpeechError(_(
                    "{path}:{number}: a word needs its phones, like: uscis Y UW EH S S IY AY EH S"
                ).format(path=path, number=number))
            if self.decoder.lookup_word(parts[0]) is None:  # the main dictionary wins
                try:
                    self.decoder.add_word(parts[0], " ".join(parts[1:]), False)
                except RuntimeError:
                    raise SpeechError(_(
                        "{path}:{number}: PocketSphinx refused the pronunciation of {word!r}"
                    ).format(path=path, number=number, word=parts[0])) from None

    @staticmethod
    def _decode(decoder: Any, pcm: bytes) -> tuple[list[str], float]:  # the open-vocabulary pass
        """The words (or phones) and the per-frame path score (0..1, higher is better)."""
        decoder.start_utt()
        decoder.process_raw(pcm, False, True)
        decoder.end_utt()
        hyp = decoder.hyp()
        if hyp is None:
            return [], 0.0
        return hyp.hypstr.split(), float(hyp.score)

    def begin(self) -> SphinxUtterance:
        """Start decoding an utterance as it is spoken; feed() audio, then finish()."""
        return SphinxUtterance(self)

    def recognize(self, pcm: bytes) -> Heard:
        utterance = self.begin()
        utterance.feed(pcm)
        return utterance.finish()

    def _open_vocabulary(self, pcm: bytes) -> str:
        if self._open is None:
            # maxhmmpf caps the active states per frame: half the time, the same words on the
            # human recordings and the fixtures (measured; tighter beams changed the words).
            self._open = self._make(lm=self._open_lm, maxhmmpf=3000)
        words = self._decode(self._open, pcm)[0]
        return " ".join(w.split("(")[0] for w in words if not w.startswith(("<", "[", "+")))


class SphinxUtterance:
    """One utterance being decoded while it is spoken: both searches run as audio arrives, so
    after the end of speech only the last frames and the decision are left to do."""

    def __init__(self, owner: SphinxRecognizer) -> None:
        self.owner = owner
        owner._lock.acquire()  # one utterance at a time per recogniser; released by finish()
        self.audio: list[bytes] = []
        owner.decoder.start_utt()
        owner.phones.start_utt()

    def feed(self, pcm: bytes) -> None:
        self.audio.append(pcm)
        self.owner.decoder.process_raw(pcm, False, False)
        self.owner.phones.process_raw(pcm, False, False)

    def partial(self) -> str:
        hyp = self.owner.decoder.hyp()
        return " ".join(w.split("(")[0] for w in hyp.hypstr.split()) if hyp else ""

    def finish(self, fallback: bool = True) -> Heard:
        owner = self.owner
        try:
            owner.decoder.end_utt()
            owner.phones.end_utt()
            grammar, loop = owner.decoder.hyp(), owner.phones.hyp()
            grammar_text = " ".join(w.split("(")[0] for w in grammar.hypstr.split()) if grammar else ""
            audio = b"".join(self.audio)
            noisy = snr_db(audio) < NOISY_SNR_DB
            cost = None
            if grammar_text:
                loop_score = float(loop.score) if loop else 0.0
                cost = max(0.0, 1.0 - float(grammar.score) / loop_score) if loop_score > 0 else 1.0
                if cost <= (min(owner.max_cost, NOISY_MAX_COST) if noisy else owner.max_cost):
                    return Heard(grammar_text, owner.name, "grammar", cost, grammar_text)
            open_text = owner._open_vocabulary(audio) if fallback and not noisy else ""
            plausible = not noisy and cost is not None and cost <= PLAUSIBLE_COST
            return Heard(open_text, owner.name, "open" if open_text else "none", cost, grammar_text, open_text, plausible)
        finally:
            owner._lock.release()
