"""The live-line listener on real recorded phone menus (issue 26): a human voice from Debian's
asterisk-core-sounds-en-wav and -es-wav (en_US and es_MX, the same speaker), through the 8 kHz
µ-law channel. Menus the packages hold whole (voicemail, conference, call screening) and menus
assembled from their recorded phrases and digits; none of them is in menus.yaml.

  options   the options heard on the menu's first play: a heard option is right when its key is
            the menu's and its label shares most of its words with the one the recording says
  goals     the caller's goal in their own words (bench/recorded-menus.yaml, written before any
            tuning), judged against what was heard: the right key, a wrong key, or asked / none
  language  no --lang: the English caller's default ears find a Spanish line by its sound

The menus and goals are split: `tuning` was looked at while the judge and the parser were
tuned, `untuned` never was; each language is reported on its own.

    .venv/bin/python bench/recorded_line.py [--split tuning|untuned|all] [--batch N]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import g711, menu_file  # noqa: E402
from assistant.language import detect  # noqa: E402
from assistant.line import hearing  # noqa: E402
from assistant.line.goal import Similarity  # noqa: E402
from assistant.line.listener import LineEvent, LineListener  # noqa: E402
from assistant.line.options import shared_words  # noqa: E402
from assistant.menu import Menus  # noqa: E402
from assistant.speech import wavfile  # noqa: E402
from assistant.speech.audio import RATE, resample  # noqa: E402
from assistant.speech.ears import Stretch  # noqa: E402
from bench.results import save  # noqa: E402

MENUS = ROOT / "bench" / "recorded-menus.yaml"
SOUNDS = Path("/usr/share/asterisk/sounds")
VOICES = {"en": "en_US_f_Allison", "es": "es_MX_f_Allison"}
PAUSE_S = 0.6  # between two recorded phrases of an assembled menu (the recordings have their own edges)
REPLAY_GAP_S = 3.0  # the line waits this long for a key, then plays the menu again
SAME_LABEL = 0.5  # a heard label sharing this share of its words with the recorded one is that option


@dataclass
class Outcome:
    right: int = 0
    wrong: int = 0
    asked: int = 0  # asked, said none fits, or pressed nothing
    total: int = 0


def load(path: Path = MENUS) -> list[dict[str, Any]]:
    menus: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["menus"]
    return menus


def sound(language: str, name: str) -> np.ndarray:
    """One recorded phrase, at the listener's rate."""
    path = SOUNDS / VOICES[language] / f"{name}.wav"
    if not path.exists():
        raise SystemExit(f"{path}: missing; install asterisk-core-sounds-{language}-wav (bash setup.sh test installs it)")
    info = wavfile.probe(path)
    return resample(np.concatenate(list(wavfile.blocks(info))), info.rate, RATE)


def menu_audio(language: str, parts: list[str | list[str]]) -> np.ndarray:
    """The menu as the line plays it: its phrases, through the µ-law channel at 8 kHz, played
    twice (the line repeats a menu nobody answered), then quiet. A part that is a list is one
    phrase said from single words ("press", "0", "for", "new", "messages"), as Asterisk says them."""
    pieces: list[np.ndarray] = []
    for part in parts:
        said = np.concatenate([sound(language, word) for word in part]) if isinstance(part, list) else sound(language, part)
        pieces += [said, np.zeros(int(RATE * PAUSE_S), dtype=np.float32)]
    once = np.concatenate(pieces)
    narrow = g711.round_trip(resample(once, RATE, 8000))
    once = resample(narrow, 8000, RATE)
    gap = np.zeros(int(RATE * REPLAY_GAP_S), dtype=np.float32)
    return np.concatenate([gap[: RATE // 2], once, gap, once, gap, gap])


class RecordingEars(hearing.LineEars):
    """The product's line ears, keeping what they heard (once per menu; every goal is judged on it)."""

    def __init__(self, ears: hearing.LineEars) -> None:
        super().__init__(ears.english, ears.others, ears.open_other)
        self.heard: list[hearing.LineWords] = []

    def words(self, stretch: Stretch) -> hearing.LineWords | None:
        said = super().words(stretch)
        if said is not None:
            self.heard.append(said)
        return said


def listen(menus: Menus, ears: hearing.LineEars, audio: np.ndarray) -> tuple[list[hearing.LineWords], list[LineEvent], float]:
    """The menu heard by the real follow() with no goal: the words, the options shown, the CPU seconds."""
    recording = RecordingEars(ears.fresh())
    position = 0

    def source(seconds: float) -> np.ndarray | None:
        nonlocal position
        if position >= len(audio):
            return None
        chunk = audio[position:position + int(seconds * RATE)]
        position += len(chunk)
        return chunk

    events: list[LineEvent] = []
    began = time.process_time()
    hearing.follow(source, recording, LineListener(menus), None, events.append, realtime_lag=True)
    return recording.heard, events, time.process_time() - began


def judge_goal(menus: Menus, heard: list[hearing.LineWords], goal: str, similarity: Similarity | None) -> str | None:
    """The key a caller with this goal would have pressed (None: asked, or none fits): the words
    the line said, in order, to a listener with the goal, as follow() hands them over."""
    language = detect(goal) or "en"
    listener = LineListener(menus, goal, language=language, similarity=similarity)
    last_end = 0.0
    for said in heard:
        if said.language is not None:
            listener.line_language = said.language
        if said.start - last_end > hearing.QUIET_MENU_S:
            for event in listener.menu_done(last_end + hearing.QUIET_MENU_S):
                if event.event in ("press", "say"):
                    return event.key or event.text
        for event in listener.hear(said.text, said.heard_at):
            if event.event in ("press", "say"):
                return event.key or event.text
        last_end = said.end
    for event in listener.menu_done(last_end + hearing.QUIET_MENU_S) + listener.finish(last_end + 5):
        if event.event in ("press", "say"):
            return event.key or event.text
    return None


def option_scores(events: list[LineEvent], expected: dict[str, str]) -> tuple[int, int, int]:
    """(right, heard, expected): the options shown, against the recording's own."""
    shown: dict[str, str] = {}
    for event in events:
        if event.event == "option" and event.key is not None and event.key not in shown:
            shown[event.key] = event.label or ""
    right = sum(1 for key, label in shown.items() if key in expected and shared_words(label, expected[key]) >= SAME_LABEL)
    return right, len(shown), len(expected)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["tuning", "untuned", "all"], default="all")
    parser.add_argument("--batch", type=int,
                        help="only the menus of this batch (a new batch is measured on its own before it prompts any change)")
    parser.add_argument("-v", "--verbose", action="store_true", help="every goal's outcome")
    args = parser.parse_args()
    menus = menu_file.load()
    similarity = hearing.sentence_likeness()
    ears = hearing.open_ears(menus)  # an English caller's ears, no --lang: a Spanish line is found by its sound
    splits = ["tuning", "untuned"] if args.split == "all" else [args.split]
    figures: dict[str, Any] = {"when": time.strftime("%Y-%m-%d"), "splits": {}}
    rows = []
    for split in splits:
        for language in ("en", "es"):
            options = [0, 0, 0]
            goals = Outcome()
            languages: list[str] = []
            cpu = audio_s = 0.0
            for menu in load():
                if menu["split"] != split or language not in menu or (args.batch and menu.get("batch", 1) != args.batch):
                    continue
                side = menu[language]
                audio = menu_audio(language, side["parts"])
                heard, events, took = listen(menus, ears, audio)
                cpu += took
                audio_s += len(audio) / RATE
                languages.append(next((said.language for said in heard if said.language), "en"))
                right, shown, expected = option_scores(events, {str(k): v for k, v in side["options"].items()})
                options = [options[0] + right, options[1] + shown, options[2] + expected]
                for goal, key in side["goals"]:
                    got = judge_goal(menus, heard, goal, similarity)
                    key = None if key is None else str(key)
                    goals.total += 1
                    if got is not None and got == key:
                        goals.right += 1
                    elif got is not None:
                        goals.wrong += 1
                    else:
                        goals.asked += 1 if key is not None else 0
                        goals.right += 1 if key is None else 0  # nothing fits, and nothing was pressed
                    # A miss is shown for the tuning menus; the untuned ones' only with -v (they are not to be read while tuning).
                    if args.verbose or (got != key and split != "untuned"):
                        print(f"  {split} {language} {menu['id']:<22} {goal!r}: pressed {got} (want {key})", flush=True)
                if args.verbose:
                    for said in heard:
                        print(f"    heard {said.start:6.1f}s [{said.language or '-'}] {said.text}")
            precision = options[0] / options[1] if options[1] else 0.0
            recall = options[0] / options[2] if options[2] else 0.0
            result = {
                "options_precision": round(precision, 3), "options_recall": round(recall, 3),
                "options": {"right": options[0], "heard": options[1], "expected": options[2]},
                "goals_right": round(goals.right / goals.total, 3) if goals.total else 0.0,
                "goals_wrong": round(goals.wrong / goals.total, 3) if goals.total else 0.0,
                "goals": {"right": goals.right, "wrong": goals.wrong, "asked": goals.asked, "total": goals.total},
                "line_language_heard": dict(sorted({code: languages.count(code) for code in set(languages)}.items())),
                "cpu_per_audio_s": round(cpu / audio_s, 3) if audio_s else 0.0,
            }
            figures["splits"].setdefault(split, {})[language] = result
            rows.append((split, language, result))
    print()
    print(f"{'split':<8} {'lang':<4} {'precision':>9} {'recall':>7} {'right key':>9} {'wrong key':>9} {'asked':>5} {'goals':>5} "
          f"{'line heard as':<16} {'CPU':>5}")
    for split, language, r in rows:
        heard_as = ",".join(f"{k}:{v}" for k, v in r["line_language_heard"].items())
        print(f"{split:<8} {language:<4} {r['options_precision']:>9.1%} {r['options_recall']:>7.1%} {r['goals_right']:>9.1%} "
              f"{r['goals_wrong']:>9.1%} {r['goals']['asked']:>5} {r['goals']['total']:>5} {heard_as:<16} {r['cpu_per_audio_s']:>5.0%}")
    name = f"recorded-line-batch{args.batch}" if args.batch else "recorded-line"
    print(f"\nsaved {save(name, figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
