"""Cascade throughput against the classifier alone, and the heatmap's share of the classifier stage.

Runs `station bench` for a recipe (side by side, alternating rounds on the
same images) and checks the ratios the station promises:
cascade >= 0.8 x classifier-alone throughput, heatmap <= 5% of the classifier.

    uv run python benchmarks/bench_cascade.py --recipe casting [--rounds 7]
    uv run python benchmarks/bench_cascade.py --recipe magnetic_tile --source folder:DIR --min-ratio 0.7
"""

from __future__ import annotations

import argparse
import json
import sys

from station.capture.sources import SourceContext, open_source
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.inference.cascade import Cascade
from station.pipeline.bench import bench

MIN_RATIO = 0.8
MAX_HEATMAP_SHARE = 0.05


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--source", default="demo")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--min-ratio",
        type=float,
        default=MIN_RATIO,
        help="the promise for this recipe (0.7 for magnetic_tile, whose detector runs on ~30 %% of parts)",
    )
    args = parser.parse_args()
    cascade = Cascade(Recipe.load(args.recipe, models_dir()), device="cpu")
    with open_source(args.source, SourceContext(cascade.recipe.name, resources_dir())) as source:
        images = [f.image for f in source.frames() if f.image is not None]
    report = bench(cascade, images, rounds=args.rounds)
    report["ratio_ok"] = report["ratio"] >= args.min_ratio
    report["heatmap_share_ok"] = report["heatmap_share"] <= MAX_HEATMAP_SHARE
    print(json.dumps(report))
    return 0 if report["ratio_ok"] and report["heatmap_share_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
