"""The feature spaces ``score_orderings.py --compare-features`` tried for coverage, beside the engine's.

Each candidate is built like the engine's ``coverage.FeatureSpace``: blocks of features, each
reduced (PCA on the training pictures, or standardised) and scaled so that the typical real
neighbourhood has radius 1, then weighted. Every candidate works offline: no downloaded weights.

- layout: the engine's lightness at 16 × 16 px;
- texture: the engine's octave energies and 4 px colour statistics;
- HOG: histograms of gradient orientation (8 unsigned directions, 4 × 4 cells at 32 px), the
  classic hand-made shape descriptor;
- shape spectrum: the engine's polar power-spectrum harmonics (moving or turning the picture
  leaves them alone; a hexagon and a disc differ in them);
- random conv net: three 3 × 3 convolution layers (32, 64, 128 channels, ReLU, average pooling)
  with fixed-seed He-initialised weights, each layer's channel means and spreads plus the last
  layer at 2 × 2 — random features are a known stand-in for trained ones on unusual pictures
  (Naeem et al. 2020, section 5).
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aigc_desktop.core.sampling.coverage import TEXTURE_FLOOR, FeatureSpace, K, image_features

Features = Callable[[torch.Tensor], torch.Tensor]


def layout(images: torch.Tensor) -> torch.Tensor:
    return image_features(images)[0]


def texture(images: torch.Tensor) -> torch.Tensor:
    return image_features(images)[1]


def shape(images: torch.Tensor) -> torch.Tensor:
    return image_features(images)[2]


def hog(images: torch.Tensor, side: int = 32, cells: int = 4, bins: int = 8) -> torch.Tensor:
    g = images.float().mean(dim=1, keepdim=True) / 255.0
    g = F.adaptive_avg_pool2d(g, side) if g.shape[-1] != side else g
    p = F.pad(g, (1, 1, 1, 1), mode="replicate")
    gx, gy = (p[..., 1:-1, 2:] - p[..., 1:-1, :-2]) / 2, (p[..., 2:, 1:-1] - p[..., :-2, 1:-1]) / 2
    magnitude = (gx * gx + gy * gy).sqrt()
    where = torch.atan2(gy, gx) % math.pi / math.pi * bins  # unsigned orientation, in bins
    low, share = where.floor().long() % bins, where - where.floor()
    hist = torch.zeros(len(g), bins, side, side)
    hist.scatter_add_(1, low, magnitude * (1 - share))
    hist.scatter_add_(1, (low + 1) % bins, magnitude * share)
    h = F.adaptive_avg_pool2d(hist, cells).flatten(1)
    return h / (h.norm(dim=1, keepdim=True) + 1e-3)  # the shape, whatever the contrast


@functools.lru_cache(maxsize=1)
def _random_convs() -> tuple[torch.nn.Conv2d, ...]:
    gen, convs, channels = torch.Generator().manual_seed(0), [], 3
    for width in (32, 64, 128):
        conv = torch.nn.Conv2d(channels, width, 3, padding=1)
        with torch.no_grad():
            conv.weight.copy_(torch.randn(conv.weight.shape, generator=gen) * math.sqrt(2 / (channels * 9)))
            conv.bias.zero_()
        convs.append(conv)
        channels = width
    return tuple(convs)


@torch.no_grad()
def random_conv(images: torch.Tensor) -> torch.Tensor:
    h = images.float() / 127.5 - 1.0
    h = F.adaptive_avg_pool2d(h, 32) if h.shape[-1] != 32 else h
    if h.shape[1] == 1:
        h = h.expand(-1, 3, -1, -1)
    out = []
    for i, conv in enumerate(_random_convs()):
        h = F.relu(conv(h))
        out += [h.mean(dim=(2, 3)), h.std(dim=(2, 3))]
        if i < 2:
            h = F.avg_pool2d(h, 2)
    return torch.cat([*out, F.adaptive_avg_pool2d(h, 2).flatten(1)], dim=1)


class Blocks:
    """A candidate space: ``[(features, "pca<d>" | "std" | "stdpca<d>", weight), ...]``."""

    def __init__(self, spec: list[tuple[Features, str, float]], real: torch.Tensor, k: int = K) -> None:
        self._blocks = []
        for features, reduce, weight in spec:
            raw = _chunked(features, real)
            mean = raw.mean(0)
            std = raw.std(0).clamp_min(TEXTURE_FLOOR) if reduce.startswith("std") else torch.ones_like(mean)
            axes = None
            if "pca" in reduce:
                _, _, vt = torch.linalg.svd(((raw - mean) / std).double(), full_matrices=False)
                axes = vt[: int(reduce.split("pca")[1])].T.float()
            block = [features, mean, std, axes, 1.0]
            points = self._reduce(block, raw)
            radius = torch.cdist(points, points).kthvalue(k + 1, dim=1).values.mean().item()
            block[4] = weight / max(radius, 1e-9)
            self._blocks.append(block)

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        return torch.cat([self._reduce(b, _chunked(b[0], images)) * b[4] for b in self._blocks], dim=1)

    @staticmethod
    def _reduce(block: list, raw: torch.Tensor) -> torch.Tensor:
        _, mean, std, axes, _ = block
        z = (raw - mean) / std
        return (z @ axes if axes is not None else z).double()


def _chunked(features: Features, images: torch.Tensor) -> torch.Tensor:
    return torch.cat([features(images[i:i + 256]) for i in range(0, len(images), 256)]).float()


def _blocks(*spec: tuple[Features, str, float]) -> Callable[[torch.Tensor, int], Blocks]:
    return lambda real, k: Blocks(list(spec), real, k)


CANDIDATES: dict[str, Callable[[torch.Tensor, int], Callable[[torch.Tensor], torch.Tensor]]] = {
    "layout (grey 16 px, PCA 16)": _blocks((layout, "pca16", 1.0)),
    "texture statistics": _blocks((texture, "std", 1.0)),
    "HOG": _blocks((hog, "pca32", 1.0)),
    "random conv net": _blocks((random_conv, "stdpca64", 1.0)),
    "shape spectrum": _blocks((shape, "std", 1.0)),
    "layout + texture, equal weight": functools.partial(FeatureSpace, texture_weight=1.0, shape_weight=0.0),
    "layout + texture ½ (the engine's until issue 12's shape block)": functools.partial(FeatureSpace,
                                                                                         shape_weight=0.0),
    "layout + texture ½ + shape ½": functools.partial(FeatureSpace, shape_weight=0.5),
    "layout + texture ½ + shape (the engine's)": FeatureSpace,
    "HOG + texture ½": _blocks((hog, "pca32", 1.0), (texture, "std", 0.5)),
    "layout + HOG + texture ½": _blocks((layout, "pca16", 1.0), (hog, "pca32", 1.0), (texture, "std", 0.5)),
}
