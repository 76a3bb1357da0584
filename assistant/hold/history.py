"""The caller's own hold history, kept on this computer: when each wait began, how long it lasted,
how it ended, and which route it followed. Nothing personal (no receipt numbers, no words).

`load` and `record` read and write the file (atomically, under a lock; a damaged file is kept
aside, never lost); what the answers make of the waits is `waits.typical_wait`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

from .. import storage
from ..waits import Outcome, Wait

FILE_NAME = "hold-history.json"
KEEP = 200  # waits kept, the oldest dropped first


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


def record(started: datetime, held: timedelta, outcome: Outcome, route: str | None = None, where: Path | None = None) -> Wait:
    wait = Wait(started.replace(second=0, microsecond=0).isoformat(), round(held.total_seconds() / 60, 1), outcome, route)
    where = where or path()
    with storage.locked(where):
        waits = [*load(where), wait][-KEEP:]
        storage.write_private(where, json.dumps({"waits": [asdict(item) for item in waits]}, indent=1) + "\n")
    return wait
