"""The Feedback tab's engine work, as plain functions run on worker threads (``gallery_worker.JobRunner``).

No Qt here. Each job opens its own ratings database connection (sqlite3 ties a connection to the
thread that opened it); the window keeps another one for the ratings themselves, which are written
on the GUI thread so that a click is committed before the next image is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from aigc_desktop.workers.job_context import JobContext, to_arrays

if TYPE_CHECKING:
    from aigc_desktop.core.feedback.store import ModelVersion

CHUNK = 64


@dataclass(frozen=True)
class RatingBatch:
    """Images to rate, with everything a rating stores: the version, seed, ψ and each latent."""

    run_dir: str
    version: ModelVersion
    seed: int
    psi: float
    latents: list[np.ndarray]  # float32 (z_dim,), exactly what the generator was given
    arrays: list[np.ndarray]  # uint8 (H, W, C)
    classes: list[str] = field(default_factory=list)  # each image's class; [] for a model not trained by class
    model_classes: tuple[str, ...] = ()  # the classes the model was trained by (what a batch may be limited to)


@dataclass(frozen=True)
class Comparison:
    """The same seeds drawn by two versions, side by side."""

    left: ModelVersion
    right: ModelVersion
    seeds: list[int]
    left_arrays: list[np.ndarray]
    right_arrays: list[np.ndarray]


def rating_batch(ctx: JobContext, run_dir: str, n: int, seed: int, psi: float = 1.0,
                 device: str = "cpu", class_name: str = "") -> RatingBatch:
    """``n`` images of the current version (the run's best checkpoint, the first time), made on ``device``;
    for a model trained by class, all of ``class_name`` ("": the classes in turn)."""
    from aigc_desktop.core.feedback.versions import load_version

    ctx.progress("load", 0, 1)
    sampler = load_version(run_dir, device=device)
    gen = sampler.generator
    if class_name and class_name not in gen.classes:
        class_name = ""  # another run's class, picked before this batch: all classes
    z = sampler.latents(n, seed, psi)
    labels = gen.labels_of(range(n), class_name)
    arrays: list[np.ndarray] = []
    for start in range(0, n, CHUNK):
        ctx.check()
        part = labels[start:start + CHUNK] if labels is not None else None
        arrays += to_arrays(sampler.generate(z[start:start + CHUNK], labels=part))
        ctx.progress("generate", len(arrays), n)
    classes = [gen.classes[int(i)] for i in labels] if labels is not None else []
    return RatingBatch(run_dir, sampler.version, seed, psi, list(z.numpy().astype(np.float32)), arrays, classes,
                       tuple(gen.classes) if gen.conditional else ())


def steer(ctx: JobContext, run_dir: str, strength: float, mode: str = "shift") -> ModelVersion:
    """A new "steered" version of the current one, made current."""
    from aigc_desktop.core.feedback.versions import steer_version

    ctx.progress("steer", 0, 1)
    return steer_version(run_dir, strength, mode)


def register_best(ctx: JobContext, run_dir: str) -> ModelVersion:
    """The run's best (else newest) checkpoint as the current version (training has moved on)."""
    from aigc_desktop.core.feedback.versions import register_checkpoint

    ctx.progress("load", 0, 1)
    return register_checkpoint(run_dir)


def use_version(ctx: JobContext, run_dir: str, version_id: int) -> ModelVersion:
    """Make a version current again (a rollback), once its checkpoint is known to load."""
    from aigc_desktop.core.feedback.versions import rollback

    ctx.progress("load", 0, 1)
    return rollback(run_dir, version_id)


def compare(ctx: JobContext, run_dir: str, left: int, right: int, seeds: Sequence[int],
            psi: float = 1.0, device: str = "cpu") -> Comparison:
    from aigc_desktop.core.feedback.store import FeedbackStore
    from aigc_desktop.core.feedback.versions import compare_versions

    ctx.progress("generate", 0, 1)
    a, b = compare_versions(run_dir, left, right, seeds, psi, device)
    with FeedbackStore.for_run(run_dir) as store:
        versions = (store.version(left), store.version(right))
    return Comparison(*versions, list(seeds), to_arrays(a), to_arrays(b))


def export_ratings(ctx: JobContext, run_dir: str, path: str) -> int:
    from aigc_desktop.core.feedback.store import FeedbackStore

    ctx.progress("export", 0, 1)
    with FeedbackStore.for_run(run_dir) as store:
        return store.export_csv(path)


def import_ratings(ctx: JobContext, run_dir: str, path: str) -> tuple[int, int]:
    from aigc_desktop.core.feedback.store import FeedbackStore

    ctx.progress("import", 0, 1)
    with FeedbackStore.for_run(run_dir) as store:
        return store.import_csv(path)
