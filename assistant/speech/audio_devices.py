"""Microphones and speakers through sounddevice (PortAudio). Thin: list, choose, and say
plainly when there is no audio at all instead of hanging."""

from __future__ import annotations

from typing import Any


class NoAudio(RuntimeError):
    """No usable audio device; the message is one line for the person."""


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as error:  # PortAudio missing
        raise NoAudio(f"no audio system: {error}; install libportaudio2, or use the text mode (assistant text)") from None
    return sounddevice


def describe() -> str:
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
    except Exception as error:  # PortAudio reports broken drivers as its own error type
        raise NoAudio(f"audio devices cannot be listed ({error}); use the text mode (assistant text)") from None
    if not len(devices):
        raise NoAudio("no microphones or speakers found; use the text mode (assistant text)")
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
    sd = _sounddevice()
    devices = sd.query_devices()
    channels = "max_input_channels" if kind == "input" else "max_output_channels"
    if device.isdigit():
        index = int(device)
        if index >= len(devices) or devices[index][channels] == 0:
            raise NoAudio(f"device {index} is not a {'microphone' if kind == 'input' else 'speaker'}; see: assistant devices")
        return index
    for index, info in enumerate(devices):
        if device.lower() in info["name"].lower() and info[channels] > 0:
            return index
    raise NoAudio(f"no {'microphone' if kind == 'input' else 'speaker'} named like {device!r}; see: assistant devices")
