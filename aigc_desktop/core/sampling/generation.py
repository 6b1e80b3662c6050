"""Making images from a trained run: load its generator safely, draw latents from a seed, save PNGs."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from torchvision.utils import make_grid

from aigc_desktop import __version__
from aigc_desktop.core.data.file_names import readable
from aigc_desktop.core.data.preprocess import from_model_range
from aigc_desktop.core.errors import CheckpointError, ConfigError
from aigc_desktop.core.gan.models import Generator, class_labels, generator_for, in_chunks, tell_strengths
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.checkpoints import find_latest, load_checkpoint, step_of
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.run_folder import RunFolder

# Sentences for the user (translated in the window: see core/messages.py).
NO_CHECKPOINT_YET = "The run {run} has no checkpoint yet. Train it for a while first."
NONE_LOADS = "None of the {count} checkpoints of {run} can be loaded. The newest: {reason}"
NOT_BY_CLASS = ("This model was not trained by class, so it can't make pictures of one class. Train with "
                "conditional training on (pictures sorted into class folders) to choose a class.")
NO_SUCH_CLASS = "There is no class called '{name}'. This model's classes: {classes}."


@dataclass
class LoadedGenerator:
    model: Generator
    config: TrainConfig
    step: int
    checkpoint: Path
    is_ema: bool
    classes: list[str]
    warnings: list[Sentence] = field(default_factory=list)  # newer checkpoints refused on the way, in words

    @property
    def run_name(self) -> str:
        """The run folder's name as people read it (provenance, export file names, manifests)."""
        return readable(self.checkpoint.parent.parent.name)

    @property
    def conditional(self) -> bool:
        return self.model.num_classes > 0

    def labels_of(self, indices: Sequence[int], class_names: Sequence[str] | str = "") -> torch.Tensor | None:
        """The class index of each image (latent ``indices``) for a model trained by class: the named
        class (one name for all, or one per image), and where a name is "" the default, index mod C.
        None for a model not trained by class."""
        if not self.conditional:
            return None
        names = [class_names] * len(indices) if isinstance(class_names, str) else list(class_names)
        return torch.tensor([self.class_index(name) if name else int(i) % self.model.num_classes
                             for i, name in zip(indices, names, strict=True)], dtype=torch.int64)

    def require_classes(self) -> None:
        """A ConfigError in words unless the model was trained by class."""
        if not self.conditional:
            raise ConfigError(Sentence(NOT_BY_CLASS))

    def class_index(self, name: str) -> int:
        """The index of class ``name``; a ConfigError listing the classes when there is none of that name."""
        self.require_classes()
        if name not in self.classes:
            raise ConfigError(Sentence(NO_SUCH_CLASS, name=name, classes=", ".join(self.classes)))
        return self.classes.index(name)

    @torch.no_grad()
    def generate(self, z: torch.Tensor, labels: torch.Tensor | int | None = None) -> torch.Tensor:
        """uint8 images (N, C, H, W) on the CPU. ``labels``: the class of each image, or one class for
        all; by default every class in turn. Ignored by an unconditional model."""
        device = next(self.model.parameters()).device
        classes = class_labels(len(z), self.model.num_classes, labels)
        out = [self.model(chunk.to(device), y).float().cpu() for chunk, y in in_chunks(z, classes, 256)]
        return from_model_range(torch.cat(out))


def load_generator(source: str | Path, device: str | torch.device = "cpu", use_ema: bool = True) -> LoadedGenerator:
    """Load G from a run folder (its newest checkpoint) or from a checkpoint file."""
    source = Path(source)
    path, state, warnings = checkpoint_of(source, device)
    config = TrainConfig.from_dict(state["config"])
    # Class names as people read and type them: a run from before readable names may hold surrogate
    # escapes of a folder name in a legacy code page (the order, which is what G learnt, is kept).
    classes = [readable(name) for name in state.get("classes", [])]
    g = generator_for(config, classes)
    ema = state.get("G_ema")
    weights = ema["model"] if (use_ema and ema is not None) else state["G"]
    g.load_state_dict(weights)
    tell_strengths(g, config, int(state.get("step", 0)))  # as at the checkpoint's step
    g.to(device).eval()
    return LoadedGenerator(g, config, step_of(path), path, use_ema and ema is not None, classes, warnings)


def checkpoint_of(source: Path, device: str | torch.device = "cpu") -> tuple[Path, dict, list[Sentence]]:
    """The checkpoint of a run folder (its newest that loads) or a checkpoint file, loaded, and a
    sentence for each newer file of the folder that was refused, naming the one used instead."""
    if not source.is_dir():
        return source, load_checkpoint(source, map_location=device), []
    found = find_latest(RunFolder(source).checkpoints_dir, map_location=device)
    if found.path is None or found.state is None:
        if found.refused:
            raise CheckpointError(Sentence(NONE_LOADS, count=len(found.refused), run=str(source),
                                           reason=found.warnings()[0]))
        raise CheckpointError(Sentence(NO_CHECKPOINT_YET, run=str(source)))
    return found.path, found.state, found.warnings()


def latents(n: int, z_dim: int, seed: int, psi: float = 1.0) -> torch.Tensor:
    """Latent codes for a seed: row ``i`` is the same whatever ``n``, so (seed, index) names one image.

    Drawn on the CPU from their own generator, so devices and training don't change them. torch's CPU
    ``randn`` draws in blocks of 16 and redraws the last 16 values when the count is not a multiple
    of 16, which would make the last rows depend on ``n``: draw whole blocks and cut off the rest.
    ``psi`` < 1 is the truncation trick: codes pulled toward the mean for more typical, less varied
    images (ψ = 0: the average image for every seed).
    """
    if not 0.0 <= psi <= 1.0:
        raise ValueError(f"The truncation ψ must be from 0 to 1 (got {psi!r}).")
    size = n * z_dim
    padded = max(16, -(-size // 16) * 16)
    z = torch.randn(padded, generator=torch.Generator().manual_seed(seed))[:size].view(n, z_dim)
    return z if psi == 1.0 else z * psi


def grid_image(images: torch.Tensor) -> Image.Image:
    nrow = max(1, math.ceil(math.sqrt(len(images))))
    grid = make_grid(images, nrow=nrow, padding=2, pad_value=255).permute(1, 2, 0).numpy()
    return Image.fromarray(grid[..., 0] if images.shape[1] == 1 else grid)


def to_pil(image: torch.Tensor) -> Image.Image:
    arr = image.permute(1, 2, 0).numpy()
    return Image.fromarray(arr[..., 0] if arr.shape[-1] == 1 else arr)


def generate_to_folder(
    gen: LoadedGenerator, n: int, seed: int, out: str | Path,
    progress: Callable[[int, int], None] | None = None, psi: float = 1.0, label: int | None = None,
) -> list[Path]:
    """Write ``n`` PNGs (with their provenance in text chunks) and ``grid.png`` into ``out``.

    ``label``: for a conditional model, the class of every image; by default image i is of class
    i mod C. The class is in each PNG's provenance (``aigc:class``), so ``--like`` remakes it.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    z = latents(n, gen.config.z_dim, seed, psi)
    classes = class_labels(n, gen.model.num_classes, label)
    paths: list[Path] = []
    shown: list[torch.Tensor] = []
    for start in range(0, n, 256):
        chunk_classes = classes[start:start + 256] if classes is not None else None
        images = gen.generate(z[start:start + 256], labels=chunk_classes)
        for i, image in enumerate(images):
            index = start + i
            info = PngInfo()
            fields = {
                "aigc:run": gen.run_name, "aigc:step": gen.step, "aigc:seed": seed,
                "aigc:latent_index": index, "aigc:psi": psi, "aigc:ema": int(gen.is_ema),
                "aigc:version": __version__,
            }
            if chunk_classes is not None:
                fields["aigc:class"] = gen.classes[int(chunk_classes[i])]
            for key, value in fields.items():
                info.add_text(key, str(value))
            path = out / f"image-{seed}-{index:05d}.png"
            to_pil(image).save(path, pnginfo=info)
            paths.append(path)
        if len(shown) * 256 < 64:
            shown.append(images[:64])
        if progress:
            progress(min(start + 256, n), n)
    grid_image(torch.cat(shown)[:64]).save(out / "grid.png")
    return paths
