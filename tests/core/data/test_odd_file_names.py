"""File names from other PCs' code pages (GBK, Latin-1) or with bytes no code page decodes: training
and every JSON file of the run folder must take them (issue 14, first defect)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.run.session import start_run
from aigc_desktop.core.run.training_loop import TrainingLoop

NAMES = ["零件1.png".encode("gbk"), "pièce2.png".encode("latin-1"), b"bad\xff\xfe3.png", b"ok4.png",
         "零件5.png".encode("gbk"), "Übung6.png".encode("cp437"), "正常7.png".encode()]


def odd_folder(root: Path) -> Path:
    folder = root / "pictures"
    for label in ("ok", "crack"):
        os.makedirs(os.fsencode(folder / label), exist_ok=True)
        for i, name in enumerate(NAMES):
            arr = np.full((16, 16, 3), 40 + 30 * i, np.uint8)
            try:
                Image.fromarray(arr).save(os.path.join(os.fsencode(folder / label), name), format="PNG")
            except (OSError, UnicodeError):
                pytest.skip("this file system does not take file names that are not valid UTF-8")
    return folder


@pytest.mark.parametrize("conditional", ["off", "on"])
def test_training_takes_file_names_that_are_not_utf8(conditional, tiny_config, tmp_path: Path) -> None:
    folder = odd_folder(tmp_path)
    prepared = start_run([folder], tmp_path / "run", tiny_config(steps=2, conditional=conditional))
    TrainingLoop(prepared.trainer, prepared.run).run()
    run = prepared.run.root
    report = json.loads((run / "dataset_report.json").read_text(encoding="utf-8"))
    assert report["counts"]["used"] == 14 - (2 if conditional == "on" else 0)  # 1 of 7 a class held out
    # the names read back are the very strings the scan found: the files open from them
    for source in prepared.trainer.dataset.sources:
        assert os.path.exists(source)
    if conditional == "on":
        held = json.loads((run / "holdout.json").read_text(encoding="utf-8"))["locations"]
        assert held and all(os.path.exists(p) for p in held)
