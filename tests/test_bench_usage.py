"""Every bench answers `--help` with what it measures and how long it runs, instead of starting a
run that may last half an hour, and stops at once on an option it does not know."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from .conftest import ROOT

BENCHES = sorted(path.name for path in (ROOT / "bench").glob("*.py")
                 if 'if __name__ == "__main__"' in path.read_text(encoding="utf-8") and path.name != "hold_audio.py")


def run(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, f"bench/{name}", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", BENCHES)
def test_help_says_what_the_bench_measures_and_runs_nothing(name: str) -> None:
    done = run(name, "--help")
    assert done.returncode == 0, done.stderr
    summary = ast.get_docstring(ast.parse((ROOT / "bench" / name).read_text(encoding="utf-8"))) or ""
    # Its own docstring, or argparse's usage and description (the 60 s timeout: no run started).
    assert summary.splitlines()[0] in done.stdout or done.stdout.startswith("usage:")


@pytest.mark.parametrize("name", BENCHES)
def test_an_unknown_option_is_one_line_and_a_failure(name: str) -> None:
    done = run(name, "--no-such-option")
    assert done.returncode == 2
    # One line says what is wrong (argparse puts its usage before it, and may first name a
    # required argument that is missing).
    last = done.stderr.strip().splitlines()[-1]
    assert ("--no-such-option" in last or "error: the following arguments are required" in last) and "Traceback" not in done.stderr
