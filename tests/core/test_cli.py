"""The command line end to end, in real subprocesses, on the built-in demo set at 16 px."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image


def cli(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aigc_desktop.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


TINY = ["--resolution", "16", "--batch", "8", "--log-every", "5", "--checkpoint-every", "10", "--sample-every", "10"]


@pytest.mark.slow
def test_train_resume_generate_on_the_demo_set(tmp_path):
    run = tmp_path / "run"
    # turning forced on (auto would leave it off at 16 px): generate --like below must remake it exactly
    out = cli("train", "--demo", "--out", str(run), "--steps", "20", "--device", "cpu", "--rotate", "on",
              "--conditional", "off", *TINY)
    assert out.returncode == 0, out.stderr
    assert "340 images used" in out.stderr and "checkpoint" in out.stderr and "turning on" in out.stderr
    assert json.loads((run / "config.json").read_text())["g_rotate"] == "on"
    for name in ("config.json", "dataset_report.json", "metrics.jsonl", "sources.json"):
        assert (run / name).is_file(), name
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [5, 10, 15, 20]
    assert {"loss_d", "loss_g", "d_real", "d_fake", "images_per_s"} <= set(rows[0])
    assert sorted(p.name for p in (run / "checkpoints").iterdir())[-1] == "ckpt-00000020.pt"
    assert any((run / "samples").iterdir())
    report = json.loads((run / "dataset_report.json").read_text())
    assert report["counts"]["used"] == 340

    out = cli("resume", str(run), "--steps", "30")
    assert out.returncode == 0, out.stderr
    assert "resumed from" in out.stderr and "step 20" in out.stderr
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [5, 10, 15, 20, 25, 30]

    images = tmp_path / "images"
    out = cli("generate", str(run), "-n", "5", "--seed", "7", "--out", str(images))
    assert out.returncode == 0, out.stderr
    pngs = sorted(images.glob("image-*.png"))
    assert len(pngs) == 5 and (images / "grid.png").is_file()
    first = Image.open(pngs[0])
    assert first.size == (16, 16) and first.text["aigc:step"] == "30" and first.text["aigc:seed"] == "7"

    # any exported image can be made again exactly from the provenance it carries
    out = cli("generate", str(run), "-n", "3", "--seed", "11", "--psi", "0.5", "--out", str(tmp_path / "psi"))
    assert out.returncode == 0, out.stderr
    exported = sorted((tmp_path / "psi").glob("image-*.png"))[-1]
    assert Image.open(exported).text["aigc:psi"] == "0.5"
    out = cli("generate", str(run), "--like", str(exported), "--out", str(tmp_path / "again"))
    assert out.returncode == 0, out.stderr
    again = tmp_path / "again" / exported.name
    assert np.array_equal(np.asarray(Image.open(again)), np.asarray(Image.open(exported)))

    out = cli("evaluate", str(run), "-n", "64", "--checkpoint", "20")
    assert out.returncode == 0, out.stderr
    scores = json.loads(out.stdout)
    assert scores["step"] == 20 and scores["n"] == 64 and scores["swd"] > 0 and "diversity" in scores
    assert 0 <= scores["coverage"] <= 1 and 0 <= scores["precision"] <= 1 and scores["colour_error"] >= 0
    assert len(scores["uncovered_examples"]) == min(8, scores["uncovered_count"]) and scores["summary"]
    assert cli("evaluate", str(run), "--checkpoint", "7").returncode == 2


def test_bad_input_exits_with_2_and_a_plain_message(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("hello")
    out = cli("train", str(empty), "--out", str(tmp_path / "r"), "--steps", "5", "--device", "cpu")
    assert out.returncode == 2
    assert "No usable images" in out.stderr and "Traceback" not in out.stderr

    out = cli("train", "--demo", "--out", str(tmp_path / "r2"), "--resolution", "48")
    assert out.returncode == 2 and "resolution must be one of" in out.stderr

    out = cli("train", "--demo", "--out", str(tmp_path / "r3"), "--device", "cuda:7")
    assert out.returncode == 2 and "not available" in out.stderr

    out = cli("resume", str(tmp_path))
    assert out.returncode == 2 and "not a run folder" in out.stderr

    out = cli("generate", str(tmp_path / "nothing"), "--out", str(tmp_path / "o"))
    assert out.returncode == 2 and "no checkpoint file" in out.stderr


def test_devices_lists_the_cpu():
    out = cli("devices")
    assert out.returncode == 0 and "cpu" in out.stdout and "(auto)" in out.stdout


def test_removed_images_are_matched_by_location_not_by_name(tmp_path):
    """Cameras reuse file names: removing good/001.png must not drop scratch/001.png."""
    from aigc_desktop.core.data.scan import scan
    from aigc_desktop.core.run.config import TrainConfig
    from aigc_desktop.core.run.run_folder import RunFolder
    from aigc_desktop.core.run.session import prepare_dataset

    for label in ("good", "scratch"):
        (tmp_path / "data" / label).mkdir(parents=True)
        Image.new("RGB", (20, 20), (10, 200, 30)).save(tmp_path / "data" / label / "001.png")
    result = scan([tmp_path / "data"])
    doomed = next(im for im in result.images if im.source.label == "good")
    config = TrainConfig(resolution=16)
    kept, dataset = prepare_dataset([tmp_path / "data"], config, RunFolder(tmp_path / "run"),
                                    removed=[doomed.source.location()], scanned=result)
    assert [im.source.label for im in kept.images] == ["scratch"] and len(dataset) == 1


@pytest.mark.slow
def test_self_test_passes_without_a_window():
    out = cli("--self-test")
    assert out.returncode == 0, out.stderr
    assert "self-test passed" in out.stderr and "generated image-0-00000.png" in out.stderr


@pytest.mark.slow
def test_train_by_class_and_generate_one_class_or_all(tmp_path):
    run = tmp_path / "run"
    # by class is the default wherever there are two or more class folders
    out = cli("train", "--demo", "--out", str(run), "--steps", "10", "--device", "cpu", *TINY)
    assert out.returncode == 0, out.stderr
    # 15 % of each class (13 of 85) is held out to test usefulness, never trained on
    assert "classes: crack 72, dent 72, ok 72, scratch 72; learnt by class" in out.stderr
    assert "held out to test usefulness: 52 pictures" in out.stderr

    out = cli("generate", str(run), "-n", "3", "--class", "crack", "--out", str(tmp_path / "cracks"))
    assert out.returncode == 0, out.stderr
    pngs = sorted((tmp_path / "cracks").glob("image-*.png"))
    assert len(pngs) == 3 and {Image.open(p).text["aigc:class"] for p in pngs} == {"crack"}
    assert (tmp_path / "cracks" / "grid.png").is_file()

    out = cli("generate", str(run), "-n", "2", "--class", "all", "--out", str(tmp_path / "all"))
    assert out.returncode == 0, out.stderr
    for name in ("crack", "dent", "ok", "scratch"):
        pngs = sorted((tmp_path / "all" / name).glob("image-*.png"))
        assert len(pngs) == 2 and {Image.open(p).text["aigc:class"] for p in pngs} == {name}

    out = cli("generate", str(run), "--class", "rust", "--out", str(tmp_path / "none"))
    assert out.returncode == 2 and "crack, dent, ok, scratch" in out.stderr and "Traceback" not in out.stderr

    out = cli("export-dataset", str(run), "--per-class", "2", "--class", "crack", "ok", "--keep-best", "1", "--of",
              "2", "--out", str(tmp_path / "set.zip"))
    assert out.returncode == 0, out.stderr
    assert "Exported 4 pictures" in out.stderr and "near-copies of training pictures left out" in out.stderr
    import zipfile

    names = sorted(zipfile.ZipFile(tmp_path / "set.zip").namelist())
    assert names[-1] == "ok/" + names[-1][3:] and "manifest.csv" in names and len(names) == 5
    out = cli("export-dataset", str(run), "--per-class", "1000000", "--out", str(tmp_path / "big"))
    assert out.returncode == 2 and "100,000" in out.stderr

    plain = tmp_path / "plain"
    assert cli("train", "--demo", "--out", str(plain), "--steps", "2", "--device", "cpu", "--conditional", "off",
               *TINY).returncode == 0
    out = cli("generate", str(plain), "--class", "crack", "--out", str(tmp_path / "none"))
    assert out.returncode == 2 and "not trained by class" in out.stderr
    out = cli("export-dataset", str(plain), "--per-class", "2", "--out", str(tmp_path / "none"))
    assert out.returncode == 2 and "not trained by class" in out.stderr
