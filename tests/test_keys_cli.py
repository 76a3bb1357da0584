"""The key commands as a person runs them: `keys`, `dtmf`, `simulate`, and speech out to a file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from assistant import dtmf
from assistant.speech import wavfile
from bench import referees

from .conftest import run_cli

OPEN = "2026-11-30T10:00-05:00"


def wav_digits(path: Path) -> str:
    info = wavfile.probe(path)
    return "".join(d.key for d in dtmf.decode_blocks(wavfile.blocks(info), info.rate))


def test_keys_as_a_dial_link_per_phone() -> None:
    android = run_cli("keys", "I moved", "--dial-string")
    assert android.returncode == 0
    assert android.stdout.splitlines() == ["Dial 1-800-375-5283. Press 1 (English), then 3 (Report a change of address).",
                                           "tel:+18003755283,1,3"]
    ios = run_cli("keys", "I moved", "--dial-string", "--phone", "ios")
    assert ios.stdout.splitlines()[1] == "tel:+18003755283,,1,3"  # shorter pauses: two commas for the 3 s wait


def test_ios_gets_the_keys_before_star_and_is_told_the_rest() -> None:
    result = run_cli("keys", "deferred action for childhood arrivals", "--dial-string", "--phone", "ios")
    assert result.returncode == 0, result.stderr
    assert "Press 1 (English), then star (All other information), then pound (Deferred action)." in result.stdout
    assert result.stdout.splitlines()[1] == "tel:+18003755283,,1"
    android = run_cli("keys", "deferred action for childhood arrivals", "--dial-string")
    assert android.stdout.splitlines()[1] == "tel:+18003755283,1,*,%23"


def test_an_unknown_phone_is_one_line() -> None:
    result = run_cli("keys", "I moved", "--dial-string", "--phone", "nokia")
    assert result.returncode == 2
    assert result.stderr.strip() == "assistant: no dialing rules for a phone called 'nokia'; menus.yaml knows: android, ios"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg is not installed (setup.sh installs zbar-tools)")
def test_the_qr_code_reads_back_as_the_link(tmp_path: Path) -> None:
    png = tmp_path / "call.png"
    result = run_cli("keys", "talk to a human", "--qr", "--qr-out", str(png))
    assert result.returncode == 0, result.stderr
    assert "█" in result.stdout or "▀" in result.stdout  # drawn in the terminal too
    read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True)
    assert read.stdout.strip().splitlines()[0] == "tel:+18003755283,1,1,2,2"
    assert [p.name for p in tmp_path.iterdir()] == ["call.png"]  # no temporary left behind


def test_keys_as_tones_in_a_wav_that_other_receivers_agree_on(tmp_path: Path) -> None:
    out = tmp_path / "keys.wav"
    result = run_cli("keys", "talk to a human", "--out", str(out), "--sample-rate", "16000")
    assert result.returncode == 0, result.stderr
    info = wavfile.probe(out)
    assert info.rate == 16000
    assert wav_digits(out) == "1122"
    samples = np.concatenate(list(wavfile.blocks(info)))
    if referees.spandsp_available() is None:
        assert referees.spandsp_decode(samples, info.rate) == "1122"
    if referees.multimon_available() is None:
        assert referees.multimon_decode(samples, info.rate) == "1122"


def test_dtmf_writes_and_decodes_with_times(tmp_path: Path) -> None:
    out = tmp_path / "x.wav"
    made = run_cli("dtmf", "1", "3", "*#", "--out", str(out), "--sample-rate", "48000", "--on-ms", "60", "--off-ms", "90")
    assert made.returncode == 0, made.stderr
    decoded = run_cli("dtmf", "decode", str(out))
    assert decoded.returncode == 0
    rows = [line.split("\t") for line in decoded.stdout.splitlines()]
    assert [row[0] for row in rows] == ["1", "3", "*", "#"]
    starts = [float(row[1]) for row in rows]
    assert all(abs(start - 0.150 * n) < 0.006 for n, start in enumerate(starts))
    as_json = json.loads(run_cli("dtmf", "decode", str(out), "--json").stdout)
    assert as_json["digits"] == "13*#" and len(as_json["tones"]) == 4


@pytest.mark.parametrize(("args", "message"), [
    (["dtmf", "1x", "--out", "{tmp}/x.wav"], "assistant: 'x' is not a telephone key; keys are 0-9, *, #, and A-D"),
    (["dtmf", "1", "--out", "{tmp}/missing/x.wav"], "assistant: cannot write {tmp}/missing/x.wav: the folder {tmp}/missing does not exist"),
    (["dtmf", "1", "--out", "{tmp}"], "assistant: {tmp} is a folder; give a file name for the tones"),
    (["dtmf", "1"], "assistant: say where the tones go: --out FILE.wav or --play"),
    (["dtmf", "1", "--out", "{tmp}/x.wav", "--on-ms", "10"],
     "assistant: tone length 10 ms is out of range; use 40 to 10000 ms (phones use 70-100)"),
    (["keys", "the weather in paris", "--out", "{tmp}/k.wav"],
     "assistant: that request does not lead to one place in the menu; try other words, or see: assistant menu show"),
    (["dtmf", "decode", "{tmp}/none.wav"], "assistant: {tmp}/none.wav: no such file"),
    (["dtmf", "decode", "{tmp}"], "assistant: {tmp}: is a folder; give the path of a .wav file"),
    (["simulate", "the weather in paris"],
     "assistant: that request does not lead to one place in the menu; try other words, or see: assistant menu show"),
    (["simulate", "--to", "nowhere"], "assistant: no menu node with id 'nowhere'; see: assistant menu show"),
])
def test_bad_input_is_one_line_and_leaves_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli(*[arg.replace("{tmp}", str(tmp_path)) for arg in args])
    assert result.returncode == 2
    assert result.stderr.strip() == message.replace("{tmp}", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_decoding_a_corrupt_wav_or_one_without_tones(tmp_path: Path) -> None:
    corrupt = tmp_path / "bad.wav"
    corrupt.write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt ")
    result = run_cli("dtmf", "decode", str(corrupt))
    assert result.returncode == 2 and result.stderr.startswith("assistant: ") and len(result.stderr.strip().splitlines()) == 1
    quiet = tmp_path / "quiet.wav"
    wavfile.write(quiet, np.zeros(8000, dtype=np.float32), 8000)
    none = run_cli("dtmf", "decode", str(quiet))
    assert none.returncode == 3 and none.stdout.strip() == f"{quiet}: no DTMF tones found"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root (to drop to nobody) and setpriv to test a folder the user cannot write")
def test_a_folder_without_write_permission(tmp_path: Path) -> None:
    # Root may write anywhere, so the command runs as nobody. It keeps one capability, reading and
    # searching any folder, so it can load this checkout wherever it lies; writing is still denied.
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o555)
    result = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                             "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search",
                             *run_cli_command(), "dtmf", "1", "--out", str(folder / "x.wav")],
                            capture_output=True, text=True, timeout=30)
    if result.stderr.startswith("setpriv:"):
        pytest.skip(f"this setpriv cannot drop to nobody with a capability: {result.stderr.strip()[:120]}")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"assistant: cannot write {folder}/x.wav: no permission to write in {folder}"
    assert list(folder.iterdir()) == []


def run_cli_command() -> list[str]:
    import sys

    return [sys.executable, "-m", "assistant"]


def test_simulate_a_request_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "call.wav"
    result = run_cli("simulate", "I moved", "--silent-line", "--json", "--out", str(out), "--now", OPEN)
    assert result.returncode == 0, result.stderr
    call = json.loads(result.stdout)
    assert call["reached"] is True and call["landed"]["id"] == "change_address" and call["status"] == "information"
    assert call["keys_sent"] == call["keys_heard"] == ["1", "3"]
    assert wav_digits(out) == "13"


def test_simulate_says_closed_outside_the_hours() -> None:
    result = run_cli("simulate", "talk to a human", "--silent-line", "--now", "2026-11-28T10:00-05:00")
    assert result.returncode == 0
    assert "Our representatives are not available now. They answer Monday to Friday, 8:00 AM to 8:00 PM, Eastern Time." in result.stdout
    assert result.stdout.strip().endswith("live agents are closed, so nobody picks up now. That is the right place.")


def test_simulate_interactively_with_a_wrong_key() -> None:
    result = run_cli("simulate", "--interactive", "--silent-line", "--now", OPEN, stdin="7\n1\n3\n")
    assert result.returncode == 0, result.stderr
    assert "Line: Sorry, 7 is not one of the choices." in result.stdout
    assert 'Landed at "Report a change of address" [change_address]' in result.stdout


def test_simulate_interactively_with_no_keys_gives_up() -> None:
    result = run_cli("simulate", "--interactive", "--silent-line", "--now", OPEN, stdin="\n\n\n")
    assert result.returncode == 3
    assert result.stdout.count("Line: Sorry, I did not hear a choice.") == 3
    assert "The line gave up: no choice was heard." in result.stdout


def test_route_says_its_answer_to_a_wav(tmp_path: Path) -> None:
    out = tmp_path / "answer.wav"
    result = run_cli("route", "I moved", "--say-to", str(out), "--now", OPEN, "--voice", "gmw/en-US+f2")
    assert result.returncode == 0, result.stderr
    info = wavfile.probe(out)
    samples = np.concatenate(list(wavfile.blocks(info)))
    assert info.seconds > 15  # the whole answer, numbers and keys spelled out, not a beep
    assert float(np.sqrt(np.mean(samples ** 2))) > 0.02
    assert wav_digits(out) == ""  # and no DTMF digits in the assistant's own voice


def test_voices_are_listed() -> None:
    result = run_cli("voices")
    assert result.returncode == 0
    assert any(line.startswith("gmw/en-us\t") for line in result.stdout.splitlines())


def test_no_audio_device_is_one_line(tmp_path: Path) -> None:
    # No PulseAudio server and no ALSA devices: playing says so in one line instead of hanging.
    (tmp_path / "none.conf").write_text("")
    env = {"PULSE_SERVER": "unix:/nonexistent", "ALSA_CONFIG_PATH": str(tmp_path / "none.conf")}
    played = run_cli("dtmf", "1", "3", "--play", env=env)
    assert played.returncode == 1
    assert played.stderr.startswith("assistant: the audio system is not usable") and len(played.stderr.splitlines()) == 1
    assert played.stderr.strip().endswith("write the tones to a file with --out instead")
    call = run_cli("simulate", "I moved", "--play", "--silent-line", "--now", OPEN, env=env)
    assert call.returncode == 0  # the rehearsal goes on as text
    assert call.stderr.strip().endswith("the call is shown as text only")
    assert 'Landed at "Report a change of address"' in call.stdout
