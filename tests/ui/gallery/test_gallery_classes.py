"""The Gallery with a model trained by class: the class picker, and the labelled-dataset export."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QDialog

from aigc_desktop.core.sampling.export import read_provenance
from aigc_desktop.ui.gallery import dataset_export
from aigc_desktop.ui.gallery.tab import GalleryTab
from tests.ui.gallery.helpers import JOB_TIMEOUT, generate, select, wait_idle


def open_run(qtbot, shown_tab, run: Path) -> GalleryTab:
    tab = shown_tab(GalleryTab())
    tab.set_run(str(run))
    qtbot.waitUntil(lambda: tab.picker.has_model(), timeout=JOB_TIMEOUT)
    qtbot.waitUntil(lambda: not tab.detail_runner.is_busy(), timeout=JOB_TIMEOUT)
    return tab


def test_the_class_picker_is_offered_only_for_a_model_trained_by_class(qtbot, shown_tab, conditional_run, tiny_run):
    tab = open_run(qtbot, shown_tab, conditional_run)
    combo = tab.controls.class_combo
    qtbot.waitUntil(lambda: combo.count() == 3, timeout=JOB_TIMEOUT)
    assert [combo.itemText(i) for i in range(3)] == ["All classes", "bright", "dark"]
    assert combo.isVisibleTo(tab) and tab.export_panel.dataset_button.isVisibleTo(tab)
    plain = open_run(qtbot, shown_tab, tiny_run)
    assert not plain.controls.class_combo.isVisibleTo(plain)
    assert not plain.export_panel.dataset_button.isVisibleTo(plain)


def test_generate_rank_keep_and_export_one_class(qtbot, shown_tab, conditional_run, tmp_path):
    tab = open_run(qtbot, shown_tab, conditional_run)
    combo = tab.controls.class_combo
    qtbot.waitUntil(lambda: combo.count() == 3, timeout=JOB_TIMEOUT)
    generate(qtbot, tab, 6)  # all classes: in turn
    assert [im.class_name for im in tab.model.images()] == ["bright", "dark"] * 3
    brightness = [im.array.mean() for im in tab.model.images()]
    assert min(brightness[0::2]) > 120 > max(brightness[1::2])

    combo.setCurrentIndex(combo.findData("dark"))
    generate(qtbot, tab, 8, seed=3)
    assert {im.class_name for im in tab.model.images()} == {"dark"}
    assert max(im.array.mean() for im in tab.model.images()) < 120
    tab.curation.rank_button.click()
    wait_idle(qtbot, tab)
    assert all(im.score is not None for im in tab.model.images())
    select(tab, [0])
    tab._show_current()
    assert "Class" in tab.detail.provenance.text() and "dark" in tab.detail.provenance.text()
    tab.export(True, str(tmp_path / "one"))
    wait_idle(qtbot, tab)
    (png,) = (tmp_path / "one").glob("*.png")
    assert read_provenance(png)["aigc:class"] == "dark"

    tab.keep_best(3, 12)
    wait_idle(qtbot, tab)
    assert tab.model.rowCount() == 3 and {im.class_name for im in tab.model.images()} == {"dark"}


def test_export_labelled_dataset_from_the_gallery(qtbot, shown_tab, conditional_run, tmp_path, monkeypatch):
    tab = open_run(qtbot, shown_tab, conditional_run)
    qtbot.waitUntil(lambda: tab.export_panel.dataset_button.isVisibleTo(tab), timeout=JOB_TIMEOUT)

    def fill_in(dialog):
        assert dialog.checked_classes() == ["bright", "dark"]
        dialog.per_class_spin.setValue(3)
        dialog.keep_m.setValue(2)
        dialog.target_edit.setText(str(tmp_path / "set"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dataset_export.DatasetExportDialog, "exec", fill_in)
    said = []
    tab.busyChanged.connect(lambda busy, text: said.append(text))
    tab.export_panel.dataset_button.click()
    wait_idle(qtbot, tab)
    with open(tmp_path / "set" / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["class"] for r in rows) == ["bright"] * 3 + ["dark"] * 3
    assert all((tmp_path / "set" / r["file"]).is_file() for r in rows)
    assert any(text.startswith("Exported 6 pictures") and "near-copies left out" in text for text in said), said
    assert np.all([float(r["nearest_training_distance"]) > 0 for r in rows])


def test_does_it_help_shows_the_verdict_and_the_charts(qtbot, shown_tab, conditional_run, monkeypatch):
    from aigc_desktop.core.sampling import usefulness as core_usefulness

    monkeypatch.setattr(core_usefulness, "MIN_GENERATED", 20)  # a quick report: 20 generated per class
    monkeypatch.setattr(core_usefulness, "PATIENCE", 5)
    monkeypatch.setattr(core_usefulness, "MAX_EPOCHS", 20)
    tab = open_run(qtbot, shown_tab, conditional_run)
    qtbot.waitUntil(lambda: tab.export_panel.usefulness_button.isVisibleTo(tab), timeout=JOB_TIMEOUT)
    tab.export_panel.usefulness_button.click()
    qtbot.waitUntil(lambda: tab.by_class.usefulness_dialog is not None, timeout=3 * JOB_TIMEOUT)
    dialog = tab.by_class.usefulness_dialog
    assert "held-out pictures" in dialog.verdict.text() and "Trained on generated pictures alone" in dialog.verdict.text()
    assert "Tested on 4 real pictures" in dialog.counts.text()
    bars = [item for item in dialog.accuracy_plot.getPlotItem().items if type(item).__name__ == "BarGraphItem"]
    assert len(bars) == 3
    dialog.close()


def test_evaluate_checks_each_class_looks_like_itself(qtbot, shown_tab, conditional_run, tmp_path):
    from aigc_desktop.core.run.layout import CLASS_JUDGE as FILE_NAME

    run = Path(shutil.copytree(conditional_run, tmp_path / "run"))  # the judge is kept in the run folder
    tab = open_run(qtbot, shown_tab, run)
    tab.curation.evaluate_button.click()
    wait_idle(qtbot, tab)
    text = tab.curation.quality_label.text()
    # 300 steps make 'bright' and 'dark' as asked, and a classifier tells them apart at a glance.
    assert "Pictures made for each class look like that class to a classifier trained on your pictures" in text, text
    assert (run / FILE_NAME).is_file()
    assert not tab.error_label.isVisibleTo(tab)
