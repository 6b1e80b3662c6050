"""The model versions of a run as a tree (each made from its parent), and two versions side by side."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.feedback.records import FeedbackSummary, ModelVersion
from aigc_desktop.ui.widgets.image_view import numpy_to_qimage
from aigc_desktop.ui.widgets.pixel_view import whole_factor
from aigc_desktop.workers import feedback_jobs as jobs
from aigc_desktop.workers.job_runner import Job, JobRunner

COMPARE_COUNT = 8  # images per version: enough to judge, small enough to see at a glance
COMPARE_PX = 96  # about this size, enlarged by a whole factor and never below the images' own size


class VersionWords(QObject):
    """Names of versions and their kinds, in one place to translate."""

    def kind(self, kind: str) -> str:
        return {"trained": self.tr("trained"), "steered": self.tr("steered"),
                "finetuned": self.tr("fine-tuned")}.get(kind, kind)

    def name(self, v: ModelVersion) -> str:
        step = self.tr(", step {step:,}").format(step=v.step) if v.step is not None else ""
        return self.tr("v{id} ({kind}{step})").format(id=v.id, kind=self.kind(v.kind), step=step)


class VersionsPanel(QWidget):
    """Signals: useRequested(version id), compareRequested()."""

    useRequested = Signal(int)
    compareRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = VersionWords(self)
        self.versions: list[ModelVersion] = []
        self.current: int | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Version"), self.tr("Kind"), self.tr("Step"), self.tr("Rated"),
                                   self.tr("Good")])
        self.tree.setRootIsDecorated(True)
        # The name column takes what is left; the figures are as wide as they need: no sideways scrolling.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setToolTip(self.tr(
            "Every adjustment makes a new version from the one it started from; none is ever overwritten. "
            "● marks the version in use. “Good” is the share of its images people rated good."))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self._use())
        self.use_button = QPushButton(self.tr("Use this version"))
        self.use_button.setToolTip(self.tr(
            "Rate, steer and fine-tune this version from now on (a rollback, if it is an older one)."))
        self.use_button.clicked.connect(self._use)
        self.compare_button = QPushButton(self.tr("Compare…"))
        self.compare_button.setToolTip(self.tr("See two versions side by side on the same random seeds."))
        self.compare_button.clicked.connect(self.compareRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._idle = True
        self._update_buttons()

    def set_versions(self, versions: list[ModelVersion], current: int | None, summary: FeedbackSummary) -> None:
        # A new version in use is selected; otherwise the user's selection stays.
        selected = self.selected_id() if current == self.current else current
        self.versions, self.current = versions, current
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for v in versions:  # oldest first: a parent always comes before its children
            n, share = summary.per_version.get(v.id, (0, 0.0))
            parent = items.get(v.parent_id) if v.parent_id is not None else None
            item = QTreeWidgetItem([f"v{v.id}", self.words.kind(v.kind), f"{v.step:,}" if v.step is not None else "",
                                    f"{n:,}", f"{share:.0%}" if n else "–"])
            item.setData(0, Qt.ItemDataRole.UserRole, v.id)
            tip = [self.words.name(v), v.created_at.replace("T", " ")[:19] + " UTC"]
            if v.ratings_used:
                tip.append(self.tr("Made from {n:,} ratings").format(n=len(v.ratings_used)))
            if v.note:
                tip.append(v.note)
            item.setToolTip(0, "\n".join(tip))
            if v.id == current:
                item.setText(0, f"● v{v.id}")
                font = QFont(item.font(0))
                font.setBold(True)
                for col in range(self.tree.columnCount()):
                    item.setFont(col, font)
            (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
            items[v.id] = item
        self.tree.expandAll()
        keep = items.get(selected if selected is not None else current or -1)
        if keep is not None:
            self.tree.setCurrentItem(keep)
        self._update_buttons()

    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, version_id: int) -> None:
        for item in self.tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
            if item.data(0, Qt.ItemDataRole.UserRole) == version_id:
                self.tree.setCurrentItem(item)

    def set_idle(self, idle: bool) -> None:
        self._idle = idle
        self._update_buttons()

    def _use(self) -> None:
        vid = self.selected_id()
        if vid is not None and self._idle and vid != self.current:
            self.useRequested.emit(vid)

    def _update_buttons(self) -> None:
        vid = self.selected_id()
        self.use_button.setEnabled(self._idle and vid is not None and vid != self.current)
        self.compare_button.setEnabled(len(self.versions) >= 2)


class CompareDialog(QDialog):
    """Two versions, the same seeds: image ``i`` of both rows comes from the same random start."""

    def __init__(self, run_dir: str, versions: list[ModelVersion], left: int, right: int,
                 shares: dict[int | None, tuple[int, float]] | None = None, parent: QWidget | None = None,
                 device: str = "cpu") -> None:
        """``shares``: per version, (images rated, share rated good), shown beside its row; ``device`` draws them."""
        super().__init__(parent)
        self.shares = shares or {}
        self.setWindowTitle(self.tr("Compare model versions"))
        self.run_dir, self.device = run_dir, device
        self.runner = JobRunner("feedback-compare", self)
        self.words = VersionWords(self)
        self.comparison: jobs.Comparison | None = None
        self.left_combo, self.right_combo = QComboBox(), QComboBox()
        for combo, chosen in ((self.left_combo, left), (self.right_combo, right)):
            for v in versions:
                combo.addItem(self.words.name(v), v.id)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.currentIndexChanged.connect(self.compare)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - COMPARE_COUNT - 1)
        self.seed_spin.setToolTip(self.tr("The first of {n} seeds shown; each seed gives both versions the same "
                                          "random start.").format(n=COMPARE_COUNT))
        self.seed_spin.valueChanged.connect(self.compare)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.images = QWidget()
        self.image_grid = QGridLayout(self.images)
        scroll = QScrollArea()
        scroll.setWidget(self.images)
        scroll.setWidgetResizable(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Top row")))
        top.addWidget(self.left_combo, 1)
        top.addWidget(QLabel(self.tr("Bottom row")))
        top.addWidget(self.right_combo, 1)
        top.addWidget(QLabel(self.tr("First seed")))
        top.addWidget(self.seed_spin)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        layout.addWidget(close)
        self.resize(1000, 420)
        self.runner.busyChanged.connect(self._on_busy)

    def compare(self) -> None:
        left, right = self.left_combo.currentData(), self.right_combo.currentData()
        seeds = list(range(self.seed_spin.value(), self.seed_spin.value() + COMPARE_COUNT))
        fn = partial(jobs.compare, run_dir=self.run_dir, left=left, right=right, seeds=seeds, device=self.device)
        self.runner.submit(Job("compare", fn, self._show, on_error=self._on_error))

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def shutdown(self) -> None:
        self.runner.shutdown()

    def done(self, result: int) -> None:
        self.runner.cancel()
        super().done(result)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.status.setText(self.tr("Drawing both versions…"))

    def _on_error(self, text: str) -> None:
        self.status.setText(self.tr("Could not compare: {error}").format(error=text))

    def _show(self, comparison: jobs.Comparison) -> None:
        self.comparison = comparison
        while self.image_grid.count():
            self.image_grid.takeAt(0).widget().deleteLater()
        for col, seed in enumerate(comparison.seeds):
            head = QLabel(self.tr("seed {seed}").format(seed=seed))
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.image_grid.addWidget(head, 0, col + 1)
        for row, (version, arrays) in enumerate(((comparison.left, comparison.left_arrays),
                                                 (comparison.right, comparison.right_arrays)), start=1):
            name = self.words.name(version)
            n, share = self.shares.get(version.id, (0, 0.0))
            if n:
                name += "\n" + self.tr("{share:.0%} good of {n:,} rated").format(share=share, n=n)
            self.image_grid.addWidget(QLabel(name), row, 0)
            for col, array in enumerate(arrays, start=1):
                label = QLabel()
                image = numpy_to_qimage(array)
                image = image.scaled(image.size() * whole_factor(max(image.width(), image.height()), COMPARE_PX),
                                     mode=Qt.TransformationMode.FastTransformation)  # crisp whole pixels
                label.setPixmap(QPixmap.fromImage(image))
                self.image_grid.addWidget(label, row, col)
        self.image_grid.setRowStretch(3, 1)  # the rows stay together at the top, whatever the window's size
        self.image_grid.setColumnStretch(len(comparison.seeds) + 1, 1)
        self.status.setText(self.tr("Each column: the same seed drawn by both versions."))
