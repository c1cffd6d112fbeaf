"""A shift's inspections as CSV, for spreadsheets and other plant systems.

Headers are in the report's language; numbers are written as the PDF writes
them (score and threshold to 3 decimals), with a decimal comma and ``;`` as the
separator in Russian, as Russian spreadsheets expect. Times stay ISO 8601 UTC
so other systems can read them back in any language.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from station.history.store import HistoryStore
from station.reports.catalogue import Catalogue

COLUMNS = (
    "inspected_at",
    "station_id",
    "line",
    "shift",
    "recipe",
    "part_name",
    "part_id",
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


LINE_COLUMNS = (
    "started_at",
    "ended_at",
    "station_id",
    "line",
    "triggered",
    "results",
    "late",
    "failsafe",
    "failsafe_rejects",
    "overflows",
    "outages",
    "interfaces",
)


def headers(language: str = "en") -> list[str]:
    """The header row in ``language`` (English ones are the column names themselves)."""
    cat = Catalogue(language)
    return [cat.text("col_" + name) for name in COLUMNS]


def _cells(row: Any, cat: Catalogue) -> list[object]:
    mapping = row._mapping
    total = (row.timings_ms or {}).get("total")
    return [
        row.inspected_at.isoformat(),
        row.station_id,
        row.line,
        row.shift or "",
        row.recipe,
        mapping.get("part_name") or "",
        mapping.get("part_id") or "",
        row.source,
        row.frame_id,
        row.verdict,
        "" if row.score is None else cat.plain(row.score, 3),
        "" if row.threshold is None else cat.plain(row.threshold, 3),
        row.defect_type or "",
        row.review or "",
        json.dumps(row.detections or [], ensure_ascii=False),
        "" if total is None else cat.plain(float(total), 1),
        row.error or "",
    ]


def write_csv(
    store: HistoryStore,
    start: dt.datetime,
    end: dt.datetime,
    out: Path,
    station: str | None = None,
    line: str | None = None,
    language: str = "en",
) -> int:
    """Write one row per inspection in [start, end) (UTC ISO times); returns the row count."""
    cat = Catalogue(language)
    rows = store.inspections_between(start, end, station)
    if line is not None:
        rows = [r for r in rows if r.line == line]
    _write(out, cat, headers(language), (_cells(r, cat) for r in rows))
    return len(rows)


def _write(out: Path, cat: Catalogue, header: list[str], rows: Iterable[list[Any]]) -> None:
    """One CSV in the catalogue's language: its delimiter, and a byte-order mark where Excel needs one."""
    out.parent.mkdir(parents=True, exist_ok=True)
    # utf-8-sig: Excel opens a Korean or Russian CSV as UTF-8 only with the byte-order mark.
    encoding = "utf-8" if cat.language == "en" else "utf-8-sig"
    with out.open("w", newline="", encoding=encoding) as stream:
        writer = csv.writer(stream, delimiter=cat.csv_delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def line_csv_path(out: Path) -> Path:
    """Where the line's counts go beside the inspections' CSV: ``shift.csv`` -> ``shift-line.csv``."""
    return out.with_name(f"{out.stem}-line{out.suffix or '.csv'}")


def write_line_csv(
    store: HistoryStore,
    start: dt.datetime,
    end: dt.datetime,
    out: Path,
    station: str | None = None,
    line: str | None = None,
    language: str = "en",
) -> int:
    """One row per ``line_counts`` row starting in [start, end): what the line interfaces did, about each
    second they did something (sum a column for the shift's figure); returns the row count."""
    cat = Catalogue(language)
    rows = store.line_counts_between(start, end, station, line)
    cells = (
        [r.started_at.isoformat(), r.ended_at.isoformat()]
        + [getattr(r, name) for name in LINE_COLUMNS[2:-1]]
        + [json.dumps(r.interfaces or {}, ensure_ascii=False)]
        for r in rows
    )
    _write(out, cat, [cat.text("col_" + name) for name in LINE_COLUMNS], cells)
    return len(rows)
