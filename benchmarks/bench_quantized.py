"""Float against int8: the same classifier's or detector's speed on the same images, side by side.

Rounds alternate so machine noise hits both alike; reports parts/s of each and
the ratio int8 / float, plus the file sizes. Accuracy is measured separately
with ``station evaluate`` on the validation split (see the model card).

    uv run python benchmarks/bench_quantized.py --float F.onnx --int8 Q.onnx [--images resources/demo/casting]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import onnx

from station.capture.imagefile import is_image_name, read_image
from station.inference.classifier import Classifier
from station.inference.detector import Detector
from station.training.onnxmeta import station_info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--float", dest="float_model", type=Path, required=True)
    parser.add_argument("--int8", dest="int8_model", type=Path, required=True)
    parser.add_argument("--images", type=Path, default=Path("resources/demo/casting"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    images = [read_image(p) for p in sorted(args.images.iterdir()) if is_image_name(p)]
    info = station_info(onnx.load(str(args.float_model)))
    model_class = Detector if info is not None and info.task == "detector" else Classifier
    models = {"float": model_class(args.float_model, "cpu"), "int8": model_class(args.int8_model, "cpu")}
    speeds: dict[str, list[float]] = {name: [] for name in models}
    for model in models.values():
        model.predict(images[0])  # warm-up
    for _ in range(args.rounds):
        for name, model in models.items():
            start = time.perf_counter()
            for image in images:
                model.predict(image)  # a classifier's heatmap included
            speeds[name].append(len(images) / (time.perf_counter() - start))
    report = {
        "images": len(images),
        "rounds": args.rounds,
        "float_pps": round(statistics.median(speeds["float"]), 1),
        "int8_pps": round(statistics.median(speeds["int8"]), 1),
        "int8_over_float": round(statistics.median(speeds["int8"]) / statistics.median(speeds["float"]), 2),
        "float_mb": round(args.float_model.stat().st_size / 1e6, 1),
        "int8_mb": round(args.int8_model.stat().st_size / 1e6, 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
