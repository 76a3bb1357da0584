"""Understanding by meaning: the sentence model (multilingual-e5-small, for real) and how its
similarity is blended with the word matcher's scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from assistant.dialogue import Assistant
from assistant.intents import MEANING_SHARE, Matcher, sure
from assistant.meaning import Meaning, MeaningUnavailable
from assistant.menu import Menus

from .conftest import OPEN_TIME


def test_the_blend_never_routes_on_meaning_alone(menus: Menus) -> None:
    matcher = Matcher(menus)
    perfect = {intent.id: 1.0 for intent in matcher.intents}
    blended = matcher.blend([], perfect)
    assert blended and all(match.score == pytest.approx(MEANING_SHARE) for match in blended)
    assert MEANING_SHARE < 0.45  # the routing threshold: a request must share words with its option


def test_the_blend_lifts_the_intent_the_meaning_points_at(menus: Menus) -> None:
    matcher = Matcher(menus)
    ranked = matcher.rank("I have a question about my green card", limit=len(matcher.intents))
    assert not sure(ranked)
    lifted = matcher.blend(ranked, {"case_status": 0.95, "resident_services": 0.80})
    assert lifted[0].intent.id == "case_status"


def test_phrase_vectors_are_computed_once_and_kept(tmp_path: Path) -> None:
    phrases = [("change_address", "I moved"), ("case_status", "where is my green card")]
    first = Meaning(phrases, folder=tmp_path)
    kept = list(tmp_path.glob("phrases-*.npy"))
    assert len(kept) == 1 and list(tmp_path.iterdir()) == kept  # no half-written file left beside it
    assert np.load(kept[0]).shape == (2, 384)
    again = Meaning(phrases, folder=tmp_path)
    assert np.array_equal(first.vectors, again.vectors)
    scores = again.scores("we moved to a new apartment")
    assert scores["change_address"] > scores["case_status"]
    kept[0].write_bytes(b"not numpy")  # a damaged cache is rebuilt, not trusted
    rebuilt = Meaning(phrases, folder=tmp_path)
    assert np.allclose(rebuilt.vectors, first.vectors, atol=1e-5)
    other = Meaning([*phrases, ("forms", "send me a form")], folder=tmp_path)  # new phrases, new file
    assert other.vectors.shape == (3, 384) and len(list(tmp_path.glob("phrases-*.npy"))) == 2


def test_the_model_understands_spanish_too(tmp_path: Path) -> None:
    meaning = Meaning([("change_address", "me mudé de casa"), ("forms", "necesito un formulario")], folder=tmp_path)
    scores = meaning.scores("nos cambiamos de departamento el mes pasado")
    assert scores["change_address"] > scores["forms"]


def test_meaning_rescues_a_request_the_words_alone_miss(menus: Menus) -> None:
    text = "my sister passed away back home and I have to travel"
    assert Assistant(menus, meaning=None).respond(text, OPEN_TIME).status == "no_match"
    reply = Assistant(menus).respond(text, OPEN_TIME)
    assert (reply.status, reply.topic) == ("answer", "emergency_travel")


def test_the_model_is_not_loaded_when_the_words_are_sure(menus: Menus) -> None:
    def refuse(phrases: Sequence[tuple[str, str]]) -> object:
        raise AssertionError("the sentence model was loaded for a request the words decide")

    assistant = Assistant(menus, meaning=refuse)  # type: ignore[arg-type]
    assert assistant.respond("i moved", OPEN_TIME).keys == ["1", "3"]


def test_without_the_model_the_words_work_alone(menus: Menus) -> None:
    calls = []

    def unavailable(phrases: Sequence[tuple[str, str]]) -> Mapping[str, float]:
        calls.append(len(phrases))
        raise MeaningUnavailable("the sentence model is not installed (test)")

    assistant = Assistant(menus, meaning=unavailable)  # type: ignore[arg-type]
    first = assistant.respond("I have a question about my green card", OPEN_TIME)  # the words are not sure
    second = assistant.respond("my sister passed away back home and I have to travel", OPEN_TIME)
    assert first.destination is not None and first.destination.id == "resident_services"  # the words' best
    assert second.status == "no_match"
    assert calls == [len(assistant.matcher.texts)]  # tried once, not on every request
    assert "not installed" in assistant.meaning_problem
