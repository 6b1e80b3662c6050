"""The engine must run where Qt can't (a cluster node, a headless CI job): it may never load Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import aigc_desktop.core


def test_core_loads_no_qt_module():
    modules = sorted(p.stem for p in Path(aigc_desktop.core.__file__).parent.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module('aigc_desktop.core.' + m)\n"
        "import aigc_desktop.cli\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6')]\n"
        "print(json.dumps(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    assert len(modules) >= 15  # the check really imported the engine
