"""ScanController on its job lane: a restart replaces the running scan, Cancel keeps what was checked."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from aigc_desktop.core.data import scan as scanning
from aigc_desktop.ui.dataset.scanner import ScanController


@pytest.fixture
def held(monkeypatch):
    """Scans that wait at their first file until released, so a test can act while one runs."""
    release = threading.Event()
    real = scanning.scan

    def held_scan(paths, *, progress=None, should_stop=None):
        def stop() -> bool:
            release.wait(10)
            return should_stop()

        return real(paths, progress=progress, should_stop=stop)

    monkeypatch.setattr(scanning, "scan", held_scan)
    return release


def test_a_restart_replaces_the_running_scan_and_only_the_new_one_is_done(qtbot, held, image_folder: Path,
                                                                          tmp_path: Path):
    controller = ScanController()
    done = []
    controller.done.connect(lambda result, error: done.append((result, error)))
    controller.scan([str(tmp_path / "nothing here")])
    controller.scan([str(image_folder)])
    held.set()
    qtbot.waitUntil(lambda: not controller.is_running(), timeout=20_000)
    ((result, error),) = done
    assert error == "" and len(result.images) == 12 and not result.cancelled
    controller.shutdown()
    assert controller.threads_running() == 0


def test_cancel_while_a_restart_waits_ends_with_a_cancelled_scan(qtbot, held, image_folder: Path):
    controller = ScanController()
    done = []
    controller.done.connect(lambda result, error: done.append((result, error)))
    controller.scan([str(image_folder)])
    controller.scan([str(image_folder)])
    controller.cancel()
    held.set()
    qtbot.waitUntil(lambda: not controller.is_running(), timeout=20_000)
    ((result, error),) = done
    assert error == "" and result.cancelled  # the scan bar says so and offers "Scan again"
    controller.shutdown()
