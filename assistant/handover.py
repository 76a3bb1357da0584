"""The hand-over from the line's menus to its queue: the one place the live line and hold meet.

The live line's stage listens until a key to a person has gone to the line; then a `HandOver`
event joins the stream, and the hold stage listens on the same audio until a person answers. One
stream of events comes out: the line's, the hand-over, then the queue's (their times counted from
the hand-over, which says where it falls in the call).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .hold.listening import HoldEars, follow_hold
from .hold.tracker import HoldEvent
from .line.hearing import LineEars, Press, follow
from .line.listener import LineEvent, LineListener
from .speech.audio import Source


@dataclass(frozen=True)
class HandOver:
    at: float  # seconds into the call: where the queue's times start
    route: str | None  # the menus.yaml id the call was routed to
    language: str  # the queue's (the branch the call went through)


CallEvent = LineEvent | HandOver | HoldEvent


def follow_call(source: Source, line: LineEars, listener: LineListener, press: Press | None,
                emit: Callable[[CallEvent], None], realtime_lag: bool = True, limit_s: float = 3600.0,
                hold_ears: Callable[[str], HoldEars] | None = None, started: datetime | None = None) -> None:
    """Listen to the menus, then wait in the queue on the same audio, with the ears `hold_ears`
    opens for the queue's language (None: stop at the hand-over). `started`: when a live call
    began (its wait joins the caller's history)."""
    follow(source, line, listener, press, emit, realtime_lag=realtime_lag, limit_s=limit_s, stop=lambda: listener.queued)
    if hold_ears is None or not listener.queued:
        return
    handover = HandOver(line.clock, listener.goal.id if listener.goal is not None else None, listener.line_language)
    emit(handover)
    follow_hold(source, hold_ears(handover.language), emit, limit_s=limit_s, started=started, route=handover.route)
