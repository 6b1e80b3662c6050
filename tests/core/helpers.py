"""Small builders shared by the engine tests: a tiny dataset and a tiny config."""

from __future__ import annotations

from pathlib import Path

import torch

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.run.config import TrainConfig


def tiny_config(**changes: object) -> TrainConfig:
    base = TrainConfig(
        resolution=16, channels=3, z_dim=8, g_width=8, d_width=8, batch=4, steps=6, device="cpu",
        log_every=1, sample_every=1000, checkpoint_every=1000, checkpoint_minutes=0, seed=3,
    )
    return base.replace(**changes)


def tiny_dataset(n: int = 12, resolution: int = 16, channels: int = 3, seed: int = 0) -> CachedDataset:
    """Two classes of images a GAN can tell apart: bright squares on dark, and dark on bright."""
    g = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 60, (n, channels, resolution, resolution), generator=g, dtype=torch.uint8)
    labels = torch.arange(n) % 2
    q = resolution // 4
    images[labels == 1, :, q:-q, q:-q] = 230
    config = TrainConfig(resolution=resolution, channels=channels)
    return CachedDataset(images, labels, ["a", "b"], f"fp{n}-{seed}", config.preprocess)


def train_tiny_run(folder: Path) -> Path:
    """A 40-step run with checkpoints at 20 and 40. A high learning rate and a short EMA, so that 40
    steps already give varied, non-grey images."""
    from aigc_desktop.core.gan.trainer import Trainer
    from aigc_desktop.core.run.run_folder import RunFolder
    from aigc_desktop.core.run.training_loop import TrainingLoop

    config = tiny_config(steps=40, checkpoint_every=20, lr_g=1e-2, lr_d=1e-2, ema_decay=0.9)
    TrainingLoop(Trainer(config, tiny_dataset()), RunFolder(folder)).run()
    return folder
