"""The real program as a fresh process: the JSON contract, piped input and bad input."""

from __future__ import annotations

import json

import pytest

from .conftest import run_cli

NOW = ["--now", "2026-11-30T10:00:00-05:00"]
FIELDS = {"status", "keys", "destination", "topic", "confidence", "alternatives", "say", "lang", "sources"}


def route_json(text: str) -> dict[str, object]:
    result = run_cli("route", "--json", text, *NOW)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    value = json.loads(lines[0])
    assert set(value) == FIELDS
    return value


def test_routed_contract() -> None:
    value = route_json("i moved")
    assert value["status"] == "routed"
    assert value["keys"] == ["1", "3"]
    assert value["destination"] == {"id": "change_address", "label": "Report a change of address", "kind": "info"}
    assert value["topic"] is None and value["alternatives"] == []
    assert isinstance(value["confidence"], float) and 0.9 <= value["confidence"] <= 1.0
    assert str(value["say"]).startswith("Dial 1-800-375-5283. Press 1 (English), then 3")


def test_representative_contract() -> None:
    value = route_json("let me talk to a human")
    assert value["keys"] == ["1", "1", "2", "2"]
    assert value["destination"] == {"id": "representative", "label": "Talk to a representative", "kind": "representative"}


def test_answer_contract() -> None:
    value = route_json("what's the tty number")
    assert (value["status"], value["topic"], value["keys"], value["destination"]) == ("answer", "tty", [], None)
    assert "1-800-767-1833" in str(value["say"])


def test_ambiguous_contract() -> None:
    value = route_json("I have a question about my green card")
    assert value["status"] == "ambiguous" and value["keys"] == []
    alternatives = value["alternatives"]
    assert isinstance(alternatives, list) and len(alternatives) == 2
    by_id = {a["id"]: a for a in alternatives}
    assert by_id["case_status"]["keys"] == ["1", "2"]
    assert by_id["resident_services"]["keys"] == ["1", "*", "4"]
    assert all(set(a) >= {"id", "label", "kind", "keys", "confidence"} for a in alternatives)


def test_no_match_contract() -> None:
    value = route_json("play some jazz music")
    assert value["status"] == "no_match"
    assert value["keys"] == [] and value["destination"] is None and value["alternatives"] == []
    assert float(value["confidence"]) < 0.45  # type: ignore[arg-type]


def test_stdin_batch_one_object_a_line() -> None:
    requests = "i moved\n\nmy green card never came\nI'm deaf\nplay some jazz\n"
    result = run_cli("route", "--json", "-", *NOW, stdin=requests)
    assert result.returncode == 0, result.stderr
    values = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["status"] for v in values] == ["routed", "routed", "answer", "no_match"]
    assert values[1]["keys"] == ["1", "2"]


def test_stdin_batch_reports_a_bad_line_and_carries_on() -> None:
    result = run_cli("route", "--json", "-", *NOW, stdin="i moved\n\x1b[31mred\nI need a lawyer\n")
    assert result.returncode == 2
    values = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["status"] for v in values] == ["routed", "error", "routed"]
    assert values[1] == {"status": "error", "error": "The request holds control characters; type plain text.", "line": 2}
    assert result.stderr.strip() == "assistant: line 2: The request holds control characters; type plain text."


def test_plain_route_prints_the_sentence() -> None:
    result = run_cli("route", "i need an appointment", *NOW)
    assert result.returncode == 0
    assert result.stdout.startswith("Dial 1-800-375-5283. Press 1 (English), then 4 (")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The request is empty"),
        ("   \t  ", "The request is empty"),
        ("x" * 100_000, "The request is 100,000 characters long; keep it under 1000 characters"),
        ("i moved\x07\x1b[2J", "The request holds control characters"),
        ("🏠📦🚚", "The request has no words in it"),
        ("我搬家了", "I can only read requests in English"),
        ("Я переехал", "I can only read requests in English"),
    ],
    ids=["empty", "whitespace", "100kB", "control", "emoji", "chinese", "cyrillic"],
)
def test_bad_input_is_one_clear_line_and_a_non_zero_exit(text: str, message: str) -> None:
    result = run_cli("route", "--json", text, *NOW)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"assistant: {message}")


@pytest.mark.parametrize("text", ["'; DROP TABLE users; --", "$(rm -rf ~) && echo pwned", "i moved 🏠", "<script>alert(1)</script>"])
def test_odd_but_valid_input_is_routed_or_refused_plainly(text: str) -> None:
    value = route_json(text)
    assert value["status"] in ("routed", "no_match")
    if "moved" in text:
        assert value["keys"] == ["1", "3"]


def test_bad_now_and_unknown_command() -> None:
    bad_now = run_cli("route", "i moved", "--now", "yesterday-ish")
    assert bad_now.returncode == 2 and "is not a date and time" in bad_now.stderr
    unknown = run_cli("fly")
    assert unknown.returncode == 2 and "invalid choice: 'fly'" in unknown.stderr


def test_hours_command() -> None:
    result = run_cli("hours", "--now", "2026-11-28T12:00:00-05:00")
    assert result.returncode == 0
    assert "Live agents are closed now (weekend); they open Monday at 8:00 AM Eastern Time (in 1 day 20 hours)." in result.stdout


def test_piped_text_mode_answers_one_line_each() -> None:
    result = run_cli("text", *NOW, stdin="i moved\nI have a question about my green card\n2\n")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Dial 1-800-375-5283. Press 1 (English), then 3")
    assert lines[1].startswith("Do you mean 1, ")
    assert lines[2].startswith("Dial 1-800-375-5283. Press 1 (English), then ")
    assert lines[3] == "Goodbye."
    assert "\x1b" not in result.stdout  # not a terminal: no colour


def test_text_mode_never_logs_what_was_said(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = "my receipt number is IOE0912345678 and I moved"
    result = run_cli("text", *NOW, stdin=secret + "\n", env={"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0
    assert "IOE0912345678" not in result.stdout + result.stderr
    assert list(tmp_path.rglob("*")) == []
