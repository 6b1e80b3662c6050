"""Data that changes under the app's feet: a folder that disappears during the scan, a zip deleted
while it is read, a picture replaced while training. Each ends in words or carries on; none crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from PIL import Image

from aigc_desktop.core.data.scan import scan
from aigc_desktop.core.run.session import resume_run, start_run
from aigc_desktop.core.run.training_loop import TrainingLoop


def pictures(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        Image.fromarray(rng.integers(0, 255, (16, 16, 3), dtype=np.uint8)).save(folder / f"{i:03d}.png")
    return folder


def test_a_folder_that_disappears_during_the_scan_gives_what_was_read_and_says_why(tmp_path: Path) -> None:
    folder = pictures(tmp_path / "share", 60)

    def pull_the_cable(done: int, total: int) -> None:
        if done == 10:
            shutil.rmtree(folder)  # the network share went away

    result = scan([folder], progress=pull_the_cable)
    assert 10 <= len(result.images) < 60
    assert len(result.images) + len(result.skipped) == 60
    assert {str(s.reason) for s in result.skipped} == {"The file no longer exists."}


def test_a_zip_deleted_while_it_is_read_gives_what_was_read(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "parts.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(pictures(tmp_path / "src", 40).iterdir()):
            zf.write(path, f"ok/{path.name}")

    def delete(done: int, total: int) -> None:
        if done == 5:
            archive.unlink()

    result = scan([archive], progress=delete)
    assert len(result.images) + len(result.skipped) == 40 and len(result.images) >= 5
    assert all(str(s.reason) for s in result.skipped)


def test_a_picture_replaced_while_training_changes_nothing_until_the_data_is_scanned_again(tiny_config, tmp_path):
    folder = pictures(tmp_path / "pictures", 12)
    prepared = start_run([folder], tmp_path / "run", tiny_config(steps=10, checkpoint_every=5))
    trained_on = prepared.trainer.dataset.images.clone()
    (folder / "003.png").write_bytes(b"now something else entirely")  # replaced by a broken file
    Image.fromarray(np.zeros((16, 16, 3), np.uint8)).save(folder / "004.png")  # and by another picture
    TrainingLoop(prepared.trainer, prepared.run).run()
    resumed = resume_run(tmp_path / "run", steps=15)  # trains on what the checkpoint was trained on
    assert resumed.trainer.step_count == 10
    assert bool((resumed.trainer.dataset.images == trained_on).all())
    TrainingLoop(resumed.trainer, resumed.run).run()
    fresh = scan([folder])  # the next scan sees the change and says why it skips the broken one
    assert len(fresh.images) == 11 and "003.png" in fresh.skipped[0].path
