"""Asking the assistant: `assistant route` (one request, or one a line; the JSON contract), `assistant
hours`, and the conversations: `text` (typed), `voice` (spoken) and `gui` (the window); with no
command, the window on a desktop, the voice mode in a terminal with a microphone, the typed
conversation otherwise (or when input is piped)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .. import answers, i18n
from ..dialogue import Assistant, InputError, reply_json
from ..hold.history import past_waits
from ..i18n import ui as _
from ..menu import Menus
from ..reply import Reply
from .common import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_SETUP,
    CommandError,
    check_output,
    chosen_language,
    fail,
    menus,
    speech_out,
    spoken_language,
    warn,
)

if TYPE_CHECKING:
    from ..speech.recognizer import Recognizer


def add_text(commands: Any, shared: argparse.ArgumentParser) -> None:
    text = commands.add_parser("text", parents=[shared], help=_("a typed conversation (the default)"))
    text.add_argument("--tty-style", action="store_true", help=_("end each turn with GA and the session with SK"))


def add_voice(commands: Any, shared: argparse.ArgumentParser, voice_options: argparse.ArgumentParser,
              engine_options: argparse.ArgumentParser) -> None:
    voice = commands.add_parser("voice", parents=[shared, engine_options, voice_options],
                                help=_("talk to the assistant (the default when there is audio)"))
    voice.add_argument("--device", metavar="NAME|INDEX", help=_("microphone to use (see: assistant devices)"))
    voice.add_argument("--audio-from", metavar="WAV", help=_("hear this WAV file (in real time, then silence) instead of the microphone"))
    voice.add_argument("--push-to-talk", action="store_true", help=_("press Enter to start and stop talking"))
    voice.add_argument("--end-silence", metavar="MS", type=int, default=800, help=_("end-of-speech timeout, hands-free (default 800)"))
    voice.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker to answer on (see: assistant devices)"))
    voice.add_argument("--say-to", metavar="WAV", help=_("write the spoken answers to this WAV file instead of the speaker"))
    voice.add_argument("--silent", action="store_true", help=_("show the answers only; do not say them"))
    gui = commands.add_parser("gui", parents=[shared], help=_("the desktop window"))
    gui.add_argument("--audio-from", metavar="WAV", help=_("hear this WAV file instead of the microphone (for tests and demos)"))
    gui.add_argument("--silent", action="store_true", help=_("show the answers only; do not say them"))


def default(args: argparse.Namespace, now: datetime) -> int:
    line = menus(args)
    if sys.stdin.isatty() and _has_screen():
        return _window(line, None, False, now if args.now else None)
    spoken = _voice(line, args, now, explicit=False)
    return _text(line, args, now) if spoken is None else spoken


def text(args: argparse.Namespace, now: datetime) -> int:
    return _text(menus(args), args, now)


def voice(args: argparse.Namespace, now: datetime) -> int:
    line = menus(args)
    spoken = _voice(line, args, now, explicit=True)
    return _text(line, args, now) if spoken is None else spoken


def _text(line: Menus, args: argparse.Namespace, now: datetime) -> int:
    from .. import textmode

    chosen = chosen_language(args)
    return textmode.run(Assistant(line, past_waits(), chosen or i18n.interface_language()),
                        tty_style=getattr(args, "tty_style", False), now=args.now and now, language_chosen=chosen is not None)


def gui(args: argparse.Namespace, now: datetime) -> int:
    return _window(menus(args), args.audio_from, args.silent, now if args.now else None)


def _has_screen() -> bool:
    """A graphical session with Qt installed: then the window is the default front end."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and importlib.util.find_spec("PySide6") is not None


def _window(line: Menus, audio_from: str | None, silent: bool, fixed: datetime | None) -> int:
    try:
        from ..gui import app
    except ImportError as error:
        return fail(_("the window needs Qt for Python ({why}); run: bash setup.sh start").format(why=error), EXIT_SETUP)
    return app.run(line, (lambda: fixed) if fixed else (lambda: datetime.now(UTC)), audio_from, speak=not silent)


def _voice(line: Menus, args: argparse.Namespace, now: datetime, explicit: bool) -> int | None:
    """Run the voice mode; None means: no audio here, go on in text mode (after saying so)."""
    if not explicit and not sys.stdin.isatty():
        return None  # piped input: the text mode is what a script wants
    try:
        from ..speech.audio_devices import NoAudio
        from ..speech.engines import finding_language, open_hearing
        from ..speech.recognizer import SpeechError
        from ..speech.wavfile import AudioError
        from ..voice import VoiceSession
    except ImportError as error:
        warn(_("speech is not available ({why}); continuing in text mode").format(why=error))
        return None
    spoken, finds = spoken_language(args)  # None: auto, found in each utterance by the multilingual model
    try:
        microphone, choice = open_hearing(getattr(args, "engine", "auto"), line, getattr(args, "model", None), spoken,
                                          getattr(args, "audio_from", None), getattr(args, "device", None))
    except AudioError as error:
        raise CommandError(str(error), EXIT_INPUT) from None
    except (NoAudio, SpeechError) as error:
        warn(_("{problem}; continuing in text mode").format(problem=error))
        return None
    language = spoken or i18n.interface_language()
    assistant = Assistant(line, past_waits(), language)
    if finds:
        choice = finding_language(choice, line, language, assistant.judges_readings(lambda: datetime.now(UTC)))
    warn(choice.note)
    recognizer: Recognizer = choice.recognizer

    out = None if getattr(args, "silent", False) else speech_out(
        getattr(args, "voice", None), getattr(args, "rate", None), getattr(args, "volume", None),
        getattr(args, "speaker", None), getattr(args, "say_to", None))
    session = VoiceSession(assistant, recognizer, microphone, sys.stdout,
                           hands_free=not getattr(args, "push_to_talk", False),
                           end_silence_ms=getattr(args, "end_silence", 800), now=args.now and now,
                           speaker=out.say if out else None, language_chosen=chosen_language(args) is not None,
                           hear_language=lambda code: switch_language(recognizer, line, code))
    try:
        return session.run()
    finally:
        if out is not None:
            out.close()


def switch_language(recognizer: Recognizer, line: Menus, language: str) -> str | None:
    """Turn the engine to the conversation's new language; why not, in that language, when it cannot."""
    from ..speech.phrases import bias_prompt
    from ..speech.recognizer import SpeechError

    try:
        recognizer.use_language(language, bias_prompt(line, language=language))
    except SpeechError:  # an English-only engine (tiny.en, the grammar engines)
        _ = i18n.gettext(language)
        return _("This speech engine hears English only; type your requests, or start again with --lang {language}.").format(
            language=language)
    return None


def add_route(commands: Any, shared: argparse.ArgumentParser, voice: argparse.ArgumentParser) -> None:
    route = commands.add_parser("route", parents=[shared, voice], help=_("route one request and exit"))
    route.add_argument("request", help=_("what you need, in your own words; - reads one request a line from stdin"))
    route.add_argument("--json", action="store_true", help=_("print one JSON object (one a line with -)"))
    route.add_argument("--say", action="store_true", help=_("also say the answer aloud"))
    route.add_argument("--say-to", metavar="WAV", help=_("write the spoken answer to a WAV file instead"))
    route.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker to say it on (see: assistant devices)"))


def add_hours(commands: Any, shared: argparse.ArgumentParser) -> None:
    commands.add_parser("hours", parents=[shared], help=_("say whether live agents are available now"))


def hours(args: argparse.Namespace, now: datetime) -> int:
    print(answers.hours_answer(menus(args), now, waits=past_waits(), language=chosen_language(args) or i18n.interface_language()))
    return EXIT_OK


def route(args: argparse.Namespace, now: datetime) -> int:
    line = menus(args)
    english = Assistant(line)

    def shown(reply: Reply) -> str:
        return json.dumps(reply_json(line, reply), ensure_ascii=False) if args.json else reply.say

    def decide(text: str) -> Reply:
        """The chosen language, else the one the request is written in."""
        return english.speaking(chosen_language(args) or english.language_of(text) or "en").respond(text, now)

    if args.request != "-":
        try:
            reply = decide(args.request)
        except InputError as error:
            raise CommandError(str(error), EXIT_INPUT) from None
        print(shown(reply))
        return _say(args, reply) if args.say or args.say_to else EXIT_OK
    failed = False
    for line_no, text in enumerate(sys.stdin, 1):
        if not text.strip():
            continue  # blank lines separate nothing; skipping them keeps scripts simple
        try:
            reply = decide(text.rstrip("\r\n"))
        except InputError as error:
            failed = True
            print("assistant: " + _("line {number}: {problem}").format(number=line_no, problem=error), file=sys.stderr)
            print(json.dumps({"status": "error", "error": str(error), "line": line_no}) if args.json
                  else _("Line {number}: {problem}").format(number=line_no, problem=error))
            continue
        print(shown(reply), flush=True)
    return EXIT_INPUT if failed else EXIT_OK


def _say(args: argparse.Namespace, reply: Reply) -> int:
    """The answer aloud, or into a WAV file."""
    from ..speech.tts import TTSError

    check_output(args.say_to, "spoken answer")
    out = speech_out(args.voice, args.rate, args.volume, args.speaker, args.say_to)
    if out is None:
        return EXIT_SETUP
    try:
        out.say(reply.say, reply.language)
    except TTSError as error:
        raise CommandError(str(error), EXIT_SETUP) from None
    except OSError as error:
        raise CommandError(_("cannot write {path}: {why}").format(path=args.say_to, why=error.strerror or error), EXIT_INPUT) from None
    finally:
        out.close()
    return EXIT_OK
