"""Soak: a long run through the real run session; memory must stay flat and every part be accounted for.

Replays the recipe's demo images in a loop through the cascade (heatmap on
every part), records every part to a SQLite history through the real
recorder, and injects the faults a month on the line brings: a sink that
raises on 1 part in 100, and a database that goes away for ``--outage-s``
seconds every ``--outage-every`` seconds (its inserts fail with the error a
dropped connection gives, so batches go to the offline queue and are sent when
it answers again). Resident memory is sampled every 1,000 parts.

Promises: growth after warm-up <= 30 MB; parts = recorded + not recorded (0
expected) at the end, every part in the database once; sink errors counted.

    uv run python benchmarks/soak.py --recipe casting --parts 50000
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from station.core.config import StationConfig
from station.core.types import Frame, Inspection
from station.history.store import HistoryStore
from station.session import RunOptions, RunSession, load_cascade

MAX_GROWTH_MB = 30.0


def rss_mb() -> float:
    """Resident set size of this process now (Linux /proc; falls back to peak RSS elsewhere)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        import os

        return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FlakySink:
    """Raises on one part in ``every``: a sink with a bug must cost only its own output."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.calls = 0

    def write(self, inspection: Inspection, frame: Frame) -> None:
        self.calls += 1
        if self.calls % self.every == 0:
            raise RuntimeError("injected sink fault")


def install_outages(every_s: float, length_s: float) -> dict[str, int]:
    """Make the history database unreachable for ``length_s`` out of every ``every_s`` seconds."""
    started = time.monotonic()
    real_add = HistoryStore.add_inspections
    seen = {"refused_batches": 0}

    def add(self: HistoryStore, rows: Any) -> int:
        if (time.monotonic() - started) % every_s > every_s - length_s:
            seen["refused_batches"] += 1
            raise OperationalError("INSERT", {}, ConnectionError("server closed the connection unexpectedly"))
        return real_add(self, rows)

    HistoryStore.add_inspections = add  # type: ignore[method-assign]
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="casting")
    parser.add_argument("--parts", type=int, default=50_000)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--sink-fault-every", type=int, default=100)
    parser.add_argument("--outage-every", type=float, default=60.0, help="seconds between database outages")
    parser.add_argument("--outage-s", type=float, default=8.0, help="length of each outage")
    parser.add_argument("--data", type=Path, default=None, help="history folder (default: a temporary one)")
    parser.add_argument("--log", type=Path, default=None, help="write RSS samples here (JSON lines)")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="station-soak-"))
    logging.basicConfig(filename=data / "soak.log", level=logging.WARNING)  # thousands of injected faults
    url = f"sqlite:///{data / 'soak.db'}"
    config = StationConfig.model_validate({"history": {"db": url, "data_dir": str(data), "ok_sample_every": 100}})
    cascade = load_cascade(config, args.recipe, "cpu")
    outages = install_outages(args.outage_every, args.outage_s)
    samples: list[tuple[int, float]] = []
    log = args.log.open("w") if args.log else None
    count = [0]

    def on_part(_inspection: object, _frame: object) -> None:
        count[0] += 1
        if count[0] % 1000 == 0:
            samples.append((count[0], rss_mb()))
            if log:
                log.write(json.dumps({"parts": count[0], "rss_mb": round(samples[-1][1], 2)}) + "\n")
                log.flush()

    sink = FlakySink(args.sink_fault_every)
    options = RunOptions(source="demo?loop=1", max_frames=args.parts, record=True, sinks=[sink], on_part=on_part)
    started = time.perf_counter()
    session = RunSession(config, cascade, options).start()
    session.wait()
    stopped = session.stop(timeout=120)
    elapsed = time.perf_counter() - started
    summary = session.summary()
    stored = HistoryStore(url).stats().inspections
    after_warmup = [mb for parts, mb in samples if parts >= args.warmup]
    growth = (max(after_warmup) - after_warmup[0]) if after_warmup else 0.0
    accounted = (
        stopped
        and summary["parts"] + summary["dropped"] == summary["delivered"]
        and summary["recorded"] + summary["not_recorded"] + summary["queued_offline_parts"] == summary["parts"]
        and stored == summary["recorded"]
        and summary["sink_errors"] == sink.calls // args.sink_fault_every
    )
    report = {
        "parts": summary["parts"],
        "delivered": summary["delivered"],
        "recorded": summary["recorded"],
        "stored_in_database": stored,
        "not_recorded": summary["not_recorded"],
        "queued_offline_parts": summary["queued_offline_parts"],
        "sink_errors": summary["sink_errors"],
        "outage_batches_refused": outages["refused_batches"],
        "accounted": accounted,
        "seconds": round(elapsed, 1),
        "parts_per_s": round(summary["parts"] / elapsed, 2),
        "rss_mb_after_warmup": round(after_warmup[0], 1) if after_warmup else None,
        "rss_mb_max": round(max(after_warmup), 1) if after_warmup else None,
        "rss_growth_mb": round(growth, 2),
        "log": str(data / "soak.log"),
    }
    print(json.dumps(report))
    return 0 if accounted and growth <= MAX_GROWTH_MB and summary["not_recorded"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
