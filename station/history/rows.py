"""What one inspection looks like as a database row, and where the run's records say they came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from station.core.shifts import ShiftCalendar
from station.core.types import Inspection, Verdict


@dataclass(frozen=True)
class RecordingContext:
    """What every record of this run says about where it came from."""

    station_id: str
    line: str
    recipe: str
    source: str
    calendar: ShiftCalendar | None = None


def storable_text(text: str | None, limit: int | None = None) -> str | None:
    """Text any database driver accepts: a file name that is not valid UTF-8 arrives as lone surrogates
    (``b'\\xff'`` -> ``'\\udcff'``), which psycopg and sqlite3 refuse to encode; they are kept as visible
    escapes instead, so the record still names the file."""
    if text is None:
        return None
    safe = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return safe if limit is None else safe[:limit]


def part_name(inspection: Inspection, context: RecordingContext) -> str:
    """The name of the part: the file name for file sources (each frame's source_id is the file's
    path), else the camera's frame id (a stream's frames all carry the source address)."""
    if inspection.source_id and inspection.source_id != context.source:
        name = PurePath(inspection.source_id).name
        if name:
            return name
    return str(inspection.index)


def inspection_row(uid: str, inspection: Inspection, context: RecordingContext) -> dict[str, Any]:
    """The database row of one inspection (images are added by the writer)."""
    when = dt.datetime.fromtimestamp(inspection.timestamp, dt.UTC)
    shift = context.calendar.shift_at(when) if context.calendar is not None else None
    top = max(inspection.detections, key=lambda d: d.confidence, default=None)
    return {
        "uid": uid,
        "inspected_at": when,
        "station_id": storable_text(context.station_id),
        "line": storable_text(context.line),
        "shift": shift.label if shift is not None else None,
        "recipe": storable_text(context.recipe),
        "model_hashes": dict(inspection.model_hashes),
        "threshold": inspection.threshold,
        "source": storable_text(context.source, 512),
        "frame_id": inspection.index,
        "part_name": storable_text(part_name(inspection, context), 255),
        "part_id": storable_text(inspection.part_id, 128),
        "verdict": inspection.verdict.value,
        "score": inspection.defect_score,
        "defect_type": storable_text(top.label) if top is not None else None,
        "detections": [d.to_json() for d in inspection.detections],
        "timings_ms": {k: round(v, 3) for k, v in inspection.timings_ms.items()},
        "error": storable_text(inspection.error),
        "image_path": None,
        "thumb_path": None,
        "review": "pending" if inspection.verdict is Verdict.NG else None,
    }
