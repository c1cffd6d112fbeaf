"""The current shift's totals for the main screen: the history's count before this run, plus this run's.

The history is the truth (so Stop/Start and a restart keep the figures), but
it lags the line by a writer batch. So the screen shows what the history held
*before the current run started* plus the run's own live counters, which are
exact and update four times a second. Without a history (recording off, the
database away) the runs of this session are summed instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from station.core.shifts import ShiftCalendar, ShiftWindow
from station.history.store import Stats


@dataclass(frozen=True)
class Tally:
    """The counts the operator reads: inspected (OK + NG), OK, NG, not inspected, errors."""

    inspected: int = 0
    ok: int = 0
    ng: int = 0
    not_inspected: int = 0
    errors: int = 0

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> Tally:
        """A run's counters, from the pipeline's summary."""
        return cls(
            int(summary.get("inspected", 0)),
            int(summary.get("ok", 0)),
            int(summary.get("ng", 0)),
            int(summary.get("not_inspected", 0)),
            int(summary.get("errors", 0)),
        )

    @classmethod
    def from_stats(cls, stats: Stats) -> Tally:
        return cls(stats.ok + stats.ng, stats.ok, stats.ng, stats.not_inspected, stats.errors)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.inspected + other.inspected,
            self.ok + other.ok,
            self.ng + other.ng,
            self.not_inspected + other.not_inspected,
            self.errors + other.errors,
        )


@dataclass(frozen=True)
class Query:
    """What to ask the history: parts of ``shift`` in [shift.start, end); ``generation`` ties it to a run."""

    shift: ShiftWindow
    end: dt.datetime
    generation: int


class ShiftTotals:
    """Keeps the shift's count before the current run; the window feeds it runs and history answers."""

    def __init__(self, calendar: ShiftCalendar) -> None:
        self.calendar = calendar
        self.shift: ShiftWindow | None = None
        self.earlier = Tally()  # the shift's parts before run_start (or up to the last answer, see below)
        self.run = Tally()
        self.run_start: dt.datetime | None = None
        self.has_history = False
        self._generation = 0

    def _run_in_shift(self) -> bool:
        return self.shift is not None and self.run_start is not None and self.run_start >= self.shift.start

    def _follow_shift(self, now: dt.datetime) -> None:
        current = self.calendar.shift_at(now)
        if current != self.shift:  # a new shift: nothing of it is known until the history answers
            self.shift, self.earlier = current, Tally()
            self._generation += 1

    def new_run(self, now: dt.datetime) -> None:
        """A run started: the last run's counts join the shift's earlier parts until the history confirms."""
        self._follow_shift(now)
        if self._run_in_shift() or not self.has_history:
            self.earlier = self.earlier + self.run
        self.run, self.run_start = Tally(), now
        self._generation += 1

    def query(self, now: dt.datetime) -> Query | None:
        """The question for the history now; None between shifts."""
        self._follow_shift(now)
        if self.shift is None:
            return None
        end = self.run_start if self._run_in_shift() and self.run_start is not None else now
        return Query(self.shift, end, self._generation)

    def answer(self, query: Query, stats: Stats) -> None:
        """The history's count for ``query``; ignored if a run started or the shift changed since it was asked."""
        self.has_history = True
        if query.generation == self._generation and query.shift == self.shift:
            self.earlier = Tally.from_stats(stats)

    def totals(self, now: dt.datetime) -> Tally | None:
        """The shift's totals as the screen shows them; None between shifts."""
        self._follow_shift(now)
        if self.shift is None:
            return None
        if self._run_in_shift() or not self.has_history:
            return self.earlier + self.run
        return self.earlier  # the run began in an earlier shift: its counts are not this shift's
