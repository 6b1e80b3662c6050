"""Shared checks for GUI tests."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget


def top_level_ids() -> set[int]:
    return {shiboken6.getCppPointer(w)[0] for w in QApplication.topLevelWidgets()}


def delete_and_check_no_leak(widget: QWidget, before: set[int]) -> None:
    """Close and delete ``widget``; fail naming any top-level widget it left behind."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    new = top_level_ids() - before
    leaked = [f"{type(w).__name__}:{w.objectName()}" for w in QApplication.topLevelWidgets()
              if shiboken6.getCppPointer(w)[0] in new]
    assert leaked == [], "top-level widgets were left behind"
