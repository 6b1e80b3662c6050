"""The Dataset tab's jobs on a real job lane: scanning (progress, stop, errors) and the preprocessing preview."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.data.scan import ScannedImage, ScanResult, scan
from aigc_desktop.core.errors import Cancelled
from aigc_desktop.workers import dataset_jobs, threads
from aigc_desktop.workers.dataset_jobs import BEFORE_PX, render_samples, scan_sources
from aigc_desktop.workers.job_context import JobContext
from aigc_desktop.workers.job_runner import Job, JobRunner


class Sink:
    """What a lane delivers, and on which thread (the runner calls these on the GUI thread)."""

    def __init__(self, runner: JobRunner) -> None:
        self.progress: list[tuple[int, int]] = []
        self.results: list = []
        self.errors: list[str] = []
        self.ended: list[str] = []
        self.threads: set[int] = set()
        runner.progress.connect(self.on_progress)
        runner.jobEnded.connect(self.on_ended)

    def on_progress(self, _kind: str, _phase: str, done: int, total: int) -> None:
        self.threads.add(threading.get_ident())
        self.progress.append((done, total))

    def on_result(self, result: object) -> None:
        self.threads.add(threading.get_ident())
        self.results.append(result)

    def on_ended(self, _kind: str, outcome: str) -> None:
        self.ended.append(outcome)

    def job(self, kind: str, fn) -> Job:
        return Job(kind, fn, self.on_result, on_error=self.errors.append)


@pytest.fixture
def runner() -> Iterator[JobRunner]:
    lane = JobRunner("test")
    yield lane
    assert lane.shutdown(10_000)
    assert threads.running_threads() == []


@pytest.fixture
def many_images(tmp_path: Path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    pixels = np.random.default_rng(1).integers(0, 255, (8, 8, 3), dtype=np.uint8)
    for i in range(300):
        Image.fromarray(pixels).save(folder / f"img_{i:03d}.png")
    return folder


# -- scanning ------------------------------------------------------------------------------------------
def test_scan_reports_progress_and_its_result_on_the_gui_thread(qtbot, runner, image_folder: Path) -> None:
    sink = Sink(runner)
    with qtbot.waitSignal(runner.jobEnded, timeout=20_000):
        runner.submit(sink.job("scan", partial(scan_sources, paths=[str(image_folder)])))
    assert sink.errors == [] and sink.ended == ["done"]
    (result,) = sink.results
    assert len(result.images) == 12 and not result.cancelled
    assert result.classes == ["good", "scratch"]
    assert sink.progress[-1] == (12, 12)
    assert all(0 <= done <= total == 12 for done, total in sink.progress)
    assert sink.threads == {threading.get_ident()}  # delivered to the GUI thread, not the worker's


def test_a_stopped_scan_keeps_what_was_checked(many_images: Path) -> None:
    stop = threading.Event()
    # Stopped at the first progress report, on the scanning thread: mid-scan, deterministically.
    ctx = JobContext(progress=lambda *_: stop.set(), should_stop=stop.is_set)
    result = scan_sources(ctx, [str(many_images)])
    assert result.cancelled
    assert 0 < len(result.images) < 300


def test_stop_on_the_lane_delivers_the_partial_scan(qtbot, runner, many_images: Path) -> None:
    sink = Sink(runner)
    stopped = threading.Event()

    def held_scan(ctx: JobContext) -> ScanResult:
        def progress(phase: str, done: int, total: int) -> None:
            ctx.progress(phase, done, total)
            stopped.wait(10)  # hold the scan until the GUI has asked it to stop

        return scan_sources(JobContext(progress, should_stop=ctx.should_stop), [str(many_images)])

    runner.progress.connect(lambda *_: (runner.stop(), stopped.set()))
    with qtbot.waitSignal(runner.jobEnded, timeout=20_000):
        runner.submit(sink.job("scan", held_scan))
    (result,) = sink.results
    assert sink.ended == ["done"] and result.cancelled  # stopped, not cancelled: its result arrives
    assert len(result.images) < 300


def test_a_scan_stopped_before_it_starts_is_empty_and_cancelled(image_folder: Path) -> None:
    result = scan_sources(JobContext(should_stop=lambda: True), [str(image_folder)])
    assert result.cancelled and result.images == []


def test_an_error_in_the_scan_arrives_as_text(qtbot, runner, monkeypatch, image_folder: Path) -> None:
    def broken_scan(*args: object, **kwargs: object) -> ScanResult:
        raise OSError("disk on fire")

    monkeypatch.setattr("aigc_desktop.core.data.scan.scan", broken_scan)
    sink = Sink(runner)
    with qtbot.waitSignal(runner.jobEnded, timeout=20_000):
        runner.submit(sink.job("scan", partial(scan_sources, paths=[str(image_folder)])))
    assert sink.results == [] and sink.ended == ["failed"]
    assert sink.errors == ["disk on fire"]


# -- the preprocessing preview -------------------------------------------------------------------------
@pytest.fixture
def images(image_folder: Path) -> list[ScannedImage]:
    return scan([image_folder]).images


def render(images: list[ScannedImage], settings: PreprocessSettings) -> list[dataset_jobs.PreviewSample]:
    return render_samples(JobContext(), images, settings)


@pytest.mark.parametrize(("channels", "fit"), [(3, "crop"), (1, "pad")])
def test_after_is_the_training_square_and_before_keeps_the_shape(
    images: list[ScannedImage], channels: int, fit: str
) -> None:
    picked = images[:4]
    samples = render(picked, PreprocessSettings(resolution=32, channels=channels, fit=fit))
    assert [s.location for s in samples] == [im.source.location() for im in picked]
    for sample, im in zip(samples, picked, strict=True):
        assert sample.reason == ""
        assert sample.after.dtype == np.uint8 and sample.after.shape == (32, 32, channels)
        # Before: the original's size and aspect (these are small, so not shrunk).
        assert sample.before.shape[:2] == (im.height, im.width)


def test_big_transparent_picture_is_shrunk_and_keeps_alpha(tmp_path: Path) -> None:
    rgba = np.zeros((300, 600, 4), dtype=np.uint8)
    rgba[..., 0] = 200
    rgba[:, :300, 3] = 255  # left half opaque red, right half see-through
    Image.fromarray(rgba, "RGBA").save(tmp_path / "half.png")
    (im,) = scan([tmp_path / "half.png"]).images
    (sample,) = render([im], PreprocessSettings(resolution=16, fit="pad", background="black"))
    assert sample.before.shape == (BEFORE_PX // 2, BEFORE_PX, 4)
    assert sample.after.shape == (16, 16, 3)
    assert sample.after[8, 12].tolist() == [0, 0, 0]  # the see-through half became the black background


def test_a_file_gone_since_the_scan_gives_a_reason_not_a_crash(images: list[ScannedImage]) -> None:
    Path(images[0].source.path).unlink()
    samples = render(images[:2], PreprocessSettings(resolution=16))
    assert samples[0].before is None and samples[0].after is None
    assert "no longer exists" in samples[0].reason
    assert samples[1].after.shape == (16, 16, 3)


def test_a_newer_preview_wins_and_a_late_result_is_ignored(
    qtbot, runner, images: list[ScannedImage], monkeypatch
) -> None:
    release = threading.Event()
    real = dataset_jobs.render_samples

    def slow_first(ctx, images, settings):  # ignores the cancel: a result arrives, late
        if settings.resolution == 16:
            release.wait(10)
        return real(JobContext(), images, settings)

    monkeypatch.setattr(dataset_jobs, "render_samples", slow_first)
    sink = Sink(runner)

    def preview(resolution: int) -> Job:
        settings = PreprocessSettings(resolution=resolution)
        return sink.job("preview", partial(dataset_jobs.render_samples, images=images[:2], settings=settings))

    runner.submit(preview(16))
    runner.submit(preview(32))
    release.set()
    qtbot.waitUntil(lambda: len(sink.ended) == 2, timeout=10_000)
    assert sink.ended == ["cancelled", "done"]
    (samples,) = sink.results
    assert all(s.after.shape == (32, 32, 3) for s in samples)


def test_a_superseded_render_stops_between_pictures(images: list[ScannedImage]) -> None:
    calls = iter([False, True])
    with pytest.raises(Cancelled):
        render_samples(JobContext(should_stop=lambda: next(calls)), images[:4], PreprocessSettings(resolution=16))
