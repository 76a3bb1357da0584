"""`assistant sheet`: the call sheet from the command line (the checklist, receipt numbers and the
A-number), and a number read aloud slowly, as an agent needs it."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from .. import callsheet, i18n
from ..i18n import ui as _
from ..menu import Menus
from .common import EXIT_INPUT, EXIT_OK, EXIT_SETUP, CommandError, chosen_language, menus, speech_out, warn

SLOW_RATE = 110  # words per minute: a number read to an agent, unless asked otherwise


def add(commands: Any, shared: argparse.ArgumentParser, voice: argparse.ArgumentParser) -> None:
    sheet = commands.add_parser("sheet", parents=[shared], help=_("the call sheet: what to have ready, and your numbers"))
    actions = sheet.add_subparsers(dest="sheet_command", metavar="ACTION")
    actions.required = True
    actions.add_parser("show", parents=[shared], help=_("the checklist and your numbers"))
    add_receipt = actions.add_parser("add-receipt", parents=[shared], help=_("keep a receipt number (like IOE0912345678)"))
    add_receipt.add_argument("number")
    a_number = actions.add_parser("a-number", parents=[shared], help=_("keep your A-number (like A123456789)"))
    a_number.add_argument("number")
    remove = actions.add_parser("remove", parents=[shared], help=_("forget a receipt number or the A-number"))
    remove.add_argument("number")
    tick = actions.add_parser("tick", parents=[shared], help=_("tick (or with --undo untick) checklist item N"))
    tick.add_argument("item", type=int, metavar="N")
    tick.add_argument("--undo", action="store_true")
    read = actions.add_parser("read", parents=[shared, voice], help=_("read a number aloud slowly, as an agent needs it"))
    read.add_argument("number", help=_("a receipt number or A-number on the sheet"))
    read.add_argument("--say-to", metavar="WAV", help=_("write the speech to a WAV file instead"))
    read.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker to say it on"))


def run(args: argparse.Namespace, now: datetime) -> int:
    line = menus(args)
    store = callsheet.SheetStore()
    try:
        action = args.sheet_command
        if action == "show":
            sheet, note = store.load()
            if note:
                warn(note)
            print(callsheet.show(line, sheet))
        elif action == "add-receipt":
            callsheet.add_receipt(line, store, args.number)
            print(_("Kept the receipt number {number} (on this computer only).").format(number=callsheet.normalise(args.number)))
        elif action == "a-number":
            callsheet.set_a_number(line, store, args.number)
            print(_("Kept the A-number {number} (on this computer only).").format(number=callsheet.normalise(args.number)))
        elif action == "remove":
            callsheet.remove(store, args.number)
            print(_("Removed {number}.").format(number=callsheet.normalise(args.number)))
        elif action == "tick":
            if not 1 <= args.item <= len(line.checklist):
                raise CommandError(_("there is no item {item}; the checklist has 1 to {last} (see: assistant sheet show)").format(
                    item=args.item, last=len(line.checklist)))
            callsheet.tick(store, line.checklist[args.item - 1], not args.undo)
            print(callsheet.show(line, store.load()[0]))
        else:
            return _read(line, store, args)
    except callsheet.SheetError as error:
        raise CommandError(str(error), EXIT_INPUT) from None
    return EXIT_OK


def _read(line: Menus, store: callsheet.SheetStore, args: argparse.Namespace) -> int:
    sheet = store.load()[0]
    number = callsheet.normalise(args.number)
    language = chosen_language(args) or i18n.interface_language()
    if number in sheet.receipts:
        identifier = line.identifier("receipt_number", language)
    elif number and number == sheet.a_number:
        identifier = line.identifier("a_number", language)
    else:
        raise CommandError(_("{number} is not on the call sheet; see: assistant sheet show").format(number=repr(args.number.strip())))
    words = callsheet.read_slowly(identifier, number, language)
    print(words)
    out = speech_out(args.voice, SLOW_RATE if args.rate is None else args.rate, args.volume, args.speaker, args.say_to)
    if out is None:
        return EXIT_SETUP
    try:
        out.say(words, language)
    finally:
        out.close()
    return EXIT_OK
