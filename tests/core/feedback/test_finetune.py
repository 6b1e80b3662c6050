"""Adjusting a model with ratings: a simulated rater, the version tree, rollback and comparison.

One small GAN (16 px, grey) is trained once per module on a toy set of dark pictures with a light
square and light pictures with a dark square; each test works on its own copy of that run.

The quality margin. SWD compares with *all* the training pictures, half of them dark, so any model
that gives the rater more bright pictures is charged for the change of mix itself: 512 real toy
pictures score about 30 at half bright and about 100 at three quarters bright. The test therefore
allows SWD after ≤ 1.5 × SWD before + that cost of the mix (measured on real pictures at the
shares before and after), and prints the plain relative change as well.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.data.dataset_cache import CachedDataset, load_cached
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.feedback import finetune as ft
from aigc_desktop.core.feedback import versions
from aigc_desktop.core.feedback.store import FeedbackStore
from aigc_desktop.core.run.checkpoints import save_checkpoint
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.events import RunControl, TrainingHooks
from aigc_desktop.core.run.layout import RunLayout, cached_datasets
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.run.session import start_run
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.quality import evaluate

BASE_STEPS = 400
RATED, FRESH = 200, 400  # images the rater rates; images of a fresh batch the share is measured on
MIN_GAIN = 0.20  # the share liked must rise by at least 20 percentage points ...
SWD_MARGIN = 0.50  # ... while the quality score (SWD, lower is better) worsens by at most 50 % beyond the mix


def toy_images(n: int, seed: int) -> torch.Tensor:
    """uint8 (n, 1, 16, 16): half dark pictures with a light square, half light ones with a dark square."""
    g = torch.Generator().manual_seed(seed)
    level = torch.where(torch.arange(n) % 2 == 1, 190.0, 50.0) + torch.randint(-30, 31, (n,), generator=g)
    images = level[:, None, None] + 20 * torch.randn(n, 16, 16, generator=g)
    for i, (y, x) in enumerate(torch.randint(0, 10, (n, 2), generator=g).tolist()):
        images[i, y:y + 6, x:x + 6] = 255 - level[i]
    return images.clamp(0, 255).to(torch.uint8)[:, None]


def toy_pictures(folder: Path, n: int = 64, seed: int = 0) -> Path:
    folder.mkdir(parents=True)
    for i, image in enumerate(toy_images(n, seed)):
        Image.fromarray(image[0].numpy()).save(folder / f"p{i:03d}.png")
    return folder


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("feedback")
    config = TrainConfig(resolution=16, channels=1, z_dim=8, g_width=8, d_width=8, batch=16, steps=BASE_STEPS,
                         lr_g=1e-3, lr_d=1e-3, device="cpu", seed=1, log_every=50, sample_every=10**6,
                         checkpoint_every=10**6, checkpoint_minutes=0, eval_every=0)
    prepared = start_run([toy_pictures(tmp / "pictures")], tmp / "run", config)
    TrainingLoop(prepared.trainer, prepared.run).run()
    return prepared.run.root


@pytest.fixture
def run(trained_run: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(trained_run, copy)
    return copy


def brightness(images: torch.Tensor) -> torch.Tensor:
    return images.float().mean((1, 2, 3))


def rate_by_brightness(run: Path, n: int = RATED, seed: int = 1000) -> float:
    """The simulated rater: an image is good when brighter than the median of the batch it rates.

    Returns the threshold, which the same rater keeps for every later batch.
    """
    version = versions.current_version(run)
    sampler = versions.load_version(run, version.id)
    z = sampler.latents(n, seed)
    b = brightness(sampler.generate(z))
    threshold = float(b.median())
    with FeedbackStore.for_run(run) as store:
        for i in range(n):
            store.add_rating(seed=seed, latent_index=i, latent=z[i].numpy(), model_version=version.id,
                             checkpoint_step=version.step, rating=1 if b[i] > threshold else -1)
    return threshold


def liked_share(sampler: versions.VersionSampler, threshold: float, seed: int = 5000) -> float:
    return float((brightness(sampler.images(FRESH, seed)) > threshold).float().mean())


def training_set(run: Path) -> CachedDataset:
    (cache,) = cached_datasets(RunFolder(run).cache_dir)
    return load_cached(cache.parent, cache.stem.removeprefix("dataset-"), RunFolder(run).load_config().preprocess)


def swd(images: Callable[[int, int], torch.Tensor], dataset: CachedDataset) -> float:
    # Two evaluations of 512 images: one alone wobbles by about ±10 % on a set this small.
    return float(np.mean([evaluate(images, dataset, n=512, seed=s).swd for s in (3, 4)]))


def mix_cost(share: float, threshold: float, dataset: CachedDataset) -> float:
    """SWD of *real* pictures of which ``share`` are liked: what the change of mix alone costs.

    SWD compares with all the training pictures, half of them dark, so a model that makes what
    the rater likes is charged for it even if every picture it makes is perfect.
    """
    pool = toy_images(4096, seed=99)
    good = brightness(pool) > threshold
    liked, disliked = pool[good], pool[~good]

    def real(n: int, seed: int) -> torch.Tensor:
        g = torch.Generator().manual_seed(seed)
        k = round(n * share)
        return torch.cat([liked[torch.randint(len(liked), (k,), generator=g)],
                          disliked[torch.randint(len(disliked), (n - k,), generator=g)]])

    return swd(real, dataset)


@pytest.mark.slow
def test_simulated_rater_likes_steered_and_finetuned_models_more(run: Path):
    """Each adjustment raises the share the rater likes by 20 points; quality may worsen by 50 % at most.

    The margin: SWD after ≤ 1.5 × SWD before + what the change of mix costs real pictures.
    """
    threshold = rate_by_brightness(run)
    dataset = training_set(run)
    base = versions.load_version(run, 1)
    steered = versions.load_version(run, versions.steer_version(run).id)
    tuned = versions.load_version(run, ft.finetune(run, parent_id=1).id)
    # The same steps with every rating signal off: the gain must come from the ratings, not from
    # training longer.
    plain = ft.FinetuneSettings(liked_share=0.0, disliked_weight=0.0, preference_weight=0.0)
    control = versions.load_version(run, ft.finetune(run, plain, parent_id=1).id)

    print(f"\nsimulated rater (brighter than {threshold:.1f}), {RATED} ratings, fresh batch of {FRESH}:")
    before_share, before_swd = liked_share(base, threshold), swd(base.images, dataset)
    before_mix = mix_cost(before_share, threshold, dataset)
    for name, sampler in (("unadjusted", base), ("steered", steered), ("fine-tuned", tuned),
                          ("no ratings", control)):
        share, score = liked_share(sampler, threshold), swd(sampler.images, dataset)
        mix = mix_cost(share, threshold, dataset)
        print(f"  {name:<11} liked {share:6.1%}   SWD {score:6.1f} ({score / before_swd - 1:+.0%});"
              f" real pictures at that share: {mix:6.1f}")
        if sampler is control:
            assert share < before_share + MIN_GAIN / 2
        elif sampler is not base:
            assert share >= before_share + MIN_GAIN
            assert score <= (1 + SWD_MARGIN) * before_swd + (mix - before_mix)


class Recorder(TrainingHooks):
    def __init__(self, stop_after: int | None = None, control: RunControl | None = None) -> None:
        self.steps: list[int] = []
        self.stop_after, self.control = stop_after, control

    def on_step(self, stats) -> None:
        self.steps.append(stats.step)
        if self.stop_after is not None and len(self.steps) >= self.stop_after:
            self.control.stop()


def test_versions_form_a_tree_with_rollback_and_comparison_on_the_same_seeds(run: Path):
    rate_by_brightness(run, n=40)
    steered = versions.steer_version(run, strength=0.8)
    hooks = Recorder()
    tuned = ft.finetune(run, ft.FinetuneSettings(steps=4, sample_every=2), parent_id=steered.id, hooks=hooks)
    assert hooks.steps == [BASE_STEPS + i for i in (1, 2, 3, 4)]  # the training loop's hooks: live plots
    with FeedbackStore.for_run(run) as store:
        assert [v.kind for v in store.lineage(tuned.id)] == ["trained", "steered", "finetuned"]
        assert store.current_version() == tuned.id
        assert len(tuned.ratings_used) == 40 and tuned.settings["finetune"]["steps"] == 4
        assert len(steered.ratings_used) == 40 and steered.settings["mode"] == "shift"
    assert tuned.step == BASE_STEPS + 4
    assert tuned.checkpoint == f"versions/v{tuned.id:04d}/checkpoints/ckpt-{BASE_STEPS + 4:08d}.pt"
    assert (RunLayout(run).version_dir(tuned.id) / "metrics.jsonl").is_file()  # its own metrics, for the plots
    assert [p.name for p in RunFolder(run).checkpoints()] == [f"ckpt-{BASE_STEPS:08d}.pt"]  # run untouched

    seeds = [3, 14, 15, 92]
    a, b = versions.compare_versions(run, 1, 1, seeds)
    assert a.shape == (4, 1, 16, 16) and a.dtype == torch.uint8 and torch.equal(a, b)
    plain, steered_images = versions.compare_versions(run, 1, steered.id, seeds)
    assert torch.equal(plain, a) and not torch.equal(plain, steered_images)
    again, tuned_images = versions.compare_versions(run, steered.id, tuned.id, seeds)
    assert torch.equal(again, steered_images) and not torch.equal(tuned_images, plain)
    one = versions.load_version(run, 1).images(len(seeds), 3)  # the compare's image of a seed is its latent 0
    assert torch.equal(one[0], a[0])

    assert versions.rollback(run, 1).id == 1
    assert versions.current_version(run).id == 1
    assert torch.equal(versions.load_version(run).images(4, 3), one)  # the current version is the old one again


def test_a_kept_version_survives_the_runs_checkpoint_pruning(run: Path):
    first = versions.current_version(run)  # the first time: the run's newest checkpoint becomes version 1
    assert (first.id, first.kind, first.step) == (1, "trained", BASE_STEPS)
    assert versions.register_checkpoint(run).id == first.id  # the same checkpoint again: the same version
    before = versions.load_version(run, first.id).images(8, 0)
    state = ft.load_checkpoint(RunFolder(run).latest_checkpoint())
    # Training goes on with keep_checkpoints=1: the original file of version 1 is deleted.
    save_checkpoint(RunFolder(run).checkpoints_dir, BASE_STEPS + 10, {k: v for k, v in state.items()
                                                                     if k not in ("format", "step")}, keep=1)
    assert not (RunFolder(run).checkpoints_dir / f"ckpt-{BASE_STEPS:08d}.pt").exists()
    assert torch.equal(versions.load_version(run, first.id).images(8, 0), before)
    newer = versions.register_checkpoint(run, note="after more training")
    assert newer.id == 2 and newer.step == BASE_STEPS + 10 and versions.current_version(run).id == 2


def test_a_stopped_finetune_keeps_its_steps_and_a_failed_one_leaves_nothing(run: Path):
    rate_by_brightness(run, n=20)
    control = RunControl()
    hooks = Recorder(stop_after=3, control=control)
    version = ft.finetune(run, ft.FinetuneSettings(steps=50), hooks=hooks, control=control)
    assert version.step == BASE_STEPS + 3 and "stopped after 3 steps" in version.note

    class Broken(TrainingHooks):
        def on_step(self, stats) -> None:
            raise RuntimeError("the window went away")

    with pytest.raises(RuntimeError, match="went away"):
        ft.finetune(run, ft.FinetuneSettings(steps=5), hooks=Broken())
    with FeedbackStore.for_run(run) as store:
        assert [v.id for v in store.versions()] == [1, version.id]
        assert store.current_version() == version.id
    assert sorted(p.name for p in (run / "versions").iterdir()) == ["v0001", f"v{version.id:04d}"]


def test_adjusting_needs_good_and_bad_ratings_and_valid_settings(run: Path):
    with pytest.raises(ConfigError, match="rated good and"):
        ft.finetune(run)
    with pytest.raises(ConfigError, match="rated good and"):
        versions.steer_version(run)
    for bad in ({"steps": 0}, {"liked_share": 1.0}, {"preference_weight": -1.0}, {"lr_scale": 0.0}):
        with pytest.raises(ConfigError):
            ft.FinetuneSettings(**bad).validate()
    with FeedbackStore.for_run(run) as store:
        assert [v.kind for v in store.versions()] == ["trained"]  # nothing half-made was left behind
