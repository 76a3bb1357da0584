"""Live-line listener benchmark (issue 10): the simulated line speaks through the 8 kHz µ-law
channel in several TTS voices; the real listener (Silero VAD + Whisper + the parser and
policy) hears it.

  option extraction   each menu read once in every prompt style; an option counts when its key
                      is right and its label means the same option (the matcher's reading)
  autopilot           goals from bench/requests.tsv on the *changed* line (bench/changed-line.yaml):
                      reached, wrong keys pressed, and how long after the fitting option was
                      spoken the key went in (the line takes keys while it talks)
  listening cost      CPU seconds per second of call audio (all threads)
  learn               the menus heard on the autopilot calls -> a proposal; menu check accepts it
                      and the goals' requests route to the changed keys

Voices: espeak-m3-160 and flite-slt were listened to while the parser was built; espeak-f2-140,
flite-kal16 and festival-kal were not (reported apart).

    .venv/bin/python bench/line.py [--quick] [--model NAME_OR_FOLDER]

--model hears the line with another Whisper model (`base`: the multilingual model setup.sh
installs), to tell whether the model is what limits the figures; its results go to
bench/results/line-other-model.json, leaving bench/results/line.json to the default (tiny.en).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import menu_file, routing  # noqa: E402
from assistant.dialogue import Assistant  # noqa: E402
from assistant.line import heard_store, hearing, learn  # noqa: E402
from assistant.line.listener import LineListener, _same  # noqa: E402
from assistant.line.options import Option  # noqa: E402
from bench import results as bench_results  # noqa: E402
from bench.changed_line import changed_menus, changed_text  # noqa: E402
from bench.labelled import read as read_labelled  # noqa: E402
from bench.live_line import LiveLine, line_sentence  # noqa: E402
from bench.make_fixtures import CachedVoice  # noqa: E402

SEEN_VOICES = ["espeak-m3-160", "flite-slt"]
UNSEEN_VOICES = ["espeak-f2-140", "flite-kal16", "festival-kal"]
NOW = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)  # a Monday at noon in New York: agents are open
GOALS_PER_VOICE = 12
CALL_LIMIT_S = 150.0
LIKENESS = hearing.sentence_likeness()  # the sentence model judges heard options against each goal, as in the product


def extraction(menus: Any, voice: CachedVoice, ears: hearing.LineEars) -> tuple[int, int, int]:
    """(options heard right, options heard, options said) over every menu in every style."""
    from assistant.simulated.line import option_sentences

    right = heard = said = 0
    menus_to_read = [node for layout in menus.layouts for node in layout.root.walk() if node.kind == "menu" and node.options]
    for template in menus.simulation.prompts:
        for node in menus_to_read:
            sentences = option_sentences(node, template, menus.simulation.repeat_key)
            audio = [line_sentence(voice, sentence, 16000) for sentence in sentences]
            listener = LineListener(menus, start=node)
            ears = ears.fresh()
            source = _reader(np.concatenate([*audio, np.zeros(16000 * 3, dtype=np.float32)]))
            events = hearing.follow(source, ears, listener, None, lambda _e: None, realtime_lag=False)
            truth = {option.key: option for option in node.options}
            repeat_key = menus.simulation.repeat_key
            found = [e for e in events if e.event == "option" and e.key is not None]
            said += len(truth) + (1 if repeat_key and repeat_key not in truth else 0)
            for event in found:
                heard += 1
                if event.key == repeat_key and event.key not in truth:
                    right += "again" in (event.label or "") or "repeat" in (event.label or "")
                    continue
                known = truth.get(event.key or "")
                meaning = listener.option_meaning(Option(event.key, event.label or "", event.text), node)
                right += known is not None and meaning is not None and _same(meaning, known)
    return right, heard, said


def _reader(samples: np.ndarray) -> Any:
    position = 0

    def read(seconds: float) -> np.ndarray | None:
        nonlocal position
        if position >= len(samples):
            return None
        piece = samples[position:position + int(seconds * 16000)]
        position += len(piece)
        return piece

    return read


def goals(menus: Any, changed: Any) -> list[tuple[str, str]]:
    """Requests from bench/requests.tsv whose option the changed line still has, spread over the options."""
    by_target: dict[str, list[str]] = {}
    ids = {node.id for node in changed.nodes()}
    for expected, text in read_labelled("bench/requests.tsv"):
        if expected in ids and menus.node(expected).kind != "menu":
            by_target.setdefault(expected, []).append(text)
    picked = []
    for n in range(10):
        for target in sorted(by_target):
            if n < len(by_target[target]):
                picked.append((target, by_target[target][n]))
    return picked


def autopilot(menus: Any, changed: Any, voice: CachedVoice, ears: hearing.LineEars, chosen: list[tuple[str, str]],
              style0: int) -> dict[str, Any]:
    reached = wrong = asked = presses = 0
    delays: list[float] = []
    cpu = audio = 0.0
    calls = []
    for n, (target, request) in enumerate(chosen):
        layout = changed.layout_of(target)
        path_keys = routing.plan(changed, target).keys
        live = LiveLine(changed, layout, NOW, voice, style=style0 + n)
        listener = LineListener(menus, request, similarity=LIKENESS)
        ears = ears.fresh()
        events: list[Any] = []
        began = time.process_time()
        hearing.follow(live.read, ears, listener, live.press, events.append, limit_s=CALL_LIMIT_S)
        cpu += time.process_time() - began
        audio += live.clock
        landing = live.line.landing
        got_there = landing is not None and landing.node is not None and landing.node.id == target
        reached += got_there
        keys = [key for _, key in live.pressed]
        wrong_here = sum(1 for i, key in enumerate(keys) if i >= len(path_keys) or key != path_keys[i])
        wrong += wrong_here
        presses += len(keys)
        asked += any(e.event == "ask" for e in events)
        for at, key in live.pressed:
            # The fitting option's sentence: the last one said before the key that names it.
            spoken = [s for s in live.said if s[1] <= at + 1e-6 and f"press {routing.key_words(key)}" in s[2].lower()]
            if spoken:
                delays.append(at - spoken[-1][1])
        calls.append(heard_store.from_listener(listener, NOW))
        print(f"  {voice.name}: {target:<22} {'reached' if got_there else 'NOT reached'}; keys {''.join(keys) or '-'} "
              f"(route {''.join(path_keys)}){' WRONG' if wrong_here else ''}", flush=True)
    return {"reached": reached, "calls": len(chosen), "wrong": wrong, "presses": presses, "asked": asked, "delays": delays,
            "cpu": cpu, "audio": audio, "heard": calls}


def learnt(heard_calls: list[Any], chosen: list[tuple[str, str]], changed: Any, scratch: Path) -> tuple[bool, float]:
    menus_file = scratch / "menus.yaml"
    menus_file.write_text((ROOT / "menus.yaml").read_text())
    text, _changes = learn.proposal(menus_file, heard_calls)
    try:
        proposed = menu_file.parse(text, "proposal.yaml")
    except menu_file.MenuError as error:
        print(f"  learn: the proposal failed menu check: {error.summary()}")
        return False, 0.0
    assistant = Assistant(proposed)
    right = 0
    for target, request in chosen:
        reply = assistant.respond(request, NOW)
        right += reply.keys == routing.plan(changed, target).keys
    return True, right / len(chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="three voices")
    parser.add_argument("--model", metavar="NAME_OR_FOLDER", help="another Whisper model (default: tiny.en)")
    args = parser.parse_args()
    menus = menu_file.load(ROOT / "menus.yaml")
    changed = changed_menus()
    assert changed_text()
    scratch = Path("/tmp") / f"bench-line-{time.time_ns()}"
    scratch.mkdir()
    ears = hearing.open_ears(menus, args.model)
    chosen_all = goals(menus, changed)
    voices = (SEEN_VOICES[:1] + UNSEEN_VOICES[:2]) if args.quick else SEEN_VOICES + UNSEEN_VOICES
    rows: dict[str, dict[str, Any]] = {}
    all_heard = []
    for v, name in enumerate(voices):
        voice = CachedVoice(name, scratch / f"{name}.wav")
        right, heard, said = extraction(menus, voice, ears)
        chosen = chosen_all[v * GOALS_PER_VOICE % len(chosen_all):][:GOALS_PER_VOICE]
        if len(chosen) < GOALS_PER_VOICE:
            chosen += chosen_all[:GOALS_PER_VOICE - len(chosen)]
        result = autopilot(menus, changed, voice, ears, chosen, style0=v)
        ok, routed = learnt(result["heard"], chosen, changed, scratch)
        all_heard += result.pop("heard")
        rows[name] = {"seen": name in SEEN_VOICES, "precision": right / max(heard, 1), "recall": right / max(said, 1),
                      "options_said": said, **result, "learn_ok": ok, "learn_routes": routed}
    print()
    print(f"{'voice':<15} {'seen':<5} {'precision':>9} {'recall':>7} {'reached':>8} {'wrong':>6} {'p95 delay':>10} "
          f"{'CPU/s':>6} {'learn':>6}")
    for name, row in rows.items():
        p95 = _p95(row["delays"])
        print(f"{name:<15} {'yes' if row['seen'] else 'no':<5} {row['precision']:>8.1%} {row['recall']:>7.1%} "
              f"{row['reached']:>3}/{row['calls']:<4} {row['wrong']:>6} {p95:>9.2f}s {row['cpu'] / row['audio']:>6.2f} "
              f"{row['learn_routes']:>6.0%}")
    delays = [d for row in rows.values() for d in row["delays"]]
    totals = {
        "precision": sum(r["precision"] * r["options_said"] for r in rows.values()) / sum(r["options_said"] for r in rows.values()),
        "recall": sum(r["recall"] * r["options_said"] for r in rows.values()) / sum(r["options_said"] for r in rows.values()),
        "reached": sum(r["reached"] for r in rows.values()) / sum(r["calls"] for r in rows.values()),
        "wrong_keys": sum(r["wrong"] for r in rows.values()),
        "keys_pressed": sum(r["presses"] for r in rows.values()),
        "p95_delay_s": _p95(delays),
        "median_delay_s": statistics.median(delays) if delays else None,
        "cpu_per_audio_s": sum(r["cpu"] for r in rows.values()) / sum(r["audio"] for r in rows.values()),
        "learn_ok": all(r["learn_ok"] for r in rows.values()),
    }
    print()
    print(f"all voices: precision {totals['precision']:.1%} (>= 97%), recall {totals['recall']:.1%} (>= 95%), "
          f"goals reached {totals['reached']:.1%} (>= 95%), wrong keys {totals['wrong_keys']} of {totals['keys_pressed']} (<= 1%), "
          f"key p95 {totals['p95_delay_s']:.2f} s after the option (<= 1.5 s), CPU {totals['cpu_per_audio_s']:.0%} of a core "
          f"(<= 50%), learn accepted: {totals['learn_ok']}")
    for row in rows.values():
        row["delays"] = [round(d, 3) for d in row["delays"]]
    path = bench_results.save("line" if not args.model else "line-other-model",
                              {"model": args.model or "tiny.en", "voices": rows, "totals": totals})
    print(f"wrote {path}")
    return 0


def _p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    sys.exit(main())
