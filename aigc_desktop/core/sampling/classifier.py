"""A small image classifier that sorts pictures into named classes: the engine's way to count.

Trained on real pictures, it says what generated images show (which part type, which defect), so a
benchmark can count what a generator drops, and a usefulness report can ask whether a generated image
is of the class it was asked for. Plain torch, no Qt: uint8 images of shape (N, C, H, W), 16 to 128 px
square, integer labels in ``range(len(classes))``. A small CNN, shifts (and flips and blur where
asked), a fixed seed, class-weighted loss and early stopping on a stratified validation split. Cost,
measured on the build machine with one thread: about 3 ms per 32 px picture and epoch (3,400 pictures:
11 s an epoch; the demo census needs 9 epochs for part types, 20 for defects), four times that at 64 px.
"""

from __future__ import annotations

import io
import math
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.errors import CheckpointError, DataError

FORMAT = 1
KIND = "aigc-image-classifier"
SIDES = (16, 128)  # smallest and largest picture side the network is sized for
_FEATURE_SIDE = 8  # the network halves the picture until it is this small, then pools globally

ImageArray = np.ndarray | torch.Tensor


@dataclass(frozen=True)
class FitReport:
    """How training went. ``val_accuracy`` is the kept (best) epoch's mean recall over classes on the
    validation split: the accuracy, on a balanced set."""

    epochs: int
    best_epoch: int
    val_accuracy: float
    train_images: int
    val_images: int
    seconds: float


@dataclass(frozen=True)
class Scores:
    """Accuracy on a labelled set, recall per class (None for a class with no pictures in the set) and
    the confusion matrix (rows: true class)."""

    accuracy: float
    recall: dict[str, float | None]
    confusion: list[list[int]]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Net(nn.Module):
    """Pairs of 3x3 convolutions, halving the side down to 8 px, then average and max pooling.

    The pair at full size sees 5 x 5 px before the first halving: a scratch and a crack one pixel
    wide differ only there (one convolution at full size trains 30 % faster but confuses them more
    often). The maximum keeps a small local feature (a crack somewhere on the part) that an average
    over the whole picture would dilute.
    """

    def __init__(self, channels: int, side: int, num_classes: int, width: int) -> None:
        super().__init__()
        layers: list[nn.Module] = [*_conv(channels, width), *_conv(width, width)]
        c = width
        while side > _FEATURE_SIDE:
            side //= 2
            c_out = min(2 * c, 4 * width)
            layers += [nn.MaxPool2d(2), *_conv(c, c_out), *_conv(c_out, c_out)]
            c = c_out
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(2 * c, num_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f = self.features(x)
        return self.head(torch.cat([f.mean((2, 3)), f.amax((2, 3))], dim=1))


class ImageClassifier:
    """A trained classifier with the names of its classes and the picture shape it accepts.

    Make one with :meth:`fit` or :meth:`load`. ``info`` is free JSON-like metadata kept with the
    model (for example, its accuracy on held-out pictures).
    """

    def __init__(self, classes: Sequence[str], channels: int, side: int, width: int = 16,
                 info: dict[str, Any] | None = None) -> None:
        self.classes = _check_classes(classes)
        if channels not in (1, 3):
            raise DataError(f"Pictures must have 1 or 3 channels, not {channels}.")
        if not SIDES[0] <= side <= SIDES[1]:
            raise DataError(f"Pictures must be {SIDES[0]} to {SIDES[1]} px square, not {side} px.")
        self.channels, self.side, self.width = channels, side, width
        self.info: dict[str, Any] = dict(info or {})
        self.net = _Net(channels, side, len(self.classes), width).eval()

    # -- training ---------------------------------------------------------------------------
    @classmethod
    def fit(
        cls, images: ImageArray, labels: Sequence[int] | np.ndarray, classes: Sequence[str], *,
        width: int = 16, flips: bool = False, blur: float = 0.0, seed: int = 0, val_fraction: float = 0.15,
        max_epochs: int = 20, patience: int = 5, batch: int = 32, lr: float = 2e-3,
        device: str | torch.device = "cpu", progress: Callable[[int, float], None] | None = None,
    ) -> tuple[ImageClassifier, FitReport]:
        """Train on ``images`` (uint8, (N, C, H, W)) and ``labels``; keep the best epoch on validation.

        Args:
            flips: Also flip pictures at random (left-right and up-down). Only where a flipped
                picture keeps its class: parts seen from above yes, digits no.
            blur: Also soften half the pictures by a Gaussian blur of up to this sigma, in pixels.
                Generated pictures are often softer than real ones, and a classifier that never saw
                a soft picture sorts them by softness instead of by what they show (measured on the
                demo set: trained without blur, it called every part blurred by 0.5 px a hex nut).
            val_fraction: Share of each class held out to choose the epoch and stop early.
            patience: Stop after this many epochs without a better validation accuracy.
            progress: Called after each epoch with (epoch, validation accuracy as in FitReport).

        Raises:
            DataError: If the images or labels can't be used, with the reason.
        """
        x = _as_uint8_images(images)
        y = _check_labels(labels, len(x), len(_check_classes(classes)))
        train_idx, val_idx = _stratified_split(y, len(classes), val_fraction, seed)
        start = time.perf_counter()
        with torch.random.fork_rng(devices=[]):  # training draws must not move the caller's random stream
            torch.manual_seed(seed)
            model = cls(classes, x.shape[1], x.shape[2], width)
            model.net.to(device)
            report = model._train(x, y, train_idx, val_idx, (flips, blur), max_epochs, patience, batch, lr,
                                  seed, progress)
        return model, FitReport(report[0], report[1], report[2], len(train_idx), len(val_idx),
                                time.perf_counter() - start)

    def _train(self, x: torch.Tensor, y: torch.Tensor, train_idx: np.ndarray, val_idx: np.ndarray,
               augment: tuple[bool, float], max_epochs: int, patience: int, batch: int, lr: float, seed: int,
               progress: Callable[[int, float], None] | None) -> tuple[int, int, float]:
        device = next(self.net.parameters()).device
        opt = torch.optim.AdamW(self.net.parameters(), lr=lr, weight_decay=1e-4)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max_epochs)
        # Rare classes weigh more, so an unbalanced set does not teach "always say the common class".
        counts = torch.bincount(y[train_idx], minlength=len(self.classes)).clamp(min=1).float()
        weight = (counts.sum() / counts / len(self.classes)).to(device)
        order_rng = np.random.default_rng(seed)
        best = (-1.0, math.inf, 0)  # (accuracy, loss, epoch)
        best_state = _copy_state(self.net)
        epoch = gained = 0
        for epoch in range(1, max_epochs + 1):
            self.net.train()
            order = train_idx[order_rng.permutation(len(train_idx))]
            for start in range(0, len(order), batch):
                chunk = torch.from_numpy(order[start:start + batch])
                if len(chunk) < 2:  # BatchNorm can't learn from a batch of one
                    continue
                xb = _augment(_to_float(x[chunk].to(device)), *augment)
                loss = F.cross_entropy(self.net(xb), y[chunk].to(device), weight=weight)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
            sched.step()
            acc, val_loss = self._validate(x[val_idx], y[val_idx])
            if progress:
                progress(epoch, acc)
            # Keep the best (accuracy, then loss) epoch, but only a better accuracy buys more epochs:
            # once the accuracy stops rising, a slowly falling loss would train on for nothing.
            if acc > best[0]:
                gained = epoch
            if (acc, -val_loss) > (best[0], -best[1]):
                best, best_state = (acc, val_loss, epoch), _copy_state(self.net)
            if epoch - gained >= patience:
                break
        self.net.load_state_dict(best_state)
        self.net.eval()
        return epoch, best[2], best[0]

    @torch.no_grad()
    def _validate(self, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
        """Balanced accuracy (mean recall over classes: a rare class counts as much as a common one), loss."""
        logits = self._logits(x)
        hits = torch.zeros(len(self.classes)).index_add_(0, y, (logits.argmax(1) == y).float())
        recall = hits / torch.bincount(y, minlength=len(self.classes)).clamp(min=1)
        return float(recall.mean()), float(F.cross_entropy(logits, y))

    # -- use --------------------------------------------------------------------------------
    @torch.no_grad()
    def _logits(self, x: torch.Tensor, batch: int = 512) -> torch.Tensor:
        self.net.eval()
        device = next(self.net.parameters()).device
        out = [self.net(_to_float(chunk.to(device))).float().cpu() for chunk in x.split(batch)]
        return torch.cat(out) if out else torch.zeros(0, len(self.classes))

    def predict_proba(self, images: ImageArray) -> np.ndarray:
        """Probabilities (N, number of classes), float32, for uint8 images of the trained shape."""
        x = _as_uint8_images(images)
        if tuple(x.shape[1:]) != (self.channels, self.side, self.side):
            raise DataError(f"This classifier takes {self.channels}-channel {self.side} px pictures; "
                            f"got shape {tuple(x.shape[1:])} per picture.")
        return torch.softmax(self._logits(x), dim=1).numpy()

    def predict(self, images: ImageArray) -> np.ndarray:
        """The most probable class index for each image, int64 (N,)."""
        return self.predict_proba(images).argmax(axis=1).astype(np.int64)

    def score(self, images: ImageArray, labels: Sequence[int] | np.ndarray) -> Scores:
        """Accuracy, recall per class and confusion matrix on labelled pictures."""
        y = _check_labels(labels, len(_as_uint8_images(images)), len(self.classes)).numpy()
        pred = self.predict(images)
        k = len(self.classes)
        confusion = np.bincount(y * k + pred, minlength=k * k).reshape(k, k)
        rows = confusion.sum(axis=1)
        recall = {name: float(confusion[i, i] / rows[i]) if rows[i] else None
                  for i, name in enumerate(self.classes)}
        return Scores(float((pred == y).mean()), recall, confusion.tolist(), len(y))

    def shares(self, images: ImageArray) -> dict[str, float]:
        """The share of images put into each class (sums to 1)."""
        pred = self.predict(images)
        counts = np.bincount(pred, minlength=len(self.classes))
        return {name: float(c / max(1, len(pred))) for name, c in zip(self.classes, counts, strict=True)}

    # -- files ------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the classifier (weights, classes, shape, ``info``) atomically; load with :meth:`load`."""
        state = {"kind": KIND, "format": FORMAT, "classes": list(self.classes), "channels": self.channels,
                 "side": self.side, "width": self.width, "info": self.info,
                 "weights": {k: v.detach().cpu() for k, v in self.net.state_dict().items()}}
        buffer = io.BytesIO()
        torch.save(state, buffer)
        return atomic_write(path, lambda f: f.write(buffer.getbuffer()))

    @classmethod
    def load(cls, path: str | Path, device: str | torch.device = "cpu") -> ImageClassifier:
        """Load a saved classifier without running code from the file (``weights_only``).

        Raises:
            CheckpointError: If the file is missing, damaged or not a classifier of a known format.
        """
        path = Path(path)
        try:
            state = torch.load(path, map_location=device, weights_only=True)
        except FileNotFoundError as exc:
            raise CheckpointError(f"No classifier file at {path}.") from exc
        except (pickle.UnpicklingError, RuntimeError, EOFError, OSError, ValueError) as exc:
            raise CheckpointError(f"{path.name} is not a readable classifier file ({exc}).") from exc
        if not isinstance(state, dict) or state.get("kind") != KIND:
            raise CheckpointError(f"{path.name} is not a classifier file.")
        if state.get("format", FORMAT + 1) > FORMAT:
            raise CheckpointError(f"{path.name} was written by a newer version of this program.")
        model = cls(state["classes"], state["channels"], state["side"], state["width"], state["info"])
        model.net.load_state_dict(state["weights"])
        model.net.to(device).eval()
        return model


# -- helpers ------------------------------------------------------------------------------------
def _conv(c_in: int, c_out: int) -> list[nn.Module]:
    return [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True)]


def _check_classes(classes: Sequence[str]) -> list[str]:
    names = [str(c) for c in classes]
    if len(names) < 2:
        raise DataError(f"A classifier needs at least two classes, got {len(names)}.")
    if len(set(names)) != len(names) or not all(names):
        raise DataError(f"Class names must be distinct and not empty: {names}.")
    return names


def _as_uint8_images(images: ImageArray) -> torch.Tensor:
    x = torch.as_tensor(images)
    if x.dtype != torch.uint8 or x.ndim != 4:
        raise DataError(f"Images must be uint8 with shape (N, C, H, W); got {x.dtype} {tuple(x.shape)}.")
    if x.shape[2] != x.shape[3]:
        raise DataError(f"Images must be square; got {x.shape[2]} x {x.shape[3]} px.")
    return x


def _check_labels(labels: Sequence[int] | np.ndarray, n_images: int, n_classes: int) -> torch.Tensor:
    y = torch.as_tensor(np.asarray(labels))
    if y.ndim != 1 or (len(y) and y.dtype.is_floating_point) or y.dtype == torch.bool:
        raise DataError(f"Labels must be a flat list of class numbers; got {y.dtype} {tuple(y.shape)}.")
    if len(y) != n_images:
        raise DataError(f"There are {n_images} images but {len(y)} labels; they must match one to one.")
    y = y.long()
    if len(y) and (int(y.min()) < 0 or int(y.max()) >= n_classes):
        bad = int(y.min()) if int(y.min()) < 0 else int(y.max())
        raise DataError(f"Label {bad} is out of range: there are {n_classes} classes, numbered 0 to "
                        f"{n_classes - 1}.")
    return y


def _stratified_split(y: torch.Tensor, n_classes: int, val_fraction: float,
                      seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Hold out ``val_fraction`` of each class (at least one picture), shuffled by ``seed``."""
    if not 0.0 < val_fraction < 1.0:
        raise DataError(f"The validation share must be between 0 and 1, not {val_fraction}.")
    rng = np.random.default_rng(seed)
    labels = y.numpy()
    train, val = [], []
    for c in range(n_classes):
        idx = rng.permutation(np.flatnonzero(labels == c))
        if len(idx) < 2:
            raise DataError(f"Class number {c} has {len(idx)} picture(s); each class needs at least 2 "
                            "(one to learn from, one to check on).")
        k = min(len(idx) - 1, max(1, round(len(idx) * val_fraction)))
        val.append(idx[:k])
        train.append(idx[k:])
    return np.concatenate(train), np.concatenate(val)


def _to_float(x: torch.Tensor) -> torch.Tensor:
    return x.float().div_(127.5).sub_(1.0)


def _augment(x: torch.Tensor, flips: bool, blur: float) -> torch.Tensor:
    """Shift each picture by up to 1/16 of its side (edges repeated); flip and blur at random if asked."""
    n, _, side, _ = x.shape
    pad = max(1, side // 16)
    padded = F.pad(x, (pad, pad, pad, pad), mode="replicate")
    dx, dy = torch.randint(0, 2 * pad + 1, (2, n)).tolist()
    x = torch.stack([padded[i, :, dy[i]:dy[i] + side, dx[i]:dx[i] + side] for i in range(n)])
    if flips:
        # Drawn on the CPU, like the shifts: fit() seeds and restores only the CPU random stream.
        h, v = (torch.rand(2, n, 1, 1, 1) < 0.5).to(x.device)
        x = torch.where(h, x.flip(3), x)
        x = torch.where(v, x.flip(2), x)
    return _blur(x, blur) if blur > 0 else x


def _blur(x: torch.Tensor, max_sigma: float) -> torch.Tensor:
    """Blur half the pictures, each by its own Gaussian sigma up to ``max_sigma`` px (one grouped conv)."""
    n, c, h, w = x.shape
    sigma = torch.rand(n) * max_sigma * (torch.rand(n) < 0.5)
    radius = max(1, math.ceil(2 * max_sigma))
    t = torch.arange(-radius, radius + 1, dtype=torch.float32)
    kernel = torch.exp(-0.5 * (t / sigma.clamp(min=1e-3)[:, None]) ** 2)  # sigma ~ 0: the identity
    kernel = (kernel / kernel.sum(1, keepdim=True)).repeat_interleave(c, 0).to(x.device, x.dtype)
    y = F.pad(x.reshape(1, n * c, h, w), (radius,) * 4, mode="replicate")
    y = F.conv2d(y, kernel[:, None, None, :], groups=n * c)
    return F.conv2d(y, kernel[:, None, :, None], groups=n * c).reshape(n, c, h, w)


def _copy_state(net: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in net.state_dict().items()}
