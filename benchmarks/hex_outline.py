"""Counting hex nuts by their outline alone (``demo_census.py``'s second count, beside its classifiers).

Nothing is learnt, so no shortcut is learnt either: the part's outline is traced along rays and its
6-fold harmonic measured. The threshold is set halfway between real round parts and real nuts.
"""

from __future__ import annotations

import numpy as np


def outline_hexness(images: np.ndarray, angles: int = 96) -> np.ndarray:
    """How hexagonal each picture's part outline is: nothing learnt, so no shortcut learnt either.

    The part (brighter than the table by a quarter of the way to its metal) is traced along rays from
    the outside in, around its centre; the score is the outline radius's 6-fold harmonic less the mean
    of its 4-, 5-, 7- and 8-fold ones (a lumpy round outline has some of every harmonic), relative to
    the mean radius. It ignores bores, holes, texture and softness.
    """
    lum = images.astype(np.float32).mean(axis=1)
    n, side = len(lum), lum.shape[-1]
    border = np.concatenate([lum[:, 0], lum[:, -1], lum[:, :, 0], lum[:, :, -1]], axis=1)
    table = np.median(border, axis=1)[:, None, None]
    metal = np.quantile(lum.reshape(n, -1), 0.9, axis=1)[:, None, None]
    part = (lum - table > 0.25 * np.maximum(metal - table, 1.0)).astype(np.float32)
    grid = np.arange(side) + 0.5
    area = part.sum(axis=(1, 2)).clip(min=1.0)
    centre = np.stack([(part.sum(axis=1) * grid).sum(axis=1), (part.sum(axis=2) * grid).sum(axis=1)], 1) / area[:, None]
    theta = np.linspace(0.0, 2 * np.pi, angles, endpoint=False)
    for _ in range(2):  # the second pass re-centres on the outline the first one found
        radius = np.concatenate([_outline_radius(part[i:i + 256], centre[i:i + 256], theta)
                                 for i in range(0, n, 256)])
        shift = 2 * (radius * np.exp(-1j * theta)).mean(axis=1)
        centre = centre + np.stack([shift.real, shift.imag], axis=1)
    harmonic = np.abs((radius[:, :, None] * np.exp(-1j * theta[:, None] * np.arange(4, 9))).mean(axis=1))
    return (harmonic[:, 2] - harmonic[:, [0, 1, 3, 4]].mean(axis=1)) / radius.mean(axis=1).clip(min=1e-6)


def _outline_radius(part: np.ndarray, centre: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Radius (N, angles) where each ray, coming in from the edge, first reaches the part (sub-pixel)."""
    n, side = len(part), part.shape[-1]
    t = np.linspace(side / 2, 0.0, 2 * side)
    px = centre[:, 0, None, None] + np.cos(theta)[None, :, None] * t - 0.5
    py = centre[:, 1, None, None] + np.sin(theta)[None, :, None] * t - 0.5
    x0, y0 = np.clip(np.floor(px).astype(int), 0, side - 2), np.clip(np.floor(py).astype(int), 0, side - 2)
    ax, ay = np.clip(px - x0, 0.0, 1.0), np.clip(py - y0, 0.0, 1.0)
    i = np.arange(n)[:, None, None]
    v = ((part[i, y0, x0] * (1 - ax) + part[i, y0, x0 + 1] * ax) * (1 - ay)
         + (part[i, y0 + 1, x0] * (1 - ax) + part[i, y0 + 1, x0 + 1] * ax) * ay)
    k = np.maximum(np.argmax(v >= 0.5, axis=2), 1)[..., None]
    before, at = np.take_along_axis(v, k - 1, 2)[..., 0], np.take_along_axis(v, k, 2)[..., 0]
    frac = np.clip((0.5 - before) / np.maximum(at - before, 1e-6), 0.0, 1.0)
    return t[k[..., 0] - 1] + (t[k[..., 0]] - t[k[..., 0] - 1]) * frac


def outline_check(sets: dict[str, dict[str, np.ndarray]]) -> dict[str, float]:
    """The outline threshold halfway between real round parts and real nuts, and its accuracy."""
    score, nut = outline_hexness(sets["train"]["images"]), sets["train"]["part type"] == 1
    threshold = (np.quantile(score[~nut], 0.99) + np.quantile(score[nut], 0.01)) / 2
    out = {"threshold": float(threshold)}
    for check in ("held_out", "wide_bore_rounds", "softened"):
        hexes = outline_hexness(sets[check]["images"]) >= threshold
        out[check] = float(np.mean(hexes == (sets[check]["part type"] == 1)))
    out["counted_on_real"] = float(np.mean(outline_hexness(sets["held_out"]["images"]) >= threshold))
    return out
