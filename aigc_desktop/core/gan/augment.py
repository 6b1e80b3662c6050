"""DiffAugment (Zhao et al. 2020): differentiable colour, translation and cutout, at a chosen strength.

Applied to real and fake images alike before D, so D can't memorise a small dataset while G still
gets gradients through the augmentation. All randomness comes from torch's global RNG, so a run
seeded the same way augments the same way, and a resumed run continues the sequence exactly.

``AdaptiveStrength`` sets how often each operation is applied from how sure D is of the real
pictures (the overfitting heuristic of ADA, Karras et al. 2020): no augmentation while D still
learns, more as soon as it starts to memorise, whatever the size of the set.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

POLICY = "color,translation,cutout"


def diff_augment(x: torch.Tensor, policy: str = POLICY, p: float = 1.0) -> torch.Tensor:
    """Each operation of ``policy`` applied to each image with probability ``p`` (1: every image)."""
    if p <= 0.0:
        return x
    for name in policy.split(","):
        name = name.strip()
        if not name:
            continue
        if p >= 1.0:  # the original DiffAugment, and the same random numbers as before strengths existed
            x = _POLICIES[name](x)
        else:
            chosen = torch.rand(x.shape[0], 1, 1, 1, device=x.device) < p
            x = torch.where(chosen, _POLICIES[name](x), x)
    return x


class AdaptiveStrength:
    """ADA's feedback loop: raise ``p`` while D is too sure of the real pictures, lower it otherwise.

    The overfitting measure is r = E[sign(D(real))], the share of real pictures D calls real minus
    the share it calls fake, over the last ``interval`` steps; r above ``target`` means D has begun to
    memorise. ``p`` moves by at most ``interval × batch / images_to_full`` per adjustment. ADA's own
    pace (0 to 1 in 500,000 images) is for runs of days; a desktop run sees a few hundred thousand
    images in all, so the pace here is set so that ``p`` can reach 1 within a few minutes.
    """

    def __init__(self, target: float = 0.6, interval: int = 4, images_to_full: int = 20_000,
                 p: float = 0.0, reduce: Callable[[float, int], tuple[float, int]] | None = None) -> None:
        self.target, self.interval, self.images_to_full = target, interval, images_to_full
        self.p = p
        # Under torchrun every rank must augment alike: the counts are summed over ranks first.
        self._reduce = reduce or (lambda signs, count: (signs, count))
        self._signs = 0.0
        self._count = 0
        self._steps = 0

    def observe(self, sign_sum: float, count: int) -> None:
        """Record the sum of sign(D(real)) over this step's ``count`` real pictures; adjust every
        ``interval`` steps. The trainer passes numbers it already has, so this costs no device sync."""
        self._signs += sign_sum
        self._count += count
        self._steps += 1
        if self._steps >= self.interval:
            signs, count = self._reduce(self._signs, self._count)
            r = signs / max(count, 1)
            step = count / self.images_to_full
            self.p = min(1.0, max(0.0, self.p + (step if r > self.target else -step)))
            self._signs, self._count, self._steps = 0.0, 0, 0

    def state_dict(self) -> dict[str, float]:
        return {"p": self.p, "signs": self._signs, "count": self._count, "steps": self._steps}

    def load_state_dict(self, state: dict[str, float]) -> None:
        self.p = float(state["p"])
        self._signs, self._count, self._steps = float(state["signs"]), int(state["count"]), int(state["steps"])


def _color(x: torch.Tensor) -> torch.Tensor:
    n = x.shape[0]
    rand = torch.rand(n, 3, 1, 1, 1, dtype=x.dtype, device=x.device)
    x = x + (rand[:, 0] - 0.5)  # brightness
    if x.shape[1] > 1:
        mean = x.mean(dim=1, keepdim=True)
        x = (x - mean) * (rand[:, 1] * 2) + mean  # saturation
    mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - mean) * (rand[:, 2] + 0.5) + mean  # contrast


def _translation(x: torch.Tensor, ratio: float = 0.125) -> torch.Tensor:
    n, _, h, w = x.shape
    sh, sw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    tx = torch.randint(-sh, sh + 1, (n, 1, 1), device=x.device)
    ty = torch.randint(-sw, sw + 1, (n, 1, 1), device=x.device)
    gb, gx, gy = torch.meshgrid(
        torch.arange(n, device=x.device),
        torch.arange(h, device=x.device),
        torch.arange(w, device=x.device),
        indexing="ij",
    )
    gx = torch.clamp(gx + tx + 1, 0, h + 1)
    gy = torch.clamp(gy + ty + 1, 0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1])  # shifted-in pixels are zero (mid-grey in [-1, 1])
    return padded.permute(0, 2, 3, 1)[gb, gx, gy].permute(0, 3, 1, 2)


def _cutout(x: torch.Tensor, ratio: float = 0.5) -> torch.Tensor:
    n, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ox = torch.randint(0, h + (1 - ch % 2), (n, 1, 1), device=x.device)
    oy = torch.randint(0, w + (1 - cw % 2), (n, 1, 1), device=x.device)
    gb, gx, gy = torch.meshgrid(
        torch.arange(n, device=x.device),
        torch.arange(ch, device=x.device),
        torch.arange(cw, device=x.device),
        indexing="ij",
    )
    gx = torch.clamp(gx + ox - ch // 2, 0, h - 1)
    gy = torch.clamp(gy + oy - cw // 2, 0, w - 1)
    mask = torch.ones(n, h, w, dtype=x.dtype, device=x.device)
    mask[gb, gx, gy] = 0
    return x * mask.unsqueeze(1)


_POLICIES = {"color": _color, "translation": _translation, "cutout": _cutout}
