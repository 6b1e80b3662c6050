"""What a trainer saves to continue exactly, and how it takes it back (``Trainer.state_dict`` and
``Trainer.load_state_dict`` call these): kept apart so that the step logic and the checkpoint format
can be read apart."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import torch

from aigc_desktop.core.run.config import DIFFAUG_AUTO_BELOW

if TYPE_CHECKING:
    from aigc_desktop.core.gan.trainer import Trainer


def trainer_state(trainer: Trainer) -> dict[str, Any]:
    """Everything needed to continue this run exactly, as plain tensors and numbers."""
    rng: dict[str, Any] = {"torch": torch.get_rng_state()}
    if trainer.device.type == "cuda":
        rng["cuda"] = torch.cuda.get_rng_state(trainer.device)
    return {
        "G": trainer.G.state_dict(),
        "D": trainer.D.state_dict(),
        "G_ema": trainer.ema.state_dict() if trainer.ema is not None else None,
        "opt_g": trainer.opt_g.state_dict(),
        "opt_d": trainer.opt_d.state_dict(),
        "scaler": trainer.scaler.state_dict(),
        "rng": rng,
        "data_consumed": trainer.feed.consumed,
        "batch": trainer.batch,
        "lr_scale": trainer.lr_scale,
        "augment_strength": trainer.ada.state_dict() if trainer.ada is not None else None,
        "config": trainer.config.to_dict(),
        "history": copy.deepcopy(trainer.history),
        "dataset_fingerprint": trainer.dataset.fingerprint,
        "classes": list(trainer.dataset.classes),
        "kinds": trainer.picture_kinds.tolist() if trainer.picture_kinds is not None else None,
    }


def restore_trainer(trainer: Trainer, state: dict[str, Any]) -> None:
    """Continue exactly where ``trainer_state`` left off (checkpoints of older versions included). The
    class strength of the restored step is the trainer's to tell its models (``Trainer.load_state_dict``)."""
    trainer.G.load_state_dict(state["G"])
    trainer.D.load_state_dict(state["D"])
    if trainer.ema is not None and state.get("G_ema") is not None:
        trainer.ema.load_state_dict(state["G_ema"])
    trainer.opt_g.load_state_dict(state["opt_g"])
    trainer.opt_d.load_state_dict(state["opt_d"])
    if state.get("scaler"):
        trainer.scaler.load_state_dict(state["scaler"])
    trainer.step_count = int(state["step"])
    trainer.batch = int(state.get("batch", trainer.config.batch))
    trainer.lr_scale = float(state.get("lr_scale", 1.0))
    if trainer.ada is not None and state.get("augment_strength"):
        trainer.ada.load_state_dict(state["augment_strength"])
    elif trainer.ada is not None and "augment_strength" not in state:
        # A checkpoint from before the adaptive strength: "auto" augmented small sets fully.
        trainer.ada.p = 1.0 if len(trainer.dataset) < DIFFAUG_AUTO_BELOW else 0.0
    trainer.history = list(state.get("history", []))
    trainer.feed.consumed = int(state.get("data_consumed", 0))
    if trainer.picture_kinds is not None and state.get("kinds") is not None:
        # the kinds the run was trained with, whatever a newer clustering would find
        trainer.feed.kinds = torch.tensor(state["kinds"], dtype=torch.int64, device=trainer.feed.device)
    rng = state["rng"]
    if trainer.dist.enabled:
        # The checkpoint holds rank 0's generator; each rank continues on its own fresh stream.
        torch.manual_seed(trainer.config.seed + 1_000_003 * trainer.dist.rank + trainer.step_count)
    else:
        torch.set_rng_state(rng["torch"])
        if "cuda" in rng and trainer.device.type == "cuda":
            torch.cuda.set_rng_state(rng["cuda"], trainer.device)
