from __future__ import annotations

import configparser
import os

from aigc_desktop.shortcut import install_shortcut


def test_install_shortcut_writes_a_valid_desktop_entry_per_user(tmp_path):
    desktop = tmp_path / "Desktop"
    desktop.mkdir()
    written = install_shortcut(data_home=tmp_path / "share", desktop=desktop)
    entry_path = tmp_path / "share" / "applications" / "aigc-desktop.desktop"
    assert entry_path in written and (desktop / "aigc-desktop.desktop") in written
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry_path, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "AIGC Desktop"
    assert entry["Exec"].endswith("-m aigc_desktop")
    assert os.path.isfile(entry["Icon"])
    assert os.access(desktop / "aigc-desktop.desktop", os.X_OK)


def test_exec_paths_with_spaces_are_double_quoted_as_the_spec_asks():
    from aigc_desktop.shortcut import _quote

    assert _quote("/usr/bin/python3") == "/usr/bin/python3"
    assert _quote("/opt/AIGC Desktop/AIGC Desktop") == '"/opt/AIGC Desktop/AIGC Desktop"'
    assert _quote('/a$b"c') == '"/a\\$b\\"c"'
