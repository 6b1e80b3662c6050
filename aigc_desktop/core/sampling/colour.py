"""Colour and brightness of an image set as a person sees them: CIELAB statistics and their difference.

The SWD normalises each set by its own statistics, so it cannot see a set that is too dark or has
a cast. Here both sets are compared in CIELAB, where a distance of about 2 is just noticeable side
by side and L is lightness from 0 (black) to 100 (white), so the error reads in ΔE units.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

# sRGB (D65) → XYZ, with each row divided by the D65 white so that white maps to (1, 1, 1).
_RGB_TO_XYZ = torch.tensor([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_RGB_TO_XYZ = _RGB_TO_XYZ / _RGB_TO_XYZ.sum(dim=1, keepdim=True)
# The statistics come from this many pixels per image, at fixed random places: a thousand images
# give a quarter of a million pixels, so the figures hardly change, and the cost falls 16-fold at 64 px.
PIXELS_PER_IMAGE = 256
_CHUNK = 4096  # images at a time: few, large tensor operations (each can stall under load)


@dataclass(frozen=True)
class ColourStats:
    """Per-channel mean and standard deviation of L, a, b over every pixel of a set."""

    mean: tuple[float, float, float]
    std: tuple[float, float, float]


def to_lab(images: torch.Tensor) -> torch.Tensor:
    """uint8 (N, C, H, W) sRGB, C = 3 or 1 (grey), → float (N, 3, H, W) CIELAB."""
    x = images.float() / 255.0
    if x.shape[1] == 1:
        x = x.expand(-1, 3, -1, -1)
    linear = torch.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
    xyz = (_RGB_TO_XYZ @ linear.flatten(2)).view_as(linear)
    f = torch.where(xyz > (6 / 29) ** 3, xyz.clamp_min(1e-12) ** (1 / 3), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return torch.stack([116.0 * f[:, 1] - 16.0, 500.0 * (f[:, 0] - f[:, 1]), 200.0 * (f[:, 1] - f[:, 2])], 1)


def colour_stats(images: torch.Tensor, seed: int = 0) -> ColourStats:
    """The set's CIELAB statistics over ``PIXELS_PER_IMAGE`` pixels of each image (all, if fewer)."""
    n, h, w = len(images), images.shape[-2], images.shape[-1]
    places = torch.randperm(h * w, generator=torch.Generator().manual_seed(seed))[:PIXELS_PER_IMAGE]
    total = torch.zeros(3, dtype=torch.float64)
    squares = torch.zeros(3, dtype=torch.float64)
    count = 0
    for start in range(0, n, _CHUNK):
        chunk = images[start:start + _CHUNK].flatten(2)[:, :, places, None]  # (n, C, pixels, 1)
        lab = to_lab(chunk).double()
        total += lab.sum(dim=(0, 2, 3))
        squares += (lab * lab).sum(dim=(0, 2, 3))
        count += lab.shape[0] * lab.shape[2] * lab.shape[3]
    mean = total / count
    std = (squares / count - mean * mean).clamp_min(0.0).sqrt()
    return ColourStats(tuple(mean.tolist()), tuple(std.tolist()))  # type: ignore[arg-type]


def colour_error(real: ColourStats, fake: ColourStats) -> float:
    """ΔE between two sets: the Euclidean distance of their (mean, std) in L, a and b together.

    A set that is darker, brighter, tinted or flatter in contrast moves away; a fresh real sample
    stays within about 1.
    """
    pairs = zip((*real.mean, *real.std), (*fake.mean, *fake.std), strict=True)
    return float(sum((a - b) ** 2 for a, b in pairs) ** 0.5)
