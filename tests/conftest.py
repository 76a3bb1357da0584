from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from assistant import meaning, menu_file
from assistant.dialogue import Assistant
from assistant.menu import Menus

# The window is tested for real, offscreen (no display needed); set before Qt is first imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SINK = "assistant_test"
MENUS_TEXT = (ROOT / "menus.yaml").read_text(encoding="utf-8")
# A Monday morning in New York: live agents are open.
OPEN_TIME = datetime.fromisoformat("2026-11-30T10:00:00-05:00")
# Every process of the suite shares one cache of the sentence model's phrase vectors (meaning.py),
# even those given a HOME of their own, so each menus file is embedded once per run, not per test.
CACHE_HOME = str(meaning.cache_dir().parent.parent)


@pytest.fixture(scope="session")
def menus() -> Menus:
    return menu_file.load(ROOT / "menus.yaml")


@pytest.fixture(scope="session")
def assistant(menus: Menus) -> Assistant:
    return Assistant(menus)


LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The real program, as a fresh process."""
    full_env = {key: value for key, value in os.environ.items() if key != "ASSISTANT_MENUS" and key not in LOCALE_VARIABLES}
    full_env["LANG"] = "C.UTF-8"  # the commands speak the system's language: English unless a test says otherwise
    full_env.setdefault("XDG_CACHE_HOME", CACHE_HOME)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin, capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT,
    )


@pytest.fixture(scope="session")
def pulse() -> Iterator[None]:
    """A PulseAudio null sink as the speaker, its monitor as the microphone (started if need be)."""
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        pytest.skip("PulseAudio is not installed (setup.sh installs pulseaudio and pulseaudio-utils)")
    started = subprocess.run(["pactl", "info"], capture_output=True).returncode != 0
    if started:
        subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1"], check=True, capture_output=True)
        for _ in range(50):
            if subprocess.run(["pactl", "info"], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
    module = subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={SINK}"],
                            check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["pactl", "set-default-sink", SINK], check=True)
    subprocess.run(["pactl", "set-default-source", f"{SINK}.monitor"], check=True)
    yield
    subprocess.run(["pactl", "unload-module", module], capture_output=True)
    if started:
        subprocess.run(["pulseaudio", "--kill"], capture_output=True)
