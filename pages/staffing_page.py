"""Staffing: the care managers and consultant hours the target caseload needs, and a hire-or-redeploy decision
per role.

One source of truth: the figures (care manager FTE, consultant hours, target caseload) belong to the Sustainment
plan's scenario in use. This page reads them from there and its "Save figures" writes them back there (a save of
the Sustainment plan, with its usual conflict handling), so both pages always agree. The decisions are this
worksheet's own document.
"""
import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.editors import NOTE_HELP
from planning import registry, reports
from worksheets import fields
from worksheets import financial_model as fm
from worksheets import staffing as sf
from worksheets import sustainment as su

SPEC = registry.worksheet(sf.KIND)
KIND = SPEC.kind
SU = su.SustainmentDoc.KIND
SUSTAINMENT_PAGE = registry.worksheet(SU).page_file
TEAM_PAGE = registry.worksheet("team").page_file
F = fm.FinancialInputs.model_fields
LABELS = {"care_manager_fte": "Care manager FTE", "consultant_hours_per_week": "Consultant hours a week",
          "expected_caseload": "Target caseload (patients)"}

pid, meta, loaded = ui.open_worksheet(
    SPEC, "The figures come from the Sustainment plan's scenario in use: change them here or there, both pages "
          "show the same. Plain planning text only: never enter patient details.")
doc: sf.StaffingDoc = loaded.doc
ui.saved_notice(SU)  # the outcome of a "Save figures" (a save of the Sustainment plan)
view = ui.plan_view()
people = view.people()


def explain(lines) -> None:
    with st.expander("How this was computed", icon=":material/calculate:"):
        st.markdown("\n".join(f"- {ui.md(line)}" for line in lines))


st.caption(f"Status: {ui.status_label(SPEC.progress(view))}")
open_now = view.findings([KIND])
ui.still_open(open_now, expanded=True)

# ---- 1. the figures and what the caseload needs ---------------------------------------------------
st.header("What the target caseload needs")
sust_loaded = ui.working_copy(pid, SU)  # the version the figures below were read from; a save compares with it
sust: su.SustainmentDoc = sust_loaded.doc
fig = sf.figures(sust)
if fig.saved:
    st.markdown(f"Figures from the **Sustainment plan**, scenario in use: **{ui.md(fig.scenario_name)}**. "
                "Changing them here changes them on the Sustainment plan, and the other way round.")
else:
    st.info("No financial scenario is saved yet, so these are the model's starting figures, not the clinic's. "
            "Enter the clinic's figures under **Change the figures** and press **Save figures**: that saves the "
            f"first scenario, \"{sf.FIRST_SCENARIO}\", on the Sustainment plan. Or set up the whole financial "
            "model there first.", icon=":material/info:")
ui.plan_link(SUSTAINMENT_PAGE, "Open the Sustainment plan", ":material/savings:")

n, f = fm.num, fm.fte_text
source = fig.explanations["source"][0]
m1, m2, m3, m4 = st.columns(4)
m1.metric("Target caseload", f"{n(fig.caseload, 1)} patients",
          help=f"Active patients in a typical month once the program runs. {source}")
m2.metric("AIMS range per FTE", f"{fig.low}-{fig.high}",
          help=f"Patients per full-time care manager the AIMS Center suggests for this population: "
               f"{fig.population_label}. Change the population on the Sustainment plan.")
m3.metric("Care manager FTE", f"{f(fig.fte)} FTE", help=f"Care manager time planned. {source}")
m4.metric("Consultant hours", f"{n(fig.consultant_hours)} a week",
          help=f"Psychiatric consultant hours a week planned. {source}")

c1, c2, c3 = st.columns(3)
with c1:
    st.metric("Care managers needed, by hours",
              "none fit" if fig.fte_needed is None else f"{f(fig.fte_needed)} FTE",
              help="The care manager time whose direct-contact hours carry the caseload with the contact plan on "
                   "the Sustainment plan.")
    if fig.short_by_hours:
        st.warning(f"Short: {f(fig.fte)} FTE planned carries {n(fig.carried, 1)} of {n(fig.caseload, 1)} patients.",
                   icon=":material/warning:")
    else:
        st.success(f"{f(fig.fte)} FTE planned carries {n(fig.carried, 1)} patients.", icon=":material/check_circle:")
    explain(fig.explanations["hours"])
with c2:
    st.metric("Care managers needed, AIMS range", f"{f(fig.aims_fte_low)}-{f(fig.aims_fte_high)} FTE",
              help="Target caseload / top of the AIMS range to target caseload / bottom of it.")
    if fig.above_range:
        st.warning(f"{n(fig.caseload_per_fte, 1)} patients per full-time care manager is above the AIMS range of "
                   f"{fig.low}-{fig.high}.", icon=":material/warning:")
    else:
        st.success(f"{n(fig.caseload_per_fte, 1)} patients per full-time care manager is "
                   + ("below" if fig.caseload_per_fte < fig.low else "within")
                   + f" the AIMS range of {fig.low}-{fig.high}.", icon=":material/check_circle:")
    explain(fig.explanations["aims"])
with c3:
    st.metric("Consultant hours needed", f"{n(fig.consultant_needed)} a week",
              help=f"About {n(fm.CONSULTANT_HOURS_PER_FTE)} hours a week per full-time care manager planned.")
    if fig.consultant_low:
        st.warning(f"{n(fig.consultant_hours)} hours a week is under two thirds of the guidance.",
                   icon=":material/warning:")
    else:
        st.success(f"{n(fig.consultant_hours)} hours a week planned.", icon=":material/check_circle:")
    explain(fig.explanations["consultant"])

# ---- 2. change the figures (saved into the Sustainment plan's scenario in use) --------------------
st.subheader("Change the figures")
st.write("Change the care manager FTE, the consultant hours or the target caseload and press **Save figures**. "
         + (f"They are saved in the Sustainment plan's scenario in use, \"{ui.md(fig.scenario_name)}\". A new "
            "caseload sets new patients a month to match (caseload / months in care), so the 36-month budget fills "
            "to it; every other input of the financial model stays as it is." if fig.saved else
            f"This saves the first scenario, \"{sf.FIRST_SCENARIO}\", on the Sustainment plan, with the model's "
            "starting figures for everything else."))
fk = f"staffing_fig_{ui.editor_key(SU)}_{sust_loaded.version}_"  # rebuilt from the document after any save
saved_inputs = sf.scenario_inputs(sust)[2]
slots: dict = {}
values: dict = {}
with st.form(f"{fk}form", border=False):
    for col, field in zip(st.columns(3), sf.FIGURE_FIELDS):
        with col:
            info, key = F[field], fk + field
            saved = float(getattr(saved_inputs, field))
            if key not in st.session_state:  # seeded, not a default: an emptied box stays empty (and is refused)
                st.session_state[key] = saved
            slots[field] = st.empty()
            fmt = fields.input_format(info)
            values[field] = st.number_input(LABELS[field], value=None, key=key, step=fields.step(info), format=fmt,
                                            placeholder=fmt % saved,
                                            help=f"{info.title}. {fields.help_text(info)}")
    st.caption(ui.UNSAVED_HINT)
    save_figures = st.form_submit_button("Save figures", disabled=ui.read_only(), type="primary",
                                         icon=":material/save:")
figures_msg = st.empty()
if save_figures:
    try:
        new_sust = sf.with_figures(sust, values)
    except su.InputProblems as exc:
        elsewhere = [line for name, lines in exc.by_field.items() if name not in slots for line in lines]
        figures_msg.error("**Not saved.** Nothing was changed. Please fix:\n\n"
                          + "\n".join(f"- {ui.md(line)}" for line in exc.lines)
                          + ("\n\nThe other inputs named here are on the Sustainment plan." if elsewhere else ""),
                          icon=":material/error:")
        for name, lines in exc.by_field.items():
            if name in slots:
                slots[name].error("\n".join(ui.md(line) for line in lines), icon=":material/error:")
    except ValueError as exc:
        figures_msg.error(f"**Not saved.** {ui.md(str(exc))}", icon=":material/error:")
    else:
        if ui.save(pid, new_sust, sust_loaded.version, where="figures"):
            st.rerun()
ui.outcome(SU, "figures")
if fig.enrollment_note:
    st.info(ui.md(fig.enrollment_note), icon=":material/info:")

# ---- 3. hire or redeploy, per role ----------------------------------------------------------------
st.header("Hire or redeploy")
st.write("For each role, decide how the clinic fills it, who, and when they start. Choose a team member, or type "
         "who (\"new hire, posting in March\", \"agency, to confirm\"). The worksheet is complete when every role "
         "the plan needs has a decision.")
if not people:
    st.info("Add people on the Implementation team page to choose them here.", icon=":material/group_add:")
    ui.plan_link(TEAM_PAGE, "Open the Implementation team", ":material/group:")
names = {m.id: m.name for m in view.roster.members}  # names only: the column is narrow
persons = list(names) + sorted({d.person for d in doc.roles.values() if d.person and d.person not in names})
ek = ui.editor_key(KIND)
frame = pd.DataFrame([
    {"id": r.id, "role": r.title, "need": sf.role_need(fig, r.id), "decision": doc.decision(r.id).decision,
     "person": doc.decision(r.id).person, "who": doc.decision(r.id).who, "start": doc.decision(r.id).start,
     "note": doc.decision(r.id).note} for r in sf.ROLES]).astype("object")
columns = {
    "role": st.column_config.TextColumn("Role", width=125),
    "need": st.column_config.TextColumn("Needed", width=110, help="What the plan's figures ask of the role."),
    "decision": st.column_config.SelectboxColumn(
        "Decision", options=list(sf.DECISIONS), width=125, format_func=lambda d: sf.DECISION_LABELS.get(d, d),
        help="Hire, Redeploy existing staff, Contract, Already in place, or Not decided."),
    "person": st.column_config.SelectboxColumn("Team member", options=persons, width=120,
                                               format_func=lambda p: names.get(p, sf.REMOVED),
                                               help="Someone on the implementation team, when it is one of them."),
    "who": st.column_config.TextColumn("Or who", width=110,
                                       help=f"Who, in a few words, when it is not someone on the team yet (up to "
                                            f"{sf.WHO_MAX} characters)."),
    "start": st.column_config.DateColumn("Target start", format="YYYY-MM-DD", width=98,
                                         help="When the person should start in the role."),
    "note": st.column_config.TextColumn("Note", width=110, help=NOTE_HELP),
}
with st.form(f"{ek}_form", border=False):
    edited = st.data_editor(frame, key=ek, column_config=columns, column_order=list(columns), hide_index=True,
                            disabled=["role", "need"], width="stretch", num_rows="fixed", row_height=ui.ROW_HEIGHT,
                            placeholder="", height=48 + ui.ROW_HEIGHT * len(frame))
    st.caption(ui.UNSAVED_HINT)
    save_decisions = st.form_submit_button("Save decisions", disabled=ui.read_only(), type="primary",
                                           icon=":material/save:")
if save_decisions:
    new_doc = ui.validated(sf.StaffingDoc, {"roles": sf.roles_from_rows(edited.to_dict("records"))})
    if new_doc is not None:
        problems = sf.person_problems(new_doc, names)
        if problems:
            ui.not_saved(problems)
        elif ui.save(pid, new_doc, loaded.version, where="decisions"):
            st.rerun()
ui.outcome(KIND, "decisions")

ui.history(pid, KIND, sf.StaffingDoc, loaded.version, sf.describe)
ui.pdf_download("Build the staffing PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-staffing.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
