"""Microphones and speakers through sounddevice (PortAudio). Thin: list, choose, and say
plainly when there is no audio at all instead of hanging."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from ..i18n import ui as _

PROBE_SECONDS = 8.0
_PROBE = ("import sounddevice as sd; d = sd.query_devices(); "
          "print(sum(1 for x in d if x['max_input_channels'] > 0), sum(1 for x in d if x['max_output_channels'] > 0))")


class NoAudio(RuntimeError):
    """No usable audio device; the message is one line for the person."""


def load_sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as error:  # PortAudio missing
        raise NoAudio(_(
            "no audio system: {error}; install libportaudio2, or use the text mode (assistant text)"
        ).format(error=error)) from None
    return sounddevice


def probe(kind: str = "input") -> None:
    """Ask PortAudio for the devices in a child process first: a broken driver or audio
    configuration can abort or hang the process that initialises PortAudio, and that must never
    be the assistant itself."""
    try:
        result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=PROBE_SECONDS)
    except subprocess.TimeoutExpired:
        raise NoAudio(_("the audio system did not answer within {seconds:.0f} seconds").format(seconds=PROBE_SECONDS)) from None
    if result.returncode < 0:
        raise NoAudio(_("the audio system is not usable (it crashed while listing the devices)"))
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        raise NoAudio(_("the audio system is not usable ({why})").format(why=last[:160]))
    inputs, outputs = [*result.stdout.split(), "0", "0"][:2]
    if kind == "input" and inputs == "0":
        raise NoAudio(_("no microphone found"))
    if kind == "output" and outputs == "0":
        raise NoAudio(_("no speaker found"))


def describe() -> str:
    sd = load_sounddevice()
    try:
        devices = sd.query_devices()
    except Exception as error:  # PortAudio reports broken drivers as its own error type
        raise NoAudio(_("audio devices cannot be listed ({error}); use the text mode (assistant text)").format(error=error)) from None
    if not len(devices):
        raise NoAudio(_("no microphones or speakers found; use the text mode (assistant text)"))
    lines = []
    for index, device in enumerate(devices):
        kinds = []
        if device["max_input_channels"] > 0:
            kinds.append(f"microphone ({device['max_input_channels']} ch)")
        if device["max_output_channels"] > 0:
            kinds.append(f"speaker ({device['max_output_channels']} ch)")
        lines.append(f"{index}: {device['name']}: {', '.join(kinds)}, {device['default_samplerate']:.0f} Hz")
    return "\n".join(lines)


def pick(device: str | None, kind: str) -> int | None:
    """A device index from a name part or an index; None for the system default."""
    if device is None or device == "":
        return None
    sd = load_sounddevice()
    devices = sd.query_devices()
    channels = "max_input_channels" if kind == "input" else "max_output_channels"
    if device.isdigit():
        index = int(device)
        if index >= len(devices) or devices[index][channels] == 0:
            raise NoAudio((_("device {index} is not a microphone; see: assistant devices") if kind == "input"
                           else _("device {index} is not a speaker; see: assistant devices")).format(index=index))
        return index
    for index, info in enumerate(devices):
        if device.lower() in info["name"].lower() and info[channels] > 0:
            return index
    raise NoAudio((_("no microphone named like {device!r}; see: assistant devices") if kind == "input"
                   else _("no speaker named like {device!r}; see: assistant devices")).format(device=device))
