"""Every sentence in Spanish: the gettext catalog holds a translation for each sentence the code
marks, and the assistant answers a Spanish caller in Spanish from end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from assistant import i18n
from assistant.dialogue import Assistant
from assistant.menu import Menus

from .conftest import OPEN_TIME, ROOT

KEYWORDS = {"_": None, "n_": (1, 2)}


def marked_sentences() -> dict[str, str]:
    """Each sentence the code marks for translation -> where (Babel's extractor, as translators run it)."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "assistant"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, f"assistant/{filename}:{lineno}")
    return found


@pytest.mark.parametrize("language", [code for code in i18n.LANGUAGES if code != "en"])
def test_every_marked_sentence_has_a_translation(language: str) -> None:
    with open(i18n.catalog_path(language), "rb") as handle:
        catalog = read_po(handle, locale=language)
    marked = marked_sentences()
    assert len(marked) > 50
    missing = []
    for msgid, where in marked.items():
        message = catalog.get(msgid)
        strings = message.string if message is not None else ""
        if message is None or message.fuzzy or not all(strings if isinstance(strings, tuple) else (strings,)):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, f"{len(missing)} sentences have no {language} translation in {i18n.catalog_path(language)}:\n" + "\n".join(missing)
    # Every placeholder of the English sentence is in the translation: nothing is lost.
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"\{(\w+)\}", ids[-1]))
        for string in strings:
            assert set(re.findall(r"\{(\w+)\}", string)) == wanted, (message.id, string)


def test_the_catalog_is_compiled_once_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    compiled = i18n._compiled(i18n.catalog_path("es"), "es")
    assert compiled.parent == tmp_path / "assistant" / "locale" / "es" and compiled.suffix == ".mo"
    stamp = compiled.stat().st_mtime_ns
    assert i18n._compiled(i18n.catalog_path("es"), "es") == compiled and compiled.stat().st_mtime_ns == stamp
    assert [p.name for p in compiled.parent.iterdir()] == [compiled.name]  # no temporary file left


def test_a_spanish_caller_is_answered_in_spanish_with_the_spanish_branch(menus: Menus) -> None:
    assistant = Assistant(menus, language="es")
    reply = assistant.respond("me mudé", OPEN_TIME)
    assert reply.status == "routed" and reply.keys == ["2", "3"] and reply.language == "es"
    assert reply.say.startswith("Marque 1-800-375-5283. Oprima 2 (Español), luego 3 (Informar un cambio de dirección).")
    assert "hasta las 8:00 p.m., hora del Este" in reply.say
    assert reply.to_json(menus)["lang"] == "es" and reply.to_json(menus)["destination"]["label"] == "Informar un cambio de dirección"
    for request in ("a qué hora abren", "qué necesito tener listo antes de llamar", "soy sordo", "niveles de agentes",
                    "otras formas de contacto", "quiero pedir una pizza"):
        said = assistant.respond(request, OPEN_TIME).say
        english = {"the", "press", "agents", "available", "you", "call", "dial"} & set(re.findall(r"[a-z]+", said.lower()))
        assert not english, (request, said)


@pytest.mark.parametrize(("request_text", "expected"), [
    ("me mude", "change_address"),  # accents optional
    ("cambio de direccion", "change_address"),
    ("quiero hablar con un represetante", "representative"),  # a misspelling
    ("necesitas un abogado", "legal_help"),  # tú
    ("¿me puede comunicar con un agente?", "representative"),  # usted
    ("perdí mi green card", "resident_services"),  # English words Spanish speakers use
])
def test_spanish_requests_route_with_accents_optional_and_common_slips(menus: Menus, request_text: str, expected: str) -> None:
    reply = Assistant(menus, language="es").respond(request_text, OPEN_TIME)
    assert reply.target == expected, reply.say


def test_route_finds_the_language_of_each_request_or_takes_the_one_chosen() -> None:
    import json

    from .conftest import run_cli

    now = "--now=2026-11-30T10:00-05:00"
    spanish = json.loads(run_cli("route", "--json", now, "necesito una cita").stdout)
    assert spanish["lang"] == "es" and spanish["keys"] == ["2", "4"] and spanish["say"].startswith("Marque")
    english = json.loads(run_cli("route", "--json", now, "I need an appointment").stdout)
    assert english["lang"] == "en" and english["keys"] == ["1", "4"] and english["say"].startswith("Dial")
    chosen = json.loads(run_cli("route", "--json", "--lang", "es", now, "appointment").stdout)
    assert chosen["lang"] == "es" and chosen["say"].startswith(("Marque", "No estoy seguro"))
    both = run_cli("route", "--json", now, "-", stdin="me mudé\nI moved\n").stdout.splitlines()
    assert [json.loads(line)["lang"] for line in both] == ["es", "en"]
    bad = run_cli("route", "--lang", "fr", "hola")
    assert bad.returncode == 2 and "invalid choice: 'fr'" in bad.stderr


def test_the_text_mode_follows_the_callers_language_and_switches_when_asked() -> None:
    from .conftest import run_cli

    said = run_cli("text", "--now=2026-11-30T10:00-05:00",
                   stdin="me mudé\nrepetir\nin English please\nI moved\nen español por favor\nayuda\nsalir\n").stdout.splitlines()
    assert said[0].startswith("Marque 1-800-375-5283. Oprima 2 (Español), luego 3")
    assert said[1] == said[0]  # "repetir" repeats
    assert said[2].startswith("I will go on in English.") and "press 1 at the first menu for English" in said[2]
    assert said[3].startswith("Dial 1-800-375-5283. Press 1 (English), then 3")
    assert said[4].startswith("De acuerdo, seguimos en español.") and "oprima 2 en el primer menú para Español" in said[4]
    assert said[5].startswith("Ejemplos: me mudé;")
    assert said[6] == "Adiós."
    # An English speaker who asks for Spanish is routed to the Spanish branch, in English.
    english = run_cli("text", "--now=2026-11-30T10:00-05:00", stdin="do you have Spanish\n").stdout.splitlines()
    assert english[0].startswith("Dial 1-800-375-5283. Press 2 (Spanish (Español)).")


def test_sentences_are_marked_the_way_the_extractor_sees_them() -> None:
    """`i18n.gettext(language)("...")` works but hides the sentence from the catalog tools: bind `_` first."""
    hidden = []
    for path in (ROOT / "assistant").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"gettext\([\w.]*\)\(\s*[\"']", line) and not line.strip().startswith(('"""', "#")):
                hidden.append(f"{path.relative_to(ROOT)}:{number}")
    assert not hidden, hidden
