"""Images/s of the same training with 1 and with 2 processes (torchrun, gloo on the CPU), in one run.

Both use all the machine's cores: 1 process × N threads against 2 processes × N/2 threads. The
per-process batch is the same, so 2 processes train on twice the images per step.

    python benchmarks/distributed_throughput.py [--steps 300] [--resolution 32] [--device cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(nproc: int, threads: int, args: argparse.Namespace, work: Path) -> float:
    out = work / f"run-{nproc}"
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(nproc),
           "-m", "aigc_desktop.cli", "train", "--demo", "--out", str(out), "--steps", str(args.steps),
           "--resolution", str(args.resolution), "--device", args.device, "--log-every", "10",
           "--checkpoint-every", str(args.steps), "--sample-every", str(args.steps)]
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT, timeout=1800)
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    per_process = statistics.median(r["images_per_s"] for r in rows[len(rows) // 4:])
    return per_process * nproc


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--resolution", type=int, default=32)
    p.add_argument("--device", default="cpu")
    args = p.parse_args()
    cores = os.cpu_count() or 2
    with tempfile.TemporaryDirectory() as tmp:
        one = run(1, cores, args, Path(tmp))
        two = run(2, max(1, cores // 2), args, Path(tmp))
    print(f"{args.resolution}px, cpu-quick model, {cores} cores, {args.steps} steps")
    print(f"1 process  × {cores} threads: {one:7.0f} images/s")
    print(f"2 processes × {max(1, cores // 2)} threads: {two:7.0f} images/s")
    print(f"ratio 2/1: {two / one:.2f}")


if __name__ == "__main__":
    main()
