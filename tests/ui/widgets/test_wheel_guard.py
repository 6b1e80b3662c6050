"""Scrolling the settings never changes them: the wheel moves a control only once it has been clicked."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from aigc_desktop.ui.training.settings_form import TrainingSettings
from aigc_desktop.ui.widgets.pages import side_column
from aigc_desktop.ui.widgets.wheel_guard import WheelGuard


def wheel_down(widget: QWidget) -> bool:
    """Turn the wheel over ``widget``; whether the widget kept the event (accepted it).

    A wheel event the widget ignores goes on to its parents, up to the scroll area, when it comes from the
    mouse; one sent from a test is not passed on (Qt 6 propagates only spontaneous wheel events), so the
    tests check that the control let it go, and scroll the column by hand where they need it scrolled."""
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_scrolls_the_settings_column_instead_of_changing_a_setting(qtbot) -> None:
    settings = TrainingSettings()
    settings.advanced_box.setChecked(True)  # the long section the user scrolls through
    scroll: QScrollArea = side_column(settings)
    qtbot.addWidget(scroll)
    scroll.resize(360, 200)  # much shorter than the settings: the column scrolls
    scroll.show()
    qtbot.waitExposed(scroll)
    combo, spin = settings.kinds_combo, settings.steps_spin
    before = (combo.currentIndex(), spin.value())
    for control in (combo, spin):
        assert not wheel_down(control)  # let go: from the mouse, it goes on to the scroll area
    assert (combo.currentIndex(), spin.value()) == before  # nothing changed
    # clicked (given the focus), a control takes the wheel as usual
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    assert wheel_down(spin)
    assert spin.value() != before[1]


def test_the_training_tab_and_the_side_columns_guard_their_controls(qtbot) -> None:
    from aigc_desktop.ui.training.tab import TrainingTab

    tab = TrainingTab(lambda: None)
    qtbot.addWidget(tab)
    assert tab.findChild(WheelGuard) is not None
    assert tab.settings.kinds_combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    before = tab.settings.xflip_combo.currentIndex()
    wheel_down(tab.settings.xflip_combo)
    assert tab.settings.xflip_combo.currentIndex() == before
