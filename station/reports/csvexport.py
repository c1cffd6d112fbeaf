"""A shift's inspections as CSV, for spreadsheets and other plant systems."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from station.history.store import HistoryStore

COLUMNS = (
    "inspected_at",
    "station_id",
    "line",
    "shift",
    "recipe",
    "source",
    "frame_id",
    "verdict",
    "score",
    "threshold",
    "defect_type",
    "review",
    "detections",
    "total_ms",
    "error",
)


def write_csv(
    store: HistoryStore,
    start: dt.datetime,
    end: dt.datetime,
    out: Path,
    station: str | None = None,
    line: str | None = None,
) -> int:
    """Write one row per inspection in [start, end) (UTC ISO times); returns the row count."""
    rows = store.inspections_between(start, end, station)
    if line is not None:
        rows = [r for r in rows if r.line == line]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    r.inspected_at.isoformat(),
                    r.station_id,
                    r.line,
                    r.shift or "",
                    r.recipe,
                    r.source,
                    r.frame_id,
                    r.verdict,
                    "" if r.score is None else f"{r.score:.6f}",
                    "" if r.threshold is None else f"{r.threshold:.6f}",
                    r.defect_type or "",
                    r.review or "",
                    json.dumps(r.detections or [], ensure_ascii=False),
                    (r.timings_ms or {}).get("total", ""),
                    r.error or "",
                ]
            )
    return len(rows)
