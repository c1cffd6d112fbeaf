"""History: every part recorded once, nothing lost when the database goes away, reviews and audit kept."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from station.core.shifts import ShiftCalendar, ShiftSpec
from station.history import auth
from station.history.recorder import Recorder, RecordingContext
from station.history.store import HistoryError, HistoryStore
from tests.history_writer import synthetic

WRITER = Path(__file__).parent / "history_writer.py"
UTC = dt.UTC


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'history.db'}"


def _record(url: str, data_dir: Path, count: int, station: str = "st-1") -> Recorder:
    recorder = Recorder(url, data_dir, RecordingContext(station, "line-1", "casting", "synthetic"), ok_sample_every=0)
    for index in range(count):
        recorder.write(*synthetic(index))
    assert recorder.close()
    return recorder


def test_every_part_is_recorded_with_its_evidence(tmp_path: Path) -> None:
    recorder = _record(_url(tmp_path), tmp_path, 50)
    assert recorder.state.recorded == 50 and recorder.state.queued_offline == 0
    store = HistoryStore(_url(tmp_path))
    stats = store.stats()
    assert stats.to_json() == {
        "inspections": 50,
        "ok": 40,
        "ng": 10,
        "errors": 0,
        "not_inspected": 0,
        "reviewed": 0,
        "pending_review": 10,
        "not_recorded": 0,
    }
    flagged = store.review_queue()
    assert len(flagged) == 10 and flagged[0]["frame_id"] == 45  # newest first
    assert flagged[0]["defect_type"] == "crack" and flagged[0]["detections"][0]["label"] == "crack"
    assert recorder.archive.path(flagged[0]["image_path"]) is not None
    assert recorder.archive.path(flagged[0]["thumb_path"]) is not None
    assert flagged[0]["inspected_at"].tzinfo is not None


def test_a_batch_sent_twice_is_stored_once(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    row = {
        "uid": "run-1",
        "inspected_at": dt.datetime(2026, 11, 21, 8, 0, tzinfo=UTC),
        "station_id": "s",
        "line": "l",
        "shift": None,
        "recipe": "casting",
        "model_hashes": {},
        "threshold": 0.5,
        "source": "demo",
        "frame_id": 1,
        "verdict": "OK",
        "score": 0.1,
        "defect_type": None,
        "detections": [],
        "timings_ms": {},
        "error": None,
        "image_path": None,
        "thumb_path": None,
        "review": None,
    }
    assert store.add_inspections([row]) == 1
    assert store.add_inspections([row, {**row, "uid": "run-2"}]) == 1
    assert store.stats().inspections == 2


def test_database_outage_queues_on_disk_and_sends_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    down = {"value": True}
    original = HistoryStore.add_inspections

    def flaky(self: HistoryStore, rows: list[dict[str, object]]) -> int:
        if down["value"]:
            raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))
        calls.extend(int(r["frame_id"]) for r in rows)  # type: ignore[call-overload]
        return original(self, rows)

    monkeypatch.setattr(HistoryStore, "add_inspections", flaky)
    shown: list[int] = []
    recorder = Recorder(
        _url(tmp_path),
        tmp_path,
        RecordingContext("st-1", "line-1", "casting", "synthetic"),
        ok_sample_every=0,
        on_committed=lambda batch: shown.extend(r.inspection.index for r in batch),
        retry_s=0.05,
    )
    for index in range(300):
        recorder.write(*synthetic(index))
    deadline = time.monotonic() + 10
    while len(shown) < 300 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert shown == list(range(300))  # shown once safe on disk, although the database is down
    assert recorder.state.queued_offline > 0 and not recorder.state.online
    assert "unreachable" in (recorder.state.last_error or "")
    down["value"] = False
    for index in range(300, 400):
        recorder.write(*synthetic(index))
    assert recorder.close()
    assert calls == list(range(400))  # the queue went first, in order
    assert recorder.state.queued_offline == 0
    assert HistoryStore(_url(tmp_path)).stats().inspections == 400


def test_a_killed_station_leaves_a_clean_database_with_everything_it_reported(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    process = subprocess.Popen(
        [sys.executable, str(WRITER), _url(tmp_path), str(tmp_path), "st-kill", "1000000", "0.0002"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    reported = 0
    for line in process.stdout:
        reported = int(line.split()[1])
        if reported >= 2000:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(tmp_path / "history.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = connection.execute("SELECT count(*) FROM inspections").fetchone()[0]
        shown = connection.execute("SELECT count(*) FROM inspections WHERE frame_id < ?", (reported,)).fetchone()[0]
    assert shown == reported and stored >= reported  # every part reported before the kill is there


def test_review_decisions_update_the_counts_and_the_audit_log(tmp_path: Path) -> None:
    _record(_url(tmp_path), tmp_path, 20)
    store = HistoryStore(_url(tmp_path))
    first, second, third = (row["uid"] for row in store.review_queue()[:3])
    store.decide(first, "confirmed", "lee", "st-1", reason_code="crack-visible")
    store.decide(second, "false_reject", "lee", "st-1", note="dust, 먼지, пыль")
    store.decide(third, "wrong_type", "lee", "st-1", correct_type="blowhole")
    with pytest.raises(HistoryError, match="right defect type"):
        store.decide(first, "wrong_type", "lee", "st-1")
    stats = store.stats()
    assert (stats.reviewed, stats.pending_review) == (3, 1)
    assert [r["uid"] for r in store.review_queue(status="false_reject")] == [second]
    assert store.latest_review(second)["note"] == "dust, 먼지, пыль"  # type: ignore[index]
    entries = store.audit_log(actions=["review"])
    assert [(e["target"], e["old_value"], e["new_value"]) for e in entries] == [
        (first, "pending", "confirmed"),
        (second, "pending", "false_reject"),
        (third, "pending", "wrong_type:blowhole"),
    ]
    rates = store.review_rates()["-"]
    assert rates["false_reject_rate"] == pytest.approx(1 / 3) and rates["pending"] == 1


def test_the_audit_log_refuses_changes(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    store.audit("ana", "st-1", "threshold", "casting", 0.22, 0.3)
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as connection:
        connection.execute(text("UPDATE audit SET new_value = '0.9'"))
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit"))
    assert store.audit_log()[0]["new_value"] == "0.3"


def test_roles_pins_and_logins(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    with pytest.raises(auth.PermissionDenied):
        auth.bootstrap_admin(store, "other", "1111", "st-1")
    admin = auth.login(store, "root", "4826", "st-1")
    auth.add_user(store, admin, "lee", auth.Role.QA, "3719", "st-1")
    assert "3719" not in store.user_row("lee")["pin_hash"]  # type: ignore[index]
    lead = auth.login(store, "lee", "3719", "st-1")
    lead.require(auth.REVIEW, "reviewing")
    with pytest.raises(auth.PermissionDenied, match="admin"):
        auth.add_user(store, lead, "eve", auth.Role.ADMIN, "0000", "st-1")
    with pytest.raises(auth.PermissionDenied, match="wrong PIN"):
        auth.login(store, "lee", "0000", "st-1")
    with pytest.raises(auth.PermissionDenied, match="qa role"):
        auth.OPERATOR.require(auth.REVIEW, "reviewing")
    actions = [(e["user"], e["action"]) for e in store.audit_log()]
    assert ("lee", "login") in actions and ("lee", "login_failed") in actions and ("root", "user") in actions


def test_stats_windows_and_gaps(tmp_path: Path) -> None:
    store = HistoryStore(_url(tmp_path))
    start = dt.datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
    store.add_gaps(
        [
            {
                "uid": "g1",
                "station_id": "s",
                "line": "l",
                "started_at": start + dt.timedelta(hours=1),
                "ended_at": start + dt.timedelta(hours=1, seconds=30),
                "reason": "offline",
                "parts": 42,
            }
        ]
    )
    assert store.stats(start, start + dt.timedelta(hours=8)).not_inspected == 42
    assert store.stats(start + dt.timedelta(hours=8), start + dt.timedelta(hours=16)).not_inspected == 0


def test_history_stats_command_ends_with_a_json_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from station.cli import main

    _record(_url(tmp_path), tmp_path, 10)
    result = subprocess.run(
        [sys.executable, "-m", "station.cli", "history", "stats", "--db", _url(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1])["inspections"] == 10
    assert main(["history", "stats", "--db", "nosuchdb://host/x"]) == 2
    assert "cannot open history database nosuchdb://host/x" in capsys.readouterr().err


def test_shift_windows_cross_midnight_and_daylight_saving() -> None:
    calendar = ShiftCalendar(timezone="Europe/Berlin")
    night = calendar.window(dt.date(2026, 3, 28), "C")  # clocks go forward at 02:00 on 29 March
    assert night.start == dt.datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    assert night.end == dt.datetime(2026, 3, 29, 4, 0, tzinfo=UTC)
    assert night.end - night.start == dt.timedelta(hours=7)
    autumn = calendar.window(dt.date(2026, 10, 24), "C")  # back at 03:00 on 25 October
    assert autumn.end - autumn.start == dt.timedelta(hours=9)
    assert calendar.shift_at(dt.datetime(2026, 3, 29, 3, 0, tzinfo=UTC)).label == "2026-03-28/C"  # type: ignore[union-attr]
    assert calendar.shift_at(dt.datetime(2026, 3, 29, 5, 0, tzinfo=UTC)).label == "2026-03-29/A"  # type: ignore[union-attr]
    assert calendar.parse("2026-11-21/B").start == dt.datetime(2026, 11, 21, 13, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="YYYY-MM-DD/NAME"):
        calendar.parse("yesterday")
    with pytest.raises(ValueError, match="no shift 'D'"):
        calendar.parse("2026-11-21/D")
    gap = ShiftCalendar(timezone="UTC", shifts=[ShiftSpec(name="day", start="08:00", end="16:00")])
    assert gap.shift_at(dt.datetime(2026, 1, 1, 20, 0, tzinfo=UTC)) is None


def test_reviewed_parts_become_a_training_set(tmp_path: Path) -> None:
    from station.history.dataset import export_reviewed

    recorder = _record(_url(tmp_path), tmp_path, 20)
    store = HistoryStore(_url(tmp_path))
    confirmed, rejected, retyped, _ = (row["uid"] for row in store.review_queue())
    store.decide(confirmed, "confirmed", "lee", "st-1")
    store.decide(rejected, "false_reject", "lee", "st-1")
    store.decide(retyped, "wrong_type", "lee", "st-1", correct_type="blowhole")
    counts = export_reviewed(store, recorder.archive, tmp_path / "set", ["blowhole", "crack"])
    assert counts == {"ok": 1, "defect": 2, "yolo_images": 2, "boxes": 2, "missing_images": 0, "refused_paths": 0}
    labels = {p.stem: p.read_text().split() for p in (tmp_path / "set" / "yolo" / "labels").iterdir()}
    assert sorted(row[0] for row in labels.values()) == ["0", "1"]  # the re-typed part carries the right class
    box = next(row for row in labels.values() if row[0] == "1")
    assert [float(v) for v in box[1:]] == pytest.approx([5.5 / 16, 7 / 16, 9 / 16, 10 / 16], abs=1e-5)
    hard = (tmp_path / "set" / "hard.txt").read_text().split()
    ok_files = {p.name for p in (tmp_path / "set" / "ok").iterdir()}
    assert len(hard) == 2 and len(ok_files & set(hard)) == 1  # the false reject, and the re-typed defect
