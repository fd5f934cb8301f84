"""Chart figures for the screen. The numbers come from the worksheets' chart data, the same data
the PDF charts draw. Labels are catalog text; team-entered text must go through plain_label()."""
from __future__ import annotations

import html

import plotly.graph_objects as go

ACCENT = "#1d5d90"
WARN = "#b45309"
MUTED = "#9aa5b1"


def plain_label(text: str) -> str:
    """Plotly reads a few HTML tags in labels; escape user text so it shows literally."""
    return html.escape(str(text))


def domain_bar_figure(labels, values, threshold: float):
    """Horizontal bars, top to bottom in catalog order; domains under the threshold in amber."""
    ys = [plain_label(lbl) for lbl in labels]
    xs = [0 if v is None else v for v in values]
    colors = [MUTED if v is None else (WARN if v < threshold else ACCENT) for v in values]
    text = ["not rated" if v is None else f"{v:.0f}%" for v in values]
    fig = go.Figure(go.Bar(x=xs, y=ys, orientation="h", marker_color=colors, text=text, textposition="outside",
                           cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.add_vline(x=threshold, line_dash="dash", line_color="#5b6472",
                  annotation_text=f"{threshold:.0f}%: address before launch", annotation_position="top")
    fig.update_layout(xaxis=dict(range=[0, 110], ticksuffix="%", title=None), yaxis=dict(autorange="reversed"),
                      margin=dict(l=10, r=30, t=40, b=10), height=60 + 42 * len(ys), font=dict(size=16),
                      showlegend=False)
    return fig


def rating_bar_figure(labels, points, scale_labels):
    """Horizontal bars for ratings on an ordered scale (points 0..n-1 index scale_labels; None = not rated).

    The x axis shows the scale's words, each bar is labelled with its rating, and items not rated are grey."""
    ys = [plain_label(lbl) for lbl in labels]
    top = len(scale_labels) - 1
    xs = [0 if p is None else p for p in points]
    colors = [MUTED if p is None else (WARN if p == 0 else ACCENT) for p in points]
    text = ["not rated" if p is None else plain_label(scale_labels[p]) for p in points]
    fig = go.Figure(go.Bar(x=xs, y=ys, orientation="h", marker_color=colors, text=text, textposition="outside",
                           textfont=dict(color=colors), cliponaxis=False,
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_layout(xaxis=dict(range=[0, top + 0.45], tickvals=list(range(top + 1)),
                                 ticktext=[plain_label(s) for s in scale_labels], title=None),
                      yaxis=dict(autorange="reversed"), margin=dict(l=10, r=30, t=20, b=10),
                      height=50 + 46 * len(ys), font=dict(size=16), showlegend=False)
    return fig


def sensitivity_figure(x_values, net_values, current_x: float, current_net: float, *, x_title: str,
                       y_title: str, x_text, net_text, current_label: str, break_even_x: float | None = None):
    """A what-if line: annual net as one input changes, with the zero line and the current value marked.

    x_text and net_text are the figures already formatted for people (e.g. "70" and "-$47,270"), so the
    hover labels read like the tables. Labels here are catalog text; current_label may hold numbers only."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=list(x_values), y=list(net_values), mode="lines+markers", line=dict(color=ACCENT, width=3),
                             marker=dict(size=7), customdata=list(zip(x_text, net_text)), name="Net per year",
                             hovertemplate="%{customdata[0]}: %{customdata[1]} a year<extra></extra>"))
    fig.add_hline(y=0, line_color="#5b6472", line_width=2,
                  annotation_text="Break-even (net 0)", annotation_position="top left")
    fig.add_vline(x=current_x, line_dash="dash", line_color=WARN)
    fig.add_trace(go.Scatter(x=[current_x], y=[current_net], mode="markers+text", name="Now",
                             marker=dict(size=15, color=WARN, symbol="diamond", line=dict(color="white", width=1)),
                             text=[plain_label(current_label)], textposition="middle right",
                             textfont=dict(color=WARN, size=15), hoverinfo="skip"))
    if break_even_x is not None and min(x_values) <= break_even_x <= max(x_values):
        fig.add_trace(go.Scatter(x=[break_even_x], y=[0], mode="markers", name="Break-even",
                                 marker=dict(size=12, color="white", line=dict(color="#5b6472", width=2)),
                                 hoverinfo="skip"))
    fig.update_layout(xaxis=dict(title=x_title), yaxis=dict(title=y_title, tickformat="$,.0f", zeroline=False),
                      margin=dict(l=10, r=20, t=30, b=10), height=380, font=dict(size=15), showlegend=False)
    return fig


def timeline_figure(tl) -> go.Figure:
    """Action bars from start to due, one row per action, grouped by owner or step; overdue in amber, done
    and dropped in grey, and a line at today. `tl` is worksheets.action_plan.Timeline."""
    ys = [f"{plain_label(b.group)} · {plain_label(b.label)}" for b in tl.bars]
    colors = [WARN if b.overdue else (MUTED if b.status in ("done", "dropped") else ACCENT) for b in tl.bars]
    base = [b.start.isoformat() for b in tl.bars]
    widths = [(b.end - b.start).days * 86_400_000 for b in tl.bars]  # plotly date bars take milliseconds
    text = [("OVERDUE · " if b.overdue else "") + f"due {b.due:%d %b}" for b in tl.bars]
    fig = go.Figure(go.Bar(y=ys, x=widths, base=base, orientation="h", marker_color=colors, text=text,
                           textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>"))
    shapes = []
    if tl.today is not None:
        shapes.append(dict(type="line", xref="x", yref="paper", x0=tl.today.isoformat(), x1=tl.today.isoformat(),
                           y0=0, y1=1, line=dict(color="#5b6472", dash="dash", width=2)))
    fig.update_layout(xaxis=dict(type="date", title=None), yaxis=dict(autorange="reversed", title=None),
                      shapes=shapes, margin=dict(l=10, r=60, t=10, b=10), height=80 + 34 * len(ys),
                      font=dict(size=14), showlegend=False)
    return fig
