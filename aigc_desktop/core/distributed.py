"""Where this process stands in a multi-process run (torchrun), and the one rule that follows from it:
only the main process writes files or talks to the user. A plain single-process run is rank 0 of 1."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DistContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1


def from_environment() -> DistContext:
    """Read the variables torchrun sets; without them this is a single-process run."""
    try:
        world = int(os.environ.get("WORLD_SIZE", "1"))
        rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", "0"))
    except ValueError:
        return DistContext()
    return DistContext(rank, world, local) if world > 1 else DistContext()


SINGLE = DistContext()
