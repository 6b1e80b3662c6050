"""Kinds: the groups a set of pictures falls into by look, found without labels (self-conditioning).

A GAN's generator may draw the common kind of picture well and the rarer or harder kinds not at all
(on the demo set: round parts, but a fifth of the hex nuts the pictures hold). D never tells G which
kind it misses. Following self-conditioned GANs (Liu et al. 2020, "Diverse image generation via
self-conditioned GANs"), the training pictures are clustered once, in the offline feature space of
the coverage score (layout, texture and the turning-invariant shape spectrum; no download), and

- G draws each image as one kind, read from its latent so that the same latent always gives the same
  picture (``Generator.kind_of``), with each kind as often as it is among the pictures (per class);
- D learns which kind each real picture is, and G is pulled to make pictures D puts in their kind
  (as D's class guess does for class folders; ``trainer.Trainer``).

So every kind of picture is asked for as often as it occurs, and a kind G drops costs it in the loss.
On 400 rendered demo pictures at 64 px the 8 kinds separate hex nuts from round parts perfectly. Not by
class and with turning, the kinds raise the share of hex nuts (about a quarter of the parts by eye); by
class they bring a few soft-cornered ones at most, and both lower the overall score (benchmarks/RESULTS.md,
"Kinds" and "Counting the nuts by eye"). Found by outline alone (``look="outline"``) and told to G's first
layer only, they are on by default where a run turns by class: the kind then decides the part and the
class its details (RESULTS, seventeenth session).
"""

from __future__ import annotations

import torch

from aigc_desktop.core.run.config import KIND_COUNT, KIND_LOOKS
from aigc_desktop.core.sampling.coverage import FeatureSpace

# Fewer pictures than this per kind and the groups are noise, not kinds: the trainer turns kinds off.
MIN_PICTURES_PER_KIND = 10
FIT_LIMIT = 4000  # the clusters are fitted on at most this many pictures; every picture is then assigned
_ROUNDS = 40
_STARTS = 4  # k-means from several seeded starts, the tightest kept


def find_kinds(images: torch.Tensor, count: int = KIND_COUNT, seed: int = 0, look: str = "look") -> torch.Tensor:
    """uint8 pictures (N, C, H, W) → the kind of each, (N,) int64 in 0..count-1, largest kind first.

    ``look``: "look" groups by the whole feature space (layout, texture, shape); "outline" by the shape
    block alone (the turning-invariant spectrum), so that the kinds are kinds of part and not kinds of
    surface: on the demo set, 4 such kinds split nuts from round parts without a mistake and hold each
    condition in about its share, where the whole space's kinds mixed the defects in.
    Deterministic for a seed: a resumed or fine-tuned run finds the same kinds again.
    """
    if look not in KIND_LOOKS:
        raise ValueError(f"look must be one of {', '.join(KIND_LOOKS)}, got {look!r}")
    if len(images) < count:
        raise ValueError(f"{len(images)} pictures can't make {count} kinds")
    draw = torch.Generator().manual_seed(seed)
    fit_on = images if len(images) <= FIT_LIMIT else images[torch.randperm(len(images), generator=draw)[:FIT_LIMIT]]
    space = FeatureSpace(fit_on) if look == "look" else FeatureSpace(fit_on, texture_weight=0.0, layout_weight=0.0)
    points = space(images).float()
    fit_points = points if fit_on is images else space(fit_on).float()
    best, best_spread = None, float("inf")
    for _ in range(_STARTS):
        centres = _kmeans(fit_points, count, draw)
        spread = torch.cdist(fit_points, centres).min(dim=1).values.pow(2).mean().item()
        if spread < best_spread:
            best, best_spread = centres, spread
    assert best is not None
    kinds = torch.cdist(points, best).argmin(dim=1)
    # Renumbered by size, so the numbering does not depend on which start won.
    order = torch.argsort(torch.bincount(kinds, minlength=count), descending=True, stable=True)
    return torch.argsort(order)[kinds]


def kind_shares(kinds: torch.Tensor, labels: torch.Tensor | None, num_classes: int, count: int) -> torch.Tensor:
    """(max(num_classes, 1), count) float: how often each kind occurs among the pictures of each class."""
    rows = max(num_classes, 1)
    row = labels.to(torch.int64) if num_classes and labels is not None else torch.zeros_like(kinds)
    counts = torch.zeros(rows, count, dtype=torch.float64)
    counts.index_put_((row.cpu(), kinds.cpu()), torch.ones(len(kinds), dtype=torch.float64), accumulate=True)
    # A class with no picture (never trained on) gets the set's shares rather than a division by zero.
    empty = counts.sum(dim=1) == 0
    counts[empty] = counts.sum(dim=0)
    return (counts / counts.sum(dim=1, keepdim=True)).float()


def _kmeans(points: torch.Tensor, count: int, draw: torch.Generator) -> torch.Tensor:
    """k-means++ seeding (Arthur & Vassilvitskii 2007), then Lloyd's rounds; an emptied kind restarts
    at the point farthest from its centre."""
    centres = points[torch.randint(len(points), (1,), generator=draw)]
    while len(centres) < count:
        nearest = torch.cdist(points, centres).min(dim=1).values.pow(2)
        pick = torch.multinomial(nearest + 1e-12, 1, generator=draw)
        centres = torch.cat([centres, points[pick]])
    for _ in range(_ROUNDS):
        distances = torch.cdist(points, centres)
        assigned = distances.argmin(dim=1)
        moved = centres.clone()
        for k in range(count):
            members = points[assigned == k]
            moved[k] = members.mean(dim=0) if len(members) else points[distances.min(dim=1).values.argmax()]
        if torch.allclose(moved, centres):
            break
        centres = moved
    return centres
