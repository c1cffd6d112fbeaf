"""The anomaly stage's time per part, side by side with the casting classifier on the same machine state.

On a shared machine absolute times drift several-fold; rounds alternate the two models and the
report gives each median and the median of each round's own ratio (anomaly ms / casting ms), so
the anomaly stage's cost can be read against a model whose quiet-machine time is known.

    uv run python benchmarks/bench_anomaly.py [--recipe bottle] [--rounds 7] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from station.capture.sources import SourceContext, open_source
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.inference.cascade import Cascade


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="bottle")
    parser.add_argument("--reference", default="casting", help="a classifier recipe timed alongside")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    anomaly = Cascade(Recipe.load(args.recipe, models_dir()), device="cpu")
    reference = Cascade(Recipe.load(args.reference, models_dir()), device="cpu")
    if anomaly.anomaly is None or reference.classifier is None:
        raise SystemExit(f"{args.recipe} needs an anomaly model and {args.reference} a classifier")
    with open_source("demo", SourceContext(args.recipe, resources_dir())) as source:
        images = [f.image for f in source.frames() if f.image is not None]
    with open_source("demo", SourceContext(args.reference, resources_dir())) as source:
        ref_images = [f.image for f in source.frames() if f.image is not None]
    anomaly.warm_up()
    reference.warm_up()
    a_ms, r_ms, ratios = [], [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for image in images:
            anomaly.anomaly.predict(image)
        a = (time.perf_counter() - start) * 1e3 / len(images)
        start = time.perf_counter()
        for image in ref_images:
            reference.classifier.predict(image, with_heatmap=True)
        r = (time.perf_counter() - start) * 1e3 / len(ref_images)
        a_ms.append(a)
        r_ms.append(r)
        ratios.append(a / r)
    load = os.getloadavg()
    print(
        json.dumps(
            {
                "anomaly_recipe": args.recipe,
                "reference_recipe": args.reference,
                "rounds": args.rounds,
                "anomaly_ms_per_part": round(statistics.median(a_ms), 2),
                "reference_ms_per_part": round(statistics.median(r_ms), 2),
                "ratio_anomaly_to_reference": round(statistics.median(ratios), 3),
                "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
                "load_average_1_5_15": [round(v, 2) for v in load],
                "cpus": os.cpu_count(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
