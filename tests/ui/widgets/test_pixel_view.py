"""PixelView and ZoomBox: never below the image's own size, whole-factor crisp enlargement, scrolling, zoom."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from aigc_desktop.ui.widgets.pixel_view import FIT, PixelView, ZoomBox


def red_at(img: QImage, x: int, y: int) -> int:
    return QColor.fromRgba(img.pixel(x, y)).red()


def checker(side: int) -> np.ndarray:
    """Alternating black and white pixels: any blur or uneven scaling shows as greys or broken blocks."""
    y, x = np.mgrid[:side, :side]
    return (((x + y) % 2) * 255).astype(np.uint8)


def ctrl_wheel(view: PixelView, delta: int) -> None:
    pos = QPointF(view.viewport().rect().center())
    event = QWheelEvent(pos, QPointF(view.viewport().mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, delta),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(view.viewport(), event)


@pytest.fixture
def view(shown) -> PixelView:
    return shown(PixelView(), 100, 100)


def test_an_image_larger_than_the_panel_keeps_its_size_and_scrolls(view: PixelView) -> None:
    view.set_array(checker(64))
    view.resize(40, 40)  # a panel smaller than the image: it must not shrink
    assert view.zoom() == 1
    assert view.shown_pixmap().size().toTuple() == (64, 64)
    assert view.horizontalScrollBar().maximum() > 0 and view.verticalScrollBar().maximum() > 0
    shown = view.shown_pixmap().toImage()
    assert all(red_at(shown, x, y) == (255 if (x + y) % 2 else 0) for y in range(64) for x in range(64))


def test_room_to_spare_enlarges_by_the_largest_whole_factor_with_sharp_pixels(view: PixelView, qtbot) -> None:
    view.set_array(checker(16))
    assert view.zoom() == 6  # 100 // 16
    shown = view.shown_pixmap().toImage()
    assert shown.size().toTuple() == (96, 96)
    for y in range(96):  # each image pixel is a solid 6 × 6 block: nearest neighbour, no blended greys
        for x in range(96):
            assert red_at(shown, x, y) == (255 if (x // 6 + y // 6) % 2 else 0)
    assert view.horizontalScrollBar().maximum() == 0  # a fitting factor needs no scrolling
    view.resize(50, 70)  # the narrow side decides
    qtbot.waitUntil(lambda: view.zoom() == 3)


def test_a_chosen_zoom_stays_for_the_next_image_and_the_zoom_box_follows(shown, qtbot) -> None:
    view = PixelView()
    box = ZoomBox(view)
    shown(view, 100, 100)
    qtbot.addWidget(box)
    view.set_array(checker(16))
    box.setCurrentIndex(box.findData(2))
    assert view.zoom_mode() == 2 and view.zoom() == 2
    view.set_array(checker(32))  # the next preview of a training run
    assert view.zoom() == 2 and view.shown_pixmap().width() == 64
    ctrl_wheel(view, 120)
    assert view.zoom() == 3 and box.currentData() == 3
    ctrl_wheel(view, -120)
    ctrl_wheel(view, -120)
    ctrl_wheel(view, -120)  # never below the image's own size
    assert view.zoom() == 1 and box.currentData() == 1
    box.setCurrentIndex(box.findData(FIT))
    assert view.zoom() == 3  # 100 // 32


def test_very_large_enlargements_are_capped(view: PixelView) -> None:
    view.set_array(np.zeros((1000, 1000), np.uint8))
    view.set_zoom_mode(8)
    assert view.zoom() == 4  # at most 4096 device pixels a side


def test_placeholder_replaces_image(view: PixelView) -> None:
    view.set_array(checker(10))
    assert view.has_image()
    view.set_placeholder("No sample yet")
    assert not view.has_image() and view.zoom() == 0
    assert view.shown_pixmap().isNull()
    assert view.widget().text() == "No sample yet"


def test_the_right_click_menu_offers_the_zoom_modes(view: PixelView, qtbot) -> None:
    view.set_array(checker(16))
    chosen: list[str] = []

    def pick_2x() -> None:
        menu = QApplication.activePopupWidget()
        texts = [a.text() for a in menu.actions()]
        chosen.extend(texts)
        menu.actions()[texts.index("2×")].trigger()
        menu.close()

    QTimer.singleShot(100, pick_2x)
    centre = view.viewport().rect().center()
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre,
                                                              view.viewport().mapToGlobal(centre)))
    assert chosen[:2] == ["Fit (whole pixels)", "1× (actual size)"]
    assert view.zoom_mode() == 2 and view.zoom() == 2
