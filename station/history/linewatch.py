"""The line interfaces' counters as history rows: each poll in which they grew becomes one ``line_counts`` row.

The line (``station.lineio``) keeps cumulative counters for as long as it is up,
across runs; the recorder of each run polls them with its other losses and
writes what grew since the last poll, so a shift's figures are sums of rows and
a run that starts mid-shift adds to it without counting anything twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from station.history.rows import storable_text
from station.history.store import LINE_COUNTS

POLL_S = 1.0


class LineWatch:
    """``counters()`` gives LINE_COUNTS and ``outages:<interface>`` keys, cumulative."""

    def __init__(self, counters: Callable[[], Mapping[str, int]], run_id: str, station_id: str, line: str) -> None:
        self.counters = counters
        self.run_id = run_id
        self.station_id = storable_text(station_id) or ""
        self.line = storable_text(line) or ""
        self._last = dict(counters())
        self._last_poll = dt.datetime.now(dt.UTC)

    def poll(self, final: bool = False) -> list[dict[str, Any]]:
        """One row when anything grew since the last poll (at most one poll a second, unless final)."""
        now = dt.datetime.now(dt.UTC)
        if not final and (now - self._last_poll).total_seconds() < POLL_S:
            return []
        current = dict(self.counters())
        grown = {k: int(v) - int(self._last.get(k, 0)) for k, v in current.items()}
        started, self._last, self._last_poll = self._last_poll, current, now
        if not any(n > 0 for n in grown.values()):
            return []
        interfaces = {k.split(":", 1)[1]: n for k, n in grown.items() if k.startswith("outages:") and n > 0}
        return [
            {
                "uid": f"{self.run_id}-line-{now.timestamp():.6f}",
                "station_id": self.station_id,
                "line": self.line,
                "started_at": started,
                "ended_at": now,
                **{name: max(0, grown.get(name, 0)) for name in LINE_COUNTS},
                "interfaces": interfaces,
            }
        ]
