"""Kinds: the pictures' own groups, found without labels; G draws each as often as it occurs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image

from aigc_desktop.core.gan.kinds import find_kinds, kind_shares
from aigc_desktop.core.gan.models import Discriminator, Generator
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.session import start_run
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


def test_a_set_too_small_for_kinds_trains_without_them(tiny_config, tiny_dataset) -> None:
    trainer = Trainer(tiny_config(kinds=8), tiny_dataset(n=12))  # 12 pictures: not 10 a kind
    assert trainer.config.kinds == 0 and trainer.G.kinds == 0 and trainer.D.kind_guess is None
    assert TrainConfig.from_dict({"resolution": 32}).kinds == 0  # a run from before kinds stays without


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
