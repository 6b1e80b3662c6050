"""Latent walks between two images, and saving them as an animated GIF or PNG frames."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.sampling.interpolation import interpolate, write_frames, write_gif


def test_both_methods_start_and_end_exactly_at_the_two_latents():
    g = torch.Generator().manual_seed(0)
    z0, z1 = torch.randn(16, generator=g), torch.randn(16, generator=g)
    for method in ("slerp", "lerp"):
        walk = interpolate(z0, z1, 7, method)
        assert walk.shape == (7, 16) and walk.dtype == z0.dtype
        assert torch.equal(walk[0], z0) and torch.equal(walk[-1], z1)
    lerp = interpolate(z0, z1, 3, "lerp")
    assert torch.allclose(lerp[1], (z0 + z1) / 2, atol=1e-6)


def test_slerp_keeps_the_length_of_latents_where_lerp_shrinks_it():
    # Two codes of the same length at right angles: the straight line's middle is 1/√2 as long.
    z0, z1 = torch.zeros(8), torch.zeros(8)
    z0[0], z1[1] = 3.0, 3.0
    slerp = interpolate(z0, z1, 5, "slerp").norm(dim=1)
    lerp = interpolate(z0, z1, 5, "lerp").norm(dim=1)
    assert torch.allclose(slerp, torch.full((5,), 3.0), atol=1e-5)
    assert lerp[2] == pytest.approx(3.0 / 2**0.5, abs=1e-5)
    # The middle of the arc points halfway between the two directions.
    mid = interpolate(z0, z1, 3, "slerp")[1]
    assert mid[0] == pytest.approx(mid[1]) and mid[0] > 0


def test_degenerate_ends_do_not_give_nan():
    z = torch.randn(8, generator=torch.Generator().manual_seed(1))
    for z0, z1 in ((z, z), (torch.zeros(8), z), (z, -z)):  # same, zero (ψ = 0), opposite
        walk = interpolate(z0, z1, 5, "slerp")
        assert torch.isfinite(walk).all()
        assert torch.equal(walk[0], z0) and torch.equal(walk[-1], z1)


def test_bad_arguments_are_refused_in_words():
    z = torch.zeros(4)
    with pytest.raises(ValueError, match="at least 2"):
        interpolate(z, z, 1)
    with pytest.raises(ValueError, match="method"):
        interpolate(z, z, 3, "cubic")
    with pytest.raises(ValueError, match="same length"):
        interpolate(z, torch.zeros(5), 3)


def frames(n: int, channels: int = 3) -> list[np.ndarray]:
    # Distinct frames (a bright bar moving down), so the GIF writer can't merge any.
    out = []
    for i in range(n):
        arr = np.zeros((16, 16, channels), np.uint8)
        arr[i % 16, :, :] = 255
        out.append(arr)
    return out


def test_gif_has_one_frame_per_image_loops_forever_and_is_enlarged(tmp_path):
    path = write_gif(frames(6), tmp_path / "walk.gif", duration_ms=80, scale=4)
    with Image.open(path) as im:
        assert im.n_frames == 6
        assert im.size == (64, 64)
        assert im.info["loop"] == 0
        assert im.info["duration"] == 80
    with Image.open(write_gif(frames(6, channels=1), tmp_path / "grey.gif", bounce=True)) as im:
        assert im.n_frames == 10  # forwards 6, back 4 (the ends are not shown twice)
    # Tensors (C, H, W) are accepted too, as the engine makes them.
    tensors = [torch.from_numpy(f).permute(2, 0, 1) for f in frames(3)]
    with Image.open(write_gif(tensors, tmp_path / "t.gif")) as im:
        assert im.n_frames == 3 and im.size == (16, 16)


def test_frames_are_numbered_pngs_with_text_and_a_second_export_does_not_overwrite(tmp_path):
    paths = write_frames(frames(12), tmp_path / "walk", scale=2, text={"aigc:run": "parts"})
    assert [p.name for p in paths] == [f"frame-{i:03d}.png" for i in range(12)]
    with Image.open(paths[5]) as im:
        assert im.size == (32, 32)
        assert im.text["aigc:run"] == "parts" and im.text["aigc:frame"] == "5/12"
        assert np.array_equal(np.asarray(im)[::2, ::2], frames(12)[5])
    again = write_frames(frames(2), tmp_path / "walk")
    assert [p.name for p in again] == ["frame2-000.png", "frame2-001.png"]
    assert len(list((tmp_path / "walk").iterdir())) == 14
