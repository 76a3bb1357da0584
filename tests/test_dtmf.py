"""DTMF: the generator against Q.23, the receiver against a Q.24-style conformance table, and
both against two receivers nobody here wrote (spandsp, multimon-ng)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from assistant import dtmf, g711
from assistant.speech import wavfile
from bench import dtmf_stimuli as stimuli
from bench import referees

needs_spandsp = pytest.mark.skipif(referees.spandsp_available() is not None, reason=str(referees.spandsp_available()))
needs_multimon = pytest.mark.skipif(referees.multimon_available() is not None, reason=str(referees.multimon_available()))
TESTDATA = Path("/usr/share/pocketsphinx/test/data")


def heard(samples: np.ndarray, rate: int) -> str:
    return "".join(digit.key for digit in dtmf.decode(samples, rate))


# ------------------------------------------------------------------ the generator


@pytest.mark.parametrize("rate", stimuli.RATES)
@pytest.mark.parametrize("key", list(dtmf.KEYS))
def test_generator_frequencies_and_levels(key: str, rate: int) -> None:
    settings = dtmf.ToneSettings(on_ms=1000, ramp_ms=2)
    tone = dtmf.generate(key, rate, settings)[: rate]  # one second of tone, no gap
    spectrum = np.abs(np.fft.rfft(tone * np.blackman(len(tone)), n=16 * len(tone)))
    hz = np.fft.rfftfreq(16 * len(tone), 1 / rate)
    scale = np.blackman(len(tone)).sum() / 2
    low, high = dtmf.frequencies(key)
    for nominal, level in ((low, settings.level_dbm0), (high, settings.level_dbm0 + settings.twist_db)):
        near = np.abs(hz - nominal) < 30
        peak = np.argmax(np.where(near, spectrum, 0))
        assert abs(hz[peak] - nominal) <= nominal * 0.001
        assert abs(dtmf.dbm0(spectrum[peak] / scale) - level) <= 0.5
    others = spectrum[(np.abs(hz - low) > 25) & (np.abs(hz - high) > 25)]
    assert 20 * np.log10(others.max() / spectrum.max()) <= -40


@pytest.mark.parametrize("rate", stimuli.RATES)
def test_generator_timing_and_ramps(rate: int) -> None:
    settings = dtmf.ToneSettings(on_ms=70, off_ms=55)
    samples = dtmf.generate("159#", rate, settings)
    assert abs(len(samples) / rate - 4 * 0.125) <= 0.001
    loud = np.flatnonzero(np.abs(samples) > 1e-6)
    breaks = np.flatnonzero(np.diff(loud) > rate // 1000)  # silence longer than 1 ms ends a tone
    starts = np.concatenate([[loud[0]], loud[breaks + 1]])
    ends = np.concatenate([loud[breaks], [loud[-1]]]) + 1
    assert len(starts) == 4
    assert all(abs((end - start) / rate - 0.070) <= 0.001 for start, end in zip(starts, ends, strict=True))
    assert all(abs(start / rate - 0.125 * number) <= 0.001 for number, start in enumerate(starts))
    # No click: a tone rises from silence and falls back to it, never stepping further from one
    # sample to the next than the steady tone does.
    tone = dtmf.generate("#", rate, settings)
    middle = tone[int(0.02 * rate): int(0.05 * rate)]
    assert abs(tone[0]) < 0.05 * np.max(np.abs(tone)) and abs(tone[int(0.07 * rate) - 1]) < 0.05 * np.max(np.abs(tone))
    assert np.max(np.abs(np.diff(tone))) <= np.max(np.abs(np.diff(middle))) * 1.01


def test_bad_keys_and_settings_are_named() -> None:
    with pytest.raises(dtmf.DtmfError, match="'x' is not a telephone key"):
        dtmf.generate("1x", 8000)
    with pytest.raises(dtmf.DtmfError, match="tone length 20 ms"):
        dtmf.generate("1", 8000, dtmf.ToneSettings(on_ms=20))
    with pytest.raises(dtmf.DtmfError, match="twist"):
        dtmf.generate("1", 8000, dtmf.ToneSettings(twist_db=8))
    with pytest.raises(dtmf.DtmfError, match="sample rate of 3000 Hz"):
        dtmf.Receiver(3000)


# ------------------------------------------------------------------ the receiver: conformance


@pytest.mark.parametrize("channel", ["raw", "mu-law"])
@pytest.mark.parametrize("rate", stimuli.RATES)
@pytest.mark.parametrize("case", list(stimuli.CONFORMANCE))
def test_conformance(case: str, rate: int, channel: str) -> None:
    make, accepted = stimuli.CONFORMANCE[case]
    samples, keys = make(rate)
    if channel == "mu-law":
        samples = g711.round_trip(samples)
    assert heard(samples, rate) == (keys if accepted else "")


def test_digits_are_timed() -> None:
    rate = 8000
    samples = np.concatenate([stimuli.silence(rate, 250), dtmf.generate("42", rate, dtmf.ToneSettings(on_ms=80, off_ms=120))])
    digits = dtmf.decode(samples, rate)
    assert [d.key for d in digits] == ["4", "2"]
    assert abs(digits[0].start - 0.250) <= 0.005 and abs(digits[0].end - 0.330) <= 0.005
    assert abs(digits[1].start - 0.450) <= 0.005 and abs(digits[1].end - 0.530) <= 0.005


def test_streaming_in_small_blocks_hears_the_same() -> None:
    rate = 44100
    samples, keys = stimuli.random_digits(rate, 60, seed=9)
    blocks = [samples[i:i + 997] for i in range(0, len(samples), 997)]
    assert "".join(d.key for d in dtmf.decode_blocks(blocks, rate)) == keys


def test_g711_matches_the_reference_coder() -> None:
    audioop = pytest.importorskip("audioop", reason="CPython's audioop (the reference coder) left Python in 3.13")
    pcm = np.arange(-32768, 32768, dtype=np.int16)
    reference = np.frombuffer(audioop.lin2ulaw(pcm.tobytes(), 2), dtype=np.uint8)
    assert np.array_equal(g711.encode(pcm / 32768.0), reference)
    codes = np.arange(256, dtype=np.uint8)
    expected = np.frombuffer(audioop.ulaw2lin(codes.tobytes(), 2), dtype=np.int16)
    assert np.array_equal(np.round(g711.decode(codes) * 32768).astype(np.int16), expected)


# ------------------------------------------------------------------ the referees


LIMITS = [dtmf.ToneSettings(), dtmf.ToneSettings(on_ms=40, off_ms=40),
          dtmf.ToneSettings(level_dbm0=-3, twist_db=-6), dtmf.ToneSettings(level_dbm0=-30, twist_db=3),
          dtmf.ToneSettings(level_dbm0=-6, twist_db=3), dtmf.ToneSettings(level_dbm0=-24, twist_db=-6)]


@needs_spandsp
@pytest.mark.parametrize("channel", ["raw", "mu-law"])
@pytest.mark.parametrize("rate", stimuli.RATES)
@pytest.mark.parametrize("settings", LIMITS, ids=lambda s: f"{s.on_ms:g}/{s.off_ms:g}ms,{s.level_dbm0:g}dBm0,twist{s.twist_db:g}")
def test_spandsp_hears_exactly_what_we_send(settings: dtmf.ToneSettings, rate: int, channel: str) -> None:
    keys = dtmf.KEYS * 3
    samples = dtmf.generate(keys, rate, settings)
    if channel == "mu-law":
        samples = g711.round_trip(samples)
    assert referees.spandsp_decode(samples, rate) == keys
    assert heard(samples, rate) == keys


@needs_multimon
@pytest.mark.parametrize("rate", stimuli.RATES)
def test_multimon_agrees_within_its_limits(rate: int) -> None:
    # Its limits: twist within about 4.8 dB, and equal digits at least ~50 ms apart.
    keys = "0123456789*#ABCD" + "1133"
    for settings in (dtmf.ToneSettings(), dtmf.ToneSettings(on_ms=50, off_ms=60, twist_db=-4)):
        samples = dtmf.generate(keys, rate, settings)
        assert referees.multimon_decode(samples, rate) == keys == heard(samples, rate)


@needs_spandsp
@pytest.mark.parametrize("rate", [8000, 16000, 48000])
def test_tones_from_sox_are_heard_by_us_and_spandsp(rate: int, tmp_path: Path) -> None:
    keys = "0123456789*#ABCD"
    parts = []
    for number, key in enumerate(keys):
        low, high = dtmf.frequencies(key)
        part = tmp_path / f"{number:02d}.wav"
        subprocess.run(["sox", "-n", "-r", str(rate), "-b", "16", "-c", "1", str(part), "synth", "0.08", "sine", str(low),
                        "sine", str(high), "remix", "1,2", "vol", "0.4", "pad", "0", "0.08"], check=True)
        parts.append(str(part))
    whole = tmp_path / "sox.wav"
    subprocess.run(["sox", *parts, str(whole)], check=True)
    info = wavfile.probe(whole)
    samples = np.concatenate(list(wavfile.blocks(info)))
    assert info.rate == rate
    assert heard(samples, rate) == keys == referees.spandsp_decode(samples, rate)


@needs_spandsp
@pytest.mark.parametrize("snr", [20, 15, 10, 6])
def test_at_least_as_good_as_spandsp_in_noise(snr: int) -> None:
    rate = 8000
    samples, keys = stimuli.with_noise(stimuli.random_digits(rate, 300, seed=11, on_ms=50, off_ms=50), rate, snr)
    ours = sum(a == b for a, b in zip(heard(samples, rate), keys, strict=False))
    theirs = sum(a == b for a, b in zip(referees.spandsp_decode(samples, rate), keys, strict=False))
    assert ours == len(keys) and ours >= theirs


# ------------------------------------------------------------------ talk-off


def _human_speech() -> list[tuple[str, np.ndarray, int]]:
    found = []
    for path in sorted(TESTDATA.glob("*/*.wav")):
        info = wavfile.probe(path)
        found.append((path.name, np.concatenate(list(wavfile.blocks(info))), info.rate))
    for path in sorted(TESTDATA.glob("*.raw")) + sorted(TESTDATA.glob("*/*.raw")):
        found.append((path.name, np.fromfile(path, dtype="<i2").astype(np.float32) / 32768, 16000))
    return found


@pytest.mark.skipif(not TESTDATA.is_dir(), reason="Debian's pocketsphinx-testdata is not installed")
def test_no_digits_in_real_human_speech() -> None:
    speech = _human_speech()
    assert sum(len(samples) / rate for _, samples, rate in speech) > 40  # seconds of real speakers
    for name, samples, rate in speech:
        for gain in (1.0, 4.0):  # as recorded, and loud (clipped where it must be)
            louder = np.clip(samples * gain, -1, 1)
            assert heard(louder, rate) == "", name
            assert heard(g711.round_trip(louder), rate) == "", name


def test_no_digits_in_the_assistants_own_speech(tmp_path: Path) -> None:
    # What the assistant says aloud: espeak-ng (what pyttsx3 drives) and flite, at phone quality too.
    text = ("Dial 1 800 375 5283. Press 1 for English, then 3 to report a change of address. "
            "Live agents answer Monday to Friday, 8 AM to 8 PM Eastern. Press star, then pound.")
    made = 0
    for command in (["espeak-ng", "-w", "{out}", text], ["espeak-ng", "-v", "en-us+f2", "-s", "175", "-w", "{out}", text],
                    ["flite", "-t", text, "-o", "{out}"]):
        out = tmp_path / f"{made}.wav"
        try:
            subprocess.run([part.replace("{out}", str(out)) for part in command], check=True, capture_output=True, timeout=60)
        except FileNotFoundError:
            continue
        info = wavfile.probe(out)
        samples = np.concatenate(list(wavfile.blocks(info)))
        assert heard(samples, info.rate) == ""
        assert heard(g711.round_trip(samples), info.rate) == ""
        made += 1
    assert made >= 2, "espeak-ng and flite are installed by setup.sh"


def test_no_digits_in_music(tmp_path: Path) -> None:
    # Plucked chords over two octaves, an organ-like chord of square waves, and a sawtooth gliding
    # through the DTMF band (its first two harmonics pass every octave pair on the way).
    notes = "C4 E4 G4 C5 A3 F4 D5 B4 G3 E5 A4 C4 F3 A4 D4 G4".split()
    parts = []
    for number, note in enumerate(notes):
        part = tmp_path / f"{number:02d}.wav"
        subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(part), "synth", "0.5", "pluck", note,
                        "pluck", "%4", "pluck", "%7", "remix", "-", "vol", "0.3"], check=True, capture_output=True)
        parts.append(str(part))
    pieces = [tmp_path / "melody.wav", tmp_path / "organ.wav", tmp_path / "glide.wav"]
    subprocess.run(["sox", *parts, str(pieces[0])], check=True)
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(pieces[1]), "synth", "8", "square", "220", "square", "277",
                    "square", "330", "remix", "-", "vol", "0.2"], check=True)
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(pieces[2]), "synth", "20", "sawtooth", "110:1800",
                    "remix", "-", "vol", "0.3"], check=True)
    for piece in pieces:
        info = wavfile.probe(piece)
        samples = np.concatenate(list(wavfile.blocks(info)))
        assert heard(samples, info.rate) == "", piece.name
        assert heard(g711.round_trip(samples), info.rate) == "", piece.name
