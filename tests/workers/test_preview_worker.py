"""PreviewWorker on a real thread pool: exact shapes, transparency kept, stale results dropped."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.data.scan import ScannedImage, scan
from aigc_desktop.workers import preview_worker
from aigc_desktop.workers.preview_worker import BEFORE_PX, PreviewWorker


@pytest.fixture
def worker() -> Iterator[PreviewWorker]:
    w = PreviewWorker()
    yield w
    w.shutdown()
    assert w.is_idle()


@pytest.fixture
def images(image_folder: Path) -> list[ScannedImage]:
    return scan([image_folder]).images


def render(qtbot, worker: PreviewWorker, images: list[ScannedImage], settings: PreprocessSettings) -> list:
    with qtbot.waitSignal(worker.ready, timeout=10_000) as blocker:
        request_id = worker.request(images, settings)
    got_id, samples = blocker.args
    assert got_id == request_id
    return samples


@pytest.mark.parametrize(("channels", "fit"), [(3, "crop"), (1, "pad")])
def test_after_is_the_training_square_and_before_keeps_the_shape(
    qtbot, worker: PreviewWorker, images: list[ScannedImage], channels: int, fit: str
) -> None:
    picked = images[:4]
    samples = render(qtbot, worker, picked, PreprocessSettings(resolution=32, channels=channels, fit=fit))
    assert [s.location for s in samples] == [im.source.location() for im in picked]
    for sample, im in zip(samples, picked, strict=True):
        assert sample.reason == ""
        assert sample.after.dtype == np.uint8 and sample.after.shape == (32, 32, channels)
        # Before: the original's size and aspect (these are small, so not shrunk).
        assert sample.before.shape[:2] == (im.height, im.width)


def test_big_transparent_picture_is_shrunk_and_keeps_alpha(qtbot, worker: PreviewWorker, tmp_path: Path) -> None:
    rgba = np.zeros((300, 600, 4), dtype=np.uint8)
    rgba[..., 0] = 200
    rgba[:, :300, 3] = 255  # left half opaque red, right half see-through
    Image.fromarray(rgba, "RGBA").save(tmp_path / "half.png")
    (im,) = scan([tmp_path / "half.png"]).images
    (sample,) = render(qtbot, worker, [im], PreprocessSettings(resolution=16, fit="pad", background="black"))
    assert sample.before.shape == (BEFORE_PX // 2, BEFORE_PX, 4)
    assert sample.after.shape == (16, 16, 3)
    assert sample.after[8, 12].tolist() == [0, 0, 0]  # the see-through half became the black background


def test_a_file_gone_since_the_scan_gives_a_reason_not_a_crash(
    qtbot, worker: PreviewWorker, images: list[ScannedImage]
) -> None:
    Path(images[0].source.path).unlink()
    samples = render(qtbot, worker, images[:2], PreprocessSettings(resolution=16))
    assert samples[0].before is None and samples[0].after is None
    assert "no longer exists" in samples[0].reason
    assert samples[1].after.shape == (16, 16, 3)


def test_a_newer_request_wins_and_late_results_are_ignored(
    qtbot, worker: PreviewWorker, images: list[ScannedImage], monkeypatch
) -> None:
    release = threading.Event()
    real = preview_worker.render_samples

    def slow_first(imgs, settings, should_stop):  # ignores should_stop: a result arrives, late
        if settings.resolution == 16:
            release.wait(10)
        return real(imgs, settings, lambda: False)

    monkeypatch.setattr(preview_worker, "render_samples", slow_first)
    delivered: list[tuple[int, list]] = []
    worker.ready.connect(lambda rid, samples: delivered.append((rid, samples)))
    old = worker.request(images[:2], PreprocessSettings(resolution=16))
    qtbot.waitUntil(lambda: not worker.is_idle(), timeout=5000)  # the old job is running
    new = worker.request(images[:2], PreprocessSettings(resolution=32))
    release.set()
    qtbot.waitUntil(lambda: bool(delivered), timeout=10_000)
    worker.shutdown()
    qtbot.wait(50)  # let any queued late result arrive; it must be dropped
    assert new > old
    assert [rid for rid, _ in delivered] == [new]
    assert all(s.after.shape == (32, 32, 3) for s in delivered[0][1])


def test_superseded_render_stops_between_pictures(images: list[ScannedImage]) -> None:
    calls = iter([False, True])
    result = preview_worker.render_samples(images[:4], PreprocessSettings(resolution=16), lambda: next(calls))
    assert result is None
