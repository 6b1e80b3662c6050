"""What background jobs share: the job context and its progress throttle; and for the Gallery's jobs the
model choice and a cache of loaded models and data.

No Qt here. Engine modules (and so torch) are imported inside the functions: the Gallery tab imports
this module, and the window must open without loading torch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from aigc_desktop.core.data.file_names import readable
from aigc_desktop.core.errors import Cancelled
from aigc_desktop.core.messages import Sentence

if TYPE_CHECKING:
    import torch

    from aigc_desktop.core.data.dataset_cache import CachedDataset
    from aigc_desktop.core.gan.models import Discriminator
    from aigc_desktop.core.sampling.generation import LoadedGenerator


# A sentence for the user, translated like the engine's (see core/messages.py).
NO_TRAINING_PICTURES = ("The training pictures of {run} are no longer in its cache folder, so the images can't be "
                        "compared with them. Resuming the run in the Training tab prepares them again.")


@dataclass(frozen=True)
class ModelChoice:
    """The model the user picked: a checkpoint of a run, the averaged (EMA) or the live generator."""

    run_dir: str
    checkpoint: str
    step: int
    ema: bool = True
    device: str = "cpu"

    @property
    def run_name(self) -> str:
        """The run folder's name as people read it (it goes into PNG text chunks and messages)."""
        return readable(Path(self.run_dir).name)


@dataclass(frozen=True)
class ModelInfo:
    """What the loaded checkpoint turned out to hold (``is_ema`` False if it has no EMA weights)."""

    resolution: int
    channels: int
    z_dim: int
    is_ema: bool
    classes: tuple[str, ...] = ()  # the classes it was trained by; () when not by class


PROGRESS_INTERVAL = 0.05  # at most 20 progress reports a second: each is a queued call and a repaint


class Throttle:
    """Passes progress reports on at most every ``interval`` seconds; the last one (done == total) always.

    Called on the worker thread, many times a second; 10,000 files would otherwise flood the GUI's queue.
    """

    def __init__(self, report: Callable[[str, int, int], None], interval: float = PROGRESS_INTERVAL) -> None:
        self._report, self._interval = report, interval
        self._last = -interval

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= self._interval or done == total:
            self._last = now
            self._report(phase, done, total)


class JobContext:
    """What a job may call: ``progress``, ``partial``, ``should_stop`` and ``check`` (raises :class:`Cancelled`)."""

    def __init__(
        self,
        progress: Callable[[str, int, int], None] | None = None,
        partial: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self._progress = progress or (lambda phase, done, total: None)
        self._partial = partial or (lambda obj: None)
        self._should_stop = should_stop or (lambda: False)

    def progress(self, phase: str, done: int, total: int) -> None:
        self._progress(phase, done, total)

    def partial(self, obj: Any) -> None:
        self._partial(obj)

    def should_stop(self) -> bool:
        """True once the job was cancelled or asked to stop early: for engine calls that poll a flag."""
        return self._should_stop()

    def check(self) -> None:
        if self._should_stop():
            raise Cancelled()


class EngineCache:
    """Loaded models and data, shared by the Gallery's jobs; loading is serialised by a lock.

    Keyed by file and modification time: a run resumed from an older step rewrites later
    checkpoints under the same names.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple, Any] = {}

    def _get(self, key: tuple, load: Callable[[], Any]) -> Any:
        with self._lock:
            if key not in self._items:
                # Besides the new one, keep only the newest of its kind: switching back and forth
                # between two checkpoints stays quick, and models and data sets can be large.
                for old in [k for k in self._items if k[0] == key[0]][:-1]:
                    del self._items[old]
                self._items[key] = load()
            return self._items[key]

    def generator(self, choice: ModelChoice) -> LoadedGenerator:
        from aigc_desktop.core.sampling.generation import load_generator

        return self._get(("G", *_stamp(choice.checkpoint), choice.ema, choice.device),
                         lambda: load_generator(choice.checkpoint, choice.device, use_ema=choice.ema))

    def discriminator(self, choice: ModelChoice) -> Discriminator:
        from aigc_desktop.core.sampling.curation import load_discriminator

        return self._get(("D", *_stamp(choice.checkpoint), choice.device),
                         lambda: load_discriminator(choice.checkpoint, choice.device))

    def dataset(self, choice: ModelChoice) -> CachedDataset:
        return self._get(("data", *_stamp(choice.checkpoint)), lambda: _training_set(choice))

    def threshold(self, choice: ModelChoice) -> float:
        from aigc_desktop.core.sampling.curation import copy_threshold

        data = self.dataset(choice)
        return self._get(("threshold", data.fingerprint), lambda: copy_threshold(data, "pixel"))


def _stamp(path: str) -> tuple[str, int]:
    try:
        return path, Path(path).stat().st_mtime_ns
    except OSError:
        return path, 0  # gone: loading will say so in words


def _training_set(choice: ModelChoice) -> CachedDataset:
    """The decoded pictures the checkpoint was trained on, from the run's cache folder."""
    from aigc_desktop.core.errors import DataError
    from aigc_desktop.core.run.checkpoints import load_checkpoint
    from aigc_desktop.core.run.session import training_pictures

    data = training_pictures(choice.run_dir, load_checkpoint(choice.checkpoint))
    if data is None:
        raise DataError(Sentence(NO_TRAINING_PICTURES, run=choice.run_name))
    return data


def info_of(gen: LoadedGenerator) -> ModelInfo:
    c = gen.config
    return ModelInfo(c.resolution, c.channels, c.z_dim, gen.is_ema, tuple(gen.classes) if gen.conditional else ())


def to_arrays(images: torch.Tensor) -> list[np.ndarray]:
    """uint8 (N, C, H, W) → N arrays (H, W, C), the form images cross threads in."""
    block = images.permute(0, 2, 3, 1).contiguous().numpy()
    return list(block)


def to_tensor(arrays: Sequence[np.ndarray]) -> torch.Tensor:
    """N arrays (H, W, C) → uint8 (N, C, H, W)."""
    import torch

    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()
