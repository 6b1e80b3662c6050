"""How pictures are prepared for training, with a live before/after preview of a few of them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGridLayout, QLabel, QVBoxLayout, QWidget

from aigc_desktop.core.data.preprocess import RESOLUTIONS, PreprocessSettings
from aigc_desktop.core.data.scan import ScannedImage
from aigc_desktop.ui.widgets.image_view import ImageView
from aigc_desktop.workers import dataset_jobs
from aigc_desktop.workers.dataset_jobs import PreviewSample
from aigc_desktop.workers.job_runner import Job, JobRunner

PREVIEW_COUNT = 4
DEBOUNCE_MS = 200  # a burst of changes (scrolling through a combo) renders once
SHOWN_RESOLUTIONS = (32, 64, 128, 256)
DEFAULT = PreprocessSettings(resolution=64)


class PreprocessPanel(QWidget):
    """Resolution, fit, colour and background settings, and before/after pictures.

    Signals:
        settingsChanged(): the user (or ``set_resolution``) changed a setting.
        previewUpdated(): new preview pictures are on show.
    """

    settingsChanged = Signal()
    previewUpdated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resolution = QComboBox()
        for r in SHOWN_RESOLUTIONS:
            self.resolution.addItem(self.tr("{n} × {n} pixels").format(n=r), r)
        self.resolution.setToolTip(self.tr(
            "The size of the square pictures the generator learns to make.\n"
            "Bigger shows finer detail but trains much slower and needs more pictures.\n"
            "64 × 64 is a good start; small defects may need 128."))
        self.fit = QComboBox()
        self.fit.addItem(self.tr("Crop to fill the square"), "crop")
        self.fit.addItem(self.tr("Pad to keep the whole picture"), "pad")
        self.fit.setToolTip(self.tr(
            "Crop: the picture fills the whole square; the edges of its longer side are cut off.\n"
            "Pad: the whole picture is kept; the empty space around it is filled with the background.\n"
            "Use Pad if defects can sit at the edge of the picture."))
        self.channels = QComboBox()
        self.channels.addItem(self.tr("Colour"), 3)
        self.channels.addItem(self.tr("Grey"), 1)
        self.channels.setToolTip(self.tr(
            "Grey pictures train a little faster and need less memory.\n"
            "Keep Colour if colour matters, for example for rust or burn marks."))
        self.background = QComboBox()
        self.background.addItem(self.tr("White"), "white")
        self.background.addItem(self.tr("Black"), "black")
        self.background.setToolTip(self.tr(
            "The colour used for see-through parts of pictures (for example PNGs with transparency)\n"
            "and for the empty space that Pad leaves. Pick the colour closest to your backgrounds."))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Size:"), self.resolution)
        form.addRow(self.tr("Fit:"), self.fit)
        form.addRow(self.tr("Colours:"), self.channels)
        form.addRow(self.tr("Background:"), self.background)

        self._before_title = QLabel(self.tr("Original"))
        self._after_title = QLabel()
        for title in (self._before_title, self._after_title):
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._befores: list[ImageView] = []
        self._afters: list[ImageView] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.addWidget(self._before_title, 0, 0)
        grid.addWidget(self._after_title, 0, 1)
        for i in range(PREVIEW_COUNT):
            before, after = ImageView(), ImageView()
            for view in (before, after):
                view.setMinimumSize(72, 72)
                view.setStyleSheet("background: palette(base); border: 1px solid palette(mid);")
            self._befores.append(before)
            self._afters.append(after)
            grid.addWidget(before, i + 1, 0)
            grid.addWidget(after, i + 1, 1)
            grid.setRowStretch(i + 1, 1)
        self._note = QLabel(self.tr("Files on disk are never changed."))
        self._note.setEnabled(False)
        self._note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addLayout(grid, 1)
        layout.addWidget(self._note)

        self._images: list[ScannedImage] = []
        self._samples: list[PreviewSample] = []
        self._runner = JobRunner("preview", self)  # a new request cancels the render of an old one
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._render)
        for combo in (self.resolution, self.fit, self.channels, self.background):
            combo.currentIndexChanged.connect(self._on_setting)
        self.set_settings(DEFAULT)
        self._update_title()
        self._show_placeholders(self.tr("No pictures yet"))

    # ----- settings ------------------------------------------------------------------------

    def settings(self) -> PreprocessSettings:
        """The settings chosen."""
        return PreprocessSettings(
            resolution=int(self.resolution.currentData()),
            channels=int(self.channels.currentData()),
            fit=str(self.fit.currentData()),
            background=str(self.background.currentData()),
        )

    def set_settings(self, settings: PreprocessSettings) -> None:
        """Show ``settings`` (emits ``settingsChanged`` once if anything changed)."""
        settings.validate()
        before = self.settings()
        with _Blocked(self.resolution, self.fit, self.channels, self.background):
            self._select(self.resolution, settings.resolution)
            self._select(self.fit, settings.fit)
            self._select(self.channels, settings.channels)
            self._select(self.background, settings.background)
        if self.settings() != before:
            self._on_setting()

    def set_resolution(self, resolution: int) -> None:
        """Choose ``resolution`` (one of ``core.preprocess.RESOLUTIONS``)."""
        if resolution not in RESOLUTIONS:
            raise ValueError(f"The picture size must be one of {RESOLUTIONS}, not {resolution!r}.")
        self.set_settings(PreprocessSettings(resolution, *self._rest()))

    def _rest(self) -> tuple[int, str, str]:
        s = self.settings()
        return s.channels, s.fit, s.background

    def _select(self, combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index < 0:  # e.g. 16 px, allowed for tests and presets but not offered in the list
            combo.addItem(self.tr("{n} × {n} pixels").format(n=value), value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _update_title(self) -> None:
        r = self.settings().resolution
        self._after_title.setText(self.tr("For training ({n} × {n})").format(n=r))

    def _on_setting(self) -> None:
        self._update_title()
        self.settingsChanged.emit()
        self._schedule()

    # ----- preview -------------------------------------------------------------------------

    def set_images(self, images: Sequence[ScannedImage]) -> None:
        """Preview up to ``PREVIEW_COUNT`` pictures picked evenly across ``images`` (so across classes)."""
        n = len(images)
        count = min(PREVIEW_COUNT, n)
        picked = [images[(2 * i + 1) * n // (2 * count)] for i in range(count)] if count else []
        if picked == self._images:
            return
        self._images = picked
        if not picked:
            self._timer.stop()
            self._runner.cancel()  # a render in flight shows pictures that are gone
            self._samples = []
            self._show_placeholders(self.tr("No pictures yet"))
            return
        self._schedule()

    def samples(self) -> list[PreviewSample]:
        """The preview pictures on show."""
        return list(self._samples)

    def is_rendering(self) -> bool:
        """True while a preview is scheduled or being rendered."""
        return self._timer.isActive() or self._runner.is_busy()

    def shutdown(self) -> None:
        """Stop any preview rendering and wait for its thread."""
        self._timer.stop()
        self._runner.shutdown()

    def _schedule(self) -> None:
        if self._images:
            self._timer.start()  # restarts the countdown: only the last change of a burst renders

    def _render(self) -> None:
        if self._images:
            settings = self.settings()
            settings.validate()
            # Looked up now, not bound at import, so a test can substitute a slow renderer.
            render = partial(dataset_jobs.render_samples, images=list(self._images), settings=settings)
            self._runner.submit(Job("preview", render, self._on_ready, on_error=self._on_failed))

    def _on_ready(self, samples: list[PreviewSample]) -> None:
        self._samples = samples
        for i, (before, after) in enumerate(zip(self._befores, self._afters, strict=True)):
            sample = samples[i] if i < len(samples) else None
            for view, arr in ((before, sample and sample.before), (after, sample and sample.after)):
                if sample is None:
                    view.set_placeholder("")
                elif isinstance(arr, np.ndarray):
                    view.set_array(arr)
                else:
                    view.set_placeholder(sample.reason or self.tr("Could not be read."))
                view.setToolTip(sample.location if sample else "")
        self.previewUpdated.emit()

    def _on_failed(self, error: str) -> None:
        self._show_placeholders(self.tr("The preview failed: {error}").format(error=error))

    def _show_placeholders(self, text: str) -> None:
        for i, view in enumerate(self._befores + self._afters):
            view.set_placeholder(text if i == 0 else "")
            view.setToolTip("")


class _Blocked:
    """Block the signals of some widgets inside a ``with`` block."""

    def __init__(self, *widgets: QWidget) -> None:
        self._widgets = widgets

    def __enter__(self) -> None:
        for w in self._widgets:
            w.blockSignals(True)

    def __exit__(self, *exc: object) -> None:
        for w in self._widgets:
            w.blockSignals(False)
