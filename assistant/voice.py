"""The voice front end: the microphone, an engine, the dialogue, and the answer as text.

Hands-free (an endpoint detector decides when a request ends) or push-to-talk (Enter starts and
stops). A typed line works at any moment. Half duplex: while the assistant speaks, the
microphone is muted, so it never answers itself. With no audio at all it says so in one line
and the caller goes on in text mode.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from . import i18n
from .dialogue import Assistant, Conversation, InputError
from .heard import Heard
from .reply import Reply
from .speech.audio import AudioSource, WavMicrophone
from .speech.recognizer import Recognizer
from .speech.utterance import Requests
from .textmode import QUIT_WORDS  # the same words end a typed session

SayAloud = Callable[[str, str], None]  # says a sentence (written in a language: en, es) aloud; blocks until done
# Hears speech in a language from now on (en, es); a message when the engine cannot.
LanguageSwitch = Callable[[str], str | None]


class VoiceSession:
    def __init__(self, assistant: Assistant, recognizer: Recognizer, microphone: AudioSource,
                 out: TextIO, hands_free: bool = True, end_silence_ms: int = 800,
                 speaker: SayAloud | None = None, now: datetime | None = None,
                 language_chosen: bool = False, hear_language: LanguageSwitch | None = None) -> None:
        self.conversation = Conversation(assistant, language_chosen)
        self.hear_language = hear_language
        self.hearing = assistant.language  # the language the engine transcribes
        self.assistant = assistant
        self.recognizer = recognizer
        self.microphone = microphone
        self.out = out
        self.hands_free = hands_free
        self.requests = Requests(recognizer, hands_free, end_silence_ms)
        self.speaker = speaker
        self.fixed_now = now
        self.typed: queue.Queue[str | None] = queue.Queue()
        self.heard: list[str] = []  # transcripts, in order (kept in memory only, never logged)

    def now(self) -> datetime:
        return self.fixed_now or datetime.now(UTC)

    def show(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def answer(self, reply: Reply) -> None:
        self.show(reply.say)
        self._follow_language()
        if self.speaker is not None:
            # Half duplex: mute the microphone while speaking, then forget what it caught.
            self.microphone.muted = True
            try:
                self.speaker(reply.say, reply.language)
            finally:
                self.microphone.drain()
                self.requests.reset()
                self.microphone.muted = False

    def handle_heard(self, heard: Heard, shown: bool = False) -> Reply:
        self.heard.append(heard.transcript)
        if self.recognizer.multilingual:  # it may have found the language in the speech (nothing chosen, or auto)
            self.conversation.follow_speech(self.recognizer.language)
            self.hearing = self.recognizer.language  # it hears that language already: nothing to turn
        if heard.transcript and not shown:
            self.show(self._heard_words(heard.transcript))
        return self.conversation.hear(heard, self.now())

    def handle_typed(self, line: str) -> Reply | None:
        try:
            return self.conversation.turn(line, self.now())
        except InputError as error:
            self.show(str(error))
            return None

    def run(self, stdin: TextIO | None = None, max_utterances: int | None = None) -> int:
        source = stdin or sys.stdin
        threading.Thread(target=self._read_typed, args=(source,), daemon=True).start()
        _ = i18n.gettext(self.conversation.language)
        self.show(_("Listening. Hands-free: just speak; or type your request. Ctrl-D or quit ends.") if self.hands_free else
                  _("Listening. Press Enter to start talking and Enter again to stop; or type your request. Ctrl-D or quit ends."))
        done = 0
        silent_reads = 0
        typing_open = True
        try:
            while max_utterances is None or done < max_utterances:
                if not typing_open and not self.requests.listening and self.microphone.finished:
                    break
                try:
                    line = self.typed.get_nowait()
                except queue.Empty:
                    line = ""
                else:
                    if line is None and isinstance(self.microphone, WavMicrophone):
                        # A WAV stands in for the microphone: the end of typed input does not end
                        # the session; the end of the file (and the silence after it) does.
                        typing_open = False
                        continue
                    if line is None or line.strip().lower() in QUIT_WORDS:
                        break
                    if line.strip():
                        reply = self.handle_typed(line.strip())
                        if reply is not None:
                            self.answer(reply)
                        continue
                    if not self.hands_free:  # Enter toggles talking
                        if not self.requests.talking:
                            self.requests.talk(True)
                            _ = i18n.gettext(self.conversation.language)
                            self.show(_("Talking... press Enter when done."))
                        else:
                            for said in self.requests.talk(False):
                                self.answer(self.handle_heard(said.heard, said.shown))
                            done += 1
                        continue
                block = self.microphone.read(timeout=0.2)
                if block is None:
                    silent_reads += 1
                    if silent_reads == 25:  # five seconds without a single block: the device is gone
                        _ = i18n.gettext(self.conversation.language)
                        self.show(_("The microphone stopped sending sound. Type your request instead, or check the microphone."))
                    continue
                silent_reads = 0
                for said in self.requests.push(block):
                    if said.done:
                        self.answer(self.handle_heard(said.heard, said.shown))
                        done += 1
                    else:
                        self.show(self._heard_words(said.heard.transcript))  # as soon as it is known, before the timer ends
        except KeyboardInterrupt:
            pass
        finally:
            self.microphone.close()
        _ = i18n.gettext(self.conversation.language)
        self.show(_("Goodbye."))
        return 0

    def _heard_words(self, transcript: str) -> str:
        _ = i18n.gettext(self.conversation.language)
        return _('Heard: "{words}"').format(words=transcript)

    def _follow_language(self) -> None:
        """The caller turned the conversation to another language ("en español, por favor"): hear
        that language too, or say (once a switch) that the engine cannot."""
        language = self.conversation.language
        if language == self.hearing or self.hear_language is None:
            return
        self.hearing = language
        problem = self.hear_language(language)
        if problem:
            self.show(problem)

    def _read_typed(self, source: TextIO) -> None:
        for line in source:
            self.typed.put(line.rstrip("\r\n"))
        self.typed.put(None)
