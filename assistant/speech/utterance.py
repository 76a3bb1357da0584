"""Decoding a request while the end-of-speech timer runs, so the answer is ready when it ends.

A thin adapter between the endpoint detector's events and a recogniser. Whisper needs the whole
utterance and takes longer than a short pause, so when speech pauses the audio so far is decoded
on a worker thread; if speech resumes that result is dropped, and when the timer ends it is
used (it holds every word: only silence came after). A streaming engine (PocketSphinx) decodes
as audio arrives and needs none of this.
"""

from __future__ import annotations

import threading
from typing import Any

from .endpoint import Classifier
from .recognizer import Heard


def speech_classifier(recognizer: Any) -> Classifier | None:
    """How the endpoint detector tells speech for this engine: Silero VAD with Whisper (its
    package ships the model), the energy detector with the grammar engines."""
    if getattr(recognizer, "name", "") != "whisper":
        return None
    from .vad import frame_classifier

    return frame_classifier()


class EarlyDecoder:
    def __init__(self, recognizer: Any) -> None:
        self.recognizer = recognizer
        self.audio: list[bytes] = []
        self._stream: Any = None
        self._early: threading.Thread | None = None
        self._early_heard: Heard | None = None
        self._early_error: BaseException | None = None
        self._shown: Heard | None = None  # the early result already handed out by fresh()
        self.generation = 0  # bumped when speech resumes: an older early result is stale
        self.listening = False  # between the detector's "start" and "end"

    def handle(self, kind: str, data: bytes) -> bool:
        """One endpoint-detector event; True when the utterance has ended (call finish())."""
        if kind == "start":
            self.begin(data)
            self.listening = True
        elif not self.listening:
            return False
        elif kind == "audio":
            self.feed(data)
        elif kind == "pause":
            self.pause()
        elif kind == "resume":
            self.resume()
        elif kind == "end":
            self.listening = False
            return True
        return False

    def fresh(self) -> Heard | None:
        """The early result once, the first time it is ready with words (for the live transcript)."""
        early = self._early_heard
        if early is None or early is self._shown or not early.transcript:
            return None
        self._shown = early
        return early

    def was_shown(self, heard: Heard) -> bool:
        """finish() gave the result fresh() already handed out."""
        return heard is self._shown

    def begin(self, pre_roll: bytes = b"") -> None:
        self.drop()
        self._shown = None
        begin = getattr(self.recognizer, "begin", None)
        self._stream = begin() if begin is not None else None
        self.audio = []
        if pre_roll:
            self.feed(pre_roll)

    def feed(self, block: bytes) -> None:
        self.audio.append(block)
        if self._stream is not None:
            self._stream.feed(block)

    def pause(self) -> None:
        """Speech stopped: start decoding what there is."""
        if self._stream is not None:
            return
        generation, audio = self.generation, b"".join(self.audio)

        def work() -> None:
            try:
                heard = self.recognizer.recognize(audio)
            except BaseException as error:  # handed to finish(), which raises it on the caller's thread
                self._early_error = error
                return
            if generation == self.generation:
                self._early_heard = heard

        self._early_heard, self._early_error = None, None
        self._early = threading.Thread(target=work, name="early-decode", daemon=True)
        self._early.start()

    def resume(self) -> None:
        """Speech came back: the early decoding no longer covers the request."""
        self.generation += 1
        self._early_heard = None

    @property
    def streaming(self) -> bool:
        """A streaming engine is decoding as audio arrives (it can give partial words)."""
        return self._stream is not None and hasattr(self._stream, "partial")

    def partial(self) -> str:
        return str(self._stream.partial()) if self.streaming else ""

    def finish(self) -> Heard:
        """The end-of-speech timer ran out: the decision's input."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            return stream.finish()  # type: ignore[no-any-return]
        if self._early is not None:
            self._early.join()
            self._early = None
            if self._early_error is not None:
                raise self._early_error
            if self._early_heard is not None:
                heard, self._early_heard = self._early_heard, None
                return heard
        return self.recognizer.recognize(b"".join(self.audio))  # type: ignore[no-any-return]

    def drop(self) -> None:
        """Abandon an utterance half heard (a streaming decoder holds its engine until finished)."""
        if self._stream is not None:
            self._stream.finish(fallback=False)
            self._stream = None
        self.generation += 1
        self._early_heard = None
        self.audio = []
        self.listening = False
