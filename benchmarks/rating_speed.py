"""Does rating keep up with a person? Time from a key press to the next image on screen, in the real tab.

Trains a small run on the demo set (or uses --run), opens the Feedback tab offscreen, makes a batch of
--count images and presses G or B on each, as a person would, through Qt's key events. For each press
it records the time until the event loop is idle again: the rating is committed (SQLite, one
transaction, synchronous=FULL), the tally and version tree are refreshed and the next image is drawn.
It also reports the share of that spent in the database commit alone.

    QT_QPA_PLATFORM=offscreen python benchmarks/rating_speed.py [--count 100] [--run RUN_FOLDER]

Target (issue 5): rating 100 images takes about as long as looking at them, so each press must come
back well under the ~0.3-1 s a person needs to look at an image; we aim for < 50 ms.
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


def tiny_demo_run(folder: Path) -> Path:
    from aigc_desktop.core.data.demo import demo_dataset_path
    from aigc_desktop.core.run.config import TrainConfig
    from aigc_desktop.core.run.presets import get_preset
    from aigc_desktop.core.run.session import start_run
    from aigc_desktop.core.run.training_loop import TrainingLoop

    config = get_preset("cpu-quick").apply(TrainConfig(device="cpu")).replace(steps=50, checkpoint_every=50)
    prepared = start_run([demo_dataset_path()], folder, config)
    TrainingLoop(prepared.trainer, prepared.run).run()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--run", type=Path, help="a trained run folder (default: train a small one)")
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from aigc_desktop.core.feedback import store as feedback_store
    from aigc_desktop.ui.feedback.tab import FeedbackTab

    app = QApplication([])
    work = Path(tempfile.mkdtemp(prefix="aigc-rating-"))
    run = args.run or tiny_demo_run(work / "run")
    tab = FeedbackTab()
    tab.resize(1366, 800)
    tab.show()
    tab.count_spin.setValue(args.count)
    tab.set_run(str(run))
    while tab.is_busy() or tab.model.rowCount() < args.count:
        app.processEvents()
        time.sleep(0.01)

    commit_seconds: list[float] = []
    original = feedback_store.FeedbackStore.add_rating

    def timed(self, **kwargs):  # the commit alone, for the share it takes
        t = time.perf_counter()
        try:
            return original(self, **kwargs)
        finally:
            commit_seconds.append(time.perf_counter() - t)

    feedback_store.FeedbackStore.add_rating = timed
    press_seconds: list[float] = []
    for row in range(args.count):
        key = Qt.Key.Key_G if row % 3 else Qt.Key.Key_B
        t = time.perf_counter()
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(tab.grid, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "g"))
        app.processEvents()  # repaints: the next image is on screen
        press_seconds.append(time.perf_counter() - t)
    rated = tab.model.rated_count()
    tab.shutdown()

    ms = sorted(s * 1000 for s in press_seconds)
    print(f"{rated} of {args.count} images rated by key; per press: median {statistics.median(ms):.1f} ms, "
          f"p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms, max {ms[-1]:.1f} ms; "
          f"all {args.count}: {sum(ms) / 1000:.2f} s")
    print(f"database commit alone: median {statistics.median(commit_seconds) * 1000:.1f} ms "
          f"({sum(commit_seconds) / sum(press_seconds):.0%} of the time)")


if __name__ == "__main__":
    main()
