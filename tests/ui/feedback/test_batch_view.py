"""The image being rated and the batch's thumbnails are never drawn smaller than the images themselves."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import Qt

from aigc_desktop.core.feedback.records import ModelVersion
from aigc_desktop.ui.feedback.batch import BatchView, RatingBatchModel, thumb_px_for
from aigc_desktop.ui.feedback.versions import VersionWords
from aigc_desktop.workers.feedback_jobs import RatingBatch

VERSION = ModelVersion(1, "uid", None, "2024-01-01", "trained", "ckpt.pt", 40)


def batch_of(px: int, n: int = 6) -> RatingBatch:
    rng = np.random.default_rng(px)
    arrays = [rng.integers(0, 256, (px, px, 3), dtype=np.uint8) for _ in range(n)]
    return RatingBatch("run", VERSION, 7, 1.0, [np.zeros(8, np.float32)] * n, arrays)


@pytest.fixture
def batch_view(shown) -> Iterator[BatchView]:
    model = RatingBatchModel()
    view = shown(BatchView(model, VersionWords()), 320, 420)  # a small middle column
    yield view
    model.shutdown()


def show_batch(batch_view: BatchView, batch: RatingBatch) -> None:
    batch_view.model.set_batch(batch)
    batch_view.set_current(0)


@pytest.mark.parametrize(("image_px", "thumb_px"), [(16, 64), (32, 64), (64, 64), (128, 128), (256, 256)])
def test_thumbnails_are_whole_multiples_of_the_image_and_never_smaller(image_px: int, thumb_px: int) -> None:
    assert thumb_px_for(image_px) == thumb_px


def test_large_images_in_a_small_panel_keep_their_size(qtbot, batch_view: BatchView) -> None:
    show_batch(batch_view, batch_of(256))
    view = batch_view.view
    assert view.maximumViewportSize().height() < 256  # the panel is lower than the image
    assert view.zoom() == 1 and view.shown_pixmap().size().toTuple() == (256, 256)
    assert view.verticalScrollBar().maximum() > 0
    assert batch_view.caption.text() == "256 × 256 px, shown at 1×"
    grid = batch_view.grid
    assert grid.thumb_size() >= 256 and grid.iconSize().width() >= 256
    model = batch_view.model
    qtbot.waitUntil(lambda: model.data(model.index(0), model.StateRole) == "ready", timeout=10_000)
    icon = model.data(model.index(0), Qt.ItemDataRole.DecorationRole)
    assert icon.availableSizes()[0].width() >= 256


def test_small_images_are_enlarged_by_whole_factors_with_sharp_pixels(qtbot, batch_view: BatchView) -> None:
    batch = batch_of(16)
    show_batch(batch_view, batch)
    view, zoom = batch_view.view, batch_view.view.zoom()
    assert zoom >= 10  # the 16 px image fills the panel's width in whole pixels
    assert view.shown_pixmap().width() == 16 * zoom
    image = view.shown_pixmap().toImage()
    for y in range(0, 16 * zoom, 3):
        for x in range(0, 16 * zoom, 3):
            assert image.pixelColor(x, y).getRgb()[:3] == tuple(batch.arrays[0][y // zoom, x // zoom].tolist())
    batch_view.move(1)  # the next image: still whole pixels
    assert view.zoom() == zoom and view.shown_pixmap().toImage().pixelColor(0, 0).getRgb()[:3] == tuple(
        batch.arrays[1][0, 0].tolist())
    assert batch_view.grid.thumb_size() == 64
