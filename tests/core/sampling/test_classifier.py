"""The small classifier that counts what a generator makes: it learns, it keeps, it refuses bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from aigc_desktop.core.errors import CheckpointError, DataError
from aigc_desktop.core.sampling.classifier import FitReport, ImageClassifier

CLASSES = ("square", "disc")


pytestmark = pytest.mark.usefixtures("one_thread")


def toy_set(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """16 px squares and discs of about the same area, at random places and sizes, on noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:16, 0:16] + 0.5
    images, labels = [], []
    for i in range(n):
        label = i % 2
        cx, cy = rng.uniform(6.0, 10.0, 2)
        r = rng.uniform(3.5, 5.5)
        inside = np.hypot(xx - cx, yy - cy) < r if label else np.maximum(abs(xx - cx), abs(yy - cy)) < 0.89 * r
        grey = rng.normal(50.0, 12.0, (16, 16)) + rng.uniform(110.0, 170.0) * inside
        images.append(np.repeat(grey[None], 3, axis=0))
        labels.append(label)
    return np.clip(images, 0, 255).astype(np.uint8), np.array(labels)


@pytest.fixture(scope="module")
def trained() -> tuple[ImageClassifier, FitReport]:
    images, labels = toy_set(240, seed=1)
    return ImageClassifier.fit(images, labels, CLASSES, width=8, max_epochs=8)


def test_learns_shapes_far_above_chance(trained: tuple[ImageClassifier, FitReport]) -> None:
    model, report = trained
    images, labels = toy_set(100, seed=2)  # pictures it never saw
    scores = model.score(images, labels)
    assert scores.accuracy >= 0.85, scores
    assert min(scores.recall.values()) >= 0.7, scores
    assert model.classes == list(CLASSES)
    assert report.train_images + report.val_images == 240 and report.best_epoch <= report.epochs
    proba = model.predict_proba(images)
    assert proba.shape == (100, 2) and np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert sum(model.shares(images).values()) == pytest.approx(1.0)


def test_same_seed_same_model_and_caller_random_stream_untouched() -> None:
    images, labels = toy_set(40, seed=3)
    torch.manual_seed(123)
    expected_next = torch.rand(1)
    torch.manual_seed(123)
    settings = {"width": 4, "max_epochs": 2, "seed": 5, "flips": True, "blur": 1.0}
    a, _ = ImageClassifier.fit(images, labels, CLASSES, **settings)
    assert torch.equal(torch.rand(1), expected_next)
    b, _ = ImageClassifier.fit(images, labels, CLASSES, **settings)
    assert np.array_equal(a.predict_proba(images), b.predict_proba(images))


def test_save_load_round_trip(trained: tuple[ImageClassifier, FitReport], tmp_path: Path) -> None:
    model, _ = trained
    model.info = {"held_out": {"accuracy": 0.9}}
    images, _ = toy_set(30, seed=4)
    path = model.save(tmp_path / "cls" / "shapes.pt")
    loaded = ImageClassifier.load(path)
    assert loaded.classes == list(CLASSES) and loaded.info == model.info
    assert np.array_equal(loaded.predict_proba(images), model.predict_proba(images))
    assert np.array_equal(loaded.predict(images), model.predict(images))


def test_load_refuses_what_is_not_a_classifier(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="No classifier file"):
        ImageClassifier.load(tmp_path / "missing.pt")
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"not a torch file")
    with pytest.raises(CheckpointError, match="not a readable classifier"):
        ImageClassifier.load(garbage)
    other = tmp_path / "other.pt"
    torch.save({"G": {}}, other)
    with pytest.raises(CheckpointError, match="not a classifier file"):
        ImageClassifier.load(other)


@pytest.mark.parametrize(
    ("labels", "match"),
    [
        ([0, 1, 2, 0, 1, 0], "Label 2 is out of range"),
        ([0, 1, -1, 0, 1, 0], "Label -1 is out of range"),
        ([0, 1, 0, 1], "6 images but 4 labels"),
        ([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], "flat list of class numbers"),
        ([0, 1, 1, 1, 1, 1], "Class number 0 has 1 picture"),
    ],
)
def test_bad_labels_raise_a_clear_error(labels: list[float], match: str) -> None:
    images, _ = toy_set(6, seed=5)
    with pytest.raises(DataError, match=match):
        ImageClassifier.fit(images, labels, CLASSES, max_epochs=1)


def test_bad_images_and_classes_raise_a_clear_error(trained: tuple[ImageClassifier, FitReport]) -> None:
    images, labels = toy_set(6, seed=6)
    with pytest.raises(DataError, match="uint8 with shape"):
        ImageClassifier.fit(images.astype(np.float32), labels, CLASSES)
    with pytest.raises(DataError, match="at least two classes"):
        ImageClassifier.fit(images, np.zeros(6, dtype=int), ["only"])
    with pytest.raises(DataError, match="distinct"):
        ImageClassifier.fit(images, labels, ["a", "a"])
    model, _ = trained
    with pytest.raises(DataError, match="takes 3-channel 16 px pictures"):
        model.predict(np.zeros((2, 3, 32, 32), dtype=np.uint8))
