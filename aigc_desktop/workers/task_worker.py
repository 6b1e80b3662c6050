"""A one-off engine task off the GUI thread: ``fn(progress, should_stop)`` with throttled progress."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from aigc_desktop.workers.engine_text import engine_text

Task = Callable[[Callable[[str, int, int], None], Callable[[], bool]], Any]


class TaskWorker(QObject):
    progress = Signal(str, int, int)  # phase, done, total
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Task) -> None:
        super().__init__()
        self.fn = fn
        self._cancel = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            self.succeeded.emit(self.fn(self._progress, self._cancel.is_set))
        except Exception as exc:
            logging.getLogger(__name__).exception("task failed")
            self.failed.emit(engine_text(exc))
        finally:
            self.finished.emit()

    def _progress(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= 0.05 or done == total:
            self._last = now
            self.progress.emit(phase, done, total)
