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
