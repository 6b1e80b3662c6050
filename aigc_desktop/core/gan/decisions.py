"""What a run decides from its pictures before it builds its models: the "auto" settings made concrete.

Decided once, when the trainer is made; the decided config is what every checkpoint keeps, so a resumed
or fine-tuned run trains and draws as it began even if the rules below change later.
"""

from __future__ import annotations

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.data.symmetry import turn_safe
from aigc_desktop.core.gan.kinds import MIN_PICTURES_PER_KIND
from aigc_desktop.core.run.config import (
    D_CLASS_FROM_TURNING,
    G_CLASS_FROM_TURNING,
    KINDS_TURNING,
    TURN_FROM_RESOLUTION,
    TrainConfig,
)


def decide(config: TrainConfig, dataset: CachedDataset) -> TrainConfig:
    """``config`` with turning, where G and D take the class, and the kinds decided for ``dataset``."""
    if config.g_rotate == "auto":
        turns = config.resolution >= TURN_FROM_RESOLUTION and turn_safe(dataset.images)
        config = config.replace(g_rotate="on" if turns else "off")
    # By class, turning needs the class kept off the outline: in G's coarse layers and in D's guess; G's
    # first layer is told the kind of part instead (kinds of outline), the class drawing the details.
    turning_by_class = config.g_rotate == "on" and config.class_count(dataset.classes)
    config = config.replace(
        g_class_from=config.g_class_from or (G_CLASS_FROM_TURNING if turning_by_class else 4),
        d_class_from=config.d_class_from or (D_CLASS_FROM_TURNING if turning_by_class else 4),
        kinds=config.kinds if config.kinds >= 0 else (KINDS_TURNING if turning_by_class else 0),
        kind_look=config.kind_look if config.kind_look != "auto" else ("outline" if turning_by_class else "look"))
    config = config.replace(kind_fade=config.decided_kind_fade)  # once kind_look is decided
    if config.kinds and len(dataset) < config.kinds * MIN_PICTURES_PER_KIND:
        config = config.replace(kinds=0)  # too few pictures for the groups to be kinds
    return config
