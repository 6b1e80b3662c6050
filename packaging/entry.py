"""Entry point of the frozen app (PyInstaller): the same as the ``aigc-desktop`` command.

No arguments opens the window; ``--self-test``, ``train``, ``generate`` ... run headless as usual.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def _windows_console_streams() -> None:
    """Give a windowed ``.exe`` somewhere to print.

    A Windows GUI-subsystem program starts with ``sys.stdout``/``sys.stderr`` set to None. Double-clicked,
    that is right (nobody reads them). Started from a terminal with arguments (``--self-test``, ``train``),
    attach to that terminal's console so the output shows; when there is none, write to the null device,
    so that code printing progress (tqdm) does not fail on None.
    """
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    attached = False
    if len(sys.argv) > 1:
        import ctypes

        try:
            attached = bool(ctypes.windll.kernel32.AttachConsole(-1))  # -1: ATTACH_PARENT_PROCESS
        except (AttributeError, OSError):
            attached = False
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is not None:
            continue
        try:
            stream = open("CONOUT$" if attached else os.devnull, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        except OSError:
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        setattr(sys, name, stream)


def main() -> int:
    # A frozen program that starts worker processes by "spawn" re-runs this file in the child;
    # freeze_support() makes the child run its task instead of opening a second window.
    multiprocessing.freeze_support()
    _windows_console_streams()
    from aigc_desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
