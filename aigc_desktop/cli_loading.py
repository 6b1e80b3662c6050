"""What the headless commands load: a run folder, its generator and the pictures it was trained on,
with a plain message (and exit code 2, from ``cli.main``) for what is missing. Engine imports are
deferred, as in ``cli.py``: ``aigc-desktop --help`` must not wait for torch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aigc_desktop.core.data.dataset_cache import CachedDataset
    from aigc_desktop.core.run.run_folder import RunFolder
    from aigc_desktop.core.sampling.generation import LoadedGenerator


def run_folder(path: str) -> RunFolder:
    """The ``RunFolder`` at ``path``; a plain message when it is no run folder."""
    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.messages import Sentence
    from aigc_desktop.core.run.layout import NOT_A_RUN, is_run
    from aigc_desktop.core.run.run_folder import RunFolder

    run = RunFolder(path)
    if not is_run(run.root):
        raise ConfigError(Sentence(NOT_A_RUN, folder=str(run.root)))
    return run


def model_and_pictures(run: RunFolder, source: Path, device: str) -> tuple[LoadedGenerator, CachedDataset]:
    """The generator of ``source`` (a checkpoint, or the run's newest) and the pictures it was trained
    on; a plain message when those are gone from the run's cache."""
    from aigc_desktop.core.errors import DataError
    from aigc_desktop.core.messages import Sentence
    from aigc_desktop.core.run.checkpoints import load_checkpoint
    from aigc_desktop.core.run.session import PICTURES_GONE, training_pictures
    from aigc_desktop.core.sampling.generation import load_generator

    gen = load_generator(source, device)
    warn(gen.warnings)
    real = training_pictures(run.root, load_checkpoint(gen.checkpoint))
    if real is None:
        raise DataError(Sentence(PICTURES_GONE, folder=str(run.cache_dir)))
    return gen, real


def warn(warnings: list[str]) -> None:
    """Checkpoints refused on the way, and the one used instead: never a silent fallback."""
    for warning in warnings:
        print(f"aigc-desktop: warning: {warning}", file=sys.stderr)
