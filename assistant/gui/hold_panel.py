"""The window's "Wait on hold for me" switch: the time on hold, what the line is doing (each change
announced once), the wait it announces, "someone may be on the line" with a soft chime, and, when a
person answers, the window raised, a chime, a notification and the words "A person is on the line".

The listening runs on a thread of its own (`hold.listening.follow_hold`); its events come back to
the window as a signal, and are said in the words the terminal uses (`hold.render`). Nothing here
decides anything: `hold.tracker` does."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from ..hold import render
from ..hold.listening import HoldEars
from ..hold.says import held_words, say
from ..hold.tracker import HoldEvent


class HoldPanel(QWidget):
    event_heard = Signal(object)  # a hold.tracker.HoldEvent, from the listening thread
    failed = Signal(str)
    person = Signal(float)  # seconds on hold when a person answered

    def __init__(self, clock: Callable[[], datetime], audio_from: str | None = None,
                 device: Callable[[], str | None] = lambda: None, route: Callable[[], str | None] = lambda: None,
                 alert: Callable[[str], object] | None = None, ready: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.clock = clock
        self.audio_from = audio_from  # a recording instead of the microphone (tests, checking a call)
        self.device = device
        self.route = route  # the menus.yaml id the call was routed to, for the history
        self.alert = alert  # how to bring the caller back (None: the window's own ways only)
        self.ready = ready  # the soft chime when someone may be on the line (None: the banner only)
        self.language = "en"
        column = QVBoxLayout(self)
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        column.addWidget(self.toggle)
        self.held = QLabel("")
        column.addWidget(self.held)
        self.live = QLabel("")
        self.live.setWordWrap(True)
        column.addWidget(self.live)
        self.said: list[str] = []  # every line announced, in order (tests and screen readers)
        self.waits: list[int] = []
        self.person_at: float | None = None
        self._ears: HoldEars | None = None
        self._started: datetime | None = None
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.event_heard.connect(self._show)
        self.retranslate("en")

    def retranslate(self, language: str) -> None:
        """The panel's words in `language`: its own (Qt's catalog) and the hold sentences (says.yaml)."""
        self.language = language
        self.setAccessibleName(self.tr("Waiting on hold"))
        self.toggle.setText(self.say("button_stop") if self.toggle.isChecked() else self.say("button"))
        self.toggle.setAccessibleName(self.tr("{button}: I will call you back when a person answers").format(button=self.say("button")))
        self.held.setAccessibleName(self.tr("Time on hold"))
        self.live.setAccessibleName(self.tr("The line is"))

    def say(self, key: str, **values: object) -> str:
        return say(key, self.language, **values)

    def _toggled(self, on: bool) -> None:
        self.toggle.setText(self.say("button_stop") if on else self.say("button"))
        if on:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        self.stop()
        self.said.clear()
        self.waits.clear()
        self.person_at = None
        self._stop = threading.Event()
        self._started = self.clock()
        self._announce(self.say("start_window"))
        self._worker = threading.Thread(target=self._listen, args=(self._stop,), name="hold-listener", daemon=True)
        self._worker.start()
        self._timer.start()

    def stop(self) -> None:
        self._stop.set()
        self._timer.stop()
        if self._worker is not None:
            self._worker.join(timeout=5)
            self._worker = None

    def _listen(self, stop: threading.Event) -> None:
        try:
            from ..hold.listening import follow_hold, open_hold_ears
            from ..speech.audio import call_audio

            source, close = call_audio(self.audio_from, self.device())
            try:
                # The window's language is a first guess: the queue's first words say which it speaks.
                self._ears = ears = open_hold_ears(lang=self.language, find_language=True)
                follow_hold(source, ears, self._heard, stop=stop.is_set,
                            started=self._started if self.audio_from is None else None, route=self.route())
            finally:
                close()
            if ears.tracker.person_at is not None and self.alert is not None:
                self.alert(held_words(ears.tracker.person_at, self.language))  # the chime plays here, off the window's thread
        except Exception as error:  # shown in the window in plain words, never raised into Qt
            self.failed.emit(self.tr("Waiting on hold stopped: {why}").format(why=error))

    def _heard(self, event: HoldEvent) -> None:
        """On the listening thread: to the window, and the soft chime played here, off the window's thread."""
        self.event_heard.emit(event)
        if event.event == "maybe" and self.ready is not None:
            self.ready()

    def _tick(self) -> None:
        if self._ears is not None and self.person_at is None:
            self.held.setText(self.say("on_hold", held=held_words(self._ears.clock, self.language)))

    def _show(self, event: HoldEvent) -> None:
        if event.event == "heard":
            return  # the recordings are not news in the window: what the line is doing is
        said = render.text(event, self.language)
        if said:
            self._announce(said[0].upper() + said[1:])
        if event.event == "wait" and event.minutes is not None:
            self.waits.append(event.minutes)
        elif event.event == "person":
            self.person_at = event.at
            self._timer.stop()
            self.held.setText(self.say("on_hold", held=held_words(event.at, self.language)))
            window = self.window()
            window.showNormal()
            window.raise_()
            window.activateWindow()
            QApplication.alert(window, 0)  # the taskbar entry asks for attention until the window is used
            self.person.emit(event.at)

    def _announce(self, text: str) -> None:
        self.said.append(text)
        self.live.setText(text)
