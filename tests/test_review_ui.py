"""QA review in the app: a grid of recorded parts, keys anywhere in the window but the note field,
the next part at once (the write on a worker), filters, who decided what and why, time to decision."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from alembic.config import Config
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QInputDialog, QMainWindow, QSlider
from sqlalchemy import create_engine, text

from station.capture.imagefile import read_image
from station.core.paths import resources_dir
from station.core.shifts import ShiftCalendar
from station.core.types import Detection, Frame, Inspection, Verdict
from station.history import auth
from station.history.archive import ImageArchive
from station.history.recorder import Recorder, RecordingContext
from station.history.store import MIGRATIONS, HistoryStore
from station.ui.review import ReviewPanel
from tests.history_writer import synthetic

CALENDAR = ShiftCalendar.model_validate({"timezone": "UTC"})  # A 06-14, B 14-22, C 22-06
DEMO = sorted((resources_dir() / "demo" / "casting").iterdir())


def _part(index: int, when: float, verdict: Verdict, label: str | None) -> tuple[Inspection, Frame]:
    """A real casting picture with a heatmap and (for a flagged part) one box."""
    path = DEMO[index % len(DEMO)]
    heat = np.zeros((7, 7), np.float32)
    heat[index % 7, (2 * index) % 7] = 1.0
    boxes = (Detection(label, 0, 0.8, (40.0, 50.0, 120.0, 140.0)),) if label else ()
    inspection = Inspection(
        source_id=str(path),
        index=index,
        timestamp=when,
        verdict=verdict,
        defect_score=0.9 if verdict is Verdict.NG else 0.1,
        threshold=0.5,
        heatmap=heat,
        detections=boxes,
        model_hashes={"classifier": "abc"},
    )
    return inspection, Frame(str(path), index, read_image(path), timestamp=when)


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[HistoryStore, ImageArchive]:
    """Today in UTC: 6 flagged casting parts in shift A (crack, blowhole in turn), 3 flagged tiles in shift B,
    and 8 OK casting parts of which every second one kept its picture (the sample)."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)  # a whole day, in the past
    shift_a = dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC).timestamp()
    shift_b = dt.datetime.combine(day, dt.time(15, 0), tzinfo=dt.UTC).timestamp()

    def recorder(recipe: str, ok_every: int) -> Recorder:
        context = RecordingContext("st-1", "line-1", recipe, f"folder:{recipe}", CALENDAR)
        return Recorder(url, tmp_path, context, ok_sample_every=ok_every)

    casting, tile = recorder("casting", 2), recorder("tile", 0)
    for n in range(6):
        casting.write(*_part(n, shift_a + 60 * n, Verdict.NG, ("crack", "blowhole")[n % 2]))
    for n in range(8):
        casting.write(*_part(10 + n, shift_a + 30 * n + 5, Verdict.OK, None))
    for n in range(3):
        tile.write(*_part(20 + n, shift_b + 60 * n, Verdict.NG, "fray"))
    assert casting.close() and tile.close()
    return HistoryStore(url), casting.archive


def _window(qtbot, recorded, user: auth.User) -> tuple[QMainWindow, ReviewPanel, QSlider]:  # type: ignore[no-untyped-def]
    """The panel in a dock of a window whose central widget (a slider) can take the focus."""
    store, archive = recorded
    window = QMainWindow()
    slider = QSlider(Qt.Orientation.Horizontal)
    window.setCentralWidget(slider)
    panel = ReviewPanel(
        store, archive, "st-1", lambda: user, lambda: ["blowhole", "crack"], calendar=CALENDAR, ok_sample_every=2
    )
    dock = QDockWidget("Review")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _load(qtbot, panel)
    return window, panel, slider


def _load(qtbot, panel: ReviewPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.reload()


def _uids(panel: ReviewPanel) -> list[str]:
    return [row["uid"] for row in panel.rows]


def test_keys_decide_with_the_focus_anywhere_and_the_next_part_comes_at_once(qtbot, recorded) -> None:  # type: ignore[no-untyped-def]
    _win, panel, slider = _window(qtbot, recorded, auth.User("lee", auth.Role.QA))
    store, _ = recorded
    assert len(panel.rows) == 9 and panel.current_row() == 0  # every flagged part, the first undecided selected
    qtbot.waitUntil(lambda: panel.shown_uid == panel.rows[0]["uid"] and panel.view.image is not None)
    first, second, third = _uids(panel)[:3]
    slider.setFocus()  # the focus elsewhere in the window: the keys still work
    qtbot.waitUntil(lambda: QApplication.focusWidget() is slider)
    panel.reason_box.setCurrentIndex(panel.reason_box.findData("visible-defect"))
    qtbot.keyClick(slider, Qt.Key.Key_C)
    assert panel.current_row() == 1  # moved on before the database answered
    qtbot.keyClick(slider, Qt.Key.Key_F)
    assert panel.current_row() == 2 and panel.rows[0]["review"] == "confirmed"
    qtbot.keyClick(panel.filters.status, Qt.Key.Key_S)  # skip, from a filter's drop-down
    assert panel.current_row() == 3
    qtbot.keyClick(slider, Qt.Key.Key_K)
    assert panel.current_row() == 2
    assert panel.wait_saved()
    qtbot.waitUntil(lambda: panel.unsaved == 0)
    review = store.latest_review(first)
    assert review is not None and (review["decision"], review["user"], review["reason_code"]) == (
        "confirmed",
        "lee",
        "visible-defect",
    )
    assert review["shown_at"] is not None and review["shown_at"] <= review["decided_at"]
    assert (store.latest_review(second) or {}).get("decision") == "false_reject"
    assert store.latest_review(third) is None
    assert [e["action"] for e in store.audit_log()] == ["review", "review"]
    panel.reload_kpi()
    qtbot.waitUntil(lambda: "false rejects 50.0 %" in panel.rates.text(), timeout=10_000)
    assert "Time to decision" in panel.rates.text() and "decisions timed: 2" in panel.rates.text()


def test_keys_are_letters_in_the_note_field(qtbot, recorded) -> None:  # type: ignore[no-untyped-def]
    _win, panel, _ = _window(qtbot, recorded, auth.User("lee", auth.Role.QA))
    panel.note_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.note_edit)
    qtbot.keyClicks(panel.note_edit, "cfwsjk")
    assert panel.note_edit.text() == "cfwsjk" and panel.current_row() == 0 and panel.unsaved == 0
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Escape)  # back to the parts
    assert QApplication.focusWidget() is panel.grid
    qtbot.keyClick(panel.grid, Qt.Key.Key_C)
    assert panel.current_row() == 1
    assert panel.wait_saved()
    review = recorded[0].latest_review(panel.rows[0]["uid"])
    assert review is not None and review["note"] == "cfwsjk"  # the note went with the decision


def test_the_grid_shows_thumbnails_and_the_part_large_with_its_record(qtbot, recorded) -> None:  # type: ignore[no-untyped-def]
    _win, panel, _ = _window(qtbot, recorded, auth.User("lee", auth.Role.QA))
    qtbot.waitUntil(lambda: all(panel.model.thumb(uid) is not None for uid in _uids(panel)), timeout=10_000)
    thumb = panel.model.thumb(panel.rows[0]["uid"])
    assert thumb is not None and max(thumb.width(), thumb.height()) == 112
    assert len({panel.model.thumb(uid).toImage().pixel(56, 56) for uid in _uids(panel)}) > 1  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: panel.view.image is not None)
    row = panel.rows[0]
    assert panel.view.inspection is not None and panel.view.inspection.heatmap is not None
    assert [d.label for d in panel.view.inspection.detections] == [row["defect_type"]]
    details = panel.details.text()
    assert row["part_name"] in details and f"frame {row['frame_id']}" in details and row["recipe"] in details
    assert "25 11" not in details and row["inspected_at"].strftime("%Y-%m-%d %H:%M:%S") in details  # C locale
    assert "Not decided yet" in details


def test_filters_select_the_right_parts(qtbot, recorded) -> None:  # type: ignore[no-untyped-def]
    _win, panel, _ = _window(qtbot, recorded, auth.User("lee", auth.Role.QA))
    f = panel.filters

    def choose(box, data) -> None:  # type: ignore[no-untyped-def]
        with qtbot.waitSignal(panel.loaded, timeout=10_000):
            box.setCurrentIndex(box.findData(data))

    assert {f.recipe.itemData(i) for i in range(1, f.recipe.count())} == {"casting", "tile"}
    choose(f.recipe, "tile")
    assert {r["recipe"] for r in panel.rows} == {"tile"} and len(panel.rows) == 3
    choose(f.recipe, None)
    choose(f.defect, "blowhole")
    assert len(panel.rows) == 3 and {r["defect_type"] for r in panel.rows} == {"blowhole"}
    choose(f.defect, None)
    day = panel.rows[0]["inspected_at"].date()
    f.day.setDate(day)
    choose(f.period, "chosen_shift")
    choose(f.shift, "B")
    assert [r["shift"] for r in panel.rows] == [f"{day.isoformat()}/B"] * 3
    choose(f.shift, "A")
    assert len(panel.rows) == 6
    choose(f.verdict, "OK")
    assert len(panel.rows) == 4 and {r["verdict"] for r in panel.rows} == {"OK"}  # the sample: 1 in 2 of 8
    assert panel.sample_note.isVisible() and "1 OK part in 2" in panel.sample_note.text()
    assert not panel.decide("confirmed") and "Only flagged parts" in panel.notice.text()
    choose(f.verdict, "NG")
    assert not panel.sample_note.isVisible()
    panel.decide("confirmed")
    assert panel.wait_saved()
    choose(f.status, "decided")
    assert len(panel.rows) == 1 and panel.rows[0]["decided_by"] == "lee"
    assert "Confirmed defect by lee" in panel.details.text()
    choose(f.status, None)
    choose(f.who, "lee")
    assert len(panel.rows) == 1
    choose(f.status, "undecided")
    assert len(panel.rows) == 0 and "Nothing to review" in panel.details.text()


def test_wrong_type_asks_for_the_right_one(qtbot, recorded, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("blowhole", True))
    _win, panel, _ = _window(qtbot, recorded, auth.User("lee", auth.Role.QA))
    uid = panel.rows[0]["uid"]
    panel.note_edit.setText("пыль на детали")
    assert panel.decide("wrong_type")
    assert panel.wait_saved()
    review = recorded[0].latest_review(uid)
    assert review is not None and review["correct_type"] == "blowhole" and review["note"] == "пыль на детали"


def test_an_operator_cannot_decide(qtbot, recorded) -> None:  # type: ignore[no-untyped-def]
    _win, panel, _ = _window(qtbot, recorded, auth.OPERATOR)
    assert not panel.decide("confirmed")
    assert "qa role" in panel.notice.text() and panel.current_row() == 0
    assert recorded[0].stats().reviewed == 0


def test_a_decision_the_database_refuses_is_given_back(qtbot, recorded, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _win, panel, _ = _window(qtbot, recorded, auth.User("lee", auth.Role.QA))
    store, _ = recorded

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "decide", refuse)
    assert panel.decide("confirmed") and panel.rows[0]["review"] == "confirmed"
    qtbot.waitUntil(lambda: panel.unsaved == 0)
    assert panel.rows[0]["review"] == "pending" and "not saved: disk full" in panel.notice.text()


def test_the_ui_thread_asks_the_database_nothing(qtbot, recorded, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _win, panel, _ = _window(qtbot, recorded, auth.User("lee", auth.Role.QA))
    store, _ = recorded
    real = store.review_parts

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.6)  # a database across the plant network
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "review_parts", slow)
    monkeypatch.setattr(store, "decide", lambda *a, **k: time.sleep(0.6))
    began = time.monotonic()
    panel.reload()
    panel.decide("confirmed")
    panel.step(1)
    assert time.monotonic() - began < 0.3
    qtbot.waitSignal(panel.loaded, timeout=10_000).wait()


def test_an_old_database_gets_the_time_to_decision_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.commit()
    engine.dispose()
    store = HistoryStore(url)
    recorder = Recorder(url, tmp_path, RecordingContext("st-1", "line-1", "casting", "synthetic"), ok_sample_every=0)
    recorder.write(*synthetic(0))
    assert recorder.close()
    uid = store.review_queue()[0]["uid"]
    shown = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=4)
    store.decide(uid, "confirmed", "lee", "st-1", shown_at=shown, decided_at=shown + dt.timedelta(seconds=4))
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
    times = store.decision_times()
    assert times.shown == 1 and times.shown_median_s == pytest.approx(4.0, abs=0.01)


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
    panel.review.filters.period.setCurrentIndex(panel.review.filters.period.findData("days_30"))
    _load(qtbot, panel.review)
    assert panel.review.decide("confirmed")
    assert panel.review.wait_saved()
    qtbot.waitUntil(lambda: panel.review.unsaved == 0)
    panel.audit("threshold", "casting", 0.22, 0.3)
    panel.reload_audit()
    actions = [panel.audit_table.item(r, 3).text() for r in range(panel.audit_table.rowCount())]
    assert actions[0] == "threshold casting" and any(a.startswith("review") for a in actions)
    panel.logout()
    assert panel.user is auth.OPERATOR


@pytest.fixture
def synthetic_history(tmp_path: Path) -> tuple[HistoryStore, ImageArchive]:
    """30 parts of the current shift, every fifth flagged (for the report tests)."""
    url = f"sqlite:///{tmp_path / 'h.db'}"
    recorder = Recorder(url, tmp_path, RecordingContext("st-1", "line-1", "casting", "synthetic"), ok_sample_every=0)
    for index in range(30):
        recorder.write(*synthetic(index))
    assert recorder.close()
    return HistoryStore(url), recorder.archive


def test_report_preview_and_the_automatic_report_at_shift_end(qtbot, synthetic_history, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    panel, _ = _history_panel(qtbot, synthetic_history, tmp_path)
    now = dt.datetime.now(dt.UTC)
    current = panel.config.calendar.shift_at(now)
    assert current is not None
    panel.report_day.setDate(current.day)
    panel.report_shift.setCurrentIndex([s.name for s in panel.config.calendar.shifts].index(current.name))
    out = panel.preview_report()  # made on a worker
    qtbot.waitUntil(lambda: str(out) in panel.report_status.text(), timeout=30_000)
    assert out.stat().st_size > 0
    assert panel.report_pages.pixmap() is not None and not panel.report_pages.pixmap().isNull()
    assert "30 inspected, 6 NG" in panel.report_status.text()
    panel.update_roi()
    qtbot.waitUntil(lambda: "Savings per shift" in panel.roi_result.text(), timeout=10_000)
    assert panel.check_shift_end(now) is None  # the shift is still on
    made = panel.check_shift_end(current.end + dt.timedelta(seconds=30))
    assert made is not None and made.parent == tmp_path / "reports" and current.label.replace("/", "_") in made.name
    qtbot.waitUntil(lambda: str(made) in panel.report_status.text(), timeout=30_000)  # written on a worker
    assert made.stat().st_size > 0 and "30 inspected, 6 NG" in panel.report_status.text()


def test_report_work_never_holds_the_ui_thread(qtbot, synthetic_history, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The shift-end report and the savings estimate (on every input change) are made on a worker."""
    import datetime as dt
    import time

    from PySide6.QtCore import QTimer

    import station.ui.historyview as historyview

    panel, _ = _history_panel(qtbot, synthetic_history, tmp_path)
    real_gather, real_render = getattr(historyview, "gather"), getattr(historyview, "render_pdf")  # noqa: B009
    asked: list[float] = []

    def slow_gather(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(time.monotonic())
        time.sleep(0.8)  # a database across the plant network
        return real_gather(*args, **kwargs)

    def slow_render(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.8)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(historyview, "gather", slow_gather)
    monkeypatch.setattr(historyview, "render_pdf", slow_render)
    ticks: list[float] = []
    probe = QTimer()
    probe.timeout.connect(lambda: ticks.append(time.monotonic()))
    probe.start(10)
    box = panel.roi_inputs["part_value"]
    began = time.monotonic()
    for value in (1.0, 2.0, 3.0, 4.0, 5.0):  # typed, one keystroke at a time
        box.setValue(value)
    current = panel.config.calendar.shift_at(dt.datetime.now(dt.UTC))
    assert current is not None
    made = panel.check_shift_end(current.end + dt.timedelta(seconds=30))
    assert made is not None and "Writing the report" in panel.report_status.text()
    preview = panel.preview_report()
    assert time.monotonic() - began < 0.5  # neither the estimate nor the reports were made here
    qtbot.waitUntil(lambda: "Savings per shift" in panel.roi_result.text(), timeout=30_000)
    qtbot.waitUntil(lambda: str(preview) in panel.report_status.text(), timeout=30_000)  # the last one asked
    probe.stop()
    assert not panel.report_pages.pixmap().isNull()
    assert len(asked) == 3  # the two reports, and one estimate once the typing rested: not five
    assert len([t for t in ticks if t > began + 0.1]) >= 20  # the event loop kept running meanwhile
    assert made.stat().st_size > 0
