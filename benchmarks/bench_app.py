"""The desktop app under full load: event-loop responsiveness and throughput against headless inspect.

A probe timer asks to run every 10 ms while the demo runs flat out; its lateness
is how long the UI would take to answer a click. Then the same source and recipe
run headless through the pipeline, side by side in one process.
Promises: UI lateness p99 <= 50 ms; app parts/s >= 0.85 x headless parts/s.

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_app.py --recipe casting --parts 600
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from station.capture.sources import SourceContext, open_source
from station.core.paths import resources_dir
from station.pipeline.engine import Pipeline
from station.ui.runner import InspectionRunner
from station.ui.window import MainWindow

PROBE_MS = 10


def run_app(recipe: str, source: str, parts: int) -> tuple[float, list[float]]:
    app = QApplication.instance() or QApplication([])
    runner = InspectionRunner()
    window = MainWindow(runner, recipe, source)
    window.show()
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    expected = [clock.elapsed() + PROBE_MS]

    def probe() -> None:
        now = clock.elapsed()
        lateness.append(max(0.0, now - expected[0]))
        expected[0] = now + PROBE_MS

    timer = QTimer()
    timer.timeout.connect(probe)
    timer.start(PROBE_MS)
    started = time.perf_counter()
    window.start(max_frames=parts)
    while runner.pipeline is None or runner.running:
        app.processEvents()  # the benchmark's own loop; the app itself never calls processEvents
        time.sleep(0.001)
    elapsed = time.perf_counter() - started
    done = runner.summary()["parts"]
    timer.stop()
    window.close()
    window.deleteLater()
    app.processEvents()
    return done / elapsed, lateness


def run_headless(recipe: str, source: str, parts: int) -> float:
    runner = InspectionRunner()
    cascade = runner.load_recipe(recipe)
    src = open_source(source, SourceContext(cascade.recipe.name, resources_dir()))
    src.open()
    started = time.perf_counter()
    pipeline = Pipeline(src, cascade, max_frames=parts).start()
    pipeline.join()
    return pipeline.summary()["parts"] / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--source", default="demo?loop=1")
    parser.add_argument("--parts", type=int, default=600)
    args = parser.parse_args()
    headless_1 = run_headless(args.recipe, args.source, args.parts)
    app_pps, lateness = run_app(args.recipe, args.source, args.parts)
    headless_2 = run_headless(args.recipe, args.source, args.parts)
    headless = (headless_1 + headless_2) / 2
    late = np.asarray(lateness)
    report = {
        "parts": args.parts,
        "app_pps": round(app_pps, 2),
        "headless_pps": round(headless, 2),
        "ratio": round(app_pps / headless, 4),
        "ui_lateness_ms_p50": round(float(np.percentile(late, 50)), 2),
        "ui_lateness_ms_p99": round(float(np.percentile(late, 99)), 2),
        "probes": int(late.size),
    }
    report["ok"] = report["ratio"] >= 0.85 and report["ui_lateness_ms_p99"] <= 50
    print(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
