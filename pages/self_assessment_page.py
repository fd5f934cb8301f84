"""Team self-assessment: each member fills in their own sheet; the CIT lead tailors the task list once."""
from functools import partial

import pandas as pd
import streamlit as st

from pages import ui
from planning import registry, reports
from worksheets import self_assessment as sa
from worksheets import task_summary as ts
from worksheets.base import editor_rows
from worksheets.tasks import CANONICAL, GROUP_TITLES, GROUPS, TaskDef

SPEC = registry.worksheet(sa.KIND)
KIND = SPEC.kind
PART = "sa_part"
SHEET, TAILOR, PAPER = "A member's sheet", "Tailor the task list (CIT lead)", "Blank sheet for paper"

pid, meta, _ = ui.open_worksheet(
    SPEC, "Adapted from the AIMS Center's Team Building and Workflow Guide. Honest answers matter more than "
          "good-looking ones: the task summary uses them to find gaps before patients fall into them. Each "
          "person's sheet is saved on its own, so several people can fill in theirs at the same time.")
view = ui.plan_view()
tasks = sa.task_list(view)
statuses = sa.statuses(view)
roster = view.roster
STATUS_WORDS = {sa.FINISHED: "Finished", sa.PART_WAY: "Part-way", sa.NOT_STARTED_YET: "Not started"}

# ---- who has filled in ---------------------------------------------------------------------
st.header("Who has filled in their sheet")
if not roster.members:
    st.info("Nobody is on the roster yet. Add the care team on the Implementation team page first; each person "
            "then gets a sheet here.", icon=":material/group_add:")
    ui.plan_link(registry.worksheet("team").page_file, "Go to the Implementation team", ":material/groups:")
on_team = [s for s in statuses if s.on_team]
if on_team:
    done = sum(1 for s in on_team if s.status == sa.FINISHED)
    st.progress(done / len(on_team), text=f"{done} of {len(on_team)} team members have finished; "
                                          f"{len(tasks)} tasks on the list")
    here = registry.worksheet(sa.KIND).url_path
    st.dataframe(pd.DataFrame([{"Member": s.name, "Role": s.role, "Status": STATUS_WORDS[s.status],
                                "Tasks answered": f"{s.answered} of {s.total}",
                                "Link": f"./{here}?plan={pid}&person={s.person_id}"} for s in on_team]),
                 hide_index=True, width="stretch", column_config={
                     "Link": st.column_config.LinkColumn(
                         "Their sheet", display_text="Open sheet", width=110,
                         help="Opens this person's own sheet in a new tab. Copy the link and send it to them: it "
                              "carries the plan and the person, nothing else.")})
    st.caption("Send each member the link to their own sheet (right-click Open sheet, copy the link), or pick a "
               "name below.")
gone = [s for s in statuses if not s.on_team]
ui.saved_notice("team")  # "X is back on the team" after a restore
if gone:
    with st.container(border=True):
        st.markdown("**Sheets of people no longer on the team.** They are kept, left out of the task summary, and "
                    "come back if the person is restored to the roster.")
        for s in gone:
            c1, c2 = st.columns([3, 2])
            c1.write(f"{ui.md(s.name)} ({ui.md(s.role)}): {STATUS_WORDS[s.status].lower()}, "
                     f"{s.answered} of {s.total} tasks answered")
            if c2.button(f"Restore {ui.md(s.name)} to the team", disabled=ui.read_only(),
                         key=f"restore_member_{s.person_id}"):
                past = [m for rev in ui.store().history(pid, "team") for m in rev.data.get("members", [])]
                add_back = partial(sa.restored_team, person_id=s.person_id, sheet=view.doc(KIND, s.person_id),
                                   past_members=past)
                if ui.apply_change(pid, "team", add_back, where="restore", done=f"{s.name} is back on the team."):
                    st.rerun()

part = st.segmented_control("Show", [SHEET, TAILOR, PAPER], key=PART, default=SHEET,
                            help="Members fill in their own sheet. The CIT lead tailors the task list once, before "
                                 "sending the sheets out.")


# ---- a member's sheet -----------------------------------------------------------------------
def member_sheet() -> None:
    choices = [m.id for m in roster.members] + [s.person_id for s in gone]
    if not choices:
        return
    # The address (?person=) is the one source of truth, so a shared link opens that person's sheet and a
    # refresh stays on it. The picker has no key on purpose: its position follows the address.
    chosen = st.query_params.get("person")
    if chosen not in choices:
        chosen = st.session_state.get("_sa_person")
    if chosen not in choices:
        chosen = choices[0]
    labels = {s.person_id: f"{s.name} ({s.role})" + ("" if s.on_team else ", no longer on the team")
              for s in statuses}
    person = st.selectbox("Whose sheet?", choices, index=choices.index(chosen), format_func=lambda p: labels.get(p, p),
                          help="Pick your own name. Your sheet is saved separately from everyone else's.")
    st.session_state["_sa_person"] = person
    if st.query_params.get("person") != person:
        st.query_params["person"] = person
    loaded = ui.open_document(pid, SPEC, person)
    doc: sa.SelfAssessmentDoc = loaded.doc
    member = roster.person(person)
    st.subheader(f"Sheet of {ui.md(labels.get(person, person))}")  # a name is shown as typed, never as markdown
    if ui.is_viewer(pid) and ui.own_sheet(pid, person):
        st.caption("This is your own sheet: you can fill it in and save it.")
    st.write("For each task: do you do it now, should it be part of your Collaborative Care role, how "
             "comfortable you are (1 not yet … 4 can teach others), for how many of your patients, and whether you "
             "want training. A task counts as answered once **Do it now?** and **Part of my role?** both have an "
             "answer; the other columns are optional. Never enter patient details.")
    comfort_options = list(sa.COMFORT_LABELS.values())
    frame = pd.DataFrame([{
        "id": t.id, "group": GROUP_TITLES[t.group], "task": t.label,
        "does": a.does if (a := doc.answer(t.id)) else None, "patients": a.patients if a else None,
        "comfort": sa.COMFORT_LABELS.get(a.comfort) if a and a.comfort else None,
        "training": bool(a.training) if a else False, "topic": a.topic if a else "",
        "should_own": a.should_own if a else None, "note": a.note if a else ""} for t in tasks]).astype(
        {"does": "object", "patients": "object", "comfort": "object", "should_own": "object"})
    col = st.column_config
    key = ui.editor_key(KIND, person)
    with st.form(f"{key}_form", border=False):
        edited = st.data_editor(
            frame, key=key, hide_index=True, width="stretch", num_rows="fixed",
            height=48 + ui.ROW_HEIGHT * min(len(frame), 7),
            placeholder="", row_height=ui.ROW_HEIGHT,  # tall rows wrap the task's words instead of cutting them
            # the three questions that drive the summary come first, so they fit a projector without scrolling
            disabled=["id", "group", "task"], column_order=["task", "does", "should_own", "comfort", "patients",
                                                            "training", "topic", "note"],
            column_config={
                "group": col.TextColumn("Area", width=130),
                "task": col.TextColumn("Task", width=220, help="The task, as the CIT lead worded it for this clinic."),
                "does": col.SelectboxColumn("Do it now?", options=list(sa.DOES), width=82,
                                            help="Do you do this task today, with any patients?"),
                "patients": col.SelectboxColumn("For how many?", options=list(sa.PATIENTS), width=86,
                                                help="For how many of your patients do you do it?"),
                "comfort": col.SelectboxColumn("Comfort", options=comfort_options, width=108,
                                               help="How comfortable are you doing it? 1 not comfortable … 4 "
                                                    "comfortable enough to teach others."),
                "training": col.CheckboxColumn("Training?", width=66, help="Tick if you would like training on it."),
                "topic": col.TextColumn("Topic", width=78, help="Optional: what the training should cover. Click the cell to type; the full text shows when you point at it."),
                "should_own": col.SelectboxColumn("Part of my role?", options=list(sa.SHOULD), width=100,
                                                  help="Should this be part of your Collaborative Care role? Shared "
                                                       "means with someone else."),
                "note": col.TextColumn("Note", width=78, help="Comments or barriers. " + ui.editors.NOTE_HELP),
            })
        st.caption(ui.UNSAVED_HINT)
        mine = ui.own_sheet(pid, person)  # a viewer on the roster still fills in their own sheet
        submitted = st.form_submit_button("Save my sheet", type="primary", icon=":material/save:",
                                          disabled=ui.read_only() and not mine)
    if submitted:
        answers = {tid: a.model_dump(mode="json") for tid, a in doc.answers.items()}  # off-list answers stay
        texts = {t.id: t.text for t in tasks}
        for row in editor_rows(edited.to_dict("records"), ["id", "does", "patients", "comfort", "training", "topic",
                                                           "should_own", "note"]):
            values = {k: row[k] for k in ("does", "patients", "comfort", "topic", "should_own", "note")}
            values = {k: v for k, v in values.items() if v is not None}
            values["training"] = bool(row["training"])
            if any(v for v in values.values()):
                answers[row["id"]] = {"task": texts[row["id"]], **values}
            else:
                answers.pop(row["id"], None)
        data = {"person_id": person, "answers": answers,
                "name": member.name if member else doc.name, "role": (member.role_detail or member.role) if member
                else doc.role}
        new_doc = ui.validated(sa.SelfAssessmentDoc, data)
        if new_doc is not None and ui.save(pid, new_doc, loaded.version, where="sheet", key=person):
            st.rerun()
    ui.outcome(KIND, "sheet", person)
    off = sa.off_list_answers(doc, tasks)
    if off:
        st.markdown("**Answers to tasks no longer on the list.** The CIT lead took these tasks off the list (or "
                    "renamed them); your answers are kept here and in the PDF.")
        st.dataframe(pd.DataFrame([{"Task as answered": a.task or tid, "Do it now": a.does or "",
                                    "Comfort": a.comfort or "", "Part of my role": a.should_own or "",
                                    "Note": a.note} for tid, a in off]), hide_index=True, width="stretch")
    ui.history(pid, KIND, sa.SelfAssessmentDoc, loaded.version, sa.describe, key=person)


# ---- tailoring the list -----------------------------------------------------------------------
def tailor() -> None:
    summary_spec = registry.worksheet(ts.KIND)
    loaded = ui.open_document(pid, summary_spec)
    doc: ts.TaskSummaryDoc = loaded.doc
    st.write("Untick tasks that do not apply to this clinic, reword any task, or add the clinic's own at the end of "
             "the table. Answers already given are never dropped: a task taken off the list keeps its answers, shown "
             "as such on each sheet. Do this once, before members fill in their sheets: a task added later reopens "
             "every finished sheet, because each member then has one more task to answer.")
    if not doc.tailored:
        st.caption("This is the standard list (the AIMS Center's core tasks plus the operational tasks a clinic must "
                   "give someone). Nothing is saved until you press Save.")
    key = ui.editor_key(ts.KIND)
    group_ids = [g.id for g in GROUPS]
    with st.form(f"{key}_form", border=False):
        rows = ui.rows_editor(TaskDef, doc.task_list(), key, ["included", "text", "group"],
                              options={"group": group_ids}, formats={"group": GROUP_TITLES.get},
                              labels={"group": "Area", "text": "Task", "included": "On the list"},
                              helps={"group": "Where the task sits; new tasks go under the clinic's own tasks.",
                                     "text": "The task as members will read it.",
                                     "included": "Untick to leave a task off everyone's sheet."},
                              widths={"group": 220, "text": 470, "included": 85})
        st.caption(ui.UNSAVED_HINT)
        submitted = st.form_submit_button("Save the task list", disabled=ui.read_only(), type="primary",
                                          icon=":material/save:")
    if submitted:
        tasks_data = []
        for row in rows:
            if row.get("id") is None:
                row = {k: v for k, v in row.items() if k != "id"}
            if row.get("group") is None:
                row["group"] = "9"
            if row.get("included") is None:
                row["included"] = True
            tasks_data.append(row)
        kept = {r.get("id") for r in tasks_data}
        for tid, group, text in CANONICAL:  # a standard task deleted from the table is only taken off the list
            if tid not in kept:
                tasks_data.append({"id": tid, "group": group, "text": text, "included": False})
        new_doc = ui.validated(ts.TaskSummaryDoc, {**doc.model_dump(mode="json"), "tasks": tasks_data})
        if new_doc is not None and ui.save(pid, new_doc, loaded.version, where="tasks"):
            st.rerun()
    ui.outcome(ts.KIND, "tasks")


def paper() -> None:
    st.write("Some members prefer paper. The blank sheet lists every task on the plan's list with the answer "
             "choices printed in each column; the CIT lead types the answers in afterwards.")
    names = {m.id: f"{m.name} ({m.role_detail or m.role})" for m in roster.members}
    who = st.selectbox("Print for", [None, *names], format_func=lambda p: "Anyone (name left blank)" if p is None
                       else names[p], key="sa_paper_for", help="Prints the person's name and role at the top.")
    ui.pdf_download("Build the blank sheet PDF", lambda: reports.blank_self_assessment_pdf(ui.store(), pid, who),
                    f"{ui.safe_filename(meta.name)}-self-assessment-blank.pdf", key="sa_blank")


{SHEET: member_sheet, TAILOR: tailor, PAPER: paper}.get(part or SHEET, member_sheet)()

ui.pdf_download("Build the self-assessments PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-self-assessments.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
