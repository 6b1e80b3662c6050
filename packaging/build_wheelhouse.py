"""Collect every wheel AIGC Desktop needs into one folder, for machines with no registry access.

    python packaging/build_wheelhouse.py                 # -> dist/wheelhouse/ (project + all dependencies)
    python packaging/build_wheelhouse.py --check         # ... then install it offline in a clean venv
    # on the offline machine:
    pip install --no-index --find-links wheelhouse aigc-desktop

By default each dependency is pinned to the version installed here (the set the tests ran with);
``--no-pin`` takes the newest allowed ones instead. ``--exclude-torch`` leaves out torch, torchvision
and the CUDA libraries they pull in (several GB): add those wheels to the folder yourself, for
example the much smaller CPU-only ones (see packaging/README.md). ``--platform win_amd64
--python-version 3.11`` collects for another machine (binary wheels only; untested here).
"""

from __future__ import annotations

import argparse
import email.parser
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT = "aigc-desktop"
TORCH_STACK = ("torch", "torchvision")  # what --exclude-torch leaves out (their own dependencies go with them)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(req: str) -> str:
    return canonical(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req).group(1))


def build_project_wheel(out: Path) -> Path:
    """``pip wheel`` of this checkout, without dependencies; returns the wheel's path."""
    before = set(out.glob("aigc_desktop-*.whl"))
    for old in before:
        old.unlink()  # a stale project wheel would be picked instead of the new one
    _pip(["wheel", "--no-deps", "--wheel-dir", str(out), str(REPO)])
    wheels = sorted(out.glob("aigc_desktop-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one aigc_desktop wheel in {out}, found {wheels}")
    return wheels[0]


def wheel_requirements(wheel: Path, extras: list[str]) -> list[str]:
    """The wheel's Requires-Dist lines, markers evaluated for the extras asked for."""
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(zf.read(meta_name).decode("utf-8"))
    reqs = []
    for line in meta.get_all("Requires-Dist") or []:
        spec, _, marker = line.partition(";")
        extra = re.search(r"""extra\s*==\s*["']([^"']+)["']""", marker)
        if extra and extra.group(1) not in extras:
            continue
        if marker.strip() and not extra:
            spec = f"{spec.strip()}; {marker.strip()}"  # platform markers: pip evaluates them
        reqs.append(spec.strip())
    return reqs


def missing_from_wheel(wheel: Path, repo: Path = REPO) -> list[str]:
    """Files of the package in this checkout that the wheel lacks (a package or data list in pyproject
    that fell behind): every ``aigc_desktop/**/*.py`` and ``*.qm``, and the demo set's files."""
    with zipfile.ZipFile(wheel) as zf:
        inside = set(zf.namelist())
    expected = [p.relative_to(repo).as_posix() for p in (repo / "aigc_desktop").rglob("*")
                if p.suffix in (".py", ".qm") and "__pycache__" not in p.parts]
    expected += ["aigc_desktop/resources/" + p.relative_to(repo / "resources").as_posix()
                 for p in (repo / "resources" / "demo").rglob("*") if p.is_file()]
    return sorted(name for name in expected if name not in inside)


def installed_pins(skip: set[str]) -> list[str]:
    """``name==version`` of every distribution installed here, as pip constraints."""
    pins = {}
    for dist in importlib.metadata.distributions():
        name = canonical(dist.metadata["Name"] or "")
        if name and name not in skip and "+" not in dist.version:
            pins[name] = f"{name}=={dist.version}"
    return sorted(pins.values())


def _pip(args: list[str], env: dict[str, str] | None = None, python: str = sys.executable) -> None:
    cmd = [python, "-m", "pip", *args]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env)


def download(reqs: list[str], out: Path, constraints: Path | None, target: list[str]) -> None:
    args = ["download", "--dest", str(out), "--only-binary=:all:", "--prefer-binary", *target]
    if constraints is not None:
        args += ["--constraint", str(constraints)]
    _pip(args + reqs)


def offline_env() -> dict[str, str]:
    """Environment for pip as on an offline machine: no configuration files, no extra indexes or links."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull  # ignore this machine's pip.conf (its extra indexes and find-links)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def check_install(wheelhouse: Path, extra_links: list[Path], torch_excluded: bool, non_torch: list[str]) -> None:
    """Install from the wheelhouse alone into a clean venv, with networking cut where Linux allows it."""
    venv = Path(tempfile.mkdtemp(prefix="aigc-wheelhouse-check-"))
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # no system site-packages
        python = str(venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
        no_net = ["unshare", "-n"] if sys.platform.startswith("linux") and shutil.which("unshare") \
            and os.geteuid() == 0 else []
        links = [a for d in [wheelhouse, *extra_links] for a in ("--find-links", str(d))]
        env = offline_env()
        t0 = time.perf_counter()
        if torch_excluded and not extra_links:
            # Only the part without torch can be installed: every other dependency, then the app itself.
            reqs = [r for r in non_torch if requirement_name(r) not in TORCH_STACK]
            _run([*no_net, python, "-m", "pip", "install", "--no-index", *links, *reqs], env)
            _run([*no_net, python, "-m", "pip", "install", "--no-index", "--no-deps", *links, PROJECT], env)
            probe = [python, "-c", "import PySide6.QtWidgets, pyqtgraph, numpy, PIL, platformdirs, tqdm, aigc_desktop.cli"]
        else:
            _run([*no_net, python, "-m", "pip", "install", "--no-index", *links, PROJECT], env)
            probe = [str(Path(python).parent / "aigc-desktop"), "--self-test"]
        print(f"offline install took {time.perf_counter() - t0:.0f} s", flush=True)
        if not (torch_excluded and not extra_links):  # without torch, pip check rightly reports it missing
            _run([*no_net, python, "-m", "pip", "check"], env)
        probe_env = {**env, "QT_QPA_PLATFORM": "offscreen"}
        _run([*no_net, *probe], probe_env)
        what = "the part without torch" if torch_excluded and not extra_links else "everything"
        source = "the wheelhouse" + (" and --torch-wheels" if extra_links else " alone")
        print(f"check passed: {what} installed offline from {source} and runs")
    finally:
        shutil.rmtree(venv, ignore_errors=True)


def _run(cmd: list[str], env: dict[str, str]) -> None:
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.whl"))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=REPO / "dist" / "wheelhouse", help="default: dist/wheelhouse/")
    p.add_argument("--exclude-torch", action="store_true",
                   help="leave out torch and torchvision (and the CUDA wheels they need); add them yourself")
    p.add_argument("--extras", default="", help="comma-separated optional groups to include too, e.g. test")
    p.add_argument("--no-pin", action="store_true", help="newest allowed versions instead of the installed ones")
    p.add_argument("--platform", help="collect for another platform, e.g. win_amd64 (with --python-version)")
    p.add_argument("--python-version", help="e.g. 3.11 (only with --platform)")
    p.add_argument("--check", action="store_true",
                   help="afterwards install it offline into a clean temporary venv and run the app's self-test")
    p.add_argument("--torch-wheels", type=Path, action="append", default=[],
                   help="with --check: another folder of wheels (torch's) to install from")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # our lines and pip's/PyInstaller's stay in order in a log
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    wheel = build_project_wheel(out)
    missing = missing_from_wheel(wheel)
    if missing:
        print(f"warning: {wheel.name} lacks {len(missing)} files of this checkout (pyproject's packages or "
              f"package-data is behind), e.g. {', '.join(missing[:5])}", file=sys.stderr)
    extras = [e for e in args.extras.split(",") if e]
    reqs = wheel_requirements(wheel, extras)
    wanted = [r for r in reqs if not (args.exclude_torch and requirement_name(r) in TORCH_STACK)]
    target: list[str] = []
    if args.platform:
        target = ["--platform", args.platform, "--implementation", "cp"]
        if args.python_version:
            target += ["--python-version", args.python_version]
    constraints = None
    if not args.no_pin:
        constraints = out / "constraints.txt"
        constraints.write_text("\n".join(installed_pins({canonical(PROJECT)})) + "\n", encoding="utf-8")
    try:
        download(wanted, out, constraints, target)
    finally:
        if constraints is not None:
            constraints.unlink(missing_ok=True)
    wheels = sorted(out.glob("*.whl"))
    print(f"\n{len(wheels)} wheels, {folder_size(out) / 2**30:.2f} GB in {out} "
          f"({time.perf_counter() - t0:.0f} s)")
    for w in sorted(wheels, key=lambda w: -w.stat().st_size)[:8]:
        print(f"  {w.stat().st_size / 2**20:8.1f} MB  {w.name}")
    if args.exclude_torch:
        print("torch and torchvision were left out: put their wheels (and their dependencies') in the folder.")
    print(f"Offline install: pip install --no-index --find-links {out} {PROJECT}")
    if args.check:
        check_install(out, [p.resolve() for p in args.torch_wheels], args.exclude_torch, reqs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
