"""The architecture contract (pyproject.toml, [tool.importlinter]) holds, and breaks as it should:
a copy of the package with one import added, where the layers or the no-cycles rule forbid it,
fails `lint-imports`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package in `tree`, with the project's own contracts."""
    return subprocess.run([str(LINT), str(tree / "pyproject.toml"), "--no-cache", "--no-logo"], cwd=tree, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(tree)})


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "assistant", tmp_path / "assistant", ignore=shutil.ignore_patterns("__pycache__", "locale", "translations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(tree: Path, module: str, line: str) -> None:
    path = tree / "assistant" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")


def test_the_package_keeps_its_contracts(tree: Path) -> None:
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_a_core_module_importing_a_front_end_breaks_the_layers(tree: Path) -> None:
    add_import(tree, "hours.py", "from .cli import common")
    result = lint(tree)
    assert result.returncode != 0
    assert "Front ends above features above the core BROKEN" in result.stdout
    assert "assistant.hours -> assistant.cli.common" in result.stdout


def test_a_new_circular_import_breaks_the_no_cycles_rule(tree: Path) -> None:
    add_import(tree, "words.py", "from . import dialogue")  # the dialogue reads words: now words read the dialogue
    result = lint(tree)
    assert result.returncode != 0
    assert "No import cycles BROKEN" in result.stdout


def test_the_line_importing_hold_breaks_their_independence(tree: Path) -> None:
    add_import(tree, "line/listener.py", "from ..hold import says")
    result = lint(tree)
    assert result.returncode != 0
    assert "The live line, hold and the simulated line meet only at the hand-over BROKEN" in result.stdout


def test_the_readmes_module_table_names_every_module_of_the_package() -> None:
    """README.md's "How it works" table matches the tree: no module left out, none that is gone."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How it works"):readme.index("## Tests and benchmarks")]
    named = set(re.findall(r"`(assistant/[\w/]+\.py)`", section))
    tree = {str(path.relative_to(ROOT)) for path in (ROOT / "assistant").rglob("*.py")}
    markers = {path for path in tree if path.endswith("__init__.py") and len((ROOT / path).read_text().splitlines()) < 5}
    assert not named - tree, f"the README names modules that are not there: {sorted(named - tree)}"
    assert not tree - markers - named, f"the README's module table leaves out: {sorted(tree - markers - named)}"
