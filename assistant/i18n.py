"""The assistant's words in the caller's language.

Sentences are written in English in the code and marked for translation the gettext way:
`_ = i18n.gettext(language)` then `_("Dial {number}.")`, `i18n.ngettext(language)` for counts.
Each other language is a gettext catalog, `assistant/locale/<code>/LC_MESSAGES/assistant.po`,
which translators edit with the usual tools (Poedit, Weblate, `msgmerge`). A catalog is compiled
to `.mo` once, with Babel, into the user's cache folder, and again only when the `.po` changes,
so nothing is built by hand and no compiled file is kept in the repository. Day and month names
and times of day come from Babel's CLDR data for the language (US Spanish: "8:00 p.m.").

English needs none of this: the text path for an English caller does not import Babel.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from .storage import built_once, user_cache_dir

DOMAIN = "assistant"
LOCALE = Path(__file__).with_name("locale")
LANGUAGES = ("en", "es")
# The CLDR locale each language's dates and times are written in (the line's callers are in the US).
CLDR = {"es": "es_US"}

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]


def gettext(language: str) -> Translate:
    """The function that says an English sentence in `language` (`_` by convention)."""
    return _translation(language).gettext


def ngettext(language: str) -> TranslatePlural:
    """The same for a sentence with a count: ngettext(language)("{n} minute", "{n} minutes", n)."""
    return _translation(language).ngettext


def catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translation(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    if language not in LANGUAGES:
        raise ValueError(f"no catalog for language {language!r}")
    with open(_compiled(catalog_path(language), language), "rb") as handle:
        return _gettext.GNUTranslations(handle)


def _cache_dir() -> Path:
    return user_cache_dir() / "locale"


def _compiled(po: Path, language: str) -> Path:
    """The catalog as .mo: compiled once per version of the .po (named by its hash)."""

    def compile_po(source: bytes) -> bytes:
        from io import BytesIO

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        compiled = BytesIO()
        write_mo(compiled, read_po(BytesIO(source), locale=language))
        return compiled.getvalue()

    return built_once(_cache_dir() / language, f"{DOMAIN}.mo", po.read_bytes(), compile_po)


# -- the interface's own words ---------------------------------------------------------------------
# The commands' messages, --help and errors are not a conversation's replies (those follow the
# caller's language turn by turn); they are said in one language for the whole run, chosen once at
# start by the command line (`interface_language`). `ui` is bound as `_` in the modules that print
# them, so the catalog tools find the sentences as they find the others.

_interface = "en"


def use_interface_language(language: str) -> None:
    global _interface
    _interface = language if language in LANGUAGES else "en"


def interface_language() -> str:
    return _interface


def ui(message: str) -> str:
    """`message` in the interface's language."""
    return gettext(_interface)(message)


def ui_n(singular: str, plural: str, count: int) -> str:
    return ngettext(_interface)(singular, plural, count)


LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order of precedence


def interface_language_for(given: str | None, setting: str, environ: Mapping[str, str]) -> str:
    """The language of the commands' own words: --lang, else the settings' language, else the
    system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them), else English.
    'auto' chooses no language (it means: find it in what is said)."""
    for choice in (given, setting):
        if choice in LANGUAGES:
            return str(choice)
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def translate_argparse() -> None:
    """argparse's own words ('usage:', 'the following arguments are required') in the interface's
    language. argparse looks them up through its module's `_` and `ngettext` (the gettext names it
    imports) at the moment it prints, so pointing those at our catalog is all it takes; its
    sentences are in our catalog with the others."""
    import argparse

    setattr(argparse, "_", ui)  # noqa: B010 - argparse declares no such names for a type checker
    setattr(argparse, "ngettext", ui_n)  # noqa: B010


# -- dates and times -------------------------------------------------------------------------------

ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def day_name(weekday: int, language: str = "en") -> str:
    """Monday is 0: 'Monday', 'lunes'."""
    if language == "en":
        return ENGLISH_DAYS[weekday]
    from babel.dates import get_day_names

    return str(get_day_names("wide", locale=CLDR[language])[weekday])


def month_name(month: int, language: str = "en") -> str:
    if language == "en":
        return _MONTHS_EN[month - 1]
    from babel.dates import get_month_names

    return str(get_month_names("wide", locale=CLDR[language])[month])


def clock(moment: time | datetime, language: str = "en") -> str:
    """'8:00 AM' in English, '8:00 a.m.' in US Spanish."""
    if language == "en":
        hour = moment.hour % 12 or 12
        return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    from babel.dates import format_time

    return str(format_time(moment, "h:mm a", locale=CLDR[language]))


def long_date(day: date, language: str = "en") -> str:
    """'Friday December 25, 2026' / 'viernes 25 de diciembre de 2026'."""
    if language == "en":
        return f"{ENGLISH_DAYS[day.weekday()]} {_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date

    return str(format_date(day, "EEEE d 'de' MMMM 'de' y", locale=CLDR[language]))


def plain_date(day: date, language: str = "en") -> str:
    """'November 27, 2026' / '27 de noviembre de 2026': a date without its weekday."""
    if language == "en":
        return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date

    return str(format_date(day, "d 'de' MMMM 'de' y", locale=CLDR[language]))
