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
from collections.abc import Callable
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
