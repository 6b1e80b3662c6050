"""The Gallery's judging tools driven through the real widgets: ranking by D, keeping the best,
the nearest training pictures and copies, and the quality score in words (ui/gallery/judging.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from aigc_desktop.core.sampling.curation import discriminator_scores, keep_best, load_discriminator
from aigc_desktop.core.sampling.generation import load_generator
from aigc_desktop.ui.gallery.model import GalleryImage
from tests.ui.gallery.helpers import JOB_TIMEOUT, arrays, generate, select, wait_idle


def test_rank_sorts_by_the_discriminators_score(qtbot, tab, run):
    tab.set_run(str(run))
    generate(qtbot, tab, 30, seed=1)
    before = arrays(tab)
    tab.curation.rank_button.click()
    wait_idle(qtbot, tab)
    d = load_discriminator(run / "checkpoints" / "ckpt-00000040.pt")
    scores = discriminator_scores(d, torch.from_numpy(before).permute(0, 3, 1, 2))
    order = sorted(range(30), key=lambda i: (-scores[i], i))
    assert [im.index for im in tab.model.images()] == order
    shown = [im.score for im in tab.model.images()]
    assert shown == sorted(shown, reverse=True)
    assert shown == pytest.approx([float(scores[i]) for i in order], abs=1e-5)
    assert f"{shown[0]:.2f}" in tab.model.data(tab.model.index(0))
    assert np.array_equal(arrays(tab), before[order])


def test_keep_the_best_k_of_n(qtbot, tab, run):
    tab.set_run(str(run))
    tab.controls.seed_spin.setValue(4)
    tab.curation.keep_k.setValue(6)
    tab.curation.keep_n.setValue(200)
    tab.curation.keep_button.click()
    wait_idle(qtbot, tab)
    want = keep_best(load_generator(run), load_discriminator(run), 6, 200, seed=4)
    assert [im.index for im in tab.model.images()] == [i for i, _ in want]
    assert "Kept the best 6 of 200" in tab.words.kept(6, 200)


def test_detail_shows_provenance_and_the_nearest_training_pictures(qtbot, tab, run):
    tab.set_run(str(run))
    generate(qtbot, tab, 8, seed=5)
    select(tab, [3])
    qtbot.waitUntil(lambda: len(tab.detail.neighbour_distances()[1]) == 5, timeout=JOB_TIMEOUT)
    text = tab.detail.provenance.text()
    for part in ("tiny-run", "step 40", "Latent index", "<td>3</td>", "averaged (EMA)"):
        assert part in text
    pixel, features = tab.detail.neighbour_distances()
    assert len(pixel) == 5 and pixel == sorted(pixel) and features == sorted(features)
    assert tab.detail.view.has_image()


def test_a_training_picture_is_found_at_distance_0_and_flagged_as_a_copy(qtbot, tab, run):
    from aigc_desktop.workers.gallery_jobs import EngineCache

    tab.set_run(str(run))
    generate(qtbot, tab, 5, seed=5)
    training = EngineCache().dataset(tab.picker.choice()).images[3].permute(1, 2, 0).numpy()
    # Put a training picture among the generated ones: what a model that memorised would produce.
    images = [*tab.model.images(), GalleryImage(99, training.copy(), 1.0)]
    tab.model.start_batch(tab.model.batch, images)
    select(tab, [5])
    qtbot.waitUntil(lambda: len(tab.detail.neighbour_distances()[0]) == 5, timeout=JOB_TIMEOUT)
    assert tab.detail.neighbour_distances()[0][0] == 0.0
    assert "near-copy of training picture 3" in tab.detail.neighbour_note.text()

    tab.curation.copies_button.click()
    wait_idle(qtbot, tab)
    assert [im.is_copy for im in tab.model.images()] == [False] * 5 + [True]
    assert "1 near-copies" in tab.status_label.text()
    assert tab.model.data(tab.model.index(5)).startswith("⚠")


def test_evaluate_says_the_score_in_words(qtbot, tab, run):
    tab.set_run(str(run))
    tab.curation.evaluate_button.click()
    wait_idle(qtbot, tab)
    text = tab.curation.quality_label.text()
    assert "Step 40: quality score" in text and "lower is better" in text
    assert "look-alike" in text and "Variety" not in text and "good" not in text
    # Examples are shown exactly when there are pictures nothing resembles.
    strip = tab.curation.uncovered
    assert strip.isVisibleTo(tab) == bool(strip.pictures) == ("have no generated look-alike" in text)


def test_the_pictures_nothing_generated_resembles_are_shown_with_their_names(qtbot, tab, run, monkeypatch):
    from aigc_desktop.core.sampling import coverage, quality

    real_evaluate = quality.evaluate

    def only_dark(gen, data, n, seed, judge=None):  # a model that has lost the pictures with a bright square
        dark = data.images[0::2]
        # Eight pictures are too few for neighbourhoods of five: three keep the two kinds apart.
        reference = coverage.CoverageReference(data.images, n, seed=seed, k=3)
        return real_evaluate(lambda n, seed: dark[torch.arange(n) % len(dark)], data, n=n, seed=seed,
                             reference=reference)

    monkeypatch.setattr(quality, "evaluate", only_dark)
    tab.set_run(str(run))
    tab.curation.evaluate_button.click()
    wait_idle(qtbot, tab)
    assert "About 50 % of your pictures have no generated look-alike." in tab.curation.quality_label.text()
    strip = tab.curation.uncovered
    assert strip.isVisibleTo(tab)
    shown = [b for b in strip.buttons if b.isVisibleTo(tab)]
    assert len(shown) == len(strip.pictures) == 4
    assert sorted(Path(p.name).name for p in strip.pictures) == ["part1.png", "part3.png", "part5.png", "part7.png"]
    for button, picture in zip(shown, strip.pictures, strict=True):
        assert picture.array[8, 8].min() > 200, "the picture itself, with its bright square"
        assert Path(picture.name).name in button.toolTip() and not button.icon().isNull()
    assert not strip.name_label.isVisibleTo(tab)
    shown[-1].click()
    assert Path(strip.pictures[-1].name).name in strip.name_label.text() and strip.name_label.isVisibleTo(tab)
    # Another run: nothing is scored there yet.
    tab.curation.clear_quality()
    assert not strip.isVisibleTo(tab) and tab.curation.quality_label.text() == "Not scored yet."


def test_the_gallery_scores_a_checkpoint_as_its_training_did(qtbot, tab, tmp_path, make_tiny_run):
    run = make_tiny_run(tmp_path, eval_every=20, eval_images=64)
    rows = {row["step"]: row for row in map(json.loads, (run / "quality.jsonl").read_text().splitlines())}
    tab.set_run(str(run))
    best = min(rows, key=lambda step: rows[step]["score"])
    assert tab.picker.choice().step == best
    tab.curation.evaluate_button.click()
    wait_idle(qtbot, tab)
    text = tab.curation.quality_label.text()
    assert f"Step {best}: quality score {rows[best]['score']:.1f} (lower is better" in text
    assert f"While training, the best score was {rows[best]['score']:.1f}, at step {best}." in text


def test_a_model_that_covers_every_picture_shows_no_examples(qtbot, tab, run, monkeypatch):
    from aigc_desktop.core.sampling import quality

    real_evaluate = quality.evaluate

    def replaying(gen, data, n, seed, judge=None):  # a "model" that replays the training pictures
        return real_evaluate(lambda n, seed: data.images[torch.arange(n) % len(data)], data, n=n, seed=seed)

    monkeypatch.setattr(quality, "evaluate", replaying)
    tab.set_run(str(run))
    tab.curation.evaluate_button.click()
    wait_idle(qtbot, tab)
    text = tab.curation.quality_label.text()
    assert "Almost every one of your pictures has a generated look-alike." in text
    assert "near-copies of your pictures" in text
    assert not tab.curation.uncovered.isVisibleTo(tab) and tab.curation.uncovered.pictures == []
