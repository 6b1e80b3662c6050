"""The Gallery's engine work, as plain functions run on worker threads: no Qt here.

Every job takes a :class:`JobContext` (progress, partial results, cancellation) and most take the
:class:`EngineCache` that keeps the loaded generator, discriminator and training pictures between
jobs. Engine modules (and so torch) are imported inside the functions: the Gallery tab imports this
module, and the window must open without loading torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from aigc_desktop.core.data.file_names import readable_location
from aigc_desktop.core.messages import Sentence
from aigc_desktop.workers.job_context import (
    EngineCache,
    JobContext,
    ModelChoice,
    ModelInfo,
    info_of,
    to_arrays,
    to_tensor,
)

if TYPE_CHECKING:
    import torch

    from aigc_desktop.core.sampling.generation import LoadedGenerator

CHUNK = 256  # images per generator call: big enough to be efficient, small enough to show progress


@dataclass(frozen=True)
class Chunk:
    """Part of a generation: the images for positions ``start`` … of the requested list."""

    start: int
    arrays: list[np.ndarray]  # uint8 (H, W, C)
    latents: list[np.ndarray]  # float32 (z_dim,): what each image was made from (a rating stores it)
    classes: list[str] = field(default_factory=list)  # each image's class; [] for a model not trained by class


@dataclass(frozen=True)
class Kept:
    """Result of "keep the best k of N": latent indices, D's scores and images, best first."""

    indices: list[int]
    scores: list[float]
    arrays: list[np.ndarray]
    info: ModelInfo
    latents: list[np.ndarray]
    classes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Neighbour:
    index: int  # in the training set
    distance: float
    array: np.ndarray  # the training picture, uint8 (H, W, C)


@dataclass(frozen=True)
class Neighbours:
    """The training pictures closest to one image, in pixel space and in D's feature space."""

    pixel: list[Neighbour]
    features: list[Neighbour]
    pixel_threshold: float  # a pixel distance at or below this counts as a near-copy
    training_size: int


@dataclass(frozen=True)
class CopyCheck:
    distances: list[float]  # per image, pixel distance to the closest training picture
    flags: list[bool]
    threshold: float


def _latents(choice: ModelChoice, n: int, z_dim: int, seed: int, psi: float, steer: float) -> torch.Tensor:
    """The first ``n`` latents of ``seed``; steered toward liked images (the Feedback tab's ratings) if ``steer``."""
    if steer > 0:
        from aigc_desktop.core.feedback.versions import steered_latents

        return steered_latents(choice.run_dir, choice.checkpoint, n, seed, steer, psi)
    from aigc_desktop.core.sampling.generation import latents

    return latents(n, z_dim, seed, psi)


def _names(gen: LoadedGenerator, labels: torch.Tensor | None) -> list[str]:
    """The class names of class indices; [] for a model not trained by class."""
    return [] if labels is None else [gen.classes[int(i)] for i in labels]


def describe(ctx: JobContext, cache: EngineCache, choice: ModelChoice) -> ModelInfo:
    """Load the chosen model (kept in the cache for the next job) and say what it holds, classes included."""
    ctx.progress("load", 0, 1)
    return info_of(cache.generator(choice))


def generate(ctx: JobContext, cache: EngineCache, choice: ModelChoice, seed: int, indices: Sequence[int],
             psi: float, steer: float = 0.0, class_name: str = "") -> ModelInfo:
    """Make the images of latent ``indices`` for ``seed`` and ψ, sent as :class:`Chunk` partials in order.

    ``class_name``: for a model trained by class, the class of every image ("": the classes in turn)."""
    ctx.progress("load", 0, 1)
    gen = cache.generator(choice)
    indices = list(indices)
    z_all = _latents(choice, max(indices, default=0) + 1, gen.config.z_dim, seed, psi, steer)
    labels = gen.labels_of(indices, class_name)
    for start in range(0, len(indices), CHUNK):
        ctx.check()
        z = z_all[indices[start:start + CHUNK]]
        part = labels[start:start + CHUNK] if labels is not None else None
        images = gen.generate(z, labels=part)
        ctx.partial(Chunk(start, to_arrays(images), list(z.numpy().astype(np.float32)), _names(gen, part)))
        ctx.progress("generate", min(start + CHUNK, len(indices)), len(indices))
    return info_of(gen)


def rank(ctx: JobContext, cache: EngineCache, choice: ModelChoice, arrays: Sequence[np.ndarray],
         classes: Sequence[str] = ()) -> list[float]:
    """D's score per image (higher = more real to D); for a model trained by class, as a picture of
    its class in ``classes`` (names, one per image)."""
    import torch

    from aigc_desktop.core.sampling.curation import discriminator_scores

    ctx.progress("load", 0, 1)
    d = cache.discriminator(choice)
    names = cache.generator(choice).classes if classes else []
    labels = torch.tensor([names.index(c) for c in classes]) if classes else None
    scores: list[float] = []
    for start in range(0, len(arrays), CHUNK):
        ctx.check()
        part = labels[start:start + CHUNK] if labels is not None else None
        scores += discriminator_scores(d, to_tensor(arrays[start:start + CHUNK]), labels=part).tolist()
        ctx.progress("rank", len(scores), len(arrays))
    return scores


def keep_best(ctx: JobContext, cache: EngineCache, choice: ModelChoice, seed: int, k: int, n: int,
              psi: float, steer: float = 0.0, class_name: str = "") -> Kept:
    """Generate ``n`` images and keep the ``k`` that D scores highest (as ``curation.keep_best``, with progress).

    Only the best ``k`` images so far are kept in memory, so asking for 100 of 10,000 stays small.
    """
    from aigc_desktop.core.sampling.curation import discriminator_scores

    if not 1 <= k <= n:
        raise ValueError(f"Can only keep from 1 to {n} of {n} images (asked for {k}).")
    ctx.progress("load", 0, 1)
    gen, d = cache.generator(choice), cache.discriminator(choice)
    z_all = _latents(choice, n, gen.config.z_dim, seed, psi, steer)
    labels = gen.labels_of(range(n), class_name)
    best_idx = np.zeros(0, np.int64)
    best_scores = np.zeros(0, np.float64)
    best_arrays: list[np.ndarray] = []
    for start in range(0, n, CHUNK):
        ctx.check()
        part = labels[start:start + CHUNK] if labels is not None else None
        images = gen.generate(z_all[start:start + CHUNK], labels=part)
        scores = discriminator_scores(d, images, labels=part).astype(np.float64)
        idx = np.concatenate([best_idx, np.arange(start, start + len(images))])
        sc = np.concatenate([best_scores, scores])
        arrays = best_arrays + to_arrays(images)
        order = np.lexsort((idx, -sc))[:k]  # best first; ties keep the lower index, as the engine does
        best_idx, best_scores, best_arrays = idx[order], sc[order], [arrays[i] for i in order]
        ctx.progress("keep", min(start + CHUNK, n), n)
    return Kept(best_idx.tolist(), best_scores.tolist(), best_arrays, info_of(gen),
                list(z_all[best_idx.tolist()].numpy().astype(np.float32)),
                _names(gen, labels[best_idx] if labels is not None else None))


def nearest(ctx: JobContext, cache: EngineCache, choice: ModelChoice, array: np.ndarray, k: int = 5) -> Neighbours:
    """The ``k`` closest training pictures to one image, in pixels and in D's features."""
    from aigc_desktop.core.sampling.curation import nearest_training_images

    data = cache.dataset(choice)
    ctx.check()
    image = to_tensor([array])[0]
    pixel = nearest_training_images(image, data, k, "pixel")
    ctx.check()
    d = cache.discriminator(choice)
    features = nearest_training_images(image, data, k, "features", d)
    shown = to_arrays(data.images[[i for i, _ in pixel + features]])
    found = [Neighbour(i, dist, arr) for (i, dist), arr in zip(pixel + features, shown, strict=True)]
    return Neighbours(found[:len(pixel)], found[len(pixel):], cache.threshold(choice), len(data))


def check_copies(ctx: JobContext, cache: EngineCache, choice: ModelChoice,
                 arrays: Sequence[np.ndarray]) -> CopyCheck:
    """Flag images whose closest training picture is nearer than the near-copy threshold (pixel space)."""
    from aigc_desktop.core.sampling.curation import nearest_distances

    ctx.progress("load", 0, 1)
    data = cache.dataset(choice)
    threshold = cache.threshold(choice)
    distances: list[float] = []
    for start in range(0, len(arrays), CHUNK):
        ctx.check()
        distances += nearest_distances(to_tensor(arrays[start:start + CHUNK]), data, "pixel").tolist()
        ctx.progress("copies", len(distances), len(arrays))
    return CopyCheck(distances, [x <= threshold for x in distances], threshold)


@dataclass(frozen=True)
class Uncovered:
    """A training picture that nothing generated resembles."""

    index: int  # in the training set
    name: str  # where it came from (a path, or "archive.zip:member"); "" if the cache does not say
    array: np.ndarray  # uint8 (H, W, C)


@dataclass(frozen=True)
class Evaluation:
    """The quality score of one model: the figures (``QualityReport.as_dict()``), what they say, examples."""

    figures: dict[str, Any]
    sentences: list[Sentence]  # translated by the window (engine_text)
    uncovered: list[Uncovered]  # the first few, the most unlike first; [] when every picture is covered


def evaluate(ctx: JobContext, cache: EngineCache, choice: ModelChoice, examples: int = 8) -> Evaluation:
    """The offline quality score of the chosen model (see ``core.sampling.quality``), with up to
    ``examples`` training pictures that nothing generated resembles."""
    from aigc_desktop.core.sampling.class_agreement import ClassJudge, fading_note
    from aigc_desktop.core.sampling.quality import evaluate as score

    ctx.progress("load", 0, 1)
    gen, data = cache.generator(choice), cache.dataset(choice)
    ctx.check()
    judge = None
    if gen.conditional:  # the run's own class judge, as its training log used (trained here if it has none)
        judge = ClassJudge.for_run(gen.checkpoint.parent.parent, data, should_stop=ctx.should_stop,
                                   before_fit=lambda: ctx.progress("classes", 0, 1))
    # As many images and the same seed as the scores taken while training, so that the Gallery's
    # score of a checkpoint is the one its training log gave (coverage depends on the count).
    ctx.progress("evaluate", 0, 1)
    report = score(gen, data, n=gen.config.eval_images, seed=gen.config.seed, judge=judge)
    ctx.progress("evaluate", 1, 1)
    shown = list(report.uncovered[:examples])
    arrays = to_arrays(data.images[shown]) if shown else []
    names = [readable_location(data.sources[i]) if i < len(data.sources) else "" for i in shown]
    said = report.describe() + fading_note(report.classes, gen.config, gen.step)
    return Evaluation(report.as_dict(), said,
                      [Uncovered(i, name, arr) for i, name, arr in zip(shown, names, arrays, strict=True)])


@dataclass(frozen=True)
class ExportItem:
    array: np.ndarray
    seed: int
    index: int
    psi: float
    class_name: str = ""  # for a model trained by class


@dataclass(frozen=True)
class ExportOptions:
    upscale: int = 1
    sharpen: float = 0.0
    channels: int | None = None  # None: as generated (the training pictures' channels)
    is_ema: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def export(ctx: JobContext, choice: ModelChoice, items: Sequence[ExportItem], target: str,
           options: ExportOptions) -> list[str]:
    """Write the images as PNGs with provenance into a folder or a ``.zip``; returns the file names."""
    from aigc_desktop.core.sampling.curation import postprocess
    from aigc_desktop.core.sampling.export import export_images, provenance
    from aigc_desktop.core.sampling.generation import to_pil

    def pairs():
        for item in items:
            image = to_tensor([item.array])[0]
            polished = (postprocess(image, options.upscale, options.sharpen, options.channels)
                        if (options.upscale, options.sharpen, options.channels) != (1, 0.0, None) else to_pil(image))
            prov = provenance(choice.run_name, choice.step, item.seed, item.index, item.psi, options.is_ema,
                              upscale=options.upscale, sharpen=options.sharpen, channels=options.channels)
            if item.class_name:
                prov["aigc:class"] = item.class_name
            yield polished, prov

    def progress(done: int, total: int) -> None:
        ctx.progress("export", done, total)
        ctx.check()  # a folder keeps the files already written; a zip is not created at all

    return export_images(pairs(), target, progress=progress)


def export_dataset(ctx: JobContext, cache: EngineCache, choice: ModelChoice, target: str, per_class: int,
                   classes: Sequence[str], keep: tuple[int, int], leave_out_copies: bool, seed: int = 0,
                   psi: float = 1.0) -> Any:
    """A labelled dataset (``core/sampling/labelled_export.py``); returns its ``LabelledExport``.
    Cancelling keeps what was written, files and manifest matching (a zip is not written at all)."""
    from aigc_desktop.core.sampling.labelled_export import export_labelled_dataset

    ctx.progress("load", 0, 1)
    gen, d, data = cache.generator(choice), cache.discriminator(choice), cache.dataset(choice)
    result = export_labelled_dataset(
        gen, d, data, target, per_class, classes=list(classes), keep=keep, seed=seed, psi=psi,
        leave_out_copies=leave_out_copies, progress=lambda done, total: ctx.progress("export", done, total),
        should_stop=ctx.should_stop)
    ctx.check()
    return result


@dataclass(frozen=True)
class Usefulness:
    """A usefulness report: its figures (``UsefulnessReport.as_dict()``) and its verdict, to translate."""

    figures: dict[str, Any]
    sentences: list[Sentence]


def usefulness(ctx: JobContext, cache: EngineCache, choice: ModelChoice, seeds: int = 3) -> Usefulness:
    """Does the chosen model's output help an inspection classifier (``core/sampling/usefulness.py``)?"""
    from aigc_desktop.core.run.session import held_out_pictures
    from aigc_desktop.core.sampling.usefulness import usefulness as report_for

    ctx.progress("load", 0, 1)
    gen, data = cache.generator(choice), cache.dataset(choice)
    report = report_for(gen, data, held_out_pictures(choice.run_dir, gen.config), seeds=seeds,
                        progress=ctx.progress, should_stop=ctx.should_stop)
    return Usefulness(report.as_dict(), list(report.sentences))


def interpolate(ctx: JobContext, cache: EngineCache, choice: ModelChoice,
                ends: Sequence[tuple[int, int, float]], count: int, method: str,
                class_name: str = "") -> list[np.ndarray]:
    """``count`` frames from image ``ends[0]`` to ``ends[1]``, each given as (seed, latent index, ψ);
    for a model trained by class, every frame of ``class_name`` (a morph stays within one class)."""
    from aigc_desktop.core.sampling.generation import latents
    from aigc_desktop.core.sampling.interpolation import interpolate as walk

    ctx.progress("load", 0, 1)
    gen = cache.generator(choice)
    z0, z1 = (latents(i + 1, gen.config.z_dim, s, psi)[i] for s, i, psi in ends)
    ctx.check()
    frames = walk(z0, z1, count, method)
    # every frame of one class: the one named, or (none named) the first end's default class
    frames = to_arrays(gen.generate(frames, labels=gen.labels_of([ends[0][1]] * count, class_name)))
    ctx.progress("interpolate", 1, 1)
    return frames


def save_walk(ctx: JobContext, frames: Sequence[np.ndarray], target: str, as_gif: bool, scale: int,
              bounce: bool, text: dict[str, str]) -> list[str]:
    """Save an interpolation as one GIF or as a folder of PNG frames; returns the paths written."""
    from aigc_desktop.core.sampling.interpolation import write_frames, write_gif

    ctx.progress("save", 0, 1)
    if as_gif:
        paths = [write_gif(frames, target, scale=scale, bounce=bounce)]
    else:
        paths = write_frames(frames, target, scale=scale, text=text)
    ctx.progress("save", 1, 1)
    return [str(p) for p in paths]
