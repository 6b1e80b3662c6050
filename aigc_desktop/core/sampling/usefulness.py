"""Does it help? Whether generated pictures make a better inspection classifier, tested on real ones.

A small classifier (``classifier.py``) is trained three ways and tested on the real pictures the run
held out (``core/data/holdout.py``), which neither the GAN nor any classifier saw:

- **real**: the real training pictures only — the baseline the user has today;
- **real + generated**: the same, plus generated pictures of every class;
- **generated only**: "train on synthetic, test on real", the Classification Accuracy Score of
  Ravuri & Vinyals (2019): how much of what tells the classes apart the generator really learnt.

Each way is trained with several seeds, and the accuracy and per-class recall are reported as a mean
and a spread (sample standard deviation), so that a difference smaller than the spread is called
no difference. **Class agreement**: how often the real-only classifier puts a generated picture into
the class it was asked for, per class.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import torch

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.errors import Cancelled, ConfigError, DataError
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.sampling.class_agreement import WEAK_CLASS
from aigc_desktop.core.sampling.classifier import ImageClassifier
from aigc_desktop.core.sampling.generation import LoadedGenerator, latents

WAYS = ("real", "real + generated", "generated")
MIN_GENERATED = 100  # per class: a few dozen real cracks get at least this many generated ones
MAX_GENERATED = 1000
GENERATED_SEED = 4242  # the generated pictures' latents: the same for every report of one model
# A few dozen pictures a class need long patience: on the demo set's 72 a class (32 px) training stopped
# at epoch 6 at chance (25 %) with 20 / 5; with 60 / 15 it reached 69 % on the held-out pictures.
MAX_EPOCHS, PATIENCE = 60, 15

# Sentences for the user (translated in the window: see core/messages.py).
NOTHING_HELD_OUT = ("This run has no held-out pictures to test on: only runs trained by class (pictures in "
                    "class folders) keep some aside when they start. Train by class to get a usefulness report.")
HELPS = ("The generated pictures help: a classifier trained on your pictures and the generated ones gets "
         "{with_:.0%} of your held-out pictures right, against {without:.0%} with your pictures alone (spread ±{spread:.0%}).")
HURTS = ("The generated pictures make the classifier worse: {with_:.0%} of your held-out pictures right with them, "
         "{without:.0%} without (spread ±{spread:.0%}). Train the model longer before using its pictures.")
NO_CLEAR = ("No clear difference: {with_:.0%} of your held-out pictures right with the generated pictures, {without:.0%} "
            "without; the spread between repeats (±{spread:.0%}) is as large as the difference.")
TSTR = ("Trained on generated pictures alone, the classifier gets {synthetic:.0%} right: the generator has learnt "
        "{share:.0%} of what tells your classes apart.")
FEW_HELD_OUT = "Only {count} held-out pictures: read these figures as rough."
AT_CHANCE = ("Trained on your {count:,} pictures alone, the classifier is no better than guessing on the held-out "
             "ones ({accuracy:.0%}; guessing: {chance:.0%}): too few pictures for it to learn your classes, so this "
             "report can't tell whether the generated pictures help. Add pictures, or train the model by class "
             "on a larger set.")


@dataclass(frozen=True)
class Figure:
    mean: float
    spread: float  # sample standard deviation over seeds (0 with one seed)


@dataclass
class UsefulnessReport:
    accuracy: dict[str, Figure]  # per way
    recall: dict[str, dict[str, Figure | None]]  # per way, per class (None: no held-out picture of it)
    agreement: dict[str, float]  # per class: share of its generated pictures the real-only classifier agrees with
    seeds: int
    counts: dict[str, int]  # real training, generated, held-out pictures
    seconds: float
    sentences: list[Sentence] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["verdict"] = [str(s) for s in self.sentences]
        del out["sentences"]
        return out


def usefulness(gen: LoadedGenerator, train: CachedDataset, held_out: CachedDataset | None, *, seeds: int = 3,
               minutes: float = 0.0, per_class: int | None = None,
               progress: Callable[[str, int, int], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> UsefulnessReport:
    """Train and test the three classifiers; ``minutes`` > 0 stops adding seeds once the time is spent
    (at least one seed of each way is always trained). ``per_class``: generated pictures per class
    (default: as many as the class has real ones, from ``MIN_GENERATED`` to ``MAX_GENERATED``)."""
    if not gen.conditional:
        raise ConfigError(Sentence(NOTHING_HELD_OUT))
    if held_out is None or len(held_out) == 0:
        raise DataError(Sentence(NOTHING_HELD_OUT))
    start = time.perf_counter()
    classes = list(gen.classes)
    real_y = _relabel(train, classes)
    test_y = _relabel(held_out, classes)
    counts = np.bincount(real_y, minlength=len(classes))
    made = [per_class or int(np.clip(c, MIN_GENERATED, MAX_GENERATED)) for c in counts]
    fake, fake_y = _generate(gen, made)
    sets = {"real": (train.images, real_y), "generated": (fake, fake_y),
            "real + generated": (torch.cat([train.images, fake]), np.concatenate([real_y, fake_y]))}
    accuracy: dict[str, list[float]] = {way: [] for way in WAYS}
    recall: dict[str, list[dict[str, float | None]]] = {way: [] for way in WAYS}
    agree: list[np.ndarray] = []
    total = seeds * len(WAYS)
    for seed in range(seeds):
        if seed and minutes > 0 and time.perf_counter() - start > minutes * 60:
            break
        for way in WAYS:
            if should_stop and should_stop():
                raise Cancelled()
            x, y = sets[way]
            model, _ = ImageClassifier.fit(x, y, classes, seed=seed, flips=False, blur=0.5,
                                           max_epochs=MAX_EPOCHS, patience=PATIENCE)
            scores = model.score(held_out.images, test_y)
            accuracy[way].append(scores.accuracy)
            recall[way].append(scores.recall)
            if way == "real":
                predicted = model.predict(fake)
                agree.append(np.array([np.mean(predicted[fake_y == k] == k) for k in range(len(classes))]))
            if progress:
                progress("classifiers", seed * len(WAYS) + WAYS.index(way) + 1, total)
    done = len(accuracy["real"])
    report = UsefulnessReport(
        accuracy={way: _figure(v) for way, v in accuracy.items()},
        recall={way: {c: _figure([r[c] for r in rows if r[c] is not None]) if rows and rows[0][c] is not None
                      else None for c in classes} for way, rows in recall.items()},
        agreement=dict(zip(classes, np.mean(agree, axis=0).tolist(), strict=True)),
        seeds=done, counts={"real": len(train), "generated": len(fake), "held_out": len(held_out)},
        seconds=time.perf_counter() - start)
    report.sentences = verdict(report)
    return report


def verdict(report: UsefulnessReport) -> list[Sentence]:
    """The report in words: does adding generated pictures help, what they alone teach, weak classes."""
    real, both, synthetic = (report.accuracy[way] for way in WAYS)
    chance = 1.0 / max(len(report.agreement), 1)
    if real.mean <= chance + max(real.spread, 0.05):
        return [Sentence(AT_CHANCE, count=report.counts["real"], accuracy=real.mean, chance=chance)]
    spread = max(math.hypot(real.spread, both.spread), 0.01)
    diff = both.mean - real.mean
    template = HELPS if diff > spread else HURTS if diff < -spread else NO_CLEAR
    out = [Sentence(template, with_=both.mean, without=real.mean, spread=spread)]
    share = (synthetic.mean - chance) / max(real.mean - chance, 1e-6)
    out.append(Sentence(TSTR, synthetic=synthetic.mean, share=float(np.clip(share, 0.0, 1.0))))
    out += [Sentence(WEAK_CLASS, name=name, agreement=value) for name, value in report.agreement.items()
            if value < 0.5]
    if report.counts["held_out"] < 20:
        out.append(Sentence(FEW_HELD_OUT, count=report.counts["held_out"]))
    return out


def _figure(values: Sequence[float]) -> Figure:
    arr = np.asarray(values, dtype=float)
    return Figure(float(arr.mean()), float(arr.std(ddof=1)) if len(arr) > 1 else 0.0)


def _relabel(data: CachedDataset, classes: list[str]) -> np.ndarray:
    """The pictures' labels as indices into the model's ``classes`` (a cache numbers its own classes)."""
    index = {name: classes.index(name) for name in data.classes if name in classes}
    if len(index) != len(data.classes):
        raise DataError(f"These pictures have classes the model does not know: "
                        f"{', '.join(c for c in data.classes if c not in classes)}.")
    lookup = np.array([index[name] for name in data.classes])
    return lookup[data.labels.numpy()]


def _generate(gen: LoadedGenerator, per_class: Sequence[int]) -> tuple[torch.Tensor, np.ndarray]:
    images, labels = [], []
    for k, n in enumerate(per_class):
        images.append(gen.generate(latents(n, gen.config.z_dim, GENERATED_SEED + k), labels=k))
        labels.append(np.full(n, k))
    return torch.cat(images), np.concatenate(labels)
