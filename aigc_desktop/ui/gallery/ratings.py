"""Ratings made in the Gallery: stored in the run's ratings database, like those of the Feedback tab."""

from __future__ import annotations

from aigc_desktop.core.feedback.store import FeedbackStore
from aigc_desktop.ui.gallery.model import Batch, GalleryImage


class GalleryRatings:
    """One database connection for the run on show (GUI thread), and the model version of each checkpoint."""

    def __init__(self) -> None:
        self._store: FeedbackStore | None = None
        self._run = ""
        self._versions: dict[str, int] = {}  # checkpoint path → model version id

    def add(self, batch: Batch, image: GalleryImage, value: int) -> int:
        """Store and commit one rating; returns its id. Raises FeedbackStoreError or CheckpointError in words."""
        store = self._open(batch.choice.run_dir)
        version = self._versions.get(batch.choice.checkpoint)
        if version is None:
            # The checkpoint becomes a model version the first time one of its images is rated (a
            # hard link in versions/, so the run's pruning can't take it away from the ratings).
            from aigc_desktop.core.feedback.versions import register_checkpoint

            version = register_checkpoint(batch.choice.run_dir, batch.choice.checkpoint, make_current=False,
                                          store=store).id
            self._versions[batch.choice.checkpoint] = version
        return store.add_rating(seed=batch.seed, latent_index=image.index, latent=image.latent, rating=value,
                                model_version=version, checkpoint_step=batch.choice.step, psi=image.psi,
                                source="gallery", replaces=image.rating_id, class_name=image.class_name)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _open(self, run_dir: str) -> FeedbackStore:
        if self._store is None or run_dir != self._run:
            self.close()
            self._store, self._run, self._versions = FeedbackStore.for_run(run_dir), run_dir, {}
        return self._store
