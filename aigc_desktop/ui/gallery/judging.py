"""The Gallery's judgements of the images on show: the discriminator's ranking, the near-copy check and
the offline quality score of the chosen model. They act through the tab's widgets and job runner."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from aigc_desktop.workers import gallery_jobs as jobs
from aigc_desktop.workers.job_runner import Job

if TYPE_CHECKING:
    from aigc_desktop.ui.gallery.tab import GalleryTab


class JudgeTools(QObject):
    """See the module docstring."""

    def __init__(self, tab: GalleryTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def rank(self) -> None:
        """Sort the images by the discriminator's score, best first."""
        tab = self.tab
        batch = tab.model.batch
        if batch is None or not tab.model.rowCount():
            return
        images = tab.model.images()
        classes = [im.class_name for im in images] if all(im.class_name for im in images) else []
        fn = partial(jobs.rank, cache=tab.cache, choice=batch.choice, arrays=[im.array for im in images],
                     classes=classes)
        tab._submit(Job("rank", fn, self._on_ranked, on_error=tab._on_error))

    def _on_ranked(self, scores: list[float]) -> None:
        self.tab.model.set_scores(scores)
        self.tab._finish(self.tab.words.ranked(scores))
        self.tab._show_current()

    def check_copies(self) -> None:
        """Mark the images that are near-copies of a training picture."""
        tab = self.tab
        batch = tab.model.batch
        if batch is None or not tab.model.rowCount():
            return
        fn = partial(jobs.check_copies, cache=tab.cache, choice=batch.choice,
                     arrays=[im.array for im in tab.model.images()])
        tab._submit(Job("copies", fn, self._on_copies, on_error=tab._on_error))

    def _on_copies(self, check: jobs.CopyCheck) -> None:
        self.tab.model.set_copies(check.distances, check.flags)
        self.tab._finish(self.tab.words.copies(sum(check.flags), len(check.flags)))
        self.tab._show_current()

    def evaluate(self) -> None:
        """Score the chosen model offline against its training pictures (see ``core.sampling.quality``)."""
        tab = self.tab
        choice = tab._fresh_choice()
        if choice is None:
            return
        fn = partial(jobs.evaluate, cache=tab.cache, choice=choice)
        tab._submit(Job("evaluate", fn, partial(self._on_evaluated, choice.step), on_error=tab._on_error,
                        supersedable=False))

    def _on_evaluated(self, step: int, evaluation: jobs.Evaluation) -> None:
        self.tab.curation.show_quality(evaluation, step, self.tab.picker.info)
        self.tab._finish(self.tr("Quality score {score:.1f} for step {step:,}.").format(
            score=evaluation.figures["score"], step=step))
