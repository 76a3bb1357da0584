"""The text (TTY-style) front end: a line-based conversation for keyboards, screen readers and
braille displays, and for scripts that pipe one request a line.

Plain text only: every answer is one complete line (keys spelled out in it), colour only on a
terminal with NO_COLOR unset. `--tty-style` ends each turn with GA and the session with SK, as
TTY users do. Ctrl-C and Ctrl-D end the session cleanly.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from datetime import UTC, datetime
from typing import TextIO

from . import i18n
from .dialogue import Assistant, Conversation, InputError
from .reply import Reply

# What the person types to end, get help or hear the last answer again, in either language.
QUIT_WORDS = {"quit", "exit", "bye", "goodbye", "stop", "end", "q", "salir", "adios", "adiós", "terminar", "fin"}
HELP_WORDS = {"help", "?", "ayuda"}
REPEAT_WORDS = {"repeat", "again", "say that again", "repetir", "repita", "otra vez"}


def greeting(language: str) -> str:
    _ = i18n.gettext(language)
    return _("USCIS call helper. Tell me what you need in your own words, for example: I moved. "
             "Type help for ideas, or quit to end. Para español, escriba: español.")


def help_text(language: str) -> str:
    _ = i18n.gettext(language)
    return _("Examples: I moved; my green card never came; I lost my receipt number; I need an appointment; "
             "let me talk to a human; are you open now; I am deaf; what should I have ready. "
             "Type repeat to hear the last answer again, quit to end.")


def line_offer(language: str, goal: str) -> str:
    _ = i18n.gettext(language)
    return _('When you call, I can listen to the line and press for you: put the phone on speaker and run '
             'assistant line listen --goal "{goal}" --autopilot'
             " (on hold, it waits for you and calls you back when a person answers)").format(goal=goal)


class TextSession:
    def __init__(self, assistant: Assistant, out: TextIO, tty_style: bool = False, colour: bool = False,
                 offer_line: bool = False, language_chosen: bool = False) -> None:
        self.conversation = Conversation(assistant, language_chosen)
        self.out = out
        self.tty_style = tty_style
        self.colour = colour
        self.offer_line = offer_line  # once, after the first route (people at a terminal, not scripts)

    def say(self, text: str, turn_end: bool = True) -> None:
        if self.tty_style and turn_end:
            text = f"{text} GA"
        self.out.write(text + "\n")
        self.out.flush()

    def handle(self, line: str, now: datetime) -> bool:
        """Answer one line; False when the person asked to end the session."""
        command = line.strip().lower().rstrip(".!")
        language = self.conversation.language
        if command in QUIT_WORDS:
            return False
        if command in HELP_WORDS:
            self.say(help_text(language))
            return True
        if command in REPEAT_WORDS:
            last = self.conversation.last
            _ = i18n.gettext(language)
            self.say(last.say if last else _("Nothing to repeat yet.") + " " + help_text(language))
            return True
        try:
            reply = self.conversation.turn(line, now)
        except InputError as error:
            self.say(str(error))
            return True
        if self.offer_line and reply.has_route and reply.destination is not None:
            self.offer_line = False
            self.say(self._render(reply), turn_end=False)
            words = reply.destination.words(reply.language)
            self.say(line_offer(reply.language, words.say or words.label))
            return True
        self.say(self._render(reply))
        return True

    def _render(self, reply: Reply) -> str:
        if not reply.has_route or not self.colour:
            return reply.say
        # Colour only marks the keys; the words carry everything, so nothing is lost without it.
        _ = i18n.gettext(reply.language)
        keys = _("Keys: {keys}").format(keys=" ".join(reply.keys))
        return f"{reply.say} \033[1m{keys}\033[0m"

    def goodbye(self) -> None:
        _ = i18n.gettext(self.conversation.language)
        self.out.write(_("Goodbye.") + (" SK" if self.tty_style else "") + "\n")
        self.out.flush()


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def run(assistant: Assistant, tty_style: bool = False, now: datetime | None = None,
        stdin: TextIO | None = None, stdout: TextIO | None = None, language_chosen: bool = False) -> int:
    source = stdin or sys.stdin
    out = stdout or sys.stdout
    interactive = source.isatty()
    session = TextSession(assistant, out, tty_style=tty_style, colour=use_colour(out), offer_line=interactive,
                          language_chosen=language_chosen)
    if interactive:
        # Ctrl-C ends the session even when the assistant was started with SIGINT ignored (as a
        # background job, or by a launcher), which Python would otherwise keep.
        with contextlib.suppress(ValueError):  # not the main thread: leave it as it is
            signal.signal(signal.SIGINT, signal.default_int_handler)
        session.say(greeting(assistant.language))
    try:
        while True:
            if interactive:
                out.write("> ")
                out.flush()
            line = source.readline()
            if not line:
                break  # Ctrl-D or the end of piped input
            if not line.strip():
                continue
            if not session.handle(line.rstrip("\r\n"), now or datetime.now(UTC)):
                break
    except KeyboardInterrupt:
        out.write("\n")
    session.goodbye()
    return 0
