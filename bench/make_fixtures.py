"""Speech fixtures, made reproducibly by real synthesisers.

Two sets, kept apart (issue 9):
- tuning: bench/speech_requests.tsv spoken by the voices thresholds were tuned on (espeak-ng
  through pyttsx3, flite slt);
- untuned: bench/untuned_requests.tsv (written before any tuning, never tuned on) spoken by voices
  the tuning set does not use (espeak-ng m3, flite kal16, festival's kal).
Each request exists clean at 16 kHz, as a phone line carries it (300-3400 Hz at 8 kHz through
G.711 mu-law), and mixed with pink noise (10 dB and 5 dB), babble (several voices at once,
10 dB) and music (10 dB). SNR is measured against the active speech level (the frames where
speech is present), not the whole padded file. Clips with no request at all (noise, hum, music,
babble, coughs, a TV) are added for the refusal figures. Everything is seeded: the same command
writes the same files.

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

from assistant import g711  # noqa: E402
from assistant.speech import wavfile  # noqa: E402
from assistant.speech.audio import resampled  # noqa: E402
from bench import usage  # noqa: E402
from bench.labelled import read as read_labelled  # noqa: E402

VOICES = {
    "espeak-f2-140": ("pyttsx3", "gmw/en-US+f2", 140),
    "espeak-f2-175": ("pyttsx3", "gmw/en-US+f2", 175),
    "espeak-klatt-150": ("pyttsx3", "gmw/en-US+klatt", 150),
    "flite-slt": ("flite", "slt", 0),
    "flite-rms": ("flite", "rms", 0),
    "flite-awb": ("flite", "awb", 0),
    # Voices the tuning set never uses: the untuned split is spoken by these.
    "espeak-m3-160": ("espeak-ng", "en-us+m3", 160),
    "flite-kal16": ("flite", "kal16", 0),
    "festival-kal": ("festival", "kal_diphone", 0),
    # Spanish (the hold bench's Spanish queue): espeak-ng's are the only Spanish voices here.
    "espeak-es419-m3-150": ("espeak-ng", "es-419+m3", 150),
    "espeak-es-f2-145": ("espeak-ng", "es+f2", 145),
    "espeak-es419-f4-150": ("espeak-ng", "es-419+f4", 150),
    "espeak-es-m7-160": ("espeak-ng", "es+m7", 160),
    "espeak-es-m3-155": ("espeak-ng", "es+m3", 155),
    "espeak-es419-f2-140": ("espeak-ng", "es-419+f2", 140),
    "espeak-es-f4-150": ("espeak-ng", "es+f4", 150),
    "espeak-es419-m7-165": ("espeak-ng", "es-419+m7", 165),
    # The agents of the recorded queues (bench/hold-scenarios.yaml, issue 27): voices no other split uses.
    "espeak-en-gb-m1-155": ("espeak-ng", "en-gb+m1", 155),
    "espeak-en-us-f4-165": ("espeak-ng", "en-us+f4", 165),
    "espeak-en-gb-scotland-f3-160": ("espeak-ng", "en-gb-scotland+f3", 160),
    "espeak-en-us-nyc-m5-170": ("espeak-ng", "en-us-nyc+m5", 170),
    "espeak-es-m1-150": ("espeak-ng", "es+m1", 150),
    "espeak-es419-f3-155": ("espeak-ng", "es-419+f3", 155),
    "espeak-es-f5-150": ("espeak-ng", "es+f5", 150),
    "espeak-es419-m4-165": ("espeak-ng", "es-419+m4", 165),
}
TUNING_VOICES = ["espeak-f2-140", "flite-slt"]
UNTUNED_VOICES = ["espeak-m3-160", "flite-kal16", "festival-kal"]
CONDITIONS = ("clean16k", "phone8k", "snr10")  # the committed test set (white noise, as before)
BENCH_CONDITIONS = ("clean16k", "phone8k", "pink10", "babble10", "music10", "pink5")
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
    if kind == "espeak-ng":
        subprocess.run(["espeak-ng", "-v", name, "-s", str(rate), "-w", str(out), text], check=True, capture_output=True)
        return
    if kind == "festival":
        done = subprocess.run(["text2wave", "-eval", f"(voice_{name})", "-o", str(out)], input=text.encode(),
                              check=True, capture_output=True)
        # text2wave exits 0 even when the voice is missing (it then writes an error, not speech).
        if b"ERROR" in done.stderr or b"Could not find" in done.stderr:
            raise RuntimeError(f"festival has no voice {name} (apt-get install festvox-kallpc16k): "
                               f"{done.stderr.decode(errors='replace').strip()[:200]}")
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


class CachedVoice:
    """One of VOICES as a function of text, each sentence made once (the simulated line's voice:
    so synthesis is not counted as listening)."""

    def __init__(self, name: str, scratch: Path) -> None:
        self.name, self.scratch = name, scratch
        self.cache: dict[str, tuple[np.ndarray, int]] = {}

    def __call__(self, text: str, language: str | None = None) -> tuple[np.ndarray, int]:
        """`language` is not used: this is one named voice, whatever it reads."""
        if text not in self.cache:
            synthesise(self.name, text, self.scratch)
            self.cache[text] = samples_of(self.scratch)
        return self.cache[text]


def spoken_clean(voice: str, text: str, scratch_wav: Path) -> np.ndarray:
    """`text` said by `voice`, at 16 kHz, with 0.3 s of silence before and after."""
    synthesise(voice, text, scratch_wav)
    samples, rate = samples_of(scratch_wav)
    return padded(at(samples, rate, 16000), 16000)


def samples_of(path: Path) -> tuple[np.ndarray, int]:
    info = wavfile.probe(path)
    return np.concatenate(list(wavfile.blocks(info))), info.rate


def at(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    return np.concatenate(list(resampled([samples], rate, target)))


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
                clean = spoken_clean(voice, text, raw)
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


def active_level(samples: np.ndarray, rate: int) -> float:
    """RMS over the frames where speech is present (20 ms frames within 35 dB of the loudest), a
    simple form of ITU-T P.56's active speech level: padding and pauses do not dilute it."""
    frame = rate // 50
    count = len(samples) // frame
    energies = np.mean(samples[:count * frame].reshape(count, frame) ** 2, axis=1)
    active = energies[energies >= energies.max() * 10 ** (-35 / 10)]
    return float(np.sqrt(np.mean(active))) if len(active) else 0.0


def mixed(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """Speech with `noise` at `snr_db` below the speech's active level."""
    noise = noise[:len(speech)]
    scale = active_level(speech, 16000) / (10 ** (snr_db / 20)) / max(float(np.sqrt(np.mean(noise**2))), 1e-9)
    return np.clip(speech + noise * scale, -1, 1).astype(np.float32)


def pink(count: int, rng: np.random.Generator) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(count))
    spectrum[1:] /= np.sqrt(np.arange(1, len(spectrum)))
    spectrum[0] = 0
    return np.fft.irfft(spectrum, count).astype(np.float32)


# Babble: people talking at once, none of it a request (a waiting room, a busy kitchen).
BABBLE_LINES = [
    "We went to the market on Sunday and the prices were higher than last year.",
    "She said the bus would be late again because of the roadworks downtown.",
    "Do you remember the name of that restaurant near the river?",
    "The children played outside until it got dark and then came in for dinner.",
    "I think the meeting moved to Thursday afternoon, but nobody told me.",
    "My brother is painting the kitchen a bright yellow colour this weekend.",
    "The weather report says rain tomorrow and sunshine for the rest of the week.",
    "He fixed the old radio with a part he found in the garage.",
]
BABBLE_VOICES = ["espeak-f2-175", "espeak-klatt-150", "flite-rms", "flite-awb", "flite-slt", "espeak-f2-140"]


def babble_bed(seconds: float, rng: np.random.Generator, scratch: Path) -> np.ndarray:
    count = int(seconds * 16000)
    bed = np.zeros(count, dtype=np.float32)
    raw = scratch / "babble.wav"
    for talker in range(6):
        voice = BABBLE_VOICES[talker % len(BABBLE_VOICES)]
        stream = np.zeros(0, dtype=np.float32)
        line = talker
        while len(stream) < count:
            synthesise(voice, BABBLE_LINES[line % len(BABBLE_LINES)], raw)
            samples, rate = samples_of(raw)
            stream = np.concatenate([stream, at(samples, rate, 16000), np.zeros(int(rng.uniform(0.1, 0.5) * 16000), np.float32)])
            line += 3
        offset = int(rng.uniform(0, len(stream) - count)) if len(stream) > count else 0
        piece = stream[offset:offset + count]
        bed[:len(piece)] += piece / max(active_level(piece, 16000), 1e-6)
    return bed / float(np.max(np.abs(bed)))


def music_bed(seconds: float, rng: np.random.Generator) -> np.ndarray:
    """Hold music: a chord progression of plucked harmonic notes with a melody on top."""
    rate, count = 16000, int(seconds * 16000)
    bed = np.zeros(count, dtype=np.float32)
    progression = [(0, 4, 7), (5, 9, 12), (7, 11, 14), (0, 4, 7), (9, 12, 16), (5, 9, 12), (7, 11, 14), (0, 4, 7)]
    beat = 0.5
    tone = 220.0 * 2 ** (rng.integers(-3, 4) / 12)

    def note(freq: float, start: float, length: float, level: float) -> None:
        first, n = int(start * rate), int(length * rate)
        n = min(n, count - first)
        if n <= 0:
            return
        t = np.arange(n) / rate
        wave = sum(np.sin(2 * np.pi * freq * h * t) / h**1.5 for h in range(1, 6))
        bed[first:first + n] += (level * wave * np.exp(-3 * t / length)).astype(np.float32)

    bar = 0
    while bar * 4 * beat < seconds:
        chord = progression[bar % len(progression)]
        for semitone in chord:
            note(tone * 2 ** (semitone / 12), bar * 4 * beat, 4 * beat, 0.2)
        for step in range(4):
            semitone = chord[int(rng.integers(0, 3))] + 12
            note(tone * 2 ** (semitone / 12), (bar * 4 + step) * beat, beat, 0.3)
        bar += 1
    return bed / float(np.max(np.abs(bed)))


def refusal_clips(out: Path, rng: np.random.Generator, rows: list[str], babble: np.ndarray, music: np.ndarray) -> None:
    """Clips with no request in them: each must come out as "not understood"."""
    clips: list[tuple[str, np.ndarray]] = []
    for n in range(4):
        clips.append((f"pink-{n}", pink(int(16000 * (1.5 + n * 0.5)), rng) * 0.1))
        clips.append((f"white-{n}", rng.standard_normal(int(16000 * (1.5 + n * 0.5))).astype(np.float32) * 0.05))
        t = np.arange(int(16000 * 2.0)) / 16000
        clips.append((f"hum-{n}", (0.1 * np.sin(2 * np.pi * (50 + 10 * n) * t)).astype(np.float32)))
        start = int(rng.uniform(0, len(music) - 16000 * 4))
        clips.append((f"music-{n}", music[start:start + 16000 * (2 + n)] * 0.3))
        start = int(rng.uniform(0, len(babble) - 16000 * 4))
        clips.append((f"babble-{n}", babble[start:start + 16000 * (2 + n)] * 0.3))
        start = int(rng.uniform(0, len(babble) - 16000 * 4))
        tv = babble[start:start + 16000 * 3] * 0.2 + music[start:start + 16000 * 3] * 0.1
        clips.append((f"tv-{n}", tv.astype(np.float32)))
        # Coughs: short bursts of shaped noise, two or three in a row.
        cough = np.zeros(int(16000 * 2.0), dtype=np.float32)
        for k in range(2 + n % 2):
            length = int(16000 * rng.uniform(0.15, 0.3))
            burst = rng.standard_normal(length).astype(np.float32) * np.exp(-np.arange(length) / (length / 4)).astype(np.float32)
            spectrum = np.fft.rfft(burst)
            spectrum[np.fft.rfftfreq(length, 1 / 16000) > 3000] *= 0.2
            first = int(16000 * (0.3 + 0.5 * k))
            cough[first:first + length] += np.fft.irfft(spectrum, length).astype(np.float32) * 0.3
        clips.append((f"cough-{n}", cough))
    for name, clip in clips:
        wavfile.write(out / f"refuse-{name}.wav", padded(clip.astype(np.float32), 16000), 16000)
        rows.append(f"refuse-{name}.wav\tno_match\tnone\tnoise\t{name.split('-')[0]}\trefusal")


def make_bench(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    rows = ["file\texpected\tvoice\tcondition\ttext\tsplit"]
    # (split, voices, requests, the noise's random numbers, the clips' name mark). Issue 28's
    # requests to refuse (tuning) come last, with noise of their own, so the clips made before
    # them stay as they were.
    sets = [("tuning", TUNING_VOICES, read_labelled("bench/speech_requests.tsv"), rng, ""),
            ("untuned", UNTUNED_VOICES, read_labelled("bench/untuned_requests.tsv"), rng, ""),
            ("tuning", TUNING_VOICES, read_labelled("bench/refusal_requests.tsv"), np.random.default_rng(SEED + 28), "r")]
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        babble = babble_bed(90, rng, scratch)
        music = music_bed(90, rng)
        raw = scratch / "raw.wav"
        for split, voices, requests, draw, mark in sets:
            for voice in voices:
                for number, (expected, text) in enumerate(requests):
                    clean = spoken_clean(voice, text, raw)
                    for condition in BENCH_CONDITIONS:
                        name = f"{split}-{voice}-{mark}{number:02d}-{condition}.wav"
                        start = int(draw.uniform(0, len(babble) - len(clean) - 1))
                        if condition == "clean16k":
                            wavfile.write(out / name, clean, 16000)
                        elif condition == "phone8k":
                            wavfile.write(out / name, g711.round_trip(telephone(clean)), 8000)
                        elif condition.startswith("pink"):
                            wavfile.write(out / name, mixed(clean, pink(len(clean), draw), float(condition[4:])), 16000)
                        elif condition == "babble10":
                            wavfile.write(out / name, mixed(clean, babble[start:], 10), 16000)
                        else:
                            wavfile.write(out / name, mixed(clean, music[start:], 10), 16000)
                        rows.append(f"{name}\t{expected}\t{voice}\t{condition}\t{text}\t{split}")
        refusal_clips(out, rng, rows, babble, music)
    (out / "index.tsv").write_text("\n".join(rows) + "\n")
    return len(rows) - 1


TEST_SET = [0, 4, 6, 8, 25, 27, 31, 33]  # rows of speech_requests.tsv the tests use


def main() -> int:
    args = usage.check(__doc__, ["--tests"])
    requests = load_requests()
    if "--tests" in args:
        chosen = [requests[i] for i in TEST_SET]
        count = make(ROOT / "tests" / "fixtures" / "speech", ["flite-slt", "espeak-f2-140"], chosen, CONDITIONS, noise=False)
    else:
        count = make_bench(Path(args[0]) if args else ROOT / "bench" / "fixtures")
    print(f"wrote {count} fixtures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
