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
                send({"error": f"no voice called {settings['voice']!r}; see: assistant voices"})
                return 1
            engine.setProperty("voice", match)
        if settings.get("rate"):
            engine.setProperty("rate", int(settings["rate"]))
        if settings.get("volume") is not None:
            engine.setProperty("volume", float(settings["volume"]))
    except Exception as error:  # any failure to start is reported, not raised: the caller goes on in text
        send({"error": f"{type(error).__name__}: {error}"})
        return 1
    send({"ready": True, "voices": voices})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            engine.save_to_file(request["text"], request["path"])
            engine.runAndWait()
        except Exception as error:
            send({"error": f"{type(error).__name__}: {error}"})
            continue
        # The espeak driver may still be closing the file when runAndWait returns: wait until
        # the RIFF header's length matches the file (the caller's timeout bounds this).
        while not _complete(request["path"]):
            time.sleep(0.02)
        send({"done": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
