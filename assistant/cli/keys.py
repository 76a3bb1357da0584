"""The commands that press keys: `keys` (a request's keys as tones, a dial link, a QR code),
`dtmf` (tones for given keys, and decoding them from a WAV) and `simulate` (a rehearsal call on
the simulated line). Thin glue between the core, files, the speaker and the terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from typing import Any

from .. import dialstring, i18n, routing
from ..dialogue import Assistant, InputError, reply_json
from ..i18n import ui as _
from ..menu import Menus, Node
from .common import EXIT_INPUT, EXIT_MISSED, EXIT_OK, EXIT_SETUP, CommandError, check_output, menus, warn


def add(commands: Any, common: argparse.ArgumentParser, speech_out: argparse.ArgumentParser) -> None:
    tones = argparse.ArgumentParser(add_help=False)
    tones.add_argument("--sample-rate", type=int, default=8000, metavar="HZ", help=_("rate of the WAV written (default 8000)"))
    tones.add_argument("--on-ms", type=float, default=100.0, help=_("tone length (default 100)"))
    tones.add_argument("--off-ms", type=float, default=100.0, help=_("gap after each tone (default 100)"))
    tones.add_argument("--level", type=float, default=-7.0, metavar="DBM0", help=_("low-group tone level (default -7)"))
    tones.add_argument("--twist", type=float, default=2.0, metavar="DB", help=_("high group minus low group (default 2)"))
    tones.add_argument("--device", metavar="NAME|INDEX", help=_("speaker for --play (see: assistant devices)"))

    keys = commands.add_parser("keys", parents=[common, tones], help=_("the keys for a request: as tones, a dial link or a QR code"))
    keys.add_argument("request", help=_("what you need, in your own words"))
    keys.add_argument("--play", action="store_true", help=_("play the keys as tones on the speaker (hold the phone to it)"))
    keys.add_argument("--out", metavar="WAV", help=_("write the tones to a WAV file"))
    keys.add_argument("--dial-string", action="store_true", help=_("print a tel: link that dials and presses the keys"))
    keys.add_argument("--phone", default="android", help=_("the phone that opens the link: android or ios (default android)"))
    keys.add_argument("--qr", action="store_true", help=_("draw the dial link as a QR code in the terminal"))
    keys.add_argument("--qr-out", metavar="PNG", help=_("write the dial link's QR code to a PNG file"))

    dtmf_command = commands.add_parser("dtmf", parents=[common, tones], help=_("tones for keys, or `dtmf decode FILE.wav`"))
    dtmf_command.add_argument("keys", nargs="+", metavar="KEY", help=_("keys to send (0-9, *, #, A-D), or: decode FILE.wav"))
    dtmf_command.add_argument("--out", metavar="WAV", help=_("write the tones to a WAV file"))
    dtmf_command.add_argument("--play", action="store_true", help=_("play the tones on the speaker"))
    dtmf_command.add_argument("--json", action="store_true", help=_("decode: one JSON object with the digits and their times"))

    simulate = commands.add_parser("simulate", parents=[common, speech_out], help=_("rehearse the call on a simulated USCIS line"))
    simulate.add_argument("request", nargs="?", help=_("what you need, in your own words"))
    simulate.add_argument("--to", metavar="ID", help=_("call through to this menu node instead (see: assistant menu show)"))
    simulate.add_argument("--interactive", action="store_true", help=_("you press the keys (type them) and the line answers"))
    simulate.add_argument("--layout", metavar="ID", help=_("menu layout for --interactive (default: the first in menus.yaml)"))
    simulate.add_argument("--out", metavar="WAV", help=_("write the whole call to one WAV file (8 kHz, as the line hears it)"))
    simulate.add_argument("--play", action="store_true", help=_("play the call on the speaker as it goes"))
    simulate.add_argument("--speak-into-phone", action="store_true", help=_("at spoken menus, say the phrase instead of pressing"))
    simulate.add_argument("--silent-line", action="store_true", help=_("the line's prompts as text only (no speech engine needed)"))
    simulate.add_argument("--json", action="store_true", help=_("print one JSON object describing the call"))
    simulate.add_argument("--hold", metavar="SECONDS", type=float,
                          help=_("then wait on hold: the line plays its queue this long, an agent answers, "
                               "and the hold listener must call you back"))


def _tone_settings(args: argparse.Namespace) -> Any:
    from .. import dtmf

    settings = dtmf.ToneSettings(on_ms=args.on_ms, off_ms=args.off_ms, level_dbm0=args.level, twist_db=args.twist)
    settings.check()
    return settings


def _write_or_play(samples: Any, rate: int, args: argparse.Namespace) -> int:
    from ..speech import wavfile
    from ..speech.audio_devices import NoAudio

    if args.out:
        try:
            wavfile.write(args.out, samples, rate)
        except OSError as error:
            raise CommandError(_("cannot write {path}: {why}").format(path=args.out, why=error.strerror or error)) from None
        print(_("wrote {path} ({seconds:.2f} s at {rate} Hz)").format(path=args.out, seconds=len(samples) / rate, rate=rate),
              file=sys.stderr)
    if args.play:
        from ..speech.speaker import Speaker

        try:
            Speaker(args.device).play(samples, rate)
        except NoAudio as error:
            raise CommandError(_("{problem}; write the tones to a file with --out instead").format(problem=error), EXIT_SETUP) from None
    return EXIT_OK


def _route_keys(menus: Menus, request: str, now: datetime) -> tuple[Node, list[str], str] | str:
    """The destination and its keys, or why the request routes nowhere."""
    try:
        english = Assistant(menus)
        reply = english.speaking(english.language_of(request) or "en").respond(request, now)
    except InputError as error:
        return str(error)
    if reply.status == "ambiguous":
        return _("that request could mean {choices}; say which, in other words (see: assistant menu show)").format(
            choices=_(" or ").join(f'"{item["label"]}"' for item in reply_json(menus, reply)["alternatives"][:2]))
    if not reply.has_route or reply.destination is None:
        return _("that request does not lead to one place in the menu; try other words, or see: assistant menu show")
    return reply.destination, routing.plan(menus, reply.destination.id, reply.language).keys, reply.language


def keys(args: argparse.Namespace, now: datetime) -> int:
    line = menus(args)
    check_output(args.out, _("tones"))
    check_output(args.qr_out, _("QR code"))
    found = _route_keys(line, args.request, now)
    if isinstance(found, str):
        raise CommandError(found)
    node, pressed, language = found
    route = routing.plan(line, node.id, language)
    print(routing.route_words(line, route))
    if args.dial_string or args.qr or args.qr_out:
        try:
            dial = dialstring.dial_string(line, pressed, args.phone)
        except dialstring.DialStringError as error:
            raise CommandError(str(error)) from None
        print(dial.link if args.dial_string and not sys.stdout.isatty() else dial.words(language))
        if args.qr or args.qr_out:
            code = _qr(dial.link, args)
            if code:
                return code
    if args.play or args.out:
        from .. import dtmf

        try:
            settings = _tone_settings(args)
            samples = dtmf.keyed(pressed, args.sample_rate, line.between_keys_ms, settings)
        except dtmf.DtmfError as error:
            raise CommandError(str(error)) from None
        return _write_or_play(samples, args.sample_rate, args)
    return EXIT_OK


def _qr(link: str, args: argparse.Namespace) -> int:
    import segno

    code = segno.make_qr(link, error="m")  # a full QR code: phones' cameras do not read Micro QR
    if args.qr:
        code.terminal(out=sys.stdout, compact=True)
    if args.qr_out:
        temporary = f"{args.qr_out}.tmp-{os.getpid()}.png"
        try:
            code.save(temporary, kind="png", scale=8, border=4)
            os.replace(temporary, args.qr_out)
        except OSError as error:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise CommandError(_("cannot write {path}: {why}").format(path=args.qr_out, why=error.strerror or error)) from None
        print(_("wrote {path}").format(path=args.qr_out), file=sys.stderr)
    return EXIT_OK


def dtmf(args: argparse.Namespace, now: datetime) -> int:
    from .. import dtmf

    if args.keys[0] == "decode":
        return _decode(args.keys[1:], args.json)
    check_output(args.out, _("tones"))
    if not args.out and not args.play:
        raise CommandError(_("say where the tones go: --out FILE.wav or --play"))
    wanted = [key for group in args.keys for key in group.replace(",", "")]
    try:
        settings = _tone_settings(args)
        if not 8000 <= args.sample_rate <= 192_000:
            raise CommandError(_("--sample-rate {rate} is out of range; use 8000 to 192000 Hz").format(rate=args.sample_rate))
        samples = dtmf.generate(wanted, args.sample_rate, settings)
    except dtmf.DtmfError as error:
        raise CommandError(str(error)) from None
    return _write_or_play(samples, args.sample_rate, args)


def _decode(paths: list[str], as_json: bool) -> int:
    from .. import dtmf
    from ..speech import wavfile

    if len(paths) != 1:
        raise CommandError(_("give one WAV file: assistant dtmf decode FILE.wav"))
    try:
        info = wavfile.probe(paths[0])
        if info.frames == 0:
            raise CommandError(_("{file}: the WAV file holds no audio").format(file=paths[0]))
        digits = dtmf.decode_blocks(wavfile.blocks(info), info.rate)
    except wavfile.AudioError as error:
        raise CommandError(str(error)) from None
    except dtmf.DtmfError as error:
        raise CommandError(f"{paths[0]}: {error}") from None
    if as_json:
        print(json.dumps({"file": paths[0], "digits": "".join(d.key for d in digits),
                          "tones": [{"key": d.key, "start": d.start, "end": d.end} for d in digits]}))
    elif not digits:
        print(_("{file}: no DTMF tones found").format(file=paths[0]))
    else:
        for digit in digits:
            print(f"{digit.key}\t{digit.start:.3f}\t{digit.end:.3f}")
    return EXIT_OK if digits else EXIT_MISSED


def simulate(args: argparse.Namespace, now: datetime) -> int:
    from ..simulated import rehearsal
    from ..speech.audio_devices import NoAudio

    line = menus(args)
    check_output(args.out, _("call recording"))
    if args.hold is not None and not 5 <= args.hold <= 3600:
        raise CommandError(_("--hold {seconds:g}: give the seconds of queue to rehearse, 5 to 3600").format(seconds=args.hold))
    if args.hold is not None and (args.interactive or args.silent_line):
        raise CommandError(_("--hold needs the line's voice and a route: drop --interactive and --silent-line"))
    if args.hold is not None and line.simulation.hold is None:
        raise CommandError(_("menus.yaml has no simulation.hold (the queue to play); add one, see the README"))
    target: Node | None = None
    language = "en"
    if args.to:
        try:
            target = line.node(args.to)
        except KeyError:
            raise CommandError(_("no menu node with id {id}; see: assistant menu show").format(id=repr(args.to))) from None
    elif args.request:
        found = _route_keys(line, args.request, now)
        if isinstance(found, str):
            raise CommandError(found)
        target, language = found[0], found[2]
    elif not args.interactive:
        raise CommandError(_('say what the call is for: assistant simulate "I moved", --to ID, or --interactive'))
    voice, synthesizer = None, None
    if not args.silent_line:
        from ..speech.tts import Synthesizer, TTSError, VoiceSettings

        try:
            synthesizer = Synthesizer(VoiceSettings(args.voice, args.rate, args.volume))
            voice = synthesizer.speech
        except TTSError as error:
            warn(_("{problem}; the line's prompts are text only").format(problem=error))
    on_audio = None
    if args.play:
        from ..speech.speaker import Speaker

        try:
            on_audio = Speaker(getattr(args, "device", None)).play
        except NoAudio as error:
            warn(_("{problem}; the call is shown as text only").format(problem=error))
    ears = rehearsal.sphinx_ears() if args.speak_into_phone and voice is not None else None
    if args.speak_into_phone and voice is None:
        warn(_("--speak-into-phone needs a speech engine; pressing the keys instead"))
    runner = rehearsal.Rehearsal(line, now, voice=voice, ears=ears, on_audio=on_audio)
    held = None
    try:
        call = runner.to(target.id, speak_into_phone=args.speak_into_phone, language=language) if target \
            else _interactive(runner, line, args)
        reached = call is not None and call.landing is not None and call.landing.node is not None and \
            (target is None or call.landing.node.id == target.id)
        if call is not None and args.hold is not None and reached:
            held = _rehearse_hold(runner, call, args)
            if held is None:
                return EXIT_SETUP
    finally:
        if synthesizer is not None:
            synthesizer.close()
    if call is None:
        return EXIT_INPUT
    if args.out:
        from ..speech import wavfile

        try:
            wavfile.write(args.out, call.recording(), rehearsal.RATE)
        except OSError as error:
            raise CommandError(_("cannot write {path}: {why}").format(path=args.out, why=error.strerror or error)) from None
    if args.json:
        described = _call_json(call, target, reached)
        if held is not None:
            described["hold"] = held
        print(json.dumps(described, ensure_ascii=False))
    else:
        _print_call(call, target, held, args)
    if held is not None and held["person_at"] is None:
        return EXIT_MISSED
    return EXIT_OK if reached else EXIT_MISSED


def _print_call(call: Any, target: Node | None, held: dict[str, Any] | None, args: argparse.Namespace) -> None:
    """The rehearsal told in the branch's language: who said what, where it landed, the wait."""
    from ..simulated import rehearsal

    _ = i18n.gettext(call.line.language)
    if not args.interactive:  # the interactive call was shown as it went
        who = {"line": _("Line"), "agent": _("Agent"), "caller": _("You")}
        for entry in call.transcript:
            print(f"[{entry.at:6.1f} s] {who.get(entry.who, who['caller'])}: {entry.text}")
    print(rehearsal.landing_words(call, target))
    if held is not None:
        print(_hold_words(held, call.line.language))
    if args.out:
        print(_("The whole call is in {file} ({seconds:.0f} s).").format(file=args.out, seconds=call.seconds))


def _rehearse_hold(runner: Any, call: Any, args: argparse.Namespace) -> dict[str, Any] | None:
    """The queue and the agent, appended to the call; the hold listener (Whisper, as `assistant
    hold` runs it) listens to that part of the recording. None (after one line) if it cannot run."""
    from ..hold import render
    from ..hold.listening import open_hold_ears
    from ..simulated import rehearsal
    from ..speech.audio import RATE, resampled
    from ..speech.recognizer import SpeechError
    from ..speech.tts import Synthesizer, TTSError, VoiceSettings

    node = call.landing.node
    if node.kind != "representative":
        warn(_("nobody answers at {label} (it is not a representative), so there is no queue to wait in; "
               'try: assistant simulate "talk to a person" --hold 60').format(label=repr(node.label)))
        return {"skipped": "not a representative", "person_at": None}
    try:
        agent = Synthesizer(VoiceSettings(AGENT_VOICE, 150, None))
    except TTSError as error:
        warn(str(error))
        return None
    try:
        queue_starts = call.seconds
        agent_at = runner.wait_on_hold(call, args.hold, agent.speech)
    finally:
        agent.close()
    try:
        ears = open_hold_ears(lang=call.line.language)  # the Spanish branch's queue speaks Spanish
    except SpeechError as error:
        warn(str(error))
        return None
    audio = call.recording()[int(queue_starts * rehearsal.RATE):]
    events = []
    for block in resampled([audio], rehearsal.RATE, RATE):
        events += ears.push(block)
        if ears.tracker.done:
            break
    events += ears.finish()
    person_at = ears.tracker.person_at
    return {
        "queue_starts": round(queue_starts, 2), "agent_at": round(agent_at, 2),
        "person_at": None if person_at is None else round(queue_starts + person_at, 2),
        "events": [render.as_json(event, queue_starts) for event in events],
    }


AGENT_VOICE = "gmw/en-US+f3"  # the agent speaks in another voice than the line's recordings


def _hold_words(held: dict[str, Any], language: str = "en") -> str:
    from ..hold.says import held_words

    _ = i18n.gettext(language)
    if held.get("skipped"):
        return _("No queue: nobody answers there.")
    waits = [event["minutes"] for event in held["events"] if event["event"] == "wait"]
    heard = " " + _("The line announced a wait of {minutes} minutes.").format(minutes=waits[-1]) if waits else ""
    if held["person_at"] is None:
        return _("The agent started at {at:.1f} s, but the hold listener did not call you back.").format(at=held["agent_at"]) + heard
    return _("On hold {held}; the agent started at {at:.1f} s and the assistant called you back {late:.1f} s later.").format(
        held=held_words(held["agent_at"] - held["queue_starts"], language), at=held["agent_at"],
        late=held["person_at"] - held["agent_at"]) + heard


def _call_json(call: Any, target: Node | None, reached: bool) -> dict[str, Any]:
    landing = call.landing
    node = landing.node if landing is not None else None
    return {
        "reached": reached,
        "expected": {"id": target.id, "label": target.label} if target else None,
        "landed": {"id": node.id, "label": node.label, "kind": node.kind} if node else None,
        "status": landing.status if landing else None,
        "picks_up": landing.who if landing else None,
        "keys_sent": call.sent,
        "keys_heard": call.heard,
        "layout": call.layout.id,
        "seconds": round(call.seconds, 2),
        "transcript": [{"at": entry.at, "who": entry.who, "text": entry.text} for entry in call.transcript],
    }


def _interactive(runner: Any, menus: Menus, args: argparse.Namespace) -> Any:
    """You are the caller: type a key (or several) and Enter; words answer a spoken menu; an
    empty line, or no line before the wait runs out, is no key."""
    import select

    layout = next((layout for layout in menus.layouts if layout.id == args.layout), None) if args.layout else menus.layouts[0]
    if layout is None:
        known = ", ".join(layout.id for layout in menus.layouts)
        raise CommandError(_("no layout {id}; menus.yaml has: {known}").format(id=repr(args.layout), known=known))
    shown = 0
    wait = menus.simulation.wait_for_key_ms / 1000
    interactive = sys.stdin.isatty()

    def show_new(call: Any) -> None:
        nonlocal shown
        for entry in call.transcript[shown:]:
            if entry.who == "line":
                print(_("Line") + f": {entry.text}", flush=True)
        shown = len(call.transcript)

    def next_action(line: Any) -> tuple[str, str]:
        show_new(current)
        print(_("Your keys (or words), then Enter; nothing for {seconds:.0f} s is no key: ").format(seconds=wait), end="", flush=True)
        if interactive:
            ready = select.select([sys.stdin], [], [], wait)[0]
            typed = sys.stdin.readline() if ready else ""
        else:
            typed = sys.stdin.readline()
        if not typed:
            print()
        typed = typed.strip()
        if not typed:
            return ("wait", "")
        if all(key in "0123456789*#" for key in typed.replace(" ", "")):
            pending.extend(typed.replace(" ", "")[1:])
            return ("press", typed.replace(" ", "")[0])
        return ("say", typed)

    pending: list[str] = []

    def choose(line: Any) -> tuple[str, str]:
        if pending:
            return ("press", pending.pop(0))
        return next_action(line)

    current = runner.start(layout)
    runner.drive(current, choose)
    show_new(current)
    return current
