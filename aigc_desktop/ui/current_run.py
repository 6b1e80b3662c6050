"""The run the window is showing: one object the main window makes and every tab shares.

A run opened anywhere (training started, "Open run…" in the Gallery or the Feedback tab) becomes
the current run, and the tabs that show a run follow it, so two tabs never show two different runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal


class CurrentRun(QObject):
    """The current run folder ("" before any).

    Signals:
        changed(str): another run folder became current.
        updated(str): the current run gained files (a new checkpoint, the end of training).
    """

    changed = Signal(str)
    updated = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = ""

    def path(self) -> str:
        return self._path

    def set(self, run_dir: str) -> bool:
        """Make ``run_dir`` current; True if that changed it ("" is ignored: there is always a run once one was)."""
        run_dir = str(Path(run_dir)) if run_dir else ""
        if not run_dir or run_dir == self._path:
            return False
        self._path = run_dir
        self.changed.emit(run_dir)
        return True

    def is_current(self, run_dir: str) -> bool:
        return bool(run_dir) and str(Path(run_dir)) == self._path

    def mark_updated(self, run_dir: str) -> None:
        """``run_dir`` gained files: tell the tabs if it is the run they show."""
        if self.is_current(run_dir):
            self.updated.emit(self._path)
