from __future__ import annotations

import os

import pytest
import torch

from aigc_desktop.core import atomic
from aigc_desktop.core.errors import CheckpointError
from aigc_desktop.core.run.checkpoints import latest_checkpoint, load_checkpoint, save_checkpoint
from aigc_desktop.core.run.layout import list_checkpoints


def _state(value: float) -> dict:
    return {"G": {"w": torch.full((3,), value)}, "history": [{"step": 1, "loss_d": 0.5}], "config": {"a": 1}}


def test_save_load_and_keep_last_k(tmp_path):
    for step in (10, 20, 30, 40):
        save_checkpoint(tmp_path, step, _state(step), keep=2)
    assert [p.name for p in list_checkpoints(tmp_path)] == ["ckpt-00000030.pt", "ckpt-00000040.pt"]
    state = load_checkpoint(latest_checkpoint(tmp_path))
    assert state["step"] == 40 and torch.equal(state["G"]["w"], torch.full((3,), 40.0))


def test_interrupted_write_leaves_the_previous_checkpoint_loadable(tmp_path, monkeypatch):
    save_checkpoint(tmp_path, 10, _state(1.0))
    real_fsync = os.fsync

    def crash(fd):  # the machine "dies" after part of the new file was written
        raise OSError("simulated power cut")

    monkeypatch.setattr(atomic.os, "fsync", crash)
    with pytest.raises(OSError, match="power cut"):
        save_checkpoint(tmp_path, 20, _state(2.0))
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert [p.name for p in tmp_path.iterdir()] == ["ckpt-00000010.pt"]  # no temp file, no partial file
    assert load_checkpoint(latest_checkpoint(tmp_path))["step"] == 10


def test_truncated_file_is_reported_and_skipped_by_latest(tmp_path):
    save_checkpoint(tmp_path, 10, _state(1.0))
    good = save_checkpoint(tmp_path, 20, _state(2.0))
    data = good.read_bytes()
    good.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="damaged") as refused:
        load_checkpoint(good)
    assert latest_checkpoint(tmp_path).name == "ckpt-00000010.pt"
    # The reason is torch's first sentence only, not its paragraph of advice for developers.
    assert str(refused.value).startswith("ckpt-00000020.pt is damaged or incomplete and can't be read (")
    assert len(str(refused.value)) < 200 and "If you are seeing" not in str(refused.value)


class PlainObject:
    pass


class Payload:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_checkpoint_carrying_a_pickled_object_is_refused(tmp_path):
    path = tmp_path / "ckpt-00000001.pt"
    torch.save({"format": 1, "step": 1, "G": {}, "evil": Payload()}, path)
    with pytest.raises(CheckpointError, match="Python objects"):
        load_checkpoint(path)
    torch.save({"format": 1, "step": 1, "G": {}, "config": PlainObject()}, path)
    with pytest.raises(CheckpointError, match="Python objects"):
        load_checkpoint(path)


def test_not_a_checkpoint(tmp_path):
    path = tmp_path / "ckpt-00000001.pt"
    torch.save({"weights": torch.zeros(1)}, path)
    with pytest.raises(CheckpointError, match="not an AIGC Desktop checkpoint"):
        load_checkpoint(path)
    with pytest.raises(CheckpointError, match="no checkpoint file"):
        load_checkpoint(tmp_path / "missing.pt")
