"""Speech out: pyttsx3 in its own process, numbers said the way a caller needs them, and a
worker that hangs or dies is replaced instead of freezing the assistant."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant import spoken
from assistant.speech import wavfile
from assistant.speech.speech_out import SpeechOut
from assistant.speech.tts import Synthesizer, TTSError, VoiceSettings


def test_numbers_and_keys_are_said_for_a_caller() -> None:
    said = spoken.for_speech("Dial 1-800-375-5283. Press 1 (English), then 3 (Report). Press star, then #. TTY 1-800-767-1833.")
    assert said == ("Dial one eight hundred, three seven five, five two eight three. Press one (English), then three (Report). "
                    "Press star, then pound. TTY one eight hundred, seven six seven, one eight three three.")
    assert spoken.for_speech("It is 8:00 PM, in 10 hours.") == "It is 8:00 PM, in 10 hours."  # times and counts stay


def test_spanish_numbers_and_keys_are_said_with_spanish_words() -> None:
    said = spoken.for_speech("Marque 1-800-375-5283. Oprima 2 (Español), luego 3. Oprima asterisco, luego #.", "es")
    assert said == ("Marque uno ochocientos, tres siete cinco, cinco dos ocho tres. Oprima dos (Español), luego tres. "
                    "Oprima asterisco, luego numeral.")


def _voice_distance(one: np.ndarray, other: np.ndarray) -> float:
    """How unlike two voices sound: the mean gap between their average log spectra (the same
    voice twice: about 0.04; espeak-ng's English and Spanish voices: about 0.4)."""
    def profile(samples: np.ndarray) -> np.ndarray:
        frames = samples[:len(samples) // 512 * 512].reshape(-1, 512) * np.hanning(512)
        return np.log(np.abs(np.fft.rfft(frames, axis=1)).mean(axis=0) + 1e-6)
    return float(np.abs(profile(one) - profile(other)).mean())


def test_a_spanish_sentence_gets_a_spanish_voice_and_english_gets_its_own_back() -> None:
    voice = Synthesizer(VoiceSettings(rate=180))
    try:
        english, _ = voice.speech("Oprima dos, luego tres.", "en")
        spanish, _ = voice.speech("Oprima dos, luego tres.", "es")
        english_again, _ = voice.speech("Oprima dos, luego tres.", "en")
        unsaid, _ = voice.speech("Oprima dos, luego tres.")  # no language: the chosen (here the default) voice
    finally:
        voice.close()
    assert _voice_distance(english, english_again) < 0.15 and _voice_distance(english, unsaid) < 0.15
    assert _voice_distance(english, spanish) > 0.25  # another voice, not the English one reading Spanish


def test_a_chosen_voice_that_speaks_the_language_is_kept() -> None:
    chosen_voice = Synthesizer(VoiceSettings(voice="roa/es", rate=180))
    english_voice = Synthesizer(VoiceSettings(voice="gmw/en-us", rate=180))  # the accent English is read in (tts.ACCENTS)
    try:
        chosen, _ = chosen_voice.speech("Oprima dos.", "es")
        plain, _ = chosen_voice.speech("Oprima dos.")
        english, _ = english_voice.speech("Oprima dos.", "en")
        english_for_english, _ = chosen_voice.speech("Oprima dos.", "en")  # a Spanish voice does not read English
    finally:
        chosen_voice.close()
        english_voice.close()
    assert _voice_distance(chosen, plain) < 0.15
    assert _voice_distance(english_for_english, english) < 0.15 and _voice_distance(chosen, english) > 0.25


def test_speech_is_real_audio_that_grows_with_the_text() -> None:
    voice = Synthesizer(VoiceSettings(voice="gmw/en-us", rate=180))
    try:
        short, rate = voice.speech("Press one.")
        long, _ = voice.speech("Press one, then three. An automated service answers.")
        again, _ = voice.speech("Press one.")  # pyttsx3 is known to speak only once: the second time must work
    finally:
        voice.close()
    assert rate == 22050
    assert 0.5 < len(short) / rate < 2.5 and len(long) > 2 * len(short)
    assert float(np.sqrt(np.mean(short ** 2))) > 0.02
    assert abs(len(again) - len(short)) < rate * 0.05


def test_a_slower_rate_takes_longer() -> None:
    fast, slow = Synthesizer(VoiceSettings(rate=260)), Synthesizer(VoiceSettings(rate=120))
    try:
        text = "one eight hundred, three seven five, five two eight three"
        assert len(slow.speech(text)[0]) > 1.6 * len(fast.speech(text)[0])
    finally:
        fast.close()
        slow.close()


@pytest.mark.parametrize(("settings", "message"), [
    (VoiceSettings(voice="klingon-robot"), "no voice called 'klingon-robot'; see: assistant voices"),
    (VoiceSettings(rate=5), "--rate 5 is out of range; give words per minute from 80 to 400"),
    (VoiceSettings(volume=3.0), "--volume 3 is out of range; give 0.0 to 1.0"),
])
def test_bad_voice_settings_are_one_line(settings: VoiceSettings, message: str) -> None:
    with pytest.raises(TTSError) as raised:
        Synthesizer(settings).close()
    assert message in str(raised.value) and "\n" not in str(raised.value)


HANGS_ONCE = """
import json, os, sys, time
flag = sys.argv[1]
print(json.dumps({"ready": True, "voices": []}), flush=True)
for line in sys.stdin:
    if not os.path.exists(flag):
        open(flag, "w").close()
        time.sleep(3600)  # the first worker hangs on its first request, as pyttsx3 can
    request = json.loads(line)
    import wave
    with wave.open(request["path"], "wb") as out:
        out.setnchannels(1); out.setsampwidth(2); out.setframerate(16000); out.writeframes(b"\\x10\\x00" * 8000)
    print(json.dumps({"done": True}), flush=True)
"""


def test_a_hung_worker_is_killed_and_replaced(tmp_path: Path) -> None:
    script = tmp_path / "worker.py"
    script.write_text(HANGS_ONCE)
    voice = Synthesizer(worker=[sys.executable, str(script), str(tmp_path / "hung")], seconds_per_request=1.0)
    start = time.time()
    samples, rate = voice.speech("hello")
    voice.close()
    assert rate == 16000 and len(samples) == 8000
    assert time.time() - start < 10  # not an hour


def test_a_worker_that_never_starts_is_one_line(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text("import sys; sys.exit(3)\n")
    with pytest.raises(TTSError, match=r"speech out .* does not work"):
        Synthesizer(worker=[sys.executable, str(script)])


def test_every_answer_of_a_session_goes_into_one_file(tmp_path: Path) -> None:
    out = tmp_path / "said.wav"
    speech = SpeechOut(Synthesizer(), to_file=out)
    try:
        speech.say("Press 1.")
        first = wavfile.probe(out).seconds
        speech.say("Dial 1-800-375-5283.")
    finally:
        speech.close()
    assert wavfile.probe(out).seconds > first + 1.5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["said.wav"]


def test_a_chosen_voice_sounds_the_same_after_a_sentence_in_another_language() -> None:
    # espeak-ng changes a voice variant once another language's voice was used in the same
    # process (found by the simulated line's spoken-menu test): each voice keeps its own worker.
    voice = Synthesizer(VoiceSettings(voice="gmw/en-US+f2"))
    try:
        before, _ = voice.speech("English", "en")
        voice.speech("Para informar un cambio de dirección, oprima 3.", "es")
        after, _ = voice.speech("English", "en")
    finally:
        voice.close()
    assert abs(len(after) - len(before)) < 0.02 * len(before)


def test_the_other_languages_voice_keeps_the_chosen_variant() -> None:
    # The simulated line's agent ("+f3") must not sound like its recordings in Spanish either.
    from assistant.speech.tts import voice_for

    voices = [{"id": "gmw/en-US", "languages": ["en-us"]}, {"id": "roa/es", "languages": ["es"]},
              {"id": "roa/es-419", "languages": ["es-419"]}]
    assert voice_for("es", "gmw/en-US+f3", voices) == "roa/es-419+f3"
    assert voice_for("es", "gmw/en-US", voices) == "roa/es-419"
    assert voice_for("en", "gmw/en-US+f3", voices) is None  # the chosen voice speaks it
