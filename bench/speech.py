"""Speech benchmark: route accuracy from audio, refusals, speed and memory, per engine.

Run: .venv/bin/python bench/make_fixtures.py && .venv/bin/python bench/speech.py
(prints a table, writes bench/results/speech.json). A Vosk row is added whenever an English Vosk
model is found (see `assistant models`).

Targets (issue 3, PocketSphinx): route correct >= 95% clean 16 kHz, >= 90% 8 kHz telephone band,
>= 85% at 10 dB SNR; out-of-scope speech and noise refused >= 90%; real-time factor <= 0.1;
end of speech to route decided <= 250 ms; cold start to listening <= 1.5 s; peak memory <= 200 MB.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import menu_file  # noqa: E402
from assistant.dialogue import Assistant, Reply  # noqa: E402
from assistant.speech import pcm  # noqa: E402
from assistant.speech.engines import open_engine  # noqa: E402
from assistant.speech.recognizer import Heard, reply_to  # noqa: E402
from bench import results as bench_results  # noqa: E402

FIXTURES = ROOT / "bench" / "fixtures"
NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")
CHUNK = 3200  # 100 ms of 16 kHz audio, as the microphone delivers it


def outcome(reply: Reply) -> str:
    return reply.target or reply.status


def decode(recognizer: object, audio: bytes) -> tuple[Heard, float]:
    """The heard result and the seconds from the last audio chunk to the decision."""
    begin = getattr(recognizer, "begin", None)
    if begin is None:
        start = time.perf_counter()
        heard = recognizer.recognize(audio)  # type: ignore[attr-defined]
        return heard, time.perf_counter() - start
    utterance = begin()
    for offset in range(0, len(audio), CHUNK):
        utterance.feed(audio[offset:offset + CHUNK])
    start = time.perf_counter()
    heard = utterance.finish()
    return heard, time.perf_counter() - start


def run_engine(engine: str) -> dict[str, object]:
    menus = menu_file.load()
    assistant = Assistant(menus)
    choice = open_engine(engine, menus)
    rows = [line.split("\t") for line in (FIXTURES / "index.tsv").read_text().splitlines()[1:]]
    # In session order: one voice on one channel after another, as a caller keeps one phone or
    # microphone. PocketSphinx adapts its cepstral mean from each utterance to the next, so
    # switching channel on every file would measure something no caller does.
    rows.sort(key=lambda row: (row[3], row[2], row[0]))
    right: dict[str, list[bool]] = defaultdict(list)
    by_voice: dict[str, list[bool]] = defaultdict(list)
    refused: dict[str, list[bool]] = defaultdict(list)
    audio_seconds = compute_seconds = 0.0
    latencies: list[float] = []
    misses = []
    for name, expected, voice, condition, *_ in rows:
        audio = pcm.read_request(FIXTURES / name)
        start = time.perf_counter()
        heard, after_end = decode(choice.recognizer, audio)
        before_route = time.perf_counter()
        reply = reply_to(heard, assistant, NOW)
        routed = time.perf_counter()
        compute_seconds += routed - start
        audio_seconds += len(audio) / 32000
        latencies.append(after_end + (routed - before_route))
        got = outcome(reply)
        if expected == "no_match":
            refused["noise" if voice == "noise" else "speech"].append(got == "no_match")
        else:
            ok = got == expected
            right[condition].append(ok)
            by_voice[f"{voice} {condition}"].append(ok)
        if got != expected:
            misses.append(f"{name}: expected {expected}, got {got} (heard {heard.transcript!r} via {heard.source}, "
                          f"grammar {heard.grammar_text!r}, cost {heard.cost})")
    latencies.sort()

    def rate(values: list[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    return {
        "engine": choice.recognizer.name,
        "accuracy": {condition: rate(values) for condition, values in right.items()},
        "accuracy_by_voice": {key: rate(values) for key, values in sorted(by_voice.items())},
        "refused_speech": rate(refused["speech"]), "refused_noise": rate(refused["noise"]),
        "false_accept": 1 - rate(refused["speech"] + refused["noise"]),
        "rtf": compute_seconds / audio_seconds,
        "latency_p50_ms": latencies[len(latencies) // 2] * 1000,
        "latency_p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
        "files": len(rows), "audio_seconds": audio_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
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
    return time.perf_counter() - start  # the whole process: interpreter, imports, models, grammar


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--engine":  # one engine, in its own process (clean memory figure)
        print(json.dumps(run_engine(sys.argv[2])))
        return 0
    if not (FIXTURES / "index.tsv").exists():
        print("no fixtures: run .venv/bin/python bench/make_fixtures.py first", file=sys.stderr)
        return 2
    from assistant.speech import models

    engines = ["pocketsphinx"] + (["vosk"] if models.find_vosk_model() else [])
    results = []
    for engine in engines:
        done = subprocess.run([sys.executable, __file__, "--engine", engine], check=True, capture_output=True, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["cold_start_s"] = min(cold_start(engine) for _ in range(3))
        results.append(result)
    if len(engines) == 1:
        print("No English Vosk model found: the Vosk row is left out (get one with: assistant models download)\n")
    header = f"{'engine':<13} {'clean16k':>9} {'phone8k':>8} {'snr10':>7} {'refused':>8} {'false acc':>9} {'RTF':>6} " \
             f"{'end→route p50/p95':>18} {'cold start':>10} {'peak MB':>8}"
    print(header)
    for r in results:
        acc = r["accuracy"]
        print(f"{r['engine']:<13} {acc.get('clean16k', 0):>9.1%} {acc.get('phone8k', 0):>8.1%} {acc.get('snr10', 0):>7.1%} "
              f"{1 - r['false_accept']:>8.1%} {r['false_accept']:>9.1%} {r['rtf']:>6.3f} "
              f"{r['latency_p50_ms']:>8.0f}/{r['latency_p95_ms']:.0f} ms {r['cold_start_s']:>9.2f}s {r['peak_rss_mb']:>8.0f}")
    print(f"{'targets':<13} {'>=95%':>9} {'>=90%':>8} {'>=85%':>7} {'>=90%':>8} {'':>9} {'<=0.1':>6} {'<=250 ms':>18} "
          f"{'<=1.5s':>10} {'<=200':>8}")
    for r in results:
        print(f"\n{r['engine']}: accuracy by voice and condition")
        for key, value in r["accuracy_by_voice"].items():
            print(f"  {key:<28} {value:.0%}")
        print(f"  refused: out-of-scope speech {r['refused_speech']:.0%}, noise {r['refused_noise']:.0%}")
    print(f"\nwrote {bench_results.save('speech', {'results': results})} (misses listed there)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
