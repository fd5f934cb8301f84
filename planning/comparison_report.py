"""The comparison of two points of a plan, the trends across its milestones, and the review packet, as PDFs.

Content as data (worksheets.content) built from planning.compare and planning.trends; planning.report builds the
pages (through planning.reports.report, the one cover line and footer every report has). Team text goes into
Para and Table cells, which the builder escapes.

- The comparison: who compared what, the headline figures that moved (before, after, difference), then one table
  per worksheet that changed (what, where, before, after); long text shows its word changes inline as
  "[removed: ...]" and "[added: ...]", readable in black and white. Unchanged worksheets are named in one line.
- The trends: one part per group (readiness, principles, task summary, launch gate, actions, metrics), each a
  chart and a table with every point; fewer than two milestones: a sentence saying so.
- The review packet: a cover with the plan's details and what is compared, the comparison, the trends, the
  review record (worksheets.review.record_section: the review chosen, else the latest), and the open actions.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from planning.compare import Change, Comparison, compare
from planning.reports import report
from planning.storage import Store
from planning.trends import NOW, Trends, milestone_day, point_label, trends
from planning.view import PlanView, load_view
from worksheets.base import fmt_date
from worksheets.content import Block, Heading, KeyValues, Para, Section, Table

TITLE = "Plan comparison"
PACKET_TITLE = "Six-month review packet"
CONTEXT_WORDS = 8  # words kept either side of a change in a long text; the rest is "…"
WHAT = {"rating": "Rating", "row added": "Row added", "row removed": "Row removed", "row changed": "Changed",
        "number": "Number", "text": "Text", "field": "Changed"}


# ----------------------------------------------------------------------------------------------
# labels

def point_name(store: Store, plan_id: str, milestone_id: str | int | None) -> str:
    """'Baseline (25 Nov 2026)', or 'Now'."""
    if milestone_id is None:
        return NOW
    for m in store.list_milestones(plan_id):
        if str(m.id) == str(milestone_id):
            return point_label(m.name, milestone_day(m.created_at))
    return f"Milestone {milestone_id}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(comparison: Comparison) -> str:
    """'3 worksheets changed, 14 unchanged.'"""
    changed, unchanged = len(comparison.changed), len(comparison.unchanged)
    if not changed:
        return f"Nothing changed in the {_plural(unchanged, 'worksheet')}."
    return f"{_plural(changed, 'worksheet')} changed, {unchanged} unchanged."


def diff_text(change: Change) -> str:
    """A text change's word diff in one line: kept words (long runs cut to their ends), '[removed: ...]' and
    '[added: ...]'."""
    parts = []
    for i, (op, words) in enumerate(change.words):
        if op == "removed":
            parts.append(f"[removed: {words}]")
        elif op == "added":
            parts.append(f"[added: {words}]")
        else:
            w = words.split()
            if len(w) > 2 * CONTEXT_WORDS:
                first, last = i == 0, i == len(change.words) - 1
                if first:
                    w = ["…"] + w[-CONTEXT_WORDS:]
                elif last:
                    w = w[:CONTEXT_WORDS] + ["…"]
                else:
                    w = w[:CONTEXT_WORDS] + ["…"] + w[-CONTEXT_WORDS:]
            parts.append(" ".join(w))
    return " ".join(parts)


def where_in(change: Change, title: str) -> str:
    """The place of a change without its worksheet's title (the heading says it)."""
    prefix = title + ", "
    return change.where[len(prefix):] if change.where.startswith(prefix) else change.where


# ----------------------------------------------------------------------------------------------
# sections

def comparison_blocks(comparison: Comparison, old_label: str = "", new_label: str = "") -> list[Block]:
    blocks: list[Block] = []
    if old_label or new_label:
        blocks.append(Para(f"From {old_label or 'the older point'} to {new_label or 'the newer point'}: "
                           f"{summary_line(comparison)}"))
    else:
        blocks.append(Para(summary_line(comparison)))
    blocks.append(Heading(comparison.figures.title))
    if comparison.figures.changes:
        blocks.append(Table(("Figure", "Before", "After", "Difference"),
                            tuple((c.where, c.before, c.after, c.delta or "-") for c in comparison.figures.changes),
                            widths=(4.0, 2.0, 2.0, 1.4),
                            caption="Worked out by the worksheets from what was saved"))
    else:
        blocks.append(Para("No headline figure moved.", style="muted"))
    for sheet in comparison.changed:
        blocks.append(Heading(sheet.title))
        rows = []
        for c in sheet.changes:
            after = c.after
            if c.what == "text":
                after = diff_text(c)
            elif c.delta:
                after = f"{c.after} ({c.delta})"
            rows.append((WHAT.get(c.what, c.what), where_in(c, sheet.title), c.before or "-", after or "-"))
        blocks.append(Table(("Change", "Where", "Before", "After"), tuple(rows), widths=(1.2, 3.0, 2.6, 3.2),
                            caption=_plural(len(sheet.changes), "change")))
    if comparison.unchanged:
        blocks.append(Para("Unchanged: " + ", ".join(w.title for w in comparison.unchanged) + ".", style="muted"))
    return blocks


def comparison_section(comparison: Comparison, old_label: str = "", new_label: str = "") -> Section:
    """What changed between two points of the plan, as one report section."""
    note = f"{old_label} to {new_label}" if old_label and new_label else "worked out from two saved points"
    return Section("What changed", tuple(comparison_blocks(comparison, old_label, new_label)), version_note=note)


def trends_sections(result: Trends) -> list[Section]:
    """The trends across milestones: one section, a part per group (a sentence when there are too few)."""
    if not result.enough:
        return [Section("Trends across milestones", (Para(result.message),), version_note="fewer than two milestones")]
    blocks: list[Block] = [Para("Each milestone, oldest first" + (", and the plan now" if result.points
                                                                  and result.points[-1].milestone_id is None else "")
                                + ": " + ", ".join(p.label for p in result.points) + ".")]
    for group in result.groups:
        blocks.append(Heading(group.title))
        blocks += list(group.charts)
        blocks.append(group.table)
        blocks += [Para(n, style="small") for n in group.notes]
    return [Section("Trends across milestones", tuple(blocks), landscape=len(result.points) > 5,
                    version_note=_plural(len(result.points), "point"))]


def _open_actions_section(view: PlanView, today: date) -> Section:
    from worksheets.action_plan import ActionPlanDoc, report_section

    doc = view.doc(ActionPlanDoc.KIND) or ActionPlanDoc()
    still_open = doc.model_copy(update={"actions": [a for a in doc.actions if a.is_open], "dismissed": {}})
    section = report_section(still_open, view.version(ActionPlanDoc.KIND) or None, people=view.people(), today=today)
    return replace(section, title="Open actions", landscape=True)


def _review_section(view: PlanView, review_id: str | None) -> Section:
    from worksheets import review as rv

    doc = view.doc(rv.KIND) or rv.ReviewDoc()
    if review_id is None:
        latest = rv.newest_first(doc)
        review_id = latest[0].id if latest else None
    if review_id is None or doc.review(review_id) is None:
        return Section("Review record", (Para("No six-month review recorded yet: record one on the Six-month "
                                              "review page.", style="muted"),), version_note="none recorded")
    from worksheets.action_plan import ActionPlanDoc

    return rv.record_section(doc, review_id, view.people(), view.doc(ActionPlanDoc.KIND),
                             view.version(rv.KIND) or None)


def _cover(view: PlanView, old_label: str, new_label: str, milestones: int, today: date) -> Section:
    from worksheets.launch_gate import evaluate

    meta = view.meta
    gate = evaluate(view)
    rows = (("Plan", meta.name), ("Clinic", meta.clinic), ("Site", meta.site or "-"),
            ("CIT lead", meta.cit_lead or "-"),
            ("Target launch", fmt_date(meta.target_launch, "-")), ("Compared", f"{old_label} with {new_label}"),
            ("Milestones", str(milestones)), ("Launch gate", f"{gate.label}: {gate.detail}"),
            ("Printed", fmt_date(today)))
    return Section("About this packet", (
        KeyValues(rows),
        Para("In this packet: what changed between the two points, the trends across every milestone, the review "
             "record and its decisions, and the actions still open."),
    ), version_note=f"as of {new_label}")


def _views(store: Store, plan_id: str, old_milestone_id: str | int | None, new_milestone_id: str | int | None
           ) -> tuple[PlanView, PlanView, str, str]:
    if str(old_milestone_id) == str(new_milestone_id):
        raise ValueError("Choose two different points to compare.")
    old = load_view(store, plan_id, old_milestone_id)
    new = load_view(store, plan_id, new_milestone_id)
    return old, new, point_name(store, plan_id, old_milestone_id), point_name(store, plan_id, new_milestone_id)


def comparison_pdf(store: Store, plan_id: str, old_milestone_id: str | int | None, new_milestone_id: str | int | None,
                   as_of: date | None = None) -> bytes:
    """What changed from a milestone to another one (or to now), as a PDF. None for a point: now.
    Raises ValueError when both points are the same."""
    old, new, old_label, new_label = _views(store, plan_id, old_milestone_id, new_milestone_id)
    section = comparison_section(compare(old, new), old_label, new_label)
    return report(new, TITLE, [section], subtitle=f"{old_label} to {new_label}", as_of=as_of)


def review_packet_pdf(store: Store, plan_id: str, old_milestone_id: str | int | None,
                      new_milestone_id: str | int | None,
                      review_id: str | None = None, as_of: date | None = None) -> bytes:
    """The six-month review packet: cover, comparison, trends, the review record and the open actions."""
    today = as_of or date.today()
    old, new, old_label, new_label = _views(store, plan_id, old_milestone_id, new_milestone_id)
    sections = [_cover(new, old_label, new_label, len(store.list_milestones(plan_id)), today),
                comparison_section(compare(old, new), old_label, new_label)]
    sections += trends_sections(trends(store, plan_id, include_now=new_milestone_id is None, today=today))
    sections.append(_review_section(new, review_id))
    sections.append(_open_actions_section(new, today))
    return report(new, PACKET_TITLE, sections, subtitle=f"{old_label} to {new_label}", as_of=as_of)


__all__ = ["PACKET_TITLE", "TITLE", "comparison_blocks", "comparison_pdf", "comparison_section", "diff_text",
           "point_name", "review_packet_pdf", "summary_line", "trends_sections", "where_in"]
