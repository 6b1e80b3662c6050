"""The app's translations: Qt ``.ts`` sources and the compiled ``.qm`` files that ship inside the package.

``aigc_desktop_<language>.ts`` is made by ``python packaging/update_translations.py`` (lupdate over the
package, then lrelease) and translated by hand or in Qt Linguist. This module imports no Qt: the
window's side is ``aigc_desktop.ui.language``. The files are found with importlib.resources, so a
checkout, an installed wheel and a frozen app all find them the same way.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

CATALOG = "aigc_desktop"
"""File-name stem of our translation files: ``aigc_desktop_zh_CN.qm``."""


def qm_file(language: str) -> Traversable | None:
    """The compiled translation for ``language`` (such as ``"zh_CN"``), or None if the app has none."""
    ref = resources.files(__name__) / f"{CATALOG}_{language}.qm"
    return ref if ref.is_file() else None
