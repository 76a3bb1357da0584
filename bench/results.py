"""Where every benchmark writes its figures: bench/results/<name>.json, atomically, with the
machine they were measured on."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "results"


def save(name: str, figures: dict[str, Any]) -> Path:
    FOLDER.mkdir(exist_ok=True)
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    target = FOLDER / f"{name}.json"
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps({"machine": machine, **figures}, indent=2) + "\n")
    temporary.replace(target)
    return target
