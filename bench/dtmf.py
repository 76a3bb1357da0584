"""DTMF benchmark: our receiver, spandsp's and multimon-ng's, side by side on the same audio.

Run: .venv/bin/python bench/dtmf.py   (prints a table, writes bench/results/dtmf.json)

- sweeps: the conformance stimuli of tests/test_dtmf.py at 8, 16, 44.1 and 48 kHz, raw and
  through G.711 mu-law; a stimulus counts when the exact digits come out (or none, where Q.24
  says reject);
- noise: 500 random digits (50 ms on, 50 ms off) in white noise at 20, 15, 10 and 6 dB SNR, 8 kHz;
  digit accuracy = (digits - edit distance) / digits;
- talk-off: real speakers (Debian's pocketsphinx-testdata), synthetic voices (espeak-ng, flite)
  saying every answer the assistant gives, and synthetic music (sox), raw and through mu-law:
  false digits per hour;
- speed: audio seconds decoded per second of work, all of the above (multimon-ng includes its
  process start and sox's conversion, as it is used).

Targets (issue 4): 100% at the defaults and within tolerance, 0 false digits on the speech set,
>= 100x real time, and at least as accurate as spandsp at every noise level.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import answers, dtmf, g711, menu_file  # noqa: E402
from assistant.speech import wavfile  # noqa: E402
from bench import dtmf_stimuli as stimuli  # noqa: E402
from bench import referees, results, usage  # noqa: E402

TESTDATA = Path("/usr/share/pocketsphinx/test/data")
NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")

Receiver = Callable[[np.ndarray, int], str]


def ours(samples: np.ndarray, rate: int) -> str:
    return "".join(digit.key for digit in dtmf.decode(samples, rate))


def receivers() -> dict[str, Receiver]:
    found: dict[str, Receiver] = {"ours": ours}
    if referees.spandsp_available() is None:
        found["spandsp"] = referees.spandsp_decode
    else:
        print(f"spandsp left out: {referees.spandsp_available()}")
    if referees.multimon_available() is None:
        found["multimon-ng"] = referees.multimon_decode
    else:
        print(f"multimon-ng left out: {referees.multimon_available()}")
    return found


class Timer:
    def __init__(self) -> None:
        self.audio: dict[str, float] = {}
        self.work: dict[str, float] = {}

    def run(self, name: str, receiver: Receiver, samples: np.ndarray, rate: int) -> str:
        start = time.perf_counter()
        heard = receiver(samples, rate)
        self.work[name] = self.work.get(name, 0.0) + time.perf_counter() - start
        self.audio[name] = self.audio.get(name, 0.0) + len(samples) / rate
        return heard


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


SWEEPS = stimuli.CONFORMANCE


def sweeps(found: dict[str, Receiver], timer: Timer) -> dict[str, dict[str, float]]:
    passed: dict[str, dict[str, list[bool]]] = {name: {} for name in SWEEPS}
    for name, (make, accepted) in SWEEPS.items():
        for rate in stimuli.RATES:
            for channel in ("raw", "mu-law"):
                samples, keys = make(rate)
                if channel == "mu-law":
                    samples = g711.round_trip(samples)
                for receiver, decode in found.items():
                    heard = timer.run(receiver, decode, samples, rate)
                    passed[name].setdefault(receiver, []).append(heard == (keys if accepted else ""))
    return {name: {receiver: sum(ok) / len(ok) for receiver, ok in by.items()} for name, by in passed.items()}


def noise(found: dict[str, Receiver], timer: Timer) -> dict[int, dict[str, float]]:
    table: dict[int, dict[str, float]] = {}
    for snr in (20, 15, 10, 6):
        samples, keys = stimuli.with_noise(stimuli.random_digits(8000, 500, seed=21), 8000, snr, seed=snr)
        table[snr] = {}
        for receiver, decode in found.items():
            heard = timer.run(receiver, decode, samples, 8000)
            table[snr][receiver] = max(0.0, (len(keys) - edit_distance(heard, keys)) / len(keys))
    return table


def speech_set(folder: Path) -> list[tuple[str, np.ndarray, int]]:
    """Real speakers, and what the assistant says, in three synthetic voices."""
    found = []
    for path in sorted(TESTDATA.glob("*/*.wav")):
        info = wavfile.probe(path)
        found.append((f"human {path.name}", np.concatenate(list(wavfile.blocks(info))), info.rate))
    for path in sorted(TESTDATA.glob("*.raw")) + sorted(TESTDATA.glob("*/*.raw")):
        found.append((f"human {path.name}", np.fromfile(path, dtype="<i2").astype(np.float32) / 32768, 16000))
    menus = menu_file.load()
    text = " ".join(answers.route_answer(menus, node, NOW) for node in menus.routable())
    text += " " + " ".join(answers.topic_answer(menus, topic, NOW) for topic in ("hours", "tty", "checklist", "tiers", "channels"))
    voices = [("espeak-ng en-us", ["espeak-ng", "-v", "en-us", "-w", "{out}", text]),
              ("espeak-ng en-us+f2", ["espeak-ng", "-v", "en-us+f2", "-s", "190", "-w", "{out}", text]),
              ("flite slt", ["flite", "-voice", "slt", "-t", text, "-o", "{out}"])]
    for name, command in voices:
        if shutil.which(command[0]) is None:
            print(f"{name} left out of the speech set: {command[0]} is not installed")
            continue
        out = folder / f"{len(found)}.wav"
        subprocess.run([part.replace("{out}", str(out)) for part in command], check=True, capture_output=True, timeout=600)
        info = wavfile.probe(out)
        found.append((name, np.concatenate(list(wavfile.blocks(info))), info.rate))
    return found


def music_set(folder: Path) -> list[tuple[str, np.ndarray, int]]:
    """Synthetic music from sox: plucked chords, an organ chord, a sawtooth glide through the band."""
    if shutil.which("sox") is None:
        print("music left out: sox is not installed")
        return []
    commands = {
        "plucked chords": [["synth", "0.4", "pluck", note, "pluck", "%4", "pluck", "%7", "remix", "-", "vol", "0.3"]
                           for note in "C4 E4 G4 C5 A3 F4 D5 B4 G3 E5 A4 C4 F3 A4 D4 G4".split() * 8],
        "organ chord": [["synth", "30", "square", "220", "square", "277", "square", "330", "remix", "-", "vol", "0.2"]],
        "sawtooth glide": [["synth", "60", "sawtooth", "110:1800", "remix", "-", "vol", "0.3"]],
    }
    found = []
    for name, pieces in commands.items():
        parts = []
        for number, effects in enumerate(pieces):
            part = folder / f"{name}-{number}.wav"
            subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(part), *effects], check=True, capture_output=True)
            parts.append(str(part))
        whole = folder / f"{name}.wav"
        subprocess.run(["sox", *parts, str(whole)] if len(parts) > 1 else ["cp", parts[0], str(whole)], check=True)
        info = wavfile.probe(whole)
        found.append((f"music: {name}", np.concatenate(list(wavfile.blocks(info))), info.rate))
    return found


def talk_off(found: dict[str, Receiver], timer: Timer) -> tuple[float, dict[str, int], list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        speech = speech_set(Path(folder)) + music_set(Path(folder))
    seconds = 0.0
    false: dict[str, int] = dict.fromkeys(found, 0)
    where = []
    for name, samples, rate in speech:
        for channel, audio in (("raw", samples), ("mu-law", g711.round_trip(samples))):
            seconds += len(audio) / rate
            for receiver, decode in found.items():
                heard = timer.run(receiver, decode, audio, rate)
                false[receiver] += len(heard)
                if heard:
                    where.append(f"{receiver}: {heard!r} in {name} ({channel})")
    return seconds, false, where


def main() -> int:
    usage.check(__doc__)
    found = receivers()
    timer = Timer()
    swept = sweeps(found, timer)
    noisy = noise(found, timer)
    seconds, false, where = talk_off(found, timer)
    names = list(found)
    width = 30
    print(f"\nDTMF receivers on the same audio ({len(stimuli.RATES)} rates x raw and mu-law for the sweeps)\n")
    print(f"{'sweep (share of runs exactly right)':<{width}}" + "".join(f"{name:>13}" for name in names))
    for sweep, by in swept.items():
        print(f"{sweep:<{width}}" + "".join(f"{by[name]:>13.0%}" for name in names))
    print(f"\n{'white noise, 500 digits, 8 kHz':<{width}}" + "".join(f"{name:>13}" for name in names))
    for snr, by in noisy.items():
        print(f"{f'{snr} dB SNR (digit accuracy)':<{width}}" + "".join(f"{by[name]:>13.1%}" for name in names))
    hours = seconds / 3600
    print(f"\n{'talk-off: false digits per hour':<{width}}" + "".join(f"{false[name] / hours:>13.1f}" for name in names))
    print(f"{'  (speech and music, minutes)':<{width}}" + "".join(f"{seconds / 60:>13.1f}" for _ in names))
    speed = {name: timer.audio[name] / timer.work[name] for name in names}
    print(f"{'speed (x real time)':<{width}}" + "".join(f"{speed[name]:>13.0f}" for name in names))
    print("\ntargets: 100% on every accept and reject sweep, 0 false digits, >= 100x real time, "
          "at least spandsp's accuracy at every SNR")
    for line in where:
        print(f"  false digit: {line}")
    written = results.save("dtmf", {
        "sweeps": swept, "noise": {str(k): v for k, v in noisy.items()},
        "talk_off": {"speech_seconds": seconds, "false_digits": false,
                     "false_per_hour": {name: false[name] / hours for name in names}, "where": where},
        "speed_x_real_time": speed,
    })
    print(f"\nwrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
