"""Reading any WAV a person has, in blocks, as mono float32 at its own rate.

Handles 8/16/24/32-bit integer and 32/64-bit float PCM, WAVE_FORMAT_EXTENSIBLE, mono or
multichannel, and headers that lie about the data length. Never loads more than a block.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from ..i18n import ui as _

BLOCK_SECONDS = 0.5
MIN_RATE, MAX_RATE = 4000, 384_000

Samples = npt.NDArray[np.float32]


class AudioError(ValueError):
    """The file cannot be used as audio; the message says why and what to do."""


@dataclass(frozen=True)
class WavInfo:
    path: str
    rate: int
    channels: int
    bits: int
    is_float: bool
    frames: int  # frames the data actually holds (not what the header claims)
    data_offset: int

    @property
    def seconds(self) -> float:
        return self.frames / self.rate


_OTHER_FORMATS = [
    (b"ID3", "an MP3 file"), (b"\xff\xfb", "an MP3 file"), (b"\xff\xf3", "an MP3 file"), (b"\xff\xf2", "an MP3 file"),
    (b"OggS", "an Ogg file"), (b"fLaC", "a FLAC file"), (b"FORM", "an AIFF file"), (b"\x1aE\xdf\xa3", "a WebM/Matroska file"),
]


def probe(path: str | os.PathLike[str]) -> WavInfo:
    """Read and check the header; AudioError with a plain reason when it is not usable WAV."""
    name = str(path)
    if os.path.isdir(name):
        raise AudioError(_("{name}: is a folder; give the path of a .wav file").format(name=name))
    try:
        size = os.path.getsize(name)
        with open(name, "rb") as handle:
            return _probe(handle, name, size)
    except FileNotFoundError:
        raise AudioError(_("{name}: no such file").format(name=name)) from None
    except PermissionError:
        raise AudioError(_("{name}: cannot be read (permission denied)").format(name=name)) from None


def _probe(handle: BinaryIO, name: str, size: int) -> WavInfo:
    convert = _("convert it first, for example: {command}").format(command=f"sox '{name}' -r 16000 -c 1 out.wav")
    if size == 0:
        raise AudioError(_("{name}: the file is empty (0 bytes)").format(name=name))
    head = handle.read(12)
    for magic, what in _OTHER_FORMATS:
        if head.startswith(magic):
            raise AudioError(_("{name}: this is {what}, not WAV; {convert}").format(name=name, what=what, convert=convert))
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        raise AudioError(_("{name}: not a WAV file (no RIFF/WAVE header); {convert}").format(name=name, convert=convert))
    fmt: tuple[int, int, int, int] | None = None
    while True:
        chunk = handle.read(8)
        if len(chunk) < 8:
            if fmt is None:
                raise AudioError(_("{name}: the WAV header is cut short (no format chunk); the file is truncated").format(name=name))
            raise AudioError(_("{name}: the WAV file has no audio data chunk; the file is truncated").format(name=name))
        chunk_id, chunk_size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if chunk_id == b"fmt ":
            body = handle.read(chunk_size)
            if len(body) < 16:
                raise AudioError(_("{name}: the WAV format chunk is cut short; the file is truncated").format(name=name))
            tag, channels, rate, _byte_rate, _block_align, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE and len(body) >= 26:
                tag = struct.unpack("<H", body[24:26])[0]  # the sub-format GUID starts with the real tag
            fmt = (tag, channels, rate, bits)
            if chunk_size % 2:
                handle.read(1)
        elif chunk_id == b"data":
            if fmt is None:
                raise AudioError(_("{name}: the audio data comes before its format; the WAV file is damaged").format(name=name))
            offset = handle.tell()
            return _info(name, fmt, offset, chunk_size, size, convert)
        else:
            handle.seek(chunk_size + (chunk_size % 2), os.SEEK_CUR)


def _info(name: str, fmt: tuple[int, int, int, int], offset: int, claimed: int, size: int, convert: str) -> WavInfo:
    tag, channels, rate, bits = fmt
    if tag not in (1, 3):
        raise AudioError(_("{name}: compressed WAV (format {tag}) is not supported; {convert}").format(name=name, tag=tag, convert=convert))
    if channels < 1:
        raise AudioError(_("{name}: the WAV header says it has no channels; the file is damaged").format(name=name))
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioError(_(
            "{name}: a sample rate of {rate} Hz is not speech audio (use 8000 to 48000 Hz); {convert}"
        ).format(name=name, rate=rate, convert=convert))
    if (tag == 1 and bits not in (8, 16, 24, 32)) or (tag == 3 and bits not in (32, 64)):
        raise AudioError(_(
            "{name}: {bits}-bit {kind} samples are not supported; {convert}"
        ).format(name=name, bits=bits, kind=_("float") if tag == 3 else _("integer"), convert=convert))
    frame_bytes = channels * bits // 8
    available = max(size - offset, 0)
    # A header that claims more data than the file holds (or the streaming value 0xFFFFFFFF)
    # is common in recordings that were cut off: trust the file, not the header.
    data = min(claimed, available) if claimed not in (0, 0xFFFFFFFF) else available
    return WavInfo(name, rate, channels, bits, tag == 3, data // frame_bytes, offset)


def blocks(info: WavInfo, block_seconds: float = BLOCK_SECONDS, max_seconds: float | None = None) -> Iterator[Samples]:
    """Mono float32 samples in [-1, 1], one block at a time."""
    frame_bytes = info.channels * info.bits // 8
    per_block = max(int(info.rate * block_seconds), 1)
    left = info.frames if max_seconds is None else min(info.frames, int(max_seconds * info.rate))
    with open(info.path, "rb") as handle:
        handle.seek(info.data_offset)
        while left > 0:
            count = min(per_block, left)
            raw = handle.read(count * frame_bytes)
            count = len(raw) // frame_bytes
            if count == 0:
                return
            left -= count
            yield _to_mono(raw[: count * frame_bytes], info)


def _to_mono(raw: bytes, info: WavInfo) -> Samples:
    if info.is_float:
        samples = np.frombuffer(raw, dtype="<f4" if info.bits == 32 else "<f8").astype(np.float32)
        samples = np.nan_to_num(samples, nan=0.0, posinf=1.0, neginf=-1.0)
    elif info.bits == 8:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif info.bits == 16:
        samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    elif info.bits == 24:
        triples = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        values = triples[:, 0] | (triples[:, 1] << 8) | (triples[:, 2] << 16)
        values = np.where(values >= 1 << 23, values - (1 << 24), values)
        samples = values.astype(np.float32) / float(1 << 23)
    else:
        samples = np.frombuffer(raw, dtype="<i4").astype(np.float32) / float(1 << 31)
    if info.channels > 1:
        samples = samples.reshape(-1, info.channels).mean(axis=1)
    return np.clip(samples, -1.0, 1.0).astype(np.float32)


def write(path: str | os.PathLike[str], samples: Samples, rate: int, bits: int = 16) -> None:
    """Write mono 16-bit PCM (or 32-bit float with bits=32) atomically: temporary file, then rename."""
    target = os.fspath(path)
    clipped = np.clip(samples, -1.0, 1.0)
    if bits == 16:
        data, tag = (clipped * 32767.0).round().astype("<i2").tobytes(), 1
    elif bits == 32:
        data, tag = clipped.astype("<f4").tobytes(), 3
    else:
        raise ValueError("bits must be 16 or 32")
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, tag, 1, rate, rate * bits // 8, bits // 8, bits)
    header += b"data" + struct.pack("<I", len(data))
    temporary = f"{target}.tmp-{os.getpid()}"
    try:
        with open(temporary, "wb") as handle:
            handle.write(header + data)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
