"""The app never opens a network connection: train, generate and the window's start-up all work with
the network cut, both in-process (every socket call refused) and, where possible, in a network
namespace with no interfaces (unshare -n)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GUARD = Path(__file__).with_name("offline_guard.py")
ROOT = Path(__file__).resolve().parents[1]

WINDOW = r"""
import sys
from PySide6.QtCore import QTimer
from aigc_desktop.app import create_application
from aigc_desktop.ui.main_window import MainWindow
app = create_application(sys.argv[:1])
w = MainWindow()
w.show()
w.after_first_paint()
QTimer.singleShot(0, w.dataset_tab.use_demo)
def done():
    if w.device_text != w.tr("detecting…") and w.dataset_tab.selection().image_count:
        print("WINDOW-OK", w.dataset_tab.selection().image_count)
        w.close(); app.quit()
    else:
        QTimer.singleShot(50, done)
QTimer.singleShot(50, done)
app.exec()
"""


def _unshare_works() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-n", "true"], capture_output=True).returncode == 0


PREFIXES = [pytest.param([], id="sockets-refused")]
if _unshare_works():
    PREFIXES.append(pytest.param(["unshare", "-n"], id="no-network-namespace"))


def run(prefix: list[str], *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*prefix, sys.executable, str(GUARD), *args], capture_output=True, text=True,
                          timeout=240, env=env, cwd=ROOT)


@pytest.mark.slow
@pytest.mark.parametrize("prefix", PREFIXES)
def test_train_generate_and_window_work_offline(prefix, tmp_path):
    out = run(prefix, "aigc_desktop.cli", "train", "--demo", "--out", str(tmp_path / "run"), "--steps", "4",
              "--resolution", "16", "--batch", "8", "--device", "cpu")
    assert out.returncode == 0, out.stderr[-2000:]
    out2 = run(prefix, "aigc_desktop.cli", "generate", str(tmp_path / "run"), "-n", "2", "--out", str(tmp_path / "img"))
    assert out2.returncode == 0, out2.stderr[-2000:]
    script = tmp_path / "window.py"
    script.write_text(WINDOW)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}", "QT_QPA_PLATFORM": "offscreen"}
    out3 = subprocess.run([*prefix, sys.executable, str(GUARD), "window"], capture_output=True, text=True,
                          timeout=240, env=env, cwd=ROOT)
    assert out3.returncode == 0, out3.stderr[-2000:]
    assert "WINDOW-OK 340" in out3.stdout
    for result in (out, out2, out3):
        assert "NETWORK-ATTEMPT" not in result.stderr
