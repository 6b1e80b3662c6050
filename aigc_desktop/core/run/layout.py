"""The run folder's layout: what each file is called and where it lives. pathlib and json only, no torch.

    RUN/config.json           the settings (TrainConfig)
    RUN/sources.json          the data the user gave (folders, zips, files) and removed images
    RUN/dataset_report.json   what the scan used and skipped, with reasons
    RUN/metrics.jsonl         one JSON object per logged step
    RUN/quality.jsonl         one JSON object per evaluation of the offline quality score
    RUN/checkpoints/          ckpt-<step>.pt, last few kept
    RUN/samples/              preview grids over time, step-<step>.png
    RUN/cache/                the decoded dataset, dataset-<fingerprint>.pt
    RUN/class_judge.pt        a run by class: the classifier that checks each class looks like itself
    RUN/feedback.sqlite3      people's ratings and the model versions made from them
    RUN/versions/v<id>/       a model version's files, outside checkpoints/ so pruning never takes them

The engine writes these through ``RunFolder`` (which adds torch); the window only looks, and must not
wait seconds for torch to load just to list a folder. Both ask this module, so a name lives in one place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from aigc_desktop.core.sampling.combined_score import scored_steps

CONFIG = "config.json"
CLASS_JUDGE = "class_judge.pt"  # core/sampling/class_agreement.py
VERSIONS = "versions"
# A sentence for the user (translated in the window: see core/messages.py).
NOT_A_RUN = "{folder} is not a run folder (it has no config.json)."
FEEDBACK_DB = "feedback.sqlite3"
_CHECKPOINT = re.compile(r"^ckpt-(\d{8,})\.pt$")  # 8 digits at least, so sorting names sorts steps
_DATASET_PREFIX, _DATASET_SUFFIX = "dataset-", ".pt"


def checkpoint_name(step: int) -> str:
    return f"ckpt-{step:08d}.pt"


def checkpoint_step(path: str | Path) -> int | None:
    """The step a checkpoint file is named after, or None if the name is not a checkpoint's."""
    match = _CHECKPOINT.match(Path(path).name)
    return int(match.group(1)) if match else None


def list_checkpoints(folder: str | Path) -> list[Path]:
    """Checkpoint files in ``folder``, oldest step first. Temporary files of unfinished writes are ignored."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [(step, p) for p in folder.iterdir() if (step := checkpoint_step(p)) is not None]
    return [p for _, p in sorted(found)]


def dataset_cache_name(fingerprint: str) -> str:
    return f"{_DATASET_PREFIX}{fingerprint}{_DATASET_SUFFIX}"


def cached_datasets(cache_dir: str | Path) -> list[Path]:
    """The decoded-dataset files in a run's cache folder, by name."""
    return sorted(Path(cache_dir).glob(dataset_cache_name("*")))


def sole_cached_fingerprint(cache_dir: str | Path) -> str | None:
    """The fingerprint of the one dataset file in ``cache_dir``, or None if there are none or several.

    For a run whose checkpoint does not name its dataset (none yet, or written before fingerprints).
    """
    files = cached_datasets(cache_dir)
    if len(files) != 1:
        return None
    return files[0].name.removeprefix(_DATASET_PREFIX).removesuffix(_DATASET_SUFFIX)


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a JSON-lines file; [] if it is missing. A line cut short by a crash is skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    rows = []
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows


def best_score(rows: list[dict[str, Any]], steps: set[int]) -> tuple[int, float] | None:
    """``(step, score)`` of the lowest quality score among ``steps`` (the checkpoints still on disk).

    The score is ``combined_score``'s (SWD over the share of good images); a run scored before
    coverage was measured is ranked by its SWD.
    """
    scored = [(score, step) for step, score in scored_steps(rows) if step in steps]
    if not scored:
        return None
    score, step = min(scored)
    return step, score


def is_run(path: str | Path) -> bool:
    """A run folder is one with its settings in it."""
    return (Path(path) / CONFIG).is_file()


class RunLayout:
    """The paths of one run folder, which need not exist yet."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def name(self) -> str:
        return self.root.name

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

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

    @property
    def feedback_db(self) -> Path:
        return self.root / FEEDBACK_DB

    def checkpoint_path(self, step: int) -> Path:
        return self.checkpoints_dir / checkpoint_name(step)

    def sample_path(self, step: int) -> Path:
        return self.samples_dir / f"step-{step:08d}.png"

    def version_dir(self, version_id: int) -> Path:
        """Where a model version keeps its files."""
        return self.root / VERSIONS / f"v{version_id:04d}"

    def has_model(self) -> bool:
        """Something to draw images from: a checkpoint, or model versions in the ratings database."""
        return bool(self.checkpoints()) or self.feedback_db.is_file()

    def checkpoints(self) -> list[Path]:
        """The checkpoint files, oldest first (listed, not loaded)."""
        return list_checkpoints(self.checkpoints_dir)

    def read_metrics(self) -> list[dict[str, Any]]:
        return read_jsonl(self.metrics_path)

    def read_quality(self) -> list[dict[str, Any]]:
        return read_jsonl(self.quality_path)

    def best_score(self) -> tuple[int, float] | None:
        """``(step, score)`` of the best-scored checkpoint still on disk, or None if none was scored."""
        steps = {checkpoint_step(p) for p in self.checkpoints()}
        return best_score(self.read_quality(), {s for s in steps if s is not None})
