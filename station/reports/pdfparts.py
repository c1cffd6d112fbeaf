"""The shift report's typesetting: fonts, the numbered canvas, tables and charts (see ``pdf.py``).

Text is set in DejaVu Sans (Latin, Cyrillic) with runs of Hangul switched to
Nanum Gothic, both embedded (subset) from ``resources/fonts``, so notes in
English, Korean and Russian all print; a Korean report is set in Nanum Gothic
throughout (it covers Latin and Cyrillic too). Every place text is drawn goes
through the same choice: paragraphs, table cells, chart labels and the footer
that is drawn on the canvas. Charts use greys and patterns' worth of contrast,
never colour alone. The words come from :mod:`station.reports.catalogue`.
"""

from __future__ import annotations

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
    Table,
    TableStyle,
)

from station.core.paths import resources_dir
from station.reports.catalogue import Catalogue

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


def has_hangul(text: object) -> bool:
    return _HANGUL.search(str(text)) is not None


def face(text: object, base: str = FONT) -> str:
    """The font for a plain string drawn in one face (table cell, chart label): Hangul needs Nanum,
    which also has Latin and Cyrillic, so a mixed string is set in it whole."""
    return FONT_HANGUL if has_hangul(text) else base


def draw_mixed(c: canvas.Canvas, x: float, y: float, text: str, size: float, base: str, right: bool = False) -> None:
    """Draw ``text`` on the canvas with Hangul runs in the Hangul font (the canvas has no markup)."""
    runs = [(part, FONT_HANGUL if i % 2 else base) for i, part in enumerate(_HANGUL.split(text)) if part]
    if right:
        x -= sum(pdfmetrics.stringWidth(part, font, size) for part, font in runs)
    for part, font in runs:
        c.setFont(font, size)
        c.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, font, size)


def _fonts(language: str) -> tuple[str, str]:
    """(regular, bold) for the language's running text; the bundled Nanum has no bold face."""
    return (FONT_HANGUL, FONT_HANGUL) if language == "ko" else (FONT, FONT_BOLD)


def _styles(language: str = "en") -> dict[str, ParagraphStyle]:
    regular, bold = _fonts(language)
    base = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4, keepWithNext=1
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "label": ParagraphStyle("label", parent=base, fontName=bold, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", parent=base, fontSize=7.5, leading=9.5),
    }


class _NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
    """Holds pages back until the end, so each footer can say 'page N of M'."""

    footer_text = ""
    page_text = "Page {number} of {total}"
    base_font = FONT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Start in the report's own font: reportlab's default (Helvetica) would be a font reference
        # the PDF does not embed, with no Hangul or Cyrillic.
        kwargs.setdefault("initialFontName", self.base_font)
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
            self.setFillColor(colors.black)
            draw_mixed(self, 15 * mm, 10 * mm, self.footer_text, 7.5, self.base_font)
            page = self.page_text.format(number=number, total=total)
            draw_mixed(self, width - 15 * mm, 10 * mm, page, 7.5, self.base_font, right=True)
            super().showPage()
        super().save()


def _table(
    rows: list[list[Any]],
    widths: list[float] | None = None,
    header: bool = True,
    fonts: tuple[str, str] = (FONT, FONT_BOLD),
) -> Table:
    """A grid table; plain-text cells with Hangul are set in the Hangul font (no tofu in any cell)."""
    regular, bold = fonts
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
    style: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style += [("FONTNAME", (0, 0), (-1, 0), bold), ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    for r, row in enumerate(rows):
        for col, cell in enumerate(row):
            if isinstance(cell, str) and has_hangul(cell):
                style.append(("FONTNAME", (col, r), (col, r), FONT_HANGUL))
    table.setStyle(TableStyle(style))
    return table


def _bar_chart(
    labels: list[str], values: list[float], title: str, width: float, height: float, cat: Catalogue
) -> Drawing:
    regular, bold = _fonts(cat.language)
    drawing = Drawing(width, height, initialFontName=regular)  # reportlab would start in Helvetica
    drawing.add(String(0, height - 10, title, fontName=face(title, bold), fontSize=8.5))
    if not values:
        no_data = cat.text("no_data")
        drawing.add(String(0, height / 2, no_data, fontName=face(no_data, regular), fontSize=8))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 28, width - 40, height - 48
    chart.data = [values]
    chart.bars[0].fillColor = colors.Color(0.35, 0.35, 0.35)
    chart.bars[0].strokeColor = colors.black
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = regular
    for i, label in enumerate(labels):
        chart.categoryAxis.labels[i].fontName = face(label, regular)
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    drawing.add(chart)
    return drawing
