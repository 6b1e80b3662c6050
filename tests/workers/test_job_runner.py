"""The Gallery's job lanes on real threads, and its engine jobs on a tiny trained run."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.session import start_run
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.curation import keep_best, load_discriminator
from aigc_desktop.core.sampling.generation import latents, load_generator
from aigc_desktop.workers import gallery_jobs as jobs
from aigc_desktop.workers import threads
from aigc_desktop.workers.job_context import Cancelled
from aigc_desktop.workers.job_runner import Job, JobRunner


def build_tiny_run(root: Path, n_images: int = 8, **changes: object) -> Path:
    """A 16 px run trained for 40 steps on ``n_images`` pictures (dark noise, and bright squares on it).

    Checkpoints at steps 20 and 40; the decoded training set is in its cache, as the app leaves it.
    """
    folder = root / "pictures"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for i in range(n_images):
        arr = rng.integers(0, 60, (16, 16, 3), dtype=np.uint8)
        if i % 2:
            arr[4:12, 4:12] = 230
        Image.fromarray(arr).save(folder / f"part{i}.png")
    # A high learning rate and a short EMA: 40 steps already give varied, non-grey images.
    config = TrainConfig(resolution=16, channels=3, z_dim=8, g_width=8, d_width=8, batch=4, steps=40, device="cpu",
                         log_every=10, sample_every=1000, checkpoint_every=20, checkpoint_minutes=0, seed=3,
                         lr_g=1e-2, lr_d=1e-2, ema_decay=0.9).replace(**changes)
    prepared = start_run([folder], root / "tiny-run", config)
    TrainingLoop(prepared.trainer, prepared.run).run()
    return root / "tiny-run"


_shared: dict[str, Path] = {}


def shared_tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tiny run for the whole session (the worker and the tab tests), which only read it."""
    if "run" not in _shared:
        _shared["run"] = build_tiny_run(tmp_path_factory.mktemp("gallery"))
    return _shared["run"]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_tiny_run(tmp_path_factory)


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
