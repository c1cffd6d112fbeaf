"""Shift reports: the numbers on the page are the history's numbers, in any language, across midnight."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from station.core.config import StationConfig
from station.history.recorder import Recorder, RecordingContext
from station.history.store import HistoryStore
from tests.history_writer import synthetic

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

UTC = dt.UTC
CALENDAR = {"timezone": "Europe/Berlin"}


def _setup(tmp_path: Path, moments: list[dt.datetime], labels: tuple[str, ...] = ("crack",)) -> tuple[str, Path]:
    """Record one synthetic part at each moment (every fifth NG); returns the db URL and a config file."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    config = tmp_path / "station.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "station_id": "st-1",
                "plant": "Plant Nord",
                "calendar": CALENDAR,
                "history": {"db": url, "data_dir": str(tmp_path)},
            }
        )
    )
    calendar = StationConfig.load(config).calendar
    recorder = Recorder(url, tmp_path, RecordingContext("st-1", "line-1", "casting", "demo", calendar), 0)
    for index, moment in enumerate(moments):
        recorder.write(*synthetic(index, moment.timestamp(), labels[index % len(labels)]))
    assert recorder.close()
    return url, config


def _report(tmp_path: Path, config: Path, shift: str, *extra: str) -> tuple[dict[str, object], str]:
    out = tmp_path / f"report-{shift.replace('/', '_')}.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "station.cli",
            "report",
            "--config",
            str(config),
            "--shift",
            shift,
            "--out",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return json.loads(result.stdout.strip().splitlines()[-1]), text


def _stats_cli(url: str, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "station.cli",
            "history",
            "stats",
            "--db",
            url,
            "--from",
            start.isoformat(),
            "--to",
            end.isoformat(),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _figure(text: str, label: str) -> int:
    match = re.search(rf"{label}\s+([\d,]+)", text)
    assert match, f"{label!r} not on the page"
    return int(match.group(1).replace(",", ""))


def test_a_normal_shift_adds_up_to_history_stats(tmp_path: Path) -> None:
    start = dt.datetime(2026, 11, 20, 5, 0, tzinfo=UTC)  # shift A in Berlin: 06:00-14:00 local = 05:00-13:00 UTC
    moments = [start + dt.timedelta(seconds=97 * i) for i in range(280)]  # 7.5 hours
    moments.append(start - dt.timedelta(minutes=5))  # the night before: not this shift
    url, config = _setup(tmp_path, moments, labels=("crack", "crack", "blowhole"))
    store = HistoryStore(url)
    flagged = store.review_queue()
    shown = start + dt.timedelta(hours=9)  # the lead looked at the first part for 4 s
    store.decide(flagged[0]["uid"], "false_reject", "lee", "st-1", note="먼지 (dust)", shown_at=shown,
                 decided_at=shown + dt.timedelta(seconds=4))  # fmt: skip
    store.decide(flagged[1]["uid"], "confirmed", "lee", "st-1", note="трещина видна")
    store.audit("lee", "st-1", "threshold", "casting", 0.22, 0.3, at=start + dt.timedelta(hours=2))

    result, text = _report(tmp_path, config, "2026-11-20/A", "--csv", str(tmp_path / "shift.csv"))
    expected = _stats_cli(url, start, start + dt.timedelta(hours=8))
    assert expected["inspections"] == 280
    assert {k: result[k] for k in expected} == expected
    for label, key in (
        ("Inspected", "inspections"),
        ("OK", "ok"),
        ("NG", "ng"),
        ("Errors", "errors"),
        ("Not inspected", "not_inspected"),
    ):
        assert _figure(text, label) == expected[key], label
    # one false reject of two decisions, with its sample size and 95 % Wilson interval
    assert "50.0 % of 2 decisions (95 % CI 9.5 % – 90.5 %)" in text
    assert "먼지" in text and "трещина видна" in text  # Hangul and Cyrillic notes print
    assert "0.220 → 0.300" in text and "Savings estimate" in text and "payback" in text.lower()
    # 2 decisions of 56 NG parts: the rate is not applied to the 54 pending ones, and no savings claimed
    assert "Not enough reviewed parts: 2 QA decisions, at least 30" in " ".join(text.split())
    assert "Station escapes: unknown" in text
    assert "Time to decision: median 4.0 s on screen (90 % within 4.0 s; decisions timed: 1)" in " ".join(text.split())
    assert "Page 1 of" in text and "Plant Nord" in text
    assert len((tmp_path / "shift.csv").read_text().splitlines()) == 281


def test_an_empty_shift_prints_zeros(tmp_path: Path) -> None:
    _, config = _setup(tmp_path, [dt.datetime(2026, 11, 20, 5, 30, tzinfo=UTC)])
    result, text = _report(tmp_path, config, "2026-11-21/B", "--page", "Letter")
    info = subprocess.run(["pdfinfo", str(result["report"])], capture_output=True, text=True, check=True).stdout
    assert "612 x 792 pts (letter)" in info
    assert result["inspections"] == 0 and _figure(text, "Inspected") == 0
    assert "Yield" in text and "Sign-off" in text


def test_a_night_shift_across_midnight(tmp_path: Path) -> None:
    # Shift C on 2026-11-20 in Berlin: 22:00 -> 06:00 local = 21:00 -> 05:00 UTC.
    inside = [dt.datetime(2026, 11, 20, 21, 30, tzinfo=UTC), dt.datetime(2026, 11, 21, 2, 0, tzinfo=UTC)]
    outside = [dt.datetime(2026, 11, 21, 5, 30, tzinfo=UTC), dt.datetime(2026, 11, 20, 20, 59, tzinfo=UTC)]
    url, config = _setup(tmp_path, inside * 5 + outside)
    result, text = _report(tmp_path, config, "2026-11-20/C")
    assert result["inspections"] == 10 and _figure(text, "Inspected") == 10
    assert "2026-11-20 22:00 – 2026-11-21 06:00" in text
    rows = HistoryStore(url).review_queue(status=None)
    assert {r["shift"] for r in rows if r["inspected_at"] in inside} <= {"2026-11-20/C"}


def test_a_bad_shift_name_is_one_clear_line(tmp_path: Path) -> None:
    _, config = _setup(tmp_path, [])
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "station.cli",
            "report",
            "--config",
            str(config),
            "--shift",
            "2026-11-20/Z",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "no shift 'Z'" in result.stderr
