"""The Gallery tab: make images with a trained model, browse and curate them, export them.

Layout: the controls on the left (model, generation, tools, export), the grid in the middle, the
selected image on the right. All engine work runs in ``workers.gallery_jobs`` on worker threads, in
two lanes (``JobRunner``): one for work on the whole set, one for the selected image's neighbours,
so looking at an image never waits for, or cancels, a generation of thousands.

The run shown is the window's current run (``CurrentRun``), the one the Feedback tab rates too;
images are made on the device chosen in the Training tab.
"""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from aigc_desktop.core.errors import CheckpointError
from aigc_desktop.core.feedback.store import FeedbackStoreError
from aigc_desktop.ui.current_run import CurrentRun
from aigc_desktop.ui.gallery.by_class import ClassTools
from aigc_desktop.ui.gallery.controls import GenerateControls
from aigc_desktop.ui.gallery.curation import CurationPanel
from aigc_desktop.ui.gallery.detail import DetailPanel
from aigc_desktop.ui.gallery.export import ExportPanel
from aigc_desktop.ui.gallery.interpolation import InterpolationDialog
from aigc_desktop.ui.gallery.judging import JudgeTools
from aigc_desktop.ui.gallery.layout import GridBar, WorkPage
from aigc_desktop.ui.gallery.model import Batch, GalleryImage, GalleryModel
from aigc_desktop.ui.gallery.model_picker import ModelPicker
from aigc_desktop.ui.gallery.ratings import GalleryRatings
from aigc_desktop.ui.gallery.status import StatusWords
from aigc_desktop.ui.widgets.image_grid import ThumbnailGrid
from aigc_desktop.ui.widgets.pages import EmptyPage
from aigc_desktop.workers import gallery_jobs as jobs
from aigc_desktop.workers.engine_text import engine_text
from aigc_desktop.workers.job_runner import Job, JobRunner

ERROR_STYLE = "color: #c0392b;"
WARNING_STYLE = "color: #9a6700;"


class GalleryTab(QWidget):
    """See the module docstring. ``set_run``, ``set_device`` and ``shutdown`` are for the main window;
    ``current_run`` is the window's (a tab on its own makes its own)."""

    busyChanged = Signal(bool, str)  # busy?, what is happening (or what just happened), for the status bar
    rated = Signal(str)  # run folder: an image was rated here (the Feedback tab's tally changes)

    def __init__(self, current_run: CurrentRun | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_run = current_run or CurrentRun(self)
        self.cache = jobs.EngineCache()
        self.runner = JobRunner("gallery", self)
        self.detail_runner = JobRunner("gallery-detail", self)
        self.words = StatusWords(self)
        self.interpolation: InterpolationDialog | None = None
        self._started = 0.0
        self._last_kind = ""
        self._last_message = ""

        self.picker = ModelPicker()
        self.controls = GenerateControls()
        self.curation = CurationPanel()
        self.export_panel = ExportPanel()
        self.model = GalleryModel(self)
        self.grid = ThumbnailGrid(self.model, thumb_px=96)
        self.detail = DetailPanel()
        self.bar = GridBar()
        self.bar.size_slider.valueChanged.connect(self.grid.set_thumb_size)
        self.bar.interpolate_button.clicked.connect(self.interpolate)
        self.status_label, self.interpolate_button = self.bar.status_label, self.bar.interpolate_button
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.stack = QStackedWidget()
        self.stack.addWidget(EmptyPage(self.picker.ask_run))
        self.stack.addWidget(WorkPage(
            [(self.tr("Model"), self.picker), (self.tr("Generate"), self.controls), (None, self.curation),
             (self.tr("Export"), self.export_panel)],
            self.bar, self.error_label, self.grid, self.detail))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Selection → large view and neighbours; debounced so arrow-key browsing stays light.
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(120)
        self._detail_timer.timeout.connect(self._show_current)
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)
        self.grid.selectionModel().currentChanged.connect(self._on_selection)
        self.grid.deleteRequested.connect(self._delete_rows)
        self.picker.runChanged.connect(self._on_run_changed)
        self.current_run.changed.connect(self._show_run)
        self.current_run.updated.connect(self._show_run)
        self.picker.choiceChanged.connect(self._update_enabled)
        self.by_class = ClassTools(self)  # the class picker's choices, labelled export, usefulness
        self.picker.choiceChanged.connect(self.by_class.describe_model)
        self.controls.generateRequested.connect(self.generate)
        self.controls.psiChanged.connect(self.change_psi)
        self.controls.cancelRequested.connect(self.cancel)
        self.judging = JudgeTools(self)  # ranking, near-copies, the quality score
        self.curation.rankRequested.connect(self.judging.rank)
        self.curation.keepBestRequested.connect(self.keep_best)
        self.curation.copiesRequested.connect(self.judging.check_copies)
        self.curation.evaluateRequested.connect(self.judging.evaluate)
        self.export_panel.exportRequested.connect(self.export)
        self.export_panel.datasetRequested.connect(self.by_class.export_dataset)
        self.export_panel.usefulnessRequested.connect(self.by_class.usefulness)
        self.detail.rateRequested.connect(self.rate)
        self.ratings = GalleryRatings()
        for key, value in (("G", 1), ("B", -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(partial(self.rate, value))
        self.runner.busyChanged.connect(self._on_busy)
        self.runner.progress.connect(self._on_progress)
        self.runner.jobEnded.connect(self._on_job_ended)
        self.model.rowsInserted.connect(self._update_status)
        self.model.rowsRemoved.connect(self._update_status)
        self.model.modelReset.connect(self._update_status)
        self._update_enabled()
        self._update_status()

    # -- public API ----------------------------------------------------------------------------------
    def set_run(self, run_dir: str) -> None:
        """Show this run's checkpoints (it becomes the current run); the images on show stay if it is shown already."""
        if not self.current_run.set(run_dir):
            self._show_run(self.current_run.path())  # the same run: list its checkpoints again

    def set_device(self, device: str) -> None:
        """Generate on ``device``: the Training tab's choice ("cpu" until the main window passes it on).

        An image made on a graphics card can differ from the CPU's by one level in a few pixels.
        """
        self.picker.device = device

    def is_busy(self) -> bool:
        return self.runner.is_busy() or self.detail_runner.is_busy()

    def shutdown(self) -> None:
        """Cancel all work and wait for every thread (the window is closing)."""
        self.controls.discard_pending()
        self._detail_timer.stop()
        if self.interpolation is not None:
            self.interpolation.shutdown()
        self.runner.shutdown()
        self.detail_runner.shutdown()
        self.model.shutdown()
        self.ratings.close()

    # -- generating ----------------------------------------------------------------------------------
    def generate(self) -> None:
        """Make the chosen number of images from the seed (replaces the images on show)."""
        choice = self._fresh_choice()
        if choice is None:
            return
        self.controls.discard_pending()
        seed, psi, n = self.controls.seed_spin.value(), self.controls.psi(), self.controls.count_spin.value()
        steer, class_name = self.controls.steer(), self.controls.class_name()
        self.model.start_batch(Batch(choice, seed, psi, choice.ema, steer, class_name))
        self.detail.clear()
        fn = partial(jobs.generate, cache=self.cache, choice=choice, seed=seed, indices=range(n), psi=psi,
                     steer=steer, class_name=class_name)
        self._submit(Job("generate", fn, partial(self._on_generated, "generate", n),
                         partial(self._on_new_chunk, psi), self._on_error))

    def change_psi(self, psi: float) -> None:
        """Redraw the images on show, same seeds and indices, with the new ψ."""
        kind = self.runner.current_kind()
        if kind == "generate":
            self.generate()  # still filling the grid: start it again at the new ψ, all of it
            return
        if kind == "keep":
            self.keep_best(self.curation.keep_k.value(), self.curation.keep_n.value())
            return
        batch = self.model.batch
        if batch is None or self.model.rowCount() == 0:
            return
        batch = Batch(batch.choice, batch.seed, psi, batch.is_ema, batch.steer, batch.class_name)
        self.model.set_batch(batch)
        indices = [im.index for im in self.model.images()]
        fn = partial(jobs.generate, cache=self.cache, choice=batch.choice, seed=batch.seed, indices=indices, psi=psi,
                     steer=batch.steer, class_name=batch.class_name)
        self._submit(Job("psi", fn, partial(self._on_generated, "psi", len(indices)),
                         partial(self._on_psi_chunk, psi), self._on_error))

    def _on_new_chunk(self, psi: float, chunk: jobs.Chunk) -> None:
        names = chunk.classes or [""] * len(chunk.arrays)
        self.model.append([GalleryImage(chunk.start + i, arr, psi, latent=z, class_name=name)
                           for i, (arr, z, name) in enumerate(zip(chunk.arrays, chunk.latents, names, strict=True))])

    def _on_psi_chunk(self, psi: float, chunk: jobs.Chunk) -> None:
        self.model.replace_arrays(chunk.start, chunk.arrays, psi, chunk.latents)

    def _on_generated(self, kind: str, n: int, info: jobs.ModelInfo) -> None:
        batch = self.model.batch
        if batch is not None and batch.is_ema != info.is_ema:
            self.model.set_batch(Batch(batch.choice, batch.seed, batch.psi, info.is_ema, batch.steer, batch.class_name))
        self._finish(self.words.generated(kind, n, time.perf_counter() - self._started, batch, info))
        self._show_current()

    # -- curating ------------------------------------------------------------------------------------
    def keep_best(self, k: int, n: int) -> None:
        """Generate ``n`` images from the seed and keep the ``k`` the discriminator likes best."""
        choice = self._fresh_choice()
        if choice is None:
            return
        self.controls.discard_pending()
        seed, psi, steer = self.controls.seed_spin.value(), self.controls.psi(), self.controls.steer()
        class_name = self.controls.class_name()
        self.model.start_batch(Batch(choice, seed, psi, choice.ema, steer, class_name))
        self.detail.clear()
        fn = partial(jobs.keep_best, cache=self.cache, choice=choice, seed=seed, k=k, n=n, psi=psi, steer=steer,
                     class_name=class_name)
        self._submit(Job("keep", fn, partial(self._on_kept, n, psi), on_error=self._on_error))

    def _on_kept(self, n: int, psi: float, kept: jobs.Kept) -> None:
        names = kept.classes or [""] * len(kept.indices)
        images = [GalleryImage(i, arr, psi, score=score, latent=z, class_name=name)
                  for i, arr, score, z, name in zip(kept.indices, kept.arrays, kept.scores, kept.latents, names,
                                                    strict=True)]
        batch = self.model.batch
        if batch is not None and batch.is_ema != kept.info.is_ema:
            batch = Batch(batch.choice, batch.seed, batch.psi, kept.info.is_ema, batch.steer, batch.class_name)
        self.model.start_batch(batch, images)
        self._finish(self.words.kept(len(images), n))

    # -- rating --------------------------------------------------------------------------------------
    def rate(self, value: int) -> None:
        """Rate the image shown large (+1 good, -1 bad); it counts in the Feedback tab like a rating made there."""
        row, batch = self.current_row(), self.model.batch
        if row < 0 or batch is None or not self.detail.good_button.isEnabled():
            return
        image = self.model.image(row)
        try:
            rating_id = self.ratings.add(batch, image, value)
        except (FeedbackStoreError, CheckpointError, OSError) as exc:
            self._on_error(engine_text(exc))
            return
        self.model.set_rating(row, value, rating_id)
        self.detail.show_image(batch, image)
        self.rated.emit(batch.choice.run_dir)
        self.busyChanged.emit(False, self.tr("Rated image {index} {verdict}.").format(
            index=image.index, verdict=self.tr("good") if value > 0 else self.tr("bad")))

    # -- exporting and interpolating -----------------------------------------------------------------
    def export(self, selected_only: bool, target: str) -> None:
        """Write the selected (or all) images as PNGs with provenance into a folder or a ``.zip``."""
        batch = self.model.batch
        rows = self.grid.selected_rows() if selected_only else list(range(self.model.rowCount()))
        if batch is None or not rows:
            return
        items = [jobs.ExportItem(im.array, batch.seed, im.index, im.psi, im.class_name)
                 for im in map(self.model.image, rows)]
        fn = partial(jobs.export, choice=batch.choice, items=items, target=target,
                     options=self.export_panel.options(batch.is_ema))
        self._submit(Job("export", fn, partial(self._on_exported, target), on_error=self._on_error,
                         supersedable=False))

    def _on_exported(self, target: str, names: list[str]) -> None:
        self._finish(self.tr("Exported {n:,} images to {target}").format(n=len(names), target=target))

    def interpolate(self) -> InterpolationDialog | None:
        """Open the morph between the two selected images."""
        rows = self.grid.selected_rows()
        if self.model.batch is None or len(rows) != 2:
            return None
        if self.interpolation is not None:
            self.interpolation.shutdown()
            self.interpolation.deleteLater()
        ends = (self.model.image(rows[0]), self.model.image(rows[1]))
        self.interpolation = InterpolationDialog(self.cache, self.model.batch, ends, self)
        self.interpolation.show()
        return self.interpolation

    def cancel(self) -> None:
        self.runner.cancel()

    # -- selection and detail ------------------------------------------------------------------------
    def current_row(self) -> int:
        """The row shown large: the current one if selected, else the first selected (-1 if none)."""
        rows = self.grid.selected_rows()
        current = self.grid.currentIndex().row()
        return current if current in rows else (rows[0] if rows else -1)

    def _on_selection(self, *_args: object) -> None:
        self._update_enabled()
        self._detail_timer.start()

    def _show_current(self) -> None:
        row, batch = self.current_row(), self.model.batch
        if row < 0 or batch is None or row >= self.model.rowCount():
            self.detail.clear()
            return
        image = self.model.image(row)
        self.detail.show_image(batch, image)
        fn = partial(jobs.nearest, cache=self.cache, choice=batch.choice, array=image.array)
        self.detail_runner.submit(Job("nearest", fn, self.detail.set_neighbours, on_error=self.detail.set_neighbour_text))

    def _delete_rows(self, rows: list[int]) -> None:
        if self.runner.is_busy():
            return  # rows are being filled or scored: their positions must not move meanwhile
        self.model.remove_rows(rows)
        self._show_current()

    # -- state ---------------------------------------------------------------------------------------
    def _submit(self, job: Job) -> None:
        self._last_kind = job.kind
        self.error_label.hide()
        self._started = time.perf_counter()
        self.runner.submit(job)
        self._update_enabled()

    def _finish(self, text: str) -> None:
        self._last_message = text
        self._update_status()

    def _on_error(self, text: str) -> None:
        instead = self.picker.refuse_if_named(text)  # a damaged checkpoint: the next one, said so
        if instead and self.picker.choice() is not None and self._last_kind == "generate":
            self.generate()  # before the message: a new job hides the last one's
        # A refused file with another one in its place is a warning (amber): the job went on. Red is
        # for what stopped it.
        warning = bool(instead) and self.picker.choice() is not None
        self.error_label.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        self.error_label.setText(instead or text)
        self.error_label.show()
        self._last_message = self.tr("Could not finish: {error}").format(error=text)

    def _fresh_choice(self) -> jobs.ModelChoice | None:
        # Training keeps only its newest few checkpoints: list them again, so a deleted one isn't used.
        self.picker.set_run(self.picker.run_dir())
        return self.picker.choice()

    def _on_job_ended(self, _kind: str, outcome: str) -> None:
        if outcome == "cancelled":
            self._last_message = self.tr("Stopped. What was done so far stays.")

    def _on_busy(self, busy: bool) -> None:
        self.controls.set_busy(busy)
        self._update_enabled()
        if busy:
            self.busyChanged.emit(True, self.words.working(self.runner.current_kind()))
        else:
            self.busyChanged.emit(False, self._last_message or self.tr("Ready"))
            self._last_message = ""

    def _on_progress(self, kind: str, phase: str, done: int, total: int) -> None:
        self.busyChanged.emit(True, self.words.progress(kind, phase, done, total))

    def _show_run(self, run_dir: str) -> None:
        self.picker.set_run(run_dir)
        self._update_enabled()

    def _on_run_changed(self, run_dir: str) -> None:
        """The picker shows another run ("Open run…" there, or the current run changed)."""
        self.runner.cancel()
        self.detail_runner.cancel()
        self.model.start_batch(None)
        self.detail.clear()
        self.curation.clear_quality()
        self.current_run.set(run_dir)

    def _update_enabled(self) -> None:
        have_model = self.picker.has_model()
        self.stack.setCurrentIndex(1 if have_model else 0)
        idle = not self.runner.is_busy()
        have_images = self.model.rowCount() > 0
        selected = len(self.grid.selected_rows())
        self.controls.generate_button.setEnabled(have_model)
        self.controls.dice_button.setEnabled(have_model)
        self.curation.set_enabled_for(idle, have_images, have_model)
        self.export_panel.set_buttons_enabled(idle and selected > 0, idle and have_images, idle)
        self.interpolate_button.setEnabled(selected == 2)

    def _update_status(self, *_args: object) -> None:
        self.status_label.setText(self.words.summary(self.model))
        self._update_enabled()
