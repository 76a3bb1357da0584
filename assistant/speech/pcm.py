"""Audio of any common rate to what the engines take: 16 kHz mono 16-bit PCM, in blocks.

soxr does the rate conversion: a well-kept, high-quality resampler that streams, so an hour of
audio never sits in memory at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import numpy as np

from ..i18n import ui as _
from . import wavfile
from .recognizer import SAMPLE_RATE
from .wavfile import AudioError, Samples

MAX_REQUEST_SECONDS = 60.0  # one spoken request; anything longer is a recording of something else
SILENCE_RMS = 0.003  # about -50 dBFS: below this the file holds no speech


def resampled(source: Iterable[Samples], rate: int, target: int = SAMPLE_RATE) -> Iterator[Samples]:
    """float32 mono blocks at `rate` to float32 mono blocks at `target`."""
    if rate == target:
        yield from source
        return
    import soxr

    stream = soxr.ResampleStream(rate, target, 1, dtype="float32", quality="HQ")
    for block in source:
        out = stream.resample_chunk(block, last=False)
        if len(out):
            yield out
    tail = stream.resample_chunk(np.zeros(0, dtype=np.float32), last=True)
    if len(tail):
        yield tail


def to_pcm16(samples: Samples) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def read_request(path: str | os.PathLike[str], max_seconds: float = MAX_REQUEST_SECONDS) -> bytes:
    """One spoken request from a WAV file as 16 kHz PCM; AudioError when it cannot be one."""
    info = wavfile.probe(path)
    if info.frames == 0:
        raise AudioError(_("{path}: the WAV file holds no audio").format(path=info.path))
    if info.seconds > max_seconds:
        minutes = info.seconds / 60
        length = f"{minutes:.0f} minutes" if minutes >= 2 else f"{info.seconds:.0f} seconds"
        raise AudioError(
            _(
                "{path}: the recording is {length} long; a request is at most {max_seconds:.0f} seconds, so trim it (for example: "
                "sox '{path}' short.wav trim 0 {max_seconds:.0f})"
            ).format(path=info.path, length=length, max_seconds=max_seconds)
        )
    pieces = list(resampled(wavfile.blocks(info, max_seconds=max_seconds), info.rate))
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    return to_pcm16(samples)


def is_silent(pcm: bytes) -> bool:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    return len(samples) == 0 or float(np.sqrt(np.mean(samples * samples))) < SILENCE_RMS


def snr_db(pcm16: bytes, frame: int = 480) -> float:
    """A rough signal-to-noise ratio: the loud frames (speech) against the quiet ones (the room)."""
    samples = np.frombuffer(pcm16, dtype="<i2").astype(np.float32) / 32768.0
    count = len(samples) // frame
    if count < 10:
        return 99.0
    energies = np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1) + 1e-10
    loud, quiet = np.percentile(energies, 90), np.percentile(energies, 10)
    return float(10 * np.log10(loud / quiet))
