"""`assistant gui`: the Qt application around the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime

from ..menu import Menus


def run(menus: Menus, clock: Callable[[], datetime], audio_from: str | None = None, speak: bool = True) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("assistant")
    app.setApplicationDisplayName("USCIS call helper")
    window = MainWindow(menus, clock, audio_from=audio_from, speak=speak)
    window.resize(1100, 760)
    window.show()
    ready_file = os.environ.get("ASSISTANT_GUI_READY_FILE")
    if ready_file:
        # For bench/gui.py: the moment the first frame has been drawn and input is taken.
        def ready() -> None:
            with open(ready_file, "w", encoding="utf-8") as handle:
                handle.write("ready\n")
            if os.environ.get("ASSISTANT_GUI_QUIT_WHEN_READY"):
                window.close()
                app.quit()

        QTimer.singleShot(0, ready)
    speech_file = os.environ.get("ASSISTANT_GUI_SPEECH_FILE")
    if speech_file:
        # For bench/gui.py: when listening starts (or is given up), the window long since usable.
        def listening(note: str) -> None:
            with open(speech_file, "w", encoding="utf-8") as handle:
                handle.write(f"listening\t{note}\n")
            window.close()
            app.quit()

        window.speech_ready.connect(listening)
        window.speech_unavailable.connect(listening)
    code = app.exec()
    window.shutdown()
    return int(code)
