"""The two ways the Feedback tab adjusts the model with the ratings: steer sampling, and fine-tune."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class AdjustPanel(QWidget):
    """Signals: steerRequested(strength 0..1), finetuneRequested(steps)."""

    steerRequested = Signal(float)
    finetuneRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        steer_box = QGroupBox(self.tr("1  Steer sampling (instant)"))
        steer_text = QLabel(self.tr(
            "Learns from your ratings which random starting points give images you like, and draws new "
            "images from there; the model itself is not changed."))
        steer_text.setWordWrap(True)
        self.strength = QSlider(Qt.Orientation.Horizontal)
        self.strength.setRange(0, 100)
        self.strength.setValue(50)
        self.strength.setToolTip(self.tr(
            "How far to pull toward what you liked. Stronger gives more liked images but less variety."))
        self.strength_label = QLabel()
        self.strength.valueChanged.connect(self._show_strength)
        self.steer_button = QPushButton(self.tr("Steer toward liked images"))
        self.steer_button.setToolTip(self.tr(
            "Make a steered version of the model in use. Needs images of it rated good and bad."))
        self.steer_button.clicked.connect(lambda: self.steerRequested.emit(self.strength.value() / 100))
        sg = QGridLayout(steer_box)
        sg.addWidget(steer_text, 0, 0, 1, 3)
        sg.addWidget(QLabel(self.tr("Strength")), 1, 0)
        sg.addWidget(self.strength, 1, 1)
        sg.addWidget(self.strength_label, 1, 2)
        sg.addWidget(self.steer_button, 2, 0, 1, 3)
        sg.setColumnStretch(1, 1)

        tune_box = QGroupBox(self.tr("2  Fine-tune (minutes)"))
        tune_text = QLabel(self.tr(
            "Trains the model a little longer with your ratings: liked images count as extra examples, "
            "disliked ones as mistakes to avoid. The Training tab shows it live."))
        tune_text.setWordWrap(True)
        self.steps = QSpinBox()
        self.steps.setRange(10, 100_000)
        self.steps.setSingleStep(50)
        self.steps.setValue(300)
        self.steps.setGroupSeparatorShown(True)
        self.steps.setToolTip(self.tr(
            "How many training steps. A few hundred take a minute or two on a CPU with the quick preset."))
        self.finetune_button = QPushButton(self.tr("Fine-tune with ratings"))
        self.finetune_button.setToolTip(self.tr(
            "Make a fine-tuned version of the model in use. Needs images rated good and bad."))
        self.finetune_button.clicked.connect(lambda: self.finetuneRequested.emit(self.steps.value()))
        tg = QGridLayout(tune_box)
        tg.addWidget(tune_text, 0, 0, 1, 2)
        tg.addWidget(QLabel(self.tr("Steps")), 1, 0)
        tg.addWidget(self.steps, 1, 1)
        tg.addWidget(self.finetune_button, 2, 0, 1, 2)
        tg.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(steer_box)
        layout.addWidget(tune_box)
        self._show_strength(self.strength.value())

    def set_enabled_for(self, idle: bool, training_free: bool) -> None:
        self.steer_button.setEnabled(idle)
        self.finetune_button.setEnabled(idle and training_free)
        self.finetune_button.setToolTip(
            self.tr("Make a fine-tuned version of the model in use. Needs images rated good and bad.")
            if training_free else self.tr("Wait until the training in the Training tab has finished."))

    def _show_strength(self, value: int) -> None:
        self.strength_label.setText(f"{value / 100:.2f}")
