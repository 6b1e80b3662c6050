"""The Training tab's live samples: the preview grid drawn with whole pixels, its caption and its zoom."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from aigc_desktop.ui.widgets.pixel_view import PixelView, ZoomBox

MAX_GRID_SIDE = 16  # samples per row: the preview has 64, so this leaves room without guessing wildly
NEIGHBOUR_MIN_PX = 320  # what the plots beside the preview keep when it widens for its first grid


def grid_tile_size(grid: np.ndarray) -> int | None:
    """The side of one sample in a grid of square samples with black 1-pixel lines between and around
    them (torchvision's ``make_grid(padding=1)``), or None if the picture is not such a grid."""
    h, w = grid.shape[:2]
    dark = grid == 0 if grid.ndim == 2 else (grid == 0).all(axis=2)
    dark_cols, dark_rows = dark.all(axis=0), dark.all(axis=1)
    # Most samples per row first: a coarser grid's lines are a subset of the true one's, so it would
    # pass too; a finer false grid needs whole black lines through every sample, which pictures lack.
    for per_row in range(MAX_GRID_SIDE, 0, -1):
        pitch, rest = divmod(w - 1, per_row)
        if rest or pitch < 5 or (h - 1) % pitch:
            continue
        if dark_cols[::pitch].all() and dark_rows[::pitch].all():
            return pitch - 1
    return None


class SamplePreview(QGroupBox):
    """The samples of the run so far, never drawn smaller than they are; a zoom control and a caption
    that says the step, the samples' size and the zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Live samples (same noise each time)"), parent)
        self.view = PixelView()
        self.view.set_placeholder(self.tr("Samples appear here a few seconds after training starts."))
        self.view.setMinimumSize(220, 220)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.zoom_box = ZoomBox(self.view)
        zoom_label = QLabel(self.tr("Zoom"))
        zoom_label.setBuddy(self.zoom_box)
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(zoom_label)
        row.addWidget(self.zoom_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self._step = 0
        self._tile: int | None = None
        self._classes: list[str] = []
        self._room_claimed = False  # once per session, and never after the user moved the divider
        self._watching = False
        self.view.zoomChanged.connect(self._update_caption)

    def has_image(self) -> bool:
        """True once a sample grid is shown."""
        return self.view.has_image()

    def set_classes(self, classes: list[str]) -> None:
        """A run trained by class previews one row per class (``training_loop.PREVIEW_CLASS_ROWS`` at most):
        name them. An empty list: a plain grid."""
        self._classes = list(classes)

    def set_sample(self, step: int, grid: np.ndarray) -> None:
        """Show the grid made at ``step``; zoom and scroll position stay as the user left them."""
        self._step, self._tile = step, grid_tile_size(grid)
        first = not self.view.has_image()
        self.view.set_array(grid)
        rows = (grid.shape[0] - 1) // (self._tile + 1) if self._tile else 0
        self.view.set_row_labels(self._classes[:rows] if self._tile else [], (self._tile or 0) + 1, 1)
        self._update_caption()
        if first and not self._room_claimed:
            QTimer.singleShot(0, self, self._claim_room)  # after the layout has settled

    def showEvent(self, event: QShowEvent) -> None:
        """Notice when the user moves the divider beside the preview: their width then wins."""
        super().showEvent(event)
        splitter = self.parentWidget()
        if isinstance(splitter, QSplitter) and not self._watching:
            self._watching = True
            splitter.splitterMoved.connect(self._on_divider_moved)

    def _on_divider_moved(self) -> None:
        self._room_claimed = True

    def _claim_room(self) -> None:
        """Widen the preview in its splitter, once, so that its first grid fits at 1× if the panes beside
        it keep ``NEIGHBOUR_MIN_PX``: on a laptop screen the whole grid at its own size beats wider plots."""
        splitter = self.parentWidget()
        if self._room_claimed or not self.view.has_image() or not isinstance(splitter, QSplitter):
            return
        self._room_claimed = True
        view, image = self.view, self.view.image_size()
        room = view.maximumViewportSize()
        missing = image.width() - room.width()
        if image.height() > room.height():  # a vertical scroll bar will take some width too
            missing += view.verticalScrollBar().sizeHint().width()
        if missing <= 0 or splitter.orientation() != Qt.Orientation.Horizontal:
            return
        sizes = splitter.sizes()
        mine = splitter.indexOf(self)
        spare = [max(0, size - NEIGHBOUR_MIN_PX) if i != mine else 0 for i, size in enumerate(sizes)]
        take = min(missing, sum(spare))
        if take <= 0:
            return
        for i, free in enumerate(spare):  # from each neighbour in proportion to what it can spare
            cut = round(take * free / sum(spare)) if free else 0
            sizes[i] -= cut
            sizes[mine] += cut
        splitter.setSizes(sizes)

    def _update_caption(self) -> None:
        if not self.view.has_image():
            self.caption.clear()
            return
        step, zoom = f"{self._step:,}", self.view.zoom()
        if self._tile is None:
            text = self.tr("Step {step} · shown at {zoom}×").format(step=step, zoom=zoom)
        else:
            text = self.tr("Step {step} · samples of {px} × {px} px, shown at {zoom}×").format(
                step=step, px=self._tile, zoom=zoom)
        self.caption.setText(text)
