"""Whether mirrored copies of a picture set would still look like the set: when x-flip is safe.

Flipping the real pictures left to right doubles what a small set shows the discriminator, and for
parts photographed at any angle, textures or most product shots it changes nothing a user would
notice. For writing, digits, or anything with a handedness (a thread, a label, an arrow) it teaches
the generator mirror-writing. The test: mirrored, is each picture as near to the other pictures as
it is unmirrored? Nearness is the grey layout at 16 × 16 px, as coverage measures it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

SIDE = 16
LIMIT = 1000  # pictures compared (a random subset of larger sets): the cost grows with its square
# Median ratio of nearest-neighbour distances, mirrored to unmirrored, from which x-flip is unsafe.
# Measured (training half / fresh half of each set): the demo parts 1.01 / 1.00, scikit-image
# textures 1.02 / 1.11, scikit-learn digits 1.73 / 1.63.
UNSAFE_FROM = 1.25
# Turning is judged by the ratio that 9 pictures in 10 stay under, not the median: one kind of picture
# with an up and a down hides under a median (the bricks, a quarter of the textures set: median 1.06,
# but 20 % of the pictures above 1.5, and a turning generator drew the bricks at a slant). Measured
# 90th percentiles (training half / fresh half, 64 px): demo parts 1.25 / 1.24, textures 1.82 / 3.04
# (the fresh half is half bricks), digits 4.56 / 4.70.
TURN_QUANTILE = 0.9
TURN_UNSAFE_FROM = 1.5

# Sentences for the user (translated in the window: see core/messages.py).
NOT_TURNABLE = ("\"Parts at any angle\" is on, but your pictures do not look alike turned: the generator will "
                "draw them at every angle. Set it to Auto or Off unless your parts really lie at any angle.")


def mirror_ratio(images: torch.Tensor, seed: int = 0) -> float:
    """uint8 (N, C, H, W) → median over pictures of (nearest other picture to its mirror image) /
    (nearest other picture to itself). About 1 when the set is as likely mirrored as not."""
    return _changed_ratio(images, lambda grey: [grey.flip(-1)], seed)


def turn_ratio(images: torch.Tensor, seed: int = 0) -> float:
    """As :func:`mirror_ratio`, for the pictures turned by 45° and by 90° about their centre (the larger
    of the two), and the ratio 9 pictures in 10 stay under rather than the median: about 1 when parts
    lie at any angle, as on an inspection table seen from above."""
    # Only the disc inside the frame is compared: a turned picture's corners come from outside it.
    return _changed_ratio(images, lambda grey: [_turned(grey, 45.0), torch.rot90(grey, 1, (-2, -1))], seed,
                          disc=True, quantile=TURN_QUANTILE)


def mirror_safe(images: torch.Tensor) -> bool:
    """True when the set's mirror images are as near to it as its own pictures are."""
    return mirror_ratio(images) < UNSAFE_FROM


def turn_safe(images: torch.Tensor) -> bool:
    """True when the set's pictures, turned, are as near to it as its own pictures are."""
    return turn_ratio(images) < TURN_UNSAFE_FROM


def turned(images: torch.Tensor, angles: torch.Tensor) -> torch.Tensor:
    """(N, C, H, W) images, each turned about its centre by its angle in ``angles`` (N,), in radians;
    what comes from outside the frame is mirrored in from its edge. The turning generator uses it too."""
    cos, sin = torch.cos(angles), torch.sin(angles)
    zero = torch.zeros_like(cos)
    theta = torch.stack([torch.stack([cos, -sin, zero], 1), torch.stack([sin, cos, zero], 1)], 1)
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="reflection", align_corners=False)


def _turned(grey: torch.Tensor, degrees: float) -> torch.Tensor:
    # At full size, so the interpolation's softening is gone once pooled to the 16 px layout.
    return turned(grey, torch.full((len(grey),), math.radians(degrees), dtype=grey.dtype))


def _changed_ratio(images: torch.Tensor, change: Callable[[torch.Tensor], list[torch.Tensor]],
                   seed: int, disc: bool = False, quantile: float = 0.5) -> float:
    """The largest, over the changed copies ``change`` makes, of the ``quantile`` (median by default) of
    the pictures' ratios of nearest distances."""
    if len(images) < 3:
        return float("inf")  # too few to tell: not safe
    if len(images) > LIMIT:
        images = images[torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))[:LIMIT]]
    grey = images.float().mean(dim=1, keepdim=True) / 255.0
    plain = _layout(grey, disc)
    own = torch.cdist(plain, plain)
    own.fill_diagonal_(float("inf"))
    near = own.min(dim=1).values
    usable = near > 1e-9  # exact duplicates in the set say nothing about the change
    if not usable.any():
        return 1.0
    ratios = []
    for changed in change(grey):
        other = torch.cdist(_layout(changed, disc), plain)
        other.fill_diagonal_(float("inf"))  # a symmetric picture's changed copy is itself: not another picture
        ratios.append(float((other.min(dim=1).values[usable] / near[usable]).quantile(quantile)))
    return max(ratios)


def _layout(grey: torch.Tensor, disc: bool = False) -> torch.Tensor:
    layout = F.adaptive_avg_pool2d(grey, SIDE) if grey.shape[-1] != SIDE else grey
    if disc:
        centre = torch.arange(SIDE, dtype=layout.dtype) + 0.5 - SIDE / 2
        layout = layout * ((centre[:, None] ** 2 + centre[None, :] ** 2) <= (SIDE / 2) ** 2)
    return layout.flatten(1).double()
