"""The Feedback tab: people rate generated images, and the model learns from what they think.

Left: the rating controls and the tally; middle: the image being rated, large, above the batch;
right: the two ways to adjust the model and the tree of model versions.

A rating is written on the GUI thread, one committed transaction per key press, before the next
image is shown: a click is never lost, whatever happens next. Making images, steering, rollbacks,
comparisons and CSV files run in ``workers.feedback_jobs`` on a worker thread; fine-tuning is a
training job, so the main window hands it to the Training tab's worker, with its live plots.

The run rated is the window's current run (``CurrentRun``), the one the Gallery shows too; images
are made on the device chosen in the Training tab.
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QStackedWidget, QVBoxLayout, QWidget

from aigc_desktop.core.feedback.store import FeedbackStore, FeedbackStoreError
from aigc_desktop.core.run.layout import RunLayout
from aigc_desktop.paths import runs_dir
from aigc_desktop.ui.current_run import CurrentRun
from aigc_desktop.ui.feedback.adjust import AdjustPanel
from aigc_desktop.ui.feedback.batch import BatchView, RatingBatchModel
from aigc_desktop.ui.feedback.layout import BatchControls, FeedbackPage, TallyPanel
from aigc_desktop.ui.feedback.rating import RatingPanel
from aigc_desktop.ui.feedback.versions import CompareDialog, VersionsPanel, VersionWords
from aigc_desktop.ui.widgets.pages import EmptyPage
from aigc_desktop.workers import feedback_jobs as jobs
from aigc_desktop.workers.engine_text import engine_text
from aigc_desktop.workers.job_runner import Job, JobRunner

MAX_SEED = 2**31 - 1


class FeedbackTab(QWidget):
    """See the module docstring. ``set_run``, ``set_device``, ``training_finished`` and ``shutdown`` are for
    the main window; ``current_run`` is the window's (a tab on its own makes its own).

    Signals:
        busyChanged(bool, str): for the status bar.
        finetuneRequested(str, object, object): run folder, ``FinetuneSettings``, parent version id.
    """

    busyChanged = Signal(bool, str)
    finetuneRequested = Signal(str, object, object)

    def __init__(self, current_run: CurrentRun | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_run = current_run or CurrentRun(self)
        self.device = "cpu"
        self.store: FeedbackStore | None = None
        self.runner = JobRunner("feedback", self)
        self.words = VersionWords(self)
        self.compare_dialog: CompareDialog | None = None
        self._training = False
        self._last_message = ""

        self.model = RatingBatchModel(self)
        self.batch_view = BatchView(self.model, self.words)
        bv = self.batch_view
        self.grid, self.view, self.header, self.error_label = bv.grid, bv.view, bv.header, bv.error_label
        self.rating = RatingPanel()
        self.adjust = AdjustPanel()
        self.versions = VersionsPanel()

        self.batch_controls = BatchControls()
        self.count_spin, self.batch_button = self.batch_controls.count_spin, self.batch_controls.batch_button
        self.batch_button.clicked.connect(self.new_batch)
        self.tally = TallyPanel()
        self.tally.exportRequested.connect(self.export_csv)
        self.tally.importRequested.connect(self.import_csv)

        self.stack = QStackedWidget()
        self.stack.addWidget(EmptyPage(self._ask_run, text=self.tr(
            "<h2>Nothing to rate yet</h2><p>Train a model in the Training tab first, or open a run folder: "
            "its images appear here for you to rate, and the model learns from your ratings.</p>")))
        self.stack.addWidget(FeedbackPage(self.batch_controls, self.rating, self.tally, self.batch_view, self.adjust,
                                          self.versions))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._shortcuts()
        self.rating.goodRequested.connect(lambda: self.rate(1))
        self.rating.badRequested.connect(lambda: self.rate(-1))
        self.rating.undoRequested.connect(self.undo)
        self.adjust.steerRequested.connect(self.steer)
        self.adjust.finetuneRequested.connect(self.finetune)
        self.versions.useRequested.connect(self.use_version)
        self.versions.compareRequested.connect(self.compare)
        self.current_run.changed.connect(self._on_run_changed)
        self.runner.busyChanged.connect(self._on_busy)
        self.runner.progress.connect(self._on_progress)
        self._update_enabled()

    def _shortcuts(self) -> None:
        # WidgetWithChildren: the keys work anywhere in the tab; a text field being typed in keeps its
        # letters and arrows (Qt gives a focused line edit those keys before any shortcut).
        keys = [("G", lambda: self.rate(1)), ("B", lambda: self.rate(-1)), ("Right", partial(self.batch_view.move, 1)),
                ("Left", partial(self.batch_view.move, -1)), ("N", self.new_batch),
                (QKeySequence.StandardKey.Undo, self.undo),
                ("0", partial(self.rating.set_score, None))]
        keys += [(str(n), partial(self._toggle_score, n)) for n in range(1, 6)]
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- the main window's API -------------------------------------------------------------------------
    @property
    def run_dir(self) -> str:
        """The run rated: the window's current run."""
        return self.current_run.path()

    def set_run(self, run_dir: str) -> None:
        """Rate images of this run, which becomes the current run; the batch stays if it is the run shown."""
        if not self.current_run.set(run_dir):
            self._open_run() if self.store is None else self._refresh()

    def set_device(self, device: str) -> None:
        """Make images on ``device`` (the Training tab's choice) from the next batch on."""
        self.device = device

    def training_finished(self, run_dir: str) -> None:
        """The run trained on: its best checkpoint now (as the Gallery picks it) becomes the version in use."""
        if not self.current_run.is_current(run_dir) or self.store is None:
            self.set_run(run_dir)
            return
        self._submit(Job("register", partial(jobs.register_best, run_dir=run_dir), self._on_registered,
                         on_error=self._error, supersedable=False))

    def version_made(self, run_dir: str, version: object) -> None:
        """A fine-tune has finished as ``version``: show a batch of it to rate."""
        if not self.current_run.is_current(run_dir):
            self.set_run(run_dir)
            return
        self._last_message = self.tr("Fine-tuned version v{id} is ready: here is a batch of it to rate.").format(
            id=version.id)
        self._refresh()
        self.new_batch()

    def ratings_changed(self, run_dir: str) -> None:
        """Images were rated elsewhere (the Gallery): update the tally."""
        if self.current_run.is_current(run_dir):
            self._refresh()

    def set_training_running(self, running: bool) -> None:
        self._training = running
        self._update_enabled()

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def shutdown(self) -> None:
        if self.compare_dialog is not None:
            self.compare_dialog.shutdown()
        self.runner.shutdown()
        self.model.shutdown()
        self._close_store()

    # -- rating ----------------------------------------------------------------------------------------
    def new_batch(self) -> None:
        if self.store is None:
            return
        seed = random.randint(0, MAX_SEED)
        fn = partial(jobs.rating_batch, run_dir=self.run_dir, n=self.count_spin.value(), seed=seed, device=self.device,
                     class_name=self.batch_controls.class_name())
        self._submit(Job("batch", fn, self._on_batch, on_error=self._error))

    def rate(self, value: int) -> None:
        """Store a rating of the current image (+1 good, -1 bad) with the details set, and move on."""
        row, batch = self.grid.currentIndex().row(), self.model.batch
        if self.store is None or batch is None or row < 0:
            return
        im = self.model.image(row)
        score, tags, comment = self.rating.score(), self.rating.tags(), self.rating.comment()
        try:
            rating_id = self.store.add_rating(
                seed=batch.seed, latent_index=im.index, latent=im.latent, rating=value, psi=batch.psi,
                model_version=batch.version.id, checkpoint_step=batch.version.step, score=score, tags=tags,
                comment=comment, source="feedback", replaces=im.rating_id, class_name=im.class_name)
        except FeedbackStoreError as exc:
            self._error(engine_text(exc))  # the rating is not stored: the image stays where it is to try again
            return
        self.model.set_rated(row, rating_id, value, score, tags, comment)
        self.rating.clear_details()
        self.batch_view.set_current(self.model.next_unrated(row))
        self._refresh()

    def undo(self) -> None:
        if self.store is None:
            return
        try:
            undone = self.store.undo_last()
        except FeedbackStoreError as exc:
            self._error(engine_text(exc))
            return
        if undone is None:
            self._last_message = self.tr("There is no rating to undo.")
            self.busyChanged.emit(False, self._last_message)
            return
        row = self.model.row_of_rating(undone.id)
        if row >= 0:
            # A changed mind undone: the image's earlier rating is back (the store restored it).
            earlier = self.store.ratings(ids=[undone.replaces]) if undone.replaces is not None else []
            if earlier:
                r = earlier[0]
                self.model.set_rated(row, r.id, r.rating, r.score, r.tags, r.comment)
            else:
                self.model.set_rated(row, None, 0)
            self.batch_view.set_current(row)
        verdict = self.tr("good") if undone.rating > 0 else self.tr("bad")
        self.busyChanged.emit(False, self.tr("Undone: image {index} of seed {seed} rated {verdict}.").format(
            index=undone.latent_index, seed=undone.seed, verdict=verdict))
        self._refresh()

    def _toggle_score(self, n: int) -> None:
        self.rating.set_score(None if self.rating.score() == n else n)

    # -- adjusting -------------------------------------------------------------------------------------
    def steer(self, strength: float) -> None:
        if self.store is not None:
            fn = partial(jobs.steer, run_dir=self.run_dir, strength=strength)
            self._submit(Job("steer", fn, self._on_new_version, on_error=self._error, supersedable=False))

    def finetune(self, steps: int) -> None:
        if self.store is None:
            return
        summary = self.store.summary()
        if not (summary.good and summary.bad):
            self._error(self.tr("Fine-tuning needs images rated good and images rated bad. Rate some of each first."))
            return
        from aigc_desktop.core.feedback.finetune import FinetuneSettings

        self.error_label.hide()
        # Previews ten times, and the quality score once at the end, to set beside the parent's.
        settings = FinetuneSettings(steps=steps, sample_every=max(10, steps // 10), eval_every=steps)
        self.finetuneRequested.emit(self.run_dir, settings,
                                    self.store.current_version())

    def use_version(self, version_id: int) -> None:
        fn = partial(jobs.use_version, run_dir=self.run_dir, version_id=version_id)
        self._submit(Job("use", fn, self._on_new_version, on_error=self._error, supersedable=False))

    def compare(self) -> CompareDialog | None:
        """Open two versions side by side: the selected one (or the one in use) and its parent."""
        versions = self.versions.versions
        if len(versions) < 2:
            return None
        if self.compare_dialog is not None:
            self.compare_dialog.shutdown()
            self.compare_dialog.deleteLater()
        by_id = {v.id: v for v in versions}
        right = self.versions.selected_id() or self.versions.current or versions[-1].id
        parent = by_id[right].parent_id
        left = parent if parent is not None else next(v.id for v in versions if v.id != right)
        shares = self.store.summary().per_version if self.store is not None else {}
        self.compare_dialog = CompareDialog(self.run_dir, versions, left, right, shares, self, device=self.device)
        self.compare_dialog.show()
        self.compare_dialog.compare()
        return self.compare_dialog

    # -- CSV (the tally panel asks for the file) ----------------------------------------------------------
    def export_csv(self, path: str) -> None:
        if self.store is None:
            return
        fn = partial(jobs.export_ratings, run_dir=self.run_dir, path=path)
        self._submit(Job("export", fn, partial(self._on_exported, path), on_error=self._error, supersedable=False))

    def import_csv(self, path: str) -> None:
        if self.store is None:
            return
        fn = partial(jobs.import_ratings, run_dir=self.run_dir, path=path)
        self._submit(Job("import", fn, self._on_imported, on_error=self._error, supersedable=False))

    # -- results ---------------------------------------------------------------------------------------
    def _on_batch(self, batch: jobs.RatingBatch) -> None:
        self.batch_controls.set_classes(batch.model_classes)
        self.model.set_batch(batch)
        self.batch_view.set_current(0)
        self.grid.setFocus()
        self._refresh()

    def _on_new_version(self, version: object) -> None:
        self._last_message = self.tr("Now using {name}.").format(name=self.words.name(version))
        self._refresh()
        self.new_batch()

    def _on_registered(self, version: object) -> None:
        self._last_message = self.tr("Training moved on: {name} is now in use; new batches come from it.").format(
            name=self.words.name(version))
        self._refresh()

    def _on_exported(self, path: str, n: int) -> None:
        self._last_message = self.tr("Exported {n:,} ratings to {path}").format(n=n, path=path)

    def _on_imported(self, counts: tuple[int, int]) -> None:
        added, skipped = counts
        self._last_message = self.tr("Imported {added:,} ratings ({skipped:,} were here already).").format(
            added=added, skipped=skipped)
        self._refresh()

    # -- state -----------------------------------------------------------------------------------------
    def _on_run_changed(self, _run_dir: str) -> None:
        self.runner.cancel()
        self._close_store()
        self.batch_view.clear()
        self._open_run()

    def _open_run(self) -> None:
        """Open the current run's ratings and show a batch, if it has a model to draw from yet."""
        if not self.run_dir or not RunLayout(self.run_dir).has_model():
            self._update_enabled()
            return
        try:
            self.store = FeedbackStore.for_run(self.run_dir)
        except FeedbackStoreError as exc:
            self._error(engine_text(exc))
            self._update_enabled()
            return
        self.tally.run_name = Path(self.run_dir).name
        self._refresh()
        self.new_batch()

    def _refresh(self) -> None:
        """Tally, version tree and tag completions, from the database."""
        if self.store is None:
            self._update_enabled()
            return
        try:
            summary, versions = self.store.summary(), self.store.versions()
            current = self.store.current_version()
        except FeedbackStoreError as exc:
            self._error(engine_text(exc))
            return
        self.versions.set_versions(versions, current, summary)
        self.rating.set_known_tags([name for name, _ in summary.top_tags])
        self.tally.show_summary(summary, current)
        self.batch_view.update_header()
        self._update_enabled()

    def _submit(self, job: Job) -> None:
        self.error_label.hide()
        self.runner.submit(job)
        self._update_enabled()

    def _error(self, text: str) -> None:
        self.batch_view.show_error(text)
        self._last_message = self.tr("Could not finish: {error}").format(error=text)

    def _on_busy(self, busy: bool) -> None:
        self._update_enabled()
        if busy:
            self.busyChanged.emit(True, self._working(self.runner.current_kind()))
        else:
            self.busyChanged.emit(False, self._last_message or self.tr("Ready"))
            self._last_message = ""

    def _on_progress(self, kind: str, phase: str, done: int, total: int) -> None:
        text = self._working(kind)
        if total > 1:
            text = self.tr("{what} {done:,} / {total:,}").format(what=text, done=done, total=total)
        self.busyChanged.emit(True, text)

    def _working(self, kind: str | None) -> str:
        return {"batch": self.tr("Making images to rate…"), "steer": self.tr("Learning what you like…"),
                "use": self.tr("Switching model version…"), "register": self.tr("Adding the best checkpoint…"),
                "export": self.tr("Exporting ratings…"), "import": self.tr("Importing ratings…")}.get(
            kind or "", self.tr("Working…"))

    def _update_enabled(self) -> None:
        have = self.store is not None
        self.stack.setCurrentIndex(1 if have else 0)
        idle = not self.runner.is_busy()
        self.batch_button.setEnabled(have)
        self.rating.set_rating_enabled(have and self.model.rowCount() > 0)
        self.tally.set_buttons_enabled(have and idle)
        self.adjust.set_enabled_for(have and idle, not self._training)
        self.versions.set_idle(have and idle)

    def _close_store(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _ask_run(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a run folder"), str(runs_dir()))
        if folder:
            self.set_run(folder)
