"""The simulated line's queue: what it plays while a rehearsal call waits on hold, then the agent.

`plan` is pure (music, announcements in turn, the agent after `seconds`); `music` makes hold music
(soft chords, synthesised here, so a rehearsal needs nothing but numpy). The voices that say the
announcements and the agent's words are the rehearsal's (`simulated.rehearsal`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..menu import HoldQueue

CHORDS = ((261.63, 329.63, 392.00), (220.00, 261.63, 329.63), (174.61, 220.00, 261.63), (196.00, 246.94, 293.66))
CHORD_S = 1.6
MUSIC_LEVEL = 0.06  # RMS, about -24 dBFS: hold music is quieter than voices


@dataclass(frozen=True)
class Part:
    kind: str  # "music" | "announcement" | "agent"
    seconds: float = 0.0  # music: how long
    text: str = ""  # announcement, agent: the words


def plan(queue: HoldQueue, seconds: float) -> list[Part]:
    """Music and announcements (in turn, the wait among them) for about `seconds`, then the agent."""
    parts: list[Part] = [Part("music", min(4.0, seconds))]
    used = parts[0].seconds
    turn = 0
    while used < seconds:
        text = queue.announcements[turn % len(queue.announcements)].format(minutes=queue.wait_minutes)
        parts.append(Part("announcement", text=text))
        used += 1.0 + len(text.split()) / 2.8  # about how long a voice takes to say it
        music = min(float(queue.every_s), max(2.0, seconds - used))
        parts.append(Part("music", music))
        used += music
        turn += 1
    parts.append(Part("agent", text=queue.agent))
    return parts


def music(seconds: float, rate: int, start_s: float = 0.0) -> npt.NDArray[np.float32]:
    """Soft chords (each note with its octave, a gentle attack and decay), `seconds` long."""
    count = int(seconds * rate)
    t = start_s + np.arange(count) / rate
    chord_index = (t // CHORD_S).astype(int) % len(CHORDS)
    within = t % CHORD_S
    envelope = np.minimum(within / 0.05, 1.0) * np.exp(-within / 1.2)
    notes = np.array(CHORDS)[chord_index]  # (count, 3)
    wave = np.sum(np.sin(2 * np.pi * notes * t[:, None]) + 0.3 * np.sin(4 * np.pi * notes * t[:, None]), axis=1)
    out = wave * envelope
    rms = float(np.sqrt(np.mean(out**2))) if count else 1.0
    scaled: npt.NDArray[np.float32] = (out * (MUSIC_LEVEL / (rms + 1e-9))).astype(np.float32)
    return scaled
