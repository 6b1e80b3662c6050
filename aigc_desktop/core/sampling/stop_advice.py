"""When to stop: the advice drawn from a run's series of quality scores (``quality.QualityReport.score``)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Advice:
    """What ``StopAdvisor.update`` concluded after one more score."""

    step: int
    score: float
    best_step: int
    best_score: float
    since_improvement: int  # evaluations since the score last improved by the margin
    should_stop: bool
    message: str


class StopAdvisor:
    """Say when training stops paying off: no real improvement in ``patience`` evaluations.

    An evaluation counts as an improvement when its score is below the reference by more than
    ``margin`` (relative), so a score that only wobbles does not keep training going for ever.
    ``best_step`` is always the lowest score seen, improvement or not. The scores are
    ``QualityReport.score``: a checkpoint whose SWD fell while it lost a kind of picture is no better.
    """

    def __init__(self, patience: int = 5, margin: float = 0.02) -> None:
        if patience < 1 or not 0 <= margin < 1:
            raise ValueError("patience must be at least 1 and margin from 0 to below 1.")
        self.patience, self.margin = patience, margin
        self.history: list[tuple[int, float]] = []
        self._reference = math.inf
        self._since = 0
        self._best: tuple[int, float] | None = None

    @property
    def best_step(self) -> int | None:
        """The step with the lowest score so far, or None before the first evaluation."""
        return self._best[0] if self._best is not None else None

    def update(self, step: int, score: float) -> Advice:
        """Record the score at ``step`` (``QualityReport.score``) and return the advice.

        A NaN score never counts as better.
        """
        self.history.append((step, score))
        if math.isfinite(score) and (self._best is None or score < self._best[1]):
            self._best = (step, score)
        if math.isfinite(score) and score < self._reference * (1.0 - self.margin):
            self._reference, self._since = score, 0
        else:
            self._since += 1
        best_step, best_score = self._best if self._best is not None else (step, math.nan)
        stop = self._since >= self.patience
        return Advice(step, score, best_step, best_score, self._since, stop,
                      self._message(step, score, best_step, stop))

    def _message(self, step: int, score: float, best_step: int, stop: bool) -> str:
        if len(self.history) == 1 and self._since == 0:
            return f"First quality score: {score:.1f} at step {step:,} (lower is better)."
        if self._since == 0:
            return f"The score improved to {score:.1f} at step {step:,}: the best images so far."
        times = "evaluation" if self._since == 1 else "evaluations"
        text = f"The score has not improved for {self._since} {times}; the best images were at step {best_step:,}."
        return text + (" Training longer is unlikely to help: you can stop." if stop else "")
