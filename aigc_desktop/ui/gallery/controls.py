"""The Gallery's generation controls: how many images, from which seed, and how varied (ψ)."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from aigc_desktop.ui.widgets.class_combo import ClassCombo

PSI_STEPS = 20  # the slider moves ψ in steps of 1/20 = 0.05
MAX_SEED = 2**31 - 1  # QSpinBox holds a C int
STEER_STRENGTH = 0.5


class GenerateControls(QWidget):
    """Count, seed (with a dice button), the ψ slider and Generate / Cancel.

    Signals:
        generateRequested(): Generate pressed, or a new random seed drawn.
        psiChanged(float): ψ moved and then rested for a moment (debounced: one regeneration per gesture).
        cancelRequested(): Cancel pressed.
    """

    generateRequested = Signal()
    psiChanged = Signal(float)
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 10_000)
        self.count_spin.setValue(64)
        self.count_spin.setGroupSeparatorShown(True)
        self.count_spin.setToolTip(self.tr("How many images to make (1 to 10,000)."))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, MAX_SEED)
        self.seed_spin.setToolTip(self.tr(
            "The same seed always gives the same images from the same model. Note it to make them again."))
        self.dice_button = QPushButton(self.tr("Random seed"))
        self.dice_button.setToolTip(self.tr("Draw a new seed and make a fresh set of images."))
        self.dice_button.clicked.connect(self._random_seed)
        self.psi_slider = QSlider(Qt.Orientation.Horizontal)
        self.psi_slider.setRange(0, PSI_STEPS)
        self.psi_slider.setValue(PSI_STEPS)
        self.psi_slider.setPageStep(2)
        self.psi_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.psi_slider.setTickInterval(4)
        self.psi_label = QLabel()
        tip = self.tr(
            "Variety or safety. At 1.00 you get everything the model can make, odd ones included. Lower values "
            "pull every image toward the model's most typical picture: fewer failures, but the images look "
            "more alike. At 0.00 all images are the same typical picture. The same images are redrawn at once.")
        for widget in (self.psi_slider, self.psi_label):
            widget.setToolTip(tip)
        self.class_combo = ClassCombo()
        self.class_combo.setToolTip(self.tr(
            "For a model trained by class: make pictures of one class only, or of all classes in turn."))
        self.class_label = QLabel(self.tr("Class"))
        self.class_label.setBuddy(self.class_combo)
        self.set_classes(())
        self.steer_check = QCheckBox(self.tr("Steer toward liked images"))
        self.steer_check.setToolTip(self.tr(
            "Draw more images like the ones people rated good (here or in the Feedback tab), without "
            "retraining. Needs images of this checkpoint rated good and bad."))
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setDefault(True)
        self.generate_button.setToolTip(self.tr("Make the images with the chosen model and seed."))
        self.generate_button.clicked.connect(self.generateRequested)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the work in progress; the images made so far stay."))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancelRequested)

        # One regeneration per drag: wait until the slider rests for a moment.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._emit_psi)
        self.psi_slider.valueChanged.connect(self._on_slider)
        self._on_slider(self.psi_slider.value(), emit=False)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Images")), 0, 0)
        grid.addWidget(self.count_spin, 0, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("Seed")), 1, 0)
        grid.addWidget(self.seed_spin, 1, 1)
        grid.addWidget(self.dice_button, 1, 2)
        grid.addWidget(QLabel(self.tr("Variety")), 2, 0)
        grid.addWidget(self.psi_slider, 2, 1)
        grid.addWidget(self.psi_label, 2, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button, 1)
        buttons.addWidget(self.cancel_button)
        grid.addWidget(self.class_label, 3, 0)
        grid.addWidget(self.class_combo, 3, 1, 1, 2)
        grid.addWidget(self.steer_check, 4, 0, 1, 3)
        grid.addLayout(buttons, 5, 0, 1, 3)
        grid.setColumnStretch(1, 1)

    def set_classes(self, classes: tuple[str, ...] | list[str]) -> None:
        """The chosen model's classes ((): not trained by class, and the picker is hidden)."""
        self.class_combo.set_classes(classes)
        self.class_label.setVisible(bool(classes))

    def class_name(self) -> str:
        """The class chosen; "" for all classes in turn (or a model not trained by class)."""
        return self.class_combo.class_name()

    def psi(self) -> float:
        """ψ from 0 to 1 in steps of 0.05 (exact decimals: it is recorded in every exported PNG)."""
        return round(self.psi_slider.value() / PSI_STEPS, 2)

    def steer(self) -> float:
        """How strongly to steer toward liked images: 0 (off) or the Feedback tab's default 0.5."""
        return STEER_STRENGTH if self.steer_check.isChecked() else 0.0

    def set_psi(self, psi: float, emit: bool = True) -> None:
        """Move the slider; with ``emit`` the images are redrawn as if the user had moved it."""
        if not emit:
            self.psi_slider.blockSignals(True)
        self.psi_slider.setValue(round(psi * PSI_STEPS))
        self.psi_slider.blockSignals(False)
        self._on_slider(self.psi_slider.value(), emit=emit)

    def flush(self) -> None:
        """Send a pending ψ change now instead of after the pause (tests, Generate)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit_psi()

    def discard_pending(self) -> None:
        """Forget a ψ change not sent yet (Generate is about to use the slider's value anyway)."""
        self._debounce.stop()

    def set_busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)

    def _on_slider(self, _value: int, emit: bool = True) -> None:
        self.psi_label.setText(f"ψ {self.psi():.2f}")
        if emit:
            self._debounce.start()

    def _emit_psi(self) -> None:
        self.psiChanged.emit(self.psi())

    def _random_seed(self) -> None:
        self.seed_spin.setValue(random.randint(0, MAX_SEED))
        self.generateRequested.emit()
