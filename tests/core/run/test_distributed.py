"""Real 2-process runs through torchrun on the CPU (gloo over loopback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.sampling.generation import load_generator

pytestmark = pytest.mark.slow
WORKER = Path(__file__).with_name("ddp_worker.py")
ROOT = Path(__file__).resolve().parents[3]


def torchrun(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    # --standalone: a rendezvous on a free loopback port, so parallel test runs don't collide.
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)


def test_two_ranks_stay_in_sync_and_write_a_desktop_checkpoint(image_folder, tmp_path):
    out = torchrun(str(WORKER), str(image_folder), str(tmp_path / "run"), str(tmp_path), "-1")
    assert out.returncode == 0, out.stderr[-3000:]
    r0, r1 = (tmp_path / "rank0.txt").read_text(), (tmp_path / "rank1.txt").read_text()
    assert r0 == r1  # identical G and D weights after the last step on both ranks
    assert r0.split()[2] == "6"
    # only rank 0 wrote: one metrics row per logged step, not two
    rows = (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()
    assert len(rows) == 3
    # the checkpoint has the single-process format: the desktop app and `generate` open it
    state = load_checkpoint(tmp_path / "run" / "checkpoints" / "ckpt-00000006.pt")
    assert not any(k.startswith("module.") for k in state["G"])
    gen = load_generator(tmp_path / "run")
    assert gen.generate(torch.randn(2, 8)).shape == (2, 3, 16, 16)


def test_cli_train_and_resume_under_torchrun_then_on_one_process(tmp_path):
    run = tmp_path / "run"
    common = ["--resolution", "16", "--batch", "4", "--log-every", "5", "--checkpoint-every", "10", "--device", "cpu"]
    # by class and with kinds: the class projection and D's class and kind guesses under
    # DistributedDataParallel too
    out = torchrun("-m", "aigc_desktop.cli", "train", "--demo", "--out", str(run), "--steps", "10",
                   "--conditional", "on", "--kinds", "8", *common)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "2 processes, batch 4 per process (8 in all)" in out.stderr and "learnt by class" in out.stderr
    assert "kinds 8" in out.stderr
    out = torchrun("-m", "aigc_desktop.cli", "resume", str(run), "--steps", "15")
    assert out.returncode == 0, out.stderr[-3000:]
    assert "resumed from" in out.stderr and out.stderr.count("finished at step 15") == 1
    single = subprocess.run([sys.executable, "-m", "aigc_desktop.cli", "resume", str(run), "--steps", "20"],
                            capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert single.returncode == 0, single.stderr[-3000:]
    steps = [int(line.split(",")[0].split(":")[1]) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert steps == [5, 10, 15, 20]


def test_one_rank_failing_stops_the_other_with_the_error(image_folder, tmp_path):
    out = torchrun(str(WORKER), str(image_folder), str(tmp_path / "run"), str(tmp_path), "1", timeout=180)
    assert out.returncode != 0
    assert "simulated failure on this rank at step 3" in out.stderr
    assert not (tmp_path / "rank0.txt").exists()
