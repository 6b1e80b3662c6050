"""The batch being rated in the Feedback tab: its images (each with its latent and, once rated, its
rating) and the middle of the tab that shows them: a header, a message line, the image large above the rest.

Generated images are small and their flaws a pixel or two wide, so none is drawn below its own size: the
current image is enlarged by whole factors (``PixelView``) and the thumbnails are at least as large as
the images."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from aigc_desktop.ui.feedback.versions import VersionWords
from aigc_desktop.ui.widgets.image_grid import GridItem, ThumbnailGrid, ThumbnailModel
from aigc_desktop.ui.widgets.pixel_view import PixelView, ZoomBox, whole_factor
from aigc_desktop.workers.feedback_jobs import RatingBatch

_Index = QModelIndex | QPersistentModelIndex
GOOD_COLOUR, BAD_COLOUR = QColor(46, 160, 67, 90), QColor(207, 34, 46, 90)
THUMB_PX = 72  # about this size, in whole multiples of the images' own size and never below it


def thumb_px_for(image_px: int) -> int:
    """Thumbnail side for images ``image_px`` wide: a whole multiple of it near ``THUMB_PX``, at least 1×."""
    return image_px * whole_factor(image_px, THUMB_PX)


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
    class_name: str = ""  # the class it was made as, for a model trained by class


class RatingBatchModel(ThumbnailModel):
    """Rows of ``RatedImage``; a rated image gets a ✓ or ✗ label and a green or red tint."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, cache_size=1000, thumb_px=THUMB_PX)
        self.batch: RatingBatch | None = None
        self._images: list[RatedImage] = []
        self._serial = 0

    def set_batch(self, batch: RatingBatch | None) -> None:
        self.batch = batch
        self._serial += 1
        names = (batch.classes or [""] * len(batch.arrays)) if batch is not None else []
        self._images = [] if batch is None else [
            RatedImage(i, z, a, class_name=c)
            for i, (z, a, c) in enumerate(zip(batch.latents, batch.arrays, names, strict=True))]
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


class BatchView(QWidget):
    """The middle of the Feedback tab: which image of which version, a message line, the current image
    large above the thumbnails of the batch. Moving through the batch is here; rating is the tab's."""

    def __init__(self, model: RatingBatchModel, words: VersionWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.words = model, words
        self.grid = ThumbnailGrid(model, thumb_px=THUMB_PX)
        self.grid.setMinimumHeight(120)
        self.view = PixelView()
        self.view.setMinimumSize(240, 240)
        self.caption = QLabel()
        self.zoom_box = ZoomBox(self.view)
        zoom_label = QLabel(self.tr("Zoom"))
        zoom_label.setBuddy(self.zoom_box)
        shown = QWidget()
        sv = QVBoxLayout(shown)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(zoom_label)
        row.addWidget(self.zoom_box)
        sv.addLayout(row)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        images = QSplitter(Qt.Orientation.Vertical)
        images.addWidget(shown)
        images.addWidget(self.grid)
        images.setStretchFactor(0, 3)
        images.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.error_label)
        layout.addWidget(images, 1)
        self.grid.selectionModel().currentChanged.connect(self.show_current)
        self.view.zoomChanged.connect(self._update_caption)
        model.modelReset.connect(self._fit_thumbs)
        self.clear()

    def clear(self) -> None:
        """No batch: the view says how to get one."""
        self.model.set_batch(None)
        self.view.set_placeholder(self.tr("Press “New batch” to make images to rate."))
        self.caption.clear()

    def current_row(self) -> int:
        return self.grid.currentIndex().row()

    def set_current(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.grid.scrollTo(index)

    def move(self, delta: int) -> None:
        if self.model.rowCount():
            self.set_current(max(0, min(self.model.rowCount() - 1, self.current_row() + delta)))

    def show_current(self, *_args: object) -> None:
        row = self.current_row()
        if 0 <= row < self.model.rowCount():
            self.view.set_array(self.model.image(row).array)
            self._update_caption()
        self.update_header()

    def _update_caption(self) -> None:
        if self.view.has_image():
            size = self.view.image_size()
            self.caption.setText(self.tr("{w} × {h} px, shown at {zoom}×").format(
                w=size.width(), h=size.height(), zoom=self.view.zoom()))

    def _fit_thumbs(self) -> None:
        images = self.model.images()
        if images:
            self.grid.set_thumb_size(thumb_px_for(max(images[0].array.shape[:2])))

    def update_header(self) -> None:
        batch = self.model.batch
        if batch is None:
            self.header.setText("")
            return
        row, n, rated = self.current_row(), self.model.rowCount(), self.model.rated_count()
        text = self.tr("<b>{name}</b> · seed {seed} · image {pos} of {n} · {rated} rated").format(
            name=self.words.name(batch.version), seed=batch.seed, pos=row + 1, n=n, rated=rated)
        if 0 <= row < n and self.model.image(row).class_name:
            text += " · " + self.tr("class <b>{name}</b>").format(name=escape(self.model.image(row).class_name))
        if n and rated == n:
            text += " · " + self.tr("<b>all rated</b>: press N for a new batch")
        self.header.setText(text)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
