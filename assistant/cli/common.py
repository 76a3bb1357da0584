"""What every command shares: the exit codes, the one error line, the time and the language asked
for, the options every command takes, and speech out built from plain arguments."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from .. import i18n, menu_file
from ..i18n import ui as _
from ..menu import Menus

if TYPE_CHECKING:
    from ..speech.audio import Source
    from ..speech.speech_out import SpeechOut

# As README.md documents them.
EXIT_OK = 0
EXIT_SETUP = 1  # the menus file is missing or broken, or a speech engine or audio device does not work
EXIT_INPUT = 2  # bad input or usage
EXIT_MISSED = 3  # the simulated call did not reach the place asked for; `dtmf decode` found no tones


class CommandError(Exception):
    """The command cannot go on: its one line for the person, and the exit code."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int) -> int:
    print(f"assistant: {message}", file=sys.stderr)
    return code


def warn(message: str) -> None:
    """One line on stderr: something did not work, and the command goes on without it."""
    print(f"assistant: {message}", file=sys.stderr)


def now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a bare time is the user's own local time
    return moment


def menus(args: argparse.Namespace) -> Menus:
    """The menus file in use (menu_file.MenuError, answered by main(), when it is not usable)."""
    return menu_file.load(args.menus)


# -- languages --------------------------------------------------------------------------------------

def _language_setting(args: argparse.Namespace) -> str:
    """--lang, else the settings' language: en, es, auto, or "" (never chosen)."""
    if args.lang is not None:
        return str(args.lang)
    return _settings_language()


@cache
def _settings_language() -> str:
    """The settings' language, read once a run (the help's language and each command ask for it)."""
    from ..settings import SettingsStore

    return SettingsStore().load()[0].language


def interface_language(argv: list[str]) -> str:
    """The language of the commands' own words, found before the arguments are parsed (the
    help is written in it): --lang, the settings' language, or the system's."""
    given = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word.startswith("--lang="):
            given = word.partition("=")[2]
        elif word == "--lang" and i + 1 < len(argv):
            given = argv[i + 1]
    if given in i18n.LANGUAGES:
        return str(given)
    return i18n.interface_language_for(given, _settings_language(), os.environ)


def chosen_language(args: argparse.Namespace) -> str | None:
    """For typed requests: the chosen language, or None to find it in the words (cheap and sure)."""
    given = _language_setting(args)
    return None if given in ("", "auto") else given


def spoken_language(args: argparse.Namespace) -> tuple[str | None, bool]:
    """For speech: the language to open the engine for, and whether to find the caller's in their
    speech. Chosen (--lang en|es, the settings): that one, not found. Auto: None (the multilingual
    model), found. Nothing chosen: the desktop's (English: the small English model first), found."""
    given = _language_setting(args)
    if given == "auto":
        return None, True
    return (given, False) if given else (i18n.interface_language(), True)


# -- options ----------------------------------------------------------------------------------------

def shared_options() -> argparse.ArgumentParser:
    """What every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own copy of these options must not reset what was given before it
    # (`assistant --menus FILE route ...`); main() fills in None for the ones never given.
    common.add_argument("--menus", metavar="FILE", default=argparse.SUPPRESS,
                        help=_("menus file to use (default: ${variable} or the project's menus.yaml)").format(
                            variable=menu_file.ENV_VAR))
    common.add_argument("--now", metavar="TIME", default=argparse.SUPPRESS,
                        help=_("pretend it is this time (ISO 8601, e.g. 2026-11-30T09:15-05:00)"))
    common.add_argument("--lang", choices=("auto", "en", "es"), default=argparse.SUPPRESS,
                        help=_("the language you speak: en (English), es (español), or auto: found in what you say "
                             "(default: the settings' language, else the system's; typed requests are read in either language)"))
    return common


def voice_options() -> argparse.ArgumentParser:
    """How the assistant's own voice sounds."""
    speech_out = argparse.ArgumentParser(add_help=False)
    speech_out.add_argument("--voice", metavar="ID", help=_("voice to speak with (see: assistant voices), e.g. gmw/en-US+f2"))
    speech_out.add_argument("--rate", type=int, metavar="WPM", help=_("speaking rate in words per minute (default 200)"))
    speech_out.add_argument("--volume", type=float, metavar="0-1", help=_("speaking volume from 0.0 to 1.0 (default 1.0)"))
    return speech_out


def engine_options() -> argparse.ArgumentParser:
    """Which speech engine hears the person."""
    speech = argparse.ArgumentParser(add_help=False)
    speech.add_argument("--engine", choices=("auto", "whisper", "vosk", "pocketsphinx"), default="auto",
                        help=_("speech engine (auto: Whisper, then Vosk when an English model is found, then PocketSphinx)"))
    speech.add_argument("--model", metavar="PATH", help=_("a CTranslate2 Whisper folder (base.en, small.en) or a Vosk model folder"))
    return speech


def call_audio_options(parser: argparse.ArgumentParser, recording: str) -> None:
    """Where a call's audio comes from: a device (the default input when neither is given) or a file."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--device", metavar="NAME|INDEX", help=_(
        "input to listen on: a microphone by the speakerphone, or a monitor source"
    ))
    where.add_argument("--file", metavar="WAV", help=recording)


# -- sound ------------------------------------------------------------------------------------------

def call_audio(file: str | None, device: str | None) -> tuple[Source, Callable[[], None]]:
    """A call's audio, and what closes it; CommandError when there is none."""
    from ..speech.audio import call_audio as opened
    from ..speech.audio_devices import NoAudio
    from ..speech.wavfile import AudioError

    try:
        source, close = opened(file, device)
    except AudioError as error:
        raise CommandError(str(error), EXIT_INPUT) from None
    except NoAudio as error:
        raise CommandError(_("{problem}; or give a recording with --file WAV").format(problem=error), EXIT_SETUP) from None
    return source, close


def speech_out(voice: str | None = None, rate: int | None = None, volume: float | None = None, speaker: str | None = None,
               say_to: str | None = None) -> SpeechOut | None:
    """Speech out for the answers, or None after saying once, in one line, why there is none."""
    from ..speech.audio_devices import NoAudio
    from ..speech.speech_out import open_speech
    from ..speech.tts import TTSError

    try:
        return open_speech(voice, rate, volume, speaker, say_to)
    except (TTSError, NoAudio) as error:
        warn(_("{problem}; answers are shown as text only").format(problem=error))
        return None


def output_problem(path: str, what: str) -> str | None:
    """Why a file cannot be written there, before any work is done (None when it can)."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        return _("{path} is a folder; give a file name for the {what}").format(path=path, what=what)
    try:
        os.stat(folder)
    except PermissionError:
        return _("cannot write {path}: no permission to reach {folder}").format(path=path, folder=folder)
    except OSError:
        return _("cannot write {path}: the folder {folder} does not exist").format(path=path, folder=folder)
    if not os.path.isdir(folder):
        return _("cannot write {path}: {folder} is not a folder").format(path=path, folder=folder)
    if not os.access(folder, os.W_OK):
        return _("cannot write {path}: no permission to write in {folder}").format(path=path, folder=folder)
    return None


def check_output(path: str | None, what: str) -> None:
    """CommandError when `path` is given and cannot be written."""
    if path and (problem := output_problem(path, what)):
        raise CommandError(problem, EXIT_INPUT)
