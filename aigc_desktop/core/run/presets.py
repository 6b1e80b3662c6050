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
               "32×32 images, small model: recognisable shapes within minutes on an ordinary PC.",
               resolution=32, g_width=32, d_width=32, batch=32, steps=6000, channels_last=True),
        Preset("cpu-detail", "More detail (CPU)",
               "64×64 images, small model: finer detail, about three times slower per image.",
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


# A few hundred images can't fill a 128 px model's capacity; more data can.
HIGH_RESOLUTION_FROM = 2000


def recommend_preset(device: str, n_images: int) -> Preset:
    """The preset to start from on ``device`` (a kind, "cuda", or a device, "cuda:0") for this many images.

    The one recommendation: the command line and the Training tab both ask here.
    """
    if device.split(":")[0] == "cpu":
        return PRESETS["cpu-quick"]
    return PRESETS["gpu-high"] if n_images >= HIGH_RESOLUTION_FROM else PRESETS["gpu-standard"]
