"""What a speech engine heard in one utterance: the words to route, and the engine's evidence about them.

Made by the engines (`speech/`), read by the dialogue (`dialogue.Assistant.respond_heard`): a plain
value both sides share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "transcript" (a full transcript the engine is sure of), "grammar" (a menu phrase that held up),
# "open" (words the engine is less sure of: routed only on a clear match) or "none"
HeardFrom = Literal["transcript", "grammar", "open", "none"]


@dataclass(frozen=True)
class Heard:
    transcript: str  # the words to route; "" when nothing was understood
    engine: str
    source: HeardFrom
    cost: float | None  # how far the audio was from what was kept (0 = the same)
    grammar_text: str = ""
    open_text: str = ""
    # The grammar phrase was refused, but its cost was close: worth acting on if the open-
    # vocabulary pass, heard independently, points at the same place.
    plausible: bool = False
    # Other readings the engine found nearly as likely (Whisper's beam), best first.
    alternatives: tuple[str, ...] = ()

    @property
    def understood(self) -> bool:
        return bool(self.transcript)
