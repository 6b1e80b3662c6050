"""How fast does the Gallery make and show 1,000 images at 64 px, and does the window stay responsive?

Builds a 64 px run with the cpu-detail model size (trained for a few steps: the weights don't change
the cost), opens the real GalleryTab on it, and presses Generate for --images images. Measures:
  - the time from the click until all images are in the grid's model (the grid shows them as they come);
  - the longest gap between two ticks of a 5 ms QTimer on the GUI thread meanwhile (the window's
    responsiveness), and its 99th percentile;
  - the same for a ψ change, which redraws the same images.
The first round includes loading the checkpoint; torch is imported beforehand, as the window's device
check has done by the time a user reaches the Gallery.

    QT_QPA_PLATFORM=offscreen python benchmarks/gallery_speed.py [--images 1000] [--rounds 3]

Targets (issue 4): under 10 s for 1,000 images, longest gap under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_run(folder: Path) -> Path:
    """A cpu-detail-size run (64 px, width 24) trained for 2 steps on random pictures."""
    import torch

    from aigc_desktop.core.data.dataset_cache import CachedDataset
    from aigc_desktop.core.gan.trainer import Trainer
    from aigc_desktop.core.run.config import TrainConfig
    from aigc_desktop.core.run.presets import get_preset
    from aigc_desktop.core.run.run_folder import RunFolder
    from aigc_desktop.core.run.training_loop import TrainingLoop

    config = get_preset("cpu-detail").apply(TrainConfig(device="cpu")).replace(
        steps=2, batch=8, log_every=1, sample_every=1000, checkpoint_every=1000, checkpoint_minutes=0)
    images = torch.randint(0, 256, (32, 3, 64, 64), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    data = CachedDataset(images, torch.zeros(32, dtype=torch.long), [""], "bench", config.preprocess)
    TrainingLoop(Trainer(config, data), RunFolder(folder)).run()
    return folder


def measure(images: int, rounds: int, run: Path) -> list[dict]:
    from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Slot
    from PySide6.QtWidgets import QApplication

    from aigc_desktop.ui.gallery.tab import GalleryTab

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tab = GalleryTab()
    tab.resize(1366, 820)
    tab.show()
    tab.set_run(str(run))
    tab.controls.count_spin.setValue(images)

    class Probe(QObject):
        """A GUI-thread object: its timer ticks only when the event loop gets its turn."""

        def __init__(self) -> None:
            super().__init__()
            self.clock = QElapsedTimer()
            self.clock.start()
            self.gaps: list[float] = []
            self.last = 0.0
            self.timer = QTimer(self)
            self.timer.setInterval(5)
            self.timer.timeout.connect(self.tick)

        @Slot()
        def tick(self) -> None:
            now = self.clock.nsecsElapsed() / 1e6
            self.gaps.append(now - self.last)
            self.last = now

        def start(self) -> None:
            self.gaps.clear()
            self.last = self.clock.nsecsElapsed() / 1e6
            self.timer.start()

    probe = Probe()
    results = []

    def one(label: str, action) -> dict:
        probe.start()
        started = time.perf_counter()
        action()
        full = None
        while tab.runner.is_busy() or full is None:
            app.processEvents()
            if full is None and not tab.runner.is_busy():
                full = time.perf_counter() - started
            time.sleep(0.001)
        # A few more ticks so the thumbnails of the visible rows are made and painted.
        end = time.perf_counter() + 0.3
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)
        probe.timer.stop()
        assert tab.model.rowCount() == images and not tab.error_label.isVisibleTo(tab), tab.error_label.text()
        gaps = sorted(probe.gaps)
        return {"what": label, "seconds": full, "longest_gap_ms": gaps[-1],
                "p99_gap_ms": gaps[int(len(gaps) * 0.99)], "images_per_s": images / full}

    for r in range(rounds):
        tab.controls.seed_spin.setValue(r)
        results.append(one("generate (loads the model)" if r == 0 else "generate", tab.generate))
        results.append(one("change ψ", lambda r=r: tab.change_psi(0.5 if r % 2 == 0 else 0.8)))
    tab.shutdown()
    tab.close()
    return results


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--images", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    import torch  # what the window's device check has loaded by the time the Gallery is used

    with tempfile.TemporaryDirectory() as tmp:
        run = build_run(Path(tmp) / "bench-run")
        results = measure(args.images, args.rounds, run)
    print(f"{args.images:,} images at 64 px (cpu-detail model size), torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, Qt platform {os.environ['QT_QPA_PLATFORM']}")
    for r in results:
        print(f"  {r['what']:<28} {r['seconds']:6.2f} s until all are in the grid ({r['images_per_s']:5.0f} images/s); "
              f"longest GUI gap {r['longest_gap_ms']:5.1f} ms, 99th percentile {r['p99_gap_ms']:4.1f} ms")
    gen = [r for r in results if r["what"].startswith("generate")]
    print(f"generate: median {statistics.median(r['seconds'] for r in gen):.2f} s (target < 10 s); "
          f"longest gap over all rounds {max(r['longest_gap_ms'] for r in results):.1f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
