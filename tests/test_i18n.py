"""Every sentence in Spanish: the gettext catalog holds a translation for each sentence the code
marks, and the assistant answers a Spanish caller in Spanish from end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from assistant import i18n
from assistant.dialogue import Assistant, reply_json
from assistant.menu import Menus

from .conftest import OPEN_TIME, ROOT, run_cli

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
        for string in strings:
            assert placeholders(string) == placeholders(ids[-1]), (message.id, string)


def placeholders(sentence: str) -> set[str]:
    """{name}, {name!r}, {size:,} (str.format) and %(name)s, %s (argparse's %-formatting)."""
    braces = re.findall(r"\{(\w+)[!:}]", sentence.replace("{{", "").replace("}}", ""))
    percents = re.findall(r"%(\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[srdfgx]", sentence)
    return set(braces) | {f"%{name}" for name in percents}


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
    contract = reply_json(menus, reply)
    assert contract["lang"] == "es" and contract["destination"]["label"] == "Informar un cambio de dirección"
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


# -- the commands' own words ------------------------------------------------------------------------

# Not translated, on purpose: the window's words go through Qt's catalogs (tests/test_gui.py checks
# them); the menus file's check messages are for whoever edits menus.yaml, whose field names are
# English, and half of them are jsonschema's own English.
NOT_GETTEXT = {"gui", "menu_file.py", "menu_schema.py"}
# Where a sentence meets the person: printed, failed with, raised as an error the commands show
# (ValueError and KeyError are the code's own mistakes, never shown), or in --help.
SPEAKING_CALLS = {"print", "fail", "warn", "write"}
HELP_KEYWORDS = {"help", "description", "epilog"}
CODE_ERRORS = {"ValueError", "KeyError"}
NAMES = re.compile(r"\b(assistant|whisper|vosk|pocketsphinx)\b|--[\w-]+")  # not words to translate


def unmarked_sentences() -> list[str]:
    """Each English sentence written where the person will see it but not inside _() or n_()."""
    import ast

    def words(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(str(part.value) for part in node.values if isinstance(part, ast.Constant))
        if isinstance(node, ast.BinOp):
            return (words(node.left) or "") + (words(node.right) or "")
        return None

    def name_of(call: ast.Call) -> str:
        return call.func.id if isinstance(call.func, ast.Name) else call.func.attr if isinstance(call.func, ast.Attribute) else ""

    found = []
    for path in sorted((ROOT / "assistant").rglob("*.py")):
        if NOT_GETTEXT & set(path.relative_to(ROOT / "assistant").parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            spoken: list[ast.expr] = []
            if isinstance(node, ast.Call):
                spoken += node.args[:1] if name_of(node) in SPEAKING_CALLS else []
                spoken += [keyword.value for keyword in node.keywords if keyword.arg in HELP_KEYWORDS]
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args and name_of(node.exc) not in CODE_ERRORS:
                spoken.append(node.exc.args[0])
            for expression in spoken:
                text = words(expression)
                if text is not None and re.search(r"[A-Za-z]{2,}", NAMES.sub("", text)):
                    found.append(f"{path.relative_to(ROOT)}:{expression.lineno}: {text[:80]!r}")
    return found


def test_every_sentence_the_commands_print_is_marked_for_translation() -> None:
    """A sentence written straight into print(), an error or --help would stay English for a
    Spanish speaker: mark it, _("...").format(name=...), and the catalog test asks for its Spanish."""
    unmarked = unmarked_sentences()
    assert not unmarked, f"{len(unmarked)} sentences are not marked with _():\n" + "\n".join(unmarked)


def test_every_marked_sentence_is_given_the_placeholders_it_names() -> None:
    """_("... {name} ...").format(...) with a name missing raises KeyError only when that error
    happens, in the one language whose sentence names it: checked here for every sentence."""
    import ast

    wrong = []
    for path in sorted((ROOT / "assistant").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
                continue
            marked = node.func.value
            if isinstance(marked, ast.Call) and isinstance(marked.func, ast.Name) and marked.func.id in ("_", "n_") \
                    and marked.args and isinstance(marked.args[0], ast.Constant):
                named = {name for name in placeholders(str(marked.args[0].value)) if not name.startswith("%")}
                given = {keyword.arg for keyword in node.keywords}
                if named != given:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: names {sorted(named)}, given {sorted(given)}")
    assert not wrong, wrong


def test_argparses_own_words_are_in_the_catalog() -> None:
    """'usage:', 'the following arguments are required' and the rest, as this Python's argparse
    writes them (a new Python with new sentences fails here until they are translated)."""
    import argparse

    from babel.messages.extract import extract

    with open(argparse.__file__, "rb") as source, open(i18n.catalog_path("es"), "rb") as handle:
        catalog = read_po(handle, locale="es")
        sentences = [message for _line, message, _comments, _context in
                     extract("python", source, keywords={"_": None, "ngettext": (1, 2)})]
    assert len(sentences) > 20
    missing = [sentence for sentence in sentences
               if (found := catalog.get(sentence if isinstance(sentence, str) else sentence[0])) is None or not found.string]
    assert not missing, missing


def test_the_interface_language_is_lang_then_the_settings_then_the_systems() -> None:
    choose = i18n.interface_language_for
    assert choose("es", "en", {"LANG": "en_US.UTF-8"}) == "es"
    assert choose("auto", "es", {}) == "es"  # auto chooses no language: the settings' one is next
    assert choose(None, "", {"LANG": "es_MX.UTF-8"}) == "es"
    assert choose(None, "", {"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}) == "es"  # gettext's order
    assert choose(None, "", {"LC_ALL": "C.UTF-8", "LANG": "es_ES.UTF-8"}) == "en"  # LC_ALL overrides LANG
    assert choose(None, "", {"LANG": "fr_FR.UTF-8"}) == "en"  # a language the assistant does not speak
    assert choose(None, "", {}) == "en"


def test_the_commands_speak_spanish_their_help_their_errors_and_argparses() -> None:
    helped = run_cli("--lang", "es", "route", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("uso: assistant route") and "argumentos posicionales:" in helped.stdout
    assert "lo que necesita, con sus propias palabras" in helped.stdout and "mostrar esta ayuda y salir" in helped.stdout
    missing = run_cli("--lang", "es", "route")
    assert missing.returncode == 2 and "error: se necesitan los siguientes argumentos: request" in missing.stderr
    # The system's language, with no --lang: a Spanish desktop.
    spanish_desktop = {"LANG": "es_US.UTF-8"}
    no_tones = run_cli("dtmf", "1", env=spanish_desktop)
    assert no_tones.returncode == 2 and no_tones.stderr == "assistant: diga adónde van los tonos: --out ARCHIVO.wav o --play\n"
    bad_wav = run_cli("dtmf", "decode", str(ROOT / "menus.yaml"), env=spanish_desktop)
    assert bad_wav.returncode == 2 and "no es un archivo WAV (no tiene encabezado RIFF/WAVE); conviértalo primero" in bad_wav.stderr
    tree = run_cli("menu", "show", env=spanish_desktop).stdout
    assert "Agentes: lunes a viernes" in tree and "oprima 2: Español (menú" in tree
    # An English caller on a Spanish desktop still gets English answers: replies follow the words.
    english = run_cli("route", "--now=2026-11-30T10:00-05:00", "I moved", env=spanish_desktop)
    assert english.stdout.startswith("Dial 1-800-375-5283. Press 1 (English), then 3")
    # And the default stays English.
    assert run_cli("dtmf", "1").stderr == "assistant: say where the tones go: --out FILE.wav or --play\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("contestar este mensaje", "es"),  # "este", "esta", "su": small words only Spanish uses
    ("escuchar su saludo", "es"),
    ("answer this message", "en"),
    ("terminar", None),  # one word with no small word: too short to tell
])
def test_the_language_of_a_short_request_is_told_by_its_small_words(text: str, expected: str | None) -> None:
    from assistant.language import detect

    assert detect(text) == expected
