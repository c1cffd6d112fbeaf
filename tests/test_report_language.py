"""Report savings, figures, words and part identity: hand-computed figures, every language complete."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from station.core.config import RoiSettings
from station.core.types import Inspection, Verdict
from station.history.recorder import Recorder
from station.history.rows import RecordingContext, inspection_row
from station.history.store import HistoryStore
from station.reports.catalogue import LANGUAGES, STRINGS, Catalogue, missing
from station.reports.csvexport import COLUMNS, headers, write_csv
from station.reports.pdf import audit_value
from station.reports.savings import estimate_roi, wilson_interval
from station.reports.shiftdata import active_seconds
from tests.history_writer import synthetic

UTC = dt.UTC
ROI = RoiSettings()  # part 12, escape 250, false reject 12, miss 0.1, 35/h x 1, system 40,000, 66 shifts


def test_every_report_string_is_in_every_language() -> None:
    assert missing() == {}
    assert set(LANGUAGES) == {"en", "ko", "ru"}
    for key in ("title", "footer", "page", "savings", "not_claimed_reviews", "col_part_name"):
        assert {"en", "ko", "ru"} <= set(STRINGS[key])


def test_a_missing_or_broken_translation_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {k: dict(v) for k, v in STRINGS.items()}
    del broken["title"]["ko"]
    broken["page"]["ru"] = "Стр. {number}"  # lost the {total} placeholder
    monkeypatch.setattr("station.reports.catalogue.STRINGS", broken)
    assert missing() == {"ko": ["title"], "ru": ["page"]}


def test_numbers_and_dates_follow_the_language() -> None:
    when = dt.datetime(2026, 11, 20, 21, 5, tzinfo=UTC)
    en, ko, ru = Catalogue("en"), Catalogue("ko"), Catalogue("ru")
    assert en.number(12345.678, 2) == "12,345.68" == ko.number(12345.678, 2)
    assert ru.number(12345.678, 2) == "12\u00a0345,68"
    assert ru.percent(0.25) == "25,0\u00a0%" and en.percent(None) == "-"
    assert en.moment(when, UTC) == "2026-11-20 21:05" and ru.moment(when, UTC) == "20.11.2026 21:05"
    assert audit_value("0.2496643364429474", en) == "0.250" and audit_value("casting", ru) == "casting"
    assert audit_value(0.2496643364429474, ru) == "0,250"
    with pytest.raises(ValueError, match="no report language 'de'"):
        Catalogue("de")


def test_wilson_interval_matches_published_values() -> None:
    low, high = wilson_interval(10, 40) or (0.0, 0.0)
    assert low == pytest.approx(0.1419, abs=1e-4) and high == pytest.approx(0.4019, abs=1e-4)
    low, high = wilson_interval(0, 10) or (1.0, 1.0)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_a_shift_without_parts_claims_nothing() -> None:
    roi = estimate_roi(ROI, parts=0, ng=0, active_hours=0.0, confirmed=0, false_rejects=0)
    assert roi.not_claimed == "no_parts" and roi.per_shift == 0.0 and roi.labour_saved == 0.0
    assert roi.payback_months is None and roi.per_month == 0.0


def test_five_reviewed_parts_are_not_extrapolated_to_48() -> None:
    roi = estimate_roi(ROI, parts=200, ng=48, active_hours=8.0, confirmed=4, false_rejects=1)
    assert roi.not_claimed == "not_enough_reviews" and roi.reviewed == 5 and roi.pending == 43
    assert roi.per_shift == 0.0 and roi.per_shift_point is None and roi.payback_months is None
    assert roi.labour_saved == pytest.approx(35 * 8)  # shown, but no total is claimed
    assert roi.false_reject_rate == pytest.approx(0.2)


def test_all_flagged_parts_reviewed_uses_the_counts_and_the_station_escapes() -> None:
    # labour 35 x 1 x 2 h = 70; defects caught 30 x 0.1 x 250 = 750; one escape 250; rescued 10 x 12 = 120
    roi = estimate_roi(ROI, parts=100, ng=40, active_hours=2.0, confirmed=30, false_rejects=10, station_escapes=1)
    assert roi.not_claimed is None and roi.pending == 0
    assert (roi.labour_saved, roi.escapes_avoided, roi.escape_cost, roi.false_reject_cost) == pytest.approx(
        (70.0, 750.0, 250.0, 120.0)
    )
    assert roi.per_shift == pytest.approx(450.0) and roi.per_month == pytest.approx(450.0 * 66)
    assert roi.payback_months == pytest.approx(40000 / 29700)


def test_pending_parts_are_estimated_at_the_conservative_end() -> None:
    # 40 decisions (30 real, 10 good) of 100 NG, 60 pending, 8 hours with parts, escapes not recorded.
    # At the rate 0.25: caught 30 + 60 x 0.75 = 75 -> 1875; false rejects 10 x 12 + 60 x 0.25 x 12 = 300;
    # 280 + 1875 - 300 = 1855. At the Wilson upper bound 0.40186: caught 30 + 60 x 0.59814 = 65.888 -> 1647.2;
    # false rejects 120 + 60 x 0.40186 x 12 = 409.3; 280 + 1647.2 - 409.3 = 1517.9 (claimed).
    roi = estimate_roi(ROI, parts=500, ng=100, active_hours=8.0, confirmed=30, false_rejects=10)
    assert roi.per_shift_point == pytest.approx(1855.0)
    assert roi.per_shift == pytest.approx(1517.9, abs=0.5)
    assert roi.escape_cost is None and roi.station_escapes is None
    assert roi.payback_months == pytest.approx(40000 / (1517.9 * 66), rel=1e-3)
    assert roi.per_shift_point is not None and roi.per_shift < roi.per_shift_point


def test_parts_per_second_leaves_out_idle_gaps() -> None:
    start = dt.datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    run1 = [start + dt.timedelta(seconds=0.5 * i) for i in range(11)]  # 10 parts in 5 s
    run2 = [start + dt.timedelta(hours=2, seconds=0.25 * i) for i in range(21)]  # 20 parts in 5 s
    seconds, parts = active_seconds(run1 + run2)
    assert seconds == pytest.approx(10.0) and parts == 30  # 3 parts/s, not 31 parts over 2 hours
    assert active_seconds([start]) == (0.0, 0)


def test_a_record_names_the_part(tmp_path: Path) -> None:
    context = RecordingContext("st-1", "line-1", "casting", "folder:/data/parts")
    from_file = Inspection("/data/parts/cast_0042.jpg", 3, 1.0, Verdict.OK, part_id="SN-7781")
    from_camera = Inspection("gige:cam1", 1207, 1.0, Verdict.OK)
    assert inspection_row("a", from_file, context)["part_name"] == "cast_0042.jpg"
    assert inspection_row("a", from_file, context)["part_id"] == "SN-7781"
    camera = RecordingContext("st-1", "line-1", "casting", "gige:cam1")
    assert inspection_row("b", from_camera, camera)["part_name"] == "1207"
    assert from_file.to_json()["part_id"] == "SN-7781"


def test_part_identity_reaches_the_csv_in_every_language(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    recorder = Recorder(url, tmp_path, RecordingContext("st-1", "line-1", "casting", "folder:x"), 0)
    moment = dt.datetime(2026, 11, 20, 6, 0, tzinfo=UTC).timestamp()
    inspection, frame = synthetic(0, moment)
    named = Inspection("x/cast_0007.jpg", 0, moment, inspection.verdict, 0.24966, 0.2496643364429474, part_id="SN-1")
    recorder.write(named, frame)
    assert recorder.close()
    store = HistoryStore(url)
    start, end = dt.datetime(2026, 11, 20, tzinfo=UTC), dt.datetime(2026, 11, 21, tzinfo=UTC)
    for language, delimiter in (("en", ","), ("ko", ","), ("ru", ";")):
        out = tmp_path / f"{language}.csv"
        assert write_csv(store, start, end, out, language=language) == 1
        head, row = list(csv.reader(out.open(encoding="utf-8-sig"), delimiter=delimiter))
        assert head == headers(language) and len(head) == len(COLUMNS)
        record = dict(zip(COLUMNS, row, strict=True))
        assert record["part_name"] == "cast_0007.jpg" and record["part_id"] == "SN-1"
        assert record["threshold"] == ("0,250" if language == "ru" else "0.250")  # as the PDF prints it
    assert headers("ko")[COLUMNS.index("part_name")] == "부품 이름"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_korean_reports_embed_a_font_with_hangul_everywhere(tmp_path: Path) -> None:
    from station.core.shifts import ShiftCalendar
    from station.reports.pdf import render_pdf
    from station.reports.shiftdata import gather

    url = f"sqlite:///{tmp_path / 'h.db'}"
    store = HistoryStore(url)
    window = ShiftCalendar().parse("2026-11-20/A")
    for language, word in (("ko", "교대 보고서"), ("ru", "Отчёт за смену")):
        data = gather(store, window, "제1공장 Завод", roi=ROI)
        out = render_pdf(data, tmp_path / f"{language}.pdf", language=language, zone=UTC)
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        # every font with text in it is embedded (reportlab lists a Helvetica resource in every PDF, unused)
        used = [line for line in fonts.splitlines()[2:] if not line.startswith("Helvetica ")]
        assert any("NanumGothic" in line for line in used) and all(" yes yes yes " in line for line in used)
        footer = [line for line in text.splitlines() if line.startswith("제1공장 Завод · ")]
        assert footer and word in footer[0]  # the footer prints the Korean plant name, not boxes
        assert "Page 1 of" not in text


def test_an_old_database_gains_the_part_columns_and_keeps_its_records(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from station.history.store import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO inspections (uid, inspected_at, station_id, line, recipe, model_hashes, source,"
                " frame_id, verdict, detections, timings_ms) VALUES ('old-1', '2026-11-20 06:00:00', 'st-1',"
                " 'line-1', 'casting', '{}', 'folder:DIR', 3, 'OK', '[]', '{}')"
            )
        )
        connection.commit()
    engine.dispose()
    store = HistoryStore(url)  # migrates to head
    row = store.inspections_between(dt.datetime(2026, 11, 20, tzinfo=UTC), dt.datetime(2026, 11, 21, tzinfo=UTC))[0]
    assert row.uid == "old-1" and row.part_name is None and row.part_id is None


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_station_report_in_russian_from_the_shell(tmp_path: Path) -> None:
    from tests.test_reports import _report, _setup

    start = dt.datetime(2026, 11, 20, 5, 0, tzinfo=UTC)  # shift A in Berlin
    _, config = _setup(tmp_path, [start + dt.timedelta(seconds=10 * i) for i in range(20)])
    out_csv = tmp_path / "shift.csv"
    result, text = _report(tmp_path, config, "2026-11-20/A", "--language", "ru", "--csv", str(out_csv))
    flat = " ".join(text.split())
    assert result["inspections"] == 20
    assert "Отчёт за смену 2026-11-20/A" in flat and "Стр. 1 из" in flat and "Page 1" not in flat
    assert "Деталей/с 0,10" in flat  # 19 gaps of 10 s: 0.1 parts/s while running, decimal comma
    assert "Недостаточно проверенных деталей" in flat  # 4 NG, none reviewed: no savings figure
    assert "20.11.2026 06:00 – 20.11.2026 14:00" in flat
    assert out_csv.read_text(encoding="utf-8").startswith("\ufeffвремя проверки;станция;")
