from __future__ import annotations

import pytest
import torch

from aigc_desktop.core.gan.augment import AdaptiveStrength, diff_augment
from aigc_desktop.core.gan.trainer import R1_EVERY, Trainer


def _changed(before: torch.Tensor, after: torch.Tensor) -> torch.Tensor:
    return (before - after).flatten(1).abs().amax(dim=1) > 1e-6


def test_strength_decides_how_many_images_are_augmented():
    torch.manual_seed(0)
    x = torch.rand(400, 3, 16, 16) * 2 - 1
    assert torch.equal(diff_augment(x, p=0.0), x)
    assert _changed(x, diff_augment(x, p=1.0)).all()
    share = _changed(x, diff_augment(x, "cutout", p=0.3)).float().mean().item()
    assert 0.2 < share < 0.4  # each image on its own chance, not all or none


def test_full_strength_augments_exactly_as_before_strengths_existed():
    x = torch.rand(8, 3, 16, 16)
    torch.manual_seed(5)
    plain = diff_augment(x)
    torch.manual_seed(5)
    assert torch.equal(diff_augment(x, p=1.0), plain)  # old runs resume with the same random numbers


def test_adaptive_strength_rises_while_d_is_too_sure_and_falls_back():
    ada = AdaptiveStrength(interval=2, images_to_full=100)
    for _ in range(20):
        ada.observe(sign_sum=10.0, count=10)  # D calls every real picture real: it memorises
    assert ada.p == 1.0
    for _ in range(8):
        ada.observe(sign_sum=0.0, count=10)  # D unsure: less augmentation
    assert ada.p == pytest.approx(0.2)
    for _ in range(40):
        ada.observe(sign_sum=-10.0, count=10)
    assert ada.p == 0.0


def test_adaptive_strength_state_round_trips_mid_interval():
    a = AdaptiveStrength(interval=4, images_to_full=100)
    for _ in range(6):
        a.observe(10.0, 10)
    b = AdaptiveStrength(interval=4, images_to_full=100)
    b.load_state_dict(a.state_dict())
    for _ in range(2):
        a.observe(10.0, 10)
        b.observe(10.0, 10)
    assert a.p == b.p == pytest.approx(0.8)


def test_adaptive_run_starts_unaugmented_and_saves_its_strength(tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(diffaug="auto"), tiny_dataset())
    assert trainer.augment and trainer.ada is not None and trainer.ada.p == 0.0
    for _ in range(8):
        trainer.step()
    state = trainer.state_dict()["augment_strength"]
    assert 0.0 <= state["p"] <= 1.0
    assert Trainer(tiny_config(diffaug="on"), tiny_dataset()).state_dict()["augment_strength"] is None


def test_r1_penalty_is_positive_and_reaches_d(tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(r1_gamma=1.0), tiny_dataset())
    real, labels = trainer.next_real_batch(4)
    trainer.D.zero_grad(set_to_none=True)
    penalty = trainer._r1_penalty(real, labels)
    penalty.backward()
    assert penalty.item() > 0 and torch.isfinite(penalty)
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in trainer.D.parameters())
    stats = [trainer.step() for _ in range(R1_EVERY + 1)]  # step 0 and step 16 carry the penalty
    assert all(torch.isfinite(torch.tensor([s.loss_d, s.loss_g])).all() for s in stats)


def test_a_checkpoint_from_before_adaptive_strength_resumes_at_the_strength_it_had(tiny_config, tiny_dataset):
    trainer = Trainer(tiny_config(), tiny_dataset())
    state = trainer.state_dict()
    state["step"] = 0
    del state["augment_strength"]  # as written before the strength adapted: small sets had full strength
    resumed = Trainer(tiny_config(), tiny_dataset())
    resumed.load_state_dict(state)
    assert resumed.ada is not None and resumed.ada.p == 1.0
