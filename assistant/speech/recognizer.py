"""One interface for every speech engine, and the decision of what was heard.

An engine decodes 16 kHz mono 16-bit audio twice at most: against the menu grammar, and (only
when the grammar result does not hold up) with its open vocabulary. Grammar decoding always
returns *some* in-grammar phrase, even for noise or other words, so each engine also gives an
explicit `cost` of snapping to that phrase; above `max_cost` the grammar result is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

SAMPLE_RATE = 16_000


class SpeechError(RuntimeError):
    """The engine or its model cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Heard:
    transcript: str  # the words to route; "" when nothing was understood
    engine: str
    source: str  # "grammar", "open" (open-vocabulary fallback) or "none"
    cost: float | None  # how far the audio was from the grammar phrase (0 = the same)
    grammar_text: str = ""
    open_text: str = ""

    @property
    def understood(self) -> bool:
        return bool(self.transcript)


class Recognizer(Protocol):
    name: str

    def recognize(self, pcm: bytes) -> Heard:
        """Decode one utterance of 16 kHz mono little-endian 16-bit PCM."""
        ...

    def partial(self, pcm: bytes) -> str:
        """Best guess so far for a growing utterance (for live display)."""
        ...
