"""Hearing the person: blocks from the microphone (or a WAV file standing in for it) go to the
level meter, the endpoint detector (hands-free) and the engine, on a thread of their own. What
was heard comes back to the window as a signal."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..speech.endpoint import EndpointDetector
from ..speech.microphone import AudioSource
from ..speech.recognizer import SAMPLE_RATE
from ..speech.utterance import EarlyDecoder, speech_classifier

BLOCK = SAMPLE_RATE // 10  # 100 ms
PARTIAL_EVERY_S = 0.4


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
        self.detector = EndpointDetector(end_silence_ms=end_silence_ms, classify=speech_classifier(recognizer))
        self.decoder = EarlyDecoder(recognizer)
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
        decoder = self.decoder
        talking = False
        silent_reads = 0
        last_partial = 0.0
        while self.running:
            while not self.commands.empty():
                command = self.commands.get_nowait()
                if command == "talk":
                    decoder.begin()
                    talking = True
                elif command == "done" and talking:
                    talking = False
                    self._finish()
                elif command in ("hands-free", "push-to-talk", "reset") and not talking:
                    self.hands_free = self.hands_free if command == "reset" else command == "hands-free"
                    self.detector.reset()
                    decoder.drop()
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
            samples = np.frombuffer(block, dtype="<i2").astype(np.float32) / 32768
            self.level.emit(min(1.0, float(np.sqrt(np.mean(samples * samples))) * 8))
            if self.source.muted:
                continue
            if talking:
                decoder.feed(block)
            elif self.hands_free:
                for kind, data in self.detector.push(block):
                    if decoder.handle(kind, data):  # the end-of-speech timer ran out
                        self._finish()
            early = decoder.fresh()
            if early is not None:
                self.partial.emit(early.transcript)  # the words, as soon as they are known
            if decoder.streaming and time.monotonic() - last_partial > PARTIAL_EVERY_S:
                last_partial = time.monotonic()
                self.partial.emit(decoder.partial())

    def _finish(self) -> None:
        try:
            heard = self.decoder.finish()
        except Exception as error:
            self.failed.emit(self.tr("Speech could not be recognised ({why}). Type your request instead.").format(why=error))
            return
        self.heard.emit(heard)
