"""Shared vision: why, conditions, populations, measures, treatments, services map, goals, statement, sign-off.

One form per tab. Every form's Save validates and saves the WHOLE document (the saved document with that
tab's part replaced) with compare-and-swap on the version this page loaded.
"""
from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from planning import registry, reports
from worksheets import shared_vision as sv

SPEC = registry.worksheet(sv.SharedVisionDoc.KIND)
KIND = SPEC.kind
TEAM_PAGE = registry.worksheet("team").page_file
NOTES = f"_notes_{KIND}"

pid, meta = ui.worksheet_header(SPEC)
view = ui.read_plan(pid)
loaded = ui.working_copy(pid, KIND)
doc: sv.SharedVisionDoc = loaded.doc
names = view.people()  # person id -> "Name (role)"

st.caption(":material/lock: Describe the program, not patients. " + ui.NO_PATIENT_DATA)
if loaded.version:
    st.caption(f"Last saved by {ui.md(loaded.saved_by)} on {ui.when(loaded.saved_at)} (version {loaded.version}).")
ui.saved_notice(KIND)
for note in st.session_state.pop(NOTES, []):
    st.info(ui.md(note), icon=":material/lightbulb:")
st.session_state["_conflict_pid"] = pid


def save(part: dict, where: str) -> None:
    """Replace one part (one tab) of the document this page opened, validate the whole, save.

    If someone else saved since, ui.save combines their changes with these (other tabs, other rows and
    other fields are kept from both) and asks only about fields both changed.
    """
    data = doc.model_dump(mode="json")
    data.update(part)
    new_doc = ui.validated(sv.SharedVisionDoc, data)
    if new_doc is None:
        return
    new_doc, suggested = sv.apply_measure_suggestions(new_doc, doc)
    notes = []
    if suggested:
        notes.append("Suggested measures added: " + "; ".join(f"{m} for {c}" for c, m in suggested)
                     + ". Change them on the Measures and treatments tab if your clinic uses others.")
    if "vision" in part:
        notes += sv.signoff_warnings(new_doc)
    if ui.save(pid, new_doc, loaded.version, where=where):
        st.session_state[NOTES] = notes
        st.rerun()


def save_button(label: str, where: str) -> bool:
    """The tab's Save button, with what the user must know next to it."""
    st.caption(ui.UNSAVED_HINT)
    return st.form_submit_button(label, disabled=ui.read_only(), type="primary", icon=":material/save:")


def person_name(person_id: str) -> str:
    return sv.person_label(person_id, names)


# ---- summary -------------------------------------------------------------------------------
status = sv.progress(doc)
open_now = view.findings([KIND])
if doc.vision.statement:
    st.markdown("> " + ui.md(doc.vision.statement))
m1, m2, m3 = st.columns(3)
m1.metric("Status", ui.status_label(status),
          help="Complete when the why, at least one condition with a measure for each, the year 1 goals, the "
               "vision statement and a sign-off are all saved.")
m2.metric("Conditions in scope", len(doc.in_scope()))
m3.metric("Still open", len(open_now))
ui.still_open(open_now)

st.write("Work through the tabs together. Each tab has its own **Save** button that saves the whole worksheet: "
         "save a tab before you move to the next one, or its changes are lost.")
if not names:
    st.info("No one is on the implementation team yet. Add people on the team page first to name who delivers "
            "treatments and who signs off.", icon=":material/groups:")
    st.page_link(TEAM_PAGE, label="Go to the implementation team", icon=":material/groups:")

key = ui.editor_key(KIND)
tabs = st.tabs(["1 · Why and conditions", "2 · Populations", "3 · Measures and treatments", "4 · Services today",
                "5 · Goals", "6 · Vision and sign-off"], key="sv_tab", on_change="rerun")

# ---- 1. why and conditions -----------------------------------------------------------------
if tabs[0].open:  # only the tab on screen is drawn: hidden tabs' tables cost time
    with tabs[0], st.form("sv_why_form", border=False):
        st.header("Why are we doing this?")
        problem = st.text_area(
            "The problem we want to solve", value=doc.why.problem, key=f"{key}_problem",
            placeholder="For example: patients wait months for a therapist, depression scores are not followed up, "
                        "primary care providers feel alone with complex patients.",
            help="Access, outcomes, provider burden: what should be different a year from now?")
        mission = st.text_area(
            "How this ties to our mission and quality improvement work", value=doc.why.mission_link,
            key=f"{key}_mission",
            placeholder="For example: our strategic plan's goal of whole-person care; the depression screening "
                        "and follow-up measure in our quality program.")
        st.header("Conditions in scope")
        st.caption("Depression has the strongest evidence; anxiety, PTSD and chronic pain are also well supported. "
                   "Many clinics start with one or two conditions and add more later.")
        cols = st.columns(4)
        ticked = {}
        for i, c in enumerate(sv.CONDITIONS):
            ticked[c.key] = cols[i % 4].checkbox(c.label, value=c.key in doc.scope.conditions, key=f"{key}_cond_{c.key}")
        other = cols[len(sv.CONDITIONS) % 4].text_input(
            "Other condition (name it)", value=doc.scope.other_condition, key=f"{key}_cond_other",
            placeholder="e.g. insomnia")
        severity = st.text_area("Severity range", value=doc.scope.severity, key=f"{key}_severity",
                                help=sv.SEVERITY_HELP, placeholder=sv.SEVERITY_HELP)
        exclusions = st.text_area(
            "Exclusions and step-up criteria", value=doc.scope.exclusions, key=f"{key}_exclusions",
            help=sv.EXCLUSION_HELP,
            placeholder="Examples: " + "; ".join(sv.EXCLUSION_EXAMPLES) + ".")
        if save_button("Save why and conditions", "why"):
            save(where="why", part={"why": {"problem": problem, "mission_link": mission},
                                    "scope": {"conditions": [k for k, v in ticked.items() if v],
                                              "other_condition": other, "severity": severity,
                                              "exclusions": exclusions}})


    with tabs[0]:
        ui.outcome(KIND, "why")

# ---- 2. populations ------------------------------------------------------------------------
def choices(offered: tuple[str, ...] | list[str], saved: list[str]) -> list[str]:
    return list(dict.fromkeys([*offered, *saved]))


if tabs[1].open:  # only the tab on screen is drawn: hidden tabs' tables cost time
    with tabs[1], st.form("sv_populations_form", border=False):
        st.header("Who will we serve?")
        st.caption("Pick from the lists or type your own entry and press Enter.")
        p = doc.populations
        c1, c2 = st.columns(2)
        ages = c1.multiselect("Age groups", choices(sv.AGE_GROUPS, p.age_groups), default=p.age_groups,
                              key=f"{key}_ages", accept_new_options=True, wrap=True)
        special = c2.multiselect("Special groups", choices(sv.SPECIAL_GROUPS, p.special_groups),
                                 default=p.special_groups, key=f"{key}_special", accept_new_options=True, wrap=True)
        payers = c1.multiselect("Payer groups", choices(sv.PAYERS, p.payers), default=p.payers,
                                key=f"{key}_payers", accept_new_options=True, wrap=True)
        languages = c2.multiselect("Languages", choices(sv.LANGUAGES, p.languages), default=p.languages,
                                   key=f"{key}_languages", accept_new_options=True, wrap=True)
        sites = c1.multiselect("Sites", choices([s for s in (meta.site,) if s], p.sites), default=p.sites,
                               key=f"{key}_sites", accept_new_options=True, wrap=True,
                               help="The clinics or sites where the program runs first.")
        pilot = c2.text_area("Pilot providers or panels", value=p.pilot, key=f"{key}_pilot",
                             placeholder="e.g. the two family medicine teams on the second floor")
        notes = st.text_area("Other notes on who is served", value=p.notes, key=f"{key}_pop_notes")
        if save_button("Save populations", "populations"):
            save(where="populations", part={"populations": {"age_groups": ages, "special_groups": special, "payers": payers,
                                  "languages": languages, "sites": sites, "pilot": pilot, "notes": notes}})

    with tabs[1]:
        ui.outcome(KIND, "populations")

# ---- 3. measures and treatments ------------------------------------------------------------
if tabs[2].open:  # only the tab on screen is drawn: hidden tabs' tables cost time
    with tabs[2], st.form("sv_measures_form", border=False):
        st.header("A validated measure for each condition")
        st.caption(sv.MEASURE_HELP)
        rows = sv.measure_rows(doc)
        measures_out = None
        if rows:
            measures_out = st.data_editor(
                pd.DataFrame(rows, columns=["key", "condition", "measure", "suggested", "note"]),
                key=f"{key}_measures", hide_index=True, width="stretch", num_rows="fixed",
                column_order=["condition", "measure", "suggested", "note"], disabled=["condition", "suggested"],
                column_config={
                    "condition": st.column_config.TextColumn("Condition", width=180),
                    "measure": st.column_config.TextColumn("Validated measure", width=180),
                    "suggested": st.column_config.TextColumn("We suggest", width=90),
                    "note": st.column_config.TextColumn("Note", width=320,
                                                        help="e.g. how often, or the target score."),
                })
        else:
            st.info("Tick the conditions in scope on tab 1 and save: a row for each appears here.")

        st.header("Evidence-based treatments offered")
        st.caption("Add a row per treatment. Common choices in primary care: " + "; ".join(sv.TREATMENT_SUGGESTIONS)
                   + ". Pick a person from the implementation team, or a role if the person is not known yet.")
        who = sv.who_options(doc, names)
        treatments_out = ui.rows_editor(
            sv.TreatmentRow, doc.treatments, f"{key}_treatments", ["treatment", "who", "training"],
            widths={"treatment": 190, "who": 200, "training": 350},
            labels={"who": "Who delivers", "training": "Training needed"}, options={"who": who},
            formats={"who": lambda v: sv.who_label(v, names)}, values={"who": sv.who_value})
        if save_button("Save measures and treatments", "measures"):
            part = {"treatments": sv.treatments_data(treatments_out)}
            if measures_out is not None:
                part["measures"] = sv.measures_data(measures_out.to_dict("records"))
            save(part, "measures")

    with tabs[2]:
        ui.outcome(KIND, "measures")

# ---- 4. existing services ------------------------------------------------------------------
if tabs[3].open:  # only the tab on screen is drawn: hidden tabs' tables cost time
    with tabs[3], st.form("sv_services_form", border=False):
        st.header("Behavioral health services the clinic has today")
        st.caption("List what exists now, for example " + ", ".join(sv.SERVICE_EXAMPLES) + ". For each, decide "
                   "whether it stays, changes or ends, and who is referred into and out of Collaborative Care.")
        services_out = ui.rows_editor(
            sv.ServiceRow, doc.services, f"{key}_services", ["service", "future", "what_changes", "refer_in", "refer_out"],
            widths={"service": 160, "future": 90, "what_changes": 170, "refer_in": 160, "refer_out": 160},
            labels={"future": "Future", "refer_in": "Referral into CoCM", "refer_out": "Referral out of CoCM"},
            helps={"future": "Does the service stay, change or end?",
                   "refer_in": "Who this service sends to Collaborative Care.",
                   "refer_out": "Which Collaborative Care patients go to this service."})
        if save_button("Save services map", "services"):
            save({"services": sv.services_data(services_out)}, "services")

    with tabs[3]:
        ui.outcome(KIND, "services")

# ---- 5. goals ------------------------------------------------------------------------------
if tabs[4].open:  # only the tab on screen is drawn: hidden tabs' tables cost time
    with tabs[4], st.form("sv_goals_form", border=False):
        st.header("Goals for years 1, 2 and 3")
        st.caption("Start modestly and revise each year. The monitoring plan uses these targets.")
        goals = pd.DataFrame([{"year": f"Year {n}", **doc.goals.year(n).model_dump()} for n in sv.YEARS],
                             columns=["year", "patients_enrolled", "follow_up_rate_pct", "improved_pct"])
        goals = goals.astype({"patients_enrolled": "Int64", "follow_up_rate_pct": "Float64", "improved_pct": "Float64"})
        goals_out = st.data_editor(
            goals, key=f"{key}_goals", hide_index=True, width="stretch", num_rows="fixed", disabled=["year"],
            column_config={
                "year": st.column_config.TextColumn("Year", width="small"),
                "patients_enrolled": st.column_config.NumberColumn(
                    "Patients enrolled", step=1, format="%d",
                    help="Patients enrolled in Collaborative Care during the year (a whole number)."),
                "follow_up_rate_pct": st.column_config.NumberColumn(
                    "Follow-up rate (%)", step=1, format="%g%%",
                    help="Share of patients on the caseload the care manager is in contact with each month."),
                "improved_pct": st.column_config.NumberColumn(
                    "Share improved (%)", step=1, format="%g%%",
                    help="Share of patients whose symptom score improves meaningfully, for example by half."),
            })
        if save_button("Save goals", "goals"):
            save({"goals": sv.goals_data(goals_out.to_dict("records"))}, "goals")

    with tabs[4]:
        ui.outcome(KIND, "goals")

# ---- 6. vision and sign-off ----------------------------------------------------------------
if tabs[5].open:  # only the tab on screen is drawn: hidden tabs' tables cost time
    with tabs[5], st.form("sv_vision_form", border=False):
        st.header("Our vision")
        statement = st.text_area(
            "Vision statement (one or two sentences)", value=doc.vision.statement, key=f"{key}_statement",
            placeholder="e.g. Every adult at our clinic with depression or anxiety gets measurement-based care from "
                        "their own primary care team, and most feel better within six months.",
            help="Describe the care you want to give, in words that stretch the team a little.")
        signer_options = list(dict.fromkeys([*names, *doc.vision.signed_by]))
        c1, c2 = st.columns([3, 1])
        signed_by = c1.multiselect("Signed off by (implementation team)", signer_options, default=doc.vision.signed_by,
                                   format_func=person_name, key=f"{key}_signed_by", wrap=True,
                                   placeholder="Choose people from the team")
        signed_on = c2.date_input("Sign-off date", value=doc.vision.signed_on, key=f"{key}_signed_on",
                                  format="YYYY-MM-DD", help="Left empty, today's date is used when people sign.")
        if save_button("Save vision and sign-off", "vision"):
            save(where="vision", part={"vision": sv.vision_data(statement, signed_by, signed_on, date.today())})

    with tabs[5]:
        ui.outcome(KIND, "vision")

# ---- history, PDF, navigation -------------------------------------------------------------
ui.history(pid, KIND, sv.SharedVisionDoc, loaded.version, sv.describe)
ui.pdf_download("Build the shared vision PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-shared-vision.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
