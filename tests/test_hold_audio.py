"""Waiting on hold with real audio: generated queues (sox music, TTS announcements, agents in other
voices) through the 8 kHz µ-law channel into the real listener (Silero VAD, Whisper), the command
on WAV files, through a real audio device (a PulseAudio null sink), and the rehearsal of a whole
call with `simulate --hold`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.hold import render
from assistant.hold.listening import HoldEars, open_hold_ears
from assistant.speech import wavfile
from assistant.speech.vad import PhoneSpeechDetector
from bench import hold_audio

from .conftest import ROOT, SINK, run_cli

pytestmark = pytest.mark.slow

# A test allows this long after the agent starts (bench/hold.py measures the 3 s target over 120 calls).
CALL_BACK_S = 5.0


@pytest.fixture(scope="module")
def sounds(tmp_path_factory: pytest.TempPathFactory) -> hold_audio.Sounds:
    return hold_audio.Sounds(tmp_path_factory.mktemp("hold-sounds"))


@pytest.fixture(scope="module")
def base_ears() -> HoldEars:
    return open_hold_ears()


def listen(base: HoldEars, audio: np.ndarray) -> tuple[HoldEars, list[dict[str, object]]]:
    ears = HoldEars(base.recognizer, PhoneSpeechDetector())
    events = []
    for start in range(0, len(audio), 4096):
        events += [render.as_json(event) for event in ears.push(audio[start:start + 4096])]
        if ears.tracker.done:
            break
    return ears, events + [render.as_json(event) for event in ears.finish()]


def person_wav(sounds: hold_audio.Sounds, path: Path, number: int = 0, seed: int = 5) -> hold_audio.Scenario:
    rng = np.random.default_rng(seed)
    scenario = hold_audio.person_scenario(sounds, rng, hold_audio.load("tuning"), number)
    wavfile.write(path, hold_audio.through(scenario.samples, "phone", rng), 16000)
    return scenario


def test_hold_reads_a_recorded_wait_and_calls_back_when_the_agent_speaks(sounds: hold_audio.Sounds, tmp_path: Path) -> None:
    wav = tmp_path / "held.wav"
    scenario = person_wav(sounds, wav)
    done = run_cli("hold", "--file", str(wav), "--json", env={"XDG_DATA_HOME": str(tmp_path)}, timeout=180)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert all("event" in event and isinstance(event["at"], int | float) for event in events)
    states = [event["state"] for event in events if event["event"] == "state"]
    assert "music" in states and "announcement" in states and states[-1] == "person"
    person = [event for event in events if event["event"] == "person"]
    assert scenario.agent_at is not None and len(person) == 1
    assert 0 <= person[0]["at"] - scenario.agent_at <= CALL_BACK_S
    assert scenario.minutes in [event["minutes"] for event in events if event["event"] == "wait"]
    assert not (tmp_path / "assistant" / "hold-history.json").exists()  # a recording is not the caller's own wait


def test_the_text_mode_rings_the_bell_and_says_so(sounds: hold_audio.Sounds, tmp_path: Path) -> None:
    wav = tmp_path / "held.wav"
    person_wav(sounds, wav, number=3)
    done = run_cli("hold", "--file", str(wav), timeout=180)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Listening to") and "hold music" in done.stdout
    assert "A person is on the line" in lines[-1] and lines[-1].endswith("\a")


@pytest.mark.parametrize("how", [0, 1, 2])  # reorder tone, busy tone, a click then silence
def test_the_end_of_the_call_is_reported_within_10_seconds(sounds: hold_audio.Sounds, base_ears: HoldEars, how: int) -> None:
    rng = np.random.default_rng(20 + how)
    scenario = hold_audio.ended_scenario(sounds, rng, hold_audio.load("tuning"), how)
    ears, events = listen(base_ears, hold_audio.through(scenario.samples, "speaker", rng))
    assert scenario.ended_at is not None and ears.tracker.ended_at is not None, scenario.name
    assert 0 <= ears.tracker.ended_at - scenario.ended_at <= 10.0
    assert [event for event in events if event["event"] == "state"][-1]["state"] == "ended"
    assert not [event for event in events if event["event"] == "person"]


def test_minutes_of_queue_with_greeting_words_raise_no_alarm(sounds: hold_audio.Sounds, base_ears: HoldEars) -> None:
    rng = np.random.default_rng(99)
    audio = np.concatenate([hold_audio.through(piece, "speaker", rng)
                            for piece in hold_audio.long_hold(sounds, rng, [hold_audio.load("tuning")], 240)])
    ears, events = listen(base_ears, audio)
    assert not [event for event in events if event["event"] == "person"]
    assert ears.tracker.ended_at is None
    assert len([event for event in events if event["event"] == "heard"]) >= 4  # it did hear the recordings
    assert len(ears.tracker.played.kept) <= 40


def test_through_a_real_audio_device_and_into_the_history(pulse: None, sounds: hold_audio.Sounds, tmp_path: Path) -> None:
    """The held call plays into a PulseAudio null sink; `assistant hold` listens to its monitor, as it
    would to a softphone's output, calls back, and the wait joins the caller's history."""
    wav = tmp_path / "held.wav"
    scenario = person_wav(sounds, wav, number=4, seed=8)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    info = wavfile.probe(wav)
    command = [sys.executable, "-m", "assistant", "hold", "--json", "--quiet", "--for", str(info.frames / info.rate + 30)]
    listener = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(4)  # the model loads
    subprocess.run(["paplay", f"--device={SINK}", str(wav)], check=True, timeout=200)
    out, err = listener.communicate(timeout=60)
    assert listener.returncode == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert [event["event"] for event in events].count("person") == 1, events
    waits = json.loads((tmp_path / "assistant" / "hold-history.json").read_text())["waits"]
    assert [wait["outcome"] for wait in waits] == ["person"]
    assert scenario.agent_at is not None and waits[0]["minutes"] >= 0.5
    hours = run_cli("hours", env={"XDG_DATA_HOME": str(tmp_path)})
    assert "Your last calls at this hour waited about" in hours.stdout


def test_simulate_hold_rehearses_the_queue_and_the_call_back(tmp_path: Path) -> None:
    done = run_cli("simulate", "talk to a person", "--hold", "30", "--json", "--out", str(tmp_path / "call.wav"), timeout=240)
    assert done.returncode == 0, done.stderr
    call = json.loads(done.stdout)
    held = call["hold"]
    assert call["landed"]["kind"] == "representative"
    assert held["person_at"] is not None and 0 <= held["person_at"] - held["agent_at"] <= CALL_BACK_S
    assert 25 in [event["minutes"] for event in held["events"] if event["event"] == "wait"]  # menus.yaml's wait
    assert any(entry["who"] == "agent" for entry in call["transcript"])
    assert wavfile.probe(tmp_path / "call.wav").frames / 8000 > 30 + held["queue_starts"]


def test_simulate_hold_where_nobody_answers_says_so() -> None:
    done = run_cli("simulate", "I moved", "--hold", "30", timeout=120)
    assert "nobody answers" in done.stderr and "--hold" in done.stderr


@pytest.mark.parametrize(("args", "says"), [
    (["hold", "--file", "/nonexistent/held.wav"], "held.wav"),
    (["hold", "--file", "README.md"], "README.md"),
    (["hold", "--for", "0"], "--for"),
    (["simulate", "talk to a person", "--hold", "2"], "--hold"),
    (["simulate", "--interactive", "--hold", "30"], "--hold"),
])
def test_bad_input_gets_one_line_and_a_non_zero_exit(args: list[str], says: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("assistant: ") and says in lines[0]


def test_the_live_line_listener_hands_over_to_hold_when_the_call_is_queued(tmp_path: Path) -> None:
    """A recorded rehearsal call: the menus (the caller's own keys on the recording), then the queue
    and the agent. `line listen` follows the menus, and once a key to a person has gone to the line
    the hold listener takes the same audio and calls back when the agent speaks."""
    wav = tmp_path / "call.wav"
    made = run_cli("simulate", "talk to a person", "--hold", "25", "--json", "--out", str(wav), timeout=240)
    assert made.returncode == 0, made.stderr
    agent_at = json.loads(made.stdout)["hold"]["agent_at"]
    done = run_cli("line", "listen", "--file", str(wav), "--goal", "talk to a person", "--json",
                   env={"XDG_DATA_HOME": str(tmp_path)}, timeout=240)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    kinds = [event["event"] for event in events]
    assert "option" in kinds and "state" in kinds  # the menus first, then the hold listener's states
    assert kinds.index("option") < kinds.index("state")
    person = [event for event in events if event["event"] == "person"]
    assert len(person) == 1 and 0 <= person[0]["at"] - agent_at <= CALL_BACK_S


def test_the_spanish_branchs_queue_is_heard_in_spanish(sounds: hold_audio.Sounds, tmp_path: Path) -> None:
    """A caller of the Spanish branch waits in a Spanish queue: Whisper base reads it in Spanish,
    the announced wait and the agent's Spanish words are understood, and it is all said in Spanish."""
    # One call of the Spanish tuning split ("¿Aló?" after a gap); how often a Spanish agent is heard
    # in time is bench/hold.py --split es's figure (low: Whisper base hears espeak-ng's Spanish
    # through the phone band poorly).
    wav = tmp_path / "en-espera.wav"
    rng = np.random.default_rng(1)
    scenario = hold_audio.person_scenario(sounds, rng, hold_audio.load("spanish"), 1)
    wavfile.write(wav, hold_audio.through(scenario.samples, "phone", rng), 16000)
    done = run_cli("hold", "--file", str(wav), "--json", "--lang", "es", timeout=300)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    person = [event for event in events if event["event"] == "person"]
    assert scenario.agent_at is not None and len(person) == 1
    assert 0 <= person[0]["at"] - scenario.agent_at <= CALL_BACK_S
    heard = " ".join(str(event["text"]) for event in events if event["event"] == "heard").lower()
    assert "por favor" in heard and "esperando" in heard, heard  # "Por favor, siga esperando.", read in Spanish
    assert [event["times"] for event in events if event["event"] == "heard"][-1] == 2  # and known again
    text = run_cli("hold", "--file", str(wav), "--lang", "es", timeout=300)
    lines = text.stdout.splitlines()
    assert lines[0] == f"Escuchando {wav}." and "música de espera" in text.stdout
    assert lines[-1].startswith("[") and "Una persona está en la línea" in lines[-1] and lines[-1].endswith("\a")


def test_a_spanish_agent_on_a_recorded_spanish_queue_is_called_back_with_no_language_chosen(
        sounds: hold_audio.Sounds, tmp_path: Path) -> None:
    """A real recorded Spanish queue (Asterisk's es_MX voice, real music on hold) on an English desktop
    with nothing chosen: the queue's first words tell its language, so its recordings are read in
    Spanish (the English model made English nonsense of them), and the Spanish agent is called
    back by cues that need no words: new speech where this line always played music after its
    recordings, then a quiet in the agent's room, not the switch's silence. One call of
    bench/hold.py's recorded_es split (the code before issue 27 never called this agent back); how
    soon, over all the calls, is the bench's figure."""
    from bench.hold import seeded

    said, noise = seeded("recorded_es", "person", 12)
    scenario = hold_audio.person_scenario(sounds, said, hold_audio.load("recorded_es"), 12)
    wav = tmp_path / "en-espera.wav"
    wavfile.write(wav, hold_audio.through(scenario.samples, "phone", noise), 16000)
    done = run_cli("hold", "--file", str(wav), "--json", env={"XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)},
                   timeout=300)
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    person = [event for event in events if event["event"] == "person"]
    maybe = [event for event in events if event["event"] == "maybe"]
    assert scenario.agent_at is not None and len(person) == 1
    assert 0 <= person[0]["at"] - scenario.agent_at <= 8.0
    assert maybe and all(event["at"] >= scenario.agent_at for event in maybe)  # never said for a recording
    heard = " ".join(event["text"].lower() for event in events if event["event"] == "heard")
    assert "gracias por su paciencia" in heard, heard  # Asterisk's queue-thankyou, read in Spanish


def test_simulate_hold_on_the_spanish_branch_plays_a_spanish_queue(tmp_path: Path) -> None:
    """The Spanish branch queues in Spanish (menus.yaml's es: simulation: hold) and the hold
    listener reads it in Spanish. Whether it calls back is not asserted: Whisper base does not
    make out this agent's long sentence through the phone band (bench/hold.py --split es)."""
    done = run_cli("simulate", "quiero hablar con un representante", "--hold", "30", "--json", timeout=300)
    call = json.loads(done.stdout)
    held = call["hold"]
    assert call["keys_sent"][0] == "2" and call["landed"]["kind"] == "representative"
    said = [entry["text"] for entry in call["transcript"] if entry["who"] in ("line", "agent") and entry["at"] >= held["queue_starts"]]
    assert any("permanezca en la línea" in text for text in said), said
    assert any("le habla María" in text for text in said), said
    heard = " ".join(event["text"] for event in held["events"] if event["event"] == "heard")
    assert "Gracias por llamar" in heard and "Servicios" in heard, heard  # read as Spanish, not as English words


class _Loud:
    """A speech detector for a test of what is asked, not of the model: loud audio is speech."""

    def push(self, samples: np.ndarray) -> np.ndarray:
        frames = samples[: len(samples) // 512 * 512].reshape(-1, 512)
        loud: np.ndarray = np.sqrt(np.mean(frames**2, axis=1)) > 0.01
        return loud.astype(np.float32) * 0.9


class _Hears:
    """A first-guess recogniser that reads every stretch as the given words (tiny.en reads a Spanish
    recording through the phone as nothing at all, often)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read(self, audio: np.ndarray, window: int) -> str:
        return self.text


@pytest.mark.parametrize(("first_reads", "identified", "found"), [
    ("", ("es", 0.9), "es"),  # read as nothing, identified as Spanish: read on in Spanish
    ("", ("en", 0.95), None),  # read as nothing and "English": not settled (music is English to it too)
    ("Thank you for holding.", ("en", 0.95), "en"),  # words, and English: settled
])
def test_the_queues_language_is_asked_of_speech_the_first_model_read_as_nothing(
        first_reads: str, identified: tuple[str, float], found: str | None) -> None:
    asked: list[float] = []
    readers: list[str] = []

    def identify(audio: np.ndarray) -> tuple[str, float]:
        asked.append(len(audio) / 16000)
        return identified

    def reader_for(language: str) -> _Hears:
        readers.append(language)
        return _Hears("")

    ears = HoldEars(_Hears(first_reads), _Loud(), "en", identify=identify, reader_for=reader_for)  # type: ignore[arg-type]
    rng = np.random.default_rng(3)
    speech = (0.1 * rng.standard_normal(3 * 16000)).astype(np.float32)  # 3 s of "speech"
    quiet = np.zeros(2 * 16000, dtype=np.float32)
    ears.push(np.concatenate([quiet, speech, quiet]))
    assert asked and all(seconds >= 1.5 for seconds in asked)
    assert ears.tracker.lang == (found or "en")
    assert readers == ([found] if found == "es" else [])
    assert ears.language_known == (found is not None)
