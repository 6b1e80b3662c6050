"""Exporting images with their provenance, and recreating an exported image from it.

Every exported PNG carries text chunks (keys prefixed ``aigc:``) naming the run, the checkpoint's
step, the seed, the latent's index, the truncation ψ, whether the EMA generator made it, the
post-processing and the app version. Those fields are enough to make the same pixels again
(:func:`regenerate`) as long as the run still has that step's checkpoint.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import numpy as np
import torch
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from aigc_desktop import __version__
from aigc_desktop.core.atomic import atomic_write
from aigc_desktop.core.data.file_names import readable
from aigc_desktop.core.errors import CheckpointError
from aigc_desktop.core.run.checkpoints import step_of
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.sampling.curation import postprocess, truncated_latents
from aigc_desktop.core.sampling.generation import load_generator, to_pil

PREFIX = "aigc:"
ImageLike = Image.Image | torch.Tensor


def provenance(
    run_name: str,
    step: int,
    seed: int,
    latent_index: int,
    psi: float = 1.0,
    ema: bool = True,
    app_version: str = __version__,
    *,
    upscale: int = 1,
    sharpen: float = 0.0,
    channels: int | None = None,
) -> dict[str, str]:
    """The text chunks for one image. The last three record ``curation.postprocess`` settings."""
    return {
        "aigc:run": readable(run_name),  # a text chunk must be encodable: never surrogate escapes
        "aigc:step": str(int(step)),
        "aigc:seed": str(int(seed)),
        "aigc:latent_index": str(int(latent_index)),
        "aigc:psi": repr(float(psi)),  # repr round-trips a float exactly; the latent depends on it
        "aigc:ema": "1" if ema else "0",
        "aigc:version": app_version,
        "aigc:upscale": str(int(upscale)),
        "aigc:sharpen": repr(float(sharpen)),
        "aigc:channels": "" if channels is None else str(int(channels)),
    }


def save_png_with_provenance(img: Image.Image, path: str | Path, prov: dict[str, str]) -> Path:
    """Write ``img`` as a PNG with ``prov`` as text chunks, atomically (no half-written file on a crash)."""
    return atomic_write(path, lambda f: write_png(img, f, prov))


def read_provenance(source: str | Path | bytes | BinaryIO) -> dict[str, str]:
    """The ``aigc:`` text chunks of a PNG (a path, its bytes or an open file); {} if it has none."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    with Image.open(source) as im:
        text = getattr(im, "text", {})  # only PNGs have text chunks
        return {k: str(v) for k, v in text.items() if k.startswith(PREFIX)}


def export_images(
    items: Iterable[tuple[ImageLike, dict[str, str]]],
    target: str | Path,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Write ``(image, provenance)`` pairs as PNGs into a folder, or into a zip if ``target`` ends in ``.zip``.

    Names come from the provenance (run, step, seed, index, ψ). A folder's existing files are never
    overwritten (a ``-2``, ``-3`` … suffix is added instead); a zip is built in a temporary file and
    renamed over ``target``, so it is either complete or not there.

    Returns:
        The file names written, in the order of ``items``.
    """
    items = list(items)
    target = Path(target)
    to_zip = target.suffix.lower() == ".zip"
    if not to_zip:
        target.mkdir(parents=True, exist_ok=True)
    taken = set() if to_zip else {p.name.lower() for p in target.iterdir()}
    names: list[str] = []
    for _, prov in items:
        names.append(_unique(_file_name(prov), taken))

    if to_zip:

        def write_zip(f: BinaryIO) -> None:
            # PNGs are already compressed: store them, deflating again only costs time.
            with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as archive:
                for done, ((image, prov), name) in enumerate(zip(items, names, strict=True), start=1):
                    buffer = io.BytesIO()
                    write_png(_as_pil(image), buffer, prov)
                    archive.writestr(name, buffer.getvalue())
                    if progress:
                        progress(done, len(items))

        atomic_write(target, write_zip)
    else:
        for done, ((image, prov), name) in enumerate(zip(items, names, strict=True), start=1):
            save_png_with_provenance(_as_pil(image), target / name, prov)
            if progress:
                progress(done, len(items))
    return names


def regenerate(
    run_or_checkpoint: str | Path, prov: dict[str, str], device: str = "cpu", apply_postprocess: bool = True
) -> torch.Tensor:
    """Make an exported image again from its provenance: uint8 (C, H, W).

    Uses the checkpoint of the recorded step (from the run's ``checkpoints`` folder, or the file given),
    the EMA generator if and only if the provenance says so, and the same latent (seed, index, ψ).
    The pixels are identical on the same kind of device, but for a rare pixel one level apart where the
    picture was first made in a batch of another size and a sum rounds the other way; a GPU and a CPU
    may differ by one level in a few pixels. With ``apply_postprocess``, the recorded
    enlargement/sharpening is redone too.

    Raises:
        ValueError: If ``prov`` lacks a field (the image was not made by AIGC Desktop).
        CheckpointError: If the checkpoint is gone (runs keep only their newest few) or lacks EMA weights.
    """
    try:
        step, seed, index = (int(prov[f"aigc:{k}"]) for k in ("step", "seed", "latent_index"))
        psi = float(prov.get("aigc:psi", "1.0"))
        ema = prov.get("aigc:ema", "1") == "1"
        upscale, sharpen = int(prov.get("aigc:upscale", "1")), float(prov.get("aigc:sharpen", "0.0"))
        channels = int(prov["aigc:channels"]) if prov.get("aigc:channels") else None
    except (KeyError, ValueError) as exc:
        raise ValueError(f"This picture's provenance is missing or damaged ({exc}); it can't be made again.") from exc
    source = Path(run_or_checkpoint)
    if source.is_dir():
        path = RunFolder(source).checkpoint_path(step)
        if not path.is_file():
            raise CheckpointError(
                f"The run {source.name} no longer has the checkpoint of step {step:,} (a run keeps only its "
                "newest few), so this picture can't be made again."
            )
    else:
        path = source
        if step_of(path) != step:
            raise CheckpointError(f"This picture was made at step {step:,}, but {path.name} is another step.")
    gen = load_generator(path, device=device, use_ema=ema)
    if gen.is_ema != ema:
        raise CheckpointError(f"{path.name} has no averaged (EMA) generator, which made this picture.")
    z = truncated_latents(index + 1, gen.config.z_dim, seed, psi)[index:]
    # The recorded class; a picture from before classes had the default one (labels_of).
    image = gen.generate(z, labels=gen.labels_of([index], prov.get("aigc:class", "")))[0]
    if apply_postprocess and (upscale, sharpen, channels) != (1, 0.0, None):
        arr = np.array(postprocess(image, upscale, sharpen, channels))  # a copy: PIL's buffer is read-only
        image = torch.from_numpy(arr[None] if arr.ndim == 2 else np.ascontiguousarray(arr.transpose(2, 0, 1)))
    return image


def write_png(img: Image.Image, f: BinaryIO, prov: dict[str, str]) -> None:
    info = PngInfo()
    for key, value in prov.items():
        info.add_text(key, str(value))
    img.save(f, format="PNG", pnginfo=info)


def _as_pil(image: ImageLike) -> Image.Image:
    return image if isinstance(image, Image.Image) else to_pil(image)


def _file_name(prov: dict[str, str]) -> str:
    parts = [prov.get("aigc:run", "image"), f"step{prov.get('aigc:step', '0')}",
             f"seed{prov.get('aigc:seed', '0')}", prov.get("aigc:latent_index", "0").zfill(5)]
    psi = prov.get("aigc:psi", "1.0")
    if float(psi) != 1.0:
        parts.append(f"psi{psi}")
    # Only characters every file system and zip tool accepts.
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(parts)) + ".png"


def _unique(name: str, taken: set[str]) -> str:
    stem, n, candidate = name[:-4], 2, name
    while candidate.lower() in taken:  # lower(): Windows and macOS names ignore case
        candidate, n = f"{stem}-{n}.png", n + 1
    taken.add(candidate.lower())
    return candidate
