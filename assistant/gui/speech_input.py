"""Hearing the person in the window: blocks from the microphone (or a WAV file standing in for it)
go to the level meter and to the requests stage (`speech.utterance.Requests`), on a thread of
their own. What was heard comes back to the window as a signal."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..speech.audio import AudioSource, from_pcm16
from ..speech.recognizer import Recognizer
from ..speech.utterance import Requests, Said

PARTIAL_EVERY_S = 0.4


class SpeechInput(QObject):
    level = Signal(float)  # 0..1, for the meter
    partial = Signal(str)  # the words so far
    heard = Signal(object)  # a heard.Heard
    failed = Signal(str)

    def __init__(self, source: AudioSource, recognizer: Recognizer, hands_free: bool, end_silence_ms: int = 800) -> None:
        super().__init__()
        self.source = source
        self.requests = Requests(recognizer, hands_free, end_silence_ms)
        self.commands: queue.Queue[str] = queue.Queue()
        self.running = True
        self.worker = threading.Thread(target=self._run, name="speech-input", daemon=True)

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
        requests = self.requests
        silent_reads = 0
        last_partial = 0.0
        while self.running:
            while not self.commands.empty():
                command = self.commands.get_nowait()
                if command in ("talk", "done"):
                    self._tell(partial(requests.talk, command == "talk"))
                elif not requests.talking:  # hands-free, push-to-talk, reset
                    requests.hands_free = requests.hands_free if command == "reset" else command == "hands-free"
                    requests.reset()
            try:
                block = self.source.read(timeout=0.2)
            except Exception as error:  # a device unplugged mid-sentence
                self.failed.emit(self.tr("The microphone stopped working ({why}). Type your request instead.").format(why=error))
                return
            if block is None:
                silent_reads += 1
                if silent_reads == 25:
                    self.failed.emit(self.tr("The microphone stopped sending sound. Type your request instead, or check the microphone."))
                continue
            silent_reads = 0
            samples = from_pcm16(block)
            self.level.emit(min(1.0, float(np.sqrt(np.mean(samples * samples))) * 8))
            if self.source.muted:
                continue
            self._tell(partial(requests.push, block))
            if requests.decoder.streaming and time.monotonic() - last_partial > PARTIAL_EVERY_S:
                last_partial = time.monotonic()
                self.partial.emit(requests.decoder.partial())

    def _tell(self, hear: Callable[[], list[Said]]) -> None:
        """What the requests stage heard, as signals (an engine's failure in plain words)."""
        try:
            said = hear()
        except Exception as error:
            self.failed.emit(self.tr("Speech could not be recognised ({why}). Type your request instead.").format(why=error))
            return
        for item in said:
            if item.done:
                self.heard.emit(item.heard)
            else:
                self.partial.emit(item.heard.transcript)  # the words, as soon as they are known
