"""A full disk under the run folder: training stops in words, keeps its last good checkpoint, and the
run resumes from it once there is room. The run folder lives on a small tmpfs the test mounts."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from aigc_desktop.core.errors import DiskFullError
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.layout import list_checkpoints
from aigc_desktop.core.run.session import resume_run, start_run
from aigc_desktop.core.run.training_loop import TrainingLoop


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mount = shutil.which("mount")
    if mount is None or subprocess.run([mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                                       capture_output=True).returncode:
        pytest.skip("a small file system can't be mounted here (needs root and tmpfs)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def grow(folder: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True, capture_output=True)


@pytest.mark.slow
def test_training_on_a_full_disk_stops_in_words_and_resumes_later(tiny_config, image_folder, tmp_path):
    # A checkpoint of this model is ~135 kB and the decoded pictures a few kB: 600 kB holds the run's
    # files and a few checkpoints, then fills while training writes every 10 steps.
    config = tiny_config(steps=400, checkpoint_every=10, keep_checkpoints=10, sample_every=10)
    with small_disk(tmp_path / "disk", "600k") as disk:
        prepared = start_run([image_folder], disk / "run", config)
        with pytest.raises(DiskFullError) as caught:
            TrainingLoop(prepared.trainer, prepared.run).run()
        message = str(caught.value)
        kept = list_checkpoints(disk / "run" / "checkpoints")
        assert kept, "at least one checkpoint fitted before the disk filled"
        last = int(load_checkpoint(kept[-1])["step"])  # whole, not half-written
        assert "is full, so training stopped at step" in message
        assert f"The last good checkpoint, of step {last}, is kept." in message
        assert not [p for p in (disk / "run").rglob("*.tmp")]  # no half-written file left behind

        grow(disk, "20m")  # the user freed some space
        resumed = resume_run(disk / "run", steps=last + 20)
        assert resumed.trainer.step_count == last
        TrainingLoop(resumed.trainer, resumed.run).run()
        assert int(load_checkpoint(list_checkpoints(disk / "run" / "checkpoints")[-1])["step"]) == last + 20


@pytest.mark.slow
def test_the_window_says_the_disk_is_full_and_stays_usable(qtbot, image_folder, tmp_path):
    from aigc_desktop.core.data.preprocess import PreprocessSettings
    from aigc_desktop.core.data.scan import scan
    from aigc_desktop.ui.dataset.selection import DatasetSelection
    from aigc_desktop.ui.training.tab import TrainingTab

    selection = DatasetSelection([str(image_folder)], scan([image_folder]), [], PreprocessSettings(resolution=16))
    with small_disk(tmp_path / "disk", "600k") as disk:
        tab = TrainingTab(lambda: selection)
        qtbot.addWidget(tab)
        s = tab.settings
        s.set_devices([("cpu", "cpu — test CPU")])
        s.steps_spin.setValue(100_000)
        s.batch_spin.setValue(4)
        s.width_spin.setValue(8)
        s.ckpt_spin.setValue(10)
        tab.run_edit.setText(str(disk / "run"))
        tab.start_button.click()
        qtbot.waitUntil(lambda: not tab.is_running() and tab.error_label.isVisibleTo(tab), timeout=120_000)
        assert "is full, so training stopped at step" in tab.error_label.text()
        assert "is full" in tab.monitor.log.toPlainText()
        assert tab.start_button.isEnabled() and tab.resume_button.isEnabled()
        assert list_checkpoints(disk / "run" / "checkpoints")


@pytest.mark.slow
def test_a_read_only_run_folder_is_refused_up_front_and_still_generates(make_tiny_run, tiny_config, tmp_path):
    from aigc_desktop.core.errors import FolderNotWritable
    from aigc_desktop.core.sampling.generation import generate_to_folder, load_generator

    with small_disk(tmp_path / "disk", "20m") as disk:
        run = make_tiny_run(disk)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)
        with pytest.raises(FolderNotWritable, match=r"can't be written to .*Copy it to a folder you can write to"):
            resume_run(run, steps=60)
        assert len(generate_to_folder(load_generator(run), 2, seed=0, out=tmp_path / "out")) == 2
        with pytest.raises(FolderNotWritable, match="can't be made there"):
            start_run([disk / "pictures"], disk / "another run", tiny_config())
