"""The Gallery's tools to improve and judge the content: rank, keep the best, check for copies, score."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from aigc_desktop.ui.gallery.model_picker import RunInfo


class CurationPanel(QWidget):
    """Buttons for the discriminator-based tools and the quality score, with the score in words.

    Signals:
        rankRequested(), keepBestRequested(int k, int n), copiesRequested(), evaluateRequested()
    """

    rankRequested = Signal()
    keepBestRequested = Signal(int, int)
    copiesRequested = Signal()
    evaluateRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rank_button = QPushButton(self.tr("Rank by discriminator"))
        self.rank_button.setToolTip(self.tr(
            "Sort the images by how real the discriminator (the model's built-in critic) finds them, best first. "
            "Its score appears under each image."))
        self.rank_button.clicked.connect(self.rankRequested)
        self.keep_k = QSpinBox()
        self.keep_k.setRange(1, 10_000)
        self.keep_k.setValue(64)
        self.keep_n = QSpinBox()
        self.keep_n.setRange(1, 100_000)
        self.keep_n.setValue(512)
        self.keep_n.setGroupSeparatorShown(True)
        self.keep_k.valueChanged.connect(self._keep_limits)
        self.keep_n.valueChanged.connect(self._keep_limits)
        self.keep_button = QPushButton(self.tr("Keep the best"))
        keep_tip = self.tr(
            "Make many images and keep only those the discriminator likes best: ask for 64 good images out of "
            "512 and you get them, best first. Uses the seed and variety set above.")
        for widget in (self.keep_k, self.keep_n, self.keep_button):
            widget.setToolTip(keep_tip)
        self.keep_button.clicked.connect(lambda: self.keepBestRequested.emit(self.keep_k.value(), self.keep_n.value()))
        self.copies_button = QPushButton(self.tr("Check all for copies"))
        self.copies_button.setToolTip(self.tr(
            "Compare every image with the training pictures and mark (⚠) those that are near-copies: a model "
            "trained on few pictures may learn some by heart."))
        self.copies_button.clicked.connect(self.copiesRequested)
        self.evaluate_button = QPushButton(self.tr("Evaluate quality"))
        self.evaluate_button.setToolTip(self.tr(
            "Score the chosen model against its training pictures: works offline, takes a few seconds."))
        self.evaluate_button.clicked.connect(self.evaluateRequested)
        self.quality_label = QLabel(self.tr("Not scored yet."))
        self.quality_label.setWordWrap(True)

        improve = QGroupBox(self.tr("Improve"))
        grid = QGridLayout(improve)
        grid.addWidget(self.rank_button, 0, 0, 1, 4)
        grid.addWidget(QLabel(self.tr("Keep")), 1, 0)
        grid.addWidget(self.keep_k, 1, 1)
        grid.addWidget(QLabel(self.tr("of")), 1, 2)
        grid.addWidget(self.keep_n, 1, 3)
        grid.addWidget(self.keep_button, 2, 0, 1, 4)
        grid.addWidget(self.copies_button, 3, 0, 1, 4)
        quality = QGroupBox(self.tr("Quality score"))
        ql = QVBoxLayout(quality)
        ql.addWidget(self.evaluate_button)
        ql.addWidget(self.quality_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(improve)
        layout.addWidget(quality)

    def set_enabled_for(self, idle: bool, have_images: bool, have_model: bool) -> None:
        """Tools on existing images need images; none starts while other work runs."""
        for button in (self.rank_button, self.copies_button):
            button.setEnabled(idle and have_images)
        self.keep_button.setEnabled(idle and have_model)
        self.evaluate_button.setEnabled(idle and have_model)

    def show_quality(self, report: dict[str, Any], step: int, run: RunInfo) -> None:
        self.quality_label.setText(quality_words(report, step, run))

    def _keep_limits(self) -> None:
        # k of N only makes sense with k <= N: raise N rather than refuse.
        if self.keep_k.value() > self.keep_n.value():
            self.keep_n.setValue(self.keep_k.value())


def quality_words(report: dict[str, Any], step: int, run: RunInfo) -> str:
    """The score in sentences a non-specialist can act on."""
    tr = QCoreApplication.translate
    swd, div, real = float(report["swd"]), float(report["diversity"]), float(report["real_diversity"])
    parts = [tr("Gallery", "Step {step:,}: quality score {swd:.1f} (lower is better). It measures how far the "
                "images' details, shapes and layout are from your training pictures; use it to compare "
                "checkpoints of this run.").format(step=step, swd=swd)]
    if run.best_step is not None and run.best_swd is not None:
        parts.append(tr("Gallery", "While training, the best score was {best:.1f}, at step {at:,}.").format(
            best=run.best_swd, at=run.best_step))
    ratio = div / real if real > 0 else 1.0
    if ratio < 0.5:
        words = tr("Gallery", "much less varied than your pictures: the model repeats itself (mode collapse). "
                   "Try an earlier checkpoint, or train with more pictures.")
    elif ratio < 0.8:
        words = tr("Gallery", "somewhat less varied than your pictures.")
    elif ratio > 1.3:
        words = tr("Gallery", "more varied than your pictures, which often means noisy, unfinished images.")
    else:
        words = tr("Gallery", "about as varied as your pictures — good.")
    parts.append(tr("Gallery", "Variety {div:.3f} against {real:.3f} for the training pictures: {words}").format(
        div=div, real=real, words=words))
    parts.append(tr("Gallery", "Scored on {n:,} images in {s:.1f} s.").format(n=int(report["n"]),
                                                                               s=float(report["seconds"])))
    return "\n".join(parts)
