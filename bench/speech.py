"""Speech benchmark: route accuracy from audio, refusals, speed and memory, engine beside engine.

Run: .venv/bin/python bench/make_fixtures.py && .venv/bin/python bench/speech.py
(prints a table, writes bench/results/speech.json with every miss outside the untuned split). Whisper and PocketSphinx
always run; a Vosk row is added whenever an English Vosk model is found (see `assistant models`).
`--split tuning` runs only the tuning set (what thresholds may be tuned on).

The figures that count are the untuned split's: requests written before tuning, spoken by voices
the tuning set does not use. Targets (issue 9, default engine, untuned split): route right
>= 97% clean 16 kHz, >= 93% telephone band 8 kHz, >= 88% at 10 dB pink noise, >= 80% at 10 dB
babble, >= 70% at 5 dB; false accepts on out-of-scope speech, music and noise <= 5%; decoding
real-time factor <= 0.25; cold start <= 1.5 s; peak memory <= 300 MB. The end of speech to the
route decided is measured in the real voice loop by bench/voice_latency.py.

Also: word error rate on real human recordings (Debian's pocketsphinx-testdata), a standard
figure people can compare, from each engine's plain transcription.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import menu_file  # noqa: E402
from assistant.dialogue import Assistant, Reply  # noqa: E402
from assistant.heard import Heard  # noqa: E402
from assistant.speech.audio import read_request  # noqa: E402
from assistant.speech.engines import open_engine  # noqa: E402
from assistant.words import distance  # noqa: E402
from bench import results as bench_results  # noqa: E402
from bench import usage  # noqa: E402

FIXTURES = ROOT / "bench" / "fixtures"
TESTDATA = Path("/usr/share/pocketsphinx/test/data")
NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")
CHUNK = 3200  # 100 ms of 16 kHz audio, as the microphone delivers it
CONDITIONS = ("clean16k", "phone8k", "pink10", "babble10", "music10", "pink5")
TARGETS = {"clean16k": 0.97, "phone8k": 0.93, "pink10": 0.88, "babble10": 0.80, "pink5": 0.70}


def outcome(reply: Reply) -> str:
    if reply.status == "ambiguous":
        return "ambiguous:" + "|".join(m.intent.id for m in reply.alternatives)
    return reply.target or reply.status


def right(expected: str, got: str) -> bool:
    """The route or answer asked for; a question whose two options include it counts too."""
    if got.startswith("ambiguous:") and expected != "no_match":
        return expected in got.split(":", 1)[1].split("|")
    return got == expected


def decode(recognizer: Any, audio: bytes) -> tuple[Heard, float]:
    """The heard result and the seconds the engine worked on it (after the audio was fed)."""
    utterance = recognizer.begin()  # None: the engine reads the utterance whole (Whisper)
    if utterance is None:
        start = time.perf_counter()
        heard = recognizer.recognize(audio)
        return heard, time.perf_counter() - start
    start = time.perf_counter()
    for offset in range(0, len(audio), CHUNK):
        utterance.feed(audio[offset:offset + CHUNK])
    heard = utterance.finish()
    return heard, time.perf_counter() - start


def words_of(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() or ch == "'" else " " for ch in text.lower()).split()


def human_wer(engine: str, recognizer: Any) -> dict[str, Any]:
    """Word error rate of the engine's plain transcription on real human recordings."""
    if not TESTDATA.is_dir():
        return {"wer": None, "note": "pocketsphinx-testdata is not installed"}
    refs: list[tuple[Path | bytes, str]] = []
    for folder in ("librivox", "cards"):
        for line in (TESTDATA / folder / ("transcription" if folder == "librivox" else "cards.transcription")).read_text().splitlines():
            words, _, ident = line.rpartition("(")
            ident = ident.strip().rstrip(")")
            refs.append((TESTDATA / folder / f"{ident}.wav", " ".join(w for w in words.split() if not w.startswith("<"))))
    refs.append(((TESTDATA / "goforward.raw").read_bytes(), "go forward ten meters"))
    errors = total = 0
    for source, reference in refs:
        audio = source if isinstance(source, bytes) else read_request(source)
        if engine == "whisper":
            import numpy as np

            samples = np.frombuffer(audio, dtype="<i2").astype(np.float32) / 32768.0
            text = recognizer.readings(samples)[0].text
        elif engine == "pocketsphinx":
            text = recognizer._open_vocabulary(audio)
        else:
            text = " ".join(t for kind, t in recognizer.stream(audio, grammar=False) if kind == "final")
        said, heard = words_of(reference), words_of(text.replace("-", " "))
        errors += distance(said, heard)  # type: ignore[arg-type]
        total += len(said)
    return {"wer": errors / total, "words": total, "recordings": len(refs)}


def fixture_rows(split: str | None) -> list[list[str]]:
    """The fixtures' index rows (name, expected, voice, condition, text, split), of one split and the
    refusal sounds when `split` is given, in session order: one voice on one channel after another, as
    a caller keeps one phone."""
    rows = [line.split("\t") for line in (FIXTURES / "index.tsv").read_text().splitlines()[1:]]
    if split:
        rows = [row for row in rows if row[5] in (split, "refusal")]
    return sorted(rows, key=lambda row: (row[5], row[2], row[3], row[0]))


def run_engine(engine: str, split: str | None) -> dict[str, Any]:
    menus = menu_file.load()
    assistant = Assistant(menus)
    choice = open_engine(engine, menus)
    rows = fixture_rows(split)
    accuracy: dict[str, list[bool]] = defaultdict(list)
    by_voice: dict[str, list[bool]] = defaultdict(list)
    refused: dict[str, list[bool]] = defaultdict(list)
    audio_seconds = compute_seconds = 0.0
    misses = []
    for name, expected, voice, condition, text, split_name in rows:
        audio = read_request(FIXTURES / name)
        heard, seconds = decode(choice.recognizer, audio)
        start = time.perf_counter()
        reply = assistant.respond_heard(heard, NOW)
        compute_seconds += seconds + time.perf_counter() - start
        audio_seconds += len(audio) / 32000
        got = outcome(reply)
        ok = right(expected, got)
        if expected == "no_match":
            refused[f"{split_name} {'speech' if split_name != 'refusal' else 'sounds'}"].append(ok)
        else:
            accuracy[f"{split_name} {condition}"].append(ok)
            by_voice[f"{split_name} {voice} {condition}"].append(ok)
        if not ok and split_name != "untuned":  # an untuned miss is counted, never written out: nobody tunes on it
            misses.append(f"{name}: expected {expected}, got {got} (heard {heard.transcript!r} via {heard.source}; "
                          f"said {text!r})")

    def rate(values: list[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    accepted = [not ok for values in refused.values() for ok in values]
    return {
        "engine": choice.recognizer.name, "note": choice.note,
        "accuracy": {key: rate(values) for key, values in sorted(accuracy.items())},
        "accuracy_by_voice": {key: rate(values) for key, values in sorted(by_voice.items())},
        "refused": {key: rate(values) for key, values in sorted(refused.items())},
        "false_accept": rate(accepted),
        "false_accept_untuned": rate([not ok for key, v in refused.items() if not key.startswith("tuning") for ok in v]),
        "rtf": compute_seconds / audio_seconds,
        "files": len(rows), "audio_seconds": audio_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "human": human_wer(engine, choice.recognizer),
        "misses": misses,
    }


COLD_START = """
import time, sys
start = time.perf_counter()
sys.path.insert(0, {root!r})
from assistant import menu_file
from assistant.speech.engines import open_engine
open_engine({engine!r}, menu_file.load())
print(time.perf_counter() - start)
"""


def cold_start(engine: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD_START.format(root=str(ROOT), engine=engine)],
                   check=True, capture_output=True, text=True)
    return time.perf_counter() - start  # the whole process: interpreter, imports, model, grammar


def main() -> int:
    args = usage.check(__doc__, ["--split", "--engine", "--engines"])
    split = args[args.index("--split") + 1] if "--split" in args else None
    if "--engine" in args:  # one engine, in its own process (a clean memory figure)
        print(json.dumps(run_engine(args[args.index("--engine") + 1], split)))
        return 0
    if not (FIXTURES / "index.tsv").exists() or "split" not in (FIXTURES / "index.tsv").read_text().splitlines()[0]:
        print("no fixtures (or old ones): run .venv/bin/python bench/make_fixtures.py first", file=sys.stderr)
        return 2
    from assistant.speech import vosk_models as models

    engines = ["whisper", "pocketsphinx"] + (["vosk"] if models.find_vosk_model() else [])
    only = args[args.index("--engines") + 1].split(",") if "--engines" in args else engines
    for engine in [e for e in engines if e in only]:
        command = [sys.executable, __file__, "--engine", engine] + (["--split", split] if split else [])
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["cold_start_s"] = min(cold_start(engine) for _ in range(3))
        # Each engine's figures are kept on their own, so one engine can be measured again alone.
        bench_results.save(f"speech-{engine}{'-' + split if split else ''}", result)
    results = []
    for engine in engines:
        saved = bench_results.FOLDER / f"speech-{engine}{'-' + split if split else ''}.json"
        if saved.exists():
            results.append(json.loads(saved.read_text()))
    if "vosk" not in engines:
        print("No English Vosk model found: the Vosk row is left out (get one with: assistant models download)\n")
    for split_name in ("untuned", "tuning"):
        if split and split != split_name:
            continue
        print(f"route right from audio, {split_name} split" + (" (the figures that count)" if split_name == "untuned" else ""))
        print(f"{'engine':<13}" + "".join(f"{c:>10}" for c in CONDITIONS) + f"{'refused':>10}")
        for r in results:
            print(f"{r['engine']:<13}" + "".join(f"{r['accuracy'].get(f'{split_name} {c}', 0):>10.1%}" for c in CONDITIONS)
                  + f"{r['refused'].get(f'{split_name} speech', 0):>10.1%}")
        print(f"{'targets':<13}" + "".join(f"{'>=' + format(TARGETS[c], '.0%') if c in TARGETS else '':>10}" for c in CONDITIONS)
              + f"{'':>10}\n")
    print(f"{'engine':<13} {'sounds refused':>14} {'false accepts':>13} {'RTF':>6} {'cold start':>10} {'peak MB':>8} "
          f"{'human WER':>10}")
    for r in results:
        wer = r["human"].get("wer")
        print(f"{r['engine']:<13} {r['refused'].get('refusal sounds', 0):>14.1%} {r['false_accept']:>13.1%} {r['rtf']:>6.3f} "
              f"{r['cold_start_s']:>9.2f}s {r['peak_rss_mb']:>8.0f} {'' if wer is None else format(wer, '.1%'):>10}")
    print(f"{'targets':<13} {'':>14} {'<=5%':>13} {'<=0.25':>6} {'<=1.5s':>10} {'<=300':>8}")
    print(f"\nwrote {bench_results.save('speech', {'results': results})} (misses listed there)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
