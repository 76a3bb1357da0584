"""Spanish or English from the sound, with tiny.en's encoder (speech.language_id), on real human
recordings it was not trained on: Asterisk's Allison saying phone prompts in en-US and es-MX (the
training script kept every other prompt; these are the others)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant import menu_file
from assistant.heard import Heard
from assistant.speech import language_id
from assistant.speech.engines import open_engine
from assistant.speech.recognizer import SPANISH_CUE, SURE_SPANISH, EnglishFirst, hear
from assistant.speech.whisper_engine import WhisperRecognizer
from bench.train_language_id import ALLISON, allison


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("ASSISTANT_WHISPER_MODEL", raising=False)


@pytest.mark.skipif(not ALLISON.is_dir(), reason="needs asterisk-core-sounds-en-wav and -es-wav (bash setup.sh test installs them)")
def test_held_out_human_prompts_are_told_apart() -> None:
    tiny = open_engine("auto", menu_file.load(), None, "en").recognizer
    assert isinstance(tiny, WhisperRecognizer)
    guess = language_id.load()

    def spanish(pcm: bytes) -> float:
        return guess.spanish(tiny.whisper.sound_print(np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768))

    english = [spanish(pcm) for pcm in allison("en_US_f_Allison")[1::2][:12]]
    spoken = [spanish(pcm) for pcm in allison("es_MX_f_Allison")[1::2][:12]]
    assert sum(p < SPANISH_CUE for p in english) >= 11, english
    assert sum(p >= SPANISH_CUE for p in spoken) >= 11, spoken


class _Reads:
    """A recogniser that reads fixed words per language (the multilingual one also says which
    language it hears, and how sure): EnglishFirst's decisions without a model."""

    name = "whisper"

    def __init__(self, words: dict[str, str], heard_as: tuple[str, float] = ("en", 1.0), multilingual: bool = True,
                 sure: bool = False) -> None:
        self.words, self.heard_as, self.multilingual, self.sure = words, heard_as, multilingual, sure
        self.language, self.prompt_text = "en", ""

    def recognize(self, pcm: bytes) -> Heard:
        said = self.words[self.language]
        if said and self.sure:
            return Heard(said, self.name, "transcript", 0.9)
        return Heard(said, self.name, "open" if said else "none", 0.5, open_text=said)

    def settle(self, pcm: bytes, heard: Heard) -> Heard:
        return heard

    def use_language(self, language: str, prompt: str) -> None:
        self.language = language

    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]:
        return self.heard_as


def _english_first(tiny_said: str, cue: float, base: _Reads, sure: bool = False) -> tuple[EnglishFirst, Heard]:
    leads = {"i need an agent", "i moved", "cambio de dirección"}  # the readings that lead somewhere
    ears = EnglishFirst(_Reads({"en": tiny_said}, multilingual=False, sure=sure), lambda: base, lambda code: "",  # type: ignore[arg-type]
                        lambda heard, in_language: heard.transcript.lower() in leads, lambda pcm: cue)
    return ears, hear(ears, b"\0\0" * 16000)


def test_a_surely_spanish_sound_is_asked_of_base_even_when_tiny_en_made_sense_of_it() -> None:
    # tiny.en reads Spanish as English nonsense that sometimes routes ("necesito hablar con un
    # agente" read as words that led to a route): with the cue sure, base is asked all the same.
    base = _Reads({"es": "necesito hablar con un agente", "en": "I need an agent"}, ("es", 0.99))
    ears, heard = _english_first("I need an agent", SURE_SPANISH, base)
    assert ears.asked == 1 and ears.language == "es" and heard.transcript == "necesito hablar con un agente"
    # Less sure: an English reading that leads somewhere stands, and base is never opened.
    ears, heard = _english_first("I need an agent", SURE_SPANISH - 0.05, base)
    assert ears.asked == 0 and ears.finding is None and ears.language == "en" and heard.transcript == "I need an agent"
    # Sure, but base hears English too: tiny.en's reading is kept.
    ears, heard = _english_first("I need an agent", 0.99, _Reads({"es": "", "en": "I need a gent"}, ("en", 0.99)))
    assert ears.asked == 1 and ears.language == "en" and heard.transcript == "I need an agent"


def test_a_sure_english_reading_that_leads_nowhere_is_doubted_when_the_sound_leans_spanish() -> None:
    # tiny.en reads Spanish as confident English nonsense ("Thank you all, thank you all." for
    # "otra información"): sure words, but they lead nowhere, so a cue short of SURE_SPANISH is
    # enough to ask base.
    base = _Reads({"es": "necesito otra información", "en": "I need other information"}, ("es", 0.99))
    ears, heard = _english_first("Thank you all, thank you all.", SURE_SPANISH - 0.1, base, sure=True)
    assert ears.asked == 1 and ears.language == "es" and heard.transcript == "necesito otra información"
    # A sure reading that leads somewhere stands below SURE_SPANISH: base is never opened.
    ears, heard = _english_first("I moved", SURE_SPANISH - 0.1, base, sure=True)
    assert ears.asked == 0 and ears.finding is None and ears.language == "en" and heard.transcript == "I moved"
    # The sound does not lean Spanish: a sure English reading is kept, whatever it means.
    ears, heard = _english_first("Thank you all, thank you all.", SPANISH_CUE - 0.1, base, sure=True)
    assert ears.asked == 0 and ears.language == "en" and heard.transcript == "Thank you all, thank you all."


def test_an_english_reading_that_says_the_same_words_over_is_doubted_from_a_weaker_lean_to_spanish() -> None:
    # tiny.en on Spanish it cannot read: "and we can't wait until we can't wait until we can't stop"
    # (cue 0.86) led to case status, "sorry sir, come on, come on, come on" (cue 0.49) to nothing.
    from assistant.speech.recognizer import REPEATING_CUE

    base = _Reads({"es": "el primer agente puede ver mi caso", "en": "The first agent can see my case."}, ("es", 0.99))
    leads = "I need an agent, I need an agent."  # the words lead somewhere, but they repeat
    ears, heard = _english_first(leads, SPANISH_CUE + 0.1, base)
    assert ears.asked == 1 and ears.language == "es" and heard.transcript == "el primer agente puede ver mi caso"
    ears, heard = _english_first("Sorry sir, come on, come on, come on, come on.", REPEATING_CUE + 0.05, base)
    assert ears.asked == 1 and ears.language == "es"
    # Below REPEATING_CUE the sound is English enough: the reading is kept as it is, base never opened.
    ears, heard = _english_first(leads, REPEATING_CUE - 0.05, base)
    assert ears.asked == 0 and ears.finding is None and heard.transcript == leads
    # A reading that leads somewhere and says nothing twice stands, as before.
    ears, heard = _english_first("I moved", SPANISH_CUE + 0.1, base)
    assert ears.asked == 0 and heard.transcript == "I moved"


def test_when_base_calls_a_surely_spanish_sound_english_and_reads_nonsense_it_is_read_in_spanish() -> None:
    base = _Reads({"es": "a qué hora abren", "en": "Okay, I will."}, ("en", 0.99))
    ears, heard = _english_first("Okay, I win.", 0.97, base)
    assert ears.asked == 1 and ears.language == "es" and heard.transcript == "a qué hora abren"
    # The cue less sure, and the Spanish reading leads nowhere either: base's English stands.
    base = _Reads({"es": "a qué hora abren", "en": "Okay, I will."}, ("en", 0.99))
    ears, heard = _english_first("Okay, I win.", SURE_SPANISH - 0.05, base)
    assert ears.language == "en" and heard.transcript == "Okay, I will."
    # The cue less sure, but the Spanish reading leads somewhere where base's English led nowhere
    # ("change of election." through the phone band): Spanish.
    base = _Reads({"es": "cambio de dirección", "en": "Change of election."}, ("en", 0.99))
    ears, heard = _english_first("Come by the direction.", SURE_SPANISH - 0.15, base)
    assert ears.asked == 1 and ears.language == "es" and heard.transcript == "cambio de dirección"
    # Surely Spanish, and base's English leads somewhere ("FOIA information." for "otra información"):
    # the Spanish reading is taken when it leads somewhere too.
    base = _Reads({"es": "cambio de dirección", "en": "I moved"}, ("en", 0.99))
    ears, heard = _english_first("Thank you, and thank you.", SURE_SPANISH + 0.05, base)
    assert ears.asked == 1 and ears.language == "es" and heard.transcript == "cambio de dirección"
    # The same English from a sound that only leans Spanish: English after all.
    base = _Reads({"es": "cambio de dirección", "en": "I moved"}, ("en", 0.99))
    ears, heard = _english_first("Thank you, and thank you.", SURE_SPANISH - 0.05, base)
    assert ears.language == "en" and heard.transcript == "I moved"
    # Base's English leads somewhere: an English caller tiny.en misheard, English stays.
    ears, heard = _english_first("I mode", 0.97, _Reads({"es": "ay mud", "en": "I moved"}, ("en", 0.99)))
    assert ears.language == "en" and heard.transcript == "I moved"
