"""Sound in, as every listener takes it: 16 kHz mono, from the microphone, a WAV file standing in for
it, or a recording or live feed of a call.

The one rate (`RATE`) and the one pair of conversions between float samples and 16-bit PCM. soxr
does the rate conversion: a well-kept, high-quality resampler that streams, so an hour of audio
never sits in memory at once. The microphone is thin on purpose: anything that goes wrong becomes
NoAudio with one line for the person, never a hang.
"""

from __future__ import annotations

import contextlib
import os
import queue
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import numpy as np

from ..i18n import ui as _
from . import wavfile
from .audio_devices import NoAudio, load_sounddevice, pick, probe
from .wavfile import AudioError, Samples

RATE = 16_000  # what every engine and listener takes
BLOCK = 1600  # the microphone's block: 100 ms
MAX_REQUEST_SECONDS = 60.0  # one spoken request; anything longer is a recording of something else
SILENCE_RMS = 0.003  # about -50 dBFS: below this the file holds no speech

# Seconds wanted -> that much audio (float, RATE), None at the end: a call, read as it goes.
Source = Callable[[float], "np.ndarray | None"]


def to_pcm16(samples: Samples) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def from_pcm16(pcm: bytes) -> Samples:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def resampled(source: Iterable[Samples], rate: int, target: int = RATE) -> Iterator[Samples]:
    """float32 mono blocks at `rate` to float32 mono blocks at `target`, as a stream."""
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


def resample(samples: Samples, rate: int, target: int) -> Samples:
    """A whole clip at another rate."""
    if rate == target:
        return samples.astype(np.float32)
    import soxr

    out: Samples = soxr.resample(samples.astype(np.float32), rate, target, quality="HQ").astype(np.float32)
    return out


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
    samples = from_pcm16(pcm)
    return len(samples) == 0 or float(np.sqrt(np.mean(samples * samples))) < SILENCE_RMS


def snr_db(pcm16: bytes, frame: int = 480) -> float:
    """A rough signal-to-noise ratio: the loud frames (speech) against the quiet ones (the room)."""
    samples = from_pcm16(pcm16)
    count = len(samples) // frame
    if count < 10:
        return 99.0
    energies = np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1) + 1e-10
    loud, quiet = np.percentile(energies, 90), np.percentile(energies, 10)
    return float(10 * np.log10(loud / quiet))


class AudioSource(Protocol):
    """The person's microphone (or a WAV standing in for it): 16-bit blocks as they come."""

    muted: bool

    def read(self, timeout: float = 1.0) -> bytes | None: ...
    def drain(self) -> None: ...
    def close(self) -> None: ...

    @property
    def finished(self) -> bool:
        """Nothing more will come (a file heard to its end); a microphone never finishes."""
        ...


class Microphone:
    def __init__(self, device: str | None = None) -> None:
        probe()
        sd = load_sounddevice()
        self.blocks: queue.Queue[bytes] = queue.Queue(maxsize=600)  # a minute at most, then old audio is dropped
        self.muted = False  # half duplex: True while the assistant itself is speaking
        try:
            self.stream: Any = sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16",
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

    @property
    def finished(self) -> bool:
        return False

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
        self.audio = read_request(path, max_seconds=600)
        self.position = 0
        self.muted = False
        self.next_at = time.monotonic()

    def read(self, timeout: float = 1.0) -> bytes | None:
        delay = self.next_at - time.monotonic()
        if delay > 0:
            time.sleep(min(delay, timeout))
        self.next_at = max(self.next_at, time.monotonic() - 1.0) + BLOCK / RATE
        block = self.audio[self.position:self.position + BLOCK * 2]
        self.position += BLOCK * 2
        if len(block) < BLOCK * 2:
            block += bytes(BLOCK * 2 - len(block))
        return bytes(BLOCK * 2) if self.muted else block

    @property
    def finished(self) -> bool:
        """The whole file and two seconds of silence after it have been heard."""
        return self.position >= len(self.audio) + 2 * 2 * RATE

    def drain(self) -> None:
        pass

    def close(self) -> None:
        pass


def call_audio(file: str | None = None, device: str | None = None) -> tuple[Source, Callable[[], None]]:
    """A call's audio, read as it goes, and what closes it: a recording (AudioError for a bad file),
    or else a microphone by the speakerphone or a monitor source (NoAudio when there is none)."""
    return _wav_source(file) if file else _device_source(device)


def _wav_source(path: str) -> tuple[Source, Callable[[], None]]:
    info = wavfile.probe(path)
    blocks = resampled(wavfile.blocks(info), info.rate, RATE)
    buffered = np.zeros(0, dtype=np.float32)

    def read(seconds: float) -> np.ndarray | None:
        nonlocal buffered
        wanted = int(seconds * RATE)
        while len(buffered) < wanted:
            block = next(blocks, None)
            if block is None:
                break
            buffered = np.concatenate([buffered, block.astype(np.float32)])
        if not len(buffered):
            return None
        out, buffered = buffered[:wanted], buffered[wanted:]
        return out

    return read, lambda: None


def _device_source(device: str | None) -> tuple[Source, Callable[[], None]]:
    microphone = Microphone(device)

    def read(seconds: float) -> np.ndarray | None:
        wanted, got = int(seconds * RATE) * 2, bytearray()
        while len(got) < wanted:
            block = microphone.read(timeout=2.0)
            if block is None:
                return np.zeros(0, dtype=np.float32) if got else None
            got += block
        return from_pcm16(bytes(got))

    return read, microphone.close
