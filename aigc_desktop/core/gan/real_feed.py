"""The real pictures of a run, batch by batch: where they live, in which order, with which extras.

The order is the whole of the data state a resumed run needs (``consumed``): epochs of a seeded
shuffle, cut into per-rank shards under torchrun, or, for a run by class on lopsided class folders,
epochs of weighted draws (core/data/balance.py) from a stream of their own.
"""

from __future__ import annotations

import torch
from torch.utils.data import DistributedSampler

from aigc_desktop.core.data.balance import class_shares, needs_balancing, picture_weights
from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.run.distributed import DistContext

# Caches up to this many values live on the GPU, so that a batch is one gather there.
ON_DEVICE_UP_TO = 1_500_000_000


class RealFeed:
    def __init__(self, dataset: CachedDataset, device: torch.device, dist: DistContext, seed: int,
                 by_class: bool, xflip: bool, memory_format: torch.memory_format,
                 kinds: torch.Tensor | None = None) -> None:
        images = dataset.images
        if device.type != "cpu" and images.numel() <= ON_DEVICE_UP_TO:
            images = images.to(device)
        elif device.type == "cuda":
            images = images.pin_memory()
        self.images, self.device, self.dist, self.seed = images, device, dist, seed
        self.labels = dataset.labels.to(images.device) if by_class else None
        self.xflip, self.memory_format = xflip, memory_format
        self.kinds = kinds.to(device) if kinds is not None else None
        self.batch_kinds: torch.Tensor | None = None  # the kinds of the last batch's pictures
        # One sampler for one or many processes: a seeded shuffle per epoch, cut into per-rank shards.
        self.sampler = DistributedSampler(range(len(dataset)), num_replicas=dist.world_size, rank=dist.rank,
                                          shuffle=True, seed=seed + 1)
        self.consumed = 0  # indices drawn so far on this rank: the whole data-order state
        self._order_epoch, self._order = -1, torch.empty(0, dtype=torch.int64)
        # Lopsided class folders are drawn by class; G is asked for the classes of the real batch, so
        # the class frequencies tell D nothing.
        counts = torch.bincount(dataset.labels, minlength=len(dataset.classes)).tolist()
        shares = class_shares(counts) if by_class and needs_balancing(counts) else None
        self.weights = (torch.tensor(picture_weights(dataset.labels.tolist(), shares), dtype=torch.float64)
                        if shares else None)

    def next_indices(self, n: int) -> torch.Tensor:
        """The next ``n`` pictures' indices: epochs concatenated as needed, so every picture is seen once
        per epoch even when the batch is larger than the set."""
        per_epoch = len(self.sampler)
        parts = []
        while n > 0:
            epoch, pos = divmod(self.consumed, per_epoch)
            take = min(n, per_epoch - pos)
            parts.append(self._epoch_order(epoch)[pos:pos + take])
            self.consumed += take
            n -= take
        return torch.cat(parts)

    def next_batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        """``n`` real pictures in the model's range, and their classes (None when not by class)."""
        idx = self.next_indices(n)
        labels = self.labels[idx.to(self.labels.device)].to(self.device) if self.labels is not None else None
        self.batch_kinds = self.kinds[idx.to(self.device)] if self.kinds is not None else None
        batch = self.images[idx.to(self.images.device)].to(self.device, non_blocking=True)
        # uint8 [0, 255] -> float [-1, 1] on the device: 4× less data to move than floats.
        real = batch.float().mul_(2.0 / 255.0).sub_(1.0)
        if self.xflip:
            mirror = torch.rand(len(real), 1, 1, 1, device=real.device) < 0.5
            real = torch.where(mirror, real.flip(-1), real)
        return real.contiguous(memory_format=self.memory_format), labels

    def _epoch_order(self, epoch: int) -> torch.Tensor:
        if epoch != self._order_epoch:
            if self.weights is None:
                self.sampler.set_epoch(epoch)
                order = torch.tensor(list(self.sampler), dtype=torch.int64)
            else:  # an epoch's worth of weighted draws, from a stream of its own: exact on resume
                draws = torch.Generator().manual_seed(self.seed + 1 + 7919 * epoch)
                everyone = torch.multinomial(self.weights, len(self.images), True, generator=draws)
                world = self.dist.world_size
                order = everyone[self.dist.rank:len(self.sampler) * world:world]
            self._order_epoch, self._order = epoch, order
        return self._order
