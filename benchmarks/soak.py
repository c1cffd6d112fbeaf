"""Soak: a long run through the real pipeline; memory must stay flat and every part be accounted for.

Replays the recipe's demo images in a loop through the cascade (heatmap on
every part) and samples resident memory. Promises: growth after warm-up
<= 30 MB; inspected + errors + dropped == frames delivered.

    uv run python benchmarks/soak.py --recipe casting --parts 50000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from station.capture.sources import SourceContext, open_source
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.inference.cascade import Cascade
from station.pipeline.engine import Pipeline

MAX_GROWTH_MB = 30.0


def rss_mb() -> float:
    """Resident set size of this process now (Linux /proc; falls back to peak RSS elsewhere)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        import os

        return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--parts", type=int, default=50_000)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--log", type=Path, default=None, help="write RSS samples here (JSON lines)")
    args = parser.parse_args()
    cascade = Cascade(Recipe.load(args.recipe, models_dir()), device="cpu")
    source = open_source("demo?loop=1", SourceContext(cascade.recipe.name, resources_dir()))
    source.open()
    samples: list[tuple[int, float]] = []
    log = args.log.open("w") if args.log else None

    count = [0]

    def on_part(_inspection: object, _frame: object) -> None:
        count[0] += 1
        parts = count[0]
        if parts % 1000 == 0:
            samples.append((parts, rss_mb()))
            if log:
                log.write(json.dumps({"parts": parts, "rss_mb": round(samples[-1][1], 2)}) + "\n")
                log.flush()

    started = time.perf_counter()
    pipeline = Pipeline(source, cascade, max_frames=args.parts, on_part=on_part).start()
    pipeline.join()
    elapsed = time.perf_counter() - started
    summary = pipeline.summary()
    after_warmup = [mb for parts, mb in samples if parts >= args.warmup]
    growth = (max(after_warmup) - after_warmup[0]) if after_warmup else 0.0
    accounted = summary["inspected"] + summary["errors"] + summary["dropped"] == summary["delivered"]
    report = {
        "parts": summary["parts"],
        "delivered": summary["delivered"],
        "inspected": summary["inspected"],
        "errors": summary["errors"],
        "dropped": summary["dropped"],
        "accounted": accounted,
        "seconds": round(elapsed, 1),
        "parts_per_s": round(summary["parts"] / elapsed, 2),
        "latency_ms_p50": summary["latency_ms_p50"],
        "latency_ms_p95": summary["latency_ms_p95"],
        "rss_mb_after_warmup": round(after_warmup[0], 1) if after_warmup else None,
        "rss_mb_max": round(max(after_warmup), 1) if after_warmup else None,
        "rss_growth_mb": round(growth, 2),
    }
    print(json.dumps(report))
    return 0 if accounted and growth <= MAX_GROWTH_MB else 1


if __name__ == "__main__":
    sys.exit(main())
