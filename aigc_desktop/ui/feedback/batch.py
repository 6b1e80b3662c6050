"""The images on show in the Feedback tab, each with its latent and, once rated, its rating."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from aigc_desktop.ui.widgets.image_grid import GridItem, ThumbnailModel
from aigc_desktop.workers.feedback_jobs import RatingBatch

_Index = QModelIndex | QPersistentModelIndex
GOOD_COLOUR, BAD_COLOUR = QColor(46, 160, 67, 90), QColor(207, 34, 46, 90)


@dataclass
class RatedImage:
    index: int  # latent index within the batch's seed
    latent: np.ndarray
    array: np.ndarray
    rating_id: int | None = None  # the stored rating, once rated
    rating: int = 0  # +1 good, -1 bad, 0 not rated yet
    score: int | None = None
    tags: tuple[str, ...] = ()
    comment: str = ""


class RatingBatchModel(ThumbnailModel):
    """Rows of ``RatedImage``; a rated image gets a ✓ or ✗ label and a green or red tint."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, cache_size=1000, thumb_px=112)
        self.batch: RatingBatch | None = None
        self._images: list[RatedImage] = []
        self._serial = 0

    def set_batch(self, batch: RatingBatch | None) -> None:
        self.batch = batch
        self._serial += 1
        self._images = [] if batch is None else [
            RatedImage(i, z, a) for i, (z, a) in enumerate(zip(batch.latents, batch.arrays, strict=True))]
        self.set_items([GridItem(f"{self._serial}:{im.index}", f"#{im.index}", array=im.array) for im in self._images])

    def images(self) -> list[RatedImage]:
        return list(self._images)

    def image(self, row: int) -> RatedImage:
        return self._images[row]

    def row_of_rating(self, rating_id: int) -> int:
        return next((r for r, im in enumerate(self._images) if im.rating_id == rating_id), -1)

    def set_rated(self, row: int, rating_id: int | None, rating: int, score: int | None = None,
                  tags: tuple[str, ...] = (), comment: str = "") -> None:
        im = self._images[row]
        im.rating_id, im.rating, im.score, im.tags, im.comment = rating_id, rating, score, tags, comment
        self.dataChanged.emit(self.index(row), self.index(row))

    def rated_count(self) -> int:
        return sum(im.rating != 0 for im in self._images)

    def next_unrated(self, after: int) -> int:
        """The first unrated row after ``after`` (wrapping round), or the next row if all are rated."""
        n = len(self._images)
        for step in range(1, n + 1):
            row = (after + step) % n
            if self._images[row].rating == 0:
                return row
        return min(after + 1, n - 1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self._images):
            im = self._images[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                mark = {1: "✓ ", -1: "✗ "}.get(im.rating, "")
                score = f" ★{im.score}" if im.score else ""
                return f"{mark}#{im.index}{score}"
            if role == Qt.ItemDataRole.BackgroundRole and im.rating:
                return QBrush(GOOD_COLOUR if im.rating > 0 else BAD_COLOUR)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tooltip(im)
        return super().data(index, role)

    def tooltip(self, im: RatedImage) -> str:
        lines = [self.tr("Image {index}").format(index=im.index)]
        if self.batch is not None:
            lines.append(self.tr("Seed {seed}, ψ {psi:.2f}").format(seed=self.batch.seed, psi=self.batch.psi))
        if im.rating:
            lines.append(self.tr("Rated good") if im.rating > 0 else self.tr("Rated bad"))
        else:
            lines.append(self.tr("Not rated yet"))
        if im.score:
            lines.append(self.tr("Score {score} of 5").format(score=im.score))
        if im.tags:
            lines.append(self.tr("Tags: {tags}").format(tags=", ".join(im.tags)))
        if im.comment:
            lines.append(im.comment)
        return "\n".join(lines)
