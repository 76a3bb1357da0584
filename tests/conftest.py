from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from assistant import menu_file
from assistant.dialogue import Assistant
from assistant.menu import Menus

ROOT = Path(__file__).resolve().parent.parent
MENUS_TEXT = (ROOT / "menus.yaml").read_text(encoding="utf-8")
# A Monday morning in New York: live agents are open.
OPEN_TIME = datetime.fromisoformat("2026-11-30T10:00:00-05:00")


@pytest.fixture(scope="session")
def menus() -> Menus:
    return menu_file.load(ROOT / "menus.yaml")


@pytest.fixture(scope="session")
def assistant(menus: Menus) -> Assistant:
    return Assistant(menus)


def read_tsv(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, text = line.split("\t")
            rows.append((expected, text))
    return rows


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The real program, as a fresh process."""
    full_env = {key: value for key, value in os.environ.items() if key != "ASSISTANT_MENUS"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin, capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT,
    )
