"""Presets: resolution, width and batch chosen for the device and the dataset size.

A CPU-only user gets the most recognisable images per minute from a small, low-resolution model;
a GPU can afford more pixels and width. The figures each preset reaches are in the README.
"""

from __future__ import annotations

from dataclasses import dataclass

from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.run.config import TrainConfig


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    resolution: int
    g_width: int
    d_width: int
    batch: int
    steps: int
    z_dim: int = 64
    amp: str = "off"
    channels_last: bool = False

    def apply(self, config: TrainConfig) -> TrainConfig:
        return config.replace(
            resolution=self.resolution, g_width=self.g_width, d_width=self.d_width, batch=self.batch,
            steps=self.steps, z_dim=self.z_dim, amp=self.amp, channels_last=self.channels_last, preset=self.name,
        )


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("cpu-quick", "Quick look (CPU)",
               "32×32 images, small model: recognisable shapes in about 5 minutes on a 2-core PC; "
               "details a pixel or two wide (scratches) are lost.",
               resolution=32, g_width=32, d_width=32, batch=32, steps=6000, channels_last=True),
        Preset("cpu-detail", "More detail (CPU)",
               "64×64 images, small model: scratches, cracks and fine texture stay visible; "
               "2.7 times the time per step (about 12 minutes on a 2-core PC).",
               resolution=64, g_width=24, d_width=24, batch=32, steps=6000, channels_last=True),
        Preset("gpu-standard", "Standard (GPU)",
               "64×64 images, the DCGAN paper's model size, mixed precision on an NVIDIA card.",
               resolution=64, g_width=64, d_width=64, batch=64, steps=20000, z_dim=100, amp="bf16",
               channels_last=True),
        Preset("gpu-high", "High resolution (GPU)",
               "128×128 images for detailed textures; wants a GPU with 8 GB or more.",
               resolution=128, g_width=64, d_width=64, batch=64, steps=40000, z_dim=128, amp="bf16",
               channels_last=True),
    )
}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ConfigError(f"There is no preset called '{name}'. Presets: {', '.join(PRESETS)}.") from None


# Fine detail (core/data/detail.py) from which a CPU trains at 64 px. Measured: the demo set's parts
# 0.023 (scratches, cracks, bolt holes, hexagon corners), scikit-image's textures 0.058, scikit-learn's
# digits 0.0001 (8 px pictures blown up: nothing to lose at 32), a soft-edged plain disc 0.003.
NEEDS_DETAIL_FROM = 0.01


def needs_detail(fine_detail: float | None) -> bool:
    """True when the pictures' fine detail is worth 64 px on a CPU (None: not measured, no)."""
    return fine_detail is not None and fine_detail >= NEEDS_DETAIL_FROM


# A few hundred images can't fill a 128 px model's capacity; more data can.
HIGH_RESOLUTION_FROM = 2000


def recommend_preset(device: str, n_images: int, fine_detail: float | None = None) -> Preset:
    """The preset to start from on ``device`` (a kind, "cuda", or a device, "cuda:0") for these pictures.

    ``fine_detail``: how much of the pictures' contrast a 32-px copy loses (``core/data/detail.py``).
    On a CPU, pictures whose details need it (scratches, cracks, fine texture) get 64 px at three
    times the cost; the rest, or pictures not measured yet, the quick 32 px preset.
    The one recommendation: the command line and the Training tab both ask here.
    """
    if device.split(":")[0] == "cpu":
        return PRESETS["cpu-detail"] if needs_detail(fine_detail) else PRESETS["cpu-quick"]
    return PRESETS["gpu-high"] if n_images >= HIGH_RESOLUTION_FROM else PRESETS["gpu-standard"]
