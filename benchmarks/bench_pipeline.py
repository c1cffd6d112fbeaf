"""Pipeline throughput against the bare cascade, on the same images, side by side.

bare:     cascade.inspect() in a loop over images already decoded in memory;
pipeline: the full path, folder source (decoding each file) -> bounded queue -> cascade worker.
Rounds alternate so machine noise hits both alike; the promise is pipeline >= 0.9 x bare.

    uv run python benchmarks/bench_pipeline.py --recipe casting [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from station.capture.sources import SourceContext, open_source
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.core.types import Frame
from station.inference.cascade import Cascade
from station.pipeline.engine import Pipeline

MIN_RATIO = 0.9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--source", default="demo")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10, help="passes over the images per round (steady state)")
    args = parser.parse_args()
    cascade = Cascade(Recipe.load(args.recipe, models_dir()), device="cpu")
    ctx = SourceContext(cascade.recipe.name, resources_dir())
    with open_source(args.source, ctx) as source:
        frames = [f for f in source.frames() if f.image is not None]
    cascade.warm_up()
    bare, piped = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _ in range(args.repeat):
            for f in frames:
                cascade.inspect(Frame(f.source_id, f.index, f.image))
        bare.append(args.repeat * len(frames) / (time.perf_counter() - start))
        source = open_source(f"{args.source}?loop=1", ctx)
        source.open()
        start = time.perf_counter()
        pipeline = Pipeline(source, cascade, max_frames=args.repeat * len(frames)).start()
        pipeline.join()
        piped.append(pipeline.summary()["parts"] / (time.perf_counter() - start))
    report = {
        "recipe": cascade.recipe.name,
        "images": len(frames),
        "rounds": args.rounds,
        "parts_per_round": args.repeat * len(frames),
        "bare_pps": round(statistics.median(bare), 2),
        "pipeline_pps": round(statistics.median(piped), 2),
    }
    report["ratio"] = round(report["pipeline_pps"] / report["bare_pps"], 4)
    report["ratio_ok"] = report["ratio"] >= MIN_RATIO
    print(json.dumps(report))
    return 0 if report["ratio_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
