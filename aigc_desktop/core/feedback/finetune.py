"""Fine-tune (minutes): train G and D on a while longer with people's ratings as a signal, as a new model version.

Three signals, each with its own weight in :class:`FinetuneSettings`:

- liked images join the real data (a share of every real batch), so D asks G for more like them;
- disliked images are shown to D as extra fakes, so D learns to reject what people rejected;
- a preference term in G's loss: a logistic regression on the *frozen* starting D's features of the
  rated images scores how liked an image looks, and G lifts images that score below the typical liked
  image up toward it. Frozen, because the D being trained drifts and a score measured by it would too.

It runs through the ordinary :class:`TrainingLoop` (the same hooks, stop/pause and live plots) and
writes into ``RUN/versions/v<id>/``, never into ``RUN/checkpoints/``, whose pruning would delete it.
Every adjustment is a model version with a parent (a tree in the ratings database): ``core/versions.py``
makes, steers, loads, compares and rolls back versions.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from aigc_desktop.core.data.dataset_cache import CachedDataset, load_cached
from aigc_desktop.core.data.preprocess import to_model_range
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.feedback.preference import PreferenceModel
from aigc_desktop.core.feedback.records import ModelVersion, Rating
from aigc_desktop.core.feedback.store import FeedbackStore
from aigc_desktop.core.feedback.versions import current_version
from aigc_desktop.core.gan.augment import diff_augment
from aigc_desktop.core.gan.losses import d_loss_fake
from aigc_desktop.core.gan.models import Discriminator
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.devices import resolve_device
from aigc_desktop.core.run.events import RunControl, StepStats, TrainingHooks
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.run.session import prepare_dataset
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.curation import embed, load_discriminator
from aigc_desktop.core.sampling.generation import load_generator

# Sentences for the user (translated in the window: see core/messages.py).
FINETUNE_NEEDS_BOTH = "Fine-tuning needs images rated good and images rated bad. Rate some of each first."
OTHER_RUNS_RATINGS = ("Ratings of latents of size {size} can't be used with a model of size {z_dim}: "
                      "they belong to another run.")


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
    eval_every: int = 0  # the offline quality score every this many steps; 0 = off; ≥ steps: once, at the end

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
                 device: torch.device | str | None = None, liked_labels: torch.Tensor | None = None,
                 disliked_labels: torch.Tensor | None = None) -> None:
        """``liked``/``disliked``: uint8 images (N, C, H, W). ``reward`` is fitted on ``reward_features``'
        output; G pushes its images' scores up to ``reward_target`` (the liked images' mean score), in
        units of ``reward_spread`` (the rated images' spread of scores), so the weight means the same
        whatever the scale of the scores."""
        super().__init__(config, dataset, device)
        # For a model trained by class, a liked image joins the real batch as a picture of its class,
        # and a disliked one is shown to D as a fake of its class.
        on = self.num_classes > 0
        self.liked_labels = liked_labels.to(self.device) if on and liked_labels is not None else None
        self.disliked_labels = disliked_labels.to(self.device) if on and disliked_labels is not None else None
        self.reward_target, self.reward_scale = reward_target, 1.0 / reward_spread
        self.settings = settings
        self.liked = to_model_range(liked).to(self.device)
        self.disliked = to_model_range(disliked).to(self.device)
        self.reward, self.reward_features = reward, reward_features
        self.last_p_good = math.nan  # P(good) of the last batch of generated images, for a live readout

    def next_real_batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        k = min(n - 1, round(n * self.settings.liked_share)) if len(self.liked) else 0
        real, labels = super().next_real_batch(n - k)
        if k == 0:
            return real, labels
        pick = torch.randint(len(self.liked), (k,), device=self.device)
        liked = torch.cat([real, self.liked[pick]]).contiguous(memory_format=self.memory_format)
        if labels is None or self.liked_labels is None:
            return liked, labels
        return liked, torch.cat([labels, self.liked_labels[pick]])

    def step(self) -> StepStats:
        stats = super().step()  # (0)-(3): data (with liked images), D, G, EMA
        s, cfg = self.settings, self.config
        p = self.ada.p if self.ada is not None else 1.0  # the same strength as the step just taken
        aug = (lambda x: diff_augment(x, p=p)) if self.augment else (lambda x: x)
        # (4) D also calls the disliked images fake. Unscaled by the batch: they are few, and each
        # one is an image a person has rejected.
        if s.disliked_weight > 0 and len(self.disliked):
            pick = torch.randint(len(self.disliked), (self.batch,), device=self.device)
            bad_labels = self.disliked_labels[pick] if self.disliked_labels is not None else None
            self.opt_d.zero_grad(set_to_none=True)
            with self._autocast():
                loss = s.disliked_weight * d_loss_fake(cfg.loss, self.D_train(aug(self.disliked[pick]), bad_labels).float())
            self.scaler.scale(loss).backward()
            self.scaler.step(self.opt_d)
            self.scaler.update()
        # (5) G raises the preference score of its images, as the frozen preference model sees them.
        if s.preference_weight > 0 and self.reward is not None and self.reward_features is not None:
            z = torch.randn(self.batch, cfg.z_dim, device=self.device)
            classes = (torch.randint(self.num_classes, (self.batch,), device=self.device) if self.num_classes
                       else None)
            with self._autocast():
                logits = self.reward.logit(self.reward_features(self.G_train(z, classes)).float().flatten(1))
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
        out = RunFolder(folder.version_dir(version.id))
        try:
            end = int(state["step"]) + settings.steps
            config = config.replace(
                steps=end, minutes=0.0, checkpoint_every=10**8,
                checkpoint_minutes=0.0, keep_checkpoints=1, sample_every=settings.sample_every,
                # The loop scores at multiples of eval_every, counted from step 0 of the run: a period
                # as long as the fine-tune scores its last step, whatever step it started from.
                eval_every=end if settings.eval_every >= settings.steps else settings.eval_every)
            labels = rated_labels(ratings, dataset.classes)
            trainer = FeedbackTrainer(config, dataset, settings, images[good], images[~good], reward, frozen_d,
                                      float(scores[good].mean()), float(scores.std().clamp_min(1e-6)), device,
                                      labels[good], labels[~good])
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


def rated_labels(ratings: Sequence[Rating], classes: Sequence[str]) -> torch.Tensor:
    """The class index of each rated image among ``classes`` (the run's): its recorded class, or for a
    rating made before classes were recorded, the default, latent index mod C. Zeros for one class."""
    if len(classes) < 2:
        return torch.zeros(len(ratings), dtype=torch.int64)
    return torch.tensor([list(classes).index(r.class_name) if r.class_name in classes else r.latent_index % len(classes)
                         for r in ratings], dtype=torch.int64)


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
        labels = gen.labels_of([ratings[i].latent_index for i in rows], [ratings[i].class_name for i in rows])
        for i, image in zip(rows, gen.generate(z, labels=labels), strict=True):
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
