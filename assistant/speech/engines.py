"""Choosing and loading a speech engine: the one engine cache of the process.

`auto` uses Whisper (tiny.en, a declared dependency, so it is always there), then Vosk when an
English Vosk model is found, then PocketSphinx, and says which one it is using. A model folder
given by hand picks its own engine: Whisper's files (model.bin), or else a Vosk model. A Whisper
model is loaded once per process (`whisper_model`); the requests, the live line and hold each
read with their own light recogniser over it (their own prompt, language and beam).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n
from ..heard import Heard
from ..menu import Menus
from .phrases import bias_prompt, grammar_phrases
from .recognizer import Recognizer, SpeechError

if TYPE_CHECKING:
    from .audio import AudioSource
    from .whisper_engine import WhisperModel, WhisperRecognizer
    from .whisper_models import FoundWhisper

ENGINES = ("auto", "whisper", "vosk", "pocketsphinx")
MULTILINGUAL = "base"  # the manifest's multilingual Whisper: Spanish, and telling Spanish from English
_whisper: dict[Path, WhisperModel] = {}
_grammar: dict[tuple[str, str, int], Recognizer] = {}


@dataclass(frozen=True)
class Choice:
    recognizer: Recognizer
    note: str  # one line for the person: which engine, with which model


def find_whisper(model: str | None, language: str | None) -> FoundWhisper:
    """The Whisper model for a caller who speaks `language` (None: either, found in the speech):
    the one given by hand, else tiny.en for English and the multilingual one otherwise."""
    from . import whisper_models

    return whisper_models.find(model) if model or language == "en" else whisper_models.find_named(MULTILINGUAL)


def whisper_model(found: FoundWhisper) -> WhisperModel:
    """The model loaded, once per process."""
    if found.path not in _whisper:
        from .whisper_engine import WhisperModel

        _whisper[found.path] = WhisperModel(found)
    return _whisper[found.path]


def whisper(found: FoundWhisper, prompt: str, language: str = "en", beam_size: int | None = None) -> WhisperRecognizer:
    """A recogniser reading `language` with `prompt`, over the cached model."""
    from .whisper_engine import BEAM, WhisperRecognizer

    return WhisperRecognizer(whisper_model(found), prompt, BEAM if beam_size is None else beam_size, language)


def open_engine(name: str, menus: Menus, model: str | None = None, language: str | None = "en") -> Choice:
    """The engine for a caller who speaks `language` (None: either, found in the speech). English
    uses the default model (tiny.en); Spanish, or not knowing, the multilingual one (base)."""
    said_in = language or "en"  # the notes are in the caller's language
    _ = i18n.gettext(said_in)
    if name not in ENGINES:
        raise SpeechError(_("unknown engine {name!r}; use one of {items}").format(name=name, items=', '.join(ENGINES)))
    from . import vosk_models

    if name == "auto" and model:
        # A folder given by hand says which engine: Whisper's files, or else a Vosk model.
        name = "whisper" if (Path(model) / "model.bin").is_file() else "vosk"
    reasons: list[str] = []
    if name in ("auto", "whisper"):
        try:
            found = find_whisper(model, language)
        except SpeechError as error:
            if name == "whisper":
                raise
            reasons.append(str(error))
        else:
            note = _("Using Whisper {name} ({where}, checked).") if found.checked else _("Using Whisper {name} ({where}).")
            where = _("package {name}").format(name=found.where.removeprefix("package ")) if found.where.startswith("package ") \
                else found.where
            recognizer = whisper(found, bias_prompt(menus, language=language or "en"), language or "en")
            return Choice(recognizer, note.format(name=found.name, where=where))
    if name in ("auto", "vosk"):
        vosk_model = vosk_models.find_vosk_model(model)
        if vosk_model is not None:
            return Choice(_grammar_engine("vosk", menus, vosk_model.path),
                          _("Using Vosk with the model in {folder}.").format(folder=vosk_model.path))
        if name == "vosk":
            raise SpeechError(vosk_models.missing_model_message(model))
    note = _("Using PocketSphinx.") if name == "pocketsphinx" else \
        _("Using PocketSphinx (built in), because {why}").format(why=reasons[0] if reasons else _("Whisper is not available"))
    return Choice(_grammar_engine("pocketsphinx", menus, None), note)


def finding_language(choice: Choice, menus: Menus, first: str, makes_sense: Callable[[Heard, str], bool]) -> Choice:
    """Nobody chose a language: the engine opened for the desktop's language (`first`), made to find
    the caller's in their speech too. A multilingual model finds it in each utterance; the English
    one reads first and opens the multilingual one only when its reading fails (EnglishFirst). A
    grammar engine, or a model given by hand that hears English only, stays English."""
    from .recognizer import EnglishFirst, LanguageFinding

    def prompt_for(code: str) -> str:
        return bias_prompt(menus, language=code)

    recognizer = choice.recognizer
    if recognizer.multilingual:
        return Choice(LanguageFinding(recognizer, prompt_for, first), choice.note)
    if recognizer.name != "whisper" or first != "en" or _given_by_hand(recognizer):
        return choice

    def multilingual() -> Recognizer:
        return whisper(find_whisper(None, None), prompt_for("en"), "en")

    from . import language_id
    from .audio import from_pcm16
    from .whisper_engine import WhisperRecognizer

    assert isinstance(recognizer, WhisperRecognizer)
    model, guess = recognizer.whisper, language_id.load()
    recognizer.keep_print = True

    def spanish(pcm: bytes) -> float:
        # When tiny.en has just read this very audio with the same window, its encoding is reused.
        kept = recognizer.last_print
        if kept is not None and kept[0] == len(pcm) // 2:
            return guess.spanish(kept[1])
        return guess.spanish(model.sound_print(from_pcm16(pcm)))

    return Choice(EnglishFirst(recognizer, multilingual, prompt_for, makes_sense, spanish), choice.note)


def _given_by_hand(recognizer: Recognizer) -> bool:
    from .whisper_engine import WhisperRecognizer

    return isinstance(recognizer, WhisperRecognizer) and recognizer.found.where == "--model"


def open_hearing(name: str, menus: Menus, model: str | None, language: str | None, audio_from: str | None = None,
                 device: str | None = None) -> tuple[AudioSource, Choice]:
    """The microphone (or a WAV standing in for it: AudioError when it is not one; NoAudio when
    there is no microphone), then the engine for a caller of `language` (SpeechError)."""
    from .audio import Microphone, WavMicrophone

    source: AudioSource = WavMicrophone(audio_from) if audio_from else Microphone(device)  # first: no engine without it
    try:
        return source, open_engine(name, menus, model, language)
    except Exception:
        source.close()
        raise


def _grammar_engine(engine: str, menus: Menus, model: Path | None) -> Recognizer:
    phrases = grammar_phrases(menus)
    key = (engine, str(model), hash(tuple(phrases)))
    if key not in _grammar:
        if engine == "vosk":
            from .vosk_engine import VoskRecognizer

            assert model is not None
            _grammar[key] = VoskRecognizer(model, phrases)
        else:
            from .sphinx import SphinxRecognizer

            _grammar[key] = SphinxRecognizer(phrases)
    return _grammar[key]
