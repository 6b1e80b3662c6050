"""An offline quality score for generated images, with no downloaded weights.

The score is the multi-scale sliced Wasserstein distance (SWD) of Karras et al. 2018 (Progressive
Growing of GANs, section 5): each image becomes a Laplacian pyramid (full size down to 16 px), 7×7
neighbourhoods are sampled at every level, and at each level the distributions of real and generated
neighbourhoods are compared along random 1-D directions, where the Wasserstein distance is a sort.
Lower is better; values are ×1e3 as in the paper. Fine levels see texture and sharpness, the 16 px
level sees layout and colour. ``diversity`` catches what SWD sees only weakly: a generator that
repeats itself (mode collapse). What neither sees — a whole kind of picture missing, a colour cast,
copies of the training pictures — is measured by ``coverage.py`` and reported beside them; whether
the images made for each class look like it, for a model trained by class, by ``class_agreement.py``.
``QualityReport.score`` joins the two into the one number that ranks checkpoints
(``combined_score.py``), and ``stop_advice.StopAdvisor`` turns a series of them into "keep going" or "stop".
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np
import torch
import torch.nn.functional as F

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.data.file_names import readable_location
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.sampling.class_agreement import ClassAgreement, ClassJudge
from aigc_desktop.core.sampling.combined_score import combined_score
from aigc_desktop.core.sampling.coverage import CoverageReference, CoverageReport, describe
from aigc_desktop.core.sampling.generation import latents

_CHUNK_VALUES = 1 << 20  # pyramids are built a few images at a time: 4 MB of float32 pixels


class Sampler(Protocol):
    """Anything that turns latents into uint8 images: a ``LoadedGenerator`` or a ``Trainer``."""

    config: Any

    def generate(self, z: torch.Tensor) -> torch.Tensor: ...


@dataclass(frozen=True)
class QualityReport:
    """One evaluation. ``swd``: lower is better. ``diversity``: compare with ``real_diversity``.

    ``fidelity`` holds coverage, precision, memorised share and colour error (see
    :class:`~aigc_desktop.core.sampling.coverage.CoverageReport`), also readable here directly:
    ``report.coverage``, ``report.overall`` (1 = as good as fresh pictures of the same things),
    ``report.uncovered`` (training pictures with no generated look-alike). NaN where not measured.
    ``classes``, for a model trained by class, holds how often the images made for each class look like
    it; ``overall`` is then also multiplied by ``class_agreement`` (an image of the wrong class is not a
    good image of its class, however real it looks).
    """

    swd: float
    swd_levels: dict[int, float]  # resolution → SWD at that pyramid level
    diversity: float
    real_diversity: float
    n: int
    seconds: float
    generate_seconds: float
    fidelity: CoverageReport | None = None
    classes: ClassAgreement | None = None

    @property
    def score(self) -> float:
        """The number that ranks checkpoints, lower is better: ``swd / max(overall, 0.01)``.

        The SWD alone prefers copies of the training pictures and misses a colour cast or a missing
        kind of picture; ``overall`` alone is 0 for every early checkpoint. Divided, a model as good as
        fresh pictures scores about its SWD and each failure multiplies it (``combined_score.py`` says
        why in full). Just the SWD where coverage was not measured.
        """
        return combined_score(self.swd, self.overall)

    @property
    def coverage(self) -> float:
        return self._fidelity("coverage")

    @property
    def precision(self) -> float:
        return self._fidelity("precision")

    @property
    def memorised(self) -> float:
        return self._fidelity("memorised")

    @property
    def colour_error(self) -> float:
        return self._fidelity("colour_error")

    @property
    def overall(self) -> float:
        return self._fidelity("overall") * (self.classes.factor if self.classes is not None else 1.0)

    @property
    def class_agreement(self) -> float:
        """Images that look like the class they were made for, relative to real pictures (0..1); NaN
        where not judged (not by class, or a judge that can't tell the classes apart)."""
        return self.classes.relative if self.classes is not None else math.nan

    @property
    def uncovered(self) -> tuple[int, ...]:
        return self.fidelity.uncovered if self.fidelity is not None else ()

    def uncovered_names(self, sources: Sequence[str], limit: int) -> list[str]:
        """Where the first ``limit`` uncovered pictures came from, readable whatever code page named
        them (``#index`` where ``sources`` doesn't say)."""
        return [readable_location(sources[i]) if i < len(sources) else f"#{i}" for i in self.uncovered[:limit]]

    def class_figures(self) -> dict[str, Any]:
        """The class agreement, per class, and the judge's accuracy on real pictures, JSON-able (NaN and
        {} where not judged), as ``quality.jsonl`` and ``aigc-desktop evaluate`` keep them."""
        judged = self.classes is not None
        return {"class_agreement": self.class_agreement,
                "class_agreement_by_class": dict(self.classes.per_class) if judged else {},
                "class_judge_accuracy": self.classes.real_accuracy if judged else math.nan}

    def describe(self) -> list[Sentence]:
        """What coverage, precision, copies, colour and the classes say, in plain sentences (none if not measured)."""
        out = describe(self.fidelity) if self.fidelity is not None else []
        return out + (self.classes.describe() if self.classes is not None else [])

    def as_dict(self) -> dict[str, Any]:
        """JSON-able (level keys become strings, e.g. ``"swd_32"``; ``uncovered`` a list of indices)."""
        out = asdict(self)
        out.pop("swd_levels")
        out.pop("fidelity")
        out.pop("classes")
        out.update(self.class_figures())
        out.update({f"swd_{res}": value for res, value in self.swd_levels.items()})
        for name in ("coverage", "precision", "memorised", "colour_error", "overall", "score"):
            out[name] = getattr(self, name)
        out["uncovered"] = list(self.uncovered)
        return out

    def _fidelity(self, name: str) -> float:
        return float(getattr(self.fidelity, name)) if self.fidelity is not None else math.nan


def sliced_wasserstein(
    real: torch.Tensor,
    fake: torch.Tensor,
    *,
    seed: int = 0,
    descriptors: int = 16384,
    patch: int = 7,
    repeats: int = 4,
    directions: int = 128,
    min_resolution: int = 16,
) -> dict[str, Any]:
    """Multi-scale SWD between two sets of uint8 images (N, C, H, W) of the same size.

    Levels halve the size down to ``min_resolution`` (64 px: 64, 32, 16). Each set gives
    ``descriptors`` neighbourhoods per level, spread evenly over its images (the paper took 128 per
    image from 16k images, 2 M in all; sorting that many is too slow on a CPU). With fewer, two
    halves of the same data score above 0 (a noise floor), but a fixed count keeps that floor the
    same whatever the set sizes, so scores of different evaluations compare fairly. As in the
    paper, each set's descriptors are normalised per channel by that set's own mean and std. Tried
    the other way (both by the real set's), a slight change of overall contrast while training
    outweighed everything else at the 16 px level: on the demo set the score then preferred the
    grey blobs of step 500 to the recognisable parts of step 3,000. The price: an overall colour
    cast or contrast error is not seen.

    Returns:
        ``{"average": float, "levels": {resolution: float}, "descriptors": M}``, SWD ×1e3.
        The same inputs and seed give the same numbers.
    """
    if real.shape[1:] != fake.shape[1:]:
        raise ValueError(f"Real and generated images differ in size: {tuple(real.shape[1:])} vs {tuple(fake.shape[1:])}.")
    sizes = [min(real.shape[-2:])]
    while (sizes[-1] + 1) // 2 >= max(min_resolution, patch):
        sizes.append((sizes[-1] + 1) // 2)
    if sizes[0] < patch or len(real) == 0 or len(fake) == 0:
        raise ValueError(f"Need at least one image of at least {patch}×{patch} pixels in each set.")
    # Separate random streams: the real set's descriptors do not change with the generated set's size.
    desc_real = _descriptors(real, descriptors, len(sizes), patch, torch.Generator().manual_seed(seed * 3 + 1))
    desc_fake = _descriptors(fake, descriptors, len(sizes), patch, torch.Generator().manual_seed(seed * 3 + 2))
    dirs_gen = torch.Generator().manual_seed(seed * 3)
    per_level: dict[int, float] = {}
    for size, a, b in zip(sizes, desc_real, desc_fake, strict=True):
        per_level[size] = 1e3 * _swd(_normalised(a), _normalised(b), repeats, directions, dirs_gen)
    return {"average": float(np.mean(list(per_level.values()))), "levels": per_level, "descriptors": descriptors}


def diversity(images: torch.Tensor, *, max_images: int = 512, size: int = 32, seed: int = 0) -> float:
    """Mean pairwise distance between images: root-mean-square pixel difference, pixels in 0..1.

    Images are first averaged down to ``size`` px so that pixel noise counts less than shape and
    layout. Higher = more varied; a set of one image repeated scores 0. At most ``max_images``
    (drawn with ``seed``) are compared, so the cost is bounded.
    """
    if len(images) < 2:
        return 0.0
    pick = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))[:max_images]
    x = images[pick].to(torch.float64) / 255.0
    if x.shape[-1] > size:
        x = F.adaptive_avg_pool2d(x, size)
    flat = x.flatten(1)
    # float64 keeps |x|²+|y|²-2x·y accurate enough that identical images give 0, not rounding noise.
    sq = (flat * flat).sum(1)
    d2 = (sq[:, None] + sq[None, :] - 2.0 * flat @ flat.T).clamp_min(0.0)
    k = len(flat)
    mean = d2.sqrt().sum() / (k * (k - 1))  # the diagonal is 0
    return float(mean / math.sqrt(flat.shape[1]))


def proportional_labels(labels: torch.Tensor, n: int) -> torch.Tensor:
    """``n`` class indices in the proportions of ``labels`` (largest remainders), grouped by class."""
    counts = torch.bincount(labels.cpu(), minlength=1).double()
    exact = counts * n / counts.sum()
    take = exact.floor().long()
    short = n - int(take.sum())
    if short:
        take[torch.argsort(exact - take, descending=True)[:short]] += 1
    return torch.repeat_interleave(torch.arange(len(take)), take)


def evaluate(
    gen: Sampler | Callable[[int, int], torch.Tensor],
    real: CachedDataset,
    n: int = 1000,
    seed: int = 0,
    reference: CoverageReference | None = None,
    judge: ClassJudge | None = None,
    labels: torch.Tensor | None = None,
    **swd_options: Any,
) -> QualityReport:
    """Generate ``n`` images and score them against the training images: SWD, diversity and coverage.

    Args:
        gen: A ``LoadedGenerator`` or ``Trainer`` (latents come from ``generation.latents(n, z_dim,
            seed)``, so every evaluation of a run sees the same latents), or a function
            ``(n, seed) -> uint8 (n, C, H, W)``.
        real: The training images.
        n: How many images to generate.
        seed: Seeds the latents, the SWD sampling and the real pictures that coverage compares with.
        reference: The training pictures' side of coverage, from an earlier evaluation of the same
            ``real``, ``n`` and ``seed`` (saves about half of the coverage's cost); built if None.
        judge: For a model trained by class, the classifier of ``class_agreement.py``: the report then
            says how often the images made for each class look like it, and ``overall`` counts it.
        labels: With a function ``gen``, the class each of its images was made for (for ``judge``).
        swd_options: Passed on to :func:`sliced_wasserstein`.
    """
    start = time.perf_counter()
    if hasattr(gen, "generate"):
        # A conditional model makes each class as often as the training pictures hold it, so coverage
        # compares like with like; an unconditional one ignores the labels.
        labels = proportional_labels(real.labels, n)
        fake = gen.generate(latents(n, gen.config.z_dim, seed), labels=labels)
        if not _by_class(gen):
            labels = None
    else:
        fake = gen(n, seed)
    generated = time.perf_counter()
    swd = sliced_wasserstein(real.images, fake, seed=seed, **swd_options)
    if reference is None:
        reference = CoverageReference(real.images, len(fake), seed=seed)
    fidelity = reference.measure(fake)
    classes = judge.measure(fake, labels) if judge is not None and labels is not None else None
    return QualityReport(
        swd=swd["average"],
        swd_levels=swd["levels"],
        diversity=diversity(fake, seed=seed),
        real_diversity=diversity(real.images, seed=seed),
        n=len(fake),
        seconds=time.perf_counter() - start,
        generate_seconds=generated - start,
        fidelity=fidelity,
        classes=classes,
    )


def _by_class(gen: Sampler) -> bool:
    """Does this trainer or loaded generator make each image for the class it is given?"""
    conditional = getattr(gen, "conditional", None)
    if conditional is None:
        conditional = getattr(gen, "num_classes", 0) > 0
    return bool(conditional)


def _descriptors(
    images: torch.Tensor, m: int, levels: int, patch: int, gen: torch.Generator
) -> list[torch.Tensor]:
    """``m`` random neighbourhoods (m, C, patch, patch) per pyramid level, spread evenly over the images."""
    n, c, h, w = images.shape
    counts = torch.full((n,), m // n, dtype=torch.long)
    counts[torch.randperm(n, generator=gen)[: m % n]] += 1
    owner = torch.repeat_interleave(torch.arange(n), counts)  # sorted, so chunks are contiguous
    bounds = torch.cat([torch.zeros(1, dtype=torch.long), counts.cumsum(0)])
    half = patch // 2
    ys = [torch.randint(half, -(-h // 2**lv) - half, (m,), generator=gen) for lv in range(levels)]
    xs = [torch.randint(half, -(-w // 2**lv) - half, (m,), generator=gen) for lv in range(levels)]
    offsets = torch.arange(-half, half + 1)
    channel = torch.arange(c)[None, :, None, None]
    out = [torch.empty(m, c, patch, patch) for _ in range(levels)]
    chunk = max(1, _CHUNK_VALUES // (c * h * w))
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        a, b = int(bounds[start]), int(bounds[stop])
        if a == b:
            continue
        local = (owner[a:b] - start)[:, None, None, None]
        pyramid = _laplacian_pyramid(images[start:stop].float(), levels)
        for lv, layer in enumerate(pyramid):
            y = (ys[lv][a:b, None] + offsets)[:, None, :, None]
            x = (xs[lv][a:b, None] + offsets)[:, None, None, :]
            out[lv][a:b] = layer[local, channel, y, x]
    return out


def _normalised(desc: torch.Tensor) -> torch.Tensor:
    """(M, C, p, p) → (M, C·p·p), each channel at mean 0 and std 1 over the whole set."""
    mean = desc.mean(dim=(0, 2, 3), keepdim=True)
    std = desc.std(dim=(0, 2, 3), keepdim=True).clamp_min(1e-6)  # a flat set (one colour): avoid 0/0
    return ((desc - mean) / std).flatten(1)


def _laplacian_pyramid(x: torch.Tensor, levels: int) -> list[torch.Tensor]:
    """Band-pass levels (the detail lost by halving) from full size down, then the low-pass remainder."""
    pyramid = [x]
    for _ in range(1, levels):
        down_h, up_h = _resampling(x.shape[-2])
        down_w, up_w = _resampling(x.shape[-1])
        down = down_h @ (x @ down_w.T)
        pyramid[-1] = x - up_h @ (down @ up_w.T)
        pyramid.append(down)
        x = down
    return pyramid


@functools.lru_cache(maxsize=16)
def _resampling(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Matrices that blur-and-halve (⌈n/2⌉, n) and double-and-blur (n, ⌈n/2⌉) one image axis.

    The blur is the paper's binomial [1, 4, 6, 4, 1] / 16 with mirrored edges (cv2.pyrDown/pyrUp).
    As matrices, a whole chunk of images is resampled by a few large matrix products instead of
    thousands of small element-wise operations, which stall for milliseconds each when other
    programs are busy on the same cores.
    """
    blur = torch.zeros(n, n, dtype=torch.float64)
    for i in range(n):
        for k, weight in enumerate((1.0, 4.0, 6.0, 4.0, 1.0)):
            j = abs(i + k - 2)  # mirror at the start ...
            j = 2 * (n - 1) - j if j >= n else j  # ... and at the end, without repeating the edge
            blur[i, j] += weight / 16.0
    # Upsampling puts the values at even positions between zeros: ×2 per axis keeps the brightness.
    return blur[::2].float().contiguous(), (2.0 * blur[:, ::2]).float().contiguous()


def _swd(a: torch.Tensor, b: torch.Tensor, repeats: int, directions: int, gen: torch.Generator) -> float:
    """Mean 1-D Wasserstein-1 distance of two equal-size (M, D) sets over random unit directions."""
    at, bt = a.T.contiguous(), b.T.contiguous()
    results = []
    for _ in range(repeats):
        dirs = torch.randn(directions, a.shape[1], generator=gen)
        dirs /= dirs.norm(dim=1, keepdim=True)
        # numpy's vectorised sort is about 4× faster than torch.sort on a CPU. (Sorting the two sets
        # in two threads was faster on an idle machine but 2-4× slower beside a busy one, such as
        # a training run, which is when evaluations happen.)
        pa = np.sort((dirs @ at).numpy(), axis=1)
        pb = np.sort((dirs @ bt).numpy(), axis=1)
        results.append(float(np.abs(pa - pb).mean()))
    return float(np.mean(results))
