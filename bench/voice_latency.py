"""End of speech to the route decided, in the real voice loop fed WAV files in real time.

Run: .venv/bin/python bench/voice_latency.py [--engine whisper] [--end-silence 800] [--lang en]
(with no --lang, as a new user: the caller's language found in the speech, tiny.en first)
(needs bench/make_fixtures.py first; prints a table, writes bench/results/voice_latency.json)

Each request of the untuned split (clean 16 kHz and telephone band, every voice) is played into
`VoiceSession` through `WavMicrophone`, 100 ms blocks at the pace a microphone delivers them,
followed by silence. The end of speech is where the clean recording's last speech frame ends
(20 ms frames within 35 dB of the loudest); the route is decided when the session hands its
answer over. Target (issue 9): p95 <= the end-of-speech timeout + 100 ms.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import menu_file  # noqa: E402
from assistant.dialogue import Assistant  # noqa: E402
from assistant.reply import Reply  # noqa: E402
from assistant.speech.audio import WavMicrophone, read_request  # noqa: E402
from assistant.speech.engines import finding_language, open_engine  # noqa: E402
from assistant.voice import VoiceSession  # noqa: E402
from bench import results as bench_results  # noqa: E402
from bench import usage  # noqa: E402

FIXTURES = ROOT / "bench" / "fixtures"
NOW = datetime.fromisoformat("2026-11-30T10:00:00-05:00")


def speech_end_seconds(path: Path) -> float:
    samples = np.frombuffer(read_request(path), dtype="<i2").astype(np.float32) / 32768.0
    frame = 320
    count = len(samples) // frame
    energies = np.mean(samples[:count * frame].reshape(count, frame) ** 2, axis=1)
    active = np.nonzero(energies >= energies.max() * 10 ** (-35 / 10))[0]
    return float((active[-1] + 1) * frame / 16000)


class TimedSession(VoiceSession):
    decided_at: float | None = None

    def answer(self, reply: Reply) -> None:
        if self.decided_at is None:
            self.decided_at = time.monotonic()
        super().answer(reply)


def measure(recognizer: Any, assistant: Assistant, path: Path, clean: Path, end_silence: int) -> tuple[float, str]:
    reader, writer = os.pipe()  # typed input that never comes (and never ends)
    stdin = os.fdopen(reader, "r")
    microphone = WavMicrophone(str(path))
    started = time.monotonic()
    session = TimedSession(assistant, recognizer, microphone, io.StringIO(), end_silence_ms=end_silence, now=NOW)
    session.run(stdin=stdin, max_utterances=1)
    os.close(writer)
    assert session.decided_at is not None
    said = session.heard[0] if session.heard else ""
    return session.decided_at - (started + speech_end_seconds(clean)), said


def voice_process(files: list[Path], scratch: Path, lang: list[str]) -> tuple[float, float, list[str]]:
    """The real `assistant voice` as a fresh process hearing several requests in a row: seconds
    from launch to listening, its peak memory (MB), and what it printed."""
    import resource
    import subprocess

    from assistant.speech import wavfile

    parts = []
    for path in files:
        parts.append(np.frombuffer(read_request(path), dtype="<i2").astype(np.float32) / 32768.0)
        parts.append(np.zeros(24000, dtype=np.float32))
    session = scratch / "session.wav"
    wavfile.write(session, np.concatenate(parts), 16000)
    command = [sys.executable, "-m", "assistant", "voice", "--audio-from", str(session), "--silent",
               "--now", NOW.isoformat(), *lang]
    # A data folder of its own (no waits or history of the user's), with the user's models in it:
    # Whisper base is put together from its packages once, not again for each run.
    models = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "assistant" / "models"
    if models.is_dir():
        (scratch / "assistant").mkdir(parents=True, exist_ok=True)
        (scratch / "assistant" / "models").symlink_to(models)
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               text=True, cwd=ROOT, env={**os.environ, "XDG_DATA_HOME": str(scratch)})
    assert process.stdout is not None
    listening = 0.0
    lines = []
    for line in process.stdout:
        if not listening and line.startswith("Listening."):
            listening = time.monotonic() - started
        lines.append(line.rstrip("\n"))
    process.wait()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return listening, peak, lines


def main() -> int:
    args = usage.check(__doc__, ["--engine", "--end-silence", "--limit", "--lang"])
    engine = args[args.index("--engine") + 1] if "--engine" in args else "whisper"
    end_silence = int(args[args.index("--end-silence") + 1]) if "--end-silence" in args else 800
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else 0
    if not (FIXTURES / "index.tsv").exists():
        print("no fixtures: run .venv/bin/python bench/make_fixtures.py first", file=sys.stderr)
        return 2
    menus = menu_file.load()
    assistant = Assistant(menus)
    chosen_language = "--lang" in args  # --lang en: tiny.en only, as before issue 28

    def open_recognizer() -> Any:
        """A new caller's engine: with nothing chosen (the default, issue 28), tiny.en first and
        Whisper base only when its reading fails; the models are loaded once, for all."""
        choice = open_engine(engine, menus)
        if not chosen_language:
            choice = finding_language(choice, menus, "en", assistant.judges_readings(lambda: NOW))
        return choice.recognizer

    rows = [line.split("\t") for line in (FIXTURES / "index.tsv").read_text().splitlines()[1:]]
    chosen = [row for row in rows if row[5] == "untuned" and row[3] in ("clean16k", "phone8k") and row[1] != "no_match"]
    chosen = chosen[::3][:limit] if limit else chosen[::3]
    with tempfile.TemporaryDirectory() as scratch:
        # First, while this process holds no model: a child forked from a large parent counts the
        # parent's pages in its own peak.
        session_files = [FIXTURES / row[0] for row in chosen[:8]]
        listening, peak, lines = voice_process(session_files, Path(scratch), ["--lang", "en"] if chosen_language else [])
    latencies, samples = [], []
    asked = []
    for row in chosen:
        name, condition = row[0], row[3]
        clean = FIXTURES / name.replace(condition, "clean16k")
        recognizer = open_recognizer()
        latency, heard = measure(recognizer, assistant, FIXTURES / name, clean, end_silence)
        latencies.append(latency)
        asked.append(getattr(recognizer, "asked", 0) > 0)
        samples.append({"file": name, "latency_ms": round(latency * 1000), "heard": heard, "base_asked": asked[-1]})
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000
    print(f"engine {recognizer.name}, end-of-speech timeout {end_silence} ms, {len(latencies)} requests played in real time")
    print(f"{'end of speech -> route decided':<34} {'p50':>8} {'p95':>8} {'max':>8} {'target p95':>11}")
    print(f"{'':<34} {p50:>6.0f}ms {p95:>6.0f}ms {latencies[-1] * 1000:>6.0f}ms {end_silence + 100:>9}ms")
    if not chosen_language:
        print(f"nothing chosen (the default): Whisper base was asked about {sum(asked)} of {len(asked)} English requests")
    heard = sum(line.startswith("Heard:") for line in lines)
    print(f"the voice mode as a fresh process: listening after {listening:.2f} s (target <= 1.5 s), "
          f"peak memory {peak:.0f} MB over {len(session_files)} requests in a row, {heard} heard (target <= 300 MB)")
    result = {"engine": recognizer.name, "language_chosen": chosen_language, "base_asked": sum(asked),
              "end_silence_ms": end_silence, "p50_ms": p50, "p95_ms": p95,
              "max_ms": latencies[-1] * 1000, "cold_start_to_listening_s": listening, "voice_peak_rss_mb": peak,
              "requests": samples}
    print(f"wrote {bench_results.save('voice_latency', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
