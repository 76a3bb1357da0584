"""Waiting on hold, the pure parts: what words say, what a block of audio sounds like, what the
line has played before, the tracker's decisions, the hold history, and the sentences it says."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant import answers, waits
from assistant.hold import history, memory, render, says, sound, words
from assistant.hold.alert import Alert, chime
from assistant.hold.sound import BLOCK, BLOCK_S, RATE, Block
from assistant.hold.tracker import CLICK_SILENCE_S, END_S, HABIT_SURE_S, HoldEvent, HoldTracker
from assistant.menu import Menus

# -- words ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "person", "greeting", "recording"), [
    ("Thank you for calling USCIS, this is Maria. How can I help you?", True, True, False),
    ("Hello?", False, True, False),
    ("Hello, is anyone there?", True, True, False),
    ("So, in any one there.", True, False, False),  # how tiny.en hears it through a phone, "is" swallowed
    ("Good evening, customer service, Karen speaking.", True, True, False),
    ("Hello, and thank you for holding. A representative will be with you shortly.", False, True, True),
    ("This is the U.S. Citizenship and Immigration Services contact center.", False, False, False),
    ("This is a recorded message.", False, False, True),
    ("Your call is important to us. Please continue to hold.", False, False, True),
    ("Hello, two minutes.", False, True, True),  # a wait heard in pieces: the queue's, whatever greets it
    ("Le habla Maria, ¿en qué puedo ayudarle?", None, None, None),
])
def test_cues(text: str, person: bool | None, greeting: bool | None, recording: bool | None) -> None:
    if person is None:
        found = words.cues(text, "es")
        assert found.person and not found.recording
        return
    assert words.cues(text) == words.Cues(person, greeting, recording)


@pytest.mark.parametrize(("text", "minutes"), [
    ("The estimated wait time is 25 minutes.", 25),
    ("Your estimated wait time is approximately twenty five minutes.", 25),
    ("The estimated wait time is more than one hour.", 60),
    ("Estimated wait: one hour and 10 minutes.", 70),
    ("The estimated wait time is about half an hour.", 30),
    ("Your call is important to us.", None),
    ("Press 2 for 5 minutes of information.", None),  # a number, but no wait
    ("It has to make the great time in 25 minutes.", 25),  # "estimated wait time is", heard through music
    ("Office hours start at 8, it is open 10 minutes from now.", None),
    ("El tiempo de espera es de aproximadamente quince minutos.", 15),
])
def test_wait_minutes(text: str, minutes: int | None) -> None:
    lang = "es" if "espera" in text else "en"
    assert words.wait_minutes(text, lang) == minutes


# -- sound ---------------------------------------------------------------------------------------

T = np.arange(BLOCK) / RATE


def test_call_progress_tones_clicks_and_quiet_are_told_apart() -> None:
    ring = sound.features((0.1 * (np.sin(2 * np.pi * 440 * T) + np.sin(2 * np.pi * 480 * T))).astype(np.float32))
    busy = sound.features((0.1 * (np.sin(2 * np.pi * 480 * T) + np.sin(2 * np.pi * 620 * T))).astype(np.float32))
    a_note = sound.features((0.1 * np.sin(2 * np.pi * 440 * T)).astype(np.float32))
    noise = sound.features((0.05 * np.random.default_rng(1).standard_normal(BLOCK)).astype(np.float32))
    quiet = sound.features(np.zeros(BLOCK, dtype=np.float32))
    impulse = np.zeros(BLOCK, dtype=np.float32)
    impulse[500:530] = 0.5 * np.exp(-np.arange(30) / 5)
    click = sound.features(impulse)
    assert (ring.ringback, ring.busy) == (True, False)
    assert (busy.ringback, busy.busy) == (False, True)
    assert not a_note.ringback and not a_note.busy and a_note.tonal  # one note of the music is not ringing
    assert not noise.tonal and not noise.click
    assert quiet.level_db < sound.QUIET_DB and not quiet.tonal
    assert click.click and not busy.click


def test_a_voice_pitch_is_found_through_the_phone_band() -> None:
    voice = sum(np.sin(2 * np.pi * 140 * k * T) / k for k in range(3, 20))  # no fundamental, as a phone line
    assert sound.features((0.1 * voice).astype(np.float32)).pitch == pytest.approx(140, rel=0.05)


# -- what the line has played --------------------------------------------------------------------


def _bands(seed: int, count: int = 40) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(sound.BANDS).astype(np.float32) for _ in range(count)]


def test_a_recording_is_known_by_its_sound_even_shifted_and_another_is_not() -> None:
    first = _bands(1)
    played = memory.Played()
    played.keep(memory.sound_print(first), "your call is important to us", memory.VoicePitch(180.0), None)
    again = [band + 0.1 for band in first[1:]]  # found a block later, a little louder
    other = _bands(2)
    voice = memory.VoicePitch(182.0)
    assert played.by_sound(memory.sound_print(again), voice) is not None
    assert played.by_sound(memory.sound_print(again), memory.VoicePitch(110.0)) is None  # the same shape in another voice
    assert played.by_sound(memory.sound_print(other), voice) is None
    assert played.by_sound(memory.sound_print(first[:5]), voice) is None  # too short to tell


def test_a_recording_is_known_by_its_words_but_a_shared_greeting_is_not_enough() -> None:
    played = memory.Played()
    played.keep(np.zeros((0, sound.BANDS), dtype=np.float32), "And thank you for holding. A representative will be with you shortly.",
                memory.VoicePitch(0.0), None)
    voice = memory.VoicePitch(0.0)
    assert played.by_words("And thank you for holding. The representative will be with you shortly.", True, voice) is not None
    assert played.by_words("And thank you for holding.", False, voice) is not None  # the start of it, still playing
    assert played.by_words("Thank you for calling.", False, voice) is None


def test_the_queues_words_in_another_voice_are_no_repeat() -> None:
    played = memory.Played()
    played.keep(np.zeros((0, sound.BANDS), dtype=np.float32), "Thank you for calling U.S. Citizenship and Immigration Services.",
                memory.VoicePitch(110.0), None)
    text = "Thank you for calling U.S. Citizenship and Immigration Services, this is"
    assert played.by_words(text, False, memory.VoicePitch(112.0)) is not None
    assert played.by_words(text, False, memory.VoicePitch(190.0)) is None


def test_memory_stays_bounded() -> None:
    played = memory.Played()
    for seed in range(memory.MAX_KEPT + 25):
        played.keep(memory.sound_print(_bands(seed)), f"recording number {seed} of many", memory.VoicePitch(100.0), None)
    assert len(played.kept) == memory.MAX_KEPT


# -- the tracker, driven by features (no audio) ---------------------------------------------------

MUSIC = Block(-24.0, False, False, False, True, 330.0, np.zeros(sound.BANDS, dtype=np.float32))
QUIET = Block(-70.0, False, False, False, False, 0.0, np.zeros(sound.BANDS, dtype=np.float32))
BUSY = Block(-18.0, False, True, False, True, 0.0, np.zeros(sound.BANDS, dtype=np.float32))  # 480 + 620 Hz


def _speech_block(seed: int, index: int, pitch: float) -> Block:
    rng = np.random.default_rng(seed * 1000 + index)
    return Block(-21.0, False, False, False, True, pitch, rng.standard_normal(sound.BANDS).astype(np.float32))


class Line:
    """Feeds the tracker: music, silence, and stretches of speech with the words 'Whisper' hears."""

    def __init__(self, lang: str = "en") -> None:
        self.tracker = HoldTracker(lang)
        self.events: list[dict[str, object]] = []
        # The words said in each stretch, kept with the stretch itself: an id() alone is reused
        # once a stretch is freed, and a stale entry once gave a music stretch another test's words.
        self.said: dict[int, tuple[object, str]] = {}

    def play(self, block: Block, seconds: float, speech: float = 0.0, text: str = "") -> None:
        for _ in range(round(seconds / BLOCK_S)):
            self._push(block, speech, text)

    def say(self, text: str, seconds: float, recording: int, pitch: float) -> float:
        """Speech lasting `seconds`; `recording` names the sound (the same number: the same audio)."""
        started = self.tracker.clock
        for index in range(round(seconds / BLOCK_S)):
            self._push(_speech_block(recording, index, pitch), 0.9, text)
        return started

    def _push(self, block: Block, speech: float, text: str) -> None:
        self.events += [render.as_json(event) for event in self.tracker.push(block, speech)]
        asked = self.tracker.wants_words()
        if asked is not None:
            stretch = self.tracker.stretch if asked == "partial" else self.tracker.last
            assert stretch is not None
            kept = self.said.get(id(stretch))
            heard = text if asked == "partial" or kept is None or kept[0] is not stretch else kept[1]
            self.events += [render.as_json(event) for event in self.tracker.words(heard, 0.2)]
        if self.tracker.stretch is not None and text:
            self.said[id(self.tracker.stretch)] = (self.tracker.stretch, text)

    def kinds(self, kind: str) -> list[dict[str, object]]:
        return [event for event in self.events if event["event"] == kind]


def test_a_repeated_announcement_is_a_recording_and_a_greeting_that_waits_is_a_person() -> None:
    line = Line()
    line.play(MUSIC, 5)
    line.say("Thank you for calling. The estimated wait time is 25 minutes.", 4, recording=1, pitch=180)
    line.play(MUSIC, 10)
    line.say("Thank you for calling. The estimated wait time is 25 minutes.", 4, recording=1, pitch=180)
    line.play(MUSIC, 10)
    assert not line.kinds("person")
    assert [event["minutes"] for event in line.kinds("wait")] == [25]  # announced twice, reported once
    heard = line.kinds("heard")
    assert [event["times"] for event in heard] == [1, 2]
    states = [event["state"] for event in line.kinds("state")]
    assert states[:4] == ["music", "announcement", "music", "announcement"]
    line.play(QUIET, 1)
    began = line.say("Hello?", 0.8, recording=2, pitch=110)
    line.play(QUIET, 3)
    person = line.kinds("person")
    assert len(person) == 1 and 0 < float(person[0]["at"]) - began <= 3.0  # type: ignore[arg-type]
    assert line.tracker.done


def test_the_lines_quiet_is_judged_all_call_long_not_only_in_its_first_seconds() -> None:
    # A voiced sound is measured against the line's quiet; that level was once frozen once eight
    # seconds of it had been kept, so after a start in music no "Hello?" the speech detector
    # missed was ever read.
    line = Line()
    line.play(MUSIC, 30)
    line.play(QUIET, 2)
    began = line.tracker.clock
    for index in range(8):
        line._push(_speech_block(8, index, 100.0), 0.05, "Hello?")
    line.play(QUIET, 3, text="Hello?")
    person = line.kinds("person")
    assert len(person) == 1 and 0 < float(person[0]["at"]) - began <= 3.0  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "echo"), [
    ("U.S.", True),  # what tiny.en says of hold music when told to expect "U.S. Citizenship ..."
    ("Immigration Services.", True),
    ("Hello?", False),
    ("Yes, hi.", False),
    ("U.S. this is Daniel", False),
    ("", False),
])
def test_the_prompt_said_back_is_no_words(text: str, echo: bool) -> None:
    assert words.only_the_prompt(text) is echo


def test_music_out_of_quiet_read_as_the_prompt_is_not_kept_as_a_recording() -> None:
    line = Line()
    line.play(QUIET, 2)
    for _ in range(6):  # notes with quiet between them, each voiced and out of quiet
        line.play(MUSIC, 1.0, text="U.S.")
        line.play(QUIET, 1.5)
    assert not line.kinds("heard") and not line.kinds("person")


def test_a_hello_the_speech_detector_misses_is_read_from_its_onset_out_of_quiet() -> None:
    # Through a speakerphone Silero scored a bare "Hello?" 0.15 at most; its unvoiced start (the "H",
    # loud but with no pitch) came straight out of the quiet, so the voiced block after it did not.
    line = Line()
    line.play(MUSIC, 8)
    line.play(QUIET, 1.2)
    breath = Block(-33.0, False, False, False, False, 0.0, np.ones(sound.BANDS, dtype=np.float32))
    began = line.tracker.clock
    line.play(breath, 0.064, speech=0.0, text="Hello?")
    for index in range(7):
        line._push(_speech_block(7, index, 100.0), 0.05, "Hello?")
    line.play(QUIET, 3, text="Hello?")
    person = line.kinds("person")
    assert len(person) == 1 and 0 < float(person[0]["at"]) - began <= 3.0  # type: ignore[arg-type]
    # The same sound after half a second of music, not of quiet, starts nothing.
    music_first = Line()
    music_first.play(MUSIC, 8)
    music_first.play(breath, 0.064)
    for index in range(7):
        music_first._push(_speech_block(7, index, 100.0), 0.05, "Hello?")
    music_first.play(MUSIC, 3)
    assert not music_first.kinds("person")


def test_greeting_words_in_a_recording_followed_by_music_are_not_a_person() -> None:
    line = Line()
    line.play(MUSIC, 5)
    line.say("Hello.", 0.8, recording=3, pitch=180)
    line.play(MUSIC, 10)  # the queue goes on: nobody was waiting for an answer
    line.say("Thank you for calling.", 1.5, recording=4, pitch=180)
    line.play(MUSIC, 10)
    assert not line.kinds("person")


def test_person_words_are_enough_at_once_but_not_when_the_line_played_them_before() -> None:
    line = Line()
    line.play(MUSIC, 3)
    began = line.say("Thank you for calling USCIS, this is Maria. How can I help you?", 4, recording=5, pitch=120)
    person = line.kinds("person")
    assert person and float(person[0]["at"]) - began < 3.5  # type: ignore[arg-type]
    # A recording that says "this is ..." and has played before is a recording.
    replay = Line()
    replay.tracker.played.keep(np.zeros((0, sound.BANDS), dtype=np.float32), "Thank you for calling USCIS, this is Maria speaking",
                               memory.VoicePitch(0.0), None)
    replay.play(MUSIC, 3)
    replay.say("Thank you for calling USCIS, this is Maria speaking", 4, recording=6, pitch=120)
    assert not replay.kinds("person")


ROOM = Block(-53.0, False, False, False, False, 0.0, np.zeros(sound.BANDS, dtype=np.float32))  # a headset's room, steady


def _queue_of_recordings(line: Line) -> None:
    """A queue whose recordings sit on the switch's silence, between stretches of music."""
    for number in range(3):
        line.play(MUSIC, 6)
        line.play(QUIET, 0.5)
        line.say("Your call is important to us. Please continue to hold.", 3, recording=20 + number % 2, pitch=200)
        line.play(QUIET, 0.5)


def _after_the_queue(gap: Block, seconds: float, lang: str = "en") -> Line:
    """A queue of recordings, then its music stops and `gap` is heard for `seconds`."""
    line = Line(lang)
    _queue_of_recordings(line)
    line.play(MUSIC, 4)
    line.play(gap, seconds)
    return line


def test_new_speech_in_a_new_room_says_maybe_at_once_then_a_person_in_any_language() -> None:
    # An agent's headset brings the room's steady hiss; the words are not read as English at all.
    line = _after_the_queue(ROOM, 0.6)  # the line connects to the agent: the music stops, the room is heard
    began = line.say("zzz", 1.0, recording=30, pitch=200)  # a voice like the recordings', words no list knows
    line.play(ROOM, 0.4)  # a pause for breath: the room again
    line.say("zzz", 2.0, recording=30, pitch=200)
    maybe, person = line.kinds("maybe"), line.kinds("person")
    assert len(maybe) == 1 and 0 < float(maybe[0]["at"]) - began <= 1.0  # type: ignore[arg-type]
    assert len(person) == 1 and float(maybe[0]["at"]) <= float(person[0]["at"]) <= began + 2.0  # type: ignore[arg-type]
    # The same speech with the switch's silence in its pause: a new recording, maybe, but no person.
    again = _after_the_queue(ROOM, 0.6)
    again.say("zzz", 1.0, recording=30, pitch=200)
    again.play(QUIET, 0.4)
    again.say("zzz", 2.0, recording=30, pitch=200)
    again.play(MUSIC, 4)
    assert not again.kinds("person")


def test_a_recording_never_heard_before_on_the_switchs_silence_is_no_maybe() -> None:
    line = _after_the_queue(QUIET, 0.5)
    line.say("Para español, oprima nueve. Todos nuestros agentes están ocupados.", 4, recording=31, pitch=200)
    line.play(QUIET, 0.4)
    line.play(MUSIC, 8)
    assert not line.kinds("maybe") and not line.kinds("person")
    assert line.kinds("heard")[-1]["text"].startswith("Para")  # type: ignore[union-attr]


def test_a_short_new_word_then_a_quiet_that_waits_is_a_person_whatever_its_language() -> None:
    line = _after_the_queue(QUIET, 0.8)
    began = line.say("Dígame.", 0.6, recording=32, pitch=200)  # no word list knows it
    line.play(ROOM, 3)  # the agent's room: a live channel waiting
    person = line.kinds("person")
    assert line.kinds("maybe") and len(person) == 1 and float(person[0]["at"]) - began <= 3.0  # type: ignore[arg-type]
    # Followed by the switch's own silence, the same word only says someone may be there, until
    # the quiet has gone on long enough on a line that always played music after its recordings.
    quiet = _after_the_queue(QUIET, 0.8)
    quiet.say("Dígame.", 0.6, recording=32, pitch=200)
    quiet.play(QUIET, 2.0)
    assert quiet.kinds("maybe") and not quiet.kinds("person")
    quiet.play(QUIET, 1.0)
    assert len(quiet.kinds("person")) == 1
    # Followed by a quiet the line has had before (a quiet passage of its own), it is not a live room.
    known = Line()
    known.play(ROOM, 2)  # the line's own steady quiet, heard long before
    _queue_of_recordings(known)
    known.play(MUSIC, 4)
    known.play(QUIET, 0.8)
    known.say("Dígame.", 0.6, recording=32, pitch=200)
    known.play(ROOM, 2.0)
    assert known.kinds("maybe") and not known.kinds("person")


def _quiet_queue(lang: str = "en") -> Line:
    """A queue that is quiet after its recordings as a habit (no music between them)."""
    line = Line(lang)
    for number in range(3):
        line.play(QUIET, 6)
        line.say("Your call is important to us. Please continue to hold.", 3, recording=20 + number % 2, pitch=200)
    line.play(QUIET, 4)
    return line


def test_new_speech_where_the_line_always_played_music_after_then_quiet_is_a_person() -> None:
    # Turn-taking: this line's recordings were always followed by music; new words followed by a
    # quiet that waits are someone waiting for an answer, whatever they said.
    line = _after_the_queue(QUIET, 0.5)
    began = line.say("Mm hm, hm mm hm hm.", 3.5, recording=33, pitch=200)
    line.play(ROOM, 3)
    person = line.kinds("person")
    assert len(person) == 1 and float(person[0]["at"]) - began <= 3.5 + 2.5  # type: ignore[arg-type]
    # The same words with music back within the half second the line's recordings leave: a recording.
    music = _after_the_queue(QUIET, 0.5)
    music.say("Mm hm, hm mm hm hm.", 3.5, recording=33, pitch=200)
    music.play(QUIET, 0.3)
    music.play(MUSIC, 6)
    assert not music.kinds("person")
    # The same words, then the line hangs up (a click, then silence): the call ended, nobody waits.
    hung_up = _after_the_queue(QUIET, 0.5)
    hung_up.say("Mm hm, hm mm hm hm.", 3.5, recording=33, pitch=200)
    hung_up.play(QUIET, 0.3)
    hung_up.play(Block(-30.0, False, False, True, False, 0.0, np.zeros(sound.BANDS, dtype=np.float32)), BLOCK_S)
    hung_up.play(QUIET, CLICK_SILENCE_S + 1)
    assert not hung_up.kinds("person") and hung_up.tracker.ended_at is not None
    # A line that is quiet after its recordings as a habit: the same new words are a new recording.
    silent = _quiet_queue()
    silent.say("Mm hm, hm mm hm hm.", 3.5, recording=33, pitch=200)
    silent.play(QUIET, 3)
    assert not silent.kinds("person") and not silent.kinds("maybe")


def test_music_that_comes_back_after_a_pause_is_still_music_after_the_recording() -> None:
    # A soft first bar (or a speakerphone's room over it) leaves 1.3 s of quiet before the music is
    # heard again: the line still played music after that recording, and its habit stands. Counted
    # as a quiet after it, the habit was lost, and an agent's new words followed by quiet were
    # taken for one more recording.
    line = Line("es")
    for number in range(3):
        line.play(MUSIC, 6)
        line.play(QUIET, 0.5)
        line.say("Gracias por su paciencia. Siga en la línea.", 3, recording=20 + number % 2, pitch=200)
        line.play(QUIET, 1.3 if number == 1 else 0.5)
    line.play(MUSIC, 4)
    line.play(QUIET, 0.5)
    began = line.say("Zzz zz zzz zz.", 3.5, recording=35, pitch=200)  # words no list knows, in any language
    line.play(QUIET, 3)
    person = line.kinds("person")
    assert len(person) == 1 and float(person[0]["at"]) - began <= 3.5 + END_S + HABIT_SURE_S  # type: ignore[arg-type]


def test_words_said_as_the_music_fades_then_a_quiet_are_a_person() -> None:
    # An agent picks up while the music is still fading out: "¿Aló?" under its last bars, which go
    # on a second after the word, then the agent waits. The music after the word was its end, not
    # the music coming back after a recording, and the line stays quiet.
    line = _after_the_queue(MUSIC, 1.0, "es")
    began = line.say("¿Aló?", 0.5, recording=36, pitch=200)
    line.play(MUSIC, 1.2)
    line.play(QUIET, 3)
    person = line.kinds("person")
    assert line.kinds("maybe") and len(person) == 1  # type: ignore[arg-type]
    assert float(person[0]["at"]) - began <= 0.5 + 1.2 + END_S + HABIT_SURE_S  # type: ignore[arg-type]
    # A new recording whose music plays on: a recording, however quiet the line is later.
    plays_on = _after_the_queue(MUSIC, 1.0, "es")
    plays_on.say("¿Aló?", 0.5, recording=36, pitch=200)
    plays_on.play(MUSIC, 6)
    plays_on.play(QUIET, 3)
    assert not plays_on.kinds("person") and not plays_on.kinds("maybe")
    # Its music back after a pause of a second: still the queue playing on.
    back = _after_the_queue(MUSIC, 1.0, "es")
    back.say("¿Aló?", 0.5, recording=36, pitch=200)
    back.play(MUSIC, 0.8)
    back.play(QUIET, 1.0)
    back.play(MUSIC, 6)
    assert not back.kinds("person")


def test_an_agent_who_thanks_the_caller_for_waiting_is_still_found_by_the_quiet_after() -> None:
    # "Gracias por esperar" is what recordings say, and agents too. Never played on this call, then
    # a quiet where this line always played music after its recordings: someone waits for an answer.
    line = _after_the_queue(QUIET, 0.5, "es")
    began = line.say("Gracias por esperar. Un momento, por favor.", 3.5, recording=34, pitch=200)
    line.play(QUIET, 3)
    person = line.kinds("person")
    assert line.kinds("maybe") and len(person) == 1 and float(person[0]["at"]) - began <= 3.5 + END_S + HABIT_SURE_S  # type: ignore[arg-type]
    # The same words played again (a repeat by its sound) with the same quiet after: a recording.
    again = _after_the_queue(QUIET, 0.5, "es")
    again.say("Gracias por esperar. Un momento, por favor.", 3.5, recording=34, pitch=200)
    again.play(MUSIC, 8)
    again.say("Gracias por esperar. Un momento, por favor.", 3.5, recording=34, pitch=200)
    again.play(QUIET, 3)
    assert not again.kinds("person")
    # On a line that is quiet after its recordings as a habit, they are a new recording.
    silent = _quiet_queue("es")
    silent.say("Gracias por esperar. Un momento, por favor.", 3.5, recording=34, pitch=200)
    silent.play(QUIET, 3)
    assert not silent.kinds("person") and not silent.kinds("maybe")


def test_busy_tone_ends_the_call() -> None:
    line = Line()
    line.play(MUSIC, 5)
    for _ in range(5):
        line.play(BUSY, 0.5)
        line.play(QUIET, 0.5)
    ended = [event for event in line.kinds("state") if event["state"] == "ended"]
    assert len(ended) == 1 and float(ended[0]["at"]) - 5 <= 10  # type: ignore[arg-type]


def test_nobody_answers_over_a_busy_tone() -> None:
    # Whisper may read a word into a tone, and the gaps between bursts are quiet: neither is a person.
    line = Line()
    line.play(MUSIC, 5)
    line.play(BUSY, 0.5)
    line.play(QUIET, 0.5)
    line.say("Hello, this is Maria. How can I help you?", 0.5, recording=40, pitch=200)
    for _ in range(3):
        line.play(QUIET, 0.5)
        line.play(BUSY, 0.5)
    assert not line.kinds("person") and not line.kinds("maybe") and line.tracker.ended_at is not None


def test_a_click_then_silence_ends_the_call_but_silence_alone_takes_longer() -> None:
    clicked = Line()
    clicked.play(MUSIC, 5)
    clicked.play(Block(-30.0, False, False, True, False, 0.0, np.zeros(sound.BANDS, dtype=np.float32)), BLOCK_S)
    clicked.play(QUIET, CLICK_SILENCE_S + 1)
    assert clicked.tracker.ended_at is not None and clicked.tracker.ended_at - 5 <= 10
    quiet = Line()
    quiet.play(MUSIC, 5)
    quiet.play(QUIET, CLICK_SILENCE_S + 1)
    assert quiet.tracker.ended_at is None
    assert [event["state"] for event in quiet.kinds("state")] == ["music", "silence"]


def test_room_noise_swinging_after_a_click_does_not_undo_the_end_of_the_call() -> None:
    # A speakerphone's microphone: room noise around -48 dBFS with swings of about 10 dB.
    def room(level: float) -> Block:
        return Block(level, False, False, False, False, 0.0, np.zeros(sound.BANDS, dtype=np.float32))

    line = Line()
    line.play(MUSIC, 5)
    for _ in range(10):
        line.play(room(-49.0), 0.7)
        line.play(room(-48.0), 0.3)
    line.play(Block(-25.0, False, False, True, False, 0.0, np.zeros(sound.BANDS, dtype=np.float32)), BLOCK_S)
    clicked_at = line.tracker.clock
    for _ in range(4):
        line.play(room(-49.0), 1.5)
        line.play(room(-37.0), 0.25)  # a swing: no sound of the line
    assert line.tracker.ended_at is not None and line.tracker.ended_at - clicked_at <= 10


def test_ringing_is_reported() -> None:
    line = Line()
    ring = Block(-18.0, True, False, False, True, 0.0, np.zeros(sound.BANDS, dtype=np.float32))
    line.play(ring, 2)
    line.play(QUIET, 4)
    assert [event["state"] for event in line.kinds("state")] == ["ringing", "silence"]
    assert line.kinds("state")[0]["at"] == 0.0


# -- history -------------------------------------------------------------------------------------


def test_history_is_kept_and_gives_the_typical_wait_at_this_hour(tmp_path: Path) -> None:
    where = tmp_path / "hold-history.json"
    eastern = datetime(2026, 11, 23, 9, 5, tzinfo=UTC)
    history.record(eastern, timedelta(minutes=40), "person", "representative", where)
    history.record(eastern + timedelta(days=1, minutes=20), timedelta(minutes=50), "person", None, where)
    history.record(eastern + timedelta(days=2, hours=6), timedelta(minutes=5), "person", None, where)  # another hour
    history.record(eastern + timedelta(days=3), timedelta(minutes=90), "ended", None, where)  # never reached a person
    kept = history.load(where)
    assert [wait.outcome for wait in kept] == ["person", "person", "person", "ended"]
    assert waits.typical_wait(kept, datetime(2026, 11, 27, 9, 30, tzinfo=UTC)) == 45
    assert waits.typical_wait(kept, datetime(2026, 11, 27, 3, 0, tzinfo=UTC)) is None
    written = json.loads(where.read_text())
    assert set(written["waits"][0]) == {"started", "minutes", "outcome", "route"}  # nothing else, nothing personal
    assert where.stat().st_mode & 0o777 == 0o600


def test_a_damaged_history_is_kept_aside_not_lost(tmp_path: Path) -> None:
    where = tmp_path / "hold-history.json"
    where.write_text("{not json")
    assert history.load(where) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("hold-history.json.damaged-")]


def test_the_hours_answer_adds_the_callers_own_waits(menus: Menus) -> None:
    now = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    past = [waits.Wait((now - timedelta(days=d)).isoformat(), 38.0 + d, "person") for d in (1, 2, 3)]
    assert "Your last calls at this hour waited about 40 minutes" in answers.hours_answer(menus, now, waits=past)
    assert "last calls" not in answers.hours_answer(menus, now)


# -- what it says, and bringing the caller back ---------------------------------------------------


def _keys(table: dict[str, object], prefix: str = "") -> set[str]:
    found = set()
    for key, value in table.items():
        found |= _keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


def test_every_sentence_exists_in_english_and_spanish() -> None:
    table = yaml.safe_load(says.SAYS.read_text())
    assert _keys(table["en"]) == _keys(table["es"])
    assert says.say("person", "es", held="3 min 0 s").startswith("¡Una persona")
    assert says.held_words(3725) == "1 h 2 min" and says.held_words(65) == "1 min 5 s"


def test_bring_back_chimes_notifies_and_says_it_greeting_the_agent_first() -> None:
    played: list[tuple[int, int]] = []
    spoken: list[str] = []
    alert = Alert(play=lambda samples, rate: played.append((len(samples), rate)), speak=spoken.append,
                  notify=False, greet_agent=True)
    used = alert.bring_back("12 min 0 s")
    assert used == ["greeted the agent", "chime", "spoken"]
    assert spoken == [says.say("greet_agent"), says.say("person_spoken")]
    assert played and played[0][1] == 16000
    loud = chime()
    assert float(np.max(np.abs(loud))) >= 0.85 and len(loud) >= 2 * 16000


def test_maybe_chimes_softly_and_greets_the_agent_once() -> None:
    played: list[int] = []
    spoken: list[str] = []
    alert = Alert(play=lambda samples, rate: played.append(len(samples)), speak=spoken.append, notify=False, greet_agent=True)
    assert alert.get_ready() == ["greeted the agent", "soft chime"]
    assert alert.bring_back("1 min 0 s") == ["chime", "spoken"]  # the agent was told already
    assert spoken == [says.say("greet_agent"), says.say("person_spoken")]
    assert played[0] < len(chime()) / 4  # the soft chime is short; the call-back's rings on
    assert render.text(HoldEvent("maybe", 3.0), "es") == says.say("maybe", "es")


def test_one_way_failing_does_not_stop_the_others() -> None:
    def broken(samples: np.ndarray, rate: int) -> None:
        raise OSError("the speaker was unplugged")

    spoken: list[str] = []
    assert Alert(play=broken, speak=spoken.append, notify=False).bring_back("1 min 0 s") == ["spoken"]


# -- the simulated line's queue ------------------------------------------------------------------


def test_the_queue_plays_music_and_each_announcement_in_turn_then_the_agent(menus: Menus) -> None:
    from assistant.simulated import queue

    found = menus.simulation.hold
    assert found is not None
    parts = queue.plan(found, 60)
    kinds = [part.kind for part in parts]
    assert kinds[0] == "music" and kinds[-1] == "agent" and kinds.count("agent") == 1
    said = [part.text for part in parts if part.kind == "announcement"]
    assert said[:len(found.announcements)] == [text.format(minutes=found.wait_minutes) for text in found.announcements]
    assert f"{found.wait_minutes} minutes" in " ".join(said)
    assert 50 <= sum(part.seconds for part in parts) + 3 * len(said) <= 110
    music = queue.music(3.0, 8000)
    assert len(music) == 24000 and 0.04 < float(np.sqrt(np.mean(music**2))) < 0.08
    block = np.interp(np.arange(sound.BLOCK) / RATE, np.arange(len(music)) / 8000, music).astype(np.float32)
    assert sound.features(block).tonal  # chords, as the tracker hears music
