"""The real sounddevice path: a PulseAudio null sink is the speaker, its monitor the microphone.
A request played into the sink is captured, cut by the endpoint detector, recognised and routed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from assistant import menu_file
from assistant.dialogue import Assistant
from assistant.speech import phrases
from assistant.speech.sphinx import SphinxRecognizer

from .conftest import ROOT, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "speech"
NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")
SINK = "assistant_test"


@pytest.fixture(scope="module")
def pulse() -> Iterator[None]:
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        pytest.skip("PulseAudio is not installed (setup.sh installs pulseaudio and pulseaudio-utils)")
    started = subprocess.run(["pactl", "info"], capture_output=True).returncode != 0
    if started:
        subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1"], check=True, capture_output=True)
        for _ in range(50):
            if subprocess.run(["pactl", "info"], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
    module = subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={SINK}"],
                            check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["pactl", "set-default-sink", SINK], check=True)
    subprocess.run(["pactl", "set-default-source", f"{SINK}.monitor"], check=True)
    yield
    subprocess.run(["pactl", "unload-module", module], capture_output=True)
    if started:
        subprocess.run(["pulseaudio", "--kill"], capture_output=True)


def play(path: Path) -> None:
    subprocess.run(["paplay", f"--device={SINK}", str(path)], check=True, timeout=30)


def run_session(speaker=None, seconds: float = 12.0, hands_free: bool = True, typed: list[str] | None = None):  # type: ignore[no-untyped-def]
    from assistant.speech.microphone import Microphone
    from assistant.voice import VoiceSession

    menus = menu_file.load(ROOT / "menus.yaml")
    recognizer = SphinxRecognizer(phrases.grammar_phrases(menus))
    out = io.StringIO()
    read_end, write_end = os.pipe()
    session = VoiceSession(Assistant(menus), recognizer, Microphone(), out, hands_free=hands_free,
                           end_silence_ms=600, speaker=speaker, now=NOW)
    runner = threading.Thread(target=session.run, kwargs={"stdin": os.fdopen(read_end)}, daemon=True)
    runner.start()
    return session, out, write_end, runner


def finish(write_end: int, runner: threading.Thread) -> None:
    os.close(write_end)  # Ctrl-D
    runner.join(timeout=15)
    assert not runner.is_alive(), "the voice session did not end"


def test_hands_free_request_through_a_real_audio_device(pulse: None) -> None:
    _, out, write_end, runner = run_session()
    time.sleep(1.0)  # the detector learns the (silent) noise floor
    play(FIXTURES / "flite-slt-00-clean16k.wav")  # "I need to change my address"
    deadline = time.time() + 15
    while "Dial 1-800-375-5283" not in out.getvalue() and time.time() < deadline:
        time.sleep(0.1)
    finish(write_end, runner)
    text = out.getvalue()
    assert 'Heard: "i need to change my address"' in text
    assert "Press 1 (English), then 3 (Report a change of address)." in text
    assert text.rstrip().endswith("Goodbye.")


def test_half_duplex_the_assistant_never_answers_itself(pulse: None) -> None:
    said: list[str] = []

    def speaker(sentence: str) -> None:
        said.append(sentence)
        play(FIXTURES / "flite-slt-03-clean16k.wav")  # its own voice, saying "I need an appointment", into the mic

    session, out, write_end, runner = run_session(speaker=speaker)
    time.sleep(1.0)
    play(FIXTURES / "flite-slt-01-clean16k.wav")  # the person: "let me talk to a human"
    time.sleep(6.0)  # long enough for the assistant's speech to be heard, were the mic not muted
    finish(write_end, runner)
    assert session.heard == ["let me talk to a human"], session.heard
    assert len(said) == 1 and "Talk to a representative" in said[0]
    assert "Appointment" not in out.getvalue() and "then 4" not in out.getvalue()


def test_typing_works_in_voice_mode(pulse: None) -> None:
    _, out, write_end, runner = run_session()
    os.write(write_end, b"I'm deaf\n")
    deadline = time.time() + 10
    while "1-800-767-1833" not in out.getvalue() and time.time() < deadline:
        time.sleep(0.1)
    finish(write_end, runner)
    assert "The TTY number for callers who are deaf" in out.getvalue()


def test_devices_are_listed(pulse: None) -> None:
    result = run_cli("devices")
    assert result.returncode == 0
    assert "microphone" in result.stdout and "speaker" in result.stdout


def test_no_audio_at_all_falls_back_to_text_in_one_line(tmp_path: Path) -> None:
    # No PulseAudio server to talk to and no ALSA devices: the voice mode must say so, not hang.
    env = {"PULSE_SERVER": "unix:/nonexistent", "ALSA_CONFIG_PATH": str(tmp_path / "none.conf")}
    (tmp_path / "none.conf").write_text("")
    start = time.time()
    result = run_cli("voice", "--engine", "pocketsphinx", "--now", "2026-11-30T10:00-05:00", stdin="I moved\n", env=env)
    assert time.time() - start < 20
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "continuing in text mode" in line]
    assert len(lines) == 1 and lines[0].startswith("assistant: ")
    assert "Press 1 (English), then 3" in result.stdout
