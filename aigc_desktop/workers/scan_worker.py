"""Scanning the user's folders off the GUI thread, with throttled progress and cancel."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Signal, Slot


class ScanWorker(QObject):
    progress = Signal(int, int)  # done, total
    succeeded = Signal(object)  # ScanResult (possibly cancelled=True, holding what was scanned)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = list(paths)
        self._cancel = threading.Event()
        self._last_emit = 0.0

    def cancel(self) -> None:
        """Thread-safe: the scan stops before the next file."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            from aigc_desktop.core.data.scan import scan

            result = scan(self.paths, progress=self._progress, should_stop=self._cancel.is_set)
            self.progress.emit(len(result.images) + len(result.skipped), len(result.images) + len(result.skipped))
            self.succeeded.emit(result)
        except Exception as exc:  # a bug in the scan must reach the user, not kill the thread silently
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()

    def _progress(self, done: int, total: int) -> None:
        # 10,000 files would flood the GUI's event queue: at most ~20 updates a second.
        now = time.monotonic()
        if now - self._last_emit >= 0.05 or done == total:
            self._last_emit = now
            self.progress.emit(done, total)
