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
from typing import Any

from . import __version__, answers, hours, menu_file, routing
from .dialogue import Assistant, InputError
from .hold.history import past_waits
from .menu import LANGUAGE_NAMES, Menus, Node, format_number

EXIT_OK, EXIT_MENUS, EXIT_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    for name in ("menus", "now", "lang"):
        if not hasattr(args, name):
            setattr(args, name, None)
    try:
        now = _now(args.now)
    except ValueError:
        return _fail(f"--now {args.now!r} is not a date and time; write it like 2026-11-30T09:15-05:00", EXIT_INPUT)
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
            print(show_tree(menus))
            return EXIT_OK
        if command == "hours":
            print(answers.hours_answer(menus, now, waits=past_waits(), language=chosen or "en"))
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

        return textmode.run(Assistant(menus, past_waits(), chosen or "en"), tty_style=getattr(args, "tty_style", False),
                            now=args.now and now, language_chosen=chosen is not None)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): nothing more to say
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own copy of these options must not reset what was given before it
    # (`assistant --menus FILE route ...`); main() fills in None for the ones never given.
    common.add_argument("--menus", metavar="FILE", default=argparse.SUPPRESS,
                        help=f"menus file to use (default: ${menu_file.ENV_VAR} or the project's menus.yaml)")
    common.add_argument("--now", metavar="TIME", default=argparse.SUPPRESS,
                        help="pretend it is this time (ISO 8601, e.g. 2026-11-30T09:15-05:00)")
    common.add_argument("--lang", choices=("auto", "en", "es"), default=argparse.SUPPRESS,
                        help="the language you speak: en (English), es (español), or auto: found in what you say "
                             "(default: the settings' language; typed requests are read in either, speech in English)")
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Get through the USCIS phone menu (1-800-375-5283) to the right place and to a live person.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"assistant {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    text = commands.add_parser("text", parents=[common], help="a typed conversation (the default)")
    text.add_argument("--tty-style", action="store_true", help="end each turn with GA and the session with SK")
    speech_out = argparse.ArgumentParser(add_help=False)
    speech_out.add_argument("--voice", metavar="ID", help="voice to speak with (see: assistant voices), e.g. gmw/en-US+f2")
    speech_out.add_argument("--rate", type=int, metavar="WPM", help="speaking rate in words per minute (default 200)")
    speech_out.add_argument("--volume", type=float, metavar="0-1", help="speaking volume from 0.0 to 1.0 (default 1.0)")
    route = commands.add_parser("route", parents=[common, speech_out], help="route one request and exit")
    route.add_argument("request", help="what you need, in your own words; - reads one request a line from stdin")
    route.add_argument("--json", action="store_true", help="print one JSON object (one a line with -)")
    route.add_argument("--say", action="store_true", help="also say the answer aloud")
    route.add_argument("--say-to", metavar="WAV", help="write the spoken answer to a WAV file instead")
    route.add_argument("--speaker", metavar="NAME|INDEX", help="speaker to say it on (see: assistant devices)")
    menu = commands.add_parser("menu", parents=[common], help="show or check the phone menus")
    menu_commands = menu.add_subparsers(dest="menu_command", metavar="ACTION")
    menu_commands.required = True
    check = menu_commands.add_parser("check", parents=[common], help="check a menus file and report every problem")
    check.add_argument("file", nargs="?", help="the file to check (default: the one in use)")
    menu_commands.add_parser("show", parents=[common], help="print the menu tree")
    menu_commands.add_parser("prepare", parents=[common],
                             help="teach the sentence model the menu's phrases now (done once per menus file; ~10 s)")
    commands.add_parser("hours", parents=[common], help="say whether live agents are available now")
    speech = argparse.ArgumentParser(add_help=False)
    speech.add_argument("--engine", choices=("auto", "whisper", "vosk", "pocketsphinx"), default="auto",
                        help="speech engine (auto: Whisper, then Vosk when an English model is found, then PocketSphinx)")
    speech.add_argument("--model", metavar="PATH", help="a CTranslate2 Whisper folder (base.en, small.en) or a Vosk model folder")
    listen = commands.add_parser("listen", parents=[common, speech], help="route spoken requests from WAV files")
    listen.add_argument("--file", metavar="WAV", nargs="+", action="extend", required=True, help="one or more WAV files")
    listen.add_argument("--json", action="store_true", help="one JSON object a file: the route contract plus transcript and engine")
    models = commands.add_parser("models", parents=[common], help="list, download or locate speech models")
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION")
    model_commands.required = True
    model_commands.add_parser("list", parents=[common], help="every Vosk model found, and what each lacks")
    fetch = model_commands.add_parser("download", parents=[common], help="download the small English Vosk model")
    fetch.add_argument("--manifest", metavar="FILE", help=argparse.SUPPRESS)
    fetch.add_argument("--to", metavar="FOLDER", help="where to put it (default: your data folder)")
    where = model_commands.add_parser("path", parents=[common], help="print the folder of the model in use")
    where.add_argument("--model", metavar="PATH", help="Vosk model folder")
    commands.add_parser("devices", parents=[common], help="list microphones and speakers")
    commands.add_parser("voices", parents=[common], help="list the voices the assistant can speak with")
    voice = commands.add_parser("voice", parents=[common, speech, speech_out],
                                help="talk to the assistant (the default when there is audio)")
    voice.add_argument("--device", metavar="NAME|INDEX", help="microphone to use (see: assistant devices)")
    voice.add_argument("--audio-from", metavar="WAV", help="hear this WAV file (in real time, then silence) instead of the microphone")
    voice.add_argument("--push-to-talk", action="store_true", help="press Enter to start and stop talking")
    voice.add_argument("--end-silence", metavar="MS", type=int, default=800, help="end-of-speech timeout, hands-free (default 800)")
    voice.add_argument("--speaker", metavar="NAME|INDEX", help="speaker to answer on (see: assistant devices)")
    voice.add_argument("--say-to", metavar="WAV", help="write the spoken answers to this WAV file instead of the speaker")
    voice.add_argument("--silent", action="store_true", help="show the answers only; do not say them")
    gui = commands.add_parser("gui", parents=[common], help="the desktop window")
    gui.add_argument("--audio-from", metavar="WAV", help="hear this WAV file instead of the microphone (for tests and demos)")
    gui.add_argument("--silent", action="store_true", help="show the answers only; do not say them")
    sheet = commands.add_parser("sheet", parents=[common], help="the call sheet: what to have ready, and your numbers")
    sheet_commands = sheet.add_subparsers(dest="sheet_command", metavar="ACTION")
    sheet_commands.required = True
    sheet_commands.add_parser("show", parents=[common], help="the checklist and your numbers")
    add = sheet_commands.add_parser("add-receipt", parents=[common], help="keep a receipt number (like IOE0912345678)")
    add.add_argument("number")
    a_number = sheet_commands.add_parser("a-number", parents=[common], help="keep your A-number (like A123456789)")
    a_number.add_argument("number")
    remove = sheet_commands.add_parser("remove", parents=[common], help="forget a receipt number or the A-number")
    remove.add_argument("number")
    tick = sheet_commands.add_parser("tick", parents=[common], help="tick (or with --undo untick) checklist item N")
    tick.add_argument("item", type=int, metavar="N")
    tick.add_argument("--undo", action="store_true")
    read = sheet_commands.add_parser("read", parents=[common, speech_out], help="read a number aloud slowly, as an agent needs it")
    read.add_argument("number", help="a receipt number or A-number on the sheet")
    read.add_argument("--say-to", metavar="WAV", help="write the speech to a WAV file instead")
    read.add_argument("--speaker", metavar="NAME|INDEX", help="speaker to say it on")
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
    from .settings import SettingsStore

    return SettingsStore().load()[0].language


def _chosen_language(args: argparse.Namespace) -> str | None:
    """For typed requests: the chosen language, or None to find it in the words (cheap and sure)."""
    given = _language_setting(args)
    return None if given in ("", "auto") else given


def _spoken_language(args: argparse.Namespace) -> str | None:
    """For speech: the chosen language; None (found in the speech, by the multilingual model) only
    when auto was chosen; English when nothing was, so the English model (tiny.en) is used."""
    given = _language_setting(args)
    return None if given == "auto" else (given or "en")


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
            print(f"assistant: line {line_no}: {error}", file=sys.stderr)
            print(json.dumps({"status": "error", "error": str(error), "line": line_no}) if as_json else f"Line {line_no}: {error}")
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
        print(f"assistant: speech is not available ({error}); continuing in text mode", file=sys.stderr)
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
        print(f"assistant: {error}; continuing in text mode", file=sys.stderr)
        return None
    try:
        choice = open_engine(getattr(args, "engine", "auto"), menus, getattr(args, "model", None))
    except (SpeechError, ModelError) as error:
        microphone.close()
        print(f"assistant: {error}; continuing in text mode", file=sys.stderr)
        return None
    print(f"assistant: {choice.note}", file=sys.stderr)
    from .voice import VoiceSession

    out = None if getattr(args, "silent", False) else _speech_out(args)
    from .speech.utterance import speech_classifier

    session = VoiceSession(Assistant(menus), choice.recognizer, microphone, sys.stdout,
                           hands_free=not getattr(args, "push_to_talk", False),
                           end_silence_ms=getattr(args, "end_silence", 800), now=args.now and now,
                           speaker=out.say if out else None,
                           classify=speech_classifier(choice.recognizer))
    try:
        return session.run()
    finally:
        if out is not None:
            out.close()


def _speech_out(args: argparse.Namespace) -> Any:
    """Speech out for the answers, or None after saying once, in one line, why there is none."""
    from .speech.audio_devices import NoAudio
    from .speech.speech_out import SpeechOut
    from .speech.tts import Synthesizer, TTSError, VoiceSettings

    try:
        synthesizer = Synthesizer(VoiceSettings(getattr(args, "voice", None), getattr(args, "rate", None), getattr(args, "volume", None)))
    except TTSError as error:
        print(f"assistant: {error}; answers are shown as text only", file=sys.stderr)
        return None
    if getattr(args, "say_to", None):
        return SpeechOut(synthesizer, to_file=args.say_to)
    try:
        from .speech.speaker import Speaker

        return SpeechOut(synthesizer, Speaker(getattr(args, "speaker", None)))
    except NoAudio as error:
        synthesizer.close()
        print(f"assistant: {error}; answers are shown as text only", file=sys.stderr)
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
        return _fail(f"cannot write {args.say_to}: {error.strerror or error}", EXIT_INPUT)
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
        return _fail(f"the window needs Qt for Python ({error}); run: bash setup.sh start", EXIT_MENUS)
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
            print(f"Kept the receipt number {callsheet.normalise(args.number)} (on this computer only).")
        elif action == "a-number":
            callsheet.set_a_number(menus, store, args.number)
            print(f"Kept the A-number {callsheet.normalise(args.number)} (on this computer only).")
        elif action == "remove":
            callsheet.remove(store, args.number)
            print(f"Removed {callsheet.normalise(args.number)}.")
        elif action == "tick":
            if not 1 <= args.item <= len(menus.checklist):
                return _fail(f"there is no item {args.item}; the checklist has 1 to {len(menus.checklist)} (see: assistant sheet show)",
                             EXIT_INPUT)
            callsheet.tick(store, menus.checklist[args.item - 1], not args.undo)
            print(callsheet.show(menus, store.load()[0]))
        else:
            return _sheet_read(menus, store, args)
    except callsheet.SheetError as error:
        return _fail(str(error), EXIT_INPUT)
    return EXIT_OK


def _sheet_read(menus: Menus, store: Any, args: argparse.Namespace) -> int:
    from . import callsheet

    sheet, _ = store.load()
    number = callsheet.normalise(args.number)
    language = _chosen_language(args) or "en"
    if number in sheet.receipts:
        identifier = menus.identifier("receipt_number", language)
    elif number and number == sheet.a_number:
        identifier = menus.identifier("a_number", language)
    else:
        return _fail(f"{args.number.strip()!r} is not on the call sheet; see: assistant sheet show", EXIT_INPUT)
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
    print("espeak-ng variants work too: add +f1..+f5 or +m1..+m7 to an id, like gmw/en-US+f2", file=sys.stderr)
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
            print(f"{path}: heard \"{heard_text}\"" if heard_text else f"{path}: heard nothing I could use")
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
        marker = " (the default engine)" if entry.name == default else f" ({entry.language})"
        if folder is None:
            print(f"whisper {entry.name}{marker}: not installed; install it with: {entry.repair}")
            continue
        if entry.parts:
            folder = whisper_models.assembled_folder(entry)
            if not folder.is_dir():
                print(f"whisper {entry.name}{marker}: installed in parts (package {entry.package} and the rest); "
                      f"put together in {folder} the first time it is used")
                continue
        lacking = whisper_models.problems(folder, entry)
        state = "checked: every file has the published size and SHA-256" if not lacking else \
            "DAMAGED: " + "; ".join(lacking) + f"; repair it with: {entry.repair}"
        print(f"whisper {entry.name}{marker}: {folder} (package {entry.package}): {state}")
    if os.environ.get(whisper_models.ENV_MODEL):
        try:
            found = whisper_models.find()
            print(f"whisper {found.name}: {found.path} (${whisper_models.ENV_MODEL}, used instead): "
                  f"{'checked' if found.checked else 'usable (not a published model, so not hash-checked)'}")
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
                print("vosk: no model found. Looked in: " + ", ".join(str(p) for _, p in models.search_places()))
                print("      get the small English model with: assistant models download")
            for where, path, lacking in found:
                state = "ready" if not lacking else "incomplete: " + "; ".join(lacking)
                print(f"vosk: {path} ({where}): {state}")
            print("pocketsphinx: the US-English model in its package (built in): ready")
            return EXIT_OK
        if args.models_command == "path":
            model = models.find_vosk_model(args.model)
            if model is None:
                return _fail(models.missing_model_message(None), EXIT_MENUS)
            print(model.path)
            return EXIT_OK
        archive = models.manifest(Path(args.manifest) if args.manifest else models.MANIFEST)
        print(f"Downloading {archive.name} ({archive.size / 1e6:.1f} MB) from {archive.url}", file=sys.stderr)
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
        plural = "s" if count != 1 else ""
        print(f"assistant: {count} problem{plural} found; the assistant will not start on this file", file=sys.stderr)
        return EXIT_MENUS
    count = sum(1 for _ in menus.nodes())
    routable = sum(1 for _ in menus.routable())
    print(
        f"{menus.source_path}: OK: {len(menus.layouts)} layouts, {count} menu nodes, "
        f"{routable} that people can ask for, {len(menus.answers)} answer topics"
    )
    return EXIT_OK


def _menu_prepare(menus: Menus) -> int:
    """The sentence model's vectors for every phrase, in every language, kept for later runs."""
    for code in menus.languages:
        assistant = Assistant(menus, language=code)
        if assistant.meaning() is None:
            return _fail(f"the sentence model is off, requests are matched by their words only: {assistant.meaning_problem}",
                         EXIT_MENUS)
        print(f"{LANGUAGE_NAMES.get(code, code)}: {len(assistant.matcher.texts)} phrases ready")
    return EXIT_OK


def show_tree(menus: Menus) -> str:
    lines = [f"{menus.name}: {format_number(menus.number)} (TTY {format_number(menus.tty_number)})"]
    lines.append(f"Live agents: {hours.weekly_words(menus.live_hours)}, {menus.timezone}")
    for layout in menus.layouts:
        lines.append("")
        lines.append(f"{layout.title} [{layout.id}]")
        names = "; ".join(menus.source(source_id).name for source_id in layout.sources)
        lines.append(f"  sources: {names} (recorded {layout.recorded})")
        _tree_lines(layout.root, 1, lines)
    return "\n".join(lines)


def _tree_lines(node: Node, depth: int, lines: list[str]) -> None:
    for option in node.options:
        what = {"menu": "menu", "info": "information", "representative": "a representative"}[option.kind]
        goto = f", goes to {option.goto}" if option.goto else ""
        lines.append(f"{'  ' * depth}press {routing.key_words(option.key or '')}: {option.label} ({what}{goto}) [{option.id}]")
        _tree_lines(option, depth + 1, lines)
