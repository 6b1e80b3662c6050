"""Fixtures for the engine tests (no Qt here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aigc_desktop.core.data.dataset_cache import CachedDataset
    from aigc_desktop.core.run.config import TrainConfig


@pytest.fixture(scope="session")
def tiny_dataset() -> Callable[..., CachedDataset]:
    """Makes a decoded dataset in memory: ``tiny_dataset(n=12, resolution=16, channels=3, seed=0)``.

    Two classes of images a GAN can tell apart: bright squares on dark, and dark on bright.
    """
    import torch

    from aigc_desktop.core.data.dataset_cache import CachedDataset
    from aigc_desktop.core.data.preprocess import PreprocessSettings

    def make(n: int = 12, resolution: int = 16, channels: int = 3, seed: int = 0) -> CachedDataset:
        g = torch.Generator().manual_seed(seed)
        images = torch.randint(0, 60, (n, channels, resolution, resolution), generator=g, dtype=torch.uint8)
        labels = torch.arange(n) % 2
        q = resolution // 4
        images[labels == 1, :, q:-q, q:-q] = 230
        settings = PreprocessSettings(resolution, channels)
        return CachedDataset(images, labels, ["a", "b"], f"fp{n}-{seed}", settings)

    return make


@pytest.fixture(scope="session")
def tiny_dataset_run(
    tiny_config: Callable[..., TrainConfig], tiny_dataset: Callable[..., CachedDataset],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """A run folder named "tiny", trained 40 steps straight on ``tiny_dataset()`` (no pictures, no scan),
    with checkpoints at steps 20 and 40. Built once per session; read it only."""
    from aigc_desktop.core.gan.trainer import Trainer
    from aigc_desktop.core.run.run_folder import RunFolder
    from aigc_desktop.core.run.training_loop import TrainingLoop

    folder = tmp_path_factory.mktemp("runs") / "tiny"
    # A high learning rate and a short EMA: 40 steps already give varied, non-grey images.
    config = tiny_config(steps=40, checkpoint_every=20, lr_g=1e-2, lr_d=1e-2, ema_decay=0.9)
    TrainingLoop(Trainer(config, tiny_dataset()), RunFolder(folder)).run()
    return folder
