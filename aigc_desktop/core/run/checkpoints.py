"""Checkpoints: written atomically, loaded without ever running code from the file.

A checkpoint is one ``torch.save`` dict of tensors, numbers, strings, lists and dicts. It is read back
with ``torch.load(weights_only=True)``, which refuses any pickled object, so a checkpoint found on a
shared drive can't execute anything. Files are named by step so that sorting names sorts by time.
"""

from __future__ import annotations

import io
import pickle
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
        raise CheckpointError(Sentence(DAMAGED_CHECKPOINT, name=path.name, error=str(exc))) from exc
    if not isinstance(state, dict) or "format" not in state or "G" not in state:
        raise CheckpointError(Sentence(NOT_A_CHECKPOINT, name=path.name))
    if state["format"] > FORMAT_VERSION:
        raise CheckpointError(Sentence(NEWER_CHECKPOINT, name=path.name))
    return state


def load_latest(folder: str | Path, map_location: str | torch.device = "cpu") -> tuple[Path, dict[str, Any]] | None:
    """The newest checkpoint in ``folder`` that loads, with its state (read once), or None."""
    for path in reversed(list_checkpoints(folder)):
        try:
            return path, load_checkpoint(path, map_location)
        except CheckpointError:
            continue
    return None


def latest_checkpoint(folder: str | Path) -> Path | None:
    """The newest checkpoint in ``folder`` that can actually be loaded, or None."""
    found = load_latest(folder)
    return found[0] if found else None


def step_of(path: str | Path) -> int:
    """The step ``path`` is named after; raises :class:`CheckpointError` if it isn't a checkpoint's name."""
    step = checkpoint_step(path)
    if step is None:
        raise CheckpointError(Sentence(NOT_NAMED_LIKE_A_CHECKPOINT, name=Path(path).name))
    return step
