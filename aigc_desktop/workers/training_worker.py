"""Training off the GUI thread: the engine's run loop inside a QThread, reporting through Qt signals.

Steps arrive many times a second; the window needs a few updates a second. Step statistics are
buffered here and sent in batches (numpy arrays) at most every ``EMIT_SECONDS``, so a 100,000-step
run costs the GUI thread a few hundred small signals, not 100,000.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from aigc_desktop.core.errors import Cancelled
from aigc_desktop.core.run.events import RunControl, RunSummary, StepStats, TrainingHooks
from aigc_desktop.workers.engine_text import engine_text, error_text, is_sentence
from aigc_desktop.workers.job_context import Throttle
from aigc_desktop.workers.training_signals import QualityScore, RunProgress, RunStarted, StepStatsBatch

EMIT_SECONDS = 0.1
PREVIEW_SECONDS = 3.0


@dataclass
class TrainingJob:
    """What to train: a new run from data, or an existing run folder to resume."""

    run_dir: str
    config: Any = None  # TrainConfig for a new run
    paths: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    scanned: Any = None  # a ScanResult already made by the Dataset tab: no second scan
    resume: bool = False
    resume_steps: int | None = None
    resume_more_steps: int | None = None
    resume_minutes: float | None = None
    device: str | None = None
    finetune: Any = None  # FinetuneSettings: fine-tune a model version of run_dir with people's ratings
    parent_version: int | None = None  # the version to fine-tune (default: the current one)
    start_over: bool = False  # resume: train again from step 0 when no checkpoint loads (the user said so)


class TrainingWorker(QObject):
    """The one long-running worker: prepares the data, then runs the training loop until it ends.

    Its signals carry the dataclasses of ``training_signals.py``, named the same on both ends.
    """

    preparing = Signal(str, int, int)  # phase ("scan", "decode"), done, total; throttled
    started = Signal(object)  # RunStarted
    stats = Signal(object)  # StepStatsBatch: the steps since the last batch
    progress = Signal(object)  # RunProgress
    sample = Signal(int, object)  # step, uint8 ndarray (H, W, C)
    checkpointSaved = Signal(int, str)
    quality = Signal(object)  # QualityScore
    message = Signal(str, str)  # level, text
    paused = Signal(int)
    resumed = Signal(int)
    failed = Signal(str)
    cannotResume = Signal(str, str)  # run folder, why in words: no checkpoint loads; the user may start over
    versionMade = Signal(object)  # ModelVersion, after a fine-tune
    finished = Signal(object)  # RunSummary or None when it failed before training

    def __init__(self, job: TrainingJob) -> None:
        super().__init__()
        self.job = job
        self.control = RunControl()

    # Thread-safe controls, called directly from the GUI thread.
    def stop(self) -> None:
        self.control.stop()

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    @Slot()
    def run(self) -> None:
        summary: RunSummary | None = None
        try:
            if self.job.finetune is not None:
                summary = self._finetune()
                return
            prepared = self._prepare()
            if prepared is None:
                return
            from aigc_desktop.core.run.training_loop import TrainingLoop

            hooks = _SignalHooks(self, prepared.trainer.config.steps)
            t = prepared.trainer
            self.started.emit(RunStarted(
                run_dir=str(prepared.run.root), step=t.step_count, total_steps=t.config.steps,
                minutes=t.config.minutes, device=str(t.device), resolution=t.config.resolution,
                batch=t.batch, loss=t.config.loss, diffaug=bool(t.augment), xflip=bool(t.xflip),
                turning=t.config.g_rotate == "on", kinds=t.config.kinds, kind_look=t.config.kind_look,
                classes=tuple(t.dataset.classes) if t.num_classes else (), images=len(t.dataset), resumed_from=str(prepared.resumed_from or ""),
            ))
            loop = TrainingLoop(t, prepared.run, hooks, self.control, preview_seconds=PREVIEW_SECONDS)
            summary = loop.run()
        except Exception as exc:
            logging.getLogger(__name__).exception("training failed")
            self.failed.emit(_describe(exc))
        finally:
            self.finished.emit(summary)

    def _finetune(self) -> RunSummary | None:
        """The same loop, hooks and controls as training, on the ratings (``core.finetune``)."""
        from aigc_desktop.core.feedback.finetune import finetune

        job = self.job
        hooks = _SignalHooks(self, job.finetune.steps)
        hooks.announce = job.run_dir
        version = finetune(job.run_dir, job.finetune, parent_id=job.parent_version, hooks=hooks,
                           control=self.control, device=job.device)
        self.versionMade.emit(version)
        return hooks.summary

    def _prepare(self):
        # The engine (and torch) is imported here, on the worker thread, so the window never waits on it.
        from aigc_desktop.core.run.checkpoints import NoLoadableCheckpoint
        from aigc_desktop.core.run.session import resume_run, start_run

        job = self.job
        progress = Throttle(self.preparing.emit)  # one report per file would flood the GUI's queue
        try:
            if job.resume:
                prepared = resume_run(job.run_dir, steps=job.resume_steps, minutes=job.resume_minutes,
                                      more_steps=job.resume_more_steps, start_over=job.start_over,
                                      device=job.device, progress=progress,
                                      should_stop=lambda: self.control.stop_requested)
                for warning in prepared.warnings:
                    self.message.emit("warning", engine_text(warning))
                return prepared
            return start_run(job.paths, job.run_dir, job.config, removed=job.removed, device=job.device,
                             progress=progress, should_stop=lambda: self.control.stop_requested, scanned=job.scanned)
        except Cancelled:
            self.message.emit("info", self.tr("Preparing the data was cancelled."))
            return None
        except NoLoadableCheckpoint as exc:
            self.cannotResume.emit(job.run_dir, "\n".join([engine_text(exc), *map(engine_text, exc.refused)]))
            return None


class _SignalHooks(TrainingHooks):
    def __init__(self, worker: TrainingWorker, total_steps: int) -> None:
        self.w = worker
        self.total = total_steps
        self.buffer: list[StepStats] = []
        self.last_emit = 0.0
        self.t0 = time.monotonic()
        self.start_step = 0
        self.announce: str | None = None  # a fine-tuned run's folder: `started` is sent when the loop starts
        self.summary: RunSummary | None = None

    def on_start(self, step: int, total_steps: int) -> None:
        self.t0, self.start_step, self.total = time.monotonic(), step, total_steps
        if self.announce is not None:
            self.w.started.emit(RunStarted(self.announce, step, total_steps, finetune=True))

    def on_step(self, stats: StepStats) -> None:
        self.buffer.append(stats)
        if time.monotonic() - self.last_emit >= EMIT_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        self.last_emit = time.monotonic()
        self.w.stats.emit(StepStatsBatch.from_steps(batch))
        last = batch[-1]
        elapsed = self.last_emit - self.t0
        done = last.step - self.start_step
        eta = (self.total - last.step) * elapsed / done if self.total and done > 0 else -1.0
        self.w.progress.emit(RunProgress(last.step, self.total, last.images_per_s, elapsed, eta, last.batch))

    def on_sample(self, step: int, grid: np.ndarray) -> None:
        self.w.sample.emit(step, grid)

    def on_checkpoint(self, step: int, path: Path) -> None:
        self.w.checkpointSaved.emit(step, str(path))

    def on_message(self, level: str, text: str) -> None:
        self.w.message.emit(level, engine_text(text))

    def on_quality(self, row: dict) -> None:
        self.w.quality.emit(QualityScore.from_row(row))

    def on_paused(self, step: int) -> None:
        self.flush()
        self.w.paused.emit(step)

    def on_resumed(self, step: int) -> None:
        self.w.resumed.emit(step)

    def on_end(self, summary: RunSummary) -> None:
        self.flush()
        self.summary = summary


def _describe(exc: Exception) -> str:
    from aigc_desktop.core.errors import CheckpointError, ConfigError, DataError
    from aigc_desktop.core.feedback.store import FeedbackStoreError

    text = error_text(exc)
    if is_sentence(exc) or isinstance(exc, (ConfigError, DataError, CheckpointError, FeedbackStoreError,
                                            FileNotFoundError)):
        return text  # the engine refused on purpose: its sentence says what to do
    return QCoreApplication.translate("QObject", "Training stopped because of an unexpected error: {error}").format(
        error=text)
