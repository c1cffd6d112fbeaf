"""The shift report as a PDF (reportlab): A4 or Letter, readable in black and white.

Text is set in DejaVu Sans (Latin, Cyrillic) with runs of Hangul switched to
Nanum Gothic, both embedded (subset) from ``resources/fonts``, so notes in
English, Korean and Russian all print. Charts use greys and patterns' worth of
contrast, never colour alone.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from station.core.paths import resources_dir
from station.history.archive import ImageArchive
from station.reports.shiftdata import ShiftReportData

PAGE_SIZES = {"A4": A4, "Letter": letter}
FONT, FONT_BOLD, FONT_HANGUL = "StationSans", "StationSans-Bold", "StationHangul"
_HANGUL = re.compile(r"([\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+)")
GRID = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.9, 0.9, 0.9)


def register_fonts(folder: Path | None = None) -> None:
    """Register the embedded fonts once (reportlab keeps a process-wide registry)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = folder or resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_HANGUL, str(folder / "NanumGothic.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def rich(text: object) -> str:
    """Paragraph markup for any user text: escaped, with Hangul runs in the Hangul font."""
    return _HANGUL.sub(rf'<font face="{FONT_HANGUL}">\1</font>', escape(str(text)))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
    }


class _NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
    """Holds pages back until the end, so each footer can say 'page N of M'."""

    footer_text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.black)
            self.drawString(15 * mm, 10 * mm, self.footer_text)
            self.drawRightString(width - 15 * mm, 10 * mm, f"Page {number} of {total}")
            super().showPage()
        super().save()


def _table(rows: list[list[Any]], widths: list[float] | None = None, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style += [("FONTNAME", (0, 0), (-1, 0), FONT_BOLD), ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    table.setStyle(TableStyle(style))
    return table


def _local(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} %"


def _bar_chart(labels: list[str], values: list[float], title: str, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, title, fontName=FONT_BOLD, fontSize=8.5))
    if not values:
        drawing.add(String(0, height / 2, "no data", fontName=FONT, fontSize=8))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 28, width - 40, height - 48
    chart.data = [values]
    chart.bars[0].fillColor = colors.Color(0.35, 0.35, 0.35)
    chart.bars[0].strokeColor = colors.black
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    drawing.add(chart)
    return drawing


def render_pdf(
    data: ShiftReportData,
    out: Path,
    archive: ImageArchive | None = None,
    page_size: str = "A4",
    zone: dt.tzinfo | None = None,
) -> Path:
    """Write the report to ``out``; returns it."""
    register_fonts()
    shown_zone: dt.tzinfo = zone or dt.datetime.now().astimezone().tzinfo or dt.UTC
    zone = shown_zone
    s = _styles()
    pagesize = PAGE_SIZES[page_size]
    usable = pagesize[0] - 30 * mm
    window = data.window
    title = f"Shift report {window.label}"

    class Footer(_NumberedCanvas):
        footer_text = f"{data.plant} · {title} · generated {_local(data.generated_at, shown_zone)}"

    story: list[Any] = [Paragraph(rich(title), s["title"]), Spacer(1, 3 * mm)]
    models = ", ".join(f"{k} ({v})" for k, v in sorted(data.models.items())) or "-"
    recipes = ", ".join(f"{k} ({n} parts)" for k, n in sorted(data.recipes.items())) or "-"
    header = [
        [
            "Plant",
            Paragraph(rich(data.plant), s["cell"]),
            "Line",
            rich(data.line or "all"),
            "Station",
            rich(data.station or "all"),
        ],
        [
            "Shift",
            Paragraph(f"{window.name}: {_local(window.start, zone)} – {_local(window.end, zone)}", s["cell"]),
            "Generated",
            _local(data.generated_at, zone),
            "Timezone",
            str(zone),
        ],
        ["Recipes", Paragraph(rich(recipes), s["cell"]), "Models", Paragraph(rich(models), s["cell"]), "", ""],
    ]
    head = _table(header, [16 * mm, 66 * mm, 19 * mm, 36 * mm, 17 * mm, usable - 154 * mm], header=False)
    head.setStyle(TableStyle([("SPAN", (3, 2), (5, 2)), ("FONTNAME", (0, 0), (0, -1), FONT_BOLD)]))
    story += [head, Paragraph("Key figures", s["h2"])]

    st = data.stats
    causes = ", ".join(f"{k} {v:,}" for k, v in sorted(data.not_inspected_by_cause.items())) or "none"
    figures = [
        ["Inspected", f"{st.inspections:,}", "OK", f"{st.ok:,}", "NG", f"{st.ng:,}"],
        ["Yield", _pct(data.yield_percent), "NG rate", _pct(data.ng_rate_percent), "Errors", f"{st.errors:,}"],
        ["Not inspected", f"{st.not_inspected:,}", "Why", Paragraph(rich(causes), s["cell"]), "", ""],
        [
            "Parts/s",
            "-" if data.parts_per_s is None else f"{data.parts_per_s:.2f}",
            "Latency p50",
            "-" if data.latency_ms_p50 is None else f"{data.latency_ms_p50:.1f} ms",
            "Latency p95",
            "-" if data.latency_ms_p95 is None else f"{data.latency_ms_p95:.1f} ms",
        ],
    ]
    key = _table(figures, [26 * mm, 28 * mm, 26 * mm, 36 * mm, 24 * mm, usable - 140 * mm], header=False)
    key.setStyle(TableStyle([("SPAN", (3, 2), (5, 2)), ("FONTSIZE", (0, 0), (-1, -1), 9.5)]))
    story.append(key)

    half = usable / 2 - 3 * mm
    pareto = _bar_chart(
        [k for k, _ in data.pareto], [float(v) for _, v in data.pareto], "Defects by type (Pareto)", half, 55 * mm
    )
    hourly = _bar_chart(
        [h.astimezone(zone).strftime("%H:00") for h, _, _ in data.hourly],
        [100.0 * ng / n if n else 0.0 for _, n, ng in data.hourly],
        "NG rate per hour (%)",
        half,
        55 * mm,
    )
    charts = Table([[pareto, hourly]], colWidths=[half + 3 * mm, half + 3 * mm], hAlign="LEFT")
    story += [Spacer(1, 4 * mm), charts]

    qa = data.qa
    story += [
        Paragraph("QA outcome", s["h2"]),
        _table(
            [
                ["Confirmed", "False rejects", "Wrong type", "Pending", "False-reject rate"],
                [
                    f"{qa['confirmed']:,}",
                    f"{qa['false_reject']:,}",
                    f"{qa['wrong_type']:,}",
                    f"{qa['pending']:,}",
                    _pct(None if data.false_reject_rate is None else 100 * data.false_reject_rate),
                ],
            ]
        ),
    ]

    if data.top_flagged:
        cells: list[list[Any]] = []
        row: list[Any] = []
        for item in data.top_flagged:
            thumb = archive.path(item["thumb_path"]) if archive is not None else None
            picture: Any = (
                Image(str(thumb), width=38 * mm, height=38 * mm, kind="proportional")
                if thumb
                else Paragraph("image pruned", s["small"])
            )
            when = _local(item["inspected_at"], zone)
            score = "-" if item["score"] is None else f"{item['score']:.3f}"
            label = f"{item['defect_type'] or 'no box'} · score {score} · {when}"
            caption = Paragraph(rich(label), s["small"])
            row.append([picture, caption])
            if len(row) == 4:
                cells.append(row)
                row = []
        if row:
            cells.append(row + [""] * (4 - len(row)))
        grid = Table(cells, colWidths=[usable / 4] * 4, hAlign="LEFT")
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [KeepTogether([Paragraph("Flagged parts with the highest scores", s["h2"]), grid])]

    outage_heading = Paragraph("Camera outages", s["h2"])
    if data.outages:
        rows = [["From", "To", "Duration", "Parts missed (est.)"]]
        rows += [
            [_local(o.started, zone), _local(o.ended, zone), f"{o.seconds:.0f} s", f"{o.missed_parts:,}"]
            for o in data.outages
        ]
        story.append(KeepTogether([outage_heading, _table(rows)]))
    else:
        story.append(KeepTogether([outage_heading, Paragraph("None.", s["body"])]))

    changes_heading = Paragraph("Threshold and recipe changes", s["h2"])
    if data.changes:
        rows = [["When", "Who", "What", "Old → new"]]
        for change in data.changes:
            rows.append(
                [
                    _local(change["at"], zone),
                    Paragraph(rich(change["user"]), s["cell"]),
                    Paragraph(rich(f"{change['action']} {change['target'] or ''}"), s["cell"]),
                    Paragraph(rich(f"{change['old_value']} → {change['new_value']}"), s["cell"]),
                ]
            )
        story.append(KeepTogether([changes_heading, _table(rows, [32 * mm, 30 * mm, 45 * mm, usable - 107 * mm])]))
    else:
        story.append(KeepTogether([changes_heading, Paragraph("None.", s["body"])]))

    if data.notes:
        story.append(Paragraph("QA notes", s["h2"]))
        rows = [["When", "Who", "Decision", "Note"]]
        for note in data.notes:
            rows.append(
                [
                    _local(note["decided_at"], zone),
                    Paragraph(rich(note["user"]), s["cell"]),
                    Paragraph(rich(note["decision"].replace("_", " ")), s["cell"]),
                    Paragraph(rich(note["note"]), s["cell"]),
                ]
            )
        story.append(_table(rows, [32 * mm, 28 * mm, 28 * mm, usable - 88 * mm]))

    if data.roi is not None:
        roi, cfg = data.roi, data.roi.settings
        money = f"{{:,.0f}} {cfg.currency}".format
        story += [
            Paragraph("Savings estimate", s["h2"]),
            _table(
                [
                    [
                        "Labour freed",
                        "Escapes avoided",
                        "False-reject cost",
                        "Savings / shift",
                        "Savings / month",
                        "Payback",
                    ],
                    [
                        money(roi.labour_saved),
                        money(roi.escapes_avoided),
                        money(roi.false_reject_cost),
                        money(roi.per_shift),
                        money(roi.per_month),
                        "-" if roi.payback_months is None else f"{roi.payback_months:.1f} months",
                    ],
                ]
            ),
            Spacer(1, 2 * mm),
            Paragraph(rich("Formula: " + roi.formula + "."), s["small"]),
            Paragraph(
                rich(
                    f"Inputs: inspector {cfg.inspector_cost_per_hour:g}/h x {cfg.inspectors_replaced:g}, "
                    f"shift {roi.shift_hours:g} h, escaped defect {cfg.escaped_defect_cost:g}, "
                    f"manual miss rate {cfg.manual_miss_rate:g}, false reject {cfg.false_reject_cost:g}, "
                    f"system {cfg.system_cost:g}, {cfg.shifts_per_month:g} shifts/month "
                    f"({cfg.currency}). Figures of the shift: NG {st.ng:,}, false-reject rate "
                    f"{_pct(None if data.false_reject_rate is None else 100 * data.false_reject_rate)}."
                ),
                s["small"],
            ),
        ]

    sign = Table(
        [["Supervisor (name)", "", "Signature", "", "Date", ""]],
        colWidths=[30 * mm, 45 * mm, 20 * mm, 40 * mm, 12 * mm, usable - 147 * mm],
        rowHeights=[14 * mm],
        hAlign="LEFT",
    )
    sign.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LINEBELOW", (1, 0), (1, 0), 0.4, GRID),
                ("LINEBELOW", (3, 0), (3, 0), 0.4, GRID),
                ("LINEBELOW", (5, 0), (5, 0), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    story += [Spacer(1, 6 * mm), KeepTogether([Paragraph("Sign-off", s["h2"]), sign])]

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
        subject="Inspection station shift report",
    )
    doc.build(story, canvasmaker=Footer)
    tmp.replace(out)
    return out
