"""Ratings of a model trained by class keep each image's class: batches, fine-tuning, regenerating."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from aigc_desktop.core.feedback.finetune import FinetuneSettings, finetune, rated_images, rated_labels
from aigc_desktop.core.feedback.store import FeedbackStore
from aigc_desktop.core.feedback.versions import current_version
from aigc_desktop.workers.feedback_jobs import rating_batch
from aigc_desktop.workers.job_context import JobContext


@pytest.fixture
def run(conditional_run: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(conditional_run, tmp_path / "run"))


def test_a_batch_can_be_limited_to_one_class_and_each_image_knows_its_class(run: Path) -> None:
    dark = rating_batch(JobContext(), str(run), 6, seed=2, class_name="dark")
    assert dark.classes == ["dark"] * 6 and dark.model_classes == ("bright", "dark")
    assert max(a.mean() for a in dark.arrays) < 120
    mixed = rating_batch(JobContext(), str(run), 4, seed=2)
    assert mixed.classes == ["bright", "dark", "bright", "dark"]


def test_fine_tuning_regenerates_and_trains_each_rated_image_as_its_class(run: Path) -> None:
    batch = rating_batch(JobContext(), str(run), 8, seed=4, class_name="dark")
    with FeedbackStore.for_run(run) as store:
        version = current_version(run, store)
        for i, (z, name) in enumerate(zip(batch.latents, batch.classes, strict=True)):
            store.add_rating(seed=4, latent_index=i, latent=z, rating=1 if i % 2 else -1,
                             model_version=version.id, class_name=name)
        ratings = store.ratings()
        images = rated_images(run, store, ratings, version)
        # made again as what was rated: the dark class, pixel for pixel
        assert np.array_equal(images.permute(0, 2, 3, 1).numpy(), np.stack(batch.arrays))
    assert rated_labels(ratings, ["bright", "dark"]).tolist() == [1] * 8
    made = finetune(run, FinetuneSettings(steps=4, sample_every=4), device="cpu")
    assert made.kind == "finetuned" and (run / made.checkpoint).is_file()
