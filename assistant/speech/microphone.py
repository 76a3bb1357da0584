"""The microphone through sounddevice: 16 kHz mono 16-bit blocks in a queue. Thin on purpose;
anything that goes wrong becomes NoAudio with one line for the person, never a hang. A WAV file
can stand in for it (WavMicrophone), at the pace a microphone delivers sound."""

from __future__ import annotations

import contextlib
import queue
import time
from typing import Any, Protocol

from ..i18n import ui as _
from .audio_devices import NoAudio, _sounddevice, pick, probe
from .recognizer import SAMPLE_RATE

BLOCK = 1600  # 100 ms


class AudioSource(Protocol):
    muted: bool

    def read(self, timeout: float = 1.0) -> bytes | None: ...
    def drain(self) -> None: ...
    def close(self) -> None: ...


class Microphone:
    def __init__(self, device: str | None = None) -> None:
        probe()
        sd = _sounddevice()
        self.blocks: queue.Queue[bytes] = queue.Queue(maxsize=600)  # a minute at most, then old audio is dropped
        self.muted = False  # half duplex: True while the assistant itself is speaking
        try:
            self.stream: Any = sd.RawInputStream(samplerate=SAMPLE_RATE, channels=1, dtype="int16",
                                                 blocksize=BLOCK, device=pick(device, "input"), callback=self._callback)
            self.stream.start()
        except NoAudio:
            raise
        except Exception as error:  # PortAudioError and friends
            raise NoAudio(_("the microphone cannot be opened ({error})").format(error=error)) from None

    def _callback(self, data: Any, frames: int, time: Any, status: Any) -> None:
        if self.muted:
            return  # what the assistant says must never be taken as the person's words
        with contextlib.suppress(queue.Full):
            self.blocks.put_nowait(bytes(data))

    def read(self, timeout: float = 1.0) -> bytes | None:
        """The next block, or None when none came in time (an unplugged microphone)."""
        try:
            return self.blocks.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self) -> None:
        while not self.blocks.empty():
            self.blocks.get_nowait()

    def close(self) -> None:
        try:
            self.stream.stop()
            self.stream.close()
        except Exception:
            pass


class WavMicrophone:
    """A WAV file as the microphone, at the pace a microphone would deliver it, then silence.
    What the automated tests (and anyone without a microphone) use to speak to the window."""

    def __init__(self, path: str) -> None:
        from . import pcm

        self.audio = pcm.read_request(path, max_seconds=600)
        self.position = 0
        self.muted = False
        self.next_at = time.monotonic()

    def read(self, timeout: float = 1.0) -> bytes | None:
        delay = self.next_at - time.monotonic()
        if delay > 0:
            time.sleep(min(delay, timeout))
        self.next_at = max(self.next_at, time.monotonic() - 1.0) + BLOCK / SAMPLE_RATE
        block = self.audio[self.position:self.position + BLOCK * 2]
        self.position += BLOCK * 2
        if len(block) < BLOCK * 2:
            block += bytes(BLOCK * 2 - len(block))
        return bytes(BLOCK * 2) if self.muted else block

    @property
    def finished(self) -> bool:
        """The whole file and two seconds of silence after it have been heard."""
        return self.position >= len(self.audio) + 2 * 2 * SAMPLE_RATE

    def drain(self) -> None:
        pass

    def close(self) -> None:
        pass
