"""The text mode through a real pseudo-terminal, as a screen-reader or TTY user meets it."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import sys
import time

import pytest

from .conftest import ROOT

NOW = "2026-11-28T12:00:00-05:00"  # a Saturday: live agents closed


class Terminal:
    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ASSISTANT_MENUS")}
        environment.update({"TERM": "xterm", **(env or {})})
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the assistant, with the pty as its controlling terminal
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "assistant", *args], environment)
        self.seen = ""

    def read_until(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"never saw {text!r}; screen so far:\n{self.seen}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                self.seen += chunk.decode("utf-8", "replace")
        if text not in self.seen:
            raise AssertionError(f"never saw {text!r}; screen:\n{self.seen}")
        return self.seen

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def drain(self) -> None:
        """Read whatever the program wrote, so it never blocks on a full terminal buffer."""
        ready, _, _ = select.select([self.fd], [], [], 0.2)
        if ready:
            with contextlib.suppress(OSError):  # OSError: the program closed the terminal
                self.seen += os.read(self.fd, 4096).decode("utf-8", "replace")

    def exit_code(self, timeout: float = 10) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.drain()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("the assistant did not exit")


@pytest.mark.slow
def test_conversation_in_tty_style_with_ga_and_sk() -> None:
    term = Terminal("text", "--tty-style", "--now", NOW, env={"NO_COLOR": "1"})
    term.read_until("Para español, escriba: español. GA")
    term.read_until("> ")
    term.type("um i think i moved\r")
    screen = term.read_until('calls you back when a person answers) GA', timeout=15)
    answer = screen.split("um i think i moved")[1]
    # The answer, then (once, after the first route) the offer to listen to the call: one GA at the end of the turn.
    assert 'listen for "Report a change of address".\r\nWhen you call, I can listen to the line' in answer
    assert answer.count(" GA") == 1
    assert "Dial 1-800-375-5283. Press 1 (English), then 3 (Report a change of address)." in answer
    assert "Live agents are closed now (weekend); they open Monday at 8:00 AM Eastern Time" in answer
    assert "\x1b[" not in answer  # NO_COLOR
    term.type("I have a question about my green card\r")
    term.read_until("Answer 1 or 2. GA")
    term.type("the second one\r")
    term.read_until("then 2 (Ask about the latest petition or application you filed (case status)).")
    term.type("\r")  # an empty line is ignored, not an error
    term.type("🙂\r")
    term.read_until("The request has no words in it; type what you need, for example 'I moved'. GA")
    term.type("quit\r")
    term.read_until("Goodbye. SK")
    assert term.exit_code() == 0


@pytest.mark.slow
def test_colour_marks_the_keys_only_on_a_terminal_without_no_color() -> None:
    term = Terminal("text", "--now", NOW)
    term.read_until("> ")
    term.type("I need an appointment\r")
    screen = term.read_until("\x1b[0m")
    assert "\x1b[1mKeys: 1 4\x1b[0m" in screen
    term.type("\x04")  # Ctrl-D ends the session cleanly
    term.read_until("Goodbye.")
    assert term.exit_code() == 0


@pytest.mark.slow
def test_ctrl_c_ends_the_session_cleanly() -> None:
    term = Terminal("text", "--tty-style", "--now", NOW)
    term.read_until("> ")
    term.type("\x03")
    screen = term.read_until("Goodbye. SK")
    assert "Traceback" not in screen and "KeyboardInterrupt" not in screen
    assert term.exit_code() == 0


@pytest.mark.slow
def test_help_and_repeat() -> None:
    term = Terminal("text", "--now", NOW, env={"NO_COLOR": "1"})
    term.read_until("> ")
    term.type("repeat\r")
    term.read_until("Nothing to repeat yet.")
    term.type("help\r")
    term.read_until("Examples: I moved;")
    term.type("I'm deaf\r")
    term.read_until("is 1-800-767-1833.")
    term.type("repeat\r")
    screen = term.read_until("> ", timeout=5)
    assert screen.count("is 1-800-767-1833.") >= 1
    term.read_until("Live agents are closed now", timeout=5)
    term.type("exit\r")
    term.read_until("Goodbye.")
    assert term.exit_code() == 0
