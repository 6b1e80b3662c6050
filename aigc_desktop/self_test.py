"""``aigc-desktop --self-test``: proves an installation (or a frozen bundle) works, without a window.

Finds the demo data, trains a few steps, saves and reloads a checkpoint, generates an image, stores
ratings and steers a model version with them, and checks the Qt libraries load — the things a broken install or a bundle missing a file would fail.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def run_self_test() -> int:
    t0 = time.perf_counter()

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - t0:5.1f} s] {text}", file=sys.stderr)

    try:
        from aigc_desktop.core.data.demo import demo_dataset_path
        from aigc_desktop.core.run.config import TrainConfig
        from aigc_desktop.core.run.session import start_run
        from aigc_desktop.core.run.training_loop import TrainingLoop
        from aigc_desktop.core.sampling.generation import generate_to_folder, load_generator

        demo = demo_dataset_path()
        say(f"demo data: {demo}")
        with tempfile.TemporaryDirectory(prefix="aigc-self-test-") as tmp:
            config = TrainConfig(resolution=16, z_dim=16, g_width=8, d_width=8, batch=8, steps=5, device="cpu",
                                 log_every=5, checkpoint_every=5, sample_every=5, eval_every=0)
            prepared = start_run([demo], Path(tmp) / "run", config)
            say(f"scanned and decoded {len(prepared.trainer.dataset)} images")
            summary = TrainingLoop(prepared.trainer, prepared.run).run()
            say(f"trained {summary.step} steps; checkpoint {summary.checkpoint.name}")
            paths = generate_to_folder(load_generator(Path(tmp) / "run"), 1, seed=0, out=Path(tmp) / "out")
            say(f"generated {paths[0].name}")
            # The Feedback tab's engine: the ratings database (sqlite3 must be in a bundle) and steering.
            from aigc_desktop.core.feedback.store import FeedbackStore
            from aigc_desktop.core.feedback.versions import current_version, load_version, steer_version

            run = Path(tmp) / "run"
            with FeedbackStore.for_run(run) as store:
                version = current_version(run, store)
                z = load_version(run, version.id).latents(2, seed=0)
                for i, value in enumerate((1, -1)):
                    store.add_rating(seed=0, latent_index=i, latent=z[i].numpy(), rating=value, model_version=version.id)
                counted = store.summary().total
            steered = load_version(run, steer_version(run).id).images(1, seed=0)
            say(f"stored {counted} ratings, steered a version and drew {len(steered)} image from it")
        import pyqtgraph  # noqa: F401
        from PySide6 import QtWidgets  # noqa: F401 - the window's libraries must load too

        say("Qt and pyqtgraph load")
    except Exception as exc:  # a self-test reports, it doesn't crash
        say(f"FAILED: {type(exc).__name__}: {exc}")
        return 1
    say("self-test passed")
    return 0
