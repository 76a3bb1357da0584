"""The window's own words (buttons, labels, what a screen reader names) in the caller's language,
the Qt way.

Each widget writes its words in English inside `self.tr(...)`, in a `retranslate()` method that
the window calls again when the language changes. `pyside6-lupdate` collects them into
`translations/window_<code>.ts`, which translators edit with Qt Linguist (`pyside6-linguist`);
`lrelease`, which ships with PySide6, compiles it once into the user's cache folder (again only
when the .ts changes), so no compiled file is kept in the repository. Qt's own words (a standard
dialog's buttons, the text boxes' context menus) come from the catalogs PySide6 ships.

What the assistant *says* (answers, hours, the checklist) is not here: it comes from gettext and
menus.yaml (`assistant.i18n`), the same words the text mode prints.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..storage import built_once, user_cache_dir

TRANSLATIONS = Path(__file__).with_name("translations")
LRELEASE = Path(PySide6.__file__).with_name("lrelease")

_installed: list[QTranslator] = []  # the application's translators (Qt keeps no reference of its own)
_language = "en"


class TranslationError(RuntimeError):
    """The window cannot speak a language; the message says why in one line."""


def catalog_path(language: str) -> Path:
    return TRANSLATIONS / f"window_{language}.ts"


def languages() -> tuple[str, ...]:
    """English (the words in the code) and every language with a catalog."""
    return ("en", *sorted(path.stem.removeprefix("window_") for path in TRANSLATIONS.glob("window_*.ts")))


def compiled(language: str) -> Path:
    """The catalog as .qm, compiled once per version of the .ts (named by its hash)."""
    try:
        source = catalog_path(language).read_bytes()
    except OSError as error:
        raise TranslationError(f"the window has no {language!r} catalog ({error.strerror or error})") from None

    def release(text: bytes) -> bytes:
        with tempfile.TemporaryDirectory(prefix="assistant-qm-") as scratch:
            ts, qm = Path(scratch) / "window.ts", Path(scratch) / "window.qm"
            ts.write_bytes(text)
            done = subprocess.run([str(LRELEASE), "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True,
                                  timeout=60, check=False)
            if done.returncode != 0 or not qm.exists():
                why = (done.stderr or done.stdout).strip().splitlines()
                raise TranslationError(f"the window's {language!r} catalog does not compile: {why[-1] if why else done.returncode}")
            return qm.read_bytes()

    return built_once(user_cache_dir() / "locale" / language, "window.qm", source, release)


def current() -> str:
    return _language


def use(language: str) -> None:
    """Install the translators of `language` in the application (English removes them). Qt then
    sends every widget a LanguageChange; the window retranslates itself at once as well."""
    global _language
    app = QCoreApplication.instance()
    if app is None:
        raise TranslationError("no Qt application to translate")
    wanted: list[QTranslator] = []
    if language != "en":
        ours = QTranslator(app)
        if not ours.load(str(compiled(language))):
            raise TranslationError(f"the window's {language!r} catalog could not be loaded")
        wanted.append(ours)
        qt_own = QTranslator(app)
        if qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            wanted.append(qt_own)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed[:] = wanted
    for translator in wanted:
        app.installTranslator(translator)
    _language = language
