"""`assistant menu show | check | prepare`: the phone menus as a tree, a menus file checked, and
the sentence model taught the menu's phrases."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from .. import hours, i18n, menu_file, routing
from ..dialogue import Assistant
from ..i18n import ui as _
from ..i18n import ui_n as n_
from ..menu import LANGUAGE_NAMES, Menus, Node, format_number
from .common import EXIT_OK, EXIT_SETUP, fail, menus


def add(commands: Any, shared: argparse.ArgumentParser) -> None:
    menu = commands.add_parser("menu", parents=[shared], help=_("show or check the phone menus"))
    actions = menu.add_subparsers(dest="menu_command", metavar="ACTION")
    actions.required = True
    check = actions.add_parser("check", parents=[shared], help=_("check a menus file and report every problem"))
    check.add_argument("file", nargs="?", help=_("the file to check (default: the one in use)"))
    actions.add_parser("show", parents=[shared], help=_("print the menu tree"))
    actions.add_parser("prepare", parents=[shared],
                       help=_("teach the sentence model the menu's phrases now (done once per menus file; ~10 s)"))


def run(args: argparse.Namespace, now: datetime) -> int:
    if args.menu_command == "check":
        return _check(args.file or args.menus)
    if args.menu_command == "prepare":
        return _prepare(menus(args))
    print(show_tree(menus(args), i18n.interface_language()))
    return EXIT_OK


def _check(path: str | None) -> int:
    try:
        line = menu_file.load(path)
    except menu_file.MenuError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print("assistant: " + n_("{count} problem found; the assistant will not start on this file",
                                 "{count} problems found; the assistant will not start on this file", count).format(count=count),
              file=sys.stderr)
        return EXIT_SETUP
    count = sum(1 for _ in line.nodes())
    routable = sum(1 for _ in line.routable())
    print(_("{file}: OK: {layouts} layouts, {nodes} menu nodes, {routable} that people can ask for, {answers} answer topics").format(
        file=line.source_path, layouts=len(line.layouts), nodes=count, routable=routable, answers=len(line.answers)))
    return EXIT_OK


def _prepare(line: Menus) -> int:
    """The sentence model's vectors for every phrase, in every language, kept for later runs."""
    for code in line.languages:
        assistant = Assistant(line, language=code)
        if assistant.meaning() is None:
            return fail(_("the sentence model is off, requests are matched by their words only: {why}").format(
                why=assistant.meaning_problem), EXIT_SETUP)
        print(_("{language}: {count} phrases ready").format(language=LANGUAGE_NAMES.get(code, code), count=len(assistant.matcher.texts)))
    return EXIT_OK


def show_tree(line: Menus, language: str = "en") -> str:
    """The menus as a tree, in `language` (the interface's): each option's key, label, kind and id."""
    _ = i18n.gettext(language)
    lines = [f"{line.name}: {format_number(line.number)} (TTY {format_number(line.tty_number)})"]
    lines.append(_("Live agents: {hours}, {zone}").format(hours=hours.weekly_words(line.live_hours, language), zone=line.timezone))
    for layout in line.layouts:
        lines.append("")
        lines.append(f"{layout.title_in(language)} [{layout.id}]")
        names = "; ".join(line.source(source_id).name for source_id in layout.sources)
        lines.append("  " + _("sources: {names} (recorded {day})").format(names=names, day=layout.recorded))
        _tree_lines(layout.root, 1, lines, language)
    return "\n".join(lines)


def _tree_lines(node: Node, depth: int, lines: list[str], language: str) -> None:
    _ = i18n.gettext(language)
    for option in node.options:
        what = {"menu": _("menu"), "info": _("information"), "representative": _("a representative")}[option.kind]
        goto = _(", goes to {option}").format(option=option.goto) if option.goto else ""
        lines.append("  " * depth + _("press {key}: {label} ({kind}{goto}) [{id}]").format(
            key=routing.key_words(option.key or "", language), label=option.words(language).label, kind=what, goto=goto, id=option.id))
        _tree_lines(option, depth + 1, lines, language)
