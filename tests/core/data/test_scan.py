"""Scanning what the user picked: folders, zips, single files, and the broken files among them."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from aigc_desktop.core.data import scan as scan_mod
from aigc_desktop.core.data.scan import ScanResult, count_pictures, map_ordered, scan
from aigc_desktop.core.data.sources import ImageSource
from aigc_desktop.core.messages import Sentence
from tests.core.data.broken_files import image_bytes, is_plain_sentence, make_broken_corpus, zip_bytes


def _names(result: ScanResult) -> list[str]:
    return [im.source.display_name() for im in result.images]


def test_folder_with_class_subfolders(image_folder: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = scan([image_folder], progress=lambda done, total: calls.append((done, total)))
    assert len(result.images) == 12 and result.skipped == [] and not result.cancelled
    assert result.classes == ["good", "scratch"]
    assert result.labels() == [0] * 6 + [1] * 6
    paths = [im.source.path for im in result.images]
    assert paths == sorted(paths)
    assert calls[-1] == (12, 12) and [d for d, _ in calls] == list(range(13))
    first = result.images[0]
    assert first.source.path == str(image_folder / "good" / "good_0.png")
    assert (first.width, first.height, first.mode) == (20, 24, "L")
    st = os.stat(first.source.path)
    assert (first.size_bytes, first.mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert scan([image_folder]) == result  # deterministic


def test_hidden_and_non_image_files_are_ignored(image_folder: Path) -> None:
    (image_folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (image_folder / "good" / "._good_0.png").write_bytes(b"\0\5\26\7AppleDouble")
    for hidden in ("__MACOSX", ".thumbnails"):
        (image_folder / hidden).mkdir()
        (image_folder / hidden / "x.png").write_bytes(image_bytes())
    (image_folder / "notes.txt").write_text("not a picture")
    (image_folder / "good" / "archive.zip").write_bytes(zip_bytes({"a.png": image_bytes()}))
    result = scan([image_folder])
    assert len(result.images) == 12 and result.skipped == []


def test_broken_files_are_skipped_with_reasons(image_folder: Path) -> None:
    expected = make_broken_corpus(image_folder / "broken")
    result = scan([image_folder])
    assert len(result.images) == 12
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert set(reasons) == set(expected)
    for name, word in expected.items():
        assert word in reasons[name], (name, reasons[name])
        assert is_plain_sentence(reasons[name]), reasons[name]
        assert isinstance(reasons[name], Sentence), name  # so the window shows it in the user's language
    counts = result.report()["counts"]
    assert counts == {"found": 12 + len(expected), "used": 12, "skipped": len(expected)}


def test_unreadable_file_is_skipped(image_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = str(image_folder / "good" / "good_1.jpg")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if str(self) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # root ignores chmod 000
    result = scan([image_folder])
    assert len(result.images) == 11
    assert [(s.path, s.reason) for s in result.skipped] == [
        (locked, "The file could not be read: permission denied.")
    ]


def test_zip_with_folders_and_unsafe_entries(tmp_path: Path) -> None:
    archive = tmp_path / "pics.zip"
    archive.write_bytes(
        zip_bytes(
            {
                "cats/a.png": image_bytes(seed=1),
                "cats/sub/b.jpg": image_bytes("JPEG", seed=2),
                "dogs/c.png": image_bytes(seed=3),
                "loose.bmp": image_bytes("BMP", seed=4),
                "readme.txt": b"hello",
                "__MACOSX/cats/._a.png": b"\0\5\26\7",
                "dogs/broken.png": b"",
                "../evil.png": image_bytes(seed=5),
                "/etc/abs.png": image_bytes(seed=6),
                "C:/windows/drive.png": image_bytes(seed=7),
                "cats/../../up.png": image_bytes(seed=8),
            }
        )
    )
    result = scan([archive])
    assert _names(result) == [
        "pics.zip:cats/a.png",
        "pics.zip:cats/sub/b.jpg",
        "pics.zip:dogs/c.png",
        "pics.zip:loose.bmp",
    ]
    assert [im.source.label for im in result.images] == ["cats", "cats", "dogs", ""]
    assert result.classes == ["", "cats", "dogs"]
    assert result.images[0].source.read_bytes() == image_bytes(seed=1)
    assert result.images[0].source.location() == f"{archive}:cats/a.png"
    reasons = {s.path.split(":", 1)[1]: s.reason for s in result.skipped}
    assert set(reasons) == {
        "../evil.png",
        "/etc/abs.png",
        "C:/windows/drive.png",
        "cats/../../up.png",
        "dogs/broken.png",
    }
    assert all(r.startswith("Unsafe path in zip") for k, r in reasons.items() if k != "dogs/broken.png")
    assert "empty" in reasons["dogs/broken.png"]


def test_zip_entry_mtime_follows_its_content(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(zip_bytes({"x.png": image_bytes(seed=1)}))
    before = scan([archive]).images[0]
    old = os.stat(archive)
    archive.write_bytes(zip_bytes({"x.png": image_bytes(seed=2)}))
    os.utime(archive, ns=(old.st_atime_ns, old.st_mtime_ns))  # same size, same time: only the CRC differs
    after = scan([archive]).images[0]
    assert after.size_bytes == before.size_bytes
    assert before.mtime_ns != after.mtime_ns


def test_bad_paths_and_corrupt_zip(tmp_path: Path) -> None:
    good = tmp_path / "ok.png"
    good.write_bytes(image_bytes())
    corrupt = tmp_path / "broken.zip"
    whole = zip_bytes({"a.png": image_bytes()})
    corrupt.write_bytes(whole[: len(whole) // 2])
    missing = tmp_path / "nowhere"
    result = scan([good, corrupt, missing])
    assert _names(result) == ["ok.png"] and result.images[0].source.label == ""
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons == {str(corrupt): scan_mod.BAD_ZIP, str(missing): scan_mod.NOT_FOUND}


def test_explicit_files_are_tried_whatever_their_name(tmp_path: Path) -> None:
    disguised = tmp_path / "photo.dat"
    disguised.write_bytes(image_bytes("PNG"))
    note = tmp_path / "notes.txt"
    note.write_text("just words")
    result = scan([disguised, note])
    assert _names(result) == ["photo.dat"]
    assert [s.path for s in result.skipped] == [str(note)]
    assert "not a picture" in result.skipped[0].reason


def test_duplicates_count_once_and_folders_merge(image_folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "more" / "good"
    other.mkdir(parents=True)
    (other / "extra.png").write_bytes(image_bytes())
    one_file = image_folder / "good" / "good_0.png"
    result = scan([image_folder, image_folder / "good", one_file, str(image_folder), tmp_path / "more"])
    assert len(result.images) == 13
    assert result.classes == ["good", "scratch"]
    assert sum(im.source.label == "good" for im in result.images) == 7


def test_stop_returns_partial_result(image_folder: Path) -> None:
    seen: list[int] = []
    result = scan([image_folder], progress=lambda d, t: seen.append(d), should_stop=lambda: len(seen) > 3)
    assert result.cancelled and 3 <= len(result.images) < 12
    early = scan([image_folder], should_stop=lambda: True)
    assert early.cancelled and early.images == []


def test_without_report_and_write_report(image_folder: Path, tmp_path: Path) -> None:
    make_broken_corpus(image_folder / "broken")
    result = scan([image_folder])
    fewer = result.without(range(6))
    assert len(fewer.images) == 6 and fewer.classes == ["scratch"] and fewer.labels() == [0] * 6
    assert len(result.images) == 12 and (image_folder / "good" / "good_0.png").exists()
    report = result.report()
    assert report["classes"] == [{"name": "good", "count": 6}, {"name": "scratch", "count": 6}]
    assert report["sizes"]["width"] == {"min": 20, "max": 30, "median": 25.0}
    assert report["sizes"]["height"] == {"min": 24, "max": 29, "median": 26.5}
    assert report["channels"] == {"gray": 4, "color": 8} and report["modes"] == {"L": 4, "RGB": 8}
    assert report["used"][0] == {
        "path": str(image_folder / "good" / "good_0.png"),
        "shown": str(image_folder / "good" / "good_0.png"),
        "label": "good",
        "width": 20,
        "height": 24,
        "mode": "L",
    }
    written = result.write_report(tmp_path)
    assert written == tmp_path / "dataset_report.json"
    assert json.loads(written.read_text(encoding="utf-8")) == report
    assert not list(tmp_path.glob(".*.tmp"))


def test_map_ordered_keeps_order_and_stops_early() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def slow(x: int) -> int:
        with lock:
            started.append(x)
        time.sleep(0.002 * (x % 3))
        return x * x

    assert list(map_ordered(slow, list(range(20)), workers=3)) == [x * x for x in range(20)]
    started.clear()
    gen = map_ordered(slow, list(range(100)), workers=2)
    assert [next(gen) for _ in range(3)] == [0, 1, 4]
    gen.close()
    assert len(started) < 20  # only a bounded look-ahead was ever submitted


def test_image_source_names() -> None:
    plain = ImageSource("/data/pics/a.png", label="x")
    member = ImageSource("/data/set.zip", "good/b.png", "good")
    assert plain.display_name() == "a.png" and member.display_name() == "set.zip:good/b.png"
    assert member.location() == "/data/set.zip:good/b.png"


def test_counting_pictures_by_name_is_what_a_scan_may_keep(image_folder: Path) -> None:
    """The quick count the command line picks a preset by: names only, broken files included."""
    assert count_pictures([image_folder]) == 12
    (image_folder / "good" / "cut.png").write_bytes(image_bytes()[:40])
    (image_folder / "notes.txt").write_text("not a picture")
    assert count_pictures([image_folder, image_folder / "good"]) == 13  # each file once
    assert len(scan([image_folder]).images) == 12
