"""The run folder's layout: names, listings and the best checkpoint, without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aigc_desktop.core.run.layout import (
    RunLayout,
    best_score,
    checkpoint_name,
    checkpoint_step,
    is_run,
    list_checkpoints,
    sole_cached_fingerprint,
)


def test_the_layout_module_loads_no_torch():
    """The window lists runs through it while torch is still loading on another thread."""
    code = "import json, sys; import aigc_desktop.core.run.layout; print(json.dumps('torch' in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) is False


def test_checkpoint_names_sort_by_step_and_unfinished_writes_are_not_listed(tmp_path: Path):
    folder = tmp_path / "checkpoints"
    folder.mkdir()
    for step in (900, 10_000, 40):
        (folder / checkpoint_name(step)).write_bytes(b"")
    (folder / f".{checkpoint_name(50)}.x1y2.tmp").write_bytes(b"")  # a write cut short by a crash
    (folder / "notes.txt").write_text("mine")
    assert [p.name for p in list_checkpoints(folder)] == ["ckpt-00000040.pt", "ckpt-00000900.pt", "ckpt-00010000.pt"]
    assert checkpoint_step(folder / "ckpt-00000900.pt") == 900
    assert checkpoint_step("notes.txt") is None
    assert list_checkpoints(tmp_path / "missing") == []


def run_with(tmp_path: Path, steps: list[int], quality: str) -> RunLayout:
    layout = RunLayout(tmp_path / "run")
    layout.checkpoints_dir.mkdir(parents=True)
    for step in steps:
        layout.checkpoint_path(step).write_bytes(b"")
    layout.quality_path.write_text(quality)
    return layout


def test_the_best_score_is_of_a_checkpoint_still_on_disk(tmp_path: Path):
    rows = [{"step": 10, "swd": 1.0}, {"step": 20, "swd": 30.0}, {"step": 40, "swd": 35.0},
            {"step": 30, "swd": float("nan")}, {"step": 20, "note": "not a score"}]
    quality = "".join(json.dumps(r) + "\n" for r in rows) + '{"step": 4'  # the last line cut short
    layout = run_with(tmp_path, [20, 30, 40], quality)  # step 10 was pruned
    assert layout.best_score() == (20, 30.0)
    assert best_score(layout.read_quality(), {40}) == (40, 35.0)
    assert best_score([], {20}) is None


def test_the_best_checkpoint_is_ranked_by_swd_over_the_share_of_good_images(tmp_path: Path):
    # Step 20 has the lowest SWD but half of the pictures have no look-alike: step 30 wins.
    rows = [{"step": 20, "swd": 20.0, "overall": 0.5}, {"step": 30, "swd": 25.0, "overall": 0.95},
            {"step": 40, "swd": 2.0, "overall": 0.0}]  # copies of the training pictures: floored at 0.01
    layout = run_with(tmp_path, [20, 30, 40], "".join(json.dumps(r) + "\n" for r in rows))
    step, score = layout.best_score()
    assert step == 30 and score == pytest.approx(25.0 / 0.95)
    # A run resumed across the change: its SWD-only rows can't be compared with combined scores.
    old = [{"step": 10, "swd": 5.0}]
    assert best_score(old + rows, {10, 20, 30, 40})[0] == 30
    assert best_score(old, {10}) == (10, 5.0)


def test_a_run_is_a_folder_with_its_settings_and_a_model_needs_a_checkpoint_or_versions(tmp_path: Path):
    layout = RunLayout(tmp_path / "run")
    assert not is_run(layout.root) and not layout.has_model()
    layout.root.mkdir()
    layout.config_path.write_text("{}")
    assert is_run(layout.root) and not layout.has_model()
    layout.feedback_db.write_bytes(b"")  # model versions live in the ratings database
    assert layout.has_model()


def test_the_one_cached_dataset_names_its_fingerprint(tmp_path: Path):
    cache = RunLayout(tmp_path).cache_dir
    assert sole_cached_fingerprint(cache) is None
    cache.mkdir()
    (cache / "dataset-0123abcd.pt").write_bytes(b"")
    assert sole_cached_fingerprint(cache) == "0123abcd"
    (cache / "dataset-ffff0000.pt").write_bytes(b"")
    assert sole_cached_fingerprint(cache) is None  # two: which one is unknowable
