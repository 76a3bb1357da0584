"""Live-line listener benchmark for Spanish callers (issue 12 with issue 10's listener): the
simulated line says its first menu in English and its Spanish branch in Spanish (espeak-ng's
Spanish voices; the only Spanish voices this machine has), through the 8 kHz µ-law channel; the
real listener (tiny.en for the English menu, Whisper base for the branch) presses for a goal given
in Spanish.

  goals      one request per destination from bench/requests_es.tsv (the Spanish tuning set)
  reached    the call lands on the goal; wrong keys: a key off the Spanish route
  cost       CPU seconds per second of call audio

    .venv/bin/python bench/line_es.py [--quick]
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import menu_file, routing  # noqa: E402
from assistant.line import hearing  # noqa: E402
from assistant.line.listener import LineListener  # noqa: E402
from assistant.speech.tts import Synthesizer, VoiceSettings  # noqa: E402
from bench import results as bench_results  # noqa: E402
from bench import usage  # noqa: E402
from bench.labelled import read as read_labelled  # noqa: E402
from bench.live_line import LiveLine  # noqa: E402

NOW = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)  # a Monday at noon in New York: agents are open
VOICES = ["roa/es-419", "roa/es+f2"]  # the Spanish branch's voice; the English menu is read by en-us
CALL_LIMIT_S = 150.0


def goals(menus: Any) -> list[tuple[str, str]]:
    """The first Spanish tuning request for each destination of the line."""
    routable = {node.id for node in menus.routable()}
    picked: dict[str, str] = {}
    for expected, text in read_labelled("bench/requests_es.tsv"):
        if expected in routable and expected not in picked:
            picked[expected] = text
    return sorted(picked.items())


def calls(menus: Any, voice_name: str, ears: hearing.LineEars, chosen: list[tuple[str, str]], style0: int) -> dict[str, Any]:
    synthesizer = Synthesizer(VoiceSettings(voice=voice_name, rate=170))
    reached = wrong = presses = asked = 0
    cpu = audio = 0.0
    try:
        for n, (target, request) in enumerate(chosen):
            route_keys = routing.plan(menus, target, "es").keys
            live = LiveLine(menus, menus.layout_of(target), NOW, synthesizer.speech, style=style0 + n)
            listener = LineListener(menus, request, language="es", similarity=hearing.sentence_likeness())
            events: list[Any] = []
            began = time.process_time()
            hearing.follow(live.read, ears.fresh(), listener, live.press, events.append, limit_s=CALL_LIMIT_S)
            cpu += time.process_time() - began
            audio += live.clock
            landing = live.line.landing
            got_there = landing is not None and landing.node is not None and landing.node.id == target
            keys = [key for _, key in live.pressed]
            wrong_here = sum(1 for i, key in enumerate(keys) if i >= len(route_keys) or key != route_keys[i])
            reached += got_there
            wrong += wrong_here
            presses += len(keys)
            asked += any(e.event == "ask" for e in events)
            print(f"  {voice_name}: {target:<22} {'reached' if got_there else 'NOT reached'}; keys {''.join(keys) or '-'} "
                  f"(route {''.join(route_keys)}){' WRONG' if wrong_here else ''}", flush=True)
    finally:
        synthesizer.close()
    return {"calls": len(chosen), "reached": reached, "wrong": wrong, "presses": presses, "asked": asked,
            "cpu": cpu, "audio": audio}


def main() -> int:
    quick = "--quick" in usage.check(__doc__, ["--quick"])
    menus = menu_file.load(ROOT / "menus.yaml")
    chosen = goals(menus)
    if quick:
        chosen = chosen[:6]
    ears = hearing.open_ears(menus, language="es")
    rows = {name: calls(menus, name, ears, chosen, style0=v) for v, name in enumerate(VOICES)}
    total = {key: sum(row[key] for row in rows.values()) for key in ("calls", "reached", "wrong", "presses", "asked", "cpu", "audio")}
    print()
    print(f"{'voice':<14} {'reached':>12} {'wrong keys':>14} {'asked':>6} {'CPU / audio':>12}")
    for name, row in [*rows.items(), ("all", total)]:
        print(f"{name:<14} {row['reached']:>4} of {row['calls']:<5} {row['wrong']:>4} of {row['presses']:<7} {row['asked']:>6} "
              f"{row['cpu'] / max(row['audio'], 1e-9):>11.0%}")
    figures = {"voices": rows, "total": total, "reached": total["reached"] / total["calls"],
               "wrong_keys": total["wrong"] / max(total["presses"], 1), "cpu_per_audio": total["cpu"] / max(total["audio"], 1e-9)}
    print(f"\nwrote {bench_results.save('line-es', figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
