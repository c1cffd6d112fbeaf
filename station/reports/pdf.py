"""The shift report as a PDF (reportlab): A4 or Letter, readable in black and white.

Fonts and the building blocks are in :mod:`station.reports.pdfparts`; the words
in :mod:`station.reports.catalogue`, so the same layout prints in en, ko and ru.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from station.history.archive import ImageArchive
from station.history.store import LineTotals
from station.reports.catalogue import STRINGS, Catalogue
from station.reports.pdfparts import (
    GRID,
    PAGE_SIZES,
    _bar_chart,
    _fonts,
    _NumberedCanvas,
    _styles,
    _table,
    register_fonts,
    rich,
)
from station.reports.savings import wilson_interval
from station.reports.shiftdata import IDLE_AFTER_S, ShiftReportData

__all__ = ["audit_value", "part_label", "register_fonts", "render_pdf", "rich"]


def audit_value(value: object, cat: Catalogue) -> str:
    """An audit log value as printed: numbers (thresholds) rounded to 3 decimals, text as it is."""
    if value is None:
        return "-"
    try:
        return cat.number(float(str(value)), 3)
    except ValueError:
        return str(value)


def part_label(row: dict[str, Any]) -> str:
    """What names a part on the page: its id from the line, else its file name or frame id."""
    return str(row.get("part_id") or row.get("part_name") or "")


def _savings(data: ShiftReportData, cat: Catalogue, s: dict[str, ParagraphStyle], fonts: tuple[str, str]) -> list[Any]:
    """The savings section: figures only where the records support them, every input printed."""
    roi = data.roi
    assert roi is not None
    cfg = roi.settings
    t = cat.text

    def money(value: float | None) -> str:
        return t("unknown") if value is None else f"{cat.number(value, 0)} {cfg.currency}"

    story: list[Any] = [Paragraph(rich(t("savings")), s["h2"])]
    if roi.not_claimed == "no_parts":
        return [*story, Paragraph(rich(t("not_claimed_no_parts")), s["body"])]
    claimed = roi.not_claimed is None
    dash = "-"
    story.append(
        _table(
            [
                [
                    Paragraph(rich(t(key)), s["head"])
                    for key in (
                        "labour",
                        "escapes_avoided",
                        "station_escapes",
                        "false_reject_cost",
                        "per_shift",
                        "per_month",
                        "payback",
                    )
                ],
                [
                    money(roi.labour_saved),
                    money(roi.escapes_avoided) if claimed else dash,
                    money(roi.escape_cost),
                    money(roi.false_reject_cost) if claimed else dash,
                    money(roi.per_shift) if claimed else dash,
                    money(roi.per_month) if claimed else dash,
                    dash if roi.payback_months is None else t("months", value=cat.number(roi.payback_months, 1)),
                ],
            ],
            [26 * mm, 28 * mm, 24 * mm, 24 * mm, 26 * mm, 26 * mm, 26 * mm],
            fonts=fonts,
        )
    )
    story.append(Spacer(1, 2 * mm))
    if roi.not_claimed == "not_enough_reviews":
        text = t("not_claimed_reviews", n=roi.reviewed, minimum=roi.min_reviewed, pending=roi.pending)
        story.append(Paragraph(rich(text), s["body"]))
    elif roi.per_shift_point is not None and roi.pending:
        story.append(Paragraph(rich(t("conservative", point=money(roi.per_shift_point))), s["small"]))
    if roi.station_escapes is None:
        story.append(Paragraph(rich(t("escapes_unknown")), s["small"]))
    inputs = t(
        "inputs",
        currency=cfg.currency,
        rate=cat.number(cfg.inspector_cost_per_hour, 2),
        inspectors=cat.number(cfg.inspectors_replaced, 1),
        hours=cat.number(roi.active_hours, 0),
        escape=cat.number(cfg.escaped_defect_cost, 2),
        miss=cat.number(cfg.manual_miss_rate, 3),
        false_reject=cat.number(cfg.false_reject_cost, 2),
        part=cat.number(cfg.part_value, 2),
        system=cat.number(cfg.system_cost, 0),
        shifts=cat.number(cfg.shifts_per_month, 0),
        ng=cat.number(roi.ng),
        reviewed=cat.number(roi.reviewed),
        confirmed=cat.number(roi.confirmed),
        false_rejects=cat.number(roi.false_rejects),
        pending=cat.number(roi.pending),
        escapes=t("unknown") if roi.station_escapes is None else cat.number(roi.station_escapes),
    )
    story += [Paragraph(rich(t("formula")), s["small"]), Paragraph(rich(inputs), s["small"])]
    return story


def _line_section(
    lt: LineTotals, cat: Catalogue, s: dict[str, ParagraphStyle], fonts: tuple[str, str], usable: float
) -> list[Any]:
    """Parts triggered, results sent, late, fail-safe verdicts and rejects, outages per interface."""
    t = cat.text

    def cell(text: str) -> Paragraph:
        return Paragraph(rich(text), s["cell"])

    by = lt.outages_by_interface
    names = ", ".join(f"{t('iface_' + k) if 'iface_' + k in STRINGS else k} {cat.number(v)}" for k, v in by.items())
    outages = cat.number(lt.outages) + (f" ({names})" if names else "")
    rows = [
        [cell(t("parts_triggered")), cat.number(lt.triggered), cell(t("results_sent")), cat.number(lt.results)],
        [cell(t("late")), cat.number(lt.late), cell(t("failsafe_rejects")), cat.number(lt.failsafe_rejects)],
        [cell(t("failsafe_all")), cat.number(lt.failsafe), cell(t("interface_outages")), cell(outages)],
    ]
    if lt.overflows:
        rows.append([cell(t("overflows")), cat.number(lt.overflows), "", ""])
    half = usable / 2
    table = _table(rows, [half * 0.62, half * 0.38, half * 0.62, half * 0.38], False, fonts)
    return [Paragraph(rich(t("line_io")), s["h2"]), table, Paragraph(rich(t("line_note")), s["small"])]


def render_pdf(
    data: ShiftReportData,
    out: Path,
    archive: ImageArchive | None = None,
    page_size: str = "A4",
    zone: dt.tzinfo | None = None,
    language: str = "en",
) -> Path:
    """Write the report to ``out`` in ``language`` (en, ko, ru); returns it."""
    register_fonts()
    cat = Catalogue(language)
    t = cat.text
    fonts = _fonts(language)
    regular = fonts[0]
    shown_zone: dt.tzinfo = zone or dt.datetime.now().astimezone().tzinfo or dt.UTC
    zone = shown_zone
    s = _styles(language)
    pagesize = PAGE_SIZES[page_size]
    usable = pagesize[0] - 30 * mm
    window = data.window
    title = t("title", label=window.label)

    def local(moment: dt.datetime) -> str:
        return cat.moment(moment, shown_zone)

    def cell(text: object) -> Paragraph:
        return Paragraph(rich(text), s["cell"])

    class Footer(_NumberedCanvas):
        footer_text = t("footer", plant=data.plant, title=title, when=local(data.generated_at))
        page_text = STRINGS["page"][language]
        base_font = regular

    story: list[Any] = [Paragraph(rich(title), s["title"]), Spacer(1, 3 * mm)]
    models = ", ".join(f"{k} ({v})" for k, v in sorted(data.models.items())) or "-"
    recipes = (
        ", ".join(t("recipe_parts", recipe=k, count=cat.number(n)) for k, n in sorted(data.recipes.items())) or "-"
    )

    def label(key: str) -> Paragraph:
        return Paragraph(rich(t(key)), s["label"])

    header = [
        [label("plant"), cell(data.plant), label("line"), cell(data.line or t("all")), label("station"),
         cell(data.station or t("all"))],
        [label("shift"), cell(f"{window.name}: {local(window.start)} – {local(window.end)}"), "", "",
         label("timezone"), cell(str(zone))],
        [label("recipes"), cell(recipes), label("models"), cell(models), "", ""],
        [label("generated"), cell(local(data.generated_at)), "", "", "", ""],
    ]  # fmt: skip
    head = _table(header, [28 * mm, 40 * mm, 28 * mm, 28 * mm, 24 * mm, usable - 148 * mm], False, fonts)
    head.setStyle(TableStyle([("SPAN", (1, 1), (3, 1)), ("SPAN", (3, 2), (5, 2)), ("SPAN", (1, 3), (5, 3))]))
    story += [head, Paragraph(rich(t("key_figures")), s["h2"])]

    st = data.stats
    causes = (
        ", ".join(f"{t('cause_' + k) if 'cause_' + k in STRINGS else k} {cat.number(v)}"
                  for k, v in sorted(data.not_inspected_by_cause.items()))
        or t("none")
    )  # fmt: skip

    def ms(value: float | None) -> str:
        return "-" if value is None else t("ms", value=cat.number(value, 1))

    figures = [
        [cell(t("inspected")), cat.number(st.inspections), cell(t("ok")), cat.number(st.ok), cell(t("ng")),
         cat.number(st.ng)],
        [cell(t("yield")), cat.percent(_fraction(data.yield_percent), 2), cell(t("ng_rate")),
         cat.percent(_fraction(data.ng_rate_percent), 2), cell(t("errors")), cat.number(st.errors)],
        [cell(t("not_inspected")), cat.number(st.not_inspected), cell(t("why")), cell(causes), "", ""],
        [cell(t("not_recorded")), cat.number(st.not_recorded), "", "", "", ""],
        [cell(t("parts_per_s")), "-" if data.parts_per_s is None else cat.number(data.parts_per_s, 2),
         cell(t("latency_p50")), ms(data.latency_ms_p50), cell(t("latency_p95")), ms(data.latency_ms_p95)],
    ]  # fmt: skip
    key = _table(figures, [30 * mm, 24 * mm, 30 * mm, 32 * mm, 30 * mm, usable - 146 * mm], False, fonts)
    key.setStyle(TableStyle([("SPAN", (3, 2), (5, 2)), ("SPAN", (1, 3), (5, 3)), ("FONTSIZE", (0, 0), (-1, -1), 9.5)]))
    story.append(key)
    idle = cat.number(IDLE_AFTER_S)
    if data.parts_per_s is not None:
        note = t("active_note", parts=cat.number(data.active_parts), active=cat.duration(data.active_s), idle=idle)
    else:
        note = t("active_none", idle=idle)
    story.append(Paragraph(rich(note), s["small"]))

    half = usable / 2 - 3 * mm
    no_box = t("no_box")
    pareto = _bar_chart(
        [no_box if k == "no box" else k for k, _ in data.pareto],
        [float(v) for _, v in data.pareto],
        t("pareto"),
        half,
        55 * mm,
        cat,
    )
    hourly = _bar_chart(
        [h.astimezone(zone).strftime("%H:00") for h, _, _ in data.hourly],
        [100.0 * ng / n if n else 0.0 for _, n, ng in data.hourly],
        t("hourly"),
        half,
        55 * mm,
        cat,
    )
    charts = Table([[pareto, hourly]], colWidths=[half + 3 * mm, half + 3 * mm], hAlign="LEFT")
    story += [Spacer(1, 4 * mm), charts]

    qa = data.qa
    decided = qa["confirmed"] + qa["false_reject"] + qa["wrong_type"]
    interval = wilson_interval(qa["false_reject"], decided)
    rate = (
        "-"
        if data.false_reject_rate is None or interval is None
        else t("rate_with_ci", rate=cat.percent(data.false_reject_rate), n=cat.number(decided),
               low=cat.percent(interval[0]), high=cat.percent(interval[1]))
    )  # fmt: skip
    story += [
        Paragraph(rich(t("qa_outcome")), s["h2"]),
        _table(
            [
                [cell(t(k)) for k in ("confirmed", "false_rejects", "wrong_type", "pending", "false_reject_rate")],
                [
                    cat.number(qa["confirmed"]),
                    cat.number(qa["false_reject"]),
                    cat.number(qa["wrong_type"]),
                    cat.number(qa["pending"]),
                    cell(rate),
                ],
            ],
            [28 * mm, 28 * mm, 24 * mm, 24 * mm, usable - 104 * mm],
            fonts=fonts,
        ),
    ]
    times = data.decision_times
    if times is not None and times.decisions:
        timed = t(
            "decision_times",
            shown=cat.wait(times.shown_median_s),
            p90=cat.wait(times.shown_p90_s),
            n=cat.number(times.shown),
            waited=cat.wait(times.waited_median_s),
            m=cat.number(times.decisions),
        )
        story.append(Paragraph(rich(timed), s["small"]))

    if data.line_io is not None:
        story += _line_section(data.line_io, cat, s, fonts, usable)

    if data.top_flagged:
        cells: list[list[Any]] = []
        row: list[Any] = []
        for item in data.top_flagged:
            thumb = archive.path(item["thumb_path"]) if archive is not None else None
            picture: Any = (
                Image(str(thumb), width=38 * mm, height=38 * mm, kind="proportional")
                if thumb
                else Paragraph(rich(t("image_pruned")), s["small"])
            )
            score = t("score", value="-" if item["score"] is None else cat.number(item["score"], 3))
            name = part_label(item)
            caption = " · ".join(
                x for x in (name, item["defect_type"] or no_box, score, local(item["inspected_at"])) if x
            )
            row.append([picture, Paragraph(rich(caption), s["small"])])
            if len(row) == 4:
                cells.append(row)
                row = []
        if row:
            cells.append(row + [""] * (4 - len(row)))
        story.append(Paragraph(rich(t("top_flagged")), s["h2"]))
        for pictures in cells:  # one table per row: the heading stays with the first, the rest may go on
            grid = Table([pictures], colWidths=[usable / 4] * 4, hAlign="LEFT")
            grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(grid)

    none = Paragraph(rich(t("none_sentence")), s["body"])
    outage_heading = Paragraph(rich(t("outages")), s["h2"])
    if data.outages:
        rows = [[cell(t(k)) for k in ("from", "to", "duration", "parts_missed")]]
        rows += [
            [local(o.started), local(o.ended), t("seconds", value=cat.number(o.seconds)), cat.number(o.missed_parts)]
            for o in data.outages
        ]
        story.append(KeepTogether([outage_heading, _table(rows, fonts=fonts)]))
    else:
        story.append(KeepTogether([outage_heading, none]))

    changes_heading = Paragraph(rich(t("changes")), s["h2"])
    if data.changes:
        rows = [[cell(t(k)) for k in ("when", "who", "what", "old_new")]]
        for change in data.changes:
            action = change["action"]
            action = t("action_" + action) if "action_" + action in STRINGS else action
            old, new = audit_value(change["old_value"], cat), audit_value(change["new_value"], cat)
            rows.append([local(change["at"]), cell(change["user"]), cell(f"{action} {change['target'] or ''}"),
                         cell(f"{old} → {new}")])  # fmt: skip
        widths = [32 * mm, 30 * mm, 45 * mm, usable - 107 * mm]
        story.append(KeepTogether([changes_heading, _table(rows, widths, fonts=fonts)]))
    else:
        story.append(KeepTogether([changes_heading, none]))

    if data.notes:
        story.append(Paragraph(rich(t("qa_notes")), s["h2"]))
        rows = [[cell(t(k)) for k in ("when", "decided_by", "decision", "note")]]
        for entry in data.notes:
            decision = entry["decision"]
            key = "decision_" + decision
            rows.append([local(entry["decided_at"]), cell(entry["user"]),
                         cell(t(key) if key in STRINGS else decision), cell(entry["note"])])  # fmt: skip
        story.append(_table(rows, [32 * mm, 28 * mm, 28 * mm, usable - 88 * mm], fonts=fonts))

    if data.roi is not None:
        story += _savings(data, cat, s, fonts)

    sign = Table(
        [[cell(t("supervisor")), "", cell(t("signature")), "", cell(t("date")), ""]],
        colWidths=[30 * mm, 45 * mm, 22 * mm, 38 * mm, 14 * mm, usable - 149 * mm],
        rowHeights=[14 * mm],
        hAlign="LEFT",
    )
    sign.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LINEBELOW", (1, 0), (1, 0), 0.4, GRID),
                ("LINEBELOW", (3, 0), (3, 0), 0.4, GRID),
                ("LINEBELOW", (5, 0), (5, 0), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    story += [Spacer(1, 6 * mm), KeepTogether([Paragraph(rich(t("sign_off")), s["h2"]), sign])]

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=data.plant,
        subject=t("subject"),
    )
    doc.build(story, canvasmaker=Footer)
    tmp.replace(out)
    return out


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100.0
