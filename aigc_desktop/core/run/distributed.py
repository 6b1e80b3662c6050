"""Where this process stands in a multi-process run (torchrun), and the one rule that follows from it:
only the main process writes files or talks to the user. A plain single-process run is rank 0 of 1.

Everything rank-specific lives here or goes through :class:`RunFolder` (which writes on rank 0 only).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import torch
import torch.distributed as torch_dist

from aigc_desktop.core.errors import ConfigError

# Long enough for rank 0 to decode a large dataset while the others wait at a barrier; short enough
# that a rank that died is noticed (torchrun also stops the others when one process fails).
COLLECTIVE_TIMEOUT = timedelta(minutes=15)


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


SINGLE = DistContext()


def from_environment() -> DistContext:
    """Read the variables torchrun sets; without them this is a single-process run."""
    try:
        world = int(os.environ.get("WORLD_SIZE", "1"))
        rank = int(os.environ.get("RANK", "0"))
        local = int(os.environ.get("LOCAL_RANK", "0"))
    except ValueError:
        return SINGLE
    return DistContext(rank, world, local) if world > 1 else SINGLE


def init(ctx: DistContext, device_choice: str) -> torch.device:
    """Join the process group (NCCL on CUDA, gloo on the CPU) and return this rank's device."""
    if not ctx.enabled:
        from aigc_desktop.core.run.devices import resolve_device

        return resolve_device(device_choice)
    use_cuda = device_choice != "cpu" and torch.cuda.is_available()
    if use_cuda:
        device = torch.device(f"cuda:{ctx.local_rank}")
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    if not torch_dist.is_initialized():
        torch_dist.init_process_group("nccl" if use_cuda else "gloo", timeout=COLLECTIVE_TIMEOUT,
                                      device_id=device if use_cuda else None)
    return device


def shutdown() -> None:
    if torch_dist.is_available() and torch_dist.is_initialized():
        torch_dist.destroy_process_group()


def barrier(ctx: DistContext) -> None:
    if ctx.enabled:
        torch_dist.barrier()


def any_rank(ctx: DistContext, flag: bool, device: torch.device) -> bool:
    """True on every rank if ``flag`` is true on any rank, so all ranks take the same branch."""
    if not ctx.enabled:
        return flag
    t = torch.tensor([1.0 if flag else 0.0], device=device)
    torch_dist.all_reduce(t, op=torch_dist.ReduceOp.MAX)
    return bool(t.item() > 0)


def broadcast_object(ctx: DistContext, obj: Any) -> Any:
    """Rank 0's ``obj`` on every rank."""
    if not ctx.enabled:
        return obj
    box = [obj if ctx.is_main else None]
    torch_dist.broadcast_object_list(box, src=0)
    return box[0]


def check_supported(ctx: DistContext, loss: str) -> None:
    if ctx.enabled and loss == "wgan-gp":
        raise ConfigError(
            "WGAN-GP can't run on several processes yet (its gradient penalty needs double backward, "
            "which DistributedDataParallel does not support). Use the bce or hinge loss for cluster runs."
        )
