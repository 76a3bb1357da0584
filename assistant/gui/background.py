"""Long work off the UI thread: a function runs on Qt's thread pool and its result (or its one-line
error) comes back to the UI thread as a signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # reported to the window in plain words, never raised into Qt
            self.signals.failed.emit(str(error) or type(error).__name__)
            return
        self.signals.done.emit(result)


_alive: set[_Signals] = set()  # keep each job's signal object until it has spoken


def run(work: Callable[[], Any], done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None) -> None:
    signals = _Signals()
    _alive.add(signals)
    if done is not None:
        signals.done.connect(done)
    if failed is not None:
        signals.failed.connect(failed)
    signals.done.connect(lambda _result: _alive.discard(signals))
    signals.failed.connect(lambda _error: _alive.discard(signals))
    QThreadPool.globalInstance().start(_Job(work, signals))
