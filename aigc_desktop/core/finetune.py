"""Fine-tune (minutes): train G and D on a while longer with people's ratings as a signal, as a new model version.

Three signals, each with its own weight in :class:`FinetuneSettings`:

- liked images join the real data (a share of every real batch), so D asks G for more like them;
- disliked images are shown to D as extra fakes, so D learns to reject what people rejected;
- a preference term in G's loss: a logistic regression on the *frozen* starting D's features of the
  rated images scores how liked an image looks, and G lifts images that score below the typical liked
  image up toward it. Frozen, because the D being trained drifts and a score measured by it would too.

It runs through the ordinary :class:`TrainingLoop` (the same hooks, stop/pause and live plots) and
writes into ``RUN/versions/v<id>/``, never into ``RUN/checkpoints/``, whose pruning would delete it.
Every adjustment is a model version with a parent (a tree in the ratings database): the functions at
the end make, steer, load, compare and roll back versions.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from aigc_desktop.core.augment import diff_augment
from aigc_desktop.core.checkpoints import load_checkpoint
from aigc_desktop.core.config import TrainConfig
from aigc_desktop.core.curation import embed, load_discriminator
from aigc_desktop.core.dataset_cache import CachedDataset, load_cached
from aigc_desktop.core.devices import resolve_device
from aigc_desktop.core.errors import CheckpointError, ConfigError
from aigc_desktop.core.events import RunControl, StepStats, TrainingHooks
from aigc_desktop.core.feedback_store import FeedbackStore, ModelVersion, Rating, version_dir
from aigc_desktop.core.generation import NO_CHECKPOINT_YET, LoadedGenerator, latents, load_generator
from aigc_desktop.core.losses import d_loss_fake
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.models import Discriminator
from aigc_desktop.core.preference import PreferenceModel, steer_latents
from aigc_desktop.core.preprocess import to_model_range
from aigc_desktop.core.run_folder import RunFolder
from aigc_desktop.core.session import prepare_dataset
from aigc_desktop.core.trainer import Trainer
from aigc_desktop.core.training_loop import TrainingLoop

# Sentences for the user (translated in the window: see core/messages.py).
FINETUNE_NEEDS_BOTH = "Fine-tuning needs images rated good and images rated bad. Rate some of each first."
STEER_NEEDS_BOTH = "Steering needs images of this model rated good and rated bad. Rate some of each first."
OTHER_RUNS_RATINGS = ("Ratings of latents of size {size} can't be used with a model of size {z_dim}: "
                      "they belong to another run.")
NOT_KEPT = "The checkpoint could not be kept as a version ({error})."


@dataclass(frozen=True)
class FinetuneSettings:
    """How long and how strongly ratings steer the training. A weight of 0 switches a signal off."""

    steps: int = 100
    liked_share: float = 0.1  # of every real batch, drawn from the images rated good
    disliked_weight: float = 0.25  # of D's extra loss calling the images rated bad fake
    preference_weight: float = 1.0  # of the preference term in G's loss (scores in units of their spread)
    l2: float = 0.05  # regularisation of the preference model (see PreferenceModel.fit)
    lr_scale: float = 1.0  # × the run's learning rates
    sample_every: int = 50  # preview grids, as in training
    eval_every: int = 0  # the offline quality score every this many steps; 0 = off

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad setting."""
        if not (isinstance(self.steps, int) and 1 <= self.steps <= 1_000_000):
            raise ConfigError(f"Fine-tune for 1 to 1,000,000 steps (got {self.steps!r}).")
        if not 0.0 <= self.liked_share < 1.0:
            raise ConfigError(f"The share of liked images must be at least 0 and below 1 (got {self.liked_share!r}).")
        if not 0.0 < self.lr_scale <= 10.0:
            raise ConfigError(f"lr_scale must be above 0 and at most 10 (got {self.lr_scale!r}).")
        for name in ("disliked_weight", "preference_weight", "l2"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and 0.0 <= value <= 100.0):
                raise ConfigError(f"{name} must be from 0 to 100 (got {value!r}).")
        if self.sample_every < 1 or self.eval_every < 0:
            raise ConfigError("sample_every must be at least 1 and eval_every 0 (off) or more.")


class FeedbackTrainer(Trainer):
    """The ordinary :class:`Trainer` step, with ratings mixed into its data and two extra updates."""

    def __init__(self, config: TrainConfig, dataset: CachedDataset, settings: FinetuneSettings,
                 liked: torch.Tensor, disliked: torch.Tensor, reward: PreferenceModel | None,
                 reward_features: torch.nn.Module | None, reward_target: float = 0.0, reward_spread: float = 1.0,
                 device: torch.device | str | None = None) -> None:
        """``liked``/``disliked``: uint8 images (N, C, H, W). ``reward`` is fitted on ``reward_features``'
        output; G pushes its images' scores up to ``reward_target`` (the liked images' mean score), in
        units of ``reward_spread`` (the rated images' spread of scores), so the weight means the same
        whatever the scale of the scores."""
        super().__init__(config, dataset, device)
        self.reward_target, self.reward_scale = reward_target, 1.0 / reward_spread
        self.settings = settings
        self.liked = to_model_range(liked).to(self.device)
        self.disliked = to_model_range(disliked).to(self.device)
        self.reward, self.reward_features = reward, reward_features
        self.last_p_good = math.nan  # P(good) of the last batch of generated images, for a live readout

    def next_real_batch(self, n: int) -> torch.Tensor:
        k = min(n - 1, round(n * self.settings.liked_share)) if len(self.liked) else 0
        real = super().next_real_batch(n - k)
        if k == 0:
            return real
        liked = self.liked[torch.randint(len(self.liked), (k,), device=self.device)]
        return torch.cat([real, liked]).contiguous(memory_format=self.memory_format)

    def step(self) -> StepStats:
        stats = super().step()  # (0)-(3): data (with liked images), D, G, EMA
        s, cfg = self.settings, self.config
        aug = diff_augment if self.augment else (lambda x: x)
        # (4) D also calls the disliked images fake. Unscaled by the batch: they are few, and each
        # one is an image a person has rejected.
        if s.disliked_weight > 0 and len(self.disliked):
            bad = self.disliked[torch.randint(len(self.disliked), (self.batch,), device=self.device)]
            self.opt_d.zero_grad(set_to_none=True)
            with self._autocast():
                loss = s.disliked_weight * d_loss_fake(cfg.loss, self.D_train(aug(bad)).float())
            self.scaler.scale(loss).backward()
            self.scaler.step(self.opt_d)
            self.scaler.update()
        # (5) G raises the preference score of its images, as the frozen preference model sees them.
        if s.preference_weight > 0 and self.reward is not None and self.reward_features is not None:
            z = torch.randn(self.batch, cfg.z_dim, device=self.device)
            with self._autocast():
                logits = self.reward.logit(self.reward_features(self.G_train(z)).float().flatten(1))
                # Each image below the typical liked image's score is pushed up, at the same rate
                # whatever its score; images already there are left alone. Tried: -log P(good), which
                # squeezes every image into the liked corner (variety lost, the quality score doubled
                # on the test set), and an unbounded linear push, which overshot on some models.
                gap = torch.relu(self.reward_target - logits)
                loss = s.preference_weight * self.reward_scale * gap.mean()
            self.opt_g.zero_grad(set_to_none=True)
            self.scaler.scale(loss).backward()
            self.scaler.step(self.opt_g)
            self.scaler.update()
            self.last_p_good = float(torch.sigmoid(logits.detach()).mean())  # a sync: once per step is fine
        return stats


def finetune(
    run: str | Path, settings: FinetuneSettings | None = None, *, parent_id: int | None = None,
    rating_ids: Sequence[int] | None = None, hooks: TrainingHooks | None = None,
    control: RunControl | None = None, device: torch.device | str | None = None, note: str = "",
    make_current: bool = True,
) -> ModelVersion:
    """Fine-tune version ``parent_id`` (default: the current one) with ratings into a new version.

    Args:
        rating_ids: The ratings to learn from; default all active ones. Each is regenerated with
            the generator of the version it was made on, so the model learns from what people saw.
        hooks, control: As for :class:`TrainingLoop`: live plots, stop and pause. A stopped
            fine-tune still becomes a version, of the steps it made.

    Returns:
        The new version; it is made current unless ``make_current`` is False.
    """
    settings = settings or FinetuneSettings()
    settings.validate()
    folder = RunFolder(run)
    with FeedbackStore.for_run(folder.root) as store:
        parent = store.version(parent_id) if parent_id is not None else current_version(folder.root, store)
        ratings = store.ratings(ids=rating_ids) if rating_ids is not None else store.ratings()
        if len({r.rating for r in ratings}) < 2:
            raise ConfigError(Sentence(FINETUNE_NEEDS_BOTH))
        ckpt = folder.root / parent.checkpoint
        state = load_checkpoint(ckpt)
        config = TrainConfig.from_dict(state["config"])
        device = resolve_device(device) if isinstance(device, str) else device or resolve_device(config.device)
        dataset = _dataset(folder, config, state)
        images = rated_images(folder.root, store, ratings, parent)
        good = torch.tensor([r.rating > 0 for r in ratings])
        frozen_d = _frozen_features(load_discriminator(ckpt, device))
        features = embed(images, "features", frozen_d.owner)
        reward = PreferenceModel.fit(features, good, l2=settings.l2, space="features")
        scores = reward.logit(features)
        version = store.add_version(
            "finetuned", "", parent_id=parent.id, step=None, note=note,
            settings={"finetune": asdict(settings), "from_step": int(state["step"])},
            ratings_used=[r.id for r in ratings])
        out = RunFolder(version_dir(folder.root, version.id))
        try:
            config = config.replace(
                steps=int(state["step"]) + settings.steps, minutes=0.0, checkpoint_every=10**8,
                checkpoint_minutes=0.0, keep_checkpoints=1, sample_every=settings.sample_every,
                eval_every=settings.eval_every)
            trainer = FeedbackTrainer(config, dataset, settings, images[good], images[~good], reward, frozen_d,
                                      float(scores[good].mean()), float(scores.std().clamp_min(1e-6)), device)
            trainer.load_state_dict(state)
            trainer.scale_learning_rate(settings.lr_scale)
            if trainer.ema is not None:
                # After a long run the EMA's decay is 0.999, an average over ~1000 steps, which would
                # hide a fine-tune of a few hundred. Wind its warm-up back so that it averages over a
                # quarter of the fine-tune: decay (1 + u) / (10 + u) = 1 - 4 / steps.
                decay = max(0.0, 1.0 - 4.0 / settings.steps)
                trainer.ema.updates = min(trainer.ema.updates, max(0, int((10 * decay - 1) / (1 - decay))))
            summary = TrainingLoop(trainer, out, hooks, control).run()
        except BaseException:
            store.delete_version(version.id)
            shutil.rmtree(out.root, ignore_errors=True)
            raise
        assert summary.checkpoint is not None
        store.update_version(version.id, checkpoint=summary.checkpoint.relative_to(folder.root).as_posix(),
                             step=summary.step, note=None if summary.reason == "finished" else
                             (note + f" (stopped after {summary.step - int(state['step'])} steps)").strip())
        if make_current:
            store.set_current_version(version.id)
        return store.version(version.id)


def rated_images(run_root: Path, store: FeedbackStore, ratings: Sequence[Rating],
                 fallback: ModelVersion) -> torch.Tensor:
    """uint8 images of ``ratings``, each made by its own version's generator (``fallback`` when unknown)."""
    known = {v.id: v for v in store.versions()}
    out: list[torch.Tensor | None] = [None] * len(ratings)
    by_ckpt: dict[str, list[int]] = {}
    for i, r in enumerate(ratings):
        by_ckpt.setdefault((known.get(r.model_version) or fallback).checkpoint, []).append(i)
    for ckpt, rows in by_ckpt.items():
        gen = load_generator(run_root / ckpt)
        z = torch.stack([torch.from_numpy(ratings[i].latent) for i in rows])
        if z.shape[1] != gen.config.z_dim:
            raise ConfigError(Sentence(OTHER_RUNS_RATINGS, size=z.shape[1], z_dim=gen.config.z_dim))
        for i, image in zip(rows, gen.generate(z), strict=True):
            out[i] = image
    return torch.stack(out)  # type: ignore[arg-type]


class _Features(torch.nn.Module):
    def __init__(self, d: Discriminator) -> None:
        super().__init__()
        self.owner = d
        self.net = d.net[:-1]  # what curation.embed(space="features") measures

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).flatten(1)


def _frozen_features(d: Discriminator) -> _Features:
    # eval(): BatchNorm uses its running statistics, so an image's reward doesn't depend on its batch.
    d.eval().requires_grad_(False)
    return _Features(d)


def _dataset(folder: RunFolder, config: TrainConfig, state: dict[str, Any]) -> CachedDataset:
    """The decoded pictures the parent was trained on; rebuilt from the run's sources if the cache is gone."""
    cached = load_cached(folder.cache_dir, str(state.get("dataset_fingerprint")), config.preprocess)
    if cached is not None:
        return cached
    sources = folder.load_sources()
    return prepare_dataset(sources.get("paths", []), config, folder, removed=sources.get("removed", []))[1]


# -- model versions ----------------------------------------------------------------------------------
@dataclass
class VersionSampler:
    """Images of one model version: its generator and, for a steered version, its steering."""

    version: ModelVersion
    generator: LoadedGenerator
    preference: PreferenceModel | None = None

    @property
    def config(self) -> TrainConfig:
        return self.generator.config

    def latents(self, n: int, seed: int, psi: float = 1.0) -> torch.Tensor:
        """The latents this version draws for ``seed``: row ``i`` depends only on ``(seed, i)``."""
        if self.preference is None:
            return latents(n, self.config.z_dim, seed, psi)
        s = self.version.settings
        return steer_latents(n, seed, self.preference, s["strength"], mode=s["mode"], psi=psi)

    def generate(self, z: torch.Tensor) -> torch.Tensor:
        return self.generator.generate(z)

    def images(self, n: int, seed: int, psi: float = 1.0) -> torch.Tensor:
        """uint8 (n, C, H, W); pass ``sampler.images`` to ``quality.evaluate`` so steering counts."""
        return self.generate(self.latents(n, seed, psi))


def load_version(run: str | Path, version_id: int | None = None, device: str | torch.device = "cpu") -> VersionSampler:
    """A sampler for version ``version_id`` (default: the current one)."""
    root = RunFolder(run).root
    with FeedbackStore.for_run(root) as store:
        version = store.version(version_id) if version_id is not None else current_version(root, store)
    pref = version.settings.get("preference")
    return VersionSampler(version, load_generator(root / version.checkpoint, device),
                          PreferenceModel.from_dict(pref) if pref else None)


def register_checkpoint(run: str | Path, checkpoint: str | Path | None = None, *, note: str = "",
                        make_current: bool = True, store: FeedbackStore | None = None) -> ModelVersion:
    """Make a checkpoint of the run a "trained" version, kept in its own folder.

    The default checkpoint is the one the Gallery offers first: the best by the quality score, else
    the newest; so the Feedback tab and the Gallery start from the same model.

    The version holds a hard link to the file (a copy where links aren't possible), so the run's
    pruning of old checkpoints can't take it away. Registering the same checkpoint again returns
    the version it already is.
    """
    folder = RunFolder(run)
    path = Path(checkpoint) if checkpoint is not None else folder.best_checkpoint()
    if path is None:
        raise CheckpointError(Sentence(NO_CHECKPOINT_YET, run=str(folder.root)))
    step = int(load_checkpoint(path)["step"])
    with contextlib.ExitStack() as stack:
        store = store or stack.enter_context(FeedbackStore.for_run(folder.root))
        same = [v for v in store.versions() if v.kind == "trained" and v.step == step
                and v.settings.get("source") == path.name and (folder.root / v.checkpoint).is_file()]
        version = same[0] if same else store.add_version("trained", "", step=step, note=note,
                                                         settings={"source": path.name})
        if not same:
            target = version_dir(folder.root, version.id) / path.name
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, target)
                except OSError:  # another drive, or a file system without links
                    shutil.copy2(path, target)
            except OSError as exc:
                store.delete_version(version.id)
                raise CheckpointError(Sentence(NOT_KEPT, error=str(exc))) from exc
            store.update_version(version.id, checkpoint=target.relative_to(folder.root).as_posix(), step=step)
        if make_current:
            store.set_current_version(version.id)
        return store.version(version.id)


def current_version(run: str | Path, store: FeedbackStore | None = None) -> ModelVersion:
    """The version in use; the first time, the run's best (else newest) checkpoint becomes the first version."""
    with contextlib.ExitStack() as stack:
        store = store or stack.enter_context(FeedbackStore.for_run(RunFolder(run).root))
        current = store.current_version()
        return store.version(current) if current is not None else register_checkpoint(run, store=store)


def steer_version(run: str | Path, strength: float = 0.5, mode: str = "shift", *, parent_id: int | None = None,
                  rating_ids: Sequence[int] | None = None, l2: float = 0.05, note: str = "",
                  make_current: bool = True) -> ModelVersion:
    """Fit a preference model on rated latents and make a "steered" version of the same generator.

    By default it learns from the ratings of images made by this generator (its own version and
    the versions steered from the same checkpoint): a latent means a different image elsewhere.
    """
    root = RunFolder(run).root
    with FeedbackStore.for_run(root) as store:
        parent = store.version(parent_id) if parent_id is not None else current_version(root, store)
        ratings, model = fit_preference(store, parent, rating_ids, l2)
        steer_latents(1, 0, model, strength, mode=mode)  # checks the settings before anything is stored
        version = store.add_version(
            "steered", parent.checkpoint, parent_id=parent.id, step=parent.step, note=note,
            settings={"strength": strength, "mode": mode, "l2": l2, "preference": model.to_dict()},
            ratings_used=[r.id for r in ratings])
        if make_current:
            store.set_current_version(version.id)
        return version


def fit_preference(store: FeedbackStore, version: ModelVersion, rating_ids: Sequence[int] | None = None,
                   l2: float = 0.05) -> tuple[list[Rating], PreferenceModel]:
    """A preference model on the rated latents of ``version``'s generator (or on ``rating_ids``)."""
    if rating_ids is None:
        same = [v.id for v in store.versions() if v.checkpoint == version.checkpoint]
        ratings = store.ratings(versions=same)
    else:
        ratings = store.ratings(ids=rating_ids)
    if len({r.rating for r in ratings}) < 2:
        raise ConfigError(Sentence(STEER_NEEDS_BOTH))
    z = torch.stack([torch.from_numpy(r.latent) for r in ratings])
    return ratings, PreferenceModel.fit(z, torch.tensor([r.rating for r in ratings]), l2=l2)


def steered_latents(run: str | Path, checkpoint: str | Path, n: int, seed: int, strength: float = 0.5,
                    psi: float = 1.0) -> torch.Tensor:
    """Latents of ``seed`` pulled toward what people liked in images of ``checkpoint`` (the Gallery's switch).

    Row ``i`` depends only on ``(seed, i)``, as unsteered: the Gallery can remake any image by its index.
    """
    root = RunFolder(run).root
    with FeedbackStore.for_run(root) as store:
        version = register_checkpoint(root, checkpoint, make_current=False, store=store)
        _, model = fit_preference(store, version)
    return steer_latents(n, seed, model, strength, psi=psi)


def rollback(run: str | Path, version_id: int) -> ModelVersion:
    """Make an older (or any) version current again, after checking its checkpoint still loads."""
    root = RunFolder(run).root
    with FeedbackStore.for_run(root) as store:
        version = store.version(version_id)
        load_checkpoint(root / version.checkpoint)  # a CheckpointError in words if it is gone or damaged
        store.set_current_version(version_id)
        return version


def compare_versions(run: str | Path, v1: int, v2: int, seeds: Sequence[int], psi: float = 1.0,
                     device: str | torch.device = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """The image of each seed (its latent 0) from both versions: two uint8 tensors (len(seeds), C, H, W)."""
    out = []
    for vid in (v1, v2):
        sampler = load_version(run, vid, device)
        out.append(sampler.generate(torch.cat([sampler.latents(1, int(s), psi) for s in seeds])))
    return out[0], out[1]
