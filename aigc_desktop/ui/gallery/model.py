"""What the Gallery shows: the generated images of one batch, with their scores and copy checks.

``GalleryModel`` is a ``ThumbnailModel`` (lazy thumbnails made by a thread pool) that also grows as
chunks of a generation arrive and swaps pictures in place when ψ changes, keeping each old thumbnail
on screen until its new one is ready instead of flashing placeholders. ThumbnailModel has no public
way to do either yet, so ``append`` and ``replace_arrays`` work on its item list and thumbnail cache
(``tests/ui/test_gallery_tab.py`` checks both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from aigc_desktop.ui.widgets.image_grid import GridItem, ThumbnailModel
from aigc_desktop.workers.job_context import ModelChoice

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Batch:
    """The settings the images on show were made with (ψ is each image's own: see ``GalleryImage``)."""

    choice: ModelChoice
    seed: int
    psi: float  # the ψ asked for last
    is_ema: bool  # what the checkpoint really had: False if it holds no EMA weights
    steer: float = 0.0  # > 0: latents pulled toward images people liked (Feedback tab), this strong
    class_name: str = ""  # for a model trained by class: the class asked for ("" = every class in turn)


@dataclass
class GalleryImage:
    index: int  # latent index: (seed, index, ψ) names the image
    array: np.ndarray  # uint8 (H, W, C)
    psi: float  # per image: a ψ change that was cancelled half-way leaves some images at the old ψ
    score: float | None = None  # the discriminator's, once ranked
    copy_distance: float | None = None  # to the closest training picture, once checked
    is_copy: bool = False
    latent: np.ndarray | None = None  # float32 (z_dim,): what a rating stores
    rating: int = 0  # +1 / -1 once rated here
    rating_id: int | None = None  # in the run's ratings database
    class_name: str = ""  # the class it was made as, for a model trained by class


class GalleryModel(ThumbnailModel):
    """Rows of ``GalleryImage``; labels and tooltips are made from them (score, near-copy badge)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, cache_size=3000, thumb_px=96)
        self.batch: Batch | None = None
        self._images: list[GalleryImage] = []
        self._serial = 0  # in every key: a thumbnail of an earlier batch can never be taken for a new one

    # -- contents -------------------------------------------------------------------------------------
    def images(self) -> list[GalleryImage]:
        return list(self._images)

    def image(self, row: int) -> GalleryImage:
        return self._images[row]

    def start_batch(self, batch: Batch | None, images: list[GalleryImage] | None = None) -> None:
        """Show ``images`` (none yet, when a generation is about to stream in) made with ``batch``."""
        self.batch = batch
        self._serial += 1
        self._images = list(images or [])
        self.set_items([self._item(im) for im in self._images])

    def append(self, images: list[GalleryImage]) -> None:
        """Add rows at the end (a chunk of a generation has arrived)."""
        if not images:
            return
        first = len(self._images)
        # ThumbnailModel only offers set_items, which would drop every thumbnail made so far.
        self.beginInsertRows(QModelIndex(), first, first + len(images) - 1)
        self._images.extend(images)
        for im in images:
            item = self._item(im)
            self._rows[item.key] = len(self._items)
            self._items.append(item)
        self.endInsertRows()

    def replace_arrays(self, start: int, arrays: list[np.ndarray], psi: float,
                       latents: list[np.ndarray] | None = None) -> None:
        """New pictures for rows ``start``… (same seeds, new ψ): scores, copy checks and ratings no longer apply."""
        for row, arr in enumerate(arrays, start):
            if row >= len(self._images):
                break
            latent = latents[row - start] if latents is not None else None
            old = self._images[row]
            im = self._images[row] = GalleryImage(old.index, arr, psi, latent=latent, class_name=old.class_name)
            item = self._items[row] = self._item(im)
            thumb = self._cache.get(item.key)
            if thumb is not None:
                # Stale on purpose: the view keeps the old icon and asks for a new one.
                self._cache[item.key] = thumb._replace(px=-1)
        # Thumbnails of the old pictures that are being made now must not land afterwards.
        self._invalidate()
        if self._images:
            self.dataChanged.emit(self.index(0), self.index(len(self._images) - 1))

    def set_batch(self, batch: Batch) -> None:
        self.batch = batch

    def remove_rows(self, rows: list[int]) -> None:
        """Remove rows (the user deleted pictures they don't want)."""
        doomed = sorted({r for r in rows if 0 <= r < len(self._images)}, reverse=True)
        while doomed:
            hi = lo = doomed.pop(0)
            while doomed and doomed[0] == lo - 1:
                lo = doomed.pop(0)
            # Both lists lose the same contiguous rows in one step, so labels always match pictures.
            del self._images[lo:hi + 1]
            super().remove_rows(list(range(lo, hi + 1)))

    def set_scores(self, scores: list[float]) -> None:
        """Attach D's score to each row and sort best first (ties keep the latent order)."""
        for im, score in zip(self._images, scores, strict=True):
            im.score = float(score)
        self.reorder(sorted(range(len(self._images)), key=lambda r: (-self._images[r].score, self._images[r].index)))

    def reorder(self, order: list[int]) -> None:
        """Show the rows in ``order``; thumbnails are kept (their keys don't change)."""
        self.layoutAboutToBeChanged.emit()
        old_items = list(self._items)
        self._images = [self._images[r] for r in order]
        self._items = [old_items[r] for r in order]
        self._rows = {item.key: row for row, item in enumerate(self._items)}
        persistent = self.persistentIndexList()
        moved = {old: new for new, old in enumerate(order)}
        self.changePersistentIndexList(persistent, [self.index(moved.get(p.row(), p.row())) for p in persistent])
        self.layoutChanged.emit()

    def set_copies(self, distances: list[float], flags: list[bool]) -> None:
        for im, dist, flag in zip(self._images, distances, flags, strict=True):
            im.copy_distance, im.is_copy = float(dist), bool(flag)
        if self._images:
            self.dataChanged.emit(self.index(0), self.index(len(self._images) - 1),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])

    def copy_count(self) -> int:
        return sum(im.is_copy for im in self._images)

    # -- display --------------------------------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Label (index, score, copy badge) and tooltip from the image's current state."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid() \
                and 0 <= index.row() < len(self._images):
            im = self._images[index.row()]
            return self.label(im) if role == Qt.ItemDataRole.DisplayRole else self.tooltip(im)
        return super().data(index, role)

    def label(self, im: GalleryImage) -> str:
        text = f"#{im.index}"
        if im.score is not None:
            text += f"  {im.score:.2f}"
        if im.is_copy:
            text = "⚠ " + text
        if im.rating:
            text = ("✓ " if im.rating > 0 else "✗ ") + text
        return text

    def set_rating(self, row: int, rating: int, rating_id: int | None) -> None:
        self._images[row].rating, self._images[row].rating_id = rating, rating_id
        self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DisplayRole])

    def tooltip(self, im: GalleryImage) -> str:
        lines = [self.tr("Image {index}").format(index=im.index)]
        if im.class_name:
            lines.append(self.tr("Class {name}").format(name=im.class_name))
        if self.batch is not None:
            lines.append(self.tr("Seed {seed}, ψ {psi:.2f}").format(seed=self.batch.seed, psi=im.psi))
        if im.score is not None:
            lines.append(self.tr("Discriminator score {score:.2f} (higher looks more real to it)").format(
                score=im.score))
        if im.is_copy:
            lines.append(self.tr("Near-copy of a training picture (distance {d:.3f})").format(d=im.copy_distance))
        elif im.copy_distance is not None:
            lines.append(self.tr("Not a copy: closest training picture at {d:.3f}").format(d=im.copy_distance))
        return "\n".join(lines)

    def _item(self, im: GalleryImage) -> GridItem:
        return GridItem(key=f"{self._serial}:{im.index}", label=f"#{im.index}", array=im.array)

