"""Spanish or English from the sound, with tiny.en's encoder (speech.language_id), on real human
recordings it was not trained on: Asterisk's Allison saying phone prompts in en-US and es-MX (the
training script kept every other prompt; these are the others)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant import menu_file
from assistant.speech import language_id
from assistant.speech.engines import open_engine
from assistant.speech.recognizer import SPANISH_CUE
from assistant.speech.whisper_engine import WhisperRecognizer
from bench.train_language_id import ALLISON, allison


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("ASSISTANT_WHISPER_MODEL", raising=False)


@pytest.mark.skipif(not ALLISON.is_dir(), reason="needs asterisk-core-sounds-en-wav and -es-wav (bash setup.sh test installs them)")
def test_held_out_human_prompts_are_told_apart() -> None:
    tiny = open_engine("auto", menu_file.load(), None, "en").recognizer
    assert isinstance(tiny, WhisperRecognizer)
    guess = language_id.load()

    def spanish(pcm: bytes) -> float:
        return guess.spanish(tiny.whisper.sound_print(np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768))

    english = [spanish(pcm) for pcm in allison("en_US_f_Allison")[1::2][:12]]
    spoken = [spanish(pcm) for pcm in allison("es_MX_f_Allison")[1::2][:12]]
    assert sum(p < SPANISH_CUE for p in english) >= 11, english
    assert sum(p >= SPANISH_CUE for p in spoken) >= 11, spoken
