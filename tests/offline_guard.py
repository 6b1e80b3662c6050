"""Run a command of the app with every network call refused: ``python offline_guard.py MODULE ARGS...``.

Any attempt to connect or resolve a name fails and is reported on stderr as NETWORK-ATTEMPT, so a test
can tell "it worked offline" from "it tried the network and coped".
"""

from __future__ import annotations

import runpy
import socket
import sys


def _refuse(*args: object, **kwargs: object) -> None:
    print(f"NETWORK-ATTEMPT {args[1:] if len(args) > 1 else args}", file=sys.stderr, flush=True)
    raise OSError("network access is disabled in this test")


socket.socket.connect = _refuse  # type: ignore[method-assign]
socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
socket.getaddrinfo = _refuse  # type: ignore[assignment]
socket.create_connection = _refuse  # type: ignore[assignment]

if __name__ == "__main__":
    module, sys.argv = sys.argv[1], [sys.argv[1], *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
