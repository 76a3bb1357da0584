"""Labelled request files (`expected<TAB>text` a line, # for comments), read by the routing
benchmark and the tests alike."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read(name: str) -> list[tuple[str, str]]:
    """(expected, text) pairs from a file named relative to the project."""
    rows = []
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, text = line.split("\t")
            rows.append((expected, text))
    return rows
