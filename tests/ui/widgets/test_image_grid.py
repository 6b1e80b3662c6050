"""ThumbnailModel and ThumbnailGrid: lazy background thumbnails, LRU bound, broken files, keys."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QIcon, QImage

from aigc_desktop.ui.widgets.image_grid import GridItem, ThumbnailGrid, ThumbnailModel

DECO, TIP, STATE = Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, ThumbnailModel.StateRole


class Decoded:
    """Sources that record which keys were decoded (appends are thread-safe)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.keys: list[int] = []

    def items(self, n: int) -> list[GridItem]:
        return [GridItem(f"img{i}", f"img{i}.png", source=self._source(i)) for i in range(n)]

    def _source(self, i: int) -> Callable[[], bytes]:
        def read() -> bytes:
            self.keys.append(i)
            return self.data

        return read


@pytest.fixture
def decoded() -> Decoded:
    buf = io.BytesIO()
    pixels = np.random.default_rng(0).integers(0, 255, (30, 40, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(buf, "PNG")  # 40 wide, 30 high
    return Decoded(buf.getvalue())


@pytest.fixture
def make_model() -> Iterator[Callable[..., ThumbnailModel]]:
    models: list[ThumbnailModel] = []

    def make(**kwargs: int) -> ThumbnailModel:
        kwargs.setdefault("threads", 1)  # deterministic order, like a 2-core machine
        models.append(ThumbnailModel(**kwargs))
        return models[-1]

    yield make
    for model in models:
        model.shutdown()  # waits: no decoder thread outlives the test


def request(model: ThumbnailModel, rows: range | list[int]) -> list[object]:
    return [model.data(model.index(r), DECO) for r in rows]


def wait_idle(qtbot, model: ThumbnailModel) -> None:
    qtbot.waitUntil(lambda: model.pending_count() == 0, timeout=5000)


def icon_image(icon: QIcon) -> QImage:
    (size,) = icon.availableSizes()
    return icon.pixmap(size).toImage()


def test_thumbnails_load_lazily_for_requested_rows_only(qtbot, make_model, decoded: Decoded) -> None:
    model = make_model()
    model.set_items(decoded.items(10_000))
    assert model.rowCount() == 10_000
    first = request(model, range(12))
    assert all(isinstance(icon, QIcon) for icon in first)  # a placeholder, at once
    assert model.data(model.index(0), STATE) == "loading"
    qtbot.waitUntil(
        lambda: all(model.data(model.index(r), STATE) == "ready" for r in range(12)), timeout=5000
    )
    assert sorted(decoded.keys) == list(range(12))
    assert model.cache_count() == 12
    icon = model.data(model.index(3), DECO)
    assert icon.availableSizes()[0].toTuple() == (120, 90)  # 40x30 enlarged 3x to fit 128 px
    assert model.data(model.index(12), STATE) == "loading"
    assert model.data(model.index(3), Qt.ItemDataRole.DisplayRole) == "img3.png"


def test_repeated_requests_decode_once(qtbot, make_model, decoded: Decoded) -> None:
    model = make_model()
    model.set_items(decoded.items(10))
    for _ in range(50):
        request(model, [5])
    assert model.pending_count() == 1
    wait_idle(qtbot, model)
    request(model, [5])  # now a cache hit
    wait_idle(qtbot, model)
    assert decoded.keys == [5]


def test_unreadable_pictures_get_a_broken_placeholder(
    qtbot, make_model, image_folder: Path, tmp_path: Path
) -> None:
    (tmp_path / "notes.png").write_text("not a picture")
    (tmp_path / "empty.jpg").write_bytes(b"")

    def failing() -> bytes:
        raise KeyError("zip member vanished")

    good = sorted(image_folder.rglob("*.*"))[0]
    items = [
        GridItem("good", "good", source=str(good)),
        GridItem("text", "notes.png", tooltip="/data/notes.png", source=str(tmp_path / "notes.png")),
        GridItem("empty", "empty.jpg", source=str(tmp_path / "empty.jpg")),
        GridItem("missing", "gone.png", source=str(tmp_path / "gone.png")),
        GridItem("raises", "member", source=failing),
        GridItem("nothing", "nothing"),
        GridItem("bad-array", "bad", array=np.zeros((4, 4, 5), dtype=np.uint8)),
    ]
    model = make_model()
    model.set_items(items)
    loading = request(model, range(len(items)))[0]
    wait_idle(qtbot, model)
    states = [model.data(model.index(r), STATE) for r in range(len(items))]
    assert states == ["ready"] + ["broken"] * 6
    broken = [model.data(model.index(r), DECO) for r in range(1, len(items))]
    assert len({icon.cacheKey() for icon in broken}) == 1  # one shared "broken" picture
    assert broken[0].cacheKey() != loading.cacheKey()
    tip = model.data(model.index(1), TIP)
    assert tip.startswith("/data/notes.png\n") and "not a picture" in tip
    assert model.data(model.index(0), TIP) == "good"


@pytest.mark.parametrize("shape", [(4, 4), (4, 4, 1), (4, 4, 3), (4, 4, 4)])
def test_arrays_enlarge_with_crisp_pixels(qtbot, make_model, shape: tuple[int, ...]) -> None:
    arr = np.random.default_rng(3).integers(0, 256, size=shape, dtype=np.uint8)
    if len(shape) == 3 and shape[2] == 4:
        arr[..., 3] = 255
    model = make_model()
    model.set_items([GridItem("g", "sample", array=arr)])
    request(model, [0])
    wait_idle(qtbot, model)
    image = icon_image(model.data(model.index(0), DECO))
    assert (image.width(), image.height()) == (128, 128)  # 4 px enlarged 32x

    def colour(x: int, y: int) -> tuple[int, int, int]:
        return QColor(image.pixel(x, y)).getRgb()[:3]

    grey = arr.ndim == 2 or arr.shape[2] == 1
    for (x, y), (ax, ay) in {(0, 0): (0, 0), (31, 0): (0, 0), (32, 0): (1, 0), (127, 127): (3, 3)}.items():
        value = arr[ay, ax].ravel()
        assert colour(x, y) == ((int(value[0]),) * 3 if grey else tuple(value[:3].tolist()))


def test_lru_cache_stays_bounded(qtbot, make_model, decoded: Decoded) -> None:
    model = make_model(cache_size=20)
    model.set_items(decoded.items(100))
    request(model, range(60))
    wait_idle(qtbot, model)
    assert model.cache_count() == 20
    states = [model.data(model.index(r), STATE) for r in range(60)]
    assert states == ["loading"] * 40 + ["ready"] * 20  # the least recently used went first
    request(model, [40])  # touch: 40 becomes the most recent
    request(model, [60])
    wait_idle(qtbot, model)
    assert model.cache_count() == 20
    assert model.data(model.index(40), STATE) == "ready"
    assert model.data(model.index(41), STATE) == "loading"


def test_jobs_for_rows_scrolled_away_are_dropped(qtbot, make_model, decoded: Decoded) -> None:
    gate = threading.Event()
    items = decoded.items(60)
    items[0] = GridItem("img0", "slow", source=lambda: (gate.wait(5), decoded.data)[1])
    model = make_model()  # one thread: row 0 blocks it while the rest queue up
    model.set_items(items)
    try:
        request(model, range(51))
        model.set_visible_rows(0, 5)  # the user scrolled back to the top
    finally:
        gate.set()
    wait_idle(qtbot, model)
    assert sorted(decoded.keys) == [1, 2, 3, 4, 5]
    assert model.data(model.index(30), STATE) == "loading"
    request(model, [30])  # on screen again: asked again, made this time
    wait_idle(qtbot, model)
    assert model.data(model.index(30), STATE) == "ready"


def test_replace_and_remove_items(qtbot, make_model, decoded: Decoded) -> None:
    model = make_model()
    model.set_items(decoded.items(10))
    request(model, [1, 2, 8])
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    model.remove_rows([2, 5, 1, 99, 2])
    assert removed == [(5, 5), (1, 2)]
    assert [model.item(r).key for r in range(model.rowCount())] == [f"img{i}" for i in (0, 3, 4, 6, 7, 8, 9)]
    wait_idle(qtbot, model)  # results for removed rows arrive and are ignored
    assert model.data(model.index(5), STATE) == "ready"  # img8, now at row 5
    with pytest.raises(ValueError, match="unique"):
        model.set_items([GridItem("a", "a"), GridItem("a", "b")])


def test_thumb_size_change_reloads_at_the_new_size(qtbot, make_model, decoded: Decoded) -> None:
    model = make_model()
    model.set_items(decoded.items(3))
    request(model, [0])
    wait_idle(qtbot, model)
    model.set_thumb_size(64)
    stale = model.data(model.index(0), DECO)
    assert stale.availableSizes()[0].toTuple() == (120, 90)  # old one shown until the new is ready
    wait_idle(qtbot, model)
    assert model.data(model.index(0), DECO).availableSizes()[0].toTuple() == (40, 30)  # fits; not enlarged


@pytest.fixture
def grid(qtbot, decoded: Decoded) -> Iterator[ThumbnailGrid]:
    view = ThumbnailGrid(ThumbnailModel(threads=1), thumb_px=64)
    qtbot.addWidget(view)
    view.resize(420, 320)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.thumbnail_model().shutdown()


def test_grid_loads_what_is_on_screen(qtbot, grid: ThumbnailGrid, decoded: Decoded) -> None:
    model = grid.thumbnail_model()
    model.set_items(decoded.items(10_000))
    qtbot.waitUntil(lambda: grid.visible_rows() is not None and len(decoded.keys) > 0, timeout=5000)
    first, last = grid.visible_rows()
    assert first == 0 and 4 <= last < 100
    qtbot.waitUntil(lambda: all(model.data(model.index(r), STATE) == "ready" for r in range(last + 1)))
    assert len(decoded.keys) < 200  # not 10,000
    grid.scrollToBottom()
    qtbot.waitUntil(lambda: model.data(model.index(9_999), STATE) == "ready", timeout=5000)
    assert len(decoded.keys) < 400


def test_delete_keys_ask_to_delete_the_selection(qtbot, grid: ThumbnailGrid, decoded: Decoded) -> None:
    grid.thumbnail_model().set_items(decoded.items(20))
    with qtbot.assertNotEmitted(grid.deleteRequested):
        qtbot.keyClick(grid, Qt.Key.Key_Delete)  # nothing selected: nothing to ask
    flags = QItemSelectionModel.SelectionFlag.Select
    for row in (7, 3):
        grid.selectionModel().select(grid.model().index(row, 0), flags)
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        with qtbot.waitSignal(grid.deleteRequested, timeout=1000) as blocker:
            qtbot.keyClick(grid, key)
        assert blocker.args == [[3, 7]]
    assert grid.thumbnail_model().rowCount() == 20  # the owner decides; the grid removes nothing


def test_enter_and_double_click_activate_a_row(qtbot, grid: ThumbnailGrid, decoded: Decoded) -> None:
    grid.thumbnail_model().set_items(decoded.items(20))
    grid.setCurrentIndex(grid.model().index(4, 0))
    with qtbot.waitSignal(grid.activatedRow, timeout=1000) as blocker:
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert blocker.args == [4]
    qtbot.waitUntil(lambda: grid.visualRect(grid.model().index(2, 0)).isValid())
    centre = grid.visualRect(grid.model().index(2, 0)).center()
    # A real double-click starts with a press; QTest's mouseDClick sends only the second click.
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    with qtbot.waitSignal(grid.activatedRow, timeout=1000) as blocker:
        qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [2]


def test_thumb_size_is_clamped_and_sets_the_icon_size(grid: ThumbnailGrid) -> None:
    grid.set_thumb_size(1000)
    assert grid.thumb_size() == 512
    grid.set_thumb_size(96)
    assert grid.iconSize().toTuple() == (96, 96)
    assert grid.gridSize().width() > 96
