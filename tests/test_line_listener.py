"""The live-line listener's decisions (pure): text the line says in, events out. The line here is
the simulated one, both as menus.yaml has it and as bench/changed-line.yaml changes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.line import heard_store, learn
from assistant.line.listener import LineEvent, LineListener
from assistant.line.options import Option
from assistant.menu import Menus, Node
from assistant.simulated import line as simulated_line
from bench.changed_line import changed_menus

from .conftest import OPEN_TIME, ROOT


def hear_menu(listener: LineListener, sentences: list[str], at: float) -> tuple[list[LineEvent], str | None, float]:
    """The listener hears a menu sentence by sentence until it presses (the key, or None and the menu done)."""
    events: list[LineEvent] = []
    for sentence in sentences:
        at += 3
        new = listener.hear(sentence, at)
        events += new
        pressed = next((e.key for e in new if e.event == "press"), None)
        if pressed:
            listener.pressed(pressed)
            return events, pressed, at
    return events + listener.menu_done(at + 3), None, at


def walk(listener: LineListener, line: Menus, goal_layout: str | None = None, style: int = 0) -> tuple[list[LineEvent], list[str]]:
    """The listener hears each menu of `line` sentence by sentence and presses as it decides."""
    node: Node | None = line.layouts[0].root if goal_layout is None else next(x for x in line.layouts if x.id == goal_layout).root
    events: list[LineEvent] = []
    keys: list[str] = []
    at = 0.0
    template = line.simulation.prompts[style]
    while node is not None and node.kind == "menu":
        heard, pressed, at = hear_menu(listener, simulated_line.option_sentences(node, template, line.simulation.repeat_key), at)
        events += heard
        if pressed is None:
            break
        keys.append(pressed)
        chosen = next(option for option in node.options if option.key == pressed)
        node = line.node(chosen.goto) if chosen.goto else chosen
    return events + listener.finish(at + 5), keys


@pytest.fixture(scope="module")
def changed() -> Menus:
    return changed_menus()


def test_it_presses_the_route_of_menus_yaml_as_soon_as_the_option_is_heard(menus: Menus) -> None:
    events, keys = walk(LineListener(menus, "I moved"), menus)
    assert keys == ["1", "3"]
    options = [e for e in events if e.event == "option"]
    # It pressed 3 without waiting for the rest of the menu: the options after 3 were never heard.
    assert [o.key for o in options] == ["1", "#", "1", "2", "3"]
    assert not [e for e in events if e.event in ("changed", "ask")]


@pytest.mark.parametrize("style", range(4))
def test_on_a_changed_line_it_follows_what_it_hears_not_the_data(menus: Menus, changed: Menus, style: int) -> None:
    events, keys = walk(LineListener(menus, "I moved"), changed, style=style)
    assert keys == ["1", "2"]  # change of address moved from 3 to 2 on the changed line
    moved = [e for e in events if e.event == "changed"]
    assert [(e.key, e.change) for e in moved] == [("3", "moved"), ("2", "moved")]
    assert "menus.yaml has it on key 2" in (moved[0].text or "")


def test_the_quick_route_to_a_person_is_pressed_key_by_key(menus: Menus) -> None:
    _events, keys = walk(LineListener(menus, "let me talk to a human"), menus, goal_layout="guide-quick-route")
    assert keys == ["1", "1", "2", "2"]


def test_a_sub_menu_on_the_way_is_pressed_and_a_moved_option_inside_it_found(menus: Menus, changed: Menus) -> None:
    _events, keys = walk(LineListener(menus, "question about my priority date"), changed)
    assert keys == ["1", "*", "3"]


def test_when_nothing_fits_it_asks_and_presses_nothing(menus: Menus) -> None:
    events, keys = walk(LineListener(menus, "I need a lawyer"), menus, goal_layout="guide-quick-route")
    assert keys == ["1"] or keys == []
    asks = [e for e in events if e.event == "ask"]
    assert asks and "None of these fits" in (asks[-1].text or "")


def test_without_a_clear_goal_it_only_shows_the_options(menus: Menus) -> None:
    listener = LineListener(menus, "tell me a joke")
    assert listener.goal is None
    events = listener.hear('For English, press 1, or say "English". For Spanish (Español), press 2.', 1.0)
    assert [e.event for e in events] == ["option", "option"]


def test_each_option_is_announced_once_when_the_menu_plays_again(menus: Menus) -> None:
    listener = LineListener(menus)
    prompt = simulated_line.prompt(menus.layouts[0].root, repeat_key="9")
    first = listener.hear(prompt, 1.0)
    again = listener.hear(prompt, 9.0)
    assert [e.key for e in first if e.event == "option"] == ["1", "2", "9"]
    assert again == []


def test_two_options_on_one_key_or_a_half_heard_option_are_never_pressed(menus: Menus) -> None:
    listener = LineListener(menus, "I moved")
    listener.hear("For English, press 1.", 1.0)
    listener.pressed("1")
    assert listener.hear("Press 3.", 2.0) == []  # its label may follow after the pause ("For English.")
    events = listener.hear("Please listen carefully.", 2.5)  # it did not: the label was lost in noise
    assert [e.event for e in events] == ["option", "note"] and "not what it is for" in (events[1].text or "")
    events = listener.hear("For change of address, press 2. For legal help, press 2.", 3.0)
    assert "press" in [e.event for e in events]  # 2 fits, and was pressed as soon as it was heard
    listener = LineListener(menus, "I moved")
    listener.hear("For English, press 1.", 1.0)
    listener.pressed("1")
    events = listener.hear("For legal help, press 3. For a change of address, press 3.", 3.0)
    assert "press" not in [e.event for e in events]
    assert any(e.event == "ask" and "twice" in (e.text or "") for e in events)


def test_two_fitting_options_make_a_question(menus: Menus) -> None:
    listener = LineListener(menus, "I moved")
    listener.hear("For English, press 1.", 1.0)
    listener.pressed("1")
    # Both fit the goal; the first is heard while the listener is still unsure of its wording.
    listener.current.options.append(Option("5", "update your address"))
    asked = listener.hear("For a change of address, press 4.", 2.0)
    assert [e.event for e in asked] == ["option", "ask"]
    assert "5 (update your address) or 4 (a change of address)" in (asked[-1].text or "")


def test_a_spoken_menu_gets_the_words_to_say(menus: Menus) -> None:
    listener = LineListener(menus, "my green card never came")
    events = listener.hear("Welcome. In a few words, tell me why you're calling.", 1.0)
    assert [(e.event, e.text) for e in events] == [("say", "case status")]
    listener = LineListener(menus, "I moved")
    events = listener.hear("Please say case status, change of address, or forms.", 1.0)
    assert [(e.event, e.text) for e in events if e.event == "say"] == [("say", "change of address")]


def test_a_line_that_says_no_options_gets_a_clear_line_and_no_key(menus: Menus) -> None:
    listener = LineListener(menus, "I moved")
    events = listener.hear("Your call is important to us. Please stay on the line.", 5.0) + listener.finish(60.0)
    assert [e.event for e in events] == ["note"] and "no options" in (events[0].text or "")


def test_a_menu_heard_to_the_end_reports_what_it_left_out(menus: Menus, changed: Menus) -> None:
    listener = LineListener(menus)
    listener.hear(simulated_line.prompt(changed.layouts[0].root), 1.0)
    listener.pressed("1")
    for sentence in simulated_line.option_sentences(changed.node("english"), repeat_key="9"):
        listener.hear(sentence, 2.0)
    events = listener.menu_done(30.0)
    missing = [e for e in events if e.change == "missing"]
    assert [(e.key, e.menu) for e in missing] == [("8", "english")]


def test_learn_turns_the_heard_menus_into_a_menus_file_that_routes_to_the_new_keys(menus: Menus, changed: Menus,
                                                                                  tmp_path: Path) -> None:
    from assistant import menu_file
    from assistant.dialogue import Assistant

    calls = []
    for goal in ("I moved", "my green card never came", "question about my priority date"):
        listener = LineListener(menus, goal)
        walk(listener, changed)
        calls.append(heard_store.from_listener(listener, OPEN_TIME))
    # One call listened to the whole main menu, to the end.
    listener = LineListener(menus)
    listener.hear(simulated_line.prompt(changed.layouts[0].root), 1.0)
    listener.pressed("1")
    listener.hear(simulated_line.prompt(changed.node("english"), repeat_key="9"), 2.0)
    listener.menu_done(30.0)
    calls.append(heard_store.from_listener(listener, OPEN_TIME))
    store = tmp_path / "heard.json"
    for call in calls:  # through the file, as `line learn` reads it
        heard_store.save_call(call, store)
    text, changes = learn.proposal(ROOT / "menus.yaml", heard_store.load(store))
    proposed = menu_file.parse(text, "proposal.yaml")
    assistant = Assistant(proposed)
    assert assistant.respond("I moved", OPEN_TIME).keys == ["1", "2"]
    assert assistant.respond("my green card never came", OPEN_TIME).keys == ["1", "3"]
    assert assistant.respond("question about my priority date", OPEN_TIME).keys == ["1", "*", "3"]
    assert proposed.node("change_address").source == "heard on the line on 2026-11-30"
    assert any("no longer offered" in change and "Freedom of Information" in change for change in changes)
    assert any("new option 7" in change for change in changes)
    assert "foia_fraud" not in {node.id for node in proposed.nodes()}
    assert "source: heard on the line on 2026-11-30" in text
    assert "I moved" not in store.read_text()  # the caller's words are never kept


def test_a_label_that_follows_its_key_after_a_pause_is_waited_for(menus: Menus) -> None:
    listener = LineListener(menus, "I moved")
    assert listener.hear("Thank you for calling.", 1.0) == []
    assert listener.hear("Press 1.", 2.0) == []
    events = listener.hear("For English, or say English.", 3.0)
    assert [(e.event, e.key, e.label) for e in events] == [("option", "1", "english"), ("press", "1", "english")]


def test_a_label_before_a_pause_wins_over_words_after_the_key(menus: Menus) -> None:
    """'If you are calling about English,' (pause) 'press 1, or say English' heard as 'Press 1 for
    saying blish': the words before the pause are the label."""
    listener = LineListener(menus, "I moved")
    assert listener.hear("If you are calling about English.", 1.0) == []
    events = listener.hear("Press 1 for saying blish.", 2.0)
    assert [(e.event, e.key, e.label) for e in events] == [("option", "1", "english"), ("press", "1", "english")]


def test_an_option_is_read_by_its_label_or_by_the_words_the_line_takes_for_it(menus: Menus) -> None:
    listener = LineListener(menus)
    english = menus.node("english")
    forms = next(option for option in english.options if option.key == "1")
    # The label misheard, its spoken words clear: the words say which option it is.
    assert listener.option_meaning(Option("1", "ask for target", "order a form"), english) is forms
    assert listener.option_meaning(Option("1", "ask for or get a uscis form", None), english) is forms
    # Label and words that point at two different options: neither is trusted.
    assert listener.option_meaning(Option("1", "report a change of address", "order a form"), english) is None


def test_a_label_with_its_spoken_words_run_into_it_is_read_by_its_parts(menus: Menus) -> None:
    listener = LineListener(menus)
    language = menus.node("language")
    assert listener.meaning("english or english", language) is not None
    assert listener.meaning("english or english", language) is listener.meaning("english", language)
    assert listener._read_parts("english or spanish", language) is None  # two options: no reading by parts


def test_whisper_is_told_the_words_of_the_menu_the_line_is_reading(menus: Menus) -> None:
    from assistant.line.hearing import line_prompt, menu_prompt

    other = menus.node("other_info")
    prompt = menu_prompt(menus, other)
    for option in other.options:
        assert (option.say or option.label).lower() in prompt.lower()
    assert "options again" in prompt
    assert prompt != line_prompt(menus)


def walk_line(listener: LineListener, line: Menus,
              layout_id: str | None = None) -> tuple[list[LineEvent], list[str], simulated_line.SimulatedLine]:
    """The simulated line as it talks (its Spanish branch in Spanish): each sentence heard, each key pressed."""
    layout = line.layouts[0] if layout_id is None else next(x for x in line.layouts if x.id == layout_id)
    simulated = simulated_line.SimulatedLine(line, layout, OPEN_TIME)
    said, events, keys, at = simulated.answer(), [], [], 0.0
    while said and not simulated.ended and len(keys) < 6:
        heard, pressed, at = hear_menu(listener, said, at)
        events += heard
        if pressed is None:
            break
        keys.append(pressed)
        said = simulated.press(pressed)
    return events, keys, simulated


def test_a_spanish_caller_is_taken_through_the_spanish_branch(menus: Menus) -> None:
    listener = LineListener(menus, "me mudé", language="es")
    assert listener.goal is not None and listener.goal.id == "change_address"
    events, keys, line = walk_line(listener, menus)
    assert keys == ["2", "3"]
    assert listener.line_language == "es"
    assert line.landing is not None and line.landing.node is not None and line.landing.node.id == "change_address"
    assert not [e for e in events if e.event in ("changed", "ask")]  # the Spanish labels are the menu's own
    heard = [e.label for e in events if e.event == "option" and e.key == "3"]
    assert heard and heard[-1] == "informar un cambio de dirección"


def test_the_spanish_branch_heard_changed_is_told_in_spanish(menus: Menus) -> None:
    listener = LineListener(menus, "me mudé", language="es")
    listener.hear('For Spanish (Español), press 2, or say "español".', 1.0)
    listener.pressed("2")
    events = listener.hear("Para noticias recientes de inmigración, oprima 5.", 4.0)
    changed = [e for e in events if e.event == "changed"]
    assert changed and changed[0].change == "moved" and changed[0].text is not None
    assert changed[0].text.startswith("Cambió:"), changed[0].text
    events = listener.hear("Para informar un cambio de dirección, oprima 7.", 7.0)
    # Off menus.yaml's key, in a language the line is heard less well in: a misheard digit looks
    # just the same, so the key waits for the menu's replay to say it again.
    assert [e.key for e in events if e.event == "press"] == []
    listener.hear("Para noticias recientes de inmigración, oprima 5.", 10.0)
    events = listener.hear("Para informar un cambio de dirección, oprima 7.", 13.0)
    assert [e.key for e in events if e.event == "press"] == ["7"]


def test_a_changed_key_heard_once_in_english_is_pressed_at_once(menus: Menus) -> None:
    listener = LineListener(menus, "I moved")
    listener.hear('For English, press 1, or say "English".', 1.0)
    listener.pressed("1")
    events = listener.hear("To report a change of address, press 7.", 4.0)
    assert [e.key for e in events if e.event == "press"] == ["7"]


def test_what_the_listener_says_is_in_the_callers_language(menus: Menus) -> None:
    quiet = LineListener(menus, "me mudé", language="es")
    notes = [e.text for e in quiet.finish(10.0) if e.event == "note"]
    assert notes and notes[0] is not None and notes[0].startswith("No oí ninguna opción"), notes
    english = LineListener(menus, "I moved")
    assert (english.finish(10.0)[0].text or "").startswith("I heard no options")


def test_learn_keeps_the_menus_file_as_written_outside_what_it_changes() -> None:
    """The proposal is the user's file with the heard change made: every comment, quote, blank line
    and the order of everything else stay byte for byte."""
    import difflib

    from assistant import menu_file

    original = (ROOT / "menus.yaml").read_text(encoding="utf-8")
    moved = heard_store.KeptOption("7", "Report a change of address", None, "change_address")
    call = heard_store.KeptCall("2026-11-30", (heard_store.KeptMenu("english", False, (moved,)),))
    text, changes = learn.proposal(ROOT / "menus.yaml", [call])
    assert changes == ['english: "Report a change of address" moved from key 3 to 7']
    header = learn.HEADER.format(name="menus.yaml")
    assert text.startswith(header)
    before, after = original.splitlines(keepends=True), text[len(header):].splitlines(keepends=True)
    edits = [(tag, before[i1:i2], after[j1:j2])
             for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes() if tag != "equal"]
    # The option's key, and the source of the change after its last field: nothing else.
    assert edits == [("replace", ['            - key: "3"\n'], ['            - key: "7"\n']),
                     ("insert", [], ["              source: heard on the line on 2026-11-30\n"])], edits
    assert menu_file.parse(text, "proposal.yaml").node("change_address").key == "7"


def test_a_key_named_twice_is_never_pressed_even_when_one_of_its_labels_fits(menus: Menus) -> None:
    listener = LineListener(menus, "I moved")
    listener.pressed("1")  # the English menu
    events = listener.hear("Press 4 for the nearest office. Press 4 to report a change of address.", 3.0)
    events += listener.menu_done(20.0)
    assert not [e for e in events if e.event == "press"]
    assert any(e.event == "ask" and "twice" in (e.text or "") for e in events)


def test_a_replay_that_loses_the_end_of_a_label_is_the_same_option(menus: Menus) -> None:
    # The replay's first option cut short is no second option on key 1 (which would be a question):
    # the menu is playing again.
    listener = LineListener(menus, "grabar mi nombre", language="es")
    listener.line_language = "es"
    events = listener.hear("Marque el número uno para grabar sus mensajes que en este momento no esté libre. "
                           "Marque el número dos para grabar su mensaje de ocupado.", 5.0)
    events += listener.hear("Marque el número 1 para grabar sus mensajes.", 20.0)
    assert not [e for e in events if e.event == "ask"]
    assert listener.current.replayed


def test_a_menu_said_from_single_words_is_read_across_its_pauses(menus: Menus) -> None:
    # Asterisk says "press", "0", "for", "new", "messages" from single recordings, with a pause
    # after each: Whisper hears "Press." "0." "For new messages." and, "for" sounding like "four",
    # "Press." "1." "4. Old." The key and label belong together across those pauses.
    listener = LineListener(menus, "the ones I already listened to")
    heard = ["Change to which folder.", "Press.", "0.", "For new messages.", "Press.", "1.", "4. Old.", "Messages.",
             "Press.", "2.", "4. Work messages.", "Press.", "4.", "Friends."]
    events = [event for n, said in enumerate(heard) for event in listener.hear(said, float(n))]
    options = [(e.key, e.label) for e in events if e.event == "option"]
    assert options == [("0", "new messages"), ("1", "old"), ("2", "work messages"), ("4", "friends")]
    events += listener.hear("Or pound to cancel.", 20.0) + listener.menu_done(30.0)
    assert [e.key for e in events if e.event == "press"] == ["1"]


def test_a_conference_menu_said_from_phrases_is_read_across_its_pauses(menus: Menus) -> None:
    # ConfBridge says "press", "1", "to mute or unmute yourself"; "for" alone is heard as "Four.";
    # "two to leave" as "To leave"; and one option puts its key last: "To reset ..., press." "5."
    listener = LineListener(menus)
    heard = ["Press.", "1.", "To mute or unmute yourself.", "Press.", "To leave the conference.", "Press.", "3.", "Four.",
             "Speed dial.", "To reset the audio volume to the default level, press.", "5.", "Press.", "8. To exit the menu."]
    events = [event for n, said in enumerate(heard) for event in listener.hear(said, float(n))]
    events += listener.menu_done(20.0)
    options = [(e.key, e.label) for e in events if e.event == "option"]
    assert options == [("1", "mute or unmute yourself"), ("2", "leave the conference"), ("3", "speed dial"),
                       ("5", "reset the audio volume to the default level"), ("8", "exit the menu")]


def test_a_stretch_with_a_verb_and_a_number_is_no_label_for_the_next_key(menus: Menus) -> None:
    # "To check voicemail, dial extension 8500." is an instruction, not the start of the next option's label.
    listener = LineListener(menus)
    events = listener.hear("To check voicemail for the user, dial extension 8500 to enter the voicemail system.", 1.0)
    events += listener.hear("You can press the pound key to disconnect from the PBX.", 5.0)
    assert [(e.key, e.label) for e in events if e.event == "option"] == [("#", "disconnect from the pbx")]
