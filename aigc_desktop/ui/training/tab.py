"""The Training tab: settings on the left, the live run on the right, and the worker's lifecycle.

The trainer runs in a QThread (workers/training_worker.py). Start, Pause and Stop set thread-safe
flags on the worker directly; results come back as queued signals. Start is re-enabled only when
the worker says it has finished, so two runs can never overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.layout import NOT_A_RUN, is_run
from aigc_desktop.paths import new_run_dir, runs_dir
from aigc_desktop.ui.dataset.selection import DatasetSelection
from aigc_desktop.ui.training.cluster_export import ClusterExport, ClusterJobDialog
from aigc_desktop.ui.training.monitor import TrainingMonitor
from aigc_desktop.ui.training.settings_form import TrainingSettings
from aigc_desktop.ui.training.start_over import ask_start_over
from aigc_desktop.ui.widgets.wheel_guard import guard_wheel
from aigc_desktop.workers.engine_text import engine_text
from aigc_desktop.workers.threads import start_in_thread
from aigc_desktop.workers.training_signals import QualityScore, RunStarted
from aigc_desktop.workers.training_worker import TrainingJob, TrainingWorker


class TrainingTab(QWidget):
    runningChanged = Signal(bool)
    statusChanged = Signal(str)
    runOpened = Signal(str)  # run folder, when a run starts or resumes
    runFinished = Signal(str)  # run folder, when its worker has ended
    checkpointWritten = Signal(str)  # run folder, after each checkpoint (the Gallery can use it at once)
    versionMade = Signal(str, object)  # run folder, ModelVersion: a fine-tune has finished

    def __init__(self, dataset: Callable[[], DatasetSelection], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dataset = dataset
        self.worker: TrainingWorker | None = None
        self.thread: QThread | None = None
        self.run_dir: str = ""
        self._paused = False
        self._start_over_offer: str | None = None  # a run that could not be resumed: ask to start over
        self._finetuning = False

        self.settings = TrainingSettings()
        self.monitor = TrainingMonitor()
        self.run_edit = QLineEdit(str(new_run_dir()))
        self.run_edit.setToolTip(self.tr("The folder where this run keeps its settings, checkpoints and samples."))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_run_dir)
        self.start_button = QPushButton(self.tr("Start training"))
        self.start_button.setDefault(True)
        self.start_button.setToolTip(self.tr("Start a new run on the pictures of the Dataset tab."))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Pause between two steps; nothing is lost. Press again to continue."))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop and save a checkpoint. You can resume this run later."))
        self.resume_button = QPushButton(self.tr("Resume a previous run…"))
        self.resume_button.setToolTip(self.tr(
            "Continue a run folder from its newest checkpoint, for the steps or minutes set above."))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        self.resume_button.clicked.connect(lambda: self.resume_run())
        self.cluster_button = QPushButton(self.tr("Export as cluster job…"))
        self.cluster_button.setToolTip(self.tr(
            "Write a folder with these settings, the prepared pictures and launch scripts (torchrun, SLURM) "
            "to train on a multi-GPU server or a cluster."))
        self.cluster_button.clicked.connect(self.export_cluster_job)
        self._export = ClusterExport(self)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.settings)
        lv.addWidget(QLabel(self.tr("Run folder")))
        row = QHBoxLayout()
        row.addWidget(self.run_edit, 1)
        row.addWidget(browse)
        lv.addLayout(row)
        lv.addWidget(self.error_label)
        lv.addWidget(self.start_button)
        controls = QHBoxLayout()
        controls.addWidget(self.pause_button)
        controls.addWidget(self.stop_button)
        lv.addLayout(controls)
        lv.addWidget(self.resume_button)
        lv.addWidget(self.cluster_button)
        lv.addStretch(1)
        guard_wheel(left)  # scrolling down the settings must not change them
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(330)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(self.monitor)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._set_running(False)

    # -- public --------------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.worker is not None

    def _checked_config(self) -> tuple[DatasetSelection, TrainConfig] | None:
        """The dataset and the settings as a config, or None after saying what is wrong."""
        selection = self._dataset()
        if selection.scan is None or selection.image_count == 0:
            self._error(self.tr("There are no pictures to train on yet. Add a folder in the Dataset tab, "
                                "or try the demo dataset."))
            return None
        s = selection.settings
        base = TrainConfig(resolution=s.resolution, channels=s.channels, fit=s.fit, background=s.background)
        try:
            return selection, self.settings.to_config(base)
        except ConfigError as exc:
            self._error(engine_text(exc))
            return None

    def start(self) -> None:
        """Start a new run on the Dataset tab's pictures, after checking every setting."""
        if self.is_running():
            return
        checked = self._checked_config()
        if checked is None:
            return
        selection, config = checked
        run_dir = self.run_edit.text().strip()
        if not run_dir:
            self._error(self.tr("Choose a run folder."))
            return
        if is_run(run_dir):
            self._error(self.tr("{folder} already holds a run. Use “Resume a previous run…” to continue it, "
                                "or choose a new folder.").format(folder=run_dir))
            return
        job = TrainingJob(run_dir=run_dir, config=config, paths=list(selection.paths),
                          removed=list(selection.removed), scanned=selection.scan, device=self.settings.device())
        self._launch(job)

    def resume_run(self, run_dir: str | None = None, start_over: bool = False) -> None:
        if self.is_running():
            return
        if run_dir is None:
            run_dir = self._ask_run_dir()
            if not run_dir:
                return
        if not is_run(run_dir):
            self._error(engine_text(Sentence(NOT_A_RUN, folder=run_dir)))
            return
        by_steps = self.settings.by_steps.isChecked()
        job = TrainingJob(run_dir=run_dir, resume=True, device=self.settings.device(), start_over=start_over,
                          resume_more_steps=self.settings.steps_spin.value() if by_steps else None,
                          resume_minutes=None if by_steps else self.settings.minutes_spin.value())
        if not by_steps:
            job.resume_steps = 0  # time-limited: the old step limit no longer applies
        self._launch(job)

    def start_finetune(self, run_dir: str, settings: object, parent_version: int | None = None) -> bool:
        """Fine-tune a model version with people's ratings (the Feedback tab asks), shown like a run."""
        if self.is_running():
            return False
        self._launch(TrainingJob(run_dir=run_dir, finetune=settings, parent_version=parent_version,
                                 device=self.settings.device()))
        return True

    def export_cluster_job(self) -> None:
        checked = self._checked_config()
        if checked is None:
            return
        self.error_label.hide()
        dialog = ClusterJobDialog(self)
        if dialog.exec() != ClusterJobDialog.DialogCode.Accepted:
            return
        self._export.start(*checked, dialog.folder.text(), dialog.gpus.value(), dialog.nodes.value())

    def toggle_pause(self) -> None:
        if self.worker is None:
            return
        if self._paused:
            self.worker.resume()
        else:
            self.worker.pause()
            self.pause_button.setEnabled(False)  # until the loop actually reaches the pause
            self.statusChanged.emit(self.tr("Pausing after this step…"))

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.stop_button.setEnabled(False)
            self.pause_button.setEnabled(False)
            self.statusChanged.emit(self.tr("Stopping and saving a checkpoint…"))
            self.monitor.set_status(self.tr("Stopping and saving a checkpoint…"))

    def stop_and_wait(self, timeout_ms: int = 60_000) -> bool:
        """Stop the run, let it save, and wait for its thread (used when the window closes)."""
        thread = self.thread
        self.stop()
        if thread is not None:
            return thread.wait(timeout_ms)
        return True

    def set_devices(self, devices: list[tuple[str, str]]) -> None:
        self.settings.set_devices(devices)

    # -- the worker ----------------------------------------------------------------------------------
    def _launch(self, job: TrainingJob) -> None:
        self.error_label.hide()
        self.monitor.reset(0, 0, 0)
        self.monitor.set_status(self.tr("Preparing the data…"))
        worker = TrainingWorker(job)
        worker.preparing.connect(self._on_preparing)
        worker.started.connect(self._on_started)
        worker.stats.connect(self.monitor.add_stats)
        worker.progress.connect(self.monitor.set_progress)
        worker.sample.connect(self.monitor.set_sample)
        worker.checkpointSaved.connect(self._on_checkpoint)
        worker.quality.connect(self._on_quality)
        worker.message.connect(self._on_message)
        worker.paused.connect(self._on_paused)
        worker.resumed.connect(self._on_resumed)
        worker.failed.connect(self._on_failed)
        worker.cannotResume.connect(self._on_cannot_resume)
        worker.versionMade.connect(self._on_version_made)
        worker.finished.connect(self._on_finished)
        self.worker = worker
        self.run_dir = job.run_dir
        self._finetuning = job.finetune is not None
        self._paused = False
        self._set_running(True)
        self.thread = start_in_thread(worker, "training")
        self.statusChanged.emit(self.tr("Preparing the data…"))

    def _on_preparing(self, phase: str, done: int, total: int) -> None:
        text = (self.tr("Checking pictures… {done} / {total}") if phase == "scan"
                else self.tr("Preparing pictures for training… {done} / {total}")).format(done=done, total=total)
        self.monitor.set_status(text)
        self.monitor.progress_bar.setRange(0, max(total, 1))
        self.monitor.progress_bar.setValue(done)

    def _on_started(self, info: RunStarted) -> None:
        self.monitor.reset(info.step, info.total_steps, info.minutes)
        if info.finetune:
            self.monitor.add_log("info", self.tr(
                "Fine-tuning {run} with people's ratings: steps {start} to {end}.").format(
                run=info.run_dir, start=info.step, end=info.total_steps))
            from aigc_desktop.core.run.run_folder import RunFolder

            # The starting model's score, if it was scored, beside the one the fine-tune ends with.
            for row in RunFolder(info.run_dir).read_quality():
                if row.get("step") == info.step:
                    score = QualityScore.from_row(row)
                    self.monitor.add_quality(score)
                    self.monitor.add_log("info", self.tr(
                        "The model it starts from scored {score:.1f} (lower is better).").format(score=score.score))
            self.statusChanged.emit(self.tr("Fine-tuning with ratings"))
            return
        if info.resumed_from:
            from aigc_desktop.core.run.run_folder import RunFolder

            folder = RunFolder(info.run_dir)
            self.monitor.load_history(folder.read_metrics(), folder.read_quality())
            self.monitor.add_log("info", self.tr("Resumed {run} at step {step}.").format(
                run=info.run_dir, step=info.step))
        else:
            self.monitor.add_log("info", self.tr(
                "Training {images} pictures at {res}×{res} on {device}, batch {batch}, DiffAugment {aug}, "
                "mirrored pictures {flip}, parts at any angle {turn}.").format(
                images=info.images, res=info.resolution, device=info.device, batch=info.batch,
                aug=self.tr("on") if info.diffaug else self.tr("off"),
                flip=self.tr("on") if info.xflip else self.tr("off"),
                turn=self.tr("on") if info.turning else self.tr("off")))
        self.monitor.set_classes(list(info.classes))
        if info.kinds and not info.resumed_from and info.kind_look == "outline":
            self.monitor.add_log("info", self.tr(
                "Found {count} kinds of part among yours by their outline; each is drawn as often as it occurs, "
                "and the classes decide the details.").format(count=info.kinds))
        elif info.kinds and not info.resumed_from:
            self.monitor.add_log("info", self.tr(
                "Found {count} kinds of picture among yours; each is drawn as often as it occurs.").format(
                count=info.kinds))
        if info.classes:
            self.monitor.add_log("info", self.tr(
                "Learning {count} classes, one row each in the samples: {names}.").format(
                count=len(info.classes), names=", ".join(info.classes)))
        self.runOpened.emit(info.run_dir)
        self.statusChanged.emit(self.tr("Training on {device}").format(device=info.device))

    def _on_checkpoint(self, step: int, path: str) -> None:
        self.checkpointWritten.emit(self.run_dir)
        self.monitor.add_log("info", self.tr("Checkpoint saved at step {step}: {path}").format(step=step, path=path))

    def _on_quality(self, score: QualityScore) -> None:
        self.monitor.add_quality(score)
        words = [self.tr("Quality score at step {step}: {score:.1f} (lower is better; best so far at step "
                         "{best}).").format(step=score.step, score=score.score, best=score.best_step)]
        words += [engine_text(sentence) for sentence in score.summary]
        if score.uncovered_examples:  # as the Gallery shows them: any there are, even when "almost every" has one
            words.append(self.tr("Pictures with no generated look-alike, the most unlike first: {names}.").format(
                names=", ".join(Path(name).name for name in score.uncovered_examples[:3])))
        # Chinese sentences end in "。" and follow each other without a space.
        self.monitor.add_log("info", "".join(w if i == 0 or words[i - 1].endswith("。") else " " + w
                                             for i, w in enumerate(words)))

    def _on_message(self, level: str, text: str) -> None:
        self.monitor.add_log(level, text)
        if level == "warning":
            self.statusChanged.emit(text)

    def _on_paused(self, step: int) -> None:
        self._paused = True
        self.pause_button.setText(self.tr("Continue"))
        self.pause_button.setEnabled(True)
        self.monitor.set_status(self.tr("Paused at step {step}").format(step=step))
        self.statusChanged.emit(self.tr("Paused"))

    def _on_resumed(self, step: int) -> None:
        self._paused = False
        self.pause_button.setText(self.tr("Pause"))
        self.statusChanged.emit(self.tr("Training"))

    def _on_version_made(self, version: object) -> None:
        self.monitor.add_log("info", self.tr(
            "Saved as model version v{id}; it is now used in the Feedback tab.").format(id=version.id))
        self.versionMade.emit(self.run_dir, version)

    def _on_failed(self, text: str) -> None:
        self._error(text)
        self.monitor.add_log("error", text)

    def _on_cannot_resume(self, run_dir: str, text: str) -> None:
        self._on_failed(text)
        self._start_over_offer = run_dir

    def _on_finished(self, summary: object) -> None:
        self.worker, self.thread = None, None
        offer, self._start_over_offer = self._start_over_offer, None
        if summary is not None and not self._finetuning:
            self.runFinished.emit(self.run_dir)
        self._set_running(False)
        if summary is not None:
            reasons = {"finished": self.tr("Finished"), "stopped": self.tr("Stopped"),
                       "time limit": self.tr("Time limit reached")}
            text = self.tr("{reason} at step {step}.").format(reason=reasons.get(summary.reason, summary.reason),
                                                            step=summary.step)
            self.monitor.add_log("info", text)
            self.monitor.set_status(text)
            self.statusChanged.emit(text)
        else:
            self.monitor.set_status(self.tr("Not running"))
            self.statusChanged.emit(self.tr("Ready"))
        self.run_edit.setText(str(new_run_dir()))  # the next Start makes a new run, never mixes two
        if offer is not None and ask_start_over(self, offer, self.error_label.text()):
            self.resume_run(offer, start_over=True)

    # -- helpers -------------------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.resume_button.setEnabled(not running)
        self.cluster_button.setEnabled(not running)
        self.run_edit.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.pause_button.setText(self.tr("Pause"))
        self.settings.set_enabled_for_run(running)
        self.runningChanged.emit(running)

    def _error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _browse_run_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the new run"), str(runs_dir()))
        if folder:
            self.run_edit.setText(folder)

    def _ask_run_dir(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Open a run folder"), str(runs_dir()))
