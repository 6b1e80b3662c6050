"""What the Dataset tab hands to training: the sources, their scan, removed images and preprocessing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aigc_desktop.core.data.preprocess import PreprocessSettings


@dataclass(frozen=True)
class DatasetSelection:
    paths: list[str]
    scan: Any  # core.scan.ScanResult with the removed images already taken out, or None if not scanned
    removed: list[str] = field(default_factory=list)  # ImageSource.location() of images the user removed
    settings: PreprocessSettings = field(default_factory=PreprocessSettings)

    @property
    def image_count(self) -> int:
        return len(self.scan.images) if self.scan is not None else 0

    @property
    def fine_detail(self) -> float | None:
        return self.scan.fine_detail if self.scan is not None else None
