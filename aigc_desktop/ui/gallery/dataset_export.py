"""The Gallery's "Export labelled dataset…" dialog: how many pictures of which classes, and where to.

The export itself (``core/sampling/labelled_export.py``) runs as a Gallery job, with progress and
Cancel; this dialog only collects the choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

MAX_PER_CLASS = 100_000  # as core/sampling/labelled_export.py (the window must not import the engine)


@dataclass(frozen=True)
class DatasetExportRequest:
    target: str  # a folder, or a path ending in .zip
    per_class: int
    classes: tuple[str, ...]
    keep: tuple[int, int]  # (K, M): the best K of every M made
    leave_out_copies: bool


class DatasetExportDialog(QDialog):
    """Classes (all ticked), pictures per class, keep-best K of M, near-copies, folder or zip."""

    def __init__(self, classes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export labelled dataset"))
        intro = QLabel(self.tr(
            "Pictures of each class in a folder of its own, with a manifest.csv that says where each came from: "
            "ready for training or testing an inspection model (it loads as a torchvision ImageFolder)."))
        intro.setWordWrap(True)
        self.class_list = QListWidget()
        for name in classes:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.class_list.addItem(item)
        self.class_list.setMaximumHeight(120)
        self.per_class_spin = QSpinBox()
        self.per_class_spin.setRange(1, MAX_PER_CLASS)
        self.per_class_spin.setValue(100)
        self.per_class_spin.setGroupSeparatorShown(True)
        self.keep_k = QSpinBox()
        self.keep_k.setRange(1, 10_000)
        self.keep_m = QSpinBox()
        self.keep_m.setRange(1, 10_000)
        for spin in (self.keep_k, self.keep_m):
            spin.setValue(1)
        self.keep_k.valueChanged.connect(lambda k: self.keep_m.setValue(max(k, self.keep_m.value())))
        self.keep_m.valueChanged.connect(lambda m: self.keep_k.setValue(min(m, self.keep_k.value())))
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(self.tr("the best")))
        keep_row.addWidget(self.keep_k)
        keep_row.addWidget(QLabel(self.tr("of every")))
        keep_row.addWidget(self.keep_m)
        keep_row.addStretch(1)
        keep_box = QWidget()
        keep_box.setLayout(keep_row)
        keep_box.setToolTip(self.tr(
            "Make more pictures than you need and keep the ones the discriminator finds most real. "
            "1 of every 1 keeps every picture."))
        keep_row.setContentsMargins(0, 0, 0, 0)
        self.copies_check = QCheckBox(self.tr("Leave out near-copies of training pictures"))
        self.copies_check.setChecked(True)
        self.copies_check.setToolTip(self.tr(
            "A picture almost identical to one of yours teaches an inspection model nothing new; the "
            "export says how many were left out."))
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("A folder"), "folder")
        self.format_combo.addItem(self.tr("One .zip file"), "zip")
        self.target_edit = QLineEdit()
        self.target_edit.setPlaceholderText(self.tr("Choose where to save…"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Classes"), self.class_list)
        form.addRow(self.tr("Pictures per class"), self.per_class_spin)
        form.addRow(self.tr("Keep"), keep_box)
        form.addRow("", self.copies_check)
        form.addRow(self.tr("Save as"), self.format_combo)
        form.addRow(self.tr("Where"), target_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.target_edit.textChanged.connect(self._update_ok)
        self.class_list.itemChanged.connect(self._update_ok)
        self._update_ok()

    def request(self) -> DatasetExportRequest:
        """The choices made (call after the dialog was accepted)."""
        target = self.target_edit.text().strip()
        if self.format_combo.currentData() == "zip" and not target.lower().endswith(".zip"):
            target += ".zip"
        return DatasetExportRequest(target, self.per_class_spin.value(), tuple(self.checked_classes()),
                                    (self.keep_k.value(), self.keep_m.value()), self.copies_check.isChecked())

    def checked_classes(self) -> list[str]:
        items = (self.class_list.item(i) for i in range(self.class_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.target_edit.text().strip()) and bool(self.checked_classes()))

    def _browse(self) -> None:
        start = str(Path.home())
        if self.format_combo.currentData() == "zip":
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as a .zip file"),
                                                  str(Path(start) / "dataset.zip"), self.tr("Zip files (*.zip)"))
        else:
            path = QFileDialog.getExistingDirectory(self, self.tr("Export into a new or empty folder"), start)
        if path:
            self.target_edit.setText(path)
