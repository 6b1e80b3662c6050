"""The engine must run where Qt can't (a cluster node, a headless CI job): it may never load Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import aigc_desktop.core


def core_modules() -> list[str]:
    """Every module under core/, found by walking the folder (a new subpackage is checked too)."""
    root = Path(aigc_desktop.core.__file__).parent
    return sorted(
        ".".join(("aigc_desktop", "core", *p.relative_to(root).with_suffix("").parts))
        for p in root.rglob("*.py")
    )


def test_core_loads_no_qt_module():
    modules = core_modules()
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "import aigc_desktop.cli\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6')]\n"
        "print(json.dumps(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    # The walk really reached the subpackages, not just core/__init__.py.
    assert len(modules) >= 30
    assert {"aigc_desktop.core.gan.trainer", "aigc_desktop.core.feedback.store"} <= set(modules)
