"""The workers' tests run jobs on Qt threads: garbage is collected on the GUI thread only (tests/ui/conftest.py)."""

from __future__ import annotations

from tests.ui.conftest import collect_garbage_in_gui_thread  # noqa: F401 (an autouse fixture)
