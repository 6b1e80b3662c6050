"""The blocks G and D add to DCGAN's plain convolutions: FastGAN's skip-layer excitation and decoder,
PGGAN's minibatch standard deviation (each off unless a run's settings ask for it), and G's BatchNorm
conditioned on the class and the kind of part."""

from __future__ import annotations

import torch
from torch import nn


class SkipExcitation(nn.Module):
    """FastGAN's skip-layer excitation (Liu et al. 2021, 3.1): a coarse stage, pooled to 4 × 4, scales
    each channel of a stage two doublings finer. The outline decided at 4-8 px reaches the 16-32 px
    layers directly instead of through two more convolutions, at the cost of a few small matrices."""

    def __init__(self, small_ch: int, big_ch: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.AdaptiveAvgPool2d(4), nn.Conv2d(small_ch, big_ch, 4, 1, 0, bias=False),
                                 nn.LeakyReLU(0.1, True), nn.Conv2d(big_ch, big_ch, 1, 1, 0, bias=False),
                                 nn.Sigmoid())

    def forward(self, small: torch.Tensor) -> torch.Tensor:
        return self.net(small)


RECONSTRUCT_FROM = 8  # the side of the feature map D decodes: coarse enough to be a summary of the picture


class Decoder(nn.Module):
    """A small decoder from D's 8 × 8 features to a picture (Liu et al. 2021, FastGAN 3.2).

    Trained on real pictures only, it makes D keep what a picture is made of - outlines, holes,
    corners - rather than only the few cues that tell this batch's fakes apart, which is how a small
    set loses a kind of part. Up to 64 px: a bigger picture is compared at 64 px.
    """

    def __init__(self, in_ch: int, channels: int, side: int) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        ch, size = in_ch, RECONSTRUCT_FROM
        while size < side:
            out = max(ch // 2, 16)
            layers += [nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(ch, out, 3, 1, 1, bias=False),
                       nn.BatchNorm2d(out), nn.LeakyReLU(0.2, True)]
            ch, size = out, size * 2
        layers += [nn.Conv2d(ch, channels, 3, 1, 1), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.net(h)


class MinibatchStd(nn.Module):
    """One more feature map: how much the images of a small group differ (Karras et al. 2018, PGGAN 3).

    A generator that makes the same part again and again gives groups with little spread, which D
    can then see and punish: a direct pressure against dropping a kind of picture (mode collapse).
    """

    def __init__(self, group: int = 4) -> None:
        super().__init__()
        self.group = group

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        n, c, height, width = h.shape
        g = min(self.group, n)
        while n % g:  # a last, smaller batch: the largest group size that divides it
            g -= 1
        spread = h.float().view(g, n // g, c, height, width).var(dim=0, unbiased=False).add(1e-8).sqrt()
        spread = spread.mean(dim=(1, 2, 3)).to(h.dtype)  # one number per group member position
        extra = spread.view(1, n // g, 1, 1, 1).expand(g, n // g, 1, height, width).reshape(n, 1, height, width)
        return torch.cat([h, extra], dim=1)


def batch_norm(features: int, num_classes: int, kinds: int = 0) -> nn.Module:
    """G's BatchNorm: conditional (ClassBatchNorm) where it is told a class or a kind, else plain."""
    return ClassBatchNorm(features, num_classes, kinds) if num_classes or kinds else nn.BatchNorm2d(features)


class ClassBatchNorm(nn.Module):
    """BatchNorm whose scale and shift also depend on the class: ``norm(x)·(1 + s·gain[y]) + s·shift[y]``
    (class-conditional BatchNorm, de Vries et al. 2017; BigGAN's G). ``s`` is the class strength of
    transitional training. The class acts at every resolution G draws at instead of entering once
    beside z: measured on the demo set told in full from step 3,000, a run stayed varied (within-class
    coverage 0.79–0.97 at 4,000 steps) where the class embedding beside z had made one ring per class
    (0.10–0.24). The gains and shifts start at 0: at first every class is drawn alike.

    With ``kinds``, the kind of picture (core/gan/kinds.py) adds a scale and shift of its own, faded in
    on its own schedule (``kind_strength``, TrainConfig.kind_strength): kinds of look told in full from the
    first step lost half a demo run's coverage (0.27 against 0.64 at 4,000 steps), so they fade in with
    the class; kinds of outline, which reach only the first layer, are told from the start
    (benchmarks/RESULTS.md, ninth and eighteenth sessions)."""

    def __init__(self, features: int, num_classes: int, kinds: int = 0) -> None:
        super().__init__()
        self.norm = nn.BatchNorm2d(features)
        self.gain = _zero_embedding(num_classes, features)
        self.shift = _zero_embedding(num_classes, features)
        self.kind_gain = _zero_embedding(kinds, features)
        self.kind_shift = _zero_embedding(kinds, features)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None, strength: float = 1.0,
                kinds: torch.Tensor | None = None, kind_strength: float = 1.0) -> torch.Tensor:
        h = self.norm(x)
        scale, shift = 1.0, 0.0
        if self.gain is not None and self.shift is not None:
            scale = scale + strength * self.gain(labels).to(h.dtype)[:, :, None, None]
            shift = shift + strength * self.shift(labels).to(h.dtype)[:, :, None, None]
        if self.kind_gain is not None and self.kind_shift is not None:
            scale = scale + kind_strength * self.kind_gain(kinds).to(h.dtype)[:, :, None, None]
            shift = shift + kind_strength * self.kind_shift(kinds).to(h.dtype)[:, :, None, None]
        return h * scale + shift


def _zero_embedding(rows: int, features: int) -> nn.Embedding | None:
    if not rows:
        return None
    embedding = nn.Embedding(rows, features)
    nn.init.zeros_(embedding.weight)
    return embedding
