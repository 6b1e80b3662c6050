"""What can be checked of Windows on a Linux machine: the Chinese interface font, per-user folders,
path handling, the Start-menu shortcut's plan and the CI workflow that builds and self-tests there."""

from __future__ import annotations

import ntpath
from pathlib import Path, PureWindowsPath

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_chinese_is_shown_in_each_systems_own_ui_font() -> None:
    from aigc_desktop.ui.language import chinese_font

    windows = ["SimSun", "Microsoft YaHei", "Microsoft YaHei UI", "NSimSun"]
    assert chinese_font(windows, "win32") == "Microsoft YaHei UI"
    assert chinese_font(["SimSun", "Microsoft YaHei"], "win32") == "Microsoft YaHei"
    assert chinese_font(["SimSun"], "win32") == "SimSun"
    assert chinese_font(["Hiragino Sans GB", "PingFang SC"], "darwin") == "PingFang SC"
    assert chinese_font(["AR PL UMing CN", "noto sans cjk sc"], "linux") == "noto sans cjk sc"
    assert chinese_font(["Some CJK Font"], "linux") == "Some CJK Font"
    assert chinese_font([], "win32") is None


def test_per_user_folders_follow_windows_conventions(monkeypatch) -> None:
    import platformdirs.windows

    from aigc_desktop import paths

    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda csidl: {
        "CSIDL_LOCAL_APPDATA": r"C:\Users\李工\AppData\Local", "CSIDL_APPDATA": r"C:\Users\李工\AppData\Roaming",
    }.get(csidl, r"C:\Users\李工"))
    win = platformdirs.windows.Windows(paths.APP_NAME, paths.APP_AUTHOR)
    data = PureWindowsPath(win.user_data_dir)
    assert data == PureWindowsPath(r"C:\Users\李工\AppData\Local\AIGC Desktop\AIGC Desktop")
    assert PureWindowsPath(win.user_log_dir).is_relative_to(data)  # the log beside the data, per user
    assert " " in str(data)  # "AIGC Desktop": every command built from it must quote (see below)


def test_run_folder_names_and_paths_survive_windows_rules() -> None:
    from aigc_desktop.core.run.layout import checkpoint_name, checkpoint_step

    runs = PureWindowsPath(r"C:\Users\李工\AppData\Local\AIGC Desktop\AIGC Desktop\runs")
    name = checkpoint_name(1200)
    assert checkpoint_step(PureWindowsPath(runs, "run-1", "checkpoints", name)) == 1200
    # Nothing the app names is reserved on Windows or ends with a dot or a space.
    reserved = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
    for made in (name, "config.json", "sources.json", "dataset_report.json", "metrics.jsonl", "feedback.sqlite3",
                 "holdout.json", "grid.png", "manifest.csv", "refused"):
        assert made.split(".")[0].upper() not in reserved and made == made.rstrip(". ")
        assert not set(made) & set('<>:"|?*\\/')
    assert ntpath.join(str(runs), "run-1") == str(runs) + r"\run-1"


def test_zip_entries_with_backslashes_from_windows_tools_keep_their_folders(tmp_path: Path) -> None:
    import zipfile

    from aigc_desktop.core.data.scan import scan
    from tests.core.data.broken_files import image_bytes

    archive = tmp_path / "from-windows.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(2):
            info = zipfile.ZipInfo(f"crack\\{i}.png")  # some Windows tools write "\" between folders
            zf.writestr(info, image_bytes("PNG"))
    assert scan([archive]).classes == ["crack"]


def test_the_windows_plan_makes_a_start_menu_shortcut_without_admin_rights(monkeypatch, tmp_path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import build
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    ran: list[tuple[list[str], dict]] = []
    monkeypatch.setattr(build.subprocess, "run", lambda cmd, **kw: ran.append((cmd, kw)))
    programs = tmp_path / "Start Menu" / "Programs"
    link = build.create_windows_shortcut(tmp_path / "AIGC Desktop" / "AIGC Desktop.exe", programs)
    assert link.name == "AIGC Desktop.lnk" and link.parent == programs
    cmd, kw = ran[0]
    assert cmd[0] == "powershell.exe" and "WScript.Shell" in cmd[-1]
    # The paths (with spaces) travel in the environment, never spliced into the script.
    assert kw["env"]["AIGC_TARGET"].endswith("AIGC Desktop.exe") and kw["env"]["AIGC_LINK"] == str(link)
    assert "AIGC Desktop.exe" not in cmd[-1]


def test_a_ci_workflow_builds_and_self_tests_on_windows() -> None:
    text = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in text and "python-version: \"3.11\"" in text
    assert "packaging/build.py" in text  # which runs the bundle's --self-test and fails with it
    assert 'pip install -e ".[test,packaging]"' in text
    pytest.importorskip("yaml").safe_load(text)  # valid YAML where PyYAML is installed
