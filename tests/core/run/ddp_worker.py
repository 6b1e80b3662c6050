"""Run by torchrun in test_distributed.py: trains a tiny run with the engine's own API, then every rank
writes a digest of its weights so the test can check that the ranks stayed in sync."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import torch

from aigc_desktop.core.run import distributed
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.events import TrainingHooks
from aigc_desktop.core.run.session import start_run
from aigc_desktop.core.run.training_loop import TrainingLoop


class FailOn(TrainingHooks):
    def __init__(self, step: int) -> None:
        self.step = step

    def on_step(self, stats) -> None:
        if stats.step == self.step:
            raise RuntimeError(f"simulated failure on this rank at step {stats.step}")


def digest(module: torch.nn.Module) -> str:
    # Weights only: BatchNorm running statistics are per-rank averages that DDP re-broadcasts from
    # rank 0 at each forward, so they legitimately differ right after a step.
    h = hashlib.sha256()
    for tensor in module.parameters():
        h.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()


def main() -> None:
    data, run_dir, out, fail_rank = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    ctx = distributed.from_environment()
    device = distributed.init(ctx, "cpu")
    config = TrainConfig(resolution=16, z_dim=8, g_width=8, d_width=8, batch=4, steps=6, device="cpu",
                         log_every=2, sample_every=1000, checkpoint_every=3, seed=5)
    try:
        prepared = start_run([data], run_dir, config, device=device, dist=ctx)
        hooks = FailOn(3) if ctx.rank == fail_rank else TrainingHooks()
        TrainingLoop(prepared.trainer, prepared.run, hooks).run()
        t = prepared.trainer
        (out / f"rank{ctx.rank}.txt").write_text(f"{digest(t.G)} {digest(t.D)} {t.step_count}")
        distributed.barrier(ctx)  # leave together, as the CLI does (see cli_progress.run_with_progress)
    finally:
        distributed.shutdown()


if __name__ == "__main__":
    main()
