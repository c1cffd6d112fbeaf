"""The not-a-part check over real data: how many real parts it refuses (must be 0) and its margins.

For every image of the data sets (default ``../shared/data``) and the demo
images it prints the lowest grey-level spread and neighbour correlation met,
and the number refused with the shipped defaults (the figures quoted in the
README's "Integrity and tamper-evidence"). The mean time per call is printed
for information only.

    uv run python benchmarks/partcheck_data.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from station.capture.imagefile import ImageReadError, read_image
from station.inference.partcheck import _centre, _grey, neighbour_correlation, not_a_part_reason

REPO = Path(__file__).resolve().parent.parent
SETS = {
    "casting": "casting/train/*/*.jpeg",
    "magnetic_tile": "magnetic_tile/*/*.jpg",
    "neu_det": "neu_det/train/images/*.jpg",
    "bottle": "bottle/**/*.jpg",
}


def measure(paths: list[Path]) -> dict[str, object]:
    refused: list[str] = []
    stds: list[float] = []
    correlations: list[float] = []
    seconds = 0.0
    for path in paths:
        try:
            image = read_image(path)
        except ImageReadError:
            continue
        started = time.perf_counter()
        reason = not_a_part_reason(image)
        seconds += time.perf_counter() - started
        grey = _grey(_centre(image))
        assert grey is not None
        stds.append(float(grey.std()))
        correlations.append(neighbour_correlation(grey))
        if reason:
            refused.append(f"{path.name}: {reason}")
    count = len(stds)
    return {
        "images": count,
        "refused": len(refused),
        "refused_examples": refused[:5],
        "min_std": round(min(stds), 2) if stds else None,
        "min_neighbour_correlation": round(min(correlations), 3) if correlations else None,
        "mean_ms": round(seconds / max(count, 1) * 1e3, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    report = {name: measure(sorted(args.data.glob(pattern))) for name, pattern in SETS.items()}
    report["demo"] = measure(sorted(p for p in (REPO / "resources" / "demo").glob("*/*") if p.is_file()))
    rng = np.random.default_rng(0)
    noise = [rng.integers(0, 256, (300, 400, 3), dtype=np.uint8) for _ in range(20)]
    report["uniform_noise_refused"] = sum(not_a_part_reason(n) is not None for n in noise)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
