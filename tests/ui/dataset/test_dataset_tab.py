"""DatasetTab driven through its real widgets: scanning, skipped files, removal, preprocessing preview."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from aigc_desktop.ui.dataset.tab import DatasetTab


@pytest.fixture
def tab(qtbot, leak_checked) -> Iterator[DatasetTab]:
    widget = leak_checked(DatasetTab())
    widget.resize(1200, 800)
    yield widget
    widget.shutdown()
    assert not widget.is_busy()
    assert widget.threads_running() == 0  # no scan thread outlives the tab
    assert not widget.preprocess_panel.is_rendering()  # the preview thread is idle too


def wait_scanned(qtbot, tab: DatasetTab, timeout: int = 15_000) -> None:
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=timeout)


def grid_rows(tab: DatasetTab) -> int:
    return tab.pictures.grid.thumbnail_model().rowCount()


def make_images(folder: Path, n: int, size: int = 8) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pixels = np.random.default_rng(2).integers(0, 255, (size, size, 3), dtype=np.uint8)
    for i in range(n):
        Image.fromarray(pixels).save(folder / f"part_{i:03d}.png")
    return folder


def test_empty_state_then_add_folder(qtbot, tab: DatasetTab, image_folder: Path, monkeypatch) -> None:
    assert tab._pages.currentWidget() is tab.empty_state
    assert tab.selection().scan is None and tab.selection().paths == []
    monkeypatch.setattr(tab.sources_panel, "choose_folder", lambda: str(image_folder))
    with qtbot.waitSignal(tab.busyChanged, check_params_cb=lambda busy, text: busy) as started:
        qtbot.mouseClick(tab.empty_state.add_folder_button, Qt.MouseButton.LeftButton)
    assert tab.is_busy()  # scanning runs off the GUI thread: add returns at once
    assert started.args[1]  # a status text for the status bar
    wait_scanned(qtbot, tab)
    assert tab._pages.currentIndex() == 1
    sel = tab.selection()
    assert sel.paths == [str(image_folder)]
    assert sel.image_count == 12 and sel.removed == []
    assert sel.scan.classes == ["good", "scratch"]
    assert grid_rows(tab) == 12
    assert tab.stats_panel.value_text("found") == "12"
    assert tab.stats_panel.value_text("skipped") == "0"
    assert "good: 6" in tab.stats_panel.value_text("classes")
    assert tab.center.tabText(0) == "Pictures (12)"
    # Several classes: the filter is offered and narrows the grid.
    assert tab.pictures.class_filter.isVisibleTo(tab)
    tab.pictures.class_filter.setCurrentIndex(tab.pictures.class_filter.findData("scratch"))
    assert grid_rows(tab) == 6
    assert all(im.source.label == "scratch" for im in tab.pictures.shown())
    tip = tab.pictures.grid.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert str(image_folder) in tip and "scratch" in tip


def test_zip_and_broken_files_are_listed_with_reasons(qtbot, tab: DatasetTab, image_folder: Path,
                                                      tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "parts.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((image_folder / "good").iterdir()):
            zf.write(path, f"good/{path.name}")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture at all")
    picked = [str(archive), str(empty), str(text)]
    monkeypatch.setattr(tab.sources_panel, "choose_files", lambda: picked)
    qtbot.mouseClick(tab.empty_state.add_files_button, Qt.MouseButton.LeftButton)
    tab.add_paths([str(archive)])  # the same zip again: listed once
    wait_scanned(qtbot, tab)
    sel = tab.selection()
    assert len(sel.paths) == 3
    assert sel.image_count == 6
    assert all(im.source.member is not None for im in sel.scan.images)
    assert tab.stats_panel.value_text("skipped") == "2"
    rows = dict(tab.skipped_table.rows())
    assert "empty" in rows[str(empty)].lower()
    assert "not a picture" in rows[str(text)].lower()
    assert tab.center.tabText(1) == "Skipped files (2)"
    # The message offers the skipped list.
    assert tab.scan_bar.isVisibleTo(tab) and tab.scan_bar.action_button.isVisibleTo(tab)
    tab.scan_bar.action_button.click()
    assert tab.center.currentWidget() is tab.skipped_table


def test_demo_dataset_in_one_click(qtbot, tab: DatasetTab) -> None:
    qtbot.mouseClick(tab.empty_state.demo_button, Qt.MouseButton.LeftButton)
    assert tab.is_busy()
    wait_scanned(qtbot, tab)
    sel = tab.selection()
    assert sel.image_count == 340
    assert sel.scan.classes == ["crack", "dent", "ok", "scratch"]
    assert tab.sources_panel.list.item(0).text() == "Demo dataset"
    tab.use_demo()  # already there: not added twice
    wait_scanned(qtbot, tab)
    assert len(tab.selection().paths) == 1


def test_cancelled_scan_keeps_what_was_checked(qtbot, tab: DatasetTab, tmp_path: Path) -> None:
    folder = make_images(tmp_path / "many", 300)
    busy: list[tuple[bool, str]] = []
    tab.busyChanged.connect(lambda b, t: busy.append((b, t)))
    tab.add_paths([str(folder)])
    tab.cancel_scan()
    wait_scanned(qtbot, tab)
    sel = tab.selection()
    assert sel.scan.cancelled
    assert sel.image_count < 300
    assert "cancelled" in tab.scan_bar.text.text().lower()
    assert busy[-1][0] is False and "cancelled" in busy[-1][1].lower()
    # "Scan again" checks everything.
    tab.scan_bar.action_button.click()
    assert tab.is_busy()
    wait_scanned(qtbot, tab)
    assert tab.selection().image_count == 300 and not tab.selection().scan.cancelled


def test_adding_while_scanning_restarts_with_all_sources(qtbot, tab: DatasetTab, tmp_path: Path,
                                                         image_folder: Path) -> None:
    tab.add_paths([str(make_images(tmp_path / "many", 300))])
    tab.add_paths([str(image_folder)])
    assert tab.selection().scan is None  # mid-scan: nothing to train on yet
    wait_scanned(qtbot, tab)
    sel = tab.selection()
    assert not sel.scan.cancelled
    assert sel.image_count == 312 and len(sel.paths) == 2


def test_delete_key_removes_pictures_and_restore_brings_them_back(qtbot, tab: DatasetTab,
                                                                 image_folder: Path) -> None:
    tab.add_paths([str(image_folder)])
    wait_scanned(qtbot, tab)
    grid = tab.pictures.grid
    doomed = [tab.pictures.shown()[r] for r in (0, 3)]
    for row in (0, 3):
        grid.selectionModel().select(grid.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    assert tab.pictures.remove_button.isEnabled()
    with qtbot.waitSignal(tab.selectionChanged):
        qtbot.keyClick(grid, Qt.Key.Key_Delete)
    sel = tab.selection()
    assert sel.image_count == 10
    assert sorted(sel.removed) == sorted(im.source.location() for im in doomed)
    kept = {im.source.location() for im in sel.scan.images}
    assert not kept & {im.source.location() for im in doomed}
    assert all(Path(im.source.path).is_file() for im in doomed)  # files on disk untouched
    assert grid_rows(tab) == 10
    assert tab.stats_panel.value_text("removed") == "2"
    assert tab.pictures.restore_button.isEnabled()
    qtbot.mouseClick(tab.pictures.restore_button, Qt.MouseButton.LeftButton)
    assert tab.selection().image_count == 12 and tab.selection().removed == []
    assert grid_rows(tab) == 12
    assert not tab.pictures.restore_button.isEnabled()


def test_removed_pictures_stay_removed_after_a_rescan(qtbot, tab: DatasetTab, image_folder: Path,
                                                      tmp_path: Path) -> None:
    tab.add_paths([str(image_folder)])
    wait_scanned(qtbot, tab)
    tab.pictures.remove_rows([0])
    tab.add_paths([str(make_images(tmp_path / "more", 3))])
    wait_scanned(qtbot, tab)
    assert tab.selection().image_count == 12 + 3 - 1
    assert len(tab.selection().removed) == 1


def test_preview_follows_resolution_and_colour(qtbot, tab: DatasetTab, image_folder: Path) -> None:
    tab.add_paths([str(image_folder)])
    wait_scanned(qtbot, tab)
    panel = tab.preprocess_panel

    def shapes_are(shape: tuple[int, int, int]) -> bool:
        samples = panel.samples()
        return len(samples) == 4 and all(s.after is not None and s.after.shape == shape for s in samples)

    qtbot.waitUntil(lambda: shapes_are((64, 64, 3)), timeout=10_000)
    with qtbot.waitSignal(tab.selectionChanged):
        tab.set_resolution(32)
    qtbot.waitUntil(lambda: shapes_are((32, 32, 3)), timeout=10_000)
    assert tab.selection().settings.resolution == 32
    assert panel.resolution.currentText().startswith("32")
    panel.channels.setCurrentIndex(panel.channels.findData(1))
    qtbot.waitUntil(lambda: shapes_are((32, 32, 1)), timeout=10_000)
    assert tab.selection().settings.channels == 1
    with pytest.raises(ValueError):
        tab.set_resolution(100)


def test_removing_the_last_source_returns_to_the_welcome_panel(qtbot, tab: DatasetTab, image_folder: Path) -> None:
    tab.add_paths([str(image_folder)])
    wait_scanned(qtbot, tab)
    tab.sources_panel.list.item(0).setSelected(True)
    qtbot.mouseClick(tab.sources_panel.remove_button, Qt.MouseButton.LeftButton)
    assert tab._pages.currentWidget() is tab.empty_state
    assert tab.selection().scan is None and tab.selection().paths == []
    assert grid_rows(tab) == 0


def test_dropping_a_folder_adds_it(qtbot, tab: DatasetTab, image_folder: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(image_folder))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    tab.dropEvent(event)
    wait_scanned(qtbot, tab)
    assert tab.selection().image_count == 12


def test_tab_module_does_not_import_torch() -> None:
    code = "import sys, aigc_desktop.ui.dataset.tab; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_names_in_other_code_pages_are_shown_readably(qtbot, tab: DatasetTab, tmp_path: Path) -> None:
    """Folder and file names in GBK (a Chinese PC's share) and a zip without the UTF-8 flag: the grid,
    its tooltips and the class filter read 裂纹 and 零件, not escapes or box-drawing characters."""
    import os

    from tests.core.data.broken_files import zip_with_raw_names

    root = os.path.join(os.fsencode(tmp_path), b"pictures")
    try:
        os.makedirs(os.path.join(root, "裂纹".encode("gbk")))
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not valid UTF-8")
    pixels = np.full((8, 8, 3), 90, np.uint8)
    Image.fromarray(pixels).save(os.path.join(root, "裂纹".encode("gbk"), "零件1.png".encode("gbk")), format="PNG")
    archive = zip_with_raw_names(tmp_path / "parts.zip", ["正常/零件2.png".encode("gbk"), "正常/零件3.png".encode("gbk")])
    tab.add_paths([os.fsdecode(root), str(archive)])
    wait_scanned(qtbot, tab)
    model = tab.pictures.grid.thumbnail_model()
    labels = sorted(model.item(r).label for r in range(model.rowCount()))
    assert labels == ["零件1.png", "零件2.png", "零件3.png"]
    assert any("正常/零件2.png" in model.item(r).tooltip for r in range(model.rowCount()))
    filter_texts = [tab.pictures.class_filter.itemText(i) for i in range(tab.pictures.class_filter.count())]
    assert any("裂纹" in t for t in filter_texts) and any("正常" in t for t in filter_texts)
