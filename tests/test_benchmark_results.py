"""The quality-per-minute benchmark keeps what earlier calls measured: an hour of training per row."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "quality_per_minute.py"


def load_script():
    spec = importlib.util.spec_from_file_location("quality_per_minute_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def rows(config: str, marks: list[float]) -> list[dict]:
    return [{"set": "demo", "config": config, "minutes": m, "score": 100.0 / m} for m in marks]


def test_a_call_with_other_marks_keeps_the_rows_of_other_configurations(tmp_path):
    qpm = load_script()
    path = tmp_path / "results.jsonl"
    finished = rows("cpu-detail", [1, 2, 5, 10])  # a run done by an earlier call, up to 10 minutes
    interrupted = rows("plain-dcgan-64-small", [5])  # stopped before its 10- and 20-minute marks
    path.write_text("".join(json.dumps(r) + "\n" for r in finished + interrupted), encoding="utf-8")

    kept = qpm.earlier_results(path, (5.0, 10.0, 20.0), False, {("demo", "plain-dcgan-64-small")})

    assert kept == finished, "the interrupted pair runs again; the other configuration's rows stay"
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == finished
    # A pair of this call that is complete at every mark is kept and not run again.
    complete = rows("plain-dcgan-64-small", [5, 10, 20])
    path.write_text("".join(json.dumps(r) + "\n" for r in finished + complete), encoding="utf-8")
    assert qpm.earlier_results(path, (5.0, 10.0, 20.0), False, {("demo", "plain-dcgan-64-small")}) == finished + complete
    assert qpm.earlier_results(path, (5.0,), True, set()) == [] and path.read_text(encoding="utf-8") == ""
