"""The training worker's signal payloads: named fields that both ends read, built from what the loop reports."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.events import StepStats
from aigc_desktop.core.sampling.coverage import UNCOVERED_SOME
from aigc_desktop.workers.training_signals import QualityScore, StepStatsBatch


def test_a_batch_of_steps_becomes_one_array_per_field():
    steps = [StepStats(step=s, loss_d=0.5 + s, loss_g=1.0, d_real=0.7, d_fake=0.3, images_per_s=100.0 * s, batch=4)
             for s in (11, 12, 13)]
    batch = StepStatsBatch.from_steps(steps)
    assert batch.step.tolist() == [11, 12, 13] and batch.step.dtype == np.float64
    assert batch.loss_d.tolist() == [11.5, 12.5, 13.5]
    assert batch.images_per_s.tolist() == [1100.0, 1200.0, 1300.0]
    assert {len(getattr(batch, name)) for name in ("loss_g", "d_real", "d_fake")} == {3}


def test_a_quality_row_from_the_loop_or_an_old_file_becomes_a_score():
    row = {"step": 40, "swd": 12.5, "diversity": 0.4, "real_diversity": 0.5, "n": 64, "seconds": 1.2,
           "best_step": 30, "since_improvement": 1}
    assert QualityScore.from_row(row) == QualityScore(40, 12.5, score=12.5, diversity=0.4, real_diversity=0.5,
                                                      best_step=30)
    old = QualityScore.from_row({"step": 10, "swd": 20.0})  # a quality.jsonl written before variety was measured
    assert old.step == 10 and old.swd == 20.0 and math.isnan(old.diversity)
    assert old.score == 20.0 and math.isnan(old.coverage) and old.summary == () and old.uncovered_examples == ()


def test_a_quality_row_with_coverage_carries_the_score_the_sentences_and_examples():
    summary = [Sentence(UNCOVERED_SOME, percent=40)]
    row = {"step": 40, "swd": 12.0, "coverage": 0.6, "precision": 1.0, "memorised": 0.0, "colour_error": 1.5,
           "overall": 0.6, "score": 20.0, "uncovered_count": 5, "uncovered_examples": ["/p/nut1.png", "/p/nut2.png"],
           "summary": summary, "best_step": 40}
    score = QualityScore.from_row(row)
    assert score.score == pytest.approx(20.0) and score.coverage == 0.6 and score.uncovered_count == 5
    assert score.uncovered_examples == ("/p/nut1.png", "/p/nut2.png")
    assert score.summary[0].template == UNCOVERED_SOME  # still a Sentence, for the window to translate
