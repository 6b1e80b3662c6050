from __future__ import annotations

import pytest
import torch

from aigc_desktop.core.gan.augment import diff_augment
from aigc_desktop.core.gan.losses import d_loss, g_loss, gradient_penalty
from aigc_desktop.core.gan.models import Discriminator, Generator, turning_disc


@pytest.mark.parametrize("resolution", [16, 32, 64, 128, 256])
@pytest.mark.parametrize("channels", [1, 3])
def test_generator_and_discriminator_agree_on_size(resolution, channels):
    g = Generator(z_dim=8, resolution=resolution, channels=channels, width=4)
    d = Discriminator(resolution=resolution, channels=channels, width=4)
    x = g(torch.randn(2, 8))
    assert x.shape == (2, channels, resolution, resolution)
    assert x.min() >= -1 and x.max() <= 1  # tanh output
    assert d(x).shape == (2,)  # one logit per image, never a spatial map


def test_spectral_norm_and_no_norm_discriminator():
    d = Discriminator(32, 3, 8, norm="none", spectral_norm=True)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in d.modules())
    assert any(hasattr(m, "weight_orig") for m in d.modules())
    assert d(torch.randn(3, 3, 32, 32)).shape == (3,)


def test_losses_reward_the_right_side():
    # Real labelled real and fake labelled fake: a D that is right has lower loss than one that is wrong.
    high, low = torch.full((8,), 5.0), torch.full((8,), -5.0)
    for kind in ("bce", "hinge", "wgan-gp"):
        assert d_loss(kind, high, low) < d_loss(kind, low, high)
        assert g_loss(kind, high) < g_loss(kind, low)  # G wins when D calls its images real
    assert d_loss("bce", high, low).item() == pytest.approx(2 * torch.nn.functional.softplus(torch.tensor(-5.0)).item())


def test_gradient_penalty_is_zero_for_a_unit_gradient_critic():
    real, fake = torch.randn(4, 1, 2, 2), torch.randn(4, 1, 2, 2)
    # D(x) = sum(x) / 2 has gradient norm exactly 1 on a 4-pixel image.
    gp = gradient_penalty(lambda x: x.flatten(1).sum(1) / 2, real, fake)
    assert gp.item() == pytest.approx(0.0, abs=1e-6)
    gp_steep = gradient_penalty(lambda x: 3 * x.flatten(1).sum(1), real, fake)
    assert gp_steep.item() == pytest.approx((6 - 1) ** 2, rel=1e-5)


def test_diff_augment_changes_images_but_keeps_shape_and_gradients():
    torch.manual_seed(0)
    x = torch.randn(6, 3, 16, 16, requires_grad=True)
    y = diff_augment(x)
    assert y.shape == x.shape
    assert not torch.allclose(x, y)
    y.square().sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    # cutout zeroes a square of half the side, partly off the edge at times: at most a quarter
    zeroed = (diff_augment(torch.ones(16, 1, 16, 16), "cutout") == 0).float().mean(dim=(1, 2, 3))
    assert ((zeroed > 0) & (zeroed <= 0.25)).all()
    assert (zeroed == 0.25).any()


def test_minibatch_std_lets_d_see_a_batch_of_copies() -> None:
    from aigc_desktop.core.gan.blocks import MinibatchStd

    torch.manual_seed(0)
    varied = torch.randn(8, 5, 4, 4)
    copies = varied[:1].expand(8, 5, 4, 4)
    assert MinibatchStd()(copies)[:, -1].abs().max() < 1e-3  # no spread among copies
    assert MinibatchStd()(varied)[:, -1].min() > 0.5
    assert MinibatchStd()(torch.randn(6, 5, 4, 4)).shape == (6, 6, 4, 4)  # 6 is not a multiple of 4


def test_d_with_minibatch_std_keeps_the_checkpoint_keys_of_every_earlier_d() -> None:
    plain, with_std = Discriminator(32, 3, 8), Discriminator(32, 3, 8, mbstd=True)
    assert set(plain.state_dict()) == set(with_std.state_dict())
    assert with_std(torch.randn(4, 3, 32, 32)).shape == (4,)


@pytest.mark.parametrize("resolution", [16, 32, 64, 128])
def test_skip_excitation_and_d_reconstruction_add_modules_without_renaming_old_ones(resolution) -> None:
    plain_g, excited = Generator(16, resolution, 3, 8), Generator(16, resolution, 3, 8, excite=True)
    assert set(plain_g.state_dict()) <= set(excited.state_dict())  # an old checkpoint's keys all still fit
    # a gate from each stage to the one two doublings finer, for the stages of 16 px and up
    assert len(excited.excite) == {16: 0, 32: 1, 64: 2, 128: 3}[resolution]
    assert excited(torch.randn(2, 16)).shape == (2, 3, resolution, resolution)

    plain_d, decoding = Discriminator(resolution, 3, 8), Discriminator(resolution, 3, 8, reconstruct=True)
    assert set(plain_d.state_dict()) <= set(decoding.state_dict())
    x = torch.randn(4, 3, resolution, resolution)
    logits, decoded = decoding.forward_and_reconstruct(x)
    side = min(resolution, 64)
    assert logits.shape == (4,) and decoded.shape == (4, 3, side, side)
    # the same logits as the plain forward pass: reconstruction only adds a head
    torch.testing.assert_close(logits, decoding(x))


def test_a_turning_generator_turns_by_the_angle_of_its_latent_and_keeps_the_weights() -> None:
    torch.manual_seed(0)
    turning, upright = Generator(16, 16, rotate=True).eval(), Generator(16, 16).eval()
    upright.load_state_dict(turning.state_dict())  # no weight of its own: every checkpoint loads
    z = torch.randn(3, 16)
    z[:, 0], z[:, 1] = 1.5, 0.0  # angle 0: the picture as drawn
    assert torch.allclose(turning(z), upright(z), atol=1e-6)
    z[:, 0], z[:, 1] = 0.0, 0.7  # a quarter turn, exactly inside the disc; the corners stay as drawn
    disc = turning_disc(16, torch.device("cpu"), torch.float32)
    expected = disc * torch.rot90(upright(z), 1, (-2, -1)) + (1 - disc) * upright(z)
    assert torch.allclose(turning(z), expected, atol=1e-6)
    assert disc[8, 8] == 1 and disc[0, 0] == 0 and disc[0, 8] > 0.5  # centre and edge middles mostly turned
    z[:, 0], z[:, 1] = 0.7, 0.7  # an eighth of a turn: a new picture, every time the same one
    assert not torch.allclose(turning(z), upright(z), atol=1e-2)
    assert torch.equal(turning(z), turning(z.clone()))


def test_a_turning_run_saves_a_generator_that_turns_when_loaded(make_tiny_run, tmp_path) -> None:
    from aigc_desktop.core.run.config import TrainConfig
    from aigc_desktop.core.run.run_folder import RunFolder
    from aigc_desktop.core.run.session import resume_run
    from aigc_desktop.core.sampling.generation import latents, load_generator

    run = make_tiny_run(tmp_path, g_rotate="on")
    loaded = load_generator(RunFolder(run).latest_checkpoint())
    assert loaded.model.rotate and loaded.config.g_rotate == "on"
    z = latents(4, loaded.config.z_dim, 0)
    assert torch.equal(loaded.generate(z), loaded.generate(z))  # the angle comes from z: the same each time
    # config.json asks "auto" (at 16 px: off), but the run continues with the generator that trained
    RunFolder(run).save_config(TrainConfig.load(run / "config.json").replace(g_rotate="auto"))
    resumed = resume_run(run, more_steps=2, device="cpu").trainer
    assert resumed.config.g_rotate == "on" and resumed.G.rotate and resumed.turning_asked == "on"


def test_a_generator_told_the_class_from_16_px_draws_its_coarse_layers_alike_for_every_class() -> None:
    torch.manual_seed(0)
    g = Generator(8, 32, 3, 8, num_classes=2, class_from=16).eval()
    norms = [m for m in g.net if "Norm" in type(m).__name__]  # after the 4, 8 and 16 px stages
    assert [getattr(m, "gain", None) is not None for m in norms] == [False, False, True]
    for m in norms[2:]:
        torch.nn.init.normal_(m.gain.weight, 0.0, 1.0)
        torch.nn.init.normal_(m.shift.weight, 0.0, 1.0)
    z = torch.randn(2, 8).repeat(2, 1)
    labels = torch.tensor([0, 0, 1, 1])
    coarse = g.net[:6](z.view(4, 8, 1, 1))  # the 8 px stage: no class in it
    torch.testing.assert_close(coarse[:2], coarse[2:])
    images = g(z, labels)
    # the class acts from 16 px on (DCGAN's first weights draw faint pictures: compare with their size)
    assert (images[:2] - images[2:]).abs().mean() > 0.3 * images.abs().mean()
    default = Generator(8, 32, 3, 8, num_classes=2)  # as before the setting: the class in every layer
    assert all(getattr(m, "gain", None) is not None for m in default.net if "Norm" in type(m).__name__)
