"""Which devices can train, and turning the user's choice ("auto", "cpu", "cuda:0") into a torch device."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.messages import Sentence

# Sentences for the user (translated in the window: see core/messages.py).
CPU_NAME = "CPU ({model}, {cores} cores)"
CPU_CORES = "CPU ({cores} cores)"
NO_SUCH_DEVICE = "The device '{choice}' is not available on this machine. Available: auto, {have}."


@dataclass(frozen=True)
class DeviceInfo:
    """A device a user can pick, as shown in the chooser and by ``aigc-desktop devices``."""

    id: str  # "cpu", "cuda:0", "mps"
    name: str
    memory_bytes: int | None  # None where the figure is not known (CPU RAM is not ours to claim)

    def label(self) -> str:
        # A Sentence, because the CPU's name is one ("CPU (…, 2 cores)"); the frames hold no words.
        if self.memory_bytes:
            return Sentence("{id} — {name} ({gib:.0f} GiB)", id=self.id, name=self.name, gib=self.memory_bytes / 2**30)
        return Sentence("{id} — {name}", id=self.id, name=self.name)


def list_devices() -> list[DeviceInfo]:
    """Every device found on this machine, CPU last. Never raises: a broken driver just hides the GPU."""
    found: list[DeviceInfo] = []
    # torch.accelerator names "cuda" even without a GPU, so ask CUDA itself.
    try:
        if torch.cuda.is_available():
            for i in range(torch.cuda.device_count()):
                props = torch.cuda.get_device_properties(i)
                found.append(DeviceInfo(f"cuda:{i}", props.name, int(props.total_memory)))
    except Exception:  # a driver mismatch must not stop the app from training on the CPU
        pass
    try:
        if torch.backends.mps.is_available():
            found.append(DeviceInfo("mps", "Apple GPU (Metal)", None))
    except Exception:
        pass
    found.append(DeviceInfo("cpu", _cpu_name(), None))
    return found


def resolve_device(choice: str) -> torch.device:
    """``auto`` picks CUDA, then Apple MPS, then the CPU; anything else must exist on this machine."""
    choice = (choice or "auto").strip().lower()
    available = {d.id for d in list_devices()}
    if choice == "auto":
        for preferred in ("cuda:0", "mps", "cpu"):
            if preferred in available:
                return torch.device(preferred)
    if choice == "cuda":
        choice = "cuda:0"
    if choice not in available:
        have = ", ".join(sorted(available))
        raise ConfigError(Sentence(NO_SUCH_DEVICE, choice=choice, have=have))
    return torch.device(choice)


def _cpu_name() -> str:
    import os
    import platform

    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        model = platform.processor()
    cores = os.cpu_count() or 1
    return Sentence(CPU_NAME, model=model, cores=cores) if model else Sentence(CPU_CORES, cores=cores)
