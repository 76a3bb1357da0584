"""Choosing and loading a speech engine, once per process.

`auto` uses Whisper (tiny.en, a declared dependency, so it is always there), then Vosk when an
English Vosk model is found, then PocketSphinx, and says which one it is using. A model folder
given by hand picks its own engine: Whisper's files (model.bin), or else a Vosk model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import i18n
from ..menu import Menus
from .phrases import bias_prompt, grammar_phrases
from .recognizer import Recognizer, SpeechError

ENGINES = ("auto", "whisper", "vosk", "pocketsphinx")
MULTILINGUAL = "base"  # the manifest's multilingual Whisper: Spanish, and telling Spanish from English
_loaded: dict[tuple[str, str, int], Recognizer] = {}


@dataclass(frozen=True)
class Choice:
    recognizer: Recognizer
    note: str  # one line for the person: which engine, with which model


def open_engine(name: str, menus: Menus, model: str | None = None, language: str | None = "en") -> Choice:
    """The engine for a caller who speaks `language` (None: either, found in the speech). English
    uses the default model (tiny.en); Spanish, or not knowing, the multilingual one (base)."""
    said_in = language or "en"  # the notes are in the caller's language
    _ = i18n.gettext(said_in)
    if name not in ENGINES:
        raise SpeechError(_("unknown engine {name!r}; use one of {items}").format(name=name, items=', '.join(ENGINES)))
    from . import models, whisper_models

    if name == "auto" and model:
        # A folder given by hand says which engine: Whisper's files, or else a Vosk model.
        name = "whisper" if _is_whisper_folder(model) else "vosk"
    multilingual = language != "en" and name in ("auto", "whisper") and not model
    reasons: list[str] = []
    if name in ("auto", "whisper"):
        try:
            found = whisper_models.find_named(MULTILINGUAL) if multilingual else whisper_models.find(model)
        except models.ModelError as error:
            if name == "whisper":
                raise
            reasons.append(str(error))
        else:
            note = _("Using Whisper {name} ({where}, checked).") if found.checked else _("Using Whisper {name} ({where}).")
            where = _("package {name}").format(name=found.where.removeprefix("package ")) if found.where.startswith("package ") \
                else found.where
            return Choice(_load("whisper", menus, found.path, found, language or "en"), note.format(name=found.name, where=where))
    if name in ("auto", "vosk"):
        vosk_model = models.find_vosk_model(model)
        if vosk_model is not None:
            return Choice(_load("vosk", menus, vosk_model.path), _("Using Vosk with the model in {folder}.").format(folder=vosk_model.path))
        if name == "vosk":
            raise SpeechError(models.missing_model_message(model))
    note = _("Using PocketSphinx.") if name == "pocketsphinx" else \
        _("Using PocketSphinx (built in), because {why}").format(why=reasons[0] if reasons else _("Whisper is not available"))
    return Choice(_load("pocketsphinx", menus, None), note)


def _is_whisper_folder(model: str | None) -> bool:
    return bool(model) and (Path(str(model)) / "model.bin").is_file()


def _load(engine: str, menus: Menus, model: Path | None, found: object = None, language: str = "en") -> Recognizer:
    phrases = grammar_phrases(menus)
    key = (engine, str(model), hash(tuple(phrases)))
    if key not in _loaded:
        if engine == "whisper":
            from .whisper_engine import WhisperRecognizer
            from .whisper_models import FoundWhisper

            assert isinstance(found, FoundWhisper)
            _loaded[key] = WhisperRecognizer(found, bias_prompt(menus, language=language), language=language)
        elif engine == "vosk":
            from .vosk_engine import VoskRecognizer

            assert model is not None
            _loaded[key] = VoskRecognizer(model, phrases)
        else:
            from .sphinx import SphinxRecognizer

            _loaded[key] = SphinxRecognizer(phrases)
    recognizer = _loaded[key]
    if engine == "whisper" and getattr(recognizer, "language", language) != language:
        # The same model opened again for another language (a multilingual one is kept loaded):
        # it transcribes the language asked for now, not the one it was last turned to.
        recognizer.use_language(language, bias_prompt(menus, language=language))  # type: ignore[attr-defined]
    return recognizer
