"""`assistant hold`: wait on hold for the caller, and call them back the moment a person answers.

Thin glue between the held call's audio (`hold.listening`), the pure tracker (`hold.tracker`),
the ways of bringing the caller back (`hold.alert`), the caller's hold history (`hold.history`)
and the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta
from typing import Any

from . import i18n
from .hold.says import held_words, say
from .i18n import ui as _

EXIT_OK, EXIT_AUDIO, EXIT_INPUT = 0, 1, 2  # as README.md documents: 1 an engine or device that does not work


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    from .line_cli import add_call_audio

    hold = commands.add_parser("hold", parents=[common], help=_("wait on hold for you; call you back when a person answers"))
    add_call_audio(hold, _("a recording of a held call"))
    hold.add_argument("--json", action="store_true", help=_("one JSON object a line: state, wait, heard, person"))
    hold.add_argument("--greet-agent", action="store_true",
                      help=_('when a person answers, say "Hello, please hold one moment, I am getting the caller" on the speaker'))
    hold.add_argument("--quiet", action="store_true", help=_("no chime, speech or notification when a person answers (text only)"))
    hold.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker for the chime and speech (see: assistant devices)"))
    hold.add_argument("--route", metavar="ID", help=_("the menus.yaml id this call was routed to (kept in your hold history)"))
    hold.add_argument("--model", metavar="PATH",
                      help=_("a CTranslate2 Whisper model folder (default: tiny.en; Whisper base for a queue in Spanish, --lang es)"))
    hold.add_argument("--for", dest="seconds", metavar="SECONDS", type=float, default=4 * 3600.0,
                      help=_("stop after this long (default: four hours; Ctrl-C stops it too)"))


def _fail(message: str, code: int) -> int:
    print(f"assistant: {message}", file=sys.stderr)
    return code


def hold(args: argparse.Namespace, now: datetime) -> int:
    from .line_cli import _source, _SourceError

    if not args.seconds > 0:
        return _fail(_("--for {seconds}: give a number of seconds above 0").format(seconds=args.seconds), EXIT_INPUT)
    try:
        source, close = _source(args)
    except _SourceError as error:
        return _fail(str(error), error.code)
    try:
        language = queue_language(args)
        if not args.json:
            print(say("start_file", language, file=args.file) if args.file else say("start", language), flush=True)
        return listen_on_hold(args, source, now, route=args.route, language=language)
    finally:
        close()


def queue_language(args: argparse.Namespace) -> str:
    """The language the queue speaks: the caller's (--lang or the settings'), else the language the
    commands speak (the system's: a Spanish desktop waits on the Spanish branch's queue)."""
    from .cli import _chosen_language

    chosen = _chosen_language(args)
    return chosen if chosen in ("en", "es") else i18n.interface_language()


def listen_on_hold(args: argparse.Namespace, source: Any, now: datetime, route: str | None = None, offset: float = 0.0,
                   language: str = "en") -> int:
    """Wait on hold on `source` until a person answers, the call ends, the audio ends or Ctrl-C;
    `offset`: seconds of the call already heard (the live-line listener hands over mid-call);
    `language`: the queue's (the Spanish branch's queue speaks Spanish)."""
    from .hold import history
    from .hold.listening import follow_hold, open_hold_ears
    from .speech.models import ModelError
    from .speech.recognizer import SpeechError

    file = getattr(args, "file", None)
    try:
        ears = open_hold_ears(getattr(args, "model", None), language)
    except (SpeechError, ModelError) as error:
        return _fail(str(error), EXIT_AUDIO)
    alert = None if getattr(args, "quiet", False) or file else _alert(args, language)

    def emit(event: Any) -> None:
        at = offset + event.at
        if args.json:
            print(json.dumps({**event.to_json(), "at": round(at, 2)}, ensure_ascii=False), flush=True)
            return
        stamp = f"[{held_words(at, language)}]"
        if event.event == "person":
            print(f"{stamp} {say('person', language, held=held_words(event.at, language))}\a", flush=True)
        elif event.event == "state" and event.state not in ("person", "ended"):
            print(f"{stamp} {say('state.' + str(event.state), language)}", flush=True)
        elif event.event == "wait":
            print(f"{stamp} {say('wait', language, minutes=event.minutes)}", flush=True)
        elif event.event == "heard":
            key = "heard" if (event.times or 1) == 1 else "heard_again"
            print(f"{stamp} {say(key, language, text=event.text, times=event.times)}", flush=True)
        if event.event == "person" and alert is not None:
            alert.bring_back(held_words(event.at, language))

    stopped = False
    try:
        follow_hold(source, ears, emit, limit_s=getattr(args, "seconds", 4 * 3600.0))
    except KeyboardInterrupt:
        stopped = True
    tracker = ears.tracker
    held = held_words(ears.clock, language)
    outcome = "person" if tracker.person_at is not None else "ended" if tracker.ended_at is not None else "stopped"
    if not args.json:
        if outcome == "ended":
            print(say("ended", language, held=held))
        elif outcome == "stopped":
            print(say("stopped" if stopped or not file else "no_person", language, held=held))
    if not file:  # a live wait joins the caller's history; a recording is not a wait of theirs
        history.record(now, timedelta(seconds=tracker.person_at or ears.clock), outcome, route)
    return EXIT_OK


def _alert(args: argparse.Namespace, language: str) -> Any:
    from .hold.alert import Alert
    from .speech.audio_devices import NoAudio

    play = None
    try:
        from .speech.speaker import Speaker

        play = Speaker(getattr(args, "speaker", None)).play
    except NoAudio as error:
        print("assistant: " + _("{problem}; when a person answers you get the text and a notification").format(problem=error),
              file=sys.stderr)
    from .cli import _speech_out

    speech = _speech_out(argparse.Namespace(speaker=getattr(args, "speaker", None))) if play is not None else None
    speak = (lambda text: speech.say(text, language)) if speech is not None else None
    return Alert(play=play, speak=speak, greet_agent=getattr(args, "greet_agent", False), lang=language)
