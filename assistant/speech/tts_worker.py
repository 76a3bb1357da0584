"""The pyttsx3 side of speech out, run as its own process by `tts.Synthesizer`.

One JSON object a line in, one a line out. pyttsx3 is known to hang, to speak only once, and to
fail with "run loop already started" when reused; in a process of its own, a hang is ended by a
kill and a failure by a fresh start, and the assistant never freezes.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import tempfile
import time
from typing import Any


def _complete(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            header = handle.read(8)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return False
    return len(header) == 8 and header[:4] == b"RIFF" and struct.unpack("<I", header[4:])[0] + 8 == size and size > 44


def _apply(engine: Any, settings: dict[str, Any]) -> None:
    """Set the voice (first: choosing a voice resets rate and volume), rate and volume, and wait
    until espeak has taken them in.

    espeak queues settings for its own thread, and pyttsx3's run loop cancels whatever espeak
    still has queued when it starts: a setting not yet taken in was lost, and about 1 answer in
    12 came out at the default speed. Set here, between runs, and waited for: 0 in 200."""
    if settings.get("voice"):
        engine.setProperty("voice", settings["voice"])
    if settings.get("rate"):
        engine.setProperty("rate", int(settings["rate"]))
    if settings.get("volume") is not None:
        engine.setProperty("volume", float(settings["volume"]))
    try:
        from pyttsx3.drivers import _espeak
    except ImportError:  # another driver (not Linux): nothing queued behind our back
        return
    for _ in range(500):
        if not _espeak.IsPlaying():
            return
        time.sleep(0.01)


def _synthesise(engine: Any, text: str, path: str) -> None:
    engine.save_to_file(text, path)
    engine.runAndWait()
    # runAndWait returns while espeak may still be writing: wait until the RIFF header's length
    # matches the file (the caller's timeout bounds this).
    while not _complete(path):
        time.sleep(0.02)


def main() -> int:
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # pyttsx3 and espeak print to stdout; keep that off the protocol
    sys.stdout = sys.stderr

    def send(message: dict[str, Any]) -> None:
        protocol.write(json.dumps(message) + "\n")

    settings = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    try:
        import pyttsx3

        engine = pyttsx3.init()
        voices = [{"id": v.id, "name": v.name, "languages": [str(x) for x in (v.languages or [])]}
                  for v in engine.getProperty("voices")]
        if settings.get("voice"):
            wanted = settings["voice"].lower()
            match = next((v["id"] for v in voices if wanted in (v["id"].lower(), v["name"].lower())), None)
            base = wanted.split("+")[0]  # espeak variants: gmw/en-US+f2 is en-US spoken by variant f2
            if match is None and "+" in wanted and any(v["id"].lower() == base for v in voices):
                match = settings["voice"]
            if match is None:
                # Said by the assistant in the caller's language: the worker only names the voice.
                send({"error": f"no voice called {settings['voice']!r}", "no_voice": settings["voice"]})
                return 1
            settings["voice"] = match
        else:  # the engine's own default, named: the caller needs to know which languages it speaks
            settings["voice"] = engine.getProperty("voice")
    except Exception as error:  # any failure to start is reported, not raised: the caller goes on in text
        send({"error": f"{type(error).__name__}: {error}"})
        return 1
    # One throwaway word first: before pyttsx3's first run its commands wait in its own queue,
    # so settings can only be set and waited for once a run has been made.
    with tempfile.TemporaryDirectory(prefix="assistant-tts-") as folder:
        _synthesise(engine, "ready", os.path.join(folder, "warm.wav"))
    send({"ready": True, "voices": voices, "voice": settings["voice"]})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            _apply(engine, settings)
            _synthesise(engine, request["text"], request["path"])
        except Exception as error:
            send({"error": f"{type(error).__name__}: {error}"})
            continue
        send({"done": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
