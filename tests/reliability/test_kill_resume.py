"""Bounded form of the kill -9 harness (``kill_resume.py``; its long form gives RESULTS.md's figures):
one kill at a random moment, one during a checkpoint write, one during the dataset cache write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reliability.kill_resume import CHECKPOINT_EVERY, check_folder, run_rounds


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_training_killed_three_ways_resumes_with_nothing_corrupt(tmp_path: Path) -> None:
    rounds, final = run_rounds(tmp_path, kills=3, seed=0, max_delay=15.0)
    assert [r.corrupt for r in rounds] == [[], [], []]
    assert all(r.steps_lost <= CHECKPOINT_EVERY for r in rounds), [(r.phase, r.steps_lost) for r in rounds]
    assert final.returncode == 0, final.stderr[-3000:]
    corrupt, leftovers = check_folder(tmp_path / "run")
    assert corrupt == [] and leftovers == []  # the resume removed what interrupted writes left
