"""What the training loop reports, and how a caller steers it. Plain Python: the CLI prints these,
the desktop's worker turns them into Qt signals, a test records them."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class StepStats:
    """One training step: one D update and one G update."""

    step: int
    loss_d: float
    loss_g: float
    d_real: float  # D's verdict on real images (a probability for the BCE loss)
    d_fake: float  # D's verdict on generated images
    images_per_s: float
    batch: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RunSummary:
    step: int
    reason: str  # "finished", "time limit", "stopped"
    seconds: float
    checkpoint: Path | None


class TrainingHooks:
    """Callbacks of the run loop. Override what you need; each is called on the training thread."""

    def on_start(self, step: int, total_steps: int) -> None: ...

    def on_step(self, stats: StepStats) -> None: ...

    def on_log(self, row: dict[str, Any]) -> None:
        """Every ``log_every`` steps: the averages written to metrics.jsonl."""

    def on_sample(self, step: int, grid: np.ndarray) -> None:
        """A preview grid of fixed-noise samples as uint8 (H, W, C)."""

    def on_checkpoint(self, step: int, path: Path) -> None: ...

    def on_quality(self, row: dict[str, Any]) -> None:
        """After each evaluation of the offline quality score: the row ``quality.jsonl`` keeps (step, score, …)."""

    def on_message(self, level: str, text: str) -> None:
        """``level`` is "info", "warning" or "error"; ``text`` is a sentence for the user."""

    def on_paused(self, step: int) -> None: ...

    def on_resumed(self, step: int) -> None: ...

    def on_end(self, summary: RunSummary) -> None: ...


class RunControl:
    """Stop and pause flags the GUI thread sets directly; the loop checks them between steps."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._run = threading.Event()
        self._run.set()

    def stop(self) -> None:
        self._stop.set()
        self._run.set()  # wake a paused loop so it can see the stop

    def pause(self) -> None:
        self._run.clear()

    def resume(self) -> None:
        self._run.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def pause_requested(self) -> bool:
        return not self._run.is_set()

    def wait_while_paused(self, timeout: float = 0.2) -> None:
        while not self._run.wait(timeout):
            pass

