"""The Feedback tab with a model trained by class: a batch of one class, and ratings that keep it."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from aigc_desktop.ui.feedback.tab import FeedbackTab
from tests.ui.feedback.test_feedback_tab import active, key, open_run, wait_idle


def test_rate_a_batch_limited_to_one_class(qtbot, shown_tab, conditional_run, tmp_path):
    run = Path(shutil.copytree(conditional_run, tmp_path / "run"))
    tab = shown_tab(FeedbackTab())
    open_run(qtbot, tab, run, n=6)
    combo = tab.batch_controls.class_combo
    assert combo.isVisibleTo(tab) and [combo.itemText(i) for i in range(combo.count())] == [
        "All classes", "bright", "dark"]
    assert [im.class_name for im in tab.model.images()] == ["bright", "dark"] * 3
    combo.setCurrentIndex(combo.findData("dark"))
    tab.batch_button.click()
    wait_idle(qtbot, tab)
    assert {im.class_name for im in tab.model.images()} == {"dark"}
    assert "class <b>dark</b>" in tab.batch_view.header.text()
    key(qtbot, tab, Qt.Key.Key_G)
    key(qtbot, tab, Qt.Key.Key_B)
    assert [(r.rating, r.class_name) for r in active(run)] == [(1, "dark"), (-1, "dark")]
