"""Ratings as a CSV file: a plain file a team can mail around, open in a spreadsheet, and merge.

One row per rating with everything the database keeps of it; the latent as base64 of its float32
bytes, tags as a JSON list. A rating keeps its ``uid`` in every copy, which is how a merge recognises
the ratings it has already. The store (``FeedbackStore.export_csv``/``import_csv``) calls these; this
module knows the file, not the database.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.feedback.records import FeedbackStoreError, Rating, normalised
from aigc_desktop.core.messages import Sentence

COLUMNS = ("uid", "created_at", "rater", "model_version_uid", "checkpoint_step", "seed", "latent_index",
           "psi", "latent_b64", "rating", "score", "tags", "comment", "source")
OPTIONAL = ("class_name",)  # written by newer versions; a file without it is read as before

# Sentences for the user (translated in the window: see core/messages.py).
NOT_A_RATINGS_FILE = "{name} is not a ratings file from AIGC Desktop (no column {columns})."
BAD_ROW = "{name}, row {row}: {error}"
UNREADABLE_RATINGS = "{name} can't be read as a ratings file ({error})."
TAGS_NOT_A_LIST = "The tags must be a JSON list of words."
TOO_FEW_CELLS = "The row has {count} cells; a rating has {needed}."


def write_ratings(path: str | Path, ratings: Sequence[Rating], version_uids: dict[int, str]) -> int:
    """Write ``ratings`` to ``path`` (whole or not at all); ``version_uids`` names their model versions."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL)
    for r in ratings:
        writer.writerow([r.uid, r.created_at, r.rater, version_uids.get(r.model_version, ""), r.checkpoint_step,
                         r.seed, r.latent_index, repr(r.psi), base64.b64encode(r.latent.tobytes()).decode(),
                         r.rating, r.score, json.dumps(list(r.tags)), r.comment, r.source, r.class_name])
    atomic_write(path, lambda f: f.write(text.getvalue().encode("utf-8")))
    return len(ratings)


def read_ratings(path: str | Path, versions: dict[str, int]) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """``(row, tags)`` per rating of a file written by :func:`write_ratings`, checked as the store stores them.

    ``versions`` maps a model version's uid to its id here; a rating of an unknown version keeps none.
    Lazily: a bad row or an unreadable file raises :class:`FeedbackStoreError`, naming the row, when
    the reading gets there, so a caller that stores rows in one transaction can store none.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = set(COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise FeedbackStoreError(Sentence(NOT_A_RATINGS_FILE, name=path.name,
                                                  columns=", ".join(sorted(missing))))
            yield from _rows(reader, versions, path.name)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise FeedbackStoreError(Sentence(UNREADABLE_RATINGS, name=path.name, error=str(exc))) from exc


def _rows(reader: csv.DictReader, versions: dict[str, int], name: str) -> Iterator[tuple[dict[str, Any], list[str]]]:
    for row_number, raw in enumerate(reader, start=2):  # as a spreadsheet numbers rows
        try:
            if any(raw.get(column) is None for column in COLUMNS):  # a short row: csv leaves the rest None
                raise FeedbackStoreError(Sentence(TOO_FEW_CELLS, count=sum(v is not None for k, v in raw.items()
                                                                           if k is not None), needed=len(COLUMNS)))
            tags = json.loads(raw["tags"] or "[]")
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise FeedbackStoreError(Sentence(TAGS_NOT_A_LIST))
            yield normalised(_parse(raw, versions)), tags
        except (ValueError, TypeError, FeedbackStoreError) as exc:
            # A sentence stays one, so the window translates the reason inside the row's sentence too.
            reason = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Sentence) else str(exc)
            raise FeedbackStoreError(Sentence(BAD_ROW, name=name, row=row_number, error=reason)) from exc


def _parse(raw: dict[str, str], versions: dict[str, int]) -> dict[str, Any]:
    def opt_int(text: str) -> int | None:
        return int(text) if text.strip() else None

    return {"uid": raw["uid"], "created_at": raw["created_at"], "rater": raw["rater"],
            "model_version": versions.get(raw["model_version_uid"]), "checkpoint_step": opt_int(raw["checkpoint_step"]),
            "seed": int(raw["seed"]), "latent_index": int(raw["latent_index"]), "psi": float(raw["psi"]),
            "latent": base64.b64decode(raw["latent_b64"], validate=True), "rating": int(raw["rating"]),
            "score": opt_int(raw["score"]), "comment": raw["comment"], "source": raw["source"],
            "class_name": raw.get("class_name") or ""}
