"""The caller's own hold history, kept on this computer: when each wait began, how long it lasted,
how it ended, and which route it followed. Nothing personal (no receipt numbers, no words).

`typical_wait` is pure, for the hours answer ("your last calls at this hour waited about 40
minutes"); `load` and `record` read and write the file (atomically, under a lock; a damaged file
is kept aside, never lost).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .. import i18n, storage

FILE_NAME = "hold-history.json"
KEEP = 200  # waits kept, the oldest dropped first
SAME_HOUR_H = 1  # "at this hour": a wait that began within an hour of now's time of day


@dataclass(frozen=True)
class Wait:
    started: str  # ISO 8601 with the UTC offset, to the minute
    minutes: float  # time on hold
    outcome: str  # "person" | "ended" | "stopped"
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


def path() -> Path:
    return storage.user_data_dir() / FILE_NAME


def load(where: Path | None = None) -> list[Wait]:
    where = where or path()
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
        return [Wait(**item) for item in data["waits"]]
    except FileNotFoundError:
        return []
    except (ValueError, KeyError, TypeError):
        storage.keep_aside(where)
        return []


def past_waits() -> tuple[Wait, ...]:
    """The caller's past waits, for the hours answer; none when the file cannot be read."""
    try:
        return tuple(load())
    except OSError:
        return ()


def record(started: datetime, held: timedelta, outcome: str, route: str | None = None, where: Path | None = None) -> Wait:
    wait = Wait(started.replace(second=0, microsecond=0).isoformat(), round(held.total_seconds() / 60, 1), outcome, route)
    where = where or path()
    with storage.locked(where):
        waits = [*load(where), wait][-KEEP:]
        storage.write_private(where, json.dumps({"waits": [asdict(item) for item in waits]}, indent=1) + "\n")
    return wait
