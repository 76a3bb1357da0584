"""`assistant hold`: wait on hold for the caller, and call them back the moment a person answers.

The hold stream on the terminal (`HoldReport`: text or JSON lines, the same for `line listen` once
it hands over), and the ways of bringing the caller back (`hold.alert`)."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..i18n import ui as _
from .common import EXIT_OK, EXIT_SETUP, CommandError, call_audio, call_audio_options, chosen_language, speech_out, warn

if TYPE_CHECKING:
    from ..handover import HandOver
    from ..hold.alert import Alert
    from ..hold.listening import HoldEars
    from ..hold.tracker import HoldEvent


def add(commands: Any, shared: argparse.ArgumentParser) -> None:
    hold = commands.add_parser("hold", parents=[shared], help=_("wait on hold for you; call you back when a person answers"))
    call_audio_options(hold, _("a recording of a held call"))
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


def run(args: argparse.Namespace, now: datetime) -> int:
    from ..hold.listening import follow_hold, open_hold_ears
    from ..hold.says import say
    from ..speech.recognizer import SpeechError

    if not args.seconds > 0:
        raise CommandError(_("--for {seconds}: give a number of seconds above 0").format(seconds=args.seconds))
    source, close = call_audio(args.file, args.device)
    try:
        language = queue_language(args)
        if not args.json:
            print(say("start_file", language, file=args.file) if args.file else say("start", language), flush=True)
        try:
            ears = open_hold_ears(args.model, language, find_language=chosen_language(args) is None)
        except SpeechError as error:
            raise CommandError(str(error), EXIT_SETUP) from None
        report = HoldReport(args.json, language)
        report.ears = ears
        if not (args.quiet or args.file):
            report.alert = alert(args.speaker, args.greet_agent, language)
        stopped = False
        try:
            follow_hold(source, ears, report.show, limit_s=args.seconds, started=None if args.file else now, route=args.route)
        except KeyboardInterrupt:
            stopped = True
        report.done(stopped=stopped or not args.file)
    finally:
        close()
    return EXIT_OK


def queue_language(args: argparse.Namespace) -> str:
    """The language the queue speaks: the caller's (--lang or the settings'), else first the language
    the commands speak (the system's: a Spanish desktop waits on the Spanish branch's queue), until
    the queue's own first words say which it is."""
    chosen = chosen_language(args)
    return chosen if chosen in ("en", "es") else i18n.interface_language()


class HoldReport:
    """The hold stream on the terminal: each event once, as text with the time on hold or as a JSON
    line; the caller brought back when a person answers; the end of the wait said."""

    def __init__(self, as_json: bool, language: str) -> None:
        self.as_json = as_json
        self.language = language  # the queue's, once it is known
        self.alert: Alert | None = None  # how the caller is brought back, when there is a way
        self.offset = 0.0  # seconds of the call before the wait (the menus, when `line listen` handed over)
        self.ears: HoldEars | None = None

    def handed_over(self, handover: HandOver, caller_language: str) -> None:
        """`line listen` put the call in the queue: the wait starts here, in the queue's language."""
        if not self.as_json:
            _ = i18n.gettext(caller_language)
            print(_("A key to a person went to the line: waiting on hold for you now."), flush=True)
        self.offset, self.language = handover.at, handover.language

    def show(self, event: HoldEvent) -> None:
        from ..hold import render
        from ..hold.says import held_words

        if self.as_json:
            print(render.json_line(event, self.offset), flush=True)
            return
        words = render.text(event, self.language) if event.state != "ended" else None  # done() tells the end, with the time held
        if words is not None:
            stamp = held_words(self.offset + event.at, self.language)
            print(f"[{stamp}] {words}" + ("\a" if event.event == "person" else ""), flush=True)
        if event.event == "maybe" and self.alert is not None:
            self.alert.get_ready()
        if event.event == "person" and self.alert is not None:
            self.alert.bring_back(held_words(event.at, self.language))

    def done(self, stopped: bool) -> None:
        """How the wait ended: a person (said already), the call over, or stopped (by Ctrl-C, or the
        audio ended with no person)."""
        from ..hold.says import held_words, say

        if self.as_json or self.ears is None:
            return
        held = held_words(self.ears.clock, self.language)
        if self.ears.outcome == "ended":
            print(say("ended", self.language, held=held))
        elif self.ears.outcome == "stopped":
            print(say("stopped" if stopped else "no_person", self.language, held=held))


def alert(speaker: str | None, greet_agent: bool, language: str) -> Alert:
    """The chime on the speaker, the words said, a notification: each that works here."""
    from ..hold.alert import Alert
    from ..speech.audio_devices import NoAudio
    from ..speech.speaker import Speaker

    play = None
    try:
        play = Speaker(speaker).play
    except NoAudio as error:
        warn(_("{problem}; when a person answers you get the text and a notification").format(problem=error))
    speech = speech_out(speaker=speaker) if play is not None else None
    speak = (lambda text: speech.say(text, language)) if speech is not None else None
    return Alert(play=play, speak=speak, greet_agent=greet_agent, lang=language)
