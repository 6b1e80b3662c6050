"""Help → About: versions of the app and its engine, and the device in use."""

from __future__ import annotations

import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from aigc_desktop import __version__


def versions() -> dict[str, str]:
    out = {"AIGC Desktop": __version__, "Python": platform.python_version(),
           "Qt": qVersion(), "PySide6": pyside_version}
    # torch is loaded by then (device detection) — read versions without importing it again.
    for name in ("torch", "torchvision", "pyqtgraph", "numpy", "PIL"):
        module = sys.modules.get(name)
        if module is not None:
            out["Pillow" if name == "PIL" else name] = getattr(module, "__version__", "?")
    return out


def show_about(parent: QWidget, device: str) -> None:
    tr = QCoreApplication.translate
    # Each translatable sentence on its own: lupdate can't see tr() calls inside f-strings.
    blurb = tr("About", "Teach an image generator from your own pictures, then generate, curate and improve "
                        "images. Works offline.")
    device_label = tr("About", "Device in use")
    rows = "".join(f"<tr><td>{k}</td><td>&nbsp;{v}</td></tr>" for k, v in versions().items())
    text = (f"<h3>AIGC Desktop {__version__}</h3><p>{blurb}</p>"
            f"<p><b>{device_label}:</b> {device}</p><table>{rows}</table>")
    QMessageBox.about(parent, tr("About", "About AIGC Desktop"), text)
