"""Finding, checking and downloading Vosk models.

A model is looked for in: --model PATH, $ASSISTANT_VOSK_MODEL, the project's models/ folder,
the user's data folder, and Vosk's own cache. `download` fetches an archive listed in
models/vosk-models.yaml over HTTPS, resumes a broken download, checks size and SHA-256,
refuses archives whose paths escape the target, extracts into a temporary folder and moves it
into place in one step, so a half-extracted model is never seen.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..i18n import ui as _
from ..storage import read_yaml, user_data_dir
from . import PROJECT_MODELS
from .recognizer import ModelError

MANIFEST = PROJECT_MODELS / "vosk-models.yaml"
ENV_MODEL = "ASSISTANT_VOSK_MODEL"
# What every Vosk model folder holds; a folder missing any of them is partial or not a model.
REQUIRED = ("am/final.mdl", "conf/model.conf")
GRAPH_FILES = (("graph/HCLG.fst",), ("graph/HCLr.fst", "graph/Gr.fst"))


@dataclass(frozen=True)
class FoundModel:
    path: Path
    where: str  # "--model", "$ASSISTANT_VOSK_MODEL", "project", "user data", "vosk cache"


def user_models_dir() -> Path:
    return user_data_dir() / "models"


def search_places(explicit: str | None = None) -> list[tuple[str, Path]]:
    places: list[tuple[str, Path]] = []
    if explicit:
        places.append(("--model", Path(explicit)))
    if os.environ.get(ENV_MODEL):
        places.append((f"${ENV_MODEL}", Path(os.environ[ENV_MODEL])))
    places.append(("project", PROJECT_MODELS))
    places.append(("user data", user_models_dir()))
    places.append(("vosk cache", Path(os.path.expanduser("~")) / ".cache" / "vosk"))
    places.append(("vosk cache", Path("/usr/share/vosk")))
    return places


def problems(folder: Path) -> list[str]:
    """What a model folder lacks; empty when it looks complete."""
    if not folder.is_dir():
        return [_("{folder} is not a folder").format(folder=folder)]
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if not any(all((folder / f).is_file() for f in option) for option in GRAPH_FILES):
        missing.append(_("graph/HCLG.fst (or graph/HCLr.fst and graph/Gr.fst)"))
    for name in REQUIRED:
        path = folder / name
        if path.is_file() and path.stat().st_size == 0:
            missing.append(_("{name} is empty").format(name=name))
    return missing


def _is_english(folder: Path) -> bool:
    name = folder.name.lower()
    return "-en-" in name or name.endswith("-en") or "en-us" in name


def find_vosk_model(explicit: str | None = None) -> FoundModel | None:
    """The first usable model. An explicit path (--model or the variable) must be usable."""
    for where, place in search_places(explicit):
        is_explicit = where in ("--model", f"${ENV_MODEL}")
        if is_explicit:
            if problems(place):
                raise ModelError(missing_model_message(str(place)))
            return FoundModel(place, where)
        if not place.is_dir():
            continue
        for child in sorted(place.iterdir()):
            if child.is_dir() and child.name.startswith("vosk-model") and _is_english(child) and not problems(child):
                return FoundModel(child, where)
    return None


def list_models() -> list[tuple[str, Path, list[str]]]:
    """Every model folder in the search places, usable or not, with what it lacks."""
    seen = []
    for where, place in search_places():
        if not place.is_dir():
            continue
        for child in sorted(place.iterdir()):
            if child.is_dir() and child.name.startswith("vosk-model"):
                seen.append((where, child, problems(child)))
    return seen


def missing_model_message(path: str | None) -> str:
    if path:
        lacking = problems(Path(path))
        what = "; ".join(lacking) if lacking else _("not usable")
        return _("the Vosk model at {path} is incomplete ({what}); fix it with: assistant models download").format(path=path, what=what)
    return _("no English Vosk model found; get one with: assistant models download (or use --engine pocketsphinx)")


# -- downloading ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Archive:
    name: str
    url: str
    size: int
    sha256: str


def manifest(path: Path = MANIFEST, name: str | None = None) -> Archive:
    try:
        data: Any = read_yaml(path)
        wanted = name or data["default"]
        for entry in data["models"]:
            if entry["name"] == wanted:
                return Archive(entry["name"], entry["url"], int(entry["size"]), str(entry["sha256"]).lower())
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise ModelError(_("{path}: not a usable model manifest ({error})").format(path=path, error=error)) from None
    raise ModelError(_("{path}: no model named {wanted!r}").format(path=path, wanted=wanted))


Progress = Callable[[int, int], None]


def download(archive: Archive, target_dir: Path | None = None, progress: Progress | None = None,
             timeout: float = 30) -> Path:
    """Fetch, check and install `archive` into target_dir/<name>; returns the model folder."""
    target_dir = target_dir or user_models_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    final = target_dir / archive.name
    if final.is_dir() and not problems(final):
        return final
    partial = target_dir / f".{archive.name}.zip.part"
    _fetch(archive, partial, progress, timeout)
    _verify(archive, partial)
    _install(partial, final, archive.name)
    partial.unlink()
    return final


def _fetch(archive: Archive, partial: Path, progress: Progress | None, timeout: float) -> None:
    have = partial.stat().st_size if partial.exists() else 0
    if have > archive.size:
        partial.unlink()
        have = 0
    if have == archive.size:
        return
    request = urllib.request.Request(archive.url, headers={"User-Agent": "assistant-model-download"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if have and response.status != 206:
                have = 0  # the server ignored the range: start again
            with open(partial, "ab" if have else "wb") as out:
                done = have
                while True:
                    chunk = response.read(1 << 16)
                    if not chunk:
                        break
                    out.write(chunk)
                    done += len(chunk)
                    if done > archive.size:
                        break
                    if progress:
                        progress(done, archive.size)
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise ModelError(
            _("download of {name} stopped ({reason}); run the same command again to resume").format(name=archive.name, reason=reason)
        ) from None


def _verify(archive: Archive, partial: Path) -> None:
    size = partial.stat().st_size
    if size < archive.size:
        raise ModelError(
            _(
                "download of {name} is incomplete ({size:,} of {expected:,} bytes); run the same command again to resume"
            ).format(name=archive.name, size=size, expected=archive.size)
        )
    digest = hashlib.sha256()
    with open(partial, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if size != archive.size or digest.hexdigest() != archive.sha256:
        partial.unlink()
        raise ModelError(
            _(
                "the downloaded {name} is not the published file (size {size:,}, expected {expected:,}; SHA-256 differs); it was "
                "deleted: run the command again"
            ).format(name=archive.name, size=size, expected=archive.size)
        )


def _install(zip_path: Path, final: Path, name: str) -> None:
    parent = final.parent
    with tempfile.TemporaryDirectory(dir=parent, prefix=f".{name}.") as temporary:
        root = Path(temporary).resolve()
        try:
            with zipfile.ZipFile(zip_path) as archive:
                for member in archive.infolist():
                    destination = (root / member.filename).resolve()
                    is_link = (member.external_attr >> 16) & 0o170000 == 0o120000
                    if member.filename.startswith(("/", "\\")) or ".." in Path(member.filename).parts or is_link \
                            or not destination.is_relative_to(root):
                        raise ModelError(_(
                            "the archive for {name} holds an unsafe path {filename!r}; nothing was installed"
                        ).format(name=name, filename=member.filename))
                archive.extractall(root)
        except zipfile.BadZipFile:
            zip_path.unlink()
            raise ModelError(_(
                "the archive for {name} is not a valid zip file; it was deleted: run the command again"
            ).format(name=name)) from None
        entries = [p for p in root.iterdir()]
        model_root = entries[0] if len(entries) == 1 and entries[0].is_dir() else root
        lacking = problems(model_root)
        if lacking:
            raise ModelError(_(
                "the archive for {name} is not a complete Vosk model ({items}); nothing was installed"
            ).format(name=name, items='; '.join(lacking)))
        if final.exists():
            shutil.rmtree(final)  # an incomplete earlier install
        os.replace(model_root, final)  # one step: the model is there whole, or not at all


def progress_bar(stream: Any = sys.stderr) -> Progress:
    last = [-1]

    def show(done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent == last[0]:
            return
        last[0] = percent
        if stream.isatty():
            bar = "#" * (percent // 4)
            stream.write(_(
                "\r[{bar:<25}] {percent:3d}% {done:.1f} of {total:.1f} MB"
            ).format(bar=bar, percent=percent, done=done / 1e6, total=total / 1e6))
            if done >= total:
                stream.write("\n")
        elif percent % 10 == 0:
            stream.write(_("downloaded {percent}% ({done:,} of {total:,} bytes)\n").format(percent=percent, done=done, total=total))
        stream.flush()

    return show
