"""A dialog that morphs one generated image into another and saves the morph as a GIF or PNG frames."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop import __version__
from aigc_desktop.ui.gallery.model import Batch, GalleryImage
from aigc_desktop.ui.widgets.image_grid import GridItem, ThumbnailGrid
from aigc_desktop.workers import gallery_jobs as jobs
from aigc_desktop.workers.job_runner import Job, JobRunner


class InterpolationDialog(QDialog):
    """Shows ``frames`` in-between images of two gallery images, both ends included."""

    def __init__(self, cache: jobs.EngineCache, batch: Batch, ends: tuple[GalleryImage, GalleryImage],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Morph image {a} into image {b}").format(a=ends[0].index, b=ends[1].index))
        self.resize(900, 260)
        self._cache, self._batch, self._ends = cache, batch, ends
        self._frames: list[np.ndarray] = []
        self._serial = 0
        self.runner = JobRunner("interpolation", self)
        self.runner.busyChanged.connect(self._on_busy)

        self.count_spin = QSpinBox()
        self.count_spin.setRange(3, 60)
        self.count_spin.setValue(10)
        self.count_spin.setToolTip(self.tr("How many pictures the morph has, the two chosen ones included."))
        self.method_combo = QComboBox()
        self.method_combo.addItem(self.tr("Smooth (spherical)"), "slerp")
        self.method_combo.addItem(self.tr("Straight line"), "lerp")
        self.method_combo.setToolTip(self.tr(
            "Smooth keeps every in-between picture as lively as the ends; a straight line can pass through "
            "dull, greyish pictures halfway."))
        self.scale_combo = QComboBox()
        for factor in (1, 2, 4):
            self.scale_combo.addItem(self.tr("{n}×").format(n=factor), factor)
        self.scale_combo.setCurrentIndex(2)
        self.scale_combo.setToolTip(self.tr("Enlarge the saved frames (pixels stay crisp)."))
        self.bounce_check = QCheckBox(self.tr("Loop back and forth"))
        self.bounce_check.setToolTip(self.tr("The GIF plays forwards then backwards, so it loops without a jump."))
        self.strip = ThumbnailGrid(thumb_px=96)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        # One row of thumbnails with its labels and the scroll bar: no empty band below.
        self.strip.setFixedHeight(self.strip.gridSize().height() + self.strip.horizontalScrollBar().sizeHint().height()
                                  + 2 * self.strip.frameWidth() + 8)
        self.status = QLabel()
        self.gif_button = QPushButton(self.tr("Save as GIF…"))
        self.frames_button = QPushButton(self.tr("Save frames…"))
        close = QPushButton(self.tr("Close"))
        self.gif_button.clicked.connect(self._ask_gif)
        self.frames_button.clicked.connect(self._ask_frames)
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        for text, widget in ((self.tr("Pictures"), self.count_spin), (self.tr("Path"), self.method_combo),
                             (self.tr("Saved size"), self.scale_combo)):
            top.addWidget(QLabel(text))
            top.addWidget(widget)
        top.addWidget(self.bounce_check)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.gif_button)
        bottom.addWidget(self.frames_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.strip)
        layout.addLayout(bottom)

        # A spin box steps quickly under a held arrow key: make the frames once it settles.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.count_spin.valueChanged.connect(self._debounce.start)
        self.method_combo.currentIndexChanged.connect(self._debounce.start)
        self._set_saving_enabled(False)
        self.refresh()

    def frames(self) -> list[np.ndarray]:
        return list(self._frames)

    def refresh(self) -> None:
        """Make the frames for the current settings (off the GUI thread)."""
        ends = [(self._batch.seed, im.index, im.psi) for im in self._ends]
        fn = partial(jobs.interpolate, cache=self._cache, choice=self._batch.choice, ends=ends,
                     class_name=self._ends[0].class_name,
                     count=self.count_spin.value(), method=self.method_combo.currentData())
        self.status.setText(self.tr("Making the in-between pictures…"))
        self.runner.submit(Job("interpolate", fn, self._on_frames, on_error=self._on_error))

    def save_gif(self, path: str) -> None:
        fn = partial(jobs.save_walk, frames=self.frames(), target=path, as_gif=True, scale=self._scale(),
                     bounce=self.bounce_check.isChecked(), text=self._text())
        self.runner.submit(Job("save", fn, self._on_saved, on_error=self._on_error,
                               supersedable=False))

    def save_frames(self, folder: str) -> None:
        fn = partial(jobs.save_walk, frames=self.frames(), target=folder, as_gif=False, scale=self._scale(),
                     bounce=False, text=self._text())
        self.runner.submit(Job("save", fn, self._on_saved, on_error=self._on_error,
                               supersedable=False))

    def shutdown(self) -> None:
        self._debounce.stop()
        self.runner.shutdown()
        self.strip.thumbnail_model().shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _scale(self) -> int:
        return int(self.scale_combo.currentData())

    def _text(self) -> dict[str, str]:
        b = self._batch
        return {"aigc:run": b.choice.run_name, "aigc:step": str(b.choice.step), "aigc:ema": "1" if b.is_ema else "0",
                "aigc:seed": str(b.seed),
                "aigc:from_index": str(self._ends[0].index), "aigc:to_index": str(self._ends[1].index),
                "aigc:from_psi": repr(float(self._ends[0].psi)), "aigc:to_psi": repr(float(self._ends[1].psi)),
                "aigc:method": str(self.method_combo.currentData()), "aigc:version": __version__}

    def _on_frames(self, frames: list[np.ndarray]) -> None:
        self._frames = frames
        self._serial += 1
        self.strip.thumbnail_model().set_items(
            [GridItem(f"{self._serial}:{i}", f"{i + 1}", array=f) for i, f in enumerate(frames)])
        self.status.setText(self.tr("{n} pictures from image {a} to image {b}.").format(
            n=len(frames), a=self._ends[0].index, b=self._ends[1].index))

    def _on_saved(self, paths: list[str]) -> None:
        where = paths[0] if len(paths) == 1 else str(Path(paths[0]).parent)
        self.status.setText(self.tr("Saved {where}").format(where=where))

    def _on_error(self, text: str) -> None:
        self.status.setText(self.tr("Could not finish: {error}").format(error=text))

    def _on_busy(self, busy: bool) -> None:
        self._set_saving_enabled(not busy and bool(self._frames))

    def _set_saving_enabled(self, enabled: bool) -> None:
        self.gif_button.setEnabled(enabled)
        self.frames_button.setEnabled(enabled)

    def _ask_gif(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the morph as a GIF"),
                                              str(Path.home() / "morph.gif"), self.tr("GIF images (*.gif)"))
        if path:
            self.save_gif(path if path.lower().endswith(".gif") else path + ".gif")

    def _ask_frames(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the frames into a folder"), str(Path.home()))
        if folder:
            self.save_frames(folder)
