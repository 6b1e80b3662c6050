"""LivePlot: growing buffers, redraws only on new data, exact curve data, EMA overlay."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from aigc_desktop.ui.widgets.live_plot import REDRAW_MS, LivePlot, ema

SERIES = [("loss_d", "D loss", "#1f77b4"), ("loss_g", "G loss", "#ff7f0e"), ("lr", "LR", "g")]


def naive_ema(values: np.ndarray, alpha: float) -> np.ndarray:
    out, s = [], math.nan
    for v in values:
        if math.isnan(v):
            out.append(math.nan)
            continue
        s = v if math.isnan(s) else alpha * v + (1 - alpha) * s
        out.append(s)
    return np.array(out)


def colour_distance(a: QColor, b: QColor) -> float:
    return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def make_run(n: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(1)
    steps = np.arange(n, dtype=np.float64)
    return steps, {
        "loss_d": 1.0 + rng.normal(0, 0.3, n),
        "loss_g": 2.0 + rng.normal(0, 0.5, n),
        "lr": np.full(n, 2e-4),
    }


@pytest.fixture
def plot(shown) -> LivePlot:
    return shown(LivePlot("Losses", SERIES), 600, 300)


def test_legend_and_axis(plot: LivePlot) -> None:
    item = plot.plot_widget.getPlotItem()
    labels = [label.text for _, label in item.legend.items]
    assert labels == ["D loss", "G loss", "LR"]
    assert "step" in item.getAxis("bottom").labelText
    assert all(curve.opts["symbol"] is None for curve in plot.curves.values())


def test_100k_points_in_batches_grow_buffers_and_reach_the_curves(plot: LivePlot, qtbot) -> None:
    steps, values = make_run(100_000)
    for lo in range(0, 100_000, 1000):
        plot.append(steps[lo : lo + 1000], {k: v[lo : lo + 1000] for k, v in values.items()})
    assert plot.point_count() == 100_000
    x, y = plot.series_data("loss_g")
    np.testing.assert_array_equal(x, steps)
    np.testing.assert_array_equal(y, values["loss_g"])
    qtbot.waitUntil(lambda: plot.redraw_count >= 1, timeout=2000)
    for key, curve in plot.curves.items():
        data = curve.getOriginalDataset()  # getData() would be the downsampled view
        np.testing.assert_array_equal(data[0], steps)
        np.testing.assert_array_equal(data[1], values[key])


def test_redraws_only_when_new_points_arrived(plot: LivePlot, qtbot) -> None:
    steps, values = make_run(30)
    plot.append(steps[:10], {k: v[:10] for k, v in values.items()})
    qtbot.waitUntil(lambda: plot.redraw_count == 1, timeout=2000)
    qtbot.wait(4 * REDRAW_MS)  # idle: several ticks pass
    assert plot.redraw_count == 1
    # Many batches between two ticks cost one redraw, not one per batch.
    for i in range(10, 30):
        plot.append(steps[i : i + 1], {k: v[i : i + 1] for k, v in values.items()})
    qtbot.waitUntil(lambda: plot.redraw_count == 2, timeout=2000)
    qtbot.wait(2 * REDRAW_MS)
    assert plot.redraw_count == 2
    assert len(plot.curves["loss_d"].getOriginalDataset()[0]) == 30


def test_hidden_plot_waits_and_catches_up_when_shown(plot: LivePlot, qtbot) -> None:
    plot.hide()
    plot.append([1, 2, 3], {"loss_d": [1, 2, 3]})
    qtbot.wait(3 * REDRAW_MS)
    assert plot.redraw_count == 0
    plot.show()
    assert plot.redraw_count == 1
    np.testing.assert_array_equal(plot.curves["loss_d"].getOriginalDataset()[1], [1, 2, 3])


def test_missing_series_leaves_gaps_and_unknown_keys_are_ignored(plot: LivePlot) -> None:
    plot.append([0, 1], {"loss_d": [1.0, 2.0], "loss_g": [3.0, 4.0], "not_plotted": [0, 0]})
    plot.append([2], {"loss_d": [5.0]})
    _, g = plot.series_data("loss_g")
    assert g[:2].tolist() == [3.0, 4.0] and math.isnan(g[2])
    with pytest.raises(ValueError, match="loss_d"):
        plot.append([3, 4], {"loss_d": [1.0]})
    assert plot.point_count() == 3


def test_ema_matches_a_plain_loop_across_batches_and_gaps() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(5, 2, 5000)
    x[[0, 7, 100, 4000]] = np.nan
    expected = naive_ema(x, 0.05)
    out, last = [], math.nan
    for lo in range(0, 5000, 777):  # uneven batches continue the same average
        part, last = ema(x[lo : lo + 777], 0.05, last)
        out.append(part)
    np.testing.assert_allclose(np.concatenate(out), expected, rtol=1e-9, equal_nan=True)
    strong, _ = ema(x, 0.9)
    np.testing.assert_allclose(strong, naive_ema(x, 0.9), rtol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(ema(x, 1.0)[0], x)


def test_smoothing_adds_and_removes_ema_curves(plot: LivePlot, qtbot) -> None:
    steps, values = make_run(3000)
    plot.append(steps, values)
    item = plot.plot_widget.getPlotItem()
    background = plot.plot_widget.backgroundBrush().color()
    raw_colour = plot.curves["loss_d"].opts["pen"].color()
    qtbot.mouseClick(plot.smooth_box, Qt.MouseButton.LeftButton)  # the built-in checkbox
    assert plot.smoothing()
    assert set(plot.smooth_curves) == {"loss_d", "loss_g", "lr"}
    assert all(curve in item.listDataItems() for curve in plot.smooth_curves.values())
    faint = plot.curves["loss_d"].opts["pen"].color()
    assert colour_distance(faint, background) < colour_distance(raw_colour, background) / 2  # raw fainter
    assert all(c.zValue() > plot.curves["loss_g"].zValue() for c in plot.smooth_curves.values())
    assert len(item.legend.items) == 3  # no duplicate legend entries
    for key, curve in plot.smooth_curves.items():
        np.testing.assert_allclose(curve.getOriginalDataset()[1], naive_ema(values[key], 0.05), rtol=1e-9)
    # New points extend the smoothed curves too, continuing the same average.
    more_steps, more = make_run(3100)
    plot.append(more_steps[3000:] + 3000, {k: v[3000:] for k, v in more.items()})
    plot.flush()
    full = np.concatenate([values["loss_g"], more["loss_g"][3000:]])
    np.testing.assert_allclose(plot.smooth_curves["loss_g"].getOriginalDataset()[1], naive_ema(full, 0.05))
    plot.set_smoothing(False)
    assert not plot.smooth_box.isChecked()
    assert plot.smooth_curves == {}
    assert len(item.listDataItems()) == 3
    assert plot.curves["loss_d"].opts["pen"].color() == raw_colour


def test_clear_empties_curves(plot: LivePlot) -> None:
    plot.append([0, 1, 2], {"loss_d": [3, 2, 1]})
    plot.flush()
    plot.clear()
    assert plot.point_count() == 0
    x, _ = plot.curves["loss_d"].getOriginalDataset()
    assert x is None or len(x) == 0  # pyqtgraph reports no data as None
    plot.append([0], {"loss_d": [7]})  # a new run starts a fresh average
    assert plot.smoothed("loss_d").tolist() == [7.0]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unique"):
        LivePlot("x", [("a", "A", "r"), ("a", "B", "g")])
    with pytest.raises(ValueError, match="ema_alpha"):
        LivePlot("x", [("a", "A", "r")], ema_alpha=0)
