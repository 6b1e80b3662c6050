"""The labelled dataset a model trained by class exports: folders by class, a manifest, near copies left
out, and nothing half-written when the disk fills."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.run.checkpoints import load_checkpoint
from aigc_desktop.core.sampling.generation import load_generator
from tests.conftest import made_again


def test_a_labelled_export_loads_with_imagefolder_and_its_manifest_matches(conditional_run: Path, tmp_path) -> None:
    import csv

    from torchvision.datasets import ImageFolder

    from aigc_desktop.core.run.session import training_pictures
    from aigc_desktop.core.sampling.curation import load_discriminator
    from aigc_desktop.core.sampling.export import read_provenance, regenerate
    from aigc_desktop.core.sampling.labelled_export import export_labelled_dataset

    gen, d = load_generator(conditional_run), load_discriminator(conditional_run)
    real = training_pictures(conditional_run, load_checkpoint(gen.checkpoint))
    result = export_labelled_dataset(gen, d, real, tmp_path / "set", 6, keep=(2, 3), seed=4)
    assert result.error is None and result.written == {"bright": 6, "dark": 6}
    folder = ImageFolder(str(tmp_path / "set"))
    assert folder.classes == ["bright", "dark"] and len(folder) == 12
    with open(tmp_path / "set" / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["file"] for r in rows) == sorted(
        p.relative_to(tmp_path / "set").as_posix() for p in (tmp_path / "set").rglob("*.png"))
    for row in rows[:3] + rows[-3:]:
        path = tmp_path / "set" / row["file"]
        assert row["file"].startswith(row["class"] + "/") and float(row["nearest_training_distance"]) > 0
        # the picture is what the manifest says: made again from its provenance, pixel for pixel
        again = regenerate(conditional_run, read_provenance(path))
        saved = torch.from_numpy(np.array(Image.open(path))).permute(2, 0, 1)
        assert made_again(again, saved)
    # keep-best 2 of 3: the kept pictures are the two of each block of three D likes most
    assert {int(r["latent_index"]) // 3 for r in rows if r["class"] == "dark"} == {0, 1, 2}


def test_near_copies_are_left_out_and_counted(conditional_run: Path, tmp_path, monkeypatch) -> None:
    from aigc_desktop.core.run.session import training_pictures
    from aigc_desktop.core.sampling import labelled_export
    from aigc_desktop.core.sampling.curation import load_discriminator

    gen, d = load_generator(conditional_run), load_discriminator(conditional_run)
    real = training_pictures(conditional_run, load_checkpoint(gen.checkpoint))
    monkeypatch.setattr(labelled_export, "copy_threshold", lambda dataset: 1.0)  # everything is a "copy"
    result = labelled_export.export_labelled_dataset(gen, d, real, tmp_path / "none", 2, classes=["dark"])
    assert result.written == {"dark": 0} and result.near_copies_left_out["dark"] > 0
    assert "near-copies" in result.warnings[0]
    kept = labelled_export.export_labelled_dataset(gen, d, real, tmp_path / "all", 2, classes=["dark"],
                                                   leave_out_copies=False)
    assert kept.written == {"dark": 2}


def test_a_full_disk_stops_the_export_with_files_and_manifest_matching(conditional_run: Path, tmp_path,
                                                                     monkeypatch) -> None:
    import csv
    import errno

    from aigc_desktop.core.run.session import training_pictures
    from aigc_desktop.core.sampling import labelled_export
    from aigc_desktop.core.sampling.curation import load_discriminator

    gen, d = load_generator(conditional_run), load_discriminator(conditional_run)
    real = training_pictures(conditional_run, load_checkpoint(gen.checkpoint))
    real_write = labelled_export.atomic_write
    calls = []

    def fills_up(path, write):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, write)

    monkeypatch.setattr(labelled_export, "atomic_write", fills_up)
    result = labelled_export.export_labelled_dataset(gen, d, real, tmp_path / "set", 4)
    assert result.total == 4 and "disk is full" in result.error
    with open(tmp_path / "set" / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        files = [r["file"] for r in csv.DictReader(f)]
    assert sorted(files) == sorted(p.relative_to(tmp_path / "set").as_posix()
                                   for p in (tmp_path / "set").rglob("*.png"))
    assert len(files) == 4 and not list((tmp_path / "set").rglob("*.tmp"))


def test_an_export_never_mixes_into_an_earlier_one_and_counts_are_checked(conditional_run: Path, tmp_path) -> None:
    from aigc_desktop.core.run.session import training_pictures
    from aigc_desktop.core.sampling.curation import load_discriminator
    from aigc_desktop.core.sampling.labelled_export import export_labelled_dataset

    gen, d = load_generator(conditional_run), load_discriminator(conditional_run)
    real = training_pictures(conditional_run, load_checkpoint(gen.checkpoint))
    export_labelled_dataset(gen, d, real, tmp_path / "set", 1)
    with pytest.raises(ConfigError, match="already holds an exported dataset"):
        export_labelled_dataset(gen, d, real, tmp_path / "set", 1)
    with pytest.raises(ConfigError, match="100,000"):
        export_labelled_dataset(gen, d, real, tmp_path / "other", 10**6)
    zipped = export_labelled_dataset(gen, d, real, tmp_path / "set.zip", 2, classes=["bright"])
    import zipfile

    names = zipfile.ZipFile(tmp_path / "set.zip").namelist()
    assert zipped.written == {"bright": 2} and "manifest.csv" in names and len(names) == 3
