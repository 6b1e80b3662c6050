"""The Gallery's export options: where to (a folder or a .zip) and the polish applied on the way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from aigc_desktop.workers.gallery_jobs import ExportOptions

LIGHT_SHARPEN = 0.35  # "light": crisper edges after enlarging, without halos on a 64 px picture


class ExportPanel(QWidget):
    """Upscale, sharpening, channels, folder-or-zip, and the two export buttons.

    Signals:
        exportRequested(bool, str): selected only?, and the chosen folder or ``.zip`` path.
    """

    exportRequested = Signal(bool, str)
    datasetRequested = Signal()
    usefulnessRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.upscale_combo = QComboBox()
        for factor in (1, 2, 4):
            self.upscale_combo.addItem(self.tr("{n}× (as made)").format(n=factor) if factor == 1
                                       else self.tr("{n}× larger").format(n=factor), factor)
        self.upscale_combo.setToolTip(self.tr(
            "Enlarge the pictures on export with a high-quality filter. It adds no real detail, "
            "but makes small pictures easier to look at and use."))
        self.sharpen_check = QCheckBox(self.tr("Light sharpening"))
        self.sharpen_check.setToolTip(self.tr("Crisper edges, especially after enlarging."))
        self.channels_combo = QComboBox()
        self.channels_combo.addItem(self.tr("As trained"), None)
        self.channels_combo.addItem(self.tr("Colour"), 3)
        self.channels_combo.addItem(self.tr("Grey"), 1)
        self.channels_combo.setToolTip(self.tr(
            "“As trained” keeps the colours of the training pictures (grey if you trained on grey)."))
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("PNG files in a folder"), "folder")
        self.format_combo.addItem(self.tr("One .zip file"), "zip")
        self.selected_button = QPushButton(self.tr("Export selected…"))
        self.all_button = QPushButton(self.tr("Export all…"))
        for button in (self.selected_button, self.all_button):
            button.setToolTip(self.tr(
                "Each PNG records its run, checkpoint, seed and number, so it can be made again exactly."))
        self.dataset_button = QPushButton(self.tr("Export labelled dataset…"))
        self.dataset_button.setToolTip(self.tr(
            "For a model trained by class: many pictures of each class, sorted into class folders with a "
            "manifest, to train or test an inspection model."))
        self.dataset_button.clicked.connect(self.datasetRequested)
        self.dataset_button.hide()
        self.usefulness_button = QPushButton(self.tr("Does it help?"))
        self.usefulness_button.setToolTip(self.tr(
            "Trains a small inspection classifier on your pictures, on your pictures plus generated ones, and on "
            "generated ones only, and tests each on real pictures the run kept aside. A few minutes on a CPU."))
        self.usefulness_button.clicked.connect(self.usefulnessRequested)
        self.usefulness_button.hide()
        self.selected_button.clicked.connect(lambda: self._ask(True))
        self.all_button.clicked.connect(lambda: self._ask(False))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Size"), self.upscale_combo)
        form.addRow("", self.sharpen_check)
        form.addRow(self.tr("Colours"), self.channels_combo)
        form.addRow(self.tr("Save as"), self.format_combo)
        row = QHBoxLayout()
        row.addWidget(self.selected_button)
        row.addWidget(self.all_button)
        form.addRow(row)
        form.addRow(self.dataset_button)
        form.addRow(self.usefulness_button)

    def options(self, is_ema: bool) -> ExportOptions:
        return ExportOptions(
            upscale=int(self.upscale_combo.currentData()),
            sharpen=LIGHT_SHARPEN if self.sharpen_check.isChecked() else 0.0,
            channels=self.channels_combo.currentData(),
            is_ema=is_ema,
        )

    def set_buttons_enabled(self, selected: bool, any_images: bool, idle: bool = True) -> None:
        self.selected_button.setEnabled(selected)
        self.all_button.setEnabled(any_images)
        self.dataset_button.setEnabled(idle)
        self.usefulness_button.setEnabled(idle)

    def set_by_class(self, by_class: bool) -> None:
        """Offer the labelled-dataset export and the usefulness report only for a model trained by class."""
        self.dataset_button.setVisible(by_class)
        self.usefulness_button.setVisible(by_class)

    def _ask(self, selected_only: bool) -> None:
        start = str(Path.home())
        if self.format_combo.currentData() == "zip":
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as a .zip file"),
                                                  str(Path(start) / "images.zip"), self.tr("Zip files (*.zip)"))
            if path and not path.lower().endswith(".zip"):
                path += ".zip"
        else:
            path = QFileDialog.getExistingDirectory(self, self.tr("Export into a folder"), start)
        if path:
            self.exportRequested.emit(selected_only, path)
