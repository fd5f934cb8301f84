"""Reports: the report set (the whole workbook, one step, one worksheet, the action plan, the six-month review
packet, meeting minutes), each as of now or as of a milestone; milestones; the plan and action plan as files."""
import importlib.util
from datetime import datetime, timezone
from functools import partial

import streamlit as st

from pages import ui
from planning import plans, registry, reports
from planning.access import Forbidden

pid, meta = ui.require_plan()
store = ui.store()
st.caption(ui.md(meta.name))
st.title("Reports")
st.write("Print what the team agreed. Every PDF names the plan, the document, its revision and the date on each "
         "page, with the AIMS Center acknowledgment. None holds patient data.")
ui.view_only_notice(pid)

milestones = store.list_milestones(pid)  # newest first
names = {m.id: f"{m.name} ({ui.when(m.created_at)})" for m in milestones}
as_of = st.selectbox("As of", [None, *[m.id for m in milestones]], key="reports_as_of",
                     format_func=lambda m: "Now (the latest saved versions)" if m is None else names[m],
                     help="Print the plan as it is now, or exactly as it stood at a milestone, for example the "
                          "baseline before launch. Later changes never alter a milestone.")
if not milestones:
    st.caption("No milestones yet, so reports print the plan as it is now. Take one below before launch: it is "
               "the baseline the six-month review compares with.")


def _has(module: str, function: str) -> bool:
    """True when a report another part of the workbook provides is there (the page never breaks without it)."""
    try:
        if importlib.util.find_spec(module) is None:
            return False
        return hasattr(importlib.import_module(module), function)
    except Exception:  # noqa: BLE001 - a module half written must not break the page
        return False


def _review_packet(since, until) -> bytes:
    from planning.comparison_report import review_packet_pdf  # imported on click: written alongside this page

    return review_packet_pdf(store, pid, since, until)


def _minutes(meeting_id: str) -> bytes:
    from planning.minutes import minutes_pdf  # imported on click: written alongside this page

    return minutes_pdf(store, pid, meeting_id)


KINDS = {"workbook": "The whole workbook", "step": "One step", "worksheet": "One worksheet",
         "action_plan": "The action plan"}
if _has("planning.comparison_report", "review_packet_pdf"):
    KINDS["review"] = "Six-month review packet"
if _has("planning.minutes", "minutes_pdf"):
    KINDS["minutes"] = "Meeting minutes"
HOLDS = {
    "workbook": "A cover, a contents page with page numbers, then every step and worksheet with its charts and "
                "the action plan. PDF bookmarks lead to each step and worksheet.",
    "step": "One step's progress and each of its worksheets.",
    "worksheet": "One worksheet on its own, to hand round at a meeting.",
    "action_plan": "Every action grouped by step, owners by name, overdue actions marked in words; landscape.",
    "review": "For the six-month review: what changed since an earlier milestone, the trends, the review record "
              "and the open actions.",
    "minutes": "The minutes of one planning meeting: who came, what was discussed and decided, and who does what.",
}

st.header("Print")
pick = st.radio("What to print", list(KINDS), format_func=KINDS.get, key="reports_pick", horizontal=True,
                help="The whole workbook is the full record; a step or a worksheet is handier for a meeting.")
st.caption(HOLDS[pick])
stamp = "now" if as_of is None else ui.safe_filename(names[as_of])
base = ui.safe_filename(meta.name)
build = None  # what the button builds, when it can build anything
file_name = f"{base}-{pick}-{stamp}.pdf"
key = f"reports_{pick}_{as_of}"

if pick == "workbook":
    build = partial(reports.workbook_pdf, store, pid, milestone_id=as_of)
elif pick == "step":
    steps = {s.number: s.label for s in registry.STEPS if any(w.built for w in s.worksheets)}
    number = st.selectbox("Step", list(steps), format_func=steps.get, key="reports_step")
    file_name, key = f"{base}-step-{number}-{stamp}.pdf", f"{key}_{number}"
    build = partial(reports.step_pdf, store, pid, number, milestone_id=as_of)
elif pick == "worksheet":
    sheets = {w.kind: f"{w.title} ({registry.step_of(w.kind).label})" for w in registry.built_worksheets()
              if w.report is not None}
    kind = st.selectbox("Worksheet", list(sheets), format_func=sheets.get, key="reports_worksheet")
    file_name, key = f"{base}-{kind.replace('_', '-')}-{stamp}.pdf", f"{key}_{kind}"
    build = (partial(reports.action_plan_pdf, store, pid, milestone_id=as_of) if kind == "action_plan"  # landscape
             else partial(reports.worksheet_pdf, store, pid, kind, milestone_id=as_of))
elif pick == "action_plan":
    build = partial(reports.action_plan_pdf, store, pid, milestone_id=as_of)
elif pick == "review":
    position = next((i for i, m in enumerate(milestones) if m.id == as_of), -1)  # -1: as of now
    older = milestones[position + 1:]
    if not milestones:
        st.info("The review packet compares the plan with an earlier milestone, and there is none yet. Take a "
                "milestone below (for example \u201cBaseline\u201d before launch); at the six-month review, print "
                "the packet as of now.", icon=":material/flag:")
    elif not older:
        st.info("No milestone is older than the one chosen above. Choose \u201cNow\u201d above to compare it with "
                "the plan as it is now.", icon=":material/flag:")
    else:
        since = st.selectbox("Compare with", [m.id for m in older], format_func=names.get, key="reports_older",
                             help="The earlier milestone to compare with; the one just before is the usual "
                                  "choice, for example last review's.")
        new_name = "now" if as_of is None else names[as_of]
        st.caption(ui.md(f"From {names[since]} to {new_name}."))
        file_name, key = f"{base}-review-packet-{stamp}.pdf", f"{key}_{since}"
        build = partial(_review_packet, since, as_of)
elif pick == "minutes":
    try:
        meetings = list(getattr(ui.read_plan(pid).doc("meetings"), "meetings", None) or [])
    except Exception:  # noqa: BLE001 - the meetings worksheet is optional here
        meetings = []
    meetings = [m for m in meetings if getattr(m, "id", "")]
    if not meetings:
        st.info("No meeting saved yet. Record one on the planning meetings page, then print its minutes here.",
                icon=":material/groups:")
    else:
        def _meeting_label(m) -> str:
            when = getattr(m, "date", None)
            day = when.strftime("%d %b %Y").lstrip("0") if hasattr(when, "strftime") else str(when or "")
            return " · ".join(p for p in (day, getattr(m, "title", "") or "") if p) or str(m.id)

        labels = {m.id: _meeting_label(m) for m in meetings}
        meeting_id = st.selectbox("Meeting", list(labels), format_func=labels.get, key="reports_meeting",
                                  help="Newest first as saved on the planning meetings page.")
        if as_of is not None:
            st.caption("Minutes always print as the meeting is saved now.")
        file_name, key = f"{base}-minutes-{ui.safe_filename(labels[meeting_id])}.pdf", f"reports_minutes_{meeting_id}"
        build = partial(_minutes, meeting_id)

if build is not None:
    ui.pdf_download("Build PDF", build, file_name, key=key)

st.header("Milestones")
st.write("A milestone keeps the plan exactly as it stands today, under a name such as \u201cBaseline\u201d or "
         "\u201c6-month review, May 2027\u201d. Every worksheet keeps changing afterwards, but the milestone does "
         "not, so at the next review the team can print it and compare.")
with st.form("milestone_form", border=False):
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    label = c1.text_input("Name of the new milestone", key="milestone_name",
                          placeholder="e.g. Baseline before launch",
                          help="Up to 120 characters. Renaming later is possible; what it holds never changes.")
    create = c2.form_submit_button("Take milestone now", disabled=ui.read_only(), icon=":material/flag:",
                                   width="stretch")
if create:
    if not ui.author():
        st.error("Enter your name at the top of the sidebar first, so the milestone records who took it.")
    else:
        try:
            store.create_milestone(pid, label, ui.author())
        except (ValueError, Forbidden) as exc:
            st.error(f"**Not taken.** {ui.md(str(exc))}")
        else:
            st.session_state["_milestone_done"] = f"Milestone \u201c{' '.join(label.split())}\u201d taken."
            st.rerun()
done = st.session_state.pop("_milestone_done", None)
if done:
    st.success(ui.md(done), icon=":material/flag:")
    st.toast(ui.md(done), icon=":material/flag:")
if milestones:
    st.dataframe([{"Milestone": m.name, "Taken": ui.when(m.created_at), "By": m.created_by,
                   "Worksheets kept": getattr(m, "document_count", None)} for m in milestones],
                 hide_index=True, width="stretch")
    with st.form("milestone_rename", border=False):
        c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
        which = c1.selectbox("Milestone to rename", [m.id for m in milestones], format_func=names.get,
                             key="milestone_rename_pick")
        new_name = c2.text_input("New name", key="milestone_rename_name",
                                 help="Only the name changes; what the milestone holds stays as it was.")
        rename = c3.form_submit_button("Rename", disabled=ui.read_only(), width="stretch")
    if rename:
        try:
            store.rename_milestone(pid, which, new_name, ui.author())
        except (ValueError, Forbidden) as exc:
            st.error(f"**Not renamed.** {ui.md(str(exc))}")
        else:
            st.session_state["_milestone_done"] = "Milestone renamed; what it holds is unchanged."
            st.rerun()

st.header("Files")
st.write("The whole plan as one JSON file: for backup, or to move it to another copy of the workbook (import it "
         "on Home); it always holds the latest saved versions. The action plan as a spreadsheet, a table or a "
         "calendar of due dates" + ("." if as_of is None else ", as of the milestone chosen above."))


def _action_plan():
    from planning.view import load_view
    from worksheets.action_plan import ActionPlanDoc

    view = load_view(store, pid, as_of)
    return view.doc(ActionPlanDoc.KIND) or ActionPlanDoc(), view.people()


def _xlsx() -> bytes:
    from planning import exports

    doc, people = _action_plan()
    return exports.xlsx_bytes(doc, people, datetime.now(timezone.utc).date(), meta.name)


def _csv() -> bytes:
    from planning import exports

    doc, people = _action_plan()
    return exports.csv_bytes(doc, people, datetime.now(timezone.utc).date())


def _ics() -> bytes:
    from planning import exports

    doc, people = _action_plan()
    return exports.ics_bytes(doc, pid, people, datetime.now(timezone.utc), meta.name)


f1, f2, f3, f4 = st.columns(4)
f1.download_button("Plan (.json)", data=lambda: plans.export_plan(store, pid), file_name=f"{base}.json",
                   mime="application/json", icon=":material/download:", on_click="ignore", key="reports_json")
f2.download_button("Action plan (.xlsx)", _xlsx, f"{base}-action-plan-{stamp}.xlsx", icon=":material/table_view:",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                   key="reports_xlsx")
f3.download_button("Action plan (.csv)", _csv, f"{base}-action-plan-{stamp}.csv", mime="text/csv",
                   icon=":material/csv:", on_click="ignore", key="reports_csv")
f4.download_button("Due dates (.ics)", _ics, f"{base}-due-dates-{stamp}.ics", mime="text/calendar",
                   icon=":material/event:", on_click="ignore", key="reports_ics")
ui.nav_buttons(ui.REPORTS)
