"""Kinds: the pictures' own groups, found without labels; G draws each as often as it occurs."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.gan.kinds import find_kinds, kind_shares
from aigc_desktop.core.gan.models import ClassBatchNorm, Discriminator, Generator, discriminator_for
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.config import KIND_FADE_STEPS, KINDS_TURNING, ConfigError, TrainConfig
from aigc_desktop.core.run.session import resume_run, start_run
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.generation import latents, load_generator


def three_groups(per_group: tuple[int, int, int] = (12, 8, 4), side: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    """uint8 pictures of three looks (a dark field, a bright square, a bright ring), in a mixed order,
    and the look each has."""
    g = torch.Generator().manual_seed(0)
    looks = torch.cat([torch.full((n,), k) for k, n in enumerate(per_group)])
    looks = looks[torch.randperm(len(looks), generator=g)]
    images = torch.randint(20, 50, (len(looks), 3, side, side), generator=g, dtype=torch.uint8)
    q = side // 4
    for i, look in enumerate(looks.tolist()):
        if look == 1:
            images[i, :, q:-q, q:-q] = 220
        elif look == 2:
            images[i, :, 2:-2, 2:-2] = 220
            images[i, :, q + 1:-q - 1, q + 1:-q - 1] = 30
    return images, looks


def test_kinds_find_the_groups_the_same_way_every_time_largest_first() -> None:
    images, looks = three_groups()
    kinds = find_kinds(images, 3, seed=0)
    # one kind per look, numbered by size (the looks were made largest first)
    assert torch.equal(kinds, looks)
    assert torch.equal(find_kinds(images, 3, seed=0), kinds)


def test_kind_shares_are_counted_per_class_and_an_empty_class_gets_the_whole_set() -> None:
    kinds = torch.tensor([0, 0, 1, 1, 1, 0])
    labels = torch.tensor([0, 0, 0, 1, 1, 1])
    shares = kind_shares(kinds, labels, num_classes=3, count=2)
    torch.testing.assert_close(shares, torch.tensor([[2 / 3, 1 / 3], [1 / 3, 2 / 3], [0.5, 0.5]]))
    torch.testing.assert_close(kind_shares(kinds, None, 0, 2), torch.tensor([[0.5, 0.5]]))


def test_the_kind_is_read_from_the_latent_as_often_as_its_share() -> None:
    g = Generator(8, 16, kinds=3)
    g.kind_shares.copy_(torch.tensor([[0.6, 0.3, 0.1]]))
    z = torch.randn(20000, 8, generator=torch.Generator().manual_seed(1))
    kinds = g.kind_of(z)
    shares = torch.bincount(kinds, minlength=3).double() / len(z)
    torch.testing.assert_close(shares, torch.tensor([0.6, 0.3, 0.1], dtype=torch.float64), atol=0.015, rtol=0)
    assert torch.equal(g.kind_of(z[:7]), kinds[:7])  # the same latent, the same kind, in any batch
    turned = z.clone()
    turned[:, :2] = turned[:, :2].flip(1)  # another turning angle (numbers 0 and 1): the same kind
    assert torch.equal(g.kind_of(turned), kinds)
    # the kind changes the picture once G has learnt it (its gains start at 0: at first all alike)
    g.eval()
    for m in g.modules():
        if getattr(m, "kind_shift", None) is not None:
            torch.nn.init.normal_(m.kind_shift.weight)
    a, b = z[:1].clone(), z[:1].clone()
    a[0, -1], b[0, -1] = -2.0, 2.0  # kind 0 and kind 2
    assert (g(a) - g(b)).abs().max() > 0.1


def test_d_guesses_kinds_with_a_head_of_its_own_that_leaves_the_logit_alone() -> None:
    d = Discriminator(16, 3, 8, num_classes=2, class_guess=True, kinds=4).eval()
    x, labels = torch.randn(5, 3, 16, 16), torch.tensor([0, 1, 0, 1, 0])
    logits, guess, kind = d(x, labels, guess=True)
    assert guess.shape == (5, 2) and kind.shape == (5, 4)
    torch.testing.assert_close(logits, d(x, labels))
    assert Discriminator(16, 3, 8, kinds=0).kind_guess is None


def test_d_judges_a_picture_with_its_kind_where_it_projects_kinds() -> None:
    torch.manual_seed(0)
    d = Discriminator(16, 3, 8, num_classes=2, kinds=4, kind_project=True).eval()
    x, labels = torch.randn(5, 3, 16, 16), torch.tensor([0, 1, 0, 1, 0])
    as_asked = d(x, labels, kinds=torch.tensor([0, 1, 2, 3, 0]))
    # another kind for the first picture only changes the first logit
    other = d(x, labels, kinds=torch.tensor([3, 1, 2, 3, 0]))
    assert not torch.isclose(as_asked[0], other[0]) and torch.equal(as_asked[1:], other[1:])
    # pictures without a kind (liked images after the set's in fine-tuning) are judged without one
    fewer = d(x, labels, kinds=torch.tensor([0, 1, 2]))
    torch.testing.assert_close(fewer[:3], as_asked[:3])
    torch.testing.assert_close(fewer[3:], d(x, labels)[3:])
    assert d(x, labels, guess=True, kinds=torch.tensor([0, 1, 2, 3, 0]))[0].allclose(as_asked)
    assert Discriminator(16, 3, 8, kinds=4).kind_embed is None
    # a run from before judged pictures without their kind, and resumes so
    assert TrainConfig.from_dict({"kinds": 4}).d_kind_project is False and TrainConfig().d_kind_project
    # the projection alone, without the kind guess
    alone = discriminator_for(TrainConfig(resolution=16, kinds=4, d_kind_guess=0.0))
    assert alone.kind_embed is not None and alone.kind_guess is None


def test_kinds_of_outline_are_told_early_and_a_loaded_checkpoint_is_told_as_much(tmp_path: Path) -> None:
    config = TrainConfig(class_fade_from=100, class_fade_steps=200, kind_fade="early")
    assert [config.kind_strength(s) for s in (0, 500, 1000, 1500)] == [0, 0.5, 1, 1]
    assert [config.class_strength(s) for s in (0, 150)] == [0, 0.25]
    as_class = config.replace(kind_fade="class")
    assert [as_class.kind_strength(s) for s in (0, 150, 300)] == [0, 0.25, 1]
    assert config.replace(kind_fade="auto", kind_look="outline").kind_strength(500) == 0.5
    assert config.replace(kind_fade="auto", kind_look="look").kind_strength(150) == 0.25
    assert TrainConfig.from_dict({"kinds": 4, "kind_look": "outline"}).kind_fade == "class"  # a run from before
    with pytest.raises(ConfigError, match="kind_fade"):
        TrainConfig(kind_fade="late").validate()

    data = _mixed_folder(tmp_path / "pictures")
    config = TrainConfig(resolution=16, z_dim=8, g_width=8, d_width=8, batch=8, steps=4, seed=1, device="cpu",
                         sample_every=4, checkpoint_every=4, checkpoint_minutes=0, eval_every=0, kinds=2,
                         kind_look="outline", g_rotate="off", class_fade_from=0, class_fade_steps=100)
    prepared = start_run([data], tmp_path / "run", config)
    trainer = prepared.trainer
    assert trainer.config.kind_fade == "early"  # decided by the trainer, saved with the run
    TrainingLoop(trainer, prepared.run).run()
    assert trainer.G.kind_strength == trainer.D.kind_strength == pytest.approx(4 / KIND_FADE_STEPS)
    gen = load_generator(prepared.run.root)
    assert gen.model.kind_strength == pytest.approx(4 / KIND_FADE_STEPS)
    z = latents(4, 8, 0)
    assert torch.equal(gen.generate(z), trainer.generate(z))  # the averaged G is told as much


def test_a_set_too_small_for_kinds_trains_without_them(tiny_config, tiny_dataset) -> None:
    trainer = Trainer(tiny_config(kinds=8), tiny_dataset(n=12))  # 12 pictures: not 10 a kind
    assert trainer.config.kinds == 0 and trainer.G.kinds == 0 and trainer.D.kind_guess is None
    assert TrainConfig.from_dict({"resolution": 32}).kinds == 0  # a run from before kinds stays without
    assert TrainConfig().kinds == -1  # auto: decided by the trainer


def _mixed_folder(root: Path, bright: int = 30, dark: int = 10) -> Path:
    """One folder without classes: three quarters bright pictures, one quarter dark."""
    root.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for i in range(bright + dark):
        level = 200 if i < bright else 40
        arr = np.clip(rng.normal(level, 12, (16, 16, 3)), 0, 255).astype(np.uint8)
        Image.fromarray(arr).save(root / f"part{i:03d}.png")
    return root


def test_a_run_with_kinds_draws_each_kind_as_it_is_asked_and_as_often_as_the_pictures(tmp_path: Path) -> None:
    data = _mixed_folder(tmp_path / "pictures")
    config = TrainConfig(resolution=16, z_dim=8, g_width=8, d_width=8, batch=8, steps=300, seed=1, device="cpu",
                         lr_g=2e-3, lr_d=2e-3, ema_decay=0.9, sample_every=300, checkpoint_every=300,
                         checkpoint_minutes=0, eval_every=0, kinds=2, g_rotate="off",
                         class_fade_from=0, class_fade_steps=0)  # told the kind in full from the start
    prepared = start_run([data], tmp_path / "run", config)
    trainer = prepared.trainer
    assert trainer.config.kinds == 2
    # the bright pictures are the larger kind, 0
    bright_kind = (trainer.dataset.images.float().mean(dim=(1, 2, 3)) > 120).long()
    assert torch.equal(trainer.picture_kinds, 1 - bright_kind)
    TrainingLoop(trainer, prepared.run).run()

    gen = load_generator(prepared.run.root)  # as the Gallery and the command line load it
    z = latents(400, gen.config.z_dim, seed=5)
    asked = gen.model.kind_of(z)
    bright = torch.from_numpy(np.asarray(gen.generate(z).float().mean(dim=(1, 2, 3)) > 120))
    # the rule: a picture is of the kind whose real pictures' brightness (200 or 40) it is nearer
    assert (bright == (asked == 0)).double().mean() >= 0.9  # chance: 0.625
    assert abs(bright.double().mean().item() - 0.75) <= 0.1  # as often as among the pictures
    state = load_checkpoint(prepared.run.latest_checkpoint())
    assert state["kinds"] == trainer.picture_kinds.tolist()


def test_a_run_with_kinds_fine_tunes_with_liked_pictures_beside_its_own(tmp_path: Path) -> None:
    from aigc_desktop.core.feedback.finetune import FinetuneSettings, finetune
    from tests.core.feedback.test_finetune import rate_by_brightness, toy_pictures

    config = TrainConfig(resolution=16, channels=1, z_dim=8, g_width=8, d_width=8, batch=8, steps=10, seed=1,
                         device="cpu", sample_every=10**6, checkpoint_every=10**6, checkpoint_minutes=0,
                         eval_every=0, kinds=4)
    prepared = start_run([toy_pictures(tmp_path / "pictures")], tmp_path / "run", config)
    assert prepared.trainer.config.kinds == 4
    TrainingLoop(prepared.trainer, prepared.run).run()
    rate_by_brightness(prepared.run.root, n=8)
    # the liked images join the real batch without a kind of their own; the kind guess skips them
    version = finetune(prepared.run.root, FinetuneSettings(steps=4, liked_share=0.25, sample_every=10**6))
    assert version.step == 14


def _outlines_with_marks(n: int = 48, side: int = 64) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """uint8 pictures of bright parts on a dark table: discs or squares turned to any angle (the outline),
    half of each with a scratch, a short dark line across it (the surface); and each one's outline and surface."""
    g = torch.Generator().manual_seed(2)
    outline, surface = torch.arange(n) % 2, (torch.arange(n) // 2) % 2
    c = torch.arange(side, dtype=torch.float32) + 0.5 - side / 2
    y, x = torch.meshgrid(c, c, indexing="ij")
    images = torch.empty(n, 3, side, side, dtype=torch.uint8)
    for i in range(n):
        angle = float(torch.rand((), generator=g)) * math.pi
        u, v = x * math.cos(angle) + y * math.sin(angle), -x * math.sin(angle) + y * math.cos(angle)
        part = (torch.maximum(u.abs(), v.abs()) < side * 0.3) if outline[i] else (torch.hypot(x, y) < side * 0.33)
        picture = torch.where(part, 210.0, 35.0) + torch.randn(side, side, generator=g) * 6
        if surface[i]:  # at an angle of its own
            turn = float(torch.rand((), generator=g)) * math.pi
            along, across = x * math.cos(turn) + y * math.sin(turn), -x * math.sin(turn) + y * math.cos(turn)
            picture = torch.where(part & ((across - side * 0.12).abs() < 0.7) & (along.abs() < side * 0.2), 60.0, picture)
        images[i] = picture.clamp(0, 255).to(torch.uint8)
    return images, outline, surface


def _agreement(found: torch.Tensor, truth: torch.Tensor) -> float:
    same = (found == truth).double().mean().item()
    return max(same, 1 - same)  # the numbering of two kinds is arbitrary


def test_kinds_of_outline_group_parts_by_shape_and_leave_the_surface_to_the_class() -> None:
    images, outline, surface = _outlines_with_marks()
    by_outline = find_kinds(images, 2, seed=0, look="outline")
    assert _agreement(by_outline, outline) == 1.0
    assert _agreement(by_outline, surface) <= 0.7  # the stripes don't decide it
    with pytest.raises(ValueError, match="look"):
        find_kinds(images, 2, look="colour")


def test_kinds_of_outline_reach_only_the_first_layer_of_g() -> None:
    def kind_layers(g: Generator) -> list[bool]:
        return [m.kind_gain is not None for m in g.modules() if isinstance(m, ClassBatchNorm)]

    assert kind_layers(Generator(8, 32, kinds=4, num_classes=2, class_from=8, kind_outline=True)) == [
        True, False, False]  # 4 px: the kind; 8 and 16 px: the class
    assert kind_layers(Generator(8, 32, kinds=4, num_classes=2, class_from=8)) == [True, True, True]


def test_a_run_that_turns_by_class_is_told_kinds_of_outline_by_itself(tiny_config, tmp_path: Path) -> None:
    images, outline, surface = _outlines_with_marks(n=48, side=64)
    by_class = CachedDataset(images, surface, ["ok", "striped"], "outlines", PreprocessSettings(64, 3))
    asked = tiny_config(resolution=64, conditional="auto", g_rotate="on")
    turning = Trainer(asked, by_class)
    assert (turning.config.kinds, turning.config.kind_look) == (KINDS_TURNING, "outline")
    assert turning.G.kinds == KINDS_TURNING and turning.D.kind_guess is not None
    assert turning.D.kind_embed is not None  # and D judges each picture with its kind
    assert turning.state_dict()["config"]["kinds"] == KINDS_TURNING  # decided once: what loading builds
    # the kinds are kinds of part: each holds one outline
    kinds = turning.picture_kinds
    assert all(len(set(outline[kinds == k].tolist())) == 1 for k in kinds.unique().tolist())
    assert Trainer(asked.replace(g_rotate="off"), by_class).config.kinds == 0  # upright: off
    assert Trainer(asked.replace(conditional="off"), by_class).config.kinds == 0  # not by class: off
    chosen = Trainer(asked.replace(g_rotate="off", kinds=2), by_class).config
    assert (chosen.kinds, chosen.kind_look, chosen.kind_fade) == (2, "look", "class")  # as before
    assert turning.config.kind_fade == "early"  # kinds of outline are told from the start
    assert Trainer(asked.replace(kinds=0), by_class).config.kinds == 0
    # a run from before: kinds of look, whatever auto decides now
    assert TrainConfig.from_dict({"kinds": 8}).kind_look == "look"
    with pytest.raises(ConfigError, match="kind_look"):
        TrainConfig(kind_look="colour").validate()


def test_a_resume_keeps_the_kinds_the_run_trained_with(tiny_config, tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    images, _, surface = _outlines_with_marks(n=48, side=64)
    for i, (picture, striped) in enumerate(zip(images, surface.tolist(), strict=True)):
        (folder / ("striped" if striped else "ok")).mkdir(parents=True, exist_ok=True)
        Image.fromarray(picture.permute(1, 2, 0).numpy()).save(folder / ("striped" if striped else "ok") / f"{i}.png")
    config = tiny_config(resolution=64, conditional="auto", g_rotate="on", steps=2, checkpoint_every=2)
    prepared = start_run([folder], tmp_path / "run", config)
    assert prepared.trainer.config.kinds == KINDS_TURNING
    TrainingLoop(prepared.trainer, prepared.run).run()
    assert TrainConfig.load(prepared.run.root / "config.json").kinds == -1  # the user's "auto" stays auto
    resumed = resume_run(prepared.run.root, more_steps=2, device="cpu")
    assert (resumed.trainer.config.kinds, resumed.trainer.config.kind_look) == (KINDS_TURNING, "outline")
    assert resumed.trainer.config.kind_fade == "early"
    assert torch.equal(resumed.trainer.picture_kinds, prepared.trainer.picture_kinds)
    assert TrainingLoop(resumed.trainer, resumed.run).run().step == 4
    gen = load_generator(prepared.run.root)
    assert gen.model.kinds == KINDS_TURNING and gen.generate(latents(4, gen.config.z_dim, 0)).shape == (4, 3, 64, 64)
