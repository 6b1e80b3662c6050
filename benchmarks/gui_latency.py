"""Does the window stay responsive while it trains, and does training in it keep its speed?

Measures, in one run on the same settings (demo set, the CPU preset):
  1. the command line's engine: TrainingLoop headless for --seconds, images/s;
  2. the real MainWindow training through its worker thread for --seconds, with a 5 ms QTimer probe
     on the GUI thread recording the longest gap between two event-loop ticks, and images/s.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_latency.py [--seconds 30]

Targets (issue 3): longest gap < 100 ms, window images/s >= 90% of the command line's.
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


def cli_images_per_s(seconds: float, workdir: Path) -> float:
    from aigc_desktop.core.config import TrainConfig
    from aigc_desktop.core.demo import demo_dataset_path
    from aigc_desktop.core.events import TrainingHooks
    from aigc_desktop.core.presets import get_preset
    from aigc_desktop.core.session import start_run
    from aigc_desktop.core.training_loop import TrainingLoop

    config = get_preset("cpu-quick").apply(TrainConfig(device="cpu")).replace(steps=0, minutes=seconds / 60)
    prepared = start_run([demo_dataset_path()], workdir / "cli-run", config)
    speeds: list[float] = []

    class Hooks(TrainingHooks):
        def on_log(self, row: dict) -> None:
            speeds.append(row["images_per_s"])

    TrainingLoop(prepared.trainer, prepared.run, Hooks()).run()
    return statistics.median(speeds[len(speeds) // 5:])  # skip the warm-up


def window_measure(seconds: float, workdir: Path) -> tuple[float, float, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    from aigc_desktop.app import create_application
    from aigc_desktop.ui.main_window import MainWindow

    app = create_application(sys.argv[:1])
    window = MainWindow()
    window.show()
    window.after_first_paint()
    window.dataset_tab.use_demo()
    tab = window.training_tab
    deadline = time.monotonic() + 120
    while (window.dataset_tab.is_busy() or window.dataset_tab.selection().image_count == 0) \
            and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    tab.settings.set_devices([("cpu", "cpu")])
    tab.settings.by_minutes.setChecked(True)
    tab.settings.minutes_spin.setValue(seconds / 60 + 0.3)  # stopped by us after `seconds` of training
    tab.run_edit.setText(str(workdir / "gui-run"))
    speeds: list[float] = []
    gaps: list[float] = []
    clock = QElapsedTimer()
    state = {"training": False, "last": 0}

    def on_progress(info: dict) -> None:
        state["training"] = True
        speeds.append(info["images_per_s"])

    def tick() -> None:
        now = clock.elapsed()
        if state["training"]:
            gaps.append(now - state["last"])
        state["last"] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)

    def first_progress(info: dict) -> None:
        if not state["training"]:
            QTimer.singleShot(int(seconds * 1000), finish)
        on_progress(info)

    def finish() -> None:
        probe.stop()
        tab.stop_and_wait()
        window.close()
        app.quit()

    clock.start()
    probe.start()
    tab.start()
    tab.worker.progress.connect(first_progress)
    app.exec()
    return max(gaps), sorted(gaps)[int(len(gaps) * 0.99)], statistics.median(speeds[len(speeds) // 5:])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=30)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        max_gap, p99_gap, gui_ips = window_measure(args.seconds, work)
        cli_ips = cli_images_per_s(args.seconds, work)
    print(f"longest event-loop gap while training: {max_gap:.0f} ms (99th percentile {p99_gap:.0f} ms; "
          f"target < 100 ms)")
    print(f"images/s: command line {cli_ips:.0f}, window {gui_ips:.0f}")
    print(f"ratio window/command line: {gui_ips / cli_ips:.2f} (target >= 0.90)")


if __name__ == "__main__":
    main()
