from __future__ import annotations

import dataclasses
import math

import pytest
import torch

from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.events import RunControl, TrainingHooks
from aigc_desktop.core.run.layout import CLASS_JUDGE as FILE_NAME
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.class_agreement import CHECKING_CLASSES, CLASSES_FADING_IN
from aigc_desktop.core.sampling.coverage import CoverageReference, CoverageReport


class Recorder(TrainingHooks):
    def __init__(self, stop_at: int | None = None, control: RunControl | None = None):
        self.rows, self.steps, self.messages, self.samples, self.checkpoints = [], [], [], [], []
        self.stop_at, self.control, self.ended = stop_at, control, None

    def on_step(self, stats):
        self.steps.append(stats)
        if self.stop_at is not None and stats.step >= self.stop_at:
            self.control.stop()

    def on_log(self, row):
        self.rows.append(row)

    def on_message(self, level, text):
        self.messages.append((level, text))

    def on_sample(self, step, grid):
        self.samples.append((step, grid))

    def on_checkpoint(self, step, path):
        self.checkpoints.append(step)

    def on_end(self, summary):
        self.ended = summary


def run(config, dataset, folder, hooks=None, control=None):
    trainer = Trainer(config, dataset)
    loop = TrainingLoop(trainer, RunFolder(folder), hooks, control)
    return trainer, loop.run()


@pytest.mark.parametrize("loss", ["bce", "hinge", "wgan-gp"])
def test_each_loss_trains_and_returns_step_stats(loss, tmp_path, tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(loss=loss), tiny_dataset())
    g_before = [p.clone() for p in trainer.G.parameters()]
    stats = [trainer.step() for _ in range(3)]
    assert [s.step for s in stats] == [1, 2, 3]
    for s in stats:
        assert math.isfinite(s.loss_d) and math.isfinite(s.loss_g) and s.images_per_s > 0 and s.batch == 4
    if loss == "bce":
        assert all(0 <= s.d_real <= 1 and 0 <= s.d_fake <= 1 for s in stats)
    assert any(not torch.equal(a, b) for a, b in zip(g_before, trainer.G.parameters(), strict=True))


def test_spectral_norm_amp_off_on_cpu_and_grayscale(tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(spectral_norm=True, channels=1, amp="bf16"), tiny_dataset(channels=1))
    assert trainer.amp_dtype is None  # mixed precision is a CUDA feature; the CPU stays in fp32
    trainer.step()
    images = trainer.generate(torch.randn(5, 8))
    assert images.dtype == torch.uint8 and images.shape == (5, 1, 16, 16)


def test_batch_larger_than_dataset_sees_every_image_each_epoch(tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(batch=8), tiny_dataset(n=5))
    seen = torch.cat([trainer.feed.next_indices(8) for _ in range(5)])  # 40 indices = 8 epochs of 5
    epochs = seen.view(8, 5)
    for epoch in epochs:
        assert sorted(epoch.tolist()) == [0, 1, 2, 3, 4]
    assert len({tuple(e.tolist()) for e in epochs}) > 1  # reshuffled each epoch


def test_loop_writes_metrics_samples_and_checkpoints(tmp_path, tiny_config, tiny_dataset):
    hooks = Recorder()
    config = tiny_config(steps=8, log_every=2, sample_every=4, checkpoint_every=4, keep_checkpoints=1)
    _trainer, summary = run(config, tiny_dataset(), tmp_path / "run", hooks)
    folder = RunFolder(tmp_path / "run")
    assert summary.reason == "finished" and summary.step == 8
    assert [r["step"] for r in folder.read_metrics()] == [2, 4, 6, 8]
    assert set(folder.read_metrics()[0]) >= {"step", "loss_d", "loss_g", "d_real", "d_fake", "images_per_s"}
    assert [p.name for p in folder.checkpoints()] == ["ckpt-00000008.pt"]  # keep=1 pruned step 4
    assert hooks.checkpoints == [4, 8]
    assert sorted(p.name for p in folder.samples_dir.iterdir()) == ["step-00000004.png", "step-00000008.png"]
    step, grid = hooks.samples[-1]
    assert step == 8 and grid.dtype.name == "uint8" and grid.shape[2] == 3
    state = load_checkpoint(folder.latest_checkpoint())
    assert state["step"] == 8 and state["dataset_fingerprint"] == "fp12-0" and len(state["history"]) == 4


@pytest.mark.parametrize("changes", [{"diffaug": "on"}, {"diffaug": "auto", "r1_gamma": 0.5},
                                     {"g_excite": True, "d_reconstruct": 1.0}, {"reach": 1.0},
                                     {"g_rotate": "on"}, {"kinds": 2}])
def test_resume_continues_exactly_like_an_unbroken_run(changes, tmp_path, tiny_config, tiny_dataset):
    dataset = tiny_dataset(n=24 if "kinds" in changes else 12)  # kinds need 10 pictures each
    config = tiny_config(steps=110, checkpoint_every=1000, **changes)
    unbroken = Recorder()
    run(config, dataset, tmp_path / "a", unbroken)

    control = RunControl()
    first = Recorder(stop_at=100, control=control)
    _, summary = run(config, dataset, tmp_path / "b", first, control)
    assert summary.reason == "stopped" and summary.step == 100  # stop saves a checkpoint

    resumed_trainer = Trainer(config, dataset)
    resumed_trainer.load_state_dict(load_checkpoint(RunFolder(tmp_path / "b").latest_checkpoint()))
    second = Recorder()
    TrainingLoop(resumed_trainer, RunFolder(tmp_path / "b"), second).run()
    expected = [(s.step, s.loss_d, s.loss_g, s.d_real, s.d_fake) for s in unbroken.steps[100:110]]
    got = [(s.step, s.loss_d, s.loss_g, s.d_real, s.d_fake) for s in second.steps]
    assert [g[0] for g in got] == list(range(101, 111))
    assert got == expected


def test_pause_blocks_between_steps_and_stop_wakes_it(tmp_path, tiny_config, tiny_dataset):
    import threading

    control = RunControl()
    hooks = Recorder()
    paused = threading.Event()
    hooks.on_paused = lambda step: paused.set()
    control.pause()
    result = {}
    thread = threading.Thread(target=lambda: result.update(
        summary=run(tiny_config(steps=50), tiny_dataset(), tmp_path / "r", hooks, control)[1]))
    thread.start()
    assert paused.wait(10)
    assert hooks.steps == []  # nothing trained while paused
    control.stop()
    thread.join(10)
    assert not thread.is_alive() and result["summary"].reason == "stopped"


def test_time_limit_stops_cleanly_with_a_checkpoint(tmp_path, tiny_config, tiny_dataset):
    _, summary = run(tiny_config(steps=0, minutes=0.01), tiny_dataset(), tmp_path / "r")
    assert summary.reason == "time limit" and summary.step > 0
    assert summary.checkpoint is not None and summary.checkpoint.exists()


@pytest.mark.parametrize("conditional", ["off", "on"])
def test_non_finite_loss_restores_checkpoint_and_lowers_learning_rate(conditional, tmp_path, monkeypatch,
                                                                      tiny_config, tiny_dataset):
    import aigc_desktop.core.gan.trainer as trainer_module

    calls = {"n": 0}
    real_d_loss = trainer_module.d_loss_fake

    def flaky(kind, logits):
        calls["n"] += 1
        out = real_d_loss(kind, logits)
        return out * float("nan") if calls["n"] == 5 else out

    monkeypatch.setattr(trainer_module, "d_loss_fake", flaky)
    hooks = Recorder()
    config = tiny_config(steps=8, checkpoint_every=3, conditional=conditional)
    trainer, summary = run(config, tiny_dataset(), tmp_path / "r", hooks)
    assert summary.step == 8 and (trainer.num_classes == 2) == (conditional == "on")
    assert trainer.lr_scale == 0.5
    assert trainer.opt_g.param_groups[0]["lr"] == pytest.approx(trainer.config.lr_g / 2)
    assert any("NaN" in text and "step 3" in text for _, text in hooks.messages)


def test_out_of_memory_halves_the_batch_and_continues(tmp_path, monkeypatch, tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(steps=4, batch=8), tiny_dataset())
    original = trainer.step
    state = {"raised": False}

    def step():
        if not state["raised"]:
            state["raised"] = True
            raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
        return original()

    monkeypatch.setattr(trainer, "step", step)
    hooks = Recorder()
    TrainingLoop(trainer, RunFolder(tmp_path / "r"), hooks).run()
    assert trainer.batch == 4 and trainer.step_count == 4
    assert all(s.batch == 4 for s in hooks.steps)
    assert any("out of memory" in text for _, text in hooks.messages)


def test_collapse_warning_when_discriminator_wins_for_long(tmp_path, tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(), tiny_dataset())
    hooks = Recorder()
    loop = TrainingLoop(trainer, RunFolder(tmp_path / "r"), hooks)
    for step in range(0, 700, 10):
        loop._watch_for_collapse({"step": step, "d_real": 0.99, "d_fake": 0.01})
    warnings = [t for level, t in hooks.messages if level == "warning"]
    assert len(warnings) == 1 and "discriminator has won" in warnings[0]


def fidelity(overall: float) -> CoverageReport:
    """A coverage report whose ``overall`` is ``overall`` (all of it from coverage)."""
    return CoverageReport(coverage=overall, precision=1.0, memorised=0.0, colour_error=0.5,
                          colour_shift=(0.0, 0.0, 0.0), uncovered=(3, 1), n_real=12, n_fake=32)


def test_quality_is_scored_during_training_and_the_best_checkpoint_is_kept(tmp_path, monkeypatch, tiny_config,
                                                                           tiny_dataset):
    import aigc_desktop.core.run.training_loop as loop_module
    from aigc_desktop.core.sampling.quality import QualityReport

    # The lowest SWD (step 4) comes with only a fifth of the pictures covered: the model has lost most
    # kinds of picture, so step 6 (SWD 30, 90 % covered) holds the best images.
    swd = iter([50.0, 20.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0])
    overall = iter([0.5, 0.2, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9])

    def fake_evaluate(trainer, real, n, seed, reference=None, judge=None):
        return QualityReport(swd=next(swd), swd_levels={}, diversity=0.2, real_diversity=0.2, n=n,
                             seconds=0.0, generate_seconds=0.0, fidelity=fidelity(next(overall)))

    monkeypatch.setattr(loop_module, "evaluate", fake_evaluate)
    hooks = Recorder()
    hooks.quality = []
    hooks.on_quality = hooks.quality.append
    config = tiny_config(steps=16, eval_every=2, checkpoint_every=2, keep_checkpoints=1)
    run(config, tiny_dataset(), tmp_path / "r", hooks)
    folder = RunFolder(tmp_path / "r")
    rows = folder.read_quality()
    assert [r["step"] for r in rows] == [2, 4, 6, 8, 10, 12, 14, 16]
    assert rows[1]["score"] == pytest.approx(100.0) and rows[2]["score"] == pytest.approx(33.33, abs=0.01)
    assert hooks.quality[-1]["best_step"] == 6
    # keep=1 prunes old checkpoints, but never the best one
    assert [p.name for p in folder.checkpoints()] == ["ckpt-00000006.pt", "ckpt-00000016.pt"]
    assert folder.best_checkpoint().name == "ckpt-00000006.pt"
    advice = [t for level, t in hooks.messages if "not improved" in t]
    assert len(advice) == 1 and "step 6" in advice[0]


def test_real_quality_evaluation_writes_coverage_and_builds_the_reference_once(tmp_path, monkeypatch, tiny_config,
                                                                               tiny_dataset):
    import aigc_desktop.core.run.training_loop as loop_module

    built = []

    class CountedReference(CoverageReference):
        def __init__(self, *args, **kwargs):
            built.append(args[1:])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(loop_module, "CoverageReference", CountedReference)
    data = dataclasses.replace(tiny_dataset(), sources=[f"/pictures/part{i}.png" for i in range(12)])
    hooks = Recorder()
    hooks.quality = []
    hooks.on_quality = hooks.quality.append
    run(tiny_config(steps=4, eval_every=2, eval_images=32), data, tmp_path / "r", hooks)
    assert built == [(32,)], "one reference for the whole run"
    rows = RunFolder(tmp_path / "r").read_quality()
    assert [r["step"] for r in rows] == [2, 4]
    row = rows[-1]
    assert row["swd"] > 0 and 0 < row["diversity"] < 1
    for share in ("coverage", "precision", "memorised", "overall"):
        assert 0 <= row[share] <= 1, share
    assert row["colour_error"] >= 0
    assert row["score"] == pytest.approx(row["swd"] / max(row["overall"], 0.01))
    assert row["uncovered_count"] == round((1 - row["coverage"]) * 12)
    examples = row["uncovered_examples"]
    assert len(examples) == min(8, row["uncovered_count"]) and set(examples) <= set(data.sources)
    # What the window translates (Sentences), and English in the file.
    assert hooks.quality[-1]["summary"][0].template and row["summary"] == [str(s) for s in hooks.quality[-1]["summary"]]
    assert "look-alike" in row["summary"][0]


def test_a_run_by_class_scores_class_agreement_with_a_judge_trained_once_and_kept(tmp_path, tiny_config,
                                                                                   tiny_dataset):
    hooks = Recorder()
    hooks.quality = []
    hooks.on_quality = hooks.quality.append
    trainer, _ = run(tiny_config(steps=4, eval_every=2, eval_images=32, conditional="on"), tiny_dataset(n=24),
                     tmp_path / "r", hooks)
    assert trainer.num_classes == 2
    rows = RunFolder(tmp_path / "r").read_quality()
    assert [r["step"] for r in rows] == [2, 4]
    for row in rows:
        assert set(row["class_agreement_by_class"]) == {"a", "b"}
        assert all(0 <= v <= 1 for v in row["class_agreement_by_class"].values())
        assert row["class_judge_accuracy"] >= 0.75  # bright squares against dark noise: easily told
    assert (tmp_path / "r" / FILE_NAME).is_file()
    told = [text for level, text in hooks.messages if getattr(text, "template", "") == CHECKING_CLASSES]
    assert len(told) == 1 and told[0].values["count"] == 2, "the judge is trained once, and the user told"
    # Four steps in, before the class fades in, G ignores it: the judge (bright squares against dark
    # noise, easily told) sees half the images in the wrong class, and `overall` counts it.
    row = rows[-1]
    assert row["class_agreement"] == pytest.approx(0.5, abs=0.2)
    assert row["overall"] == pytest.approx(row["coverage"] * row["precision"] * (1 - row["memorised"])
                                           * row["class_agreement"])
    fading = [s for s in hooks.quality[-1]["summary"] if getattr(s, "template", "") == CLASSES_FADING_IN]
    assert len(fading) == 1 and fading[0].values["step"] == 3000, "a weak class is expected before the fade ends"
    told = Recorder()
    told.quality = []
    told.on_quality = told.quality.append
    run(tiny_config(steps=2, eval_every=2, eval_images=32, conditional="on", class_fade_from=0, class_fade_steps=0),
        tiny_dataset(n=24), tmp_path / "told", told)
    assert not any(getattr(s, "template", "") == CLASSES_FADING_IN for s in told.quality[-1]["summary"])


def test_a_resumed_run_continues_its_advice_but_not_from_rows_without_coverage(tmp_path, tiny_config, tiny_dataset):
    config = tiny_config(steps=4, eval_every=0)
    trainer, _ = run(config, tiny_dataset(), tmp_path / "r")
    folder = RunFolder(tmp_path / "r")
    old = [{"step": 2, "swd": 10.0}, {"step": 4, "swd": 9.0}]  # scored before coverage was measured
    folder.append_quality(old[0])
    folder.append_quality(old[1])
    assert TrainingLoop(trainer, folder).advisor.history == []
    folder.append_quality({"step": 4, "swd": 9.0, "overall": 0.5})
    assert TrainingLoop(trainer, folder).advisor.history == [(4, 18.0)]
