"""Chart figures for the screen. The numbers come from the worksheets' chart data, the same data
the PDF charts draw (worksheets.content.Chart: chart_figure here, planning.report in PDFs). Every label
goes through plain_label(), so team-entered text shows literally."""
from __future__ import annotations

import html

import plotly.graph_objects as go

from worksheets.content import Chart, RefLine, Tornado
from worksheets.fields import money, num, pct

ACCENT = "#1d5d90"
WARN = "#b45309"
MUTED = "#9aa5b1"


def plain_label(text: str) -> str:
    """Plotly reads a few HTML tags in labels; escape user text so it shows literally."""
    return html.escape(str(text))


def domain_bar_figure(labels, values, threshold: float | None):
    """Horizontal bars, top to bottom in catalog order; domains under the threshold in amber (no threshold: no
    line, every bar in the accent colour)."""
    ys = [plain_label(lbl) for lbl in labels]
    xs = [0 if v is None else v for v in values]
    colors = [MUTED if v is None else (WARN if threshold is not None and v < threshold else ACCENT) for v in values]
    text = ["not rated" if v is None else f"{v:.0f}%" for v in values]
    shapes, notes = _ref_lines([] if threshold is None else
                               [RefLine("x", threshold, f"{threshold:.0f}%: address before launch")], above=True)
    return go.Figure(
        go.Bar(x=xs, y=ys, orientation="h", marker_color=colors, text=text, textposition="outside",
               cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"),
        layout=dict(xaxis=dict(range=[0, 110], ticksuffix="%", title=None), yaxis=dict(autorange="reversed"),
                    margin=dict(l=10, r=30, t=40, b=10), height=60 + 42 * len(ys), font=dict(size=16),
                    showlegend=False, shapes=shapes, annotations=notes))


def rating_bar_figure(labels, points, scale_labels):
    """Horizontal bars for ratings on an ordered scale (points 0..n-1 index scale_labels; None = not rated).

    The x axis shows the scale's words, each bar is labelled with its rating, and items not rated are grey."""
    ys = [plain_label(lbl) for lbl in labels]
    top = len(scale_labels) - 1
    xs = [0 if p is None else p for p in points]
    colors = [MUTED if p is None else (WARN if p == 0 else ACCENT) for p in points]
    text = ["not rated" if p is None else plain_label(scale_labels[p]) for p in points]
    return go.Figure(
        go.Bar(x=xs, y=ys, orientation="h", marker_color=colors, text=text, textposition="outside",
               textfont=dict(color=colors), cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"),
        layout=dict(xaxis=dict(range=[0, top + 0.45], tickvals=list(range(top + 1)),
                               ticktext=[plain_label(s) for s in scale_labels], title=None),
                    yaxis=dict(autorange="reversed"), margin=dict(l=10, r=30, t=20, b=10),
                    height=50 + 46 * len(ys), font=dict(size=16), showlegend=False))


_TEXT = {"money": money, "percent": pct, "number": lambda v: num(v, 1)}
_TICKS = {"money": dict(tickformat="$,.0f"), "percent": dict(ticksuffix="%"), "number": dict(tickformat=",~r")}
SERIES_COLORS = (ACCENT, "#2f855a", "#6b46c1", "#9b2c2c")
LINE = "#5b6472"  # reference lines


def _shown(value, fmt: str) -> str:
    return plain_label(value) if isinstance(value, str) else _TEXT[fmt](value)


def _ref_lines(lines, above: bool = False) -> tuple[list[dict], list[dict]]:
    """Reference lines as layout shapes, their labels as annotations, given with the layout when the figure is
    made: far cheaper than add_hline/add_vline, which walk and validate the whole layout for each line."""
    shapes, notes = [], []
    for line in lines:
        if line.axis == "y":
            shapes.append(dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=line.value, y1=line.value,
                               line=dict(color=LINE, width=2)))
            if line.label:
                notes.append(dict(xref="paper", x=0, yref="y", y=line.value, text=plain_label(line.label),
                                  showarrow=False, xanchor="left", yanchor="bottom", font=dict(color=LINE)))
        else:
            shapes.append(dict(type="line", xref="x", x0=line.value, x1=line.value, yref="paper", y0=0, y1=1,
                               line=dict(color=LINE, width=2, dash="dash" if above else "dot")))
            if line.label:
                notes.append(dict(xref="x", x=line.value, yref="paper", y=1, text=plain_label(line.label),
                                  showarrow=False, xanchor="center" if above else "left",
                                  yanchor="bottom" if above else "top", xshift=0 if above else 4,
                                  font=dict(color=LINE)))
    return shapes, notes


def chart_figure(chart: Chart, height: int = 380) -> go.Figure:
    """A worksheets.content.Chart on screen: its series (lines or grouped bars), reference lines and marked
    point. Hover labels read like the tables ("70: -$47,270"). The title is left to the page."""
    data = []
    for i, s in enumerate(chart.series):
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        xs = [plain_label(x) if isinstance(x, str) else x for x in s.x]
        common = dict(x=xs, y=list(s.y), name=plain_label(s.name),
                      customdata=[[_shown(x, chart.x_format), _shown(y, chart.y_format)] for x, y in zip(s.x, s.y)],
                      hovertemplate="%{customdata[0]}: %{customdata[1]}<extra>" + plain_label(s.name) + "</extra>")
        if chart.kind == "bar":  # each bar says its figure
            data.append(go.Bar(marker_color=color, text=[_shown(y, chart.y_format) for y in s.y],
                               textposition="outside", cliponaxis=False, **common))
        else:
            data.append(go.Scatter(mode="lines+markers", line=dict(color=color, width=3), marker=dict(size=7),
                                   **common))
    if chart.mark is not None:
        xs = [x for s in chart.series for x in s.x if not isinstance(x, str)]
        middle = (min(xs) + max(xs)) / 2 if xs else chart.mark.x
        data.append(go.Scatter(
            x=[chart.mark.x], y=[chart.mark.y], mode="markers+text", name=plain_label(chart.mark.label),
            marker=dict(size=15, color=WARN, symbol="diamond", line=dict(color="white", width=1)),
            text=[plain_label(chart.mark.label)], textfont=dict(color=WARN, size=15), hoverinfo="skip",
            # right of the diamond, unless that runs off the chart's right edge
            textposition="middle left" if chart.mark.x > middle else "middle right"))
    shapes, notes = _ref_lines(chart.ref_lines)
    # the whole layout at once: add_hline/add_vline and each later update_layout walk and validate the layout
    # again (the sustainment page's two what-if charts took a quarter of its server time that way)
    return go.Figure(data=data, layout=dict(
        xaxis=dict(title=dict(text=plain_label(chart.x_label)), **_TICKS[chart.x_format]),
        yaxis=dict(title=dict(text=plain_label(chart.y_label)), zeroline=False, **_TICKS[chart.y_format]),
        shapes=shapes, annotations=notes, barmode="group", showlegend=len(chart.series) > 1,
        legend=dict(orientation="h", y=-0.2), margin=dict(l=10, r=20, t=30, b=10), height=height,
        font=dict(size=15)))


LOW_COLOR, HIGH_COLOR = WARN, ACCENT  # the input lower / higher


def tornado_figure(block: Tornado) -> go.Figure:
    """A worksheets.content.Tornado on screen: one row per input, the largest swing at the top, two bars a row
    from today's result (a line) to the result with the input lower and with it higher; each bar says the input's
    value there, and the hover says the result."""
    rows = list(range(len(block.labels)))  # by position: two inputs with one label stay two rows
    fmt = _TEXT[block.value_format]
    data = []
    for name, values, texts, color in ((block.low_name, block.low, block.low_text, LOW_COLOR),
                                       (block.high_name, block.high, block.high_text, HIGH_COLOR)):
        texts = texts or ("",) * len(rows)
        data.append(go.Bar(
            y=rows, x=[v - block.base for v in values], base=[block.base] * len(rows), orientation="h",
            name=plain_label(name), marker_color=color, text=[plain_label(t) for t in texts],
            textposition="outside", cliponaxis=False,
            customdata=[[plain_label(label), plain_label(t), fmt(v)] for label, t, v in zip(block.labels, texts, values)],
            hovertemplate="%{customdata[0]} at %{customdata[1]}: %{customdata[2]}<extra></extra>"))
    values = [block.base, *block.low, *block.high]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.25 or max(abs(block.base) * 0.1, 1.0)
    shapes, notes = _ref_lines([RefLine("x", block.base, block.base_label)], above=True)
    return go.Figure(data=data, layout=dict(
        barmode="group", bargap=0.25,
        xaxis=dict(title=dict(text=plain_label(block.value_label)), range=[lo - pad, hi + pad],
                   **_TICKS[block.value_format]),
        yaxis=dict(autorange="reversed", tickmode="array", tickvals=rows,
                   ticktext=[plain_label(label) for label in block.labels], title=None),
        shapes=shapes, annotations=notes, legend=dict(orientation="h", y=-0.15),
        margin=dict(l=10, r=20, t=40, b=10), height=120 + 46 * len(rows), font=dict(size=14)))


def timeline_figure(tl) -> go.Figure:
    """Action bars from start to due, one row per action, grouped by owner or step; overdue in amber, done
    and dropped in grey, and a line at today. `tl` is worksheets.action_plan.Timeline."""
    ys = [f"{plain_label(b.group)} · {plain_label(b.label)}" for b in tl.bars]
    colors = [WARN if b.overdue else (MUTED if b.status in ("done", "dropped") else ACCENT) for b in tl.bars]
    base = [b.start.isoformat() for b in tl.bars]
    widths = [(b.end - b.start).days * 86_400_000 for b in tl.bars]  # plotly date bars take milliseconds
    text = [("OVERDUE · " if b.overdue else "") + f"due {b.due:%d %b}" for b in tl.bars]
    shapes = []
    if tl.today is not None:
        shapes.append(dict(type="line", xref="x", yref="paper", x0=tl.today.isoformat(), x1=tl.today.isoformat(),
                           y0=0, y1=1, line=dict(color=LINE, dash="dash", width=2)))
    return go.Figure(
        go.Bar(y=ys, x=widths, base=base, orientation="h", marker_color=colors, text=text, textposition="outside",
               cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"),
        layout=dict(xaxis=dict(type="date", title=None), yaxis=dict(autorange="reversed", title=None),
                    shapes=shapes, margin=dict(l=10, r=60, t=10, b=10), height=80 + 34 * len(ys),
                    font=dict(size=14), showlegend=False))


HEAT_COLORS = ["#ffffff", "#e4e9ee", "#bcc7d2", "#8fa1b3"]  # the PDF's greys: the grid reads the same on paper


def heatmap_figure(block):
    """A worksheets.content.Heatmap on screen: the cell texts carry the meaning, the shades help the eye."""
    from worksheets.content import Heatmap  # noqa: F401  (the type this draws)

    n = len(block.row_labels)
    cols = ["<br>".join(plain_label(w) for w in c.rsplit(" ", 1)) for c in block.col_labels]  # names on two lines
    rows = [plain_label(r if len(r) <= 40 else r[:39].rstrip() + "…") for r in block.row_labels]
    scale = [[i / 3, c] for i, c in enumerate(HEAT_COLORS)]
    # Plotted by position, labels only as tick text: two people with one name, or two tasks whose shortened names
    # match, stay two columns or rows (plotly would merge equal category labels into one).
    xs, ys = list(range(len(cols))), list(range(n))
    fig = go.Figure(go.Heatmap(
        z=[list(s) for s in block.shades], x=xs, y=ys, zmin=0, zmax=3, colorscale=scale, showscale=False,
        # two short lines per cell ("Sometimes" / "3 · shared") so the words fit a narrow column
        text=[[plain_label(t).replace(" · ", "<br>", 1) for t in r] for r in block.cells], texttemplate="%{text}",
        textfont=dict(size=11),
        customdata=[[f"{plain_label(full)}<br>{plain_label(person)}" for person in block.col_labels]
                    for full in block.row_labels], xgap=2, ygap=2,
        hovertemplate="%{customdata}: %{text}<extra></extra>"))
    fig.update_layout(height=90 + 40 * n, margin=dict(l=10, r=10, t=50, b=10), font=dict(size=14),
                      xaxis=dict(side="top", tickfont=dict(size=14), tickangle=0, tickmode="array", tickvals=xs,
                                 ticktext=cols),
                      yaxis=dict(autorange="reversed", tickfont=dict(size=13), tickmode="array", tickvals=ys,
                                 ticktext=rows),
                      plot_bgcolor="#ffffff")
    return fig
