"""The `assistant` command: argument parsing and the thin glue between the core and a terminal.

Kept light on purpose: no audio, speech or GUI imports here, so `assistant route` and the text
mode start in well under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from . import __version__, answers, hours, i18n, menu_file, routing
from .dialogue import Assistant, InputError
from .hold.history import past_waits
from .i18n import ui as _
from .i18n import ui_n as n_
from .menu import LANGUAGE_NAMES, Menus, Node, format_number

EXIT_OK, EXIT_MENUS, EXIT_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.use_interface_language(_interface_language(argv))
    i18n.translate_argparse()
    parser = _parser()
    args = parser.parse_args(argv)
    for name in ("menus", "now", "lang"):
        if not hasattr(args, name):
            setattr(args, name, None)
    try:
        now = _now(args.now)
    except ValueError:
        return _fail(_("--now {given} is not a date and time; write it like 2026-11-30T09:15-05:00").format(given=repr(args.now)),
                     EXIT_INPUT)
    command = args.command or "text"
    try:
        if command == "menu" and args.menu_command == "check":
            return _menu_check(args.file or args.menus)
        if command == "models":
            return _models(args)
        if command == "devices":
            return _devices()
        if command == "voices":
            return _voices()
        if command == "dtmf":
            from . import keys_cli

            return keys_cli.dtmf_command(args)
        menus = menu_file.load(args.menus)
    except menu_file.MenuError as error:
        return _fail(error.summary(), EXIT_MENUS)
    try:
        chosen = _chosen_language(args)
        if command == "route":
            code = _route(menus, args.request, args.json, now, chosen)
            if code == EXIT_OK and (args.say or args.say_to) and args.request != "-":
                return _say_route(menus, args, now)
            return code
        if command == "gui":
            return _gui(menus, args, now)
        if command == "sheet":
            return _sheet(menus, args)
        if command in ("keys", "simulate"):
            from . import keys_cli

            return keys_cli.keys(menus, args, now) if command == "keys" else keys_cli.simulate(menus, args, now)
        if command == "menu" and args.menu_command == "prepare":
            return _menu_prepare(menus)
        if command == "menu":
            print(show_tree(menus, i18n.interface_language()))
            return EXIT_OK
        if command == "hours":
            print(answers.hours_answer(menus, now, waits=past_waits(), language=chosen or i18n.interface_language()))
            return EXIT_OK
        if command == "listen":
            return _listen(menus, args, now)
        if command == "line":
            from . import line_cli

            return line_cli.line(menus, args, now)
        if command == "hold":
            from . import hold_cli

            return hold_cli.hold(args, now)
        if args.command is None and sys.stdin.isatty() and _has_screen():
            return _gui(menus, argparse.Namespace(audio_from=None, silent=False, now=args.now), now)
        if command == "voice" or args.command is None:
            spoken = _voice(menus, args, now, explicit=command == "voice")
            if spoken is not None:
                return spoken
        from . import textmode

        start_in = chosen or i18n.interface_language()
        return textmode.run(Assistant(menus, past_waits(), start_in), tty_style=getattr(args, "tty_style", False),
                            now=args.now and now, language_chosen=chosen is not None)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): nothing more to say
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
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
    parser = argparse.ArgumentParser(
        prog="assistant",
        description=_("Get through the USCIS phone menu (1-800-375-5283) to the right place and to a live person."),
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"assistant {__version__}",
                        help=_("show the version and exit"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    text = commands.add_parser("text", parents=[common], help=_("a typed conversation (the default)"))
    text.add_argument("--tty-style", action="store_true", help=_("end each turn with GA and the session with SK"))
    speech_out = argparse.ArgumentParser(add_help=False)
    speech_out.add_argument("--voice", metavar="ID", help=_("voice to speak with (see: assistant voices), e.g. gmw/en-US+f2"))
    speech_out.add_argument("--rate", type=int, metavar="WPM", help=_("speaking rate in words per minute (default 200)"))
    speech_out.add_argument("--volume", type=float, metavar="0-1", help=_("speaking volume from 0.0 to 1.0 (default 1.0)"))
    route = commands.add_parser("route", parents=[common, speech_out], help=_("route one request and exit"))
    route.add_argument("request", help=_("what you need, in your own words; - reads one request a line from stdin"))
    route.add_argument("--json", action="store_true", help=_("print one JSON object (one a line with -)"))
    route.add_argument("--say", action="store_true", help=_("also say the answer aloud"))
    route.add_argument("--say-to", metavar="WAV", help=_("write the spoken answer to a WAV file instead"))
    route.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker to say it on (see: assistant devices)"))
    menu = commands.add_parser("menu", parents=[common], help=_("show or check the phone menus"))
    menu_commands = menu.add_subparsers(dest="menu_command", metavar="ACTION")
    menu_commands.required = True
    check = menu_commands.add_parser("check", parents=[common], help=_("check a menus file and report every problem"))
    check.add_argument("file", nargs="?", help=_("the file to check (default: the one in use)"))
    menu_commands.add_parser("show", parents=[common], help=_("print the menu tree"))
    menu_commands.add_parser("prepare", parents=[common],
                             help=_("teach the sentence model the menu's phrases now (done once per menus file; ~10 s)"))
    commands.add_parser("hours", parents=[common], help=_("say whether live agents are available now"))
    speech = argparse.ArgumentParser(add_help=False)
    speech.add_argument("--engine", choices=("auto", "whisper", "vosk", "pocketsphinx"), default="auto",
                        help=_("speech engine (auto: Whisper, then Vosk when an English model is found, then PocketSphinx)"))
    speech.add_argument("--model", metavar="PATH", help=_("a CTranslate2 Whisper folder (base.en, small.en) or a Vosk model folder"))
    listen = commands.add_parser("listen", parents=[common, speech], help=_("route spoken requests from WAV files"))
    listen.add_argument("--file", metavar="WAV", nargs="+", action="extend", required=True, help=_("one or more WAV files"))
    listen.add_argument("--json", action="store_true", help=_("one JSON object a file: the route contract plus transcript and engine"))
    models = commands.add_parser("models", parents=[common], help=_("list, download or locate speech models"))
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION")
    model_commands.required = True
    model_commands.add_parser("list", parents=[common], help=_("every Vosk model found, and what each lacks"))
    fetch = model_commands.add_parser("download", parents=[common], help=_("download the small English Vosk model"))
    fetch.add_argument("--manifest", metavar="FILE", help=argparse.SUPPRESS)
    fetch.add_argument("--to", metavar="FOLDER", help=_("where to put it (default: your data folder)"))
    where = model_commands.add_parser("path", parents=[common], help=_("print the folder of the model in use"))
    where.add_argument("--model", metavar="PATH", help=_("Vosk model folder"))
    commands.add_parser("devices", parents=[common], help=_("list microphones and speakers"))
    commands.add_parser("voices", parents=[common], help=_("list the voices the assistant can speak with"))
    voice = commands.add_parser("voice", parents=[common, speech, speech_out],
                                help=_("talk to the assistant (the default when there is audio)"))
    voice.add_argument("--device", metavar="NAME|INDEX", help=_("microphone to use (see: assistant devices)"))
    voice.add_argument("--audio-from", metavar="WAV", help=_("hear this WAV file (in real time, then silence) instead of the microphone"))
    voice.add_argument("--push-to-talk", action="store_true", help=_("press Enter to start and stop talking"))
    voice.add_argument("--end-silence", metavar="MS", type=int, default=800, help=_("end-of-speech timeout, hands-free (default 800)"))
    voice.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker to answer on (see: assistant devices)"))
    voice.add_argument("--say-to", metavar="WAV", help=_("write the spoken answers to this WAV file instead of the speaker"))
    voice.add_argument("--silent", action="store_true", help=_("show the answers only; do not say them"))
    gui = commands.add_parser("gui", parents=[common], help=_("the desktop window"))
    gui.add_argument("--audio-from", metavar="WAV", help=_("hear this WAV file instead of the microphone (for tests and demos)"))
    gui.add_argument("--silent", action="store_true", help=_("show the answers only; do not say them"))
    sheet = commands.add_parser("sheet", parents=[common], help=_("the call sheet: what to have ready, and your numbers"))
    sheet_commands = sheet.add_subparsers(dest="sheet_command", metavar="ACTION")
    sheet_commands.required = True
    sheet_commands.add_parser("show", parents=[common], help=_("the checklist and your numbers"))
    add = sheet_commands.add_parser("add-receipt", parents=[common], help=_("keep a receipt number (like IOE0912345678)"))
    add.add_argument("number")
    a_number = sheet_commands.add_parser("a-number", parents=[common], help=_("keep your A-number (like A123456789)"))
    a_number.add_argument("number")
    remove = sheet_commands.add_parser("remove", parents=[common], help=_("forget a receipt number or the A-number"))
    remove.add_argument("number")
    tick = sheet_commands.add_parser("tick", parents=[common], help=_("tick (or with --undo untick) checklist item N"))
    tick.add_argument("item", type=int, metavar="N")
    tick.add_argument("--undo", action="store_true")
    read = sheet_commands.add_parser("read", parents=[common, speech_out], help=_("read a number aloud slowly, as an agent needs it"))
    read.add_argument("number", help=_("a receipt number or A-number on the sheet"))
    read.add_argument("--say-to", metavar="WAV", help=_("write the speech to a WAV file instead"))
    read.add_argument("--speaker", metavar="NAME|INDEX", help=_("speaker to say it on"))
    from . import keys_cli

    keys_cli.add_commands(commands, common, speech_out)
    from . import line_cli

    line_cli.add_commands(commands, common)
    from . import hold_cli

    hold_cli.add_command(commands, common)
    return parser


def _now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a bare time is the user's own local time
    return moment


def _fail(message: str, code: int) -> int:
    print(f"assistant: {message}", file=sys.stderr)
    return code


def _language_setting(args: argparse.Namespace) -> str:
    """--lang, else the settings' language: en, es, auto, or "" (never chosen)."""
    if args.lang is not None:
        return str(args.lang)
    return _settings_language()


@cache
def _settings_language() -> str:
    """The settings' language, read once a run (the help's language and each command ask for it)."""
    from .settings import SettingsStore

    return SettingsStore().load()[0].language


def _interface_language(argv: Sequence[str]) -> str:
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


def _chosen_language(args: argparse.Namespace) -> str | None:
    """For typed requests: the chosen language, or None to find it in the words (cheap and sure)."""
    given = _language_setting(args)
    return None if given in ("", "auto") else given


def _spoken_language(args: argparse.Namespace) -> str | None:
    """For speech: the chosen language; None (found in the speech, by the multilingual model) only
    when auto was chosen; when nothing was, the system's (English, and so the English model
    tiny.en, unless the desktop is in Spanish)."""
    given = _language_setting(args)
    return None if given == "auto" else (given or i18n.interface_language())


def _route(menus: Menus, request: str, as_json: bool, now: datetime, chosen: str | None = None) -> int:
    from .language import detect

    english = Assistant(menus)

    def assistant_for(text: str) -> Assistant:
        return english.speaking(chosen or detect(text) or "en")

    if request != "-":
        assistant = assistant_for(request)
        try:
            reply = assistant.respond(request, now)
        except InputError as error:
            return _fail(str(error), EXIT_INPUT)
        print(json.dumps(reply.to_json(menus), ensure_ascii=False) if as_json else reply.say)
        return EXIT_OK
    failed = False
    for line_no, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue  # blank lines separate nothing; skipping them keeps scripts simple
        try:
            reply = assistant_for(line).respond(line.rstrip("\r\n"), now)
        except InputError as error:
            failed = True
            print("assistant: " + _("line {number}: {problem}").format(number=line_no, problem=error), file=sys.stderr)
            print(json.dumps({"status": "error", "error": str(error), "line": line_no}) if as_json
                  else _("Line {number}: {problem}").format(number=line_no, problem=error))
            continue
        print(json.dumps(reply.to_json(menus), ensure_ascii=False) if as_json else reply.say, flush=True)
    return EXIT_INPUT if failed else EXIT_OK


def _voice(menus: Menus, args: argparse.Namespace, now: datetime, explicit: bool) -> int | None:
    """Run the voice mode; None means: no audio here, go on in text mode (after saying so)."""
    if not explicit and not sys.stdin.isatty():
        return None  # piped input: the text mode is what a script wants
    try:
        from .speech.audio_devices import NoAudio
        from .speech.engines import open_engine
        from .speech.microphone import Microphone
        from .speech.models import ModelError
        from .speech.recognizer import SpeechError
    except ImportError as error:
        print("assistant: " + _("speech is not available ({why}); continuing in text mode").format(why=error), file=sys.stderr)
        return None
    microphone: Any
    try:
        if getattr(args, "audio_from", None):
            from .speech.microphone import WavMicrophone
            from .speech.wavfile import AudioError

            try:
                microphone = WavMicrophone(args.audio_from)
            except AudioError as error:
                return _fail(str(error), EXIT_INPUT)
        else:
            microphone = Microphone(getattr(args, "device", None))  # first: no need for an engine without one
    except NoAudio as error:
        print("assistant: " + _("{problem}; continuing in text mode").format(problem=error), file=sys.stderr)
        return None
    spoken = _spoken_language(args)  # None: auto, found in each utterance by the multilingual model
    try:
        choice = open_engine(getattr(args, "engine", "auto"), menus, getattr(args, "model", None), spoken)
    except (SpeechError, ModelError) as error:
        microphone.close()
        print("assistant: " + _("{problem}; continuing in text mode").format(problem=error), file=sys.stderr)
        return None
    print(f"assistant: {choice.note}", file=sys.stderr)
    from .speech.phrases import bias_prompt
    from .speech.recognizer import LanguageFinding
    from .voice import VoiceSession

    language = spoken or i18n.interface_language()
    recognizer = choice.recognizer
    if spoken is None and hasattr(recognizer, "detect_language"):
        recognizer = LanguageFinding(recognizer, lambda code: bias_prompt(menus, language=code), language)

    out = None if getattr(args, "silent", False) else _speech_out(args)
    from .speech.utterance import speech_classifier

    session = VoiceSession(Assistant(menus, past_waits(), language), recognizer, microphone, sys.stdout,
                           hands_free=not getattr(args, "push_to_talk", False),
                           end_silence_ms=getattr(args, "end_silence", 800), now=args.now and now,
                           speaker=out.say if out else None,
                           classify=speech_classifier(choice.recognizer),
                           language_chosen=_chosen_language(args) is not None,
                           hear_language=lambda code: _hear_language(recognizer, menus, code))
    try:
        return session.run()
    finally:
        if out is not None:
            out.close()


def _hear_language(recognizer: Any, menus: Menus, language: str) -> str | None:
    """Turn the engine to the conversation's new language; why not, in that language, when it cannot."""
    from .speech.phrases import bias_prompt
    from .speech.recognizer import SpeechError

    _ = i18n.gettext(language)
    cannot = _("This speech engine hears English only; type your requests, or start again with --lang {language}.").format(
        language=language)
    switch = getattr(recognizer, "use_language", None)
    if switch is None:
        return cannot
    try:
        switch(language, bias_prompt(menus, language=language))
    except SpeechError:  # an English-only Whisper model (tiny.en)
        return cannot
    return None


def _speech_out(args: argparse.Namespace) -> Any:
    """Speech out for the answers, or None after saying once, in one line, why there is none."""
    from .speech.audio_devices import NoAudio
    from .speech.speech_out import SpeechOut
    from .speech.tts import Synthesizer, TTSError, VoiceSettings

    try:
        synthesizer = Synthesizer(VoiceSettings(getattr(args, "voice", None), getattr(args, "rate", None), getattr(args, "volume", None)))
    except TTSError as error:
        print("assistant: " + _("{problem}; answers are shown as text only").format(problem=error), file=sys.stderr)
        return None
    if getattr(args, "say_to", None):
        return SpeechOut(synthesizer, to_file=args.say_to)
    try:
        from .speech.speaker import Speaker

        return SpeechOut(synthesizer, Speaker(getattr(args, "speaker", None)))
    except NoAudio as error:
        synthesizer.close()
        print("assistant: " + _("{problem}; answers are shown as text only").format(problem=error), file=sys.stderr)
        return None


def _say_route(menus: Menus, args: argparse.Namespace, now: datetime) -> int:
    from .speech.tts import TTSError

    if args.say_to:
        from .storage import output_problem

        if problem := output_problem(args.say_to, "spoken answer"):
            return _fail(problem, EXIT_INPUT)
    out = _speech_out(args)
    if out is None:
        return EXIT_MENUS
    from .language import detect

    try:
        reply = Assistant(menus).speaking(_chosen_language(args) or detect(args.request) or "en").respond(args.request, now)
        out.say(reply.say, reply.language)
    except TTSError as error:
        return _fail(str(error), EXIT_MENUS)
    except OSError as error:
        return _fail(_("cannot write {path}: {why}").format(path=args.say_to, why=error.strerror or error), EXIT_INPUT)
    finally:
        out.close()
    return EXIT_OK


def _has_screen() -> bool:
    """A graphical session with Qt installed: then the window is the default front end."""
    import importlib.util

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and importlib.util.find_spec("PySide6") is not None


def _gui(menus: Menus, args: argparse.Namespace, now: datetime) -> int:
    try:
        from .gui import app
    except ImportError as error:
        return _fail(_("the window needs Qt for Python ({why}); run: bash setup.sh start").format(why=error), EXIT_MENUS)
    fixed = now if args.now else None
    return app.run(menus, (lambda: fixed) if fixed else (lambda: datetime.now(UTC)), args.audio_from, speak=not args.silent)


def _sheet(menus: Menus, args: argparse.Namespace) -> int:
    from . import callsheet

    store = callsheet.SheetStore()
    try:
        action = args.sheet_command
        if action == "show":
            sheet, note = store.load()
            if note:
                print(f"assistant: {note}", file=sys.stderr)
            print(callsheet.show(menus, sheet))
        elif action == "add-receipt":
            callsheet.add_receipt(menus, store, args.number)
            print(_("Kept the receipt number {number} (on this computer only).").format(number=callsheet.normalise(args.number)))
        elif action == "a-number":
            callsheet.set_a_number(menus, store, args.number)
            print(_("Kept the A-number {number} (on this computer only).").format(number=callsheet.normalise(args.number)))
        elif action == "remove":
            callsheet.remove(store, args.number)
            print(_("Removed {number}.").format(number=callsheet.normalise(args.number)))
        elif action == "tick":
            if not 1 <= args.item <= len(menus.checklist):
                return _fail(_("there is no item {item}; the checklist has 1 to {last} (see: assistant sheet show)").format(
                    item=args.item, last=len(menus.checklist)), EXIT_INPUT)
            callsheet.tick(store, menus.checklist[args.item - 1], not args.undo)
            print(callsheet.show(menus, store.load()[0]))
        else:
            return _sheet_read(menus, store, args)
    except callsheet.SheetError as error:
        return _fail(str(error), EXIT_INPUT)
    return EXIT_OK


def _sheet_read(menus: Menus, store: Any, args: argparse.Namespace) -> int:
    from . import callsheet

    sheet = store.load()[0]
    number = callsheet.normalise(args.number)
    language = _chosen_language(args) or i18n.interface_language()
    if number in sheet.receipts:
        identifier = menus.identifier("receipt_number", language)
    elif number and number == sheet.a_number:
        identifier = menus.identifier("a_number", language)
    else:
        return _fail(_("{number} is not on the call sheet; see: assistant sheet show").format(number=repr(args.number.strip())),
                     EXIT_INPUT)
    words = callsheet.read_slowly(identifier, number, language)
    print(words)
    if args.rate is None:
        args.rate = 110  # slowly, unless asked otherwise
    out = _speech_out(args)
    if out is None:
        return EXIT_MENUS
    try:
        out.say(words, language)
    finally:
        out.close()
    return EXIT_OK


def _voices() -> int:
    from .speech.tts import Synthesizer, TTSError

    try:
        synthesizer = Synthesizer()
    except TTSError as error:
        return _fail(str(error), EXIT_MENUS)
    synthesizer.close()
    for voice in synthesizer.voices:
        languages = ", ".join(voice["languages"])
        print(f"{voice['id']}\t{voice['name']}" + (f"\t{languages}" if languages else ""))
    print(_("espeak-ng variants work too: add +f1..+f5 or +m1..+m7 to an id, like gmw/en-US+f2"), file=sys.stderr)
    return EXIT_OK


def _listen(menus: Menus, args: argparse.Namespace, now: datetime) -> int:
    from .speech import pcm
    from .speech.engines import open_engine
    from .speech.models import ModelError
    from .speech.phrases import bias_prompt
    from .speech.recognizer import SpeechError, hear_in_language, reply_to
    from .speech.wavfile import AudioError

    chosen = _spoken_language(args)
    try:
        choice = open_engine(args.engine, menus, args.model, chosen)
    except (SpeechError, ModelError) as error:
        return _fail(str(error), EXIT_MENUS)
    print(f"assistant: {choice.note}", file=sys.stderr)
    english = Assistant(menus)

    def prompt_for(language: str) -> str:
        return bias_prompt(menus, language=language)

    failed = False
    for path in args.file:
        try:
            audio = pcm.read_request(path)
        except AudioError as error:
            failed = True
            print(f"assistant: {error}", file=sys.stderr)
            if args.json:
                print(json.dumps({"status": "error", "error": str(error), "file": path}, ensure_ascii=False), flush=True)
            continue
        if pcm.is_silent(audio):
            heard_text, engine = "", choice.recognizer.name
            reply = english.speaking(chosen or "en").not_understood(now)
        else:
            heard, language = hear_in_language(choice.recognizer, audio, prompt_for, chosen)
            heard_text, engine = heard.transcript, heard.engine
            reply = reply_to(heard, english.speaking(language), now)
        if args.json:
            contract = reply.to_json(menus) | {"transcript": heard_text, "engine": engine, "file": path}
            print(json.dumps(contract, ensure_ascii=False), flush=True)
        else:
            print(_("{file}: heard \"{words}\"").format(file=path, words=heard_text) if heard_text
                  else _("{file}: heard nothing I could use").format(file=path))
            print(reply.say, flush=True)
    return EXIT_INPUT if failed else EXIT_OK


def _list_whisper() -> None:
    """Each Whisper model the manifest names (and one given by $ASSISTANT_WHISPER_MODEL): where it
    came from and whether its files are the published ones."""
    import os

    from .speech import whisper_models
    from .speech.models import ModelError

    default, entries = whisper_models.manifest()
    for entry in entries:
        folder = whisper_models.package_folder(entry)
        marker = _(" (the default engine)") if entry.name == default else f" ({entry.language})"
        if folder is None:
            print(f"whisper {entry.name}{marker}: " + _("not installed; install it with: {command}").format(command=entry.repair))
            continue
        if entry.parts:
            folder = whisper_models.assembled_folder(entry)
            if not folder.is_dir():
                print(f"whisper {entry.name}{marker}: " + _(
                    "installed in parts (package {package} and the rest); put together in {folder} the first time it is used"
                ).format(package=entry.package, folder=folder))
                continue
        lacking = whisper_models.problems(folder, entry)
        state = _("checked: every file has the published size and SHA-256") if not lacking else \
            _("DAMAGED: {problems}; repair it with: {command}").format(problems="; ".join(lacking), command=entry.repair)
        print(f"whisper {entry.name}{marker}: " + _("{folder} (package {package}): {state}").format(
            folder=folder, package=entry.package, state=state))
    if os.environ.get(whisper_models.ENV_MODEL):
        try:
            found = whisper_models.find()
            state = _("checked") if found.checked else _("usable (not a published model, so not hash-checked)")
            print(f"whisper {found.name}: " + _("{folder} (${variable}, used instead): {state}").format(
                folder=found.path, variable=whisper_models.ENV_MODEL, state=state))
        except ModelError as error:
            print(f"whisper: {error}")


def _models(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .speech import models

    try:
        if args.models_command == "list":
            _list_whisper()
            found = models.list_models()
            if not found:
                print("vosk: " + _("no model found. Looked in: {places}").format(
                    places=", ".join(str(place) for _where, place in models.search_places())))
                print("      " + _("get the small English model with: assistant models download"))
            for where, path, lacking in found:
                state = _("ready") if not lacking else _("incomplete: {problems}").format(problems="; ".join(lacking))
                print(f"vosk: {path} ({where}): {state}")
            print("pocketsphinx: " + _("the US-English model in its package (built in): ready"))
            return EXIT_OK
        if args.models_command == "path":
            model = models.find_vosk_model(args.model)
            if model is None:
                return _fail(models.missing_model_message(None), EXIT_MENUS)
            print(model.path)
            return EXIT_OK
        archive = models.manifest(Path(args.manifest) if args.manifest else models.MANIFEST)
        print(_("Downloading {name} ({size:.1f} MB) from {url}").format(name=archive.name, size=archive.size / 1e6, url=archive.url),
              file=sys.stderr)
        folder = models.download(archive, Path(args.to) if args.to else None, models.progress_bar())
        print(folder)
        return EXIT_OK
    except models.ModelError as error:
        return _fail(str(error), EXIT_MENUS)


def _devices() -> int:
    from .speech import audio_devices

    try:
        audio_devices.probe()
        listing = audio_devices.describe()
    except audio_devices.NoAudio as error:
        return _fail(str(error), EXIT_MENUS)
    print(listing)
    return EXIT_OK


def _menu_check(path: str | None) -> int:
    try:
        menus = menu_file.load(path)
    except menu_file.MenuError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print("assistant: " + n_("{count} problem found; the assistant will not start on this file",
                                 "{count} problems found; the assistant will not start on this file", count).format(count=count),
              file=sys.stderr)
        return EXIT_MENUS
    count = sum(1 for _ in menus.nodes())
    routable = sum(1 for _ in menus.routable())
    print(_("{file}: OK: {layouts} layouts, {nodes} menu nodes, {routable} that people can ask for, {answers} answer topics").format(
        file=menus.source_path, layouts=len(menus.layouts), nodes=count, routable=routable, answers=len(menus.answers)))
    return EXIT_OK


def _menu_prepare(menus: Menus) -> int:
    """The sentence model's vectors for every phrase, in every language, kept for later runs."""
    for code in menus.languages:
        assistant = Assistant(menus, language=code)
        if assistant.meaning() is None:
            return _fail(_("the sentence model is off, requests are matched by their words only: {why}").format(
                why=assistant.meaning_problem), EXIT_MENUS)
        print(_("{language}: {count} phrases ready").format(language=LANGUAGE_NAMES.get(code, code), count=len(assistant.matcher.texts)))
    return EXIT_OK


def show_tree(menus: Menus, language: str = "en") -> str:
    """The menus as a tree, in `language` (the interface's): each option's key, label, kind and id."""
    _ = i18n.gettext(language)
    lines = [f"{menus.name}: {format_number(menus.number)} (TTY {format_number(menus.tty_number)})"]
    lines.append(_("Live agents: {hours}, {zone}").format(hours=hours.weekly_words(menus.live_hours, language), zone=menus.timezone))
    for layout in menus.layouts:
        lines.append("")
        lines.append(f"{layout.title_in(language)} [{layout.id}]")
        names = "; ".join(menus.source(source_id).name for source_id in layout.sources)
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
