"""Generated images shown pixel for pixel: never below their own size, enlarged only by whole factors.

A scratch one or two pixels wide vanishes when a 64 px sample is squeezed into 40 screen pixels, and
turns into an uneven smear at 1.6×. ``PixelView`` therefore draws one image pixel as an n × n block of
screen pixels (n ≥ 1, nearest neighbour) and scrolls when the panel is too small for n = 1.
``ZoomBox`` is the visible control for its zoom; Ctrl + mouse wheel and the right-click menu also zoom.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QContextMenuEvent,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QMenu, QScrollArea, QSizePolicy, QWidget

from aigc_desktop.ui.widgets.image_view import numpy_to_qimage

FIT = 0  # zoom mode: the largest whole factor that fits, at least 1
ZOOMS = (1, 2, 3, 4, 6, 8)  # the fixed factors offered
MAX_SIDE = 4096  # device pixels: a bigger enlargement only costs memory and shows less
LABEL_PAD = 4  # logical pixels around a row label


class PixelView(QScrollArea):
    """Shows one uint8 image at a whole-number zoom (see the module docstring); a placeholder text without one.

    Signals:
        zoomChanged(int): the factor now shown (1 = one image pixel per screen pixel), after any change of
            image, size or mode.
        zoomModeChanged(int): the mode chosen: ``FIT`` or a fixed factor.
    """

    zoomChanged = Signal(int)
    zoomModeChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._canvas = QLabel()
        self._canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._canvas.setWordWrap(True)
        self.setWidget(self._canvas)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(32, 32)
        # Keys stay with the tab around it (the Feedback tab's arrows move through the batch).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolTip(self.tr(
            "Shown with whole pixels, never smaller than the image itself. Ctrl + mouse wheel or right-click "
            "to zoom; drag to move around a large view."))
        self._source: QImage | None = None
        self._row_labels: tuple[list[str], int, int] | None = None  # (names, pitch, offset) in image pixels
        self._mode = FIT
        self._factor = 0  # shown; 0 while there is no image
        self._drag_from: QPoint | None = None

    def sizeHint(self) -> QSize:
        """A modest default; the layout gives the view whatever room is left."""
        return QSize(256, 256)

    # -- what is shown -------------------------------------------------------------------------------
    def has_image(self) -> bool:
        """True while an image (not the placeholder) is shown."""
        return self._source is not None

    def image_size(self) -> QSize:
        """The image's own size in pixels (empty without one)."""
        return QSize() if self._source is None else self._source.size()

    def zoom(self) -> int:
        """The factor shown: each image pixel is ``zoom()`` × ``zoom()`` device pixels (0 without an image)."""
        return self._factor

    def zoom_mode(self) -> int:
        """``FIT`` or the fixed factor chosen."""
        return self._mode

    def shown_pixmap(self) -> QPixmap:
        """What is drawn (null without an image); its size is in device pixels."""
        return self._canvas.pixmap()

    def set_array(self, arr: np.ndarray) -> None:
        """Show ``arr`` (uint8, shapes as ``numpy_to_qimage``); the zoom mode and scroll position stay.

        Raises:
            TypeError, ValueError: As ``numpy_to_qimage``; the previous image stays.
        """
        image = numpy_to_qimage(arr)
        if self._source is None:
            self.setWidgetResizable(False)  # the canvas takes the image's size, the area scrolls over it
        self._source = image
        self._factor = 0  # redraw even if the factor stays
        self._rescale()

    def set_row_labels(self, labels: list[str], pitch: int = 0, offset: int = 0) -> None:
        """Name bands of rows in a margin left of the image: band i spans image rows ``offset + i·pitch``
        to ``offset + (i+1)·pitch``. An empty list removes the margin."""
        wanted = (list(labels), int(pitch), int(offset)) if labels and pitch > 0 else None
        if wanted != self._row_labels:
            self._row_labels = wanted
            self._factor = 0  # redraw
            self._rescale()

    def set_placeholder(self, text: str) -> None:
        """Drop the image and show ``text`` (already translated by the caller)."""
        self._source = None
        self._factor = 0
        self._canvas.clear()
        self._canvas.setText(text)
        self.setWidgetResizable(True)  # the text wraps within the view
        self._update_cursor()

    # -- zoom ----------------------------------------------------------------------------------------
    def set_zoom_mode(self, mode: int) -> None:
        """``FIT`` or a whole factor ≥ 1 (larger ones are capped so a side stays within ``MAX_SIDE``)."""
        mode = max(0, int(mode))
        if mode != self._mode:
            self._mode = mode
            self.zoomModeChanged.emit(mode)
        self._rescale()

    def zoom_in(self) -> None:
        """The next larger fixed factor."""
        self.set_zoom_mode(next((z for z in ZOOMS if z > self._factor), ZOOMS[-1]))

    def zoom_out(self) -> None:
        """The next smaller fixed factor, down to 1 (never below the image's own size)."""
        self.set_zoom_mode(next((z for z in reversed(ZOOMS) if z < self._factor), 1))

    def max_zoom(self) -> int:
        """The largest factor this image may be shown at."""
        if self._source is None:
            return ZOOMS[-1]
        return max(1, MAX_SIDE // max(self._source.width(), self._source.height()))

    def _wanted_factor(self) -> int:
        assert self._source is not None
        if self._mode != FIT:  # the chosen factor, or the largest offered one the image allows
            return max((z for z in ZOOMS if z <= min(self._mode, self.max_zoom())), default=1)
        # As if there were no scroll bars: a whole factor that fits needs none.
        room = self.maximumViewportSize() * self.devicePixelRatioF()
        width = room.width() - round(self._gutter_width() * self.devicePixelRatioF())
        fits = min(width // self._source.width(), room.height() // self._source.height())
        return max(1, min(fits, self.max_zoom()))

    def _rescale(self) -> None:
        if self._source is None:
            return
        factor = self._wanted_factor()
        if factor == self._factor:
            return
        self._factor = factor
        size = self._source.size() * factor
        # FastTransformation is nearest neighbour: each image pixel becomes a sharp factor × factor block.
        scaled = self._source.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(scaled) if self._row_labels is None else self._labelled(scaled, factor, ratio)
        pixmap.setDevicePixelRatio(ratio)
        self._canvas.setPixmap(pixmap)
        self._canvas.resize((pixmap.size().toSizeF() / ratio).toSize())
        self._update_cursor()
        self.zoomChanged.emit(factor)

    def _zoom_about(self, mode: int, anchor: QPoint) -> None:
        """Zoom keeping the image point under ``anchor`` (viewport coordinates) where it is."""
        old = self._factor
        on_canvas = self._canvas.mapFrom(self.viewport(), anchor)
        self.set_zoom_mode(mode)
        if old and self._factor != old:
            scale = self._factor / old
            self.horizontalScrollBar().setValue(round(on_canvas.x() * scale - anchor.x()))
            self.verticalScrollBar().setValue(round(on_canvas.y() * scale - anchor.y()))

    def _gutter_width(self) -> int:
        """The margin the row labels take, in logical pixels (0 without labels)."""
        if self._row_labels is None:
            return 0
        metrics = QFontMetrics(self.font())
        return max(metrics.horizontalAdvance(name) for name in self._row_labels[0]) + 2 * LABEL_PAD

    def _labelled(self, scaled: QImage, factor: int, ratio: float) -> QPixmap:
        """``scaled`` (device pixels) to the right of a margin with each band's name, level with its band."""
        assert self._row_labels is not None
        names, pitch, offset = self._row_labels
        gutter = round(self._gutter_width() * ratio)
        pixmap = QPixmap(scaled.width() + gutter, scaled.height())
        pixmap.fill(self.palette().color(QPalette.ColorRole.Window))
        painter = QPainter(pixmap)
        try:
            painter.drawImage(gutter, 0, scaled)  # device pixels one to one: no resampling
            painter.scale(ratio, ratio)  # the text in logical pixels, so it has the window's font size
            painter.setFont(self.font())
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            for i, name in enumerate(names):
                top = (offset + i * pitch) * factor / ratio
                band = QRectF(LABEL_PAD, top, gutter / ratio - 2 * LABEL_PAD, pitch * factor / ratio)
                painter.drawText(band, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), name)
        finally:
            painter.end()
        return pixmap

    # -- events --------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """In ``FIT`` mode a larger or smaller panel may allow another factor."""
        super().resizeEvent(event)
        self._rescale()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl + wheel zooms about the pointer; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self._source is not None:
            steps = event.angleDelta().y()
            if steps:
                target = (next((z for z in ZOOMS if z > self._factor), ZOOMS[-1]) if steps > 0
                          else next((z for z in reversed(ZOOMS) if z < self._factor), 1))
                self._zoom_about(target, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A menu of the zoom modes, the current one checked."""
        if self._source is None:
            return
        menu = QMenu(self)
        group = QActionGroup(menu)
        anchor = self.viewport().mapFromGlobal(event.globalPos())
        for mode, text in zoom_choices():
            if mode > self.max_zoom():
                continue
            action = QAction(text, group)
            action.setCheckable(True)
            action.setChecked(mode == self._mode)
            action.triggered.connect(lambda _checked=False, mode=mode: self._zoom_about(mode, anchor))
            menu.addAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start dragging the view when it scrolls."""
        if event.button() == Qt.MouseButton.LeftButton and self._scrolls():
            self._drag_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Move the view with the pointer while dragging."""
        if self._drag_from is not None:
            here = event.position().toPoint()
            delta = here - self._drag_from
            self._drag_from = here
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a drag."""
        if self._drag_from is not None:
            self._drag_from = None
            self._update_cursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _scrolls(self) -> bool:
        return self.horizontalScrollBar().maximum() > 0 or self.verticalScrollBar().maximum() > 0

    def _update_cursor(self) -> None:
        # The open hand says "you can drag this"; only worth saying when there is somewhere to go.
        if self._source is not None and self._scrolls():
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()


def whole_factor(image_px: int, about_px: int) -> int:
    """The whole enlargement that brings an ``image_px`` side nearest ``about_px`` from below; at least 1,
    so a small copy (a thumbnail) is never smaller than the image."""
    return max(1, about_px // max(1, image_px))


def zoom_choices(short: bool = False) -> list[tuple[int, str]]:
    """The zoom modes with their words: long for the view's menu, ``short`` for ``ZoomBox`` (its tooltip explains)."""
    tr = QCoreApplication.translate
    if short:
        choices = [(FIT, tr("PixelView", "Fit")), (1, tr("PixelView", "{n}×").format(n=1))]
    else:
        choices = [(FIT, tr("PixelView", "Fit (whole pixels)")), (1, tr("PixelView", "1× (actual size)"))]
    return choices + [(z, tr("PixelView", "{n}×").format(n=z)) for z in ZOOMS[1:]]


class ZoomBox(QComboBox):
    """The zoom of a ``PixelView`` as a drop-down list; follows changes made on the view itself."""

    def __init__(self, view: PixelView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        for mode, text in zoom_choices(short=True):
            self.addItem(text, mode)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolTip(self.tr(
            "How large the images are drawn. “Fit” enlarges them by the largest whole factor the panel "
            "allows and never shrinks them; a larger zoom scrolls. Ctrl + mouse wheel also zooms."))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._follow(view.zoom_mode())
        self.currentIndexChanged.connect(lambda _i: view.set_zoom_mode(int(self.currentData())))
        view.zoomModeChanged.connect(self._follow)

    def _follow(self, mode: int) -> None:
        index = self.findData(mode)
        if index >= 0 and index != self.currentIndex():
            self.setCurrentIndex(index)
