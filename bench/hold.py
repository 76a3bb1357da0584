"""Hold bench (issue 11): does the assistant bring the caller back when a person answers, and only then?

Plays generated hold calls (bench/hold_audio.py) into the real listener (Silero VAD at 8 kHz,
Whisper tiny.en, the pure tracker), as fast as the machine can, with decoding time added to every
decision as a live call would see it. Reports, per split (tuning / untuned, bench/hold-scenarios.yaml):
- person detected within 3 s of starting to speak, over the person scenarios (phone and speaker paths);
- the announced wait read right;
- the end of the call (reorder, busy, click then silence) reported within 10 s;
and over long calls with no person in them (every announcement of both splits, greeting words
included): false alarms, CPU (share of one core), and memory minute by minute.

Run: .venv/bin/python bench/hold.py [--quick] [--scenarios N] [--hours H]
Writes bench/results/hold.json (with --only PART, a name ending in -PART: hold-rec-es-long.json).
The Spanish branch's queue: --split es (bench/results/hold-es.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.hold import render  # noqa: E402
from assistant.hold.listening import HoldEars, open_hold_ears  # noqa: E402
from assistant.speech.vad import PhoneSpeechDetector  # noqa: E402
from bench import hold_audio  # noqa: E402

SEED = 11
PERSON_WITHIN_S = 3.0
ENDED_WITHIN_S = 10.0


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def seeded(split: str, part: str, number: int) -> tuple[np.random.Generator, np.random.Generator]:
    """One call's own random streams (with one stream for all calls, espeak-ng's few samples of
    difference from run to run shifted every later call: each run heard other calls)."""
    return hold_audio.streams(SEED, zlib.crc32(f"{split}/{part}".encode()), number)


def fresh(base: HoldEars) -> HoldEars:
    return base.anew(PhoneSpeechDetector())


def run(ears: HoldEars, audio: np.ndarray) -> list[dict[str, object]]:
    events = []
    for start in range(0, len(audio), 4096):
        events += [render.as_json(event) for event in ears.push(audio[start:start + 4096])]
        if ears.tracker.done:
            break
    events += [render.as_json(event) for event in ears.finish()]
    return events


def person_cases(base: HoldEars, sounds: hold_audio.Sounds, split: str, count: int) -> dict[str, object]:
    data = hold_audio.load(split)
    lags: list[float | None] = []
    maybe_lags: list[float | None] = []
    early = waits_right = waits_total = false_maybes = 0
    cpu = audio_s = 0.0
    rows = []
    for number in range(count):
        said, noise = seeded(split, "person", number)
        scenario = hold_audio.person_scenario(sounds, said, data, number)
        path = ("phone", "speaker")[number % 2]
        audio = hold_audio.through(scenario.samples, path, noise)
        ears = fresh(base)
        began = time.process_time()
        events = run(ears, audio)
        cpu += time.process_time() - began
        audio_s += ears.clock
        assert scenario.agent_at is not None
        person = ears.tracker.person_at
        lag = None if person is None else person - scenario.agent_at
        if lag is not None and lag < -0.1:
            early += 1  # a recording taken for a person: a false alarm, and the person not found
            lag = None
        lags.append(lag)
        # The first step, "someone may be on the line" (a call-back says it too); one before the
        # agent spoke was said for a recording.
        first = [float(event["at"]) for event in events if event["event"] in ("maybe", "person")]  # type: ignore[arg-type]
        false_maybes += sum(1 for at in first if at < scenario.agent_at - 0.1)
        ready = [at - scenario.agent_at for at in first if at >= scenario.agent_at - 0.1]
        maybe_lags.append(ready[0] if ready else None)
        waits = [event["minutes"] for event in events if event["event"] == "wait"]
        if waits:
            waits_total += 1
            waits_right += waits[-1] == scenario.minutes
        rows.append({"name": scenario.name, "path": path, "agent": scenario.agent_text, "lag": lag, "maybe_lag": maybe_lags[-1],
                     "waits": waits,
                     "minutes": scenario.minutes})
    found = [lag for lag in lags if lag is not None]
    ready_lags = [lag for lag in maybe_lags if lag is not None]
    within = sum(1 for lag in found if lag <= PERSON_WITHIN_S)
    return {
        "split": split, "scenarios": count, "within_3s": within, "within_3s_pct": 100 * within / count,
        "missed": count - len(found), "early_false_alarms": early,
        "lag_median": float(np.median(found)) if found else None,
        "lag_p95": float(np.percentile(found, 95)) if found else None,
        "waits_read_right": waits_right, "waits_heard": waits_total,
        "within_2s": sum(1 for lag in found if lag <= 2.0),
        "maybe_p95": float(np.percentile(ready_lags, 95)) if ready_lags else None,
        "maybe_median": float(np.median(ready_lags)) if ready_lags else None,
        "false_maybes": false_maybes,
        "cpu_pct": 100 * cpu / audio_s if audio_s else 0.0, "rows": rows,
    }


def ended_cases(base: HoldEars, sounds: hold_audio.Sounds, split: str, count: int) -> dict[str, object]:
    data = hold_audio.load(split)
    lags, rows, false_people = [], [], 0
    for number in range(count):
        said, noise = seeded(split, "ended", number)
        scenario = hold_audio.ended_scenario(sounds, said, data, number)
        path = ("phone", "speaker")[number % 2]
        ears = fresh(base)
        events = run(ears, hold_audio.through(scenario.samples, path, noise))
        false_people += sum(1 for event in events if event["event"] == "person")
        assert scenario.ended_at is not None
        ended = ears.tracker.ended_at
        lag = None if ended is None else ended - scenario.ended_at
        lags.append(lag)
        rows.append({"name": scenario.name, "path": path, "lag": lag})
    within = sum(1 for lag in lags if lag is not None and -0.1 <= lag <= ENDED_WITHIN_S)
    found = [lag for lag in lags if lag is not None]
    return {"split": split, "scenarios": count, "within_10s": within, "max_lag": max(found) if found else None,
            "false_alarms": false_people, "rows": rows}


def long_call(base: HoldEars, seconds: float, path: str, seed: int, names: list[str]) -> dict[str, object]:
    """A long hold with no person. The audio is made by another process (bench/hold_audio.py) and
    read from a pipe, so this process's memory is the listener's alone."""
    import subprocess

    maker = subprocess.Popen([sys.executable, str(ROOT / "bench" / "hold_audio.py"), "long", str(seconds), str(seed), path,
                              ",".join(names)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert maker.stdout is not None
    ears = fresh(base)
    cpu = 0.0
    memory: list[tuple[float, float]] = []
    alarms: list[float] = []
    maybes: list[float] = []
    announcements = 0
    next_mark = 0.0
    while True:
        data = maker.stdout.read(4096 * 4 * 16)
        if not data:
            break
        audio = np.frombuffer(data[:len(data) // 4 * 4], dtype="<f4")
        began = time.process_time()
        for start in range(0, len(audio), 4096):
            for event in ears.push(audio[start:start + 4096]):
                if event.event == "heard":
                    announcements += 1
                if event.event == "maybe":
                    maybes.append(event.at)
            if ears.tracker.person_at is not None:
                alarms.append(ears.tracker.person_at)
            if ears.tracker.ended_at is not None:
                alarms.append(-ears.tracker.ended_at)  # the call taken for ended (negative): also a false alarm
            if ears.tracker.done:
                ears.tracker.listen_on()  # count every false alarm: listen on
        cpu += time.process_time() - began
        if ears.clock >= next_mark:
            memory.append((ears.clock / 60, rss_mb()))
            next_mark += 60.0
    maker.wait()
    after = [mb for minute, mb in memory if minute >= 5]
    return {
        "path": path, "minutes": ears.clock / 60, "false_alarms": len(alarms), "alarm_times": alarms,
        "announcements": announcements, "maybes": len(maybes), "maybe_times": maybes, "cpu_pct": 100 * cpu / max(ears.clock, 1e-9),
        "rss_at_5min": after[0] if after else None, "rss_end": memory[-1][1] if memory else None,
        "rss_growth_after_5min": (max(after) - after[0]) if after else None, "memory": memory,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few scenarios and 10 minutes of hold")
    parser.add_argument("--scenarios", type=int, default=60, help="person scenarios per split")
    parser.add_argument("--ended", type=int, default=12, help="call-ended scenarios per split")
    parser.add_argument("--hours", type=float, default=2.0, help="hours of hold with no person (two calls)")
    parser.add_argument("--only", choices=["person", "ended", "long"], help="run one part")
    parser.add_argument("--split", choices=["tuning", "untuned", "spanish", "spanish_untuned", "es", "recorded", "recorded_untuned",
                                            "recorded_es", "recorded_es_untuned", "rec-en", "rec-es"],
                        help="one split only (tuning: while tuning); es: both Spanish splits (the Spanish queue, Whisper base); "
                             "rec-en, rec-es: both recorded queues of a language (real recordings and music on hold)")
    parser.add_argument("--lang", choices=["en", "es"],
                        help="the queue's language as if chosen by the caller (default: the synthetic Spanish splits in Spanish; "
                             "the recorded queues as a new user runs it, with nothing chosen: found from the queue's words)")
    parser.add_argument("--model", metavar="PATH", help="another CTranslate2 Whisper model folder (default: tiny.en)")
    args = parser.parse_args()
    if args.quick:
        args.scenarios, args.ended, args.hours = 12, 3, 1 / 6
    groups = {"es": ["spanish", "spanish_untuned"], "rec-en": ["recorded", "recorded_untuned"],
              "rec-es": ["recorded_es", "recorded_es_untuned"]}
    splits = groups.get(args.split or "", [args.split] if args.split else ["tuning", "untuned"])
    recorded = "recordings" in hold_audio.load(splits[0])
    lang = args.lang or ("en" if recorded else str(hold_audio.load(splits[0]).get("lang", "en")))
    # Nothing chosen (a recorded queue, as a new user runs it): English first, until the queue's words say.
    base = open_hold_ears(args.model, lang, find_language=recorded and not args.lang)
    result: dict[str, object] = {"person": [], "ended": [], "long": []}
    began = time.time()
    with hold_audio.scratch_dir() as where:
        sounds = hold_audio.Sounds(where)
        for split in splits:
            if args.only in (None, "person"):
                result["person"].append(person_cases(base, sounds, split, args.scenarios))  # type: ignore[attr-defined]
            if args.only in (None, "ended"):
                result["ended"].append(ended_cases(base, sounds, split, args.ended))  # type: ignore[attr-defined]
    if args.only in (None, "long"):
        half = args.hours * 3600 / 2
        # A recorded queue's long calls also play the synthetic splits of its language in their TTS
        # voices: the line changes its recorded voice and plays announcements it never played before.
        spoken_lang = hold_audio.load(splits[0]).get("lang", "en")
        names = splits + (["tuning", "untuned"] if recorded and spoken_lang == "en" else ["spanish", "spanish_untuned"] if recorded else [])
        result["long"] = [long_call(base, half, "phone", SEED + 5, names), long_call(base, half, "speaker", SEED + 6, names)]
    result["seconds"] = time.time() - began
    print_table(result)
    name = (f"hold-{args.split}.json" if recorded and args.split in ("rec-en", "rec-es") else f"hold-{splits[0]}.json" if recorded
            else "hold-es.json" if lang != "en" else "hold.json" if not args.model else "hold-other-model.json")
    if args.only:  # one part alone does not replace the figures of a whole run
        name = name.replace(".json", f"-{args.only}.json")
    out = ROOT / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=1))
    tmp.replace(out)
    print(f"\nwritten: {out.relative_to(ROOT)} ({result['seconds']:.0f} s)")
    return 0


def print_table(result: dict[str, object]) -> None:
    person = result["person"]
    if person:
        print("| split | scenarios | person within 3 s | missed | recording taken for a person | lag median | lag p95 "
              "| \"may be\" median / p95 | \"may be\" for a recording | wait read right | CPU of one core |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in person:  # type: ignore[attr-defined]
            print(f"| {row['split']} | {row['scenarios']} | {row['within_3s_pct']:.1f}% ({row['within_3s']}) | {row['missed']} | "
                  f"{row['early_false_alarms']} | {_s(row['lag_median'])} | {_s(row['lag_p95'])} | "
                  f"{_s(row['maybe_median'])} / {_s(row['maybe_p95'])} | {row['false_maybes']} | "
                  f"{row['waits_read_right']} of {row['waits_heard']} | {row['cpu_pct']:.1f}% |")
    if result["ended"]:
        print("\n| split | hang-ups | reported within 10 s | slowest | person false alarms |")
        print("| --- | --- | --- | --- | --- |")
        for row in result["ended"]:  # type: ignore[attr-defined]
            print(f"| {row['split']} | {row['scenarios']} | {row['within_10s']} | {_s(row['max_lag'])} | {row['false_alarms']} |")
    if result["long"]:
        print("\n| hold with no person | minutes | announcements | false alarms | \"may be\" | CPU of one core | RSS at 5 min "
              "| RSS at end | growth after 5 min |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in result["long"]:  # type: ignore[attr-defined]
            print(f"| {row['path']} | {row['minutes']:.0f} | {row['announcements']} | {row['false_alarms']} | {row['maybes']} | "
                  f"{row['cpu_pct']:.1f}% | "
                  f"{_mb(row['rss_at_5min'])} | {_mb(row['rss_end'])} | {_mb(row['rss_growth_after_5min'])} |")


def _s(value: object) -> str:
    return "-" if value is None else f"{float(value):.2f} s"  # type: ignore[arg-type]


def _mb(value: object) -> str:
    return "-" if value is None else f"{float(value):.0f} MB"  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
