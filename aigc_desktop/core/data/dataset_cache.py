"""Decode a scanned dataset once into a uint8 tensor and keep it on disk, keyed by a fingerprint.

Training reads the same small dataset thousands of times; decoding JPEGs each epoch would
dominate on a laptop CPU. The cache file is loaded with ``torch.load(weights_only=True)``, which
refuses pickled objects, so a tampered or foreign file is rebuilt instead of executed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.data.images import ImageRejected, decode_image, to_channels
from aigc_desktop.core.data.preprocess import PreprocessSettings, preprocess
from aigc_desktop.core.data.scan import ScannedImage, ScanResult, SourceReader, map_ordered
from aigc_desktop.core.errors import Cancelled
from aigc_desktop.core.run.layout import cached_datasets, dataset_cache_name

FORMAT_VERSION = 1  # bump when the pixels produced for the same inputs change


@dataclass
class CachedDataset:
    """Preprocessed pictures ready for training.

    Attributes:
        images: uint8 tensor (N, C, H, W), contiguous.
        labels: int64 tensor (N,), indices into ``classes``.
        classes: Sorted class names of the pictures kept (``[""]`` for an unlabelled set).
        fingerprint: Identifies the inputs and settings this was built from.
        settings: The preprocessing used.
        sources: Per picture, where it came from (``ImageSource.location()``).
    """

    images: torch.Tensor
    labels: torch.Tensor
    classes: list[str]
    fingerprint: str
    settings: PreprocessSettings
    sources: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.images.shape[0])


def fingerprint(scan: ScanResult, settings: PreprocessSettings) -> str:
    """A 16-hex-digit sha256 over the pictures (location, size, mtime, label), the settings and the format."""
    items = sorted((im.source.location(), im.size_bytes, im.mtime_ns, im.source.label) for im in scan.images)
    payload = {"format": FORMAT_VERSION, "settings": settings.to_dict(), "items": items}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def cache_path(cache_dir: str | Path, fp: str) -> Path:
    """Where the cache file for fingerprint ``fp`` lives."""
    return Path(cache_dir) / dataset_cache_name(fp)


def load_cached(cache_dir: str | Path, fp: str, settings: PreprocessSettings) -> CachedDataset | None:
    """The cached dataset with fingerprint ``fp`` if its file is there and valid, else None (nothing decoded)."""
    return _load(cache_path(cache_dir, fp), fp, settings)


def load_or_build(
    scan: ScanResult,
    settings: PreprocessSettings,
    cache_dir: str | Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> CachedDataset:
    """Load the cached tensors for this scan and settings, or decode every picture and cache them.

    A picture that no longer decodes (changed since the scan) is left out. Older ``dataset-*.pt``
    files in ``cache_dir`` are deleted so the cache holds one dataset.

    Raises:
        ValueError: If the settings are invalid, or no picture could be used.
        Cancelled: If ``should_stop()`` returned True.
    """
    settings.validate()
    fp = fingerprint(scan, settings)
    path = cache_path(cache_dir, fp)
    dataset = _load(path, fp, settings)
    if dataset is None:
        dataset = _build(scan, settings, fp, progress, should_stop or (lambda: False))
        payload = {
            "format_version": FORMAT_VERSION,
            "fingerprint": fp,
            "settings": settings.to_dict(),
            "images": dataset.images,
            "labels": dataset.labels,
            "classes": dataset.classes,
            "sources": dataset.sources,
        }
        atomic_write(path, lambda f: torch.save(payload, f))
    _remove_others(Path(cache_dir), keep=path)
    return dataset


def _load(path: Path, fp: str, settings: PreprocessSettings) -> CachedDataset | None:
    # Anything unexpected (missing, truncated, pickled objects, other shapes) means "rebuild".
    if not path.is_file():
        return None
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
        images, labels, classes = data["images"], data["labels"], data["classes"]
        sources = data.get("sources", [])
        r, c = settings.resolution, settings.channels
        ok = (
            data.get("format_version") == FORMAT_VERSION
            and data.get("fingerprint") == fp
            and isinstance(images, torch.Tensor)
            and images.dtype == torch.uint8
            and images.ndim == 4
            and tuple(images.shape[1:]) == (c, r, r)
            and images.shape[0] > 0
            and isinstance(labels, torch.Tensor)
            and labels.dtype == torch.int64
            and tuple(labels.shape) == (images.shape[0],)
            and isinstance(classes, list)
            and all(isinstance(x, str) for x in classes)
            and isinstance(sources, list)
            and len(sources) in (0, images.shape[0])
            and int(labels.min()) >= 0
            and int(labels.max()) < len(classes)
        )
    except Exception:
        ok = False
    if not ok:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return CachedDataset(images.contiguous(), labels, list(classes), fp, settings, [str(s) for s in sources])


def _build(
    scan: ScanResult,
    settings: PreprocessSettings,
    fp: str,
    progress: Callable[[int, int], None] | None,
    stop: Callable[[], bool],
) -> CachedDataset:
    items = list(scan.images)
    total = len(items)
    res, ch = settings.resolution, settings.channels
    images = torch.empty((total, ch, res, res), dtype=torch.uint8)
    kept: list[ScannedImage] = []

    with SourceReader() as reader:

        def convert(item: ScannedImage) -> np.ndarray | None:
            try:
                # min_size: JPEGs may decode at reduced scale, still with 2x headroom for Lanczos.
                img = decode_image(reader.read(item.source), min_size=2 * res)
                return preprocess(to_channels(img, ch, settings.background), settings)
            except ImageRejected:
                return None  # changed or removed since the scan: leave it out

        if stop():
            raise Cancelled("Preparing the pictures was stopped.")
        if progress is not None:
            progress(0, total)
        results = map_ordered(convert, items)
        try:
            for done, (item, arr) in enumerate(zip(items, results, strict=True), start=1):
                if arr is not None:
                    images[len(kept)] = torch.from_numpy(arr)
                    kept.append(item)
                if progress is not None:
                    progress(done, total)
                if done < total and stop():
                    raise Cancelled("Preparing the pictures was stopped.")
        finally:
            results.close()

    if not kept:
        raise ValueError(
            "No usable images: the picture list is empty."
            if not total
            else "No usable images: none of the pictures could be read any more. Scan the folder again."
        )
    if len(kept) < total:
        images = images[: len(kept)].clone()  # a slice would keep (and save) the whole buffer
    classes = sorted({im.source.label for im in kept})
    index = {c: i for i, c in enumerate(classes)}
    labels = torch.tensor([index[im.source.label] for im in kept], dtype=torch.int64)
    return CachedDataset(images, labels, classes, fp, settings, [im.source.location() for im in kept])


def _remove_others(cache_dir: Path, keep: Path) -> None:
    # One dataset at a time bounds disk use; temporaries older than an hour are crash leftovers.
    for old in cached_datasets(cache_dir):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
    for tmp in cache_dir.glob(f".{dataset_cache_name('*')}.*.tmp"):  # atomic_write's temporaries
        with contextlib.suppress(OSError):
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink()
