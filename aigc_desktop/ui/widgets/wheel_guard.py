"""Scrolling a column of settings must not change them.

Qt hands the mouse wheel to the combo box or spin box under the pointer, so a user who scrolls down the
Training tab's Advanced section changes every setting the pointer passes over, without a word (seen on the
demo set: *Mirrored pictures* went from Auto to Off). Guarded, such a control takes the wheel only once it
has been clicked or tabbed to; otherwise the wheel goes on to the column, which scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget


class WheelGuard(QObject):
    """An event filter: a wheel turn over a control without the keyboard focus is passed to its parent."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # ignored, the event goes on to the parents: the scroll area scrolls
            return True
        return False


def guard_wheel(column: QWidget) -> None:
    """Guard every combo box and spin box in ``column`` now; they take the focus by click or Tab only."""
    guard = column.findChild(WheelGuard) or WheelGuard(column)  # parented: lives as long as the column
    for control in [*column.findChildren(QComboBox), *column.findChildren(QAbstractSpinBox)]:
        control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        control.installEventFilter(guard)
