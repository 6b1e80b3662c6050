"""Model versions: every adjustment of a run's model is a version with a parent, in the ratings database.

A version is a checkpoint kept in ``RUN/versions/v<id>/`` (outside ``checkpoints/``, whose pruning
would delete it) and, for a steered version, the preference model that moves its latents. These
functions register a checkpoint as a version, steer one, load one to draw from, compare two on the
same seeds and roll back; ``core/finetune.py`` makes the fine-tuned ones.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from aigc_desktop.core.errors import CheckpointError, ConfigError
from aigc_desktop.core.feedback.preference import PreferenceModel, steer_latents
from aigc_desktop.core.feedback.records import ModelVersion, Rating
from aigc_desktop.core.feedback.store import FeedbackStore
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.sampling.generation import NO_CHECKPOINT_YET, LoadedGenerator, latents, load_generator

# Sentences for the user (translated in the window: see core/messages.py).
STEER_NEEDS_BOTH = "Steering needs images of this model rated good and rated bad. Rate some of each first."
NOT_KEPT = "The checkpoint could not be kept as a version ({error})."


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

    def generate(self, z: torch.Tensor, labels: torch.Tensor | int | None = None) -> torch.Tensor:
        """uint8 images; ``labels`` as ``LoadedGenerator.generate`` (ignored by a model not trained by class)."""
        return self.generator.generate(z, labels=labels)

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
            target = folder.version_dir(version.id) / path.name
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
