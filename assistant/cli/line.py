"""`assistant line listen` and `assistant line learn`: the live line's stream (its options, the keys
pressed, the hand-over to hold) on the terminal, and the menus heard turned into a proposed file."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n, menu_file
from ..i18n import ui as _
from ..i18n import ui_n as n_
from . import hold
from .common import EXIT_OK, EXIT_SETUP, CommandError, call_audio, call_audio_options, chosen_language, menus, speech_out, warn

if TYPE_CHECKING:
    from ..handover import CallEvent
    from ..line.hearing import Press
    from ..line.listener import LineListener


def add(commands: Any, shared: argparse.ArgumentParser) -> None:
    line = commands.add_parser("line", parents=[shared], help=_("listen to the real call: its options, pressing for you, a changed menu"))
    actions = line.add_subparsers(dest="line_command", metavar="ACTION")
    listen = actions.add_parser("listen", parents=[shared], help=_("hear the line's options as it says them"))
    call_audio_options(listen, _("a recording of the call"))
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
    learn = actions.add_parser("learn", parents=[shared], help=_("write the menus heard on the last call as a proposed menus file"))
    learn.add_argument("--out", metavar="FILE", default="menus.proposed.yaml", help=_("where to write it (default: %(default)s)"))
    learn.add_argument("--calls", metavar="N", type=int, default=1, help=_("learn from the last N calls listened to (default: 1)"))


def run(args: argparse.Namespace, now: datetime) -> int:
    if args.line_command == "learn":
        return _learn(args, now)
    if args.line_command != "listen":
        raise CommandError(_("say what to do: assistant line listen [--file WAV | --device D] [--goal TEXT], or assistant line learn"))
    return _listen(args, now)


def _listen(args: argparse.Namespace, now: datetime) -> int:
    from ..dialogue import InputError, check_request
    from ..handover import HandOver, follow_call
    from ..hold.listening import HoldEars, open_hold_ears
    from ..hold.tracker import HoldEvent
    from ..line import heard_store, render
    from ..line.hearing import open_ears, sentence_likeness
    from ..line.listener import LineListener
    from ..speech.recognizer import SpeechError

    line = menus(args)
    if args.goal is not None:
        try:
            check_request(args.goal)
        except InputError as error:
            raise CommandError(f"--goal: {error}") from None
    if not args.seconds > 0:
        raise CommandError(_("--for {seconds}: give a number of seconds above 0").format(seconds=args.seconds))
    if args.autopilot and args.file:
        raise CommandError(_("--autopilot presses keys into a live call; a recording cannot take them (drop --autopilot)"))
    source, close = call_audio(args.file, args.device)
    language = _caller_language(args)
    try:
        ears = open_ears(line, args.model, language)
    except SpeechError as error:
        close()
        raise CommandError(str(error), EXIT_SETUP) from None
    listener = LineListener(line, args.goal, language=language, similarity=sentence_likeness() if args.goal else None,
                            speaks=args.speak_into_phone)
    _announce_goal(args, listener, language)
    press = _tones(args.speaker) if args.autopilot else None
    speak = speech_out(speaker=args.speaker) if args.speak_into_phone else None
    queue = hold.HoldReport(args.json, language)

    def emit(event: CallEvent) -> None:
        if isinstance(event, HandOver):
            queue.handed_over(event, language)
            return
        if isinstance(event, HoldEvent):
            queue.show(event)
            return
        if speak is not None and event.event == "say" and event.text:
            speak.say(event.text)  # the microphone hears it too: a spoken menu waits for an answer anyway
        bell = "\a" if event.event in ("press", "ask") else ""
        print(render.json_line(event) if args.json else render.text(event, language) + bell, flush=True)

    def hold_ears(queue_language: str) -> HoldEars:
        queue.ears = open_hold_ears(args.model, queue_language)
        if not args.file:
            queue.alert = hold.alert(args.speaker, False, queue_language)
        return queue.ears

    stopped = False
    try:
        follow_call(source, ears, listener, press, emit, realtime_lag=not args.file, limit_s=args.seconds,
                    hold_ears=None if args.no_hold else hold_ears, started=None if args.file else now)
    except KeyboardInterrupt:
        stopped = True
    except SpeechError as error:
        raise CommandError(str(error), EXIT_SETUP) from None
    finally:
        heard_store.save(listener, now)
        close()
        if speak is not None:
            speak.close()
    queue.done(stopped=stopped or not args.file)
    return EXIT_OK


def _announce_goal(args: argparse.Namespace, listener: LineListener, language: str) -> None:
    """What the listener will look for, in the caller's language: the goal, judged against the
    options as the line says them (menus.yaml need not know it)."""
    _ = i18n.gettext(language)
    if listener.goal_words() and not args.json:
        print(_("Listening for the way to: {goal}").format(goal=listener.goal_words()), flush=True)


def _caller_language(args: argparse.Namespace) -> str:
    """--lang or the settings' language, else the language the goal is written in, else the
    system's (English unless the desktop is in Spanish)."""
    from ..language import detect

    return chosen_language(args) or (detect(args.goal) if args.goal else None) or i18n.interface_language()


def _tones(speaker: str | None) -> Press | None:
    """Keys as DTMF tones on the speaker (None, after saying so, when there is no speaker)."""
    from .. import dtmf
    from ..speech.audio import RATE
    from ..speech.audio_devices import NoAudio
    from ..speech.speaker import Speaker

    try:
        out = Speaker(speaker)
    except NoAudio as error:
        warn(_("{problem}; I will say which key to press instead").format(problem=error))
        return None

    def press(key: str) -> Any:
        tones = dtmf.generate([key], RATE, dtmf.ToneSettings())
        out.play(tones, RATE)
        return tones

    return press


def _learn(args: argparse.Namespace, now: datetime) -> int:
    from ..line import heard_store, learn

    line = menus(args)
    if args.calls < 1:
        raise CommandError(_("--calls {count}: give 1 or more").format(count=args.calls))
    calls = heard_store.load()[-args.calls:]
    if not calls:
        raise CommandError(_("no call has been listened to yet: run assistant line listen first"))
    text, changes = learn.proposal(Path(line.source_path), calls)
    if not changes:
        print(_("The menus heard match menus.yaml: nothing to propose."))
        return EXIT_OK
    try:
        menu_file.parse(text, args.out)
    except menu_file.MenuError as error:  # never write a file menu check would refuse
        raise CommandError(_("the proposal did not pass menu check, so it was not written: {problem}").format(
            problem=error.summary())) from None
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

