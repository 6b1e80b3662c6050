"""Choosing the model the Gallery draws from: a run folder, one of its checkpoints, EMA or not.

The run folder is only listed here (through the torch-free ``core.run.layout``: file names and
``quality.jsonl``), which takes no time, so it is done on the GUI thread; loading a checkpoint is left
to the workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QGridLayout, QLabel, QPushButton, QWidget

from aigc_desktop.core.run.layout import RunLayout, best_score, checkpoint_step
from aigc_desktop.core.sampling.combined_score import has_coverage
from aigc_desktop.workers.job_context import ModelChoice


@dataclass(frozen=True)
class RunInfo:
    """A run folder's checkpoints (newest first) and, if it was scored while training, the best one."""

    run_dir: str
    checkpoints: list[tuple[int, str]]  # (step, path)
    best_step: int | None = None
    best_score: float | None = None  # lower is better; None if scored before coverage was measured

    def default_step(self) -> int | None:
        """The best-scoring checkpoint that still exists, else the newest."""
        if self.best_step is not None:
            return self.best_step
        return self.checkpoints[0][0] if self.checkpoints else None


def scan_run(run_dir: str) -> RunInfo:
    """List ``run_dir``'s checkpoints and find the best one by ``quality.jsonl`` (lowest score)."""
    layout = RunLayout(run_dir)
    found = [(checkpoint_step(p) or 0, str(p)) for p in reversed(layout.checkpoints())]
    rows = layout.read_quality()
    # Among the checkpoints still on disk: a run keeps its newest few.
    best = best_score(rows, {step for step, _ in found})
    # A run scored by the SWD alone still has a best step, but its figure is on another scale.
    comparable = best is not None and any(has_coverage(row) for row in rows)
    return RunInfo(run_dir, found, best[0] if best else None, best[1] if comparable else None)


def _without(info: RunInfo, refused: set[str]) -> RunInfo:
    """``info`` less the checkpoints in ``refused`` (and its best step, if that one was refused)."""
    if not refused:
        return info
    kept = [(step, path) for step, path in info.checkpoints if path not in refused]
    best = info.best_step if info.best_step in {step for step, _ in kept} else None
    return RunInfo(info.run_dir, kept, best, info.best_score if best is not None else None)


class ModelPicker(QWidget):
    """Run name, "Open run…", the checkpoint combo and the EMA check box.

    Signals:
        choiceChanged(): the user picked another checkpoint or flipped EMA (or a new run was set).
        runChanged(str): the run folder changed.
    """

    choiceChanged = Signal()
    runChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = RunInfo("", [])
        self.device = "cpu"  # the Training tab's choice, once the main window passes it on
        self._picked_step: int | None = None  # set when the user chose a step themselves
        self._refused: set[str] = set()  # checkpoints of this run that failed to load: left out of the list
        self.run_label = QLabel(self.tr("No run"))
        self.run_label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open run…"))
        self.open_button.setToolTip(self.tr("Choose a run folder made by the Training tab (or copied from a colleague)."))
        self.open_button.clicked.connect(self.ask_run)
        self.checkpoint_combo = QComboBox()
        self.checkpoint_combo.setToolTip(self.tr(
            "The saved state of the model to draw from. Training saves one every so often; “best” is the one "
            "with the best quality score while training."))
        self.checkpoint_combo.activated.connect(self._on_user_pick)
        self.ema_check = QCheckBox(self.tr("Averaged generator (EMA)"))
        self.ema_check.setChecked(True)
        self.ema_check.setToolTip(self.tr(
            "Use the average of the generator over its last training steps: usually smoother, cleaner images. "
            "Untick to see the generator exactly as it was at that step."))
        self.ema_check.toggled.connect(lambda _on: self.choiceChanged.emit())
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.run_label, 0, 0)
        grid.addWidget(self.open_button, 0, 1)
        grid.addWidget(QLabel(self.tr("Checkpoint")), 1, 0, 1, 2)
        grid.addWidget(self.checkpoint_combo, 2, 0, 1, 2)
        grid.addWidget(self.ema_check, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def run_dir(self) -> str:
        return self.info.run_dir

    def has_model(self) -> bool:
        return bool(self.info.checkpoints)

    def choice(self) -> ModelChoice | None:
        """The model to use, or None if the run has no checkpoint."""
        path = self.checkpoint_combo.currentData()
        if not path:
            return None
        step = next(s for s, p in self.info.checkpoints if p == path)
        return ModelChoice(self.info.run_dir, path, step, self.ema_check.isChecked(), self.device)

    def set_run(self, run_dir: str) -> None:
        """Show ``run_dir``'s checkpoints; for the same run, keep the user's pick if it still exists."""
        run_dir = str(Path(run_dir)) if run_dir else ""
        same = run_dir == self.info.run_dir
        before = self.choice()
        if not same:
            self._picked_step = None
            self._refused = set()
        self.info = _without(scan_run(run_dir), self._refused) if run_dir else RunInfo("", [])
        self.run_label.setText(self.tr("Run: {name}").format(name=Path(run_dir).name) if run_dir else self.tr("No run"))
        self.run_label.setToolTip(run_dir)
        steps = [s for s, _ in self.info.checkpoints]
        keep = self._picked_step if self._picked_step in steps else self.info.default_step()
        self.checkpoint_combo.blockSignals(True)
        self.checkpoint_combo.clear()
        for step, path in self.info.checkpoints:
            self.checkpoint_combo.addItem(self._step_text(step), path)
            if step == keep:
                self.checkpoint_combo.setCurrentIndex(self.checkpoint_combo.count() - 1)
        self.checkpoint_combo.blockSignals(False)
        self.checkpoint_combo.setEnabled(bool(steps))
        if not same:
            self.runChanged.emit(run_dir)
        if self.choice() != before:
            self.choiceChanged.emit()

    def refuse_if_named(self, error: str) -> str | None:
        """When ``error`` says the chosen checkpoint can't be loaded (the engine's checkpoint errors name
        the file), leave it out of this run's list and choose the next one. Returns what to tell the
        user — which file was refused, and which one is used instead — or None for any other error."""
        choice = self.choice()
        if choice is None or Path(choice.checkpoint).name not in error:
            return None
        self._refused.add(choice.checkpoint)
        self._picked_step = None
        self.set_run(self.info.run_dir)
        now = self.choice()
        if now is None:
            return self.tr("{error} No other checkpoint of this run is left to use.").format(error=error)
        return self.tr("{error} Using {name} instead.").format(error=error, name=Path(now.checkpoint).name)

    def ask_run(self) -> None:
        """Ask for a run folder and show it."""
        start = self.info.run_dir or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a run folder"), start)
        if folder:
            self.set_run(folder)

    def _step_text(self, step: int) -> str:
        marks = []
        if self.info.checkpoints and step == self.info.checkpoints[0][0]:
            marks.append(self.tr("newest"))
        if step == self.info.best_step:
            marks.append(self.tr("★ best score"))
        text = self.tr("Step {step:,}").format(step=step)
        return f"{text} — {', '.join(marks)}" if marks else text

    def _on_user_pick(self, _row: int) -> None:
        choice = self.choice()
        self._picked_step = choice.step if choice else None
        self.choiceChanged.emit()
