"""Scanning from the window: one scan at a time (start, cancel, restart, shutdown) and its progress strip.

A restart waits for the running scan to stop (it stops before its next file) instead of running two
scans side by side: on a two-core laptop they would only slow each other down. The scan lane of a
``JobRunner`` does exactly that, and drops whatever the replaced scan still reports.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton, QWidget

from aigc_desktop.core.data.scan import ScanResult
from aigc_desktop.ui.dataset.stats import fmt_count
from aigc_desktop.workers.dataset_jobs import scan_sources
from aigc_desktop.workers.job_runner import Job, JobRunner


class ScanController(QObject):
    """Runs scans on a job lane and reports on the GUI thread.

    Signals:
        started(): a scan began (listing files first: the total is not known yet).
        progress(int, int): files checked, files to check.
        done(object, str): the ``ScanResult`` (``cancelled`` set if stopped) or None, and an error
            text ("" on success). Not emitted for a scan that a restart replaced.
    """

    started = Signal()
    progress = Signal(int, int)
    done = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = JobRunner("scan", self)
        self._runner.progress.connect(self._on_progress)
        self._runner.jobEnded.connect(self._on_ended)
        self._result: ScanResult | None = None
        self._error = ""
        self._closed = False

    def is_running(self) -> bool:
        """True from ``scan()`` until ``done`` (including a pending restart)."""
        return self._runner.is_busy()

    def scan(self, paths: list[str]) -> None:
        """Scan ``paths``; a running scan is cancelled first and its result dropped."""
        if self._closed:
            return
        self._runner.submit(Job("scan", partial(scan_sources, paths=list(paths)), self._on_result,
                                on_error=self._on_error))
        self.started.emit()

    def cancel(self) -> None:
        """Stop the running scan; ``done`` then brings what was checked so far (``cancelled=True``)."""
        self._runner.stop()

    def shutdown(self) -> None:
        """Cancel and block until the scan thread has ended; no signal is emitted afterwards."""
        self._closed = True
        self._runner.shutdown()

    def threads_running(self) -> int:
        """Scan threads not yet ended (for tests and shutdown checks)."""
        return 0 if self._runner.wait(0) else 1

    def _on_progress(self, _kind: str, _phase: str, done: int, total: int) -> None:
        self.progress.emit(done, total)

    def _on_result(self, result: ScanResult) -> None:
        self._result = result

    def _on_error(self, text: str) -> None:
        self._error = text

    def _on_ended(self, _kind: str, outcome: str) -> None:
        result, error, self._result, self._error = self._result, self._error, None, ""
        if self._closed or self._runner.has_pending():
            return  # replaced by a newer scan, which starts now
        if outcome == "cancelled":  # stopped while being replaced: the new sources were never scanned
            result = ScanResult([], [], cancelled=True)
        self.done.emit(result, error)


class ScanBar(QFrame):
    """A strip above the pictures: scan progress with Cancel, or a message with an optional action.

    Signals:
        cancelRequested(): the Cancel button.
        actionRequested(str): the message's action button: "rescan" or "skipped" (show skipped files).
    """

    cancelRequested = Signal()
    actionRequested = Signal(str)

    _COLOURS: ClassVar[dict[str, tuple[str, str]]] = {  # background, border: light tints that keep dark text readable
        "info": ("#e8f1fb", "#9cc3ee"),
        "warning": ("#fff4e0", "#f0b46a"),
        "error": ("#fdecea", "#ef9a9a"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanBar")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.bar.setFixedWidth(260)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop scanning; the pictures checked so far are kept."))
        self.action_button = QPushButton()
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Hide this message"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        for w in (self.bar, self.cancel_button, self.action_button, self.close_button):
            layout.addWidget(w)
        self._action = ""
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.action_button.clicked.connect(lambda: self.actionRequested.emit(self._action))
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_progress(self, text: str, done: int, total: int) -> None:
        """Show ``text`` with a progress bar; ``total`` 0 shows a busy bar (the total is not known yet)."""
        self._style(None)
        self.text.setText(text)
        self.bar.setRange(0, max(0, total))
        self.bar.setValue(min(done, total) if total else 0)
        self.bar.setFormat("%p%" if total else "")
        self.bar.show()
        self.cancel_button.show()
        self.action_button.hide()
        self.close_button.hide()
        self.show()

    def show_message(self, text: str, level: str = "info", action: str = "", label: str = "") -> None:
        """Show ``text`` tinted for ``level`` (info, warning, error), with a ``label`` button for ``action``."""
        self._style(level)
        self.text.setText(text)
        self.bar.hide()
        self.cancel_button.hide()
        self._action = action if label else ""
        self.action_button.setText(label)
        self.action_button.setVisible(bool(self._action))
        self.close_button.show()
        self.show()

    def show_outcome(self, result: ScanResult | None, error: str, ready_text: str) -> str:
        """Say how a scan ended (hidden when all went well); returns a status-bar text."""
        if result is None:
            text = self.tr("The scan failed: {error}").format(error=error or self.tr("unknown error"))
            self.show_message(text, "error", "rescan", self.tr("Scan again"))
        elif result.cancelled:
            text = self.tr("Scan cancelled: {n} pictures were checked before it stopped, and only these are used."
                           ).format(n=fmt_count(len(result.images) + len(result.skipped)))
            self.show_message(text, "warning", "rescan", self.tr("Scan again"))
        elif not result.images:
            text = self.tr("No usable pictures were found. Add a folder with PNG or JPEG pictures.")
            self.show_message(text, "warning", "skipped", self.tr("Show skipped files") if result.skipped else "")
        elif result.skipped:
            text = self.tr("{ready} {n} files were skipped because they could not be read.").format(
                ready=ready_text, n=fmt_count(len(result.skipped)))
            self.show_message(text, "info", "skipped", self.tr("Show skipped files"))
        else:
            text = ready_text
            self.hide()
        return text

    def _style(self, level: str | None) -> None:
        if level is None:
            self.setStyleSheet("")
            self.text.setStyleSheet("")
            return
        bg, border = self._COLOURS[level]
        self.setStyleSheet(f"#scanBar {{ background: {bg}; border: 1px solid {border}; border-radius: 6px; }}")
        self.text.setStyleSheet("color: #202020;")  # fixed tint, fixed text colour: readable on dark themes too
