"""Issue 13: every fact has a source and a date, the new needs are answered from them, and
"Where does that come from?" names them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import provenance
from assistant.dialogue import Assistant, Conversation, Reply
from assistant.intents import Match
from assistant.menu import Menus

from .conftest import MENUS_TEXT, OPEN_TIME, run_cli
from .test_menu_file import broken, problems

# -- the data: a fact without a source, or a source without a date, is refused ----------------------

FACTS_WITHOUT_SOURCES = [
    ("  sources: [guide, contact-center-explainer]\n  # From outside", "  # From outside", "'line' has no 'sources'"),
    ("    number: \"+12126203418\"\n    sources: [contact-center-explainer]\n", "    number: \"+12126203418\"\n",
     "'line.international' has no 'sources'"),
    ("      - number: \"+12126206418\"\n        sources: [firm-page]\n", "      - number: \"+12126206418\"\n",
     "a disputed number in 'line.international' has no 'sources'"),
    ("    close: \"24:00\"\n    sources: [guide, contact-center-explainer]\n", "    close: \"24:00\"\n", "'hours.ivr' has no 'sources'"),
    ("    sources: [practitioner-notes, contact-center-explainer]\n", "", "'hours.live_agents' has no 'sources'"),
    ("        close: \"21:00\"\n        sources: [guide]\n", "        close: \"21:00\"\n",
     "an alternative in 'hours.live_agents' has no 'sources'"),
    ("  sources: [us-code-holidays]\n", "", "'federal_holidays' has no 'sources'"),
    ("  sources: [dialing-notes]\n", "", "'dial' has no 'sources'"),
    ("    explain: the letter A, then 8 or 9 digits\n    sources: [guide]\n", "    explain: the letter A, then 8 or 9 digits\n",
     "'identifiers.a_number' has no 'sources'"),
    ("  - id: tier2\n    sources: [guide]\n", "  - id: tier2\n", "tier 'tier2' has no 'sources'"),
    ("service_request:\n  sources: [guide]\n", "service_request:\n", "'service_request' has no 'sources'"),
    ("checklist:\n  sources: [guide]\n", "checklist:\n", "'checklist' has no 'sources'"),
    ("    detail: the official page\n    sources: [guide]\n", "    detail: the official page\n",
     "channel 'USCIS on Facebook' has no 'sources'"),
    ("    sources: [policy-manual-expedite, expedite-update-2024, when-to-call]\n", "", "answer 'expedite' has no 'sources'"),
    ("    sources: [guide, gov-help-page]  # the guide's quick route", "    # the guide's quick route",
     "layout 'guide-quick-route' has no 'sources'"),
]


@pytest.mark.parametrize(("old", "new", "message"), FACTS_WITHOUT_SOURCES,
                         ids=[message.split(" has")[0] for _, _, message in FACTS_WITHOUT_SOURCES])
def test_menu_check_refuses_a_fact_without_sources(tmp_path: Path, old: str, new: str, message: str) -> None:
    path, _ = broken(tmp_path, old, new)
    found = problems(path)
    assert any(message in p for p in found), found


def test_every_fact_section_of_the_file_is_in_that_list(menus: Menus) -> None:
    """A new fact section must come with its own refusal test above (the facts list is the file's)."""
    named = " ".join(message.split(" has")[0] for _, _, message in FACTS_WITHOUT_SOURCES)
    for fact, _ in menus.facts:
        if fact.startswith("answers."):
            continue
        words = {"hours.live_agents.alternatives": "alternative", "identifiers": "identifiers.", "tiers": "tier ",
                 "channels": "channel "}
        assert words.get(fact, f"'{fact}'") in named, fact


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  sources: [dialing-notes]\n", "  sources: [phone-notes]\n", "unknown source 'phone-notes'; list it under 'sources'"),
        ("  sources: [dialing-notes]\n", "  sources: []\n", "'dial' names no source"),
        ("  sources: [dialing-notes]\n", "  sources: dialing-notes\n", "'sources' of 'dial' must be a list of source ids"),
        ("    checked: \"2026-11-27\"\n    es:\n      name: una guía", "    es:\n      name: una guía",
         "source 'guide' has no 'checked'"),
        ("    checked: \"2026-11-27\"\n    es:\n      name: una guía", "    checked: \"last year\"\n    es:\n      name: una guía",
         "'checked' in source 'guide' is 'last year'; write a date like \"2026-11-27\""),
        ("    checked: \"2026-11-27\"\n    es:\n      name: una guía", "    checked: \"2026-02-30\"\n    es:\n      name: una guía",
         "'checked' of source 'guide' is '2026-02-30', which is not a day"),
        ("  sources: [dialing-notes]\n", "  sources: [guide]\n", "source 'dialing-notes' backs no fact"),
        ("    route: representative\n    say: >-\n      USCIS speeds", "    route: agent\n    say: >-\n      USCIS speeds",
         "answer 'expedite' routes to 'agent', which is no option of the menus"),
        ("call {international}\n      (an international", "call {fax}\n      (an international",
         "the English 'say' of answer 'international' names {fax}"),
        ("  confirm_at: the USCIS Contact Center page (uscis.gov/contactcenter)\n", "",
         "sources disagree on 'line.international'; give 'confirm_at'"),
    ],
    ids=["unknown-source", "no-source", "not-a-list", "no-date", "not-a-date", "no-such-day", "unused-source",
         "route-to-nowhere", "unknown-placeholder", "dispute-without-confirm"],
)
def test_menu_check_guards_the_sources(tmp_path: Path, old: str, new: str, message: str) -> None:
    path, _ = broken(tmp_path, old, new)
    found = problems(path)
    assert any(message in p for p in found), found


def test_an_answer_without_its_spanish_words_is_refused(tmp_path: Path) -> None:
    spanish = "    es:\n      say: >-\n        USCIS acelera un caso"
    path, _ = broken(tmp_path, spanish, spanish.replace("say:", "sai:"))
    assert any("unknown field 'sai'" in p for p in problems(path))
    start = MENUS_TEXT.index(spanish)
    end = MENUS_TEXT.index("      phrases:", start)
    path.write_text(MENUS_TEXT[:start] + "    es:\n" + MENUS_TEXT[end:], encoding="utf-8")
    found = problems(path)
    assert any("answer 'expedite' has no Spanish 'say' (the English one does)" in p for p in found), found


# -- every fact the assistant can say has a source and a date --------------------------------------

def every_reply(menus: Menus, language: str) -> list[Reply]:
    assistant = Assistant(menus, language=language)
    replies = [assistant.decide(match, OPEN_TIME) for match in _all_matches(assistant)]
    replies.append(assistant.no_match(0.0, OPEN_TIME))
    replies.append(assistant.switched())
    return replies


def _all_matches(assistant: Assistant) -> list[Match]:
    return [Match(intent, 1.0, "") for intent in assistant.matcher.intents]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_reply_names_dated_sources_for_every_fact_it_states(menus: Menus, language: str) -> None:
    replies = every_reply(menus, language)
    assert len(replies) > 30
    for reply in replies:
        found = provenance.sources(menus, reply)
        assert found, reply.target
        assert all(source.checked and source.name_in(language) for source in found)
        for fact in provenance.facts(menus, reply):
            assert menus.sources_of(fact), (reply.target, fact)  # a fact the file does not source is a bug


# -- the new needs -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def conversation_en(menus: Menus) -> Conversation:
    return Conversation(Assistant(menus), language_chosen=True)


def test_calling_from_abroad_gets_the_international_number_and_the_disagreement(assistant: Assistant) -> None:
    reply = assistant.respond("I'm calling from Mexico", OPEN_TIME)
    assert (reply.status, reply.topic, reply.keys) == ("answer", "international", [])
    assert "+1 212-620-3418" in reply.say and "not toll-free" in reply.say
    assert "one immigration law firm's contact page gives +1 212-620-6418" in reply.say
    assert "I give +1 212-620-3418, from a 2025 legal explainer" in reply.say
    assert "confirm it on the USCIS Contact Center page (uscis.gov/contactcenter)" in reply.say


@pytest.mark.parametrize(
    ("request_text", "topic", "words"),
    [
        ("I need to expedite my case", "expedite", "severe financial loss"),
        ("I need an emergency travel document", "emergency_travel", "emergency advance parole"),
        ("I need an ADIT stamp as proof of my status", "proof_of_status", "I-551 stamp"),
        ("I need to reschedule my biometrics appointment", "reschedule", "before its date and time"),
        ("my case is taking too long", "case_delay", "uscis.gov/processingtimes"),
    ],
)
def test_needs_the_phone_serves_get_the_answer_and_the_route_to_a_person(assistant: Assistant, request_text: str,
                                                                       topic: str, words: str) -> None:
    reply = assistant.respond(request_text, OPEN_TIME)
    assert (reply.status, reply.topic) == ("answer", topic)
    assert reply.keys == ["1", "1", "2", "2"] and reply.destination is not None and reply.destination.id == "representative"
    assert reply.has_route and words in reply.say
    assert "Dial 1-800-375-5283. Press 1 (English), then 1" in reply.say
    assert "Live agents are available now" in reply.say


def test_a_slow_case_is_sent_to_processing_times_and_e_request_before_the_call(assistant: Assistant) -> None:
    say = assistant.respond("why is my case taking so long", OPEN_TIME).say
    assert say.index("uscis.gov/processingtimes") < say.index("uscis.gov/e-request") < say.index("Dial 1-800-375-5283")


def test_online_instead_lists_the_online_channels_with_what_each_is_good_for(assistant: Assistant) -> None:
    reply = assistant.respond("can I do this online instead of calling", OPEN_TIME)
    assert reply.topic == "channels"
    for name, good_for in [("Emma, the virtual assistant on uscis.gov", "live chat agent"),
                           ("your USCIS online account", "secure messages about your own case"),
                           ("online messages without an account", "within 24 to 48 hours"),
                           ("e-Request (uscis.gov/e-request)", "outside normal processing times")]:
        said = reply.say.split(f"{name} (", 1)
        assert len(said) == 2 and good_for in said[1].split(")")[0], name


def test_the_needs_in_spanish(menus: Menus) -> None:
    spanish = Assistant(menus, language="es")
    reply = spanish.respond("necesito acelerar mi caso", OPEN_TIME)
    assert (reply.topic, reply.keys) == ("expedite", ["2", "1", "2", "2"])
    assert "pérdida económica grave" in reply.say and "Oprima 2 (Español)" in reply.say
    reply = spanish.respond("llamo desde otro país", OPEN_TIME)
    assert reply.topic == "international" and "+1 212-620-3418" in reply.say and "+1 212-620-6418" in reply.say
    assert "Sources" not in reply.say and "confírmelo" in reply.say.lower()


# -- "Where does that come from?" --------------------------------------------------------------------

def test_where_does_that_come_from_names_the_sources_and_dates_of_the_last_answer(menus: Menus) -> None:
    talk = Conversation(Assistant(menus), language_chosen=True)
    assert "Ask me something first" in talk.turn("where does that come from?", OPEN_TIME).say
    talk.turn("I need to expedite my case", OPEN_TIME)
    said = talk.turn("ok, but where does that come from?", OPEN_TIME)
    assert said.topic == "sources" and said.keys == []
    assert "USCIS Policy Manual, Volume 1, Part A, Chapter 5 (Requests to Expedite) (https://www.uscis.gov/policy-manual/" in said.say
    assert "checked on November 27, 2026" in said.say
    assert "The keys come from a public guide to reaching a live person at USCIS" in said.say
    again = talk.turn("what's your source", OPEN_TIME)  # asked twice: still about the expedite answer
    assert again.say == said.say
    talk.turn("I'm calling from abroad", OPEN_TIME)
    about_number = talk.turn("sources", OPEN_TIME).say
    assert "one immigration law firm's contact page" in about_number and "The sources disagree" in about_number


def test_a_request_that_starts_like_the_question_is_still_a_request(menus: Menus) -> None:
    assert not provenance.asks_where_from("how do you know that my case is late")
    assert not provenance.asks_where_from("is that official number the same from Canada")
    assert provenance.asks_where_from("and where did you get that")
    assert provenance.asks_where_from("¿De dónde sale eso?")


def test_an_open_question_stays_open_when_the_caller_asks_for_sources(menus: Menus, assistant: Assistant) -> None:
    talk = Conversation(assistant, language_chosen=True)
    first = talk.turn("I have a question about my green card", OPEN_TIME)
    assert first.status == "ambiguous"
    assert "not answered yet" in talk.turn("where does that come from", OPEN_TIME).say
    assert talk.turn("1", OPEN_TIME).status == "routed"


def test_where_from_in_spanish(menus: Menus) -> None:
    talk = Conversation(Assistant(menus, language="es"), language_chosen=True)
    talk.turn("me mudé", OPEN_TIME)
    said = talk.turn("¿de dónde sale eso?", OPEN_TIME).say
    assert "una guía pública para hablar con una persona en USCIS" in said and "(revisión del 27 de noviembre de 2026)" in said
    assert "Sobre Español: una página de ayuda del gobierno (español con el 2); se supone que su menú es el mismo" in said
    assert "checked" not in said and "The keys" not in said and "government help page" not in said


def test_the_text_mode_answers_where_from(tmp_path: Path) -> None:
    result = run_cli("text", "--now", "2026-11-30T10:00:00-05:00", stdin="I need to expedite my case\nwhere does that come from\n",
                     env={"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Requests to Expedite" in result.stdout and "checked on" in result.stdout


def test_route_json_lists_the_sources_of_the_answer() -> None:
    result = run_cli("route", "--json", "I need an emergency travel document")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["topic"] == "emergency_travel" and data["keys"] == ["1", "1", "2", "2"]
    ids = [source["id"] for source in data["sources"]]
    assert "appointments-2023" in ids and "guide" in ids
    assert all(source["checked"] == "2026-11-27" for source in data["sources"])


def test_the_keys_of_a_need_that_the_phone_serves_can_be_pressed() -> None:
    result = run_cli("keys", "I need to reschedule my interview", "--now", "2026-11-30T10:00:00-05:00")
    assert result.returncode == 0, result.stderr
    assert "Press 1 (English), then 1 (Check your case status), then 2 (You no longer have your receipt number), " \
           "then 2 (Talk to a representative)." in result.stdout



def test_a_request_clearly_in_the_other_language_turns_the_conversation(menus: Menus) -> None:
    talk = Conversation(Assistant(menus))
    assert talk.turn("I need to expedite my case", OPEN_TIME).language == "en"
    assert talk.turn("gracias", OPEN_TIME).language == "en"  # one word is not enough to change
    reply = talk.turn("llamo desde otro país", OPEN_TIME)
    assert (reply.language, reply.topic) == ("es", "international") and "Desde fuera de Estados Unidos" in reply.say
    chosen = Conversation(Assistant(menus), language_chosen=True)  # --lang en: the caller's choice holds
    assert chosen.turn("llamo desde otro país", OPEN_TIME).language == "en"
