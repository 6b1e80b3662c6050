"""The one number that ranks checkpoints and decides the stop advice: the SWD over the share of good images.

    score = swd / max(overall, FLOOR)        overall = precision × coverage × (1 − memorised)
                                                       [× class agreement, for a model by class]

Lower is better. Plain Python, no torch: the window ranks a run's checkpoints from ``quality.jsonl``
(``core.run.layout``) without loading the engine, and ``QualityReport.score`` uses the same rule.

Why both, and why divided. The SWD (``quality.py``) sees texture, sharpness and layout but prefers
copies of the training pictures to fresh ones (demo 32 px: 13.3 against 14.8) and misses a colour
cast; ``overall`` (``coverage.py``) sees those, and a missing kind of picture, but is near 0 for
every early checkpoint and says nothing about how far a good-looking set still is. Dividing keeps the
SWD's scale for a model as good as fresh pictures (overall near 1: score ≈ swd) and multiplies it by
how few of the images are good: a set missing a fifth of the kinds is 1/0.8 worse before its SWD
counts at all. On the validation sets of ``benchmarks/RESULTS.md`` every failure scores worse than a
fresh sample (demo 32 px: fresh 14.9, a part type missing 35, blurred 115, colour cast 130, copies
1,330). The floor keeps the score finite for a set with no good image at all and lets the SWD still
order such sets, as it must early in training when every checkpoint is like that.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

FLOOR = 0.01


def combined_score(swd: float, overall: float) -> float:
    """``swd / max(overall, FLOOR)``; just the SWD where ``overall`` was not measured (NaN)."""
    if not math.isfinite(overall):
        return swd
    return swd / max(overall, FLOOR)


def has_coverage(row: dict[str, Any]) -> bool:
    """Was this ``quality.jsonl`` row written with coverage (``overall``)? Rows of older runs were not."""
    try:
        return math.isfinite(float(row["overall"]))
    except (KeyError, TypeError, ValueError):
        return False


def row_score(row: dict[str, Any]) -> float | None:
    """The score of one ``quality.jsonl`` row (its SWD if it has no coverage), or None if it holds no score."""
    try:
        swd = float(row["swd"])
    except (KeyError, TypeError, ValueError):
        return None
    score = combined_score(swd, float(row["overall"])) if has_coverage(row) else swd
    return score if math.isfinite(score) else None


def has_class_agreement(row: dict[str, Any]) -> bool:
    """Was this row's ``overall`` multiplied by a class agreement (a run by class, judged)?"""
    try:
        return math.isfinite(float(row["class_agreement"]))
    except (KeyError, TypeError, ValueError):
        return False


def scored_steps(rows: Iterable[dict[str, Any]]) -> list[tuple[int, float]]:
    """``(step, score)`` of each row that holds a score, all comparable with one another.

    A combined score is never below its SWD, so a run resumed across the change would let its old
    SWD-only rows win every comparison: where any row has coverage, those without are left out. In the
    same way, a run by class resumed across the class agreement keeps only the rows that count it.
    """
    rows = [r for r in rows if isinstance(r.get("step"), int | float)]
    if any(has_coverage(r) for r in rows):
        rows = [r for r in rows if has_coverage(r)]
    if any(has_class_agreement(r) for r in rows):
        rows = [r for r in rows if has_class_agreement(r)]
    out = []
    for row in rows:
        score = row_score(row)
        if score is not None:
            out.append((int(row["step"]), score))
    return out
