"""Build the double-clickable app folder: ``python packaging/build.py`` → ``dist/AIGC Desktop/``.

PyInstaller, one-folder mode, windowed, with our icon, the demo dataset, the icons and the
translations inside. It bundles whichever torch is installed (CUDA build: about 4 GB; CPU-only
build: far smaller, see packaging/README.md). After building it prints the bundle's size and what
dominates it, then runs ``"dist/AIGC Desktop/AIGC Desktop" --self-test`` and fails if that fails.

The PyInstaller spec is generated from :func:`build_plan` (so a test can read what goes in and
what is left out) and written to the work folder; edit this file, not the spec.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP_NAME = "AIGC Desktop"

# Modules the app never loads (checked by running the self-test and the window with each one blocked).
EXCLUDED_MODULES = [
    # test and developer tools
    "pytest", "_pytest", "pytestqt", "pytest_qt", "pytest_timeout", "pytest_benchmark", "pluggy",
    "IPython", "ipykernel", "jupyter_client", "jedi", "parso", "ruff",
    # GUI toolkits and plotting libraries we do not use; other Qt bindings (pyqtgraph supports four)
    "tkinter", "_tkinter", "turtle", "turtledemo", "matplotlib", "PyQt5", "PyQt6", "PySide2",
    # torch's optional parts: the compiler back end (torch.compile is never called: ~0.9 GB with its
    # CUDA tool chain), TensorBoard logging, and SciPy (imported only by torch's test helpers and by
    # pyqtgraph functions the app does not call)
    "triton", "tensorboard", "torch.utils.tensorboard", "scipy",
    # build tools that torch.utils.cpp_extension would import; we never compile extensions
    "setuptools", "pkg_resources", "distutils", "Cython",
    # an HTTP stack (reached only through fsspec's web back ends and torch's test helpers): the app
    # makes no network connection, so it ships no client library for one
    "requests", "urllib3", "cryptography", "charset_normalizer", "certifi",
    # imported only by torch's test helpers and profiler exporters
    "hypothesis", "psutil", "pandas", "orjson",
]
# Qt modules beyond what the window and pyqtgraph import (QtCore, QtGui, QtWidgets, QtOpenGL,
# QtOpenGLWidgets, QtSvg, QtTest): web engine, QML/Quick, 3D, multimedia, networking, databases ...
EXCLUDED_QT_MODULES = [
    f"PySide6.{name}" for name in (
        "QtNetwork", "QtNetworkAuth", "QtHttpServer", "QtWebSockets", "QtWebChannel", "QtWebEngineCore",
        "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebView", "QtQml", "QtQuick", "QtQuickWidgets",
        "QtQuickControls2", "QtQuickTest", "QtQuick3D", "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic",
        "Qt3DAnimation", "Qt3DExtras", "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio",
        "QtTextToSpeech", "QtCharts", "QtDataVisualization", "QtGraphs", "QtGraphsWidgets", "QtPdf",
        "QtPdfWidgets", "QtDesigner", "QtHelp", "QtUiTools", "QtSql", "QtDBus", "QtBluetooth", "QtNfc",
        "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus", "QtRemoteObjects",
        "QtScxml", "QtStateMachine", "QtConcurrent", "QtPrintSupport", "QtSvgWidgets", "QtAxContainer",
        "QtCanvasPainter",
    )
] + ["pyqtgraph.opengl", "pyqtgraph.jupyter", "pyqtgraph.examples"]

# Files that PyInstaller's Qt hooks collect but this app never opens (glob patterns over paths in
# the bundle, "/"-separated). Qt plug-ins are loaded on demand, so leaving these out cannot break
# start-up: xcb, wayland, offscreen and minimal stay for the platforms, and so do the image formats.
DROPPED_FILES = [
    "PySide6/Qt/plugins/platforms/*vnc*", "PySide6/Qt/plugins/platforms/*eglfs*",
    "PySide6/Qt/plugins/platforms/*linuxfb*", "PySide6/Qt/plugins/platforms/*minimalegl*",
    "PySide6/Qt/plugins/platforms/*vkkhrdisplay*", "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/plugins/imageformats/*pdf*",  # pulls in libQt6Pdf (~10 MB) for PDF thumbnails
    "PySide6/Qt/plugins/tls/*", "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/Qt/plugins/generic/*",  # touch screens and tablets via evdev/tslib
    # Qt's own translations: keep Chinese and English, which the app ships; the rest are ~20 MB
    "PySide6/Qt/translations/*",
]
KEPT_FILES = ["PySide6/Qt/translations/*_zh_CN.qm", "PySide6/Qt/translations/*_en.qm"]


def _data_files(repo: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) for every data file: the same layout as an installed wheel."""
    res = repo / "resources"
    datas = [(str(res / "demo"), "aigc_desktop/resources/demo"), (str(res / "icons"), "aigc_desktop/resources/icons")]
    datas += [(str(p), "aigc_desktop/resources") for p in sorted(res.glob("*.md"))]
    # Compiled translations; someone may be adding them right now, so take whatever is there.
    datas += [(str(p), "aigc_desktop/i18n") for p in sorted((repo / "aigc_desktop" / "i18n").glob("*.qm"))]
    return datas


def _package_modules(repo: Path) -> list[str]:
    """Every module of aigc_desktop, so a lazy or by-name import can never be missing from the bundle."""
    names = []
    for path in sorted((repo / "aigc_desktop").rglob("*.py")):
        parts = path.relative_to(repo).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # the bundle's entry is packaging/entry.py
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def build_plan(repo: Path = REPO, platform: str = sys.platform) -> dict:
    """Everything that decides what goes into the bundle; the spec is rendered from this."""
    icons = repo / "resources" / "icons"
    return {
        "name": APP_NAME,
        "entry": str(repo / "packaging" / "entry.py"),
        "pathex": [str(repo)],
        # The window is the app; no console window opens on Windows (the entry attaches to the
        # terminal's console when started from one with arguments).
        "console": False,
        # The executable's own icon exists on Windows (.ico) and macOS; on Linux the window sets its icon
        # and `--install-shortcut` writes the menu entry's.
        "icon": str(icons / "aigc-desktop.ico") if platform.startswith("win")
        else str(icons / "aigc-desktop.png") if platform == "darwin" else None,
        "datas": _data_files(repo),
        "hiddenimports": _package_modules(repo),
        # torchvision (0.29 here) keeps its C++ ops in _C_stable.so, loaded by torch.ops.load_library: not
        # a module, so PyInstaller's torchvision hook (which asks for torchvision._C) misses it and the
        # frozen app fails with "operator torchvision::nms does not exist". Collect its libraries by hand.
        "native_libs": ["torchvision"],
        # resources/ is installed as the package aigc_desktop.resources (pyproject package-dir), a
        # mapping PyInstaller's path-based module finder cannot see, so the spec adds it by hand.
        "extra_modules": [["aigc_desktop.resources", str(repo / "resources" / "__init__.py"), "PYMODULE"]],
        "excludes": EXCLUDED_MODULES + EXCLUDED_QT_MODULES,
        "drop": DROPPED_FILES,
        "keep": KEPT_FILES,
    }


SPEC_TEMPLATE = '''# Generated by packaging/build.py from build_plan(): edit that, not this file.
import fnmatch, json

from PyInstaller.utils.hooks import collect_dynamic_libs

PLAN = json.loads({plan!r})


def _wanted(entry):
    dest = entry[0].replace("\\\\", "/")
    if any(fnmatch.fnmatch(dest, p) for p in PLAN["keep"]):
        return True
    return not any(fnmatch.fnmatch(dest, p) for p in PLAN["drop"])


extra_binaries = []
for package in PLAN["native_libs"]:
    extra_binaries += collect_dynamic_libs(package, search_patterns=["*.so", "*.so.*", "*.pyd", "*.dll", "*.dylib"])

a = Analysis(
    [PLAN["entry"]], pathex=PLAN["pathex"], binaries=extra_binaries, datas=[tuple(d) for d in PLAN["datas"]],
    hiddenimports=PLAN["hiddenimports"], hookspath=[], hooksconfig={{}}, runtime_hooks=[],
    excludes=PLAN["excludes"], noarchive=False, optimize=0,
)
a.pure.extend(tuple(m) for m in PLAN["extra_modules"])  # in place: keeps PyInstaller's code cache
a.binaries = [e for e in a.binaries if _wanted(e)]
a.datas = [e for e in a.datas if _wanted(e)]
pyz = PYZ(a.pure)
exe = EXE(
    pyz, a.scripts, [], exclude_binaries=True, name=PLAN["name"], icon=PLAN["icon"], console=PLAN["console"],
    debug=False, bootloader_ignore_signals=False, strip=False,
    upx=False,  # UPX breaks CUDA and Qt libraries, and unpacking them would slow every start
    contents_directory="_internal",
)
coll = COLLECT(exe, a.binaries, a.datas, strip=False, upx=False, name=PLAN["name"])
'''


def render_spec(plan: dict) -> str:
    return SPEC_TEMPLATE.format(plan=json.dumps(plan))


def executable(bundle: Path, platform: str = sys.platform) -> Path:
    return bundle / (APP_NAME + (".exe" if platform.startswith("win") else ""))


def run_pyinstaller(plan: dict, dist: Path, work: Path, clean: bool) -> None:
    work.mkdir(parents=True, exist_ok=True)
    spec = work / "aigc-desktop.spec"
    spec.write_text(render_spec(plan), encoding="utf-8")
    cmd = [sys.executable, "-m", "PyInstaller", str(spec), "--noconfirm",
           "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        cmd.append("--clean")
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=REPO)


def _human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError


def size_report(bundle: Path, top: int = 10) -> str:
    """Total size, the largest entries of the bundle's library folder, and the largest single files."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    sizes = {p: p.stat().st_size for p in files}
    total = sum(sizes.values())
    inner = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    by_entry: dict[str, int] = {}
    for p, n in sizes.items():
        rel = p.relative_to(inner).parts if p.is_relative_to(inner) else ("(launcher) " + p.name,)
        # Two levels for the big packages (torch/lib, nvidia/cu13 ...), one for the rest.
        key = "/".join(rel[:2]) if rel[0] in ("torch", "nvidia", "PySide6") and len(rel) > 2 else rel[0]
        by_entry[key] = by_entry.get(key, 0) + n
    lines = [f"Bundle {bundle}: {_human(total)} in {len(files)} files"]
    lines.append(f"Largest parts of {inner.name}/:")
    for key, n in sorted(by_entry.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {_human(n):>9}  {100 * n / total:4.1f}%  {key}")
    lines.append("Largest files:")
    for p, n in sorted(sizes.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {_human(n):>9}  {p.relative_to(bundle)}")
    return "\n".join(lines)


def run_self_test(exe: Path, timeout_s: float = 900) -> int:
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")  # the self-test opens no window, but loads Qt
    print(f'$ "{exe}" --self-test', flush=True)
    t0 = time.perf_counter()
    try:
        rc = subprocess.run([str(exe), "--self-test"], env=env, timeout=timeout_s).returncode
    except subprocess.TimeoutExpired:
        print(f"self-test did not finish within {timeout_s:.0f} s", file=sys.stderr)
        return 1
    print(f"self-test exit code {rc} after {time.perf_counter() - t0:.1f} s", flush=True)
    return rc


def create_windows_shortcut(exe: Path, programs: Path | None = None) -> Path:
    """Put "AIGC Desktop" in this user's Start menu (no administrator rights), via WScript.Shell.

    The paths travel in environment variables, so spaces and quotes in them need no escaping.
    """
    if programs is None:
        programs = Path(os.environ["APPDATA"]) / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    programs.mkdir(parents=True, exist_ok=True)
    link = programs / f"{APP_NAME}.lnk"
    script = (
        "$ErrorActionPreference = 'Stop'; "
        "$s = (New-Object -ComObject WScript.Shell).CreateShortcut($env:AIGC_LINK); "
        "$s.TargetPath = $env:AIGC_TARGET; "
        "$s.WorkingDirectory = $env:USERPROFILE; "
        "$s.IconLocation = $env:AIGC_TARGET + ',0'; "
        "$s.Description = 'Teach an image generator from your own pictures, offline'; "
        "$s.Save()"
    )
    env = {**os.environ, "AIGC_LINK": str(link), "AIGC_TARGET": str(exe.resolve())}
    subprocess.run(["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
                    "-Command", script], env=env, check=True)
    return link


def make_shortcut(exe: Path) -> None:
    if sys.platform.startswith("win"):
        print(f"wrote {create_windows_shortcut(exe)}")
    elif sys.platform.startswith("linux"):
        # The frozen app writes a .desktop entry that starts this very executable.
        subprocess.run([str(exe), "--install-shortcut"], check=True)
    else:
        print("--shortcut: only Windows (Start menu) and Linux (.desktop entry) are supported", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--onedir", action="store_true", default=True,
                   help="one-folder bundle (the default and only mode: a one-file build would unpack "
                        "gigabytes of torch to a temporary folder at every start)")
    p.add_argument("--clean", action="store_true",
                   help="delete the previous bundle, work folder and PyInstaller's cache first")
    p.add_argument("--skip-self-test", action="store_true", help="do not run the bundle's --self-test")
    p.add_argument("--skip-build", action="store_true",
                   help="use the bundle already in --dist (report, self-test, shortcut only)")
    p.add_argument("--shortcut", action="store_true",
                   help="afterwards add the bundle to this user's Start menu (Windows) or app menu (Linux)")
    p.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder (default: dist/)")
    p.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller",
                   help="PyInstaller's work folder (default: build/pyinstaller/)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # our lines and pip's/PyInstaller's stay in order in a log
    bundle = args.dist.resolve() / APP_NAME
    exe = executable(bundle)
    t0 = time.perf_counter()
    if not args.skip_build:
        try:
            import PyInstaller  # noqa: F401
        except ImportError:
            print("PyInstaller is missing: pip install 'pyinstaller>=6'", file=sys.stderr)
            return 2
        if args.clean:
            for folder in (bundle, args.work.resolve()):
                shutil.rmtree(folder, ignore_errors=True)
        plan = build_plan()
        if not any(dest == "aigc_desktop/i18n" for _, dest in plan["datas"]):
            print("warning: no aigc_desktop/i18n/*.qm found: the bundle will be English only", file=sys.stderr)
        try:
            run_pyinstaller(plan, args.dist.resolve(), args.work.resolve(), args.clean)
        except subprocess.CalledProcessError as exc:
            print(f"PyInstaller failed (exit code {exc.returncode})", file=sys.stderr)
            return 1
        print(f"built {bundle} in {time.perf_counter() - t0:.0f} s")
    if not exe.is_file():
        print(f"no executable at {exe}", file=sys.stderr)
        return 1
    print(size_report(bundle), flush=True)
    if not args.skip_self_test and run_self_test(exe) != 0:
        print("the bundle's self-test FAILED", file=sys.stderr)
        return 1
    if args.shortcut:
        make_shortcut(exe)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
