"""Rehearsal calls: the route's keys go out as real tones through a µ-law phone channel and the
simulated line acts only on what its DTMF receiver decodes from that audio."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import numpy as np
import pytest

from assistant import dtmf
from assistant.menu import Menus
from assistant.simulated import line as simulated_line
from assistant.simulated import rehearsal
from assistant.speech.tts import Synthesizer, TTSError, VoiceSettings
from bench import referees

from .conftest import OPEN_TIME, run_cli

SATURDAY = datetime.fromisoformat("2026-11-28T10:00:00-05:00")


@pytest.fixture(scope="module")
def synthesizer() -> Iterator[Synthesizer]:
    try:
        voice = Synthesizer(VoiceSettings(voice="gmw/en-US+f2"))
    except TTSError as error:
        pytest.fail(f"speech out must work here (setup.sh installs espeak-ng): {error}")
    yield voice
    voice.close()


def test_every_routable_option_is_reached_by_tones_decoded_from_audio(menus: Menus) -> None:
    runner = rehearsal.Rehearsal(menus, OPEN_TIME)  # the line's prompts as stand-in silence: fast
    targets = list(menus.routable())
    assert len(targets) == 21
    for node in targets:
        call = runner.to(node.id)
        assert call.landing is not None and call.landing.node is not None, node.id
        assert call.landing.node.id == node.id
        assert call.heard == call.sent == [key for key in (step.key for step in menus.path(node.id)[1:]) if key]
        # The recording holds the tones as the line received them; both receivers find them there.
        recording = call.recording()
        assert "".join(d.key for d in dtmf.decode(recording, rehearsal.RATE)) == "".join(call.sent)
        if referees.spandsp_available() is None:
            assert referees.spandsp_decode(recording, rehearsal.RATE) == "".join(call.sent)


def test_a_call_with_spoken_prompts_has_no_false_digits(menus: Menus, synthesizer: Synthesizer) -> None:
    runner = rehearsal.Rehearsal(menus, OPEN_TIME, voice=synthesizer.speech)
    call = runner.to("provisional_waiver")  # three long menus read aloud, then 1, *, *
    assert call.landing is not None and call.landing.node is not None and call.landing.node.id == "provisional_waiver"
    recording = call.recording()
    assert call.seconds > 60 and float(np.sqrt(np.mean(recording ** 2))) > 0.01  # speech, not stand-in silence
    assert "".join(d.key for d in dtmf.decode(recording, rehearsal.RATE)) == "1**"


def test_the_spanish_branch_is_read_by_a_spanish_voice(menus: Menus, synthesizer: Synthesizer) -> None:
    read: list[tuple[str, str | None]] = []

    def voice(text: str, language: str | None = None) -> tuple[np.ndarray, int]:
        read.append((text, language))
        return synthesizer.speech(text, language)

    call = rehearsal.Rehearsal(menus, OPEN_TIME, voice=voice).to("change_address", language="es")
    assert call.landing is not None and call.landing.node is not None and call.landing.node.id == "change_address"
    assert call.sent == ["2", "3"]
    after_two = [language for text, language in read[[text for text, _ in read].index(next(t for t, _ in read if "oprima" in t.lower())):]]
    assert read[0][1] == "en" and set(after_two) == {"es"}  # the greeting in English; the Spanish branch in Spanish
    assert any("oprima 3" in text.lower() for text, _ in read)


def test_the_line_answers_wrong_keys_and_silence_like_a_real_one(menus: Menus) -> None:
    runner = rehearsal.Rehearsal(menus, OPEN_TIME)
    layout = menus.layout_of("change_address")
    call = runner.run(layout, [("press", "7"), ("press", "1"), ("wait", ""), ("press", "3")])
    assert call.heard == ["7", "1", "3"]
    texts = [entry.text for entry in call.transcript]
    assert "Sorry, 7 is not one of the choices." in texts and "Sorry, I did not hear a choice." in texts
    assert call.landing is not None and call.landing.node is not None and call.landing.node.id == "change_address"
    silent = runner.run(layout, [])
    assert silent.landing is not None and silent.landing.status == simulated_line.GAVE_UP
    assert sum(text.startswith("For English") for text in (e.text for e in silent.transcript)) == menus.simulation.tries
    assert silent.seconds >= menus.simulation.tries * menus.simulation.wait_for_key_ms / 1000


def test_closed_hours_are_announced(menus: Menus) -> None:
    call = rehearsal.Rehearsal(menus, SATURDAY).to("representative")
    assert call.landing is not None and call.landing.status == simulated_line.CLOSED
    assert "nobody picks up now" in rehearsal.landing_words(call, menus.node("representative"))


def test_speaking_into_the_phone_at_spoken_menus(menus: Menus, synthesizer: Synthesizer) -> None:
    runner = rehearsal.Rehearsal(menus, OPEN_TIME, voice=synthesizer.speech, ears=rehearsal.sphinx_ears())
    call = runner.to("other_info", speak_into_phone=True)
    texts = [entry.text for entry in call.transcript]
    assert 'says "English"' in texts and '(heard "English")' in texts  # the line recognised speech from audio
    assert 'says "other information"' in texts
    assert call.landing is not None and call.landing.node is not None and call.landing.node.id == "other_info"
    # Where the line did not understand, the caller pressed the key instead: the call still got there.
    assert call.sent == [key for key, step in zip("1*", ("English", "other information"), strict=True)
                         if f'(heard "{step}")' not in texts]


def test_a_spanish_rehearsal_is_told_in_spanish() -> None:
    done = run_cli("simulate", "me mudé", "--now", "2026-11-30T10:00:00-05:00", timeout=240)
    assert done.returncode == 0, done.stderr
    *said, landed = done.stdout.splitlines()
    speakers = {line.split("] ", 1)[1].split(": ", 1)[0] for line in said}
    assert speakers == {"Línea", "Usted"}, said
    assert any("oprima" in line.lower() for line in said if "] Línea: " in line), said
    assert landed.startswith("Llegó a «Informar un cambio de dirección» [change_address]: "), landed
    assert landed.endswith(": contesta un servicio automático. Es el lugar correcto."), landed
