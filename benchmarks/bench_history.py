"""What recording costs, and how fast the history answers.

1. Throughput: the pipeline on the demo (looping) without and with a Recorder
   (SQLite, images of NG parts archived), rounds alternating so machine noise
   hits both alike. Promise: recording costs <= 5 % (ratio >= 0.95).
2. ``history stats`` over one million records on SQLite. Promise: <= 1 s.

    uv run python benchmarks/bench_history.py [--rounds 5] [--records 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from station.capture.sources import SourceContext, open_source
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.history.recorder import Recorder, RecordingContext
from station.history.store import HistoryStore
from station.inference.cascade import Cascade
from station.pipeline.engine import Pipeline

MIN_RATIO = 0.95
MAX_STATS_S = 1.0


def run_pipeline(cascade: Cascade, parts: int, recorder: Recorder | None) -> float:
    source = open_source("demo?loop=1", SourceContext(cascade.recipe.name, resources_dir()))
    source.open()
    start = time.perf_counter()
    pipeline = Pipeline(source, cascade, [recorder] if recorder else [], max_frames=parts).start()
    pipeline.join()
    if recorder is not None:
        recorder.close()  # the records are part of the work: wait for them
    return pipeline.summary()["parts"] / (time.perf_counter() - start)


def fill(store: HistoryStore, records: int) -> None:
    """Insert ``records`` synthetic rows (one per second across the past days) in large batches."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=records)
    batch = []
    for i in range(records):
        verdict = "NG" if i % 20 == 0 else ("ERROR" if i % 997 == 0 else "OK")
        batch.append(
            {
                "uid": f"bench-{i}",
                "inspected_at": start + dt.timedelta(seconds=i),
                "station_id": f"station-{i % 4}",
                "line": "line-1",
                "shift": None,
                "recipe": "casting",
                "model_hashes": {},
                "threshold": 0.5,
                "source": "bench",
                "frame_id": i,
                "verdict": verdict,
                "score": 0.5,
                "defect_type": None,
                "detections": [],
                "timings_ms": {},
                "error": "unreadable" if verdict == "ERROR" else None,
                "image_path": None,
                "thumb_path": None,
                "review": "pending" if verdict == "NG" else None,
            }
        )
        if len(batch) == 20_000:
            store.add_inspections(batch)
            batch = []
    store.add_inspections(batch)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--parts", type=int, default=360)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    cascade = Cascade(Recipe.load(args.recipe, models_dir()), device="cpu")
    cascade.warm_up()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'history.db'}"
        HistoryStore(url).close()
        plain, recorded = [], []
        for round_index in range(args.rounds):
            plain.append(run_pipeline(cascade, args.parts, None))
            context = RecordingContext("bench", "line-1", cascade.recipe.name, "demo")
            recorded.append(run_pipeline(cascade, args.parts, Recorder(url, Path(tmp) / f"r{round_index}", context)))

        big = HistoryStore(f"sqlite:///{Path(tmp) / 'million.db'}")
        started = time.perf_counter()
        fill(big, args.records)
        fill_s = time.perf_counter() - started
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            stats = big.stats()
            timings.append(time.perf_counter() - started)
        window_start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=8)
        started = time.perf_counter()
        shift_stats = big.stats(window_start, None)
        shift_s = time.perf_counter() - started
    ratio = statistics.median(recorded) / statistics.median(plain)
    report = {
        "recipe": cascade.recipe.name,
        "rounds": args.rounds,
        "parts_per_round": args.parts,
        "plain_pps": round(statistics.median(plain), 2),
        "recorded_pps": round(statistics.median(recorded), 2),
        "recorded_over_plain": round(ratio, 3),
        "records": args.records,
        "fill_s": round(fill_s, 1),
        "stats_s_all": round(min(timings), 3),
        "stats": stats.to_json(),
        "stats_s_last_8h": round(shift_s, 3),
        "last_8h_inspections": shift_stats.inspections,
    }
    print(json.dumps(report))
    ok = ratio >= MIN_RATIO and min(timings) <= MAX_STATS_S
    if not ok:
        print(f"below target: ratio {ratio:.3f} (>= {MIN_RATIO}), stats {min(timings):.3f} s (<= {MAX_STATS_S})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
