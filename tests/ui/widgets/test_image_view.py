"""numpy_to_qimage and ImageView: exact pixels, buffer ownership, aspect-kept crisp scaling."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from aigc_desktop.ui.widgets.image_view import ImageView, numpy_to_qimage


def rgba_at(img: QImage, x: int, y: int) -> tuple[int, int, int, int]:
    c = QColor.fromRgba(img.pixel(x, y))
    return c.red(), c.green(), c.blue(), c.alpha()


def random_image(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=shape, dtype=np.uint8)


@pytest.mark.parametrize("shape", [(5, 7), (5, 7, 1)])
def test_grey_pixels(shape: tuple[int, ...]) -> None:
    arr = random_image(shape)
    img = numpy_to_qimage(arr)
    assert (img.width(), img.height()) == (7, 5)
    assert img.format() == QImage.Format.Format_Grayscale8
    grey = arr.reshape(5, 7)
    for y in range(5):
        for x in range(7):
            v = int(grey[y, x])
            assert rgba_at(img, x, y) == (v, v, v, 255)


def test_rgb_pixels_with_unaligned_rows() -> None:
    # 3 px * 3 bytes = 9-byte rows: QImage must use our stride, not assume 4-byte alignment.
    arr = random_image((4, 3, 3))
    img = numpy_to_qimage(arr)
    assert (img.width(), img.height()) == (3, 4)
    for y in range(4):
        for x in range(3):
            assert rgba_at(img, x, y) == (*arr[y, x].tolist(), 255)


def test_rgba_pixels_keep_straight_alpha() -> None:
    arr = random_image((6, 5, 4))
    arr[..., 3] = 255  # exact colours survive only where alpha does not quantise them
    arr[0, 0] = (10, 200, 30, 255)
    img = numpy_to_qimage(arr)
    assert img.format() == QImage.Format.Format_RGBA8888
    assert rgba_at(img, 0, 0) == (10, 200, 30, 255)
    for y in range(6):
        for x in range(5):
            assert rgba_at(img, x, y) == tuple(arr[y, x].tolist())
    half = arr.copy()
    half[2, 3, 3] = 128
    assert rgba_at(numpy_to_qimage(half), 3, 2)[3] == 128


def test_image_owns_its_pixels() -> None:
    arr = random_image((8, 8, 3))
    expected = arr[2, 5].tolist()
    img = numpy_to_qimage(arr)
    arr[:] = 0  # the caller reuses its buffer (e.g. the next generated batch)
    del arr
    assert rgba_at(img, 5, 2)[:3] == tuple(expected)


def test_non_contiguous_view() -> None:
    arr = random_image((6, 10, 3))
    view = arr[:, ::2]  # every other column: strided, not contiguous
    img = numpy_to_qimage(view)
    assert img.width() == 5
    assert rgba_at(img, 4, 5)[:3] == tuple(arr[5, 8].tolist())


@pytest.mark.parametrize(
    ("arr", "error"),
    [
        (np.zeros((4, 4), dtype=np.float32), TypeError),
        (np.zeros((4, 4, 2), dtype=np.uint8), ValueError),
        (np.zeros((4,), dtype=np.uint8), ValueError),
        (np.zeros((0, 4, 3), dtype=np.uint8), ValueError),
    ],
)
def test_bad_arrays_are_refused(arr: np.ndarray, error: type[Exception]) -> None:
    with pytest.raises(error):
        numpy_to_qimage(arr)


@pytest.fixture
def view(shown) -> ImageView:
    return shown(ImageView(), 200, 200)


def test_small_image_enlarges_with_crisp_pixels(view: ImageView) -> None:
    checker = np.array([[0, 255, 0, 255], [255, 0, 255, 0]], dtype=np.uint8)  # 4 wide, 2 high
    view.set_array(checker)
    shown = view.pixmap().toImage()
    assert (shown.width(), shown.height()) == (200, 100)  # fitted, aspect 2:1 kept
    values = {rgba_at(shown, x, y)[0] for y in range(0, 100, 3) for x in range(0, 200, 3)}
    assert values <= {0, 255}  # nearest neighbour: no blended greys between pixels
    assert rgba_at(shown, 10, 10)[0] == 0 and rgba_at(shown, 60, 10)[0] == 255


def test_large_image_shrinks_and_follows_resize(view: ImageView, qtbot) -> None:
    view.set_array(random_image((600, 300, 3)))
    assert view.pixmap().size().toTuple() == (100, 200)
    view.resize(400, 100)
    qtbot.waitUntil(lambda: view.pixmap().size().toTuple() == (50, 100))


def test_placeholder_replaces_image(view: ImageView) -> None:
    view.set_array(random_image((10, 10)))
    assert view.has_image()
    view.set_placeholder("No sample yet")
    assert not view.has_image()
    assert view.pixmap().isNull()
    assert view.text() == "No sample yet"
