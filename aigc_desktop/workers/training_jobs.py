"""Short jobs around training, run by a ``JobRunner``: finding the devices and writing a cluster job.

Engine modules (and so torch) are imported inside the functions, on the worker thread: the first
torch import takes seconds, and the window must open without waiting for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aigc_desktop.workers.engine_text import engine_text
from aigc_desktop.workers.job_context import JobContext

if TYPE_CHECKING:
    from aigc_desktop.core.data.scan import ScanResult
    from aigc_desktop.core.run.config import TrainConfig


@dataclass(frozen=True)
class Devices:
    """What the machine offers: ``(id, label)`` pairs, labels translated, and the id "auto" picks."""

    choices: list[tuple[str, str]]
    auto: str


def probe_devices(ctx: JobContext) -> Devices:
    """List the devices training can use (imports torch)."""
    from aigc_desktop.core.run.devices import list_devices, resolve_device

    return Devices([(d.id, engine_text(d.label())) for d in list_devices()], str(resolve_device("auto")))


@dataclass(frozen=True)
class ClusterJobRequest:
    """Where and how big a cluster job is, and the pictures it is prepared from."""

    folder: str
    config: TrainConfig
    paths: Sequence[str]
    scanned: ScanResult | None = None
    removed: Sequence[str] = field(default_factory=tuple)
    gpus_per_node: int = 4
    nodes: int = 1


def export_cluster(ctx: JobContext, request: ClusterJobRequest) -> Path:
    """Write the job folder (decoding the pictures is the slow part); returns its path."""
    from aigc_desktop.core.run.cluster_job import export_cluster_job

    return export_cluster_job(request.folder, request.config, request.paths, scanned=request.scanned,
                              removed=request.removed, gpus_per_node=request.gpus_per_node,
                              nodes=request.nodes, progress=ctx.progress, should_stop=ctx.should_stop)
