"""The call sheet: the checklist from menus.yaml to tick off before calling, and the caller's own
numbers (receipt numbers, A-number), checked against their published formats as they are typed.

Kept on this computer only: a file in the user data folder, readable by the person alone,
written atomically, and every change made as read-change-write under a lock, so a second copy of
the assistant (or the `sheet` command while the window is open) never loses the other's change.
What it holds never goes into logs or transcripts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import spoken, storage
from .i18n import ui as _
from .menu import Identifier, Menus

SCHEMA = 1
COMPLETE, INCOMPLETE, WRONG = "complete", "incomplete", "wrong"


class SheetError(ValueError):
    """A number that does not fit, or a sheet that cannot be kept; one line for the person."""


@dataclass
class CallSheet:
    ticked: list[str] = field(default_factory=list)  # checklist items ticked, by their text
    receipts: list[str] = field(default_factory=list)
    a_number: str = ""

    def to_json(self) -> str:
        return json.dumps({"schema": SCHEMA, "ticked": self.ticked, "receipts": self.receipts, "a_number": self.a_number},
                          indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CallSheet:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise ValueError("not a call sheet of this version")
        ticked, receipts, a_number = data.get("ticked", []), data.get("receipts", []), data.get("a_number", "")
        if not (isinstance(ticked, list) and all(isinstance(x, str) for x in ticked)
                and isinstance(receipts, list) and all(isinstance(x, str) for x in receipts) and isinstance(a_number, str)):
            raise ValueError("a call sheet field has the wrong type")
        return cls(list(ticked), list(receipts), a_number)


def normalise(text: str) -> str:
    """'ioe-091 234 5678' -> 'IOE0912345678'."""
    return re.sub(r"[\s\-./]", "", text).upper()


def state(identifier: Identifier, text: str) -> str:
    """COMPLETE when it fits, INCOMPLETE while it could still become one, WRONG otherwise."""
    number = normalise(text)
    if re.fullmatch(identifier.pattern, number):
        return COMPLETE
    # Could the rest of the example finish it? Then the caller is still typing.
    if len(number) < len(identifier.example) and re.fullmatch(identifier.pattern, number + identifier.example[len(number):]):
        return INCOMPLETE
    return WRONG


def problem(identifier: Identifier, text: str) -> str | None:
    """Why `text` is not a whole number of this kind, in one line (None when it is)."""
    if state(identifier, text) == COMPLETE:
        return None
    return f"{text.strip()!r} is not a {identifier.name}: it is {identifier.explain}, like {identifier.example}"


def read_slowly(identifier: Identifier, number: str, language: str = "en") -> str:
    """How to say a number to an agent: each letter, then the digits in small groups.
    'IOE0912345678' -> 'I. O. E. zero nine one. two three four. five six seven eight.'"""
    said_as = spoken.words(language)
    letters = [character for character in number if character.isalpha()]
    digits = [character for character in number if character.isdigit()]
    groups = [digits[i:i + 3] for i in range(0, max(len(digits) - 4, 0), 3)] if len(digits) > 4 else []
    rest = digits[sum(len(group) for group in groups):]
    said = [f"{letter}." for letter in letters]
    said += [said_as.digit_words("".join(group)) + "." for group in [*groups, rest] if group]
    return said_as.the_number.format(name=identifier.name) + " " + " ".join(said)


class SheetStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or storage.user_data_dir() / "call-sheet.json"

    def load(self) -> tuple[CallSheet, str | None]:
        """The sheet, and a note for the person when a damaged file had to be set aside."""
        with storage.locked(self.path):
            return self._read()

    def _read(self) -> tuple[CallSheet, str | None]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return CallSheet(), None
        except OSError as error:
            raise SheetError(_(
                "cannot read the call sheet {path}: {why}"
            ).format(path=self.path, why=error.strerror or error)) from None
        try:
            return CallSheet.from_json(data.decode("utf-8")), None
        except (ValueError, UnicodeDecodeError):
            aside = storage.keep_aside(self.path)
            return CallSheet(), _("The call sheet file was damaged, so it starts empty; the old file is kept at {path}.").format(
                path=aside)

    def change(self, edit: Callable[[CallSheet], None]) -> CallSheet:
        """Apply `edit` to the sheet as it is on disk now, and save it; the new sheet."""
        with storage.locked(self.path):
            sheet = self._read()[0]
            edit(sheet)
            try:
                storage.write_private(self.path, sheet.to_json())
            except OSError as error:
                raise SheetError(_(
                    "cannot save the call sheet {path}: {why}"
                ).format(path=self.path, why=error.strerror or error)) from None
            return sheet


def add_receipt(menus: Menus, store: SheetStore, text: str) -> CallSheet:
    identifier = menus.identifier("receipt_number")
    if (why := problem(identifier, text)) is not None:
        raise SheetError(why)
    number = normalise(text)

    def edit(sheet: CallSheet) -> None:
        if number not in sheet.receipts:
            sheet.receipts.append(number)

    return store.change(edit)


def set_a_number(menus: Menus, store: SheetStore, text: str) -> CallSheet:
    identifier = menus.identifier("a_number")
    if text.strip() and (why := problem(identifier, text)) is not None:
        raise SheetError(why)

    def edit(sheet: CallSheet) -> None:
        sheet.a_number = normalise(text)

    return store.change(edit)


def remove(store: SheetStore, text: str) -> CallSheet:
    number = normalise(text)
    removed = False

    def edit(sheet: CallSheet) -> None:
        nonlocal removed
        if number in sheet.receipts:
            sheet.receipts.remove(number)
            removed = True
        elif number and number == sheet.a_number:
            sheet.a_number = ""
            removed = True

    sheet = store.change(edit)
    if not removed:
        raise SheetError(_("{number} is not on the call sheet; see: assistant sheet show").format(number=repr(text.strip())))
    return sheet


def tick(store: SheetStore, item: str, done: bool) -> CallSheet:
    def edit(sheet: CallSheet) -> None:
        if done and item not in sheet.ticked:
            sheet.ticked.append(item)
        if not done and item in sheet.ticked:
            sheet.ticked.remove(item)

    return store.change(edit)


def show(menus: Menus, sheet: CallSheet) -> str:
    lines = ["Before you call, have ready:"]
    lines += [f"  [{'x' if item in sheet.ticked else ' '}] {number}. {item}" for number, item in enumerate(menus.checklist, 1)]
    lines.append("Receipt numbers: " + (", ".join(sheet.receipts) if sheet.receipts else "none yet"))
    lines.append(f"A-number: {sheet.a_number or 'none'}")
    return "\n".join(lines)
