"""The QA review by keyboard: how long the UI takes from a decision key to the next part on screen.

A history is filled with ``--parts`` flagged parts: the demo images of each recipe that the
shipped models flag (their real heatmaps and boxes, from the real cascade), recorded by the
station's own recorder (image, thumbnail and heatmap in the archive), repeated to reach the count.
The operator window opens on it (offscreen, 1366x768), the review opens as Ctrl+R opens it, and
a QA lead decides every part by key (C, and F every fourth part), one key right after the other:
no pause to look, so the read-ahead has the least time to help.

Per key: from the key press (QTest.keyClick on the widget with the focus) until the next part is
on screen with its large picture (frame and heatmap) and its grid thumbnail, and the repaint this
asked for is done; for the last key, until its decision is in the grid. A probe timer asks to
run every 10 ms meanwhile; its worst lateness is the longest the UI thread was held. The
decisions' writes go on a worker: the time until the last one is stored is reported too, and
every decision is checked in the database.

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_review.py --parts 100
    ... --screenshot DIR    # the window with the review open, before and after the decisions

Goal: median <= 50 ms a part.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STATION_DATA", tempfile.mkdtemp(prefix="bench-review-"))

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from station.api import Inspector
from station.capture.imagefile import read_image
from station.core.config import StationConfig
from station.core.paths import resources_dir
from station.core.types import Frame, Inspection, Verdict
from station.history import auth
from station.history.recorder import Recorder, RecordingContext
from station.history.store import HistoryStore

RECIPES = ("casting", "bottle", "magnetic_tile", "steel_strip")
GOAL_MEDIAN_MS = 50.0


def flagged_demo_parts(recipes: tuple[str, ...]) -> list[tuple[str, Inspection, np.ndarray]]:
    """(recipe, inspection, image) for every demo image the recipe's models flag."""
    found = []
    config = StationConfig()  # the default settings: shipped models, default shift calendar
    for recipe in recipes:
        with Inspector(recipe, device="cpu", config=config) as inspector:
            for path in sorted((resources_dir() / "demo" / recipe).iterdir()):
                if path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".bmp"):
                    continue
                result = inspector.inspect(path)
                if result.verdict is Verdict.NG:
                    found.append((recipe, result, read_image(path)))
    return found


def fill_history(data_dir: Path, parts: int) -> tuple[str, dict[str, int]]:
    """Record ``parts`` flagged parts (the demo's flagged images in turn), the newest now; returns the URL."""
    url = f"sqlite:///{data_dir / 'history.db'}"
    flagged = flagged_demo_parts(RECIPES)
    if not flagged:
        raise SystemExit("no demo image is flagged by the shipped models")
    per_recipe: dict[str, int] = {}
    recorders: dict[str, Recorder] = {}
    now = time.time()
    for n in range(parts):
        recipe, inspection, image = flagged[n % len(flagged)]
        if recipe not in recorders:
            context = RecordingContext("bench", "line-1", recipe, f"folder:demo/{recipe}", StationConfig().calendar)
            recorders[recipe] = Recorder(url, data_dir, context, ok_sample_every=0)
        when = now - 2.0 * (parts - n)  # one part every 2 s
        copy = dataclasses.replace(inspection, index=n, timestamp=when)
        recorders[recipe].write(copy, Frame(inspection.source_id, n, image, timestamp=when))
        per_recipe[recipe] = per_recipe.get(recipe, 0) + 1
    for recorder in recorders.values():
        if not recorder.close(timeout=120):
            raise SystemExit("the recorder did not finish")
    return url, per_recipe


def wait_until(done: object, timeout_s: float = 30.0) -> None:
    """Run Qt's event loop (sleeping until events come) until ``done()``."""
    app = QApplication.instance()
    assert app is not None
    give_up = time.perf_counter() + timeout_s
    while not done():  # type: ignore[operator]
        if time.perf_counter() > give_up:
            raise SystemExit("timed out waiting for the review")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=100)
    parser.add_argument("--screenshot", type=Path, default=None, help="folder for review-*.png")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="bench-review-history-"))
    began = time.perf_counter()
    url, per_recipe = fill_history(data_dir, args.parts)
    print(f"history: {args.parts} flagged parts {per_recipe} in {time.perf_counter() - began:.1f} s", file=sys.stderr)

    from station.ui.qtcompat import keep_bools_alive
    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    app = QApplication.instance() or QApplication([])
    assert app is not None
    keep_bools_alive()
    config = StationConfig.model_validate(
        {"station_id": "bench", "history": {"db": url, "data_dir": str(data_dir), "record": False}}
    )
    window = MainWindow(InspectionRunner(), "casting", "demo", config)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    wait_until(lambda: window.history_panel is not None and not window.run_lane.busy, 60)
    panel = window.history_panel
    assert panel is not None
    panel.user = auth.User("bench", auth.Role.QA)
    review = panel.review
    loaded: list[bool] = []
    review.loaded.connect(lambda: loaded.append(True))
    window.history.open_review()
    wait_until(lambda: bool(loaded) and review.shown_uid is not None)
    if len(review.rows) != args.parts:
        raise SystemExit(f"the review shows {len(review.rows)} parts, not {args.parts}")
    wait_until(lambda: review.model.thumb(review.rows[0]["uid"]) is not None)
    if args.screenshot is not None:
        args.screenshot.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.screenshot / "review-open-1366x768.png"))

    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    expected = [clock.elapsed() + 10]

    def probe() -> None:
        now = clock.elapsed()
        lateness.append(max(0.0, now - expected[0]))
        expected[0] = now + 10

    probe_timer = QTimer()
    probe_timer.timeout.connect(probe)
    probe_timer.start(10)
    per_key: list[float] = []
    started = time.perf_counter()
    for n in range(args.parts):
        key = Qt.Key.Key_F if n % 4 == 3 else Qt.Key.Key_C
        target = QApplication.focusWidget() or window
        before = review.current_row()
        pressed = time.perf_counter()
        QTest.keyClick(target, key)
        if n + 1 < args.parts:
            uid = review.rows[review.current_row()]["uid"]
            if review.current_row() == before:
                raise SystemExit(f"key {n + 1} did not move on (focus on {type(target).__name__})")
            wait_until(lambda uid=uid: review.shown_uid == uid and review.model.thumb(uid) is not None)
        else:
            wait_until(lambda last=before: review.rows[last].get("review") != "pending")
        app.processEvents()  # the repaint the change asked for (the grid, the large picture, the details)
        per_key.append(1000 * (time.perf_counter() - pressed))
    keys_done = time.perf_counter() - started
    wait_until(lambda: review.unsaved == 0, 60)
    stored = time.perf_counter() - started
    probe_timer.stop()
    if args.screenshot is not None:
        app.processEvents()
        shown = review.rates.text()
        review.reload_kpi()  # (the figures follow the decisions 1.5 s after the last one)
        wait_until(lambda: review.rates.text() != shown, 30)
        window.grab().save(str(args.screenshot / "review-decided-1366x768.png"))

    reviews = HistoryStore(url).review_rates()
    decided = sum(r["confirmed"] + r["false_reject"] + r["wrong_type"] for r in reviews.values())
    ordered = sorted(per_key)
    figures = {
        "parts": args.parts,
        "median_ms": round(statistics.median(per_key), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
        "max_ms": round(ordered[-1], 1),
        "ui_held_max_ms": round(max(lateness, default=0.0), 1),
        "keys_s": round(keys_done, 2),
        "all_stored_s": round(stored, 2),
        "decisions_stored": decided,
    }
    print(json.dumps(figures))
    window.close()
    wait_until(lambda: not window.isVisible(), 30)
    if decided != args.parts:
        print(f"only {decided} of {args.parts} decisions were stored", file=sys.stderr)
        return 1
    if figures["median_ms"] > GOAL_MEDIAN_MS:
        print(f"median {figures['median_ms']} ms a part: over the goal of {GOAL_MEDIAN_MS} ms", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
