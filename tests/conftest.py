"""Shared fixtures. Qt must run offscreen before anything imports it, or a headless run aborts."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

if TYPE_CHECKING:
    import torch

    from aigc_desktop.core.run.config import TrainConfig

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app writes only to the user's folders (platformdirs, QSettings): point them all at a temp dir
# so tests never touch the real ones, and never see each other's leftovers between sessions.
_HOME = tempfile.mkdtemp(prefix="aigc-test-home-")
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())


@pytest.fixture
def image_folder(tmp_path: Path) -> Path:
    """A folder of 12 small valid images in two class subfolders (PNG and JPEG, RGB and gray)."""
    root = tmp_path / "images"
    rng = np.random.default_rng(0)
    for label in ("good", "scratch"):
        (root / label).mkdir(parents=True)
        for i in range(6):
            arr = rng.integers(0, 255, size=(24 + i, 20 + 2 * i, 3), dtype=np.uint8)
            img = Image.fromarray(arr)
            if i % 3 == 0:
                img = img.convert("L")
            ext = "png" if i % 2 == 0 else "jpg"
            img.save(root / label / f"{label}_{i}.{ext}")
    return root


@pytest.fixture(scope="session")
def tiny_config() -> Callable[..., TrainConfig]:
    """Makes the smallest config that trains (16 px, batch 4, 6 steps, CPU): ``tiny_config(**changes)``."""
    from aigc_desktop.core.run.config import TrainConfig

    # Not by class unless a test asks: tiny_dataset has two classes, and most tests are about the rest.
    base = TrainConfig(resolution=16, channels=3, z_dim=8, g_width=8, d_width=8, batch=4, steps=6, seed=3,
                       device="cpu", log_every=1, sample_every=1000, checkpoint_every=1000,
                       checkpoint_minutes=0, conditional="off")
    return base.replace


@pytest.fixture(scope="session")
def make_tiny_run(tiny_config: Callable[..., TrainConfig]) -> Callable[..., Path]:
    """Makes a run as the app leaves it: ``make_tiny_run(root, **changes)`` returns ``root / "tiny-run"``.

    16 px, trained 40 steps through ``start_run`` on 8 pictures (dark noise, half with a bright square
    on it), checkpoints at steps 20 and 40, the decoded pictures in its cache.
    """
    from aigc_desktop.core.run.session import start_run
    from aigc_desktop.core.run.training_loop import TrainingLoop

    def make(root: Path, **changes: object) -> Path:
        folder = root / "pictures"
        folder.mkdir(parents=True)
        rng = np.random.default_rng(0)
        for i in range(8):
            arr = rng.integers(0, 60, (16, 16, 3), dtype=np.uint8)
            if i % 2:
                arr[4:12, 4:12] = 230
            Image.fromarray(arr).save(folder / f"part{i}.png")
        # A high learning rate and a short EMA: 40 steps already give varied, non-grey images.
        config = tiny_config(**{"steps": 40, "log_every": 10, "checkpoint_every": 20, "lr_g": 1e-2,
                                "lr_d": 1e-2, "ema_decay": 0.9, **changes})
        prepared = start_run([folder], root / "tiny-run", config)
        TrainingLoop(prepared.trainer, prepared.run).run()
        return root / "tiny-run"

    return make


def two_class_folder(root: Path, counts: dict[str, int] | None = None) -> Path:
    """16 px pictures in two class folders: 'dark' (noise around 40) and 'bright' (noise around 200)."""
    counts = counts or {"bright": 12, "dark": 12}
    rng = np.random.default_rng(0)
    for name, count in counts.items():
        (root / name).mkdir(parents=True)
        level = 200 if name == "bright" else 40
        for i in range(count):
            arr = np.clip(rng.normal(level, 12, (16, 16, 3)), 0, 255).astype(np.uint8)
            Image.fromarray(arr).save(root / name / f"{name}{i}.png")
    return root


@pytest.fixture(scope="session")
def conditional_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run trained by class on ``two_class_folder``, 300 steps at 16 px (the class faded in over steps
    30-90): enough for 'bright' and 'dark' to come out as asked (class-conditional BatchNorm, whose
    per-class gains start at 0, needs more than the 150 steps the class embedding did). Read it only."""
    from aigc_desktop.core.run.config import TrainConfig
    from aigc_desktop.core.run.session import start_run
    from aigc_desktop.core.run.training_loop import TrainingLoop

    data = two_class_folder(tmp_path_factory.mktemp("two-classes"))
    config = TrainConfig(resolution=16, z_dim=8, g_width=8, d_width=8, batch=8, steps=300, seed=1, device="cpu",
                         lr_g=2e-3, lr_d=2e-3, ema_decay=0.9, sample_every=300, checkpoint_every=300,
                         checkpoint_minutes=0, eval_every=0, conditional="on",
                         class_fade_from=30, class_fade_steps=60)
    prepared = start_run([data], tmp_path_factory.mktemp("runs") / "by-class", config)
    TrainingLoop(prepared.trainer, prepared.run).run()
    return prepared.run.root


@pytest.fixture(scope="session")
def tiny_run(make_tiny_run: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tiny trained run for the whole session, built once. Read it only: copy it (``tiny_run_copy``)
    to rate, steer or otherwise write into it."""
    return make_tiny_run(tmp_path_factory.mktemp("tiny"))


@pytest.fixture
def tiny_run_copy(tiny_run: Path, tmp_path: Path) -> Path:
    """A copy of ``tiny_run`` of this test's own, at ``tmp_path / "run"``."""
    return Path(shutil.copytree(tiny_run, tmp_path / "run"))


@pytest.fixture
def settings_store(tmp_path: Path):
    """A SettingsStore backed by an INI file in tmp_path, so each test starts with no saved state."""
    from PySide6.QtCore import QSettings

    from aigc_desktop.ui.settings_store import SettingsStore

    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def _no_thread_outlives_a_test():
    """A worker thread left running would crash the next test (or the interpreter at exit)."""
    yield
    import sys

    threads = sys.modules.get("aigc_desktop.workers.threads")
    if threads is not None:
        for thread in threads.running_threads():
            worker = threads._alive.get(thread)
            stop = getattr(worker, "stop", None) or getattr(worker, "cancel", None)
            if stop is not None:
                stop()
        assert threads.wait_for_all(60_000), "a worker thread did not stop"


def made_again(again: torch.Tensor, saved: torch.Tensor) -> bool:
    """The same picture: made in a batch of another size, a sum can round the other way and move a
    pixel by one level (measured: 1 pixel of 768); anything more is another picture."""
    differ = again.int() - saved.int()
    return differ.abs().max().item() <= 1 and (differ != 0).float().mean().item() < 0.01
