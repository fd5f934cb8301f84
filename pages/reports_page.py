"""Reports: PDFs of one worksheet, one step or the whole workbook, and the plan as JSON."""
import streamlit as st

from pages import ui
from planning import plans, registry, reports

pid, meta = ui.require_plan()
store = ui.store()
st.caption(ui.md(meta.name))
st.title("Reports")
st.write("Print what the team agreed. Each PDF carries the plan, the document, the date, the revision and the "
         "AIMS acknowledgment on every page.")

built = registry.built_worksheets()
choices = {"whole": "The whole workbook"}
choices |= {f"step{s.number}": s.label for s in registry.STEPS if any(w.built for w in s.worksheets)}
choices |= {f"ws:{w.kind}": f"Worksheet: {w.title}" for w in built}
milestones = store.list_milestones(pid)
c1, c2 = st.columns([3, 2])
pick = c1.radio("What to print", list(choices), format_func=choices.get, key="reports_pick")
as_of_options: list = [None, *[m.id for m in milestones]]
names = {m.id: f"{m.name} ({ui.when(m.created_at)})" for m in milestones}
as_of = c2.selectbox("As of", as_of_options, key="reports_as_of",
                     format_func=lambda m: "Now (the latest saved versions)" if m is None else names[m],
                     help="Print the plan as it is now, or as it stood at a milestone, for example the baseline "
                          "before launch. Later changes never alter a milestone.")
name = ui.safe_filename(meta.name) + ("" if as_of is None else "-" + ui.safe_filename(names[as_of]))


def build() -> bytes:
    if pick == "whole":
        return reports.workbook_pdf(store, pid, milestone_id=as_of)
    if pick.startswith("step"):
        return reports.step_pdf(store, pid, int(pick[4:]), milestone_id=as_of)
    if pick == "ws:action_plan":  # its own landscape layout
        return reports.action_plan_pdf(store, pid, milestone_id=as_of)
    return reports.worksheet_pdf(store, pid, pick[3:], milestone_id=as_of)


ui.pdf_download("Build PDF", build, f"{name}-{pick.replace(':', '-')}.pdf", key=f"reports_{pick}_{as_of}")

st.header("Milestones")
st.write("A milestone keeps the plan exactly as it stands today, under a name such as \u201cBaseline\u201d or "
         "\u201c6-month review, May 2027\u201d. Every worksheet keeps changing afterwards, but the milestone does "
         "not, so at the next review the team can print it and compare.")
with st.form("milestone_form", border=False):
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    label = c1.text_input("Name of the new milestone", key="milestone_name",
                          placeholder="e.g. Baseline before launch",
                          help="Up to 120 characters. Renaming later is possible; what it holds never changes.")
    create = c2.form_submit_button("Take milestone now", icon=":material/flag:", width="stretch")
if create:
    if not ui.author():
        st.error("Enter your name at the top of the sidebar first, so the milestone records who took it.")
    else:
        try:
            store.create_milestone(pid, label, ui.author())
        except ValueError as exc:
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
                   "Worksheets kept": m.document_count} for m in milestones], hide_index=True, width="stretch")
    with st.form("milestone_rename", border=False):
        c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
        which = c1.selectbox("Milestone to rename", [m.id for m in milestones], format_func=names.get,
                             key="milestone_rename_pick")
        new_name = c2.text_input("New name", key="milestone_rename_name")
        rename = c3.form_submit_button("Rename", width="stretch")
    if rename:
        try:
            store.rename_milestone(pid, which, new_name)
        except ValueError as exc:
            st.error(f"**Not renamed.** {ui.md(str(exc))}")
        else:
            st.session_state["_milestone_done"] = "Milestone renamed; what it holds is unchanged."
            st.rerun()
else:
    st.caption("No milestones yet. Take one before launch as the baseline the six-month review compares with.")

st.header("Plan file")
st.write("The whole plan as one JSON file: for backup, or to move it to another copy of the workbook. Import it "
         "on Home.")
st.download_button("Download plan JSON", data=lambda: plans.export_plan(store, pid), file_name=f"{name}.json",
                   mime="application/json", icon=":material/download:", key="reports_json")
ui.nav_buttons(ui.REPORTS)
