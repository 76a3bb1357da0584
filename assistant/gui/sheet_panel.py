"""The call sheet in the window: the checklist to tick, the receipt numbers and A-number
checked as they are typed, and each read aloud slowly for the agent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import callsheet
from ..callsheet import CallSheet, SheetError, SheetStore
from ..menu import Menus


class _WrappingLabel(QLabel):
    """A check box's words that wrap, and tick the box when clicked."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__()
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event: Any) -> None:  # Qt's name for it
        self.box.toggle()


class SheetPanel(QWidget):
    notice = Signal(str)  # something the person must know (a damaged file, a failed save)

    def __init__(self, menus: Menus, store: SheetStore, read_aloud: Callable[[str], None]) -> None:
        super().__init__()
        self.menus = menus
        self.store = store
        self.read_aloud = read_aloud
        self.sheet = CallSheet()
        self.language = "en"
        layout = QVBoxLayout(self)

        self.ready = QGroupBox()
        ready_layout = QVBoxLayout(self.ready)
        self.ticks: dict[str, QCheckBox] = {}  # by the item's English words, as the call sheet keeps them
        self.tick_words: dict[str, _WrappingLabel] = {}
        for item in menus.checklist:
            # The box and a label that wraps (a check box's own text never does: at 200% text a
            # long item would push the window wider than the screen). Clicking the words ticks too.
            row = QHBoxLayout()
            box = QCheckBox()
            box.toggled.connect(lambda done, text=item: self._tick(text, done))
            words = _WrappingLabel(box)
            row.addWidget(box)
            row.addWidget(words, 1)
            ready_layout.addLayout(row)
            self.ticks[item] = box
            self.tick_words[item] = words
        layout.addWidget(self.ready)

        self.numbers = QGroupBox()
        numbers_layout = QVBoxLayout(self.numbers)
        row = QHBoxLayout()
        self.receipt_input = QLineEdit()
        self.receipt_input.textChanged.connect(self._receipt_typed)
        self.receipt_input.returnPressed.connect(self._add_receipt)
        self.add_button = QPushButton()
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self._add_receipt)
        row.addWidget(self.receipt_input, 1)
        row.addWidget(self.add_button)
        numbers_layout.addLayout(row)
        self.receipt_state = QLabel("")
        numbers_layout.addWidget(self.receipt_state)
        self.receipts = QListWidget()
        numbers_layout.addWidget(self.receipts)
        actions = QHBoxLayout()
        self.read_receipt = QPushButton()
        self.read_receipt.clicked.connect(self._read_receipt)
        self.remove_receipt = QPushButton()
        self.remove_receipt.clicked.connect(self._remove_receipt)
        actions.addWidget(self.read_receipt)
        actions.addWidget(self.remove_receipt)
        numbers_layout.addLayout(actions)

        a_row = QHBoxLayout()
        self.a_input = QLineEdit()
        self.a_input.textChanged.connect(self._a_typed)
        self.a_input.editingFinished.connect(self._save_a_number)
        self.read_a = QPushButton()
        self.read_a.clicked.connect(lambda: self._read("a_number", self.sheet.a_number))
        a_row.addWidget(self.a_input, 1)
        a_row.addWidget(self.read_a)
        numbers_layout.addLayout(a_row)
        self.a_state = QLabel("")
        numbers_layout.addWidget(self.a_state)
        layout.addWidget(self.numbers)
        layout.addStretch(1)
        self.retranslate("en")

        # Another copy of the assistant (or `assistant sheet`) may change the file: follow it.
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _path: self.reload())
        self.watcher.directoryChanged.connect(lambda _path: self.reload())

    def retranslate(self, language: str) -> None:
        """The panel's words in `language`; the checklist and the numbers' names from menus.yaml."""
        self.language = language
        self.ready.setTitle(self.tr("Before you call, have ready"))
        for english, said in zip(self.menus.checklist, self.menus.texts(language).checklist, strict=True):
            self.tick_words[english].setText(said)
            self.ticks[english].setAccessibleName(self.tr("Ready: {item}").format(item=said))
        self.numbers.setTitle(self.tr("Your numbers (kept on this computer only)"))
        receipt, a_number = self.menus.identifier("receipt_number", language), self.menus.identifier("a_number", language)
        self.receipt_input.setPlaceholderText(self.tr("Receipt number, like {example}").format(example=receipt.example))
        self.receipt_input.setAccessibleName(self.tr("New receipt number"))
        self.receipt_input.setAccessibleDescription(self.tr("{explain}, like {example}").format(explain=receipt.explain,
                                                                                             example=receipt.example))
        self.add_button.setText(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add this receipt number"))
        self.receipt_state.setAccessibleName(self.tr("Receipt number check"))
        self.receipts.setAccessibleName(self.tr("Your receipt numbers"))
        self.read_receipt.setText(self.tr("Read aloud slowly"))
        self.read_receipt.setAccessibleName(self.tr("Read the chosen receipt number aloud slowly"))
        self.remove_receipt.setText(self.tr("Remove"))
        self.remove_receipt.setAccessibleName(self.tr("Remove the chosen receipt number"))
        self.a_input.setPlaceholderText(self.tr("A-number, like {example}").format(example=a_number.example))
        self.a_input.setAccessibleName(self.tr("Your A-number"))
        self.a_input.setAccessibleDescription(self.tr("{explain}, like {example}").format(explain=a_number.explain,
                                                                                       example=a_number.example))
        self.read_a.setText(self.tr("Read aloud slowly"))
        self.read_a.setAccessibleName(self.tr("Read the A-number aloud slowly"))
        self.a_state.setAccessibleName(self.tr("A-number check"))
        self._receipt_typed(self.receipt_input.text())
        self._a_typed(self.a_input.text())

    def reload(self) -> None:
        try:
            sheet, note = self.store.load()
        except SheetError as error:
            self.notice.emit(str(error))
            return
        if note:
            self.notice.emit(note)
        self._show(sheet)
        folder = str(self.store.path.parent)
        if self.store.path.parent.is_dir() and folder not in self.watcher.directories():
            self.watcher.addPath(folder)

    def _show(self, sheet: CallSheet) -> None:
        self.sheet = sheet
        for item, box in self.ticks.items():
            box.blockSignals(True)
            box.setChecked(item in sheet.ticked)
            box.blockSignals(False)
        chosen = self.receipts.currentRow()
        self.receipts.clear()
        self.receipts.addItems(sheet.receipts)
        if self.receipts.count():
            self.receipts.setCurrentRow(min(max(chosen, 0), self.receipts.count() - 1))
        if not self.a_input.hasFocus():
            self.a_input.blockSignals(True)
            self.a_input.setText(sheet.a_number)
            self.a_input.blockSignals(False)
            self._a_typed(sheet.a_number)

    def _change(self, change: Callable[[], CallSheet]) -> bool:
        try:
            self._show(change())
        except SheetError as error:
            self.notice.emit(str(error))
            return False
        return True

    def _tick(self, item: str, done: bool) -> None:
        self._change(lambda: callsheet.tick(self.store, item, done))

    def _mark(self, label: QLabel, identifier_id: str, text: str) -> str:
        identifier = self.menus.identifier(identifier_id, self.language)
        if not text.strip():
            label.setText("")
            label.setProperty("state", "")
            return callsheet.INCOMPLETE
        state = callsheet.state(identifier, text)
        words = {callsheet.COMPLETE: self.tr("looks right"), callsheet.INCOMPLETE: self.tr("keep typing")}.get(state) or \
            self.tr("not a {name}: {explain}, like {example}").format(name=identifier.name, explain=identifier.explain,
                                                                      example=identifier.example)
        label.setText(f"{identifier.name[0].upper()}{identifier.name[1:]}: {words}")
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)
        return state

    def _receipt_typed(self, text: str) -> None:
        self.add_button.setEnabled(self._mark(self.receipt_state, "receipt_number", text) == callsheet.COMPLETE)

    def _a_typed(self, text: str) -> None:
        self._mark(self.a_state, "a_number", text)

    def _add_receipt(self) -> None:
        text = self.receipt_input.text()
        if self._change(lambda: callsheet.add_receipt(self.menus, self.store, text)):
            self.receipt_input.clear()

    def _remove_receipt(self) -> None:
        item = self.receipts.currentItem()
        if item is not None:
            number = item.text()
            self._change(lambda: callsheet.remove(self.store, number))

    def _save_a_number(self) -> None:
        text = self.a_input.text()
        complete = callsheet.state(self.menus.identifier("a_number"), text) == callsheet.COMPLETE
        if callsheet.normalise(text) == self.sheet.a_number or (text.strip() and not complete):
            return  # unchanged, or not a whole A-number yet: the check below the field says so
        self._change(lambda: callsheet.set_a_number(self.menus, self.store, text))

    def _read_receipt(self) -> None:
        item = self.receipts.currentItem()
        if item is not None:
            self._read("receipt_number", item.text())

    def _read(self, identifier_id: str, number: str) -> None:
        if number:
            self.read_aloud(callsheet.read_slowly(self.menus.identifier(identifier_id, self.language), number, self.language))
