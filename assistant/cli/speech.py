"""The speech commands: `listen` (spoken requests from WAV files), `models` (which speech models
there are, a Vosk download), `devices` (microphones and speakers) and `voices` (the voices the
assistant speaks with)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..dialogue import Assistant, reply_json
from ..i18n import ui as _
from .common import EXIT_INPUT, EXIT_OK, EXIT_SETUP, CommandError, menus, spoken_language, warn


def add(commands: Any, shared: argparse.ArgumentParser, engine: argparse.ArgumentParser) -> None:
    listen = commands.add_parser("listen", parents=[shared, engine], help=_("route spoken requests from WAV files"))
    listen.add_argument("--file", metavar="WAV", nargs="+", action="extend", required=True, help=_("one or more WAV files"))
    listen.add_argument("--json", action="store_true", help=_("one JSON object a file: the route contract plus transcript and engine"))
    models = commands.add_parser("models", parents=[shared], help=_("list, download or locate speech models"))
    actions = models.add_subparsers(dest="models_command", metavar="ACTION")
    actions.required = True
    actions.add_parser("list", parents=[shared], help=_("every Vosk model found, and what each lacks"))
    fetch = actions.add_parser("download", parents=[shared], help=_("download the small English Vosk model"))
    fetch.add_argument("--manifest", metavar="FILE", help=argparse.SUPPRESS)
    fetch.add_argument("--to", metavar="FOLDER", help=_("where to put it (default: your data folder)"))
    where = actions.add_parser("path", parents=[shared], help=_("print the folder of the model in use"))
    where.add_argument("--model", metavar="PATH", help=_("Vosk model folder"))
    commands.add_parser("devices", parents=[shared], help=_("list microphones and speakers"))
    commands.add_parser("voices", parents=[shared], help=_("list the voices the assistant can speak with"))


def listen(args: argparse.Namespace, now: datetime) -> int:
    from ..speech import audio
    from ..speech.engines import finding_language, open_engine
    from ..speech.phrases import bias_prompt
    from ..speech.recognizer import SpeechError, hear, hear_in_language
    from ..speech.wavfile import AudioError

    line = menus(args)
    chosen, finds = spoken_language(args)
    english = Assistant(line)
    try:
        choice = open_engine(args.engine, line, args.model, chosen)
    except SpeechError as error:
        raise CommandError(str(error), EXIT_SETUP) from None
    if finds:
        choice = finding_language(choice, line, chosen or "en", english.judges_readings(lambda: now))
    warn(choice.note)

    def prompt_for(language: str) -> str:
        return bias_prompt(line, language=language)

    failed = False
    for path in args.file:
        try:
            pcm = audio.read_request(path)
        except AudioError as error:
            failed = True
            warn(str(error))
            if args.json:
                print(json.dumps({"status": "error", "error": str(error), "file": path}, ensure_ascii=False), flush=True)
            continue
        if audio.is_silent(pcm):
            heard_text, engine = "", choice.recognizer.name
            reply = english.speaking(chosen or "en").not_understood(now)
        else:
            try:
                if finds:  # each file on its own: the language found in it
                    heard, language = hear(choice.recognizer, pcm), choice.recognizer.language
                else:
                    heard, language = hear_in_language(choice.recognizer, pcm, prompt_for, chosen)
            except SpeechError as error:  # a language the engine does not hear
                raise CommandError(str(error), EXIT_SETUP) from None
            heard_text, engine = heard.transcript, heard.engine
            reply = english.speaking(language).respond_heard(heard, now)
        if args.json:
            contract = reply_json(line, reply) | {"transcript": heard_text, "engine": engine, "file": path}
            print(json.dumps(contract, ensure_ascii=False), flush=True)
        else:
            print(_("{file}: heard \"{words}\"").format(file=path, words=heard_text) if heard_text
                  else _("{file}: heard nothing I could use").format(file=path))
            print(reply.say, flush=True)
    return EXIT_INPUT if failed else EXIT_OK


def models(args: argparse.Namespace, now: datetime) -> int:
    from ..speech import vosk_models
    from ..speech.recognizer import ModelError

    try:
        if args.models_command == "list":
            _list_whisper()
            found = vosk_models.list_models()
            if not found:
                print("vosk: " + _("no model found. Looked in: {places}").format(
                    places=", ".join(str(place) for _where, place in vosk_models.search_places())))
                print("      " + _("get the small English model with: assistant models download"))
            for where, path, lacking in found:
                state = _("ready") if not lacking else _("incomplete: {problems}").format(problems="; ".join(lacking))
                print(f"vosk: {path} ({where}): {state}")
            print("pocketsphinx: " + _("the US-English model in its package (built in): ready"))
            return EXIT_OK
        if args.models_command == "path":
            model = vosk_models.find_vosk_model(args.model)
            if model is None:
                raise CommandError(vosk_models.missing_model_message(None), EXIT_SETUP)
            print(model.path)
            return EXIT_OK
        archive = vosk_models.manifest(Path(args.manifest) if args.manifest else vosk_models.MANIFEST)
        print(_("Downloading {name} ({size:.1f} MB) from {url}").format(name=archive.name, size=archive.size / 1e6, url=archive.url),
              file=sys.stderr)
        print(vosk_models.download(archive, Path(args.to) if args.to else None, vosk_models.progress_bar()))
        return EXIT_OK
    except ModelError as error:
        raise CommandError(str(error), EXIT_SETUP) from None


def _list_whisper() -> None:
    """Each Whisper model the manifest names (and one given by $ASSISTANT_WHISPER_MODEL): where it
    came from and whether its files are the published ones."""
    from ..speech import whisper_models
    from ..speech.recognizer import ModelError

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


def devices(args: argparse.Namespace, now: datetime) -> int:
    from ..speech import audio_devices

    try:
        audio_devices.probe()
        listing = audio_devices.describe()
    except audio_devices.NoAudio as error:
        raise CommandError(str(error), EXIT_SETUP) from None
    print(listing)
    return EXIT_OK


def voices(args: argparse.Namespace, now: datetime) -> int:
    from ..speech.tts import Synthesizer, TTSError

    try:
        synthesizer = Synthesizer()
    except TTSError as error:
        raise CommandError(str(error), EXIT_SETUP) from None
    synthesizer.close()
    for voice in synthesizer.voices:
        languages = ", ".join(voice["languages"])
        print(f"{voice['id']}\t{voice['name']}" + (f"\t{languages}" if languages else ""))
    print(_("espeak-ng variants work too: add +f1..+f5 or +m1..+m7 to an id, like gmw/en-US+f2"), file=sys.stderr)
    return EXIT_OK
