"""Class-balanced sampling: every class folder gets its say, however few pictures it holds.

Inspection sets are lopsided (a thousand good parts, thirty cracks). Drawn uniformly, a conditional
GAN sees a crack in one batch of thirty and learns cracks last, or never. Drawn by class, each class
gets an equal share of the batches, but a small class's pictures then repeat many times per epoch,
and a D that sees the same thirty pictures over and over memorises them. So a picture is drawn at
most ``MAX_REPEAT`` times as often as it would be uniformly: the small class gets as much as that
allows, and the share it leaves goes to the other classes equally.

Torch-free arithmetic on counts; the trainer turns the shares into seeded draws.
"""

from __future__ import annotations

from collections.abc import Sequence

# Sentences for the user (translated in the window: see core/messages.py).
FEW_IN_CLASS = ("The class '{name}' has only {count} pictures: too few for the model to learn it well. Add "
                "pictures to that folder (at least {least}), or merge it with a similar class folder.")
FEW_PICTURES = 5

MAX_REPEAT = 4.0  # a picture of a small class is seen at most 4× as often as without balancing
BALANCED_ENOUGH = 1.25  # largest / smallest class count at or below which plain shuffling is kept


def class_shares(counts: Sequence[int]) -> list[float]:
    """The share of drawn pictures each class gets (sums to 1), from the number of pictures per class.

    Equal shares where the cap allows; a class too small for an equal share gets ``MAX_REPEAT`` times
    its uniform share, and what it leaves is spread equally over the others.
    """
    total = sum(counts)
    if total <= 0:
        raise ValueError("no pictures to draw from")
    uniform = [c / total for c in counts]
    capped = [min(MAX_REPEAT * u, 1.0) for u in uniform]
    shares = [0.0] * len(counts)
    open_classes = [i for i, c in enumerate(counts) if c > 0]
    left = 1.0
    # Water-filling: give every open class an equal part of what is left; a class whose cap is below
    # that part gets its cap and drops out; repeat with the rest.
    while open_classes:
        part = left / len(open_classes)
        limited = [i for i in open_classes if capped[i] < part]
        if not limited:
            for i in open_classes:
                shares[i] = part
            break
        for i in limited:
            shares[i] = capped[i]
            left -= capped[i]
        open_classes = [i for i in open_classes if i not in limited]
    return shares


def needs_balancing(counts: Sequence[int]) -> bool:
    """Whether the class counts differ enough that drawing by class changes anything worth changing."""
    present = [c for c in counts if c > 0]
    return len(present) >= 2 and max(present) / min(present) > BALANCED_ENOUGH


def picture_weights(labels: Sequence[int], shares: Sequence[float]) -> list[float]:
    """A drawing weight per picture: its class's share spread evenly over the class's pictures."""
    counts = [0] * len(shares)
    for label in labels:
        counts[label] += 1
    return [shares[label] / counts[label] for label in labels]
