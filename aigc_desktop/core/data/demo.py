"""Find the built-in demo dataset (machined metal parts) in a checkout, an installed wheel or a frozen app."""

from __future__ import annotations

import importlib.resources
import sys
from pathlib import Path


def _candidates() -> list[Path]:
    """Places the demo folder may be, most specific first."""
    places: list[Path] = []
    # (1) A PyInstaller app unpacks its data under sys._MEIPASS, keeping the package layout.
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        places.append(Path(meipass) / "aigc_desktop" / "resources" / "demo")
    # (2) An installed package: pyproject maps the top-level resources/ to aigc_desktop.resources.
    try:
        found = importlib.resources.files("aigc_desktop.resources") / "demo"
    except ModuleNotFoundError:
        pass  # a source checkout that was never installed has no aigc_desktop.resources
    else:
        places.append(found if isinstance(found, Path) else Path(str(found)))
    # (3) A source checkout: <repo>/resources/demo next to the aigc_desktop package.
    places.append(Path(__file__).resolve().parents[3] / "resources" / "demo")
    return places


def demo_dataset_path() -> Path:
    """Return the folder of the demo dataset: one subfolder of 64×64 PNGs per class.

    Raises:
        FileNotFoundError: if the demo folder is in none of the places it is shipped to.
    """
    places = _candidates()
    for place in places:
        if place.is_dir():
            return place
    looked = ", ".join(str(p) for p in places)
    raise FileNotFoundError(f"The demo dataset is missing from this installation (looked in: {looked}).")
