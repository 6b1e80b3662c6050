"""Ratings as a CSV file: a plain file a team can mail around, open in a spreadsheet, and merge.

One row per rating with everything the database keeps of it; the latent as base64 of its float32
bytes, tags as a JSON list. A rating keeps its ``uid`` in every copy, which is how a merge recognises
the ratings it has already.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.feedback.store import FeedbackStoreError, normalised
from aigc_desktop.core.messages import Sentence

if TYPE_CHECKING:
    from aigc_desktop.core.feedback.store import FeedbackStore

COLUMNS = ("uid", "created_at", "rater", "model_version_uid", "checkpoint_step", "seed", "latent_index",
           "psi", "latent_b64", "rating", "score", "tags", "comment", "source")

# Sentences for the user (translated in the window: see core/messages.py).
NOT_A_RATINGS_FILE = "{name} is not a ratings file from AIGC Desktop (no column {columns})."
BAD_ROW = "{name}, row {row}: {error}"
UNREADABLE_RATINGS = "{name} can't be read as a ratings file ({error})."


def export_csv(store: FeedbackStore, path: str | Path) -> int:
    """Write the active ratings of ``store`` to ``path`` (written whole or not at all). Returns how many."""
    uids = {v.id: v.uid for v in store.versions()}
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    ratings = store.ratings()
    for r in ratings:
        writer.writerow([r.uid, r.created_at, r.rater, uids.get(r.model_version, ""), r.checkpoint_step,
                         r.seed, r.latent_index, repr(r.psi), base64.b64encode(r.latent.tobytes()).decode(),
                         r.rating, r.score, json.dumps(list(r.tags)), r.comment, r.source])
    atomic_write(path, lambda f: f.write(text.getvalue().encode("utf-8")))
    return len(ratings)


def import_csv(store: FeedbackStore, path: str | Path) -> tuple[int, int]:
    """Merge a file written by :func:`export_csv` into ``store``; ratings already there are skipped.

    All or nothing: a bad row raises :class:`FeedbackStoreError` naming its line, and adds none.
    A rating keeps its model version only if ``store`` knows that version (the same run).

    Returns:
        ``(added, skipped)``.
    """
    path = Path(path)
    versions = {v.uid: v.id for v in store.versions()}
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = set(COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise FeedbackStoreError(Sentence(NOT_A_RATINGS_FILE, name=path.name,
                                                  columns=", ".join(sorted(missing))))
            return store.merge(_rows(reader, versions, path.name))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise FeedbackStoreError(Sentence(UNREADABLE_RATINGS, name=path.name, error=str(exc))) from exc


def _rows(reader: csv.DictReader, versions: dict[str, int], name: str) -> Iterator[tuple[dict[str, Any], list[str]]]:
    for row_number, raw in enumerate(reader, start=2):  # as a spreadsheet numbers rows
        try:
            tags = json.loads(raw["tags"] or "[]")
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise ValueError("tags must be a JSON list of words")
            yield normalised(_parse(raw, versions)), tags
        except (ValueError, TypeError, FeedbackStoreError) as exc:
            raise FeedbackStoreError(Sentence(BAD_ROW, name=name, row=row_number, error=str(exc))) from exc


def _parse(raw: dict[str, str], versions: dict[str, int]) -> dict[str, Any]:
    def opt_int(text: str) -> int | None:
        return int(text) if text.strip() else None

    return {"uid": raw["uid"], "created_at": raw["created_at"], "rater": raw["rater"],
            "model_version": versions.get(raw["model_version_uid"]), "checkpoint_step": opt_int(raw["checkpoint_step"]),
            "seed": int(raw["seed"]), "latent_index": int(raw["latent_index"]), "psi": float(raw["psi"]),
            "latent": base64.b64decode(raw["latent_b64"], validate=True), "rating": int(raw["rating"]),
            "score": opt_int(raw["score"]), "comment": raw["comment"], "source": raw["source"]}
