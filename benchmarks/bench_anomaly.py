"""The anomaly stage's time per part, side by side with a reference model on the same machine state.

On a shared machine absolute times drift several-fold; rounds alternate the two models and the
report gives each median and the median of each round's own ratio (anomaly ms / reference ms).
The reference is a classifier recipe (casting: a model whose quiet-machine time is known) or
another anomaly recipe, e.g. an older bottle model copied to a folder, to time old against new:

    uv run python benchmarks/bench_anomaly.py [--recipe bottle] [--reference casting|DIR] [--rounds 7]

Each part's time is the stage's own ``predict``: preprocessing (resize, normalisation) plus the
graph; the medians of the two are reported apart, and ``--threads`` fixes ONNX Runtime's threads.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable

import numpy as np

from station.capture.sources import SourceContext, open_source
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.inference.cascade import Cascade


def demo_images(recipe_name: str) -> list[np.ndarray]:
    with open_source("demo", SourceContext(recipe_name, resources_dir())) as source:
        return [f.image for f in source.frames() if f.image is not None]


def first_stage(cascade: Cascade) -> tuple[str, Callable[[np.ndarray], dict[str, float]]]:
    """The stage a part meets first, as (name, image -> timings in ms)."""
    if cascade.anomaly is not None:
        anomaly = cascade.anomaly
        return "anomaly", lambda image: anomaly.predict(image).timings_ms
    if cascade.classifier is not None:
        classifier = cascade.classifier
        return "classifier", lambda image: classifier.predict(image, with_heatmap=True).timings_ms
    raise SystemExit(f"{cascade.recipe.name} has neither an anomaly model nor a classifier")


def set_threads(cascade: Cascade, threads: int | None) -> None:
    """Rebuild the sessions with a fixed intra-op thread count (the station leaves ONNX Runtime's default)."""
    if threads is None:
        return
    import onnxruntime as ort

    for model in (cascade.anomaly, cascade.classifier, cascade.detector):
        if model is None:
            continue
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        model.session = ort.InferenceSession(str(model.path), options, providers=["CPUExecutionProvider"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="bottle")
    parser.add_argument("--reference", default="casting", help="a recipe (name or folder) timed alongside")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None, help="ONNX Runtime intra-op threads")
    args = parser.parse_args()
    anomaly = Cascade(Recipe.load(args.recipe, models_dir()), device="cpu")
    reference = Cascade(Recipe.load(args.reference, models_dir()), device="cpu")
    if anomaly.anomaly is None:
        raise SystemExit(f"{args.recipe} has no anomaly model")
    set_threads(anomaly, args.threads)
    set_threads(reference, args.threads)
    _, run_a = first_stage(anomaly)
    ref_stage, run_r = first_stage(reference)
    images, ref_images = demo_images(anomaly.recipe.name), demo_images(reference.recipe.name)
    anomaly.warm_up()
    reference.warm_up()
    a_ms, r_ms, ratios = [], [], []
    parts: dict[str, list[float]] = {"preprocess": [], "anomaly": []}
    for _ in range(args.rounds):
        start = time.perf_counter()
        for image in images:
            timings = run_a(image)
            for key in parts:
                parts[key].append(timings.get(key, 0.0))
        a = (time.perf_counter() - start) * 1e3 / len(images)
        start = time.perf_counter()
        for image in ref_images:
            run_r(image)
        r = (time.perf_counter() - start) * 1e3 / len(ref_images)
        a_ms.append(a)
        r_ms.append(r)
        ratios.append(a / r)
    load = os.getloadavg()
    print(
        json.dumps(
            {
                "anomaly_recipe": str(args.recipe),
                "anomaly_sha256": anomaly.anomaly.sha256[:12],
                "reference_recipe": str(args.reference),
                "reference_stage": ref_stage,
                "threads": args.threads or "default",
                "rounds": args.rounds,
                "anomaly_ms_per_part": round(statistics.median(a_ms), 2),
                "anomaly_preprocess_ms": round(statistics.median(parts["preprocess"]), 2),
                "anomaly_graph_ms": round(statistics.median(parts["anomaly"]), 2),
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
