"""A planning meeting's agenda, built from the plan.

``build_agenda`` reads the plan as it is now and, when there was a meeting before, the plan as it was at that
meeting (``planning.view.load_view(store, plan_id, at=meeting_moment(previous))``), and lists, in this order:

1. overdue actions, with their owner by name (one item each; many of them become one item with the list);
2. findings new since the last meeting: open now and not open then (with no previous meeting, every open finding
   of the step in focus). Several new findings of one worksheet become one item with the count and the list;
3. the launch gate's blockers, in one item with the list (nothing when the gate says Go);
4. the step in focus: its worksheets' progress and how many findings are open there;
5. the previous meeting's decisions still open (not marked "no action needed", and not yet in the action plan or
   in it as an action still open and not overdue: an overdue one is listed under 1 already).

Blockers are listed once, under the launch gate, even when they are new. "New findings" are the should-fix ones:
notes would crowd the agenda (they stay on the worksheets and step overviews). The action plan's own "overdue"
notes and the meetings' own decisions are not "new findings" either (items 1 and 5 cover them).

Pure apart from what it is given: no storage, no Streamlit.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from planning import registry
from worksheets import action_plan as ap
from worksheets import launch_gate as lg
from worksheets.base import fmt_date, new_row_id
from worksheets.findings import Finding
from worksheets.meetings import AgendaItem, Meeting, decision_finding_id, ordered_agenda, person

MOST_SINGLE = 5  # more overdue actions than this become one item with the list
SKIP_KINDS = {ap.ActionPlanDoc.KIND, "meetings"}  # their findings are items 1 and 5 already


def meeting_moment(meeting: Meeting) -> str:
    """The ISO UTC moment a meeting stands for: its date and start time; without a time, the end of its day
    (what changed that day was seen at the meeting)."""
    at = datetime.combine(meeting.date, meeting.start or time(23, 59, 59), tzinfo=timezone.utc)
    return at.isoformat(timespec="seconds")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _item(kind: str, text: str, source: str = "", details: list[str] | tuple[str, ...] = ()) -> AgendaItem:
    return AgendaItem(id=new_row_id(), kind=kind, text=text, source=source,  # type: ignore[arg-type]
                      details="\n".join(f"- {d}" for d in details))


def _overdue(now_view, today: date, people) -> list[AgendaItem]:
    doc = now_view.doc(ap.ActionPlanDoc.KIND)
    late = ap.overdue(doc, today) if doc is not None else []

    def line(a: ap.Action) -> str:
        return (f"{a.action.rstrip('.')} (owner: {ap.owner_label(a.owner, people)}, due {fmt_date(a.due)}, "
                f"{_plural(ap.days_late(a, today), 'day')} late)")

    if len(late) > MOST_SINGLE:
        return [_item("overdue", f"{_plural(len(late), 'action')} overdue in the action plan", "action_plan",
                      [line(a) for a in late])]
    return [_item("overdue", f"Overdue: {line(a)}", a.id) for a in late]


def _grouped(kind: str, found: list[Finding], now_view, what: str, suffix: str = "") -> list[AgendaItem]:
    """One item per worksheet: its finding itself, or the count with the list."""
    by_sheet: dict[str, list[Finding]] = {}
    for f in found:
        by_sheet.setdefault(f.worksheet, []).append(f)
    out = []
    for sheet, items in by_sheet.items():
        title = now_view.title(sheet)
        if len(items) == 1:
            out.append(_item(kind, f"{title}: {items[0].text}", items[0].id, items[0].details))
        else:
            out.append(_item(kind, f"{title}: {_plural(len(items), what)}{suffix}", sheet, [f.text for f in items]))
    return out


def _new_findings(now_view, then_view, step_in_focus: int | None) -> list[AgendaItem]:
    open_now = [f for f in now_view.findings() if f.severity == "should_fix" and f.worksheet not in SKIP_KINDS]
    if then_view is not None:
        before = {f.id for f in then_view.findings()}
        new = [f for f in open_now if f.id not in before]
        return _grouped("new_finding", new, now_view, "new finding", " since the last meeting")
    if step_in_focus is None:
        return []
    kinds = {w.kind for w in _step(step_in_focus).worksheets if w.built}
    return _grouped("new_finding", [f for f in open_now if f.worksheet in kinds], now_view, "open finding")


def _blockers(now_view) -> list[AgendaItem]:
    gate = lg.evaluate(now_view)
    if gate.state != lg.NOT_YET:
        return []
    return [_item("blocker", f"Launch gate: Not yet. {_plural(len(gate.blockers), 'blocker')} "
                             f"{'stands' if len(gate.blockers) == 1 else 'stand'} between the clinic and launch",
                  lg.KIND, [f"{now_view.title(f.worksheet)}: {f.text}" for f in gate.blockers])]


def _step(number: int) -> registry.StepSpec:
    return next(s for s in registry.STEPS if s.number == number)


def _step_focus(now_view, step_in_focus: int | None) -> list[AgendaItem]:
    if step_in_focus is None:
        return []
    step = _step(step_in_focus)
    built = [w for w in step.worksheets if w.built]
    progress = {w.kind: (w.progress(now_view) if w.progress else registry.NOT_STARTED) for w in built}
    found = now_view.findings([w.kind for w in built])
    done = sum(1 for w in built if progress[w.kind] == registry.COMPLETE)
    lines = [f"{w.title}: {progress[w.kind]}, {_plural(sum(1 for f in found if f.worksheet == w.kind), 'finding')} "
             f"open" for w in built]
    return [_item("step_focus", f"{step.label}: {done} of {len(built)} worksheets complete, "
                                f"{_plural(len(found), 'finding')} open", f"step-{step.number}", lines)]


def _carried_over(now_view, previous: Meeting | None, today: date, people) -> list[AgendaItem]:
    if previous is None:
        return []
    plan = now_view.doc(ap.ActionPlanDoc.KIND)
    out = []
    for d in previous.decisions:
        if d.no_action:
            continue
        action = ap.action_for(plan, decision_finding_id(d.id)) if plan is not None else None
        if action is not None and (not action.is_open or ap.is_overdue(action, today)):
            continue  # done or dropped; or overdue, listed with the overdue actions
        where = "in the action plan, still open" if action is not None else "not in the action plan yet"
        due = f", due {fmt_date(d.due)}" if d.due else ""
        out.append(_item("carried_over", f"From {fmt_date(previous.date)}: {d.text.rstrip('.')} (owner: "
                                         f"{person(d.owner, people)}{due}; {where})", d.id))
    return out


def build_agenda(now_view, then_view, today: date, step_in_focus: int | None,
                 previous_meeting: Meeting | None = None) -> list[AgendaItem]:
    """The agenda, numbered in order. ``then_view`` is the plan as it was at the previous meeting (None when there
    was none); ``previous_meeting`` brings its decisions still open."""
    people = now_view.people()
    items = (_overdue(now_view, today, people) + _new_findings(now_view, then_view, step_in_focus)
             + _blockers(now_view) + _step_focus(now_view, step_in_focus)
             + _carried_over(now_view, previous_meeting, today, people))
    return [item.model_copy(update={"order": n}) for n, item in enumerate(items, 1)]



def rebuilt(built: list[AgendaItem], current: list[AgendaItem]) -> list[AgendaItem]:
    """A rebuilt agenda that keeps what the team already wrote: an item that comes back (same kind and source)
    keeps its id and notes; items added by hand stay, after the built ones. Numbered again from 1."""
    kept = {(i.kind, i.source): i for i in current if i.source and i.kind != "by_hand"}
    out = []
    for item in built:
        old = kept.get((item.kind, item.source))
        out.append(item.model_copy(update={"id": old.id, "notes": old.notes}) if old is not None else item)
    out += [i for i in ordered_agenda(current) if i.kind == "by_hand"]
    return [item.model_copy(update={"order": n}) for n, item in enumerate(out, 1)]
