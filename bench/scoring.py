"""How a labelled request set scores: the right route or answer, `no_match` refused, or a question
whose two options include the right one.

Also a script, so another version of the assistant can be scored on today's request files:
`python bench/scoring.py --root DIR FILE...` imports `assistant` and `menus.yaml` from DIR (a git
worktree of an older commit, made by bench/routing.py --baseline) and prints one JSON object:
{file: [in scope right or asked, out of scope refused, in scope count, out of scope count]}.
A file whose name ends in `_es.tsv` is scored in Spanish.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.dialogue import Reply

NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")


def outcome(reply: Reply) -> str:
    if reply.status == "routed" and reply.destination is not None:
        return reply.destination.id
    if reply.status == "answer":
        return f"answer:{reply.topic}"
    if reply.status == "ambiguous":
        return "ambiguous:" + "|".join(sorted(m.intent.id for m in reply.alternatives))
    return reply.status


def correct(expected: str, got: str) -> bool:
    if expected.startswith("ambiguous:"):
        return got == "ambiguous:" + "|".join(sorted(expected.split(":", 1)[1].split("|")))
    return got == expected


def right_or_asked(expected: str, got: str) -> bool:
    """Issue 9's measure: the right route or answer, or a question whose two options include it."""
    if got.startswith("ambiguous:") and not expected.startswith(("ambiguous:", "no_match")):
        return expected in got.split(":", 1)[1].split("|")
    return correct(expected, got)


def split_figures(assistant: Any, rows: list[tuple[str, str]]) -> tuple[float, float, list[str]]:
    """(in scope right or asked with it, out of scope refused, misses) for one request set."""
    in_scope, refused, misses = [], [], []
    for expected, text in rows:
        got = outcome(assistant.respond(text, NOW))
        ok = right_or_asked(expected, got)
        (refused if expected == "no_match" else in_scope).append(ok)
        if not ok:
            misses.append(f"{text!r}: expected {expected}, got {got}")
    return sum(in_scope) / max(len(in_scope), 1), sum(refused) / max(len(refused), 1), misses


def read_rows(path: Path) -> list[tuple[str, str]]:
    """(expected, text) pairs of a labelled file (`expected<TAB>text` a line, # for comments).
    Here rather than in bench/labelled.py, which uses it: scoring an older version must not import
    anything of that version's bench folder."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, text = line.split("\t")
            rows.append((expected, text))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, required=True, help="the project folder whose assistant is scored")
    parser.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    from assistant import menu_file
    from assistant.dialogue import Assistant

    menus = menu_file.load(args.root / "menus.yaml")
    by_language = {language: Assistant(menus, language=language) for language in ("en", "es")}
    scores = {}
    for path in args.files:
        rows = read_rows(path)
        assistant = by_language["es" if path.name.endswith("_es.tsv") else "en"]
        right, refused, _ = split_figures(assistant, rows)
        n_out = sum(expected == "no_match" for expected, _ in rows)
        scores[path.name] = [right, refused, len(rows) - n_out, n_out]
    print(json.dumps(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
