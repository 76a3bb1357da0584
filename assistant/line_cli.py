"""`assistant line listen` and `assistant line learn`: thin glue between the live-line listener
(`line.listener`, pure), the call's audio (`line.hearing`), the speaker, files and the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from . import i18n
from .i18n import ui as _
from .i18n import ui_n as n_
from .menu import Menus

EXIT_OK, EXIT_AUDIO, EXIT_INPUT = 0, 1, 2  # as README.md documents: 1 an engine or device that does not work


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    line = commands.add_parser("line", parents=[common], help=_("listen to the real call: its options, pressing for you, a changed menu"))
    actions = line.add_subparsers(dest="line_command", metavar="ACTION")
    listen = actions.add_parser("listen", parents=[common], help=_("hear the line's options as it says them"))
    add_call_audio(listen, _("a recording of the call"))
    listen.add_argument("--goal", metavar="TEXT", help=_("what you need, in your words (e.g. 'I moved')"))
    listen.add_argument("--autopilot", action="store_true", help=_("press the fitting key as tones on the speaker"))
    listen.add_argument("--speak-into-phone", action="store_true",
                        help=_("at a spoken menu, say the words for you on the speaker (speech out, espeak-ng)"))
    listen.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker for the tones (see: assistant devices)"))
    listen.add_argument("--json", action="store_true", help=_("one JSON object a line: option, press, ask, say, changed, note"))
    listen.add_argument("--model", metavar="PATH", help=_("a CTranslate2 Whisper model folder (default: tiny.en)"))
    listen.add_argument("--for", dest="seconds", metavar="SECONDS", type=float, default=3600.0,
                        help=_("stop listening after this long (default: an hour; Ctrl-C stops it too)"))
    listen.add_argument("--no-hold", action="store_true",
                        help=_("stop when a key to a person has gone to the line (by default it then waits on hold for you)"))
    learn = actions.add_parser("learn", parents=[common], help=_("write the menus heard on the last call as a proposed menus file"))
    learn.add_argument("--out", metavar="FILE", default="menus.proposed.yaml", help=_("where to write it (default: %(default)s)"))
    learn.add_argument("--calls", metavar="N", type=int, default=1, help=_("learn from the last N calls listened to (default: 1)"))


def add_call_audio(parser: argparse.ArgumentParser, recording: str) -> None:
    """Where a call's audio comes from: a device (the default input when neither is given) or a file."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--device", metavar="NAME|INDEX", help=_(
        "input to listen on: a microphone by the speakerphone, or a monitor source"
    ))
    where.add_argument("--file", metavar="WAV", help=recording)


def _fail(message: str, code: int) -> int:
    print(f"assistant: {message}", file=sys.stderr)
    return code


def line(menus: Menus, args: argparse.Namespace, now: datetime) -> int:
    if args.line_command == "learn":
        return _learn(menus, args, now)
    if args.line_command != "listen":
        return _fail(_("say what to do: assistant line listen [--file WAV | --device D] [--goal TEXT], or assistant line learn"),
                     EXIT_INPUT)
    return _listen(menus, args, now)


def _listen(menus: Menus, args: argparse.Namespace, now: datetime) -> int:
    from .dialogue import InputError, check_request
    from .line import heard_store
    from .line.hearing import describe, follow, open_ears
    from .line.listener import Listener
    from .speech.models import ModelError
    from .speech.recognizer import SpeechError

    if args.goal is not None:
        try:
            check_request(args.goal)
        except InputError as error:
            return _fail(f"--goal: {error}", EXIT_INPUT)
    if not args.seconds > 0:
        return _fail(_("--for {seconds}: give a number of seconds above 0").format(seconds=args.seconds), EXIT_INPUT)
    if args.autopilot and args.file:
        return _fail(_("--autopilot presses keys into a live call; a recording cannot take them (drop --autopilot)"), EXIT_INPUT)
    try:
        source, close = _source(args)
    except _SourceError as error:
        return _fail(str(error), error.code)
    language = _caller_language(args)
    try:
        ears = open_ears(menus, args.model, language)
    except (SpeechError, ModelError) as error:
        close()
        return _fail(str(error), EXIT_AUDIO)
    listener = Listener(menus, args.goal, language=language)
    _announce_goal(args, listener, language)
    press = _tones(args) if args.autopilot else None
    speak = _voice_out(args) if args.speak_into_phone else None

    def emit(event: Any) -> None:
        if speak is not None and event.event == "say" and event.text:
            speak.say(event.text)  # the microphone hears it too: a spoken menu waits for an answer anyway
        if args.json:
            print(json.dumps(event.to_json(), ensure_ascii=False), flush=True)
        else:
            bell = "\a" if event.event in ("press", "ask") else ""
            print(describe(event, language) + bell, flush=True)

    code = EXIT_OK
    try:
        follow(source, ears, listener, press, emit, realtime_lag=not args.file, limit_s=args.seconds,
               stop=lambda: listener.queued)
        heard_store.save(listener, now)
        if listener.queued and not args.no_hold:
            code = _hand_over_to_hold(args, source, listener, now, ears.clock)
    except KeyboardInterrupt:
        heard_store.save(listener, now)
    finally:
        close()
        if speak is not None:
            speak.close()
    return code


def _announce_goal(args: argparse.Namespace, listener: Any, language: str) -> None:
    """What the listener will look for, in the caller's language (or that it cannot tell)."""
    _ = i18n.gettext(language)
    if args.goal and listener.goal is None:
        print("assistant: " + _("I could not tell which option \"{goal}\" needs; I will show the options and press nothing.").format(
            goal=args.goal), file=sys.stderr)
    elif listener.goal is not None and not args.json:
        print(_("Listening for the way to: {goal}").format(goal=listener.goal_words()), flush=True)


def _hand_over_to_hold(args: argparse.Namespace, source: Any, listener: Any, now: datetime, at: float) -> int:
    """The line is putting the call through to a person: wait on hold on the same audio."""
    from .hold_cli import listen_on_hold

    if not args.json:
        _ = i18n.gettext(listener.language)
        print(_("A key to a person went to the line: waiting on hold for you now."), flush=True)
    route = listener.goal.id if listener.goal is not None else None
    return listen_on_hold(args, source, now, route=route, offset=at, language=listener.line_language)


def _caller_language(args: argparse.Namespace) -> str:
    """--lang or the settings' language, else the language the goal is written in, else the
    system's (English unless the desktop is in Spanish)."""
    from .cli import _chosen_language
    from .language import detect

    return _chosen_language(args) or (detect(args.goal) if args.goal else None) or i18n.interface_language()


class _SourceError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _source(args: argparse.Namespace) -> tuple[Any, Any]:
    """A function giving the next seconds of call audio at 16 kHz, and one that closes it."""
    from .line import hearing
    from .speech.audio_devices import NoAudio
    from .speech.wavfile import AudioError

    try:
        return hearing.wav_source(args.file) if args.file else hearing.microphone_source(args.device)
    except AudioError as error:
        raise _SourceError(str(error), EXIT_INPUT) from None
    except NoAudio as error:
        raise _SourceError(_("{problem}; or give a recording with --file WAV").format(problem=error), EXIT_AUDIO) from None


def _voice_out(args: argparse.Namespace) -> Any:
    from .cli import _speech_out

    return _speech_out(argparse.Namespace(speaker=args.speaker))


def _tones(args: argparse.Namespace) -> Any:
    from . import dtmf
    from .speech.audio_devices import NoAudio
    from .speech.speaker import Speaker

    try:
        speaker = Speaker(args.speaker)
    except NoAudio as error:
        print("assistant: " + _("{problem}; I will say which key to press instead").format(problem=error), file=sys.stderr)
        return None

    def press(key: str) -> Any:
        tones = dtmf.generate([key], 16000, dtmf.ToneSettings())
        speaker.play(tones, 16000)
        return tones

    return press


def _learn(menus: Menus, args: argparse.Namespace, now: datetime) -> int:
    from . import menu_file
    from .line import heard_store, learn

    if args.calls < 1:
        return _fail(_("--calls {count}: give 1 or more").format(count=args.calls), EXIT_INPUT)
    calls = heard_store.load()[-args.calls:]
    if not calls:
        return _fail(_("no call has been listened to yet: run assistant line listen first"), EXIT_INPUT)
    text, changes = learn.proposal(Path(menus.source_path), calls)
    if not changes:
        print(_("The menus heard match menus.yaml: nothing to propose."))
        return EXIT_OK
    try:
        menu_file.parse(text, args.out)
    except menu_file.MenuError as error:  # never write a file menu check would refuse
        return _fail(_("the proposal did not pass menu check, so it was not written: {problem}").format(problem=error.summary()),
                     EXIT_INPUT)
    out = Path(args.out)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(out)
    for change in changes:
        print(f"  {change}")
    print(n_("Wrote {file} ({count} change). Your menus are unchanged; to use it: assistant --menus {file} "
             "(check it first: assistant menu check {file})",
             "Wrote {file} ({count} changes). Your menus are unchanged; to use it: assistant --menus {file} "
             "(check it first: assistant menu check {file})", len(changes)).format(file=out, count=len(changes)))
    return EXIT_OK
