"""Station settings in a YAML file, validated: an unknown key or a bad value is named in one clear message."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from station.core.lineio_settings import LineIoSettings
from station.core.paths import user_config_file
from station.core.shifts import ShiftCalendar


class ConfigError(Exception):
    """The settings file cannot be used; the message names the file and the key."""


class HistorySettings(BaseModel):
    """Where and how inspections are recorded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record: bool = Field(True, description="the app records every part (the CLI records with --db)")
    db: str | None = Field(None, description="SQLAlchemy URL; None = SQLite in the user's data folder")
    data_dir: Path | None = Field(None, description="image archive and offline queue; None = the user's data folder")
    ok_sample_every: int = Field(100, ge=0, description="keep the image of 1 OK part in N (0: none)")
    image_retention_days: int = Field(90, ge=1, description="older archived images are deleted; records stay")
    max_pending_parts: int = Field(20_000, ge=10, description="parts waiting for the writer before new ones are lost")
    max_pending_image_mb: float = Field(512.0, gt=0, description="pictures held for the writer; past it, none kept")
    pictures_min_free_mb: float = Field(200.0, ge=0, description="below this free space no pictures are archived")
    warn_free_mb: float = Field(1000.0, ge=0, description="below this free space the station warns")
    # PIN policy (station.history.auth.PinPolicy.from_settings reads these)
    pin_min_length: int = Field(4, ge=4, le=12, description="shortest PIN accepted when one is set")
    pin_max_failures: int = Field(5, ge=1, le=100, description="wrong PINs in a row that lock a user")
    pin_lockout_s: float = Field(300.0, ge=0, le=86400, description="how long a locked user waits")
    pin_failure_delay_s: float = Field(0.5, ge=0, le=10, description="every refused login takes at least this")


class RoiSettings(BaseModel):
    """What a supervisor enters for the savings estimate (in the plant's currency)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    currency: str = "EUR"
    part_value: float = Field(12.0, ge=0, description="value of a good part lost when it is scrapped unreviewed")
    escaped_defect_cost: float = Field(250.0, ge=0, description="cost of one defect reaching a customer")
    false_reject_cost: float = Field(12.0, ge=0, description="cost of re-checking a false reject QA rescued")
    manual_miss_rate: float = Field(0.1, ge=0, le=1, description="share of defects a manual inspector misses")
    inspector_cost_per_hour: float = Field(35.0, ge=0)
    inspectors_replaced: float = Field(1.0, ge=0, description="manual inspectors per shift the station frees")
    system_cost: float = Field(40000.0, ge=0, description="price of the station, installed")
    shifts_per_month: float = Field(66.0, gt=0, description="e.g. 3 shifts x 22 days")


class ReportSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    auto_at_shift_end: bool = Field(True, description="the app writes each shift's report when the shift ends")
    folder: Path | None = Field(None, description="where automatic reports go; None = the user's data folder")
    page_size: str = Field("A4", pattern="^(A4|Letter)$")


class StationConfig(BaseModel):
    """What a workstation remembers between runs (window layout lives in Qt's own settings)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    station_id: str = Field("station-1", min_length=1, description="name of this workstation in records and reports")
    line: str = Field("line-1", min_length=1)
    recipe: str = "casting"
    source: str = "demo?loop=1"
    models_dir: Path | None = None
    queue_size: int = Field(4, ge=1, le=256)
    max_offline_s: float = Field(
        300.0, gt=0, description="a camera gone longer than this ends the run (with its summary and exit code)"
    )
    display_fps: float = Field(15.0, gt=0, le=120, description="how often the window shows the newest part")
    heatmap_opacity: float = Field(0.45, ge=0.0, le=1.0)
    heatmap_visible: bool = True
    plant: str = Field("plant", min_length=1, description="printed on reports")
    language: Literal["en", "ko", "ru"] | None = Field(
        None, description="the app's words, numbers and dates (and the reports'); None = the system's language"
    )
    calendar: ShiftCalendar = Field(default_factory=ShiftCalendar)
    history: HistorySettings = Field(default_factory=HistorySettings)
    roi: RoiSettings = Field(default_factory=RoiSettings)
    reports: ReportSettings = Field(default_factory=ReportSettings)
    line_io: LineIoSettings | None = Field(None, description="PLC, OPC UA, MQTT, remote I/O (station.lineio)")

    @classmethod
    def resolve(cls, path: Path | None = None) -> tuple[StationConfig, Path]:
        """The settings every command uses: ``path`` (``--config``) or the user's station.yaml, and its place.

        An explicit ``path`` that does not exist is an error (a typo must not run on defaults).
        """
        if path is not None and not path.is_file():
            raise ConfigError(f"{path}: no such settings file")
        chosen = path or user_config_file()
        return cls.load(chosen), chosen

    @classmethod
    def load(cls, path: Path | None) -> StationConfig:
        """Defaults when ``path`` is None or missing; otherwise the file, validated."""
        if path is None or not path.is_file():
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read settings: {' '.join(str(exc).split())}") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: settings must be a mapping of key: value")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
            raise ConfigError(f"{path}: {problems}") from None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.model_dump(mode="json", exclude_none=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
