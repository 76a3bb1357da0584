"""The call sheet without the window: number formats from menus.yaml, reading a number for an
agent, safe keeping, and the `assistant sheet` command."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from assistant import callsheet
from assistant.callsheet import SheetError, SheetStore
from assistant.menu import Menus
from assistant.speech import wavfile

from .conftest import run_cli


@pytest.mark.parametrize(("text", "receipt", "a_number"), [
    ("IOE", "incomplete", "wrong"),
    ("ioe-091 234", "incomplete", "wrong"),
    ("ioe-091-234-5678", "complete", "wrong"),
    ("IO3", "wrong", "wrong"),
    ("IOE09123456789", "wrong", "wrong"),
    ("A", "incomplete", "incomplete"),
    ("a-123 456 78", "wrong", "complete"),
    ("A1234567890", "wrong", "wrong"),
])
def test_numbers_are_checked_as_they_are_typed(menus: Menus, text: str, receipt: str, a_number: str) -> None:
    assert callsheet.state(menus.identifier("receipt_number"), text) == receipt
    assert callsheet.state(menus.identifier("a_number"), text) == a_number


def test_a_number_is_read_the_way_an_agent_needs_it(menus: Menus) -> None:
    assert callsheet.read_slowly(menus.identifier("receipt_number"), "IOE0912345678") == (
        "The receipt number: I. O. E. zero nine one. two three four. five six seven eight.")
    assert callsheet.read_slowly(menus.identifier("a_number"), "A12345678") == "The A-number: A. one two three. four five six. seven eight."


def test_changes_are_kept_privately_and_survive_a_damaged_file(tmp_path: Path, menus: Menus) -> None:
    store = SheetStore(tmp_path / "sheet" / "call-sheet.json")
    callsheet.add_receipt(menus, store, "ioe 0912345678")
    callsheet.add_receipt(menus, store, "IOE0912345678")  # the same number once
    callsheet.set_a_number(menus, store, "A123456789")
    assert store.load() == (callsheet.CallSheet([], ["IOE0912345678"], "A123456789"), None)
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o700
    with pytest.raises(SheetError, match="is not a receipt number: it is 3 letters for the office, then 10 digits, like IOE0912345678"):
        callsheet.add_receipt(menus, store, "12345")
    with pytest.raises(SheetError, match="'XYZ' is not on the call sheet"):
        callsheet.remove(store, "XYZ")
    store.path.write_bytes(b"\xff\xfe not json")
    sheet, note = store.load()
    assert sheet == callsheet.CallSheet() and note is not None and "kept at" in note
    assert any(p.name.startswith("call-sheet.json.damaged-") for p in store.path.parent.iterdir())


def test_the_sheet_command(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert run_cli("sheet", "add-receipt", "eac-123-456-7890", env=env).stdout.strip() == (
        "Kept the receipt number EAC1234567890 (on this computer only).")
    bad = run_cli("sheet", "add-receipt", "EAC12", env=env)
    assert bad.returncode == 2 and bad.stderr.strip() == (
        "assistant: 'EAC12' is not a receipt number: it is 3 letters for the office, then 10 digits, like IOE0912345678")
    assert run_cli("sheet", "a-number", "A123456789", env=env).returncode == 0
    ticked = run_cli("sheet", "tick", "2", env=env)
    assert "  [x] 2. your case status, checked online first" in ticked.stdout
    assert run_cli("sheet", "tick", "99", env=env).returncode == 2
    shown = run_cli("sheet", "show", env=env).stdout
    assert "Receipt numbers: EAC1234567890" in shown and "A-number: A123456789" in shown
    out = tmp_path / "read.wav"
    read = run_cli("sheet", "read", "EAC1234567890", "--say-to", str(out), env=env)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "The receipt number: E. A. C. one two three. four five six. seven eight nine zero."
    assert wavfile.probe(out).seconds > 6  # slowly: well over the time it takes at a normal rate
    assert run_cli("sheet", "remove", "A123456789", env=env).returncode == 0
    saved = json.loads((tmp_path / "assistant" / "call-sheet.json").read_text())
    assert saved["a_number"] == "" and saved["receipts"] == ["EAC1234567890"]
    assert run_cli("sheet", "read", "A123456789", env=env).returncode == 2
