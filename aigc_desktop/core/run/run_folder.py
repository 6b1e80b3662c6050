"""The run folder: everything one training run keeps, in one place a user can copy or open later.

What is where is ``layout.py``'s to say; this class writes and loads it. Every write goes through
here, and only the main process of a multi-process run writes: the one place where rank-specific
file work lives.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from aigc_desktop.core.atomic import atomic_write, atomic_write_json, remove_interrupted_writes
from aigc_desktop.core.errors import ConfigError, FolderNotWritable
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.checkpoints import latest_checkpoint
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.distributed import SINGLE, DistContext
from aigc_desktop.core.run.layout import RunLayout, is_run, read_jsonl

# Sentences for the user (translated in the window: see core/messages.py).
FOLDER_NOT_EMPTY = "{folder} already holds other files. Choose an empty or new folder for the run."


# Sentences for the user (translated in the window: see core/messages.py).
RUN_NOT_WRITABLE = ("The run folder {folder} can't be written to ({error}), so it can't be trained further. Copy "
                    "it to a folder you can write to and continue that copy. Its images can still be generated.")
CANNOT_CREATE_RUN = ("The run folder {folder} can't be made there ({error}). Choose a folder you can write to, "
                     "such as one in your documents.")
_CANNOT_WRITE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


class RunFolder(RunLayout):
    """A run folder to write (main process only) and to load from; its paths come from :class:`RunLayout`."""

    def __init__(self, root: str | Path, dist: DistContext = SINGLE) -> None:
        super().__init__(Path(root).expanduser().resolve())
        self.writes = dist.is_main

    # writing (main process only)
    def create(self, config: TrainConfig, sources: dict[str, Any]) -> None:
        if not self.writes:
            return
        if self.root.exists() and any(self.root.iterdir()) and not is_run(self.root):
            raise ConfigError(Sentence(FOLDER_NOT_EMPTY, folder=str(self.root)))
        try:
            for d in (self.root, self.checkpoints_dir, self.samples_dir, self.cache_dir):
                d.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if exc.errno not in _CANNOT_WRITE:
                raise
            raise FolderNotWritable(Sentence(CANNOT_CREATE_RUN, folder=str(self.root), error=exc.strerror)) from exc
        self.check_writable()
        config.save(self.config_path)
        atomic_write_json(self.sources_path, sources)

    def check_writable(self) -> None:
        """Raise :class:`FolderNotWritable` in words unless files can be written in the run folder (a
        read-only share, a CD, a folder of another user): found before any work, not at the first
        checkpoint."""
        if not self.writes:
            return
        try:
            atomic_write(self.root / ".write-test", lambda f: f.write(b"ok"))
            (self.root / ".write-test").unlink()
        except OSError as exc:
            if exc.errno not in _CANNOT_WRITE:
                raise
            raise FolderNotWritable(Sentence(RUN_NOT_WRITABLE, folder=str(self.root), error=exc.strerror)) from exc

    def remove_interrupted_writes(self) -> None:
        """Temporary files of writes a killed process left (checkpoints, cache, JSON): never read, and
        a checkpoint's are megabytes. Only when the run is opened to train, when nothing else writes."""
        if self.writes:
            held_out = [p for p in self.cache_dir.glob("*") if p.is_dir()]  # the held-out pictures' cache
            for folder in (self.root, self.checkpoints_dir, self.cache_dir, self.samples_dir, *held_out):
                remove_interrupted_writes(folder)

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
                rows = [r for r in read_jsonl(path) if r.get("step", 0) <= after_step]
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
        path = self.sample_path(step)
        image = Image.fromarray(grid.squeeze(-1) if grid.shape[-1] == 1 else grid)
        atomic_write(path, lambda f: image.save(f, format="PNG"))
        return path

    # reading
    def load_config(self) -> TrainConfig:
        return TrainConfig.load(self.config_path)

    def load_sources(self) -> dict[str, Any]:
        """The data the run was made from: ``paths`` and ``removed``, lists of strings. A file that is
        missing, damaged or edited into another shape gives what of it is usable (possibly nothing:
        a resume without the dataset cache then says there are no pictures)."""
        try:
            data = json.loads(self.sources_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # ValueError: bad JSON, or bytes that are not UTF-8
            data = {}
        data = data if isinstance(data, dict) else {}
        for key in ("paths", "removed"):
            value = data.get(key)
            data[key] = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        return data

    def best_checkpoint(self) -> Path | None:
        """The checkpoint with the best (lowest) quality score that still exists, else the newest that loads."""
        best = self.best_score()
        return self.checkpoint_path(best[0]) if best else self.latest_checkpoint()

    def latest_checkpoint(self) -> Path | None:
        """The newest checkpoint that actually loads (each one tried is read: this takes torch)."""
        return latest_checkpoint(self.checkpoints_dir)
