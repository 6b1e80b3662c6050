"""The run loop around :class:`Trainer`: limits, logging, previews, checkpoints and recoveries.

Knows nothing of Qt or terminals: it reports through :class:`TrainingHooks` and obeys a
:class:`RunControl` checked between steps.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torchvision.utils import make_grid

from aigc_desktop.core.data.balance import FEW_IN_CLASS, FEW_PICTURES
from aigc_desktop.core.data.symmetry import NOT_TURNABLE, turn_safe
from aigc_desktop.core.errors import DiskFullError, is_disk_full
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.memory import release_free_memory
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.checkpoints import load_checkpoint, save_checkpoint, step_of
from aigc_desktop.core.run.distributed import any_rank, barrier
from aigc_desktop.core.run.events import RunControl, RunSummary, StepStats, TrainingHooks
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.sampling.class_agreement import (
    CHECKING_CLASSES,
    ClassJudge,
    JudgeCancelled,
    fading_note,
)
from aigc_desktop.core.sampling.combined_score import has_coverage, scored_steps
from aigc_desktop.core.sampling.coverage import CoverageReference
from aigc_desktop.core.sampling.quality import evaluate
from aigc_desktop.core.sampling.stop_advice import StopAdvisor

PREVIEW_COUNT = 64
PREVIEW_ROW, PREVIEW_CLASS_ROWS = 8, 16  # a conditional run's preview: a row of 8 per class, 16 classes at most
UNCOVERED_EXAMPLES = 8  # training pictures named in quality.jsonl that nothing generated resembles
# "D wins outright" for this many steps in a row is worth a warning: G is getting no useful signal.
COLLAPSE_STEPS = 500
# Sentences for the user (translated in the window: see core/messages.py).
STOP_ADVICE = ("The quality score has not improved for {evals} evaluations: training longer is unlikely to help, "
               "and you can stop. The best images were at step {step:,}; their checkpoint: {path}")
OUT_OF_MEMORY = "The device ran out of memory. Continuing with a batch of {batch} images."
DIVERGED_EARLY = ("The loss became infinite or NaN at step {step} before any checkpoint was saved. "
                  "Try a lower learning rate.")
DIVERGED = ("The loss became NaN or infinite at step {step}. Went back to the checkpoint of step {back_to} "
            "and halved the learning rate (now ×{scale:g} of the setting).")
COLLAPSE = ("The discriminator has won outright since step {step}: the generator is not learning and the "
            "images may have collapsed. Try DiffAugment, spectral norm, or a lower discriminator learning "
            "rate, or go back to an earlier checkpoint.")

DISK_FULL = ("The disk holding {folder} is full, so training stopped at step {step}. {kept} Free some space, "
             "or move the run folder to a larger disk, then resume the run.")
KEPT_CHECKPOINT = "The last good checkpoint, of step {step}, is kept."
NO_CHECKPOINT_KEPT = "No checkpoint of this run could be written."

_METRIC_KEYS = ("loss_d", "loss_g", "d_real", "d_fake", "images_per_s")


class TrainingLoop:
    def __init__(self, trainer: Trainer, run: RunFolder, hooks: TrainingHooks | None = None,
                 control: RunControl | None = None, preview_seconds: float = 0.0) -> None:
        """``preview_seconds`` > 0 also sends a preview grid to the hooks that often (not saved to disk),
        for a window that wants a live picture whatever the step rate."""
        self.trainer, self.folder, self.hooks = trainer, run, hooks or TrainingHooks()
        self.control = control or RunControl()
        cfg = trainer.config
        # Previews always use the same latent codes, so the grids show how the model changes over time.
        self.preview_z = torch.randn(PREVIEW_COUNT, cfg.z_dim, generator=torch.Generator().manual_seed(cfg.seed + 7))
        self._window: list[StepStats] = []
        self._d_wins_since: int | None = None
        self._warned_collapse = False
        self.last_checkpoint: Path | None = None
        self.preview_seconds = preview_seconds
        self.advisor = StopAdvisor()
        self._advised = False
        # Built at the first evaluation, then reused: the same real pictures, count and seed every time.
        self._coverage_reference: CoverageReference | None = None
        self._judge: ClassJudge | None = None
        self._judge_tried = False
        # A resumed run continues its advice where it was; rows scored before coverage was measured
        # are on another scale (see combined_score.py) and are left out.
        earlier = [r for r in run.read_quality() if has_coverage(r) and r.get("step", 0) <= trainer.step_count]
        for step, score in scored_steps(earlier):
            self.advisor.update(step, score)

    # -- public --------------------------------------------------------------------------------------
    def run(self) -> RunSummary:
        """Train until the step or time limit, a stop, or a full disk (:class:`DiskFullError` in words)."""
        try:
            return self._run()
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            # Nothing more can be written: no final checkpoint or preview. Every file written before is
            # whole (atomic writes), and a torn last line of metrics.jsonl is skipped by readers.
            step = self.trainer.step_count
            on_disk = self.folder.checkpoints()
            kept = Sentence(KEPT_CHECKPOINT, step=step_of(on_disk[-1])) if on_disk else Sentence(NO_CHECKPOINT_KEPT)
            raise DiskFullError(Sentence(DISK_FULL, folder=str(self.folder.root), step=step, kept=kept)) from exc

    def _run(self) -> RunSummary:
        t, cfg, hooks = self.trainer, self.trainer.config, self.hooks
        start = time.monotonic()
        deadline = start + cfg.minutes * 60 if cfg.minutes > 0 else math.inf
        last_ckpt_time = last_preview = start
        hooks.on_start(t.step_count, cfg.steps)
        if t.num_classes and t.step_count == 0:
            counts = t.dataset.labels.bincount(minlength=t.num_classes).tolist()
            for name, count in zip(t.dataset.classes, counts, strict=True):
                if count < FEW_PICTURES:
                    hooks.on_message("warning", Sentence(FEW_IN_CLASS, name=name, count=count, least=FEW_PICTURES))
        if t.turning_asked == "on" and t.step_count == 0 and not turn_safe(t.dataset.images):
            hooks.on_message("warning", Sentence(NOT_TURNABLE))
        reason = "finished"
        while True:
            if cfg.steps and t.step_count >= cfg.steps:
                break
            if self.control.pause_requested and not self.control.stop_requested:
                hooks.on_paused(t.step_count)
                paused_at = time.monotonic()
                self.control.wait_while_paused()
                deadline += time.monotonic() - paused_at  # a pause doesn't eat into the time limit
                hooks.on_resumed(t.step_count)
            if self._agree(self.control.stop_requested):
                reason = "stopped"
                break
            stats = self._guarded_step()
            if stats is None:
                continue
            hooks.on_step(stats)
            self._window.append(stats)
            step = stats.step
            if step % cfg.log_every == 0:
                self._log()
            now = time.monotonic()
            if step % cfg.sample_every == 0:
                self.sample()
                last_preview = now
            elif self.preview_seconds and now - last_preview >= self.preview_seconds:
                self.sample(save=False)
                last_preview = now
            ckpt_due = step % cfg.checkpoint_every == 0 or (
                cfg.checkpoint_minutes > 0 and now - last_ckpt_time >= cfg.checkpoint_minutes * 60
            )
            if ckpt_due:
                self.checkpoint()
                last_ckpt_time = now
            if cfg.eval_every and step % cfg.eval_every == 0:
                self.evaluate()
            if self._agree(now >= deadline):
                reason = "time limit"
                break
        # Finish cleanly whatever the reason: the last steps are logged, previewed and saved.
        if self._window:
            self._log()
        if self.last_checkpoint is None or step_of(self.last_checkpoint) != t.step_count:
            self.checkpoint()
        self.sample()
        summary = RunSummary(t.step_count, reason, time.monotonic() - start, self.last_checkpoint)
        release_free_memory()
        hooks.on_end(summary)
        return summary

    def checkpoint(self) -> Path | None:
        t = self.trainer
        path = None
        if self.folder.writes:
            best = self.advisor.best_step
            path = save_checkpoint(self.folder.checkpoints_dir, t.step_count, t.state_dict(),
                                   t.config.keep_checkpoints, protect=frozenset([best] if best else []))
            self.hooks.on_checkpoint(t.step_count, path)
        self.last_checkpoint = self.folder.checkpoint_path(t.step_count)
        barrier(t.dist)  # no rank reads a checkpoint (NaN recovery) before rank 0 has written it
        return path

    def evaluate(self) -> dict[str, Any] | None:
        """The offline quality score on a fixed sample; keeps the best checkpoint and advises when to stop.

        Rank 0 of a single-process run only: a cluster run is scored afterwards (aigc-desktop evaluate).
        """
        t = self.trainer
        if t.dist.enabled or not self.folder.writes:
            return None
        cfg = t.config
        if self._coverage_reference is None:
            self._coverage_reference = CoverageReference(t.dataset.images, cfg.eval_images, seed=cfg.seed)
        report = evaluate(t, t.dataset, n=cfg.eval_images, seed=cfg.seed, reference=self._coverage_reference,
                          judge=self._class_judge())
        advice = self.advisor.update(t.step_count, report.score)
        if advice.best_step == t.step_count and (self.last_checkpoint is None
                                                 or step_of(self.last_checkpoint) != t.step_count):
            self.checkpoint()  # the best images so far must stay reproducible
        row = {"step": t.step_count, "swd": report.swd, "diversity": report.diversity,
               "real_diversity": report.real_diversity, "n": report.n, "seconds": report.seconds,
               "coverage": report.coverage, "precision": report.precision, "memorised": report.memorised,
               "colour_error": report.colour_error, "overall": report.overall, "score": report.score,
               **report.class_figures(),
               "uncovered_count": len(report.uncovered),
               "uncovered_examples": report.uncovered_names(t.dataset.sources, UNCOVERED_EXAMPLES),
               # Sentences: English in the file, translated by the window (json writes them as strings).
               "summary": report.describe() + fading_note(report.classes, cfg, t.step_count),
               "best_step": advice.best_step, "since_improvement": advice.since_improvement}
        self.folder.append_quality(row)
        release_free_memory()  # the evaluation's images and features: ~140 MB held for nothing otherwise
        self.hooks.on_quality(row)
        if advice.should_stop and not self._advised:
            self._advised = True
            best = self.folder.checkpoint_path(advice.best_step)
            self.hooks.on_message("warning", Sentence(STOP_ADVICE, evals=advice.since_improvement,
                                                              step=advice.best_step, path=str(best)))
        elif not advice.should_stop:
            self._advised = False
        return row

    def _class_judge(self) -> ClassJudge | None:
        """For a run by class, the classifier that checks each class looks like itself: trained at the
        first evaluation (kept in the run folder, so a resumed run reuses it), None otherwise."""
        t = self.trainer
        if self._judge_tried or not t.num_classes:
            return self._judge

        def announce() -> None:  # only when a judge is really trained, not when a kept one loads
            self.hooks.on_message("info", Sentence(CHECKING_CLASSES, count=len(t.dataset.classes)))

        try:
            self._judge = ClassJudge.for_run(self.folder.root, t.dataset,
                                             should_stop=lambda: self.control.stop_requested, before_fit=announce)
        except JudgeCancelled:
            return None  # stopped: this evaluation goes without; a resumed run trains the judge again
        self._judge_tried = True
        return self._judge

    def sample(self, save: bool = True) -> np.ndarray | None:
        if not self.trainer.dist.is_main:
            return None  # only rank 0 shows or saves pictures
        z, labels, per_row = self._preview_inputs()
        images = self.trainer.generate(z, preview=not save, labels=labels)
        grid = make_grid(images, nrow=per_row, padding=1, pad_value=0)
        grid_np = grid.permute(1, 2, 0).numpy()
        if self.trainer.config.channels == 1:
            grid_np = grid_np[..., :1]
        grid_np = np.ascontiguousarray(grid_np)
        if save:
            self.folder.save_sample(self.trainer.step_count, grid_np)
        self.hooks.on_sample(self.trainer.step_count, grid_np)
        return grid_np

    # -- internals -----------------------------------------------------------------------------------
    def _preview_inputs(self) -> tuple[torch.Tensor, torch.Tensor | None, int]:
        """Latents, classes and images per row of the preview grid: a square of 64 images, or, for a
        conditional run, one row per class (up to ``PREVIEW_CLASS_ROWS``), the same 8 latents in each."""
        classes = self.trainer.num_classes
        if not classes:
            return self.preview_z, None, int(math.sqrt(len(self.preview_z)))
        rows = min(classes, PREVIEW_CLASS_ROWS)
        z = self.preview_z[:PREVIEW_ROW].repeat(rows, 1)
        return z, torch.arange(rows).repeat_interleave(PREVIEW_ROW), PREVIEW_ROW

    def _guarded_step(self) -> StepStats | None:
        t = self.trainer
        try:
            stats = t.step()
        except torch.OutOfMemoryError:
            if t.batch <= 2 or t.dist.enabled:  # ranks can't agree on a new batch mid-step: fail cleanly
                raise
            t.batch //= 2
            if t.device.type == "cuda":
                torch.cuda.empty_cache()
            self.hooks.on_message("warning", Sentence(OUT_OF_MEMORY, batch=t.batch))
            return None
        if self._agree(not all(math.isfinite(v) for v in (stats.loss_d, stats.loss_g))):
            self._recover_from_non_finite(stats.step)
            return None
        return stats

    def _agree(self, flag: bool) -> bool:
        """Decisions that end or rewind a step must be the same on every rank, or the others hang."""
        return any_rank(self.trainer.dist, flag, self.trainer.device)

    def _recover_from_non_finite(self, step: int) -> None:
        t = self.trainer
        path = self.last_checkpoint if self.last_checkpoint and self.last_checkpoint.exists() \
            else self.folder.latest_checkpoint()
        if path is None:
            raise FloatingPointError(Sentence(DIVERGED_EARLY, step=step))
        t.load_state_dict(load_checkpoint(path, map_location=t.device))
        t.scale_learning_rate(0.5)
        self._window.clear()
        self.hooks.on_message("warning", Sentence(DIVERGED, step=step, back_to=t.step_count, scale=t.lr_scale))

    def _log(self) -> None:
        window, self._window = self._window, []
        row: dict[str, Any] = {"step": window[-1].step}
        for key in _METRIC_KEYS:
            row[key] = float(np.mean([getattr(s, key) for s in window]))
        row["batch"] = window[-1].batch
        row["time"] = time.time()
        self.trainer.history.append(row)
        self.folder.append_metrics([row])
        self.hooks.on_log(row)
        self._watch_for_collapse(row)

    def _watch_for_collapse(self, row: dict[str, Any]) -> None:
        loss = self.trainer.config.loss
        if loss == "bce":
            d_wins = row["d_real"] > 0.97 and row["d_fake"] < 0.03
        elif loss == "hinge":
            d_wins = row["d_real"] > 1.0 and row["d_fake"] < -1.0
        else:
            d_wins = False  # a WGAN critic's scale has no fixed meaning
        if not d_wins:
            self._d_wins_since, self._warned_collapse = None, False
            return
        if self._d_wins_since is None:
            self._d_wins_since = row["step"]
        if not self._warned_collapse and row["step"] - self._d_wins_since >= COLLAPSE_STEPS:
            self._warned_collapse = True
            self.hooks.on_message("warning", Sentence(COLLAPSE, step=self._d_wins_since))
