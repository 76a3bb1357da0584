"""DTMF: the tone pairs a telephone keypad sends (ITU-T Q.23) and a receiver for them (Q.24).

Plain maths on numpy arrays of float samples (full scale = 1.0) at any rate: no files, no devices.

Levels are in dBm0 with G.711's convention (as spandsp uses it): a full-scale sine is +3.14 dBm0.

The receiver looks at 20 ms Hann windows every 2.5 ms. In each window it measures the eight DTMF
frequencies, takes the strongest of each group, and keeps the pair only if:
- each tone is loud enough, and the two are within the twist limits;
- each tone's true frequency, measured from how its phase turns from one window to the next, is
  within 2.5% of nominal (Q.24: accept ±1.5%, reject ±3.5%): a window alone cannot tell 3.5% apart;
- the two tones hold most of the window's energy between 500 and 3400 Hz, and little lies below
  500 Hz once dial tone is taken out: speech and music spread theirs over many frequencies and
  have their pitch down there, which is what keeps them from passing as digits (talk-off).
A digit is a run of such windows for one key, lasting at least 30 ms measured at half amplitude
(Q.24: accept from 40 ms, reject 20 ms and shorter), where breaks of up to 10 ms do not split it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .i18n import ui as _

Samples = npt.NDArray[np.float32]

LOW = (697.0, 770.0, 852.0, 941.0)
HIGH = (1209.0, 1336.0, 1477.0, 1633.0)
LAYOUT = ("123A", "456B", "789C", "*0#D")  # rows: low group; columns: high group
KEYS = "0123456789*#ABCD"
FULL_SCALE_DBM0 = 3.14


class DtmfError(ValueError):
    """A key or a setting that cannot be made into tones; the message says which and why."""


def frequencies(key: str) -> tuple[float, float]:
    """The (low, high) pair for a key: '1' -> (697, 1209)."""
    for row, keys in enumerate(LAYOUT):
        column = keys.find(key.upper()) if len(key) == 1 else -1
        if column >= 0:
            return LOW[row], HIGH[column]
    raise DtmfError(_("{key!r} is not a telephone key; keys are 0-9, *, #, and A-D").format(key=key))


def check_keys(keys: Iterable[str]) -> list[str]:
    """The keys, one a string, upper-cased; DtmfError naming the first that is not a key."""
    checked = []
    for key in keys:
        frequencies(key)
        checked.append(key.upper())
    return checked


def amplitude(dbm0: float) -> float:
    """Peak amplitude (full scale = 1) of a sine at this level."""
    return float(10 ** ((dbm0 - FULL_SCALE_DBM0) / 20))


def dbm0(peak: float) -> float:
    return float(20 * np.log10(max(peak, 1e-12)) + FULL_SCALE_DBM0)


# ---------------------------------------------------------------- generator


@dataclass(frozen=True)
class ToneSettings:
    """How keys are sent. The defaults are what a desk phone does: 100 ms tones, 100 ms apart,
    the high group 2 dB louder (twist), both well inside every receiver's limits."""

    on_ms: float = 100.0
    off_ms: float = 100.0
    level_dbm0: float = -7.0  # the low-group tone; the high group is level + twist
    twist_db: float = 2.0  # high group minus low group
    ramp_ms: float = 2.0  # raised-cosine rise and fall, inside on_ms, so tones start and stop without a click

    def check(self) -> None:
        """Keep the settings where every receiver we test against (ours, spandsp's) hears each key
        exactly once: tones and gaps of at least 40 ms, each tone between -30 and -3 dBm0, the high
        group at most 6 dB quieter or 3 dB louder than the low group."""
        if not 40 <= self.on_ms <= 10_000:
            raise DtmfError(_("tone length {on_ms:g} ms is out of range; use 40 to 10000 ms (phones use 70-100)").format(on_ms=self.on_ms))
        if not 40 <= self.off_ms <= 10_000:
            raise DtmfError(_("gap {off_ms:g} ms is out of range; use 40 to 10000 ms (phones use 50-100)").format(off_ms=self.off_ms))
        if not -6 <= self.twist_db <= 3:
            raise DtmfError(_(
                "twist {twist_db:g} dB is out of range; use -6 to 3 dB (the high group minus the low)"
            ).format(twist_db=self.twist_db))
        if not (-30 <= self.level_dbm0 <= -3 and -30 <= self.level_dbm0 + self.twist_db <= -3):
            raise DtmfError(_("each tone must be between -30 and -3 dBm0; change the level (or the twist)"))
        if not 0 <= self.ramp_ms <= min(5.0, self.on_ms / 4):
            raise DtmfError(_("ramp {ramp_ms:g} ms is out of range; use 0 to 5 ms").format(ramp_ms=self.ramp_ms))


def tone_pair(low_hz: float, high_hz: float, rate: int, on_ms: float, low_dbm0: float, high_dbm0: float,
              ramp_ms: float = 2.0) -> Samples:
    """One dual tone of exactly round(on_ms * rate / 1000) samples."""
    count = round(on_ms * rate / 1000)
    t = np.arange(count) / rate
    wave = amplitude(low_dbm0) * np.sin(2 * np.pi * low_hz * t) + amplitude(high_dbm0) * np.sin(2 * np.pi * high_hz * t)
    ramp = min(round(ramp_ms * rate / 1000), count // 2)
    if ramp:
        rise = 0.5 - 0.5 * np.cos(np.pi * (np.arange(ramp) + 0.5) / ramp)
        wave[:ramp] *= rise
        wave[count - ramp:] *= rise[::-1]
    return wave.astype(np.float32)


def generate(keys: Iterable[str], rate: int, settings: ToneSettings = ToneSettings()) -> Samples:
    """The keys as tones, each followed by the gap (so sequences can be joined)."""
    settings.check()
    gap = np.zeros(round(settings.off_ms * rate / 1000), dtype=np.float32)
    pieces: list[Samples] = []
    for key in check_keys(keys):
        low, high = frequencies(key)
        pieces += [tone_pair(low, high, rate, settings.on_ms, settings.level_dbm0,
                             settings.level_dbm0 + settings.twist_db, settings.ramp_ms), gap]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


def keyed(keys: Iterable[str], rate: int, between_ms: float, settings: ToneSettings = ToneSettings()) -> Samples:
    """Keys pressed one at a time on a live line: each tone, then `between_ms` of silence before
    the next (the menu needs time to answer), nothing after the last."""
    settings.check()
    pause = np.zeros(round(rate * between_ms / 1000), dtype=np.float32)
    pieces: list[Samples] = []
    for number, key in enumerate(check_keys(keys)):
        low, high = frequencies(key)
        pieces += ([pause] if number else []) + [tone_pair(low, high, rate, settings.on_ms, settings.level_dbm0,
                                                           settings.level_dbm0 + settings.twist_db, settings.ramp_ms)]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)


# ---------------------------------------------------------------- receiver

RATE = 8000
WINDOW_S = 0.020
HOP_S = 0.0025
MIN_LEVEL_DBM0 = -40.0  # per tone (Q.24: accept from -25 dBm0, reject below -55)
LOW_LOUDER_MAX_DB = 9.0  # accept 8 dB, reject beyond 10
HIGH_LOUDER_MAX_DB = 7.0  # accept 4 dB, reject beyond 10
MAX_FREQ_ERROR = 0.025  # accept 1.5%, reject 3.5%
MIN_TONE_SHARE = 0.75  # of the window's energy in 500-3400 Hz
BELOW_HZ = (100.0, 560.0)
DIAL_TONE_HZ = (350.0, 440.0)
MAX_BELOW_SHARE = 0.5  # energy below the band, dial tone taken out, against the two tones' energy
OCTAVE_MARGIN = 0.02  # within 1% of 2:1 is a harmonic pair; in-tolerance keys stay 1.25% or more away
MIN_APART = 10 ** (8 / 20)  # the strongest tone of a group over the next: 8 dB (as spandsp)
BAND_HZ = (500.0, 3400.0)  # above dial tone (350 + 440 Hz), below it most of a voice
MIN_DIGIT_S = 0.030  # accept 40 ms, reject 20 ms
BRIDGE_S = 0.010  # a break this short does not end a digit
# A 10 ms dropout (which must not split a digit) can spoil 20 ms of windows; a 40 ms gap (which
# must separate two) empties 20 ms of them. Between the two, what tells them apart is whether
# the tone is ever gone: a dropout leaves part of it in every window, a gap does not.
WIDE_BREAK_S = 0.025
DROPOUT_FLOOR = 0.1  # -20 dB


@dataclass(frozen=True)
class Digit:
    key: str
    start: float  # seconds from the start of the audio, at half amplitude
    end: float


def _hann_gain(bins: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """How much a Hann window's DFT loses on a tone `bins` away from the measured frequency."""
    x = np.abs(bins)
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = np.sinc(x) / (1 - x * x)
    return np.where(np.isclose(x, 1.0), 0.5, gain)


class Receiver:
    """A streaming DTMF receiver: feed() blocks of samples at any rate, then finish() for the digits.

    It works at 8 kHz, the telephone's own rate (DTMF lives below 1.7 kHz): other rates are
    resampled first, which also makes 48 kHz audio as cheap to decode as 8 kHz."""

    def __init__(self, rate: int) -> None:
        if rate < 4000:
            raise DtmfError(_("a sample rate of {rate} Hz cannot carry DTMF; use 8000 Hz or more").format(rate=rate))
        self.rate = rate
        self._resampler: Any = None
        if rate != RATE:
            import soxr

            self._resampler = soxr.ResampleStream(rate, RATE, 1, dtype="float32", quality="HQ")
        self.size = round(WINDOW_S * RATE)
        self.hop = round(HOP_S * RATE)
        window = np.hanning(self.size + 2)[1:-1]  # no zero end points: every sample counts
        self._window = window
        self._norm = window.sum() / 2  # |DFT| of a unit sine at its own frequency
        t = np.arange(self.size) / RATE
        self._freqs = np.array(LOW + HIGH)
        basis = window[:, None] * np.exp(-2j * np.pi * self._freqs[None, :] * t[:, None])
        self._real, self._imaginary = np.ascontiguousarray(basis.real), np.ascontiguousarray(basis.imag)
        self._turn = np.exp(-2j * np.pi * self._freqs * self.hop / RATE)  # nominal phase turn per hop
        spectrum_hz = np.fft.rfftfreq(self.size, 1 / RATE)
        self._band = (spectrum_hz >= BAND_HZ[0]) & (spectrum_hz <= BAND_HZ[1])
        self._below = (spectrum_hz >= BELOW_HZ[0]) & (spectrum_hz < BELOW_HZ[1])
        dial = window[:, None] * np.exp(-2j * np.pi * np.array(DIAL_TONE_HZ)[None, :] * t[:, None])
        self._dial_real, self._dial_imaginary = np.ascontiguousarray(dial.real), np.ascontiguousarray(dial.imag)
        self._energy = float((window * window).sum())
        # Silence before the audio, so a tone at the very start is timed like any other.
        self._lead = self.size - self.hop
        self._pending = np.zeros(self._lead, dtype=np.float64)
        self._previous: npt.NDArray[np.complex128] | None = None
        self._keys: list[npt.NDArray[np.int8]] = []  # per window: row * 4 + column, or -1
        self._levels: list[npt.NDArray[np.float16]] = []  # per window: each tone's amplitude (an hour: 23 MB)

    def feed(self, samples: Samples) -> None:
        if self._resampler is not None:
            samples = self._resampler.resample_chunk(samples.astype(np.float32), last=False)
        self._take(samples)

    def _take(self, samples: npt.NDArray[Any]) -> None:
        data = np.concatenate([self._pending, samples.astype(np.float64)])
        count = (len(data) - self.size) // self.hop + 1 if len(data) >= self.size else 0
        if count > 0:
            frames = np.lib.stride_tricks.sliding_window_view(data, self.size)[: count * self.hop : self.hop]
            self._analyse(np.ascontiguousarray(frames))
            self._pending = data[count * self.hop:]
        else:
            self._pending = data

    def _analyse(self, frames: npt.NDArray[np.float64]) -> None:
        spectrum = (frames @ self._real) + 1j * (frames @ self._imaginary)  # (windows, 8); real products are faster
        before = np.vstack([spectrum[:1] if self._previous is None else self._previous[None, :], spectrum[:-1]])
        turn = np.angle(spectrum * np.conj(before) * self._turn)  # phase turned beyond the nominal
        if self._previous is None:
            turn[0] = 0.0  # no window before the first: no measure of its frequency
        self._previous = spectrum[-1]
        offset_hz = turn * RATE / (2 * np.pi * self.hop)
        gain = _hann_gain(offset_hz * self.size / RATE)
        peak = np.abs(spectrum) / self._norm / np.maximum(gain, 0.3)  # tone amplitude, corrected for its offset
        power = np.abs(np.fft.rfft(frames * self._window, axis=1)) ** 2
        band = power[:, self._band].sum(axis=1) + 1e-20
        row = np.argmax(peak[:, :4], axis=1)
        column = 4 + np.argmax(peak[:, 4:], axis=1)
        index = np.arange(len(frames))
        low, high = peak[index, row], peak[index, column]
        # The share of the band's energy the two tones hold, each as one pure sine of its measured
        # amplitude (Parseval: a sine of amplitude a in the window carries a^2/2 * sum(w^2)).
        band = band * 2 / self.size
        tones = (low * low + high * high) / 2 * self._energy
        share = tones / band
        # Below the DTMF band a voice has its pitch and first formant; a keypad has nothing there
        # but, on a line, dial tone. What is left there once dial tone is taken out must be small.
        dial = np.hypot(frames @ self._dial_real, frames @ self._dial_imaginary) / self._norm
        below = power[:, self._below].sum(axis=1) * 2 / self.size - (dial * dial).sum(axis=1) / 2 * self._energy
        raw = np.abs(spectrum)
        rows, columns = np.sort(raw[:, :4], axis=1), np.sort(raw[:, 4:], axis=1)
        apart = np.minimum(rows[:, -1] / (rows[:, -2] + 1e-20), columns[:, -1] / (columns[:, -2] + 1e-20))
        twist = 20 * np.log10(np.maximum(low, 1e-12) / np.maximum(high, 1e-12))
        error = np.maximum(np.abs(offset_hz[index, row]) / self._freqs[row],
                           np.abs(offset_hz[index, column]) / self._freqs[column])
        # A single voice or instrument near 680-850 Hz has its second harmonic at twice that, which
        # can sit within tolerance of a column tone; a keypad's pair is never an octave apart.
        octave = np.abs((self._freqs[column] + offset_hz[index, column]) / (self._freqs[row] + offset_hz[index, row]) - 2)
        floor = amplitude(MIN_LEVEL_DBM0)
        good = ((low >= floor) & (high >= floor) & (twist <= LOW_LOUDER_MAX_DB) & (twist >= -HIGH_LOUDER_MAX_DB)
                & (error <= MAX_FREQ_ERROR) & (share >= MIN_TONE_SHARE) & (apart >= MIN_APART)
                & (below <= MAX_BELOW_SHARE * tones) & (octave > OCTAVE_MARGIN))
        self._keys.append(np.where(good, row * 4 + (column - 4), -1).astype(np.int8))
        self._levels.append(peak.astype(np.float16))  # to time the digits

    def finish(self) -> list[Digit]:
        """Flush the last audio through and return every digit heard."""
        if self._resampler is not None:
            self._take(self._resampler.resample_chunk(np.zeros(0, dtype=np.float32), last=True))
            self._resampler = None
        self._take(np.zeros(self.size, dtype=np.float64))  # silence after, so a tone at the very end ends
        if not self._keys:
            return []
        keys = np.concatenate(self._keys)
        levels = np.concatenate(self._levels)
        return list(_digits(keys, levels, self.hop / RATE, self.size / RATE, self._lead / RATE))


def _digits(keys: npt.NDArray[np.int8], levels: npt.NDArray[np.float16], hop: float, window: float,
            lead: float) -> Iterator[Digit]:
    bridge, wide = round(BRIDGE_S / hop), round(WIDE_BREAK_S / hop)
    pieces: list[list[int]] = []  # [key, first window, last window] of each unbroken stretch
    for position in np.flatnonzero(keys >= 0):
        key = int(keys[position])
        if pieces and pieces[-1][0] == key and position == pieces[-1][2] + 1:
            pieces[-1][2] = int(position)
        else:
            pieces.append([key, int(position), int(position)])
    runs: list[list[int]] = []
    for key, first, last in pieces:
        # Join stretches of one key across a break, and drop what lies in the break: a stretch no
        # longer than a break is a glitch (a dropout can make a window look like the next key).
        back = len(runs) - 1
        while back >= 0 and runs[back][0] != key and runs[back][2] - runs[back][1] < bridge and first - runs[back][1] <= wide + 1:
            back -= 1
        if back >= 0 and runs[back][0] == key and _unbroken(levels, key, runs[back][2], first, bridge, wide):
            del runs[back + 1:]
            runs[back][2] = last
        else:
            runs.append([key, first, last])
    reach = round(window / hop)
    for number, (key, first, last) in enumerate(runs):
        # Time the tone at half its amplitude, looking a window beyond the run on each side
        # (but not into the next or previous digit).
        lo = max(first - reach, runs[number - 1][2] + 1 if number else 0)
        hi = min(last + reach, runs[number + 1][1] - 1 if number + 1 < len(runs) else len(keys) - 1)
        level = _tone_level(levels, key, lo, hi)
        loud = np.flatnonzero(level >= 0.5 * level.max())
        start_window, end_window = lo + int(loud[0]), lo + int(loud[-1])
        # A window's middle stands for it: start at the middle of the first loud window.
        start = start_window * hop + window / 2 - lead
        end = end_window * hop + window / 2 + hop - lead
        if end - start >= MIN_DIGIT_S and last - first >= bridge:
            yield Digit(LAYOUT[key // 4][key % 4], round(start, 4), round(end, 4))


def _tone_level(levels: npt.NDArray[np.float16], key: int, lo: int, hi: int) -> npt.NDArray[np.float32]:
    """The key's level (the weaker of its two tones) in windows lo..hi."""
    return np.minimum(levels[lo:hi + 1, key // 4], levels[lo:hi + 1, 4 + key % 4]).astype(np.float32)


def _unbroken(levels: npt.NDArray[np.float16], key: int, last: int, first: int, bridge: int, wide: int) -> bool:
    """Whether the break between two stretches of one key (windows last+1..first-1) is a dropout,
    not a gap between two presses: short, or a little longer with the tone never gone."""
    if first - last <= bridge + 1:
        return True
    if first - last > wide + 1:
        return False
    around = max(float(_tone_level(levels, key, last, last).max()), float(_tone_level(levels, key, first, first).max()))
    return float(_tone_level(levels, key, last + 1, first - 1).min()) >= DROPOUT_FLOOR * around


def decode(samples: Samples, rate: int) -> list[Digit]:
    """The digits in a whole recording."""
    receiver = Receiver(rate)
    receiver.feed(samples)
    return receiver.finish()


def decode_blocks(blocks: Iterable[Samples], rate: int) -> list[Digit]:
    """The digits in a recording read block by block (memory stays flat)."""
    receiver = Receiver(rate)
    for block in blocks:
        receiver.feed(block)
    return receiver.finish()
