"""The decoded-dataset cache: built once, reused without decoding, rebuilt when anything changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from aigc_desktop.core.data import dataset_cache
from aigc_desktop.core.data.dataset_cache import Cancelled, cache_path, fingerprint, load_or_build
from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.data.scan import scan
from tests.core.data.broken_files import image_bytes

SMALL = PreprocessSettings(resolution=16)
EXECUTED: list[str] = []


class Payload:
    """Stands in for a malicious pickle: unpickling it would run ``_mark``."""

    def __reduce__(self):
        return (_mark, ("unpickled",))


def _mark(tag: str) -> str:
    EXECUTED.append(tag)
    return tag


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """The cache folder, apart from the pictures (image_folder lives in tmp_path too)."""
    return tmp_path / "cache"


def _no_decoding(*args, **kwargs):
    raise AssertionError("decode_image was called")


def test_build_then_load_without_decoding(
    image_folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = scan([image_folder])
    calls: list[tuple[int, int]] = []
    built = load_or_build(result, SMALL, cache, progress=lambda d, t: calls.append((d, t)))
    assert len(built) == 12 and built.images.shape == (12, 3, 16, 16)
    assert built.images.dtype == torch.uint8 and built.images.is_contiguous()
    assert built.labels.dtype == torch.int64 and built.labels.tolist() == result.labels()
    assert built.classes == ["good", "scratch"] and built.settings == SMALL
    assert built.sources == [im.source.location() for im in result.images]
    assert calls[0] == (0, 12) and calls[-1] == (12, 12)
    assert cache_path(cache, built.fingerprint).is_file()

    monkeypatch.setattr(dataset_cache, "decode_image", _no_decoding)
    loaded = load_or_build(scan([image_folder]), SMALL, cache)
    assert torch.equal(loaded.images, built.images) and torch.equal(loaded.labels, built.labels)
    assert loaded.classes == built.classes and loaded.fingerprint == built.fingerprint


def test_one_channel_build(image_folder: Path, cache: Path) -> None:
    built = load_or_build(
        scan([image_folder]), PreprocessSettings(resolution=16, channels=1, fit="pad"), cache
    )
    assert built.images.shape == (12, 1, 16, 16)


def test_fingerprint_follows_settings_and_files(image_folder: Path) -> None:
    result = scan([image_folder])
    base = fingerprint(result, SMALL)
    assert base == fingerprint(scan([image_folder]), SMALL) and len(base) == 16
    variants = [
        PreprocessSettings(resolution=32),
        PreprocessSettings(resolution=16, channels=1),
        PreprocessSettings(resolution=16, fit="pad"),
        PreprocessSettings(resolution=16, background="black"),
    ]
    assert len({base, *(fingerprint(result, s) for s in variants)}) == 5
    assert fingerprint(result.without([0]), SMALL) != base
    changed = image_folder / "good" / "good_2.png"
    changed.write_bytes(image_bytes("PNG", (22, 28), seed=9))
    os.utime(changed, ns=(1, 1_000_000_000))
    assert fingerprint(scan([image_folder]), SMALL) != base


def test_changed_settings_rebuild_and_drop_the_old_file(image_folder: Path, cache: Path) -> None:
    result = scan([image_folder])
    first = load_or_build(result, SMALL, cache)
    second = load_or_build(result, PreprocessSettings(resolution=32), cache)
    assert second.images.shape == (12, 3, 32, 32)
    assert [p.name for p in cache.glob("dataset-*.pt")] == [f"dataset-{second.fingerprint}.pt"]
    assert first.fingerprint != second.fingerprint


def test_pickled_object_in_cache_is_refused(image_folder: Path, cache: Path) -> None:
    result = scan([image_folder])
    path = cache_path(cache, fingerprint(result, SMALL))
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"images": torch.zeros(12, 3, 16, 16, dtype=torch.uint8), "evil": Payload()}, path)
    EXECUTED.clear()
    built = load_or_build(result, SMALL, cache)
    assert EXECUTED == []
    assert built.images.any()  # rebuilt from the pictures, not the planted zeros
    assert torch.load(path, weights_only=True)["fingerprint"] == built.fingerprint


def test_damaged_or_foreign_cache_files_are_rebuilt(image_folder: Path, cache: Path) -> None:
    result = scan([image_folder])
    path = cache_path(cache, fingerprint(result, SMALL))
    reference = load_or_build(result, SMALL, cache)
    path.write_bytes(path.read_bytes()[:100])  # cut off
    assert torch.equal(load_or_build(result, SMALL, cache).images, reference.images)
    torch.save({"images": torch.zeros(3, 3, 8, 8, dtype=torch.uint8)}, path)  # wrong shape, no labels
    assert torch.equal(load_or_build(result, SMALL, cache).images, reference.images)


def test_write_is_atomic(image_folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = scan([image_folder])
    old = load_or_build(result, SMALL, cache)

    def half_write(obj, f) -> None:
        f.write(b"PK\x03\x04 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dataset_cache.torch, "save", half_write)
    with pytest.raises(OSError):
        load_or_build(result, PreprocessSettings(resolution=32), cache)
    assert sorted(p.name for p in cache.iterdir()) == [f"dataset-{old.fingerprint}.pt"]


def test_files_gone_since_the_scan_are_dropped(image_folder: Path, cache: Path) -> None:
    result = scan([image_folder])
    for name in ("good_0.png", "good_1.jpg"):
        (image_folder / "good" / name).unlink()
    (image_folder / "scratch" / "scratch_0.png").write_bytes(b"")
    built = load_or_build(result, SMALL, cache)
    assert len(built) == 9 and built.labels.tolist() == [0] * 4 + [1] * 5
    assert built.images.shape == (9, 3, 16, 16)
    for path in image_folder.rglob("*.*"):
        path.unlink()
    with pytest.raises(ValueError, match="No usable images"):
        load_or_build(result, PreprocessSettings(resolution=32), cache)


def test_lost_class_is_dropped_from_classes(image_folder: Path, cache: Path) -> None:
    result = scan([image_folder])
    for path in (image_folder / "good").iterdir():
        path.unlink()
    built = load_or_build(result, SMALL, cache)
    assert built.classes == ["scratch"] and built.labels.tolist() == [0] * 6


def test_stop_raises_cancelled_and_writes_nothing(image_folder: Path, cache: Path) -> None:
    result = scan([image_folder])
    seen: list[int] = []
    with pytest.raises(Cancelled):
        load_or_build(
            result, SMALL, cache, progress=lambda d, t: seen.append(d), should_stop=lambda: len(seen) > 4
        )
    assert seen[-1] < 12 and not list(cache.glob("dataset-*.pt"))


def test_empty_scan_and_bad_settings_are_refused(image_folder: Path, cache: Path) -> None:
    result = scan([image_folder])
    with pytest.raises(ValueError, match="No usable images"):
        load_or_build(result.without(range(12)), SMALL, cache)
    with pytest.raises(ValueError, match="picture size"):
        load_or_build(result, PreprocessSettings(resolution=20), cache)
