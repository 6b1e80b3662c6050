"""Where the Feedback tab's parts go, and the tally of ratings with its CSV buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.feedback.store import FeedbackSummary
from aigc_desktop.ui.widgets.pages import side_column


class TallyPanel(QWidget):
    """Counts, the share rated good of the version in use, the most used tags; export and import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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


class FeedbackPage(QSplitter):
    """Rating controls and tally (scrollable) | header, messages, the image large above the batch |
    the two adjustments and the version tree."""

    def __init__(self, batch_row: QWidget, rating: QWidget, tally: QWidget, header: QWidget, message: QWidget,
                 view: QWidget, grid: QWidget, adjust: QWidget, versions: QWidget,
                 parent: QWidget | None = None) -> None:
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

        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(header)
        mv.addWidget(message)
        images = QSplitter(Qt.Orientation.Vertical)
        images.addWidget(view)
        images.addWidget(grid)
        images.setStretchFactor(0, 3)
        images.setStretchFactor(1, 2)
        mv.addWidget(images, 1)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(adjust)
        versions_box = QGroupBox(self.tr("Model versions"))
        QVBoxLayout(versions_box).addWidget(versions)
        rl.addWidget(versions_box, 1)

        self.addWidget(scroll)
        self.addWidget(middle)
        self.addWidget(right)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([scroll.minimumWidth(), 560, 340])
