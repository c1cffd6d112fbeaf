"""The shift report's line figures: what the line interfaces did is recorded with the run and printed per shift."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from station.core.config import StationConfig
from station.core.types import Inspection, Verdict
from station.history.recorder import Recorder, RecordingContext
from station.history.store import HistoryStore
from station.lineio.handshake import Handshake
from tests.history_writer import synthetic

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")


def _record_a_line_run(tmp_path: Path) -> tuple[str, Path, str]:
    """5 parts triggered: 3 inspected, 2 past their deadline (fail-safe reject); one MQTT outage."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    config = tmp_path / "station.yaml"
    config.write_text(yaml.safe_dump({"station_id": "st-1", "plant": "Plant Nord", "history": {"db": url}}))
    calendar = StationConfig.load(config).calendar
    window = calendar.shift_at(dt.datetime.now(dt.UTC))
    assert window is not None
    clock = [1000.0]
    hs = Handshake(deadline_s=0.3, clock=lambda: clock[0], use_ack=False)
    hs.set_running(True)
    outages = {"mqtt": 0}

    def counters() -> dict[str, int]:  # what LineIo.history_counters gives, from a real handshake
        c = hs.counters
        return {"triggered": c.triggered, "results": c.results, "late": c.late, "failsafe": c.failsafe,
                "failsafe_rejects": c.failsafe, "overflows": c.overflows, "outages": outages["mqtt"],
                "outages:mqtt": outages["mqtt"]}  # fmt: skip

    recorder = Recorder(url, tmp_path, RecordingContext("st-1", "line-1", "casting", "demo", calendar), 0)
    recorder.watch_line(counters)
    for k in range(5):
        hs.trigger("plc", 100 + k)
        hs.mark_fired()
        if k < 3:
            clock[0] += 0.01
            hs.on_inspection(Inspection("cam", k, clock[0], Verdict.OK), clock[0])
            recorder.write(*synthetic(k + 1))
        else:
            clock[0] += 0.5
            hs.tick()
    outages["mqtt"] = 1
    assert recorder.close()
    return url, config, window.label


def test_line_figures_reach_the_shift_report_in_three_languages(tmp_path: Path) -> None:
    url, config, shift = _record_a_line_run(tmp_path)
    store = HistoryStore(url)
    totals = store.line_totals(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert totals is not None
    assert (totals.triggered, totals.results, totals.late, totals.failsafe_rejects, totals.outages) == (5, 5, 2, 2, 1)
    assert totals.outages_by_interface == {"mqtt": 1}
    store.close()
    texts = {}
    for language in ("en", "ko", "ru"):
        out, table = tmp_path / f"r-{language}.pdf", tmp_path / f"s-{language}.csv"
        run = subprocess.run(
            [sys.executable, "-m", "station.cli", "report", "--config", str(config), "--shift", shift,
             "--out", str(out), "--language", language, "--csv", str(table)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        result = json.loads(run.stdout.strip().splitlines()[-1])
        assert result["line_io"]["late"] == 2 and result["line_csv_rows"] >= 1
        texts[language] = " ".join(
            subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
        )
        with (tmp_path / f"s-{language}-line.csv").open(encoding="utf-8-sig") as stream:
            rows = list(csv.reader(stream, delimiter=";" if language == "ru" else ","))
        assert sum(int(r[4]) for r in rows[1:]) == 5 and sum(int(r[6]) for r in rows[1:]) == 2
    en = texts["en"]
    assert "Line interfaces" in en and "Parts triggered 5" in en and "Results sent 5" in en
    assert "Late (past deadline) 2" in en and "Fail-safe rejects 2" in en and "Interface outages 1 (MQTT 1)" in en
    assert "라인 연동" in texts["ko"] and "페일세이프 배출 2" in texts["ko"] and "연동 끊김 1" in texts["ko"]
    assert "Связь с линией" in texts["ru"] and "Аварийная отбраковка 2" in texts["ru"]


def test_a_shift_without_line_interfaces_has_no_line_section(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    store = HistoryStore(url)
    assert store.line_totals(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC)) is None
    store.close()
