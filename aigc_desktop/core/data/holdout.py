"""Real pictures kept out of training, so that a usefulness report can test on pictures no model saw.

A run trained by class sets aside a stratified share of each class's pictures when it starts: the
same share of every class (at least one picture of a class of ``MIN_CLASS`` or more, never so many
that fewer than ``MIN_CLASS - 1`` are left to train on). Which pictures is decided by the run's seed
and the pictures' locations, recorded in ``RUN/holdout.json``, and never changes for that run: a
resume or a rebuilt cache leaves the same pictures out. They are decoded into a cache folder of their
own (``RUN/cache/holdout/``), never into the training cache.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aigc_desktop.core.atomic import atomic_write_json

SHARE = 0.15
MIN_CLASS = 5
FILE_NAME = "holdout.json"


def choose(locations: Sequence[str], labels: Sequence[str], seed: int, share: float = SHARE) -> list[int]:
    """Indices of the pictures to hold out: ``share`` of each class (rounded), chosen by ``seed``.

    Sorted by location first, so the choice does not depend on the order the scan found them in.
    """
    by_class: dict[str, list[int]] = defaultdict(list)
    for i in sorted(range(len(locations)), key=lambda i: locations[i]):
        by_class[labels[i]].append(i)
    chosen: list[int] = []
    for label in sorted(by_class):
        members = by_class[label]
        if len(members) < MIN_CLASS:
            continue
        count = min(max(1, round(share * len(members))), len(members) - (MIN_CLASS - 1))
        chosen += random.Random(f"{seed}:{label}").sample(members, count)
    return sorted(chosen)


def write(run_root: str | Path, locations: Sequence[str], seed: int, share: float = SHARE) -> Path:
    path = Path(run_root) / FILE_NAME
    atomic_write_json(path, {"share": share, "seed": seed, "locations": list(locations)})
    return path


def read(run_root: str | Path) -> set[str] | None:
    """The held-out locations of a run, or None for a run that holds none out (or an unreadable file:
    then nothing is held out rather than training on a guess)."""
    path = Path(run_root) / FILE_NAME
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    locations = data.get("locations") if isinstance(data, dict) else None
    if not isinstance(locations, list) or not all(isinstance(x, str) for x in locations):
        return None
    return set(locations)


def cache_dir(run_cache_dir: str | Path) -> Path:
    return Path(run_cache_dir) / "holdout"
