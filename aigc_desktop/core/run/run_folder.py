"""The run folder: everything one training run keeps, in one place a user can copy or open later.

    RUN/config.json           the settings (TrainConfig)
    RUN/sources.json          the data the user gave (folders, zips, files) and removed images
    RUN/dataset_report.json   what the scan used and skipped, with reasons
    RUN/metrics.jsonl         one JSON object per logged step
    RUN/quality.jsonl         one JSON object per evaluation of the offline quality score
    RUN/checkpoints/          ckpt-<step>.pt, last few kept
    RUN/samples/              preview grids over time
    RUN/cache/                the decoded dataset (one uint8 tensor file)

Every write goes through this class, and only the main process of a multi-process run writes:
the one place where rank-specific file work lives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from aigc_desktop.core.atomic import atomic_write, atomic_write_json
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.checkpoints import checkpoint_name, latest_checkpoint, list_checkpoints
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.distributed import SINGLE, DistContext

# Sentences for the user (translated in the window: see core/messages.py).
FOLDER_NOT_EMPTY = "{folder} already holds other files. Choose an empty or new folder for the run."


class RunFolder:
    def __init__(self, root: str | Path, dist: DistContext = SINGLE) -> None:
        self.root = Path(root).expanduser().resolve()
        self.writes = dist.is_main

    # paths
    @property
    def name(self) -> str:
        return self.root.name

    @property
    def config_path(self) -> Path:
        return self.root / "config.json"

    @property
    def sources_path(self) -> Path:
        return self.root / "sources.json"

    @property
    def report_path(self) -> Path:
        return self.root / "dataset_report.json"

    @property
    def metrics_path(self) -> Path:
        return self.root / "metrics.jsonl"

    @property
    def quality_path(self) -> Path:
        return self.root / "quality.jsonl"

    @property
    def checkpoints_dir(self) -> Path:
        return self.root / "checkpoints"

    @property
    def samples_dir(self) -> Path:
        return self.root / "samples"

    @property
    def cache_dir(self) -> Path:
        return self.root / "cache"

    @staticmethod
    def is_run(path: str | Path) -> bool:
        return (Path(path) / "config.json").is_file()

    # writing (main process only)
    def create(self, config: TrainConfig, sources: dict[str, Any]) -> None:
        if not self.writes:
            return
        if self.root.exists() and any(self.root.iterdir()) and not self.is_run(self.root):
            raise ConfigError(Sentence(FOLDER_NOT_EMPTY, folder=str(self.root)))
        for d in (self.root, self.checkpoints_dir, self.samples_dir, self.cache_dir):
            d.mkdir(parents=True, exist_ok=True)
        config.save(self.config_path)
        atomic_write_json(self.sources_path, sources)

    def save_config(self, config: TrainConfig) -> None:
        if self.writes:
            config.save(self.config_path)

    def write_report(self, report: dict[str, Any]) -> None:
        if self.writes:
            atomic_write_json(self.report_path, report)

    def append_metrics(self, rows: list[dict[str, Any]]) -> None:
        self._append(self.metrics_path, rows)

    def append_quality(self, row: dict[str, Any]) -> None:
        self._append(self.quality_path, [row])

    def truncate_metrics(self, after_step: int) -> None:
        """On resume, drop rows logged after the checkpoint so the files have no duplicated steps."""
        if not self.writes:
            return
        for path in (self.metrics_path, self.quality_path):
            if path.exists():
                rows = [r for r in _read_jsonl(path) if r.get("step", 0) <= after_step]
                text = "".join(json.dumps(r) + "\n" for r in rows)
                atomic_write(path, lambda f, t=text: f.write(t.encode("utf-8")))

    def _append(self, path: Path, rows: list[dict[str, Any]]) -> None:
        if not self.writes or not rows:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")

    def save_sample(self, step: int, grid: np.ndarray) -> Path | None:
        if not self.writes:
            return None
        path = self.samples_dir / f"step-{step:08d}.png"
        image = Image.fromarray(grid.squeeze(-1) if grid.shape[-1] == 1 else grid)
        atomic_write(path, lambda f: image.save(f, format="PNG"))
        return path

    # reading
    def load_config(self) -> TrainConfig:
        return TrainConfig.load(self.config_path)

    def load_sources(self) -> dict[str, Any]:
        try:
            return json.loads(self.sources_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {"paths": [], "removed": []}

    def read_metrics(self) -> list[dict[str, Any]]:
        return _read_jsonl(self.metrics_path)

    def read_quality(self) -> list[dict[str, Any]]:
        return _read_jsonl(self.quality_path)

    def best_checkpoint(self) -> Path | None:
        """The checkpoint with the best (lowest) quality score that still exists, else the newest."""
        scored = sorted((r["swd"], r["step"]) for r in self.read_quality()
                        if isinstance(r.get("swd"), (int, float)) and r["swd"] == r["swd"])
        for _, step in scored:
            path = self.checkpoints_dir / checkpoint_name(int(step))
            if path.is_file():
                return path
        return self.latest_checkpoint()

    def checkpoints(self) -> list[Path]:
        return list_checkpoints(self.checkpoints_dir)

    def latest_checkpoint(self) -> Path | None:
        return latest_checkpoint(self.checkpoints_dir)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: skip it, keep the rest
    return rows
