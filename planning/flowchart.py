"""Swimlane flowcharts (worksheets.content.Flowchart): one layout, drawn twice.

``layout(block, phase)`` places everything once: lanes (the patient and each role) down the left, phases across,
one box per step, arrows for hand-offs. ``figure`` draws that layout with plotly for the screen and
``pdf_flowchart`` with reportlab for the PDF, so the two always agree; no system program is needed.

Made for a 1280 x 720 projector, where the page's main column is about 820 px wide:
- the whole-episode view gives each phase one column of boxes stacked down each lane (about 17 characters a line,
  three lines); a phase view gives one phase the whole width, two or three boxes a row, and small boxes at the
  edges for hand-offs that come from or go to another phase ("from 1.6 …", "to 4.2 …"). A label too long for
  its box is cut with "…"; the whole text is in the hover on screen.
- it reads in black and white: a new or changing step has a dashed outline, a step of the suicide-risk protocol a
  thick outline and the words SUICIDE RISK on its first line, a hand-off a dark arrow with its method written on
  it (phase views), a role's own next step a thin grey arrow. Colour only repeats what the lines and words say.

Units are screen pixels; the PDF scales the same geometry to the page width (and down to the page height).
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from planning.report import FONT, FONT_BOLD, _register_fonts, drawable
from worksheets.content import Flowchart, FlowNode

SCREEN_W = 820  # the main column at 1280 x 720 with the sidebar open
LANE_W = 118
TITLE_H = 30
LEGEND_H = 40
MARGIN_W = 92  # the edge columns of a phase view, for hand-offs from and to other phases
GAP_X, GAP_Y = 20, 14  # between boxes: arrows run in these gutters and channels, never across a box
PAD_X = GAP_X / 2
TEXT_PAD = 5
TAG = "SUICIDE RISK"
ELLIPSIS = "…"
BRANCH_ENTRY = "if risk is found"  # the label worksheets.workflow gives the arrow into the suicide-risk branch

INK, MUTED, ACCENT, BRANCH = "#1f2937", "#5b6472", "#1d5d90", "#9b1c1c"
LANE_FILLS = ("#ffffff", "#f3f6f9")
HEAD_FILL = "#e3ecf4"
BOX_FILL, PLANNED_FILL, BRANCH_FILL = "#e8f0f7", "#ffffff", "#fbe9e9"
SEQ = "#8a94a3"


@dataclass(frozen=True)
class ViewStyle:
    font: float  # label size, px
    lines: int  # most lines in a box
    most_per_row: int  # boxes side by side in one lane of one phase


WHOLE = ViewStyle(font=12, lines=3, most_per_row=1)  # on screen: one column of boxes per phase, scrolled down
PHASE = ViewStyle(font=14, lines=4, most_per_row=3)
PRINT_WHOLE = ViewStyle(font=13, lines=2, most_per_row=2)  # a landscape page: wider and shorter, an overview
PRINT_WHOLE_W = 1300


@dataclass(frozen=True)
class Box:
    id: str
    x: float  # top left, y downwards
    y: float
    w: float
    h: float
    lines: tuple[str, ...]  # the label as drawn (wrapped, cut with … when too long)
    full: str  # the whole label, for the hover
    lane: str
    branch: bool = False
    planned: bool = False
    connector: bool = False  # a hand-off from or to another phase (phase views)
    cut: bool = False  # the label did not fit
    note: str = ""  # phase views: how this step hands off ("→ Warm hand-off"), drawn under the label
    tag_size: float = 0  # the size SUICIDE RISK is written at, so it fits the box


@dataclass(frozen=True)
class Arrow:
    points: tuple[tuple[float, float], ...]  # a route of straight segments; the head is at the last point
    label: str = ""
    label_at: tuple[float, float] | None = None  # the middle of a level stretch long enough for the label
    handoff: bool = False
    branch: bool = False  # on the suicide-risk branch


@dataclass(frozen=True)
class Band:
    text: tuple[str, ...]  # wrapped
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Layout:
    title: str
    width: float
    height: float
    font: float
    lanes: tuple[Band, ...]
    columns: tuple[Band, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    legend_y: float
    grid_top: float
    grid_bottom: float
    head_h: float
    phase: int | None = None

    @property
    def crowded(self) -> bool:
        """Some label had to be cut: the per-phase views are worth printing too."""
        return any(b.cut for b in self.boxes if not b.connector)


# ----------------------------------------------------------------------------------------------
# text

def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of text in DejaVu Sans (the PDF's font; screen fonts are no wider)."""
    _register_fonts()
    return pdfmetrics.stringWidth(drawable(text), FONT_BOLD if bold else FONT, size)


def wrap(text: str, width: float, size: float, most: int, bold: bool = False) -> tuple[tuple[str, ...], bool]:
    """Lines of at most ``width`` px, at most ``most`` of them; the last one ends in … when the text is cut.
    Returns (lines, cut)."""
    words = " ".join(str(text).split()).split(" ")
    lines: list[str] = []
    cur = ""
    i = 0
    while i < len(words):
        w = words[i]
        trial = f"{cur} {w}" if cur else w
        if text_width(trial, size, bold) <= width:
            cur, i = trial, i + 1
            continue
        if not cur:  # one word longer than the line: break it
            cut = w
            while len(cut) > 1 and text_width(cut, size, bold) > width:
                cut = cut[:-1]
            lines.append(cut)
            words[i] = w[len(cut):]
        else:
            lines.append(cur)
            cur = ""
        if len(lines) == most:
            break
    if cur and len(lines) < most:
        lines.append(cur)
        cur = ""
    cut = i < len(words) or bool(cur)
    if cut and lines:
        last = lines[-1]
        while last and text_width(last + ELLIPSIS, size, bold) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return tuple(lines) or ("",), cut


# ----------------------------------------------------------------------------------------------
# layout

def _route(a: Box, b: Box, boxes: list[Box], lane: int) -> tuple[tuple[float, float], ...]:
    """A route from box a to box b through the gutters between columns and the channels between rows, so no
    segment crosses a box. ``lane`` (0, 1, 2 ...) nudges routes apart where several share a gutter."""
    nudge = ((lane % 3) - 1) * 4
    acy, bcy = a.y + a.h / 2, b.y + b.h / 2

    def clear(x0, y0, x1, y1) -> bool:
        lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        return not any(o is not a and o is not b and o.x < hi_x and lo_x < o.x + o.w and o.y < hi_y and
                       lo_y < o.y + o.h for o in boxes)

    if abs(a.x - b.x) < 1:  # one above the other in the same slot
        x = a.x + a.w / 2
        y0, y1 = (a.y + a.h, b.y) if b.y > a.y else (a.y, b.y + b.h)
        if clear(x - 1, y0, x + 1, y1):
            return (x, y0), (x, y1)
        g = a.x + a.w + GAP_X / 2 + nudge
        return (a.x + a.w, acy), (g, acy), (g, bcy), (b.x + b.w, bcy)
    right = b.x > a.x
    x0 = a.x + a.w if right else a.x
    x1 = b.x if right else b.x + b.w
    if abs(acy - bcy) < 1 and clear(min(x0, x1), acy - 1, max(x0, x1), acy + 1):
        return (x0, acy), (x1, bcy)
    ga = x0 + (GAP_X / 2 if right else -GAP_X / 2) + nudge
    gb = x1 + (-GAP_X / 2 if right else GAP_X / 2) + nudge
    if abs(ga - gb) <= GAP_X:  # neighbours: one gutter between them
        return (x0, acy), (ga, acy), (ga, bcy), (x1, bcy)
    cy = (b.y - GAP_Y / 2 if bcy > acy else b.y + b.h + GAP_Y / 2) + nudge / 2
    return (x0, acy), (ga, acy), (ga, cy), (gb, cy), (gb, bcy), (x1, bcy)


def _label_spot(points: tuple[tuple[float, float], ...], label: str, size: float) -> tuple[float, float] | None:
    """The middle of the longest level stretch of a route, when the label fits along it."""
    need = text_width(label, size) + 8
    best = None
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= need and (best is None or abs(x1 - x0) > best[0]):
            best = (abs(x1 - x0), ((x0 + x1) / 2, y0))
    return best[1] if best else None


def layout(block: Flowchart, phase: int | None = None, width: float = SCREEN_W,
           style: ViewStyle | None = None) -> Layout:
    """Place the whole episode (``phase`` None) or one phase (1-based) of a flowchart, ``width`` px wide."""
    style = style or (WHOLE if phase is None else PHASE)
    col = None if phase is None else phase - 1
    by_id = {n.id: n for n in block.nodes}
    shown = [n for n in block.nodes if col is None or n.column == col]
    shown_ids = {n.id for n in shown}
    number = {n.id: n.label for n in block.nodes}

    # hand-offs to and from other phases become small boxes at the edges (phase views)
    incoming: list[tuple[FlowNode, str]] = []  # (connector node, the step it leads to)
    outgoing: list[tuple[str, FlowNode]] = []
    arrows_wanted: list[tuple[str, str, str, bool]] = []  # source id, target id, label, handoff
    conn_full: dict[str, str] = {}  # connector id -> what its hover says
    for e in block.edges:
        s_in, t_in = e.source in shown_ids, e.target in shown_ids
        if s_in and t_in:
            arrows_wanted.append((e.source, e.target, e.label, e.handoff))
        elif col is not None and e.source in by_id and e.target in by_id and (s_in or t_in) and e.handoff:
            other = by_id[e.target] if s_in else by_id[e.source]
            cid = f"~{'to' if s_in else 'from'}~{other.id}"  # one box per step elsewhere, however many arrows
            if cid not in conn_full:
                words = ("to " if s_in else "from ") + number[other.id]
                conn = FlowNode(cid, other.lane, other.column, words, other.branch, other.planned)
                conn_full[cid] = (f"{'To' if s_in else 'From'} {other.label} ({other.lane}, "
                                  f"{block.columns[other.column]})")
                (outgoing if s_in else incoming).append((e.source, conn) if s_in else (conn, e.target))
            arrows_wanted.append((e.source, cid, e.label, True) if s_in else (cid, e.target, e.label, True))

    used = {n.lane for n in shown} | {c.lane for c, _ in incoming} | {c.lane for _, c in outgoing}
    lanes = [lane for i, lane in enumerate(block.lanes) if i == 0 or lane in used]
    lanes += sorted(used - set(lanes))  # a lane the chart forgot to list still shows

    # columns across: (title, column index or "in"/"out", boxes per row, width)
    left = MARGIN_W if incoming else 0
    right = MARGIN_W if outgoing else 0
    cols = list(range(len(block.columns))) if col is None else [col]
    grid_w = width - LANE_W - left - right
    per_row = {}
    for c in cols:
        most = max([sum(1 for n in shown if n.lane == lane and n.column == c) for lane in lanes] + [1])
        per_row[c] = 1 if style.most_per_row == 1 or most == 1 else (2 if most <= 4 else style.most_per_row)
    col_w = grid_w / len(cols)
    col_x = {c: LANE_W + left + i * col_w for i, c in enumerate(cols)}
    box_w = {c: (col_w - 2 * PAD_X - (per_row[c] - 1) * GAP_X) / per_row[c] for c in cols}

    line_h = style.font * 1.25
    small = style.font - 2
    notes: dict[str, str] = {}  # phase views say under a step how it hands off
    if col is not None:
        for e in block.edges:
            if e.handoff and e.label and e.label != BRANCH_ENTRY and e.source in shown_ids:
                notes[e.source] = "→ " + e.label
    wrapped: dict[str, tuple[tuple[str, ...], bool]] = {}
    for n in shown:
        w = box_w[n.column] - 2 * TEXT_PAD
        most = style.lines - (1 if n.branch else 0) - (1 if n.id in notes else 0)
        wrapped[n.id] = wrap(n.label, w, style.font, most)
        if n.id in notes:
            notes[n.id] = wrap(notes[n.id], w, style.font - 2, 1)[0][0]
    conn_lines = {}
    for conn in [c for c, _ in incoming] + [c for _, c in outgoing]:
        conn_lines[conn.id] = wrap(conn.label, MARGIN_W - 2 * PAD_X - 2 * TEXT_PAD, small, 3)
    used_lines = max([len(v[0]) + (1 if by_id[k].branch else 0) + (1 if k in notes else 0)
                      for k, v in wrapped.items()] + [2])
    box_h = used_lines * line_h + 2 * TEXT_PAD
    conn_h = 3 * (small * 1.25) + 2 * TEXT_PAD

    head_lines = [wrap(block.columns[c], col_w - 2 * TEXT_PAD, style.font, 4, bold=True)[0] for c in cols]
    head_h = max(len(h) for h in head_lines) * line_h + 14
    heads = [Band(h, col_x[c], TITLE_H, col_w, head_h) for c, h in zip(cols, head_lines)]
    if incoming:
        heads.append(Band(("From other", "phases"), LANE_W, TITLE_H, left, head_h))
    if outgoing:
        heads.append(Band(("To other", "phases"), width - right, TITLE_H, right, head_h))

    # lanes down: a lane is as tall as its fullest cell
    top = TITLE_H + head_h
    lane_bands: list[Band] = []
    boxes: list[Box] = []
    y = top
    for lane in lanes:
        rows = 0  # a lane with nothing in this view is only as tall as its name
        for c in cols:
            n = sum(1 for x in shown if x.lane == lane and x.column == c)
            rows = max(rows, math.ceil(n / per_row[c]))
        cells_h = rows * (box_h + GAP_Y) + GAP_Y
        conns_in = [c for c, _ in incoming if c.lane == lane]
        conns_out = [c for _, c in outgoing if c.lane == lane]
        conn_need = max(len(conns_in), len(conns_out)) * (conn_h + GAP_Y) + GAP_Y
        label_lines, _ = wrap(lane, LANE_W - 2 * TEXT_PAD, style.font, 4, bold=True)
        lane_h = max(cells_h, conn_need, len(label_lines) * line_h + 2 * GAP_Y)
        lane_bands.append(Band(label_lines, 0, y, width, lane_h))
        for c in cols:
            cell = [x for x in shown if x.lane == lane and x.column == c]
            for k, n in enumerate(cell):
                r, s = divmod(k, per_row[c])
                lines, cut = wrapped[n.id]
                boxes.append(Box(n.id, col_x[c] + PAD_X + s * (box_w[c] + GAP_X), y + GAP_Y + r * (box_h + GAP_Y),
                                 box_w[c], box_h, ((TAG,) if n.branch else ()) + lines, n.label, lane, n.branch,
                                 n.planned, cut=cut, note=notes.get(n.id, ""),
                                 tag_size=min(style.font, style.font * (box_w[c] - 2 * TEXT_PAD) /
                                              text_width(TAG, style.font, bold=True))))
        for side, conns in (("in", conns_in), ("out", conns_out)):
            x = LANE_W + PAD_X if side == "in" else width - right + PAD_X
            for k, cn in enumerate(conns):
                lines, cut = conn_lines[cn.id]
                boxes.append(Box(cn.id, x, y + GAP_Y + k * (conn_h + GAP_Y), MARGIN_W - 2 * PAD_X, conn_h, lines,
                                 conn_full[cn.id], lane, cn.branch, cn.planned, connector=True, cut=cut))
        y += lane_h
    grid_bottom = y

    placed = {b.id: b for b in boxes}
    branch_ids = {n.id for n in block.nodes if n.branch}
    arrows = []
    for k, (source, target, label, handoff) in enumerate(arrows_wanted):
        a, b = placed.get(source), placed.get(target)
        if a is None or b is None:
            continue
        points = _route(a, b, boxes, k)
        on_branch = target in branch_ids
        label = label if label == BRANCH_ENTRY else ""  # a hand-off's method is written in its box instead
        spot = _label_spot(points, label, style.font - 3) if label else None
        arrows.append(Arrow(points, label if spot else "", spot, handoff, on_branch))
    title = block.title + (" · whole episode" if phase is None else f" · {block.columns[col]}")
    return Layout(title, width, grid_bottom + LEGEND_H, style.font, tuple(lane_bands), tuple(heads), tuple(boxes),
                  tuple(arrows), grid_bottom + 12, TITLE_H, grid_bottom, head_h, phase)


LEGEND = (("box", "Done today, no change"), ("dashed", "New, or will change"), ("branch", "Suicide-risk protocol"),
          ("handoff", "Hand-off"), ("seq", "Same role's next step"))


# ----------------------------------------------------------------------------------------------
# on screen: plotly

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"


def _esc(text: str) -> str:
    return html.escape(str(text))


def figure(block: Flowchart, phase: int | None = None, width: float = SCREEN_W):
    """The flowchart as a plotly figure, sized in px (draw it with width="content")."""
    import plotly.graph_objects as go

    lay = layout(block, phase, width)
    shapes: list[dict] = []
    notes: list[dict] = []
    for i, band in enumerate(lay.lanes):
        shapes.append(dict(type="rect", x0=0, x1=lay.width, y0=band.y, y1=band.y + band.h, layer="below",
                           line=dict(width=0), fillcolor=LANE_FILLS[i % 2]))
        shapes.append(dict(type="line", x0=0, x1=lay.width, y0=band.y, y1=band.y, layer="below",
                           line=dict(color="#c9d2dc", width=1)))
        notes.append(dict(x=TEXT_PAD, y=band.y + band.h / 2, text="<b>" + "<br>".join(_esc(t) for t in band.text)
                          + "</b>", showarrow=False, xanchor="left", yanchor="middle", align="left",
                          font=dict(size=lay.font, color=INK)))
    shapes.append(dict(type="rect", x0=0, x1=lay.width, y0=lay.grid_top, y1=lay.grid_top + lay.head_h, layer="below",
                       line=dict(width=0), fillcolor=HEAD_FILL))
    for band in lay.columns:
        shapes.append(dict(type="line", x0=band.x, x1=band.x, y0=lay.grid_top, y1=lay.grid_bottom, layer="below",
                           line=dict(color="#9aa5b1", width=1, dash="dot")))
        notes.append(dict(x=band.x + band.w / 2, y=lay.grid_top + lay.head_h / 2,
                          text="<b>" + "<br>".join(_esc(t) for t in band.text) + "</b>", showarrow=False,
                          xanchor="center", yanchor="middle", font=dict(size=lay.font, color=INK)))
    shapes.append(dict(type="line", x0=LANE_W, x1=LANE_W, y0=lay.grid_top, y1=lay.grid_bottom, layer="below",
                       line=dict(color="#9aa5b1", width=1)))
    notes.append(dict(x=0, y=TITLE_H / 2, text="<b>" + _esc(lay.title) + "</b>", showarrow=False, xanchor="left",
                      yanchor="middle", font=dict(size=lay.font + 2, color=INK)))
    for a in lay.arrows:
        color = BRANCH if a.branch else (INK if a.handoff else SEQ)
        width = 2.4 if a.branch else (1.6 if a.handoff else 1)
        if len(a.points) > 2:
            path = "M " + " L ".join(f"{x:.1f},{y:.1f}" for x, y in a.points[:-1])
            shapes.append(dict(type="path", path=path, line=dict(color=color, width=width), layer="above"))
        (x0, y0), (x1, y1) = a.points[-2], a.points[-1]
        notes.append(dict(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="",
                          showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=width, arrowcolor=color, standoff=0,
                          startstandoff=0))
        if a.label and a.label_at:
            notes.append(dict(x=a.label_at[0], y=a.label_at[1], text=_esc(a.label), showarrow=False,
                              font=dict(size=lay.font - 3, color=color if a.branch else INK), bgcolor="white",
                              borderpad=1))
    hover_x, hover_y, hover_text, hover_size = [], [], [], []
    for b in lay.boxes:
        fill = BRANCH_FILL if b.branch else (PLANNED_FILL if b.planned or b.connector else BOX_FILL)
        line = dict(color=BRANCH if b.branch else (MUTED if b.connector else ACCENT),
                    width=3.5 if b.branch else (1 if b.connector else 1.4),
                    dash="dot" if b.connector else ("dash" if b.planned else "solid"))
        shapes.append(dict(type="rect", x0=b.x, x1=b.x + b.w, y0=b.y, y1=b.y + b.h, line=line, fillcolor=fill,
                           layer="above"))
        size = lay.font - (2 if b.connector else 0)
        tag = f"<span style='font-size:{b.tag_size:.1f}px'><b>{TAG}</b></span>"
        text = "<br>".join(tag if (b.branch and t == TAG and k == 0) else _esc(t) for k, t in enumerate(b.lines))
        if b.note:
            notes.append(dict(x=b.x + TEXT_PAD, y=b.y + b.h - TEXT_PAD, text=f"<i>{_esc(b.note)}</i>", showarrow=False,
                              xanchor="left", yanchor="bottom", align="left", font=dict(size=size - 2, color=MUTED)))
        notes.append(dict(x=b.x + TEXT_PAD, y=b.y + TEXT_PAD, text=text, showarrow=False, xanchor="left",
                          yanchor="top", align="left", font=dict(size=size, color=INK)))
        hover_x.append(b.x + b.w / 2)
        hover_y.append(b.y + b.h / 2)
        hover_size.append(max(8, min(b.w, b.h)))
        what = []
        if b.branch:
            what.append("part of the suicide-risk protocol")
        if b.planned and not b.connector:
            what.append("new, or will change")
        hover_text.append(f"<b>{_esc(b.full)}</b><br>{_esc(b.lane)}" + (f"<br>{'; '.join(what)}" if what else ""))
    x = 0.0
    for kind, words in LEGEND:
        ly = lay.legend_y
        if kind in ("box", "dashed", "branch"):
            shapes.append(dict(type="rect", x0=x, x1=x + 26, y0=ly, y1=ly + 16, fillcolor=BRANCH_FILL if kind ==
                               "branch" else (BOX_FILL if kind == "box" else PLANNED_FILL),
                               line=dict(color=BRANCH if kind == "branch" else ACCENT, width=3 if kind == "branch"
                                         else 1.4, dash="dash" if kind == "dashed" else "solid")))
        else:
            notes.append(dict(x=x + 26, y=ly + 8, ax=x, ay=ly + 8, xref="x", yref="y", axref="x", ayref="y",
                              text="", showarrow=True, arrowhead=2, arrowwidth=1.6 if kind == "handoff" else 1,
                              arrowcolor=INK if kind == "handoff" else SEQ, standoff=0))
        notes.append(dict(x=x + 31, y=ly + 8, text=_esc(words), showarrow=False, xanchor="left", yanchor="middle",
                          font=dict(size=12, color=INK)))
        x += 40 + text_width(words, 12)
    fig = go.Figure(
        go.Scatter(x=hover_x, y=hover_y, mode="markers", hoverinfo="text", hovertext=hover_text,
                   marker=dict(symbol="square", size=hover_size, color="rgba(0,0,0,0)"), showlegend=False),
        layout=dict(width=lay.width, height=lay.height, margin=dict(l=0, r=0, t=0, b=0), shapes=shapes,
                    annotations=notes, plot_bgcolor="white", paper_bgcolor="white", dragmode=False,
                    font=dict(family=FONT_FAMILY, color=INK), hoverlabel=dict(font=dict(size=14)),
                    xaxis=dict(range=[0, lay.width], visible=False, fixedrange=True),
                    yaxis=dict(range=[lay.height, 0], visible=False, fixedrange=True)))
    return fig


# ----------------------------------------------------------------------------------------------
# in the PDF: reportlab

PDF_MAX_H = 430  # points: a landscape page under its heading and header


def _c(hex_color: str):
    return colors.HexColor(hex_color)


def drawing(block: Flowchart, phase: int | None, avail: float) -> Drawing:
    """The layout as a vector drawing ``avail`` points wide (smaller when it would not fit a page's height). The
    whole episode is packed two boxes a row to suit a landscape page; a phase is drawn as on screen."""
    lay = layout(block, phase, SCREEN_W) if phase is not None else layout(block, None, PRINT_WHOLE_W, PRINT_WHOLE)
    s = min(avail / lay.width, PDF_MAX_H / lay.height)
    d = Drawing(lay.width * s, lay.height * s)

    def Y(y: float) -> float:  # noqa: N802 - px from the top -> points from the bottom
        return (lay.height - y) * s

    def text(x: float, y: float, t: str, size: float, bold: bool = False, color: str = INK, anchor="start"):
        d.add(String(x * s, Y(y) - size * s * 0.8, drawable(t), fontName=FONT_BOLD if bold else FONT,
                     fontSize=size * s, fillColor=_c(color), textAnchor=anchor))

    for i, band in enumerate(lay.lanes):
        d.add(Rect(0, Y(band.y + band.h), lay.width * s, band.h * s, fillColor=_c(LANE_FILLS[i % 2]),
                   strokeColor=None))
        d.add(Line(0, Y(band.y), lay.width * s, Y(band.y), strokeColor=_c("#c9d2dc"), strokeWidth=0.6))
        top = band.y + band.h / 2 - len(band.text) * lay.font * 1.25 / 2
        for k, t in enumerate(band.text):
            text(TEXT_PAD, top + k * lay.font * 1.25, t, lay.font, bold=True)
    d.add(Rect(0, Y(lay.grid_top + lay.head_h), lay.width * s, lay.head_h * s, fillColor=_c(HEAD_FILL),
               strokeColor=None))
    for band in lay.columns:
        d.add(Line(band.x * s, Y(lay.grid_top), band.x * s, Y(lay.grid_bottom), strokeColor=_c("#9aa5b1"),
                   strokeWidth=0.6, strokeDashArray=(1, 2)))
        top = lay.grid_top + lay.head_h / 2 - len(band.text) * lay.font * 1.25 / 2
        for k, t in enumerate(band.text):
            text(band.x + band.w / 2, top + k * lay.font * 1.25, t, lay.font, bold=True, anchor="middle")
    d.add(Line(LANE_W * s, Y(lay.grid_top), LANE_W * s, Y(lay.grid_bottom), strokeColor=_c("#9aa5b1"),
               strokeWidth=0.6))
    text(0, TITLE_H / 2 - (lay.font + 2) * 0.6, lay.title, lay.font + 2, bold=True)
    for a in lay.arrows:
        color = _c(BRANCH if a.branch else (INK if a.handoff else SEQ))
        width = (2.4 if a.branch else (1.4 if a.handoff else 0.8)) * s
        pts = [(x * s, Y(y)) for x, y in a.points]
        if len(pts) > 2:
            d.add(PolyLine([c for p in pts[:-1] for c in p], strokeColor=color, strokeWidth=width))
        _arrow(d, *pts[-2], *pts[-1], color, width, 7 * s)
    for b in lay.boxes:
        fill = BRANCH_FILL if b.branch else (PLANNED_FILL if b.planned or b.connector else BOX_FILL)
        dash = (1.5, 2) if b.connector else ((5, 3) if b.planned else None)
        d.add(Rect(b.x * s, Y(b.y + b.h), b.w * s, b.h * s, fillColor=_c(fill),
                   strokeColor=_c(BRANCH if b.branch else (MUTED if b.connector else ACCENT)),
                   strokeWidth=(3.2 if b.branch else (0.8 if b.connector else 1.2)) * s, strokeDashArray=dash))
        size = lay.font - (2 if b.connector else 0)
        for k, t in enumerate(b.lines):
            tag = b.branch and k == 0 and t == TAG
            text(b.x + TEXT_PAD, b.y + TEXT_PAD + k * size * 1.25, t, b.tag_size if tag else size, bold=tag,
                 color=BRANCH if tag else INK)
        if b.note:
            text(b.x + TEXT_PAD, b.y + b.h - TEXT_PAD - (size - 2) * 1.1, b.note, size - 2, color=MUTED)
    for a in lay.arrows:  # labels on a white ground
        if a.label and a.label_at:
            size = lay.font - 3
            w = text_width(a.label, size) + 4
            mx, my = a.label_at
            d.add(Rect((mx - w / 2) * s, Y(my + size * 0.7), w * s, size * 1.4 * s, fillColor=colors.white,
                       strokeColor=None))
            text(mx, my - size * 0.55, a.label, size, color=BRANCH if a.branch else INK, anchor="middle")
    x = 0.0
    ly = lay.legend_y
    for kind, words in LEGEND:
        if kind in ("box", "dashed", "branch"):
            d.add(Rect(x * s, Y(ly + 16), 26 * s, 16 * s, fillColor=_c(BRANCH_FILL if kind == "branch" else
                                                                         (BOX_FILL if kind == "box" else PLANNED_FILL)),
                       strokeColor=_c(BRANCH if kind == "branch" else ACCENT),
                       strokeWidth=(3 if kind == "branch" else 1.2) * s,
                       strokeDashArray=(5, 3) if kind == "dashed" else None))
        else:
            _arrow(d, x * s, Y(ly + 8), (x + 26) * s, Y(ly + 8), _c(INK if kind == "handoff" else SEQ),
                   (1.4 if kind == "handoff" else 0.8) * s, 7 * s)
        text(x + 31, ly + 8 - 12 * 0.6, words, 12)
        x += 40 + text_width(words, 12)
    return d


def _arrow(d: Drawing, x0: float, y0: float, x1: float, y1: float, color, width: float, head: float) -> None:
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1e-6:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - ux * head, y1 - uy * head
    d.add(Line(x0, y0, bx, by, strokeColor=color, strokeWidth=width))
    px, py = -uy * head * 0.45, ux * head * 0.45
    d.add(Polygon([x1, y1, bx + px, by + py, bx - px, by - py], fillColor=color, strokeColor=color,
                  strokeWidth=0.3))


def pdf_flowchart(block: Flowchart, avail: float) -> list[Flowable]:
    """The whole episode; and each phase on its own when the whole view had to cut labels (a crowded workflow)."""
    whole = layout(block, None, PRINT_WHOLE_W, PRINT_WHOLE)
    out: list[Flowable] = [drawing(block, None, avail), Spacer(1, 10)]
    if whole.crowded:
        for c in range(len(block.columns)):
            if any(n.column == c for n in block.nodes):
                out += [drawing(block, c + 1, avail), Spacer(1, 10)]
    return out


__all__ = ["Arrow", "Box", "Layout", "SCREEN_W", "drawing", "figure", "layout", "pdf_flowchart", "wrap"]
