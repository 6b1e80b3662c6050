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
from tests.core.data.broken_files import zip_with_raw_names

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


def test_readable_names_from_each_code_page() -> None:
    from aigc_desktop.core.data.file_names import readable, readable_zip_member

    on_disk = {"零件1.png".encode("gbk"): "零件1.png", "缺陷（裂紋）.png".encode("gbk"): "缺陷（裂紋）.png",
               "pièce2.png".encode("latin-1"): "pièce2.png", "naïve.png".encode("cp1252"): "naïve.png",
               "正常7.png".encode(): "正常7.png", b"ok4.png": "ok4.png", b"x\x81.png": "x\ufffd.png"}
    for raw, shown in on_disk.items():
        assert readable(os.fsdecode(raw)) == shown, raw
    assert readable(os.fsdecode(b"bad\xff\xfe3.png")).startswith("bad")  # something readable, never a crash
    in_zip = {"零件1.png".encode("gbk"): "零件1.png", "Übung6.png".encode("cp437"): "Übung6.png",
              "正常7.png".encode(): "正常7.png", "café.png".encode("cp437"): "café.png"}
    for raw, shown in in_zip.items():
        assert readable_zip_member(raw.decode("cp437"), utf8_flag=False) == shown, raw
    assert readable_zip_member("零件.png", utf8_flag=True) == "零件.png"


def test_zip_names_in_legacy_code_pages_are_read_and_shown_readably(tiny_config, tmp_path: Path) -> None:
    from aigc_desktop.core.data.scan import scan

    names = ["图片/裂纹/零件1.png".encode("gbk"), "图片/裂纹/零件2.png".encode("gbk"),
             "图片/正常/零件3.png".encode("gbk"), *[f"图片/正常/正常{i}.png".encode("gbk") for i in range(4, 12)],
             "图片/正常/".encode("gbk") + b"bad\xff12.png"]  # one name with a byte GBK has no meaning for
    for_cp437 = ["Übung/a1.png".encode("cp437"), "Übung/a2.png".encode("cp437"), b"plain/a3.png"]
    archive = zip_with_raw_names(tmp_path / "parts.zip", names)
    result = scan([archive])
    assert not result.skipped
    assert result.classes == ["正常", "裂纹"]
    shown = {im.source.display_name() for im in result.images}
    assert {"parts.zip:图片/裂纹/零件1.png", "parts.zip:图片/正常/正常4.png", "parts.zip:图片/正常/bad\ufffd12.png"} <= shown
    assert {im.source.file_name() for im in result.images} >= {"零件1.png", "零件3.png"}
    western = scan([zip_with_raw_names(tmp_path / "western.zip", for_cp437)])
    assert western.classes == ["plain", "Übung"] and not western.skipped
    report = result.report()
    assert {row["label"] for row in report["used"]} == {"正常", "裂纹"}
    prepared = start_run([archive], tmp_path / "run", tiny_config(steps=2, conditional="on"))
    TrainingLoop(prepared.trainer, prepared.run).run()
    assert prepared.trainer.dataset.classes == ["正常", "裂纹"]
    written = json.loads((prepared.run.root / "dataset_report.json").read_text(encoding="utf-8"))
    assert any(row["shown"].endswith("图片/裂纹/零件1.png") for row in written["used"])


def test_folder_names_in_gbk_become_readable_class_names(tmp_path: Path) -> None:
    from aigc_desktop.core.data.scan import scan

    root = tmp_path / "pictures"
    for label in ("裂纹", "正常"):
        folder = os.path.join(os.fsencode(root), label.encode("gbk"))
        try:
            os.makedirs(folder)
        except (OSError, UnicodeError):
            pytest.skip("this file system does not take file names that are not valid UTF-8")
        for i in range(2):
            Image.fromarray(np.full((16, 16, 3), 80, np.uint8)).save(os.path.join(folder, f"{i}.png".encode()),
                                                                      format="PNG")
    result = scan([root])
    assert result.classes == ["正常", "裂纹"]
    assert all(os.path.exists(im.source.path) for im in result.images)  # the exact names still open the files
    assert sorted(im.source.readable_location()[len(str(root)) + 1:] for im in result.images) == [
        "正常/0.png", "正常/1.png", "裂纹/0.png", "裂纹/1.png"]


def test_a_run_folder_named_in_gbk_generates_exports_and_rates(tiny_run, tmp_path: Path) -> None:
    """The run folder's own name in a legacy code page: PNG text chunks take it readably instead of
    failing on surrogate escapes, and the ratings database opens there."""
    import shutil

    from aigc_desktop.core.feedback.store import FeedbackStore
    from aigc_desktop.core.sampling.export import read_provenance
    from aigc_desktop.core.sampling.generation import generate_to_folder, load_generator

    raw = os.path.join(os.fsencode(tmp_path), "试验运行".encode("gbk"))
    try:
        shutil.copytree(tiny_run, os.fsdecode(raw))
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not valid UTF-8")
    gen = load_generator(os.fsdecode(raw))
    assert gen.run_name == "试验运行"
    paths = generate_to_folder(gen, 2, seed=0, out=tmp_path / "out")
    assert read_provenance(paths[0])["aigc:run"] == "试验运行"
    with FeedbackStore(Path(os.fsdecode(raw)) / "feedback.sqlite3") as store:
        assert store.path.exists()
