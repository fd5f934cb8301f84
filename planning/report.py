"""The one report builder: plain-data sections (worksheets.content) in, PDF bytes out.

Whole workbook, one step, one worksheet and the action plan are just different selections of
sections. Every string is escaped here; characters the vendored DejaVu fonts lack (emoji, CJK)
are replaced by a visible marker, so what a user typed can never break a build.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.axes import XValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, KeepTogether, ListFlowable, ListItem,
                                NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer)
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle
from reportlab.platypus.tableofcontents import TableOfContents
from reportlab.platypus.flowables import Flowable, HRFlowable

from worksheets.content import (BarChart, Block, Bullets, Chart, Flowchart, Handout, Heading, Heatmap, KeyValues, Para,
                                Section, Table, Tornado, WriteIn)
from worksheets.fields import money, num, pct

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
ACKNOWLEDGMENT = ("Adapted from: AIMS Center (2023), Collaborative Care Implementation Guide, "
                  "University of Washington. Used for non-commercial purposes with acknowledgment.")
ACKNOWLEDGMENT_ES = ("Adaptado de: AIMS Center (2023), Collaborative Care Implementation Guide, University of "
                     "Washington. Uso no comercial, con reconocimiento de la fuente.")
NO_PATIENT_DATA = "This workbook holds planning information only. It stores no patient data."

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#5b6472")
ACCENT = colors.HexColor("#1d5d90")
WARN = colors.HexColor("#9a3412")
RULE = colors.HexColor("#c9d2dc")
ZEBRA = colors.HexColor("#f3f6f9")
HEAD_BG = colors.HexColor("#e3ecf4")


@lru_cache(maxsize=1)
def _register_fonts() -> frozenset[int]:
    """Register the DejaVu family once; return the code points it can draw."""
    files = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
             "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf"}
    for name, file in files.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic="DejaVuSans-Oblique",
                                  boldItalic="DejaVuSans-BoldOblique")
    face = pdfmetrics.getFont(FONT).face
    return frozenset(face.charToGlyph.keys())


def drawable(text: str) -> str:
    """Replace every character the font cannot draw with a visible replacement mark."""
    cover = _register_fonts()
    out = []
    for ch in str(text):
        cp = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif cp < 32 or 0xD800 <= cp <= 0xDFFF:
            continue  # control characters and stray surrogates are dropped
        elif cp in cover:
            out.append(ch)
        elif 0xFE00 <= cp <= 0xFE0F or cp == 0x200D:
            continue  # variation selectors and joiners belong to an emoji already replaced
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def markup(text: str) -> str:
    """User or catalog text -> safe Paragraph markup: escaped, drawable, newlines kept."""
    return escape(drawable(text)).replace("\n", "<br/>")


@dataclass(frozen=True)
class Cover:
    """A cover page of its own: what the document is, whose plan, and which version of it."""

    heading: str  # e.g. the plan's name, in large type
    subheading: str = ""  # e.g. clinic and site
    facts: tuple[tuple[str, str], ...] = ()  # label, value (plan, clinic, organisation, CIT lead ...)
    version: str = ""  # "As of now ..." or "As of milestone Baseline, made 25 Nov 2026 by Ann", boxed


@dataclass(frozen=True)
class Part:
    """A group of sections under one heading (a step of the workbook): the heading opens its first page, each
    section is nested under it in the contents and the PDF bookmarks."""

    title: str
    sections: tuple[Section, ...]
    intro: str = ""


@dataclass(frozen=True)
class Report:
    title: str  # e.g. "Readiness checklist" or "Step 1: Lay the Foundation"
    plan_name: str
    clinic: str
    sections: tuple[Section, ...]
    author: str = ""
    subtitle: str = ""
    as_of: date | None = None
    landscape: bool = False  # wide tables (the action plan): Letter turned sideways
    parts: tuple[Part, ...] = ()  # after the sections: each part a heading with its sections nested under it
    cover: Cover | None = None  # a cover page first, instead of the title at the top of the first section
    contents: bool = False  # a contents page (after the cover) listing every part and section with its page


def page_size(report: Report) -> tuple[float, float]:
    return landscape(LETTER) if report.landscape else LETTER


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=20, leading=25, textColor=ACCENT,
                                spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15, textColor=MUTED, spaceAfter=10),
        "part": ParagraphStyle("part", parent=base, fontName=FONT_BOLD, fontSize=18, leading=23, textColor=ACCENT,
                               spaceAfter=4),
        "cover": ParagraphStyle("cover", parent=base, fontName=FONT_BOLD, fontSize=26, leading=32, textColor=INK,
                                spaceAfter=8),
        "kicker": ParagraphStyle("kicker", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14,
                                 textColor=ACCENT, spaceAfter=18),
        "toc0": ParagraphStyle("toc0", parent=base, fontName=FONT_BOLD, fontSize=11, leading=15, spaceBefore=7),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10, leading=13.5, leftIndent=16, textColor=INK),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19, textColor=ACCENT,
                             spaceBefore=8, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8,
                             spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6,
                             spaceAfter=3),
        "body": ParagraphStyle("bodyp", parent=base, spaceAfter=5),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, spaceAfter=4),
        "muted": ParagraphStyle("muted", parent=base, fontSize=9, leading=12, textColor=MUTED, spaceAfter=4),
        "warning": ParagraphStyle("warning", parent=base, fontName=FONT_BOLD, textColor=WARN, spaceAfter=5),
        "callout": ParagraphStyle("callout", parent=base, fontName=FONT_BOLD, borderWidth=1, borderColor=INK,
                                  borderPadding=6, spaceBefore=8, spaceAfter=12),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11),
        "caption": ParagraphStyle("caption", parent=base, fontName=FONT_BOLD, fontSize=9, leading=12,
                                  textColor=MUTED, spaceBefore=4, spaceAfter=2),
    }


class _Bookmark(Flowable):
    """Zero-size flowable that adds a PDF outline entry where it lands."""

    def __init__(self, title: str, level: int, key: str):
        super().__init__()
        self.title, self.level, self.key = title, level, key
        self.width = self.height = 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(drawable(self.title), self.key, level=self.level, closed=False)


class _DeferredCanvas(rl_canvas.Canvas):
    """Keeps every page until the end, so a footer can count them ('Page X of Y'). Bookmarks are set when a page
    is finally written: set earlier, they would all point at the first page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []
        self._marks: list[tuple[str, dict]] = []
        self._writing = False

    def bookmarkPage(self, key, **kwargs):
        if self._writing:
            return super().bookmarkPage(key, **kwargs)
        self._marks = [*self._marks, (key, kwargs)]  # a new list: the pages already kept hold their own

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._marks = []
        self._startPage()

    def _write_pages(self, decorate) -> None:
        self._writing = True
        for state in self._saved:
            self.__dict__.update(state)
            self._writing = True
            for key, kwargs in state["_marks"]:
                super().bookmarkPage(key, **kwargs)
            decorate(state)
            super().showPage()


def _numbered_canvas(report: Report, today: str):
    class NumberedCanvas(_DeferredCanvas):
        """Defers page output so the footer can say 'Page X of Y'."""

        def save(self):
            total = len(self._saved)
            self._write_pages(lambda state: self._decorate(total))
            super().save()

        def _decorate(self, total: int):
            w, h = self._pagesize  # each page's own size: a report may turn some sections sideways
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            self.line(0.75 * inch, 0.75 * inch, w - 0.75 * inch, 0.75 * inch)
            self.setFillColor(MUTED)
            self.setFont(FONT, 8)
            if report.cover is None or self._pageNumber > 1:  # the cover says it all in large type
                self.line(0.75 * inch, h - 0.6 * inch, w - 0.75 * inch, h - 0.6 * inch)
                left = drawable(f"{report.plan_name} · {report.clinic}".strip(" ·"))
                self.drawString(0.75 * inch, h - 0.5 * inch, _fit(left, FONT, 8, 4.2 * inch))
                self.drawRightString(w - 0.75 * inch, h - 0.5 * inch,
                                     _fit(drawable(report.title), FONT, 8, 2.6 * inch))
            self.drawString(0.75 * inch, 0.6 * inch, f"Printed {today} · {NO_PATIENT_DATA}")
            self.drawRightString(w - 0.75 * inch, 0.6 * inch, f"Page {self._pageNumber} of {total}")
            self.setFont(FONT, 6.5)
            self.drawString(0.75 * inch, 0.45 * inch, ACKNOWLEDGMENT)
            self.restoreState()

    return NumberedCanvas


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _table(block: Table, st: dict, avail: float) -> list[Flowable]:
    n = len(block.columns)
    rel = block.widths or tuple(1.0 for _ in range(n))
    total = float(sum(rel))
    widths = [avail * r / total for r in rel]
    head = [Paragraph(markup(c), st["cellhead"]) for c in block.columns]
    body = [[Paragraph(markup(cell), st["cell"]) for cell in row] for row in block.rows]
    if not body:
        body = [[Paragraph("Nothing entered yet.", st["cell"])] + [Paragraph("", st["cell"])] * (n - 1)]
    t = RLTable([head] + body, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in range(2, len(body) + 1, 2):
        style.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    t.setStyle(TableStyle(style))
    out: list[Flowable] = []
    if block.caption:
        out.append(CondPageBreak(1.1 * inch))  # never leave a caption alone at the foot of a page
        out.append(Paragraph(markup(block.caption), st["caption"]))
    out.append(t)
    out.append(Spacer(1, 8))
    return out


HEAT_SHADES = (colors.white, colors.HexColor("#E4E9EE"), colors.HexColor("#BCC7D2"), colors.HexColor("#8FA1B3"))


def _heatmap(block: Heatmap, st: dict, avail: float) -> list[Flowable]:
    """A grid whose cell texts carry the meaning (it must read in black and white) and whose shades help the eye."""
    n_grid, n_extra = len(block.col_labels), len(block.extra_columns)
    label_w = avail * (0.26 if n_extra else 0.32)
    extra_w = (avail * 0.22 / n_extra) if n_extra else 0
    cell_w = (avail - label_w - extra_w * n_extra) / max(1, n_grid)
    small = ParagraphStyle("heat", parent=st["cell"], fontSize=7.5, leading=9.5)
    head = [Paragraph(markup(block.row_header), st["cellhead"])]
    head += [Paragraph(markup(c), ParagraphStyle("heathead", parent=st["cellhead"], fontSize=7.5, leading=9.5))
             for c in block.col_labels]
    head += [Paragraph(markup(c), st["cellhead"]) for c in block.extra_columns]
    body = []
    for r, label in enumerate(block.row_labels):
        row = [Paragraph(markup(label), small)]
        row += [Paragraph(markup(text), small) for text in block.cells[r]]
        if n_extra:
            row += [Paragraph(markup(text), small) for text in block.extra_cells[r]]
        body.append(row)
    t = RLTable([head] + body, colWidths=[label_w] + [cell_w] * n_grid + [extra_w] * n_extra, repeatRows=1,
                splitInRow=1, hAlign="LEFT")
    style = [("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
             ("GRID", (0, 1), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    for r, shades in enumerate(block.shades, start=1):
        for c, shade in enumerate(shades, start=1):
            if shade:
                style.append(("BACKGROUND", (c, r), (c, r), HEAT_SHADES[max(0, min(3, shade))]))
    t.setStyle(TableStyle(style))
    out: list[Flowable] = [CondPageBreak(1.1 * inch), Paragraph(markup(block.title), st["caption"]), t]
    if block.legend:
        out.append(Paragraph(markup(block.legend), st["muted"]))
    out.append(Spacer(1, 8))
    return out


def _chart(block: BarChart, avail: float) -> Flowable:
    n = max(1, len(block.labels))
    bar_h = 16
    label_w = min(2.6 * inch, avail * 0.42)
    plot_w = avail - label_w - 30
    height = n * bar_h + 50
    d = Drawing(avail, height)
    d.add(String(0, height - 12, drawable(block.title), fontName=FONT_BOLD, fontSize=10, fillColor=INK))
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = label_w, 22, plot_w, n * bar_h
    # reportlab draws the first category at the bottom; reverse so the chart reads top-down
    values = [0 if v is None else float(v) for v in reversed(block.values)]
    c.data = [values or [0]]
    c.categoryAxis.categoryNames = [_fit(drawable(lbl), FONT, 8, label_w - 8) for lbl in reversed(block.labels)]
    c.categoryAxis.labels.fontName = FONT
    c.categoryAxis.labels.fontSize = 8
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.dx = -4
    c.valueAxis.valueMin = 0
    c.valueAxis.valueMax = block.maximum
    c.valueAxis.valueStep = block.maximum / 4 if block.maximum else 1
    c.valueAxis.labels.fontName = FONT
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "%d" + block.unit.replace("%", "%%")
    c.bars[0].fillColor = ACCENT
    c.bars[0].strokeColor = None
    c.barWidth = 10
    if block.threshold is not None:
        for i, v in enumerate(values):
            if v < block.threshold:
                c.bars[(0, i)].fillColor = WARN
    d.add(c)
    if block.threshold is not None and block.maximum:
        x = label_w + plot_w * block.threshold / block.maximum
        d.add(Line(x, 18, x, 22 + n * bar_h + 4, strokeColor=MUTED, strokeDashArray=(3, 2), strokeWidth=0.8))
        d.add(String(x + 2, 22 + n * bar_h + 6, drawable(block.threshold_label), fontName=FONT, fontSize=7,
                     fillColor=MUTED))
    for i, v in enumerate(values):
        orig = list(reversed(block.values))[i]
        text = "not rated" if orig is None else f"{orig:.0f}{block.unit}"
        y = 22 + i * bar_h + bar_h / 2 - 3
        x = label_w + (plot_w * v / block.maximum if block.maximum else 0) + 3
        d.add(String(x, y, text, fontName=FONT, fontSize=7.5, fillColor=MUTED))
    return d


SERIES_COLORS = (ACCENT, colors.HexColor("#2f855a"), colors.HexColor("#6b46c1"), colors.HexColor("#9b2c2c"))
SERIES_DASHES = (None, (4, 2), (1, 2), (6, 2, 1, 2))  # told apart in black and white too


def _axis_text(value: float, fmt: str) -> str:
    """An axis tick: -$100k / $500 / 75% / 1,200 / 2.5."""
    if fmt == "money":
        sign = "-" if value < 0 else ""
        v = abs(value)
        if v >= 1000:  # $1.5k, not a second "$2k" between $1k and $2k
            k = v / 1000
            return f"{sign}${k:,.0f}k" if abs(k - round(k)) < 0.05 else f"{sign}${k:,.1f}k"
        return f"{sign}${v:,.0f}"
    if fmt == "percent":
        return f"{num(value, 1)}%"
    return num(value, 1)


def _value_text(value: float, fmt: str) -> str:
    """A figure in full, as the tables print it: -$47,270 / 75% / 17.5."""
    return {"money": money, "percent": pct}.get(fmt, lambda v: num(v, 1))(value)


def _span(values: list[float], pad_share: float = 0.08) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi <= lo:
        return lo - 1, hi + 1
    pad = (hi - lo) * pad_share
    return lo - pad, hi + pad


def _xy_chart(block: Chart, avail: float) -> Flowable:
    """A worksheets.content.Chart as a vector drawing: lines or grouped bars, reference lines, a marked point."""
    height = 2.6 * inch
    d = Drawing(avail, height)
    d.add(String(0, height - 12, drawable(block.title), fontName=FONT_BOLD, fontSize=10, fillColor=INK))
    d.add(String(0, height - 26, drawable(block.y_label), fontName=FONT, fontSize=8, fillColor=MUTED))
    legend = len(block.series) > 1
    top = height - (44 if legend else 34)
    if legend:
        x = 0.0
        for i, s in enumerate(block.series):
            color = SERIES_COLORS[i % len(SERIES_COLORS)]
            if block.kind == "bar":
                d.add(Rect(x, height - 40, 16, 8, fillColor=color, strokeColor=None))
            else:
                d.add(Line(x, height - 36, x + 16, height - 36, strokeColor=color, strokeWidth=2,
                           strokeDashArray=SERIES_DASHES[i % len(SERIES_DASHES)]))
            name = _fit(drawable(s.name), FONT, 7.5, 1.8 * inch)
            d.add(String(x + 20, height - 39, name, fontName=FONT, fontSize=7.5, fillColor=INK))
            x += 28 + pdfmetrics.stringWidth(name, FONT, 7.5)
    x0, y0 = 62, 36
    width, plot_h = avail - 80, top - y0
    ys = [float(v) for s in block.series for v in s.y] + [r.value for r in block.ref_lines if r.axis == "y"]
    if block.mark is not None:
        ys.append(block.mark.y)
    if block.kind == "bar":
        ys.append(0.0)
    y_min, y_max = _span(ys or [0.0])
    if block.kind == "bar" and min(ys) >= 0:
        y_min = 0.0  # bars stand on the axis
    x_min, x_max = 0.0, 1.0  # a line chart's x range (a bar chart's x axis holds categories)
    if block.kind == "bar":
        c = VerticalBarChart()
        c.x, c.y, c.width, c.height = x0, y0, width, plot_h
        c.data = [list(s.y) or [0] for s in block.series] or [[0]]
        first = block.series[0].x if block.series else ()
        c.categoryAxis.categoryNames = [_fit(drawable(x if isinstance(x, str) else _axis_text(x, block.x_format)),
                                             FONT, 7.5, width / max(1, len(first)) - 4) for x in first]
        c.categoryAxis.labels.fontName = FONT
        c.categoryAxis.labels.fontSize = 7.5
        c.categoryAxis.labelAxisMode = "low"  # names under the plot, clear of bars below zero
        c.barLabelFormat = lambda v: _value_text(v, block.y_format)  # each bar says its figure
        c.barLabels.fontName = FONT
        c.barLabels.fontSize = 7
        c.barLabels.nudge = 6
        for i in range(len(block.series)):
            c.bars[i].fillColor = SERIES_COLORS[i % len(SERIES_COLORS)]
            c.bars[i].strokeColor = None
        value_axis, plot = c.valueAxis, c
    else:
        lp = LinePlot()
        lp.x, lp.y, lp.width, lp.height = x0, y0, width, plot_h
        lp.data = [list(zip((float(x) for x in s.x), (float(y) for y in s.y))) or [(0, 0)] for s in block.series]
        lp.data = lp.data or [[(0, 0)]]
        for i in range(len(lp.data)):
            color = SERIES_COLORS[i % len(SERIES_COLORS)]
            lp.lines[i].strokeColor = color
            lp.lines[i].strokeWidth = 1.6
            lp.lines[i].strokeDashArray = SERIES_DASHES[i % len(SERIES_DASHES)]
            lp.lines[i].symbol = makeMarker("FilledCircle", size=3.5, fillColor=color, strokeColor=color)
        xs = [float(x) for s in block.series for x in s.x] + [r.value for r in block.ref_lines if r.axis == "x"]
        if block.mark is not None:
            xs.append(block.mark.x)
        x_min, x_max = _span(xs or [0.0], 0.0)
        lp.xValueAxis.valueMin, lp.xValueAxis.valueMax = x_min, x_max
        lp.xValueAxis.labels.fontName = FONT
        lp.xValueAxis.labels.fontSize = 7.5
        lp.xValueAxis.labelTextFormat = lambda v: _axis_text(v, block.x_format)
        value_axis, plot = lp.yValueAxis, lp
    value_axis.valueMin, value_axis.valueMax = y_min, y_max
    value_axis.labels.fontName = FONT
    value_axis.labels.fontSize = 7.5
    value_axis.labelTextFormat = lambda v: _axis_text(v, block.y_format)
    d.add(plot)

    def y_at(value: float) -> float:
        return y0 + plot_h * (value - y_min) / (y_max - y_min)

    def x_at(value: float) -> float:
        return x0 + width * (value - x_min) / (x_max - x_min)

    for ref in block.ref_lines:
        label = drawable(ref.label)
        if ref.axis == "y":
            y = y_at(ref.value)
            d.add(Line(x0, y, x0 + width, y, strokeColor=INK, strokeDashArray=(3, 2), strokeWidth=0.8))
            if label:
                d.add(String(x0 + 4, y + 3, label, fontName=FONT, fontSize=7, fillColor=INK))
        else:
            x = x_at(ref.value)
            d.add(Line(x, y0, x, y0 + plot_h, strokeColor=INK, strokeDashArray=(1, 2), strokeWidth=0.8))
            if label:
                d.add(String(x + 3, y0 + plot_h - 9, label, fontName=FONT, fontSize=7, fillColor=INK))
    if block.mark is not None:
        mx, my = x_at(block.mark.x), y_at(block.mark.y)
        d.add(makeMarker("FilledDiamond", x=mx, y=my, size=8, fillColor=WARN, strokeColor=colors.white))
        label = drawable(block.mark.label)
        size = 7.5
        right = mx + 6 + pdfmetrics.stringWidth(label, FONT_BOLD, size) <= x0 + width
        # above the diamond, clear of a line running through it
        y = my + 6 if my + 6 + size <= y0 + plot_h else my - 6 - size
        d.add(String(mx + 4 if right else mx - 4, y, label, fontName=FONT_BOLD, fontSize=size, fillColor=WARN,
                     textAnchor="start" if right else "end"))
    d.add(String(x0 + width / 2, 6, drawable(block.x_label), fontName=FONT, fontSize=8, fillColor=MUTED,
                 textAnchor="middle"))
    return d


TORNADO_LOW, TORNADO_HIGH = WARN, ACCENT  # the input lower / higher, as on screen


def _tornado(block: Tornado, avail: float) -> Flowable:
    """A worksheets.content.Tornado as a vector drawing: one row per input (largest swing at the top), a bar from
    today's result to the result with the input lower (upper bar) and with it higher (lower bar), each bar end
    saying the input's value there; a dashed line at today's result; the result's axis under the rows."""
    n = len(block.labels)
    row_h, bar_h = 24, 8
    label_w = min(2.3 * inch, avail * 0.34)
    x0 = label_w + 8
    width = avail - x0 - 12
    head = 44  # title and legend
    axis_h = 34
    plot_h = max(1, n) * row_h
    height = head + 14 + plot_h + axis_h
    d = Drawing(avail, height)
    d.add(String(0, height - 12, drawable(block.title), fontName=FONT_BOLD, fontSize=10, fillColor=INK))
    x = 0.0
    for name, color in ((block.low_name, TORNADO_LOW), (block.high_name, TORNADO_HIGH)):
        d.add(Rect(x, height - 32, 16, 8, fillColor=color, strokeColor=None))
        text = _fit(drawable(name), FONT, 7.5, 2.2 * inch)
        d.add(String(x + 20, height - 31, text, fontName=FONT, fontSize=7.5, fillColor=INK))
        x += 32 + pdfmetrics.stringWidth(text, FONT, 7.5)
    values = [block.base, *block.low, *block.high]
    lo, hi = _span(values, 0.0)
    pad = (hi - lo) * 0.25  # room for the value texts at the bar ends
    lo, hi = lo - pad, hi + pad
    y_axis = axis_h
    top = y_axis + plot_h

    def x_at(value: float) -> float:
        return x0 + width * (value - lo) / (hi - lo)

    base_x = x_at(block.base)
    size = 6.5
    for i, label in enumerate(block.labels):
        yc = top - (i + 0.5) * row_h
        d.add(String(label_w, yc - 3, _fit(drawable(label), FONT, 7.5, label_w - 4), fontName=FONT, fontSize=7.5,
                     fillColor=INK, textAnchor="end"))
        if i % 2 == 0:
            d.add(Rect(x0, yc - row_h / 2, width, row_h, fillColor=ZEBRA, strokeColor=None))
        ends = ((block.low[i], block.low_text[i] if block.low_text else "", TORNADO_LOW, yc + 1),
                (block.high[i], block.high_text[i] if block.high_text else "", TORNADO_HIGH, yc - 1 - bar_h))
        if abs(block.low[i] - block.base) < 0.005 and abs(block.high[i] - block.base) < 0.005:
            words = " to ".join(t for t in (ends[0][1], ends[1][1]) if t)
            d.add(String(base_x + 4, yc - 3, drawable(f"{words}: no change" if words else "no change"),
                         fontName=FONT, fontSize=size, fillColor=MUTED))
            continue
        for value, text, color, y in ends:
            if abs(value - block.base) < 0.005:  # this end did not move (capped, or the input is at its limit)
                d.add(String(base_x + 3, y + 1.5, drawable(f"{text}: no change" if text else "no change"),
                             fontName=FONT, fontSize=size, fillColor=MUTED))
                continue
            end = x_at(value)
            left, right = min(end, base_x), max(end, base_x)
            d.add(Rect(left, y, max(right - left, 0.8), bar_h, fillColor=color, strokeColor=None))
            if text:
                before = value < block.base
                d.add(String(end - 3 if before else end + 3, y + 1.5, drawable(text), fontName=FONT, fontSize=size,
                             fillColor=INK, textAnchor="end" if before else "start"))
    d.add(Line(base_x, y_axis, base_x, top + 4, strokeColor=INK, strokeDashArray=(3, 2), strokeWidth=0.8))
    label = drawable(block.base_label)
    label_width = pdfmetrics.stringWidth(label, FONT, 7)
    lx = min(max(base_x - label_width / 2, x0), x0 + width - label_width)
    d.add(String(lx, top + 6, label, fontName=FONT, fontSize=7, fillColor=INK))
    axis = XValueAxis()
    axis.setPosition(x0, y_axis, width)
    axis.valueMin, axis.valueMax = lo, hi
    axis.configure([[lo, hi]])
    axis.labels.fontName = FONT
    axis.labels.fontSize = 7
    axis.labelTextFormat = lambda v: _axis_text(v, block.value_format)
    axis.strokeColor = MUTED
    d.add(axis)
    d.add(String(x0 + width / 2, 4, drawable(block.value_label), fontName=FONT, fontSize=8, fillColor=MUTED,
                 textAnchor="middle"))
    return d


def _blocks(blocks: tuple[Block, ...], st: dict, avail: float) -> list[Flowable]:
    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(CondPageBreak(1.2 * inch))
            out.append(Paragraph(markup(b.text), st["h2" if b.level <= 2 else "h3"]))
        elif isinstance(b, Para):
            out.append(Paragraph(markup(b.text), st.get(b.style, st["body"])))
        elif isinstance(b, Bullets):
            items = [ListItem(Paragraph(markup(t), st["body"]), leftIndent=12) for t in b.items]
            out.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontName=FONT))
        elif isinstance(b, KeyValues):
            t = RLTable([[Paragraph(markup(k), st["cellhead"]), Paragraph(markup(v), st["cell"])] for k, v in b.rows],
                        colWidths=[avail * 0.3, avail * 0.7], hAlign="LEFT")
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 3)]))
            out += [t, Spacer(1, 8)]
        elif isinstance(b, Table):
            out += _table(b, st, avail)
        elif isinstance(b, BarChart):
            out += [KeepTogether([_chart(b, avail)]), Spacer(1, 8)]
        elif isinstance(b, Chart):
            out += [KeepTogether([_xy_chart(b, avail)]), Spacer(1, 8)]
        elif isinstance(b, Tornado):
            out += [KeepTogether([_tornado(b, avail)]), Spacer(1, 4)]
            out += [Paragraph(markup(note), st["small"]) for note in b.notes]
            out.append(Spacer(1, 4))
        elif isinstance(b, Heatmap):
            out += _heatmap(b, st, avail)
        elif isinstance(b, WriteIn):
            out += _write_in(b, st, avail)
        elif isinstance(b, Flowchart):
            from planning.flowchart import pdf_flowchart  # the layout lives with the on-screen drawing

            out += pdf_flowchart(b, avail)
        else:  # pragma: no cover - a new block type must be taught to the builder
            raise TypeError(f"unknown report block {type(b).__name__}")
    return out


class _HandoutStart(Flowable):
    """Zero-size flowable that tells the canvas which handout the following pages belong to."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index
        self.width = self.height = 0

    def draw(self):
        self.canv.handout = self.index


def _write_in(block: WriteIn, st: dict, avail: float) -> list[Flowable]:
    """A label, an optional hint, and ruled lines to write on."""
    parts: list[Flowable] = [Paragraph(markup(block.label), st["h3"])]
    if block.hint:
        parts.append(Paragraph(markup(block.hint), st["muted"]))
    n = max(1, block.lines)
    lines = RLTable([[""] for _ in range(n)], colWidths=[avail], rowHeights=[0.34 * inch] * n, hAlign="LEFT")
    lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, INK)]))
    parts.append(lines)
    return [KeepTogether(parts), Spacer(1, 6)]


@lru_cache(maxsize=1)
def _handout_styles() -> dict[str, ParagraphStyle]:
    """Larger type in black only: handouts are read by patients and often copied in black and white."""
    base = _styles()
    black = colors.black
    out = {}
    for name, style in base.items():
        out[name] = ParagraphStyle(f"handout-{name}", parent=style, textColor=black,
                                   fontSize=style.fontSize * 1.2, leading=style.leading * 1.2)
    out["title"] = ParagraphStyle("handout-title", parent=base["title"], textColor=black, fontSize=22, leading=27)
    out["h1"] = ParagraphStyle("handout-h1", parent=base["h1"], textColor=black, fontSize=16, leading=20)
    out["callout"] = ParagraphStyle("handout-callout", parent=out["callout"], borderColor=black)
    return out


def build_handouts(handouts: "list[Handout] | tuple[Handout, ...]", as_of: date | None = None) -> bytes:
    """Printable sheets for patients or staff, one after another, each starting on a new page: the clinic's name,
    the title, the blocks in large black type; the footer carries the acknowledgment and page numbers. The PDF's
    language is the first handout's. Never fails on user text."""
    if not handouts:
        raise ValueError("nothing to print")
    st = _handout_styles()
    buf = io.BytesIO()
    today = (as_of or date.today()).strftime("%d %b %Y").lstrip("0")
    first = handouts[0]
    doc = BaseDocTemplate(
        buf, pagesize=LETTER, leftMargin=0.8 * inch, rightMargin=0.8 * inch, topMargin=0.7 * inch,
        bottomMargin=0.9 * inch, title=drawable(" / ".join(dict.fromkeys(h.title for h in handouts))),
        author=drawable(first.clinic or "Collaborative Care Implementation Workbook"),
        subject="Collaborative Care handout", creator="Collaborative Care Implementation Workbook",
        lang=first.lang, invariant=True)
    avail = LETTER[0] - doc.leftMargin - doc.rightMargin
    doc.addPageTemplates([PageTemplate(id="handout", pagesize=LETTER, frames=[Frame(
        doc.leftMargin, doc.bottomMargin, avail, LETTER[1] - doc.topMargin - doc.bottomMargin, id="handout-body")])])
    story: list[Flowable] = []
    for idx, h in enumerate(handouts):
        if idx:
            story.append(PageBreak())
        story.append(_HandoutStart(idx))
        story.append(_Bookmark(h.title, 0, f"h{idx}"))
        if h.clinic:
            story.append(Paragraph(markup(h.clinic), st["subtitle"]))
        story.append(Paragraph(markup(h.title), st["title"]))
        story += _blocks(h.blocks, st, avail)
        if h.footer:
            story.append(Spacer(1, 6))
            story.append(Paragraph(markup(h.footer), st["muted"]))
    spanish = [h.lang.lower().startswith("es") for h in handouts]

    class HandoutCanvas(_DeferredCanvas):
        """Numbers each handout's pages on their own (1 / 2 for the English plan, 1 / 2 again for the Spanish
        one), and prints the acknowledgment in the handout's language."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.handout = 0

        def save(self):
            pages: dict[int, int] = {}
            for state in self._saved:
                pages[state["handout"]] = pages.get(state["handout"], 0) + 1
            seen: dict[int, int] = {}

            def decorate(state):
                which = state["handout"]
                seen[which] = seen.get(which, 0) + 1
                w, _ = self._pagesize
                self.saveState()
                self.setFillColor(colors.black)
                self.setFont(FONT, 6.5)
                self.drawString(0.8 * inch, 0.5 * inch,
                                ACKNOWLEDGMENT_ES if spanish[which] else ACKNOWLEDGMENT)
                if pages[which] > 1:
                    self.setFont(FONT, 8)
                    self.drawRightString(w - 0.8 * inch, 0.65 * inch,
                                         ("Página" if spanish[which] else "Page")
                                         + f" {seen[which]} / {pages[which]}")
                self.restoreState()

            self._write_pages(decorate)
            super().save()

    doc.build(story, canvasmaker=HandoutCanvas)
    return buf.getvalue()


class _Doc(BaseDocTemplate):
    """Tells the contents page where each heading landed (reportlab runs the layout again until the page numbers
    the contents show stop changing)."""

    def afterFlowable(self, flowable):
        entry = getattr(flowable, "toc_entry", None)
        if entry is not None:
            level, text, key = entry
            self.notify("TOCEntry", (level, text, self.page, key))


def _heading(text: str, style: ParagraphStyle, level: int, key: str) -> list[Flowable]:
    """An outline bookmark and the heading it points at; the heading reports its page to the contents."""
    para = Paragraph(markup(text), style)
    para.toc_entry = (level, markup(text), key)
    return [_Bookmark(text, level, key), para]


def _cover(report: Report, st: dict, avail: float, today: str) -> list[Flowable]:
    cover = report.cover
    assert cover is not None
    out: list[Flowable] = [Spacer(1, 0.9 * inch), Paragraph(markup(report.title), st["kicker"]),
                           Paragraph(markup(cover.heading), st["cover"])]
    if cover.subheading:
        out.append(Paragraph(markup(cover.subheading), st["subtitle"]))
    out.append(Spacer(1, 0.3 * inch))
    if cover.version:
        box = RLTable([[Paragraph(markup(cover.version), st["h3"])]], colWidths=[avail], hAlign="LEFT")
        box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), HEAD_BG), ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 8),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        out += [box, Spacer(1, 0.25 * inch)]
    facts = [*cover.facts, ("Printed", today)]
    t = RLTable([[Paragraph(markup(k), st["cellhead"]), Paragraph(markup(v), st["body"])] for k, v in facts],
                colWidths=[avail * 0.28, avail * 0.72], hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 4)]))
    out += [t, Spacer(1, 0.5 * inch), Paragraph(markup(NO_PATIENT_DATA), st["h3"]),
            Paragraph(markup(ACKNOWLEDGMENT), st["muted"])]
    return out


def build_pdf(report: Report) -> bytes:
    """Render a report. Never fails on user text. Sections marked landscape get pages turned sideways.

    With a cover, the first page is the cover; with contents, a contents page follows listing every part and
    section with the page it starts on. Parts (the workbook's steps) nest their sections in the contents and in
    the PDF bookmarks."""
    st = _styles()
    buf = io.BytesIO()
    as_of = report.as_of or date.today()
    today = as_of.strftime("%d %b %Y").lstrip("0")
    doc = _Doc(
        buf, pagesize=page_size(report), leftMargin=0.75 * inch, rightMargin=0.75 * inch, topMargin=0.85 * inch,
        bottomMargin=1.0 * inch, title=drawable(f"{report.title} - {report.plan_name}"),
        author=drawable(report.author or "Collaborative Care Implementation Workbook"),
        subject="Collaborative Care implementation plan", creator="Collaborative Care Implementation Workbook",
        lang="en-US", invariant=True,
    )
    sizes = {"portrait": LETTER, "landscape": landscape(LETTER)}
    avail = {name: w - doc.leftMargin - doc.rightMargin for name, (w, _) in sizes.items()}
    templates = {name: PageTemplate(id=name, pagesize=size, frames=[Frame(
        doc.leftMargin, doc.bottomMargin, avail[name], size[1] - doc.topMargin - doc.bottomMargin, id=f"body-{name}")])
        for name, size in sizes.items()}

    def orientation(section: Section | None) -> str:
        return "landscape" if report.landscape or (section is not None and section.landscape) else "portrait"

    # (part opening here, or None; the section, or None for a part with nothing in it; its outline level)
    entries: list[tuple[Part | None, Section | None, int]] = [(None, s, 0) for s in report.sections]
    for part in report.parts:
        entries += [(part if i == 0 else None, s, 1) for i, s in enumerate(part.sections)] or [(part, None, 1)]
    front = report.cover is not None or report.contents  # pages before the first section
    first = "portrait" if front else orientation(entries[0][1] if entries else None)
    doc.addPageTemplates([templates[first]] + [t for name, t in templates.items() if name != first])
    story: list[Flowable] = []
    if report.cover is not None:
        story += _cover(report, st, avail[first], today)
    else:
        story += [Paragraph(markup(report.title), st["title"]),
                  Paragraph(markup(" · ".join(p for p in (report.plan_name, report.clinic, report.subtitle) if p)),
                            st["subtitle"])]
    multi = report.contents and bool(entries)
    if multi:
        if report.cover is not None:
            story.append(PageBreak())
        toc = TableOfContents(levelStyles=[st["toc0"], st["toc1"]], dotsMinLevel=-1, rightColumnWidth=0.6 * inch)
        # every line known before the first pass: the contents take their final length at once, so the layout
        # runs twice (once to find the pages, once to print them) instead of three times
        for idx, (part, section, level) in enumerate(entries):
            if part is not None:
                toc.addEntry(0, markup(part.title), 0, f"p{idx}")
            if section is not None:
                toc.addEntry(level, markup(section.title), 0, f"s{idx}")
        story += [Paragraph("Contents", st["title"]),
                  Paragraph(markup(" · ".join(p for p in (report.plan_name, report.clinic) if p)), st["subtitle"]),
                  toc]
    current = first
    for idx, (part, section, level) in enumerate(entries):
        wanted = orientation(section)
        if idx > 0 or front:
            if wanted != current:
                story.append(NextPageTemplate(wanted))
                current = wanted
            story.append(PageBreak())
        if part is not None:
            story += _heading(part.title, st["part"], 0, f"p{idx}")
            if part.intro:
                story.append(Paragraph(markup(part.intro), st["muted"]))
            story.append(HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=2, spaceAfter=10))
        if section is None:
            story.append(Paragraph("Nothing in this part yet.", st["muted"]))
            continue
        rev = (f" ({section.version_note})" if section.version_note else
               f" (revision {section.revision})" if section.revision else " (not saved yet)")
        story += _heading(section.title, st["h1"], level, f"s{idx}")
        story.append(Paragraph(markup(f"Document: {section.title}{rev}. Printed {today}."), st["muted"]))
        story += _blocks(section.blocks, st, avail[current])
    story.append(Spacer(1, 12))
    story.append(Paragraph(markup(ACKNOWLEDGMENT), st["muted"]))
    if multi:
        doc.multiBuild(story, canvasmaker=_numbered_canvas(report, today))
    else:
        doc.build(story, canvasmaker=_numbered_canvas(report, today))
    return buf.getvalue()
