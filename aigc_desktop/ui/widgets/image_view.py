"""Show numpy images in Qt: ``numpy_to_qimage`` and a label that fits one image to its size."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_FORMATS = {
    1: QImage.Format.Format_Grayscale8,
    3: QImage.Format.Format_RGB888,
    4: QImage.Format.Format_RGBA8888,
}


def numpy_to_qimage(arr: np.ndarray) -> QImage:
    """Copy a uint8 image array into a new QImage.

    Safe to call from worker threads (QImage, unlike QPixmap, is not tied to the GUI thread).

    Args:
        arr: ``(H, W)`` or ``(H, W, 1)`` grey, ``(H, W, 3)`` RGB or ``(H, W, 4)`` RGBA (straight alpha).

    Raises:
        TypeError: If ``arr`` is not a uint8 numpy array.
        ValueError: For any other shape, or an empty image.
    """
    if not isinstance(arr, np.ndarray) or arr.dtype != np.uint8:
        raise TypeError(f"Expected a uint8 numpy array, got {getattr(arr, 'dtype', type(arr))}.")
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.ndim != 3 or arr.shape[2] not in _FORMATS:
        raise ValueError(f"Expected shape (H, W), (H, W, 1), (H, W, 3) or (H, W, 4), got {arr.shape}.")
    height, width, channels = arr.shape
    if height == 0 or width == 0:
        raise ValueError(f"Cannot show an empty image of shape {arr.shape}.")
    # QImage reads rows through a pointer and a stride, so the rows themselves must be packed.
    arr = np.ascontiguousarray(arr)
    view = QImage(arr.data, width, height, arr.strides[0], _FORMATS[channels])
    # The view borrows numpy's buffer; copy() gives the QImage its own memory so it outlives `arr`.
    return view.copy()


class ImageView(QLabel):
    """Shows one numpy image scaled to fit, aspect ratio kept; small images enlarge with crisp pixels.

    Meant for pictures that may shrink (a user's photos); generated images, whose details must stay
    visible, use ``pixel_view.PixelView``. Without an image it shows a placeholder text instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        # Ignored: the pixmap must not dictate the label's size, or every rescale would grow the
        # layout and trigger another resize.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(32, 32)
        self._source: QPixmap | None = None
        self._shown_size = QSize()

    def sizeHint(self) -> QSize:
        """A modest default; the layout gives the view whatever room is left."""
        return QSize(256, 256)

    def has_image(self) -> bool:
        """True while an image (not the placeholder) is shown."""
        return self._source is not None

    def set_array(self, arr: np.ndarray) -> None:
        """Show ``arr`` (see ``numpy_to_qimage`` for accepted shapes).

        Raises:
            TypeError, ValueError: As ``numpy_to_qimage``; the previous image stays.
        """
        image = numpy_to_qimage(arr)
        # Converted once here; resizes then only rescale this pixmap.
        self._source = QPixmap.fromImage(image)
        self._shown_size = QSize()
        self._rescale()

    def set_placeholder(self, text: str) -> None:
        """Drop the image and show ``text`` (already translated by the caller)."""
        self._source = None
        self._shown_size = QSize()
        self.clear()
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit the image to the new size."""
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._source is None:
            return
        ratio = self.devicePixelRatioF()
        room = self.contentsRect().size() * ratio
        if room.width() <= 0 or room.height() <= 0:
            return
        target = self._source.size().scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        if target == self._shown_size:
            return  # e.g. a resize along the axis that has spare room: nothing to redo
        self._shown_size = target
        enlarging = target.width() > self._source.width()
        # Nearest neighbour when enlarging keeps a 64 px GAN sample's pixels sharp instead of
        # blurring them; smooth filtering when shrinking avoids aliasing in large photos.
        mode = (
            Qt.TransformationMode.FastTransformation
            if enlarging
            else Qt.TransformationMode.SmoothTransformation
        )
        scaled = self._source.scaled(target, Qt.AspectRatioMode.IgnoreAspectRatio, mode)
        scaled.setDevicePixelRatio(ratio)
        self.setPixmap(scaled)
