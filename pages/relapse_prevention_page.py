"""Relapse prevention: the clinic's approach (when the plan is written, by whom, what it holds, the check-ins after
it, when to step back up, how the registry records it, copies), the contacts printed on the plan, a preview of the
blank patient plan in English and Spanish, and its downloads.

Two forms (approach, contacts). Each Save validates and saves the WHOLE document (the saved document with that
form's part replaced) with compare-and-swap on the version this page loaded. The blank plan is built from the
saved document by worksheets.relapse_prevention.blank_plan and printed by planning.report.build_handouts.
"""
import pandas as pd
import streamlit as st

from pages import ui
from planning import registry, reports
from planning.report import build_handouts
from worksheets import relapse_prevention as rp
from worksheets.content import Bullets, Handout, Heading, Para, WriteIn
from worksheets.team import ROLES

SPEC = registry.worksheet(rp.KIND)
KIND = SPEC.kind
TEAM_PAGE = registry.worksheet("team").page_file

pid, meta, loaded = ui.open_worksheet(SPEC, ":material/lock: " + rp.NO_PATIENT_DATA)
doc: rp.RelapsePreventionDoc = loaded.doc
view = ui.plan_view()
people = view.people()  # person id -> "Name (role)"
roster = view.roster
key = ui.editor_key(KIND)
a, c = doc.approach, doc.contacts
contacts = rp.print_contacts(doc, roster)


def save(part: dict, where: str) -> None:
    """Replace one part of the document this page opened, validate the whole, save."""
    ui.save_part(pid, loaded, part, where=where, problems=lambda d: rp.writer_problems(d, people))


save_button = ui.form_save_button


# ---- summary -------------------------------------------------------------------------------
open_now = view.findings([KIND])
m1, m2, m3 = st.columns(3)
m1.metric("Status", ui.status_label(rp.progress(doc if loaded.version else None, roster, people)),
          help="Complete when the approach says when the plan is written and who writes it, and the plan prints the "
               "care manager's name and phone and the after-hours line.")
m2.metric("Sections printed", len(a.sections) + len(a.extra_sections),
          help="Sections on the blank patient plan, counting the ones the clinic added. Who to call is always "
               "printed.")
m3.metric("Still open", len(open_now))
with st.container(border=True):
    st.markdown(f"**Written by:** {ui.md(rp.writer_label(a, people))}  \n"
                f"**When:** {ui.md(a.when_written or rp.NOT_SET)}")
ui.still_open(open_now)

# ---- 1. the approach -----------------------------------------------------------------------
st.header("1 · Our approach")
st.write("Agree how every patient who improves leaves treatment with a plan of their own. Ending treatment well "
         "matters as much as starting well: the plan helps a patient notice early when symptoms return and act "
         "before they get bad.")
if not people:
    st.info("No one is on the implementation team yet. Add people on the team page to name who writes the plans.",
            icon=":material/groups:")
    st.page_link(TEAM_PAGE, label="Go to the implementation team", icon=":material/groups:")
roles = [None, *ROLES]
writers = [None, *people] + ([a.writer_person] if a.writer_person and a.writer_person not in people else [])
every = [None, *rp.EVERY]
hows = [None, *rp.HOW]
with st.form(f"{key}_approach_form", border=False):
    when_written = st.text_area(
        "When the plan is written", value=a.when_written, key=f"{key}_when",
        placeholder="e.g. once the patient has improved (PHQ-9 under 10, or half their first score) and is a month "
                    "or two from ending active treatment",
        help="Why it matters: written while the patient still talks with the care team often, the plan can be "
             "tried out and adjusted before care is spaced out. The guide places it in the months before the "
             "episode of care ends.")
    c1, c2 = st.columns(2)
    writer_role = c1.selectbox(
        "Role that writes it with the patient", roles, index=roles.index(a.writer_role), key=f"{key}_role",
        format_func=lambda r: "Not chosen yet" if r is None else r,
        help="Usually the behavioral health care manager, who knows what helped this patient. Naming the role "
             "keeps the task from falling between people.")
    writer_person = c2.selectbox(
        "Person (optional)", writers, index=writers.index(a.writer_person), key=f"{key}_person",
        format_func=lambda p: "Anyone in that role" if p is None else people.get(p, rp.REMOVED),
        help="Name one person when a single care manager writes every plan. People come from the implementation "
             "team.")

    st.subheader("What the plan holds")
    st.caption("Untick a section the clinic does not want on the plan; Who to call (with 988 and 911) is always "
               "printed. Add up to two sections of your own below, each with its Spanish title.")
    frame = pd.DataFrame([{"key": s.key, "printed": s.key in a.sections, "label": s.label, "holds": s.holds}
                          for s in rp.SECTIONS], columns=["key", "printed", "label", "holds"])
    sections_out = st.data_editor(
        frame, key=f"{key}_sections", hide_index=True, width="stretch", num_rows="fixed",
        column_order=["printed", "label", "holds"], disabled=["label", "holds"], height=40 + 35 * len(frame),
        column_config={
            "printed": st.column_config.CheckboxColumn(
                "Print", width=60, help="Ticked sections print on the blank plan. Who to call is always printed."),
            "label": st.column_config.TextColumn("Section", width=240),
            "holds": st.column_config.TextColumn("What it asks the patient", width=440),
        })
    extra_out = ui.rows_editor(
        rp.ExtraSection, a.extra_sections, f"{key}_extra", ["title", "title_es"],
        widths={"title": 360, "title_es": 360},
        labels={"title": "Section added (English)", "title_es": "Its title in Spanish"},
        helps={"title": "A short title, e.g. My goals. It prints with two lines to write on.",
               "title_es": "The same title in Spanish, e.g. Mis metas. Ask a fluent speaker to check it; without "
                           "it the Spanish plan prints the English title."})

    st.subheader("After the plan: check-ins and stepping back up")
    c3, c4, c5 = st.columns(3)
    checkin_every = c3.selectbox(
        "Check-ins", every, index=every.index(a.checkin_every), key=f"{key}_every",
        format_func=lambda k: "Not chosen yet" if k is None else rp.EVERY_LABELS[k],
        help="How often the care manager checks in once the plan is written. Regular check-ins catch a return of "
             "symptoms early; monthly is common.")
    checkin_months = c4.number_input(
        "For how many months", step=1, value=a.checkin_months, key=f"{key}_months",
        placeholder="e.g. 3",
        help="How long the check-ins go on before the episode ends. Allowed: 1 to 24 months.")
    checkin_how = c5.selectbox(
        "By", hows, index=hows.index(a.checkin_how), key=f"{key}_how",
        format_func=lambda k: "Not chosen yet" if k is None else rp.HOW_LABELS[k],
        help="How the check-ins happen; printed on the plan so the patient knows to expect the call.")
    c6, c7 = st.columns(2)
    step_up_score = c6.number_input(
        "Step back up at a PHQ-9 of", step=1, value=a.step_up_score,
        key=f"{key}_score",
        help="The patient calls, and the team restarts active care, when a PHQ-9 reaches this score. 10 is the "
             "usual cut-off for moderate symptoms. Printed on the plan. Allowed: 1 to 27.")
    step_up_rise = c7.number_input(
        "Or a rise of (points)", step=1, value=a.step_up_rise, key=f"{key}_rise",
        help="Or when the score rises this many points above the score when the plan was written (5 points is a "
             "change worth acting on). 0 leaves this rule out. Printed on the plan. Allowed: 0 to 27.")
    step_up_action = st.text_area(
        "What the team does then", value=a.step_up_action, key=f"{key}_action",
        placeholder="e.g. the care manager calls back within 2 working days, repeats the PHQ-9, and restarts "
                    "active treatment with a review at the next caseload review",
        help="Why it matters: a patient who calls back should meet a clear, quick response. For staff: printed in "
             "the worksheet PDF, not on the patient's plan.")

    st.subheader("Registry and copies")
    c8, c9 = st.columns([1, 3])
    registry_status = c8.text_input(
        "Registry status", value=a.registry_status, key=f"{key}_status",
        help="The status the registry shows once a plan is written. The AIMS Caseload Tracker uses RPP and has an "
             "RPP date column.")
    registry_note = c9.text_area(
        "How the registry records it", value=a.registry_note, key=f"{key}_registry",
        placeholder="e.g. the care manager sets the status to RPP and enters the date in the RPP column the same day",
        help="Why it matters: the status keeps the active caseload honest, and the date lets the team count how "
             "many completed episodes ended with a plan.")
    st.caption("Copies of the plan (the patient always keeps one):")
    c10, c11, c12 = st.columns(3)
    copy_pcp = c10.checkbox("A copy for the PCP", value=a.copy_pcp, key=f"{key}_copy_pcp",
                            help="The PCP takes over follow-up: the plan tells them what to watch for.")
    copy_chart = c11.checkbox("A copy in the chart", value=a.copy_chart, key=f"{key}_copy_chart",
                              help="Anyone who sees the patient later can find the plan.")
    copy_support = c12.checkbox("A copy for a support person", value=a.copy_support, key=f"{key}_copy_support",
                                help="When the patient wishes: someone close can help notice warning signs.")
    if save_button("Save approach"):
        save({"approach": {
            "when_written": when_written, "writer_role": writer_role, "writer_person": writer_person,
            "sections": rp.sections_data(sections_out.to_dict("records")),
            "extra_sections": rp.extra_sections_data(extra_out),
            "checkin_every": checkin_every, "checkin_months": checkin_months, "checkin_how": checkin_how,
            "step_up_score": step_up_score, "step_up_rise": step_up_rise, "step_up_action": step_up_action,
            "registry_status": registry_status, "registry_note": registry_note,
            "copy_pcp": copy_pcp, "copy_chart": copy_chart, "copy_support": copy_support}}, "approach")
ui.outcome(KIND, "approach")

# ---- 2. contacts ---------------------------------------------------------------------------
st.header("2 · Contacts printed on the plan")
st.write("These print under Who to call on every blank plan. 988 (the Suicide & Crisis Lifeline) and 911 are always "
         "printed. A name left empty comes from the implementation team.")
roster_cm = rp.roster_name(roster, rp.CARE_MANAGER_ROLE)
roster_pcp = rp.roster_name(roster, rp.PCP_ROLE)
with st.form(f"{key}_contacts_form", border=False):
    c1, c2 = st.columns(2)
    cm_name = c1.text_input(
        "Care manager's name", value=c.care_manager_name, key=f"{key}_cm_name",
        placeholder=f"From the team: {roster_cm}" if roster_cm else "e.g. Luz Ramírez",
        help="Left empty, the plan prints the behavioral health care manager on the implementation team."
             + (f" Now: {roster_cm}." if roster_cm else " There is none on the team yet."))
    cm_phone = c2.text_input(
        "Care manager's phone", value=c.care_manager_phone, key=f"{key}_cm_phone",
        placeholder="e.g. (555) 010-4477", help="The number patients call to reach the care manager, with the area "
                                                 "code (an extension is fine).")
    c3, c4 = st.columns(2)
    pcp_name = c3.text_input(
        "PCP's name", value=c.pcp_name, key=f"{key}_pcp_name",
        placeholder=f"From the team: {roster_pcp}" if roster_pcp else "e.g. Dr. Wei Chen",
        help="Left empty, the plan prints the PCP champion on the implementation team."
             + (f" Now: {roster_pcp}." if roster_pcp else " There is none on the team yet."))
    pcp_phone = c4.text_input(
        "PCP's phone", value=c.pcp_phone, key=f"{key}_pcp_phone", placeholder="e.g. the clinic's main line",
        help="The number patients call to reach their primary care provider.")
    pcp_by_hand = st.checkbox(
        "Leave a line to write each patient's own PCP by hand", value=c.pcp_by_hand, key=f"{key}_pcp_by_hand",
        help="Tick when patients see different PCPs: the plan then prints a line for the name instead of one name.")
    after_hours = st.text_input(
        "After-hours line", value=c.after_hours_phone, key=f"{key}_after_hours",
        placeholder="e.g. the nurse advice line or the on-call service",
        help="Who patients call in the evening, at weekends and on holidays. Without it a patient whose warning "
             "signs appear on a Friday night has nowhere to turn but the emergency room.")
    if save_button("Save contacts"):
        save({"contacts": {"care_manager_name": cm_name, "care_manager_phone": cm_phone, "pcp_name": pcp_name,
                           "pcp_by_hand": pcp_by_hand, "pcp_phone": pcp_phone, "after_hours_phone": after_hours}},
             "contacts")
ui.outcome(KIND, "contacts")

# ---- 3. the blank patient plan -------------------------------------------------------------
st.header("3 · The blank patient plan")
st.info("**Printed, then filled in on paper with the patient.** The care manager and the patient write it together "
        "before active treatment ends; the patient keeps it. Nothing about a patient is typed or stored here.",
        icon=":material/edit_note:")
clinic = " · ".join(p for p in (meta.clinic, meta.site) if p)
handouts = {lang: rp.blank_plan(doc, contacts, lang, clinic=clinic, revision=loaded.version or None)
            for lang in rp.LANGS}
if rp.compact(a, contacts, clinic):
    st.caption("The plan uses its compact layout (one line per question, no examples, a shorter opening) so it "
               "stays on two pages per language.")


def preview(h: Handout) -> None:
    """The handout's text as the patient will read it, escaped (shown whole: a scrolling box is out of reach of
    the keyboard)."""
    with st.container(border=True):
        st.caption(ui.md(h.clinic))
        st.markdown(f"**{ui.md(h.title)}**")
        for b in h.blocks:
            if isinstance(b, Heading):
                st.markdown(f"**{ui.md(b.text)}**")
            elif isinstance(b, Para) and b.style == "callout":
                with st.container(border=True):
                    st.markdown(ui.md(b.text))
            elif isinstance(b, Para):
                st.markdown(f"**{ui.md(b.text)}**" if b.style == "warning" else ui.md(b.text))
            elif isinstance(b, Bullets):
                st.markdown("\n".join(f"- {ui.md(t)}" for t in b.items))
            elif isinstance(b, WriteIn):
                st.markdown(f"**{ui.md(b.label)}**" + (f"  \n{ui.md(b.hint)}" if b.hint else "")
                            + "  \n" + ui.md("_" * 60))
        st.caption(ui.md(h.footer))


tab_en, tab_es = st.tabs(["English", "Español"])
with tab_en:
    preview(handouts["en"])
with tab_es:
    preview(handouts["es"])
name = ui.safe_filename(meta.name)
d1, d2, d3 = st.columns(3)
d1.download_button("Blank plan, English", data=lambda: build_handouts([handouts["en"]]),
                   file_name=f"{name}-relapse-prevention-plan-en.pdf", mime="application/pdf", key=f"{KIND}_dl_en",
                   icon=":material/download:", on_click="ignore", width="stretch")
d2.download_button("Plan en blanco, español", data=lambda: build_handouts([handouts["es"]]),
                   file_name=f"{name}-plan-prevencion-recaidas-es.pdf", mime="application/pdf", key=f"{KIND}_dl_es",
                   icon=":material/download:", on_click="ignore", width="stretch")
d3.download_button("Both languages", data=lambda: build_handouts([handouts["en"], handouts["es"]]),
                   file_name=f"{name}-relapse-prevention-plan-en-es.pdf", mime="application/pdf",
                   key=f"{KIND}_dl_both", icon=":material/download:", on_click="ignore", width="stretch")
st.caption("Built from the saved approach and contacts: save your changes above first. Black and white, large type, "
           "two pages at most per language.")

# ---- history, PDF, navigation ----------------------------------------------------------------
ui.history(pid, KIND, rp.RelapsePreventionDoc, loaded.version, rp.describe)
ui.pdf_download("Build the relapse prevention PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{name}-relapse-prevention.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
