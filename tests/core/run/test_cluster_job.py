from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.run.cluster_job import export_cluster_job
from aigc_desktop.core.run.config import TrainConfig

ROOT = Path(__file__).resolve().parents[3]


def test_job_folder_trains_with_its_own_launch_script(image_folder, tmp_path):
    config = TrainConfig(resolution=16, z_dim=8, g_width=8, d_width=8, batch=4, steps=4, log_every=2,
                         checkpoint_every=4)
    job = export_cluster_job(tmp_path / "job", config, [image_folder], gpus_per_node=2, nodes=3)
    assert {p.name for p in job.iterdir()} == {"run", "launch.sh", "job.sbatch", "README.txt"}
    assert os.access(job / "launch.sh", os.X_OK)
    sbatch = (job / "job.sbatch").read_text()
    assert "#SBATCH --nodes=3" in sbatch and "--nproc_per_node 2" in sbatch and "--steps 4" in sbatch
    assert "12 images at 16x16" in (job / "README.txt").read_text()
    assert len(list((job / "run" / "cache").glob("dataset-*.pt"))) == 1
    # the pictures' paths don't travel: the job needs only its cache
    assert str(image_folder) not in (job / "run" / "sources.json").read_text()

    # Run the launch script's command as a cluster would (2 CPU processes here), from the job folder.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                          "-m", "aigc_desktop.cli", "resume", "run", "--steps", "4", "--device", "cpu"],
                         cwd=job, env=env, capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-4000:]
    assert (job / "run" / "checkpoints" / "ckpt-00000004.pt").is_file()


def test_refuses_what_a_cluster_cannot_run(image_folder, tmp_path):
    with pytest.raises(ConfigError, match="WGAN-GP"):
        export_cluster_job(tmp_path / "a", TrainConfig(loss="wgan-gp"), [image_folder])
    with pytest.raises(ConfigError, match="number of steps"):
        export_cluster_job(tmp_path / "b", TrainConfig(steps=0, minutes=5), [image_folder])
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x").write_text("x")
    with pytest.raises(ConfigError, match="not empty"):
        export_cluster_job(tmp_path / "c", TrainConfig(), [image_folder])
