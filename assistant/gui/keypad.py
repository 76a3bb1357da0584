"""A phone keypad that lights the route's keys one after another."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from ..routing import key_words

ROWS = ("123", "456", "789", "*0#")
LIT_MS = 700  # each key stays lit this long before the next one


class Keypad(QWidget):
    key_lit = Signal(str)  # a key has lit up (tests and screen readers follow the sequence)
    pressed = Signal(str)  # the person pressed a key on it

    def __init__(self) -> None:
        super().__init__()
        self.language = "en"
        layout = QGridLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        for row, keys in enumerate(ROWS):
            for column, key in enumerate(keys):
                button = QPushButton(key)
                button.setProperty("key", True)
                button.clicked.connect(lambda _checked=False, k=key: self.pressed.emit(k))
                layout.addWidget(button, row, column)
                self.buttons[key] = button
        self._sequence: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(LIT_MS)
        self._timer.timeout.connect(self._next)
        self.lit: list[str] = []  # the keys lit so far in the current sequence, in order
        self.retranslate("en")

    def retranslate(self, language: str) -> None:
        self.language = language
        self.setAccessibleName(self.tr("Phone keypad"))
        for key, button in self.buttons.items():
            button.setAccessibleName(self.tr("Key {key}").format(key=key_words(key, language)))
            button.setAccessibleDescription(self.tr("press this key now") if button.property("lit") else "")

    def light(self, keys: list[str]) -> None:
        """Light `keys` in order; the last stays lit until the next sequence."""
        self._timer.stop()
        self._set_lit(None)
        self.lit = []
        self._sequence = list(keys)
        if self._sequence:
            self._next()
            self._timer.start()

    def _next(self) -> None:
        if not self._sequence:
            self._timer.stop()
            return
        key = self._sequence.pop(0)
        self._set_lit(key)
        self.lit.append(key)
        self.key_lit.emit(key)

    def _set_lit(self, key: str | None) -> None:
        for name, button in self.buttons.items():
            lit = name == key
            if button.property("lit") != lit:
                button.setProperty("lit", lit)
                button.style().unpolish(button)
                button.style().polish(button)
            button.setAccessibleDescription(self.tr("press this key now") if lit else "")
