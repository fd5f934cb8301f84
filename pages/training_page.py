"""Training plan: the trainings each person needs because of their role, by when, and how far they have got; the
clinic's own trainings; start dates of new hires; training the team asked for in their self-assessments; a matrix of
people x trainings, and a training record PDF per person. Staff training only: no patient data."""
from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.editors import NOTE_HELP
from planning import charts, registry, reports
from worksheets import self_assessment as sa
from worksheets import training as tr

SPEC = registry.worksheet(tr.KIND)
KIND = SPEC.kind
TEAM_PAGE = registry.worksheet("team").page_file
SA_PAGE = registry.worksheet(sa.KIND).page_file
PART = "training_part"
MATRIX, ASSIGN, TRAININGS, STARTS, WANTED = "Matrix", "Assignments", "Trainings", "Start dates", "Training wanted"
EVERYONE = "__everyone__"
DUE_FROM_LABELS = {tr.DUE_FROM_LAUNCH: "Launch", tr.DUE_FROM_START: "Start date", tr.DUE_SET: "Set by hand",
                   tr.DUE_NONE: "-"}

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Trainings by role from the AIMS Center Collaborative Care Implementation Guide and the resources it names "
          "(course names kept as titles; descriptions, hour estimates and due-date rules are ours). This page holds "
          "staff training only: never enter patient details.")
doc: tr.TrainingDoc = loaded.doc
view = ui.plan_view()
read_only = ui.read_only()  # a viewer (behind sign-in): buttons that change the plan are disabled
people = tr.people_of(view.roster)
names = {p.id: p.name for p in people}
launch = meta.target_launch
today = date.today()
all_lines = tr.lines(doc, people, launch)

# ---- summary -------------------------------------------------------------------------------------
c = tr.counts(all_lines, today)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Done", f"{c.done} of {c.assigned}",
          help="Trainings marked done, of all assignments not marked not needed. Everyone gets the trainings of "
               "their role on the roster.")
m2.metric("Overdue", c.overdue, help="Not done, and the due date has passed.")
m3.metric("Required, not done", c.required_open,
          help="Required trainings not done yet (not needed counts as closed). The care manager's are blockers "
               "on the launch gate.")
m4.metric("CE/CME hours", tr.hours_text(c.ce_hours), help="CE or CME hours earned, added up over the team.")
if launch is None:
    st.info(ui.md(tr.launch_sentence(None)), icon=":material/event_busy:")
else:
    st.caption(ui.md(tr.launch_sentence(launch)) + " " + ui.md(tr.NEW_HIRE_SENTENCE))
for f in tr.findings(doc, people, launch, today):
    if f.severity == "blocker":
        st.error(f"**Blocker before launch:** {ui.md(f.text)}", icon=":material/block:")
late = tr.overdue(all_lines, today)
if late:
    st.warning("**Overdue:** " + "; ".join(
        f"{ui.md(ln.person.name)}, {ui.md(ln.training.title)} (due {tr.fmt_date(ln.due)})" for ln in late[:6])
        + (" …" if len(late) > 6 else ""), icon=":material/alarm:")
for w in tr.warnings(doc, people):
    st.warning(ui.md(w), icon=":material/help:")
if not people:
    st.info("No one is on the implementation team yet. Add people on the Implementation team page: each person "
            "gets the trainings of their role here at once.", icon=":material/group_add:")
    ui.plan_link(TEAM_PAGE, "Go to the Implementation team", ":material/groups:")

part = st.segmented_control("Show", [MATRIX, ASSIGN, TRAININGS, STARTS, WANTED], key=PART, default=MATRIX,
                            help="The matrix of people x trainings; the assignments to update; the trainings by "
                                 "role and the clinic's own; start dates of new hires; training the team asked for.")


# ---- the matrix ------------------------------------------------------------------------------------
def show_matrix() -> None:
    grid = tr.matrix(doc, people, launch, today)
    if grid is None:
        st.write("Nothing to show yet: the matrix fills in as people join the roster.")
        return
    st.caption(ui.md(tr.MATRIX_LEGEND))
    st.plotly_chart(charts.heatmap_figure(grid), width="stretch", config={"displayModeBar": False})


# ---- assignments -----------------------------------------------------------------------------------
def _title_cell(ln: tr.Line) -> str:
    kind = "required" if ln.required else "optional"
    return f"{ln.training.title} · {kind}" + ("" if ln.by_role else " · added by hand")


def show_assignments() -> None:
    if not people:
        return
    st.write("Update each training's status, the day it was finished and the CE/CME hours earned. **Due** shows "
             "the worked-out date; change it to set one by hand, or empty it to go back to the worked-out date.")
    who = st.columns([1, 1])[0].selectbox(
        "Show the trainings of", [EVERYONE, *names], key="training_person",
        format_func=lambda p: "Everyone" if p == EVERYONE else names.get(p, p),
        help="Show one person's trainings, or everyone's. Save before switching: unsaved changes are dropped when "
             "the list changes.")
    shown = [ln for ln in all_lines if who == EVERYONE or ln.person.id == who]
    frame = pd.DataFrame([{
        "person": ln.person.id, "training": ln.training.id, "who": ln.person.name, "title": _title_cell(ln),
        "due": ln.due, "from": DUE_FROM_LABELS[ln.due_from], "status": ln.status, "completed": ln.entry.completed,
        "ce_hours": ln.entry.ce_hours, "note": ln.entry.note} for ln in shown],
        columns=["person", "training", "who", "title", "due", "from", "status", "completed", "ce_hours", "note"],
    ).astype("object")
    col = st.column_config
    config = {
        "who": col.TextColumn("Person", width=96),
        "title": col.TextColumn("Training", width=184),
        "due": col.DateColumn("Due", format="YYYY-MM-DD", width=96,
                              help="When it should be done. Worked out from the launch date (or a new hire's start "
                                   "date); change it to set it by hand."),
        "from": col.TextColumn("Due from", width=78, help="What the due date counts from: the target launch, the "
                                                          "person's start date, or set by hand."),
        "status": col.SelectboxColumn("Status", options=list(tr.STATUSES), width=98,
                                      format_func=lambda s: tr.STATUS_LABELS.get(s, s),
                                      help="Not started, In progress, Done, or Not needed (they will not take it)."),
        "completed": col.DateColumn("Completed", format="YYYY-MM-DD", width=96,
                                    help="The day it was finished (not in the future). Only with status Done."),
        "ce_hours": col.NumberColumn("CE/CME h", width=62, format="%g",
                                     help=f"CE or CME hours earned, 0 to {tr.CE_MAX:g}."),
        "note": col.TextColumn("Note", width=96, help=NOTE_HELP),
    }  # 806 px with the person column: a 1280 x 720 projector shows it without sideways scrolling
    order = (["who"] if who == EVERYONE else []) + ["title", "due", "from", "status", "completed", "ce_hours", "note"]
    key = f"{ui.editor_key(KIND)}_assign_{who}"
    with st.form(f"{key}_form", border=False):
        edited = st.data_editor(
            frame, key=key, column_config=config, column_order=order, hide_index=True, width="stretch",
            disabled=["who", "title", "from"], num_rows="fixed", row_height=ui.ROW_HEIGHT, placeholder="",
            height=48 + ui.ROW_HEIGHT * min(max(len(frame), 1), 8))
        st.caption(ui.UNSAVED_HINT)
        submitted = st.form_submit_button("Save assignments", disabled=read_only, type="primary",
                                          icon=":material/save:")
    if submitted:
        new_doc, problems = tr.assignments_from_rows(doc, edited.to_dict("records"), people, launch, today)
        if problems:
            ui.not_saved(problems)
        elif ui.save(pid, new_doc, loaded.version, where="assignments"):
            st.rerun()
    ui.outcome(KIND, "assignments")

    st.header("Assign a training by hand")
    st.write("For a training outside someone's role (a PCP joining the motivational interviewing workshop, say).")
    trainings = {t.id: t.title for t in doc.trainings()}
    with st.form("training_add_form", border=False):
        a1, a2 = st.columns([1, 2])
        person = a1.selectbox("Person", list(names), format_func=names.get, key="training_add_person",
                              help="Someone on the implementation team.")
        training = a2.selectbox("Training", list(trainings), format_func=trainings.get, key="training_add_training",
                                help="Any training of the catalog or the clinic's own.")
        add = st.form_submit_button("Assign", disabled=read_only, icon=":material/person_add:")
    if add and person and training:
        if any(ln.key == (person, training) for ln in all_lines):
            st.info(f"{ui.md(names[person])} already has \"{ui.md(trainings[training])}\".", icon=":material/info:")
        elif ui.apply_change(pid, KIND, lambda d: tr.with_added(d, person, training), where="add",
                             done=f"\"{trainings[training]}\" assigned to {names[person]}."):
            st.rerun()
    added = [ln for ln in all_lines if not ln.by_role]
    if added:
        with st.form("training_remove_form", border=False):
            pick = st.selectbox("Take back a training assigned by hand", [ln.key for ln in added], key="training_rm",
                                format_func=lambda k: f"{names.get(k[0], k[0])}: {trainings.get(k[1], k[1])}",
                                help="Only trainings assigned by hand can be taken back; for a training of the "
                                     "person's role, choose the status Not needed instead.")
            remove = st.form_submit_button("Take back", disabled=read_only, icon=":material/person_remove:")
        if remove and pick and ui.apply_change(
                pid, KIND, lambda d: tr.without_added(d, *pick), where="add",
                done=f"\"{trainings.get(pick[1], pick[1])}\" taken back from {names.get(pick[0], pick[0])}."):
            st.rerun()
    ui.outcome(KIND, "add")


# ---- trainings: the catalog and the clinic's own --------------------------------------------------
def show_trainings() -> None:
    st.write("Each role gets the trainings listed for it. Tick **Required** to make a training required for "
             "everyone it is for; optional trainings have no due date unless one is set. Add the clinic's own "
             "trainings below (an EHR class, a local workshop).")
    with st.expander("What each training is", icon=":material/menu_book:"):
        for group in tr.GROUPS[:-1]:
            items = [t for t in tr.CATALOG if t.group == group]
            st.markdown(f"**{group}**\n\n" + "\n".join(
                f"- **{ui.md(t.title)}** · {ui.md(t.about)} *{ui.md(t.type)}, {ui.md(t.hours_text)}; "
                f"lead time: {ui.md(t.due_rule().lower())}.*" for t in items))
    col = st.column_config
    key = f"{ui.editor_key(KIND)}_trainings"
    catalog = pd.DataFrame([{"id": t.id, "title": t.title, "for": tr.roles_text(t.roles), "type": t.type,
                             "hours": t.hours_text, "ce": t.ce, "required": t.required, "due": t.due_rule()}
                            for t in doc.trainings() if not t.custom])
    custom = pd.DataFrame([{"id": c_.id, "title": c_.title, "roles": list(c_.roles), "type": c_.type,
                            "hours": c_.hours, "ce": c_.ce, "required": c_.required} for c_ in doc.custom],
                          columns=["id", "title", "roles", "type", "hours", "ce", "required"]).astype(
        {"id": "object", "title": "object", "type": "object", "hours": "object"})
    with st.form(f"{key}_form", border=False):
        cat = st.data_editor(
            catalog, key=f"{key}_catalog", hide_index=True, width="stretch", num_rows="fixed", placeholder="",
            column_order=["title", "for", "type", "hours", "ce", "required", "due"],
            disabled=["title", "for", "type", "hours", "ce", "due"], row_height=ui.ROW_HEIGHT,
            height=48 + ui.ROW_HEIGHT * 7,
            column_config={"title": col.TextColumn("Training", width=230), "for": col.TextColumn("For", width=110),
                           "type": col.TextColumn("Type", width=100), "hours": col.TextColumn("Hours", width=90),
                           "ce": col.CheckboxColumn("CE/CME", width=64, help="CE or CME credit available."),
                           "required": col.CheckboxColumn("Required", width=80,
                                                          help="Required for everyone it is for. The care manager's "
                                                               "required trainings are launch blockers."),
                           "due": col.TextColumn("Due", width=140, help="The default due date and lead time.")})
        st.markdown("**The clinic's own trainings**")
        own = st.data_editor(
            custom, key=f"{key}_custom", hide_index=True, width="stretch", num_rows="dynamic", placeholder="",
            row_height=ui.ROW_HEIGHT,
            column_order=["title", "roles", "type", "hours", "ce", "required"],
            column_config={
                "title": col.TextColumn("Title", width=230, help="What the training is, in a few words."),
                "roles": col.MultiselectColumn("For roles", options=list(tr.ROLES), width=210,
                                               format_func=lambda r: tr.ROLE_SHORT.get(r, r),
                                               help="Everyone in these roles gets it. Empty: only people it is "
                                                    "assigned to by hand."),
                "type": col.SelectboxColumn("Type", options=list(tr.TYPES), width=124),
                "hours": col.NumberColumn("Hours", width=62, format="%g", help=f"Length, 0 to {tr.HOURS_MAX:g}."),
                "ce": col.CheckboxColumn("CE/CME", width=64, help="CE or CME credit available."),
                "required": col.CheckboxColumn("Required", width=80,
                                               help=f"Required trainings are due {tr.CUSTOM_DUE_BEFORE} days before "
                                                    f"launch (or {tr.ROLE_NEW_HIRE_DAYS} days after a new hire "
                                                    "starts)."),
            })
        st.caption("Deleting one of the clinic's trainings deletes its assignments too; the history keeps every "
                   "saved version. " + ui.UNSAVED_HINT)
        submitted = st.form_submit_button("Save trainings", disabled=read_only, type="primary",
                                          icon=":material/save:")
    if submitted:
        new_doc, problems = tr.trainings_from_rows(doc, cat.to_dict("records"), own.to_dict("records"))
        if problems:
            ui.not_saved(problems)
        elif ui.save(pid, new_doc, loaded.version, where="trainings"):
            st.rerun()
    ui.outcome(KIND, "trainings")


# ---- start dates ---------------------------------------------------------------------------------
def show_start_dates() -> None:
    if not people:
        return
    st.write(f"Enter the day a person joined (or will join) when they join after the team's training has started. "
             f"Their due dates then count from it: whole-team trainings within {tr.TEAM_NEW_HIRE_DAYS} days, "
             f"the others within {tr.ROLE_NEW_HIRE_DAYS} days (longer when a course takes longer), never earlier "
             f"than the launch-based date. Leave it empty for the launch team.")
    frame = pd.DataFrame([{"person": p.id, "name": p.name, "role": p.role_detail or p.role,
                           "start": doc.start_dates.get(p.id)} for p in people]).astype("object")
    key = f"{ui.editor_key(KIND)}_starts"
    with st.form(f"{key}_form", border=False):
        edited = st.data_editor(
            frame, key=key, hide_index=True, width="stretch", num_rows="fixed", placeholder="",
            column_order=["name", "role", "start"], disabled=["name", "role"],
            column_config={"name": st.column_config.TextColumn("Person", width=200),
                           "role": st.column_config.TextColumn("Role", width=240),
                           "start": st.column_config.DateColumn("Joined on", format="YYYY-MM-DD", width=120,
                                                                help="The first working day on the team. Empty: "
                                                                     "on the team from the start.")})
        st.caption(ui.UNSAVED_HINT)
        submitted = st.form_submit_button("Save start dates", disabled=read_only, type="primary",
                                          icon=":material/save:")
    if submitted:
        new_doc, problems = tr.start_dates_from_rows(doc, edited.to_dict("records"), people)
        if problems:
            ui.not_saved(problems)
        elif ui.save(pid, new_doc, loaded.version, where="starts"):
            st.rerun()
    ui.outcome(KIND, "starts")


# ---- training wanted -------------------------------------------------------------------------------
def show_wanted() -> None:
    wanted = tr.offers(doc, people, sa.current_sheets(view), launch)
    if not wanted:
        st.write("No one has asked for training in their self-assessment yet. When someone ticks \"training "
                 "wanted\" on a task, it is offered here as an assignment.")
        ui.plan_link(SA_PAGE, "Go to the Team self-assessment", ":material/person_check:")
        return
    st.write("From the team's self-assessments. Assign a matching training from the catalog, or add what they "
             "asked for as one of the clinic's own trainings, assigned to them.")
    for p in people:
        mine = [o for o in wanted if o.person.id == p.id]
        if not mine:
            continue
        st.markdown(f"**{ui.md(p.name)}** asked for training in: " + "; ".join(ui.md(o.asked) for o in mine) + ".")
        for o in mine:
            c1, rest = st.columns([3, 4], vertical_alignment="center")
            c1.markdown(f"- {ui.md(o.asked)}")
            if o.covered_by is not None:
                ln = o.covered_by
                rest.caption(f"On their list: {ui.md(ln.training.title)} "
                           f"({ui.md(tr.STATUS_LABELS[ln.status].lower())})")
                continue
            c2, c3 = rest.columns(2, vertical_alignment="center")
            base = f"offer_{p.id}_{o.task_id}"
            if o.match is not None and c2.button(f"Assign: {o.match.title}", disabled=read_only,
                                                 key=f"{base}_match",
                                                 help="Assign this catalog training to them."):
                if ui.apply_change(pid, KIND, lambda d, o=o: tr.with_added(d, o.person.id, o.match.id),
                                   where="wanted", done=f"\"{o.match.title}\" assigned to {p.name}."):
                    st.rerun()
            if c3.button("Add as the clinic's own training", disabled=read_only, key=f"{base}_own",
                         help="Adds a training with this title to the clinic's own (for no role) and assigns it "
                              "to them."):
                if ui.apply_change(pid, KIND, lambda d, o=o: tr.with_custom_for(d, o.person.id, o.asked, o.source),
                                   where="wanted", done=f"\"{o.asked}\" added and assigned to {p.name}."):
                    st.rerun()
    ui.outcome(KIND, "wanted")


{MATRIX: show_matrix, ASSIGN: show_assignments, TRAININGS: show_trainings, STARTS: show_start_dates,
 WANTED: show_wanted}.get(part or MATRIX, show_matrix)()

# ---- history and PDFs ------------------------------------------------------------------------------
ui.history(pid, KIND, tr.TrainingDoc, loaded.version, tr.describe)
if people:
    st.header("Training record of one person")
    chosen = st.columns([1, 1])[0].selectbox(
        "Person", list(names), format_func=names.get, key="training_record_person",
        help="A one-page record: their trainings, status, dates and CE/CME hours earned.")
    ui.pdf_download("Build the training record PDF",
                    lambda: reports.training_record_pdf(ui.store(), pid, chosen),
                    f"{ui.safe_filename(meta.name)}-training-record-{ui.safe_filename(names.get(chosen, ''))}.pdf",
                    key="training_record")
ui.pdf_download("Build the training plan PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-training-plan.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
