"""The reach term (IMLE): every real picture pulls the generated picture nearest to it."""

from __future__ import annotations

import torch

from aigc_desktop.core.gan.extra_terms import REACH_EVERY, REACH_POOL, nearest_candidates
from aigc_desktop.core.gan.trainer import Trainer


def test_each_real_picture_chooses_its_nearest_candidate_of_its_own_class() -> None:
    real = torch.stack([torch.full((3, 16, 16), v) for v in (-0.9, 0.15, 0.8)])
    candidates = torch.stack([torch.full((3, 16, 16), v) for v in (0.75, -1.0, 0.0, 0.2)])
    assert nearest_candidates(real, candidates).tolist() == [1, 3, 0]
    # With classes, the nearest of the same class even when another class's candidate is nearer.
    labels, candidate_labels = torch.tensor([0, 1, 1]), torch.tensor([0, 0, 1, 1])
    assert nearest_candidates(real, candidates, labels, candidate_labels).tolist() == [1, 3, 3]


def _distance_to_the_nearest(trainer: Trainer, real: torch.Tensor, z: torch.Tensor) -> float:
    with torch.no_grad():
        made = trainer.G(z)
    return float((made[nearest_candidates(real, made)] - real).abs().mean())


def test_the_reach_step_brings_a_look_alike_to_every_real_picture(tiny_config, tiny_dataset) -> None:
    trainer = Trainer(tiny_config(reach=1.0, lr_g=2e-3), tiny_dataset())  # a quick learner, for a quick test
    real, _ = trainer.next_real_batch(4)
    z = torch.randn(4 * REACH_POOL, trainer.config.z_dim, generator=torch.Generator().manual_seed(1))
    before = _distance_to_the_nearest(trainer, real, z)
    for _ in range(40):
        trainer._reach_step(real, None)
    after = _distance_to_the_nearest(trainer, real, z)
    assert after < 0.5 * before, (before, after)  # measured: 0.78 -> 0.26


def test_training_with_reach_updates_g_once_more_every_reach_every_steps(tiny_config, tiny_dataset) -> None:
    counts = {}
    for reach in (0.0, 1.0):
        trainer = Trainer(tiny_config(reach=reach), tiny_dataset())
        for _ in range(2 * REACH_EVERY):
            trainer.step()
        counts[reach] = int(trainer.opt_g.state[next(iter(trainer.G.parameters()))]["step"])
    assert counts == {0.0: 2 * REACH_EVERY, 1.0: 2 * REACH_EVERY + 2}
