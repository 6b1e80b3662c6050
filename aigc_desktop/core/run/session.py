"""Setting up a run: from the user's folders to a ready :class:`Trainer`, or back from a run folder.

The CLI and the desktop worker both call these, so a run started in one opens in the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch

from aigc_desktop.core.data import holdout
from aigc_desktop.core.data.dataset_cache import CachedDataset, load_cached, load_or_build
from aigc_desktop.core.data.scan import ScanResult, scan
from aigc_desktop.core.errors import ConfigError, DataError
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.checkpoints import (
    NO_CHECKPOINT_LEFT,
    NO_LOADABLE_CHECKPOINT,
    Found,
    NoLoadableCheckpoint,
    find_latest,
    load_checkpoint,
    set_aside,
)
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.distributed import SINGLE, DistContext, broadcast_object, check_supported
from aigc_desktop.core.run.layout import NOT_A_RUN, is_run, sole_cached_fingerprint
from aigc_desktop.core.run.run_folder import RunFolder

Progress = Callable[[str, int, int], None]  # (phase, done, total)


# Sentences for the user (translated in the window: see core/messages.py).
NO_IMAGES = "No usable images were found in the data you gave. Add a folder with PNG or JPEG pictures."
NO_IMAGES_BECAUSE = "No usable images were found in the data you gave. For example — {reasons}"
STARTS_AGAIN = ("The run stopped at step {step}, before its first checkpoint was written, so it starts again "
                "from step 0.")
PICTURES_GONE = ("The training pictures of this run are no longer in {folder}; this compares with them. "
                 "Resume the run once to rebuild them.")


@dataclass
class PreparedRun:
    trainer: Trainer
    run: RunFolder
    scan: ScanResult | None
    resumed_from: Path | None = None
    warnings: list[Sentence] = field(default_factory=list)  # checkpoints refused on the way, in words


def prepare_dataset(
    paths: Sequence[str | Path], config: TrainConfig, run: RunFolder, *, removed: Sequence[str] = (),
    progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
    scanned: ScanResult | None = None, hold_out: bool = False,
) -> tuple[ScanResult, CachedDataset]:
    """Scan (unless ``scanned`` is given), write the report, and load or build the decoded cache.

    The pictures the run holds out (``core/data/holdout.py``) are left out of the training cache and
    decoded into their own; ``hold_out`` chooses them, for a run trained by class that has none yet.
    """
    if scanned is None:
        scanned = scan(paths, progress=_phase(progress, "scan"), should_stop=should_stop)
    if removed:
        drop = set(removed)
        scanned = scanned.without(i for i, im in enumerate(scanned.images) if im.source.location() in drop)
    scanned = _hold_out(scanned, config, run, hold_out, progress, should_stop)
    run.write_report(scanned.report())
    if not scanned.images:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in scanned.skipped[:3])
        raise DataError(Sentence(NO_IMAGES_BECAUSE, reasons=reasons) if reasons else Sentence(NO_IMAGES))
    dataset = load_or_build(
        scanned, config.preprocess, run.cache_dir, progress=_phase(progress, "decode"), should_stop=should_stop
    )
    return scanned, dataset


def start_run(
    paths: Sequence[str | Path], run_dir: str | Path, config: TrainConfig, *, removed: Sequence[str] = (),
    device: torch.device | str | None = None, progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None, scanned: ScanResult | None = None,
    dist: DistContext = SINGLE,
) -> PreparedRun:
    """Create (or reuse) a run folder for ``paths`` and build a fresh trainer."""
    config.validate()
    check_supported(dist, config.loss)
    run = RunFolder(run_dir, dist)
    sources = {"paths": [str(Path(p).expanduser().resolve()) for p in paths], "removed": list(removed)}
    dataset = None
    if dist.is_main:  # rank 0 scans and decodes; the others read its cache
        run.create(config, sources)
        scanned, dataset = prepare_dataset(paths, config, run, removed=removed, progress=progress,
                                           should_stop=should_stop, scanned=scanned, hold_out=True)
    dataset = _share_dataset(dist, run, config, dataset)
    trainer = Trainer(config, dataset, device, dist)
    return PreparedRun(trainer, run, scanned)


def resume_run(
    run_dir: str | Path, *, steps: int | None = None, minutes: float | None = None,
    more_steps: int | None = None, device: torch.device | str | None = None,
    checkpoint: str | Path | None = None, start_over: bool = False,
    progress: Progress | None = None, should_stop: Callable[[], bool] | None = None,
    dist: DistContext = SINGLE,
) -> PreparedRun:
    """Reopen a run folder at its newest loadable checkpoint (or ``checkpoint``) to train further.

    ``steps`` is the new total; ``more_steps`` counts from the checkpoint; ``minutes`` limits this session.
    A run that trained before but has no loadable checkpoint raises :class:`NoLoadableCheckpoint`
    unless ``start_over`` says to begin again at step 0. Checkpoint files that failed to load are moved
    to ``checkpoints/refused/`` (never deleted, never overwritten) and named in ``PreparedRun.warnings``.
    """
    run = RunFolder(run_dir, dist)
    if not is_run(run.root):
        raise ConfigError(Sentence(NOT_A_RUN, folder=str(run.root)))
    config = run.load_config()
    run.check_writable()
    run.remove_interrupted_writes()
    # Read the checkpoint once: finding the newest loadable one already loads it.
    warnings: list[Sentence] = []
    if checkpoint:
        found = Found(Path(checkpoint), load_checkpoint(checkpoint))
    else:
        found = find_latest(run.checkpoints_dir)
        warnings = _check_can_continue(run, config, found, start_over)
    path, state = found.path, found.state
    if more_steps is not None:
        steps = (int(state["step"]) if state else 0) + more_steps
    changes: dict[str, object] = {}
    if steps is not None:
        changes["steps"] = steps
    if minutes is not None:
        changes["minutes"] = minutes
    if changes:
        config = config.replace(**changes)
        config.validate()
        run.save_config(config)
    if state is not None:
        # Continue with the models that trained, whatever "auto" would decide today.
        trained = TrainConfig.from_dict(state.get("config", {}))
        config = config.replace(g_rotate=trained.g_rotate, g_class_from=trained.g_class_from,
                                d_class_from=trained.d_class_from, kinds=trained.kinds, kind_look=trained.kind_look,
                                kind_fade=trained.kind_fade)
    sources = run.load_sources()
    dataset = _cached_dataset(run, config, state) if dist.is_main else None
    scanned = None
    if dataset is None and dist.is_main:  # the cache is gone (copied run?): rebuild it from the sources
        scanned, dataset = prepare_dataset(sources.get("paths", []), config, run,
                                           removed=sources.get("removed", []), progress=progress,
                                           should_stop=should_stop)
    dataset = _share_dataset(dist, run, config, dataset)
    trainer = Trainer(config, dataset, device, dist)
    if state is not None:
        trainer.load_state_dict(state)
    run.truncate_metrics(trainer.step_count)  # from step 0 too: a restarted run's old rows would mislead
    if found.refused and run.writes:
        set_aside([refused for refused, _ in found.refused])
    return PreparedRun(trainer, run, scanned, resumed_from=path, warnings=warnings + found.warnings())


def _check_can_continue(run: RunFolder, config: TrainConfig, found: Found, start_over: bool) -> list[Sentence]:
    """Refuse to restart at step 0 a run that trained before, unless the user asked to start over.

    A run stopped before its first checkpoint (killed within the first interval) has nothing to lose
    by starting again: that goes ahead, with a warning."""
    if found.path is not None or start_over:
        return []
    if found.refused:
        raise NoLoadableCheckpoint(Sentence(NO_LOADABLE_CHECKPOINT, count=len(found.refused),
                                            folder=str(run.checkpoints_dir)), found.warnings())
    trained_to = max((row["step"] for row in run.read_metrics() if isinstance(row.get("step"), int)), default=0)
    if trained_to > config.checkpoint_every:
        raise NoLoadableCheckpoint(Sentence(NO_CHECKPOINT_LEFT, folder=str(run.checkpoints_dir),
                                            step=trained_to), [])
    return [Sentence(STARTS_AGAIN, step=trained_to)] if trained_to else []


def _share_dataset(dist: DistContext, run: RunFolder, config: TrainConfig,
                   dataset: CachedDataset | None) -> CachedDataset:
    """Rank 0's dataset on every rank, through the cache file it wrote (ranks share the run folder)."""
    if not dist.enabled:
        assert dataset is not None
        return dataset
    fingerprint = broadcast_object(dist, dataset.fingerprint if dataset is not None else None)
    if dist.is_main:
        assert dataset is not None
        return dataset
    loaded = load_cached(run.cache_dir, fingerprint, config.preprocess)
    if loaded is None:
        raise DataError(f"Rank {dist.rank} can't read the dataset cache in {run.cache_dir}. "
                        "All processes must see the same run folder (a shared file system).")
    return loaded


def _hold_out(scanned: ScanResult, config: TrainConfig, run: RunFolder, choose_now: bool,
              progress: Progress | None, should_stop: Callable[[], bool] | None) -> ScanResult:
    """``scanned`` without the run's held-out pictures, which are decoded into their own cache."""
    held = holdout.read(run.root)
    locations = [im.source.location() for im in scanned.images]
    if held is None and choose_now and config.class_count(scanned.classes) and run.writes:
        labels = [im.source.label for im in scanned.images]
        held = {locations[i] for i in holdout.choose(locations, labels, config.seed)}
        holdout.write(run.root, sorted(held), config.seed)
    if not held:
        return scanned
    kept_out = scanned.without(i for i, loc in enumerate(locations) if loc not in held)
    if kept_out.images and run.writes:
        load_or_build(kept_out, config.preprocess, holdout.cache_dir(run.cache_dir),
                      progress=_phase(progress, "decode"), should_stop=should_stop)
    return scanned.without(i for i, loc in enumerate(locations) if loc in held)


def held_out_pictures(run_dir: str | Path, config: TrainConfig) -> CachedDataset | None:
    """The decoded pictures a run held out of training (None when it holds none out, or they are gone)."""
    folder = holdout.cache_dir(RunFolder(run_dir).cache_dir)
    fingerprint = sole_cached_fingerprint(folder)
    return load_cached(folder, fingerprint, config.preprocess) if fingerprint else None


def training_pictures(run_dir: str | Path, state: dict) -> CachedDataset | None:
    """The decoded pictures a checkpoint (its loaded ``state``) was trained on, from the run's cache;
    None when they are gone. A checkpoint from before fingerprints uses the one cache file there is."""
    config = TrainConfig.from_dict(state["config"])
    cache_dir = RunFolder(run_dir).cache_dir
    data = load_cached(cache_dir, str(state.get("dataset_fingerprint")), config.preprocess)
    only = sole_cached_fingerprint(cache_dir) if data is None else None
    return load_cached(cache_dir, only, config.preprocess) if only else data


def _cached_dataset(run: RunFolder, config: TrainConfig, state: dict | None) -> CachedDataset | None:
    """The decoded dataset the checkpoint was trained on, straight from the cache, if it is still there.

    A run with no checkpoint yet (an exported cluster job) uses the one cache file it holds.
    """
    if state is not None:
        return load_cached(run.cache_dir, str(state.get("dataset_fingerprint")), config.preprocess)
    fingerprint = sole_cached_fingerprint(run.cache_dir)
    return load_cached(run.cache_dir, fingerprint, config.preprocess) if fingerprint else None


def _phase(progress: Progress | None, name: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(name, done, total)
