"""The window's "Listen to the call" panel: the options of the menu the line is reading, as
buttons beside the keypad (a click or Enter plays that key as a tone), the one that fits the
caller's goal marked, and each new thing the line says announced once in a live line of text.

The listening runs on a thread of its own (`line.hearing.follow`); its events come back to the
window as a signal, and are said in the words the terminal uses (`line.render`). Nothing here
decides anything: `line.listener` does."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ..line import render
from ..line.listener import LineEvent
from ..menu import Menus, Node
from ..routing import key_words


class LinePanel(QWidget):
    event_heard = Signal(object)  # a line.listener.LineEvent, from the listening thread
    press = Signal(str)  # the person chose a heard option: play its key
    failed = Signal(str)

    def __init__(self, menus: Menus, goal: Callable[[], Node | None], audio_from: str | None = None,
                 device: Callable[[], str | None] = lambda: None) -> None:
        super().__init__()
        self.menus = menus
        self.goal = goal  # the option the caller routed to, asked for when listening starts
        self.audio_from = audio_from  # a recording instead of the microphone (tests, checking a call)
        self.device = device
        self.language = "en"
        column = QVBoxLayout(self)
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        column.addWidget(self.toggle)
        self.live = QLabel("")
        self.live.setWordWrap(True)
        column.addWidget(self.live)
        self.options = QVBoxLayout()
        column.addLayout(self.options)
        column.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}  # key -> its button, for the current menu
        self.fitting: str | None = None
        self.said: list[str] = []  # every line announced, in order (tests and screen readers)
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self.event_heard.connect(self._show)
        self.retranslate("en")

    def retranslate(self, language: str) -> None:
        self.language = language
        self.setAccessibleName(self.tr("The call's options"))
        self.toggle.setText(self.tr("Listen to the call"))
        self.toggle.setAccessibleName(self.tr("Listen to the call: show the line's options as it says them"))
        self.live.setAccessibleName(self.tr("The line says"))

    # -- listening ---------------------------------------------------------------------------

    def _toggled(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        self.stop()
        self._clear()
        self._stop = threading.Event()
        goal = self.goal()
        self._announce(self.tr("Listening for: {goal}").format(goal=goal.words(self.language).label) if goal
                       else self.tr("Listening to the call (no goal yet: ask first to have one marked)."))
        self._worker = threading.Thread(target=self._listen, args=(goal, self._stop, self.language), name="line-listener", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        self._stop.set()
        if self._worker is not None:
            self._worker.join(timeout=5)
            self._worker = None

    def _listen(self, goal: Node | None, stop: threading.Event, language: str) -> None:
        try:
            from ..line import hearing
            from ..line.listener import LineListener
            from ..speech.audio import call_audio

            source, close = call_audio(self.audio_from, self.device())
            try:
                ears = hearing.open_ears(self.menus, language=language)
                listener = LineListener(self.menus, goal_node=goal, language=language, similarity=hearing.sentence_likeness())
                hearing.follow(source, ears, listener, None, self.event_heard.emit, realtime_lag=self.audio_from is None, stop=stop.is_set)
            finally:
                close()
        except Exception as error:  # shown in the window in plain words, never raised into Qt
            self.failed.emit(self.tr("Listening to the call stopped: {why}").format(why=error))

    # -- showing -----------------------------------------------------------------------------

    def _show(self, event: LineEvent) -> None:
        said = render.text(event, self.language)
        if event.event == "option" and event.key is not None:
            button = self.buttons.get(event.key)
            if button is None:
                button = QPushButton()
                button.clicked.connect(lambda _checked=False, key=event.key: self.press.emit(key))
                self.options.addWidget(button)
                self.buttons[event.key] = button
            label = event.label or self.tr("words not caught")
            button.setText(f"{event.key}  {event.label or '(' + label + ')'}")
            button.setAccessibleName(self.tr("Press {key}: {label}").format(key=key_words(event.key, self.language), label=label))
        elif event.event == "press" and event.key in self.buttons:
            self.fitting = event.key
            button = self.buttons[event.key]
            button.setProperty("lit", True)
            button.setAccessibleDescription(self.tr("this one fits what you need"))
            button.style().unpolish(button)
            button.style().polish(button)
            button.setFocus()  # Enter presses it
            said += ". " + self.tr("It fits what you need; press Enter to play it.")
        elif event.event == "key":
            self._clear()
        self._announce(said)

    def _clear(self) -> None:
        for button in self.buttons.values():
            self.options.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        self.fitting = None

    def _announce(self, text: str) -> None:
        self.said.append(text)
        self.live.setText(text)
