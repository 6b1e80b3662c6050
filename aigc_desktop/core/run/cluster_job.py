"""Export a run as a job folder for a multi-GPU server or a SLURM cluster.

The job folder carries everything the cluster needs and nothing it can't reach: the settings, the
decoded dataset (so the cluster never sees the original pictures or paths), launch scripts for
torchrun and sbatch, and a README. Its ``run/`` is an ordinary run folder that has not started yet;
``aigc-desktop resume run`` trains it, and the finished folder opens in the desktop app.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.data.scan import ScanResult
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.run.session import prepare_dataset

LAUNCH = """#!/usr/bin/env bash
# Train this job on one machine with several GPUs:   bash launch.sh [NUMBER_OF_GPUS]
# Needs Python with AIGC Desktop installed (pip install aigc-desktop, or the wheelhouse).
set -euo pipefail
cd "$(dirname "$0")"
GPUS=${{1:-$(nvidia-smi -L 2>/dev/null | wc -l)}}
[ "$GPUS" -ge 1 ] || GPUS=1
torchrun --standalone --nproc_per_node "$GPUS" -m aigc_desktop.cli resume run --steps {steps}
"""

SBATCH = """#!/bin/bash
# Submit with:   sbatch job.sbatch     (edit the partition, time and GPU count for your cluster)
#SBATCH --job-name=aigc-{name}
#SBATCH --nodes={nodes}
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node={gpus}
#SBATCH --cpus-per-task=8
#SBATCH --time=24:00:00
#SBATCH --output=slurm-%j.out
set -euo pipefail
cd "$SLURM_SUBMIT_DIR"
HEAD=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
srun torchrun --nnodes "$SLURM_NNODES" --nproc_per_node {gpus} \\
  --rdzv_id "$SLURM_JOB_ID" --rdzv_backend c10d --rdzv_endpoint "$HEAD:29500" \\
  -m aigc_desktop.cli resume run --steps {steps}
"""

README = """AIGC Desktop cluster job: {name}
================================

What is here
  run/            a run folder that has not started: settings (config.json) and the decoded
                  pictures (run/cache/, {images} images at {res}x{res}); checkpoints, samples and
                  metrics.jsonl appear here while it trains
  launch.sh       one machine, several GPUs:  bash launch.sh 4
  job.sbatch      a SLURM cluster:            sbatch job.sbatch   ({nodes} node(s) x {gpus} GPU(s))

How it trains
  torchrun starts one process per GPU (DistributedDataParallel, NCCL). The batch of {batch} is per
  GPU, so 4 GPUs train on {batch4} images per step; each GPU sees its own share of every epoch.
  Only the first process writes files. Stop it at any time: rerunning the same command resumes from
  the newest checkpoint. Training ends at step {steps}.

Afterwards
  Copy the whole run/ folder back and open it in AIGC Desktop (File > Open run), or run
  aigc-desktop generate run -n 100 --out images
"""


# Sentences for the user (translated in the window: see core/messages.py).
NO_WGAN_ON_CLUSTER = "WGAN-GP can't train on several GPUs; choose the bce or hinge loss for a cluster job."
STEPS_NOT_MINUTES = "A cluster job needs a number of steps (not minutes): set Steps."
BAD_CLUSTER_SIZE = "GPUs per node must be 1 to 64 and nodes 1 to 1024."
JOB_FOLDER_NOT_EMPTY = "{folder} is not empty. Choose a new folder for the cluster job."


def export_cluster_job(
    job_dir: str | Path, config: TrainConfig, paths: Sequence[str | Path], *, scanned: ScanResult | None = None,
    removed: Sequence[str] = (), gpus_per_node: int = 4, nodes: int = 1,
    progress: Callable[[str, int, int], None] | None = None, should_stop: Callable[[], bool] | None = None,
) -> Path:
    """Write the job folder; returns its path. Decoding the dataset is the slow part (progress, cancel)."""
    config.validate()
    if config.loss == "wgan-gp":
        raise ConfigError(Sentence(NO_WGAN_ON_CLUSTER))
    if config.steps <= 0:
        raise ConfigError(Sentence(STEPS_NOT_MINUTES))
    if not (1 <= gpus_per_node <= 64 and 1 <= nodes <= 1024):
        raise ConfigError(Sentence(BAD_CLUSTER_SIZE))
    job = Path(job_dir).expanduser().resolve()
    if job.exists() and any(job.iterdir()):
        raise ConfigError(Sentence(JOB_FOLDER_NOT_EMPTY, folder=str(job)))
    # On a cluster "auto" means the GPU of each process; mixed precision pays off there.
    cluster_config = config.replace(device="auto", amp="bf16" if config.amp == "off" else config.amp)
    run = RunFolder(job / "run")
    sources = {"paths": [], "removed": [], "note": "exported cluster job: pictures are in cache/"}
    run.create(cluster_config, sources)
    _, dataset = prepare_dataset(paths, cluster_config, run, removed=removed, progress=progress,
                                 should_stop=should_stop, scanned=scanned)
    values = {"name": job.name, "steps": config.steps, "gpus": gpus_per_node, "nodes": nodes,
              "images": len(dataset), "res": config.resolution, "batch": config.batch,
              "batch4": config.batch * 4}
    _write(job / "launch.sh", LAUNCH.format(**values), executable=True)
    _write(job / "job.sbatch", SBATCH.format(**values), executable=True)
    _write(job / "README.txt", README.format(**values))
    return job


def _write(path: Path, text: str, executable: bool = False) -> None:
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
