"""Curating generated images: keep the ones the discriminator likes best, trade variety for quality
with the truncation trick, find the training pictures an image resembles, and polish it for export.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageFilter

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.data.preprocess import to_model_range
from aigc_desktop.core.gan.models import (
    Discriminator,
    class_labels,
    discriminator_for,
    in_chunks,
    tell_strengths,
)
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.sampling.generation import LoadedGenerator, checkpoint_of, latents, to_pil

SPACES = ("pixel", "features")
# A generated image is a near-copy when it is closer to some training picture than this fraction of
# the typical (median) distance from a training picture to its nearest *other* one. Distinct real
# pictures of the same data set are rarely that close to each other, so an image that is has most
# likely been memorised rather than made up.
COPY_FACTOR = 0.5
_BATCH = 256


# Sentences for the user (translated in the window: see core/messages.py).


def load_discriminator(source: str | Path, device: str | torch.device = "cpu") -> Discriminator:
    """D of a run's newest checkpoint (or of a checkpoint file), in eval mode.

    Loaded with ``weights_only`` (see ``load_checkpoint``), so a foreign file cannot run code. Pass
    the generator's ``checkpoint`` to score images with the D it was trained against.
    """
    _, state, _ = checkpoint_of(Path(source), device)
    config = TrainConfig.from_dict(state["config"])
    classes = list(state.get("classes", []))
    d = discriminator_for(config, classes)
    d.load_state_dict(state["D"])
    tell_strengths(d, config, int(state.get("step", 0)))
    return d.to(device).eval()


@torch.no_grad()
def discriminator_scores(d: Discriminator, images: torch.Tensor, batch: int = _BATCH,
                         labels: torch.Tensor | None = None) -> np.ndarray:
    """D's logit per uint8 image (N, C, H, W): higher = more real. Only comparable within one D.

    A class-conditional D scores each image as a picture of its class in ``labels`` (by default
    every class in turn, as ``LoadedGenerator.generate`` makes them).
    """
    d.eval()  # BatchNorm's running statistics: an image's score must not depend on its batch-mates
    device = next(d.parameters()).device
    classes = class_labels(len(images), d.num_classes, labels)
    out = [d(to_model_range(chunk).to(device), y).float().cpu() for chunk, y in in_chunks(images, classes, batch)]
    return torch.cat(out).numpy() if out else np.zeros(0, np.float32)


def truncated_latents(n: int, z_dim: int, seed: int, psi: float = 1.0) -> torch.Tensor:
    """``generation.latents`` with the truncation ψ: kept as a name for what the Gallery calls it."""
    return latents(n, z_dim, seed, psi)


def keep_best(
    gen: LoadedGenerator, d: Discriminator, k: int, n: int, seed: int, psi: float = 1.0,
    label: int | None = None,
) -> list[tuple[int, float]]:
    """Generate ``n`` images and keep the ``k`` that D scores as most real (rejection sampling, simple form).

    ``label``: for a conditional model, make every image of that class; by default image i is of
    class i mod C.

    Returns:
        ``(latent_index, score)`` pairs, best first; the image is
        ``gen.generate(truncated_latents(n, z_dim, seed, psi)[latent_index])`` (of its class).
    """
    if not 1 <= k <= n:
        raise ValueError(f"Can only keep from 1 to {n} of {n} images (asked for {k}).")
    z = truncated_latents(n, gen.config.z_dim, seed, psi)
    classes = class_labels(n, gen.model.num_classes, label)
    # Chunks bound memory: only the scores of the images already made are kept.
    scores = np.concatenate([discriminator_scores(d, gen.generate(chunk, labels=y), labels=y)
                             for chunk, y in in_chunks(z, classes, _BATCH)])
    order = np.lexsort((np.arange(n), -scores))[:k]  # best first; ties keep the lower index
    return [(int(i), float(scores[i])) for i in order]


def embed(images: torch.Tensor, space: str = "pixel", d: Discriminator | None = None) -> torch.Tensor:
    """Vectors (N, dim) in which distances are measured: pixels in 0..1, or D's features.

    ``"features"`` are the activations before D's last convolution: what D looks at to decide, so
    two images that D sees as alike are close even if they are shifted by a pixel.
    """
    if space == "pixel":
        return images.flatten(1).float() / 255.0
    if space != "features" or d is None:
        raise ValueError(f"space must be one of {', '.join(SPACES)}, and 'features' needs the discriminator.")
    d.eval()
    device = next(d.parameters()).device
    with torch.no_grad():
        out = [d.net[:-1](to_model_range(c).to(device)).float().cpu().flatten(1) for c in images.split(_BATCH)]
    return torch.cat(out)


def nearest_training_images(
    image: torch.Tensor, dataset: CachedDataset, k: int = 5, space: str = "pixel", d: Discriminator | None = None
) -> list[tuple[int, float]]:
    """The ``k`` training pictures closest to ``image`` (C, H, W), as ``(index, distance)``, closest first.

    Distance is the root-mean-square difference per value (pixels in 0..1, or D features), so an
    identical picture is at exactly 0.
    """
    query = embed(image[None], space, d)
    train = embed(dataset.images, space, d)
    dist = _rms_distances(query, train)[0]
    k = min(k, len(train))
    order = np.lexsort((np.arange(len(dist)), dist))[:k]
    return [(int(i), float(dist[i])) for i in order]


def nearest_distances(
    images: torch.Tensor, dataset: CachedDataset, space: str = "pixel", d: Discriminator | None = None,
    train: torch.Tensor | None = None,
) -> np.ndarray:
    """For each image (N, C, H, W), its distance to the closest training picture.

    ``train``: ``embed(dataset.images, space, d)`` computed once by a caller that asks many times.
    """
    train = embed(dataset.images, space, d) if train is None else train
    return _rms_distances(embed(images, space, d), train).min(axis=1)


def copy_threshold(dataset: CachedDataset, space: str = "pixel", d: Discriminator | None = None) -> float:
    """``COPY_FACTOR`` × the median distance from a training picture to its nearest other one.

    Relative to the data, not a fixed number: pictures of one part on one table are all close in
    pixels, photos of varied scenes are far apart. With a single picture it is 0 (exact copies only).
    """
    train = embed(dataset.images, space, d)
    if len(train) < 2:
        return 0.0
    dist = _rms_distances(train, train)
    np.fill_diagonal(dist, np.inf)
    return float(COPY_FACTOR * np.median(dist.min(axis=1)))


def near_copy_flags(
    fake: torch.Tensor,
    dataset: CachedDataset,
    threshold: float | None = None,
    space: str = "pixel",
    d: Discriminator | None = None,
) -> list[bool]:
    """Per generated image (N, C, H, W): True if it is a near-copy of a training picture.

    Near-copy: its nearest training picture is at most ``threshold`` away, by default
    :func:`copy_threshold` (half the typical gap between distinct training pictures). Compute
    that once per data set and pass it in when flagging many batches.
    """
    if threshold is None:
        threshold = copy_threshold(dataset, space, d)
    return [bool(x <= threshold) for x in nearest_distances(fake, dataset, space, d)]


def postprocess(
    image: torch.Tensor, upscale: int = 1, sharpen: float = 0.0, channels: int | None = None
) -> Image.Image:
    """Polish a uint8 image (C, H, W) for export: grey or colour, enlarged, sharpened.

    Args:
        upscale: 1, 2 or 4; Lanczos, which keeps edges crisper than bilinear.
        sharpen: 0 (off) to 1 (strong) unsharp masking, applied after enlarging, where Lanczos softens.
        channels: 1 (grey), 3 (colour) or None (as generated).
    """
    if upscale not in (1, 2, 4):
        raise ValueError(f"Enlarge by 1, 2 or 4 (got {upscale!r}).")
    if not 0.0 <= sharpen <= 1.0:
        raise ValueError(f"Sharpening must be from 0 to 1 (got {sharpen!r}).")
    if channels not in (1, 3, None):
        raise ValueError(f"channels must be 1, 3 or None (got {channels!r}).")
    img = to_pil(image)
    if channels is not None:
        img = img.convert("L" if channels == 1 else "RGB")
    if upscale > 1:
        img = img.resize((img.width * upscale, img.height * upscale), Image.Resampling.LANCZOS)
    if sharpen > 0:
        # The radius follows the enlargement, so one source pixel's worth of detail is sharpened.
        img = img.filter(ImageFilter.UnsharpMask(radius=float(upscale), percent=round(200 * sharpen), threshold=0))
    return img


def _rms_distances(a: torch.Tensor, b: torch.Tensor) -> np.ndarray:
    """(len(a), len(b)) root-mean-square differences; exactly 0 for identical rows.

    |x|² + |y|² − 2x·y in float64 (float32 rounding would swamp a one-level pixel difference),
    in blocks so that memory stays bounded. The cost grows with len(a) × len(b).
    """
    out = np.empty((len(a), len(b)))
    for j in range(0, len(b), 4 * _BATCH):
        b64 = b[j : j + 4 * _BATCH].double()
        b_sq = (b64 * b64).sum(1)[None, :]
        for i in range(0, len(a), _BATCH):
            a64 = a[i : i + _BATCH].double()
            a_sq = (a64 * a64).sum(1)[:, None]
            d2 = a_sq + b_sq - 2.0 * a64 @ b64.T
            # Identical rows leave rounding noise far below 1e-12 of the norms: make them exactly 0,
            # while any real difference (one pixel by one level) stays.
            d2[d2 <= 1e-12 * (a_sq + b_sq)] = 0.0
            out[i : i + _BATCH, j : j + 4 * _BATCH] = (d2 / a.shape[1]).sqrt().numpy()
    return out
