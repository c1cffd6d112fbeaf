"""Station settings: unknown keys and bad values are named; defaults when there is no file."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.core.config import ConfigError, StationConfig


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert StationConfig.load(tmp_path / "none.yaml").recipe == "casting"


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "station.yaml"
    StationConfig(station_id="press-4", line="B", heatmap_opacity=0.3).save(path)
    loaded = StationConfig.load(path)
    assert (loaded.station_id, loaded.line, loaded.heatmap_opacity) == ("press-4", "B", 0.3)


def test_unknown_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "station.yaml"
    path.write_text("station_id: a\nheatmap_opacty: 0.5\n")
    with pytest.raises(ConfigError, match="heatmap_opacty: Extra inputs are not permitted"):
        StationConfig.load(path)


def test_bad_value_is_named(tmp_path: Path) -> None:
    path = tmp_path / "station.yaml"
    path.write_text("queue_size: 0\ndisplay_fps: fast\n")
    with pytest.raises(ConfigError) as err:
        StationConfig.load(path)
    assert "queue_size" in str(err.value) and "display_fps" in str(err.value) and str(path) in str(err.value)
