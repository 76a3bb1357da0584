"""The simulated line's logic (pure): prompts from menus.yaml, wrong keys, timeouts, spoken
answers, and where a call ends, by the clock."""

from __future__ import annotations

from datetime import datetime

from assistant.menu import Menus
from assistant.simulated import line as simulated_line

from .conftest import OPEN_TIME

SATURDAY = datetime.fromisoformat("2026-11-28T10:00:00-05:00")
THANKSGIVING = datetime.fromisoformat("2026-11-26T10:00:00-05:00")


def line(menus: Menus, layout: str = "guide-main-menu", now: datetime = OPEN_TIME) -> simulated_line.SimulatedLine:
    return simulated_line.SimulatedLine(menus, next(x for x in menus.layouts if x.id == layout), now)


def test_the_line_greets_and_reads_its_menu_from_the_data(menus: Menus) -> None:
    call = line(menus)
    said = call.answer()
    assert said[0] == menus.simulation.greeting
    assert said[1:] == ['For English, press 1, or say "English".', 'For Spanish (Español), press 2, or say "español".',
                        "To hear these options again, press 9."]
    english = call.press("1")
    assert english[0] == 'For Recent immigration news, press pound, or say "immigration news".'
    assert 'For All other information, press star, or say "other information".' in english


def test_each_call_says_its_options_one_way_from_the_data(menus: Menus) -> None:
    layout = menus.layouts[0]
    said = [simulated_line.SimulatedLine(menus, layout, OPEN_TIME, style=n).answer()[1] for n in range(len(menus.simulation.prompts))]
    assert said == ['For English, press 1, or say "English".', 'Press 1 for English, or say "English".',
                    'If you are calling about English, press 1, or say "English".', 'English, press 1, or say "English".']


def test_the_repeat_key_plays_the_menu_again_without_using_up_a_try(menus: Menus) -> None:
    call = line(menus)
    first = call.answer()
    for _ in range(menus.simulation.tries + 1):
        assert call.press("9") == first[1:]
    assert not call.ended


def test_keys_walk_the_tree_to_an_automated_service(menus: Menus) -> None:
    call = line(menus)
    call.answer()
    call.press("1")
    said = call.press("3")
    assert call.ended and call.landing is not None
    assert call.landing.status == simulated_line.INFORMATION and call.landing.node is not None
    assert call.landing.node.id == "change_address"
    assert said == ["Report a change of address. An automated service answers."]


def test_a_wrong_key_repeats_the_menu_then_the_line_gives_up(menus: Menus) -> None:
    call = line(menus)
    call.answer()
    first = call.press("7")
    assert first[0] == "Sorry, 7 is not one of the choices." and first[1].startswith("For English")
    assert call.press("0")[1].startswith("For English")  # played a third time: tries is 3
    last = call.press("#")
    assert last == ["Sorry, pound is not one of the choices.", menus.simulation.goodbye]
    assert call.landing is not None and call.landing.status == simulated_line.GAVE_UP and call.landing.node is None
    assert call.press("1") == []  # the line has hung up


def test_a_wrong_key_then_the_right_one_still_gets_there(menus: Menus) -> None:
    call = line(menus)
    call.answer()
    call.press("5")
    call.press("1")
    call.no_key()
    call.press("*")
    call.press("#")
    assert call.landing is not None and call.landing.node is not None and call.landing.node.id == "deferred_action"


def test_silence_repeats_the_menu_and_then_ends_the_call(menus: Menus) -> None:
    call = line(menus)
    call.answer()
    assert call.no_key()[0] == "Sorry, I did not hear a choice."
    call.no_key()
    assert call.no_key()[-1] == menus.simulation.goodbye
    assert call.landing is not None and call.landing.status == simulated_line.GAVE_UP


def test_spoken_answers_are_taken_at_spoken_menus(menus: Menus) -> None:
    call = line(menus)
    call.answer()
    call.say("english please")
    assert call.say("uh something else")[0] == "Sorry, I did not understand."
    call.say("change of address")
    assert call.landing is not None and call.landing.node is not None and call.landing.node.id == "change_address"


def test_a_representative_answers_when_agents_are_open(menus: Menus) -> None:
    call = line(menus, "guide-quick-route")
    call.answer()
    for key in "1122":
        said = call.press(key)
    assert call.landing is not None and call.landing.status == simulated_line.CONNECTED
    assert call.landing.who == "Tier 1: Customer Service Representative (CSR)"
    assert said == ["Talk to a representative. Please hold for the next available Customer Service Representative (CSR)."]


def test_outside_live_hours_the_line_says_closed_with_the_hours(menus: Menus) -> None:
    for when, why in ((SATURDAY, "weekend"), (THANKSGIVING, "Thanksgiving Day")):
        call = line(menus, "guide-quick-route", when)
        call.answer()
        for key in "1122":
            said = call.press(key)
        assert call.landing is not None and call.landing.status == simulated_line.CLOSED
        assert "They answer Monday to Friday, 8:00 AM to 8:00 PM, Eastern Time." in said[0]
        assert why in said[1] and "they open" in said[1]


def test_stopping_at_a_menu_that_was_asked_for(menus: Menus) -> None:
    call = line(menus)
    call.answer()
    call.press("1")
    call.press("*")
    call.stop()
    assert call.landing is not None and call.landing.status == simulated_line.MENU and call.landing.node is not None
    assert call.landing.node.id == "other_info"
