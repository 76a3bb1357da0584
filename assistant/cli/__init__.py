"""The `assistant` command: the parser, and a table of commands, one module per family.

Kept light on purpose: no audio, speech or GUI imports here, so `assistant route` and the text
mode start in well under 300 ms.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime

from .. import __version__, i18n, menu_file
from ..i18n import ui as _
from . import common, hold, keys, line, menu, sheet, speech, talk
from .common import EXIT_INPUT, EXIT_OK, EXIT_SETUP, CommandError, fail

Run = Callable[[argparse.Namespace, datetime], int]

# Each command and what runs it; `talk.default` when none is named.
COMMANDS: dict[str, Run] = {
    "text": talk.text, "route": talk.route, "menu": menu.run, "hours": talk.hours,
    "listen": speech.listen, "models": speech.models, "devices": speech.devices, "voices": speech.voices,
    "voice": talk.voice, "gui": talk.gui, "sheet": sheet.run, "keys": keys.keys, "dtmf": keys.dtmf,
    "simulate": keys.simulate, "line": line.run, "hold": hold.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.use_interface_language(common.interface_language(argv))
    i18n.translate_argparse()
    args = parser().parse_args(argv)
    for name in ("menus", "now", "lang"):
        if not hasattr(args, name):
            setattr(args, name, None)
    try:
        now = common.now(args.now)
    except ValueError:
        return fail(_("--now {given} is not a date and time; write it like 2026-11-30T09:15-05:00").format(given=repr(args.now)),
                    EXIT_INPUT)
    run = COMMANDS[args.command] if args.command else talk.default
    try:
        return run(args, now)
    except menu_file.MenuError as error:
        return fail(error.summary(), EXIT_SETUP)
    except CommandError as error:
        return fail(str(error), error.code)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): nothing more to say
        return EXIT_OK


def parser() -> argparse.ArgumentParser:
    shared, voice, engine = common.shared_options(), common.voice_options(), common.engine_options()
    top = argparse.ArgumentParser(
        prog="assistant",
        description=_("Get through the USCIS phone menu (1-800-375-5283) to the right place and to a live person."),
        parents=[shared],
    )
    top.add_argument("--version", action="version", version=f"assistant {__version__}", help=_("show the version and exit"))
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    # In the order --help lists them.
    talk.add_text(commands, shared)
    talk.add_route(commands, shared, voice)
    menu.add(commands, shared)
    talk.add_hours(commands, shared)
    speech.add(commands, shared, engine)
    talk.add_voice(commands, shared, voice, engine)
    sheet.add(commands, shared, voice)
    keys.add(commands, shared, voice)
    line.add(commands, shared)
    hold.add(commands, shared)
    return top
