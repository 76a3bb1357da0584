"""The real sounddevice path: a PulseAudio null sink is the speaker, its monitor the microphone.
A request played into the sink is captured, cut by the endpoint detector, recognised and routed."""

from __future__ import annotations

import io
import os
import subprocess
import threading
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from assistant import dtmf, menu_file
from assistant.dialogue import Assistant
from assistant.speech import phrases
from assistant.speech.sphinx import SphinxRecognizer

from .conftest import ROOT, SINK, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "speech"
NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")


def play(path: Path) -> None:
    subprocess.run(["paplay", f"--device={SINK}", str(path)], check=True, timeout=30)


def run_session(speaker=None, seconds: float = 12.0, hands_free: bool = True, typed: list[str] | None = None,  # type: ignore[no-untyped-def]
                engine: str = "pocketsphinx"):
    from assistant.speech.audio import Microphone
    from assistant.speech.engines import open_engine
    from assistant.voice import VoiceSession

    menus = menu_file.load(ROOT / "menus.yaml")
    recognizer = SphinxRecognizer(phrases.grammar_phrases(menus)) if engine == "pocketsphinx" else \
        open_engine(engine, menus).recognizer
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


# What each engine writes for the fixtures: PocketSphinx a grammar phrase, Whisper a sentence.
HEARD = {"pocketsphinx": ("i need to change my address", "let me talk to a human"),
         "whisper": ("I need to change my address.", "Let me talk to a human.")}


@pytest.mark.parametrize("engine", ["whisper", "pocketsphinx"])
def test_hands_free_request_through_a_real_audio_device(pulse: None, engine: str) -> None:
    _, out, write_end, runner = run_session(engine=engine)
    time.sleep(1.0)  # the detector learns the (silent) noise floor
    play(FIXTURES / "flite-slt-00-clean16k.wav")  # "I need to change my address"
    deadline = time.time() + 15
    while "Dial 1-800-375-5283" not in out.getvalue() and time.time() < deadline:
        time.sleep(0.1)
    finish(write_end, runner)
    text = out.getvalue()
    assert f'heard: "{HEARD[engine][0].lower()}"' in text.lower()
    assert "Press 1 (English), then 3 (Report a change of address)." in text
    assert text.rstrip().endswith("Goodbye.")


@pytest.mark.parametrize("engine", ["whisper", "pocketsphinx"])
def test_half_duplex_the_assistant_never_answers_itself(pulse: None, engine: str) -> None:
    said: list[str] = []

    def speaker(sentence: str, language: str) -> None:
        said.append(sentence)
        play(FIXTURES / "flite-slt-03-clean16k.wav")  # its own voice, saying "I need an appointment", into the mic

    session, out, write_end, runner = run_session(speaker=speaker, engine=engine)
    time.sleep(1.0)
    play(FIXTURES / "flite-slt-01-clean16k.wav")  # the person: "let me talk to a human"
    time.sleep(6.0)  # long enough for the assistant's speech to be heard, were the mic not muted
    finish(write_end, runner)
    assert [h.lower() for h in session.heard] == [HEARD[engine][1].lower()], session.heard
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


class Recorder:
    """What is played into the null sink, as heard on its monitor (parec), at 8 kHz."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = path.open("wb")
        self.process = subprocess.Popen(["parec", f"--device={SINK}.monitor", "--rate=8000", "--channels=1", "--format=s16le",
                                         "--latency-msec=20"], stdout=self.handle)
        # Recording only once the monitor's audio flows (silence is audio too): on a loaded machine
        # parec took longer than a fixed half second to connect, and the first tone was lost.
        deadline = time.monotonic() + 10
        while path.stat().st_size < 1600 and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> np.ndarray:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.handle.close()
        return np.fromfile(self.path, dtype="<i2").astype(np.float32) / 32768


def test_tones_played_on_the_speaker_are_real_dtmf(pulse: None, tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "heard.raw")
    result = run_cli("dtmf", "1", "3", "#", "--play")  # the default speaker is the null sink
    heard = recorder.stop()
    assert result.returncode == 0, result.stderr
    assert "".join(d.key for d in dtmf.decode(heard, 8000)) == "13#"


def test_the_assistant_says_its_answers_aloud_and_never_answers_itself(pulse: None, tmp_path: Path) -> None:
    from assistant.speech.speaker import Speaker
    from assistant.speech.speech_out import SpeechOut
    from assistant.speech.tts import Synthesizer, VoiceSettings

    out_speech = SpeechOut(Synthesizer(VoiceSettings(rate=260)), Speaker())
    recorder = Recorder(tmp_path / "heard.raw")
    session, out, write_end, runner = run_session(speaker=out_speech.say)
    time.sleep(1.0)
    os.write(write_end, b"I'm deaf\n")  # the answer, spoken into the sink, is what the microphone hears
    deadline = time.time() + 30
    while "1-800-767-1833" not in out.getvalue() and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(2.0)
    finish(write_end, runner)
    heard = recorder.stop()
    out_speech.close()
    loud = np.abs(heard) > 0.05
    assert loud.sum() / 8000 > 0.5, "the spoken answer never reached the speaker"
    assert session.heard == [], session.heard  # muted while speaking: its own voice is not a request
