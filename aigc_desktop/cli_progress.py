"""Terminal progress for train/resume: a tqdm bar on stderr plus plain lines for checkpoints and warnings."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tqdm import tqdm

from aigc_desktop.core.data import holdout
from aigc_desktop.core.run import distributed
from aigc_desktop.core.run.distributed import SINGLE, DistContext
from aigc_desktop.core.run.events import RunControl, RunSummary, StepStats, TrainingHooks
from aigc_desktop.core.run.session import PreparedRun
from aigc_desktop.core.run.training_loop import TrainingLoop


class TerminalHooks(TrainingHooks):
    def __init__(self) -> None:
        self.bar: tqdm | None = None

    def on_start(self, step: int, total_steps: int) -> None:
        self.bar = tqdm(total=total_steps or None, initial=step, unit="step", file=sys.stderr,
                        dynamic_ncols=True, desc="train")

    def on_step(self, stats: StepStats) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def on_log(self, row: dict[str, Any]) -> None:
        if self.bar is not None:
            self.bar.set_postfix(
                img_s=f"{row['images_per_s']:.0f}", loss_d=f"{row['loss_d']:.3f}", loss_g=f"{row['loss_g']:.3f}",
                d_real=f"{row['d_real']:.2f}", d_fake=f"{row['d_fake']:.2f}", refresh=False,
            )

    def on_checkpoint(self, step: int, path: Path) -> None:
        self._say(f"checkpoint: step {step} -> {path}")

    def on_message(self, level: str, text: str) -> None:
        self._say(f"{level}: {text}")

    def on_end(self, summary: RunSummary) -> None:
        if self.bar is not None:
            self.bar.close()
        self._say(f"{summary.reason} at step {summary.step} after {summary.seconds:.0f} s; "
                  f"checkpoint {summary.checkpoint}")

    def _say(self, text: str) -> None:
        (self.bar.write if self.bar is not None else print)(text, file=sys.stderr)


def run_with_progress(prepare: Callable[[Callable[[str, int, int], None]], PreparedRun],
                      dist: DistContext = SINGLE) -> int:
    """Prepare a run (scan and decode with a progress bar), then train it until done, time or Ctrl+C.

    Under torchrun only rank 0 prints; every rank leaves the process group at the end, even on error.
    """
    try:
        code = _run(prepare, dist)
        # Leave together: a rank that tore down its gloo group while rank 0 was still writing the last
        # checkpoint aborted at exit about one time in ten ("terminate called without an active exception").
        distributed.barrier(dist)
        return code
    finally:
        distributed.shutdown()


def _run(prepare: Callable[[Callable[[str, int, int], None]], PreparedRun], dist: DistContext) -> int:
    bars: dict[str, tqdm] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if not dist.is_main:
            return
        bar = bars.get(phase)
        if bar is None:
            bar = bars[phase] = tqdm(total=total, desc=phase, unit="img", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    prepared = prepare(progress)
    for bar in bars.values():
        bar.close()
    trainer = prepared.trainer
    hooks: TrainingHooks = TrainingHooks()
    if dist.is_main:
        hooks = TerminalHooks()
        _describe(prepared, dist)
    control = RunControl()
    # First Ctrl+C stops cleanly with a checkpoint; a second one interrupts at once.
    previous = signal.getsignal(signal.SIGINT)

    def _stop(signum: int, frame: object) -> None:
        control.stop()
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, _stop)
    try:
        TrainingLoop(trainer, prepared.run, hooks, control).run()
    finally:
        signal.signal(signal.SIGINT, previous)
    return 0


def _describe(prepared: PreparedRun, dist: DistContext) -> None:
    trainer = prepared.trainer
    lines = []
    if dist.enabled:
        lines.append(f"distributed: {dist.world_size} processes, batch {trainer.batch} per process "
                     f"({trainer.batch * dist.world_size} in all)")
    if prepared.scan is not None:
        lines.append(f"data: {len(prepared.scan.images)} images used, {len(prepared.scan.skipped)} skipped "
                     f"(see {prepared.run.report_path})")
    classes = trainer.dataset.classes
    if len(classes) >= 2:
        counts = trainer.dataset.labels.bincount(minlength=len(classes)).tolist()
        found = ", ".join(f"{name} {count}" for name, count in zip(classes, counts, strict=True))
        how = "learnt by class" if trainer.num_classes else "mixed, not by class (--conditional on to learn them)"
        lines.append(f"classes: {found}; {how}")
        held = holdout.read(prepared.run.root)
        if held:
            lines.append(f"held out to test usefulness: {len(held)} pictures, never trained on "
                         f"(see {prepared.run.root / holdout.FILE_NAME})")
    lines += [f"warning: {warning}" for warning in prepared.warnings]
    if prepared.resumed_from is not None:
        lines.append(f"resumed from {prepared.resumed_from} at step {trainer.step_count}")
    lines.append(f"device: {trainer.device}; {trainer.config.resolution}px, batch {trainer.batch}, "
                 f"loss {trainer.config.loss}, DiffAugment {'on' if trainer.augment else 'off'}, "
                 f"x-flip {'on' if trainer.xflip else 'off'}, turning {trainer.config.g_rotate}, "
                 f"kinds {f'{trainer.config.kinds} by {trainer.config.kind_look}' if trainer.config.kinds else 'off'}")
    if trainer.class_guess > 0:
        side = trainer.config.d_class_from
        lines.append(f"class guess from D's {side} x {side} features, patch by patch" if trainer.D.guesses_from_patches
                     else "class guess from the whole picture (D's last features)")
    for line in lines:
        print(line, file=sys.stderr)
