"""Pages and columns that more than one tab lays out the same way: the empty state and a control column."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from aigc_desktop.ui.widgets.wheel_guard import guard_wheel


def side_column(column: QWidget) -> QScrollArea:
    """``column`` of controls in a scroll area that scrolls only vertically: it is as wide as its widest control.
    The wheel scrolls it, and changes a control only once that control has been clicked (``guard_wheel``)."""
    guard_wheel(column)
    scroll = QScrollArea()
    scroll.setWidget(column)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(column.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
    return scroll


class EmptyPage(QWidget):
    """Shown while there is no model to draw from: says what to do, with a button to do it."""

    def __init__(self, open_run: Callable[[], None], parent: QWidget | None = None, text: str = "") -> None:
        """``text``: what to say (translated HTML); the Gallery's sentence by default."""
        super().__init__(parent)
        self.text = QLabel(text or self.tr("<h2>No model to draw from yet</h2>"
                                           "<p>Train a model in the Training tab first, or open a run folder.</p>"))
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        button = QPushButton(self.tr("Open run folder…"))
        button.clicked.connect(open_run)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
