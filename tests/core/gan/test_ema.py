"""The averaged generator samples with BatchNorm statistics of its own weights, not the live generator's."""

from __future__ import annotations

import torch
from torch import nn

from aigc_desktop.core.gan.ema import EMA
from aigc_desktop.core.gan.models import Generator


def _train_a_little(g: Generator, ema: EMA, steps: int = 20) -> None:
    opt = torch.optim.SGD(g.parameters(), lr=0.5)
    g.train()
    for i in range(steps):
        z = torch.randn(16, g.z_dim, generator=torch.Generator().manual_seed(i))
        loss = (g(z) - 0.5).pow(2).mean()  # pulls the output away from the start: the weights move
        opt.zero_grad()
        loss.backward()
        opt.step()
        ema.update(g)


def test_ema_statistics_belong_to_the_averaged_weights() -> None:
    torch.manual_seed(0)
    g = Generator(z_dim=8, resolution=16, channels=3, width=8)
    ema = EMA(g, decay=0.9)
    _train_a_little(g, ema)
    model = ema.model
    norm = next(m for m in model.modules() if isinstance(m, nn.BatchNorm2d))
    live_norm = next(m for m in g.modules() if isinstance(m, nn.BatchNorm2d))
    assert not model.training
    # Not a copy of the live generator's statistics...
    assert not torch.allclose(norm.running_mean, live_norm.running_mean)
    # ...but what the averaged weights produce: the first BatchNorm sees the first layer's output.
    z = torch.randn(512, 8, generator=torch.Generator().manual_seed(20190228))
    first = model.net[0](z.view(512, 8, 1, 1))
    assert torch.allclose(norm.running_mean, first.mean(dim=(0, 2, 3)), atol=1e-4)


def test_refreshing_the_statistics_leaves_the_training_random_stream_alone() -> None:
    g = Generator(z_dim=8, resolution=16, channels=3, width=8)
    ema = EMA(g)
    ema.update(g)
    before = torch.get_rng_state()
    ema.model  # noqa: B018 - the property refreshes the statistics
    assert torch.equal(before, torch.get_rng_state())


def test_statistics_are_recomputed_only_after_an_update() -> None:
    g = Generator(z_dim=8, resolution=16, channels=3, width=8)
    ema = EMA(g)
    first = {k: v.clone() for k, v in ema.state_dict()["model"].items()}
    again = ema.state_dict()["model"]
    assert all(torch.equal(first[k], again[k]) for k in first)
    _train_a_little(g, ema, steps=3)
    moved = ema.state_dict()["model"]
    assert any(not torch.equal(first[k], moved[k]) for k in first if "running_mean" in k)


def test_sync_batchnorm_becomes_plain_batchnorm_in_the_average() -> None:
    # Under torchrun only rank 0 samples: a SyncBatchNorm there would wait for the other ranks for ever.
    g = nn.SyncBatchNorm.convert_sync_batchnorm(Generator(z_dim=8, resolution=16, channels=3, width=8))
    ema = EMA(g)
    assert not any(isinstance(m, nn.SyncBatchNorm) for m in ema.model.modules())
    assert set(ema.state_dict()["model"]) == set(g.state_dict())
    assert ema.model(torch.zeros(2, 8)).shape == (2, 3, 16, 16)


def test_the_live_preview_may_reuse_recent_statistics_but_a_save_never_does() -> None:
    from aigc_desktop.core.gan.ema import PREVIEW_STALENESS

    g = Generator(z_dim=8, resolution=16, channels=3, width=8)
    ema = EMA(g)
    ema.update(g)
    ema.current()
    refreshed = ema._refreshed_at
    _train_a_little(g, ema, steps=3)
    ema.current(PREVIEW_STALENESS)
    assert ema._refreshed_at == refreshed  # a preview a few steps later: no new pass
    ema.state_dict()
    assert ema._refreshed_at == ema.updates  # a checkpoint: statistics of exactly these weights
