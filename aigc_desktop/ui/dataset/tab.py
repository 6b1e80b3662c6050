"""The Dataset tab: pick pictures, see what was found and skipped, leave some out, set preprocessing.

Scanning runs on a worker thread (``ScanController``), thumbnails and previews on thread pools, so
the window stays responsive with 10,000 pictures. Nothing here imports torch: the window must open
fast, and the engine loads only when training starts.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.data.scan import ScanResult
from aigc_desktop.ui.dataset.grid import PicturesPanel
from aigc_desktop.ui.dataset.preprocess_panel import PreprocessPanel
from aigc_desktop.ui.dataset.scanner import ScanBar, ScanController
from aigc_desktop.ui.dataset.selection import DatasetSelection
from aigc_desktop.ui.dataset.sources import EmptyState, SourcesPanel
from aigc_desktop.ui.dataset.stats import SkippedTable, StatsPanel, fmt_count


class DatasetTab(QWidget):
    """Sources, scan, thumbnails, statistics, removal and preprocessing of the training pictures.

    Signals:
        selectionChanged(): sources, scan, removal or preprocessing changed.
        busyChanged(bool, str): scanning or not, and a status-bar text.
    """

    selectionChanged = Signal()
    busyChanged = Signal(bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._sources: list[str] = []
        self._demo: str | None = None
        self._scan: ScanResult | None = None  # as scanned, removed pictures included
        self._used: ScanResult | None = None  # without the removed pictures
        self._removed: dict[str, str] = {}  # location -> display name, in the order removed
        self._closed = False

        self.empty_state = EmptyState()
        self.sources_panel = SourcesPanel()
        self.stats_panel = StatsPanel()
        self.pictures = PicturesPanel()
        self.skipped_table = SkippedTable()
        self.preprocess_panel = PreprocessPanel()
        self.scan_bar = ScanBar()
        self._scanner = ScanController(self)

        self.center = QTabWidget()
        self.center.setDocumentMode(True)
        self.center.addTab(self.pictures, "")
        self.center.addTab(self.skipped_table, "")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_group(self.tr("Sources"), self.sources_panel))
        left_layout.addWidget(_group(self.tr("Summary"), self.stats_panel))
        left_layout.addStretch(1)
        right = _group(self.tr("Preparing pictures for training"), self.preprocess_panel)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.center)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([270, 640, 300])
        left.setMinimumWidth(230)
        right.setMinimumWidth(250)

        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(8, 8, 8, 8)
        main_layout.addWidget(self.scan_bar)
        main_layout.addWidget(split, 1)

        self._pages = QStackedWidget()
        self._pages.addWidget(self.empty_state)
        self._pages.addWidget(main)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)

        # The welcome panel's buttons do what the sources panel's do (which owns the file dialogs).
        self.empty_state.addFolderRequested.connect(self.sources_panel.add_folder)
        self.empty_state.addFilesRequested.connect(self.sources_panel.add_files)
        for panel in (self.empty_state, self.sources_panel):
            panel.demoRequested.connect(self.use_demo)
        self.sources_panel.pathsChosen.connect(self.add_paths)
        self.sources_panel.removeRequested.connect(self.remove_sources)
        self._scanner.started.connect(self._on_scan_started)
        self._scanner.progress.connect(self._on_scan_progress)
        self._scanner.done.connect(self._on_scan_done)
        self.scan_bar.cancelRequested.connect(self.cancel_scan)
        self.scan_bar.actionRequested.connect(self._on_bar_action)
        self.pictures.removed.connect(self._on_pictures_removed)
        self.pictures.restoreRequested.connect(self.restore_removed)
        self.preprocess_panel.settingsChanged.connect(self.selectionChanged)
        self._show_result()

    # ----- public API ------------------------------------------------------------------------

    def add_paths(self, paths: list[str]) -> None:
        """Add folders, files or zip files (each once) and scan all sources again."""
        known = {_same_file_key(p) for p in self._sources}
        for path in paths:
            full = os.path.abspath(os.path.expanduser(os.fspath(path)))
            if _same_file_key(full) not in known:
                known.add(_same_file_key(full))
                self._sources.append(full)
        if not self._sources:
            return
        self._sources_changed()

    def use_demo(self) -> None:
        """Add the built-in demo set (340 pictures of machined parts) and scan."""
        from aigc_desktop.core.data.demo import demo_dataset_path

        try:
            path = str(demo_dataset_path())
        except FileNotFoundError as exc:
            self._pages.setCurrentIndex(1)
            self.scan_bar.show_message(self.tr("The demo dataset could not be found: {error}").format(error=exc),
                                       "error")
            return
        self._demo = os.path.abspath(path)
        self.add_paths([path])

    def remove_sources(self, paths: list[str]) -> None:
        """Stop using ``paths`` (nothing is deleted); scans the remaining sources again."""
        drop = {_same_file_key(p) for p in paths}
        self._sources = [p for p in self._sources if _same_file_key(p) not in drop]
        self._sources_changed()

    def restore_removed(self) -> None:
        """Put every removed picture back into the set."""
        if self._removed:
            self._removed.clear()
            self._show_result()
            self._removal_changed()

    def selection(self) -> DatasetSelection:
        """The sources, their scan without removed pictures (None until a scan has finished), and settings."""
        return DatasetSelection(
            paths=list(self._sources),
            scan=None if self.is_busy() else self._used,
            removed=list(self._removed),  # locations: unique, unlike display names
            settings=self.preprocess_panel.settings(),
        )

    def set_resolution(self, resolution: int) -> None:
        """Choose the training picture size (32, 64, 128 or 256; 16 for tests)."""
        self.preprocess_panel.set_resolution(resolution)

    def is_busy(self) -> bool:
        """True while a scan runs."""
        return self._scanner.is_running()

    def cancel_scan(self) -> None:
        """Stop the running scan; the pictures checked so far are kept."""
        self._scanner.cancel()

    def shutdown(self) -> None:
        """Cancel the scan and wait for every worker thread (called when the window closes)."""
        self._closed = True
        self._scanner.shutdown()
        self.preprocess_panel.shutdown()
        self.pictures.shutdown()

    def threads_running(self) -> int:
        """Scan threads not yet ended (0 after ``shutdown``)."""
        return self._scanner.threads_running()

    # ----- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files and folders."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Add what was dropped."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # ----- scanning --------------------------------------------------------------------------

    def _sources_changed(self) -> None:
        self.sources_panel.set_sources(self._sources, self._demo)
        if self._demo is not None and self._demo not in self._sources:
            self._demo = None
        if not self._sources:
            self._scanner.cancel()
            self._scan = None
            self._removed.clear()
            self.scan_bar.hide()
            self._show_result()
            self.busyChanged.emit(False, "")
        else:
            self._scanner.scan(self._sources)  # a running scan is cancelled and restarted
        self._pages.setCurrentIndex(1 if self._sources else 0)
        self.selectionChanged.emit()

    def _on_scan_started(self) -> None:
        if self._scan is None:
            self._show_result()  # the empty grid says "Scanning…" rather than "No pictures"
        text = self.tr("Looking for pictures…")
        self.scan_bar.show_progress(text, 0, 0)
        self.busyChanged.emit(True, text)

    def _on_scan_progress(self, done: int, total: int) -> None:
        text = self.tr("Scanning {done} / {total} images…").format(done=fmt_count(done), total=fmt_count(total))
        self.scan_bar.show_progress(text, done, total)
        self.busyChanged.emit(True, text)

    def _on_scan_done(self, result: ScanResult | None, error: str) -> None:
        if self._closed or not self._sources:
            return
        self._scan = result
        if result is not None and not result.cancelled:  # a stopped scan may not have reached them
            present = {im.source.location() for im in result.images}
            self._removed = {k: v for k, v in self._removed.items() if k in present}
        self._show_result()
        text = self.scan_bar.show_outcome(result, error, self._ready_text())
        self.busyChanged.emit(False, text)
        self.selectionChanged.emit()

    def _ready_text(self) -> str:
        used = len(self._used.images) if self._used is not None else 0
        if self._removed:
            return self.tr("{used} pictures ready ({n} removed).").format(
                used=fmt_count(used), n=fmt_count(len(self._removed)))
        return self.tr("{used} pictures ready.").format(used=fmt_count(used))

    def _on_bar_action(self, kind: str) -> None:
        if kind == "rescan" and self._sources:
            self._scanner.scan(self._sources)
        elif kind == "skipped":
            self.center.setCurrentWidget(self.skipped_table)

    # ----- showing the result and removing pictures --------------------------------------------

    def _show_result(self) -> None:
        """Refill every view from ``_scan`` and ``_removed`` (the grid included)."""
        scan = self._scan
        if scan is None:
            self._used = None
            self.pictures.set_images([], removed=0, empty_text=self.tr("Scanning…") if self._sources else "")
            self.stats_panel.clear()
            self.skipped_table.set_skipped([])
        else:
            self._used = self._without_removed(scan)
            empty = self.tr("No usable pictures. The Skipped files tab says why.") if scan.skipped else ""
            self.pictures.set_images(self._used.images, removed=len(self._removed), empty_text=empty)
            self.skipped_table.set_skipped(scan.skipped)
        self._update_counts()

    def _without_removed(self, scan: ScanResult) -> ScanResult:
        if not self._removed:
            return scan.without(())
        return scan.without(i for i, im in enumerate(scan.images) if im.source.location() in self._removed)

    def _on_pictures_removed(self, images: list) -> None:
        for im in images:
            self._removed[im.source.location()] = im.source.display_name()
        if self._scan is not None:
            self._used = self._without_removed(self._scan)
        self.pictures.set_removed_count(len(self._removed))
        self._update_counts()
        self._removal_changed()

    def _removal_changed(self) -> None:
        if not self.is_busy():
            self.busyChanged.emit(False, self._ready_text())  # the status bar's count follows
        self.selectionChanged.emit()

    def _update_counts(self) -> None:
        used, scan = self._used, self._scan
        if used is not None and scan is not None:
            self.stats_panel.show_result(scan, used, len(self._removed))
        self.preprocess_panel.set_images(used.images if used is not None else [])
        n_used = len(used.images) if used is not None else 0
        n_skipped = len(scan.skipped) if scan is not None else 0
        self.center.setTabText(0, self.tr("Pictures ({n})").format(n=fmt_count(n_used)))
        self.center.setTabText(1, self.tr("Skipped files ({n})").format(n=fmt_count(n_skipped)))


def _group(title: str, content: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(content)
    return box


def _same_file_key(path: str) -> str:
    # The same folder reached by a symlink or with other letter case (Windows) counts once.
    return os.path.normcase(os.path.realpath(path))
