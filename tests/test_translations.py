"""The app in Korean and Russian: catalogues complete and compiled, the app starting and switching, Hangul drawn."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from station.core.config import ConfigError, StationConfig
from station.ui import language, translations
from station.ui.retranslate import retranslate_widget
from tests.test_app import close, models, settle  # noqa: F401 - models is a fixture

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def app_language(qapp) -> Iterator[language.Language]:  # type: ignore[no-untyped-def]
    """The language state of the test's QApplication, put back to English (and its locale) afterwards."""
    state = language.install(qapp, "en")
    yield state
    language.install(qapp, "en")


def shown_texts(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text the retranslation would look at: labels, buttons, tabs, menus, tooltips, chart titles."""
    texts: list[str] = []
    retranslate_widget(root, lambda text: texts.append(text) or text)  # type: ignore[func-returns-value]
    return [t for t in texts if t]


def english_sources(code: str) -> dict[str, str]:
    """Source text -> its translation, for the strings whose translation differs from the English."""
    return {m.source: m.translation for m in translations.messages(translations.catalogue(code))}


def test_the_catalogues_hold_every_string_translated_and_compiled() -> None:
    """What `python -m station.ui.translations check` says: nothing missing, unfinished, broken or stale."""
    assert translations.check() == []
    for code in translations.LANGUAGES:
        assert len(translations.messages(translations.catalogue(code))) > 150


def test_the_check_fails_on_a_new_string_an_unfinished_one_and_a_broken_field(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "station" / "ui", root / "station" / "ui")
    shutil.copytree(REPO / "resources" / "translations", root / "resources" / "translations")
    assert translations.check(root) == []
    view = root / "station" / "ui" / "ngstrip.py"
    view.write_text(view.read_text(encoding="utf-8").replace('"Click a part', '"Tap a part', 1), encoding="utf-8")
    ko = translations.catalogue("ko", root)
    text = ko.read_text(encoding="utf-8")
    text = text.replace("<translation>시작</translation>", '<translation type="unfinished">시작</translation>', 1)
    text = text.replace("<translation>담당자</translation>", "<translation>작업자</translation>", 1)  # = operator
    ko.write_text(text.replace("레시피 {name} 불러옴", "레시피 {이름} 불러옴", 1), encoding="utf-8")
    found = "\n".join(translations.check(root))
    assert "station_ko.ts: not in the catalogue [NgStrip] 'Tap a part" in found
    assert "station_ru.ts: not in the catalogue [NgStrip] 'Tap a part" in found
    assert "station_ko.ts: no longer in the source [NgStrip] 'Click a part" in found
    assert "station_ko.ts: unfinished [Controls] 'Start'" in found
    assert "station_ko.ts: fields differ [MainWindow] 'Recipe {name} loaded ({providers})'" in found
    assert "station_ko.qm is not compiled from station_ko.ts" in found
    assert "ko: '작업자' stands for different texts" in found  # a switch back could not tell Who from operator
    assert translations.update(root)  # the update lists what is left to translate, and compiles
    assert "station_ko.qm is not compiled" not in "\n".join(translations.check(root))


@pytest.mark.parametrize(
    ("code", "start", "title", "cancel", "point"),
    [("ko", "시작", "검사 스테이션", "취소", "."), ("ru", "Пуск", "Станция контроля", "Отмена", ",")],
)
@pytest.mark.usefixtures("models", "isolated_qsettings")
def test_the_app_starts_in_korean_and_russian(qtbot, app_language, code, start, title, cancel, point) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    language.install(app_language.app, code)
    win = MainWindow(InspectionRunner(), "casting", "demo")
    win.show()
    try:
        settle(qtbot, win)
        assert win.start_button.text() == start and win.windowTitle().startswith(title)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)  # Qt's own words: Qt's catalogue
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == cancel
        texts = shown_texts(win)
        sources = english_sources(code)
        left = [t for t in texts if t in sources and sources[t] != t]
        assert not left, f"English left in the {code} window: {left}"
        threshold = win.threshold_box.text()
        assert point in threshold and len(threshold) == 6  # 0.2204 / 0,2204, the locale's decimal point
        win.start(max_frames=2)
        settle(qtbot, win)
        qtbot.waitUntil(lambda: win.runner.pipeline is not None and not win.runner.running, timeout=30_000)
        win.refresh()
        assert threshold in win.banner.text()  # the banner shows the same number as the box, the same way
    finally:
        close(qtbot, win)


@pytest.mark.usefixtures("models", "isolated_qsettings")
def test_switching_language_retranslates_the_running_app_and_remembers_it(qtbot, app_language, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from station.ui.runner import InspectionRunner
    from station.ui.window import MainWindow

    settings = tmp_path / "station.yaml"
    settings.write_text("# this workstation\nstation_id: st-7\n", encoding="utf-8")
    app_language.config_path = settings
    win = MainWindow(InspectionRunner(), "casting", "demo?loop=1&fps=20")
    menu = language.add_language_menu(win)
    win.show()
    try:
        settle(qtbot, win)
        english = shown_texts(win)
        win.start()
        settle(qtbot, win)
        assert win.runner.running
        korean = next(a for a in menu.group.actions() if a.data() == "ko")
        korean.trigger()
        assert language.current_code() == "ko" and korean.isChecked()
        assert win.runner.running  # the line was not stopped to change the words
        assert menu.title() == "언어(&L)" and win.start_button.text() == "정지"
        sources = english_sources("ko")
        left = [t for t in shown_texts(win) if t in sources and sources[t] != t]
        assert not left, f"English left after the switch: {left}"
        assert "불량 점수" in win.banner.text() or "대기 중" in win.banner.text()  # drawn again, in Korean
        assert settings.read_text(encoding="utf-8") == "# this workstation\nstation_id: st-7\nlanguage: ko\n"
        assert StationConfig.load(settings).language == "ko"
        language.switch("ru")
        assert win.threshold_box.text().startswith("0,")  # the box follows the new locale at once
        language.switch("en")
        again = shown_texts(win)
        static = {t for t in english if t in sources}  # the catalogue's own strings, as first shown
        assert static <= set(again) | {"Start"}  # "Start" reads "Stop" now: the line is running
        assert "language: en" in settings.read_text(encoding="utf-8")
    finally:
        close(qtbot, win)


def test_hangul_is_drawn_with_the_bundled_font_not_as_boxes(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QLabel

    assert "NanumGothic" in language.register_fonts()
    assert any("Nanum" in f for f in QFontDatabase.families(QFontDatabase.WritingSystem.Korean))
    pictures = []
    for word in ("양품", "불량"):
        label = QLabel(word)
        qtbot.addWidget(label)
        label.resize(120, 40)
        pictures.append(label.grab().toImage())
    assert pictures[0] != pictures[1]  # missing glyphs draw the same empty box for both words


def test_numbers_and_dates_follow_the_language(app_language) -> None:  # type: ignore[no-untyped-def]
    moment = dt.datetime(2026, 11, 25, 14, 3, 5)
    language.install(app_language.app, "ru")
    assert (language.number(0.2204, 4), language.percent(0.5), language.integer(12345)) == (
        "0,2204",
        "50,0\u00a0%",
        "12\u00a0345",
    )
    assert language.date_time(moment) == "25.11.2026 14:03:05"
    language.install(app_language.app, "ko")
    assert (language.number(0.2204, 4), language.date_time(moment)) == ("0.2204", "2026. 11. 25. 14:03:05")
    assert language.number(None) == "-"


def test_the_language_setting(tmp_path: Path) -> None:
    assert StationConfig().language is None  # the system's language
    path = tmp_path / "station.yaml"
    path.write_text("language: de\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="language"):
        StationConfig.load(path)
    path.write_text("line: L2  # the second line\nlanguage: ru\nplant: P\n", encoding="utf-8")
    language.save_language(path, "ko")
    assert path.read_text(encoding="utf-8") == "line: L2  # the second line\nlanguage: ko\nplant: P\n"
    assert StationConfig.load(path).language == "ko"
