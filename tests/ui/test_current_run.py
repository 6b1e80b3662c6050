"""One current run and one device for the whole window: the tabs follow what is opened or chosen anywhere."""

from __future__ import annotations

from pathlib import Path

from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.run import presets
from aigc_desktop.core.run.layout import RunLayout
from aigc_desktop.ui.current_run import CurrentRun

# `window` (tests/ui/conftest.py): the main window, shown, checked for leaked windows when it closes.


def empty_run(root: Path) -> str:
    """A run folder that has its settings but no checkpoint yet: no tab starts work on it."""
    root.mkdir(parents=True)
    RunLayout(root).config_path.write_text("{}")
    return str(root)


def test_the_current_run_says_when_it_changes_and_when_it_gained_files(qtbot, tmp_path):
    current = CurrentRun()
    with qtbot.waitSignal(current.changed) as changed:
        assert current.set(str(tmp_path / "run") + "/")
    assert changed.args == [str(tmp_path / "run")] and current.path() == str(tmp_path / "run")
    assert not current.set(str(tmp_path / "run")) and not current.set("")  # the same run, or none: no change
    updated: list[str] = []
    current.updated.connect(updated.append)
    current.mark_updated(str(tmp_path / "other"))
    current.mark_updated(str(tmp_path / "run"))
    assert updated == [str(tmp_path / "run")]


def test_a_run_opened_in_one_tab_is_the_run_of_every_tab(qtbot, window, tmp_path):
    one, two = empty_run(tmp_path / "one"), empty_run(tmp_path / "two")
    gallery, feedback = window.gallery_tab, window.feedback_tab
    window.training_tab.runOpened.emit(one)  # training started
    assert gallery.picker.run_dir() == one and feedback.run_dir == one
    assert window.windowTitle() == "AIGC Desktop — one"
    gallery.picker.set_run(two)  # what "Open run…" in the Gallery does
    assert feedback.run_dir == two and window.windowTitle() == "AIGC Desktop — two"
    feedback.set_run(one)  # and "Open run…" in the Feedback tab
    assert gallery.picker.run_dir() == one and window.current_run.path() == one


def test_a_checkpoint_of_the_run_shown_appears_in_the_gallery_and_another_run_stays_put(qtbot, window, tmp_path):
    one, two = empty_run(tmp_path / "one"), empty_run(tmp_path / "two")
    gallery = window.gallery_tab
    gallery.set_run(one)
    assert not gallery.picker.has_model() and gallery.stack.currentIndex() == 0
    RunLayout(two).checkpoints_dir.mkdir()
    RunLayout(two).checkpoint_path(10).write_bytes(b"")
    window.training_tab.checkpointWritten.emit(two)  # a run trained in the background
    assert gallery.picker.run_dir() == one  # the user keeps looking at the run they opened
    RunLayout(one).checkpoints_dir.mkdir()
    RunLayout(one).checkpoint_path(20).write_bytes(b"")
    window.training_tab.checkpointWritten.emit(one)
    assert gallery.picker.has_model() and gallery.picker.checkpoint_combo.currentText().startswith("Step 20")


def test_the_gallery_and_the_feedback_tab_draw_on_the_device_chosen_for_training(qtbot, window):
    settings = window.training_tab.settings
    assert window.gallery_tab.picker.device == "cpu" and window.feedback_tab.device == "cpu"  # before the probe
    settings.set_devices([("cuda:0", "cuda:0 — test GPU"), ("cpu", "cpu — test CPU")])
    assert settings.device() == "auto"
    assert window.gallery_tab.picker.device == "cuda:0" and window.feedback_tab.device == "cuda:0"  # what Auto uses
    settings.device_combo.setCurrentIndex(settings.device_combo.findData("cpu"))
    assert window.gallery_tab.picker.device == "cpu" and window.feedback_tab.device == "cpu"


def test_the_preset_follows_the_device_and_the_pictures_until_the_user_picks_one(qtbot, window, image_folder,
                                                                                monkeypatch):
    monkeypatch.setattr(presets, "HIGH_RESOLUTION_FROM", 10)  # 12 pictures count as a large set here
    settings = window.training_tab.settings
    settings.set_devices([("cpu", "cpu — test CPU")])
    assert settings.preset().name == "cpu-quick"
    settings.set_devices([("cuda:0", "cuda:0 — test GPU"), ("cpu", "cpu — test CPU")])
    assert settings.preset().name == "gpu-standard"
    window.dataset_tab.add_paths([str(image_folder)])
    qtbot.waitUntil(lambda: window.dataset_tab.selection().image_count == 12, timeout=30_000)
    assert settings.preset().name == "gpu-high"
    assert window.dataset_tab.selection().settings.resolution == 128  # the preset's size, in the Dataset tab
    settings.device_combo.setCurrentIndex(settings.device_combo.findData("cpu"))
    fine = presets.needs_detail(window.dataset_tab.selection().fine_detail)
    assert settings.preset().name == ("cpu-detail" if fine else "cpu-quick")

    detail = settings.preset_combo.findData("cpu-detail")
    settings.preset_combo.setCurrentIndex(detail)
    settings.preset_combo.activated.emit(detail)  # as a user's pick arrives
    settings.device_combo.setCurrentIndex(0)
    settings.set_pictures(3)
    assert settings.preset().name == "cpu-detail"


def test_on_a_cpu_pictures_with_fine_detail_get_the_64_px_preset(qtbot, window):
    settings = window.training_tab.settings
    settings.set_devices([("cpu", "cpu — test CPU")])
    assert settings.preset().name == "cpu-quick"  # nothing measured yet
    window.dataset_tab.add_paths([str(demo_dataset_path())])
    qtbot.waitUntil(lambda: window.dataset_tab.selection().fine_detail is not None, timeout=60_000)
    assert settings.preset().name == "cpu-detail"  # scratches and cracks a pixel wide at 64 px
    assert window.dataset_tab.selection().settings.resolution == 64
