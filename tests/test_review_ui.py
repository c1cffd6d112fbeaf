"""QA review in the app: keyboard decisions, the next part at once, roles enforced, everything audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from station.history import auth
from station.history.archive import ImageArchive
from station.history.recorder import Recorder, RecordingContext
from station.history.store import HistoryStore
from station.ui.review import ReviewPanel
from tests.history_writer import synthetic


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[HistoryStore, ImageArchive]:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    recorder = Recorder(url, tmp_path, RecordingContext("st-1", "line-1", "casting", "synthetic"), ok_sample_every=0)
    for index in range(30):
        recorder.write(*synthetic(index))
    assert recorder.close()
    return HistoryStore(url), recorder.archive


def _panel(qtbot, recorded, user: auth.User) -> ReviewPanel:  # type: ignore[no-untyped-def]
    store, archive = recorded
    panel = ReviewPanel(store, archive, "st-1", lambda: user, lambda: ["blowhole", "crack"])
    qtbot.addWidget(panel)
    panel.show()
    panel.reload()
    return panel


def test_a_lead_clears_parts_with_one_key_each(qtbot, recorded) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, recorded, auth.User("lee", auth.Role.QA))
    store, _ = recorded
    assert panel.queue.count() == 6 and panel.view.image is not None  # the newest flagged part, with its image
    first = panel.rows[0]["uid"]
    panel.queue.setFocus()
    qtbot.keyClick(panel.queue, Qt.Key.Key_C)
    assert store.latest_review(first)["decision"] == "confirmed"
    assert panel.queue.count() == 5 and panel.rows[0]["uid"] != first  # the next part, at once
    second = panel.rows[0]["uid"]
    qtbot.keyClick(panel.queue, Qt.Key.Key_F)
    assert store.latest_review(second)["decision"] == "false_reject"
    assert store.stats().reviewed == 2
    assert "false rejects 50.0 %" in panel.rates.text()
    assert [e["action"] for e in store.audit_log()] == ["review", "review"]


def test_wrong_type_asks_for_the_right_one(qtbot, recorded, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("blowhole", True))
    panel = _panel(qtbot, recorded, auth.User("lee", auth.Role.QA))
    uid = panel.rows[0]["uid"]
    panel.note_edit.setText("пыль на детали")
    assert panel.decide("wrong_type")
    review = recorded[0].latest_review(uid)
    assert review is not None and review["correct_type"] == "blowhole" and review["note"] == "пыль на детали"


def test_an_operator_cannot_decide(qtbot, recorded) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, recorded, auth.OPERATOR)
    assert not panel.decide("confirmed")
    assert "qa role" in panel.notice.text()
    assert recorded[0].stats().reviewed == 0


def _history_panel(qtbot, recorded, tmp_path: Path):  # type: ignore[no-untyped-def]
    from station.core.config import StationConfig
    from station.ui.historyview import HistoryPanel

    store, archive = recorded
    config = StationConfig.model_validate(
        {
            "station_id": "st-1",
            "history": {"data_dir": str(archive.root.parent)},
            "reports": {"folder": str(tmp_path / "reports")},
        }
    )
    panel = HistoryPanel(store, config, lambda: ["crack"])
    qtbot.addWidget(panel)
    return panel, store


def test_sign_in_is_audited_and_unlocks_review(qtbot, recorded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel, store = _history_panel(qtbot, recorded, tmp_path)
    auth.bootstrap_admin(store, "root", "4826", "st-1")
    auth.add_user(store, auth.login(store, "root", "4826", "st-1"), "lee", auth.Role.QA, "3719", "st-1")
    assert not panel.login("lee", "0000") and panel.user is auth.OPERATOR
    assert panel.login("lee", "3719") and "lee (qa)" in panel.user_label.text()
    panel.review.reload()
    assert panel.review.decide("confirmed")
    panel.audit("threshold", "casting", 0.22, 0.3)
    panel.reload_audit()
    actions = [panel.audit_table.item(r, 3).text() for r in range(panel.audit_table.rowCount())]
    assert actions[0] == "threshold casting" and any(a.startswith("review") for a in actions)
    panel.logout()
    assert panel.user is auth.OPERATOR


def test_report_preview_and_the_automatic_report_at_shift_end(qtbot, recorded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    panel, _ = _history_panel(qtbot, recorded, tmp_path)
    now = dt.datetime.now(dt.UTC)
    current = panel.config.calendar.shift_at(now)
    assert current is not None
    panel.report_day.setDate(current.day)
    panel.report_shift.setCurrentIndex([s.name for s in panel.config.calendar.shifts].index(current.name))
    out = panel.preview_report()
    assert out is not None and out.stat().st_size > 0
    assert panel.report_pages.pixmap() is not None and not panel.report_pages.pixmap().isNull()
    assert "30 inspected, 6 NG" in panel.report_status.text()
    panel.update_roi()
    assert "Savings per shift" in panel.roi_result.text()
    assert panel.check_shift_end(now) is None  # the shift is still on
    made = panel.check_shift_end(current.end + dt.timedelta(seconds=30))
    assert made is not None and made.parent == tmp_path / "reports" and current.label.replace("/", "_") in made.name
