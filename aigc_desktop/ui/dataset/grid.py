"""The pictures that will be used, as thumbnails: filter by class, resize, and leave pictures out."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.data.scan import ScannedImage, SourceReader
from aigc_desktop.ui.dataset.stats import class_name, fmt_count
from aigc_desktop.ui.widgets.image_grid import GridItem, ThumbnailGrid

THUMB_MIN, THUMB_DEFAULT, THUMB_MAX = 48, 96, 224


def fmt_bytes(n: int) -> str:
    """``2_500_000`` -> ``"2.4 MB"``; unit symbols, the same in every language."""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # unreachable; keeps type checkers calm


class PicturesPanel(QWidget):
    """Thumbnail grid of the pictures in use, a class filter, a size slider and remove/restore buttons.

    Signals:
        removed(list): the ``ScannedImage``s the user just left out (already gone from the grid).
        restoreRequested(): the user wants every removed picture back.
    """

    removed = Signal(list)
    restoreRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.class_filter = QComboBox()
        self.class_filter.setToolTip(self.tr("Show only the pictures of one class (subfolder)."))
        self.class_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._class_label = QLabel(self.tr("Show:"))
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(THUMB_MIN, THUMB_MAX)
        self.size_slider.setSingleStep(8)
        self.size_slider.setPageStep(32)
        self.size_slider.setValue(THUMB_DEFAULT)
        self.size_slider.setFixedWidth(140)
        self.size_slider.setToolTip(self.tr("Thumbnail size"))
        top = QHBoxLayout()
        top.addWidget(self._class_label)
        top.addWidget(self.class_filter)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Thumbnail size:")))
        top.addWidget(self.size_slider)

        self.grid = ThumbnailGrid(thumb_px=THUMB_DEFAULT)
        self.grid.setToolTip("")
        self._empty = QLabel()
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.grid)
        self._stack.addWidget(self._empty)

        self.remove_button = QPushButton(self.tr("Remove from set"))
        self.remove_button.setToolTip(self.tr(
            "Leave the selected pictures out of training (or press Delete). The files stay on disk."))
        self.remove_button.setEnabled(False)
        self.restore_button = QPushButton(self.tr("Restore removed"))
        self.restore_button.setToolTip(self.tr("Put every picture you removed back into the set."))
        self.restore_button.setEnabled(False)
        self._selection_label = QLabel()
        self._selection_label.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self._selection_label, 1)
        bottom.addWidget(self.remove_button)
        bottom.addWidget(self.restore_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        layout.addLayout(bottom)

        self._images: list[ScannedImage] = []  # all pictures in use, every class
        self._shown: list[ScannedImage] = []  # the grid's rows, in order
        self._reader = SourceReader()  # shared by thumbnail jobs: each zip is opened once
        self.class_filter.currentIndexChanged.connect(self._apply_filter)
        self.size_slider.valueChanged.connect(self.grid.set_thumb_size)
        self.grid.deleteRequested.connect(self.remove_rows)
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)
        self.remove_button.clicked.connect(lambda: self.remove_rows(self.grid.selected_rows()))
        self.restore_button.clicked.connect(self.restoreRequested)
        self.set_images([], removed=0)

    def set_images(self, images: list[ScannedImage], *, removed: int, empty_text: str = "") -> None:
        """Show ``images`` (the pictures in use); ``removed`` enables "Restore removed"."""
        self._images = list(images)
        self._set_removed_count(removed)
        self._empty.setText(empty_text or self.tr("No pictures to show."))
        self._rebuild_filter()
        self._apply_filter()

    def shown(self) -> list[ScannedImage]:
        """The pictures in the grid, in row order (after the class filter)."""
        return list(self._shown)

    def remove_rows(self, rows: list[int]) -> None:
        """Leave the pictures at grid ``rows`` out; emits ``removed``."""
        rows = sorted({r for r in rows if 0 <= r < len(self._shown)})
        if not rows:
            return
        gone = [self._shown[r] for r in rows]
        self.grid.thumbnail_model().remove_rows(rows)  # keeps the other thumbnails: no reload
        drop = {im.source.location() for im in gone}
        self._shown = [im for im in self._shown if im.source.location() not in drop]
        self._images = [im for im in self._images if im.source.location() not in drop]
        label = self.class_filter.currentData()
        self._rebuild_filter()
        if self.class_filter.currentData() != label:
            self._apply_filter()  # the class shown has no pictures left: back to all classes
        self._update_empty()
        self.removed.emit(gone)

    def set_removed_count(self, removed: int) -> None:
        """Update the "Restore removed" button for ``removed`` pictures left out."""
        self._set_removed_count(removed)

    def shutdown(self) -> None:
        """Wait for thumbnail jobs and close the zip files they read."""
        self.grid.thumbnail_model().shutdown()
        self._reader.close()

    def _set_removed_count(self, removed: int) -> None:
        self.restore_button.setEnabled(removed > 0)
        self.restore_button.setText(
            self.tr("Restore removed ({n})").format(n=fmt_count(removed)) if removed else self.tr("Restore removed")
        )

    def _rebuild_filter(self) -> None:
        counts: dict[str, int] = {}
        for im in self._images:
            counts[im.source.label] = counts.get(im.source.label, 0) + 1
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)  # only a real change of class re-fills the grid
        self.class_filter.clear()
        self.class_filter.addItem(self.tr("All classes ({n})").format(n=fmt_count(len(self._images))), None)
        for label in sorted(counts):
            self.class_filter.addItem(f"{class_name(label, self.tr)} ({fmt_count(counts[label])})", label)
        index = self.class_filter.findData(current) if current is not None else 0
        self.class_filter.setCurrentIndex(max(0, index))
        self.class_filter.blockSignals(False)
        several = len(counts) > 1
        self.class_filter.setVisible(several)
        self._class_label.setVisible(several)

    def _apply_filter(self) -> None:
        label = self.class_filter.currentData()
        self._shown = [im for im in self._images if label is None or im.source.label == label]
        self._reader.close()  # jobs still reading old items reopen or fail; their results are dropped
        template = self.tr("{path}\n{w} × {h} pixels · {mode} · {size}\nClass: {cls}")  # once, not per item
        self.grid.thumbnail_model().set_items([self._item(im, template) for im in self._shown])
        self._update_empty()
        self._on_selection()

    def _item(self, im: ScannedImage, template: str) -> GridItem:
        src = im.source
        name = src.file_name()
        tip = template.format(
            path=src.readable_location(), w=im.width, h=im.height, mode=im.mode,
            size=fmt_bytes(im.size_bytes), cls=class_name(src.label, self.tr),
        )
        source = src.path if src.member is None else functools.partial(self._reader.read, src)
        return GridItem(src.location(), name, tip, source)

    def _update_empty(self) -> None:
        self._stack.setCurrentWidget(self.grid if self._shown else self._empty)

    def _on_selection(self) -> None:
        n = len(self.grid.selected_rows())
        self.remove_button.setEnabled(n > 0)
        self._selection_label.setText(
            self.tr("{n} selected").format(n=fmt_count(n)) if n
            else self.tr("Select pictures and press Delete to leave them out.")
        )
