"""The speaker through sounddevice: play float samples at their own rate, and wait until done.
Thin on purpose; anything that goes wrong becomes NoAudio with one line for the person."""

from __future__ import annotations

import numpy as np

from ..i18n import ui as _
from .audio_devices import NoAudio, load_sounddevice, pick, probe
from .wavfile import Samples


class Speaker:
    def __init__(self, device: str | None = None) -> None:
        probe("output")
        self.sd = load_sounddevice()
        self.device = pick(device, "output")

    def play(self, samples: Samples, rate: int) -> None:
        """Play and block until the last sample has left."""
        if not len(samples):
            return
        try:
            self.sd.play(np.clip(samples, -1.0, 1.0).astype(np.float32), rate, device=self.device, blocking=True)
        except Exception as error:  # PortAudioError: a device unplugged or taken
            raise NoAudio(_("the speaker cannot play ({error})").format(error=error)) from None
