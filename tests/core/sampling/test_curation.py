"""Curating a tiny trained run: best-of-N by the discriminator, truncation, near-copies, polishing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.sampling.curation import (
    copy_threshold,
    discriminator_scores,
    keep_best,
    load_discriminator,
    near_copy_flags,
    nearest_training_images,
    postprocess,
    truncated_latents,
)
from aigc_desktop.core.sampling.generation import latents, load_generator


@pytest.fixture
def run(tiny_dataset_run: Path) -> Path:
    """The session's run trained on ``tiny_dataset()`` (tests/core/conftest.py), read only."""
    return tiny_dataset_run


def test_load_discriminator_from_a_run_or_a_checkpoint(run, tiny_dataset):
    images = tiny_dataset().images
    from_run = discriminator_scores(load_discriminator(run), images)
    from_file = discriminator_scores(load_discriminator(RunFolder(run).checkpoints_dir / "ckpt-00000040.pt"), images)
    older = discriminator_scores(load_discriminator(RunFolder(run).checkpoints_dir / "ckpt-00000020.pt"), images)
    assert from_run.shape == (12,) and from_run.dtype == np.float32
    assert np.array_equal(from_run, from_file) and not np.array_equal(from_run, older)
    # An image's score does not depend on the batch it is scored in.
    assert np.array_equal(from_run, discriminator_scores(load_discriminator(run), images, batch=5))


def test_keep_best_returns_the_top_k_by_score_best_first(run):
    gen, d = load_generator(run), load_discriminator(run)
    best = keep_best(gen, d, k=5, n=40, seed=7)
    all_scores = discriminator_scores(d, gen.generate(truncated_latents(40, gen.config.z_dim, 7)))
    assert [s for _, s in best] == sorted(all_scores.tolist(), reverse=True)[:5]
    assert [s for _, s in best] == pytest.approx([float(all_scores[i]) for i, _ in best])
    assert len({i for i, _ in best}) == 5
    with pytest.raises(ValueError, match="keep"):
        keep_best(gen, d, k=41, n=40, seed=7)


def test_truncation_psi_one_is_plain_latents_and_zero_is_the_average_image(run):
    gen = load_generator(run)
    assert torch.equal(truncated_latents(6, 8, seed=3, psi=1.0), latents(6, 8, seed=3))
    assert torch.equal(truncated_latents(5, 64, seed=3), latents(5, 64, seed=3))
    assert torch.equal(truncated_latents(6, 8, seed=3, psi=0.7), truncated_latents(6, 8, seed=3, psi=0.7))
    assert torch.allclose(truncated_latents(6, 8, seed=3, psi=0.5), latents(6, 8, seed=3) * 0.5)
    average = [gen.generate(truncated_latents(4, 8, seed=s, psi=0.0)) for s in (0, 1, 2)]
    assert all(torch.equal(average[0][0], img) for batch in average for img in batch)
    varied = gen.generate(truncated_latents(4, 8, seed=0, psi=1.0))
    assert not torch.equal(varied[0], varied[1])
    with pytest.raises(ValueError, match="ψ"):
        truncated_latents(2, 8, seed=0, psi=1.5)


@pytest.mark.parametrize("z_dim", [8, 100])
def test_a_latent_does_not_depend_on_how_many_were_drawn(z_dim):
    # torch redraws the last 16 values of a randn whose size is not a multiple of 16; these rows
    # would change with n if the latents were drawn with a plain randn of n × z_dim values.
    full = truncated_latents(9, z_dim, seed=4, psi=0.8)
    for n in range(1, 9):
        assert torch.equal(truncated_latents(n, z_dim, seed=4, psi=0.8), full[:n])


def test_a_training_image_is_its_own_nearest_neighbour_and_a_near_copy(run, tiny_dataset):
    dataset, d = tiny_dataset(), load_discriminator(run)
    for space in ("pixel", "features"):
        found = nearest_training_images(dataset.images[4], dataset, k=3, space=space, d=d)
        assert found[0] == (4, 0.0) and len(found) == 3 and found[1][1] > 0
        assert [dist for _, dist in found] == sorted(dist for _, dist in found)
    noise = torch.randint(0, 256, (2, 3, 16, 16), generator=torch.Generator().manual_seed(0), dtype=torch.uint8)
    touched = dataset.images[7].clone()
    touched[:, 0, 0] += 1  # one pixel, one level brighter: still a copy, but no longer at distance 0
    fake = torch.cat([dataset.images[2:3], touched[None], noise])
    assert near_copy_flags(fake, dataset) == [True, True, False, False]
    assert near_copy_flags(fake, dataset, space="features", d=d)[:2] == [True, True]
    assert nearest_training_images(touched, dataset, k=1)[0][0] == 7
    assert 0 < nearest_training_images(touched, dataset, k=1)[0][1] < copy_threshold(dataset)
    assert near_copy_flags(fake, dataset, threshold=0.0) == [True, False, False, False]
    with pytest.raises(ValueError, match="space"):
        nearest_training_images(noise[0], dataset, space="features")  # needs the discriminator


def test_postprocess_enlarges_sharpens_and_converts_channels(tiny_dataset):
    image = tiny_dataset().images[1]
    assert postprocess(image).size == (16, 16) and postprocess(image).mode == "RGB"
    big = postprocess(image, upscale=4, channels=1)
    assert big.size == (64, 64) and big.mode == "L"
    grey = postprocess(image, channels=1)
    assert postprocess(torch.from_numpy(np.array(grey))[None], channels=3).mode == "RGB"
    soft, sharp = postprocess(image, upscale=2), postprocess(image, upscale=2, sharpen=1.0)
    assert sharp.size == soft.size and not np.array_equal(np.array(sharp), np.array(soft))
    # Sharpening raises local contrast: the image's pixels spread further from their mean.
    assert np.array(sharp, dtype=float).std() > np.array(soft, dtype=float).std()
    for bad in ({"upscale": 3}, {"sharpen": 2.0}, {"channels": 2}):
        with pytest.raises(ValueError):
            postprocess(image, **bad)
