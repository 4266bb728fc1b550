"""An estimate as a readable table, or as one JSON object for other programs."""

from __future__ import annotations

import math
from typing import Any

from baken.mse.estimate import Estimate

_METHOD_TEXT = {
    "fixed": "fixed model",
    "bic": "model selection by BIC",
    "stepwise": "stepwise selection of pairs (p < 0.02)",
}


def as_json(result: Estimate) -> dict[str, Any]:
    """The `baken estimate --json` object. Numbers are rounded to 3 decimals."""
    out: dict[str, Any] = {
        "lists": list(result.lists),
        "observed": result.observed,
        "method": result.method,
        "model": result.model.notation(result.lists),
        "hiermod": result.model.hiermod,
        "estimate": _round(result.estimate),
        "dark_figure": _round(result.dark_figure),
        "interval": [_round(v) for v in result.interval] if result.interval else None,
        "level": result.level,
        "intervals": {f"{i.level:g}": [_round(i.low), _round(i.high)] for i in result.intervals},
        "bootstrap": result.bootstrap,
        "usable_replicates": result.usable_replicates,
        "seed": result.seed,
        "seconds": round(result.seconds, 3),
        "warnings": list(result.warnings),
    }
    if result.method == "bic":
        out["selection"] = {
            "search": result.search,
            "maxorder": result.maxorder,
            "candidates": result.candidates,
            "ntop": result.ntop,
            "excluded": {
                f"{int(status)}": {
                    "reason": status.description,
                    "models": n,
                    "examples": [m.hiermod for m in result.excluded_examples.get(status, ())],
                }
                for status, n in result.excluded.items()
            },
            "best": [
                {"hiermod": r.model.hiermod, "total": _round(r.total), "bic": _round(r.bic)}
                for r in result.ranking
            ],
        }
    return out


def as_text(result: Estimate, source: str = "") -> str:
    """A table for people: the data, the method and model, the estimate and interval."""
    lists = ", ".join(result.lists)
    lines = [
        f"Multiple systems estimation{': ' + source if source else ''}",
        f"  lists        {len(result.lists)}: {lists}",
        f"  observed     {result.observed:,} people",
        f"  method       {result.method}: {_method(result)}",
        f"  model        {result.model.notation(result.lists) or 'main effects only'}"
        f"   {result.model.hiermod}",
        f"  estimate     {_int(result.estimate)} in total, of whom {_int(result.dark_figure)} "
        "on no list",
    ]
    for interval in sorted(result.intervals, key=lambda i: -i.level):
        label = f"{interval.level:.0%} interval"
        lines.append(f"  {label:<12} {_int(interval.low)} - {_int(interval.high)}")
    if result.bootstrap:
        how = f"BCa, {result.bootstrap:,} bootstrap replicates, seed {result.seed}"
        if result.method == "bic":
            how += f"; selection redone in each among the {result.ntop} best models"
        elif result.method == "stepwise":
            how += "; selection redone in each"
        lines.append(f"               ({how})")
    else:
        lines.append("  interval     none (--bootstrap 0)")
    if result.method == "bic" and result.ranking:
        lines += ["", "  best models by BIC:", f"    {'BIC':>9}  {'total':>10}  model"]
        for ranked in result.ranking:
            lines.append(
                f"    {ranked.bic:>9.2f}  {_int(ranked.total):>10}  "
                f"{ranked.model.notation(result.lists) or 'main effects only'}"
            )
        if result.excluded:
            lines.append(
                f"  left out before fitting ({sum(result.excluded.values()):,} of "
                f"{result.candidates:,} candidates):"
            )
            for status, count in result.excluded.items():
                shown = result.excluded_examples.get(status, ())
                names = ", ".join(m.hiermod for m in shown)
                more = ", ..." if count > len(shown) else ""
                lines.append(
                    f"    status {int(status)}, {status.description}: {count:,} ({names}{more})"
                )
    lines.append(f"  time         {result.seconds:.1f} s")
    for warning in result.warnings:
        lines.append(f"  warning: {warning}")
    return "\n".join(lines)


def _method(result: Estimate) -> str:
    text = _METHOD_TEXT[result.method]
    if result.method == "bic":
        what = "all" if result.search == "all models" else "a downhill search over"
        text += (
            f", {what} {result.candidates:,} hierarchical models with interactions of up "
            f"to {result.maxorder} lists"
        )
    return text


def _int(value: float) -> str:
    return f"{value:,.0f}" if math.isfinite(value) else "-"


def _round(value: float) -> float | None:
    return round(float(value), 3) if math.isfinite(value) else None
