"""Adds ratings to a feedback database in a loop, printing each id once its commit has returned.

Run by test_feedback_store.py, which kills it with SIGKILL mid-loop and then checks that every
printed id is in the database and that the file is intact. Usage: feedback_killer.py DB_PATH
"""

from __future__ import annotations

import sys

import numpy as np

from aigc_desktop.core.feedback.store import FeedbackStore


def main(path: str) -> None:
    rng = np.random.default_rng(0)
    with FeedbackStore(path) as store:
        version = store.add_version("trained", "versions/v0001/ckpt-00000001.pt", step=1).id
        print("ready", flush=True)
        for i in range(1_000_000):
            rating_id = store.add_rating(
                seed=7, latent_index=i, latent=rng.standard_normal(64), model_version=version,
                rating=1 if i % 3 else -1, score=1 + i % 5, tags=["artefact", f"batch {i // 10}"],
                comment="x" * (i % 50),
            )
            print(rating_id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
