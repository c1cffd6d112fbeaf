"""What the operator reads must agree with itself: one test per mixed signal found on the first day (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from station.core.types import Inspection, Verdict
from tests.test_app import DEMO, REPO, close, models, run_to_end, settle, window  # noqa: F401  (fixtures)


def test_a_detector_only_recipe_shows_the_threshold_the_banner_prints(qtbot, window, models: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """steel_strip: the box showed a greyed 0.0000 while the banner said threshold 0.250."""
    shutil.copytree(REPO / "models" / "steel_strip", models / "steel_strip")
    window.recipe_box.addItem("steel_strip")
    window.recipe_box.setCurrentText("steel_strip")
    settle(qtbot, window)
    cascade = window.runner.cascade
    assert cascade.recipe.name == "steel_strip" and cascade.threshold is None
    image = next(iter(sorted((REPO / "tests" / "data" / "neu" / "images").rglob("*.jpg"))))
    window.inspect_files([image])
    qtbot.waitUntil(lambda: window.files.last is not None, timeout=30_000)
    shown = window.banner.text()
    assert window.threshold_box.value() == pytest.approx(cascade.recipe.detector_confidence)
    assert f"threshold {window.threshold_box.value():.3f}" in shown  # the same number in both places
    assert not window.threshold_box.isEnabled()  # read-only here: it is the recipe's detector_confidence
    assert window.controls.threshold_label.text().strip() == "Box confidence"
    assert "box confidence" in shown  # the score is the most confident box, as the tool bar names it
    window.recipe_box.setCurrentText("casting")  # and back: the operating threshold, editable again
    settle(qtbot, window)
    assert window.threshold_box.isEnabled()
    assert window.threshold_box.value() == pytest.approx(window.runner.cascade.threshold, abs=1e-4)


def test_a_part_that_could_not_be_inspected_reads_error_on_the_banner_as_on_the_counter(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The banner said NOT INSPECTED while the counters said Not inspected 0, Errors 4."""
    from station.ui.widgets import Counters, VerdictBanner

    banner, counters = VerdictBanner(), Counters()
    qtbot.addWidget(banner)
    qtbot.addWidget(counters)
    banner.show_result(Inspection("cam:0", 3, 0.0, Verdict.ERROR, error="inspection failed: blank frame"))
    assert "ERROR" in banner.text() and "NOT INSPECTED" not in banner.text()
    assert "blank frame" in banner.text()
    titles = {label.text() for label in counters.findChildren(type(counters.heading))}
    assert "Errors" in titles  # the counter where this part is counted, in the same word


def test_a_paused_view_says_paused_not_a_stale_verdict(qtbot, window) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A paused view kept a stale FAIL with only a small PAUSED note."""
    run_to_end(qtbot, window)
    live = window.banner.text()
    assert "PASS" in live or "FAIL" in live
    window.pause_button.click()
    paused = window.banner.text()
    assert "PAUSED VIEW" in paused
    assert "font-size:40px; font-weight:800'>\u275a\u275a&nbsp;PAUSED VIEW" in paused  # the big word is PAUSED
    assert "54px" not in paused  # no verdict in the verdict's size
    assert window.banner.styleSheet().startswith("background:#37474f")  # slate, not a verdict colour
    window.pause_button.click()
    assert "PAUSED VIEW" not in window.banner.text()


def test_signing_in_clears_the_refusal_said_to_the_operator(qtbot, window) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """After signing in, the panel still said 'needs the qa role or above; operator is operator'."""
    from station.history import auth

    run_to_end(qtbot, window)
    panel = window.history_panel
    window.toggle_history()
    qtbot.waitUntil(lambda: panel.review.queue.model().rowCount() > 0, timeout=10_000)  # the queue loads on a worker
    assert not panel.review.decide("confirmed")  # the operator may not review
    assert "operator is operator" in panel.review.notice.text()
    store = panel.store
    auth.bootstrap_admin(store, "root", "4826", "st")
    auth.add_user(store, auth.login(store, "root", "4826", "st"), "lee", auth.Role.QA, "3719", "st")
    assert panel.login("lee", "3719")
    assert "needs the" not in panel.review.notice.text()
    assert panel.review.decide("confirmed")


def test_a_corrupt_image_opened_alone_shows_its_error_not_the_previous_verdict(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Opening a corrupt single image left the previous FAIL on the banner."""
    good = sorted(DEMO.iterdir())[0]
    window.inspect_files([good])
    qtbot.waitUntil(lambda: window.files.last is not None, timeout=30_000)
    assert "PASS" in window.banner.text() or "FAIL" in window.banner.text()
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 nothing more")
    window.files.last = None
    window.inspect_files([broken])
    qtbot.waitUntil(lambda: window.files.last is not None, timeout=30_000)
    text = window.banner.text()
    assert "ERROR" in text and "broken.jpg" in text
    assert "PASS" not in text and "FAIL" not in text
    assert window.part_view.image_item.pixmap().isNull()  # the previous part's picture is gone too
