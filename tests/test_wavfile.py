"""Reading any WAV a person has, and refusing what is not one, with one clear line."""

from __future__ import annotations

import os
import resource
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from assistant.speech import wavfile
from assistant.speech.audio import is_silent, read_request
from assistant.speech.wavfile import AudioError

from .conftest import run_cli

TONE_HZ = 440.0


def tone(rate: int, seconds: float = 0.5, level: float = 0.5) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (level * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 44100, 48000])
@pytest.mark.parametrize(("encoding", "bits"), [("unsigned-integer", 8), ("signed-integer", 16),
                                                 ("signed-integer", 24), ("signed-integer", 32), ("floating-point", 32),
                                                 ("floating-point", 64)])
@pytest.mark.parametrize("channels", [1, 2])
def test_formats_written_by_sox_read_back_as_the_same_tone(tmp_path: Path, rate: int, encoding: str, bits: int,
                                                           channels: int) -> None:
    path = tmp_path / "tone.wav"
    # sox, not our own writer, makes the file: a reader tested only on its own writer proves little.
    subprocess.run(["sox", "-n", "-r", str(rate), "-c", str(channels), "-e", encoding, "-b", str(bits), str(path),
                    "synth", "0.5", "sine", str(TONE_HZ), "vol", "0.5"], check=True)
    info = wavfile.probe(path)
    assert (info.rate, info.channels, info.bits, info.is_float) == (rate, channels, bits, encoding == "floating-point")
    samples = np.concatenate(list(wavfile.blocks(info, block_seconds=0.1)))
    assert len(samples) == int(rate * 0.5)
    rms = float(np.sqrt(np.mean(samples**2)))
    assert abs(rms - 0.5 / np.sqrt(2)) < (0.01 if bits == 8 else 0.002)  # the level survives every format
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    assert abs(np.argmax(spectrum) * rate / len(samples) - TONE_HZ) <= 2  # so does the pitch


def test_resampled_to_16k_keeps_the_tone(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    wavfile.write(path, tone(44100, 1.0), 44100)
    audio = np.frombuffer(read_request(path), dtype="<i2").astype(np.float32) / 32768
    assert abs(len(audio) - 16000) <= 2
    spectrum = np.abs(np.fft.rfft(audio[2000:14000]))
    peak_hz = np.argmax(spectrum) * 16000 / 12000
    assert abs(peak_hz - TONE_HZ) < 2


def test_header_that_lies_about_its_length(tmp_path: Path) -> None:
    path = tmp_path / "liar.wav"
    wavfile.write(path, tone(16000, 0.5), 16000)
    data = bytearray(path.read_bytes())
    data[40:44] = struct.pack("<I", 10_000_000)  # claims 10 MB of data; holds 16 kB
    path.write_bytes(bytes(data))
    info = wavfile.probe(path)
    assert info.frames == 8000
    assert len(np.concatenate(list(wavfile.blocks(info)))) == 8000


def test_streaming_header_size(tmp_path: Path) -> None:
    path = tmp_path / "stream.wav"
    wavfile.write(path, tone(16000, 0.25), 16000)
    data = bytearray(path.read_bytes())
    data[40:44] = struct.pack("<I", 0xFFFFFFFF)
    path.write_bytes(bytes(data))
    assert wavfile.probe(path).frames == 4000


def write_raw(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b"RIFF\x24\x00\x00\x00WAVEfm", "the WAV header is cut short"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x21" + b"\xff\xfb\x90\x64" + bytes(400), "this is an MP3 file, not WAV"),
        (b"\xff\xfb\x90\x64" + bytes(400), "this is an MP3 file, not WAV"),
        (b"OggS" + bytes(100), "this is an Ogg file, not WAV"),
        (b"hello, I am a text file\n", "not a WAV file (no RIFF/WAVE header)"),
    ],
    ids=["zero-bytes", "truncated-header", "mp3-id3", "mp3-frame", "ogg", "text"],
)
def test_files_that_are_not_usable_wav(tmp_path: Path, content: bytes, message: str) -> None:
    path = write_raw(tmp_path, "request.wav", content)
    with pytest.raises(AudioError, match="^" + str(path).replace(".", r"\.") + ": " + message.replace("(", r"\(").replace(")", r"\)")):
        wavfile.probe(path)


def test_absurd_sample_rate(tmp_path: Path) -> None:
    path = tmp_path / "seven.wav"
    wavfile.write(path, tone(8000, 0.1), 8000)
    data = bytearray(path.read_bytes())
    data[24:28] = struct.pack("<I", 7)
    path.write_bytes(bytes(data))
    with pytest.raises(AudioError, match="a sample rate of 7 Hz is not speech audio"):
        wavfile.probe(path)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="is a folder"):
        wavfile.probe(tmp_path)
    with pytest.raises(AudioError, match="no such file"):
        wavfile.probe(tmp_path / "nope.wav")


def sparse_wav(path: Path, rate: int, seconds: int) -> Path:
    """A long 16-bit mono WAV of silence as a sparse file: its real length, no disk used."""
    size = rate * 2 * seconds
    header = (b"RIFF" + struct.pack("<I", 36 + size) + b"WAVE" + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
              + b"data" + struct.pack("<I", size))
    with open(path, "wb") as handle:
        handle.write(header)
        handle.truncate(len(header) + size)
    return path


def test_thirty_minutes_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = sparse_wav(tmp_path / "long.wav", 16000, 30 * 60)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(AudioError, match="the recording is 30 minutes long; a request is at most 60 seconds"):
        read_request(path)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20_000  # kB: nothing was loaded


def test_long_audio_streams_in_blocks_with_flat_memory(tmp_path: Path) -> None:
    rate, seconds = 8000, 3600
    path = sparse_wav(tmp_path / "hour.wav", rate, seconds)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    total = sum(len(block) for block in wavfile.blocks(wavfile.probe(path)))
    assert total == rate * seconds
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20_000


def test_writer_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.wav"
    wavfile.write(target, tone(16000), 16000)
    assert wavfile.probe(target).frames == 8000
    assert [p.name for p in tmp_path.iterdir()] == ["out.wav"]
    with pytest.raises(FileNotFoundError):
        wavfile.write(tmp_path / "missing" / "out.wav", tone(16000), 16000)
    assert [p.name for p in tmp_path.iterdir()] == ["out.wav"]


def test_silence_is_silent_and_speech_is_not(tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.wav"
    wavfile.write(quiet, np.zeros(16000, dtype=np.float32), 16000)
    assert is_silent(read_request(quiet))
    loud = tmp_path / "loud.wav"
    wavfile.write(loud, tone(16000), 16000)
    assert not is_silent(read_request(loud))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("empty.wav", b"", "the file is empty"), ("song.wav", b"ID3\x04" + bytes(200), "this is an MP3 file, not WAV")],
)
def test_listen_command_gives_one_line_per_bad_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = write_raw(tmp_path, name, content)
    result = run_cli("listen", "--file", str(path), "--json", "--engine", "pocketsphinx")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("assistant: ") and "Using" not in line]
    assert errors == [f"assistant: {path}: {message}" + errors[0].split(message, 1)[1]]
    assert "Traceback" not in result.stderr
    assert '"status": "error"' in result.stdout


def test_listen_on_a_directory(tmp_path: Path) -> None:
    result = run_cli("listen", "--file", str(tmp_path), "--engine", "pocketsphinx")
    assert result.returncode == 2
    assert f"assistant: {tmp_path}: is a folder; give the path of a .wav file" in result.stderr


def test_text_path_imports_no_speech_libraries(tmp_path: Path) -> None:
    # The speech modules must not be imported by the text path (start-up speed).
    result = run_cli("route", "--json", "i moved")
    assert result.returncode == 0
    probe = run_cli("text", stdin="i moved\n", env={"PYTHONVERBOSE": "1"})
    imported = probe.stderr
    for heavy in ("numpy", "pocketsphinx", "vosk", "sounddevice", "soxr"):
        assert f"import '{heavy}'" not in imported, heavy
    assert os.path.exists(tmp_path)
