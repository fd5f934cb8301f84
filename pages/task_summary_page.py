"""Task summary: the self-assessments compiled into tasks x members, the flags, and the owners the team agrees."""
import pandas as pd
import streamlit as st

from pages import ui
from planning import charts, registry, reports
from worksheets import self_assessment as sa
from worksheets import task_summary as ts

SPEC = registry.worksheet(ts.KIND)
KIND = SPEC.kind
PART = "ts_part"
GRID, OWNERS, ROLES = "Tasks by member", "Agree owners", "Counts by role"

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Adapted from the AIMS Center's Team Building and Workflow Guide. This page compiles itself from the "
          "members' self-assessments: nothing here is typed twice. What the team decides (an owner, a backup, the "
          "hand-off) is recorded under Agree owners.")
doc: ts.TaskSummaryDoc = loaded.doc
view = ui.plan_view()
task_rows = ts.rows(view)
people = ts.members(view)
counts = ts.flag_counts(task_rows)
names = view.people()

# ---- summary -----------------------------------------------------------------------------------
statuses = [s for s in sa.statuses(view) if s.on_team]
finished = sum(1 for s in statuses if s.status == sa.FINISHED)
m = st.columns(6)
m[0].metric("Sheets finished", f"{finished} of {len(statuses)}",
            help="Team members on the roster whose self-assessment answers every task on the list.")
m[1].metric("Gaps", counts[ts.GAP], help=dict(ts.RULES)[ts.GAP])
m[2].metric("Duplications", counts[ts.DUPLICATION], help=dict(ts.RULES)[ts.DUPLICATION])
m[3].metric("Disagreements", counts[ts.DISAGREEMENT], help=dict(ts.RULES)[ts.DISAGREEMENT])
m[4].metric("Training needs", counts[ts.TRAINING], help=dict(ts.RULES)[ts.TRAINING])
m[5].metric("No agreed owner", sum(1 for r in task_rows if r.owner not in names),
            help="Tasks on the list with no owner agreed yet (or an owner who has left the team).")
with st.expander("How the flags are worked out", icon=":material/rule:"):
    st.markdown(ui.md(ts.RULES_PREAMBLE) + "\n\n" + "\n".join(f"- **{f}**: {ui.md(t)}" for f, t in ts.RULES))
if not people:
    st.info("No self-assessments saved yet. Each team member fills in theirs on the Team self-assessment page; "
            "this summary then fills itself in.", icon=":material/hourglass_empty:")
    ui.plan_link(registry.worksheet(sa.KIND).page_file, "Go to the Team self-assessment", ":material/person_check:")

part = st.segmented_control("Show", [GRID, OWNERS, ROLES], key=PART, default=GRID,
                            help="The grid of who does what, the owners the team agrees, or counts by role.")


def grid() -> None:
    if not people:
        return
    st.caption(ui.md(ts.HEAT_LEGEND))
    st.plotly_chart(charts.heatmap_figure(ts.heatmap(task_rows, people)), width="stretch",
                    config={"displayModeBar": False})
    flagged = [r for r in task_rows if r.flags]
    if flagged:
        st.header("Flagged tasks")
        st.dataframe(pd.DataFrame([{
            "Task": r.task.label, "Flags": ", ".join(r.flags),
            "Does it now": ", ".join(f"{c.person.name} ({c.answer.comfort or '-'})" for c in r.doers) or "nobody",
            "Says it should be theirs": ", ".join(c.person.name for c in r.would_own) or "nobody",
            "Training for": ", ".join(c.person.name for c in r.trainees)} for r in flagged]),
            hide_index=True, width="stretch", column_config={  # 818 px: the projector's width, no sideways scroll
                "Task": st.column_config.TextColumn(width=280), "Flags": st.column_config.TextColumn(width=140),
                "Does it now": st.column_config.TextColumn(width=150),
                "Says it should be theirs": st.column_config.TextColumn(width=128),
                "Training for": st.column_config.TextColumn(width=120)})


def owners() -> None:
    st.write("For each task, agree who owns it, who covers when they are away, and how the task is handed on. "
             "A task with no agreed owner is listed as a gap to close in the action plan.")
    roster_ids = list(names)
    frame = pd.DataFrame([{
        "id": r.task.id, "task": r.task.label, "flags": ", ".join(r.flags),
        "doers": ", ".join(c.person.name for c in r.doers),
        "wanted": ", ".join(c.person.name for c in r.would_own),
        "owner": (a := doc.agreements.get(r.task.id) or ts.Agreement()).owner, "backup": a.backup,
        "handoff": a.handoff, "note": a.note} for r in task_rows]).astype(
        {"owner": "object", "backup": "object", "handoff": "object"})
    person_options = roster_ids + sorted({p for a in doc.agreements.values() for p in (a.owner, a.backup)
                                          if p and p not in names})

    short = {m.id: m.name for m in view.roster.members}  # names only: the roles are in the task list's context

    def label(p):
        return short.get(p, "(removed from the team)") if p else ""

    col = st.column_config
    key = ui.editor_key(KIND)
    with st.form(f"{key}_form", border=False):
        edited = st.data_editor(
            frame, key=key, hide_index=True, width="stretch", num_rows="fixed", height=48 + ui.ROW_HEIGHT * 7,
            placeholder="", row_height=ui.ROW_HEIGHT,  # tall rows wrap the task's words
            disabled=["id", "task", "flags", "doers", "wanted"],
            # the lead's three decisions sit next to the task and who does it now, within a projector's width
            # widths add up to what a 1280 x 720 projector shows (818 px); the flags are on the grid tab and in the PDF
            column_order=["task", "doers", "wanted", "owner", "backup", "handoff", "note"],
            column_config={
                "task": col.TextColumn("Task", width=190),
                "flags": col.TextColumn("Flags", width=100),
                "doers": col.TextColumn("Does it now", width=115),
                "wanted": col.TextColumn("Wants it", width=115, help="Who says the task should be part of their role."),
                "owner": col.SelectboxColumn("Agreed owner", options=person_options, format_func=label, width=120,
                                             help="The one person responsible for the task."),
                "backup": col.SelectboxColumn("Backup", options=person_options, format_func=label, width=120,
                                              help="Who does it when the owner is away."),
                "handoff": col.SelectboxColumn("Hand-off", options=list(ts.HANDOFFS), width=90,
                                               help="How the task, or its result, reaches the next person."),
                "note": col.TextColumn("Note", width=68, help=ui.editors.NOTE_HELP),
            })
        st.caption(ui.UNSAVED_HINT)
        submitted = st.form_submit_button("Save agreed owners", disabled=ui.read_only(), type="primary",
                                          icon=":material/save:")
    if submitted:
        agreements = {tid: a.model_dump(mode="json") for tid, a in doc.agreements.items()}  # off-list tasks stay
        for rec in edited.to_dict("records"):
            values = {k: (None if pd.isna(rec[k]) or rec[k] == "" else rec[k]) for k in ("owner", "backup", "handoff")}
            note = "" if pd.isna(rec["note"]) else str(rec["note"])
            if any(values.values()) or note.strip():
                agreements[rec["id"]] = {**values, "note": note}
            else:
                agreements.pop(rec["id"], None)
        new_doc = ui.validated(ts.TaskSummaryDoc, {**doc.model_dump(mode="json"), "agreements": agreements})
        if new_doc is not None and ui.save(pid, new_doc, loaded.version, where="owners"):
            st.rerun()
    ui.outcome(KIND, "owners")


def roles() -> None:
    if not people:
        return
    st.write("How many tasks people in each role do now, think should be theirs, do with low comfort (1-2), need "
             "training on, and own by agreement. A task counts once per role.")
    st.dataframe(pd.DataFrame([{"Role": c.role, "People": c.people, "Does now": c.does_now,
                                "Should be theirs": c.should_own, "Does with comfort 1-2": c.low_comfort,
                                "Training needs": c.training, "Agreed owner of": c.agreed_owner}
                               for c in ts.counts_by_role(task_rows, people)]), hide_index=True, width="stretch")


{GRID: grid, OWNERS: owners, ROLES: roles}.get(part or GRID, grid)()

ui.history(pid, KIND, ts.TaskSummaryDoc, loaded.version, ts.describe)
ui.pdf_download("Build the task summary PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-task-summary.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
