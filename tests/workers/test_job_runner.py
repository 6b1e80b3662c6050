"""The job lanes on real threads (newest wins, cancel, stop, throttle, error text), and the Gallery's
engine jobs on a tiny trained run."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.errors import Cancelled
from aigc_desktop.core.sampling.curation import keep_best, load_discriminator
from aigc_desktop.core.sampling.generation import latents, load_generator
from aigc_desktop.workers import gallery_jobs as jobs
from aigc_desktop.workers import threads
from aigc_desktop.workers.job_context import Throttle
from aigc_desktop.workers.job_runner import Job, JobRunner


@pytest.fixture
def run(tiny_run: Path) -> Path:
    """The session's tiny trained run (tests/conftest.py), read only."""
    return tiny_run


def choice_of(run: Path, step: int = 40, ema: bool = True) -> jobs.ModelChoice:
    return jobs.ModelChoice(str(run), str(run / "checkpoints" / f"ckpt-{step:08d}.pt"), step, ema)


# -- the lanes ---------------------------------------------------------------------------------------
class Sink:
    """Collects what a lane delivers (plain methods, called on the GUI thread by the runner)."""

    def __init__(self) -> None:
        self.partials: list = []
        self.results: list = []
        self.errors: list[str] = []


def slow_job(sink: Sink, tag: str, seconds: float = 5.0) -> Job:
    def fn(ctx: jobs.JobContext) -> str:
        end = time.monotonic() + seconds
        i = 0
        while time.monotonic() < end:
            ctx.check()
            ctx.partial((tag, i))
            i += 1
            time.sleep(0.01)
        return tag

    return Job(tag, fn, sink.results.append, sink.partials.append, sink.errors.append)


def test_a_job_delivers_partials_in_order_then_its_result(qtbot):
    runner, sink = JobRunner("test"), Sink()

    def fn(ctx: jobs.JobContext) -> int:
        for i in range(5):
            ctx.partial(i)
            ctx.progress("count", i + 1, 5)
        return 42

    progress = []
    runner.progress.connect(lambda *args: progress.append(args))
    with qtbot.waitSignal(runner.jobEnded, timeout=10_000) as ended:
        runner.submit(Job("count", fn, sink.results.append, sink.partials.append))
    assert ended.args == ["count", "done"]
    assert sink.partials == [0, 1, 2, 3, 4] and sink.results == [42]
    assert progress[-1] == ("count", "count", 5, 5)
    assert not runner.is_busy()


def test_a_newer_job_cancels_a_supersedable_one_and_its_late_results_are_dropped(qtbot):
    runner, old, new = JobRunner("test"), Sink(), Sink()
    busy = []
    runner.busyChanged.connect(busy.append)
    runner.submit(slow_job(old, "old"))
    qtbot.waitUntil(lambda: len(old.partials) > 2, timeout=10_000)
    started = time.monotonic()
    runner.submit(slow_job(new, "new", seconds=0.2))
    qtbot.waitUntil(lambda: new.results == ["new"], timeout=10_000)
    assert time.monotonic() - started < 4, "the old job was not cancelled"
    assert old.results == [] and all(tag == "old" for tag, _ in old.partials)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert busy == [True, False]  # one busy period: no flicker to idle between the two jobs


def test_an_export_is_not_cancelled_by_a_newer_job_which_waits_for_it(qtbot):
    runner, first, second = JobRunner("test"), Sink(), Sink()
    job = slow_job(first, "export", seconds=0.5)
    job.supersedable = False
    runner.submit(job)
    runner.submit(slow_job(second, "a", seconds=0.1))
    runner.submit(slow_job(second, "b", seconds=0.1))  # replaces "a", which never starts
    qtbot.waitUntil(lambda: second.results == ["b"], timeout=10_000)
    assert first.results == ["export"]
    assert all(tag == "b" for tag, _ in second.partials)


def test_a_failure_arrives_as_text_and_the_lane_is_free_again(qtbot):
    runner, sink = JobRunner("test"), Sink()

    def fn(ctx: jobs.JobContext) -> None:
        raise ValueError("The run has no checkpoint yet.")

    with qtbot.waitSignal(runner.jobEnded, timeout=10_000) as ended:
        runner.submit(Job("boom", fn, sink.results.append, on_error=sink.errors.append))
    assert ended.args == ["boom", "failed"]
    assert sink.errors == ["The run has no checkpoint yet."] and sink.results == []
    assert not runner.is_busy()


def test_shutdown_cancels_waits_and_starts_nothing_more(qtbot):
    runner, sink = JobRunner("test"), Sink()
    runner.submit(slow_job(sink, "long", seconds=30))
    qtbot.waitUntil(lambda: len(sink.partials) > 0, timeout=10_000)
    runner.submit(slow_job(sink, "next"))
    started = time.monotonic()
    assert runner.shutdown(10_000)
    assert time.monotonic() - started < 5
    assert threads.running_threads() == []
    runner.submit(slow_job(sink, "after"))
    assert not runner.is_busy()
    assert sink.results == []


def test_stop_ends_a_job_early_and_still_delivers_its_result(qtbot):
    runner, sink = JobRunner("test"), Sink()

    def count_until_stopped(ctx: jobs.JobContext) -> int:
        n = 0
        while not ctx.should_stop():
            n += 1
            ctx.partial(n)
            time.sleep(0.01)
        return n

    runner.submit(Job("count", count_until_stopped, sink.results.append, sink.partials.append))
    qtbot.waitUntil(lambda: len(sink.partials) > 2, timeout=10_000)
    with qtbot.waitSignal(runner.jobEnded, timeout=10_000) as ended:
        runner.stop()
    assert ended.args == ["count", "done"]
    assert len(sink.results) == 1 and sink.results[0] >= 3


def test_cancel_drops_the_late_result_of_a_job_that_ignores_it(qtbot):
    runner, sink = JobRunner("test"), Sink()
    release, started = threading.Event(), threading.Event()

    def stubborn(ctx: jobs.JobContext) -> str:
        started.set()
        release.wait(10)
        return "late"

    runner.submit(Job("stubborn", stubborn, sink.results.append, on_error=sink.errors.append))
    assert started.wait(10)
    runner.cancel()
    with qtbot.waitSignal(runner.jobEnded, timeout=10_000) as ended:
        release.set()
    assert ended.args == ["stubborn", "cancelled"]
    assert sink.results == [] and sink.errors == []


def test_progress_is_throttled_and_the_last_report_always_arrives(qtbot):
    runner = JobRunner("test")

    def busy(ctx: jobs.JobContext) -> None:
        for i in range(1, 200_001):
            ctx.progress("count", i, 200_000)

    progress = []
    runner.progress.connect(lambda *args: progress.append(args))
    started = time.monotonic()
    with qtbot.waitSignal(runner.jobEnded, timeout=30_000):
        runner.submit(Job("busy", busy))
    seconds = time.monotonic() - started
    assert progress[-1] == ("busy", "count", 200_000, 200_000)
    assert len(progress) <= 20 * seconds + 2  # at most 20 a second, and the last one


def test_throttle_passes_the_first_and_the_last_report():
    passed = []
    throttle = Throttle(lambda *args: passed.append(args), interval=60)
    for i in range(1, 101):
        throttle("decode", i, 100)
    assert passed == [("decode", 1, 100), ("decode", 100, 100)]


def test_a_bug_arrives_with_its_type_and_a_refusal_as_its_sentence(qtbot):
    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.messages import Sentence

    runner, sink = JobRunner("test"), Sink()

    def bug(ctx: jobs.JobContext) -> None:
        raise KeyError("step")

    def refused(ctx: jobs.JobContext) -> None:
        raise ConfigError(Sentence("Choose {n} GPUs or fewer.", n=8))

    for fn in (bug, refused):
        with qtbot.waitSignal(runner.jobEnded, timeout=10_000) as ended:
            runner.submit(Job(fn.__name__, fn, on_error=sink.errors.append))
        assert ended.args == [fn.__name__, "failed"]
    assert sink.errors == ["KeyError: 'step'", "Choose 8 GPUs or fewer."]


def test_the_engines_cancelled_is_the_one_the_lane_knows_and_ends_a_job_quietly(qtbot):
    from aigc_desktop.core.data import dataset_cache

    assert dataset_cache.Cancelled is Cancelled  # one exception, raised by core and by ctx.check()
    runner, sink = JobRunner("test"), Sink()

    def stopped_inside_the_engine(ctx: jobs.JobContext) -> None:
        raise dataset_cache.Cancelled("Preparing the pictures was stopped.")

    with qtbot.waitSignal(runner.jobEnded, timeout=10_000) as ended:
        runner.submit(Job("prepare", stopped_inside_the_engine, sink.results.append, on_error=sink.errors.append))
    assert ended.args == ["prepare", "cancelled"]
    assert sink.results == [] and sink.errors == []


# -- the engine jobs -----------------------------------------------------------------------------------
def test_generate_streams_chunks_identical_to_the_engine(run):
    chunks: list[jobs.Chunk] = []
    ctx = jobs.JobContext(partial=chunks.append)
    indices = list(range(300))
    info = jobs.generate(ctx, jobs.EngineCache(), choice_of(run), seed=5, indices=indices, psi=0.8)
    assert info == jobs.ModelInfo(16, 3, 8, True)
    assert [c.start for c in chunks] == [0, jobs.CHUNK]
    got = np.stack([a for c in chunks for a in c.arrays])
    gen = load_generator(run, use_ema=True)
    want = gen.generate(latents(300, 8, 5, 0.8)).permute(0, 2, 3, 1).numpy()
    assert np.array_equal(got, want)
    # Any subset of indices gives the same pictures as in the full set.
    picked: list[jobs.Chunk] = []
    jobs.generate(jobs.JobContext(partial=picked.append), jobs.EngineCache(), choice_of(run), 5, [299, 3], 0.8)
    assert np.array_equal(np.stack(picked[0].arrays), want[[299, 3]])


def test_a_cancelled_job_stops_at_its_next_check(run):
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        jobs.generate(jobs.JobContext(should_stop=stop.is_set), jobs.EngineCache(), choice_of(run), 0, range(10), 1.0)


def test_keep_best_gives_what_the_engine_gives(run):
    kept = jobs.keep_best(jobs.JobContext(), jobs.EngineCache(), choice_of(run), seed=2, k=7, n=600, psi=1.0)
    gen, d = load_generator(run), load_discriminator(run)
    want = keep_best(gen, d, 7, 600, seed=2)
    assert kept.indices == [i for i, _ in want]
    assert kept.scores == pytest.approx([s for _, s in want], abs=1e-5)
    assert kept.scores == sorted(kept.scores, reverse=True)
    images = gen.generate(latents(600, 8, 2)[kept.indices]).permute(0, 2, 3, 1).numpy()
    assert np.array_equal(np.stack(kept.arrays), images)


def test_a_training_picture_is_its_own_nearest_neighbour_and_flagged_as_a_copy(run):
    cache = jobs.EngineCache()
    data = cache.dataset(choice_of(run))
    training = [a for a in data.images[[1, 2]].permute(0, 2, 3, 1).numpy()]
    found = jobs.nearest(jobs.JobContext(), cache, choice_of(run), training[0], k=5)
    assert found.training_size == 8 and len(found.pixel) == len(found.features) == 5
    assert (found.pixel[0].index, found.pixel[0].distance) == (1, 0.0)
    assert found.features[0].index == 1 and found.features[0].distance == pytest.approx(0.0, abs=1e-6)
    for row in (found.pixel, found.features):
        assert [n.distance for n in row] == sorted(n.distance for n in row)
    assert np.array_equal(found.pixel[0].array, training[0])
    assert found.pixel_threshold > 0

    noise = np.random.default_rng(1).integers(0, 256, (16, 16, 3), dtype=np.uint8)
    check = jobs.check_copies(jobs.JobContext(), cache, choice_of(run), [noise, *training])
    assert check.flags == [False, True, True] and check.distances[1:] == [0.0, 0.0]


def test_the_training_set_missing_is_said_in_words(run, tmp_path):
    import shutil

    copy = tmp_path / "copied-run"
    shutil.copytree(run, copy)
    for f in (copy / "cache").iterdir():
        f.unlink()
    with pytest.raises(ValueError, match="no longer in its cache folder"):
        jobs.nearest(jobs.JobContext(), jobs.EngineCache(), choice_of(copy), np.zeros((16, 16, 3), np.uint8))


def test_export_job_writes_provenance_that_regenerates_the_pixels(run, tmp_path):
    from aigc_desktop.core.sampling.export import read_provenance, regenerate

    gen = load_generator(run)
    image = gen.generate(latents(4, 8, 9, 0.5))[3]
    item = jobs.ExportItem(image.permute(1, 2, 0).numpy(), seed=9, index=3, psi=0.5)
    names = jobs.export(jobs.JobContext(), choice_of(run), [item], str(tmp_path / "out"),
                        jobs.ExportOptions(upscale=2, sharpen=0.35, channels=1))
    prov = read_provenance(tmp_path / "out" / names[0])
    assert prov["aigc:seed"] == "9" and prov["aigc:latent_index"] == "3" and prov["aigc:psi"] == "0.5"
    assert prov["aigc:upscale"] == "2" and prov["aigc:channels"] == "1" and prov["aigc:run"] == "tiny-run"
    with Image.open(tmp_path / "out" / names[0]) as im:
        assert im.size == (32, 32) and im.mode == "L"
        pixels = torch.from_numpy(np.asarray(im).copy())[None]
    assert torch.equal(regenerate(run, prov), pixels)
