"""What the ratings database holds, as plain records, and the checks a rating passes before it is stored.

Both ways in share these: a rating made in the window (``store.py``) and one merged from another
copy's CSV file (``ratings_csv.py``), so a row is checked the same whichever way it came.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aigc_desktop.core.messages import Sentence

KINDS = ("trained", "steered", "finetuned")
SOURCES = ("feedback", "gallery")

# Sentences for the user (translated in the window: see core/messages.py).
BAD_SCORE = "A score is from 1 to 5 (got {score})."
BAD_SOURCE = "A rating's source is one of {sources} (got {source})."
BAD_RATING = "A rating is good (+1) or bad (-1), got {rating}."
BAD_LATENT = "A rating's latent must be a non-empty row of finite numbers."


class FeedbackStoreError(RuntimeError):
    """The ratings database is locked, damaged or too new, or was given invalid data; the text says which."""


@dataclass(frozen=True)
class Rating:
    id: int
    uid: str  # the same in every copy: what a CSV import recognises duplicates by
    created_at: str  # UTC, ISO 8601
    rater: str
    model_version: int | None
    checkpoint_step: int | None
    seed: int
    latent_index: int
    psi: float
    latent: np.ndarray  # float32 (z_dim,): exactly what was fed to the generator
    rating: int  # +1 good, -1 bad
    score: int | None  # 1..5
    tags: tuple[str, ...]
    comment: str
    source: str
    undone: bool
    replaces: int | None = None  # the earlier rating of the same image that this one withdrew
    class_name: str = ""  # the class the image was made as, for a model trained by class


@dataclass(frozen=True)
class ModelVersion:
    id: int
    uid: str
    parent_id: int | None
    created_at: str
    kind: str  # "trained", "steered" or "finetuned"
    checkpoint: str  # relative to the run folder
    step: int | None
    settings: dict[str, Any] = field(default_factory=dict)
    ratings_used: list[int] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class FeedbackSummary:
    total: int  # active ratings (not undone)
    good: int
    bad: int
    undone: int
    per_version: dict[int | None, tuple[int, float]]  # version (None: unknown) → (ratings, share good)
    top_tags: list[tuple[str, int]]


def normalised(row: dict[str, Any]) -> dict[str, Any]:
    """A rating's columns checked and in stored form (rating ±1, latent as bytes); raises FeedbackStoreError."""
    score, source = row["score"], row["source"]
    if score is not None and (isinstance(score, bool) or score not in range(1, 6)):
        raise FeedbackStoreError(Sentence(BAD_SCORE, score=repr(score)))
    if source not in SOURCES:
        raise FeedbackStoreError(Sentence(BAD_SOURCE, sources=", ".join(SOURCES), source=repr(source)))
    return {**row, "rating": _rating_value(row["rating"]), "latent": _latent_blob(row["latent"])}


def _rating_value(rating: int | str) -> int:
    value = {"good": 1, "bad": -1}.get(rating, rating) if isinstance(rating, str) else rating
    if isinstance(value, bool) or value not in (1, -1):
        raise FeedbackStoreError(Sentence(BAD_RATING, rating=repr(rating)))
    return int(value)


def _latent_blob(latent: Sequence[float] | np.ndarray | bytes) -> bytes:
    arr = np.frombuffer(latent, "<f4") if isinstance(latent, bytes) else np.asarray(latent, dtype="<f4")
    if arr.ndim != 1 or arr.size == 0 or not np.isfinite(arr).all():
        raise FeedbackStoreError(Sentence(BAD_LATENT))
    return arr.tobytes()
