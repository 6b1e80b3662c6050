"""The main window: builds the tabs, the menus and the status bar, and connects them. Nothing else."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget

from aigc_desktop.ui.about import show_about
from aigc_desktop.ui.current_run import CurrentRun
from aigc_desktop.ui.dataset.tab import DatasetTab
from aigc_desktop.ui.feedback.tab import FeedbackTab
from aigc_desktop.ui.gallery.tab import GalleryTab
from aigc_desktop.ui.guide import guide_action
from aigc_desktop.ui.language import settings_action
from aigc_desktop.ui.settings_store import SettingsStore
from aigc_desktop.ui.training.tab import TrainingTab
from aigc_desktop.workers.job_runner import Job, JobRunner
from aigc_desktop.workers.training_jobs import Devices, probe_devices


class MainWindow(QMainWindow):
    engine_loaded = Signal()  # the device probe has imported torch (or failed to): see app.run_app

    def __init__(self, store: SettingsStore | None = None) -> None:
        super().__init__()
        self.store = store or SettingsStore()
        self.device_text = self.tr("detecting…")
        self._probe = JobRunner("device-probe", self)
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self.setMinimumSize(900, 600)

        self.tabs = QTabWidget()
        self.current_run = CurrentRun(self)  # the run the Gallery and the Feedback tab show
        self.dataset_tab = DatasetTab()
        self.training_tab = TrainingTab(self.dataset_tab.selection)
        self.gallery_tab = GalleryTab(self.current_run)
        self.feedback_tab = FeedbackTab(self.current_run)
        self.tabs.addTab(self.dataset_tab, self.tr("1  Dataset"))
        self.tabs.addTab(self.training_tab, self.tr("2  Training"))
        self.tabs.addTab(self.gallery_tab, self.tr("3  Gallery"))
        self.tabs.addTab(self.feedback_tab, self.tr("4  Feedback"))
        self.tabs.setTabToolTip(0, self.tr("Collect and prepare the pictures to learn from"))
        self.tabs.setTabToolTip(1, self.tr("Teach the image generator and watch it learn"))
        self.tabs.setTabToolTip(2, self.tr("Generate, choose, check and export new images"))
        self.tabs.setTabToolTip(3, self.tr("Rate images and let the model learn from your ratings"))
        self.setCentralWidget(self.tabs)

        self.device_label = QLabel()
        self.activity_label = QLabel(self.tr("Ready"))
        self.statusBar().addWidget(self.activity_label, 1)
        self.statusBar().addPermanentWidget(self.device_label)
        self._build_menus()

        self.dataset_tab.busyChanged.connect(lambda _busy, text: self.set_activity(text))
        self.training_tab.statusChanged.connect(self.set_activity)
        self.training_tab.runOpened.connect(self._on_run_opened)
        self.training_tab.runFinished.connect(self._on_run_finished)
        self.training_tab.checkpointWritten.connect(self.current_run.mark_updated)
        self.current_run.changed.connect(lambda run_dir: self._update_title(Path(run_dir).name))
        self.gallery_tab.busyChanged.connect(lambda _busy, text: self.set_activity(text))
        self.training_tab.runningChanged.connect(self.feedback_tab.set_training_running)
        self.training_tab.versionMade.connect(self.feedback_tab.version_made)
        self.feedback_tab.busyChanged.connect(lambda _busy, text: self.set_activity(text))
        self.feedback_tab.finetuneRequested.connect(self._finetune)
        self.gallery_tab.rated.connect(self.feedback_tab.ratings_changed)
        settings = self.training_tab.settings
        settings.resolutionSuggested.connect(self.dataset_tab.set_resolution)
        settings.deviceChanged.connect(self.gallery_tab.set_device)  # one device for the whole app
        settings.deviceChanged.connect(self.feedback_tab.set_device)
        self.dataset_tab.selectionChanged.connect(self._on_selection_changed)
        self.dataset_tab.set_resolution(settings.preset().resolution)
        self._update_title("")
        self._update_device_label()
        geometry = self.store.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _on_selection_changed(self) -> None:
        selection = self.dataset_tab.selection()
        self.training_tab.settings.set_pictures(selection.image_count, selection.fine_detail)

    # -- start-up ------------------------------------------------------------------------------------
    def after_first_paint(self) -> None:
        """Detect devices on a worker thread (it imports torch, which takes seconds)."""
        self._probe.submit(Job("probe", probe_devices, self._on_probed, on_error=self._on_probe_failed))

    def _on_probed(self, found: Devices) -> None:
        self._on_devices(found.choices, found.auto)
        self.engine_loaded.emit()

    def _on_probe_failed(self, text: str) -> None:
        self._on_devices([("cpu", self.tr("CPU"))], "cpu")
        self.set_activity(self.tr("Could not check for graphics cards ({error}); the CPU will be used.").format(
            error=text))
        self.engine_loaded.emit()

    def _on_devices(self, devices: list, auto: str) -> None:
        self.training_tab.set_devices(devices)
        label = next((lbl for d, lbl in devices if d == auto), auto)
        self.device_text = label
        self._update_device_label()

    # -- menus ---------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        add_folder = QAction(self.tr("Add &folder…"), self)
        add_folder.setShortcut(QKeySequence.StandardKey.Open)
        add_folder.triggered.connect(self._add_folder)
        open_run = QAction(self.tr("&Open run…"), self)
        open_run.setShortcut(QKeySequence("Ctrl+Shift+O"))
        open_run.triggered.connect(lambda: self.open_run(None))
        self.recent_menu = file_menu.addMenu(self.tr("&Recent runs"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.insertAction(self.recent_menu.menuAction(), add_folder)
        file_menu.insertAction(self.recent_menu.menuAction(), open_run)
        file_menu.addSeparator()
        file_menu.addAction(settings_action(self, self.store))
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for index in range(self.tabs.count()):
            action = QAction(self.tabs.tabText(index).strip(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(guide_action(self))
        help_menu.addSeparator()
        about = QAction(self.tr("&About AIGC Desktop"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(lambda: show_about(self, self.device_text))
        help_menu.addAction(about)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        runs = [r for r in self.store.recent_runs() if Path(r).is_dir()]
        if not runs:
            action = self.recent_menu.addAction(self.tr("No recent runs"))
            action.setEnabled(False)
        for run in runs:
            self.recent_menu.addAction(run, lambda r=run: self.open_run(r))

    def open_run(self, run_dir: str | None) -> None:
        """Open a run folder in the Training tab, to resume it."""
        self.tabs.setCurrentWidget(self.training_tab)
        self.training_tab.resume_run(run_dir)

    def _finetune(self, run_dir: str, settings: object, parent_version: object) -> None:
        """Fine-tuning is training: it runs in the Training tab's worker, where its live plots are."""
        if self.training_tab.start_finetune(run_dir, settings, parent_version):
            self.tabs.setCurrentWidget(self.training_tab)

    def _add_folder(self) -> None:
        self.tabs.setCurrentWidget(self.dataset_tab)
        self.dataset_tab.sources_panel.add_folder()

    # -- status --------------------------------------------------------------------------------------
    def set_activity(self, text: str) -> None:
        self.activity_label.setText(text)

    def _update_device_label(self) -> None:
        self.device_label.setText(self.tr("Device: {device}").format(device=self.device_text))

    def _on_run_opened(self, run_dir: str) -> None:
        self.store.add_recent_run(run_dir)
        self.current_run.set(run_dir)

    def _on_run_finished(self, run_dir: str) -> None:
        # The Feedback tab first: it adds the newly trained checkpoint as a version only to a run it
        # already shows; a run it switches to keeps the version in use there.
        self.feedback_tab.training_finished(run_dir)
        self.current_run.set(run_dir)
        self.current_run.mark_updated(run_dir)

    def _update_title(self, run_name: str) -> None:
        self.setWindowTitle(f"AIGC Desktop — {run_name}" if run_name else "AIGC Desktop")

    # -- drag and drop -------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        self.tabs.setCurrentWidget(self.dataset_tab)
        for path in paths:
            self.store.add_recent_data(path)
        self.dataset_tab.add_paths(paths)

    # -- closing -------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.training_tab.is_running():
            answer = self._ask_stop_training()
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.set_activity(self.tr("Stopping and saving a checkpoint…"))
            self.training_tab.stop_and_wait()
        self.dataset_tab.shutdown()
        self.gallery_tab.shutdown()
        self.feedback_tab.shutdown()
        self._probe.shutdown(10_000)
        self.store.save_geometry(self.saveGeometry())
        event.accept()

    def _ask_stop_training(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, self.tr("Training is running"),
            self.tr("Stop training and save a checkpoint before closing? You can resume the run later."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)

