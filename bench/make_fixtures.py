"""Speech fixtures, made reproducibly by real synthesisers.

Voices: espeak-ng through pyttsx3 (two voice variants, two speeds) and flite (three voices).
Each request exists as clean 16 kHz audio, as telephone-band 8 kHz audio (300-3400 Hz), and
with white noise mixed in at 10 dB SNR; pure noise clips are added for the refusal figures.
Noise is seeded, so the same command writes the same files.

Run: .venv/bin/python bench/make_fixtures.py [OUT]   (default bench/fixtures/; writes index.tsv)
     .venv/bin/python bench/make_fixtures.py --tests  (the small set tests/fixtures/speech/ holds)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.speech import pcm, wavfile  # noqa: E402

VOICES = {
    "espeak-f2-140": ("pyttsx3", "gmw/en-US+f2", 140),
    "espeak-f2-175": ("pyttsx3", "gmw/en-US+f2", 175),
    "espeak-klatt-150": ("pyttsx3", "gmw/en-US+klatt", 150),
    "flite-slt": ("flite", "slt", 0),
    "flite-rms": ("flite", "rms", 0),
    "flite-awb": ("flite", "awb", 0),
}
CONDITIONS = ("clean16k", "phone8k", "snr10")
SEED = 20261127


def load_requests() -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / "bench" / "speech_requests.tsv").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            expected, text = line.split("\t")
            rows.append((expected, text))
    return rows


def synthesise(voice: str, text: str, out: Path) -> None:
    kind, name, rate = VOICES[voice]
    if kind == "flite":
        subprocess.run(["flite", "-voice", name, "-t", text, "-o", str(out)], check=True, capture_output=True)
        return
    import pyttsx3

    # pyttsx3 reused for many files now and then writes an empty one (a known problem of its
    # espeak driver): make a fresh engine and try again.
    for _ in range(4):
        out.unlink(missing_ok=True)
        engine = pyttsx3.init("espeak")
        engine.setProperty("voice", name)
        engine.setProperty("rate", rate)
        engine.save_to_file(text, str(out))
        engine.runAndWait()
        engine.stop()
        if out.exists() and wavfile.probe(out).frames > 1000:
            return
    raise RuntimeError(f"pyttsx3 wrote no audio for {text!r} with {voice}")


def samples_of(path: Path) -> tuple[np.ndarray, int]:
    info = wavfile.probe(path)
    return np.concatenate(list(wavfile.blocks(info))), info.rate


def at(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    return np.concatenate(list(pcm.resampled([samples], rate, target)))


def telephone(samples16k: np.ndarray) -> np.ndarray:
    """300-3400 Hz band at 8 kHz, as a phone line carries it."""
    narrow = at(samples16k, 16000, 8000)
    spectrum = np.fft.rfft(narrow)
    freqs = np.fft.rfftfreq(len(narrow), 1 / 8000)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    return np.fft.irfft(spectrum, len(narrow)).astype(np.float32)


def with_noise(samples: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    active = samples[np.abs(samples) > 0.02]
    speech_rms = float(np.sqrt(np.mean(active**2))) if len(active) else 0.05
    noise = rng.standard_normal(len(samples)).astype(np.float32)
    noise *= speech_rms / (10 ** (snr_db / 20)) / float(np.sqrt(np.mean(noise**2)))
    return np.clip(samples + noise, -1, 1).astype(np.float32)


def padded(samples: np.ndarray, rate: int) -> np.ndarray:
    pad = np.zeros(int(0.3 * rate), dtype=np.float32)
    return np.concatenate([pad, samples, pad])


def noise_clips(out: Path, rng: np.random.Generator, rows: list[str]) -> None:
    for n in range(12):
        seconds = 1.5 + (n % 4) * 0.5
        count = int(16000 * seconds)
        white = rng.standard_normal(count).astype(np.float32)
        kind = ("white", "pink", "brown", "hum")[n % 4]
        if kind == "pink":
            spectrum = np.fft.rfft(white)
            spectrum[1:] /= np.sqrt(np.arange(1, len(spectrum)))
            white = np.fft.irfft(spectrum, count).astype(np.float32)
        elif kind == "brown":
            white = np.cumsum(white).astype(np.float32)
            white -= np.linspace(white[0], white[-1], count, dtype=np.float32)
        elif kind == "hum":
            t = np.arange(count) / 16000
            white = (np.sin(2 * np.pi * 60 * t) + 0.5 * np.sin(2 * np.pi * 180 * t) + 0.05 * white).astype(np.float32)
        level = (0.02, 0.05, 0.1)[n % 3]
        clip = white / float(np.max(np.abs(white))) * level * 3
        name = f"noise-{kind}-{n:02d}.wav"
        wavfile.write(out / name, clip.astype(np.float32), 16000)
        rows.append(f"{name}\tno_match\tnoise\tnoise\tnoise")


def make(out: Path, voices: list[str], requests: list[tuple[str, str]], conditions: tuple[str, ...], noise: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    rows = ["file\texpected\tvoice\tcondition\ttext"]
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "raw.wav"
        for voice in voices:
            for number, (expected, text) in enumerate(requests):
                synthesise(voice, text, raw)
                samples, rate = samples_of(raw)
                clean = padded(at(samples, rate, 16000), 16000)
                for condition in conditions:
                    name = f"{voice}-{number:02d}-{condition}.wav"
                    if condition == "clean16k":
                        wavfile.write(out / name, clean, 16000)
                    elif condition == "phone8k":
                        wavfile.write(out / name, telephone(clean), 8000)
                    else:
                        wavfile.write(out / name, with_noise(clean, 10, rng), 16000)
                    rows.append(f"{name}\t{expected}\t{voice}\t{condition}\t{text}")
    if noise:
        noise_clips(out, rng, rows)
    (out / "index.tsv").write_text("\n".join(rows) + "\n")
    return len(rows) - 1


TEST_SET = [0, 4, 6, 8, 25, 27, 31, 33]  # rows of speech_requests.tsv the tests use


def main() -> int:
    requests = load_requests()
    if "--tests" in sys.argv:
        chosen = [requests[i] for i in TEST_SET]
        count = make(ROOT / "tests" / "fixtures" / "speech", ["flite-slt", "espeak-f2-140"], chosen, CONDITIONS, noise=False)
    else:
        out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "fixtures"
        count = make(out, list(VOICES), requests, CONDITIONS, noise=True)
    print(f"wrote {count} fixtures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
