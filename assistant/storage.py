"""Where the assistant keeps the person's own files, and how it writes them: atomically (a
temporary file, then a rename), readable by the person alone, under a lock so that two copies of
the assistant never lose each other's changes, and a damaged file kept aside, never thrown away."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def read_yaml(path: Path) -> Any:
    """One of the assistant's own data files (lexicons, phrasings, sentences, manifests), read with
    libyaml when it is there: ten times faster than the pure-Python parser, and several are read at
    start-up."""
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "assistant"


def user_config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "assistant"


def user_cache_dir() -> Path:
    """What the assistant can rebuild at any time (compiled catalogs, the sentence model's vectors)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "assistant"


def write_cache(path: Path, data: bytes) -> None:
    """Replace a cache file whole, never half-written: another process may be reading it, and two
    processes building the same entry write the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def built_once(folder: Path, stem: str, source: bytes, build: Callable[[bytes], bytes]) -> Path:
    """A file made from `source` by `build` (a compiled catalog), kept in `folder` under a name
    that carries the source's hash (`<stem>-<hash>` + the stem's suffix): made once per version of
    the source, never half-written, and an older version's file is simply not asked for again."""
    name, dot, suffix = stem.rpartition(".")
    path = folder / f"{name}-{hashlib.sha256(source).hexdigest()[:16]}{dot}{suffix}"
    if not path.exists():
        write_cache(path, build(source))
    return path


def write_private(path: Path, text: str) -> None:
    """Replace `path` with `text`, atomically, mode 0600 from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock beside `path` (another process waits) for a read-change-write."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


def keep_aside(path: Path) -> Path:
    """Move a damaged file out of the way (never delete it) and say where it went."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, aside)
    return aside
