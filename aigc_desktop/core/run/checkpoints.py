"""Checkpoints: written atomically, loaded without ever running code from the file.

A checkpoint is one ``torch.save`` dict of tensors, numbers, strings, lists and dicts. It is read back
with ``torch.load(weights_only=True)``, which refuses any pickled object, so a checkpoint found on a
shared drive can't execute anything. Files are named by step so that sorting names sorts by time.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.errors import CheckpointError
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.layout import checkpoint_name, checkpoint_step, list_checkpoints

FORMAT_VERSION = 1


# Sentences for the user (translated in the window: see core/messages.py).
NO_CHECKPOINT_FILE = "There is no checkpoint file at {path}."
UNSAFE_CHECKPOINT = ("{name} contains Python objects, not just weights, so it was not opened (it could run code). "
                     "Only checkpoints written by AIGC Desktop can be loaded.")
DAMAGED_CHECKPOINT = "{name} is damaged or incomplete and can't be read ({error})."
NOT_A_CHECKPOINT = "{name} is not an AIGC Desktop checkpoint."
NEWER_CHECKPOINT = "{name} was written by a newer version of AIGC Desktop; please update."
NOT_NAMED_LIKE_A_CHECKPOINT = "{name} is not named like a checkpoint (ckpt-<step>.pt)."
USING_OLDER_CHECKPOINT = "{refused} Using {used} instead."
NO_LOADABLE_CHECKPOINT = ("None of the {count} checkpoint files in {folder} can be loaded, so the run was not "
                          "continued (continuing would start again from step 0).")
NO_CHECKPOINT_LEFT = ("{folder} holds no checkpoint, though the run trained to step {step}, so it was not "
                      "continued (continuing would start again from step 0).")
REFUSED_FOLDER = "refused"  # checkpoints/refused/: files that failed to load, kept out of pruning's reach


class NoLoadableCheckpoint(CheckpointError):
    """A run that trained before has no checkpoint that loads: continuing would silently restart it.
    ``refused`` lists each file tried with why (see :meth:`Found.warnings`)."""

    def __init__(self, message: Sentence, refused: list[Sentence]) -> None:
        super().__init__(message)
        self.refused = refused


@dataclass
class Found:
    """The newest loadable checkpoint of a folder (``path`` None when none loads) and every newer file
    that was tried and refused, newest first, each with the reason in words."""

    path: Path | None = None
    state: dict[str, Any] | None = None
    refused: list[tuple[Path, CheckpointError]] = field(default_factory=list)

    def warnings(self) -> list[Sentence]:
        """One sentence per refused file, naming the checkpoint used instead (if any)."""
        reasons = [error.args[0] for _, error in self.refused]
        if self.path is None:
            return reasons
        return [Sentence(USING_OLDER_CHECKPOINT, refused=reason, used=self.path.name) for reason in reasons]


def save_checkpoint(folder: str | Path, step: int, state: dict[str, Any], keep: int = 3,
                    protect: frozenset[int] = frozenset()) -> Path:
    """Write ``state`` as ``folder/ckpt-<step>.pt`` atomically, then delete all but the newest ``keep``.

    Steps in ``protect`` (the best checkpoint by the quality score) are never deleted.
    """
    folder = Path(folder)
    state = {"format": FORMAT_VERSION, "step": int(step), **state}
    # Serialise to memory first: a failure while pickling must not even create the temporary file.
    buffer = io.BytesIO()
    torch.save(state, buffer)
    path = atomic_write(folder / checkpoint_name(step), lambda f: f.write(buffer.getbuffer()))
    for old in list_checkpoints(folder)[:-keep]:
        if step_of(old) not in protect:
            old.unlink(missing_ok=True)
    return path


def _first_sentence(exc: BaseException, limit: int = 120) -> str:
    """The gist of a loader's reason: torch's zip reader adds several sentences of advice meant for
    developers ("This is an internal miniz error. If you are seeing this error..."), which buried the
    file's name and what happens next in a paragraph."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text.split(". ", 1)[0].rstrip(".")
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def load_checkpoint(path: str | Path, map_location: str | torch.device = "cpu") -> dict[str, Any]:
    """Load a checkpoint safely. Raises :class:`CheckpointError` with a plain reason on any problem."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(Sentence(NO_CHECKPOINT_FILE, path=str(path)))
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        raise CheckpointError(
            Sentence(UNSAFE_CHECKPOINT, name=path.name)
        ) from exc
    except (RuntimeError, EOFError, OSError, ValueError) as exc:
        raise CheckpointError(Sentence(DAMAGED_CHECKPOINT, name=path.name, error=_first_sentence(exc))) from exc
    if not isinstance(state, dict) or "format" not in state or "G" not in state:
        raise CheckpointError(Sentence(NOT_A_CHECKPOINT, name=path.name))
    if state["format"] > FORMAT_VERSION:
        raise CheckpointError(Sentence(NEWER_CHECKPOINT, name=path.name))
    return state


def find_latest(folder: str | Path, map_location: str | torch.device = "cpu") -> Found:
    """The newest checkpoint in ``folder`` that loads, with its state (read once), and the newer ones
    that did not, with why: a caller must be able to say which file it refused."""
    found = Found()
    for path in reversed(list_checkpoints(folder)):
        try:
            found.path, found.state = path, load_checkpoint(path, map_location)
            return found
        except CheckpointError as exc:
            found.path = None
            found.refused.append((path, exc))
    return found


def set_aside(paths: list[Path]) -> None:
    """Move checkpoint files that failed to load into ``checkpoints/refused/``, out of pruning's reach
    and out of the way of the new checkpoint of the same step; nothing is deleted."""
    for path in paths:
        target_dir = path.parent / REFUSED_FOLDER
        target_dir.mkdir(exist_ok=True)
        target, n = target_dir / path.name, 1
        while target.exists():  # refused before under the same name: keep both
            target, n = target_dir / f"{path.stem}.{n}{path.suffix}", n + 1
        path.replace(target)


def latest_checkpoint(folder: str | Path) -> Path | None:
    """The newest checkpoint in ``folder`` that can actually be loaded, or None."""
    return find_latest(folder).path


def step_of(path: str | Path) -> int:
    """The step ``path`` is named after; raises :class:`CheckpointError` if it isn't a checkpoint's name."""
    step = checkpoint_step(path)
    if step is None:
        raise CheckpointError(Sentence(NOT_NAMED_LIKE_A_CHECKPOINT, name=Path(path).name))
    return step
