from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.data.symmetry import (
    NOT_TURNABLE,
    TURN_UNSAFE_FROM,
    UNSAFE_FROM,
    mirror_ratio,
    mirror_safe,
    turn_ratio,
    turn_safe,
)
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.config import (
    D_CLASS_FROM_TURNING,
    G_CLASS_FROM_TURNING,
    PATCH_GUESS_SHARE,
    TrainConfig,
)
from aigc_desktop.core.run.events import TrainingHooks
from aigc_desktop.core.run.run_folder import RunFolder
from aigc_desktop.core.run.training_loop import TrainingLoop


def _pictures(kind: str, n: int = 60, seed: int = 0) -> torch.Tensor:
    """Discs (mirror-symmetric as a set) or the letter F drawn in strokes (it has a handedness)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        img = Image.new("L", (32, 32), 20)
        draw = ImageDraw.Draw(img)
        x, y, s = rng.integers(6, 12), rng.integers(6, 12), rng.integers(10, 16)
        if kind == "disc":
            draw.ellipse((x, y, x + s, y + s), fill=int(rng.integers(150, 250)))
        else:
            draw.line((x, y, x, y + s), fill=230, width=3)
            draw.line((x, y, x + s * 2 // 3, y), fill=230, width=3)
            draw.line((x, y + s // 2, x + s // 2, y + s // 2), fill=230, width=3)
        out.append(np.asarray(img)[None].repeat(3, axis=0))
    return torch.from_numpy(np.stack(out))


def test_mirrored_discs_look_like_the_set_and_mirrored_letters_do_not():
    assert mirror_ratio(_pictures("disc")) < UNSAFE_FROM <= mirror_ratio(_pictures("letter"))
    assert mirror_safe(_pictures("disc")) and not mirror_safe(_pictures("letter"))
    assert not mirror_safe(_pictures("disc", n=2))  # too few to tell


def _keyed_discs(n: int = 60, seed: int = 0) -> torch.Tensor:
    """Discs near the centre, each with a notch at a random angle: a set of parts lying at any angle."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        img = Image.new("L", (32, 32), 20)
        draw = ImageDraw.Draw(img)
        cx, cy = 16 + rng.uniform(-1.5, 1.5, 2)
        r = rng.uniform(8, 11)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=int(rng.integers(150, 250)))
        a = rng.uniform(0, 2 * np.pi)
        nx, ny = cx + 0.8 * r * np.cos(a), cy + 0.8 * r * np.sin(a)
        draw.ellipse((nx - 3, ny - 3, nx + 3, ny + 3), fill=20)
        out.append(np.asarray(img)[None].repeat(3, axis=0))
    return torch.from_numpy(np.stack(out))


def test_parts_at_any_angle_may_be_turned_and_letters_may_not():
    assert turn_ratio(_keyed_discs()) < TURN_UNSAFE_FROM <= turn_ratio(_pictures("letter"))
    assert turn_safe(_keyed_discs()) and not turn_safe(_pictures("letter"))
    assert not turn_safe(_keyed_discs(n=2))  # too few to tell
    # A quarter of the set with an up and a down (as the bricks among the textures) is enough to refuse,
    # though most pictures look alike turned.
    mixed = torch.cat([_keyed_discs(45), _pictures("letter", n=15)])
    assert not turn_safe(mixed)


class _Messages(TrainingHooks):
    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def on_message(self, level: str, text: str) -> None:
        self.messages.append((level, text))


@pytest.mark.parametrize(("pictures", "warned"), [(_keyed_discs, False), (lambda: _pictures("letter"), True)])
def test_a_turning_run_warns_when_the_pictures_do_not_look_alike_turned(pictures, warned, tmp_path, tiny_config):
    images = pictures()[:16]
    dataset = CachedDataset(images, torch.zeros(len(images), dtype=torch.long), [""], "set", PreprocessSettings(32, 3))
    hooks = _Messages()
    trainer = Trainer(tiny_config(g_rotate="on", resolution=32, steps=1), dataset)
    TrainingLoop(trainer, RunFolder(tmp_path / "run"), hooks).run()
    assert (("warning", NOT_TURNABLE) in hooks.messages) == warned


def test_auto_x_flip_follows_the_pictures_and_flips_about_half_a_batch(tiny_config, tiny_dataset):
    letters = CachedDataset(_pictures("letter", n=16), torch.zeros(16, dtype=torch.long), [""], "letters",
                            PreprocessSettings(32, 3))
    assert not Trainer(tiny_config(xflip="auto", resolution=32), letters).xflip
    assert Trainer(tiny_config(xflip="off"), tiny_dataset()).xflip is False
    trainer = Trainer(tiny_config(xflip="on", batch=64, resolution=32), letters)
    torch.manual_seed(1)
    batch, _ = trainer.next_real_batch(64)
    trainer.feed.consumed = 0
    trainer.feed.xflip = False
    torch.manual_seed(1)
    plain, _ = trainer.next_real_batch(64)
    mirrored = [(b == p.flip(-1)).all().item() and not (b == p).all().item() for b, p in zip(batch, plain, strict=True)]
    assert 16 <= sum(mirrored) <= 48


def test_runs_saved_before_x_flip_and_r1_existed_continue_without_them():
    old = TrainConfig().to_dict()
    del old["xflip"], old["r1_gamma"], old["g_rotate"]
    assert TrainConfig.from_dict(old).xflip == "off" and TrainConfig.from_dict(old).r1_gamma == 0.0
    assert TrainConfig.from_dict(old).g_rotate == "off"
    assert TrainConfig.from_dict(TrainConfig().to_dict()).xflip == "auto"
    assert TrainConfig.from_dict(TrainConfig().to_dict()).g_rotate == "auto"
    # turning was a true/false setting in config.json before it had "auto"
    assert [TrainConfig.from_dict({**old, "g_rotate": flag}).g_rotate for flag in (True, False)] == ["on", "off"]
    with pytest.raises(ConfigError, match="g_rotate"):
        TrainConfig(g_rotate="sometimes").validate()


def _at(images: torch.Tensor, side: int, classes: int = 1) -> CachedDataset:
    big = F.interpolate(images.float(), size=(side, side), mode="bilinear").round().clamp(0, 255).to(torch.uint8)
    names = [""] if classes == 1 else [f"class{k}" for k in range(classes)]
    return CachedDataset(big, torch.arange(len(big)) % classes, names, f"set-{side}", PreprocessSettings(side, 3))


def test_auto_turning_is_decided_once_from_the_pictures_and_the_resolution(tiny_config):
    parts = Trainer(tiny_config(g_rotate="auto", resolution=64), _at(_keyed_discs(), 64))
    assert parts.config.g_rotate == "on" and parts.G.rotate
    assert parts.state_dict()["config"]["g_rotate"] == "on"  # what the Gallery and a resume build from
    # too few pixels to turn at 32 px (it measured worse there), and letters have an up and a down
    assert Trainer(tiny_config(g_rotate="auto", resolution=32), _at(_keyed_discs(), 32)).config.g_rotate == "off"
    letters = Trainer(tiny_config(g_rotate="auto", resolution=64), _at(_pictures("letter"), 64))
    assert letters.config.g_rotate == "off" and not letters.G.rotate
    # By class it turns too, with the class kept off the outline: out of G's coarse layers, and D guessing
    # the class from patches (a whole-picture guess rounded the turned parts off again).
    by_class = _at(_keyed_discs(), 64, classes=2)
    turning = Trainer(tiny_config(resolution=64, conditional="auto", d_class_guess=2.0), by_class)
    assert turning.config.g_rotate == "on"
    assert (turning.config.g_class_from, turning.config.d_class_from) == (G_CLASS_FROM_TURNING, D_CLASS_FROM_TURNING)
    assert turning.D.guesses_from_patches and turning.D.guess.in_features < turning.D.net[-1].in_channels
    assert turning.class_guess == 2.0 * PATCH_GUESS_SHARE  # the strongest patch decides: it weighs less
    assert turning.state_dict()["config"]["d_class_from"] == D_CLASS_FROM_TURNING
    plain = Trainer(tiny_config(resolution=64, conditional="off"), by_class)
    assert plain.config.g_rotate == "on" and (plain.config.g_class_from, plain.config.d_class_from) == (4, 4)
    upright = Trainer(tiny_config(resolution=64, conditional="on", g_rotate="off"), by_class)
    assert (upright.config.g_class_from, upright.config.d_class_from) == (4, 4) and not upright.D.guesses_from_patches
    assert upright.class_guess == 2.0
    chosen = Trainer(tiny_config(resolution=64, conditional="on", g_class_from=16, d_class_from=32), by_class)
    assert (chosen.config.g_class_from, chosen.config.d_class_from) == (16, 32)  # what the user set stays
    forced = Trainer(tiny_config(g_rotate="on", resolution=32), _at(_pictures("letter"), 32))
    assert forced.config.g_rotate == "on" and forced.turning_asked == "on"
