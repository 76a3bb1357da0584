"""A caller's past waits on hold, as the answers use them: how long the waits that reached a person
took at this time of day. Pure; `hold.history` keeps them in a file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from . import i18n

SAME_HOUR_H = 1  # "at this hour": a wait that began within an hour of now's time of day

Outcome = Literal["person", "ended", "stopped"]


@dataclass(frozen=True)
class Wait:
    started: str  # ISO 8601 with the UTC offset, to the minute
    minutes: float  # time on hold
    outcome: Outcome
    route: str | None = None  # the menus.yaml id of where the call was routed, when known

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(self.started)


def typical_wait(waits: Sequence[Wait], now: datetime) -> float | None:
    """Median minutes on hold of the waits that reached a person and began near this time of day
    (on any day), or None when there are none."""
    minutes = []
    for wait in waits:
        if wait.outcome != "person":
            continue
        began = wait.start.astimezone(now.tzinfo) if now.tzinfo else wait.start
        apart = abs((began.hour * 60 + began.minute) - (now.hour * 60 + now.minute))
        if min(apart, 24 * 60 - apart) <= SAME_HOUR_H * 60:
            minutes.append(wait.minutes)
    if not minutes:
        return None
    ordered, middle = sorted(minutes), len(minutes) // 2  # the median, without importing statistics on the text path
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def typical_wait_sentence(waits: Sequence[Wait], now: datetime, language: str = "en") -> str | None:
    minutes = typical_wait(waits, now)
    if minutes is None:
        return None
    rounded = max(1, round(minutes / 5) * 5) if minutes >= 10 else max(1, round(minutes))
    n_ = i18n.ngettext(language)
    return n_("Your last calls at this hour waited about {n} minute for a person.",
              "Your last calls at this hour waited about {n} minutes for a person.", rounded).format(n=rounded)
