"""One interface for every speech engine, and the decision of what was heard.

An engine decodes 16 kHz mono 16-bit audio twice at most: against the menu grammar, and (only
when the grammar result does not hold up) with its open vocabulary. Grammar decoding always
returns *some* in-grammar phrase, even for noise or other words, so each engine also gives an
explicit `cost` of snapping to that phrase; above `max_cost` the grammar result is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ..dialogue import Assistant, Conversation, Reply

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
    # The grammar phrase was refused, but its cost was close: worth acting on if the open-
    # vocabulary pass, heard independently, points at the same place.
    plausible: bool = False

    @property
    def understood(self) -> bool:
        return bool(self.transcript)


def reply_to(heard: Heard, assistant: Assistant, now: datetime) -> Reply:
    """The core's decision on what an engine heard."""
    second_opinion = heard.grammar_text if heard.plausible and heard.source == "open" else ""
    return assistant.respond_spoken(heard.transcript, heard.source == "grammar", now, second_opinion)


def turn_on(heard: Heard, conversation: Conversation, now: datetime) -> Reply:
    """A session's reply to what was heard: the answer to its open question, or a new request."""
    if conversation.pending and heard.transcript:
        return conversation.turn(heard.transcript, now)
    return conversation.remember(reply_to(heard, conversation.assistant, now))


class Recognizer(Protocol):
    name: str

    def recognize(self, pcm: bytes) -> Heard:
        """Decode one utterance of 16 kHz mono little-endian 16-bit PCM."""
        ...

    def partial(self, pcm: bytes) -> str:
        """Best guess so far for a growing utterance (for live display)."""
        ...
