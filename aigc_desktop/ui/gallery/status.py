"""The Gallery's sentences for the status bar and the line above the grid, in one place to translate."""

from __future__ import annotations

from PySide6.QtCore import QObject

from aigc_desktop.ui.gallery.model import Batch, GalleryModel
from aigc_desktop.workers.job_context import ModelInfo


class StatusWords(QObject):
    """Turns job kinds, progress and results into plain sentences."""

    def working(self, kind: str | None) -> str:
        return {
            "generate": self.tr("Making images…"),
            "psi": self.tr("Redrawing the images with the new variety…"),
            "rank": self.tr("Ranking the images by the discriminator…"),
            "keep": self.tr("Making images and keeping the best…"),
            "copies": self.tr("Comparing the images with the training pictures…"),
            "evaluate": self.tr("Computing the quality score…"),
            "export": self.tr("Exporting images…"),
            "dataset": self.tr("Exporting the labelled dataset…"),
            "usefulness": self.tr("Training small classifiers to see whether the pictures help…"),
        }.get(kind or "", self.tr("Working…"))

    def progress(self, kind: str, phase: str, done: int, total: int) -> str:
        if phase == "load":
            return self.tr("Loading the model…")
        if phase == "classes":
            return self.tr("Teaching a classifier your classes, once for this run, to check each looks like itself…")
        if total <= 1:
            return self.working(kind)
        return self.tr("{what} {done:,} / {total:,}").format(what=self.working(kind), done=done, total=total)

    def generated(self, kind: str, n: int, seconds: float, batch: Batch | None, info: ModelInfo) -> str:
        if kind == "psi" and batch is not None:
            text = self.tr("Redrew {n:,} images with variety ψ {psi:.2f} in {s:.1f} s.").format(
                n=n, psi=batch.psi, s=seconds)
        else:
            text = self.tr("Made {n:,} images in {s:.1f} s.").format(n=n, s=seconds)
        if batch is not None and batch.choice.ema and not info.is_ema:
            text += " " + self.tr("This checkpoint has no averaged (EMA) generator: the live one was used.")
        return text

    def ranked(self, scores: list[float]) -> str:
        if not scores:
            return self.tr("Nothing to rank.")
        return self.tr("Ranked {n:,} images, best first (scores {hi:.2f} to {lo:.2f}).").format(
            n=len(scores), hi=max(scores), lo=min(scores))

    def kept(self, k: int, n: int) -> str:
        return self.tr("Kept the best {k:,} of {n:,} images, best first.").format(k=k, n=n)

    def copies(self, flagged: int, total: int) -> str:
        if flagged == 0:
            return self.tr("No near-copies: none of the {n:,} images copies a training picture.").format(n=total)
        return self.tr("⚠ {k:,} of {n:,} images are near-copies of training pictures (marked ⚠).").format(
            k=flagged, n=total)

    def summary(self, model: GalleryModel) -> str:
        """The line above the grid: how many images, from what, and what was checked."""
        n, batch = model.rowCount(), model.batch
        if batch is None or n == 0:
            return self.tr("No images yet: press Generate.")
        text = self.tr("{n:,} images · step {step:,} · seed {seed}").format(
            n=n, step=batch.choice.step, seed=batch.seed)
        images = model.images()
        if images and all(im.score is not None for im in images):
            text += " · " + self.tr("ranked")
        if any(im.copy_distance is not None for im in images):
            text += " · " + self.tr("{k:,} near-copies").format(k=model.copy_count())
        return text
