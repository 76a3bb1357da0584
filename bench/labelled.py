"""Labelled request files (`expected<TAB>text` a line, # for comments), read by the routing
benchmark and the tests alike."""

from __future__ import annotations

from pathlib import Path

from bench.scoring import read_rows

ROOT = Path(__file__).resolve().parent.parent


def read(name: str) -> list[tuple[str, str]]:
    """(expected, text) pairs from a file named relative to the project."""
    return read_rows(ROOT / name)
