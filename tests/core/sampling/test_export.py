"""Exporting with provenance, and making an exported picture again from its provenance alone."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop import __version__
from aigc_desktop.core.errors import CheckpointError
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.curation import postprocess, truncated_latents
from aigc_desktop.core.sampling.export import (
    export_images,
    provenance,
    read_provenance,
    regenerate,
    save_png_with_provenance,
)
from aigc_desktop.core.sampling.generation import generate_to_folder, load_generator


@pytest.fixture
def run(tiny_dataset_run: Path) -> Path:
    """The session's run trained on ``tiny_dataset()`` (tests/core/conftest.py), read only."""
    return tiny_dataset_run


def pixels(png: Path | bytes) -> torch.Tensor:
    """A PNG's pixels as uint8 (C, H, W)."""
    import io

    with Image.open(io.BytesIO(png) if isinstance(png, bytes) else png) as im:
        arr = np.array(im)
    return torch.from_numpy(arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1).copy())


def curated(run: Path, step: int, ema: bool, seed: int, psi: float, pick: list[int], **post) -> list:
    """What the Generate tab does: make a batch, keep some, polish them, pair each with its provenance."""
    gen = load_generator(RunFolder(run).checkpoints_dir / f"ckpt-{step:08d}.pt", use_ema=ema)
    images = gen.generate(truncated_latents(20, gen.config.z_dim, seed, psi))
    return [(postprocess(images[i], **post) if post else images[i],
             provenance(run.name, step, seed, i, psi, ema, __version__, **post)) for i in pick]


def test_provenance_fields_are_prefixed_strings_and_survive_a_png(tmp_path):
    prov = provenance("parts", 4000, 7, 12, 0.7, True, "9.9")
    assert all(k.startswith("aigc:") and isinstance(v, str) for k, v in prov.items())
    assert prov["aigc:psi"] == "0.7" and prov["aigc:ema"] == "1" and prov["aigc:step"] == "4000"
    path = save_png_with_provenance(Image.new("RGB", (4, 4)), tmp_path / "a.png", prov)
    assert read_provenance(path) == prov and read_provenance(path.read_bytes()) == prov
    Image.new("L", (4, 4)).save(tmp_path / "plain.png")
    assert read_provenance(tmp_path / "plain.png") == {}


def test_export_to_a_folder_never_overwrites_and_regenerates_identical_pixels(run, tmp_path):
    items = curated(run, 40, True, seed=5, psi=1.0, pick=[3, 11])
    names = export_images(items, tmp_path / "out")
    assert names == ["tiny-step40-seed5-00003.png", "tiny-step40-seed5-00011.png"]
    again = export_images(items[:1], tmp_path / "out")
    assert again == ["tiny-step40-seed5-00003-2.png"]
    for name, (image, prov) in zip(names, items, strict=True):
        path = tmp_path / "out" / name
        assert read_provenance(path) == prov
        assert torch.equal(pixels(path), image)
        assert torch.equal(regenerate(run, read_provenance(path)), pixels(path))


def test_zip_export_with_truncation_an_older_step_and_no_ema(run, tmp_path):
    items = curated(run, 20, False, seed=2, psi=0.7, pick=[0, 19])
    (tmp_path / "exports.zip").write_bytes(b"an older export")
    names = export_images(items, tmp_path / "exports.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports.zip"]  # replaced, no temporary left
    with zipfile.ZipFile(tmp_path / "exports.zip") as archive:
        assert archive.namelist() == names == ["tiny-step20-seed2-00000-psi0.7.png", "tiny-step20-seed2-00019-psi0.7.png"]
        for name in names:
            data = archive.read(name)
            prov = read_provenance(data)
            assert prov["aigc:psi"] == "0.7" and prov["aigc:ema"] == "0" and prov["aigc:step"] == "20"
            assert torch.equal(regenerate(run, prov), pixels(data))
            # The flags matter: the other generator, or plain latents, give other pixels.
            assert not torch.equal(regenerate(run, {**prov, "aigc:ema": "1"}), pixels(data))
            assert not torch.equal(regenerate(run, {**prov, "aigc:psi": "1.0"}), pixels(data))


def test_postprocessed_exports_are_made_again_with_their_polish(run, tmp_path):
    items = curated(run, 40, True, seed=1, psi=0.9, pick=[4], upscale=2, sharpen=0.5, channels=1)
    [name] = export_images(items, tmp_path / "out")
    path = tmp_path / "out" / name
    assert pixels(path).shape == (1, 32, 32)
    assert torch.equal(regenerate(run, read_provenance(path)), pixels(path))
    assert regenerate(run, read_provenance(path), apply_postprocess=False).shape == (3, 16, 16)


def test_images_from_generate_to_folder_can_be_made_again(run, tmp_path):
    paths = generate_to_folder(load_generator(run), 4, seed=9, out=tmp_path)  # 4 × z_dim 8: whole blocks
    checkpoint = RunFolder(run).checkpoints_dir / "ckpt-00000040.pt"
    for path in paths:
        assert torch.equal(regenerate(checkpoint, read_provenance(path)), pixels(path))


def test_the_last_image_of_an_odd_sized_generate_to_folder_batch_can_be_made_again(run, tmp_path):
    *_, last = generate_to_folder(load_generator(run), 3, seed=9, out=tmp_path)  # 3 × 8 = 24 values
    assert torch.equal(regenerate(run, read_provenance(last)), pixels(last))


def test_regenerate_explains_what_is_missing(run, tmp_path, tiny_config, tiny_dataset):
    prov = provenance("tiny", 40, 0, 0)
    with pytest.raises(CheckpointError, match="no longer has the checkpoint of step 5"):
        regenerate(run, {**prov, "aigc:step": "5"})
    with pytest.raises(CheckpointError, match="another step"):
        regenerate(RunFolder(run).checkpoints_dir / "ckpt-00000020.pt", prov)
    with pytest.raises(ValueError, match="provenance"):
        regenerate(run, {"aigc:run": "tiny"})
    no_ema = tmp_path / "no-ema"
    TrainingLoop(Trainer(tiny_config(steps=2, ema=False), tiny_dataset()), RunFolder(no_ema)).run()
    with pytest.raises(CheckpointError, match="EMA"):
        regenerate(no_ema, provenance("no-ema", 2, 0, 0, ema=True))


def test_latent_rows_do_not_depend_on_how_many_are_drawn():
    from aigc_desktop.core.sampling.generation import latents

    for z_dim in (8, 100, 128):
        many = latents(37, z_dim, seed=4)
        for n in (1, 3, 5, 36):
            assert torch.equal(latents(n, z_dim, seed=4), many[:n])
