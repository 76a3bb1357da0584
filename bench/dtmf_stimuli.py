"""The DTMF receiver's test signals (ITU-T Q.24 style), shared by tests/test_dtmf_conformance.py
and bench/dtmf.py. Each builder returns (samples, the digits a receiver must hear)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant import dtmf, g711

Stimulus = tuple[np.ndarray, str]
RATES = (8000, 16000, 44100, 48000)
DEFAULT = dtmf.ToneSettings()


def silence(rate: int, ms: float) -> np.ndarray:
    return np.zeros(round(rate * ms / 1000), dtype=np.float32)


def pair(key: str, rate: int, on_ms: float = DEFAULT.on_ms, low_dbm0: float = DEFAULT.level_dbm0,
         high_dbm0: float = DEFAULT.level_dbm0 + DEFAULT.twist_db, factor: float = 1.0) -> np.ndarray:
    low, high = dtmf.frequencies(key)
    return dtmf.tone_pair(low * factor, high * factor, rate, on_ms, low_dbm0, high_dbm0, DEFAULT.ramp_ms)


def sequence(tones: list[np.ndarray], rate: int, off_ms: float = DEFAULT.off_ms) -> np.ndarray:
    gap = silence(rate, off_ms)
    return np.concatenate([gap] + [piece for tone in tones for piece in (tone, gap)])


def each_key(rate: int, times: int = 10) -> Stimulus:
    keys = dtmf.KEYS * times
    return sequence([pair(key, rate) for key in keys], rate), keys


def frequency_error(rate: int, error: float) -> Stimulus:
    """Every key with both tones off by `error` (0.015 = 1.5% high)."""
    return sequence([pair(key, rate, factor=1 + error) for key in dtmf.KEYS], rate), dtmf.KEYS


def twist(rate: int, low_louder_db: float) -> Stimulus:
    """Every key, the low group louder by this much (negative: the high group louder), the louder at -7 dBm0."""
    low = -7.0 if low_louder_db >= 0 else -7.0 + low_louder_db
    high = low - low_louder_db
    return sequence([pair(key, rate, low_dbm0=low, high_dbm0=high) for key in dtmf.KEYS], rate), dtmf.KEYS


def level(rate: int, dbm0: float) -> Stimulus:
    """Every key with each tone at this level."""
    return sequence([pair(key, rate, low_dbm0=dbm0, high_dbm0=dbm0) for key in dtmf.KEYS], rate), dtmf.KEYS


def duration(rate: int, ms: float) -> Stimulus:
    return sequence([pair(key, rate, on_ms=ms) for key in dtmf.KEYS], rate), dtmf.KEYS


def dropout(rate: int, ms: float = 10.0) -> Stimulus:
    """Each key as one 100 ms tone with a break of `ms` in its middle: one digit each."""
    tones = []
    for key in dtmf.KEYS:
        tone = pair(key, rate, on_ms=100 + ms).copy()
        middle = len(tone) // 2
        cut = round(rate * ms / 1000)
        tone[middle - cut // 2: middle - cut // 2 + cut] = 0.0
        tones.append(tone)
    return sequence(tones, rate), dtmf.KEYS


def repeated(rate: int, gap_ms: float = 40.0) -> Stimulus:
    """Each key twice, 50 ms tones `gap_ms` apart: two digits each."""
    tones = [sequence([pair(key, rate, on_ms=50), pair(key, rate, on_ms=50)], rate, off_ms=gap_ms) for key in dtmf.KEYS]
    return sequence(tones, rate), "".join(key * 2 for key in dtmf.KEYS)


def random_digits(rate: int, count: int = 100, seed: int = 1, on_ms: float = 50, off_ms: float = 50) -> Stimulus:
    generator = np.random.default_rng(seed)
    keys = "".join(generator.choice(list(dtmf.KEYS), count))
    return sequence([pair(key, rate, on_ms=on_ms) for key in keys], rate, off_ms=off_ms), keys


def with_noise(stimulus: Stimulus, rate: int, snr_db: float, seed: int = 2) -> Stimulus:
    """White noise at `snr_db` below the tones' power (measured while they sound)."""
    samples, keys = stimulus
    sounding = samples[np.abs(samples) > 1e-4]
    power = float(np.mean(sounding ** 2)) if len(sounding) else 0.0
    noise = np.random.default_rng(seed).standard_normal(len(samples)) * np.sqrt(power / 10 ** (snr_db / 10))
    return (samples + noise).astype(np.float32), keys


def with_dial_tone(stimulus: Stimulus, rate: int, dbm0: float = -13.0) -> Stimulus:
    """Dial tone (350 + 440 Hz, each at `dbm0`) under the whole signal."""
    samples, keys = stimulus
    t = np.arange(len(samples)) / rate
    tone = dtmf.amplitude(dbm0) * (np.sin(2 * np.pi * 350 * t) + np.sin(2 * np.pi * 440 * t))
    return (samples + tone).astype(np.float32), keys


def through_ulaw(stimulus: Stimulus) -> Stimulus:
    samples, keys = stimulus
    return g711.round_trip(samples), keys


# The conformance table: each stimulus, and whether a receiver must hear its digits (True) or none.
CONFORMANCE: dict[str, tuple[Callable[[int], Stimulus], bool]] = {
    "16 keys x 10": (lambda rate: each_key(rate, 10), True),
    "frequency +1.5%": (lambda rate: frequency_error(rate, 0.015), True),
    "frequency -1.5%": (lambda rate: frequency_error(rate, -0.015), True),
    "frequency +3.5%": (lambda rate: frequency_error(rate, 0.035), False),
    "frequency -3.5%": (lambda rate: frequency_error(rate, -0.035), False),
    "low group 8 dB louder": (lambda rate: twist(rate, 8), True),
    "high group 4 dB louder": (lambda rate: twist(rate, -4), True),
    "low group 10.5 dB louder": (lambda rate: twist(rate, 10.5), False),
    "high group 10.5 dB louder": (lambda rate: twist(rate, -10.5), False),
    "-25 dBm0 per tone": (lambda rate: level(rate, -25), True),
    "-56 dBm0 per tone": (lambda rate: level(rate, -56), False),
    "40 ms tones": (lambda rate: duration(rate, 40), True),
    "20 ms tones": (lambda rate: duration(rate, 20), False),
    "10 ms dropout": (lambda rate: dropout(rate, 10), True),
    "40 ms gap between equal digits": (lambda rate: repeated(rate, 40), True),
    "100 random at 50/50 ms": (lambda rate: random_digits(rate, 100), True),
    "1000 at 15 dB SNR": (lambda rate: with_noise(random_digits(rate, 1000, seed=5), rate, 15), True),
    "dial tone underneath": (lambda rate: with_dial_tone(each_key(rate, 2), rate), True),
}
