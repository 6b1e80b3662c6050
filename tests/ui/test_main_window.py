"""The main window with its real tabs: drops, device detection, closing while training, settings."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

# `window` (tests/ui/conftest.py): the main window, shown, checked for leaked windows when it closes.


def drop(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_title_tabs_and_device_in_the_status_bar(qtbot, window):
    assert window.windowTitle() == "AIGC Desktop"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["1  Dataset", "2  Training", "3  Gallery",
                                                                          "4  Feedback"]
    assert "detecting" in window.device_label.text()
    with qtbot.waitSignal(window.engine_loaded, timeout=30_000):  # the app then collects on the GUI thread
        window.after_first_paint()
    assert "cpu" in window.device_label.text()
    combo = window.training_tab.settings.device_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["auto", "cpu"]


def test_dropping_a_folder_a_zip_and_a_broken_file_on_the_window(qtbot, window, image_folder, tmp_path):
    archive = tmp_path / "more.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(next(image_folder.glob("good/*.png")), "extra/one.png")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"")
    window.tabs.setCurrentWidget(window.training_tab)
    drop(window, [image_folder, archive, broken])
    assert window.tabs.currentWidget() is window.dataset_tab  # a drop shows where the pictures went
    qtbot.waitUntil(lambda: not window.dataset_tab.is_busy() and window.dataset_tab.selection().scan is not None,
                    timeout=30_000)
    selection = window.dataset_tab.selection()
    assert selection.image_count == 13
    assert [s.path for s in selection.scan.skipped] == [str(broken)]
    assert str(image_folder) in window.store.recent_data()


def test_closing_while_training_asks_stops_saves_and_leaves_no_thread(qtbot, window, image_folder, tmp_path,
                                                                     monkeypatch):
    from aigc_desktop.workers import threads

    window.dataset_tab.add_paths([str(image_folder)])
    qtbot.waitUntil(lambda: window.dataset_tab.selection().image_count == 12, timeout=30_000)
    window.dataset_tab.set_resolution(16)
    tab = window.training_tab
    tab.settings.set_devices([("cpu", "cpu")])
    tab.settings.steps_spin.setValue(100_000)
    tab.settings.batch_spin.setValue(4)
    tab.settings.width_spin.setValue(8)
    tab.settings.ckpt_spin.setValue(5)
    tab.run_edit.setText(str(tmp_path / "run"))
    tab.start()
    qtbot.waitUntil(lambda: tab.monitor.loss_plot.point_count() > 3, timeout=60_000)
    assert window.windowTitle() == "AIGC Desktop — run"
    assert window.store.recent_runs()[0] == str(tmp_path / "run")
    # the Gallery follows the live run: its first checkpoint is offered there while training goes on
    qtbot.waitUntil(window.gallery_tab.picker.has_model, timeout=60_000)
    assert window.gallery_tab.picker.run_dir() == str(tmp_path / "run")

    # "Cancel": the window stays open and keeps training
    monkeypatch.setattr(window, "_ask_stop_training", lambda: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible() and tab.is_running()

    # "Yes": stop, save a checkpoint, wait for the thread, close
    monkeypatch.setattr(window, "_ask_stop_training", lambda: QMessageBox.StandardButton.Yes)
    assert window.close()
    assert threads.running_threads() == []
    assert list((tmp_path / "run" / "checkpoints").glob("ckpt-*.pt"))
    assert window.store.geometry() is not None


def test_recent_runs_menu_and_open_run(qtbot, window, tmp_path, monkeypatch):
    (tmp_path / "old-run").mkdir()
    window.store.add_recent_run(str(tmp_path / "old-run"))
    window.store.add_recent_run(str(tmp_path / "deleted-run"))  # gone from disk: not offered
    window._fill_recent()
    assert [a.text() for a in window.recent_menu.actions()] == [str(tmp_path / "old-run")]
    window.recent_menu.actions()[0].trigger()
    assert window.tabs.currentWidget() is window.training_tab
    assert "not a run folder" in window.training_tab.error_label.text()


def test_crash_handler_logs_and_shows_a_dialog(tmp_path, monkeypatch, qtbot):
    from aigc_desktop import app

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text() + self.informativeText()))
    log_path = app.setup_logging()
    handler = app.CrashHandler(log_path)
    try:
        raise ValueError("boom")
    except ValueError as exc:
        handler(type(exc), exc, exc.__traceback__)
    assert "ValueError: boom" in shown[0] and log_path in shown[0]
    for h in app.log.handlers:
        h.flush()
    assert "ValueError: boom" in Path(log_path).read_text()


def test_the_log_takes_file_names_that_are_not_utf8():
    import os

    from aigc_desktop import app

    log_path = app.setup_logging()
    app.log.warning("skipped %s", os.fsdecode(b"/data/\xc1\xe3\xbc\xfe1.png"))  # GBK bytes, as os.walk gives them
    for h in app.log.handlers:
        h.flush()
    assert "/data/\\udcc1\\udce3\\udcbc\\udcfe1.png" in Path(log_path).read_text(encoding="utf-8")
