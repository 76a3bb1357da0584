"""A reply: what the assistant decided about one request, and the sentence it gives the person.

The one type of the reply stream: `dialogue` makes them; the command line prints `say` or the JSON
contract (`dialogue.reply_json`), the window shows them, the voice mode says them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .intents import Match
from .menu import Node

Status = Literal["routed", "answer", "ambiguous", "no_match"]


@dataclass(frozen=True)
class Reply:
    status: Status
    say: str
    keys: list[str] = field(default_factory=list)
    destination: Node | None = None
    topic: str | None = None
    confidence: float = 0.0
    alternatives: list[Match] = field(default_factory=list)
    language: str = "en"  # what the caller speaks: `say`, the labels and the route's branch are in it

    @property
    def has_route(self) -> bool:
        """Keys to press: a route, or a need whose answer includes the option to call."""
        return self.destination is not None and bool(self.keys)

    @property
    def target(self) -> str | None:
        """The intent this reply acts on: a node id or "answer:<topic>"; None when it asks or refuses."""
        if self.status == "routed" and self.destination is not None:
            return self.destination.id
        if self.status == "answer":
            return f"answer:{self.topic}"
        return None
