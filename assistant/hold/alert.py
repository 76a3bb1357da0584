"""Bringing the caller back when a person answers: a sound loud enough to hear from another room,
a desktop notification, and the assistant saying so (and, if asked, a word to the agent first).
When someone may be on the line, before that is sure: a soft chime, and the word to the agent
(harmless if it was a recording).

A thin adapter over the speaker, speech out and `notify-send`. Each way that works is used; one
that does not (no speaker, no notification service) is skipped, and `bring_back` says which
worked, so the front end can tell the person.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..speech.audio import RATE
from .says import say


def chime(seconds: float = 3.0) -> np.ndarray:
    """Two alternating tones (880 / 660 Hz), five bursts a second: a ring that carries through a house."""
    t = np.arange(int(seconds * RATE)) / RATE
    high = (t * 5).astype(int) % 2 == 0
    tone = np.where(high, np.sin(2 * np.pi * 880 * t), np.sin(2 * np.pi * 660 * t))
    envelope = np.minimum(1.0, np.minimum((t * 5 % 1) * 50, (1 - t * 5 % 1) * 50))
    return (0.9 * tone * envelope).astype(np.float32)


def soft_chime() -> np.ndarray:
    """One gentle two-note ding (660 then 880 Hz, fading): get ready, not yet pick up."""
    t = np.arange(int(0.3 * RATE)) / RATE
    fade = np.exp(-t * 8)
    return (0.3 * np.concatenate([np.sin(2 * np.pi * 660 * t) * fade, np.sin(2 * np.pi * 880 * t) * fade])).astype(np.float32)


@dataclass
class Alert:
    play: Callable[[np.ndarray, int], None] | None = None  # the speaker, if there is one
    speak: Callable[[str], None] | None = None  # speech out, if there is one
    notify: bool = True  # try a desktop notification
    greet_agent: bool = False  # first tell the agent to hold on
    lang: str = "en"
    used: list[str] = field(default_factory=list)  # what worked, in order
    greeted: bool = False  # the agent has been told the caller is coming

    def get_ready(self) -> list[str]:
        """Someone may be on the line: the soft chime, and the word to the agent if asked."""
        self.used = []
        play = self.play
        self._greet()
        if play is not None:
            self._try("soft chime", lambda: play(soft_chime(), RATE))
        return self.used

    def _greet(self) -> None:
        speak = self.speak
        if self.greet_agent and speak is not None and not self.greeted:
            self._try("greeted the agent", lambda: speak(say("greet_agent", self.lang)))
            self.greeted = "greeted the agent" in self.used

    def bring_back(self, held: str) -> list[str]:
        self.used = []
        speak, play = self.speak, self.play
        self._greet()
        if play is not None:
            self._try("chime", lambda: play(chime(), RATE))
        if self.notify:
            self._try("notification", lambda: desktop_notification(say("notify_title", self.lang),
                                                                    say("notify_body", self.lang, held=held)))
        if speak is not None:
            self._try("spoken", lambda: speak(say("person_spoken", self.lang)))
        return self.used

    def _try(self, what: str, action: Callable[[], object]) -> None:
        try:
            if action() is not False:
                self.used.append(what)
        except Exception:  # a device or service gone: the other ways still run
            pass


def desktop_notification(title: str, body: str) -> bool:
    """notify-send (libnotify), urgent so it stays on screen; False when there is no notification service."""
    command = shutil.which("notify-send")
    if command is None:
        return False
    done = subprocess.run([command, "--urgency=critical", "--app-name=assistant", title, body],
                          capture_output=True, timeout=10, check=False)
    return done.returncode == 0
