"""G.711 µ-law, the coding of North American telephone audio: what the line does to the tones.

Used to pass audio through a telephone channel (the simulated line, the tests, the benchmark).
The segment-and-mantissa coding of the standard, on float samples (full scale = 1.0).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

BIAS = 0x84  # in 16-bit terms; 0x21 on the 14-bit values the coder works on
TOP = 0x1FFF  # the largest biased 14-bit magnitude the coder has a code for


def encode(samples: npt.NDArray[np.floating]) -> npt.NDArray[np.uint8]:
    """Float samples to µ-law bytes."""
    pcm = np.clip(np.round(np.asarray(samples, dtype=np.float64) * 32768.0), -32768, 32767).astype(np.int32)
    pcm14 = pcm >> 2  # the coder takes 14 bits (as the reference code and CPython's audioop do)
    sign = np.where(pcm14 < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(pcm14) + (BIAS >> 2), TOP)
    exponent = np.clip(np.floor(np.log2(magnitude)).astype(np.int32) - 5, 0, 7)
    mantissa = (magnitude >> (exponent + 1)) & 0x0F
    codes: npt.NDArray[np.uint8] = (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8)
    return codes


def decode(codes: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """µ-law bytes to float samples."""
    value = ~codes.astype(np.int32) & 0xFF
    exponent = (value >> 4) & 0x07
    magnitude = (((value & 0x0F) << 3) + BIAS << exponent) - BIAS
    return (np.where(value & 0x80, -magnitude, magnitude) / 32768.0).astype(np.float32)


def round_trip(samples: npt.NDArray[np.floating]) -> npt.NDArray[np.float32]:
    """What comes out of a µ-law channel when these samples go in."""
    return decode(encode(samples))
