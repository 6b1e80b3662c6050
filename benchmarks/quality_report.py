"""The report of ``quality_per_minute.py``: its plot (overall and SWD against minutes, a panel per set)
and its markdown table for benchmarks/RESULTS.md, with when each configuration first reaches the plain
DCGAN's score at the same resolution."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

import demo_census

PLAIN = "plain-dcgan"  # the name of the plain DCGAN configurations, and the prefix of its sizes


def plot(rows: list[dict[str, Any]], sets: list[str], configs: list[str], path: Path, where: str) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("No plot: matplotlib is missing (pip install -e .[bench]).", file=sys.stderr)
        return False
    fig, axes = plt.subplots(2, len(sets), figsize=(4.2 * len(sets), 6.4), squeeze=False, sharex=True)
    for col, set_name in enumerate(sets):
        for row_i, (metric, label) in enumerate((("overall", "overall (1 = like fresh pictures) ↑"),
                                                 ("swd", "SWD ×1e3 ↓"))):
            ax = axes[row_i][col]
            for name in configs:
                points = sorted((r["minutes"], r[metric]) for r in rows
                                if r["set"] == set_name and r["config"] == name)
                if points:
                    ax.plot(*zip(*points, strict=True), marker="o", label=name,
                            linestyle="--" if name.startswith(PLAIN) else "-")
            if metric == "overall":  # 0..1: a fixed floor keeps panels comparable and a flat 0 readable
                top = max((r["overall"] for r in rows if r["set"] == set_name), default=0.0)
                ax.set_ylim(0.0, max(0.1, 1.1 * top))
            ax.set_xscale("log")
            ticks = sorted({r["minutes"] for r in rows})
            ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
            ax.minorticks_off()
            ax.grid(alpha=0.3)
            if row_i == 0:
                ax.set_title(set_name)
            else:
                ax.set_xlabel("training minutes (wall clock)")
            if col == 0:
                ax.set_ylabel(label)
    for ax in axes[0]:  # each set may have its own configurations (its own default preset)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
    # wrapped: one set's panel is narrower than the title's one line
    fig.suptitle(textwrap.fill(f"Quality per minute of training on {where}", width=45 * len(sets)))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def markdown(rows: list[dict[str, Any]], sets: list[str], configs: list[str]) -> str:
    census = any("census" in r for r in rows)
    head = ["set", "configuration", "minutes", "steps", "img/s", "SWD ↓", "coverage", "precision",
            "memorised", "class agr.", "overall ↑", "score ↓", "hex nuts"]
    if census:
        head += [f"{c} (clf.)" for c in demo_census.CONDITIONS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    order = sorted(rows, key=lambda r: (sets.index(r["set"]), configs.index(r["config"]), r["minutes"]))
    for r in order:
        cells = [r["set"], r["config"], f"{r['minutes']:g}", f"{r['steps']:,}", f"{r['images_per_s']:.0f}",
                 f"{r['swd']:.1f}", f"{r['coverage']:.2f}", f"{r['precision']:.2f}", f"{r['memorised']:.2f}",
                 f"{r.get('class_agreement', float('nan')):.2f}".replace("nan", "—"), f"{r['overall']:.2f}", f"{r['score']:.1f}", f"{r['nuts']:.0%}" if "nuts" in r else ""]
        if census:
            shares = r.get("census", {}).get("condition", {}).get("shares", {})
            cells += [f"{shares[c]:.0%}" if c in shares else "" for c in demo_census.CONDITIONS]
        lines.append("| " + " | ".join(cells) + " |")
    plains = [name for name in configs if name.startswith(PLAIN)]
    if plains:
        lines += ["", "When each configuration first reaches the plain DCGAN's score at its last mark, "
                  "at the same resolution (score ↓):", ""]
    for set_name in sets:
        for plain_name in plains:
            plain = sorted((r["minutes"], r["score"], r["resolution"]) for r in rows
                           if r["set"] == set_name and r["config"] == plain_name)
            if not plain:
                continue
            last_minutes, target, side = plain[-1]
            reached = []
            for name in configs:
                mine = [r for r in rows if r["set"] == set_name and r["config"] == name]
                if name == plain_name or not mine or mine[0]["resolution"] != side:
                    continue
                hits = sorted(r["minutes"] for r in mine if r["score"] <= target)
                reached.append(f"{name} {hits[0]:g} min" if hits else f"{name} not in {last_minutes:g} min")
            lines.append(f"- {set_name} ({plain_name} at {last_minutes:g} min: {target:.1f}): "
                         + (", ".join(reached) or "nothing else at its resolution"))
    return "\n".join(lines)
