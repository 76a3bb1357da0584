"""A rehearsal call on the simulated line: the route's keys go out as real DTMF tones, through a
telephone channel (8 kHz, G.711 µ-law), and the line only learns what its DTMF receiver hears.

The line itself is `simulated_line.SimulatedLine` (pure); this adapter gives it a voice and ears: its
prompts are spoken with TTS when there is one (else stand-in silence of the same length), the
caller's keys are tones, and, with `speak_into_phone`, the caller's answers at spoken menus are
said with TTS and recognised by the line with a grammar of that menu's phrases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

import numpy as np

from .. import dtmf, g711, i18n, routing
from ..menu import Layout, Menus, Node
from ..speech.audio import RATE as LISTENER_RATE
from ..speech.audio import resample, to_pcm16
from ..speech.wavfile import Samples
from . import line as simulated_line

RATE = 8000  # the telephone's rate
PAUSE_S = 0.6  # the caller's pause after a prompt before pressing
DEFAULT_TONES = dtmf.ToneSettings()
WORDS_PER_SECOND = 2.8  # a stand-in prompt lasts as long as a voice would take to say it



class Voice(Protocol):
    """Text -> speech samples and their rate, read by a voice that speaks `language` (the line's
    Spanish branch speaks Spanish with a Spanish voice)."""

    def __call__(self, text: str, language: str | None = None) -> tuple[Samples, int]: ...


Ears = Callable[[Samples, int, list[str]], str]  # caller audio, rate, phrases it may hold -> what was heard
Choose = Callable[[simulated_line.SimulatedLine], tuple[str, str]]  # where the line is -> the caller's next action


@dataclass
class Entry:
    at: float  # seconds into the call
    who: str  # "line" | "caller"
    text: str


@dataclass
class Call:
    layout: Layout
    line: simulated_line.SimulatedLine
    transcript: list[Entry] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # keys the caller pressed
    heard: list[str] = field(default_factory=list)  # keys the line's receiver decoded
    landing: simulated_line.Landing | None = None
    audio: list[Samples] = field(default_factory=list)  # the whole call at RATE, line and caller mixed in turn

    @property
    def seconds(self) -> float:
        return sum(len(piece) for piece in self.audio) / RATE

    def recording(self) -> Samples:
        return np.concatenate(self.audio) if self.audio else np.zeros(0, dtype=np.float32)


class Rehearsal:
    """Runs calls; `voice` speaks (None: stand-in silence), `ears` recognise spoken answers."""

    def __init__(self, menus: Menus, now: datetime, voice: Voice | None = None, ears: Ears | None = None,
                 tones: dtmf.ToneSettings = DEFAULT_TONES, on_audio: Callable[[Samples, int], None] | None = None) -> None:
        self.menus = menus
        self.now = now
        self.voice = voice
        self.ears = ears
        self.tones = tones
        self.on_audio = on_audio  # e.g. play to the speaker as the call goes

    def to(self, node_id: str, speak_into_phone: bool = False, language: str = "en") -> Call:
        """Call and follow the route to `node_id`, as the assistant would: at each menu, the
        route's key (or, with `speak_into_phone`, its phrase first, and the key if the line did
        not understand it), through the branch of the caller's language."""
        route = routing.plan(self.menus, node_id, language)
        # A language's branch plays the menu it mirrors: the next step is chosen there.
        parents = [self.menus.layout_of(node_id).root,
                   *(self.menus.node(step.mirrors) if step.mirrors else step for step in route.steps[:-1])]
        step_at = {parent.id: step for parent, step in zip(parents, route.steps, strict=True)}
        tried_saying: set[str] = set()

        def next_action(line: simulated_line.SimulatedLine) -> tuple[str, str]:
            step = step_at.get(line.at.id)
            if step is None:
                return ("wait", "")
            can_say = speak_into_phone and step.words(language).say and self.voice is not None and self.ears is not None
            if can_say and line.at.id not in tried_saying:
                tried_saying.add(line.at.id)
                return ("say", step.words(language).say or "")
            return ("press", step.key or "")

        return self.run(self.menus.layout_of(node_id), next_action, stop_at=node_id)


    def run(self, layout: Layout, actions: Iterable[tuple[str, str]] | Choose, stop_at: str | None = None) -> Call:
        """A call driven by a script (("press", key), ("say", words) or ("wait", "") per menu
        played) or by a function that picks the next action from where the line is."""
        call = self.start(layout)
        if callable(actions):
            return self.drive(call, actions, stop_at)
        script = iter(actions)
        return self.drive(call, lambda _line: next(script, ("wait", "")), stop_at)

    def start(self, layout: Layout) -> Call:
        """Dial: the line answers with its greeting and first menu."""
        call = Call(layout, simulated_line.SimulatedLine(self.menus, layout, self.now))
        self._line_says(call, call.line.answer())
        return call

    def drive(self, call: Call, choose: Choose, stop_at: str | None = None) -> Call:
        line = call.line
        # A line that neither ends nor gets an answer plays each menu `tries` times: bound the loop.
        for _turn in range(64):
            if line.ended:
                break
            if line.entered.id == stop_at:
                line.stop()
                break
            action, value = choose(line)
            if action == "press":
                self._line_says(call, self._press(call, line, value))
            elif action == "say":
                self._line_says(call, self._say(call, line, value))
            else:
                self._caller(call, np.zeros(int(RATE * self.menus.simulation.wait_for_key_ms / 1000), dtype=np.float32))
                _ = i18n.gettext(call.line.language)
                call.transcript.append(Entry(round(call.seconds, 2), "caller", _("(no key)")))
                self._line_says(call, line.no_key())
        call.landing = line.landing
        return call

    def wait_on_hold(self, call: Call, seconds: float, agent_voice: Voice | None) -> float:
        """The line puts the call in its queue (menus.yaml's simulation.hold): music and its
        announcements for about `seconds`, then an agent picks up in another voice. Returns when,
        in seconds into the call, the agent starts to speak."""
        from . import queue

        found = self.menus.simulation.hold
        if found is None:
            raise ValueError("menus.yaml has no simulation.hold: the simulated line has no queue to play")
        texts = self.menus.texts(call.line.language)  # a language's branch queues in that language
        found = replace(found, announcements=texts.announcements or found.announcements, agent=texts.agent or found.agent)
        agent_at = call.seconds
        _ = i18n.gettext(call.line.language)
        for part in queue.plan(found, seconds):
            if part.kind == "music":
                call.transcript.append(Entry(round(call.seconds, 2), "line", _("(hold music)")))
                self._add(call, g711.round_trip(queue.music(part.seconds, RATE, call.seconds)))
            elif part.kind == "announcement":
                self._line_says(call, [part.text])
            else:
                call.transcript.append(Entry(round(call.seconds, 2), "agent", part.text))
                speech = to_line(*agent_voice(part.text, call.line.language)) if agent_voice is not None \
                    else np.zeros(RATE * 3, dtype=np.float32)
                agent_at = call.seconds + _voice_starts(speech, RATE)
                self._add(call, g711.round_trip(np.concatenate([speech, np.zeros(RATE * 4, dtype=np.float32)])))
        return agent_at

    def _press(self, call: Call, line: simulated_line.SimulatedLine, key: str) -> list[str]:
        _ = i18n.gettext(call.line.language)  # the notes of a rehearsal are in the language of its branch
        pressed = _("presses {key} (tones)").format(key=routing.key_words(key, call.line.language))
        call.transcript.append(Entry(round(call.seconds + PAUSE_S, 2), "caller", pressed))
        call.sent.append(key)
        tones = np.concatenate([np.zeros(int(RATE * PAUSE_S), dtype=np.float32), dtmf.generate([key], RATE, self.tones)])
        received = self._caller(call, tones)
        digits = [digit.key for digit in dtmf.decode(received, RATE)]
        call.heard += digits
        if not digits:
            return line.no_key()
        said: list[str] = []
        for digit in digits:
            said += line.press(digit)
        return said

    def _say(self, call: Call, line: simulated_line.SimulatedLine, words: str) -> list[str]:
        _ = i18n.gettext(call.line.language)
        call.transcript.append(Entry(round(call.seconds + PAUSE_S, 2), "caller", _('says "{words}"').format(words=words)))
        if self.voice is None or self.ears is None:
            return line.say(words)  # typed words (a rehearsal without speech): the line takes them as said
        speech, rate = self.voice(words, line.language)
        received = self._caller(call, np.concatenate([np.zeros(int(RATE * PAUSE_S), dtype=np.float32), to_line(speech, rate)]))
        options = [option.say for option in line.at.options if option.say]
        heard = self.ears(received, RATE, options)
        call.transcript.append(Entry(round(call.seconds, 2), "line",
                                     _('(heard "{words}")').format(words=heard) if heard else _("(heard nothing it knows)")))
        return line.say(heard) if heard else line.no_key()

    def _caller(self, call: Call, samples: Samples) -> Samples:
        """The caller's audio as the line receives it: through the µ-law channel."""
        received = g711.round_trip(samples)
        self._add(call, received)
        return received

    def _line_says(self, call: Call, sentences: list[str]) -> None:
        for sentence in sentences:
            call.transcript.append(Entry(round(call.seconds, 2), "line", sentence))
            if self.voice is not None:
                speech, rate = self.voice(sentence, call.line.language)
                audio = to_line(speech, rate)
            else:
                audio = np.zeros(int(RATE * max(1.0, len(sentence.split()) / WORDS_PER_SECOND)), dtype=np.float32)
            self._add(call, g711.round_trip(audio))

    def _add(self, call: Call, samples: Samples) -> None:
        call.audio.append(samples)
        if self.on_audio is not None:
            self.on_audio(samples, RATE)


def _voice_starts(samples: Samples, rate: int) -> float:
    """Seconds of silence before a synthesised voice starts."""
    loud = np.flatnonzero(np.abs(samples) > 0.02)
    return float(loud[0]) / rate if len(loud) else 0.0


def to_line(samples: Samples, rate: int) -> Samples:
    return resample(samples, rate, RATE)


def sphinx_ears() -> Ears:
    """The line's speech recognition: PocketSphinx with a grammar of the menu's own phrases,
    one recogniser per menu, made on first need."""
    from ..speech.phrases import spoken
    from ..speech.sphinx import SphinxRecognizer

    recognizers: dict[tuple[str, ...], Any] = {}

    def hear(samples: Samples, rate: int, phrases: list[str]) -> str:
        if not phrases:
            return ""
        said = {spoken(phrase): phrase for phrase in phrases}
        key = tuple(sorted(said))
        if key not in recognizers:
            recognizers[key] = SphinxRecognizer(list(key))
        heard = recognizers[key].recognize(to_pcm16(resample(samples, rate, LISTENER_RATE)))
        if heard.source != "grammar":
            return ""
        words = f" {heard.transcript} "  # the grammar allows a filler word around the phrase
        return next((phrase for grammar, phrase in said.items() if f" {grammar} " in words), "")

    return hear


def landing_words(call: Call, expected: Node | None = None) -> str:
    """Where the call ended, in the language of the branch it ended in."""
    language = call.line.language
    _ = i18n.gettext(language)
    landing = call.landing
    if landing is None or landing.node is None:
        return _("The line gave up: no choice was heard.")
    where = _('Landed at "{label}" [{id}]').format(label=landing.node.words(language).label, id=landing.node.id)
    if landing.status == simulated_line.MENU:
        text = _("{where}: a menu of more options; listen for the one you need.").format(where=where)
    elif landing.status == simulated_line.CLOSED:
        text = _("{where}: live agents are closed, so nobody picks up now.").format(where=where)
    else:
        text = _("{where}: {who} picks up.").format(where=where, who=landing.who)
    if expected is not None:
        text += " " + (_("That is the right place.") if landing.node.id == expected.id else _('Expected "{label}" [{id}].').format(
            label=expected.words(language).label, id=expected.id))
    return text
