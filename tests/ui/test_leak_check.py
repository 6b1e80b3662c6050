"""The leak check the window tests rely on (tests/ui/conftest.py) fails when a window is left open."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

INNER_TESTS = '''
import pytest
from PySide6.QtWidgets import QWidget

kept = []


@pytest.fixture(scope="module", autouse=True)
def _close_the_stray_window_afterwards():
    yield
    for widget in kept:
        widget.close()
        widget.deleteLater()


def test_closed_and_deleted(leak_checked):
    leak_checked(QWidget()).show()


def test_a_window_left_open(leak_checked):
    leak_checked(QWidget()).show()
    stray = QWidget()
    stray.setObjectName("stray")
    stray.show()
    kept.append(stray)
'''


def test_leak_checked_passes_a_closed_window_and_names_one_left_open(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(Path(__file__).with_name("conftest.py").read_text())
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_a_window_left_open*", "*QWidget:stray*"])
