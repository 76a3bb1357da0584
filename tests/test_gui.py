"""The real window, offscreen (pytest-qt): typed and spoken requests light the keypad, the
clarifying question becomes buttons, the hours banner follows the clock, the call sheet and the
settings are kept safely, and faults leave the window up and saying what happened."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from assistant import callsheet
from assistant.callsheet import SheetStore
from assistant.gui.window import MainWindow
from assistant.menu import Menus
from assistant.settings import SettingsStore

from .conftest import OPEN_TIME, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "speech"
SATURDAY = datetime.fromisoformat("2026-11-28T10:00:00-05:00")


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own user data and settings folders: the person's real files are never touched."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def open_window(qtbot: Any, menus: Menus) -> Iterator[Any]:
    made: list[MainWindow] = []

    def make(clock: Clock | None = None, load_speech: bool = False, audio_from: str | None = None,
             speak: bool = False, hands_free: bool = False) -> MainWindow:
        window = MainWindow(menus, clock or Clock(OPEN_TIME), audio_from=audio_from, speak=speak, load_speech=False)
        qtbot.addWidget(window)
        window.hands_free.setChecked(hands_free)
        window.show()
        if load_speech:
            window.load_speech()
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()


def lit_keys(window: MainWindow) -> list[str]:
    return [key for key, button in window.keypad.buttons.items() if button.property("lit")]


def test_a_typed_request_lights_1_then_3(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    sequence: list[str] = []
    window.keypad.key_lit.connect(sequence.append)
    qtbot.keyClicks(window.request_input, "I moved")
    qtbot.keyClick(window.request_input, "\r")
    assert window.answer.text().startswith("Dial 1-800-375-5283. Press 1 (English), then 3 (Report a change of address).")
    assert sequence == ["1"] and lit_keys(window) == ["1"]  # the first key at once
    qtbot.waitUntil(lambda: sequence == ["1", "3"], timeout=3000)
    assert lit_keys(window) == ["3"]  # one key lit at a time, in order
    assert window.play_button.isEnabled() and window.copy_button.isEnabled() and window.qr_button.isEnabled()


def test_a_wav_fed_as_the_microphone_lights_1_then_3(qtbot: Any, open_window: Any) -> None:
    window = open_window(load_speech=True, hands_free=True, audio_from=str(FIXTURES / "flite-slt-00-clean16k.wav"))
    sequence: list[str] = []
    window.keypad.key_lit.connect(sequence.append)
    with qtbot.waitSignal(window.replied, timeout=20000) as replied:
        pass
    assert replied.args[0].keys == ["1", "3"]
    assert window.partial.text() == 'Heard: "I need to change my address."'
    qtbot.waitUntil(lambda: sequence == ["1", "3"], timeout=3000)
    assert window.talk_button.isEnabled()


def test_spanish_speech_with_nothing_chosen_is_answered_in_spanish(qtbot: Any, open_window: Any, tmp_path: Path) -> None:
    # An English desktop, no language in the settings: tiny.en reads first, Whisper base finds the
    # Spanish, and the window turns Spanish without loading speech again.
    import subprocess

    said = tmp_path / "es.wav"
    subprocess.run(["espeak-ng", "-v", "es-419+m3", "-s", "150", "-w", str(said), "quiero cambiar mi dirección"], check=True)
    window = open_window(load_speech=True, hands_free=True, audio_from=str(said))
    with qtbot.waitSignal(window.replied, timeout=60000) as replied:
        pass
    reply = replied.args[0]
    assert reply.language == "es" and reply.keys == ["2", "3"] and reply.say.startswith("Marque")
    assert window.language == "es" and window.talk_button.text() == "Hablar"
    engine = window.recognizer
    qtbot.wait(500)
    assert window.recognizer is engine and engine.language == "es"  # the same engine: it hears Spanish already


def test_push_to_talk_with_the_wav_microphone(qtbot: Any, open_window: Any) -> None:
    window = open_window(load_speech=True, audio_from=str(FIXTURES / "flite-slt-01-clean16k.wav"))  # "let me talk to a human"
    qtbot.waitUntil(window.talk_button.isEnabled, timeout=15000)
    window.talk_button.click()  # start
    assert window.talk_button.text() == "Stop"
    qtbot.wait(4000)
    with qtbot.waitSignal(window.replied, timeout=10000) as replied:
        window.talk_button.click()  # stop: decide
    assert replied.args[0].keys == ["1", "1", "2", "2"]


def test_an_ambiguous_request_asks_with_buttons(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    window.ask("I have a question about my green card")
    assert window.last_reply is not None and window.last_reply.status == "ambiguous"
    labels = [button.text() for button in window.choice_buttons]
    assert labels == ["1: permanent residents", "2: case status"]
    assert window.choice_buttons[0].accessibleName().startswith("Choice 1: services for lawful permanent residents")
    assert lit_keys(window) == []
    second = window.last_reply.alternatives[1].intent.target
    window.choice_buttons[1].click()
    assert window.last_reply.status == "routed" and window.last_reply.destination is not None
    assert window.last_reply.destination.id == second
    assert window.choice_buttons == []


def test_the_hours_banner_follows_the_clock(qtbot: Any, open_window: Any) -> None:
    clock = Clock(OPEN_TIME)
    window = open_window(clock)
    assert window.banner.property("open") is True
    assert window.banner.text().startswith("Live agents are available now, until 8:00 PM Eastern Time")
    clock.now = SATURDAY
    window.hours_timer.timeout.emit()  # what the minute timer does
    assert window.banner.property("open") is False
    assert window.banner.text() == "Live agents are closed now (weekend); they open Monday at 8:00 AM Eastern Time (in 1 day 22 hours)."
    assert window.hours_timer.interval() == 60_000 and window.hours_timer.isActive()


def test_picking_from_the_menu_tree(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    english = window.tree.topLevelItem(0).child(0)
    news = english.child(0)
    window.tree.setCurrentItem(news)
    window.tree.itemActivated.emit(news, 0)
    assert window.last_reply is not None and window.last_reply.keys == ["1", "#"]
    assert lit_keys(window) == ["1"]


def test_the_call_sheet_checks_saves_and_comes_back(qtbot: Any, open_window: Any, menus: Menus) -> None:
    window = open_window()
    panel = window.sheet_panel
    qtbot.keyClicks(panel.receipt_input, "ioe-091")
    assert panel.receipt_state.text() == "Receipt number: keep typing" and not panel.add_button.isEnabled()
    qtbot.keyClicks(panel.receipt_input, "x")
    assert panel.receipt_state.text().startswith("Receipt number: not a receipt number")
    assert panel.receipt_state.property("state") == "wrong"
    panel.receipt_input.clear()
    qtbot.keyClicks(panel.receipt_input, "ioe-091-234-5678")
    assert panel.receipt_state.text() == "Receipt number: looks right" and panel.add_button.isEnabled()
    panel.add_button.click()
    words = panel.ticks[menus.checklist[0]].parentWidget().findChildren(QLabel)
    clicked = next(label for label in words if label.text() == menus.checklist[0])
    qtbot.mouseClick(clicked, Qt.MouseButton.LeftButton)  # the words tick the box too
    assert panel.ticks[menus.checklist[0]].isChecked()
    panel.a_input.setText("A123456789")
    panel.a_input.editingFinished.emit()
    path = SheetStore().path
    saved = json.loads(path.read_text())
    assert saved["receipts"] == ["IOE0912345678"] and saved["a_number"] == "A123456789" and saved["ticked"] == [menus.checklist[0]]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # readable by the person alone
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith(".")) == ["call-sheet.json", "window.lock"]
    window.shutdown()
    again = open_window()
    assert [again.sheet_panel.receipts.item(i).text() for i in range(again.sheet_panel.receipts.count())] == ["IOE0912345678"]
    assert again.sheet_panel.ticks[menus.checklist[0]].isChecked() and again.sheet_panel.a_input.text() == "A123456789"


def test_a_damaged_call_sheet_is_kept_aside_and_the_window_starts_clean(qtbot: Any, open_window: Any) -> None:
    path = SheetStore().path
    path.parent.mkdir(parents=True)
    path.write_text('{"schema": 1, "receipts": [12')
    window = open_window()
    assert any(n.startswith("The call sheet file was damaged, so it starts empty; the old file is kept at") for n in window.notices)
    assert window.notice.isVisible()
    assert window.sheet_panel.receipts.count() == 0
    kept = [p for p in path.parent.iterdir() if p.name.startswith("call-sheet.json.damaged-")]
    assert len(kept) == 1 and kept[0].read_text() == '{"schema": 1, "receipts": [12'


def test_a_second_writer_loses_nothing(qtbot: Any, open_window: Any, menus: Menus) -> None:
    window = open_window()
    callsheet.add_receipt(menus, SheetStore(), "IOE0912345678")
    second = open_window()  # a second copy of the app
    assert any("Another assistant window is open" in n for n in second.notices)
    result = run_cli("sheet", "add-receipt", "EAC1234567890", env={"XDG_DATA_HOME": os.environ["XDG_DATA_HOME"]})
    assert result.returncode == 0, result.stderr
    qtbot.keyClicks(second.sheet_panel.receipt_input, "LIN0000000001")
    second.sheet_panel.add_button.click()
    assert json.loads(SheetStore().path.read_text())["receipts"] == ["IOE0912345678", "EAC1234567890", "LIN0000000001"]
    qtbot.waitUntil(lambda: window.sheet_panel.receipts.count() == 3, timeout=5000)  # the first window follows the file


def test_settings_persist_and_a_damaged_file_is_kept_aside(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    base = window.answer.font().pointSizeF()
    window.settings_panel.text_size.setCurrentText("200%")
    window.settings_panel.contrast.setChecked(True)
    window.settings_panel.rate.setValue(140)
    assert window.answer.font().pointSizeF() == pytest.approx(base * 2)
    assert "yellow" in window.styleSheet()
    stored = json.loads(SettingsStore().path.read_text())
    assert stored["text_scale"] == 2.0 and stored["high_contrast"] is True and stored["rate"] == 140
    window.shutdown()
    again = open_window()
    assert again.settings.text_scale == 2.0 and again.settings_panel.contrast.isChecked()
    again.shutdown()
    SettingsStore().path.write_text("{not json")
    clean = open_window()
    assert clean.settings.text_scale == 1.0
    assert any(n.startswith("The settings file was damaged, so the defaults are used") for n in clean.notices)


def test_every_control_has_a_name_and_takes_the_keyboard(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    window.ask("I moved")
    nameless = [w for w in window.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(window) and not w.accessibleName()
                and type(w).__name__ not in ("QScrollArea", "QTabBar", "QScrollBar", "QWidget")]
    assert nameless == [], [type(w).__name__ + ":" + w.objectName() for w in nameless]
    # Tab reaches the request box from the talk button, and the keypad's keys are buttons with names.
    assert window.keypad.buttons["#"].accessibleName() == "Key pound"
    # Tab walks the focus chain: from the talk button it reaches the request box, Ask and the keys.
    seen, widget = set(), window.talk_button.nextInFocusChain()
    while widget is not window.talk_button and len(seen) < 500:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            seen.add(widget)
        widget = widget.nextInFocusChain()
    assert window.request_input in seen and window.ask_button in seen and window.keypad.buttons["1"] in seen
    assert window.sheet_panel.receipt_input in seen and window.settings_panel.text_size in seen


def test_the_layout_survives_200_percent_text(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    window.resize(900, 640)
    window.settings_panel.text_size.setCurrentText("200%")
    window.ask("let me talk to a human")
    qtbot.wait(50)
    whole = window.centralWidget().widget()
    for widget in (window.answer, window.request_input, window.talk_button, window.keypad, window.banner):
        assert widget.isVisible()
        top_left = widget.mapTo(whole, widget.rect().topLeft())
        assert whole.rect().contains(top_left), type(widget).__name__  # reachable by scrolling, not cut off
    assert window.answer.wordWrap() and window.banner.wordWrap()


def test_no_engine_model_leaves_typing_working(qtbot: Any, open_window: Any, tmp_path: Path) -> None:
    SettingsStore().save(SettingsStore().load()[0].__class__(engine="vosk", model=str(tmp_path / "no-model")))
    window = open_window(audio_from=str(FIXTURES / "flite-slt-00-clean16k.wav"))
    with qtbot.waitSignal(window.speech_unavailable, timeout=20000) as failed:
        window.load_speech()
    assert "no-model" in failed.args[0] and "assistant models download" in failed.args[0]
    assert window.speech_status.text().startswith("Speech input is off:") and not window.talk_button.isEnabled()
    window.ask("I moved")
    assert window.last_reply is not None and window.last_reply.keys == ["1", "3"]


def test_no_microphone_leaves_typing_working(qtbot: Any, open_window: Any, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "none.conf").write_text("")
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent")
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(tmp_path / "none.conf"))
    window = open_window()
    with qtbot.waitSignal(window.speech_unavailable, timeout=20000) as failed:
        window.load_speech()
    assert "audio system" in failed.args[0] or "microphone" in failed.args[0]
    assert window.isVisible()
    window.ask("I moved")
    assert window.last_reply is not None and window.last_reply.keys == ["1", "3"]


def test_a_microphone_unplugged_mid_sentence(qtbot: Any, open_window: Any) -> None:
    class Unplugged:
        """A microphone that gives half a second of sound and then fails, as a pulled USB one does."""

        muted = False

        def __init__(self) -> None:
            self.reads = 0

        def read(self, timeout: float = 1.0) -> bytes:
            self.reads += 1
            if self.reads > 5:
                raise OSError("device unplugged")
            return bytes(3200)

        def drain(self) -> None:
            pass

        def close(self) -> None:
            pass

        @property
        def finished(self) -> bool:
            return False

    class Deaf:
        """An engine that is never asked: the microphone fails before any speech."""

        name = "none"

        def begin(self) -> None:
            return None

    window = open_window()
    from assistant.gui.speech_input import SpeechInput

    window.listener = SpeechInput(Unplugged(), recognizer=Deaf(), hands_free=True)
    window.listener.failed.connect(window._listening_failed)
    window.listener.start()
    qtbot.waitUntil(lambda: any("The microphone stopped working" in n for n in window.notices), timeout=5000)
    assert not window.talk_button.isEnabled()
    window.ask("I moved")
    assert window.last_reply is not None and window.last_reply.keys == ["1", "3"]


def test_no_speech_out_is_said_once(qtbot: Any, open_window: Any) -> None:
    SettingsStore().save(SettingsStore().load()[0].__class__(voice="klingon-robot"))
    window = open_window(speak=True)
    window.ask("I moved")
    qtbot.waitUntil(lambda: any(n.startswith("Answers are not said aloud") for n in window.notices), timeout=15000)
    window.ask("talk to a human")
    qtbot.wait(1500)
    assert sum(n.startswith("Answers are not said aloud") for n in window.notices) == 1
    assert "no voice called 'klingon-robot'" in window.notice.text()


def test_the_model_downloads_with_progress_and_a_broken_one_is_said(qtbot: Any, menus: Menus, tmp_path: Path) -> None:
    from .test_models import Server, model_zip

    server = Server()
    try:
        archive = server.archive("vosk-model-small-en-us-test", model_zip("vosk-model-small-en-us-test") + b"")
        manifest = tmp_path / "manifest.yaml"
        manifest.write_text(f"default: {archive.name}\nmodels:\n  - name: {archive.name}\n    url: {archive.url}\n"
                            f"    size: {archive.size}\n    sha256: {archive.sha256}\n")
        window = MainWindow(menus, Clock(OPEN_TIME), speak=False, load_speech=False, model_manifest=manifest,
                            audio_from=str(FIXTURES / "flite-slt-00-clean16k.wav"))
        qtbot.addWidget(window)
        seen: list[int] = []
        window.download_progress.connect(lambda done, total: seen.append(done))
        with qtbot.waitSignal(window.download_finished, timeout=20000) as finished:
            window.settings_panel.download.click()
            assert not window.settings_panel.download_progress.isHidden()  # shown while it runs
        folder = Path(finished.args[0])
        assert folder == tmp_path / "data" / "assistant" / "models" / archive.name and (folder / "am" / "final.mdl").exists()
        assert seen and seen[-1] == archive.size
        assert json.loads(SettingsStore().path.read_text())["model"] == str(folder)
        # The test archive is not a real Kaldi model: the window says so and typing goes on.
        with qtbot.waitSignal(window.speech_unavailable, timeout=20000) as failed:
            pass
        assert failed.args[0]
        assert window.speech_status.text().startswith("Speech input is off:")
        window.shutdown()
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_listen_to_the_call_shows_the_options_as_buttons_and_marks_the_one_that_fits(qtbot: Any, menus: Menus,
                                                                                     tmp_path: Path) -> None:
    """A recording of a call (the line in a real TTS voice, the caller pressing 1 for English)
    is heard by the real listener; the English menu's options become buttons beside the keypad."""
    from .test_line_audio import call_wav, flite_voice

    wav = call_wav(menus, flite_voice(tmp_path / "v.wav"), tmp_path / "call.wav", press_at=4.0, seconds=32)
    window = MainWindow(menus, Clock(OPEN_TIME), speak=False, load_speech=False, line_audio_from=str(wav))
    qtbot.addWidget(window)
    window.show()
    played: list[list[str]] = []
    window.play_keys = played.append  # type: ignore[method-assign]  # the speaker is tested elsewhere
    qtbot.keyClicks(window.request_input, "I moved")
    qtbot.keyClick(window.request_input, "\r")
    panel = window.line_panel
    panel.toggle.setChecked(True)
    qtbot.waitUntil(lambda: panel.fitting == "3", timeout=60_000)
    button = panel.buttons["3"]
    assert "change of address" in button.text() and button.property("lit")
    assert button.accessibleDescription() == "this one fits what you need"
    assert "1" in panel.buttons and "2" in panel.buttons  # the options before it in the English menu
    # Each option announced once, in the order heard, then the one that fits.
    assert panel.said[0] == "Listening for: Report a change of address"
    assert sum(text.startswith("heard: 3 - ") for text in panel.said) == 1  # the words the terminal says (line.render)
    assert panel.said[-1].startswith("press 3 - ") and panel.said[-1].endswith("press Enter to play it.")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert played == [["3"]]
    panel.toggle.setChecked(False)
    window.shutdown()


def test_wait_on_hold_for_me_shows_the_wait_and_calls_back_when_a_person_answers(qtbot: Any, menus: Menus,
                                                                                tmp_path: Path) -> None:
    """A recording of a held call (sox music, TTS announcements, an agent in another voice) is
    heard by the real hold listener; the window says what the line is doing and brings the caller back."""
    import numpy as np

    from bench import hold_audio

    from .test_hold_audio import person_wav

    wav = tmp_path / "held.wav"
    scenario = person_wav(hold_audio.Sounds(tmp_path), wav, number=2, seed=3)
    window = MainWindow(menus, Clock(OPEN_TIME), speak=False, load_speech=False, hold_audio_from=str(wav))
    qtbot.addWidget(window)
    window.show()
    panel = window.hold_panel
    assert panel.toggle.text() == "Wait on hold for me"
    with qtbot.waitSignal(panel.person, timeout=120_000) as found:
        panel.toggle.setChecked(True)
    assert panel.toggle.text() == "Stop waiting"
    assert scenario.agent_at is not None and 0 <= found.args[0] - scenario.agent_at <= 5.0
    assert "Hold music" in panel.said and "A recording" in panel.said
    assert panel.said.count("Hold music") <= len([s for s in panel.said if s == "A recording"]) + 2  # changes, not a stream
    assert panel.said[-1].startswith("A person is on the line") and panel.live.text() == panel.said[-1]
    assert panel.held.text().startswith("On hold ")
    assert scenario.minutes in panel.waits
    assert not np.isnan(found.args[0])
    panel.toggle.setChecked(False)
    window.shutdown()


# -- the window in Spanish ---------------------------------------------------------------------

def _english_sources() -> dict[str, str]:
    """The window's own English words -> their Spanish, from the committed Qt catalog."""
    import xml.etree.ElementTree as ElementTree

    from assistant.gui import translation

    root = ElementTree.parse(translation.catalog_path("es")).getroot()
    return {m.findtext("source") or "": m.findtext("translation") or "" for m in root.iter("message")}


def _shown_words(window: MainWindow) -> list[tuple[str, str]]:
    """Every word a person or a screen reader meets in the window: (where, text)."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLineEdit, QTabWidget

    found = [("title", window.windowTitle())]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) and not isinstance(widget, QGroupBox):
            continue
        kind = type(widget).__name__
        found.append((f"{kind} name", widget.accessibleName()))
        found.append((f"{kind} description", widget.accessibleDescription()))
        found.append((f"{kind} tooltip", widget.toolTip()))
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((kind, widget.text()))
        if isinstance(widget, QLineEdit):
            found.append((f"{kind} placeholder", widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        if isinstance(widget, QTabWidget):
            found += [("tab", widget.tabText(i)) for i in range(widget.count())]
    return [(where, text) for where, text in found if text]


def test_every_word_of_the_window_is_in_the_spanish_catalog(tmp_path: Path) -> None:
    """The Qt catalog is what pyside6-lupdate finds in the code today, and each word has its
    Spanish, with the same {placeholders}: a new button without a translation fails here."""
    import re
    import subprocess
    import sys

    from assistant.gui import translation

    fresh = tmp_path / "window_es.ts"
    fresh.write_bytes(translation.catalog_path("es").read_bytes())
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(path) for path in (Path(translation.__file__).parent).glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-no-obsolete", "-locations", "none"], check=True, capture_output=True)
    assert fresh.read_text(encoding="utf-8") == translation.catalog_path("es").read_text(encoding="utf-8"), \
        "the window's words changed: run pyside6-lupdate assistant/gui/*.py -ts assistant/gui/translations/window_es.ts " \
        "-no-obsolete -locations none, then translate the new ones"
    words = _english_sources()
    assert len(words) > 100 and 'type="unfinished"' not in fresh.read_text(encoding="utf-8")
    for english, spanish in words.items():
        assert spanish.strip(), english
        assert set(re.findall(r"\{(\w+)\}", english)) == set(re.findall(r"\{(\w+)\}", spanish)), (english, spanish)


def test_the_window_follows_a_caller_who_writes_in_spanish_and_back(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    assert window.language == "en" and window.talk_button.text() == "Talk" and window.tabs.tabText(1) == "Call sheet"
    window.ask("quiero hablar con un representante")
    assert window.language == "es" and window.conversation.language == "es"
    assert window.talk_button.text() == "Hablar" and window.tabs.tabText(1) == "Hoja de llamada"
    assert window.banner.text().startswith("Hay agentes disponibles ahora")
    assert window.keypad.buttons["*"].accessibleName() == "Tecla asterisco"
    assert window.keypad.lit[0] == "2"  # the Spanish branch
    sheet = window.sheet_panel
    assert sheet.ready.title() == "Antes de llamar, tenga a mano"
    assert [words.text() for words in sheet.tick_words.values()] == list(window.menus.texts("es").checklist)
    assert window.tree.topLevelItem(0).text(0) == "Menú principal tal como lo publica la guía"
    window.ask("in English please")
    assert window.language == "en" and window.talk_button.text() == "Talk"
    assert window.keypad.buttons["*"].accessibleName() == "Key star"
    assert window.tree.topLevelItem(0).text(0) == "Main menu as the guide publishes it"


def test_the_window_chosen_in_spanish_has_no_english_left(qtbot: Any, open_window: Any, menus: Menus) -> None:
    SettingsStore().save(__import__("assistant.settings", fromlist=["Settings"]).Settings(language="es"))
    window = open_window()
    window.sheet_panel.receipt_input.setText("IOE09")
    window.ask("me mudé")
    window.tabs.setCurrentIndex(1)
    assert window.language == "es" and window.conversation.language_chosen
    english = {source for source, spanish in _english_sources().items() if source != spanish}
    left = [(where, text) for where, text in _shown_words(window) if text in english or text.split(":")[0] in english]
    assert left == []
    assert window.sheet_panel.receipt_state.text() == "Número de recibo: siga escribiendo"
    assert "Marque 1-800-375-5283. Oprima 2 (Español), luego 3" in window.answer.text()
    # Typing English does not turn a window whose language was chosen.
    window.ask("I moved")
    assert window.language == "es" and window.talk_button.text() == "Hablar"


def test_the_language_setting_turns_the_window_at_once(qtbot: Any, open_window: Any) -> None:
    window = open_window()
    panel = window.settings_panel
    panel.language.setCurrentText("Español")
    assert window.language == "es" and window.hands_free.text() == "Manos libres"
    assert json.loads(SettingsStore().path.read_text())["language"] == "es"
    assert panel.language.itemText(0) == "Según lo que escriba (la voz en inglés)"
    panel.language.setCurrentText("English")
    assert window.language == "en" and window.hands_free.text() == "Hands-free"


def _cut_off(window: MainWindow) -> list[str]:
    """Visible words that do not fit: a button or one-line label narrower than its text, a
    wrapping label shorter than its lines, a widget sticking out of its parent (clipped), a tab
    or a menu item shortened with "…". (Inside the scroll area everything keeps its size and
    the window scrolls: that is not cut off.)"""
    from PySide6.QtWidgets import QAbstractButton, QTreeWidgetItemIterator

    cut = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        parent = widget.parentWidget()
        scrolled = parent is not None and parent.objectName() == "qt_scrollarea_viewport"  # larger than its view by design
        if parent is not None and not widget.isWindow() and not scrolled and not parent.rect().contains(widget.geometry()):
            cut.append(f"{type(widget).__name__} {widget.accessibleName()!r} sticks out of {type(parent).__name__}")
        if not isinstance(widget, (QLabel, QAbstractButton)) or not widget.text():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                cut.append(f"{widget.text()[:40]!r}: {widget.height()} < {widget.heightForWidth(widget.width())} px high")
        elif widget.width() < widget.sizeHint().width():
            cut.append(f"{widget.text()[:40]!r}: {widget.width()} < {widget.sizeHint().width()} px wide")
    bar = window.tabs.tabBar()
    for index in range(bar.count()):
        if bar.tabRect(index).width() < bar.fontMetrics().horizontalAdvance(bar.tabText(index)):
            cut.append(f"tab {bar.tabText(index)!r} shortened")
    tree = window.tree
    items = QTreeWidgetItemIterator(tree)
    while items.value():
        item = items.value()
        rect = tree.visualItemRect(item)
        needed = tree.fontMetrics().boundingRect(0, 0, max(rect.width() - 8, 1), 100_000, int(Qt.TextFlag.TextWordWrap), item.text(0))
        if rect.width() and (rect.height() < needed.height() or rect.right() > tree.viewport().width()):
            cut.append(f"menu item {item.text(0)[:40]!r} shortened: {rect.height()} < {needed.height()} px high, or out of view")
        items += 1
    return cut


@pytest.mark.parametrize("language", ["en", "es"])
def test_at_200_percent_nothing_is_cut_off_in_either_language(qtbot: Any, open_window: Any, language: str) -> None:
    from assistant.settings import Settings

    SettingsStore().save(Settings(language=language, text_scale=2.0))
    window = open_window()
    window.resize(1280, 860)
    window.ask({"en": "I have a question about my green card", "es": "tengo una pregunta sobre mi green card"}[language])
    qtbot.wait(50)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        assert _cut_off(window) == [], (language, window.tabs.tabText(tab))


def test_the_window_catalog_is_compiled_once_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.gui import translation

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compiled = translation.compiled("es")
    assert compiled.parent == tmp_path / "assistant" / "locale" / "es" and compiled.suffix == ".qm"
    stamp = compiled.stat().st_mtime_ns
    assert translation.compiled("es") == compiled and compiled.stat().st_mtime_ns == stamp
    assert [p.name for p in compiled.parent.iterdir()] == [compiled.name]  # no temporary file left
    with pytest.raises(translation.TranslationError, match="no 'fr' catalog"):
        translation.compiled("fr")
