"""The Gallery's tools for a model trained by class: which classes it has, the labelled-dataset export
and the usefulness report. They act through the tab's widgets and job runners."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from aigc_desktop.ui.gallery.dataset_export import DatasetExportDialog
from aigc_desktop.ui.gallery.usefulness_view import UsefulnessDialog
from aigc_desktop.workers import gallery_jobs as jobs
from aigc_desktop.workers.engine_text import engine_text
from aigc_desktop.workers.job_runner import Job

if TYPE_CHECKING:
    from aigc_desktop.ui.gallery.tab import GalleryTab


class ClassTools(QObject):
    """See the module docstring. ``classes`` is the chosen model's ([] when it was not trained by class)."""

    def __init__(self, tab: GalleryTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.classes: list[str] = []
        self.usefulness_dialog: UsefulnessDialog | None = None

    def describe_model(self) -> None:
        """Load the chosen model in the background and offer its classes (hidden when it has none)."""
        tab = self.tab
        choice = tab.picker.choice()
        self._on_described(jobs.ModelInfo(0, 0, 0, False))
        if choice is not None:
            fn = partial(jobs.describe, cache=tab.cache, choice=choice)
            tab.detail_runner.submit(Job("describe", fn, self._on_described,
                                         on_error=lambda _text: None))  # generating will say it in words

    def _on_described(self, info: jobs.ModelInfo) -> None:
        self.classes = list(info.classes)
        self.tab.controls.set_classes(info.classes)
        self.tab.export_panel.set_by_class(bool(info.classes))

    def export_dataset(self) -> DatasetExportDialog | None:
        """Ask for the labelled dataset's settings, then export it as a job (progress, Cancel)."""
        tab = self.tab
        choice = tab._fresh_choice()
        if choice is None or not self.classes:
            return None
        dialog = DatasetExportDialog(self.classes, tab)
        if dialog.exec() != DatasetExportDialog.DialogCode.Accepted:
            return dialog
        r = dialog.request()
        fn = partial(jobs.export_dataset, cache=tab.cache, choice=choice, target=r.target, per_class=r.per_class,
                     classes=r.classes, keep=r.keep, leave_out_copies=r.leave_out_copies,
                     seed=tab.controls.seed_spin.value(), psi=tab.controls.psi())
        tab._submit(Job("dataset", fn, self._on_dataset_exported, on_error=tab._on_error, supersedable=False))
        return dialog

    def _on_dataset_exported(self, result: Any) -> None:
        counts = ", ".join(f"{name} {count:,}" for name, count in result.written.items())
        text = self.tr("Exported {n:,} pictures to {target} ({counts}); {copies:,} near-copies left out.").format(
            n=result.total, target=str(result.target), counts=counts, copies=sum(result.near_copies_left_out.values()))
        problems = [engine_text(s) for s in ([result.error] if result.error is not None else []) + result.warnings]
        if problems:
            self.tab._on_error(" ".join(problems))
        self.tab._finish(text)

    def usefulness(self) -> None:
        """The usefulness report of the chosen model, as a job (minutes; progress and Cancel)."""
        tab = self.tab
        choice = tab._fresh_choice()
        if choice is None or not self.classes:
            return
        fn = partial(jobs.usefulness, cache=tab.cache, choice=choice)
        tab._submit(Job("usefulness", fn, self._on_usefulness, on_error=tab._on_error, supersedable=False))

    def _on_usefulness(self, result: jobs.Usefulness) -> None:
        sentences = [engine_text(s) for s in result.sentences]
        self.usefulness_dialog = UsefulnessDialog(result.figures, sentences, self.tab)
        self.usefulness_dialog.show()
        self.tab._finish(sentences[0] if sentences else "")
