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
    assert store.latest_review(first)["decision"] == "confirmed"  # type: ignore[index]
    assert panel.queue.count() == 5 and panel.rows[0]["uid"] != first  # the next part, at once
    second = panel.rows[0]["uid"]
    qtbot.keyClick(panel.queue, Qt.Key.Key_F)
    assert store.latest_review(second)["decision"] == "false_reject"  # type: ignore[index]
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
