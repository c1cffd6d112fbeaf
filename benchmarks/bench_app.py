"""The desktop app under full load: event-loop responsiveness and throughput against headless inspect.

Rounds alternate, in one process, over the same source and recipe:
headless, app, headless, app, ..., headless. Each app round is compared with
the mean of the two headless rounds beside it, so a machine that gets slower or
faster during the run moves both sides of a ratio alike; the figure is the
median of the round ratios.

- headless: the pipeline alone, as `station inspect` runs it, waited for in
  the same Qt event loop with the same probe timer as the app, so that the
  window is the only difference between the two sides;
- app: the main window showing the results as they come (newest part at the
  display rate, banner, counters, NG strip, charts) while it runs its own Qt
  event loop, as `station` does. Timing starts when the run starts, after the
  window is open and camera discovery has finished (start-up work, like model
  loading, is not part of either side).

A probe timer asks to run every 10 ms during the app rounds; its lateness is how
long the UI would take to answer a click. The UI thread's CPU time per second of
the run is reported too (the cost the window takes from inspection).

Then the same probe runs DURING the run-control steps that used to hold the UI
thread, each repeated ``--steps`` times on one window: a recipe switch (the
other recipe's models loaded and warmed up), a start, a stop, and a start on an
unreachable RTSP address (loopback port 9: nothing listens; the connect fails).
Each step is measured from the click until the window is idle again.
Promises: UI lateness p99 <= 50 ms in the run and during each step; app parts/s >=
0.85 x headless parts/s.

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_app.py --recipe casting --parts 600 --rounds 5
    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_app.py --steps 3 --rounds 0   # the steps alone
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

import numpy as np

os.environ.setdefault("STATION_DATA", tempfile.mkdtemp(prefix="bench-app-"))  # the review dock's database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from station.capture.sources import SourceContext, open_source
from station.core.config import HistorySettings, StationConfig
from station.core.paths import resources_dir
from station.pipeline.engine import Pipeline
from station.ui.qtcompat import keep_bools_alive
from station.ui.runner import InspectionRunner
from station.ui.window import MainWindow

PROBE_MS = 10


def wait_for(pipeline_done: Callable[[], bool], action: Callable[[], object] | None = None) -> list[float]:
    """Run a Qt event loop, with the 10 ms probe, until ``pipeline_done()``; the probe's lateness in ms.

    ``action`` (a click) runs inside the loop, once the probe is running, so the time it takes shows.
    """
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    expected = [clock.elapsed() + PROBE_MS]

    def probe() -> None:
        now = clock.elapsed()
        lateness.append(max(0.0, now - expected[0]))
        expected[0] = now + PROBE_MS

    loop = QEventLoop()
    probe_timer = QTimer()
    probe_timer.timeout.connect(probe)
    done_timer = QTimer()
    done_timer.timeout.connect(lambda: pipeline_done() and loop.quit())
    probe_timer.start(PROBE_MS)
    done_timer.start(20)
    if action is not None:
        QTimer.singleShot(0, action)
    loop.exec()  # the app's own kind of loop: Qt waits for events, nothing polls
    probe_timer.stop()
    done_timer.stop()
    return lateness


def run_app(recipe: str, source: str, parts: int) -> tuple[float, list[float], float]:
    """Parts/s with the window showing the run, the probe's lateness (ms), the UI thread's CPU s per s."""
    app = QApplication.instance() or QApplication([])
    keep_bools_alive()  # as `station` does at start-up
    runner = InspectionRunner()
    # Like with like: neither side records (recording's own cost is measured by bench_history.py).
    config = StationConfig(history=HistorySettings(record=False))
    window = MainWindow(runner, recipe, source, config)
    window.source_box.setCurrentText(source)
    window.show()
    window.camera_finder.worker.join(timeout=30)
    wait_for(lambda: idle(window) and runner.cascade is not None)  # the recipe loads on a worker: not timed
    app.processEvents()  # let the window lay itself out and paint once before the clock starts
    cpu_started = time.thread_time()
    started = time.perf_counter()
    window.start(max_frames=parts)
    lateness = wait_for(lambda: runner.pipeline is not None and not runner.running)
    elapsed = time.perf_counter() - started
    ui_cpu = time.thread_time() - cpu_started
    done = runner.summary().get("parts", 0)
    if not done:  # say why, rather than report a rate of nothing
        failure = getattr(runner.pipeline, "failure", None)
        print(f"app round: no parts; {window.statusBar().currentMessage()!r}; {failure!r}", file=sys.stderr)
    window.close()
    wait_for(lambda: not window.isVisible())  # closing stops the line on a worker first
    window.deleteLater()
    app.processEvents()
    return done / elapsed, lateness, ui_cpu / elapsed


def run_headless(recipe: str, source: str, parts: int) -> float:
    """Parts/s of the pipeline alone, waited for in the same event loop (with the probe) as the app."""
    QApplication.instance() or QApplication([])
    runner = InspectionRunner()
    cascade = runner.load_recipe(recipe)
    src = open_source(source, SourceContext(cascade.recipe.name, resources_dir()))
    src.open()
    started = time.perf_counter()
    pipeline = Pipeline(src, cascade, max_frames=parts).start()
    wait_for(lambda: not pipeline.running)
    pipeline.join()
    return pipeline.summary()["parts"] / (time.perf_counter() - started)


def idle(window: MainWindow) -> bool:
    """The window has no run-control step in progress (a window without a run lane did it in the click)."""
    lane = getattr(window, "run_lane", None)
    return not (lane is not None and lane.busy)


def p99(values: list[float]) -> float:
    return round(float(np.percentile(np.asarray(values), 99)), 2) if values else 0.0


def run_steps(recipe: str, other: str, source: str, steps: int) -> dict[str, dict[str, float]]:
    """The probe's lateness during a recipe switch, a start, a stop and an unreachable RTSP connect."""
    app = QApplication.instance() or QApplication([])
    keep_bools_alive()
    config = StationConfig(history=HistorySettings(record=False))
    window = MainWindow(InspectionRunner(), recipe, source, config)
    window.show()
    window.camera_finder.worker.join(timeout=30)
    wait_for(lambda: idle(window) and window.runner.cascade is not None)
    found: dict[str, list[float]] = {"recipe_switch": [], "start": [], "stop": [], "rtsp_unreachable": []}
    spent: dict[str, list[float]] = {name: [] for name in found}

    def step(name: str, action: Callable[[], object], done: Callable[[], bool]) -> None:
        began = time.perf_counter()
        found[name] += wait_for(lambda: idle(window) and done(), action)
        spent[name].append(time.perf_counter() - began)

    names = [recipe, other]
    for i in range(steps):
        target = names[(i + 1) % 2]
        step(
            "recipe_switch",
            lambda t=target: window.recipe_box.setCurrentText(t),  # type: ignore[misc]
            lambda t=target: window.runner.cascade is not None and window.runner.cascade.recipe.name == t,  # type: ignore[misc]
        )
        window.source_box.setCurrentText(source)
        step("start", window.start, lambda: window.runner.running)
        wait_for(lambda: window.runner.summary().get("parts", 0) >= 5)  # a run under way, then stopped
        step("stop", window.toggle_run, lambda: not window.runner.running)
        window.source_box.setCurrentText("rtsp://127.0.0.1:9/x")
        step("rtsp_unreachable", window.start, lambda: window._run_state == "failed" or window.runner.running)
    window.runner.stop()
    window.close()
    wait_for(lambda: not window.isVisible())
    window.deleteLater()
    app.processEvents()
    return {
        name: {
            "lateness_ms_p99": p99(values),
            "lateness_ms_max": round(max(values), 2) if values else 0.0,
            "probes": len(values),
            "step_s_median": round(statistics.median(spent[name]), 3),
        }
        for name, values in found.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--source", default="demo?loop=1")
    parser.add_argument("--parts", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5, help="app rounds, each between two headless rounds")
    parser.add_argument("--other-recipe", default="steel_strip", help="the recipe switched to and back")
    parser.add_argument("--steps", type=int, default=3, help="each run-control step this many times (0: none)")
    args = parser.parse_args()
    steps = run_steps(args.recipe, args.other_recipe, args.source, args.steps) if args.steps else {}
    if not args.rounds:
        report_steps = {"steps": steps, "ok": all(s["lateness_ms_p99"] <= 50 for s in steps.values())}
        print(json.dumps(report_steps))
        return 0 if report_steps["ok"] else 1
    headless = [run_headless(args.recipe, args.source, args.parts)]
    apps: list[float] = []
    lateness: list[float] = []
    ui_cpu: list[float] = []
    for _ in range(args.rounds):
        pps, late, cpu = run_app(args.recipe, args.source, args.parts)
        apps.append(pps)
        lateness += late
        ui_cpu.append(cpu)
        headless.append(run_headless(args.recipe, args.source, args.parts))
    ratios = [app / ((headless[i] + headless[i + 1]) / 2) for i, app in enumerate(apps)]
    late = np.asarray(lateness)
    report = {
        "parts": args.parts,
        "rounds": args.rounds,
        "app_pps": [round(v, 2) for v in apps],
        "headless_pps": [round(v, 2) for v in headless],
        "ratios": [round(r, 4) for r in ratios],
        "ratio": round(statistics.median(ratios), 4),
        "ui_cpu_s_per_s": round(statistics.median(ui_cpu), 4),
        "ui_lateness_ms_p50": round(float(np.percentile(late, 50)), 2),
        "ui_lateness_ms_p99": round(float(np.percentile(late, 99)), 2),
        "probes": int(late.size),
        "steps": steps,
    }
    steps_ok = all(s["lateness_ms_p99"] <= 50 for s in steps.values())
    report["ok"] = report["ratio"] >= 0.85 and report["ui_lateness_ms_p99"] <= 50 and steps_ok
    print(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
