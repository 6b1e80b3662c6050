"""An exponential moving average of the generator's weights, used for every sample users see.

Averaging smooths out the oscillation of GAN training, so EMA samples are usually cleaner than the
live generator's. A warm-up keeps the average from being dominated by the random start in short runs.

BatchNorm in eval mode normalises with running statistics, and those of the live generator belong to
the live weights, not to the averaged ones. The averaged generator therefore gets its own "standing
statistics" (Brock et al. 2019, BigGAN, section 3.1 and appendix): before it is sampled or saved, a fixed
set of latents is run through it in train mode and its BatchNorm layers keep the plain average of what
they saw. Measured on the demo set (cpu-quick, 2,000-2,500 steps, 1,000 images): SWD 30.5 → 29.3 and
29.6 → 29.4 against copying the live statistics; 128 latents were worse than copying, 512 better,
2,048 a little better again at 4× the cost (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import copy

import torch
from torch import nn

from aigc_desktop.core.gan.models import class_labels, in_chunks

STANDING_LATENTS = 512
STANDING_BATCH = 64
# Their own generator, so refreshing the statistics never moves the training's random stream (exact resume).
STANDING_SEED = 20190228
# A refresh costs about one training step. The live preview (every few seconds) may show statistics up to
# this many updates old; checkpoints, scores and generated images always get fresh ones.
PREVIEW_STALENESS = 100


class EMA:
    def __init__(self, model: nn.Module, decay: float = 0.999) -> None:
        self.decay = decay
        self.updates = 0
        self._model = _without_sync_batchnorm(copy.deepcopy(model)).eval().requires_grad_(False)
        self._stale = True
        self._refreshed_at = -1  # the update count the statistics were computed at

    @property
    def model(self) -> nn.Module:
        """The averaged generator in eval mode, with BatchNorm statistics of its current weights."""
        return self.current()

    def current(self, max_staleness: int = 0) -> nn.Module:
        """The averaged generator, its statistics recomputed unless at most ``max_staleness`` updates old."""
        if self._stale and (self._refreshed_at < 0 or self.updates - self._refreshed_at > max_staleness):
            self._refresh_statistics()
        return self._model

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        self.updates += 1
        # Warm-up: the effective decay grows from 0.1 towards `decay` over the first few thousand steps.
        decay = min(self.decay, (1 + self.updates) / (10 + self.updates))
        ema_params = list(self._model.parameters())
        params = [p.detach() for p in model.parameters()]
        torch._foreach_lerp_(ema_params, params, 1.0 - decay)
        # The statistics are recomputed only when someone looks: a step costs nothing extra.
        self._stale = True

    def update_strengths(self, strength: float, kind_strength: float = 1.0) -> None:
        """Told as much of the class and kind as the live generator (transitional training fades them in)."""
        if (self._model.class_strength, self._model.kind_strength) != (strength, kind_strength):
            self._model.class_strength, self._model.kind_strength = strength, kind_strength
            self._stale = True

    @torch.no_grad()
    def _refresh_statistics(self) -> None:
        norms = [m for m in self._model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
        self._stale, self._refreshed_at = False, self.updates
        if not norms:
            return
        device = next(self._model.parameters()).device
        z_dim = int(getattr(self._model, "z_dim", 0))
        if z_dim <= 0:
            return
        z = torch.randn(STANDING_LATENTS, z_dim, generator=torch.Generator().manual_seed(STANDING_SEED))
        # A conditional generator's statistics come from every class alike.
        labels = class_labels(STANDING_LATENTS, int(getattr(self._model, "num_classes", 0)))
        momenta = [m.momentum for m in norms]
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # a cumulative average over every batch, not an exponential one
        self._model.train()
        try:
            for chunk, y in in_chunks(z, labels, STANDING_BATCH):
                self._model(chunk.to(device), y)
        finally:
            self._model.eval()
            for m, momentum in zip(norms, momenta, strict=True):
                m.momentum = momentum

    def state_dict(self) -> dict:
        return {"model": self.model.state_dict(), "updates": self.updates, "decay": self.decay}

    def load_state_dict(self, state: dict) -> None:
        self._model.load_state_dict(state["model"])
        self.updates = int(state["updates"])
        self.decay = float(state["decay"])
        # A checkpoint from before standing statistics holds the live generator's; recompute them.
        self._stale, self._refreshed_at = True, -1


def _without_sync_batchnorm(module: nn.Module) -> nn.Module:
    """Plain BatchNorm in place of SyncBatchNorm (same weights and buffers, same state-dict keys).

    Under torchrun the live generator syncs its statistics across ranks, but only rank 0 samples and
    saves: a SyncBatchNorm refreshed there alone would wait for the other ranks for ever.
    """
    if isinstance(module, nn.SyncBatchNorm):
        plain = nn.BatchNorm2d(module.num_features, module.eps, module.momentum, module.affine,
                               module.track_running_stats)
        plain.load_state_dict(module.state_dict())
        return plain.to(next(iter(module.state_dict().values())).device)
    for name, child in module.named_children():
        setattr(module, name, _without_sync_batchnorm(child))
    return module
