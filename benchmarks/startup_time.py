"""Seconds from launching the app to its window being on screen (issue 3: under 2 s on this machine).

Spawns a fresh Python that builds the real MainWindow as ``aigc-desktop`` does, and reports when the
window is exposed (painted); the parent measures from just before the spawn. Run under a display
(Xvfb) for a real figure; offscreen works too.

    python benchmarks/startup_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from aigc_desktop.app import create_application
from aigc_desktop.ui.main_window import MainWindow
app = create_application(sys.argv[:1])
w = MainWindow()
w.show()
def check():
    if w.windowHandle() is not None and w.windowHandle().isExposed():
        print("SHOWN", "torch" in sys.modules, flush=True)
        app.quit()
    else:
        QTimer.singleShot(5, check)
QTimer.singleShot(0, check)
app.exec()
"""


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    root = Path(__file__).resolve().parents[1]
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True, cwd=root)
        line = proc.stdout.readline()
        times.append(time.perf_counter() - t0)
        proc.wait(30)
        torch_loaded = line.split()[1] == "True"
    print(f"window shown after: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {args.runs} launches "
          f"(torch loaded before the window: {torch_loaded}; target < 2 s)")


if __name__ == "__main__":
    main()
