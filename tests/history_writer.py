"""A station process for the history tests: records N synthetic inspections through a Recorder.

Prints one line per batch once it is safe (``committed N``), as an operator's
screen would show it, so a test can kill it and check what was reported.
Usage: python tests/history_writer.py URL DATA_DIR STATION_ID COUNT [DELAY_S]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from station.core.types import Detection, Frame, Inspection, Verdict
from station.history.recorder import Recorded, Recorder, RecordingContext


def synthetic(index: int, timestamp: float | None = None, label: str = "crack") -> tuple[Inspection, Frame]:
    """Every fifth part NG with one ``label`` box; the rest OK."""
    ng = index % 5 == 0
    detections = (Detection(label, 2, 0.8, (1.0, 2.0, 10.0, 12.0)),) if ng else ()
    inspection = Inspection(
        source_id="synthetic",
        index=index,
        timestamp=time.time() if timestamp is None else timestamp,
        verdict=Verdict.NG if ng else Verdict.OK,
        defect_score=0.9 if ng else 0.1,
        threshold=0.5,
        detections=detections,
        timings_ms={"total": 5.0},
        model_hashes={"classifier": "abc"},
    )
    return inspection, Frame("synthetic", index, np.zeros((16, 16, 3), np.uint8))


def main() -> int:
    url, data_dir, station_id, count = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    delay = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    committed = 0

    def report(batch: list[Recorded]) -> None:
        nonlocal committed
        committed += len(batch)
        print(f"committed {committed} last {batch[-1].inspection.index}", flush=True)

    recorder = Recorder(
        url, data_dir, RecordingContext(station_id, "line-1", "casting", "synthetic"), 0, report, retry_s=0.5
    )
    for index in range(count):
        recorder.write(*synthetic(index))
        if delay:
            time.sleep(delay)
    finished = recorder.close(timeout=120)
    print(f"done {committed} online={recorder.state.online} queued={recorder.state.queued_offline}", flush=True)
    return 0 if finished else 1


if __name__ == "__main__":
    raise SystemExit(main())
