"""The DCGAN generator and discriminator (Radford et al. 2016), for any power-of-two resolution.

Unlike the seed article's example, the generator's output size and the discriminator's input size are
derived from the same ``resolution``, and D always ends in one logit per image (never a 5×5 map).
Both take ``labels`` so a class-conditional model can replace them without changing any caller.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch
from torch import nn

if TYPE_CHECKING:  # the settings layer builds on this one, not the other way round
    from aigc_desktop.core.run.config import TrainConfig


def _stages(resolution: int) -> int:
    n = int(math.log2(resolution)) - 2  # 4×4 up to the resolution
    if 2 ** (n + 2) != resolution or n < 1:
        raise ValueError(f"resolution must be a power of two of at least 8, got {resolution}")
    return n


def _width(base: int, level: int) -> int:
    # DCGAN doubles channels per stage; cap at 8× so 256 px models stay desktop-sized.
    return base * min(2**level, 8)


class Generator(nn.Module):
    """z (N, z_dim) → image (N, channels, resolution, resolution) in [-1, 1]."""

    def __init__(self, z_dim: int, resolution: int, channels: int = 3, width: int = 32, num_classes: int = 0):
        super().__init__()
        self.z_dim, self.resolution, self.channels, self.num_classes = z_dim, resolution, channels, num_classes
        n = _stages(resolution)
        ch = _width(width, n - 1)
        layers: list[nn.Module] = [
            nn.ConvTranspose2d(z_dim, ch, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ch),
            nn.ReLU(True),
        ]
        for level in range(n - 2, -1, -1):
            out = _width(width, level)
            layers += [nn.ConvTranspose2d(ch, out, 4, 2, 1, bias=False), nn.BatchNorm2d(out), nn.ReLU(True)]
            ch = out
        layers += [nn.ConvTranspose2d(ch, channels, 4, 2, 1, bias=False), nn.Tanh()]
        self.net = nn.Sequential(*layers)
        self.apply(_dcgan_init)

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        return self.net(z.view(z.shape[0], self.z_dim, 1, 1))


class Discriminator(nn.Module):
    """image (N, channels, resolution, resolution) → one real/fake logit per image, shape (N,).

    ``norm="batch"`` is the DCGAN original. The gradient penalty of WGAN-GP is per sample, which
    BatchNorm breaks, and spectral norm already bounds D, so those use no normalisation.
    """

    def __init__(
        self,
        resolution: int,
        channels: int = 3,
        width: int = 32,
        norm: str = "batch",
        spectral_norm: bool = False,
        num_classes: int = 0,
        mbstd: bool = False,
    ):
        super().__init__()
        self.resolution, self.channels, self.num_classes = resolution, channels, num_classes
        self.mbstd = MinibatchStd() if mbstd else None
        wrap = nn.utils.spectral_norm if spectral_norm else (lambda m: m)
        n = _stages(resolution)
        ch = _width(width, 0)
        layers: list[nn.Module] = [wrap(nn.Conv2d(channels, ch, 4, 2, 1)), nn.LeakyReLU(0.2, True)]
        for level in range(1, n):
            out = _width(width, level)
            layers.append(wrap(nn.Conv2d(ch, out, 4, 2, 1, bias=norm != "batch")))
            if norm == "batch":
                layers.append(nn.BatchNorm2d(out))
            layers.append(nn.LeakyReLU(0.2, True))
            ch = out
        # One Sequential whose last layer is the head: the state-dict keys of every checkpoint so far.
        layers.append(wrap(nn.Conv2d(ch + (1 if mbstd else 0), 1, 4, 1, 0)))
        self.net = nn.Sequential(*layers)
        self.apply(_dcgan_init)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        if self.mbstd is None:
            return self.net(x).flatten()
        return self.net[-1](self.mbstd(self.net[:-1](x))).flatten()


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


def discriminator_for(config: TrainConfig, num_classes: int = 0) -> Discriminator:
    """The discriminator a run's settings (a ``TrainConfig``) describe: training and loading build the same."""
    return Discriminator(config.resolution, config.channels, config.d_width,
                         d_norm_for(config.loss, config.spectral_norm), config.spectral_norm, num_classes,
                         mbstd=config.d_mbstd)


def d_norm_for(loss: str, spectral_norm: bool) -> str:
    return "none" if loss == "wgan-gp" or spectral_norm else "batch"


def _dcgan_init(m: nn.Module) -> None:
    # The DCGAN paper's N(0, 0.02) weights; BatchNorm scale around 1.
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        weight = getattr(m, "weight_orig", m.weight)
        nn.init.normal_(weight, 0.0, 0.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)
