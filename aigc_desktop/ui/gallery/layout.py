"""Where the Gallery's parts go: the bar above the grid and the three-column work page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.ui.widgets.pages import side_column


class GridBar(QWidget):
    """The line above the grid: what is on show, "Interpolate…", and the thumbnail size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_label = QLabel()
        self.interpolate_button = QPushButton(self.tr("Interpolate…"))
        self.interpolate_button.setToolTip(self.tr("Select two images to see the model morph one into the other."))
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(48, 256)
        self.size_slider.setValue(96)
        self.size_slider.setMaximumWidth(160)
        self.size_slider.setToolTip(self.tr("Thumbnail size"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.status_label, 1)
        layout.addWidget(self.interpolate_button)
        layout.addWidget(QLabel(self.tr("Size")))
        layout.addWidget(self.size_slider)


class WorkPage(QSplitter):
    """Controls (scrollable) | toolbar, messages and grid | the selected image."""

    def __init__(self, sections: list[tuple[str | None, QWidget]], bar: QWidget, message: QWidget,
                 grid: QWidget, detail: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        left = QWidget()
        lv = QVBoxLayout(left)
        for title, widget in sections:
            if title is None:  # a panel that brings its own group boxes
                lv.addWidget(widget)
                continue
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            lv.addWidget(box)
        lv.addStretch(1)
        scroll = side_column(left)
        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(bar)
        mv.addWidget(message)
        mv.addWidget(grid, 1)
        self.addWidget(scroll)
        self.addWidget(middle)
        self.addWidget(detail)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([scroll.minimumWidth(), 640, 340])
