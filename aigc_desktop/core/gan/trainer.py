"""The GAN trainer: models, optimisers and one training step. The loop around it is in training_loop.py.

Reads top to bottom: (0) a batch from the cached uint8 tensor, (1) update D, (2) update G, (3) EMA.
Everything a resumed run needs to continue exactly is in ``state_dict()``.

Under torchrun the same class trains with DistributedDataParallel: each rank draws its shard of every
epoch from a DistributedSampler, gradients are averaged across ranks, and ``config.batch`` is the
per-rank batch (the global batch is ``batch × world_size``).
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.data.preprocess import from_model_range
from aigc_desktop.core.data.symmetry import mirror_safe
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.gan.augment import AdaptiveStrength, diff_augment
from aigc_desktop.core.gan.decisions import decide
from aigc_desktop.core.gan.ema import EMA, PREVIEW_STALENESS
from aigc_desktop.core.gan.extra_terms import (
    REACH_EVERY,
    REACH_POOL,
    mode_seeking,
    nearest_candidates,
    reconstruction_error,
)
from aigc_desktop.core.gan.kinds import find_kinds, kind_shares
from aigc_desktop.core.gan.losses import (
    class_pull,
    d_loss_fake,
    d_loss_real,
    g_loss,
    gradient_penalty,
    real_score,
)
from aigc_desktop.core.gan.models import (
    class_labels,
    discriminator_for,
    generator_for,
    in_chunks,
    tell_strengths,
)
from aigc_desktop.core.gan.real_feed import RealFeed
from aigc_desktop.core.gan.trainer_state import restore_trainer, trainer_state
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.config import NEEDS_CLASSES, PATCH_GUESS_SHARE, TrainConfig
from aigc_desktop.core.run.devices import resolve_device
from aigc_desktop.core.run.distributed import SINGLE, DistContext, check_supported
from aigc_desktop.core.run.events import StepStats

R1_EVERY = 16  # lazy R1: the penalty every 16 steps, scaled by 16, costs a sixteenth and works as well


class Trainer:
    def __init__(self, config: TrainConfig, dataset: CachedDataset, device: torch.device | str | None = None,
                 dist: DistContext = SINGLE):
        config.validate()
        check_supported(dist, config.loss)
        # What the user asked for; the run's config (saved in every checkpoint) holds the decision.
        self.turning_asked = config.g_rotate
        config = decide(config, dataset)
        self.config = config
        self.dist = dist
        self.dataset = dataset
        if isinstance(device, torch.device):
            self.device = device
        else:  # "auto", "cpu", "cuda:0" or None for the config's choice: checked against this machine
            self.device = resolve_device(device or config.device)
        torch.manual_seed(config.seed)
        self.num_classes = config.class_count(dataset.classes)
        if config.conditional == "on" and not self.num_classes:
            raise ConfigError(Sentence(NEEDS_CLASSES, count=len(dataset.classes)))
        self.G = generator_for(config, dataset.classes)
        self.D = discriminator_for(config, dataset.classes)
        kinds = self._find_kinds()
        self.G.to(self.device)
        self.D.to(self.device)
        self.memory_format = torch.channels_last if config.channels_last else torch.contiguous_format
        self.G.to(memory_format=self.memory_format)
        self.D.to(memory_format=self.memory_format)
        self._setup_distributed()
        self.ema = EMA(self.G, config.ema_decay) if config.ema else None
        betas = (config.beta1, config.beta2)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=config.lr_g, betas=betas)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=config.lr_d, betas=betas)
        self.augment = config.use_diffaug(len(dataset))
        xflip = config.xflip == "on" or (config.xflip == "auto" and mirror_safe(dataset.images))
        # R1 needs the second derivative of D, which DistributedDataParallel cannot take
        # (torch.autograd.grad through it skips the gradient averaging), and WGAN-GP has its own penalty.
        self.r1_gamma = 0.0 if dist.enabled or config.loss == "wgan-gp" else config.r1_gamma
        # D's decoder is used on real pictures only, which DDP (every parameter in every pass) refuses.
        self.reconstruct = 0.0 if dist.enabled or self.D.decoder is None else config.d_reconstruct
        # The reconstruction's pass over real pictures has no guess: with it on, the guess would never
        # learn the real classes, so it is left out (both are D's extras for small sets; runs by class
        # use the guess).
        self.class_guess = 0.0 if self.D.guess is None or self.reconstruct > 0 else config.d_class_guess * (
            PATCH_GUESS_SHARE if self.D.guesses_from_patches else 1.0)
        self.kind_guess = 0.0 if self.D.kind_guess is None or self.reconstruct > 0 else config.d_kind_guess
        self.class_twin = config.d_class_twin if self.class_guess > 0 and self.D.twin is not None else 0.0
        self.ada = AdaptiveStrength(reduce=self._sum_over_ranks) if config.adaptive_augment else None
        self.batch = config.batch
        self.lr_scale = 1.0
        self.step_count = 0
        self.history: list[dict[str, Any]] = []
        self._setup_precision()
        self.feed = RealFeed(dataset, self.device, dist, config.seed, self.num_classes > 0, xflip,
                             self.memory_format, kinds)
        self._ips = 0.0
        self._tell_strengths()

    # -- setup ---------------------------------------------------------------------------------------
    def _find_kinds(self) -> torch.Tensor | None:
        """Each picture's kind (core/gan/kinds.py), and G told how often each kind occurs per class.
        Before the EMA copies G, so the averaged generator draws the kinds alike."""
        if not self.config.kinds:
            return None
        kinds = find_kinds(self.dataset.images, self.config.kinds, self.config.seed, self.config.kind_look)
        with torch.no_grad():
            self.G.kind_shares.copy_(kind_shares(kinds, self.dataset.labels, self.num_classes, self.config.kinds))
        return kinds

    def _setup_distributed(self) -> None:
        # G_train/D_train are what the step calls; G/D stay the plain modules that checkpoints save,
        # so a cluster checkpoint has exactly the format of a desktop one.
        self.G_train: nn.Module = self.G
        self.D_train: nn.Module = self.D
        if not self.dist.enabled:
            return
        from torch.nn.parallel import DistributedDataParallel as DDP

        cuda = self.device.type == "cuda"
        if cuda:
            # With a few images per GPU, per-rank BatchNorm statistics get noisy: share them.
            self.G = nn.SyncBatchNorm.convert_sync_batchnorm(self.G)
            self.D = nn.SyncBatchNorm.convert_sync_batchnorm(self.D)
        ids = [self.device.index] if cuda else None
        self.G_train = DDP(self.G, device_ids=ids)  # DDP broadcasts rank 0's initial weights
        self.D_train = DDP(self.D, device_ids=ids)
        # Same weights everywhere, different noise and augmentation on each rank.
        torch.manual_seed(self.config.seed + 1_000_003 * self.dist.rank)

    def _setup_precision(self) -> None:
        amp = self.config.amp if self.device.type == "cuda" else "off"
        self.amp_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(amp)
        # bf16 has fp32's range and needs no loss scaling; fp16 does.
        self.scaler = torch.amp.GradScaler("cuda", enabled=amp == "fp16")

    def _autocast(self) -> contextlib.AbstractContextManager:
        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.amp_dtype)

    # -- data ----------------------------------------------------------------------------------------
    @property
    def xflip(self) -> bool:
        """Whether real pictures are shown mirrored half of the time."""
        return self.feed.xflip

    @property
    def picture_kinds(self) -> torch.Tensor | None:
        """Each training picture's kind (core/gan/kinds.py), None without kinds."""
        return self.feed.kinds.cpu() if self.feed.kinds is not None else None

    def next_real_batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        """``n`` real pictures in the model's range, and their classes (None when unconditional)."""
        return self.feed.next_batch(n)

    # -- one step ------------------------------------------------------------------------------------
    def step(self) -> StepStats:
        """One D update and one G update. Returns the step's losses and D's verdicts."""
        t0 = time.perf_counter()
        cfg, b = self.config, self.batch
        self.G.train()
        self.D.train()
        p = self.ada.p if self.ada is not None else 1.0
        aug = (lambda x: diff_augment(x, p=p)) if self.augment else (lambda x: x)

        # (0) data and noise
        real, real_labels = self.next_real_batch(b)
        z = torch.randn(b, cfg.z_dim, device=self.device)
        fake_labels = real_labels  # G makes a picture of each real picture's class
        real_kinds = self.feed.batch_kinds
        fake_kinds = self.G.kind_of(z, fake_labels) if self.G.kinds else None
        # the kinds D judges the pictures with (d_kind_project); None where it judges without
        real_judged, fake_judged = (real_kinds, fake_kinds) if self.D.kind_embed is not None else (None, None)

        # (1) update D: real images up, generated images down. One backward per forward: that is what
        # DistributedDataParallel needs, and it frees each graph as soon as it is used.
        self.opt_d.zero_grad(set_to_none=True)
        with self._autocast():
            if self.reconstruct > 0:
                seen = aug(real)
                real_logits, decoded = self.D.forward_and_reconstruct(seen, real_labels, real_judged)
                real_logits = real_logits.float()
                loss_real = d_loss_real(cfg.loss, real_logits) + self.reconstruct * reconstruction_error(
                    decoded.float(), seen.float())
            else:
                real_logits, guess, kind = self._judge(self.D_train, aug(real), real_labels, real_judged)
                loss_real = d_loss_real(cfg.loss, real_logits)
                if guess is not None:
                    loss_real = loss_real + self.class_guess * F.cross_entropy(self._guess(guess), real_labels)
                if kind is not None and real_kinds is not None:
                    # only the pictures of the set have a kind (fine-tuning adds liked images after them)
                    loss_real = loss_real + self.kind_guess * F.cross_entropy(kind[:len(real_kinds)], real_kinds)
        self.scaler.scale(loss_real).backward()
        if self.r1_gamma > 0 and self.step_count % R1_EVERY == 0:
            self.scaler.scale(self._r1_penalty(aug(real), real_labels, real_judged)).backward()
        with self._autocast():
            fake = self.G_train(z, fake_labels)
            fake_logits, *unused = self._judge(self.D_train, aug(fake.detach()), fake_labels, fake_judged)
            loss_fake = d_loss_fake(cfg.loss, fake_logits)
            if self.class_twin > 0 and unused[0] is not None:
                loss_fake = loss_fake + self.class_guess * self.class_twin * F.cross_entropy(
                    self._twin(unused[0]), fake_labels)
            for head in unused:
                # D learns classes and kinds from real pictures only; the guesses join the loss at weight 0
                # because DistributedDataParallel wants every parameter of a pass to get a gradient.
                if head is not None:
                    loss_fake = loss_fake + 0.0 * head.sum()
        if cfg.loss == "wgan-gp":
            # in fp32, outside autocast: the penalty's second derivatives are sensitive to precision.
            # Real and fake share their classes, so each mixed picture has one.
            critic = self.D if real_labels is None else (lambda x: self.D(x, real_labels))
            loss_fake = loss_fake + cfg.gp_weight * gradient_penalty(critic, real, fake.detach().float())
        self.scaler.scale(loss_fake).backward()
        self.scaler.step(self.opt_d)
        loss_d = loss_real.detach() + loss_fake.detach()

        # (2) update G: make D call the generated images real. D's weights are frozen meanwhile, which
        # skips computing gradients nobody uses (about a third of D's backward pass); the plain D
        # module is called so no gradient synchronisation is set up for it.
        self.D.requires_grad_(False)
        with self._autocast():
            fake_logits_g, guess, kind = self._judge(self.D, aug(fake), fake_labels, fake_judged)
            loss_g = g_loss(cfg.loss, fake_logits_g)
            if guess is not None:
                # as much as G is told the class: before the fade it cannot know which to draw
                pull = class_pull(self._guess(guess), fake_labels, cfg.d_class_margin)
                if self.class_twin > 0:
                    pull = pull - self.class_twin * F.cross_entropy(self._twin(guess), fake_labels)
                loss_g = loss_g + self.class_guess * self.G.class_strength * pull
            if kind is not None and fake_kinds is not None and self.kind_guess > 0:
                loss_g = loss_g + self.kind_guess * self.G.kind_strength * F.cross_entropy(kind, fake_kinds)
            if cfg.mode_seeking > 0:
                loss_g = loss_g + cfg.mode_seeking * mode_seeking(fake.float(), z, fake_labels)
        self.opt_g.zero_grad(set_to_none=True)
        self.scaler.scale(loss_g).backward()
        self.scaler.step(self.opt_g)
        self.scaler.update()
        self.D.requires_grad_(True)

        if cfg.reach > 0 and self.step_count % REACH_EVERY == 0:
            self._reach_step(real, real_labels)

        # (3) the averaged generator used for samples
        if self.ema is not None:
            self.ema.update(self.G)

        # One device sync per step reads all four numbers at once (also needed to spot a NaN early).
        values = torch.stack([
            loss_d, loss_g.detach(),
            real_score(cfg.loss, real_logits.detach()), real_score(cfg.loss, fake_logits.detach()),
            torch.sign(real_logits.detach()).sum(),
        ]).tolist()
        if self.ada is not None:
            self.ada.observe(values.pop(), real_logits.numel())
        else:
            values.pop()
        self.step_count += 1
        self._tell_strengths()  # for the next step, and for pictures made of this one
        dt = max(time.perf_counter() - t0, 1e-9)
        self._ips = b / dt if self._ips == 0 else 0.9 * self._ips + 0.1 * (b / dt)
        return StepStats(self.step_count, *values, images_per_s=self._ips, batch=b)

    def _reach_step(self, real: torch.Tensor, labels: torch.Tensor | None) -> None:
        """IMLE's update (Li & Malik 2018; with a GAN as in Inclusive GAN, Yu et al. 2020): each real
        picture pulls its nearest generated candidate towards itself (L1 at full size), so no picture is
        left without a look-alike. D alone can't do this: a generator that draws every hex nut as a
        round part is only slightly less real to D, never told which pictures it misses. A G update of
        its own, scaled by REACH_EVERY as it comes that much less often (one forward and one backward
        per update, which DistributedDataParallel needs)."""
        cfg = self.config
        pool_z = torch.randn(len(real) * REACH_POOL, cfg.z_dim, device=self.device)
        pool_labels = labels.repeat(REACH_POOL) if labels is not None else None
        with torch.no_grad(), self._autocast():
            candidates = self.G(pool_z, pool_labels)
        nearest = nearest_candidates(real, candidates, labels, pool_labels)
        with self._autocast():
            pulled = self.G_train(pool_z[nearest], labels)
            loss = (pulled.float() - real.float()).abs().mean() * (cfg.reach * REACH_EVERY)
        self.opt_g.zero_grad(set_to_none=True)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.opt_g)
        self.scaler.update()

    def _tell_strengths(self) -> None:
        """Transitional training: G, its average and D told as much of the class and kind as this step allows."""
        if self.num_classes or self.G.kinds:
            for model in (self.G, self.D):
                tell_strengths(model, self.config, self.step_count)
            if self.ema is not None:
                self.ema.update_strengths(self.G.class_strength, self.G.kind_strength)

    def _judge(self, d: nn.Module, x: torch.Tensor, labels: torch.Tensor | None,
               kinds: torch.Tensor | None = None,
               ) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor | None]:
        """D's logits (of the pictures with ``kinds`` where D judges kinds), and its guesses of each
        picture's class and kind where the run uses them (else None), in fp32."""
        if self.class_guess > 0 or self.kind_guess > 0:
            logits, guess, kind = d(x, labels, guess=True, kinds=kinds)
            return (logits.float(), guess.float() if self.class_guess > 0 else None,
                    kind.float() if self.kind_guess > 0 else None)
        return d(x, labels, kinds=kinds).float(), None, None

    def _guess(self, classes: torch.Tensor) -> torch.Tensor:
        return classes[:, :self.num_classes]

    def _twin(self, classes: torch.Tensor) -> torch.Tensor:
        return classes[:, self.num_classes:]

    def _r1_penalty(self, real: torch.Tensor, labels: torch.Tensor | None,
                    kinds: torch.Tensor | None = None) -> torch.Tensor:
        """γ/2·E‖∇D(x)‖² on real pictures, times R1_EVERY because it is applied that much less often
        (lazy regularisation, StyleGAN2). In fp32: second derivatives are sensitive to precision."""
        x = real.detach().float().requires_grad_(True)
        (grad,) = torch.autograd.grad(self.D_train(x, labels, kinds=kinds).sum(), x, create_graph=True)
        return grad.pow(2).flatten(1).sum(1).mean() * (self.r1_gamma / 2 * R1_EVERY)

    def _sum_over_ranks(self, signs: float, count: int) -> tuple[float, int]:
        if not self.dist.enabled:
            return signs, count
        totals = torch.tensor([signs, float(count)], device=self.device, dtype=torch.float64)
        torch.distributed.all_reduce(totals)
        return float(totals[0]), int(totals[1])

    # -- sampling ------------------------------------------------------------------------------------
    @property
    def sampler(self) -> nn.Module:
        """The generator used for images people see: the EMA copy (with its own BatchNorm statistics)."""
        return self.ema.model if self.ema is not None else self.G

    @torch.no_grad()
    def generate(self, z: torch.Tensor, preview: bool = False,
                 labels: torch.Tensor | int | None = None) -> torch.Tensor:
        """uint8 images (N, C, H, W) on the CPU for latent codes ``z``.

        ``labels``: for a conditional run, the class of each image, or one class for all; by default
        every class in turn (``models.class_labels``). ``preview``: for the live preview only, which may use
        the EMA's BatchNorm statistics of a few steps ago (``ema.PREVIEW_STALENESS``) rather than pay
        for new ones every few seconds.
        """
        g = self.G if self.ema is None else self.ema.current(PREVIEW_STALENESS if preview else 0)
        was_training = g.training
        g.eval()
        classes = class_labels(len(z), self.num_classes, labels)
        out = torch.cat([g(chunk.to(self.device), y).float().cpu() for chunk, y in in_chunks(z, classes, 256)])
        g.train(was_training)
        return from_model_range(out)

    # -- recovery ------------------------------------------------------------------------------------
    def scale_learning_rate(self, factor: float) -> None:
        self.lr_scale *= factor
        for opt, base in ((self.opt_g, self.config.lr_g), (self.opt_d, self.config.lr_d)):
            for group in opt.param_groups:
                group["lr"] = base * self.lr_scale

    # -- state ---------------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue this run exactly, as plain tensors and numbers."""
        return trainer_state(self)

    def load_state_dict(self, state: dict[str, Any]) -> None:
        restore_trainer(self, state)
        self._tell_strengths()
