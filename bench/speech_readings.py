"""What a matcher change does to spoken routing, in seconds instead of twenty minutes: bench/speech.py's
clips are decoded once (Whisper's readings, which no matcher change alters: the prompt is built from
menus.yaml's labels, not its phrases) and saved; each later checkout routes the saved readings.

    .venv/bin/python bench/speech_readings.py save --split untuned readings.json   # decode (about 10 minutes)
    .venv/bin/python bench/speech_readings.py route readings.json                  # route with this checkout
    /other/checkout/.venv/bin/python /other/checkout/bench/speech_readings.py route readings.json

`route` prints, per condition, the in-scope clips routed right and the out-of-scope clips accepted,
as counts. The untuned split's clips are never written out, so nobody tunes on them; `--misses`
lists the tuning split's. The counts are bench/speech.py's own (the same `outcome` and `right`): a full
run of that bench at the same commit gives the same figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import menu_file  # noqa: E402
from assistant.dialogue import Assistant  # noqa: E402
from assistant.heard import Heard  # noqa: E402
from assistant.speech.audio import read_request  # noqa: E402
from bench.speech import FIXTURES, NOW, decode, fixture_rows, outcome, right  # noqa: E402


def save(split: str, path: Path) -> int:
    from assistant.speech.engines import open_engine

    if not (FIXTURES / "index.tsv").exists():
        print("no fixtures: run .venv/bin/python bench/make_fixtures.py first", file=sys.stderr)
        return 2
    choice = open_engine("whisper", menu_file.load())
    readings = []
    for name, expected, voice, condition, _text, split_name in fixture_rows(split):
        heard, _ = decode(choice.recognizer, read_request(FIXTURES / name))
        readings.append({"clip": name, "expected": expected, "voice": voice, "condition": condition,
                         "split": split_name, "heard": asdict(heard)})
    fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"engine": choice.recognizer.name, "split": split, "readings": readings}, out)
    os.replace(scratch, path)
    print(f"saved {len(readings)} readings to {path}")
    return 0


def route(path: Path, misses: bool) -> int:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        print(f"cannot read {path}: {problem}; make it with: bench/speech_readings.py save --split untuned {path}", file=sys.stderr)
        return 2
    assistant = Assistant(menu_file.load())
    in_scope: dict[str, list[bool]] = defaultdict(list)
    accepted: list[bool] = []
    for reading in saved["readings"]:
        fields = reading["heard"]
        heard = Heard(**{**fields, "alternatives": tuple(fields["alternatives"])})
        got = outcome(assistant.respond_heard(heard, NOW))
        ok = right(reading["expected"], got)
        if reading["expected"] == "no_match":
            accepted.append(not ok)
        else:
            in_scope[reading["condition"]].append(ok)
        if misses and not ok and reading["split"] == "tuning":
            print(f"  {reading['clip']}: heard {heard.transcript!r} -> {got}")
    print(f"{saved['split']} split, {saved['engine']}, routed by {ROOT}")
    for condition, values in sorted(in_scope.items()):
        print(f"  {condition:<10} {sum(values):>4} of {len(values):<4} routed right ({sum(values) / len(values):.1%})")
    print(f"  false accepts {sum(accepted)} of {len(accepted)} ({sum(accepted) / max(len(accepted), 1):.1%})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    saving = commands.add_parser("save", help="decode a split's clips once and save the readings")
    saving.add_argument("--split", choices=["untuned", "tuning"], required=True)
    saving.add_argument("file", type=Path)
    routing = commands.add_parser("route", help="route saved readings with this checkout's matcher")
    routing.add_argument("file", type=Path)
    routing.add_argument("--misses", action="store_true", help="list the tuning split's misses (never the untuned split's)")
    args = parser.parse_args()
    return save(args.split, args.file) if args.command == "save" else route(args.file, args.misses)


if __name__ == "__main__":
    sys.exit(main())
