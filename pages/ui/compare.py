"""The plan comparison and the trends across milestones, drawn inside the six-month review page's tabs.

Thin: planning.compare and planning.trends work everything out; this draws it. Team text (milestone names, row
labels, notes, the vision statement) is shown through md(), which escapes it; the word diff marks removed words
~~struck through~~ and added words **bold** around escaped words.
"""
from __future__ import annotations

import streamlit as st

from pages.ui.engine import store
from pages.ui.overview import pdf_download
from pages.ui.text import md, safe_filename
from planning import charts
from planning.compare import Change, compare
from planning.comparison_report import comparison_pdf, summary_line, where_in
from planning.trends import NOW, milestone_day, point_label, trends
from planning.view import load_view

NOW_KEY = "now"
UNFOLD_UP_TO = 4  # worksheets changed: up to this many are shown open
SAME = "Choose two different points to compare."
NO_MILESTONE = ("No milestone yet: freeze the plan as a milestone (the Milestones tab), and compare it with the plan "
                "as it is now after the next changes.")
WHAT = {"rating": "Rating", "row added": "Row added", "row removed": "Row removed", "row changed": "Changed",
        "number": "Number", "text": "Text", "field": "Changed"}


def _label(options: dict[str, str], key: str) -> str:
    return options.get(key, key)


def word_diff_md(change: Change) -> str:
    """The word diff as safe markdown: kept words as typed, ~~removed~~ and **added** (every word escaped)."""
    parts = []
    for op, words in change.words:
        text = md(words)
        parts.append(f"~~{text}~~" if op == "removed" else f"**{text}**" if op == "added" else text)
    return " ".join(parts)


def change_md(change: Change, title: str) -> str:
    """One change as one markdown line: what, where, before -> after (and the difference)."""
    where = md(where_in(change, title))
    what = WHAT.get(change.what, change.what)
    if change.what == "row added":
        return f"**{what}** · {where}" + (f": {md(change.after)}" if change.after else "")
    if change.what == "row removed":
        return f"**{what}** · {where}" + (f" (was: {md(change.before)})" if change.before else "")
    line = f"**{what}** · {where}: {md(change.before)} → {md(change.after)}"
    if change.delta:
        line += f" ({md(change.delta)})"
    return line


def _pick(pid: str) -> tuple[str, str, dict[str, str]] | None:
    milestones = store().list_milestones(pid)  # newest first
    if not milestones:
        st.info(NO_MILESTONE, icon=":material/photo_camera:")
        return None
    options = {NOW_KEY: f"{NOW} (the plan as it is)"}
    options.update({str(m.id): point_label(m.name, milestone_day(m.created_at)) for m in milestones})
    keys = list(options)
    c1, c2 = st.columns(2)
    old = c1.selectbox("Older point", keys, index=1, format_func=lambda k: _label(options, k), key="cmp_old",
                       help="A milestone the plan was frozen at: what the plan looked like then.")
    new = c2.selectbox("Newer point", keys, index=0, format_func=lambda k: _label(options, k), key="cmp_new",
                       help="Another milestone, or Now: the plan as it is saved today.")
    return old, new, options


def compare_panel(pid: str) -> None:
    """Compare two points of the plan (milestones or now): the figures that moved, then worksheet by worksheet."""
    picked = _pick(pid)
    if picked is None:
        return
    old_key, new_key, options = picked
    if old_key == new_key:
        st.warning(SAME, icon=":material/compare_arrows:")
        return
    old_id = None if old_key == NOW_KEY else old_key
    new_id = None if new_key == NOW_KEY else new_key
    s = store()
    result = compare(load_view(s, pid, old_id), load_view(s, pid, new_id))
    old_label, new_label = _label(options, old_key), _label(options, new_key)
    st.write(f"From **{md(old_label)}** to **{md(new_label)}**: {summary_line(result)}")

    st.header(result.figures.title)
    if result.figures.changes:
        st.dataframe([{"Figure": c.where, "Before": c.before, "After": c.after, "Difference": c.delta or "-"}
                      for c in result.figures.changes], hide_index=True, width="stretch", key="cmp_figures")
    else:
        st.caption("No headline figure moved (readiness, principles, task summary, launch gate, actions, finance, "
                   "metrics).")

    st.header("Worksheets that changed")
    if not result.changed:
        st.caption("No worksheet changed between these two points.")
    # a handful of worksheets open, more folded: a year of changes should not become a page a metre long
    unfold = len(result.changed) <= UNFOLD_UP_TO
    if not unfold:
        st.caption(f"Open a worksheet to see its changes ({len(result.changed)} changed).")
    for sheet in result.changed:
        n = len(sheet.changes)
        with st.expander(f"{sheet.title}: {n} change{'' if n == 1 else 's'}", expanded=unfold):
            lines = []
            for c in sheet.changes:
                if c.what == "text":
                    lines.append(f"- **Text** · {md(where_in(c, sheet.title))}:  \n  {word_diff_md(c)}")
                else:
                    lines.append(f"- {change_md(c, sheet.title)}")
            st.markdown("\n".join(lines))
    if result.unchanged:
        st.caption("Unchanged: " + md(", ".join(w.title for w in result.unchanged)) + ".")

    name = f"comparison-{safe_filename(old_label)}-to-{safe_filename(new_label)}.pdf"
    pdf_download("Download the comparison (PDF)", lambda: comparison_pdf(s, pid, old_id, new_id), name,
                 key="cmp_pdf")


def trends_panel(pid: str) -> None:
    """Charts of the plan's figures across milestones (oldest first, and now), one group at a time."""
    result = trends(store(), pid)
    if not result.enough:
        st.info(result.message, icon=":material/trending_up:")
        return
    st.caption("Each milestone, oldest first, then the plan as it is now: "
               + md(", ".join(p.label for p in result.points)) + ".")
    for gi, group in enumerate(result.groups):
        st.header(group.title)
        for ci, chart in enumerate(group.charts):
            st.markdown(f"**{md(chart.title)}**")
            st.plotly_chart(charts.chart_figure(chart, height=340), width="stretch",
                            config={"displayModeBar": False}, key=f"trend_{gi}_{ci}")
        table = group.table
        with st.expander(f"{group.title}: the figures", expanded=False):
            st.dataframe([dict(zip(table.columns, row)) for row in table.rows], hide_index=True, width="stretch",
                         key=f"trend_table_{gi}")
        for note in group.notes:
            st.caption(note)
