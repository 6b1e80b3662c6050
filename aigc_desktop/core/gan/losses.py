"""GAN objectives. D returns raw logits; each loss says what it asks of them.

The seed article swapped the real/fake targets; here real is always 1 (or "high") and fake 0 ("low").
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F


def d_loss(kind: str, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Discriminator loss; lower is better for D. The sum of its real and its fake part."""
    return d_loss_real(kind, real_logits) + d_loss_fake(kind, fake_logits)


def d_loss_real(kind: str, real_logits: torch.Tensor) -> torch.Tensor:
    """D's loss on real images: it should call them real."""
    if kind == "bce":
        # -log D(x) of the DCGAN paper, written stably on logits.
        return F.softplus(-real_logits).mean()
    if kind == "hinge":
        return F.relu(1.0 - real_logits).mean()
    if kind == "wgan-gp":
        # The critic maximises E[D(x)] - E[D(G(z))]; the gradient penalty is added by the trainer.
        return -real_logits.mean()
    raise ValueError(f"unknown loss {kind!r}")


def d_loss_fake(kind: str, fake_logits: torch.Tensor) -> torch.Tensor:
    """D's loss on generated images: it should call them fake."""
    if kind == "bce":
        return F.softplus(fake_logits).mean()  # -log(1 - D(G(z)))
    if kind == "hinge":
        return F.relu(1.0 + fake_logits).mean()
    if kind == "wgan-gp":
        return fake_logits.mean()
    raise ValueError(f"unknown loss {kind!r}")


def g_loss(kind: str, fake_logits: torch.Tensor) -> torch.Tensor:
    """Generator loss; lower is better for G."""
    if kind == "bce":
        # The non-saturating form: maximise log D(G(z)) instead of minimising log(1 - D(G(z))).
        return F.softplus(-fake_logits).mean()
    if kind in ("hinge", "wgan-gp"):
        return -fake_logits.mean()
    raise ValueError(f"unknown loss {kind!r}")


def class_pull(logits: torch.Tensor, labels: torch.Tensor, margin: float = 0.0) -> torch.Tensor:
    """How far D's class guess (``logits``, N × classes) is from the classes G was asked for.

    ``margin`` 0: cross-entropy (AC-GAN). Above 0: the multi-class hinge on the logit of the asked class
    against the strongest other, which is zero once the asked class leads by ``margin``; a picture
    already taken for its class is then left alone instead of pushed to the most typical one.
    """
    if margin <= 0:
        return F.cross_entropy(logits, labels)
    asked = logits.gather(1, labels[:, None]).squeeze(1)
    others = logits.scatter(1, labels[:, None], float("-inf")).amax(1)
    return F.relu(margin - (asked - others)).mean()


def gradient_penalty(
    critic: Callable[[torch.Tensor], torch.Tensor], real: torch.Tensor, fake: torch.Tensor
) -> torch.Tensor:
    """WGAN-GP (Gulrajani et al. 2017): push ||∇D|| towards 1 on points between real and fake."""
    alpha = torch.rand(real.shape[0], 1, 1, 1, device=real.device, dtype=real.dtype)
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = critic(mixed)
    (grad,) = torch.autograd.grad(out.sum(), mixed, create_graph=True)
    norms = grad.flatten(1).norm(2, dim=1)
    return ((norms - 1.0) ** 2).mean()


def real_score(kind: str, logits: torch.Tensor) -> torch.Tensor:
    """D's verdict as a number users can read: a probability for BCE, the raw score otherwise."""
    return torch.sigmoid(logits).mean() if kind == "bce" else logits.mean()
