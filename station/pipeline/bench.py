"""Side-by-side throughput of the classifier alone and the full cascade, on the same images.

Rounds alternate the two measurements so that noise from a shared machine hits
both alike; the report gives medians over rounds, and the ratio as the median of
each round's own ratio (a round's pair ran back to back, on the same machine state;
on a shared machine speeds drift twofold between rounds, so unpaired medians mislead).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from station.core.types import Frame
from station.inference.cascade import Cascade


def bench(cascade: Cascade, images: Sequence[np.ndarray], rounds: int = 5) -> dict[str, Any]:
    """Parts per second of classifier-only vs cascade (heatmap on every part, detector per recipe)."""
    if cascade.classifier is None and cascade.anomaly is None:
        raise ValueError("bench compares the cascade with its classifier or anomaly model; this recipe has neither")
    if not images:
        raise ValueError("bench needs at least one image")
    frames = [Frame(f"bench-{i}", i, image) for i, image in enumerate(images)]
    cascade.warm_up()
    classifier_pps, cascade_pps, classifier_ms, heatmap_ms = [], [], [], []
    ng = 0
    for _ in range(rounds):
        start = time.perf_counter()
        for image in images:
            if cascade.classifier is not None:
                classifier_ms.append(cascade.classifier.predict(image, with_heatmap=False).timings_ms["classifier"])
            else:  # an anomaly-only recipe: its first stage is the anomaly model (its map is the heatmap)
                assert cascade.anomaly is not None
                classifier_ms.append(cascade.anomaly.predict(image).timings_ms["anomaly"])
        classifier_pps.append(len(images) / (time.perf_counter() - start))
        start = time.perf_counter()
        for frame in frames:
            result = cascade.inspect(frame)
            heatmap_ms.append(result.timings_ms.get("heatmap", 0.0))
            ng += result.verdict == "NG"
        cascade_pps.append(len(images) / (time.perf_counter() - start))
    c_pps, k_pps = statistics.median(classifier_pps), statistics.median(cascade_pps)
    paired = sorted(k / c for c, k in zip(classifier_pps, cascade_pps, strict=True))
    c_ms, h_ms = statistics.median(classifier_ms), statistics.median(heatmap_ms)
    return {
        "recipe": cascade.recipe.name,
        "images": len(images),
        "rounds": rounds,
        "ng_rate": round(ng / (rounds * len(images)), 4),
        "providers": cascade.info.providers,
        "classifier_pps": round(c_pps, 2),
        "cascade_pps": round(k_pps, 2),
        "ratio": round(statistics.median(paired), 4),
        "ratio_range": [round(paired[0], 4), round(paired[-1], 4)],
        "classifier_ms": round(c_ms, 3),
        "heatmap_ms": round(h_ms, 4),
        "heatmap_share": round(h_ms / c_ms, 5),
    }
