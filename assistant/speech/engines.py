"""Choosing and loading a speech engine, once per process.

`auto` uses Vosk when an English Vosk model is found and PocketSphinx otherwise, and says which
one it is using and how to get the better one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..menu import Menus
from .phrases import grammar_phrases
from .recognizer import Recognizer, SpeechError

ENGINES = ("auto", "pocketsphinx", "vosk")
_loaded: dict[tuple[str, str, int], Recognizer] = {}


@dataclass(frozen=True)
class Choice:
    recognizer: Recognizer
    note: str  # one line for the person: which engine, and how to get a better one


def open_engine(name: str, menus: Menus, model: str | None = None) -> Choice:
    if name not in ENGINES:
        raise SpeechError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
    from . import models

    if name in ("auto", "vosk"):
        found = models.find_vosk_model(model)
        if found is not None:
            return Choice(_load("vosk", menus, found.path), f"Using Vosk with the model in {found.path}.")
        if name == "vosk":
            raise SpeechError(models.missing_model_message(model))
    note = (
        "Using PocketSphinx (built in). For better recognition, get the Vosk English model: "
        "assistant models download"
    ) if name == "auto" else "Using PocketSphinx."
    return Choice(_load("pocketsphinx", menus, None), note)


def _load(engine: str, menus: Menus, model: Path | None) -> Recognizer:
    phrases = grammar_phrases(menus)
    key = (engine, str(model), hash(tuple(phrases)))
    if key not in _loaded:
        if engine == "vosk":
            from .vosk_engine import VoskRecognizer

            assert model is not None
            _loaded[key] = VoskRecognizer(model, phrases)
        else:
            from .sphinx import SphinxRecognizer

            _loaded[key] = SphinxRecognizer(phrases)
    return _loaded[key]
