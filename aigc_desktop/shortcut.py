"""``aigc-desktop --install-shortcut``: put the app in the Linux desktop's menu (and on the desktop), per
user, no root: a freedesktop.org ``.desktop`` entry and the icon under the user's XDG data folder."""

from __future__ import annotations

import os
import shutil
import sys
from importlib import resources
from pathlib import Path

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Version=1.0
Name=AIGC Desktop
Name[zh_CN]=AIGC 桌面
GenericName=Image generator trainer
Comment=Teach an image generator from your own pictures, offline
Comment[zh_CN]=用您自己的图片训练图像生成器（离线）
Exec={exec}
Icon={icon}
Terminal=false
Categories=Graphics;
Keywords=GAN;AI;images;inspection;defects;
StartupWMClass=AIGC Desktop
"""


def launch_command() -> str:
    """How to start this installation: the bundle's own executable, or this Python with the package."""
    if getattr(sys, "frozen", False):
        return _quote(sys.executable)
    return f"{_quote(sys.executable)} -m aigc_desktop"


def _quote(arg: str) -> str:
    # The Desktop Entry spec quotes with double quotes only, escaping " ` $ and \ inside them;
    # shlex's single quotes make desktop-file-validate reject a path with a space ("AIGC Desktop").
    if not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def install_shortcut(data_home: Path | None = None, desktop: Path | None = None) -> list[Path]:
    """Write the menu entry and icon (and a desktop copy when a Desktop folder exists); return the files."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        raise OSError("--install-shortcut is for Linux; on Windows the installer makes the Start-menu entry.")
    data_home = data_home or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    icon_dir = data_home / "icons" / "hicolor" / "256x256" / "apps"
    icon_dir.mkdir(parents=True, exist_ok=True)
    icon_path = icon_dir / "aigc-desktop.png"
    with resources.as_file(resources.files("aigc_desktop.resources") / "icons" / "aigc-desktop.png") as src:
        shutil.copyfile(src, icon_path)
    entry = DESKTOP_ENTRY.format(exec=launch_command(), icon=icon_path)
    apps = data_home / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    written = [icon_path, apps / "aigc-desktop.desktop"]
    written[1].write_text(entry, encoding="utf-8")
    desktop = desktop or Path.home() / "Desktop"
    if desktop.is_dir():
        copy = desktop / "aigc-desktop.desktop"
        copy.write_text(entry, encoding="utf-8")
        copy.chmod(0o755)  # desktops only launch entries marked executable
        written.append(copy)
    return written
