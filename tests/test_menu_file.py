"""The validator: the real file passes; each kind of mistake is named with its file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant import menu_file
from assistant.menu_file import MenuError

from .conftest import MENUS_TEXT, run_cli


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, int]:
    """A copy of the real menus.yaml with one edit; returns it and the edited line's number."""
    assert old in MENUS_TEXT, old
    text = MENUS_TEXT.replace(old, new, count)
    path = tmp_path / "menus.yaml"
    path.write_text(text, encoding="utf-8")
    line = MENUS_TEXT[: MENUS_TEXT.index(old)].count("\n") + 1
    return path, line


def problems(path: Path) -> list[str]:
    with pytest.raises(MenuError) as caught:
        menu_file.load(path)
    return caught.value.problems


def test_the_shipped_file_is_valid(menus) -> None:
    assert menus.number == "+18003755283"
    assert menus.tty_number == "+18007671833"
    assert menus.timezone == "America/New_York"
    assert [layout.id for layout in menus.layouts] == ["guide-main-menu", "guide-quick-route"]
    assert all(layout.sources and layout.recorded for layout in menus.layouts)
    main = menus.node("english")
    assert [o.key for o in main.options] == ["#", "1", "2", "3", "4", "5", "6", "8", "*"]
    assert [o.key for o in menus.node("other_info").options] == ["1", "2", "3", "4", "5", "6", "8", "#", "*"]
    assert menus.live_hours.open.hour == 8 and menus.live_hours.close.hour == 20
    assert [alt.close.hour for alt in menus.live_hours_alternatives] == [21]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('key: "3"\n              id: change_address', 'key: "7x"\n              id: change_address', "bad key '7x'"),
        ('key: "5"\n              id: civil_surgeon', 'key: "4"\n              id: civil_surgeon', "key '4' is used twice"),
        ("label: Report a change of address", "label: ''", "has an empty label"),
        ("              id: news\n              label: Recent immigration news\n",
         "              id: news\n", "option 'news' has no 'label'"),
        ("              kind: info\n              answered_by: recording\n              say: immigration news",
         "              kind: menu\n              say: immigration news", "'news' leads nowhere"),
        ("              answered_by: recording\n              say: immigration news",
         "              colour: blue\n              say: immigration news", "unknown field 'colour'"),
        ("  tty_number: \"+18007671833\"", "  tty_number: 18007671833", "'tty_number' in 'line' must be text"),
        ("timezone: America/New_York", "timezone: America/Gotham", "bad time zone 'America/Gotham'"),
        ('    open: "08:00"\n    close: "20:00"', '    open: "20:00"\n    close: "08:00"', "end (08:00) before they start (20:00)"),
        ('    open: "08:00"\n    close: "20:00"', '    open: 8:00\n    close: "20:00"', 'must be a quoted time like "08:00"'),
        ("id: legal_help", "id: forms", "id 'forms' is used twice"),
        ("{name: \"Labor Day\", month: 9, weekday: mon, nth: 1}", "{name: \"Labor Day\", month: 13, weekday: mon, nth: 1}",
         "month 13 of holiday 'Labor Day' is not 1 to 12"),
        ("  - topic: tty\n", "  - topic: weather\n", "answer 'weather' has no 'say'"),
        ("    wait_minutes: 25\n", "    wait_minutes: 0\n", "'wait_minutes' is 0; give 1 to 600"),
        ("    every_s: 12\n", "    every_s: twelve\n", "'every_s' in 'simulation.hold' must be"),
        ("{name: \"Labor Day\", month: 9, weekday: mon, nth: 1}", "{name: \"Labor Day\", month: 9, weekday: mon, nth: 9}",
         "'nth' of holiday 'Labor Day' must be 1 to 5 or last"),
        ("{name: \"Labor Day\", month: 9, weekday: mon, nth: 1}", "{name: \"Labor Day\", month: 9, weekday: monday, nth: 1}",
         "unknown day 'monday' in holiday 'Labor Day'"),
        ("{name: \"Labor Day\", month: 9, weekday: mon, nth: 1}", "{name: \"Labor Day\", month: 2, day: 30}",
         "day 30 of holiday 'Labor Day' is not a day of month 2"),
        ('    recorded: "2026-11-27"', "    recorded: 2026-11-27", "must be a date in quotes, like \"2026-11-27\""),
        ("                - any news from uscis\n", "                - 3\n", "'phrases' in option 'news' holds the int 3"),
        ('  ios: {pause_ms: 2000, refuses: "*#"}', '  ios: {pause_ms: 2000, refuses: "*#x"}',
         "'refuses' in 'dial.phones.ios' may only hold keys"),
        ("id: legal_help", "id: Legal-Help", "id 'Legal-Help' must be lower-case letters, digits and _"),
        ("  after_answer_ms: 3000", "  after_answer_ms: 99000", "'after_answer_ms' is 99000; give milliseconds from 0 to 60000"),
    ],
    ids=["bad-key", "duplicate-key", "empty-label", "missing-label", "leads-nowhere", "unknown-field",
         "wrong-type", "bad-timezone", "hours-reversed", "unquoted-time", "duplicate-id", "bad-month", "bad-topic",
         "hold-wait", "hold-every", "bad-nth", "bad-weekday", "no-such-day", "unquoted-date", "phrase-not-text",
         "refuses-non-key", "bad-id", "pause-too-long"],
)
def test_each_kind_of_mistake_is_named_with_its_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    path, line = broken(tmp_path, old, new)
    found = problems(path)
    assert any(message in p for p in found), found
    hit = next(p for p in found if message in p)
    assert hit.startswith(f"{path}:")
    reported_line = int(hit.split(":")[1])
    assert 0 <= line - reported_line <= 3 or reported_line - line in (0, 1), (hit, line)  # the field, or its option


def test_goto_to_a_missing_node_leads_nowhere(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "              kind: info\n              answered_by: recording\n              say: immigration news",
                     "              goto: espanol_menu\n              say: immigration news")
    assert any("goes to 'espanol_menu', which does not exist" in p for p in problems(path))


def test_a_cycle_is_refused(tmp_path: Path) -> None:
    # News leads back to the English menu it is part of: a caller would go round forever.
    path, _ = broken(tmp_path, "              kind: info\n              answered_by: recording\n              say: immigration news",
                     "              goto: english\n              say: immigration news")
    found = problems(path)
    assert any("leads back to 'english'" in p and "cycle" in p for p in found), found


def test_a_menu_without_options_leads_nowhere(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "              kind: info\n              answered_by: recording\n              say: immigration news",
                        "              options: []\n              say: immigration news")
    assert f"{path}:{line}: option 'news' is a menu with no options: the route leads nowhere" in problems(path)


def test_duplicate_field_in_one_mapping(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "  timezone: America/New_York\n", "  timezone: America/New_York\n  timezone: Europe/Paris\n")
    found = problems(path)
    assert f"{path}:{line + 1}: field 'timezone' given twice (first on line {line})" in found


def test_unquoted_pound_key_gets_a_hint(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, 'key: "#"\n              id: news', "key: #\n              id: news")
    assert any("write the keys * and # in quotes" in p for p in problems(path))


def test_unquoted_star_key_gets_a_hint(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, 'key: "*"\n              id: other_info', "key: *\n              id: other_info")
    assert any("quotes" in p for p in problems(path))


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 10):
        bomb.append(f"{chr(97 + n)}: &{chr(97 + n)} [{', '.join(['*' + chr(96 + n)] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(bomb) + "\n")
    found = problems(path)
    assert len(found) == 1 and "YAML aliases (*name) are not allowed" in found[0]


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(MENUS_TEXT + "#" * 1_100_000)
    assert "larger than 1,000,000 bytes" in problems(path)[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"line: [unclosed\n", "not valid YAML"), (b"\xff\xfe\x00", "not UTF-8"),
     (b"- just\n- a list\n", "the file must be a mapping"), (b"schema: 2\n", "schema 2 is not known")],
    ids=["empty", "not-yaml", "not-utf8", "a-list", "unknown-schema"],
)
def test_files_that_are_not_menus(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "menus.yaml"
    path.write_bytes(content)
    assert any(message in p for p in problems(path)), problems(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "no such file" in problems(tmp_path / "nope.yaml")[0]
    assert "is a folder" in problems(tmp_path)[0]


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "menus.yaml"
    path.write_text(MENUS_TEXT)
    path.chmod(0)
    tmp_path.chmod(0o755)
    if os.geteuid() != 0:
        assert "cannot be read" in problems(path)[0]
        return
    # root reads anything: read it as the unprivileged user 'nobody' for this one call.
    os.seteuid(65534)
    try:
        found = problems(path)
    finally:
        os.seteuid(0)
    assert found == [f"{path}: cannot be read (Permission denied); check its permissions"]


def test_menu_check_command_lists_every_problem(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "timezone: America/New_York", "timezone: Mars/Olympus")
    path.write_text(path.read_text().replace('key: "3"\n', 'key: "3x"\n', 1))
    result = run_cli("menu", "check", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any("bad time zone 'Mars/Olympus'" in line for line in lines)
    assert any("bad key '3x'" in line for line in lines)
    assert lines[-1] == "assistant: 2 problems found; the assistant will not start on this file"
    assert "Traceback" not in result.stderr


def test_menu_check_passes_on_the_real_file() -> None:
    result = run_cli("menu", "check")
    assert result.returncode == 0
    assert "OK: 2 layouts" in result.stdout


def test_the_assistant_refuses_to_start_on_a_broken_file(tmp_path: Path) -> None:
    path, line = broken(tmp_path, 'key: "3"\n', 'key: "7x"\n')
    for args in (["route", "i moved", "--menus", str(path)], ["text", "--menus", str(path)]):
        result = run_cli(*args, stdin="i moved\n")
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.startswith(f"assistant: {path}:{line}: bad key '7x'")
        assert len(result.stderr.strip().splitlines()) == 1


def test_environment_variable_and_flag_choose_the_file(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "label: Report a change of address", "label: Tell us your new address")
    via_env = run_cli("route", "--json", "i moved", env={"ASSISTANT_MENUS": str(path)})
    via_flag = run_cli("route", "--json", "i moved", "--menus", str(path))
    assert '"label": "Tell us your new address"' in via_env.stdout
    assert '"label": "Tell us your new address"' in via_flag.stdout


def test_menu_show_prints_the_tree() -> None:
    result = run_cli("menu", "show")
    assert result.returncode == 0
    assert "press star: All other information (menu) [other_info]" in result.stdout
    assert "    press pound: Deferred action (information) [deferred_action]" in result.stdout
    assert "sources: a public guide to reaching a live person at USCIS; a government help page" in result.stdout


def test_the_schema_is_a_valid_json_schema_that_editors_are_pointed_at() -> None:
    import jsonschema_rs

    from assistant import menu_schema

    assert jsonschema_rs.meta.is_valid(menu_schema.schema())
    first = MENUS_TEXT.splitlines()[0]
    assert first == "# yaml-language-server: $schema=assistant/menus.schema.json"
    assert (menu_schema.SCHEMA.parent.parent / first.split("=", 1)[1]).exists()


def test_the_schema_and_the_code_agree_on_the_words_they_share() -> None:
    from datetime import UTC, datetime

    from assistant import answers, menu_schema
    from assistant.menu import BUILT_IN_TOPICS, WEEKDAYS

    assert menu_schema.enum("$defs", "weekday") == WEEKDAYS
    menus = menu_file.load()
    now = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)
    for topic in [*BUILT_IN_TOPICS, *(answer.topic for answer in menus.answers)]:
        assert answers.topic_answer(menus, topic, now)  # every topic the file may name has an answer
    kinds = menu_schema.enum("$defs", "node", "properties", "kind")
    assert {node.kind for layout in menus.layouts for node in layout.root.walk()} <= set(kinds)


def test_every_field_of_the_file_is_described_by_the_schema() -> None:
    """A field the schema does not know is refused, so the schema must know every field in use."""
    from assistant import menu_schema

    top = menu_schema.schema()["properties"]
    import yaml

    assert set(yaml.safe_load(MENUS_TEXT)) == set(top)


def test_every_option_and_answer_speaks_every_language_of_the_file(tmp_path: Path) -> None:
    spanish_label = "                  es:\n                    label: Acción diferida\n"
    path, _ = broken(tmp_path, spanish_label + "                    say: acción diferida\n", spanish_label)
    assert any("the Spanish words of option 'deferred_action' have no 'say' (the English ones do)" in p for p in problems(path))
    start = MENUS_TEXT.index("                  id: deferred_action")
    block = MENUS_TEXT[start:MENUS_TEXT.index("                  kind: info", start)]
    spanish = block[block.index("                  es:"):]
    path.write_text(MENUS_TEXT.replace(spanish, "", 1))
    assert any("option 'deferred_action' has no Spanish words (es: label: ...)" in p for p in problems(path))
    path.write_text(MENUS_TEXT.replace("languages: [en, es]", "languages: [en, fr]"))
    assert any("'languages' in the file is 'fr'; the languages are en, es" in p or "languages" in p for p in problems(path))
    path.write_text(MENUS_TEXT.replace("    es:\n      title: Menú principal tal como lo publica la guía\n", "", 1))
    assert any("layout 'guide-main-menu' has no Spanish title (es: title: ...)" in p for p in problems(path))
    assert menu_file.load().layouts[0].title_in("es") == "Menú principal tal como lo publica la guía"
    # An English-only file needs no Spanish.
    path.write_text(MENUS_TEXT.replace("languages: [en, es]", "languages: [en]"))
    assert menu_file.load(path).languages == ("en",)


def test_a_language_branch_mirrors_a_menu_that_exists(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "          mirrors: english\n", "          mirrors: englsh\n")
    assert any("option 'spanish' mirrors 'englsh', which is not a menu of this file" in p for p in problems(path))
    path, _ = broken(tmp_path, "          language: es\n          mirrors: english\n", "          mirrors: english\n")
    assert any("give the language it speaks" in p for p in problems(path))


def test_the_spanish_words_are_read_beside_the_english(tmp_path: Path) -> None:
    menus = menu_file.load()
    assert menus.languages == ("en", "es")
    address = menus.node("change_address")
    assert address.words("es").label == "Informar un cambio de dirección" and address.words("es").say == "cambio de dirección"
    assert address.words("en").label == "Report a change of address"
    spanish = menus.node("spanish")
    assert spanish.kind == "menu" and spanish.language == "es" and spanish.mirrors == "english"
    hours = next(a for a in menus.answers if a.topic == "hours")
    assert "a qué hora cierran" in hours.phrases_in("es") and hours.phrases_in("en") == hours.phrases


def test_the_spanish_section_says_everything_the_english_parts_say(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "    - todas las cartas y avisos que USCIS le ha enviado\n", "")
    assert any("'es.checklist' has 6 entries; the English one has 7: give each in Spanish" in p for p in problems(path))
    path, _ = broken(tmp_path, "    \"Labor Day\": Día del Trabajo\n", "")
    assert any("'es.federal_holidays' has no Spanish name for 'Labor Day'" in p for p in problems(path))
    texts = menu_file.load().texts("es")
    assert texts.holiday("Labor Day") == "Día del Trabajo" and texts.tier("tier2").short == "Nivel 2"
    assert texts.prompts[0] == "Para {label}, oprima {key}."


def test_a_phrase_given_to_two_options_is_refused(tmp_path: Path) -> None:
    form = "                - mail me a form\n"
    path, _ = broken(tmp_path, form, form + "                - Tell immigration I moved\n")
    assert any("the phrase 'Tell immigration I moved' of option 'forms' is also one of option 'change_address'" in p
               or "the phrase 'tell immigration i moved' of option 'change_address' is also one of option 'forms'" in p
               for p in problems(path)), problems(path)
