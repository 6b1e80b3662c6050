"""Training tab → "Export as cluster job…": ask where and how big, then write the job folder off-thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QThread
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
from aigc_desktop.workers.task_worker import TaskWorker
from aigc_desktop.workers.threads import start_in_thread


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


class ClusterExport:
    """Runs one export: the dialog, a worker thread with a progress dialog, and the result message."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.thread: QThread | None = None
        self.worker: TaskWorker | None = None

    def start(self, selection: DatasetSelection, config: TrainConfig, folder: str, gpus: int, nodes: int) -> None:
        def task(progress: Callable[[str, int, int], None], should_stop: Callable[[], bool]) -> Path:
            # imported here, on the worker thread: it loads torch
            from aigc_desktop.core.run.cluster_job import export_cluster_job

            return export_cluster_job(folder, config, selection.paths, scanned=selection.scan,
                                      removed=selection.removed, gpus_per_node=gpus, nodes=nodes,
                                      progress=progress, should_stop=should_stop)

        self.progress = QProgressDialog(self.parent.tr("Preparing the cluster job…"), self.parent.tr("Cancel"),
                                        0, 0, self.parent)
        self.progress.setMinimumDuration(300)
        worker = TaskWorker(task)
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self.progress.reset)
        self.progress.canceled.connect(worker.cancel)
        self.worker = worker
        self.thread = start_in_thread(worker, "cluster-export")

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _on_done(self, job: Path) -> None:
        QMessageBox.information(self.parent, self.parent.tr("Cluster job ready"), self.parent.tr(
            "The job is in {folder}.\n\nCopy the folder to the GPU machine and run launch.sh there, or submit "
            "job.sbatch on a SLURM cluster. README.txt explains the rest; afterwards open its run folder "
            "here with File → Open run.").format(folder=job))

    def _on_failed(self, text: str) -> None:
        QMessageBox.warning(self.parent, self.parent.tr("Cluster job not written"), text)
