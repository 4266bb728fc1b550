"""A picture of an estimate: what was seen, what is estimated, and how sure that is."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window; also safe in worker threads and servers

import matplotlib.pyplot as plt
import numpy as np

from baken.mse.estimate import Estimate

FORMATS = (".png", ".svg")


def save(result: Estimate, path: str | Path, source: str = "") -> Path:
    """Draw the bootstrap distribution of the total, the observed count, the estimate and its
    interval, and save it as PNG or SVG (by the file's suffix)."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"plot file must end in .png or .svg, not {path.name!r}")
    figure, axes = plt.subplots(figsize=(8, 4.2), dpi=120)
    try:
        replicates = result.replicates[np.isfinite(result.replicates)]
        if replicates.size:
            axes.hist(
                replicates,
                bins=min(60, max(10, replicates.size // 15)),
                color="#9fb6cd",
                edgecolor="white",
                label=f"bootstrap ({replicates.size:,} replicates)",
            )
        if result.interval:
            low, high = result.interval
            axes.axvspan(
                low,
                high,
                color="#f2c14e",
                alpha=0.3,
                label=f"{result.level:.0%} interval {low:,.0f} - {high:,.0f}",
            )
        axes.axvline(
            result.observed,
            color="#555555",
            linestyle="--",
            label=f"observed {result.observed:,}",
        )
        axes.axvline(
            result.estimate, color="#c0392b", linewidth=2, label=f"estimate {result.estimate:,.0f}"
        )
        axes.set_xlabel("total population (seen and unseen)")
        axes.set_ylabel("replicates")
        axes.set_xlim(left=0)
        model = result.model.notation(result.lists) or "main effects"
        prefix = f"{source}: " if source else ""
        axes.set_title(f"{prefix}{result.method}, model {model}", fontsize=10)
        axes.legend(fontsize=8, frameon=False)
        axes.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        figure.tight_layout()
        figure.savefig(path, format=path.suffix.lower().lstrip("."))
    finally:
        plt.close(figure)
    return path
