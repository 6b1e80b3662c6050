"""The DCGAN generator and discriminator (Radford et al. 2016), for any power-of-two resolution.

Unlike the seed article's example, the generator's output size and the discriminator's input size are
derived from the same ``resolution``, and D always ends in one logit per image (never a 5×5 map).

With ``num_classes`` > 0 both are class-conditional: G's BatchNorm layers take a scale and shift per
class (class-conditional BatchNorm, de Vries et al. 2017, as in BigGAN) or, in runs from before it, G
reads a learnt class embedding beside z (Mirza & Osindero 2014); D adds the projection of its pooled
features on a class embedding to its logit (Miyato & Koyama 2018). With 0 they are the unconditional
models, with the same state-dict keys as every checkpoint from before classes were learnt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.data.symmetry import turned
from aigc_desktop.core.gan.blocks import (
    RECONSTRUCT_FROM,
    ClassBatchNorm,
    Decoder,
    MinibatchStd,
    SkipExcitation,
    batch_norm,
)

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

    def __init__(self, z_dim: int, resolution: int, channels: int = 3, width: int = 32, num_classes: int = 0,
                 excite: bool = False, class_norm: bool = True, rotate: bool = False, kinds: int = 0,
                 class_from: int = 4, kind_outline: bool = False):
        super().__init__()
        self.z_dim, self.resolution, self.channels, self.num_classes = z_dim, resolution, channels, num_classes
        self.rotate, self.kinds = rotate, kinds
        if kinds:
            # How often each kind is drawn, per class (one row when not by class); set by the trainer
            # from the pictures (core/gan/kinds.py) and saved with the weights, so loading needs no pictures.
            self.register_buffer("kind_shares", torch.full((max(num_classes, 1), kinds), 1.0 / kinds))
        n = _stages(resolution)
        ch = _width(width, n - 1)
        # The class either scales and shifts every BatchNorm (class_norm) or travels beside z (before it).
        norm_classes = num_classes if class_norm else 0
        self.embed = (nn.Embedding(num_classes, class_embedding_size(z_dim))
                      if num_classes and not class_norm else None)
        # How much of the class G is told (0..1): set by the trainer during transitional training and by
        # whoever loads a checkpoint for its step; not a weight, so never in the state dict.
        self.class_strength = 1.0
        self.kind_strength = 1.0  # the same for the kinds of part (TrainConfig.kind_strength)
        z_in = z_dim + (self.embed.embedding_dim if self.embed is not None else 0)
        # Kinds of outline (``kind_outline``) reach only the first, 4 x 4 layer, which lays out the whole
        # part: the layers above draw the details, which belong to the class.
        later_kinds = 0 if kind_outline else kinds
        layers: list[nn.Module] = [
            nn.ConvTranspose2d(z_in, ch, 4, 1, 0, bias=False),
            batch_norm(ch, norm_classes if class_from <= 4 else 0, kinds),
            nn.ReLU(True),
        ]
        for level in range(n - 2, -1, -1):
            out = _width(width, level)
            side = resolution // 2 ** (level + 1)
            layers += [nn.ConvTranspose2d(ch, out, 4, 2, 1, bias=False),
                       batch_norm(out, norm_classes if side >= class_from else 0, later_kinds), nn.ReLU(True)]
            ch = out
        layers += [nn.ConvTranspose2d(ch, channels, 4, 2, 1, bias=False), nn.Tanh()]
        self.net = nn.Sequential(*layers)
        # Skip-layer excitation: stage k's features (side 4·2^k) gate stage k+2's channels.
        sides = [4 * 2**k for k in range(n)]
        widths = [_width(width, n - 1 - k) for k in range(n)]
        self.excite = nn.ModuleDict({
            str(k + 2): SkipExcitation(widths[k], widths[k + 2]) for k in range(n - 2) if sides[k + 2] >= 16
        }) if excite else None
        self.apply(_dcgan_init)

    def forward(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        h = z.view(z.shape[0], self.z_dim)
        if self.num_classes:
            if labels is None:
                raise ValueError("This generator is class-conditional: say which class each image is of.")
            labels = labels.to(h.device)
        if self.embed is not None:
            h = torch.cat([h, self.embed(labels).to(h.dtype) * self.class_strength], dim=1)
        h = h.view(h.shape[0], h.shape[1], 1, 1)
        class_norm = self.num_classes and self.embed is None
        if self.excite is None and not class_norm and not self.kinds:
            return self._turned(self.net(h), z)
        kinds = self.kind_of(z, labels) if self.kinds else None
        stages: list[torch.Tensor] = []
        for layer in self.net:
            h = (layer(h, labels, self.class_strength, kinds, self.kind_strength) if isinstance(layer, ClassBatchNorm)
                 else layer(h))
            if self.excite is not None and isinstance(layer, nn.ReLU):
                key = str(len(stages))
                if key in self.excite:
                    h = h * self.excite[key](stages[-2])
                stages.append(h)
        return self._turned(h, z)

    def kind_of(self, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        """The kind of picture each latent is drawn as (core/gan/kinds.py): its last number, uniform
        through the normal distribution's CDF, cut by the class's kind shares. Read from z, so the
        same latent always gives the same picture; independent of the turning angle (numbers 0 and 1)."""
        flat = z.view(z.shape[0], -1)
        u = 0.5 * (1.0 + torch.erf(flat[:, -1].float() / math.sqrt(2.0)))
        rows = labels.to(flat.device) if self.num_classes and labels is not None else torch.zeros_like(u, dtype=torch.int64)
        bounds = self.kind_shares.float().cumsum(dim=1)[rows]
        return (u[:, None] > bounds).sum(dim=1).clamp(max=self.kinds - 1)

    def _turned(self, images: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """With ``rotate``, each image turned about its centre by the angle of its latent's first two
        numbers (uniform over the circle, as z is isotropic; the same z always gives the same angle).

        Only the disc the frame holds is turned; the corners stay as G drew them. Turned, they would
        come from the edges of G's frame, which most angles never show and so nothing teaches G to
        fill: at 64 px such runs had smudged corners and a worse score (benchmarks/RESULTS.md)."""
        if not self.rotate:
            return images
        flat = z.view(z.shape[0], -1)
        whole = turned(images, torch.atan2(flat[:, 1], flat[:, 0]).to(images.dtype))
        inside = turning_disc(images.shape[-1], images.device, images.dtype)
        return inside * whole + (1 - inside) * images


def turning_disc(side: int, device: torch.device, dtype: torch.dtype) -> torch.Tensor:
    """(side, side) weights of the turned picture: 1 inside the disc the frame holds, 0 in the corners,
    blended over 2 px so that no seam shows."""
    centre = torch.arange(side, device=device, dtype=dtype) + 0.5 - side / 2
    radius = torch.hypot(centre[:, None], centre[None, :])
    return ((side / 2 - radius) / 2.0 + 0.5).clamp(0.0, 1.0)


def class_labels(n: int, num_classes: int, labels: torch.Tensor | int | None = None) -> torch.Tensor | None:
    """The classes of ``n`` images to make: ``labels`` as given, one class for all (an int), or by
    default every class in turn (image i of class i mod C). None for an unconditional model."""
    if not num_classes:
        return None
    if isinstance(labels, torch.Tensor):
        return labels.to(torch.int64)
    if labels is not None:
        if not 0 <= int(labels) < num_classes:
            raise ValueError(f"class index {labels} is not one of the model's {num_classes} classes")
        return torch.full((n,), int(labels), dtype=torch.int64)
    return torch.arange(n) % num_classes


def in_chunks(z: torch.Tensor, labels: torch.Tensor | None,
              size: int) -> Iterator[tuple[torch.Tensor, torch.Tensor | None]]:
    """``(z rows, their classes or None)`` in pieces of ``size``: how a model is fed many latents."""
    parts = labels.split(size) if labels is not None else [None] * math.ceil(len(z) / size)
    return zip(z.split(size), parts, strict=True)


def class_embedding_size(z_dim: int) -> int:
    # As many numbers for the class as for a quarter of the latent, at least 8: enough to tell a
    # few dozen classes apart without letting the class drown the noise.
    return max(8, z_dim // 4)


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
        reconstruct: bool = False,
        class_guess: bool = False,
        kinds: int = 0,
        class_twin: bool = False,
        class_apart: bool = False,
        class_from: int = 4,
        kind_project: bool = False,
        kind_guess: bool = True,
    ):
        super().__init__()
        self.resolution, self.channels, self.num_classes = resolution, channels, num_classes
        self.mbstd = MinibatchStd() if mbstd else None
        wrap = nn.utils.spectral_norm if spectral_norm else (lambda m: m)
        n = _stages(resolution)
        layers: list[nn.Module] = list(_features(channels, width, n, norm, wrap))
        ch = _width(width, n - 1)
        # The decoder reads the features of RECONSTRUCT_FROM px: the input of the k-th convolution, which
        # has halved the picture k times (never the picture itself, k = 0). 0: too small a picture for it.
        convs = [i for i, m in enumerate(layers) if isinstance(m, nn.Conv2d)]
        self._tap = next((i for k, i in enumerate(convs) if k and resolution >> k == RECONSTRUCT_FROM), 0)
        self.decoder = (Decoder(layers[self._tap].in_channels, channels, min(resolution, 64))
                        if reconstruct and self._tap else None)
        # One Sequential whose last layer is the head: the state-dict keys of every checkpoint so far.
        layers.append(wrap(nn.Conv2d(ch + (1 if mbstd else 0), 1, 4, 1, 0)))
        self.embed = wrap(nn.Embedding(num_classes, ch)) if num_classes else None
        # With ``class_apart`` the class guess reads features of its own, from a half-width copy of the
        # layers above: learning the classes then does not decide what D looks at to tell real from
        # generated (on the demo set the shared features learnt the defects and lost the hex nuts' corners).
        self.class_net = (_features(channels, max(width // 2, 4), n, norm, wrap)
                          if num_classes and class_guess and class_apart else None)
        guess_ch = _width(max(width // 2, 4), n - 1) if self.class_net is not None else ch
        # With ``class_from`` above 4 the class guess reads D's features of that side instead of the last
        # 4 x 4 ones: a guess per patch (of a 64 px picture about 22 px at 8, 10 px at 16), the strongest
        # patch deciding (``_classes``). A patch holds a scratch or a crack but not a whole outline, so G's
        # pull towards the asked class can't round it (on the demo set the whole-picture guess rounded the
        # hex nuts off).
        self._guess_tap = 0
        if num_classes and class_guess and class_from > 4 and self.class_net is None:
            side = min(class_from, resolution // 2)
            self._guess_tap = next((i for k, i in enumerate(convs) if k and resolution >> k == side), 0)
            if self._guess_tap:
                guess_ch = layers[self._guess_tap].in_channels
        # AC-GAN's auxiliary classifier (Odena et al. 2017): D's own guess of a picture's class
        self.guess = wrap(nn.Linear(guess_ch, num_classes)) if num_classes and class_guess else None
        # TAC-GAN's twin (Gong et al. 2019): the class of G's pictures, learnt from G's pictures
        self.twin = wrap(nn.Linear(guess_ch, num_classes)) if self.guess is not None and class_twin else None
        # and its guess of the picture's kind (core/gan/kinds.py), learnt from the real pictures
        self.kind_guess = wrap(nn.Linear(ch, kinds)) if kinds and kind_guess else None
        self.kind_embed = wrap(nn.Embedding(kinds, ch)) if kinds and kind_project else None
        self.class_strength = 1.0  # as the generator's: the class term's share of the logit
        self.kind_strength = 1.0  # and the kind term's
        self.net = nn.Sequential(*layers)
        self.apply(_dcgan_init)
        for embed in (self.embed, self.kind_embed):
            if embed is None:
                continue
            # Scaled so that at the start the class term of the logit is about as large as the head's
            # (unit-variance class vectors gave D a first loss of 63 on the demo set and a collapse).
            nn.init.normal_(getattr(embed, "weight_orig", embed.weight), 0.0, ch ** -0.5)

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None, guess: bool = False,
                kinds: torch.Tensor | None = None,
                ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor | None, torch.Tensor | None]:
        """Logits; with ``guess``, also D's guesses of each picture's class, (N, classes) logits, and of
        its kind, (N, kinds) logits (None for a head D lacks). With the twin, the class guess is (N, 2 ×
        classes): the guess, then the twin's. One forward for all, so that DistributedDataParallel sees
        the guess heads used in the same pass."""
        if guess:
            if self._guess_tap:
                patches = self.net[:self._guess_tap](x)
                features = self.net[self._guess_tap:-1](patches)
                seen = patches.flatten(2).transpose(1, 2)  # (N, positions, channels): one guess per patch
            else:
                features = self.net[:-1](x)
                seen = features.mean(dim=(2, 3)) if self.class_net is None else self.class_net(x).mean(dim=(2, 3))
            pooled = features.mean(dim=(2, 3))
            classes = self._classes(self.guess, seen) if self.guess is not None else None
            if classes is not None and self.twin is not None:
                classes = torch.cat([classes, self._classes(self.twin, seen)], dim=1)
            return (self._head(features, labels, kinds), classes,
                    self.kind_guess(pooled) if self.kind_guess is not None else None)
        if self.mbstd is None and self.embed is None and self.kind_embed is None:
            return self.net(x).flatten()
        return self._head(self.net[:-1](x), labels, kinds)

    @property
    def guesses_from_patches(self) -> bool:
        """Whether the class guess reads patches (``class_from`` above 4) rather than the whole picture."""
        return bool(self._guess_tap)

    def _classes(self, head: nn.Module, seen: torch.Tensor) -> torch.Tensor:
        if seen.dim() == 2:
            return head(seen)
        # Soft maximum over the patches, less the log of their number: a uniform picture scores as one
        # patch, and one patch that shows a defect can carry the whole picture's guess.
        return torch.logsumexp(head(seen), dim=1) - math.log(seen.shape[1])

    def forward_and_reconstruct(self, x: torch.Tensor, labels: torch.Tensor | None = None,
                                kinds: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits, and the picture D's 8 × 8 features decode back to (FastGAN's self-supervision)."""
        assert self.decoder is not None
        h = self.net[:self._tap](x)
        return self._head(self.net[self._tap:-1](h), labels, kinds), self.decoder(h)

    def _head(self, features: torch.Tensor, labels: torch.Tensor | None,
              kinds: torch.Tensor | None = None) -> torch.Tensor:
        """The logit from the last 4 × 4 features: the head, plus the class projection when conditional
        and the kind's where D judges kinds (pictures without a kind, such as liked images added to a
        fine-tuning set, get none)."""
        logits = self.net[-1](features if self.mbstd is None else self.mbstd(features)).flatten()
        if self.embed is None and (self.kind_embed is None or kinds is None):
            return logits
        pooled = features.mean(dim=(2, 3))
        if self.kind_embed is not None and kinds is not None:
            kind_term = (self.kind_embed(kinds.to(features.device)).to(pooled.dtype) * pooled[:len(kinds)]).sum(dim=1)
            logits = logits + self.kind_strength * F.pad(kind_term, (0, len(logits) - len(kinds)))
        if self.embed is None:
            return logits
        if labels is None:
            raise ValueError("This discriminator is class-conditional: say which class each image is of.")
        # Averaged, not summed as in the paper: with DCGAN's unnormalised head a sum over the 4 × 4 map
        # made the class term 16 times the head's and D's first losses explode (measured: loss 63).
        # Multiplied, never skipped at strength 0: DistributedDataParallel wants every parameter used.
        class_term = (self.embed(labels.to(features.device)).to(pooled.dtype) * pooled).sum(dim=1)
        return logits + self.class_strength * class_term


def tell_strengths(model: nn.Module, config: TrainConfig, step: int) -> None:
    """Tell a generator or discriminator as much of the class and of the kind as ``step`` of training
    allows (transitional training): the trainer every step, loaders for a checkpoint's step."""
    model.class_strength = config.class_strength(step)
    model.kind_strength = config.kind_strength(step)


def generator_for(config: TrainConfig, classes: Sequence[str] = ()) -> Generator:
    """The generator a run's settings describe for pictures of ``classes``: training, the EMA copy
    and loading build the same."""
    return Generator(config.z_dim, config.resolution, config.channels, config.g_width,
                     config.class_count(classes), excite=config.g_excite, class_norm=config.g_class_norm,
                     rotate=config.g_rotate == "on", kinds=config.kind_count, class_from=config.g_class_from,
                     kind_outline=config.kind_look == "outline")


def discriminator_for(config: TrainConfig, classes: Sequence[str] = ()) -> Discriminator:
    """The discriminator a run's settings (a ``TrainConfig``) describe: training and loading build the same."""
    return Discriminator(config.resolution, config.channels, config.d_width,
                         d_norm_for(config.loss, config.spectral_norm), config.spectral_norm,
                         config.class_count(classes),
                         mbstd=config.d_mbstd, reconstruct=config.d_reconstruct > 0,
                         class_guess=config.d_class_guess > 0,
                         kinds=config.kind_count if config.d_kind_guess > 0 or config.d_kind_project else 0,
                         class_twin=config.d_class_twin > 0, class_apart=config.d_class_apart,
                         class_from=config.d_class_from,
                         kind_project=config.d_kind_project, kind_guess=config.d_kind_guess > 0)


def _features(channels: int, width: int, stages: int, norm: str,
              wrap: Callable[[nn.Module], nn.Module]) -> nn.Sequential:
    """A discriminator's layers from the picture down to its 4 × 4 features, without the head."""
    ch = _width(width, 0)
    layers: list[nn.Module] = [wrap(nn.Conv2d(channels, ch, 4, 2, 1)), nn.LeakyReLU(0.2, True)]
    for level in range(1, stages):
        out = _width(width, level)
        layers.append(wrap(nn.Conv2d(ch, out, 4, 2, 1, bias=norm != "batch")))
        if norm == "batch":
            layers.append(nn.BatchNorm2d(out))
        layers.append(nn.LeakyReLU(0.2, True))
        ch = out
    return nn.Sequential(*layers)


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
