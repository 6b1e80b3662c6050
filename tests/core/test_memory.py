"""Freed memory goes back to the system after an evaluation and at the end of a run."""

import sys

import pytest
import torch

from aigc_desktop.core.memory import release_free_memory


def _resident_mb() -> float:
    import os

    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim: Linux only")
def test_free_heap_pages_are_handed_back():
    # Blocks under glibc's mmap threshold come from the heap; with the last one still alive the heap
    # can't shrink from its top, so the freed pages stay resident until trimmed.
    blocks = [torch.ones(24_000) for _ in range(3000)]  # ~96 KB each, ~290 MB in all
    keep = blocks[-1]
    del blocks
    before = _resident_mb()
    assert release_free_memory()
    after = _resident_mb()
    assert keep.sum().item() == 24_000
    assert before - after > 100, f"resident {before:.0f} MB before the trim, {after:.0f} MB after"


def test_elsewhere_it_does_nothing(monkeypatch):
    from aigc_desktop.core import memory

    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(memory.sys, "platform", "win32")
    try:
        assert release_free_memory() is False
    finally:
        memory._malloc_trim.cache_clear()
