"""The live preview: samples never drawn below their own size, a caption with their size and the zoom."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torchvision.utils import make_grid

from aigc_desktop.ui.training.monitor import TrainingMonitor
from aigc_desktop.ui.training.preview import SamplePreview, grid_tile_size


def preview_grid(n: int, px: int, seed: int = 0) -> np.ndarray:
    """A preview grid as the training loop makes it: n samples of px × px, 1-pixel black lines."""
    images = torch.rand(n, 3, px, px, generator=torch.Generator().manual_seed(seed))
    images[:, :, : px // 4] = 0  # black borders in the samples must not be taken for grid lines
    grid = make_grid(images, nrow=int(np.sqrt(n)), padding=1, pad_value=0)
    return (grid * 255).round().byte().permute(1, 2, 0).contiguous().numpy()


@pytest.mark.parametrize(("n", "px"), [(64, 16), (64, 64), (16, 32), (4, 24)])
def test_the_sample_size_is_read_from_the_grid(n: int, px: int) -> None:
    assert grid_tile_size(preview_grid(n, px)) == px


def test_a_picture_that_is_no_grid_has_no_sample_size() -> None:
    assert grid_tile_size(np.full((65, 65, 3), 200, np.uint8)) is None


def test_64_px_samples_in_a_small_panel_are_drawn_full_size_and_scroll(shown) -> None:
    monitor = shown(TrainingMonitor(), 700, 420)  # the preview gets far less than the grid's 521 px
    preview = monitor.preview
    grid = preview_grid(64, 64)
    monitor.set_sample(1200, grid)
    view = preview.view
    assert view.viewport().width() < grid.shape[1]
    assert view.zoom() == 1  # one screen pixel per image pixel at least: a scratch stays visible
    assert view.shown_pixmap().size().toTuple() == (grid.shape[1], grid.shape[0])
    assert view.verticalScrollBar().maximum() > 0
    assert preview.caption.text() == "Step 1,200 · samples of 64 × 64 px, shown at 1×"


def test_room_to_spare_enlarges_small_samples_by_a_whole_factor(shown, qtbot) -> None:
    preview = shown(SamplePreview(), 600, 600)
    grid = preview_grid(16, 16)  # 4 × 17 + 1 = 69 px
    preview.set_sample(40, grid)
    zoom = preview.view.zoom()
    assert zoom >= 6 and preview.view.shown_pixmap().width() == 69 * zoom
    image = preview.view.shown_pixmap().toImage()
    for y in range(0, 69 * zoom, 5):  # nearest neighbour: every screen pixel is exactly one image pixel
        for x in range(0, 69 * zoom, 5):
            assert image.pixelColor(x, y).getRgb()[:3] == tuple(grid[y // zoom, x // zoom].tolist())
    assert preview.caption.text().endswith(f"shown at {zoom}×")
    preview.zoom_box.setCurrentIndex(preview.zoom_box.findData(2))
    assert preview.caption.text() == "Step 40 · samples of 16 × 16 px, shown at 2×"
    preview.set_sample(80, preview_grid(16, 16, seed=1))  # the next preview keeps the user's zoom
    assert preview.view.zoom() == 2


def test_the_first_grid_widens_the_preview_until_it_fits_at_its_own_size(shown, qtbot) -> None:
    monitor = shown(TrainingMonitor(), 1000, 760)  # the preview starts about 400 px wide
    view = monitor.preview.view
    assert view.maximumViewportSize().width() < 521
    monitor.set_sample(200, preview_grid(64, 64))  # 8 × 65 + 1 = 521 px
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0)
    assert view.zoom() == 1 and min(monitor.loss_plot.width(), monitor.score_plot.width()) >= 300


def test_a_divider_the_user_moved_stays_where_they_put_it(shown, qtbot) -> None:
    monitor = shown(TrainingMonitor(), 1000, 760)
    splitter = monitor.preview.parentWidget()
    splitter.splitterMoved.emit(600, 1)  # as a drag of the divider does
    before = splitter.sizes()
    monitor.set_sample(200, preview_grid(64, 64))
    qtbot.wait(50)
    assert splitter.sizes() == before and monitor.preview.view.horizontalScrollBar().maximum() > 0


def test_a_run_by_class_names_each_row_of_its_samples_beside_it(shown) -> None:
    preview = shown(SamplePreview(), 600, 400)
    preview.set_classes(["crack", "dent", "ok", "scratch"])
    images = torch.rand(32, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    grid = (make_grid(images, nrow=8, padding=1, pad_value=0) * 255).round().byte().permute(1, 2, 0).numpy()
    preview.set_sample(10, np.ascontiguousarray(grid))  # 4 rows of 8, as training_loop makes them
    view = preview.view
    zoom = view.zoom()
    shown_image = view.shown_pixmap().toImage()
    gutter = shown_image.width() - grid.shape[1] * zoom
    assert gutter > 20  # room for the names, left of the samples
    # the samples themselves are untouched, pixel for pixel, right of the names
    for y in range(0, grid.shape[0] * zoom, 7):
        x = gutter + 9 * zoom
        assert shown_image.pixelColor(x, y).getRgb()[:3] == tuple(grid[y // zoom, 9].tolist())
    # each name is drawn level with its row: some text pixels within every row's band of the margin
    background = shown_image.pixelColor(1, 0)
    for row in range(4):
        band = range((1 + row * 17) * zoom, (1 + row * 17 + 16) * zoom)
        assert any(shown_image.pixelColor(x, y) != background for y in band for x in range(gutter))
    preview.set_classes([])
    preview.set_sample(11, np.ascontiguousarray(grid))
    assert view.shown_pixmap().width() == grid.shape[1] * view.zoom()  # a plain grid again
