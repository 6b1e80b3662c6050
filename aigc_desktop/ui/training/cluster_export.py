"""Training tab → "Export as cluster job…": ask where and how big, then write the job folder off-thread."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.paths import data_dir
from aigc_desktop.ui.dataset.selection import DatasetSelection
from aigc_desktop.workers.job_runner import Job, JobRunner
from aigc_desktop.workers.training_jobs import ClusterJobRequest, export_cluster


class ClusterJobDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export as cluster job"))
        self.folder = QLineEdit(str(data_dir() / "cluster-jobs" / time.strftime("job-%Y%m%d-%H%M%S")))
        self.folder.setToolTip(self.tr("A new, empty folder. Copy it to the GPU server or cluster."))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.gpus = QSpinBox()
        self.gpus.setRange(1, 64)
        self.gpus.setValue(4)
        self.gpus.setToolTip(self.tr("GPUs on each machine. The batch size is per GPU."))
        self.nodes = QSpinBox()
        self.nodes.setRange(1, 1024)
        self.nodes.setToolTip(self.tr("How many machines (SLURM nodes) to use."))
        form = QFormLayout(self)
        form.addRow(self.tr("Job folder"), row)
        form.addRow(self.tr("GPUs per machine"), self.gpus)
        form.addRow(self.tr("Machines"), self.nodes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the job"), str(data_dir()))
        if folder:
            self.folder.setText(folder)


class ClusterExport(QObject):
    """Runs exports, one at a time: a job on its own lane with a progress dialog, then the result message."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.runner = JobRunner("cluster-export", self)
        self.runner.progress.connect(self._on_progress)
        self.runner.jobEnded.connect(self._on_ended)
        self.progress: QProgressDialog | None = None

    def start(self, selection: DatasetSelection, config: TrainConfig, folder: str, gpus: int, nodes: int) -> None:
        request = ClusterJobRequest(folder, config, list(selection.paths), scanned=selection.scan,
                                    removed=list(selection.removed), gpus_per_node=gpus, nodes=nodes)
        self.progress = QProgressDialog(self.tr("Preparing the cluster job…"), self.tr("Cancel"), 0, 0,
                                        self.parent_widget)
        self.progress.setMinimumDuration(300)
        # Cancelled, the job ends quietly: the user knows, and nothing half-made is reported as made.
        self.progress.canceled.connect(self.runner.cancel)
        # Not superseded by a second export: each writes its own folder, one after the other.
        self.runner.submit(Job("export", partial(export_cluster, request=request), on_result=self._on_done,
                               on_error=self._on_failed, supersedable=False))

    def _on_progress(self, _kind: str, _phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _on_ended(self, _kind: str, _outcome: str) -> None:
        if self.progress is not None:
            self.progress.reset()

    def _on_done(self, job: Path) -> None:
        QMessageBox.information(self.parent_widget, self.tr("Cluster job ready"), self.tr(
            "The job is in {folder}.\n\nCopy the folder to the GPU machine and run launch.sh there, or submit "
            "job.sbatch on a SLURM cluster. README.txt explains the rest; afterwards open its run folder "
            "here with File → Open run.").format(folder=job))

    def _on_failed(self, text: str) -> None:
        QMessageBox.warning(self.parent_widget, self.tr("Cluster job not written"), text)

    def shutdown(self) -> None:
        """Cancel the export and wait for its thread (the window is closing)."""
        self.runner.shutdown()
