"""Which of the user's pictures a generator can make, whether its images look real, and whether it copies.

Three measures, fitted on the training pictures with nothing downloaded:

- **coverage** (Naeem et al. 2020, "Reliable Fidelity and Diversity Metrics for Generative Models"):
  the share of real pictures that have a generated image within their own neighbourhood — the
  distance to their k-th nearest real neighbour. A generator that drops the hex nuts leaves every
  nut picture without a look-alike; those pictures are returned (``uncovered``) to show the user.
- **precision** (Kynkäänniemi et al. 2019, "Improved Precision and Recall Metric"): the share of
  generated images inside some real picture's neighbourhood; a miscoloured, blurred or broken
  image falls outside all of them.
- **memorised**: the share of generated images whose nearest training picture is less than half as
  far from them as that picture's own nearest other training picture, both in grey at 16 × 16 px
  (the layout alone: a copy with a little noise is still a copy). A fresh photo of the same things
  almost never is; a replayed training picture always is, noisy or not.

Coverage and precision share one feature space, chosen by measurement among layout, texture, HOG,
random-conv-net and spectrum features (``benchmarks/score_orderings.py --compare-features``, figures
in ``benchmarks/RESULTS.md``). It joins three blocks. *Layout*: the picture in grey at 16 × 16 px,
projected on the 16 main axes of the training pictures (PCA) — what is where, which a part's layout
or a digit's strokes decide. *Texture and colour*: per opponent-colour channel, the energy of each
octave of detail (fine texture, sharpness) and the mean and spread of what is left at 4 px (colour,
brightness, contrast), standardised over the training pictures. *Shape*: the grey picture's power
spectrum in polar form, per band of detail its energy and the strength of its 1- to 6-fold angular
harmonics — a hexagon's six edges, four bolt holes, a brick wall's rows — which neither moving nor
turning the picture changes. Each block is scaled so that the typical real neighbourhood has radius 1
in it, then texture counts half: with equal weight, texture differences that people hardly notice
(two handwritten 8s) diluted the layout and hid a missing digit. Without the shape block, a disc and
a hexagon of the same size are close at 16 px: coverage read 0.80 for the demo set without its nuts
(40 % of it; now 0.61), and 0.99 for a run on nut pictures whose parts were mostly round rings (now
0.37, precision 0.98 → 0.21).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import torch
import torch.nn.functional as F

from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.sampling.colour import colour_error, colour_stats

K = 5  # neighbours that make a real picture's neighbourhood (Naeem et al. recommend 5)
COPY_RATIO = 0.5  # "much closer than real pictures are to each other"
TEXTURE_WEIGHT = 0.5
SHAPE_WEIGHT = 1.0
# The shape block: the spectrum of the grey picture at SHAPE_SIDE px, in SHAPE_BANDS octave-like bands
# of detail, each band's energy around the circle (SHAPE_ANGLES directions over half a turn, as a
# power spectrum is symmetric) reduced to the strength of its first SHAPE_HARMONICS harmonics.
SHAPE_SIDE, SHAPE_BANDS, SHAPE_ANGLES, SHAPE_HARMONICS, _RADII_PER_BAND = 32, 6, 48, 6, 4
LAYOUT_SIDE, LAYOUT_AXES = 16, 16
FEATURE_MAX_SIDE = 128  # larger images are averaged down first: their detail costs more than it tells
MIN_TEXTURE_SIDE = 4
# Differences below about 4 grey levels are not visible, so no texture feature is measured more
# finely than that: a grey picture set has no colour spread, and a faint tint would otherwise count
# as infinitely far from it.
TEXTURE_FLOOR = 4.0 / 255.0
# At most this many training pictures (a random subset of larger sets) make the neighbourhoods and
# are searched for copies: the cost grows with its square.
REAL_LIMIT = 5000
_CHUNK = 256  # rows of a distance matrix at a time
# Features are computed for this many pixel values at a time (32 MB of float32): few, large tensor
# operations, since each one can stall for milliseconds when other programs busy the same cores.
_CHUNK_VALUES = 1 << 23
_OPPONENT = torch.tensor([[1 / 3, 1 / 3, 1 / 3], [0.5, 0.0, -0.5], [-0.25, 0.5, -0.25]])

UNCOVERED_FEW = "Almost every one of your pictures has a generated look-alike."
UNCOVERED_SOME = "About {percent} % of your pictures have no generated look-alike."
UNREAL_SOME = "About {percent} % of the generated images look like none of your pictures."
COPIES_SOME = "About {percent} % of the generated images are near-copies of your pictures."
DARKER = "The generated images are darker than your pictures."
BRIGHTER = "The generated images are brighter than your pictures."
COLOUR_CAST = "The generated images have a colour cast that your pictures don't have."


@dataclass(frozen=True)
class CoverageReport:
    """Coverage, precision and memorisation of one generated set; all shares are from 0 to 1.

    ``overall`` = precision × coverage × (1 − memorised): 1 for a generator as good as fresh
    pictures of the same things, lower for each kind of failure. ``uncovered``: indices of the
    real pictures with no generated look-alike, the most unlike first. ``colour_error`` is in
    CIELAB ΔE (about 2 is just noticeable); ``colour_shift`` is generated minus real mean (L, a, b).
    """

    coverage: float
    precision: float
    memorised: float
    colour_error: float
    colour_shift: tuple[float, float, float]
    uncovered: tuple[int, ...]
    n_real: int  # real pictures the neighbourhoods were drawn from
    n_fake: int

    @property
    def overall(self) -> float:
        return self.precision * self.coverage * (1.0 - self.memorised)


def image_features(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """uint8 (N, C, H, W) → layout (N, 256), texture statistics (N, D) and shape (N, S), a chunk at a time.

    Layout: the lightness at 16 × 16, values 0..1. Texture: per opponent channel (lightness,
    red–blue, green–magenta; a grey set has no spread in the last two), the energy of each octave
    of detail down to 4 px, and the mean and spread of what is left at 4 px. Shape: see
    :func:`shape_spectrum`.
    """
    step = _images_per_chunk(images)
    chunks = [_features(images[i:i + step]) for i in range(0, len(images), step)]
    return tuple(torch.cat([c[i] for c in chunks]) for i in range(3))  # type: ignore[return-value]


def shape_spectrum(lightness: torch.Tensor) -> torch.Tensor:
    """Lightness (N, 1, H, W) → (N, SHAPE_BANDS × (1 + SHAPE_HARMONICS)) features of the outline and
    pattern that moving or turning the picture leaves alone.

    The power spectrum does not change when the picture moves; in polar form, turning the picture
    only shifts each ring of it around the circle, which leaves the magnitudes of the ring's angular
    harmonics unchanged. A hexagon puts its energy in six directions (harmonic 3 over half a turn), a
    square pattern in four, a disc in none. Per band: log energy, and each harmonic relative to it.
    """
    side = lightness.shape[-1]
    g = F.interpolate(lightness, size=(SHAPE_SIDE, SHAPE_SIDE), mode="area" if side > SHAPE_SIDE else "bilinear",
                      **({} if side > SHAPE_SIDE else {"align_corners": False}))
    g = g - g.mean(dim=(2, 3), keepdim=True)
    power = torch.fft.fftshift(torch.fft.fft2(g).abs().pow(2), dim=(-2, -1))
    polar = F.grid_sample(power, _polar_grid().expand(len(g), -1, -1, -1), mode="bilinear", align_corners=False)
    energy = polar[:, 0].view(len(g), SHAPE_BANDS, _RADII_PER_BAND, SHAPE_ANGLES).mean(dim=2)
    harmonics = torch.fft.rfft(energy, dim=-1).abs()[..., : SHAPE_HARMONICS + 1]
    base = harmonics[..., 0].clamp_min(1e-12)
    return torch.cat([torch.log(base + 1e-8), (harmonics[..., 1:] / base[..., None]).flatten(1)], dim=1)


def _polar_grid() -> torch.Tensor:
    """(1, radii, angles, 2) sampling points of ``grid_sample`` on a centred SHAPE_SIDE spectrum:
    bands spaced evenly on a log scale from the lowest frequency to the highest."""
    edges = torch.logspace(0.0, math.log10(SHAPE_SIDE / 2), SHAPE_BANDS + 1)
    steps = torch.arange(_RADII_PER_BAND) / _RADII_PER_BAND
    radii = (edges[:-1, None] + (edges[1:] - edges[:-1])[:, None] * steps).flatten()
    theta = torch.arange(SHAPE_ANGLES) * math.pi / SHAPE_ANGLES
    x, y = radii[:, None] * torch.cos(theta), radii[:, None] * torch.sin(theta)
    # After fftshift the zero frequency sits at pixel SHAPE_SIDE / 2; grid_sample's -1..1 spans the pixels' edges.
    to_grid = lambda v: (v + SHAPE_SIDE / 2 + 0.5) / SHAPE_SIDE * 2 - 1  # noqa: E731
    return torch.stack([to_grid(x), to_grid(y)], dim=-1)[None]


def layout_pixels(images: torch.Tensor) -> torch.Tensor:
    """uint8 (N, C, H, W) → (N, 256) float64: the lightness (mean of the channels) at 16 × 16, 0..1."""
    step = _images_per_chunk(images)
    chunks = [_layout(images[i:i + step].float().mean(dim=1, keepdim=True) / 255.0)
              for i in range(0, len(images), step)]
    return torch.cat(chunks).double()


def _images_per_chunk(images: torch.Tensor) -> int:
    return max(1, _CHUNK_VALUES // max(1, images[0].numel())) if len(images) else 1


def _layout(lightness: torch.Tensor) -> torch.Tensor:
    side = lightness.shape[-1]
    return (F.adaptive_avg_pool2d(lightness, LAYOUT_SIDE) if side != LAYOUT_SIDE else lightness).flatten(1)


def _features(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    x = images.float() / 255.0
    if x.shape[-1] > FEATURE_MAX_SIDE:
        x = F.adaptive_avg_pool2d(x, FEATURE_MAX_SIDE)
    if x.shape[1] == 3:
        x = (_OPPONENT @ x.flatten(2)).view_as(x)
    layout = _layout(x[:, :1])
    shape = shape_spectrum(x[:, :1])
    # Octave energies of the Haar pyramid: with 2 × 2 block means as the low-pass, the detail lost
    # by each halving is orthogonal to what remains, so its energy is a difference of mean squares
    # and nothing is upsampled (about half the cost of a binomial Laplacian pyramid).
    bands = []
    while min(x.shape[-2:]) >= 2 * MIN_TEXTURE_SIDE:
        down = F.avg_pool2d(x, 2)
        bands.append((x.pow(2).mean(dim=(2, 3)) - down.pow(2).mean(dim=(2, 3))).clamp_min(0.0).sqrt())
        x = down
    texture = torch.cat([*bands, x.mean(dim=(2, 3)), x.std(dim=(2, 3))], dim=1)
    return layout, texture, shape


class Embedding(Protocol):
    """Images → points where nearby means alike, fitted on real pictures: ``cls(real, k)(images)``."""

    def __call__(self, images: torch.Tensor) -> torch.Tensor: ...


class FeatureSpace:
    """The joint layout + texture + shape embedding, fitted on a set of real uint8 pictures."""

    def __init__(self, real: torch.Tensor, k: int = K, texture_weight: float = TEXTURE_WEIGHT,
                 shape_weight: float = SHAPE_WEIGHT, layout_weight: float = 1.0) -> None:
        layout, texture, shape = image_features(real)
        self._mean = layout.mean(0)
        _, _, vt = torch.linalg.svd((layout - self._mean).double(), full_matrices=False)
        self._axes = vt[: min(LAYOUT_AXES, len(vt))].T.float()
        self._tex_mean = texture.mean(0)
        self._tex_std = texture.std(0).nan_to_num(0.0).clamp_min(TEXTURE_FLOOR)
        self._shape_mean = shape.mean(0)
        self._shape_std = shape.std(0).nan_to_num(0.0).clamp_min(1e-6)
        self._scales = (1.0, 1.0, 1.0)
        blocks = self._project(layout, texture, shape).split(
            [self._axes.shape[1], texture.shape[1], shape.shape[1]], dim=1)
        weights = (layout_weight, texture_weight, shape_weight)
        self._scales = tuple(w / _mean_radius(b, k) if w else 0.0 for w, b in zip(weights, blocks, strict=True))

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        """uint8 (N, C, H, W) → (N, D) float64 points."""
        return self._project(*image_features(images))

    def _project(self, layout: torch.Tensor, texture: torch.Tensor, shape: torch.Tensor) -> torch.Tensor:
        a = (layout - self._mean) @ self._axes * self._scales[0]
        b = (texture - self._tex_mean) / self._tex_std * self._scales[1]
        c = (shape - self._shape_mean) / self._shape_std * self._scales[2]
        return torch.cat([a, b, c], dim=1).double()


class CoverageReference:
    """The training pictures' side of the measure, computed once and reusable for every evaluation.

    The neighbourhoods come from a random subset of at most ``n_fake`` real pictures (and at most
    ``REAL_LIMIT``): a neighbourhood's size depends on how many real pictures share the space, and
    coverage is only near 1 for a good generator when there are at least as many generated images
    as real ones. ``uncovered`` indexes ``real``.
    """

    def __init__(
        self,
        real: torch.Tensor,
        n_fake: int,
        *,
        seed: int = 0,
        k: int = K,
        space: Callable[[torch.Tensor, int], Embedding] = FeatureSpace,
    ) -> None:
        if len(real) < 2 or n_fake < 1:
            raise ValueError("Coverage needs at least two real pictures and one generated image.")
        order = torch.randperm(len(real), generator=torch.Generator().manual_seed(seed))
        self._search = order[:REAL_LIMIT]
        self.real_count = min(len(real), n_fake, REAL_LIMIT)
        self.k = min(k, self.real_count - 1)
        subset = real[order[: self.real_count]]
        self.space = space(subset, self.k)
        self._points = self.space(subset).double()
        self._radius = _kth_neighbour(self._points, self.k)
        self._layout = layout_pixels(real[self._search])
        self._nearest_other = _nearest_distinct(self._layout)
        self._colour = colour_stats(subset)

    def measure(self, fake: torch.Tensor) -> CoverageReport:
        """Coverage, precision, memorised share and colour error of the generated uint8 images."""
        if len(fake) == 0:
            raise ValueError("Coverage needs at least one generated image.")
        points = self.space(fake).double()
        m = self.real_count
        nearest_fake = torch.full((m,), math.inf, dtype=points.dtype)
        inside = torch.zeros(len(points), dtype=torch.bool)
        for i in range(0, len(points), 4 * _CHUNK):  # (real, fake) distances a block of fakes at a time
            dist = torch.cdist(self._points, points[i:i + 4 * _CHUNK])
            nearest_fake = torch.minimum(nearest_fake, dist.min(dim=1).values)
            inside[i:i + 4 * _CHUNK] = (dist <= self._radius[:, None]).any(dim=0)
        covered = nearest_fake <= self._radius
        # The most unlike first: how far the closest generated image is, in neighbourhood radii.
        unlike = nearest_fake / self._radius.clamp_min(1e-12)
        missing = torch.nonzero(~covered).flatten()
        missing = missing[torch.argsort(unlike[missing], descending=True, stable=True)]
        to_train, which = _nearest(layout_pixels(fake), self._layout)
        copied = to_train < COPY_RATIO * self._nearest_other[which]
        fake_colour = colour_stats(fake)
        return CoverageReport(
            coverage=covered.float().mean().item(),
            precision=inside.float().mean().item(),
            memorised=copied.float().mean().item(),
            colour_error=colour_error(self._colour, fake_colour),
            colour_shift=tuple(f - r for f, r in zip(fake_colour.mean, self._colour.mean, strict=True)),
            uncovered=tuple(int(i) for i in self._search[missing]),
            n_real=m,
            n_fake=len(fake),
        )


def measure_coverage(real: torch.Tensor, fake: torch.Tensor, *, seed: int = 0, k: int = K) -> CoverageReport:
    """One call: fit the reference on the real uint8 images and measure the generated ones."""
    return CoverageReference(real, len(fake), seed=seed, k=k).measure(fake)


def describe(report: CoverageReport) -> list[Sentence]:
    """What the report means, in plain sentences: coverage first, then any other problem it shows."""
    uncovered = round(100 * (1.0 - report.coverage))
    out = [Sentence(UNCOVERED_SOME, percent=uncovered) if uncovered > 5 else Sentence(UNCOVERED_FEW)]
    unreal = round(100 * (1.0 - report.precision))
    if unreal >= 20:
        out.append(Sentence(UNREAL_SOME, percent=unreal))
    copies = round(100 * report.memorised)
    if copies >= 5:
        out.append(Sentence(COPIES_SOME, percent=copies))
    lightness, a, b = report.colour_shift
    if lightness <= -3.0:
        out.append(Sentence(DARKER))
    elif lightness >= 3.0:
        out.append(Sentence(BRIGHTER))
    if math.hypot(a, b) >= 3.0:
        out.append(Sentence(COLOUR_CAST))
    return out


def _mean_radius(points: torch.Tensor, k: int) -> float:
    radius = _kth_neighbour(points.double(), k).mean().item()
    return radius if radius > 1e-9 else 1.0  # every real picture the same: any scale will do


def _kth_neighbour(points: torch.Tensor, k: int) -> torch.Tensor:
    """Distance from each point to its k-th nearest other point (the point itself excluded)."""
    out = []
    for i in range(0, len(points), _CHUNK):
        dist = torch.cdist(points[i:i + _CHUNK], points)
        out.append(dist.kthvalue(k + 1, dim=1).values)  # the smallest is the point itself, at 0
    return torch.cat(out)


def _nearest(queries: torch.Tensor, points: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For each query, the distance to its nearest point and that point's index."""
    best = torch.full((len(queries),), math.inf, dtype=points.dtype)
    which = torch.zeros(len(queries), dtype=torch.long)
    for i in range(0, len(points), 4 * _CHUNK):
        dist, idx = torch.cdist(queries, points[i:i + 4 * _CHUNK]).min(dim=1)
        better = dist < best
        best[better], which[better] = dist[better], idx[better] + i
    return best, which


def _nearest_distinct(points: torch.Tensor) -> torch.Tensor:
    """Distance from each point to its nearest other point that is not a duplicate of it."""
    out = []
    for i in range(0, len(points), _CHUNK):
        dist = torch.cdist(points[i:i + _CHUNK], points)
        # Itself and duplicates in the training set: far below one grey level, far above the
        # rounding of a distance computed through dot products (about 1e-7 here).
        dist[dist < 1e-4] = math.inf
        out.append(dist.min(dim=1).values)
    nearest = torch.cat(out)
    return nearest.nan_to_num(posinf=0.0)  # no distinct neighbour at all: nothing can count as its copy
