"""D's guess of each picture's class (AC-GAN's auxiliary classifier) when training by class."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.gan.losses import class_pull
from aigc_desktop.core.gan.models import Discriminator
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.run.config import D_CLASS_FROM_TURNING, G_CLASS_FROM_TURNING, ConfigError, TrainConfig
from aigc_desktop.core.run.session import resume_run, start_run
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.curation import load_discriminator
from aigc_desktop.core.sampling.generation import latents, load_generator
from tests.conftest import two_class_folder


def _pictures(folder: Path, classes: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """The folder's pictures in the model's range [-1, 1], and their class indices."""
    images, labels = [], []
    for k, name in enumerate(classes):
        for path in sorted((folder / name).glob("*.png")):
            images.append(np.asarray(Image.open(path).convert("RGB")))
            labels.append(k)
    x = torch.from_numpy(np.stack(images)).permute(0, 3, 1, 2).float() / 127.5 - 1.0
    return x, torch.tensor(labels)


def test_d_learns_to_tell_the_classes_of_real_pictures(conditional_run: Path, tmp_path: Path) -> None:
    d = load_discriminator(conditional_run)
    assert d.guess is not None
    state = load_checkpoint(sorted((conditional_run / "checkpoints").glob("ckpt-*.pt"))[-1])
    x, labels = _pictures(two_class_folder(tmp_path / "same-pictures"), list(state["classes"]))
    with torch.no_grad():
        _, guess, _ = d(x, labels, guess=True)
    assert (guess.argmax(dim=1) == labels).double().mean() >= 0.9  # chance: 0.5


def test_only_a_run_by_class_with_a_weight_gets_the_guess(tiny_config, tiny_dataset) -> None:
    assert Trainer(tiny_config(conditional="off"), tiny_dataset()).D.guess is None  # not by class: no guess
    assert Discriminator(16, 3, 8, num_classes=2, class_guess=False).guess is None
    head = Discriminator(16, 3, 8, num_classes=3, class_guess=True).eval()
    x, labels = torch.randn(5, 3, 16, 16), torch.tensor([0, 1, 2, 0, 1])
    logits, guess, kind = head(x, labels, guess=True)
    assert guess.shape == (5, 3) and kind is None
    torch.testing.assert_close(logits, head(x, labels))  # the guess is an extra head: the logit is unchanged


def test_a_run_by_class_from_before_the_guess_loads_and_resumes_without_it(tiny_config, tmp_path: Path) -> None:
    data = two_class_folder(tmp_path / "pictures")
    # trained without the guess, then saved as before the setting existed: without its key
    config = tiny_config(conditional="on", steps=2, checkpoint_every=2, d_class_guess=0.0)
    prepared = start_run([data], tmp_path / "run", config)
    TrainingLoop(prepared.trainer, prepared.run).run()
    ckpt = prepared.run.latest_checkpoint()
    state = load_checkpoint(ckpt)
    del state["config"]["d_class_guess"]
    torch.save(state, ckpt)
    config = TrainConfig.load(prepared.run.root / "config.json")
    prepared.run.save_config(TrainConfig.from_dict({k: v for k, v in config.to_dict().items()
                                                    if k != "d_class_guess"}))
    assert load_discriminator(prepared.run.root).guess is None
    gen = load_generator(prepared.run.root)
    assert gen.generate(latents(2, gen.config.z_dim, 0), labels=1).shape == (2, 3, 16, 16)
    resumed = resume_run(prepared.run.root, more_steps=2, device="cpu")
    assert resumed.trainer.D.guess is None and resumed.trainer.class_guess == 0.0
    assert TrainingLoop(resumed.trainer, resumed.run).run().step == 4


def test_the_twin_classifier_is_a_head_of_its_own_learnt_from_gs_pictures(tiny_config, tiny_dataset) -> None:
    d = Discriminator(16, 3, 8, num_classes=3, class_guess=True, class_twin=True).eval()
    x, labels = torch.randn(5, 3, 16, 16), torch.tensor([0, 1, 2, 0, 1])
    logits, classes, _ = d(x, labels, guess=True)
    assert classes.shape == (5, 6)  # the guess's 3 classes, then the twin's
    torch.testing.assert_close(logits, d(x, labels))
    # off by default: a run's D keeps the keys of every checkpoint before the twin
    plain = Trainer(tiny_config(conditional="on"), tiny_dataset())
    assert plain.D.twin is None and not any(k.startswith("twin") for k in plain.D.state_dict())

    trainer = Trainer(tiny_config(conditional="on", class_fade_from=0, class_fade_steps=0, d_class_twin=1.0),
                      tiny_dataset())
    before = trainer.D.twin.weight.detach().clone()
    guess_before = trainer.D.guess.weight.detach().clone()
    for _ in range(3):
        stats = trainer.step()
        assert np.isfinite(stats.loss_d) and np.isfinite(stats.loss_g)
    assert not torch.equal(before, trainer.D.twin.weight)  # learnt (from G's pictures: the only pass it has a loss in)
    assert not torch.equal(guess_before, trainer.D.guess.weight)


def test_the_margin_pull_leaves_a_picture_alone_once_its_class_leads_by_the_margin() -> None:
    labels = torch.tensor([0, 1, 2])
    logits = torch.tensor([[3.0, 0.5, 1.0],   # asked class ahead by 2
                           [0.0, 0.9, 0.2],   # ahead by 0.7
                           [2.0, 0.0, 1.0]],  # behind by 1
                          requires_grad=True)
    pull = class_pull(logits, labels, margin=1.0)
    torch.testing.assert_close(pull, torch.tensor((0.0 + 0.3 + 2.0) / 3))
    pull.backward()
    assert logits.grad[0].abs().sum() == 0  # far enough: no gradient at all
    # the rest: raise the asked class, lower the strongest other, nothing else
    torch.testing.assert_close(logits.grad[1], torch.tensor([0.0, -1.0, 1.0]) / 3)
    torch.testing.assert_close(logits.grad[2], torch.tensor([1.0, 0.0, -1.0]) / 3)
    # cross-entropy without a margin, as before the setting
    torch.testing.assert_close(class_pull(logits, labels), torch.nn.functional.cross_entropy(logits, labels))


def test_a_run_with_the_margin_pull_trains(tiny_config, tiny_dataset) -> None:
    cfg = tiny_config(conditional="on", class_fade_from=0, class_fade_steps=0, d_class_margin=1.0)
    trainer = Trainer(cfg, tiny_dataset())
    g_before = [p.detach().clone() for p in trainer.G.parameters()]
    for _ in range(3):
        stats = trainer.step()
        assert np.isfinite(stats.loss_d) and np.isfinite(stats.loss_g)
    assert any(not torch.equal(a, b) for a, b in zip(g_before, trainer.G.parameters(), strict=True))
    with pytest.raises(ConfigError, match="d_class_margin"):
        TrainConfig(d_class_margin=-1.0).validate()


def test_a_guess_apart_learns_on_features_of_its_own(tiny_config, tiny_dataset) -> None:
    d = Discriminator(16, 3, 8, num_classes=3, class_guess=True, class_twin=True, class_apart=True)
    x, labels = torch.randn(6, 3, 16, 16), torch.tensor([0, 1, 2, 0, 1, 2])
    logits, classes, _ = d(x, labels, guess=True)
    assert classes.shape == (6, 6)
    torch.testing.assert_close(logits, d(x, labels))
    # the class loss reaches only the guess's own layers, never those D judges real and fake with
    torch.nn.functional.cross_entropy(classes[:, :3], labels).backward()
    assert all(p.grad is None for p in d.net.parameters())
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in d.class_net.parameters()
               if p.dim() > 1)
    # off by default: the keys of every checkpoint before it
    plain = Trainer(tiny_config(conditional="on"), tiny_dataset())
    assert plain.D.class_net is None and not any(k.startswith("class_net") for k in plain.D.state_dict())

    trainer = Trainer(tiny_config(conditional="on", class_fade_from=0, class_fade_steps=0, d_class_apart=True),
                      tiny_dataset())
    before = [p.detach().clone() for p in trainer.D.class_net.parameters()]
    for _ in range(3):
        stats = trainer.step()
        assert np.isfinite(stats.loss_d) and np.isfinite(stats.loss_g)
    assert any(not torch.equal(a, b) for a, b in zip(before, trainer.D.class_net.parameters(), strict=True))


def test_a_local_guess_reads_patches_and_the_strongest_decides() -> None:
    torch.manual_seed(0)
    d = Discriminator(32, 3, 8, num_classes=2, class_guess=True, class_from=16)
    whole = Discriminator(32, 3, 8, num_classes=2, class_guess=True)
    assert d.guess.in_features == 8 and whole.guess.in_features == whole.net[-1].in_channels
    assert set(d.state_dict()) == set(whole.state_dict())  # same keys; the guess is narrower
    # a side the pictures don't have falls back to the finest D has (16 at 32 px)
    assert Discriminator(32, 3, 8, num_classes=2, class_guess=True, class_from=64).guess.in_features == 8

    # Grey pictures, class 1 with one 3-px bright spot somewhere: a defect far smaller than the picture.
    def batch(n: int) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.full((n, 3, 32, 32), -0.2) + 0.05 * torch.randn(n, 3, 32, 32)
        labels = torch.arange(n) % 2
        for i in torch.nonzero(labels).flatten().tolist():
            r, c = torch.randint(2, 27, (2,)).tolist()
            x[i, :, r:r + 3, c:c + 3] = 0.9
        return x, labels

    opt = torch.optim.Adam(d.parameters(), lr=1e-2)
    for _ in range(80):
        x, labels = batch(32)
        _, classes, _ = d(x, labels, guess=True)
        opt.zero_grad()
        torch.nn.functional.cross_entropy(classes, labels).backward()
        opt.step()
    d.eval()
    x, labels = batch(64)
    with torch.no_grad():
        logits, classes, _ = d(x, labels, guess=True)
        torch.testing.assert_close(logits, d(x, labels))  # the guess leaves the real/fake verdict alone
        assert (classes.argmax(1) == labels).float().mean() >= 0.9
        # Shifting the spot elsewhere keeps the guess: the patch with the defect decides, wherever it is.
        spot = torch.full((1, 3, 32, 32), -0.2)
        spot[:, :, 4:7, 4:7] = 0.9
        moved = torch.full((1, 3, 32, 32), -0.2)
        moved[:, :, 20:23, 24:27] = 0.9
        one = torch.tensor([1])
        a, b = d(spot, one, guess=True)[1], d(moved, one, guess=True)[1]
    assert a.argmax(1).item() == b.argmax(1).item() == 1
    torch.testing.assert_close(a, b, atol=0.05, rtol=0.05)


def test_a_run_with_a_local_guess_trains_and_checks_its_setting(tiny_config, tiny_dataset) -> None:
    trainer = Trainer(tiny_config(conditional="on", class_fade_from=0, class_fade_steps=0, d_class_from=8),
                      tiny_dataset())
    assert trainer.D.guesses_from_patches and trainer.D.guess.in_features < trainer.D.net[-1].in_channels
    before = [p.detach().clone() for p in trainer.D.guess.parameters()]
    g_before = [p.detach().clone() for p in trainer.G.parameters()]
    for _ in range(3):
        stats = trainer.step()
        assert np.isfinite(stats.loss_d) and np.isfinite(stats.loss_g)
    assert any(not torch.equal(a, b) for a, b in zip(before, trainer.D.guess.parameters(), strict=True))
    assert any(not torch.equal(a, b) for a, b in zip(g_before, trainer.G.parameters(), strict=True))
    for wrong in (2, 12):  # 12: D has no 12 x 12 features, so the guess would quietly read the whole picture
        with pytest.raises(ConfigError, match="d_class_from"):
            TrainConfig(d_class_from=wrong).validate()
    with pytest.raises(ConfigError, match="g_class_from"):
        TrainConfig(g_class_from=24).validate()
    TrainConfig(g_class_from=16, d_class_from=8).validate()


def test_a_resume_keeps_where_the_class_reached_and_a_run_from_before_keeps_the_whole_guess(
        tiny_config, tmp_path: Path) -> None:
    data = two_class_folder(tmp_path / "pictures")
    config = tiny_config(conditional="on", g_rotate="on", steps=2, checkpoint_every=2)
    prepared = start_run([data], tmp_path / "run", config)
    turning = (G_CLASS_FROM_TURNING, D_CLASS_FROM_TURNING)
    assert (prepared.trainer.config.g_class_from, prepared.trainer.config.d_class_from) == turning
    TrainingLoop(prepared.trainer, prepared.run).run()
    local_in = prepared.trainer.D.guess.in_features
    resumed = resume_run(prepared.run.root, more_steps=2, device="cpu")  # config.json still says auto (0)
    assert (resumed.trainer.config.g_class_from, resumed.trainer.config.d_class_from) == turning
    assert resumed.trainer.D.guess.in_features == local_in
    assert TrainingLoop(resumed.trainer, resumed.run).run().step == 4

    # a run from before the settings (turning by class, class everywhere, whole-picture guess): its
    # checkpoint and config.json lack both keys, and it resumes as it trained, not as auto decides today
    before = start_run([data], tmp_path / "before", config.replace(g_class_from=4, d_class_from=4))
    TrainingLoop(before.trainer, before.run).run()
    ckpt = before.run.latest_checkpoint()
    state = load_checkpoint(ckpt)
    for key in ("g_class_from", "d_class_from"):
        del state["config"][key]
    torch.save(state, ckpt)
    saved = TrainConfig.load(before.run.root / "config.json").to_dict()
    before.run.save_config(TrainConfig.from_dict({k: v for k, v in saved.items()
                                                  if k not in ("g_class_from", "d_class_from")}))
    old = resume_run(before.run.root, more_steps=2, device="cpu")
    assert (old.trainer.config.g_class_from, old.trainer.config.d_class_from) == (4, 4)
    assert not old.trainer.D.guesses_from_patches
    assert TrainingLoop(old.trainer, old.run).run().step == 4
