"""Does each class look like itself? Class agreement, the part of the score that sees the class.

Coverage and the SWD compare generated images with all the training pictures; neither sees whether
an image made for "crack" shows a crack. Measured on the demo set (``benchmarks/RESULTS.md``), images
made for the wrong class cover a class's pictures about as well as images made for the right one, and
a run that ignored the classes scored best. A classifier trained on the run's own pictures sees it:
the share of images made for each class that it puts into that class. Divided by how often it is
right on real pictures it did not train on (so that a judge right 90 % of the time does not cap a
perfect generator at 0.9) and averaged over the classes, this joins ``overall`` (``quality.py``), so
the best checkpoint and the stop advice of a run by class prefer images that follow their class.

The judge is :class:`~aigc_desktop.core.sampling.classifier.ImageClassifier`, trained once per run
(about 50 s for the demo set's 340 pictures at 64 px on 2 cores) and kept in the run folder. A judge
that can't tell the classes apart on real pictures (below halfway from guessing to always right: the
demo set at 32 px, 52 %) judges nothing: the score then leaves the class out and says so.

Every run on the same pictures gets the same judge (``JUDGE_SEED``, not the run's seed), so that two runs'
class agreement can be compared: judges of equal accuracy (96-99 % on fresh demo pictures) trained from
seeds 0 and 3 put one generator's agreement at 0.51 and 0.59 (nineteenth session, benchmarks/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.errors import Cancelled, CheckpointError, DataError
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.layout import CLASS_JUDGE, CONFIG, VERSIONS
from aigc_desktop.core.sampling.classifier import SIDES, ImageClassifier

if TYPE_CHECKING:
    from aigc_desktop.core.run.config import TrainConfig

# Larger pictures are shrunk to this side for the judge: 128 px costs four times as much to train, and
# the demo set's defects are already told apart at 64 px (92 % on held-out pictures, issue 13).
JUDGE_SIDE = 64
# As the usefulness report: a few dozen pictures a class need long patience to get past guessing.
MAX_EPOCHS, PATIENCE = 60, 15
WEAK_SHARE = 0.6  # a class is named when its agreement is below this share of the judge's accuracy
JUDGE_SEED = 0  # the same for every run: see the module's docstring

# Sentences for the user (translated in the window: see core/messages.py).
WEAK_CLASS = ("Generated '{name}' pictures look like '{name}' to a classifier trained on your pictures only "
              "{agreement:.0%} of the time.")
CLASSES_FOLLOWED = ("Pictures made for each class look like that class to a classifier trained on your pictures "
                    "{agreement:.0%} of the time (your own pictures: {real:.0%}).")
JUDGE_CANT_TELL = ("A classifier trained on your pictures can't tell your classes apart at this size ({accuracy:.0%} "
                   "right, guessing: {chance:.0%}), so the score can't check that each class looks like itself.")
CLASSES_FADING_IN = ("The model is still being taught your classes (in full from step {step:,}): until then, "
                     "pictures that don't look like their class are expected.")
CHECKING_CLASSES = ("Teaching a classifier your {count} classes, once for this run, so the score can check that the "
                    "pictures made for each class look like it (about a minute).")


class JudgeCancelled(Cancelled):
    """Raised through the judge's training when the caller asks it to stop (a job's cancel, too)."""


@dataclass(frozen=True)
class ClassAgreement:
    """One measurement: ``per_class`` is the share of images made for each class that the judge puts
    into it; ``real_accuracy`` is the judge's balanced accuracy on real pictures it did not train on."""

    per_class: dict[str, float]
    real_accuracy: float
    usable: bool  # the judge tells the classes apart well enough to count

    @property
    def mean(self) -> float:
        return float(np.mean(list(self.per_class.values()))) if self.per_class else math.nan

    @property
    def relative(self) -> float:
        """Mean agreement over the judge's accuracy on real pictures, at most 1 (1 = as real pictures);
        NaN where the judge is not usable."""
        if not self.usable or not self.per_class:
            return math.nan
        return min(1.0, self.mean / max(self.real_accuracy, 1e-6))

    @property
    def factor(self) -> float:
        """What ``overall`` is multiplied by: ``relative``, or 1 where the class is not judged."""
        return self.relative if math.isfinite(self.relative) else 1.0

    def describe(self) -> list[Sentence]:
        """The classes that don't look like themselves, weakest first (at most three), or one sentence
        that all do; or why the class could not be judged."""
        chance = 1.0 / max(1, len(self.per_class))
        if not self.usable:
            return [Sentence(JUDGE_CANT_TELL, accuracy=self.real_accuracy, chance=chance)]
        weak = sorted((value, name) for name, value in self.per_class.items()
                      if value < WEAK_SHARE * self.real_accuracy)
        if not weak:
            return [Sentence(CLASSES_FOLLOWED, agreement=self.mean, real=self.real_accuracy)]
        return [Sentence(WEAK_CLASS, name=name, agreement=value) for value, name in weak[:3]]


class ClassJudge:
    """A classifier of the run's classes and its accuracy on real pictures; measures class agreement."""

    def __init__(self, classifier: ImageClassifier) -> None:
        self.classifier = classifier
        self.real_accuracy = float(classifier.info.get("real_accuracy", 0.0))

    @property
    def usable(self) -> bool:
        chance = 1.0 / len(self.classifier.classes)
        return self.real_accuracy >= (1.0 + chance) / 2

    @classmethod
    def fit(cls, dataset: CachedDataset, *, seed: int = JUDGE_SEED,
            should_stop: Callable[[], bool] | None = None) -> ClassJudge:
        """Train on the pictures of ``dataset`` by class; its validation share gives ``real_accuracy``.

        Raises:
            JudgeCancelled: When ``should_stop`` returns True between epochs.
        """
        def progress(epoch: int, accuracy: float) -> None:
            if should_stop is not None and should_stop():
                raise JudgeCancelled

        # Blur as the usefulness report: generated pictures are softer, and a judge that never saw a
        # soft picture sorts them by softness.
        classifier, report = ImageClassifier.fit(
            judge_pictures(dataset.images), dataset.labels.numpy(), dataset.classes, seed=seed, blur=0.5,
            max_epochs=MAX_EPOCHS, patience=PATIENCE, progress=progress)
        classifier.info.update(real_accuracy=report.val_accuracy, fingerprint=dataset.fingerprint,
                               epochs=report.epochs, seconds=round(report.seconds, 1))
        return cls(classifier)

    @classmethod
    def for_run(cls, run_root: Path, dataset: CachedDataset, *,
                should_stop: Callable[[], bool] | None = None,
                before_fit: Callable[[], None] | None = None) -> ClassJudge | None:
        """The judge kept for the run at ``run_root`` for these pictures, or a new one trained and kept
        there (``judge_path``: a fine-tuned version shares its run's judge).

        None for a set with fewer than two classes or pictures too small to judge. A kept judge of
        other pictures (the set changed) or a damaged file is replaced.

        Raises:
            JudgeCancelled: When ``should_stop`` stops the training of a new judge.
        """
        if len(dataset.classes) < 2 or min(dataset.images.shape[-2:]) < SIDES[0]:
            return None
        path = judge_path(run_root)
        try:
            kept = ImageClassifier.load(path)
            if kept.info.get("fingerprint") == dataset.fingerprint and list(kept.classes) == list(dataset.classes):
                return cls(kept)
        except CheckpointError:
            pass  # none yet, or unreadable: train a new one
        if before_fit is not None:
            before_fit()
        try:
            judge = cls.fit(dataset, should_stop=should_stop)
        except DataError:
            return None  # classes it can't learn (a class of one picture, an unnamed class): no judge
        with contextlib.suppress(OSError):  # a read-only or full run folder: judge now, train again next time
            judge.classifier.save(path)
        return judge

    def measure(self, images: torch.Tensor, labels: torch.Tensor) -> ClassAgreement:
        """Agreement of uint8 images (N, C, H, W) made for ``labels`` (class indices of the judge)."""
        predicted = torch.from_numpy(self.classifier.predict(judge_pictures(images)))
        labels = labels.cpu()
        per_class = {}
        for index, name in enumerate(self.classifier.classes):
            mine = labels == index
            if bool(mine.any()):
                per_class[name] = float((predicted[mine] == index).float().mean())
        return ClassAgreement(per_class, self.real_accuracy, self.usable)


def fading_note(classes: ClassAgreement | None, config: TrainConfig, step: int) -> list[Sentence]:
    """While the class fades in (``TrainConfig.class_strength`` below 1), a weak class is no fault yet:
    one sentence that says so, to show beside the judge's verdict; none otherwise."""
    if classes is None or not classes.usable or config.class_strength(step) >= 1.0:
        return []
    return [Sentence(CLASSES_FADING_IN, step=config.class_fade_from + config.class_fade_steps)]


def judge_path(run_root: Path) -> Path:
    """Where a run keeps its judge: in the run folder, also for the model versions that fine-tuning
    writes inside it (``RUN/versions/vNNNN``), which train on the same pictures."""
    root = Path(run_root)
    if root.parent.name == VERSIONS and (root.parent.parent / CONFIG).is_file():
        root = root.parent.parent
    return root / CLASS_JUDGE


def judge_pictures(images: torch.Tensor) -> torch.Tensor:
    """uint8 images at the side the judge works at: shrunk by area averaging above ``JUDGE_SIDE``."""
    if images.shape[-1] <= JUDGE_SIDE:
        return images
    small = F.interpolate(images.float(), size=(JUDGE_SIDE, JUDGE_SIDE), mode="area")
    return small.round().clamp(0, 255).to(torch.uint8)
