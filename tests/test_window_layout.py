"""The window on a workstation's small screen, its menus and its keys (issue 20).

Screenshots go to ``$STATION_TEST_ARTIFACTS`` (or the test's temporary folder) as layout-WxH.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from tests.test_app import REPO, artifacts, close, models, settle, window  # noqa: F401  (fixtures)


def _show_at(qtbot, window, width: int, height: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window.resize(width, height)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (width, height), timeout=5_000)
    qtbot.wait(50)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_the_review_dock_leaves_the_live_part_usable_on_a_small_screen(qtbot, window, tmp_path: Path, size) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    width, height = size
    window.start(max_frames=8)
    qtbot.waitUntil(lambda: window.runner.pipeline is not None and not window.runner.running, timeout=30_000)
    settle(qtbot, window)
    _show_at(qtbot, window, width, height)
    window.refresh()
    window._sample_charts()
    assert window.history_dock is not None and not window.history_dock.isVisible()
    window.grab().save(str(artifacts(tmp_path) / f"layout-{width}x{height}.png"))
    window.toggle_history()  # the review dock opens
    qtbot.waitUntil(lambda: window.history_dock.isVisible(), timeout=5_000)
    qtbot.wait(100)
    window.refresh()
    shot = artifacts(tmp_path) / f"layout-{width}x{height}-review.png"
    assert window.grab().save(str(shot))

    assert (window.width(), window.height()) == (width, height)  # the dock did not push the window wider
    live, part = window.live, window.part_view
    assert live.width() >= 0.44 * width  # was ~70 px for the part at 1366x768
    assert part.width() >= 250 and part.height() >= 160
    assert window.history_dock.width() >= 400  # and the QA lead still has a usable panel
    banner = window.banner
    assert banner.isVisible() and banner.height() >= 100
    top_left = banner.mapTo(window, banner.rect().topLeft())
    assert window.rect().contains(top_left) and window.rect().contains(top_left + banner.rect().bottomRight())
    assert "PASS" in banner.text() or "FAIL" in banner.text()
    charts = window.charts
    if charts.isVisible():  # shown with room for its labels, or hidden deliberately
        shown = charts.plots[: charts.shown]
        assert shown
        for plot in shown:
            assert plot.getViewBox().height() >= 40
            assert plot.titleLabel.isVisible()
        assert shown[-1].getAxis("bottom").style["showValues"]  # the time axis is on the last plot shown
    else:
        assert charts.shown == 0
    for bar in window.controls.bars:  # nothing important folded into a tool bar's overflow menu
        for action in bar.actions():
            if action.isSeparator():
                continue
            widget = bar.widgetForAction(action)
            assert widget is not None and widget.isVisible(), (bar.objectName(), action.text())
            corner = widget.mapTo(window, widget.rect().bottomRight())
            assert corner.x() <= window.width()


def test_charts_drop_plots_before_losing_their_labels(qtbot) -> None:  # type: ignore[no-untyped-def]
    from station.ui.charts import PLOT_MIN_PX, RateCharts

    charts = RateCharts()
    qtbot.addWidget(charts)
    assert charts.fit(3 * PLOT_MIN_PX) == 3
    assert charts.fit(2 * PLOT_MIN_PX) == 2
    assert charts.rate_plot in charts.ci.items and charts.latency_plot not in charts.ci.items
    assert charts.ng_plot.getAxis("bottom").style["showValues"]  # the time axis moved to the last plot shown
    assert charts.fit(PLOT_MIN_PX - 1) == 0 and charts.isHidden()
    assert charts.fit(3 * PLOT_MIN_PX) == 3 and not charts.isHidden()


def test_every_function_is_in_a_menu_with_its_key_and_on_the_keyboard_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from station.ui.menus import KeysDialog

    menus = window.menus
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    for word in ("Run", "Review", "Reports", "Savings", "Audit", "Model", "Camera", "View", "Help"):
        assert word in titles
    bound = [a for a in menus.actions.values() if not a.shortcut().isEmpty()]
    keys = [a.shortcut().toString() for a in bound]
    assert len(keys) == len(set(keys))  # an ambiguous key fires nothing
    assert {"Space", "T", "P", "Ctrl+O", "Ctrl+Shift+O", "Ctrl+R", "H", "B", "F11", "F1"} <= set(keys)
    for action in bound:
        assert action in window.actions()  # works with the menu bar out of sight (full screen)
        assert any(action in menu.actions() for menu in menus.menus.values())
    menus.show_keys()
    dialog = window.findChild(KeysDialog, "keys_dialog")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    table = dialog.table
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert set(keys) | {"C", "F", "W"} == listed  # every key there is, the review queue's included
    readme = (REPO / "README.md").read_text(encoding="utf-8").split("### Menus, tool bar and keys")[1].split("\n#")[0]
    in_readme = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    assert listed == in_readme  # the README's table lists the same keys
    dialog.close()


def test_menu_entries_and_keys_reach_the_functions(qtbot, window) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from PySide6.QtCore import Qt

    qtbot.waitUntil(lambda: window.history_dock is not None, timeout=10_000)
    window.activateWindow()
    heat = window.heat_box.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_H)
    assert window.heat_box.isChecked() != heat  # the key goes through the action
    window.menus.actions["review"].trigger()
    assert window.history_dock.isVisible()
    window.menus.actions["savings"].trigger()
    panel = window.history_panel
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == "Savings"
    window.menus.actions["audit"].trigger()
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == "Audit log"
    window.menus.actions["verify"].trigger()
    qtbot.waitUntil(lambda: "Audit log intact" in window.statusBar().currentMessage(), timeout=10_000)
    window.menus.actions["confirm"].trigger()  # as the operator: refused in the panel, as the C key would be
    dock_action = window.history_dock.toggleViewAction()
    assert dock_action in window.menus.docks_menu.actions()
    assert window.menus.add_view_submenu("Language").parent() is window.menus.menus["view"]  # i18n's place
    window.menus.actions["model"].trigger()
    from station.ui.modelpage import ModelPage

    pages = [w for w in window.findChildren(ModelPage) if w.isVisible()]
    assert pages and pages[-1].metrics is not None
    for page in pages:
        page.close()
