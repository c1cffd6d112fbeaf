"""The plant's shift calendar: which shift a moment belongs to, and a shift's exact window.

Shifts are given as local wall-clock times in the plant's timezone (an IANA
name such as ``Europe/Berlin``). Windows are computed with ``zoneinfo`` on the
calendar day, so a night shift across midnight ends on the next day and a
shift that spans a daylight-saving change is an hour shorter or longer, as the
clock on the wall says, never shifted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ShiftSpec(BaseModel):
    """One named shift: ``start`` and ``end`` as HH:MM; ``end <= start`` means it ends the next day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=32)
    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError(f"{value!r} is not a time of day as HH:MM (00:00-23:59)")
        return value

    @property
    def start_time(self) -> dt.time:
        return dt.time.fromisoformat(self.start)

    @property
    def end_time(self) -> dt.time:
        return dt.time.fromisoformat(self.end)

    @property
    def crosses_midnight(self) -> bool:
        return self.end_time <= self.start_time


def default_shifts() -> list[ShiftSpec]:
    return [
        ShiftSpec(name="A", start="06:00", end="14:00"),
        ShiftSpec(name="B", start="14:00", end="22:00"),
        ShiftSpec(name="C", start="22:00", end="06:00"),
    ]


@dataclass(frozen=True)
class ShiftWindow:
    """One occurrence of a shift: the day it started on, its name, and [start, end) in UTC."""

    day: dt.date
    name: str
    start: dt.datetime
    end: dt.datetime

    @property
    def label(self) -> str:
        return f"{self.day.isoformat()}/{self.name}"


class ShiftCalendar(BaseModel):
    """Shifts that tile the day, in one timezone (``None``: this computer's local zone)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str | None = None
    shifts: list[ShiftSpec] = Field(default_factory=default_shifts, min_length=1)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown timezone {value!r} (use an IANA name such as Europe/Berlin)") from exc
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> ShiftCalendar:
        names = [s.name for s in self.shifts]
        if len(set(names)) != len(names):
            raise ValueError(f"shift names must be unique, got {names}")
        return self

    @property
    def zone(self) -> dt.tzinfo:
        if self.timezone is not None:
            return ZoneInfo(self.timezone)
        local = dt.datetime.now().astimezone().tzinfo
        assert local is not None
        return local

    def spec(self, name: str) -> ShiftSpec:
        for shift in self.shifts:
            if shift.name == name:
                return shift
        raise KeyError(f"no shift {name!r}; the calendar has {', '.join(s.name for s in self.shifts)}")

    def window(self, day: dt.date, name: str) -> ShiftWindow:
        """The shift ``name`` that starts on local calendar ``day``."""
        shift = self.spec(name)
        zone = self.zone
        start = dt.datetime.combine(day, shift.start_time, tzinfo=zone)
        end_day = day + dt.timedelta(days=1) if shift.crosses_midnight else day
        end = dt.datetime.combine(end_day, shift.end_time, tzinfo=zone)
        return ShiftWindow(day, name, start.astimezone(dt.UTC), end.astimezone(dt.UTC))

    def shift_at(self, moment: dt.datetime) -> ShiftWindow | None:
        """The shift occurrence holding ``moment`` (aware), or None in a gap between shifts."""
        if moment.tzinfo is None:
            raise ValueError("shift_at needs a timezone-aware datetime")
        local_day = moment.astimezone(self.zone).date()
        for day in (local_day, local_day - dt.timedelta(days=1)):
            for shift in self.shifts:
                window = self.window(day, shift.name)
                if window.start <= moment < window.end:
                    return window
        return None

    def parse(self, text: str) -> ShiftWindow:
        """``YYYY-MM-DD/NAME`` -> that shift's window; ValueError naming what is wrong."""
        day_text, sep, name = text.partition("/")
        if not sep:
            raise ValueError(f"{text!r}: give a shift as YYYY-MM-DD/NAME, e.g. 2026-11-21/A")
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError as exc:
            raise ValueError(f"{text!r}: {day_text!r} is not a date as YYYY-MM-DD") from exc
        try:
            return self.window(day, name)
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from exc
