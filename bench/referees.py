"""DTMF receivers nobody here wrote, used as referees for ours: spandsp's (Debian's libspandsp2,
through ctypes) and multimon-ng's (the Debian command). Both are installed by setup.sh."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from typing import Any

import numpy as np

from assistant.speech import wavfile

SPANDSP_RATE = 8000  # spandsp's receiver takes 8 kHz 16-bit samples only
_spandsp: Any = None


def spandsp_available() -> str | None:
    """None when spandsp can be used, else why not."""
    try:
        _library()
    except OSError as error:
        return f"libspandsp2 is not installed ({error}); run: bash setup.sh test"
    return None


def _library() -> Any:
    global _spandsp
    if _spandsp is None:
        name = ctypes.util.find_library("spandsp") or "libspandsp.so.2"
        library = ctypes.CDLL(name)
        library.dtmf_rx_init.restype = ctypes.c_void_p
        library.dtmf_rx_init.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        library.dtmf_rx.restype = ctypes.c_int
        library.dtmf_rx.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int16), ctypes.c_int]
        library.dtmf_rx_get.restype = ctypes.c_size_t
        library.dtmf_rx_get.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        library.dtmf_rx_free.restype = ctypes.c_int
        library.dtmf_rx_free.argtypes = [ctypes.c_void_p]
        _spandsp = library
    return _spandsp


def spandsp_decode(samples: np.ndarray, rate: int) -> str:
    """The digits spandsp hears in float samples (resampled to 8 kHz first when needed)."""
    library = _library()
    if rate != SPANDSP_RATE:
        import soxr

        samples = soxr.resample(samples.astype(np.float32), rate, SPANDSP_RATE, quality="HQ")
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).round().astype(np.int16)
    state = library.dtmf_rx_init(None, None, None)
    digits = []
    buffer = ctypes.create_string_buffer(129)
    try:
        # In pieces of a second: spandsp keeps at most 128 digits until they are fetched.
        for start in range(0, len(pcm), SPANDSP_RATE):
            piece = np.ascontiguousarray(pcm[start:start + SPANDSP_RATE])
            library.dtmf_rx(state, piece.ctypes.data_as(ctypes.POINTER(ctypes.c_int16)), len(piece))
            count = library.dtmf_rx_get(state, buffer, 128)
            digits.append(buffer.raw[:count].decode("ascii"))
        silence = np.zeros(SPANDSP_RATE // 10, dtype=np.int16)  # lets a digit at the very end finish
        library.dtmf_rx(state, silence.ctypes.data_as(ctypes.POINTER(ctypes.c_int16)), len(silence))
        count = library.dtmf_rx_get(state, buffer, 128)
        digits.append(buffer.raw[:count].decode("ascii"))
    finally:
        library.dtmf_rx_free(state)
    return "".join(digits)


def multimon_available() -> str | None:
    if shutil.which("multimon-ng") is None:
        return "multimon-ng is not installed; run: bash setup.sh test"
    if shutil.which("sox") is None:
        return "sox is not installed (multimon-ng reads WAV through it); run: bash setup.sh test"
    return None


def multimon_decode(samples: np.ndarray, rate: int) -> str:
    """The digits multimon-ng hears (it converts the WAV to 22.05 kHz with sox itself)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "tones.wav")
        wavfile.write(path, samples.astype(np.float32), rate)
        done = subprocess.run(["multimon-ng", "-q", "-a", "DTMF", "-t", "wav", path],
                              capture_output=True, text=True, timeout=120, check=False)
    return "".join(line.split(":", 1)[1].strip() for line in done.stdout.splitlines() if line.startswith("DTMF:"))
