"""What the training worker's signals carry: small frozen dataclasses that both ends import.

No Qt here. The worker (``training_worker.py``) fills them on its thread; the Training tab and its
monitor read the same named fields on the GUI thread, so a field renamed on one side fails on the other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from aigc_desktop.core.run.events import StepStats
from aigc_desktop.core.sampling.combined_score import row_score


@dataclass(frozen=True)
class RunStarted:
    """The loop is about to take its first step: what runs, where, and from which step."""

    run_dir: str
    step: int  # the step it starts from (> 0 when resumed or fine-tuned)
    total_steps: int  # 0: limited by minutes instead
    minutes: float = 0.0
    device: str = ""
    resolution: int = 0
    batch: int = 0
    loss: str = ""
    diffaug: bool = False
    xflip: bool = False
    turning: bool = False  # the generator turns each part to an angle of its own (g_rotate)
    kinds: int = 0  # kinds of picture found and kept (core/gan/kinds.py); 0: off
    kind_look: str = "look"  # what they were found by: "look" or "outline" (kinds of part)
    classes: tuple[str, ...] = ()  # the classes learnt, in the preview's row order; () when not by class
    images: int = 0  # training pictures
    resumed_from: str = ""  # the checkpoint a resumed run continues, "" for a new run
    finetune: bool = False  # fine-tuning a model version with people's ratings


@dataclass(frozen=True, eq=False)  # arrays do not compare as booleans
class StepStatsBatch:
    """The statistics of the steps since the last batch: one float64 array per field, all the same length."""

    step: np.ndarray
    loss_d: np.ndarray
    loss_g: np.ndarray
    d_real: np.ndarray
    d_fake: np.ndarray
    images_per_s: np.ndarray

    @classmethod
    def from_steps(cls, steps: Sequence[StepStats]) -> StepStatsBatch:
        """The same fields of each step, side by side."""
        return cls(**{f.name: np.fromiter((getattr(s, f.name) for s in steps), dtype=np.float64, count=len(steps))
                      for f in fields(cls)})


@dataclass(frozen=True)
class RunProgress:
    """Where the run is, after the last batch of steps."""

    step: int
    total_steps: int  # 0: limited by minutes
    images_per_s: float
    elapsed_s: float
    eta_s: float  # < 0: not known (yet)
    batch: int


@dataclass(frozen=True)
class QualityScore:
    """One evaluation of the offline quality score; lower ``score`` is better.

    ``score`` ranks checkpoints (``core.sampling.combined_score``: the SWD over the share of good
    images). The shares are NaN and ``summary`` empty in rows of runs scored before coverage was
    measured, whose score is their SWD. ``summary`` holds the engine's sentences (``Sentence``s when
    they come from the loop, English strings when read back from ``quality.jsonl``).
    """

    step: int
    swd: float
    score: float = math.nan
    coverage: float = math.nan  # share of the training pictures with a generated look-alike
    precision: float = math.nan
    memorised: float = math.nan
    colour_error: float = math.nan
    overall: float = math.nan
    diversity: float = math.nan
    real_diversity: float = math.nan
    best_step: int = -1  # the step with the lowest score so far
    uncovered_count: int = 0
    uncovered_examples: tuple[str, ...] = ()  # names of training pictures nothing generated resembles
    summary: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> QualityScore:
        """From a row as the loop reports it and ``quality.jsonl`` keeps it (extra keys are ignored)."""
        names = {f.name for f in fields(cls)}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items() if k in names}
        score = row_score(row)
        values["score"] = score if score is not None else math.nan
        return cls(**values)
