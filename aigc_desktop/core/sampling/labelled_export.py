"""A labelled dataset for an inspection model: ``<class>/<name>.png`` plus ``manifest.csv``.

The layout is torchvision's ``ImageFolder``: one folder per class, so the export loads as it is. The
manifest says where every picture came from (run, step, seed, latent index, ψ: enough to make it
again), how real D found it, and how far it is from the nearest training picture. Near-copies of
training pictures are left out by default: an inspection model tested on copies of its own training
pictures learns nothing about its errors.

Written so that nothing half-done is left behind: every PNG is written to a temporary file and
renamed, its manifest row is appended only after that, and a failure (a full disk) undoes the
picture being written and stops with what came before intact. A zip is built in a temporary file and
renamed: complete, or not there.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import torch

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.errors import ConfigError, is_disk_full
from aigc_desktop.core.gan.models import Discriminator
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.sampling.curation import copy_threshold, discriminator_scores, embed, nearest_distances
from aigc_desktop.core.sampling.export import provenance, write_png
from aigc_desktop.core.sampling.generation import LoadedGenerator, latents, to_pil

MAX_PER_CLASS = 100_000
MANIFEST = "manifest.csv"
COLUMNS = ("file", "class", "run", "step", "seed", "latent_index", "psi", "discriminator_score",
           "nearest_training_distance")
# Candidates drawn per class before giving up on filling it (mostly near-copies): × what is wanted.
MAX_TRIES = 20

# Sentences for the user (translated in the window: see core/messages.py).
TOO_MANY = "Export from 1 to {limit:,} pictures per class (asked for {count!r})."
BAD_KEEP = "Keep the best K of every M pictures with 1 ≤ K ≤ M ≤ 10,000 (got K = {k!r}, M = {m!r})."
ALREADY_EXPORTED = ("{folder} already holds an exported dataset ({manifest}). Choose an empty or new folder, "
                    "so the two exports don't mix.")
DISK_FULL = ("The disk is full: the export stopped after {count:,} pictures. Those pictures and the manifest "
             "are complete and match; free some space and export again to get the rest.")
DISK_FULL_ZIP = "The disk is full: the zip was not written. Free some space, or export to a folder."
SHORT_OF = ("Only {count:,} of {wanted:,} pictures of '{name}' were exported: the others the model made were "
            "near-copies of your training pictures. Train longer, or add pictures of that class.")


@dataclass
class LabelledExport:
    """What an export wrote: pictures per class, near-copies left out per class, and why it stopped early."""

    target: Path
    written: dict[str, int] = field(default_factory=dict)
    near_copies_left_out: dict[str, int] = field(default_factory=dict)
    warnings: list[Sentence] = field(default_factory=list)
    error: Sentence | None = None  # set when it stopped early (the disk filled up)

    @property
    def total(self) -> int:
        return sum(self.written.values())

    def describe(self) -> str:
        counts = ", ".join(f"{name} {count:,}" for name, count in self.written.items())
        left = sum(self.near_copies_left_out.values())
        return (f"Exported {self.total:,} pictures to {self.target} ({counts}); "
                f"{left:,} near-copies of training pictures left out.")


@dataclass(frozen=True)
class _Picture:
    label: str
    index: int
    image: torch.Tensor
    score: float
    distance: float


def check_export_settings(per_class: int, keep: tuple[int, int]) -> None:
    """Raise :class:`ConfigError` with a plain sentence for a count or a keep-best ratio out of range."""
    if not (isinstance(per_class, int) and 1 <= per_class <= MAX_PER_CLASS):
        raise ConfigError(Sentence(TOO_MANY, limit=MAX_PER_CLASS, count=per_class))
    k, m = keep
    if not (isinstance(k, int) and isinstance(m, int) and 1 <= k <= m <= 10_000):
        raise ConfigError(Sentence(BAD_KEEP, k=k, m=m))


def export_labelled_dataset(
    gen: LoadedGenerator, d: Discriminator, dataset: CachedDataset, target: str | Path, per_class: int, *,
    classes: Sequence[str] | None = None, keep: tuple[int, int] = (1, 1), seed: int = 0, psi: float = 1.0,
    leave_out_copies: bool = True, progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> LabelledExport:
    """Export ``per_class`` pictures of each of ``classes`` (default: all the model's) to a folder or a zip.

    ``keep`` = (K, M): of every M pictures made, keep the K that D finds most real. Raises
    :class:`ConfigError` for a model not trained by class, an unknown class, bad counts or a folder
    that already holds an export.
    """
    check_export_settings(per_class, keep)
    names = list(classes) if classes else list(gen.classes)
    labels = [gen.class_index(name) for name in names]  # the plain messages for "not by class" / unknown
    target = Path(target)
    to_zip = target.suffix.lower() == ".zip"
    if not to_zip and (target / MANIFEST).exists():
        raise ConfigError(Sentence(ALREADY_EXPORTED, folder=str(target), manifest=MANIFEST))
    threshold = copy_threshold(dataset) if leave_out_copies else -math.inf
    result = LabelledExport(target)
    pictures = _pictures(gen, d, dataset, names, labels, per_class, keep, seed, psi, threshold, result, should_stop)
    total = per_class * len(names)
    if to_zip:
        _write_zip(target, gen, pictures, result, seed, psi, total, progress)
    else:
        _write_folder(target, gen, pictures, result, seed, psi, total, progress)
    for name in names:
        if result.error is None and result.written.get(name, 0) < per_class and not (should_stop and should_stop()):
            result.warnings.append(Sentence(SHORT_OF, count=result.written.get(name, 0), wanted=per_class,
                                            name=name))
    return result


def _pictures(gen: LoadedGenerator, d: Discriminator, dataset: CachedDataset, names: list[str], labels: list[int],
              per_class: int, keep: tuple[int, int], seed: int, psi: float, threshold: float,
              result: LabelledExport, should_stop: Callable[[], bool] | None) -> Iterator[_Picture]:
    """The pictures to write, class after class, best K of each block of M, near-copies left out."""
    k, m = keep
    train = embed(dataset.images)  # once: a few thousand pictures are too many to embed per block
    for name, label in zip(names, labels, strict=True):
        result.written.setdefault(name, 0)
        result.near_copies_left_out[name] = 0
        wanted, made, start = per_class, 0, 0
        limit = per_class * MAX_TRIES * m // k + m
        z = latents(min(limit, per_class * m // k + 4 * m), gen.config.z_dim, seed, psi)
        while made < wanted and start < limit:
            if should_stop and should_stop():
                return
            if start + m > len(z):  # more near-copies than expected: draw further rows of the same stream
                z = latents(min(limit, 2 * len(z) + m), gen.config.z_dim, seed, psi)
            block = z[start:start + m]
            images = gen.generate(block, labels=label)
            scores = discriminator_scores(d, images, labels=torch.full((len(block),), label))
            distances = nearest_distances(images, dataset, train=train)
            order = np.lexsort((np.arange(len(block)), -scores))[:k]  # best first; ties: lower index
            for i in order:
                if distances[i] <= threshold:
                    result.near_copies_left_out[name] += 1
                    continue
                if made < wanted:
                    made += 1
                    yield _Picture(name, start + int(i), images[i], float(scores[i]), float(distances[i]))
            start += m


def _file_name(gen: LoadedGenerator, picture: _Picture, seed: int) -> str:
    return f"{gen.run_name}-step{gen.step}-seed{seed}-{picture.index:06d}.png"


def _prov(gen: LoadedGenerator, picture: _Picture, seed: int, psi: float) -> dict[str, str]:
    prov = provenance(gen.run_name, gen.step, seed, picture.index, psi, gen.is_ema)
    prov["aigc:class"] = picture.label
    return prov


def _row(gen: LoadedGenerator, picture: _Picture, file: str, seed: int, psi: float) -> list[str]:
    return [file, picture.label, gen.run_name, str(gen.step), str(seed), str(picture.index),
            repr(float(psi)), f"{picture.score:.6g}", f"{picture.distance:.6g}"]


def _write_folder(target: Path, gen: LoadedGenerator, pictures: Iterator[_Picture], result: LabelledExport,
                  seed: int, psi: float, total: int, progress: Callable[[int, int], None] | None) -> None:
    target.mkdir(parents=True, exist_ok=True)
    # newline="": the csv module writes its own line ends; utf-8-sig: Excel reads class names right.
    with open(target / MANIFEST, "w", newline="", encoding="utf-8-sig") as manifest:
        rows = csv.writer(manifest)
        rows.writerow(COLUMNS)
        manifest.flush()
        for picture in pictures:
            file = f"{picture.label}/{_file_name(gen, picture, seed)}"
            path = target / file
            kept = manifest.tell()
            try:
                atomic_write(path, lambda f, p=picture: write_png(to_pil(p.image), f, _prov(gen, p, seed, psi)))
                rows.writerow(_row(gen, picture, file, seed, psi))
                manifest.flush()
            except OSError as exc:
                if not is_disk_full(exc):
                    raise
                # Undo this picture: the files and the manifest stay a matching pair.
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    manifest.seek(kept)
                    manifest.truncate()
                result.error = Sentence(DISK_FULL, count=result.total)
                return
            result.written[picture.label] += 1
            if progress:
                progress(result.total, total)


def _write_zip(target: Path, gen: LoadedGenerator, pictures: Iterator[_Picture], result: LabelledExport,
               seed: int, psi: float, total: int, progress: Callable[[int, int], None] | None) -> None:
    def write(f: BinaryIO) -> None:
        text = io.StringIO(newline="")
        rows = csv.writer(text)
        rows.writerow(COLUMNS)
        with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed already
            for picture in pictures:
                file = f"{picture.label}/{_file_name(gen, picture, seed)}"
                buffer = io.BytesIO()
                write_png(to_pil(picture.image), buffer, _prov(gen, picture, seed, psi))
                archive.writestr(file, buffer.getvalue())
                rows.writerow(_row(gen, picture, file, seed, psi))
                result.written[picture.label] += 1
                if progress:
                    progress(result.total, total)
            archive.writestr(MANIFEST, "\ufeff" + text.getvalue())

    try:
        atomic_write(target, write)
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        result.written = dict.fromkeys(result.written, 0)
        result.error = Sentence(DISK_FULL_ZIP)
