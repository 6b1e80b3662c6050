"""Scanning from the window: one scan at a time (start, cancel, restart, shutdown) and its progress strip.

A restart waits for the running scan to stop (it stops before its next file) instead of running two
scans side by side: on a two-core laptop they would only slow each other down, and there can then
never be a stale result to sort out.
"""

from __future__ import annotations

from typing import ClassVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton, QWidget

from aigc_desktop.core.data.scan import ScanResult
from aigc_desktop.ui.dataset.stats import fmt_count
from aigc_desktop.workers.scan_worker import ScanWorker
from aigc_desktop.workers.threads import start_in_thread


class ScanController(QObject):
    """Runs ``ScanWorker`` on a thread and reports on the GUI thread.

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
        self._worker: ScanWorker | None = None
        # Threads to wait for at shutdown, with their workers. Python owns both: our references go
        # only once the thread has completely ended, because destroying a QThread that is still in
        # its finishing phase (isFinished() is already true there) from this thread crashes.
        self._live: list[tuple[QThread, ScanWorker]] = []
        self._next: list[str] | None = None  # paths to scan once the running scan has stopped
        self._result: object = None
        self._error = ""
        self._closed = False

    def is_running(self) -> bool:
        """True from ``scan()`` until ``done`` (including a pending restart)."""
        return self._worker is not None or self._next is not None

    def scan(self, paths: list[str]) -> None:
        """Scan ``paths``; a running scan is cancelled first and its result dropped."""
        if self._closed:
            return
        if self._worker is not None:
            self._next = list(paths)
            self._cancel_worker()
            return
        self._start(list(paths))

    def cancel(self) -> None:
        """Stop the running scan; ``done`` then brings what was checked so far (``cancelled=True``)."""
        self._next = None
        self._cancel_worker()

    def shutdown(self) -> None:
        """Cancel and block until the scan thread has ended; no signal is emitted afterwards."""
        self._closed = True
        self.cancel()
        # quit() here too, whatever start_in_thread wires: a quit queued to this (now blocked) thread
        # would never run, and the thread's event loop would wait for it forever.
        for thread, _ in self._live:
            if shiboken6.isValid(thread):
                thread.quit()
                thread.wait()
        self._live.clear()
        self._worker = None

    def threads_running(self) -> int:
        """Scan threads not yet ended (for tests and shutdown checks)."""
        return sum(1 for thread, _ in self._live if _running(thread))

    def _cancel_worker(self) -> None:
        # Between the worker's last signal and our _on_finished, deleteLater may already have run.
        if self._worker is not None and shiboken6.isValid(self._worker):
            self._worker.cancel()

    def _start(self, paths: list[str]) -> None:
        worker = ScanWorker(paths)
        # Bound methods of this QObject: queued to the GUI thread (a lambda would run on the worker's).
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self._worker, self._result, self._error = worker, None, ""
        self._live = [(t, w) for t, w in self._live if not _ended(t)]
        self.started.emit()
        thread = start_in_thread(worker, "aigc-scan")
        self._live.append((thread, worker))

    # Only one worker exists at a time and each emits finished last, so every signal below comes from
    # self._worker: no sender() check (sender() may dangle once deleteLater has run).

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self._closed and self._next is None:  # a scan being replaced reports nothing
            self.progress.emit(done, total)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self._result = result

    @Slot(str)
    def _on_failed(self, error: str) -> None:
        self._error = error

    @Slot()
    def _on_finished(self) -> None:
        if self._closed:
            return
        self._worker = None  # deleted by start_in_thread's wiring: never touch it again
        if self._next is not None:
            paths, self._next = self._next, None
            self._start(paths)
            return
        result, error = self._result, self._error
        self._result, self._error = None, ""
        self.done.emit(result, error)


def _running(thread: QThread) -> bool:
    return shiboken6.isValid(thread) and not thread.isFinished()


def _ended(thread: QThread) -> bool:
    # wait(0) is true only after the finishing phase (finished signal, deferred deletes) is over.
    return not shiboken6.isValid(thread) or thread.wait(0)


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
