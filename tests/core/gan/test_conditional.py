"""Class-conditional training: G makes the class it is asked for, on every path that makes pictures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.data.balance import MAX_REPEAT, class_shares, needs_balancing, picture_weights
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.gan.models import ClassBatchNorm, Discriminator, Generator
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.run.session import start_run
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.generation import generate_to_folder, latents, load_generator
from tests.conftest import made_again, two_class_folder


def brightness(images: torch.Tensor) -> np.ndarray:
    return images.float().mean(dim=(1, 2, 3)).numpy()


def test_the_generated_class_is_the_one_asked_for(conditional_run: Path) -> None:
    gen = load_generator(conditional_run)
    assert gen.conditional and gen.classes == ["bright", "dark"]
    z = latents(200, gen.config.z_dim, seed=5)
    bright, dark = brightness(gen.generate(z, labels=0)), brightness(gen.generate(z, labels=1))
    # The rule: an image is of the class whose real pictures' brightness (200 or 40) it is nearer.
    agree = np.concatenate([bright > 120, dark < 120]).mean()
    assert agree >= 0.95, agree  # chance is 0.5
    # the same latent, told another class, gives another picture: the class is not ignored
    assert (bright - dark).min() > 40


def test_the_preview_shows_one_row_per_class(conditional_run: Path) -> None:
    grids = sorted(RunFolder(conditional_run).samples_dir.glob("*.png"))
    grid = np.asarray(Image.open(grids[-1]))
    assert grid.shape[0] == 2 * 17 + 1  # two rows of 16 px images with 1 px padding
    top, bottom = grid[1:17].mean(), grid[18:34].mean()
    assert top > 120 > bottom  # row 1: bright, row 2: dark


def test_generate_to_folder_records_the_class_and_like_remakes_it(conditional_run: Path, tmp_path: Path) -> None:
    from aigc_desktop.core.sampling.export import read_provenance, regenerate

    gen = load_generator(conditional_run)
    paths = generate_to_folder(gen, 5, seed=3, out=tmp_path / "dark", label=gen.class_index("dark"))
    for path in paths:
        prov = read_provenance(path)
        assert prov["aigc:class"] == "dark"
        again = regenerate(conditional_run, prov)
        saved = torch.from_numpy(np.array(Image.open(path))).permute(2, 0, 1)
        assert made_again(again, saved)
    # by default the classes take turns: image i is of class i mod 2
    mixed = generate_to_folder(gen, 4, seed=3, out=tmp_path / "mixed")
    assert [read_provenance(p)["aigc:class"] for p in mixed] == ["bright", "dark", "bright", "dark"]


def test_a_class_that_does_not_exist_is_named_with_the_real_ones(conditional_run: Path) -> None:
    gen = load_generator(conditional_run)
    with pytest.raises(ConfigError, match="bright, dark"):
        gen.class_index("crack")


def test_conditional_on_refuses_pictures_without_classes(tiny_config, tmp_path: Path) -> None:
    data = tmp_path / "pictures"
    data.mkdir()
    for i in range(4):
        Image.fromarray(np.full((16, 16, 3), 50 * i, np.uint8)).save(data / f"{i}.png")
    with pytest.raises(ConfigError, match="two or more class folders"):
        start_run([data], tmp_path / "run", tiny_config(conditional="on"))


def test_auto_learns_classes_only_where_there_are_two(tiny_config, tmp_path: Path) -> None:
    data = two_class_folder(tmp_path / "pictures")
    prepared = start_run([data], tmp_path / "run", tiny_config(conditional="auto"))
    assert prepared.trainer.num_classes == 2
    off = Trainer(tiny_config(conditional="off"), prepared.trainer.dataset)
    assert off.num_classes == 0 and off.G.embed is None and off.D.embed is None


def test_a_run_saved_before_classes_existed_trains_and_generates_unconditionally(tiny_config, tmp_path) -> None:
    data = two_class_folder(tmp_path / "pictures")
    prepared = start_run([data], tmp_path / "run", tiny_config(conditional="off", steps=2, checkpoint_every=2))
    TrainingLoop(prepared.trainer, prepared.run).run()
    ckpt = prepared.run.latest_checkpoint()
    state = load_checkpoint(ckpt)
    del state["config"]["conditional"]  # as written before this setting existed
    torch.save(state, ckpt)
    assert TrainConfig.from_dict(state["config"]).conditional == "off"
    gen = load_generator(prepared.run.root)
    assert not gen.conditional and gen.generate(latents(3, gen.config.z_dim, 0)).shape == (3, 3, 16, 16)


def test_by_class_g_scales_and_shifts_its_batchnorm_per_class_starting_alike() -> None:
    g = Generator(8, 16, 3, 8, num_classes=3).eval()
    assert g.embed is None and sum(isinstance(m, ClassBatchNorm) for m in g.modules()) == 2
    z = torch.randn(4, 8)
    with torch.no_grad():
        assert torch.equal(g(z, torch.zeros(4, dtype=torch.int64)), g(z, torch.full((4,), 2)))  # gains start at 0
        for m in g.modules():
            if isinstance(m, ClassBatchNorm):
                m.shift.weight[2].fill_(0.5)
        assert not torch.equal(g(z, torch.zeros(4, dtype=torch.int64)), g(z, torch.full((4,), 2)))
        g.class_strength = 0.0  # transitional training: not told the class yet
        assert torch.equal(g(z, torch.zeros(4, dtype=torch.int64)), g(z, torch.full((4,), 2)))
    # an unconditional generator keeps the keys of every checkpoint so far
    assert not any("gain" in key for key in Generator(8, 16, 3, 8).state_dict())


def test_a_run_by_class_from_before_class_batchnorm_still_generates_its_classes(tiny_config, tmp_path) -> None:
    data = two_class_folder(tmp_path / "pictures")
    config = tiny_config(conditional="on", steps=4, checkpoint_every=4, class_fade_from=0, class_fade_steps=0,
                         g_class_norm=False)
    prepared = start_run([data], tmp_path / "run", config)
    TrainingLoop(prepared.trainer, prepared.run).run()
    ckpt = prepared.run.latest_checkpoint()
    state = load_checkpoint(ckpt)
    del state["config"]["g_class_norm"]  # as written before this setting existed: the class beside z
    torch.save(state, ckpt)
    gen = load_generator(prepared.run.root)
    assert gen.conditional and gen.model.embed is not None and not gen.config.g_class_norm
    z = latents(3, gen.config.z_dim, 0)
    assert not torch.equal(gen.generate(z, labels=0), gen.generate(z, labels=1))


def test_unbalanced_classes_are_drawn_by_class_with_a_repeat_cap(tiny_config, tmp_path: Path) -> None:
    assert class_shares([90, 10]) == pytest.approx([0.6, 0.4])  # 10 % would reach 40 % only at 4×
    assert class_shares([1000, 30])[1] == pytest.approx(MAX_REPEAT * 30 / 1030)
    assert class_shares([50, 50, 60]) == pytest.approx([1 / 3] * 3)
    assert not needs_balancing([50, 60]) and needs_balancing([50, 70])
    assert sum(picture_weights([0, 0, 0, 1], [0.5, 0.5])) == pytest.approx(1.0)

    data = two_class_folder(tmp_path / "pictures", {"bright": 30, "dark": 6})
    prepared = start_run([data], tmp_path / "run", tiny_config(conditional="on"))
    trainer = prepared.trainer
    drawn = torch.cat([trainer.next_real_batch(36)[1] for _ in range(100)])
    share_dark = (drawn == 1).double().mean().item()
    assert share_dark == pytest.approx(class_shares([30, 6])[1], abs=0.03)  # 0.5 (balanced), not 6/36


def test_resume_continues_a_conditional_unbalanced_run_exactly(tiny_config, tmp_path: Path) -> None:
    data = two_class_folder(tmp_path / "pictures", {"bright": 20, "dark": 6})
    config = tiny_config(conditional="on", steps=30, checkpoint_every=1000, diffaug="auto", r1_gamma=0.5,
                         class_fade_from=15, class_fade_steps=10)  # the resume falls inside the fade
    unbroken = start_run([data], tmp_path / "a", config).trainer
    first_losses = [unbroken.step().loss_d for _ in range(30)]

    half = start_run([data], tmp_path / "b", config).trainer
    for _ in range(20):
        half.step()
    state = {**half.state_dict(), "step": half.step_count}
    resumed = Trainer(config, half.dataset)
    resumed.load_state_dict(state)
    assert [resumed.step().loss_d for _ in range(10)] == first_losses[20:]


def test_the_class_is_faded_in_and_a_loaded_checkpoint_is_told_as_much_as_at_its_step(tiny_config, tmp_path):
    config = TrainConfig(class_fade_from=100, class_fade_steps=200)
    assert [config.class_strength(s) for s in (0, 99, 100, 200, 300, 10_000)] == [0, 0, 0, 0.5, 1, 1]
    assert TrainConfig(class_fade_from=5, class_fade_steps=0).class_strength(5) == 1.0
    # a run from before the fade was told the class from its first step, and resumes so
    assert TrainConfig.from_dict({"conditional": "on"}).class_strength(0) == 1.0

    data = two_class_folder(tmp_path / "pictures")
    config = tiny_config(conditional="on", steps=6, checkpoint_every=6, class_fade_from=2, class_fade_steps=8)
    prepared = start_run([data], tmp_path / "run", config)
    trainer = prepared.trainer
    z = latents(4, config.z_dim, 0)
    # before the fade G does not know the class: the same latent gives the same picture for both
    assert torch.equal(trainer.generate(z, labels=0), trainer.generate(z, labels=1))
    TrainingLoop(trainer, prepared.run).run()
    assert trainer.G.class_strength == trainer.D.class_strength == pytest.approx(0.5)  # told at step 6
    gen = load_generator(prepared.run.root)
    assert gen.model.class_strength == pytest.approx(0.5)
    assert torch.equal(gen.generate(z, labels=1), trainer.generate(z, labels=1))
    assert not torch.equal(gen.generate(z, labels=0), gen.generate(z, labels=1))


@pytest.mark.parametrize("loss", ["bce", "hinge", "wgan-gp"])
def test_every_loss_and_the_extras_take_labels(loss, tiny_config, tmp_path: Path) -> None:
    data = two_class_folder(tmp_path / "pictures")
    extras = {"spectral_norm": True} if loss == "hinge" else {"d_mbstd": True, "d_reconstruct": 1.0, "g_excite": True}
    prepared = start_run([data], tmp_path / "run", tiny_config(conditional="on", loss=loss, steps=3, **extras))
    summary = TrainingLoop(prepared.trainer, prepared.run).run()
    assert summary.step == 3


def test_conditional_models_need_their_labels() -> None:
    g, d = Generator(8, 16, 3, 8, num_classes=3), Discriminator(16, 3, 8, num_classes=3)
    with pytest.raises(ValueError, match="class"):
        g(torch.randn(2, 8))
    with pytest.raises(ValueError, match="class"):
        d(torch.randn(2, 3, 16, 16))
    labels = torch.tensor([0, 2])
    assert d(g(torch.randn(2, 8), labels), labels).shape == (2,)


def test_a_run_by_class_holds_out_real_pictures_that_never_reach_the_trainer(conditional_run: Path, tmp_path):
    import json
    import shutil

    from aigc_desktop.core.data import holdout
    from aigc_desktop.core.run.session import held_out_pictures, resume_run, training_pictures

    held = holdout.read(conditional_run)
    assert held is not None and len(held) == 4  # 15 % of 12 pictures, rounded: 2 per class
    assert {Path(loc).parent.name for loc in held} == {"bright", "dark"}
    gen = load_generator(conditional_run)
    trained = training_pictures(conditional_run, load_checkpoint(gen.checkpoint))
    assert len(trained) == 20 and not held & set(trained.sources)
    kept_out = held_out_pictures(conditional_run, gen.config)
    assert kept_out is not None and set(kept_out.sources) == held
    report = json.loads((conditional_run / "dataset_report.json").read_text())
    assert report["counts"]["used"] == 20
    # a run whose training cache is gone rebuilds it from its sources: still without the held-out pictures
    copy = Path(shutil.copytree(conditional_run, tmp_path / "copy"))
    for cached in (copy / "cache").glob("dataset-*.pt"):
        cached.unlink()
    resumed = resume_run(copy, more_steps=1)
    assert len(resumed.trainer.dataset) == 20 and not held & set(resumed.trainer.dataset.sources)


def test_the_held_out_share_is_stratified_stable_and_spares_small_classes() -> None:
    from aigc_desktop.core.data import holdout

    locations = [f"{c}/{i}.png" for c, n in (("ok", 40), ("crack", 7), ("dent", 3)) for i in range(n)]
    labels = [loc.split("/")[0] for loc in locations]
    chosen = holdout.choose(locations, labels, seed=1)
    assert [labels[i] for i in chosen].count("ok") == 6 and [labels[i] for i in chosen].count("crack") == 1
    assert "dent" not in [labels[i] for i in chosen]  # 3 pictures: all kept for training
    shuffled = list(reversed(range(len(locations))))
    again = holdout.choose([locations[i] for i in shuffled], [labels[i] for i in shuffled], seed=1)
    assert sorted(locations[shuffled[i]] for i in again) == sorted(locations[i] for i in chosen)
    assert holdout.choose(locations, labels, seed=2) != chosen


def test_the_usefulness_report_tests_three_classifiers_on_the_held_out_pictures(conditional_run: Path,
                                                                             monkeypatch) -> None:
    from aigc_desktop.core.run.session import held_out_pictures, training_pictures
    from aigc_desktop.core.sampling import usefulness as module
    from aigc_desktop.core.sampling.usefulness import WAYS, usefulness

    monkeypatch.setattr(module, "PATIENCE", 5)  # bright against dark is learnt in a few epochs
    monkeypatch.setattr(module, "MAX_EPOCHS", 20)

    gen = load_generator(conditional_run)
    real = training_pictures(conditional_run, load_checkpoint(gen.checkpoint))
    report = usefulness(gen, real, held_out_pictures(conditional_run, gen.config), seeds=2, per_class=30)
    assert report.counts == {"real": 20, "generated": 60, "held_out": 4} and report.seeds == 2
    assert set(report.accuracy) == set(WAYS)
    # bright against dark is easy, and the generator makes each class as asked: every way gets them right
    for way in WAYS:
        assert report.accuracy[way].mean >= 0.75, (way, report.accuracy[way])
        assert set(report.recall[way]) == {"bright", "dark"}
    assert report.agreement["bright"] > 0.9 and report.agreement["dark"] > 0.9
    words = " ".join(report.sentences)
    assert "held-out pictures" in words and "Trained on generated pictures alone" in words
    assert "Only 4 held-out pictures" in words
    assert report.as_dict()["verdict"][0] == str(report.sentences[0])


def test_a_run_without_classes_has_no_usefulness_report(tiny_run: Path) -> None:
    from aigc_desktop.core.sampling.usefulness import usefulness

    gen = load_generator(tiny_run)
    with pytest.raises(ConfigError, match="trained by class"):
        usefulness(gen, None, None)  # type: ignore[arg-type]


def test_the_mode_seeking_term_punishes_one_picture_per_class() -> None:
    from aigc_desktop.core.gan.extra_terms import mode_seeking as _mode_seeking

    torch.manual_seed(0)
    z, labels = torch.randn(8, 4), torch.tensor([0, 1, 0, 1, 0, 1, 0, 1])
    varied = torch.randn(8, 3, 8, 8)
    same_per_class = torch.stack([varied[0] if y == 0 else varied[1] for y in labels])
    assert _mode_seeking(same_per_class, z, labels) > 100 * _mode_seeking(varied, z, labels)
    # only pairs of one class count: pictures that differ only across classes are still one per class
    assert _mode_seeking(same_per_class, z, labels) > 1e3
    assert _mode_seeking(varied, z, None) > 0


def test_a_baseline_no_better_than_guessing_is_said_instead_of_a_verdict() -> None:
    from aigc_desktop.core.sampling.usefulness import Figure, UsefulnessReport, verdict

    report = UsefulnessReport(
        accuracy={"real": Figure(0.25, 0.0), "real + generated": Figure(0.28, 0.04), "generated": Figure(0.18, 0.01)},
        recall={}, agreement={"crack": 0.0, "dent": 0.0, "ok": 0.5, "scratch": 0.5}, seeds=2,
        counts={"real": 288, "generated": 400, "held_out": 52}, seconds=49.0)
    (sentence,) = verdict(report)
    assert "no better than guessing" in sentence and "25%" in sentence and "288" in sentence
