"""Where the Feedback tab's parts go, the batch controls, and the tally of ratings with its CSV buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.feedback.records import FeedbackSummary
from aigc_desktop.ui.widgets.class_combo import ClassCombo
from aigc_desktop.ui.widgets.pages import side_column


class BatchControls(QWidget):
    """How many images a batch has, which class (for a model trained by class), and "New batch"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(4, 1000)
        self.count_spin.setValue(60)
        self.count_spin.setToolTip(self.tr("How many images each batch has."))
        self.batch_button = QPushButton(self.tr("New batch  (N)"))
        self.batch_button.setToolTip(self.tr("Make a fresh batch of images with the model version in use."))
        self.class_combo = ClassCombo()
        self.class_combo.setToolTip(self.tr(
            "For a model trained by class: rate pictures of one class only, or of all classes in turn."))
        self.set_classes(())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Images")))
        row.addWidget(self.count_spin)
        row.addWidget(self.class_combo)
        row.addWidget(self.batch_button, 1)

    def set_classes(self, classes: tuple[str, ...] | list[str]) -> None:
        """The model's classes (() hides the choice)."""
        self.class_combo.set_classes(classes)

    def class_name(self) -> str:
        """The class a new batch is limited to; "" for all classes in turn."""
        return self.class_combo.class_name()


class TallyPanel(QWidget):
    """Counts, the share rated good of the version in use, the most used tags; export and import.

    Signals:
        exportRequested(str), importRequested(str): the CSV file the user chose.
    """

    exportRequested = Signal(str)
    importRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_name = ""  # for the suggested file name
        self.summary_label = QLabel(self.tr("No ratings yet."))
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setToolTip(self.tr("Save all ratings to a CSV file, to share with your team."))
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.setToolTip(self.tr(
            "Add the ratings of a CSV file exported by AIGC Desktop; ones already here are skipped."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        self.export_button.clicked.connect(self._ask_export)
        self.import_button.clicked.connect(self._ask_import)

    def show_summary(self, summary: FeedbackSummary, current: int | None) -> None:
        if summary.total + summary.undone == 0:
            self.summary_label.setText(self.tr("No ratings yet."))
            return
        text = self.tr("{total:,} ratings: {good:,} good, {bad:,} bad.").format(
            total=summary.total, good=summary.good, bad=summary.bad)
        if current is not None:
            n, share = summary.per_version.get(current, (0, 0.0))
            text += "<br>" + self.tr("Version in use (v{id}): {n:,} rated, {share:.0%} good.").format(
                id=current, n=n, share=share)
        if summary.top_tags:
            text += "<br>" + self.tr("Most used tags: {tags}").format(
                tags=", ".join(f"{name} ({count})" for name, count in summary.top_tags[:5]))
        self.summary_label.setText(text)

    def set_buttons_enabled(self, enabled: bool) -> None:
        self.export_button.setEnabled(enabled)
        self.import_button.setEnabled(enabled)

    def _ask_export(self) -> None:
        suggested = str(Path.home() / f"ratings-{self.run_name}.csv")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export ratings"), suggested, self.tr("CSV (*.csv)"))
        if path:
            self.exportRequested.emit(path)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import ratings"), str(Path.home()), self.tr("CSV (*.csv)"))
        if path:
            self.importRequested.emit(path)


class FeedbackPage(QSplitter):
    """Rating controls and tally (scrollable) | the batch (``BatchView``) | the two adjustments and the
    version tree."""

    def __init__(self, batch_row: QWidget, rating: QWidget, tally: QWidget, batch: QWidget, adjust: QWidget,
                 versions: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        left = QWidget()
        lv = QVBoxLayout(left)
        rate_box = QGroupBox(self.tr("Rate"))
        rv = QVBoxLayout(rate_box)
        rv.addWidget(batch_row)
        rv.addWidget(rating)
        tally_box = QGroupBox(self.tr("Ratings so far"))
        QVBoxLayout(tally_box).addWidget(tally)
        lv.addWidget(rate_box)
        lv.addWidget(tally_box)
        lv.addStretch(1)
        scroll = side_column(left)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(adjust)
        versions_box = QGroupBox(self.tr("Model versions"))
        QVBoxLayout(versions_box).addWidget(versions)
        rl.addWidget(versions_box, 1)

        self.addWidget(scroll)
        self.addWidget(batch)
        self.addWidget(right)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([scroll.minimumWidth(), 560, 340])
