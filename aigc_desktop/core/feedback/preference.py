"""Steer sampling (instant): learn from ratings which latents people like, and draw more of those.

A :class:`PreferenceModel` is an L2-regularised logistic regression, P(good | x) = σ(w·x + b), fitted
on rated latents (``space="latent"``) or on the discriminator's features of the rated images
(``space="features"``, what fine-tuning uses). Small on purpose: a few hundred ratings can't
support more, and a linear model has one direction to move along and an answer that can't wander
off wildly between nearby latents. :func:`steer_latents` then draws new latents from the regions
people liked, without any retraining:

- *shift* (the default): move each latent along the liked direction ``w``, then scale it back to its
  old length, so it stays where the generator was trained (latents of dimension d lie near a sphere
  of radius √d). Every image moves a little, so the variety stays;
- *reject*: for each image, draw several candidate latents and keep the one most likely good.
  Stronger, but it keeps only the liked corner of what the model makes.

Saved as plain JSON, so a preference file from elsewhere can't run code when it is opened.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from aigc_desktop.core.atomic import atomic_write_json
from aigc_desktop.core.sampling.generation import latents

SPACES = ("latent", "features")
MODES = ("reject", "shift", "both")
MAX_CANDIDATES = 16  # per image, at full strength: the cost of rejection is this many generator inputs
MAX_SHIFT = 1.5  # at full strength, in standard deviations of the latent along the liked direction


@dataclass(frozen=True)
class PreferenceModel:
    """P(good | x) = σ(w · (x − mean) / scale + b) over rows x of latents or image features."""

    weight: torch.Tensor  # (d,), on standardised inputs
    bias: float
    mean: torch.Tensor  # (d,)
    scale: torch.Tensor  # (d,)
    space: str = "latent"
    n_good: int = 0
    n_bad: int = 0

    @classmethod
    def fit(cls, x: torch.Tensor, labels: torch.Tensor, *, l2: float = 0.05, space: str = "latent",
            standardise: bool | None = None) -> PreferenceModel:
        """Fit on rows ``x`` (N, d) rated ``labels`` (+1 good / -1 bad, or 1 / 0). Deterministic.

        Args:
            l2: Weight of ½|w|² against the mean log-loss; more = a flatter, more cautious model.
            standardise: Scale each input to mean 0, std 1 first (default: for features only; latents
                already are).
        """
        if space not in SPACES:
            raise ValueError(f"space must be one of {', '.join(SPACES)} (got {space!r}).")
        x = x.detach().double().flatten(1)
        y = (labels.detach().flatten() > 0).double()
        if len(x) != len(y):
            raise ValueError(f"{len(x)} rows but {len(y)} labels.")
        n_good = int(y.sum())
        if n_good == 0 or n_good == len(y):
            raise ValueError("Rate at least one image good and one bad: a preference needs both.")
        if standardise if standardise is not None else space == "features":
            mean, scale = x.mean(0), x.std(0).clamp_min(1e-6)
        else:
            mean, scale = torch.zeros(x.shape[1], dtype=x.dtype), torch.ones(x.shape[1], dtype=x.dtype)
        xs = (x - mean) / scale
        # Good and bad count equally whatever their numbers, so the direction isn't pulled toward
        # "everything is good" when most ratings are.
        sample_w = torch.where(y > 0, 0.5 / n_good, 0.5 / (len(y) - n_good))
        params = torch.zeros(x.shape[1] + 1, dtype=x.dtype, requires_grad=True)
        opt = torch.optim.LBFGS([params], lr=1.0, max_iter=200, tolerance_grad=1e-9,
                                line_search_fn="strong_wolfe")

        def closure() -> torch.Tensor:
            opt.zero_grad()
            logits = xs @ params[:-1] + params[-1]
            loss = (sample_w * torch.nn.functional.binary_cross_entropy_with_logits(
                logits, y, reduction="none")).sum() + 0.5 * l2 * params[:-1].square().sum()
            loss.backward()
            return loss

        opt.step(closure)
        w = params.detach()
        return cls(w[:-1].float(), float(w[-1]), mean.float(), scale.float(), space, n_good, len(y) - n_good)

    @property
    def dim(self) -> int:
        return int(self.weight.shape[0])

    def logit(self, x: torch.Tensor) -> torch.Tensor:
        """w·x + b per row; differentiable in ``x`` (fine-tuning pushes the generator along it)."""
        x = x.flatten(1)
        params = [t.to(x.device, x.dtype) for t in (self.weight, self.mean, self.scale)]
        return ((x - params[1]) / params[2]) @ params[0] + self.bias

    def prob(self, x: torch.Tensor) -> torch.Tensor:
        """P(good) per row of ``x`` (N, d)."""
        return torch.sigmoid(self.logit(x))

    @property
    def direction(self) -> torch.Tensor:
        """The unit vector in input space along which P(good) rises fastest."""
        w = self.weight / self.scale
        return w / w.norm().clamp_min(1e-12)

    # -- files -------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": 1, "space": self.space, "weight": self.weight.tolist(), "bias": self.bias,
                "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "n_good": self.n_good, "n_bad": self.n_bad}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreferenceModel:
        try:
            tensors = [torch.tensor(data[k], dtype=torch.float32) for k in ("weight", "mean", "scale")]
            model = cls(*tensors[:1], float(data["bias"]), *tensors[1:], str(data["space"]),
                        int(data.get("n_good", 0)), int(data.get("n_bad", 0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"Not a preference model ({exc}).") from exc
        if model.space not in SPACES or any(t.shape != (model.dim,) for t in tensors):
            raise ValueError("Not a preference model (its parts don't fit together).")
        return model

    def save(self, path: str | Path) -> Path:
        return atomic_write_json(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> PreferenceModel:
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"{Path(path).name} can't be read as a preference model ({exc}).") from exc


def steer_latents(n: int, seed: int, model: PreferenceModel, strength: float = 0.5, *, mode: str = "shift",
                  psi: float = 1.0) -> torch.Tensor:
    """``n`` latents for ``seed``, pulled toward what people liked; the same inputs give the same latents.

    Row ``i`` depends only on ``(seed, i)``, as in ``generation.latents``: the Gallery can regenerate
    one image by its seed and index. ``strength`` 0 gives exactly ``latents(n, z_dim, seed, psi)``.

    Args:
        strength: 0..1; rejection keeps the best of ``1 + strength × 15`` candidates, shifting moves
            by ``strength × 1.5`` standard deviations.
        mode: "shift" (the default: it keeps the variety of the images best), "reject", or "both"
            (reject, then shift).
    """
    if model.space != "latent":
        raise ValueError("Sampling is steered by a preference model fitted on latents (space='latent').")
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"The steering strength must be from 0 to 1 (got {strength!r}).")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r}).")
    k = 1 + round(strength * (MAX_CANDIDATES - 1)) if mode != "shift" else 1
    # Candidates of image i are rows i·k … i·k + k − 1 of the seed's stream: independent of n.
    z = latents(n * k, model.dim, seed, psi).view(n, k, model.dim)
    best = model.logit(z.flatten(0, 1)).view(n, k).argmax(1)  # first best on ties: deterministic
    z = z[torch.arange(n), best]
    if mode != "reject" and strength > 0:
        length = z.norm(dim=1, keepdim=True)
        moved = z + strength * MAX_SHIFT * max(psi, 1e-3) * model.direction
        z = moved * length / moved.norm(dim=1, keepdim=True).clamp_min(1e-12)
    return z
