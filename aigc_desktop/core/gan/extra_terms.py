"""The terms the trainer may add beside the GAN loss: MSGAN's mode seeking, the reach term's search for
each real picture's nearest generated one (IMLE), and the error of D's reconstruction (FastGAN)."""

from __future__ import annotations

import torch

# The reach term: every 4 steps, each real picture chooses the nearest of 4 generated candidates per
# picture of the batch, compared at 16 px (outline, size, tint: what tells kinds of part apart).
REACH_EVERY, REACH_POOL, REACH_SIDE = 4, 4, 16


def mode_seeking(fake: torch.Tensor, z: torch.Tensor, labels: torch.Tensor | None) -> torch.Tensor:
    """MSGAN's term (Mao et al. 2019): 1 / (picture distance / latent distance) over pairs of the batch
    of the same class, so G is pushed to make two latents of one class into two different pictures."""
    n = len(fake) - len(fake) % 2
    if labels is None:
        first, second = torch.arange(0, n, 2, device=fake.device), torch.arange(1, n, 2, device=fake.device)
    else:  # neighbours in the batch sorted by class, where both are of the same class
        order = torch.argsort(labels, stable=True)
        same = labels[order[:-1]] == labels[order[1:]]
        first, second = order[:-1][same], order[1:][same]
    if len(first) == 0:
        return fake.new_zeros(())
    pictures = (fake[first] - fake[second]).abs().flatten(1).mean(1)
    latents = (z[first] - z[second]).abs().mean(1)
    return 1.0 / ((pictures / latents).mean() + 1e-5)


def nearest_candidates(real: torch.Tensor, candidates: torch.Tensor, real_labels: torch.Tensor | None = None,
                       candidate_labels: torch.Tensor | None = None, side: int = REACH_SIDE) -> torch.Tensor:
    """For each real picture, the index of the candidate nearest to it at ``side`` px (of the same class
    when classes are given): IMLE's search (Li & Malik 2018)."""
    def small(x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.adaptive_avg_pool2d(x.float(), side).flatten(1)
    distance = torch.cdist(small(real), small(candidates))
    if real_labels is not None and candidate_labels is not None:
        distance = distance.masked_fill(real_labels[:, None] != candidate_labels[None, :], float("inf"))
    return distance.argmin(dim=1)


def reconstruction_error(decoded: torch.Tensor, seen: torch.Tensor) -> torch.Tensor:
    """L1 between what D's decoder made and the picture it saw, compared at the decoder's size."""
    if seen.shape[-1] != decoded.shape[-1]:
        seen = torch.nn.functional.adaptive_avg_pool2d(seen, decoded.shape[-2:])
    return (decoded - seen).abs().mean()
