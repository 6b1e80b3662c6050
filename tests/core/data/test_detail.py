from __future__ import annotations

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFilter

from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.data.detail import fine_detail, fine_detail_of, sample_fine_detail
from aigc_desktop.core.data.scan import list_sources
from aigc_desktop.core.run.presets import NEEDS_DETAIL_FROM, recommend_preset


def _part(scratch: bool, side: int = 64) -> np.ndarray:
    """A grey disc on a dark table (soft-edged, as photographed), with or without one-pixel scratches."""
    img = Image.new("RGB", (side, side), (40, 40, 45))
    draw = ImageDraw.Draw(img)
    draw.ellipse((side // 6, side // 6, side - side // 6, side - side // 6), fill=(170, 170, 175))
    img = img.filter(ImageFilter.GaussianBlur(1.0))
    draw = ImageDraw.Draw(img)
    if scratch:
        for k in range(3):
            draw.line((side // 4, side // 3 + 8 * k, side - side // 4, side // 2 + 8 * k), fill=(60, 60, 60), width=1)
    return np.asarray(img).transpose(2, 0, 1)


def test_thin_scratches_are_fine_detail_and_a_plain_disc_is_not():
    plain = torch.from_numpy(np.stack([_part(False)] * 4))
    scratched = torch.from_numpy(np.stack([_part(True)] * 4))
    assert fine_detail(plain) < NEEDS_DETAIL_FROM <= fine_detail(scratched)
    assert fine_detail(torch.full((3, 3, 64, 64), 128, dtype=torch.uint8)) == 0.0  # flat: nothing to lose
    assert fine_detail(torch.empty(0, 3, 64, 64, dtype=torch.uint8)) == 0.0


def test_small_pictures_have_nothing_to_gain_from_64_px(tmp_path):
    rng = np.random.default_rng(0)
    for i in range(6):  # noise, but only 20 px: it has no detail finer than 32 px can show
        Image.fromarray(rng.integers(0, 255, (20, 20, 3), dtype=np.uint8)).save(tmp_path / f"{i}.png")
    value = sample_fine_detail([tmp_path])
    assert value is not None and value < NEEDS_DETAIL_FROM


def test_the_demo_set_needs_64_px_on_a_cpu_and_unread_pictures_decide_nothing(tmp_path):
    value = sample_fine_detail([demo_dataset_path()])
    assert value is not None and value >= NEEDS_DETAIL_FROM
    assert recommend_preset("cpu", 340, value).name == "cpu-detail"
    assert recommend_preset("cpu", 340, NEEDS_DETAIL_FROM / 10).name == "cpu-quick"
    assert recommend_preset("cpu", 340, None).name == "cpu-quick"
    assert recommend_preset("cuda", 340, value).name == "gpu-standard"
    (tmp_path / "broken.png").write_bytes(b"\x89PNG not really")
    assert fine_detail_of(list_sources([tmp_path])) is None
    assert sample_fine_detail([tmp_path / "nothing here"]) is None
