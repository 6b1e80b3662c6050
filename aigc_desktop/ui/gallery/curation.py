"""The Gallery's tools to improve and judge the content: rank, keep the best, check for copies, score."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from aigc_desktop.ui.gallery.model_picker import RunInfo
from aigc_desktop.ui.gallery.quality import UncoveredStrip, quality_words
from aigc_desktop.workers.gallery_jobs import Evaluation


class CurationPanel(QWidget):
    """Buttons for the discriminator-based tools and the quality score, with the score in words and the
    training pictures that nothing generated resembles.

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
        self.quality_label.setToolTip(self.tr(
            "The score grows with how far the images' details, shapes and layout are from your training "
            "pictures, with every image that looks like none of them or copies one, and with every kind of "
            "picture the model does not make. Scored offline, with as many images as while training."))
        self.uncovered = UncoveredStrip()

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
        ql.addWidget(self.uncovered)
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

    def show_quality(self, evaluation: Evaluation, step: int, run: RunInfo) -> None:
        """The score in words, and the training pictures nothing generated resembles."""
        self.quality_label.setText(quality_words(evaluation, step, run))
        self.uncovered.set_pictures(evaluation.uncovered)

    def clear_quality(self) -> None:
        self.quality_label.setText(self.tr("Not scored yet."))
        self.uncovered.set_pictures([])

    def _keep_limits(self) -> None:
        # k of N only makes sense with k <= N: raise N rather than refuse.
        if self.keep_k.value() > self.keep_n.value():
            self.keep_n.setValue(self.keep_k.value())
