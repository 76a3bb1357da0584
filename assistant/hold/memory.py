"""What the line has already played in this call: each recording by its sound, its words and its voice.

A queue plays the same few recordings again and again. A repeat is recognised by sound (the
spectrum of its first seconds, block by block, against each one kept) and by words; the voices
the recordings use are kept too, so a new voice stands out. Bounded: a call of hours keeps at
most MAX_KEPT recordings, the least recently heard forgotten first.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from . import words
from .sound import BLOCK_S

PRINT_S = 2.5  # the first seconds of a stretch make its sound print
PRINT_BLOCKS = int(PRINT_S / BLOCK_S)
MIN_PRINT_BLOCKS = 12  # under 0.8 s there is too little to compare
MAX_SHIFT = 2  # blocks the start of speech may be found earlier or later
SAME_SOUND = 0.8  # correlation of two prints of one recording (through the same line)
SAME_WORDS = 0.8  # two transcripts of one recording: difflib's ratio of their words
SAME_PITCH = 0.15  # a voice's median pitch stays within this (log) ratio: the same voice, for repeats
# Another voice, for calling a person: a median pitch this far (log ratio, about 30%) from every
# recording's. The median over a second of speech wanders by up to 20% (bench, tuning split), so
# voices closer than this are not told apart; a voice in between is neither the same nor new.
NEW_PITCH = 0.26
MIN_VOICED = 8  # voiced blocks needed before a voice is judged new
MAX_KEPT = 40


def sound_print(bands: list[npt.NDArray[np.float32]]) -> npt.NDArray[np.float32]:
    """The first PRINT_BLOCKS blocks' band energies, each block's own level removed (so any burst
    of speech does not look like any other by its rise and fall alone) and each band's mean over
    time removed (so the line's loudness and colour do not count): how the sound's shape moves."""
    frames = np.array(bands[:PRINT_BLOCKS], dtype=np.float32)
    if not len(frames):
        return frames
    shaped = frames - frames.mean(axis=1, keepdims=True)
    moving: npt.NDArray[np.float32] = shaped - shaped.mean(axis=0, keepdims=True)
    return moving


def print_likeness(first: npt.NDArray[np.float32], second: npt.NDArray[np.float32]) -> float:
    """The best correlation of two prints over small shifts, compared over the blocks both have."""
    best = 0.0
    for shift in range(-MAX_SHIFT, MAX_SHIFT + 1):
        a = first[max(0, shift):]
        b = second[max(0, -shift):]
        size = min(len(a), len(b))
        if size < MIN_PRINT_BLOCKS:
            continue
        x = a[:size] - a[:size].mean(axis=0)
        y = b[:size] - b[:size].mean(axis=0)
        denominator = float(np.sqrt(np.sum(x * x) * np.sum(y * y))) + 1e-9
        best = max(best, float(np.sum(x * y)) / denominator)
    return best


@dataclass(frozen=True)
class VoicePitch:
    pitch: float  # median pitch of the voiced blocks (Hz; 0 when none were voiced)

    def like(self, other: VoicePitch) -> bool:
        if not self.pitch or not other.pitch:
            return True  # nothing to tell them apart by: do not call it new
        return bool(abs(np.log(self.pitch / other.pitch)) < SAME_PITCH)


def new_voice(voice: VoicePitch, known: list[VoicePitch]) -> bool:
    """A voice clearly unlike every recording's (False while none is known, or its pitch is not)."""
    return bool(known) and voice.pitch > 0 and all(
        other.pitch > 0 and abs(float(np.log(voice.pitch / other.pitch))) >= NEW_PITCH for other in known)


def voice_of(pitches: list[float]) -> VoicePitch:
    voiced = [pitch for pitch in pitches if pitch > 0]
    return VoicePitch(float(np.median(voiced)) if len(voiced) >= MIN_VOICED else 0.0)


@dataclass
class Recording:
    print: npt.NDArray[np.float32]
    text: str
    voice: VoicePitch
    times: int = 1


@dataclass
class Played:
    """The recordings heard so far in this call."""

    kept: OrderedDict[int, Recording] = field(default_factory=OrderedDict)
    _next: int = 0

    def by_sound(self, sound: npt.NDArray[np.float32], voice: VoicePitch) -> Recording | None:
        if len(sound) < MIN_PRINT_BLOCKS:
            return None
        best, found = SAME_SOUND, None
        for recording in self.kept.values():
            if not voice.like(recording.voice):
                continue
            score = print_likeness(sound, recording.print)
            if score >= best:
                best, found = score, recording
        return found

    def by_words(self, text: str, final: bool, voice: VoicePitch) -> Recording | None:
        """A recording whose words these are, in its voice (a partial transcript is compared with the
        start of each). An agent often begins with the queue's own words ("Thank you for calling
        ..."), in another voice: that is no repeat."""
        heard = words.plain_words(text)
        if len(heard) < 4:
            return None
        for recording in self.kept.values():
            if not voice.like(recording.voice):
                continue
            kept = words.plain_words(recording.text)
            if not final:
                kept = kept[:len(heard) + 1]
            if kept and words.in_order(heard, kept) >= SAME_WORDS:
                return recording
        return None

    def voices(self) -> list[VoicePitch]:
        return [recording.voice for recording in self.kept.values() if recording.voice.pitch]

    def keep(self, sound: npt.NDArray[np.float32], text: str, voice: VoicePitch, same: Recording | None) -> None:
        if same is not None:
            same.times += 1
            if text and not same.text:
                same.text = text
            for key, value in list(self.kept.items()):
                if value is same:
                    self.kept.move_to_end(key)
                    break
            return
        if len(sound) < MIN_PRINT_BLOCKS and not text:
            return
        self.kept[self._next] = Recording(sound, text, voice)
        self._next += 1
        while len(self.kept) > MAX_KEPT:
            self.kept.popitem(last=False)
