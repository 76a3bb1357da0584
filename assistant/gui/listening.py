"""Hearing the person: blocks from the microphone (or a WAV file standing in for it) go to the
level meter, the endpoint detector (hands-free) and the engine, on a thread of their own. What
was heard comes back to the window as a signal."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..speech.endpoint import EndpointDetector
from ..speech.recognizer import SAMPLE_RATE

BLOCK = SAMPLE_RATE // 10  # 100 ms
PARTIAL_EVERY_S = 0.4


class AudioSource(Protocol):
    muted: bool

    def read(self, timeout: float = 1.0) -> bytes | None: ...
    def drain(self) -> None: ...
    def close(self) -> None: ...


class WavSource:
    """A WAV file as the microphone, at the pace a microphone would deliver it, then silence.
    What the automated tests (and anyone without a microphone) use to speak to the window."""

    def __init__(self, path: str) -> None:
        from ..speech import pcm

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

    def drain(self) -> None:
        pass

    def close(self) -> None:
        pass


class Listener(QObject):
    level = Signal(float)  # 0..1, for the meter
    partial = Signal(str)  # the words so far
    heard = Signal(object)  # a speech.recognizer.Heard
    failed = Signal(str)

    def __init__(self, source: AudioSource, recognizer: Any, hands_free: bool, end_silence_ms: int = 800) -> None:
        super().__init__()
        self.source = source
        self.recognizer = recognizer
        self.hands_free = hands_free
        self.detector = EndpointDetector(end_silence_ms=end_silence_ms)
        self.commands: queue.Queue[str] = queue.Queue()
        self.running = True
        self.worker = threading.Thread(target=self._run, name="listener", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def talk(self, on: bool) -> None:
        """Push-to-talk: start (True) or stop and decide (False)."""
        self.commands.put("talk" if on else "done")

    def set_hands_free(self, on: bool) -> None:
        self.commands.put("hands-free" if on else "push-to-talk")

    def mute(self, on: bool) -> None:
        """Half duplex: while the assistant speaks, what the microphone hears is dropped."""
        self.source.muted = on
        if not on:
            self.source.drain()
            self.commands.put("reset")

    def stop(self) -> None:
        self.running = False
        self.worker.join(timeout=3)
        self.source.close()

    def _run(self) -> None:
        utterance: Any = None
        audio: list[bytes] = []
        talking = False
        silent_reads = 0
        last_partial = 0.0
        while self.running:
            while not self.commands.empty():
                command = self.commands.get_nowait()
                if command == "talk":
                    self._drop(utterance)
                    talking, audio, utterance = True, [], self._begin()
                elif command == "done" and talking:
                    talking = False
                    self._finish(utterance, audio)
                    utterance, audio = None, []
                elif command in ("hands-free", "push-to-talk", "reset") and not talking:
                    self.hands_free = self.hands_free if command == "reset" else command == "hands-free"
                    self.detector.reset()
                    self._drop(utterance)
                    utterance, audio = None, []
            try:
                block = self.source.read(timeout=0.2)
            except Exception as error:  # a device unplugged mid-sentence
                self.failed.emit(f"The microphone stopped working ({error}). Type your request instead.")
                return
            if block is None:
                silent_reads += 1
                if silent_reads == 25:
                    self.failed.emit("The microphone stopped sending sound. Type your request instead, or check the microphone.")
                continue
            silent_reads = 0
            samples = np.frombuffer(block, dtype="<i2").astype(np.float32) / 32768
            self.level.emit(min(1.0, float(np.sqrt(np.mean(samples * samples))) * 8))
            if self.source.muted:
                continue
            if talking:
                audio.append(block)
                self._feed(utterance, block)
            elif self.hands_free:
                for kind, data in self.detector.push(block):
                    if kind == "start":
                        audio, utterance = [data], self._begin()
                        self._feed(utterance, data)
                    elif kind == "audio" and utterance is not None:
                        audio.append(data)
                        self._feed(utterance, data)
                    elif kind == "end" and utterance is not None:
                        self._finish(utterance, audio)
                        utterance, audio = None, []
            if utterance is not None and hasattr(utterance, "partial") and time.monotonic() - last_partial > PARTIAL_EVERY_S:
                last_partial = time.monotonic()
                self.partial.emit(utterance.partial())

    def _begin(self) -> Any:
        begin = getattr(self.recognizer, "begin", None)
        return begin() if begin is not None else []

    @staticmethod
    def _drop(utterance: Any) -> None:
        """Abandon an utterance half heard (a streaming decoder holds its engine until finished)."""
        if utterance is not None and not isinstance(utterance, list):
            utterance.finish(fallback=False)

    @staticmethod
    def _feed(utterance: Any, data: bytes) -> None:
        if isinstance(utterance, list):
            utterance.append(data)
        else:
            utterance.feed(data)

    def _finish(self, utterance: Any, audio: list[bytes]) -> None:
        try:
            heard = self.recognizer.recognize(b"".join(utterance)) if isinstance(utterance, list) else utterance.finish()
        except Exception as error:
            self.failed.emit(f"Speech could not be recognised ({error}). Type your request instead.")
            return
        self.heard.emit(heard)
