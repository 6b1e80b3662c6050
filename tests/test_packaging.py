"""The app-folder build (packaging/build.py) and the offline wheelhouse (packaging/build_wheelhouse.py).

The real build takes 10-20 minutes and ~10 GB of disk with the CUDA torch, far too long for CI: it
runs only with AIGC_PACKAGING_TEST=1. The fast tests read what the build would put in and leave out.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    # packaging/ is not a package (its name would shadow the `packaging` library): load by path.
    spec = importlib.util.spec_from_file_location(f"aigc_{name}", REPO / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load("build")
wheelhouse = _load("build_wheelhouse")


def test_build_help_runs_without_pyinstaller_or_torch() -> None:
    out = subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"), "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    for flag in ("--clean", "--onedir", "--skip-self-test", "--shortcut"):
        assert flag in out.stdout


def test_plan_ships_resources_where_the_app_looks_for_them() -> None:
    plan = build.build_plan()
    datas = {(Path(src), dest) for src, dest in plan["datas"]}
    assert (REPO / "resources" / "demo", "aigc_desktop/resources/demo") in datas
    assert (REPO / "resources" / "icons", "aigc_desktop/resources/icons") in datas
    for qm in (REPO / "aigc_desktop" / "i18n").glob("*.qm"):
        assert (qm, "aigc_desktop/i18n") in datas
    for src, _dest in datas:
        assert src.exists(), src
    # aigc_desktop.resources is a mapped package PyInstaller cannot find by path: the spec adds it.
    assert ["aigc_desktop.resources", str(REPO / "resources" / "__init__.py"), "PYMODULE"] in plan["extra_modules"]
    assert "aigc_desktop.cli" in plan["hiddenimports"] and "aigc_desktop.__main__" not in plan["hiddenimports"]
    assert Path(plan["entry"]).is_file()
    assert "torchvision" in plan["native_libs"]  # its _C_stable.so is no module: PyInstaller misses it
    assert plan["name"] == "AIGC Desktop" and plan["console"] is False


def test_plan_leaves_out_what_the_app_never_loads() -> None:
    excludes = set(build.build_plan()["excludes"])
    for name in ("pytest", "_pytest", "pytestqt", "IPython", "tkinter", "matplotlib", "torch.utils.tensorboard",
                 "triton", "PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick"):
        assert name in excludes, name
    # ... but never what the window, pyqtgraph or torch import.
    for needed in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "PySide6.QtTest",
                   "PySide6.QtOpenGL", "unittest", "sympy", "torch", "torchvision", "numpy", "PIL"):
        assert needed not in excludes, needed


def test_windows_plan_uses_the_ico_icon_and_the_spec_is_valid_python() -> None:
    plan = build.build_plan(platform="win32")
    assert plan["icon"].endswith("aigc-desktop.ico") and Path(plan["icon"]).is_file()
    spec = build.render_spec(plan)
    ast.parse(spec)
    assert "upx=False" in spec and "COLLECT(" in spec and "a.pure.extend(" in spec
    assert build.executable(Path("dist") / "AIGC Desktop", "win32").name == "AIGC Desktop.exe"


def test_size_report_names_the_biggest_parts_first(tmp_path: Path) -> None:
    inner = tmp_path / "AIGC Desktop" / "_internal"
    for rel, size in (("torch/lib/libtorch_cuda.so", 5000), ("nvidia/cu13/lib/libcublas.so", 3000),
                      ("PySide6/Qt/lib/libQt6Core.so", 1000), ("base_library.zip", 10)):
        (inner / rel).parent.mkdir(parents=True, exist_ok=True)
        (inner / rel).write_bytes(b"x" * size)
    (inner.parent / "AIGC Desktop").write_bytes(b"x" * 20)
    lines = build.size_report(inner.parent).splitlines()
    assert "in 5 files" in lines[0]
    parts = [line.split()[-1] for line in lines[2:7]]
    assert parts[:3] == ["torch/lib", "nvidia/cu13", "PySide6/Qt"]


def test_wheel_requirements_keep_extras_only_when_asked(tmp_path: Path) -> None:
    wheel = tmp_path / "aigc_desktop-0.1.0-py3-none-any.whl"
    meta = ("Metadata-Version: 2.1\nName: aigc-desktop\nVersion: 0.1.0\nRequires-Dist: torch>=2.4\n"
            "Requires-Dist: PySide6-Essentials!=6.12.0,>=6.6\nRequires-Dist: pytest>=8.0; extra == \"test\"\n"
            "Provides-Extra: test\n\n")
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("aigc_desktop-0.1.0.dist-info/METADATA", meta)
    assert wheelhouse.wheel_requirements(wheel, []) == ["torch>=2.4", "PySide6-Essentials!=6.12.0,>=6.6"]
    assert "pytest>=8.0" in wheelhouse.wheel_requirements(wheel, ["test"])
    assert [wheelhouse.requirement_name(r) for r in wheelhouse.wheel_requirements(wheel, [])] == \
        ["torch", "pyside6-essentials"]


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.skipif(os.environ.get("AIGC_PACKAGING_TEST") != "1",
                    reason="builds the whole app folder (10-20 min, ~10 GB): set AIGC_PACKAGING_TEST=1")
def test_built_bundle_passes_its_self_test(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"), "--skip-self-test",
                            "--dist", str(dist), "--work", str(tmp_path / "work")], timeout=3300)
    assert built.returncode == 0
    exe = build.executable(dist / "AIGC Desktop")
    assert (dist / "AIGC Desktop" / "_internal" / "aigc_desktop" / "resources" / "demo").is_dir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stderr
    assert "_internal/aigc_desktop/resources/demo" in result.stderr.replace("\\", "/")  # the bundle's own copy


def test_pyproject_lists_every_subpackage() -> None:
    """setuptools is given the package list by hand: a new subpackage left out would be missing from a wheel."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "aigc_desktop").rglob("__init__.py")}
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - on_disk == {"aigc_desktop.resources"}  # mapped from resources/ by package-dir
