"""The Training tab drives a real training run in a real QThread, at 16 px for a few dozen steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.data.scan import scan
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.ui.dataset.selection import DatasetSelection
from aigc_desktop.ui.training.tab import TrainingTab


@pytest.fixture
def selection(image_folder):
    result = scan([image_folder])
    return DatasetSelection([str(image_folder)], result, [], PreprocessSettings(resolution=16))


def make_tab(qtbot, selection, tmp_path, steps=40):
    tab = TrainingTab(lambda: selection)
    qtbot.addWidget(tab)
    s = tab.settings
    s.set_devices([("cpu", "cpu — test CPU")])
    s.steps_spin.setValue(steps)
    s.batch_spin.setValue(4)
    s.width_spin.setValue(8)
    s.ckpt_spin.setValue(10)
    tab.run_edit.setText(str(tmp_path / "run"))
    return tab


def test_no_gpu_is_said_plainly_and_cpu_preset_chosen(qtbot, selection, tmp_path):
    tab = make_tab(qtbot, selection, tmp_path)
    assert "No NVIDIA graphics card" in tab.settings.device_note.text()
    assert tab.settings.preset().name == "cpu-quick"
    assert [tab.settings.device_combo.itemData(i) for i in range(tab.settings.device_combo.count())] == ["auto", "cpu"]


def test_invalid_settings_are_refused_before_training(qtbot, selection, tmp_path):
    tab = make_tab(qtbot, selection, tmp_path)
    tab.settings.lr_g.setValue(0.0)
    tab.start_button.click()
    assert not tab.is_running()
    assert tab.error_label.isVisibleTo(tab) and "learning rate" in tab.error_label.text()

    empty = TrainingTab(lambda: DatasetSelection([], None))
    qtbot.addWidget(empty)
    empty.start_button.click()
    assert not empty.is_running() and "no pictures" in empty.error_label.text()


def test_start_pause_resume_stop_then_resume_the_run(qtbot, selection, tmp_path):
    tab = make_tab(qtbot, selection, tmp_path, steps=100_000)
    with qtbot.waitSignal(tab.runningChanged, timeout=5000):
        tab.start_button.click()
    assert tab.is_running() and not tab.start_button.isEnabled()
    # the plots and the preview fill in while it trains
    qtbot.waitUntil(lambda: tab.monitor.loss_plot.point_count() >= 20, timeout=60_000)
    qtbot.waitUntil(lambda: tab.monitor.preview.has_image(), timeout=30_000)

    # Waited for through the tab's own state, not qtbot.waitSignal(tab.worker.paused): that signal is
    # emitted on the worker's thread, where waitSignal's plain-function slot would also run and could
    # quit the wait's event loop before it starts, leaving the test waiting for ever.
    tab.pause_button.click()
    qtbot.waitUntil(lambda: tab.pause_button.text() == "Continue", timeout=10_000)
    count = tab.monitor.loss_plot.point_count()
    qtbot.wait(600)
    assert tab.monitor.loss_plot.point_count() == count  # nothing trains while paused
    tab.pause_button.click()
    qtbot.waitUntil(lambda: tab.pause_button.text() == "Pause", timeout=5000)
    qtbot.waitUntil(lambda: tab.monitor.loss_plot.point_count() > count + 5, timeout=30_000)

    thread = tab.thread
    with qtbot.waitSignal(tab.runningChanged, timeout=30_000):
        tab.stop_button.click()
    assert thread.wait(10_000)
    assert not tab.is_running() and tab.start_button.isEnabled()
    run_dir = tmp_path / "run"
    checkpoints = sorted((run_dir / "checkpoints").glob("ckpt-*.pt"))
    assert checkpoints, "stopping saves a checkpoint"
    stopped_at = int(checkpoints[-1].stem.split("-")[1])
    assert "Stopped at step" in tab.monitor.log.toPlainText()

    # resume the same folder for 5 more steps
    history = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    history = [r for r in history if r["step"] <= stopped_at]
    tab.settings.steps_spin.setValue(5)
    with qtbot.waitSignal(tab.runningChanged, timeout=5000):
        tab.resume_run(str(run_dir))
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=60_000)
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert rows[-1]["step"] == stopped_at + 5
    # the plot shows the run's logged history from metrics.jsonl, then every new step
    qtbot.waitUntil(lambda: tab.monitor.loss_plot.point_count() == len(history) + 5, timeout=5000)
    assert TrainConfig.load(run_dir / "config.json").steps == stopped_at + 5


def test_stop_and_wait_leaves_no_thread(qtbot, selection, tmp_path):
    tab = make_tab(qtbot, selection, tmp_path, steps=100_000)
    tab.start_button.click()
    qtbot.waitUntil(lambda: tab.monitor.loss_plot.point_count() > 0, timeout=60_000)
    thread = tab.thread
    assert tab.stop_and_wait(30_000)
    assert thread.isFinished()
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=5000)
    assert list((tmp_path / "run" / "checkpoints").glob("ckpt-*.pt"))


def test_export_as_cluster_job_writes_the_job_folder(qtbot, selection, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QMessageBox

    from aigc_desktop.ui.training import cluster_export

    tab = make_tab(qtbot, selection, tmp_path)
    monkeypatch.setattr(cluster_export.ClusterJobDialog, "exec",
                        lambda self: (self.folder.setText(str(tmp_path / "job")), self.gpus.setValue(2),
                                      QDialog.DialogCode.Accepted)[-1])
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    tab.cluster_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert str(tmp_path / "job") in shown[0]
    assert "--nproc_per_node 2" in (tmp_path / "job" / "job.sbatch").read_text()
    assert list((tmp_path / "job" / "run" / "cache").glob("dataset-*.pt"))



def test_a_cancelled_cluster_export_ends_quietly(qtbot, selection, tmp_path, monkeypatch):
    import threading
    import time

    from PySide6.QtWidgets import QDialog, QMessageBox

    from aigc_desktop.core.errors import Cancelled
    from aigc_desktop.core.run import cluster_job
    from aigc_desktop.ui.training import cluster_export

    started = threading.Event()

    def slow_export(*args, should_stop, **kwargs):
        started.set()
        while not should_stop():
            time.sleep(0.01)
        raise Cancelled("Preparing the pictures was stopped.")  # as the engine stops mid-decode

    monkeypatch.setattr(cluster_job, "export_cluster_job", slow_export)
    monkeypatch.setattr(cluster_export.ClusterJobDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    tab = make_tab(qtbot, selection, tmp_path)
    tab.cluster_button.click()
    assert started.wait(30)
    runner = tab._export.runner
    with qtbot.waitSignal(runner.jobEnded, timeout=10_000) as ended:
        tab._export.progress.canceled.emit()  # the progress dialog's Cancel button
    assert ended.args == ["export", "cancelled"]
    assert said == []  # the user cancelled: no "not written" warning on top
    assert not runner.is_busy()


def test_quality_score_is_plotted_and_logged(qtbot, selection, tmp_path, monkeypatch):
    from aigc_desktop.core.run.config import TrainConfig as Config

    # evaluate every 10 steps on 32 images: set through the config the tab builds
    original = Config.validate

    def with_eval(self):
        self.eval_every, self.eval_images = 10, 32
        original(self)

    monkeypatch.setattr(Config, "validate", with_eval)
    tab = make_tab(qtbot, selection, tmp_path, steps=20)
    tab.start()
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=120_000)
    assert tab.monitor.quality_plot.point_count() == 2
    log = tab.monitor.log.toPlainText()
    assert log.count("Quality score at step") == 2
    # The score in words: how many of the user's pictures have a look-alike, and which have none.
    assert log.count("look-alike") >= 2 and "Variety" not in log
    rows = [json.loads(line) for line in (tmp_path / "run" / "quality.jsonl").read_text().splitlines()]
    _, plotted = tab.monitor.quality_plot.series_data("score")
    assert plotted.tolist() == [r["score"] for r in rows]
    for row in rows:
        assert f"Quality score at step {row['step']}: {row['score']:.1f}" in log
        for name in row["uncovered_examples"][:3]:
            assert Path(name).name in log
    assert len((tmp_path / "run" / "quality.jsonl").read_text().splitlines()) == 2


def test_learning_by_class_turning_and_kinds_from_the_advanced_section(qtbot, tmp_path):
    from aigc_desktop.core.run.config import KIND_COUNT, KINDS_TURNING
    from tests.conftest import two_class_folder

    data = two_class_folder(tmp_path / "pictures", {"bright": 50, "dark": 50})  # 10 a kind once some are held out
    chosen = DatasetSelection([str(data)], scan([data]), [], PreprocessSettings(resolution=16))
    tab = make_tab(qtbot, chosen, tmp_path, steps=4)
    combo = tab.settings.conditional_combo
    assert combo.currentData() == "auto"  # by class wherever there are two or more class folders
    combo.setCurrentIndex(combo.findData("on"))
    turn = tab.settings.turn_combo
    assert turn.currentData() == "auto"  # which at 16 px means off
    turn.setCurrentIndex(turn.findData("on"))
    kinds = tab.settings.kinds_combo
    assert kinds.currentData() == TrainConfig().kinds == -1  # auto
    assert [kinds.itemData(i) for i in range(kinds.count())] == [-1, KIND_COUNT, 0]
    with qtbot.waitSignal(tab.runningChanged, timeout=5000):
        tab.start_button.click()
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=60_000)
    log = tab.monitor.log.toPlainText()
    assert "Learning 2 classes, one row each in the samples: bright, dark." in log
    assert "parts at any angle on." in log
    # turning by class: auto finds kinds of part by their outline
    assert f"Found {KINDS_TURNING} kinds of part among yours by their outline" in log
    assert tab.monitor.preview._classes == ["bright", "dark"]
    saved = TrainConfig.load(tmp_path / "run" / "config.json")
    assert saved.conditional == "on" and saved.g_rotate == "on" and saved.kinds == -1  # the user's auto


def test_resume_with_no_loadable_checkpoint_asks_before_starting_over(qtbot, selection, tiny_run_copy, monkeypatch):
    from aigc_desktop.ui.training import start_over
    from aigc_desktop.ui.training import tab as tab_module

    checkpoints = sorted((tiny_run_copy / "checkpoints").glob("ckpt-*.pt"))
    for path in checkpoints:
        path.write_bytes(path.read_bytes()[:100])
    asked: list[tuple[str, str]] = []
    answer = [False]

    def ask(parent, run_dir, why):
        asked.append((run_dir, why))
        return answer[0]

    monkeypatch.setattr(tab_module, "ask_start_over", ask)
    tab = make_tab(qtbot, selection, tiny_run_copy.parent)
    tab.settings.steps_spin.setValue(4)
    tab.resume_run(str(tiny_run_copy))
    qtbot.waitUntil(lambda: len(asked) == 1 and not tab.is_running(), timeout=60_000)
    run_dir, why = asked[0]
    assert run_dir == str(tiny_run_copy)
    assert "None of the 2 checkpoint files" in why and all(p.name in why for p in checkpoints)
    assert "ckpt-00000040.pt" in tab.error_label.text()
    assert not (tiny_run_copy / "checkpoints" / "refused").exists()  # "no": nothing moved, nothing trained

    answer[0] = True
    tab.resume_run(str(tiny_run_copy))
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=60_000)
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=60_000)
    assert sorted(p.name for p in (tiny_run_copy / "checkpoints" / "refused").iterdir()) == [p.name for p in checkpoints]
    assert "Finished at step 4" in tab.monitor.log.toPlainText()

    box = start_over.StartOverBox(tab, str(tiny_run_copy), why)
    qtbot.addWidget(box)
    assert box.detailedText() == why and "refused" in box.informativeText()
    assert [b.text() for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.AcceptRole] == [
        "Start over from step 0"]


def test_a_run_by_class_is_scored_class_by_class_in_the_log(qtbot, tmp_path, monkeypatch):
    from aigc_desktop.core.run.config import TrainConfig as Config
    from tests.conftest import two_class_folder

    original = Config.validate

    def with_eval(self):  # evaluate every 10 steps on 32 images: set through the config the tab builds
        self.eval_every, self.eval_images = 10, 32
        original(self)

    monkeypatch.setattr(Config, "validate", with_eval)
    data = two_class_folder(tmp_path / "pictures", {"bright": 12, "dark": 12})
    chosen = DatasetSelection([str(data)], scan([data]), [], PreprocessSettings(resolution=16))
    tab = make_tab(qtbot, chosen, tmp_path, steps=20)
    tab.start()
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=120_000)
    log = tab.monitor.log.toPlainText()
    # The classifier is trained once, at the first evaluation, and the user is told why the pause.
    assert log.count("Teaching a classifier your 2 classes, once for this run") == 1
    assert log.count("Quality score at step") == 2
    # Before the class fades in (step 1,000 by default) G ignores it: the log names a class that isn't drawn.
    assert "to a classifier trained on your pictures only" in log, log
    assert log.count("The model is still being taught your classes (in full from step 3,000)") == 2
    rows = [json.loads(line) for line in (tmp_path / "run" / "quality.jsonl").read_text().splitlines()]
    assert all(set(row["class_agreement_by_class"]) == {"bright", "dark"} for row in rows)
