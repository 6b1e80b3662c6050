"""Fixtures for the window tests: widgets shown on screen, the main window, Chinese, and a check for
leaked windows."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from aigc_desktop.ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)


@pytest.fixture(autouse=True)
def collect_garbage_in_gui_thread() -> Iterator[None]:
    """No cycle collection on a worker thread while a window test runs, and the test's garbage collected
    here, on the GUI thread. Without it a Gallery job's thread collected a widget an earlier test left in
    a reference cycle and deadlocked with the GUI thread (the job thread held Qt's lock and waited for
    the GIL, the GUI thread the reverse; nineteenth session, benchmarks/RESULTS.md)."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


def _top_level_ids() -> set[int]:
    return {shiboken6.getCppPointer(w)[0] for w in QApplication.topLevelWidgets()}


@pytest.fixture
def leak_checked(qapp: QApplication) -> Iterator[Callable[[W], W]]:
    """``leak_checked(widget)`` returns ``widget``; at teardown it is closed and deleted, and the test
    fails naming any top-level widget that appeared since this fixture started and is still there."""
    before = _top_level_ids()
    widgets: list[QWidget] = []

    def check(widget: W) -> W:
        widgets.append(widget)
        return widget

    yield check
    for widget in widgets:
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    new = _top_level_ids() - before
    leaked = [f"{type(w).__name__}:{w.objectName()}" for w in QApplication.topLevelWidgets()
              if shiboken6.getCppPointer(w)[0] in new]
    assert leaked == [], "top-level widgets were left behind"


@pytest.fixture
def shown(qtbot) -> Callable[..., QWidget]:
    """``shown(widget, width, height)`` shows ``widget`` at that size, waits until it is on screen and
    returns it; pytest-qt closes it after the test."""

    def show(widget: W, width: int, height: int) -> W:
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return show


@pytest.fixture
def window(qtbot, settings_store, leak_checked: Callable[[W], W]) -> MainWindow:
    """The main window with its real tabs on a settings store of its own, shown; it must leave no
    top-level widget behind when it closes."""
    from aigc_desktop.ui.main_window import MainWindow

    w = leak_checked(MainWindow(settings_store))
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def shown_tab(shown: Callable[..., QWidget]) -> Iterator[Callable[[W], W]]:
    """``shown_tab(tab)`` shows a tab with background jobs at 1280×800; at teardown the tab is shut
    down, and no worker thread may outlive it."""
    from aigc_desktop.workers import threads

    tabs: list[QWidget] = []

    def show(tab: W) -> W:
        tabs.append(tab)
        return shown(tab, 1280, 800)

    yield show
    for tab in tabs:
        tab.shutdown()
    assert threads.running_threads() == []


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    """The window's strings in Chinese for the test, English again after it."""
    from aigc_desktop.ui.language import install_translator, remove_translators

    assert install_translator(qapp, "zh_CN") == "zh_CN"
    yield
    remove_translators(qapp)
