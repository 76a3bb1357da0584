"""What a held call is doing, block by block: ringing, silence, music, a recording, a person, ended.

Pure: the adapter hands in each 64 ms block's sound features and speech probability, and the
words Whisper heard when this asks for them; events come out. No devices, no threads, no clock
but the audio's own.

A person is told from a recording by combining what the line has played before (by sound and by
words: a repeat is a recording), what the words say (only a person says "this is Maria" or "how
can I help you"; recordings say "your call is important"), and how the line behaves after (a
person greets and then waits, quiet, for an answer; a recording is followed by music). Greeting
words alone never decide it: queues say "Hello, and thank you for holding" too.

Two cues need no words, so they work in any language: the line's own quiet (a live agent's headset
brings the room's steady hiss with it; a queue's recordings and music sit on the switch's quieter
silence), and turn-taking (new speech, then a quiet that waits for an answer, with no music back).
They come in two steps, as a caller wants them: "someone may be on the line" as soon as a cue
shows (`maybe`), then "a person" once confirmed: by the live quiet, or, on a line that has always
played music after its recordings, by a quiet that goes on (HABIT_SURE_S) with no music back
(right after the words, or after only the music's last bars: an agent who picks up as it fades).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from . import words
from .memory import MIN_PRINT_BLOCKS, PRINT_BLOCKS, Played, Recording, VoicePitch, new_voice, sound_print, voice_of
from .sound import BLOCK_S, QUIET_DB, Block
from .words import Cues

State = Literal["ringing", "silence", "music", "announcement", "person", "ended"]
HoldEventKind = Literal["state", "wait", "maybe", "person", "heard"]
Sound = Literal["busy", "ringing", "speech", "music", "silence"]  # what one block of the line is

SPEECH_ON = 0.35  # Silero speech probability that starts a stretch (a voice through a phone scores low)
SPEECH_HOLD = 0.2  # and keeps it going
SPEECH_SURE = 0.5  # one block this sure starts a stretch on its own (a word as short as "Hello?")
START_BLOCKS = 2  # this many speech blocks in a row start a stretch (128 ms)
END_S = 0.6  # this long without speech ends a stretch
MAX_STRETCH_S = 20.0  # a recording that never pauses is still judged every 20 s
# Words are read this far into a stretch, before its end: every quarter second while a person's first
# words ("this is Maria", "how can I help") may be ending, which is 2 to 3.5 s into a greeting.
CHECKPOINTS_S = (0.8, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0, 3.25, 3.5, 4.0, 5.0)
PAUSED_S = 0.12  # the voice has paused this long: the last word read is whole
ONE_VOICE_AFTER = 3  # recordings heard, all in one voice, before another voice counts as a person
ONE_VOICE_SHARE = 0.8
CHANGE_S = 1.0  # a state must hold this long before it is reported (ringing: RING_S)
RING_S = 0.6
GREETING_MAX_S = 4.0  # a greeting that then waits for an answer is short
GREETING_QUIET_S = 1.2  # the quiet after a greeting that says the line waits for an answer (longer than
# the pause between two sentences of a recording: "Thanks for calling. <pause> Please don't hang up")
SOUND_AFTER_S = 0.5  # this much sound after a stretch (music back; a word's tail is shorter): the line did not wait
NEW_VOICE_QUIET_S = 2.0  # the quiet after new words in a new voice
BUSY_BURSTS = 3  # busy/reorder bursts within BUSY_WINDOW_S: the call is over
BUSY_WINDOW_S = 6.0
CLICK_SILENCE_S = 6.0  # silence this long after a click: the call was dropped
CLICK_MIN_DB = -40.0  # a click this loud at least (dBFS of its block)
DEAD_SILENCE_S = 40.0  # silence this long with no click: also over
# A word too short for the speech detector (a bare "Hello?" after the music stopped scores 0.1):
# a voiced sound this much above the quiet, after QUIET_BEFORE_S of quiet, is read as well.
LEVEL_OVER_QUIET_DB = 15.0
QUIET_BEFORE_S = 0.25
# The quiet may end this long before the voiced sound does: a word's unvoiced start ("H" of "Hello",
# a breath) is sound, not yet voice.
ONSET_S = 0.2
FLOOR_BLOCKS = 125  # the quiet's level is judged over the last 8 s
# A sound this far above the quiet is playing, tonal or not. Room noise heard by a speakerphone's
# microphone swings about 10 dB above its own 10th percentile (the line's quiet, measured), and a
# swing is not the line going on (it undid a hang-up click 6 s later).
OVER_FLOOR_DB = 15.0
MUSIC_BLOCKS = 24  # music or silence is judged over the last 1.5 s
MUSIC_SHARE = 0.3  # music: this share of those blocks sound
LEVEL_STRETCH_S = 3.0  # such a stretch is a word or two; longer speech the detector hears
# A stretch found by its level must have given words by this far in, or it is music starting: the
# checkpoints up to here are read, no more.
LEVEL_READ_S = 1.25
LEVEL_READS = sum(1 for checkpoint in CHECKPOINTS_S if checkpoint <= LEVEL_READ_S)
RESTART_S = 0.5  # speech found this far into such a stretch starts a stretch of its own
# The line's quiet, as a steady hiss: this many quiet blocks in a row within STEADY_DB of each other.
STEADY_BLOCKS = 5
STEADY_DB = 3.0
LOWEST_QUIET_DB = -75.0  # a quieter hiss counts as this (the switch's digital silence is -120)
ROOM_MAX_DB = -45.0  # a room's hiss through the phone is quieter than this (a soft passage of music is not)
ROOM_OVER_DB = 6.0  # a steady quiet this far above every quiet the call had before: another channel, a room
ROOM_BEFORE_S = 3.0  # the quiet that counts "before" ended at least this long before the speech began
ROOM_MEMORY_S = 300.0  # and at most this long before: a line's quiet may change over an hour
ROOM_NEAR_S = 2.0  # the new room was heard within this long before the speech began, or during it
ROOM_CONFIRM_S = 1.2  # new speech with the new room, and no recording like it after this long: a person
TURN_QUIET_S = 1.2  # new speech in the new room, then this much quiet (no music back): a person waiting
LIVE_OVER_DB = 4.0  # the quiet after new speech this far above the switch's silence: a live channel
HABIT_RECORDINGS = 2  # recordings that music followed, and none that quiet did: the line's habit ...
HABIT_QUIET_S = 1.2  # ... so new speech followed by this much quiet broke it: someone waits for an answer
HABIT_SURE_S = 2.5  # and a quiet this long, with no music back, breaks it for sure: a person, whatever the quiet's level
SHORT_S = 1.6  # a short new sound out of quiet ("Hello?", "¿Aló?") ...
SHORT_QUIET_S = 1.6  # ... then this much quiet: a person asking who is there
# New words said as the music ends (an agent picks up while it fades out): the sound after them
# lasts no longer than this, then the line stays quiet. A queue's music, back after a recording,
# plays on for many seconds.
LAST_BARS_S = 2.0


@dataclass(frozen=True)
class HoldEvent:
    """One thing the line did while the caller waits (`hold.render` says it in words and as JSON)."""

    event: HoldEventKind
    at: float  # seconds into the audio
    state: State | None = None
    minutes: int | None = None
    text: str | None = None  # "heard": the words of a recording
    times: int | None = None  # "heard": how often the line has played it in this call


@dataclass
class HeldStretch:
    """A stretch of the line's speech while the caller is held: its sound, its voice, its words."""

    start: float
    by_level: bool = False  # found by a voiced sound out of quiet, not by the speech detector
    bands: list[npt.NDArray[np.float32]] = field(default_factory=list)
    pitches: list[float] = field(default_factory=list)
    end: float | None = None
    text: str = ""
    final: bool = False  # the words are of the whole stretch
    same: Recording | None = None  # the recording it repeats
    read_at: int = 0  # checkpoints read so far
    known_at: float = 0.0  # when its last words were known (audio time + decoding)
    quiet_s: float = 0.0  # quiet after its end, so far (the line waiting for an answer)
    sound_after_s: float = 0.0  # sound (music) after its end, so far: the line did not wait
    judged: bool = False  # its end has been judged: a recording (kept) or a person
    room_seen_at: float | None = None  # when a new room was heard behind it (another channel: a live headset)
    maybe: bool = False  # "someone may be on the line" was said for it

    @property
    def seconds(self) -> float:
        return len(self.bands) * BLOCK_S

    def sound(self) -> npt.NDArray[np.float32]:
        return sound_print(self.bands)

    def voice(self) -> VoicePitch:
        return voice_of(self.pitches)


class HoldTracker:
    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.clock = 0.0
        self.state: State | None = None
        self.person_at: float | None = None
        self.ended_at: float | None = None
        self.played = Played()
        self.stretch: HeldStretch | None = None  # speech going on now
        self.last: HeldStretch | None = None  # the stretch that ended last, until judged
        self._speech_run = 0
        self._quiet_run_s = 0.0
        self._candidate: Sound | None = None
        self._candidate_since = 0.0
        self._busy_bursts: deque[float] = deque()
        self._was_busy = False
        self._click_at: float | None = None
        self._silent_since: float | None = None
        self._waits: list[int] = []
        self._floor_db = QUIET_DB  # the level of the line's quiet (room noise on a speakerphone)
        self._levels: deque[float] = deque(maxlen=FLOOR_BLOCKS)
        self._musical: deque[bool] = deque(maxlen=MUSIC_BLOCKS)
        self._quiet_s = 0.0  # how long the line has been quiet, up to this block
        self._quiet_until_sound_s = 0.0  # the quiet before the sound going on now began
        self._sound_s = 0.0  # how long that sound has gone on
        self._music_after = 0  # recordings music came back after
        self._quiet_after = 0  # recordings the line was quiet after
        self._hiss: list[float] = []  # the levels of the quiet blocks going on now
        self._steady: deque[tuple[float, float]] = deque()  # (ended at, level) of recent steady quiets
        self._heard_quiets: deque[tuple[float, float]] = deque()  # the steady quiets older than ROOM_BEFORE_S
        self._room_at: float | None = None  # when a steady quiet above all before it was last heard
        # New words that music followed, on a line whose habit is music after its recordings: if that
        # music was only its last bars (LAST_BARS_S) and the line then stays quiet, someone spoke.
        self._faded: HeldStretch | None = None
        self._faded_sound_s = self._faded_quiet_s = 0.0

    @property
    def done(self) -> bool:
        return self.person_at is not None or self.ended_at is not None

    def use_language(self, lang: str) -> None:
        """The queue's language, found from its first words: its words are judged in it from now on."""
        self.lang = lang

    # -- audio ---------------------------------------------------------------------------------

    def push(self, block: Block, speech: float) -> list[HoldEvent]:
        """One 64 ms block of the line, and the speech detector's probability for it."""
        if self.done:
            return []
        at = self.clock
        self.clock += BLOCK_S
        events: list[HoldEvent] = []
        self._follow_room(block, speech, at)
        events += self._follow_speech(block, speech, at)
        kind = self._kind(block)
        events += self._follow_end(block, kind, speech, at)
        events += self._follow_state(kind, at)
        events += self._judge_after(block, kind)
        events += self._follow_last_bars(block, kind)
        return events

    def _follow_room(self, block: Block, speech: float, at: float) -> None:
        """The line's quiet: runs of quiet blocks at a steady level (a room's hiss, the switch's
        silence, a recording's own studio). A steady quiet well above every one the call had in the
        last minutes (the loudest of them: each recording brings its own) is a new room, once the
        line has played a recording to compare with."""
        quiet = speech < SPEECH_HOLD and not block.tonal and not (block.ringback or block.busy or block.click) \
            and block.level_db <= ROOM_MAX_DB
        if quiet and (not self._hiss or abs(block.level_db - float(np.median(self._hiss))) <= STEADY_DB):
            self._hiss.append(block.level_db)
        else:
            self._hiss = [block.level_db] if quiet else []
        if len(self._hiss) == STEADY_BLOCKS:
            level = max(LOWEST_QUIET_DB, float(np.median(self._hiss)))
            while self._steady and self._steady[0][0] < at - ROOM_BEFORE_S:
                self._heard_quiets.append(self._steady.popleft())
            while self._heard_quiets and self._heard_quiets[0][0] < at - ROOM_MEMORY_S:
                self._heard_quiets.popleft()
            known = [level for _, level in self._heard_quiets]
            if known and self.played.kept and level >= max(known) + ROOM_OVER_DB:
                self._room_at = at
            self._steady.append((at, level))

    def _new_room(self, stretch: HeldStretch) -> bool:
        return self._room_at is not None and self._room_at >= stretch.start - ROOM_NEAR_S

    def _room_again(self, stretch: HeldStretch) -> bool:
        """The new room heard again, in the speech's own pauses or after it: a live channel stays."""
        first = stretch.start if stretch.room_seen_at is None else max(stretch.room_seen_at, stretch.start)
        return self._room_at is not None and self._room_at > first

    def _live_quiet(self, stretch: HeldStretch) -> bool:
        """The quiet after the speech is not the switch's silence: steady, LIVE_OVER_DB above the
        quietest steady quiet the call had before, and at a level none of its quiets had (a headset's
        room, not a queue gone silent)."""
        known = [level for _, level in self._heard_quiets]
        # Runs that began after the speech ended, the latest of them: a recording's own trailing
        # floor, just after its last word, is not the quiet the line then keeps.
        began = (STEADY_BLOCKS - 1) * BLOCK_S
        after = [level for when, level in self._steady if stretch.end is not None and when - began >= stretch.end]
        # And a quiet this line has not had before: a quiet passage of its music, or a recording's
        # floor it played earlier, comes back as the same level.
        return bool(known and after) and after[-1] >= min(known) + LIVE_OVER_DB \
            and all(abs(after[-1] - level) > STEADY_DB for level in known)

    def _follow_speech(self, block: Block, speech: float, at: float) -> list[HoldEvent]:
        events: list[HoldEvent] = []
        stretch = self.stretch
        voiced = block.pitch > 0 and not (block.ringback or block.busy) \
            and block.level_db > max(QUIET_DB, self._floor_db) + LEVEL_OVER_QUIET_DB
        quiet_before = self._quiet_s
        if voiced or self._sounding(block):
            if self._quiet_s > 0:
                self._quiet_until_sound_s, self._sound_s = self._quiet_s, 0.0
            self._sound_s += BLOCK_S
            self._quiet_s = 0.0
        else:
            self._quiet_s += BLOCK_S
        onset = self._sound_s <= ONSET_S + BLOCK_S and self._quiet_until_sound_s >= QUIET_BEFORE_S
        if stretch is None:
            self._speech_run = self._speech_run + 1 if speech >= SPEECH_ON else 0
            if speech >= SPEECH_SURE:
                self._speech_run = max(self._speech_run, START_BLOCKS)
            out_of_quiet = voiced and (quiet_before >= QUIET_BEFORE_S or onset)
            if self._speech_run >= START_BLOCKS or out_of_quiet:
                begun = at - (START_BLOCKS - 1) * BLOCK_S if not out_of_quiet else at
                self.stretch = HeldStretch(begun, by_level=out_of_quiet and self._speech_run < START_BLOCKS)
                if self.last is not None and not self.last.judged:
                    # The line spoke again, or a sound came out of quiet (music, mostly): it was not waiting.
                    events += self._judge(self.last, self.clock, music_after=self.stretch.by_level)
                self._quiet_run_s = 0.0
            return events
        self._speech_run = self._speech_run + 1 if speech >= SPEECH_ON else 0
        if stretch.by_level and self._speech_run >= START_BLOCKS and stretch.seconds >= RESTART_S:
            # A sound out of quiet (the music fading) and now speech in it: the words start here.
            self.stretch = stretch = HeldStretch(at - (START_BLOCKS - 1) * BLOCK_S)
        stretch.bands.append(block.bands)
        if speech >= SPEECH_HOLD or (stretch.by_level and voiced):  # its voice, not the music after it
            stretch.pitches.append(block.pitch)
        if speech >= SPEECH_HOLD or (stretch.by_level and voiced and stretch.seconds < LEVEL_STRETCH_S):
            self._quiet_run_s = 0.0
            stretch.sound_after_s = stretch.quiet_s = 0.0
        else:
            self._quiet_run_s += BLOCK_S
            if self._sounding(block):  # music (or another sound) right after the words
                stretch.sound_after_s += BLOCK_S
            else:
                stretch.quiet_s += BLOCK_S
        if len(stretch.bands) == MIN_PRINT_BLOCKS or (len(stretch.bands) > MIN_PRINT_BLOCKS and stretch.same is None
                                                      and len(stretch.bands) <= PRINT_BLOCKS and len(stretch.bands) % 4 == 0):
            stretch.same = stretch.same or self.played.by_sound(stretch.sound(), stretch.voice())
            if stretch.same is not None:
                events += self._set_state("announcement", stretch.start)
        if stretch.same is None and not stretch.by_level and len(stretch.bands) >= MIN_PRINT_BLOCKS:
            if stretch.room_seen_at is None and self._new_room(stretch):
                stretch.room_seen_at = self._room_at
            if not stretch.maybe and (stretch.room_seen_at is not None or self._new_voice(stretch)):
                events += self._maybe(stretch, self.clock)
            if stretch.room_seen_at is not None and self._room_again(stretch) and stretch.seconds >= ROOM_CONFIRM_S \
                    and not words.cues(stretch.text, self.lang).recording:
                return events + self._person(self.clock)
        if self._quiet_run_s >= END_S or stretch.seconds >= MAX_STRETCH_S:
            stretch.end = self.clock - self._quiet_run_s
            self.stretch, self._speech_run = None, 0
            if self.last is not None and not self.last.judged:
                events += self._judge(self.last, self.clock)
            self.last = stretch
        return events

    def _sounding(self, block: Block) -> bool:
        """Something is playing: a tonal sound, or one well above the line's quiet."""
        return block.level_db > QUIET_DB and (block.tonal or block.level_db > self._floor_db + OVER_FLOOR_DB)

    def _kind(self, block: Block) -> Sound:
        # The quiet's level: a low percentile of the last seconds (steady room noise is quiet).
        # Judged again every half second (a percentile of 125 levels costs more than the rest of a
        # block); counted by the clock, since the window's length stops changing once it is full.
        self._levels.append(block.level_db)
        blocks = round(self.clock / BLOCK_S)
        if blocks % 8 == 0 or blocks < 8:
            self._floor_db = float(np.percentile(self._levels, 10))
        self._musical.append(self._sounding(block) and self.stretch is None and not (block.busy or block.ringback or block.click))
        if block.busy:
            return "busy"
        if block.ringback:
            return "ringing"
        if self.stretch is not None:
            return "speech"
        # Music has quiet moments (a plucked chord dies away): judged over the last second and a half.
        if sum(self._musical) >= MUSIC_SHARE * len(self._musical):
            return "music"
        return "silence"

    def _follow_end(self, block: Block, kind: Sound, speech: float, at: float) -> list[HoldEvent]:
        if kind == "busy" and not self._was_busy:
            self._busy_bursts.append(at)
        self._was_busy = kind == "busy"
        while self._busy_bursts and self._busy_bursts[0] < at - BUSY_WINDOW_S:
            self._busy_bursts.popleft()
        # A hang-up click: a loud impulse (a quiet one is a plosive at the end of a word).
        if block.click and block.level_db >= CLICK_MIN_DB:
            self._click_at = at
        elif self._click_at is not None and (self._sounding(block) or speech >= SPEECH_ON or kind in ("ringing", "busy")):
            self._click_at = None  # the line went on after the click
        if kind == "silence":
            self._silent_since = at if self._silent_since is None else self._silent_since
        else:
            self._silent_since = None
        over = len(self._busy_bursts) >= BUSY_BURSTS
        over = over or (self._click_at is not None and self.clock - self._click_at >= CLICK_SILENCE_S)
        if self._silent_since is not None:
            over = over or self.clock - self._silent_since >= DEAD_SILENCE_S
        if not over:
            return []
        self.ended_at = self.clock
        self.state = "ended"
        return [HoldEvent("state", self.clock, state="ended")]

    def _follow_state(self, kind: Sound, at: float) -> list[HoldEvent]:
        if self.done:
            return []
        if kind == "speech" or kind == "busy":
            self._candidate = None  # a stretch's state is judged from its words and sound
            return []
        if kind != self._candidate:
            self._candidate, self._candidate_since = kind, at
        needed = RING_S if kind == "ringing" else CHANGE_S
        if kind != self.state and self.clock - self._candidate_since >= needed:
            if kind == "silence" and self.last is not None and not self.last.judged:
                return []  # quiet after speech: maybe a person waiting for an answer; judged first
            return self._set_state(kind, self._candidate_since)
        return []

    def _set_state(self, state: State, at: float) -> list[HoldEvent]:
        if state == self.state or self.done:
            return []
        self.state = state
        return [HoldEvent("state", at, state=state)]

    # -- words ---------------------------------------------------------------------------------

    def wants_words(self) -> Literal["partial", "final"] | None:
        """"partial" when the stretch going on should be read now, "final" when the one that just
        ended should be (None: nothing to read)."""
        if self.done:
            return None
        stretch = self.stretch
        if stretch is not None:
            # A sound found by its level that gave no words at the first readings is music starting.
            limit = LEVEL_READS if stretch.by_level and not stretch.text else len(CHECKPOINTS_S)
            if stretch.same is None and stretch.read_at < limit and stretch.seconds >= CHECKPOINTS_S[stretch.read_at]:
                return "partial"
            return None
        last = self.last
        if last is not None and not last.final and not last.judged:
            # A repeat known by its sound is read only when it may announce a new wait.
            if last.same is not None and last.same.text and words.wait_minutes(last.same.text, self.lang) is None:
                return None
            return "final"
        return None

    def words(self, text: str, took: float) -> list[HoldEvent]:
        """What the recogniser heard in the stretch `wants_words` asked for; `took` seconds of
        decoding (a live line went on meanwhile, so a decision is that much later)."""
        asked = self.wants_words()
        stretch = self.stretch if asked == "partial" else self.last
        if asked is None or stretch is None:
            return []
        known = self.clock + took
        stretch.known_at = known
        if asked == "partial":
            while stretch.read_at < len(CHECKPOINTS_S) and stretch.seconds >= CHECKPOINTS_S[stretch.read_at]:
                stretch.read_at += 1
        else:
            stretch.final = True
        # A sound found by its level may be music: the prompt said back is no words of it.
        if text.strip() and not (stretch.by_level and words.only_the_prompt(text, self.lang)):
            stretch.text = text
        if stretch.same is None and stretch.text:
            stretch.same = self.played.by_words(stretch.text, stretch.final, stretch.voice())
        cue = words.cues(stretch.text, self.lang)
        # A partial reading may end in a word cut short, unless the voice has paused there.
        cut = asked == "partial" and self._quiet_run_s < PAUSED_S and _cut_name(stretch.text, self.lang)
        if stretch.same is None and cue.person and not cut:
            return self._person(known)
        events: list[HoldEvent] = []
        if stretch.same is not None or cue.recording:
            events += self._set_state("announcement", stretch.start)
        if stretch.final:
            minutes = words.wait_minutes(stretch.text, self.lang)
            if minutes is not None and (not self._waits or self._waits[-1] != minutes):
                self._waits.append(minutes)
                events.append(HoldEvent("wait", known, minutes=minutes))
        return events

    # -- judging a stretch once it has ended ----------------------------------------------------

    def _judge_after(self, block: Block, kind: Sound) -> list[HoldEvent]:
        last = self.last
        if last is None or last.judged or self.stretch is not None or self.done:
            return []
        if not last.final and self.wants_words() == "final":
            return []  # its words are not known yet (the adapter reads them before the next block)
        if kind == "ringing" or (kind != "busy" and self._sounding(block)):
            last.sound_after_s += BLOCK_S
        else:
            last.quiet_s += BLOCK_S
        if last.sound_after_s >= SOUND_AFTER_S:
            return self._judge(last, self.clock)  # music came back: the line was not waiting
        cue = words.cues(last.text, self.lang)
        fresh = last.same is None and not cue.recording
        at = max(self.clock, last.known_at)
        habit = self._music_habit
        # Words a recording says ("gracias por esperar"), which agents say too, never played on this
        # call: only the line's habit (music after every recording) weighs the quiet after them.
        recording_words = last.same is None and cue.recording and habit
        if self._hung_up_after(last) or not (fresh or recording_words) or not (last.text or not last.by_level):
            return self._judge(last, self.clock) if last.quiet_s >= max(GREETING_QUIET_S, NEW_VOICE_QUIET_S) else []
        # Turn-taking, in any language: new speech, then a quiet that waits for an answer. A new voice
        # then quiet says so only where this line is not quiet after its recordings anyway, or where
        # the quiet is not the switch's own silence (a live channel): a line that changes its
        # recorded voice before a silent gap is no person.
        if fresh and self._turn_taken(last, cue):
            return self._person(at)
        short = fresh and last.seconds - END_S <= SHORT_S and self.state in ("music", "silence")
        if (habit and last.quiet_s >= HABIT_QUIET_S) or (short and last.quiet_s >= SHORT_QUIET_S):
            # New speech where music always came back, then quiet: someone may be waiting. Confirmed
            # when the quiet is a live channel's; the switch's own silence may just be a quiet queue.
            if (fresh and self._live_quiet(last)) or (habit and last.quiet_s >= HABIT_SURE_S):
                return self._maybe(last, at) + self._person(at)
            if not last.maybe:
                return self._maybe(last, at)
            if habit:
                return []  # waiting to be sure (HABIT_SURE_S) before taking it for a recording
        if last.quiet_s >= max(GREETING_QUIET_S, NEW_VOICE_QUIET_S):
            return self._judge(last, self.clock)
        return []

    @property
    def _music_habit(self) -> bool:
        """Music came back after HABIT_RECORDINGS of this line's recordings, and quiet after none."""
        return self._music_after >= HABIT_RECORDINGS and not self._quiet_after

    def _hung_up_after(self, stretch: HeldStretch) -> bool:
        """A hang-up click after the speech: the quiet that follows is a dead line, not one waiting."""
        return self._click_at is not None and stretch.end is not None and self._click_at >= stretch.end

    def _follow_last_bars(self, block: Block, kind: Sound) -> list[HoldEvent]:
        """Words heard as the music ended, then a quiet with no music back: on a line that always
        played music after its recordings, the music after those words was its last bars, not the
        music coming back (an agent who picks up while it fades out), and someone waits."""
        stretch = self._faded
        if stretch is None or self.done:
            return []
        if self.stretch is not None or self._hung_up_after(stretch) or kind == "ringing":
            self._faded = None  # the line spoke again, rang or hung up
            return []
        if kind != "busy" and self._sounding(block):
            # A note after a moment's quiet is still the music fading; after a pause, it came back.
            self._faded_sound_s += BLOCK_S + self._faded_quiet_s
            if self._faded_sound_s > LAST_BARS_S or self._faded_quiet_s >= SOUND_AFTER_S:
                self._faded = None  # the music plays on, or came back after a pause
            self._faded_quiet_s = 0.0
            return []
        self._faded_quiet_s += BLOCK_S
        at = max(self.clock, stretch.known_at)
        if self._faded_quiet_s >= HABIT_SURE_S:
            self._faded = None
            return self._maybe(stretch, at) + self._person(at)
        return self._maybe(stretch, at) if self._faded_quiet_s >= HABIT_QUIET_S else []

    def _turn_taken(self, last: HeldStretch, cue: Cues) -> bool:
        """New words then a quiet that waits: a greeting, a voice none of the recordings has (on a
        line not quiet after its recordings anyway, or in a live channel's quiet), or the new room again."""
        if cue.greeting and last.seconds - END_S <= GREETING_MAX_S and last.quiet_s >= GREETING_QUIET_S:
            return True
        if self._new_voice(last) and len(words.plain_words(last.text)) >= 2 and last.quiet_s >= NEW_VOICE_QUIET_S \
                and (not self._quiet_after or self._live_quiet(last)):
            return True
        return (last.room_seen_at is not None or self._new_room(last)) and self._room_again(last) \
            and last.quiet_s >= TURN_QUIET_S

    def _new_voice(self, stretch: HeldStretch) -> bool:
        """A voice clearly unlike the recordings', on a line whose recordings have all been in one
        voice (at least ONE_VOICE_AFTER of them): a line that has already changed voice may change
        again, and its next recording would look like a new person."""
        voices = self.played.voices()
        if len(voices) < ONE_VOICE_AFTER:
            return False
        usual = VoicePitch(float(np.median([voice.pitch for voice in voices])))
        # One voice: nearly all recordings in it (a pitch misjudged now and then is not a second voice).
        one_voice = sum(voice.like(usual) for voice in voices) >= ONE_VOICE_SHARE * len(voices)
        return one_voice and new_voice(stretch.voice(), voices)

    def _judge(self, stretch: HeldStretch, at: float, music_after: bool = False) -> list[HoldEvent]:
        """The stretch was a recording: keep it, so its next playing is known."""
        stretch.judged = True
        if stretch.text or stretch.same is not None:  # the line's habit after its recordings: music, or quiet
            # Music that came back after a pause (a soft first bar, a speakerphone's room over it) is
            # music after: the line was quiet after a recording only when nothing but speech followed.
            music = music_after or stretch.sound_after_s >= SOUND_AFTER_S
            if music and self._music_habit and stretch.same is None and not stretch.by_level:
                self._faded, self._faded_sound_s, self._faded_quiet_s = stretch, stretch.sound_after_s, 0.0
            self._music_after += music
            self._quiet_after += not music and stretch.quiet_s >= HABIT_QUIET_S
        events = self._set_state("announcement", stretch.start) if self.state != "announcement" else []
        if stretch.text or stretch.same is not None:  # a sound with no words (music starting) is no recording
            self.played.keep(stretch.sound(), stretch.text, stretch.voice(), stretch.same)
        if stretch.text:
            times = stretch.same.times if stretch.same is not None else 1
            events.append(HoldEvent("heard", at, text=stretch.text, times=times))
        return events

    def _maybe(self, stretch: HeldStretch, at: float) -> list[HoldEvent]:
        """Someone may be on the line: said at once, confirmed (or not) by what follows."""
        if stretch.maybe or self._busy_bursts:
            return []
        stretch.maybe = True
        return [HoldEvent("maybe", at)]

    def _person(self, at: float) -> list[HoldEvent]:
        if self._busy_bursts:
            # A busy or reorder tone is playing: nobody answers over it (a word misread into the tone,
            # its gaps taken for the quiet that waits for an answer); `_follow_end` ends the call.
            return []
        self.person_at = at
        self.state = "person"
        return [HoldEvent("state", at, state="person"), HoldEvent("person", at)]

    def listen_on(self) -> None:
        """Wait again after a call-back or an end of call that was not one (the caller says so,
        or a bench counts false alarms): what was heard stays remembered."""
        self.person_at = self.ended_at = self.state = None
        self._click_at = self._silent_since = None
        self._faded = None
        self._busy_bursts.clear()
        if self.last is not None and not self.last.judged:
            self.last.judged = True

    def finish(self) -> list[HoldEvent]:
        """The audio ended: judge what is left (a person is only ever reported as heard)."""
        if self.last is not None and not self.last.judged and not self.done:
            return self._judge(self.last, self.clock)
        return []


def _cut_name(text: str, lang: str) -> bool:
    """A partial transcript whose person words end in its last word ("this is Ma..." may yet be
    "this is a"): wait for the next reading before believing it, unless the recogniser closed
    the sentence after a whole word ("This is Linda.")."""
    heard = words.plain_words(text)
    if not heard or words.cues(" ".join(heard[:-1]), lang).person:
        return False
    closed = text.rstrip().endswith((".", "?", "!", ",")) and len(heard[-1]) >= 3
    return not closed
