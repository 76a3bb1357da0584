"""The main window: talk or type, see and hear the answer, the keys lit on a keypad, whether
anyone is there now, the menu to browse, the call sheet and the settings.

Everything slow (loading the speech engine and the microphone, recognising, speaking, playing
tones) runs off the UI thread; the window stays usable in whatever mode still works and says
what happened in plain words."""

from __future__ import annotations

import fcntl
import io
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import answers, dialstring, hours, routing, storage
from ..callsheet import SheetStore
from ..dialogue import Assistant, Conversation, InputError
from ..heard import Heard
from ..hold.alert import Alert
from ..hold.history import past_waits
from ..menu import Menus, Node
from ..reply import Reply
from ..settings import Settings, SettingsStore
from . import background, style, translation
from .hold_panel import HoldPanel
from .keypad import Keypad
from .line_panel import LinePanel
from .settings_panel import SettingsPanel
from .sheet_panel import SheetPanel

if TYPE_CHECKING:
    from ..speech.recognizer import Recognizer

HOURS_REFRESH_MS = 60_000
SLOW_RATE = 110  # words per minute when reading a number to an agent


def _base_font() -> QFont:
    """The system's own font, as it was before any window scaled it (windows come and go; the
    application font is shared)."""
    app = QApplication.instance()
    saved = app.property("assistant_base_font") if app is not None else None
    if isinstance(saved, QFont):
        return QFont(saved)
    font = QFont(QApplication.font())
    if app is not None:
        app.setProperty("assistant_base_font", font)
    return font


def _system_language(menus: Menus) -> str:
    """The language the desktop is set to, when the line speaks it (a caller who has not chosen
    sees the window in it; what they say or type may still turn it)."""
    code = QLocale.system().name().split("_")[0]
    return code if code in menus.languages and code in translation.languages() else "en"


class _WrappingItems(QStyledItemDelegate):
    """Menu items as tall as their wrapped text: Qt's tree measures an item as one line, so a
    long option would be cut off ("…") however the tree wraps it."""

    WRAP = int(Qt.TextFlag.TextWordWrap)

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree
        self.width = 0  # the tree's inner width, kept by resized(): asked for every item, it is slow to fetch

    def resized(self) -> None:
        self.width = self.tree.viewport().width()
        self.tree.doItemsLayout()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # Qt's name
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = max(self.width - self.tree.indentation() * depth - 8, 40)
        text = option.fontMetrics.boundingRect(0, 0, width, 100_000, self.WRAP, str(index.data()))
        return QSize(width, text.height() + 6)


class MainWindow(QMainWindow):
    replied = Signal(object)  # each Reply shown
    speech_ready = Signal(str)  # the engine and microphone are listening (the engine's note)
    speech_unavailable = Signal(str)
    download_progress = Signal(int, int)  # bytes so far, bytes in all (from the download thread)
    download_finished = Signal(str)  # the model folder, or "" when it failed

    def __init__(self, menus: Menus, clock: Callable[[], datetime], settings_store: SettingsStore | None = None,
                 sheet_store: SheetStore | None = None, audio_from: str | None = None, speak: bool = True,
                 load_speech: bool = True, model_manifest: Path | None = None, line_audio_from: str | None = None,
                 hold_audio_from: str | None = None) -> None:
        super().__init__()
        self.menus = menus
        self.clock = clock
        self.settings_store = settings_store or SettingsStore()
        self.settings, settings_note = self.settings_store.load()
        chosen = self.settings.language if self.settings.language in menus.languages else None
        self.conversation = Conversation(Assistant(menus, past_waits()).speaking(chosen or _system_language(menus)),
                                         language_chosen=chosen is not None)
        self.language = ""  # the window's own words (set by use_language); follows the conversation's language
        self.sheet_store = sheet_store or SheetStore()
        self.audio_from = audio_from
        self.line_audio_from = line_audio_from  # a recording of a call for "Listen to the call" (tests)
        self.hold_audio_from = hold_audio_from  # a recording of a held call for "Wait on hold for me" (tests)
        self.model_manifest = model_manifest  # where the model download is described (tests give their own)
        self.speak_answers = speak
        self.listener: Any = None
        self.recognizer: Recognizer | None = None  # the engine speech is heard with, once loaded
        self.voices: dict[int, Any] = {}  # speech out, one per speaking rate
        self.last_reply: Reply | None = None
        self.keys: list[str] = []
        self.choice_buttons: list[QPushButton] = []
        self.notices: list[str] = []
        self._said_speech_failed = False  # that answers are not said aloud, said once
        self._base_font = _base_font()
        self._instance_lock = self._claim_instance()
        self._build()
        self.use_language(self.conversation.language)
        self.apply_look()
        if settings_note:
            self.notify(settings_note)
        if self._instance_lock is None:
            self.notify(self.tr("Another assistant window is open. Both can be used: changes to the call sheet from either are kept."))
        self.sheet_panel.reload()
        self.hours_timer = QTimer(self)
        self.hours_timer.setInterval(HOURS_REFRESH_MS)
        self.hours_timer.timeout.connect(self.refresh_hours)
        self.hours_timer.start()
        if load_speech:
            QTimer.singleShot(0, self.load_speech)  # after the window is up: it never waits for a model

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        main = QWidget()
        column = QVBoxLayout(main)
        self.notice = QLabel("")
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        column.addWidget(self.notice)
        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        column.addWidget(self.banner)

        talk_row = QHBoxLayout()
        self.talk_button = QPushButton()
        self.talk_button.setObjectName("talk")
        self.talk_button.setCheckable(True)
        self.talk_button.setEnabled(False)
        self.talk_button.toggled.connect(self._talk)
        self.hands_free = QCheckBox()
        self.hands_free.setChecked(self.settings.hands_free)
        self.hands_free.toggled.connect(self._hands_free)
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.loading = QProgressBar()
        self.loading.setRange(0, 0)  # busy: the speech engine is loading
        self.speech_status = QLabel()
        self._status: Callable[[], str] = lambda: self.tr("Loading speech…")  # the status line, in the window's language
        self.speech_status.setWordWrap(True)
        talk_row.addWidget(self.talk_button)
        talk_row.addWidget(self.hands_free)
        talk_row.addWidget(self.level, 1)
        column.addLayout(talk_row)
        status_row = QHBoxLayout()
        status_row.addWidget(self.speech_status, 1)
        status_row.addWidget(self.loading)
        column.addLayout(status_row)
        self.partial = QLabel("")
        self.partial.setWordWrap(True)
        column.addWidget(self.partial)

        type_row = QHBoxLayout()
        self.request_input = QLineEdit()
        self.request_input.returnPressed.connect(self._ask_typed)
        self.ask_button = QPushButton()
        self.ask_button.clicked.connect(self._ask_typed)
        type_row.addWidget(self.request_input, 1)
        type_row.addWidget(self.ask_button)
        column.addLayout(type_row)

        self.answer = QLabel()
        self.answer.setObjectName("answer")
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.answer.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        column.addWidget(self.answer)
        self.choices = QVBoxLayout()
        column.addLayout(self.choices)

        keys_row = QHBoxLayout()
        self.keypad = Keypad()
        self.keypad.pressed.connect(lambda key: self.play_keys([key]))
        keys_row.addWidget(self.keypad)
        actions = QVBoxLayout()
        self.say_again = QPushButton()
        self.say_again.clicked.connect(lambda: self.say(self.last_reply.say, self.last_reply.language) if self.last_reply else None)
        self.play_button = QPushButton()
        self.play_button.clicked.connect(lambda: self.play_keys(self.keys))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_dial_link)
        self.qr_button = QPushButton()
        self.qr_button.clicked.connect(self.show_qr)
        for button in (self.say_again, self.play_button, self.copy_button, self.qr_button):
            button.setEnabled(False)
            actions.addWidget(button)
        actions.addStretch(1)
        keys_row.addLayout(actions)
        self.line_panel = LinePanel(self.menus, self._goal, self.line_audio_from, lambda: self.settings.microphone or None)
        self.line_panel.press.connect(lambda key: self.play_keys([key]))
        self.line_panel.failed.connect(self.notify)
        keys_row.addWidget(self.line_panel, 1)
        self.hold_panel = HoldPanel(self.clock, self.hold_audio_from, lambda: self.settings.microphone or None,
                                    self._goal_id, alert=None if self.hold_audio_from else self._bring_back,
                                    ready=None if self.hold_audio_from else self._get_ready)
        self.hold_panel.failed.connect(self.notify)
        keys_row.addWidget(self.hold_panel, 1)
        keys_row.addStretch(1)
        column.addLayout(keys_row)
        column.addStretch(1)

        self.tabs = QTabWidget()
        self.tree = QTreeWidget()
        # Long options wrap onto more lines instead of ending in "…" (at 200% text most would).
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree_items = _WrappingItems(self.tree)
        self.tree.setItemDelegate(self.tree_items)
        self.tree.header().sectionResized.connect(lambda *_sizes: self.tree_items.resized())
        self.tree.itemActivated.connect(lambda item, _column: self._picked(item))
        self.tabs.addTab(self.tree, "")
        self.sheet_panel = SheetPanel(self.menus, self.sheet_store, self.say_slowly)
        self.sheet_panel.notice.connect(self.notify)
        self.tabs.addTab(self.sheet_panel, "")
        self.settings_panel = SettingsPanel(self.settings)
        self.settings_panel.changed.connect(self._settings_changed)
        self.settings_panel.download_requested.connect(self.download_model)
        self.download_progress.connect(self._download_progress)
        self.tabs.addTab(self.settings_panel, "")

        whole = QWidget()
        self.sides = QBoxLayout(QBoxLayout.Direction.LeftToRight, whole)
        self.sides.addWidget(main, 3)
        self.sides.addWidget(self.tabs, 2)
        scroll = QScrollArea()  # at 200% text the window scrolls instead of cutting anything off
        scroll.setWidgetResizable(True)
        scroll.setWidget(whole)
        self.setCentralWidget(scroll)
        QShortcut(QKeySequence("Ctrl+Space"), self, self.talk_button.toggle)
        self.talk_button.setFocus()

    def retranslate(self) -> None:
        """Every word of the window in its language (self.language): at start and when it changes."""
        language = self.language
        self.setWindowTitle(self.tr("USCIS call helper: {name}").format(name=self.menus.name))
        self.notice.setAccessibleName(self.tr("Notice"))
        self.banner.setAccessibleName(self.tr("Are live agents available now"))
        self.talk_button.setText(self.tr("Stop") if self.talk_button.isChecked() else self.tr("Talk"))
        self.talk_button.setAccessibleName(self.tr("Talk: press, say what you need, press again"))
        self.talk_button.setToolTip(self.tr("Space or Ctrl+Space"))
        self.hands_free.setText(self.tr("Hands-free"))
        self.hands_free.setAccessibleName(self.tr("Hands-free: listen all the time"))
        self.level.setAccessibleName(self.tr("Microphone level"))
        self.loading.setAccessibleName(self.tr("Loading speech"))
        self.speech_status.setAccessibleName(self.tr("Speech status"))
        self.speech_status.setText(self._status())
        self.partial.setAccessibleName(self.tr("What I hear"))
        self.request_input.setPlaceholderText(self.tr("Or type what you need, for example: I moved"))
        self.request_input.setAccessibleName(self.tr("Type what you need"))
        self.ask_button.setText(self.tr("Ask"))
        self.ask_button.setAccessibleName(self.tr("Ask"))
        if self.last_reply is None:
            self.answer.setText(self.tr("Say or type what you need: I moved, my green card never came, let me talk to a human."))
        self.answer.setAccessibleName(self.tr("Answer"))
        self.say_again.setText(self.tr("Say it again"))
        self.say_again.setAccessibleName(self.tr("Say the answer again"))
        self.play_button.setText(self.tr("Play the keys"))
        self.play_button.setAccessibleName(self.tr("Play the keys as tones (hold the phone to the speaker)"))
        self.copy_button.setText(self.tr("Copy dial link"))
        self.copy_button.setAccessibleName(self.tr("Copy the dial link for a phone"))
        self.qr_button.setText(self.tr("Show QR code"))
        self.qr_button.setAccessibleName(self.tr("Show the dial link as a QR code to scan"))
        self.tabs.setAccessibleName(self.tr("More"))
        self.tabs.setTabText(0, self.tr("Menu"))
        self.tabs.setTabText(1, self.tr("Call sheet"))
        self.tabs.setTabText(2, self.tr("Settings"))
        self.tree.setHeaderLabels([self.tr("Menu (press Enter on an option for its keys)")])
        self.tree.setAccessibleName(self.tr("The phone menu"))
        self.tree.clear()
        for layout in self.menus.layouts:
            top = QTreeWidgetItem([layout.title_in(language)])
            self.tree.addTopLevelItem(top)
            self._tree_items(top, layout.root)
        self.tree.expandAll()
        self.keypad.retranslate(language)
        self.line_panel.retranslate(language)
        self.hold_panel.retranslate(language)
        self.sheet_panel.retranslate(language)
        self.settings_panel.retranslate()
        self.refresh_hours()

    def _tree_items(self, parent: QTreeWidgetItem, node: Node) -> None:
        for option in node.options:
            words = option.words(self.language)
            item = QTreeWidgetItem([f"{routing.key_words(option.key or '', self.language)}: {words.label}"])
            item.setData(0, Qt.ItemDataRole.UserRole, option.id)
            parent.addChild(item)
            self._tree_items(item, option)

    # ------------------------------------------------------------------ language and look

    def use_language(self, code: str) -> None:
        """Show the window in `code` (its words, the menu's labels, the hours, the call sheet) and,
        once speech is loaded, hear that language."""
        if code == self.language and translation.current() == code:
            return
        try:
            translation.use(code)
        except translation.TranslationError as error:
            self.notify(f"{error}; the window stays in English.")
            translation.use("en")
            code = "en"
        heard_before = self.language
        self.language = code
        self.retranslate()
        finds = self.recognizer is not None and self.recognizer.multilingual and not self.conversation.language_chosen
        if self.listener is not None and heard_before != code and not finds:
            self.load_speech()  # the recogniser of the new language (Whisper base for Spanish)

    def apply_look(self) -> None:
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * self.settings.text_scale)
        QApplication.setFont(font)
        for widget in self.findChildren(QWidget):
            widget.setFont(font)
        answer_font = QFont(font)
        answer_font.setPointSizeF(font.pointSizeF() * 1.5)
        self.answer.setFont(answer_font)
        self.setStyleSheet(style.sheet(self.settings.high_contrast))
        # Large text: the tabs go below the answer instead of beside it, so lines stay long enough to read.
        wide = self.settings.text_scale < 1.5
        self.sides.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        self.tree_items.resized()  # the menu's items are as tall as their wrapped text in the new size

    def _settings_changed(self, settings: Settings) -> None:
        engine_changed = (settings.engine, settings.model, settings.microphone) != (
            self.settings.engine, self.settings.model, self.settings.microphone)
        old = self.settings
        voice_changed = (settings.voice, settings.rate, settings.speaker) != (old.voice, old.rate, old.speaker)
        self.settings = settings
        try:
            self.settings_store.save(settings)
        except OSError as error:
            self.notify(self.tr("The settings could not be saved ({why}).").format(why=error.strerror or error))
        self.apply_look()
        if voice_changed:
            self._close_voices()
        if settings.language != old.language:
            chosen = settings.language if settings.language in self.menus.languages else None
            self.conversation.language_chosen = chosen is not None
            if chosen is not None:
                self.conversation.use_language(chosen)
                engine_changed = engine_changed and self.language == chosen  # use_language reloads speech itself
                self.use_language(chosen)
        if engine_changed:
            self.load_speech()

    def download_model(self) -> None:
        """Fetch the English Vosk model in the background, with a progress bar, then use it."""
        panel = self.settings_panel
        panel.download.setEnabled(False)
        panel.download_progress.setRange(0, 0)
        panel.download_progress.show()
        panel.download_status.setText(self.tr("Downloading… you can go on using the assistant."))
        manifest = self.model_manifest

        def work() -> str:
            from ..speech import vosk_models

            archive = vosk_models.manifest(manifest) if manifest else vosk_models.manifest()
            return str(vosk_models.download(archive, progress=lambda done, total: self.download_progress.emit(done, total)))

        def done(folder: str) -> None:
            panel.download.setEnabled(True)
            panel.download_progress.hide()
            panel.download_status.setText(self.tr("The model is in {folder}; speech now uses it.").format(folder=folder))
            self.download_finished.emit(folder)
            panel.use_model(folder)

        def failed(why: str) -> None:
            panel.download.setEnabled(True)
            panel.download_progress.hide()
            panel.download_status.setText(self.tr("The download did not finish: {why}").format(why=why))
            self.download_finished.emit("")

        background.run(work, done, failed)

    def _download_progress(self, done: int, total: int) -> None:
        bar = self.settings_panel.download_progress
        bar.setRange(0, 1000)
        bar.setValue(int(1000 * done / total) if total else 0)
        bar.setFormat(self.tr("{done} of {total} MB").format(done=f"{done / 1e6:.1f}", total=f"{total / 1e6:.1f}"))

    def set_status(self, text: Callable[[], str]) -> None:
        """The status line below the talk button; a function, so it is said again in a new language."""
        self._status = text
        self.speech_status.setText(text())

    def notify(self, text: str) -> None:
        self.notices.append(text)
        self.notice.setText(text)
        self.notice.show()

    # ------------------------------------------------------------------ hours

    def refresh_hours(self) -> None:
        now = self.clock()
        state = hours.availability(now, self.menus.live_hours, self.menus.holidays, self.menus.timezone)
        self.banner.setText(answers.live_status(self.menus, now, self.language))
        self.banner.setProperty("open", state.open)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    # ------------------------------------------------------------------ asking

    def _ask_typed(self) -> None:
        text = self.request_input.text()
        if not text.strip():
            return
        self.ask(text)
        self.request_input.clear()

    def ask(self, text: str) -> None:
        try:
            reply = self.conversation.turn(text, self.clock())
        except InputError as error:
            self.answer.setText(str(error))
            return
        self.show_reply(reply)

    def _picked(self, item: QTreeWidgetItem) -> None:
        node_id = item.data(0, Qt.ItemDataRole.UserRole)
        if not node_id:
            return
        node = self.menus.node(node_id)
        route = routing.plan(self.menus, node.id, self.language)
        self.show_reply(self.conversation.remember(Reply("routed", answers.route_answer(self.menus, node, self.clock(), self.language),
                                                         keys=route.keys, destination=node, confidence=1.0, language=self.language)))

    def _choose(self, number: int) -> None:
        self.ask(str(number))

    def show_reply(self, reply: Reply) -> None:
        self.last_reply = reply
        if reply.language != self.language:
            self.use_language(reply.language)  # the caller turned to the other language: so does the window
        self.answer.setText(reply.say)
        for button in self.choice_buttons:
            self.choices.removeWidget(button)
            button.deleteLater()
        self.choice_buttons = []
        if reply.status == "ambiguous":
            for number, match in enumerate(reply.alternatives, 1):
                label = self.conversation.assistant.choice_words(match)
                short = self.menus.node(match.intent.target).words(reply.language).say if match.intent.kind == "route" else None
                button = QPushButton(f"{number}: {short or label}")  # short, so it fits at large text sizes
                button.setAccessibleName(self.tr("Choice {number}: {label}").format(number=number, label=label))
                button.setToolTip(label)
                button.setFont(self.font())
                button.clicked.connect(lambda _checked=False, n=number: self._choose(n))
                self.choices.addWidget(button)
                self.choice_buttons.append(button)
            self.choice_buttons[0].setFocus()
        self.keys = list(reply.keys) if reply.has_route else []
        self.keypad.light(self.keys)
        for button in (self.play_button, self.copy_button, self.qr_button):
            button.setEnabled(bool(self.keys))
        self.say_again.setEnabled(True)
        self.replied.emit(reply)
        if self.speak_answers:
            self.say(reply.say, reply.language)

    # ------------------------------------------------------------------ speech in

    def load_speech(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self.talk_button.setEnabled(False)
        self.loading.show()
        self.set_status(lambda: self.tr("Loading speech… you can type meanwhile."))
        settings, audio_from, menus, language = self.settings, self.audio_from, self.menus, self.language
        # Nobody chose a language: the caller's is found in their speech (English read first).
        judge = None if self.conversation.language_chosen else self.conversation.assistant.speaking("en")
        clock = self.clock

        def work() -> tuple[Any, Any, str]:
            from ..speech.engines import finding_language, open_hearing

            source, choice = open_hearing(settings.engine, menus, settings.model or None, language, audio_from, settings.microphone or None)
            if judge is not None:
                choice = finding_language(choice, menus, language, judge.judges_readings(clock))
            return source, choice.recognizer, choice.note

        background.run(work, self._speech_loaded, self._speech_failed)

    def _speech_loaded(self, loaded: tuple[Any, Any, str]) -> None:
        from .speech_input import SpeechInput

        source, recognizer, note = loaded
        self.recognizer = recognizer
        self.loading.hide()
        self.listener = SpeechInput(source, recognizer, hands_free=self.hands_free.isChecked())
        self.listener.level.connect(lambda value: self.level.setValue(int(value * 100)))
        self.listener.partial.connect(lambda text: self.partial.setText(self.tr("I hear: {text}").format(text=text) if text else ""))
        self.listener.heard.connect(self._heard)
        self.listener.failed.connect(self._listening_failed)
        self.listener.start()
        self.talk_button.setEnabled(True)
        self.set_status(lambda: note)
        self.speech_ready.emit(note)

    def _speech_failed(self, why: str) -> None:
        self.loading.hide()
        self.set_status(lambda: self.tr("Speech input is off: {why}. Type your request instead.").format(why=why))
        self.speech_unavailable.emit(why)

    def _listening_failed(self, why: str) -> None:
        self.talk_button.setChecked(False)
        self.talk_button.setEnabled(False)
        self.set_status(lambda: why)
        self.notify(why)

    def _talk(self, on: bool) -> None:
        if self.listener is None:
            return
        self.talk_button.setText(self.tr("Stop") if on else self.tr("Talk"))
        self.listener.talk(on)

    def _hands_free(self, on: bool) -> None:
        if self.listener is not None:
            self.listener.set_hands_free(on)

    def _heard(self, heard: Heard) -> None:
        self.partial.setText(self.tr('Heard: "{text}"').format(text=heard.transcript) if heard.transcript
                             else self.tr("I heard nothing I could use."))
        if self.recognizer is not None and self.recognizer.multilingual:  # it may have found the language in the speech
            self.conversation.follow_speech(self.recognizer.language)
        self.show_reply(self.conversation.hear(heard, self.clock()))

    # ------------------------------------------------------------------ speech out, tones

    def say(self, text: str, language: str | None = None, slowly: bool = False) -> None:
        """Say `text` (written in `language`, else the window's) aloud in the background, the
        microphone muted meanwhile (half duplex)."""
        language = language or self.language
        settings, listener = self.settings, self.listener
        rate = SLOW_RATE if slowly else settings.rate

        def work() -> None:
            out = self.voices.get(rate)
            if out is None:
                from ..speech.speech_out import open_speech

                out = self.voices[rate] = open_speech(settings.voice or None, rate, speaker=settings.speaker or None)
            if listener is not None:
                listener.mute(True)
            try:
                out.say(text, language)
            finally:
                if listener is not None:
                    listener.mute(False)

        background.run(work, None, self._speaking_failed)

    def say_slowly(self, text: str) -> None:
        self.say(text, slowly=True)

    def _speaking_failed(self, why: str) -> None:
        if not self._said_speech_failed:
            self._said_speech_failed = True
            self.notify(self.tr("Answers are not said aloud ({why}); they are shown here.").format(why=why))

    def play_keys(self, keys: list[str]) -> None:
        if not keys:
            return
        speaker, between = self.settings.speaker or None, self.menus.between_keys_ms

        def work() -> None:
            from .. import dtmf
            from ..speech.speaker import Speaker

            Speaker(speaker).play(dtmf.keyed(keys, 8000, between), 8000)

        background.run(work, None, lambda why: self.notify(self.tr("The keys could not be played ({why}).").format(why=why)))

    def dial_link(self) -> dialstring.DialString:
        return dialstring.dial_string(self.menus, self.keys, "android")

    def copy_dial_link(self) -> None:
        if self.keys:
            QGuiApplication.clipboard().setText(self.dial_link().link)
            link = self.dial_link().link
            self.set_status(lambda: self.tr("Copied {link}").format(link=link))

    def show_qr(self) -> None:
        if not self.keys:
            return
        import segno

        link = self.dial_link().link
        png = io.BytesIO()
        segno.make_qr(link, error="m").save(png, kind="png", scale=8, border=4)
        pixmap = QPixmap()
        pixmap.loadFromData(png.getvalue())
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Scan to dial"))
        layout = QVBoxLayout(dialog)
        picture = QLabel()
        picture.setPixmap(pixmap)
        picture.setAccessibleName(self.tr("QR code for {link}").format(link=link))
        layout.addWidget(picture)
        words = QLabel(self.dial_link().words(self.language))
        words.setWordWrap(True)
        layout.addWidget(words)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the QR code"))
        close.clicked.connect(dialog.accept)
        layout.addWidget(close)
        self.qr_dialog = dialog
        dialog.show()

    # ------------------------------------------------------------------ the end

    @staticmethod
    def _claim_instance() -> int | None:
        """The first window holds this lock; a second one learns another is open."""
        path = storage.user_data_dir() / "window.lock"
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return None
        return descriptor

    def _close_voices(self) -> None:
        for out in self.voices.values():
            out.close()
        self.voices = {}

    def closeEvent(self, event: Any) -> None:  # Qt's name for it
        self.shutdown()
        super().closeEvent(event)

    def _alert(self) -> Alert:
        """The ways to bring the caller back that work here: the speaker (if any) and the spoken words."""
        from ..speech.audio_devices import NoAudio

        try:
            from ..speech.speaker import Speaker

            play = Speaker(self.settings.speaker or None).play
        except NoAudio:
            play = None
        return Alert(play=play, speak=self.say if self.speak_answers else None, lang=self.language)

    def _bring_back(self, held: str) -> None:
        """A person answered: the chime, a notification and the words (called off the window's thread)."""
        self._alert().bring_back(held)

    def _get_ready(self) -> None:
        """Someone may be on the line: the soft chime (called off the window's thread)."""
        self._alert().get_ready()

    def _goal(self) -> Node | None:
        """What the caller asked for last, when it was a place on the line."""
        reply = self.last_reply
        return reply.destination if reply is not None and reply.has_route else None

    def _goal_id(self) -> str | None:
        goal = self._goal()
        return goal.id if goal is not None else None

    def shutdown(self) -> None:
        self.hours_timer.stop()
        self.line_panel.stop()
        self.hold_panel.stop()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self._close_voices()
        if self._instance_lock is not None:
            os.close(self._instance_lock)
            self._instance_lock = None
