"""What a block of the line's audio sounds like: how loud, a call-progress tone, a click, a
musical note, a voice's pitch, and its spectrum in a few bands (for telling sounds and voices apart).

Pure: 64 ms of 16 kHz audio in, numbers out. 64 ms gives 15.6 Hz between FFT bins, enough to
keep the ringback pair (440 + 480 Hz) apart from the busy/reorder pair (480 + 620 Hz), as North
American call progress tones are defined.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..speech.audio import RATE

BLOCK = 1024  # 64 ms
BLOCK_S = BLOCK / RATE
BANDS = 16  # log-spaced over the telephone band
LOW_HZ, HIGH_HZ = 250.0, 3500.0
QUIET_DB = -50.0  # below this (dBFS) nothing is on the line

_FREQS = np.fft.rfftfreq(BLOCK, 1 / RATE)
_WINDOW = np.hanning(BLOCK).astype(np.float32)
_IN_BAND = (_FREQS >= LOW_HZ) & (_FREQS <= HIGH_HZ)
_EDGES = np.geomspace(LOW_HZ, HIGH_HZ, BANDS + 1)
_BAND_OF = np.digitize(_FREQS, _EDGES) - 1  # -1 or BANDS outside the band


def _bins(hz: float) -> npt.NDArray[np.bool_]:
    near: npt.NDArray[np.bool_] = np.abs(_FREQS - hz) <= 16.0  # the bin on the tone and its neighbour
    return near


_TONE_BINS = {hz: _bins(hz) for hz in (440.0, 480.0, 620.0)}


@dataclass(frozen=True)
class Block:
    level_db: float  # dBFS of the block
    ringback: bool  # 440 + 480 Hz together hold the sound (the line is ringing)
    busy: bool  # 480 + 620 Hz together hold it (busy or reorder: the call is over)
    click: bool  # a sharp impulse (a handset put down, a line dropped)
    tonal: bool  # the energy sits in a few narrow peaks (music, a tone), not spread out (noise)
    pitch: float  # Hz of a voice or note (0: none)
    bands: npt.NDArray[np.float32]  # log energy in BANDS bands over the telephone band


def features(samples: npt.NDArray[np.float32]) -> Block:
    """One block (BLOCK samples at 16 kHz, float in -1..1)."""
    samples = samples.astype(np.float32, copy=False)
    if len(samples) < BLOCK:
        samples = np.pad(samples, (0, BLOCK - len(samples)))
    power_total = float(np.mean(samples * samples))
    level = 10 * float(np.log10(power_total + 1e-12))
    spectrum = np.abs(np.fft.rfft(samples * _WINDOW)) ** 2
    band_power = spectrum[_IN_BAND]
    in_band = float(np.sum(band_power)) + 1e-12
    share = {hz: float(np.sum(spectrum[bins])) / in_band for hz, bins in _TONE_BINS.items()}
    loud = level > QUIET_DB
    ringback = loud and share[440.0] > 0.2 and share[480.0] > 0.2 and share[440.0] + share[480.0] > 0.75
    busy = loud and share[480.0] > 0.2 and share[620.0] > 0.2 and share[480.0] + share[620.0] > 0.75
    # Tonal: the loudest 3% of the band's bins hold most of its energy (a chord's partials do;
    # noise spreads evenly; speech sits between).
    top = np.sort(band_power)[-max(1, len(band_power) * 3 // 100):]
    tonal = loud and float(np.sum(top)) / in_band > 0.6
    peak = float(np.max(np.abs(samples)))
    rms = float(np.sqrt(power_total)) + 1e-9
    click = peak > 0.05 and peak / rms > 9.0
    bands = np.bincount(np.clip(_BAND_OF, 0, BANDS - 1)[_IN_BAND], weights=band_power, minlength=BANDS)
    return Block(level, ringback, busy, click, tonal, _pitch(samples) if loud else 0.0,
                 np.log10(bands + 1e-10).astype(np.float32))


def _pitch(samples: npt.NDArray[np.float32]) -> float:
    """The strongest period between 60 and 400 Hz by autocorrelation (0 when nothing repeats):
    a voice's pitch survives the telephone band, which cuts its fundamental but keeps its harmonics."""
    centred = samples - float(np.mean(samples))
    spectrum = np.fft.rfft(centred, 2 * BLOCK)
    correlation = np.fft.irfft(np.abs(spectrum) ** 2)[:BLOCK]
    if correlation[0] <= 0:
        return 0.0
    low, high = RATE // 400, RATE // 60
    lag = low + int(np.argmax(correlation[low:high]))
    strength = correlation[lag] / correlation[0] * BLOCK / (BLOCK - lag)
    return RATE / lag if strength > 0.45 else 0.0
