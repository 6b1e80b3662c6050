"""What the Training tab shows while a run goes: progress, live plots, the preview grid and a log."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.sampling.combined_score import scored_steps
from aigc_desktop.ui.training.preview import SamplePreview
from aigc_desktop.ui.widgets.live_plot import LivePlot
from aigc_desktop.workers.training_signals import QualityScore, RunProgress, StepStatsBatch

MAX_LOG_LINES = 5000


def format_duration(seconds: float) -> str:
    if seconds < 0 or not np.isfinite(seconds):
        return "–"
    seconds = round(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class TrainingMonitor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._total, self._minutes, self._t0 = 0, 0.0, time.monotonic()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(self.tr("Not started"))
        self.progress_bar.setTextVisible(True)
        self.speed_label = QLabel()
        self.speed_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.loss_plot = LivePlot(self.tr("Losses"), [
            ("loss_d", self.tr("D loss (judge)"), "#e4572e"),
            ("loss_g", self.tr("G loss (image maker)"), "#4f8fd6"),
        ])
        self.loss_plot.setToolTip(self.tr(
            "How well each network is doing against the other. They should wobble around a level; "
            "if D loss drops to almost zero and stays there, the judge has won and the images may collapse."))
        self.score_plot = LivePlot(self.tr("Discriminator verdicts"), [
            ("d_real", self.tr("D(x): real pictures"), "#2ca58d"),
            ("d_fake", self.tr("D(G(z)): generated"), "#f2a541"),
        ])
        self.score_plot.setToolTip(self.tr(
            "How real the judge thinks your pictures and the generated ones are (1 = surely real). "
            "Healthy training keeps the two lines apart but not at 1 and 0."))
        self.quality_plot = LivePlot(self.tr("Quality score (lower is better)"), [
            ("score", self.tr("quality score"), "#9b59b6"),
        ])
        self.quality_plot.setToolTip(self.tr(
            "How far the generated images are from your pictures in fine and coarse detail, made worse for "
            "every image that looks like none of your pictures or copies one, and for every kind of picture "
            "the model does not make. Measured every so often without any download; the best checkpoint is "
            "the one with the lowest score. When it stops going down, more training will not help much."))
        self.preview = SamplePreview()

        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(MAX_LOG_LINES)
        self.log.setPlaceholderText(self.tr("Checkpoints, warnings and recoveries are listed here."))

        plots = QSplitter(Qt.Orientation.Vertical)
        plots.addWidget(self.loss_plot)
        plots.addWidget(self.score_plot)
        plots.addWidget(self.quality_plot)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(plots)
        top.addWidget(self.preview)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(top)
        main.addWidget(self.log)
        main.setStretchFactor(0, 4)
        main.setStretchFactor(1, 1)

        bar = QHBoxLayout()
        bar.addWidget(self.progress_bar, 1)
        bar.addWidget(self.speed_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(main, 1)

    # -- updates from the worker ---------------------------------------------------------------------
    def reset(self, start_step: int, total_steps: int, minutes: float) -> None:
        for plot in (self.loss_plot, self.score_plot, self.quality_plot):
            plot.clear()
        self._total = total_steps
        self._minutes = minutes
        self._t0 = time.monotonic()
        self.progress_bar.setRange(0, max(total_steps, 1) if total_steps else 0)
        if total_steps:
            self.progress_bar.setValue(start_step)
        self.progress_bar.setFormat(self.tr("Starting…"))

    def load_history(self, rows: list[dict], quality: list[dict]) -> None:
        """A resumed run's earlier curves, from metrics.jsonl and quality.jsonl, so the plots show the whole run."""
        comparable = {step for step, _ in scored_steps(quality)}  # not old SWD-only rows beside new scores
        for row in quality:
            if row.get("step") in comparable:
                self.add_quality(QualityScore.from_row(row))
        if not rows:
            return
        steps = np.array([r["step"] for r in rows], dtype=np.float64)
        self.loss_plot.append(steps, {k: np.array([r.get(k, np.nan) for r in rows]) for k in ("loss_d", "loss_g")})
        self.score_plot.append(steps, {k: np.array([r.get(k, np.nan) for r in rows]) for k in ("d_real", "d_fake")})

    def add_stats(self, stats: StepStatsBatch) -> None:
        self.loss_plot.append(stats.step, {"loss_d": stats.loss_d, "loss_g": stats.loss_g})
        self.score_plot.append(stats.step, {"d_real": stats.d_real, "d_fake": stats.d_fake})

    def add_quality(self, score: QualityScore) -> None:
        self.quality_plot.append([score.step], {"score": [score.score]})

    def set_progress(self, info: RunProgress) -> None:
        step, total = int(info.step), int(info.total_steps)
        if total:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(step, total))
            self.progress_bar.setFormat(self.tr("Step {step} of {total} (%p%)").format(
                step=f"{step:,}", total=f"{total:,}"))
            eta = info.eta_s
        else:
            self.progress_bar.setRange(0, 0)  # time-limited: a busy bar
            eta = self._minutes * 60 - info.elapsed_s if self._minutes else -1
            self.progress_bar.setFormat(self.tr("Step {step}").format(step=f"{step:,}"))
        self.speed_label.setText(self.tr("{ips:.0f} images/s · elapsed {elapsed} · remaining {eta}").format(
            ips=info.images_per_s, elapsed=format_duration(info.elapsed_s), eta=format_duration(eta)))

    def set_classes(self, classes: list[str]) -> None:
        self.preview.set_classes(classes)

    def set_sample(self, step: int, grid: np.ndarray) -> None:
        self.preview.set_sample(step, grid)

    def set_status(self, text: str) -> None:
        self.progress_bar.setFormat(text)

    def add_log(self, level: str, text: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        prefix = {"warning": self.tr("Warning"), "error": self.tr("Error")}.get(level, "")
        line = f"{stamp}  {prefix + ': ' if prefix else ''}{text}"
        self.log.appendPlainText(line)
        self.log.moveCursor(QTextCursor.MoveOperation.End)
