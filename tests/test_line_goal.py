"""The goal judged against the options the line offered (pure, with the real sentence model):
menus.yaml is a prior, not a gate, so a line it does not know is still navigated."""

from __future__ import annotations

import pytest

from assistant.line import goal as judging
from assistant.line.goal import Similarity
from assistant.line.listener import LineEvent, LineListener
from assistant.line.options import Option
from assistant.meaning import likeness
from assistant.menu import Menus

VOICEMAIL = ("Press 1 to record your unavailable message. Press 2 to record your busy message. Press 3 to record your name. "
             "Press 4 to record your temporary greeting. Press 5 to change your password. Press star to return to the main menu.")
BUZON = ("Marque el número uno para grabar su mensaje de no disponible. Marque el número dos para grabar su mensaje de ocupado. "
         "Marque el número tres para grabar su nombre. Marque el número cuatro para grabar su saludo temporal. "
         "Marque el número cinco para cambiar su contraseña. Marque el asterisco para volver al menú principal.")


@pytest.fixture(scope="module")
def similarity() -> Similarity:
    return likeness()


def listen(menus: Menus, goal: str, said: str, similarity: Similarity, language: str = "en") -> list[LineEvent]:
    listener = LineListener(menus, goal, language=language, similarity=similarity)
    events: list[LineEvent] = []
    for n, sentence in enumerate(said.split(". ")):
        events += listener.hear(sentence.rstrip(".") + ".", 2.0 * n)
    return events + listener.menu_done(30.0)


def pressed(events: list[LineEvent]) -> list[str | None]:
    return [event.key for event in events if event.event == "press"]


@pytest.mark.parametrize(("goal", "key"), [
    ("record a greeting for while I'm on vacation", "4"),  # menus.yaml knows no voicemail: no route at all
    ("let me record my name", "3"),  # menus.yaml routes this somewhere else: that route must not decide
    ("I want to change my PIN", "5"),
    ("my line is busy a lot, I want a message for that", "2"),
])
def test_a_goal_menus_yaml_does_not_know_is_pressed_on_the_option_that_fits(menus: Menus, similarity: Similarity,
                                                                            goal: str, key: str) -> None:
    events = listen(menus, goal, VOICEMAIL, similarity)
    assert pressed(events) == [key]
    assert not [event for event in events if event.event == "ask"]


def test_a_spanish_goal_on_a_spanish_menu(menus: Menus, similarity: Similarity) -> None:
    events = listen(menus, "quiero grabar un saludo para cuando esté de vacaciones", BUZON, similarity, "es")
    assert pressed(events) == ["4"]


def test_when_nothing_fits_it_says_so_and_shows_the_way_to_a_person(menus: Menus, similarity: Similarity) -> None:
    said = VOICEMAIL.replace("Press star to return to the main menu.", "For an operator, press 0.")
    events = listen(menus, "renew my passport", said, similarity)
    assert pressed(events) == []
    asks = [event.text or "" for event in events if event.event == "ask"]
    assert len(asks) == 1 and "None of these fits \"renew my passport\"" in asks[0]
    assert "For a person, the line offers 0 (an operator)." in asks[0]


def test_a_goal_for_a_person_takes_the_operator(menus: Menus, similarity: Similarity) -> None:
    said = VOICEMAIL.replace("Press star to return to the main menu.", "For an operator, press 0.")
    assert pressed(listen(menus, "I want a human", said, similarity)) == ["0"]


def test_two_options_about_as_close_are_a_question(similarity: Similarity) -> None:
    options = [Option("1", "record your unavailable message"), Option("2", "record your busy message"), Option("3", "change your password")]
    fits = judging.scores("record a message", options, "en", similarity, lambda option: False)
    verdict = judging.verdict(fits, heard_all=True)
    assert verdict.decision == "ask"
    assert {fit.option.key for fit in verdict.fits[:2]} == {"1", "2"}


def test_the_route_of_menus_yaml_is_a_prior_a_better_heard_option_still_wins(similarity: Similarity) -> None:
    options = [Option("1", "check your case status"), Option("2", "record your name")]
    on_route = {"1"}
    fits = judging.scores("let me record my name", options, "en", similarity, lambda option: option.key in on_route)
    assert fits[0].option.key == "2"
    alone = judging.scores("let me record my name", options[:1], "en", similarity, lambda option: option.key in on_route)
    assert alone[0].on_route and alone[0].score >= judging.ROUTE_FIT  # with nothing better heard, the route decides


def test_before_the_menu_ends_only_a_sure_fit_is_pressed() -> None:
    fits = [judging.Fit(Option("1", "a"), 0.5), judging.Fit(Option("2", "b"), 0.1)]
    assert judging.verdict(fits, heard_all=False).decision == "wait"
    assert judging.verdict(fits, heard_all=True).decision == "press"
    assert judging.verdict([judging.Fit(Option("1", "a"), 0.2)], heard_all=True).decision == "none"


def test_a_line_that_takes_words_is_answered_in_words_when_the_assistant_can_speak(menus: Menus, similarity: Similarity) -> None:
    said = 'To record your name, press 3, or say "my name". To change your password, press 5, or say "password".'
    for speaks, expected in ((True, [("say", "my name")]), (False, [("press", "3")])):
        listener = LineListener(menus, "let me record my name", similarity=similarity, speaks=speaks)
        events = listener.hear(said, 1.0) + listener.menu_done(10.0)
        decided = [(e.event, e.text if e.event == "say" else e.key) for e in events if e.event in ("say", "press")]
        assert decided == expected


def test_a_word_of_the_same_root_with_another_ending_is_shared() -> None:
    assert judging.kin_words("play it faster", ["toggle fast playback", "jump backwards"]) == ["fast", "playback"]
    assert judging.kin_words("más rápido", ["reproducir rápidamente", "saltar hacia atrás"]) == ["rápidamente"]
    assert judging.kin_words("check my password", ["change your passport"]) == []  # alike letters, no shared root


@pytest.mark.parametrize(("goal", "key"), [
    ("play it faster", "2"),  # "fast", another ending
    ("skip ahead", "8"),  # a caller's word for the menu's ("ahead" is "forward")
    ("rewind a little", "7"),
])
def test_the_words_phone_menus_use_for_a_callers_own(similarity: Similarity, goal: str, key: str) -> None:
    options = [Option("1", "switch to record mode"), Option("2", "toggle fast playback"), Option("7", "jump backwards"),
               Option("8", "jump forwards"), Option("0", "help")]
    verdict = judging.verdict(judging.scores(goal, options, "en", similarity, lambda option: False), heard_all=True)
    assert (verdict.decision, verdict.fits[0].option.key) == ("press", key)


def test_a_goal_too_short_to_tell_its_language_is_read_in_the_lines_too(similarity: Similarity) -> None:
    options = [Option("1", "teclear una extensión"), Option("2", "obtener el directorio"), Option("*", "obtener ayuda"),
               Option("#", "salir")]
    # "terminar" alone reads as no language: the caller's English is assumed, the Spanish line's words are known too.
    alone = judging.verdict(judging.scores("terminar", options, "en", similarity, lambda option: False), heard_all=True)
    on_line = judging.verdict(judging.scores("terminar", options, "en", similarity, lambda option: False, line_language="es"),
                              heard_all=True)
    assert alone.decision != "press"
    assert (on_line.decision, on_line.fits[0].option.key) == ("press", "#")


def test_a_spanish_key_the_first_play_lost_is_pressed_after_the_replay(menus: Menus, similarity: Similarity) -> None:
    # Off menus.yaml, a Spanish key waits for a replay to confirm it; when only the replay
    # had it, the quiet after the replay presses it (the replay was the chance to contradict it).
    first = ("Marque el número uno para grabar sus mensajes. Marque el número dos para grabar su mensaje de ocupado. "
             "Marque el número cinco para cambiar su contraseña.")
    replay = ("Marque el número uno para grabar sus mensajes. Marque el número dos para grabar su mensaje de ocupado. "
              "Número tres para grabar su nombre. Marque el número cinco para cambiar su contraseña.")
    listener = LineListener(menus, "grabar mi nombre", language="es", similarity=similarity)
    listener.line_language = "es"
    events = listener.hear(first, 5.0) + listener.hear(replay, 15.0)
    assert pressed(events) == []
    assert pressed(listener.menu_done(20.0)) == ["3"]


def test_a_two_option_menu_played_again_counts_as_replayed(menus: Menus, similarity: Similarity) -> None:
    listener = LineListener(menus, "no quiero contestar", language="es", similarity=similarity)
    listener.line_language = "es"
    said = "Presione uno para aceptar la llamada, o presione dos para rechazarla."
    events = listener.hear(said, 5.0) + listener.hear(said, 12.0) + listener.menu_done(16.0)
    assert listener.current.replayed
    assert pressed(events) == ["2"]


def test_a_number_in_the_goal_picks_the_option_with_that_number(similarity: Similarity) -> None:
    # A directory's matches: "extension 2 0 1" is no fit for "extension 315", however alike the words;
    # a number the line's pause cut short ("3 1") is still the one.
    options = [Option("1", "extension 2 0 1"), Option("2", "extension 3 1"), Option("9", "more entries")]
    for goal, key in (("I'm trying to reach extension 315", "2"), ("two oh one please", "1")):
        verdict = judging.verdict(judging.scores(goal, options, "en", similarity, lambda option: False), heard_all=True)
        assert (verdict.decision, verdict.fits[0].option.key) == ("press", key), goal
    assert judging.numbers("extension 2, 0, 1") == {"201"}
    assert judging.numbers("la extensión tres uno cinco", ("en", "es")) == {"315"}
    assert judging.numbers("the most recent one") == set()  # "one" alone is no number
    folders = [Option("5", "folder 5"), Option("6", "folders six"), Option("7", "folders seven"), Option("#", "cancel")]
    verdict = judging.verdict(judging.scores("open folder six", folders, "en", similarity, lambda option: False), heard_all=True)
    assert (verdict.decision, verdict.fits[0].option.key) == ("press", "6")


def test_a_one_option_menu_said_again_after_a_quiet_counts_as_replayed(menus: Menus, similarity: Similarity) -> None:
    # Off menus.yaml a Spanish key waits for a replay; a menu of one option is replayed too.
    listener = LineListener(menus, "ya terminé y quiero salir", language="es", similarity=similarity)
    listener.line_language = "es"
    said = "Introduzca el nombre del archivo seguido por la tecla de número, o presione la tecla de número para salir."
    events = listener.hear(said, 5.0) + listener.menu_done(8.0) + listener.hear(said, 15.0) + listener.menu_done(18.0)
    assert listener.current.replayed
    assert pressed(events) == ["#"]
