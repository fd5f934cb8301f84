"""Patient education and consent: the materials checklist, the care-team flyer made from the plan, the verbal consent
script and the PHQ-9 staff sheet, each printable in English and Spanish.

One tab at a time is drawn. Each Save validates and saves the WHOLE document (the saved document with that tab's
part replaced) with compare-and-swap on the version this page loaded. Handouts are built when a download button is
pressed, from what is saved at that moment.
"""
import re
from typing import Callable

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.editors import NOTE_HELP
from planning import registry, reports
from planning.report import build_handouts
from planning.view import load_view
from worksheets import patient_education as pe
from worksheets import patient_texts as tx
from worksheets.content import Bullets, Handout, Heading, KeyValues, Para, Table

SPEC = registry.worksheet(pe.KIND)
KIND = SPEC.kind
CONSENT_ROW = 116  # px: five lines of a consent point's text
TABS = ["Materials", "Care team flyer", "Consent script", "PHQ-9 staff sheet"]

pid, meta, loaded = ui.open_worksheet(SPEC, ":material/lock: " + pe.NO_PATIENT_DATA)
doc: pe.PatientEducationDoc = loaded.doc
view = ui.plan_view()
roster = view.roster
people = view.people()
clinic = pe.clinic_line(meta)
key = ui.editor_key(KIND)
store = ui.store()
file_stem = ui.safe_filename(meta.name)


def save(part: dict, where: str) -> None:
    """Replace one part of the document this page opened, validate the whole, save."""
    ui.save_part(pid, loaded, part, where=where, problems=lambda d: pe.owner_problems(d, people))


save_button = ui.form_save_button


_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def page_count(h: Handout) -> int:
    """How many pages a handout prints on (the page objects in the PDF)."""
    return len(_PAGE.findall(build_handouts([h])))


def fitted(v, lang: str) -> Handout:
    d = v.doc(KIND) or pe.PatientEducationDoc()
    return pe.fitted_flyer(d, v.roster, pe.clinic_line(v.meta), lang, page_count)[0]


def downloads(what: str, stem: str, make: Callable[[object, list[str]], list[Handout]]) -> None:
    """English, Spanish and both-languages PDFs of a handout, built from what is saved when the button is pressed."""
    cols = st.columns(3)
    for col, langs, label in zip(cols, (["en"], ["es"], ["en", "es"]),
                                 ("English", "Español", "Both languages")):
        def build(langs=langs) -> bytes:
            return build_handouts(make(load_view(store, pid), langs))
        col.download_button(f"{label} (PDF)", data=build, file_name=f"{file_stem}-{stem}-{'-'.join(langs)}.pdf",
                            mime="application/pdf", key=f"dl_{stem}_{'_'.join(langs)}", icon=":material/download:",
                            on_click="ignore", width="stretch", help=f"The {what} as saved, ready to print.")


def show_handout(h: Handout) -> None:
    """A handout's text on screen, as printed (team text escaped: shown exactly as typed)."""
    with st.container(border=True):
        if h.clinic:
            st.caption(ui.md(h.clinic))
        st.markdown(f"**{ui.md(h.title)}**")  # not a heading: the page's headings stay in order
        for b in h.blocks:
            if isinstance(b, Heading):
                st.markdown(f"**{ui.md(b.text)}**")
            elif isinstance(b, Para) and b.style == "callout":
                with st.container(border=True):
                    st.markdown(f"**{ui.md(b.text)}**")
            elif isinstance(b, Para):
                st.markdown(ui.md(b.text))
            elif isinstance(b, KeyValues):
                st.markdown("\n".join(f"- **{ui.md(k)}** · {ui.md(v)}" for k, v in b.rows))
            elif isinstance(b, Bullets):
                st.markdown("\n".join(f"- {ui.md(item)}" for item in b.items))
            elif isinstance(b, Table):
                st.dataframe(pd.DataFrame(list(b.rows), columns=list(b.columns)), hide_index=True)
        if h.footer:
            st.caption(ui.md(h.footer))


# ---- summary -------------------------------------------------------------------------------
c = pe.counts(doc)
open_now = view.findings([KIND])
m1, m2, m3, m4 = st.columns(4)
m1.metric("Materials ready", f"{c.ready} of {c.total}",
          help=f"{c.required_ready} of the {c.required} materials required before launch are ready.")
m2.metric("Care team flyer", pe.ready_word(c.flyer_ready),
          help="Marked ready in the materials list. The launch gate checks it.")
m3.metric("Consent script", pe.ready_word(c.consent_ready),
          help="Marked ready in the materials list. The launch gate checks it.")
m4.metric("Still open", len(open_now), help="Findings on this page: blockers, should-fix items and notes.")
ui.still_open(open_now, severity=True)

tabs = st.tabs(TABS, key="pe_tab", on_change="rerun")

# ---- 1. materials --------------------------------------------------------------------------
if tabs[0].open:  # only the tab on screen is drawn
    with tabs[0]:
        st.write("Every material patients or staff need, in which languages, who owns it, and whether it is ready. "
                 "Add a row for each material of your own. **Required** means needed before launch; the flyer and "
                 "the consent script always are, and the launch gate checks them.")
        if not people:
            st.info("Add people on the Implementation team page to choose owners here.", icon=":material/group_add:")
        names = {m.id: m.name for m in roster.members}
        rows = pe.material_rows(doc)
        owners = list(names) + sorted({r["owner"] for r in rows if r["owner"] and r["owner"] not in names})
        frame = pd.DataFrame(rows, columns=list(pe.MATERIAL_COLUMNS)).astype(
            {"owner": "object", "other_languages": "object", "note": "object", "name": "object"})
        with st.form(f"{key}_materials_form", border=False):
            edited = st.data_editor(
                frame, key=f"{key}_materials", hide_index=True, width="stretch", num_rows="dynamic",
                row_height=ui.ROW_HEIGHT, placeholder="",
                column_order=["name", "english", "spanish", "other_languages", "owner", "reading_level", "ready",
                              "required", "note"],
                column_config={
                    "name": st.column_config.TextColumn("Material", width=150,
                                                        help="The standard materials can be renamed, not removed."),
                    "english": st.column_config.CheckboxColumn("EN", width=46, help="Available in English."),
                    "spanish": st.column_config.CheckboxColumn("ES", width=46, help="Available in Spanish."),
                    "other_languages": st.column_config.TextColumn(
                        "Other", width=76, help="Other languages it is available in, e.g. Vietnamese."),
                    "owner": st.column_config.SelectboxColumn(
                        "Owner", options=owners, width=108, format_func=lambda p: names.get(p, pe.REMOVED),
                        help="Who gets it ready and keeps it up to date. People come from the implementation team."),
                    "reading_level": st.column_config.CheckboxColumn(
                        "Reading level", width=108,
                        help="Ticked once someone has checked that it reads at about a 6th-grade level, in each "
                             "language."),
                    "ready": st.column_config.CheckboxColumn("Ready", width=72,
                                                             help="Ready to hand to patients or staff."),
                    "required": st.column_config.CheckboxColumn(
                        "Required", width=90, help="Needed before launch. Required materials not ready become "
                                                   "actions; the flyer and the consent script block launch."),
                    "note": st.column_config.TextColumn("Note", width=80, help=NOTE_HELP),
                })
            if save_button("Save materials"):
                materials, problems = pe.materials_from_rows(edited.to_dict("records"))
                if problems:
                    ui.not_saved(problems)
                else:
                    save({"materials": materials}, "materials")
        ui.outcome(KIND, "materials")
        with st.expander("What each standard material is", icon=":material/help:"):
            st.markdown("\n".join(f"- **{ui.md(m.name)}**{' (required)' if m.required else ''} · {ui.md(m.about)}"
                                  for m in pe.CATALOG))

# ---- 2. the care team flyer ------------------------------------------------------------------
if tabs[1].open:
    with tabs[1]:
        st.write("The flyer is made from the plan: the clinic's name, the people ticked below with their role in "
                 "plain words, the patient as a member of the team, how to reach the care manager, and 988 for a "
                 "crisis. It prints on one page, in English and in Spanish, in black and white.")
        ct = doc.contact
        with st.form(f"{key}_flyer_form", border=False):
            c1, c2 = st.columns(2)
            phone = c1.text_input("Care manager's phone", value=ct.phone, key=f"{key}_phone",
                                  placeholder="e.g. (555) 010-4477",
                                  help="The number patients call to reach the care manager. Left empty, the flyer "
                                       "prints a line to write it on.")
            hours = c2.text_input("Hours", value=ct.hours, key=f"{key}_hours", placeholder="e.g. Mon-Fri 8:30-5",
                                  help="When the care manager answers that phone.")
            c3, c4 = st.columns(2)
            hours_es = c3.text_input("Hours, in Spanish", value=ct.hours_es, key=f"{key}_hours_es",
                                     placeholder="e.g. lunes a viernes, 8:30 a 5",
                                     help="Optional. Left empty, the Spanish flyer prints the hours as typed above.")
            after = c4.text_input("After hours (optional)", value=ct.after_hours, key=f"{key}_after",
                                  placeholder="e.g. Call the main line, (555) 010-4400, and press 2.",
                                  help="What patients do outside those hours. 988 and 911 are always printed.")
            after_es = st.text_input("After hours, in Spanish (optional)", value=ct.after_hours_es,
                                     key=f"{key}_after_es",
                                     help="Left empty, the Spanish flyer prints the English text above.")
            phq9 = st.checkbox("Print the PHQ-9's nine topics so patients can follow along by phone", value=ct.phq9,
                               key=f"{key}_phq9",
                               help="Printed only while the flyer still fits on one page; otherwise left off, and "
                                    "this page says so.")
            st.markdown("**Who is on the flyer**")
            st.caption("Tick who appears, and reword a role in plain words if you like (an emptied cell goes back to "
                       "our wording). With no primary care provider ticked, the flyer leaves a line to write in the "
                       "patient's own.")
            people_rows = pe.flyer_person_rows(doc, roster)
            flyer_people_out = None
            if people_rows:
                flyer_people_out = st.data_editor(
                    pd.DataFrame(people_rows, columns=["id", "name", "role", "show", "en", "es"]),
                    key=f"{key}_people", hide_index=True, width="stretch", num_rows="fixed",
                    row_height=ui.ROW_HEIGHT, disabled=["name", "role"],
                    column_order=["name", "role", "show", "en", "es"],
                    column_config={
                        "name": st.column_config.TextColumn("Name", width=130),
                        "role": st.column_config.TextColumn("Role", width=130),
                        "show": st.column_config.CheckboxColumn("On flyer", width=70,
                                                                help="Tick to list this person on the flyer."),
                        "en": st.column_config.TextColumn("What they do (English)", width=240,
                                                          help="In words a patient understands."),
                        "es": st.column_config.TextColumn("What they do (Spanish)", width=240,
                                                          help="The same, in Spanish."),
                    })
            else:
                st.info("No one is on the implementation team yet: the flyer lists the patient and a line for their "
                        "primary care provider. Add people on the Implementation team page.", icon=":material/groups:")
            if save_button("Save flyer"):
                part = {"contact": {"phone": phone, "hours": hours, "hours_es": hours_es, "after_hours": after,
                                    "after_hours_es": after_es, "phq9": phq9}}
                if flyer_people_out is not None:
                    part["flyer_people"] = pe.flyer_people_from_rows(flyer_people_out.to_dict("records"), roster)
                save(part, "flyer")
        ui.outcome(KIND, "flyer")

        st.markdown("**Preview of the flyer as saved**")
        lang = st.radio("Language", list(tx.LANGS), format_func=lambda x: tx.LANG_NAMES[x], horizontal=True,
                        key="pe_flyer_lang", help="The text of the flyer as saved, in this language.")
        shown, pages, dropped = pe.fitted_flyer(doc, roster, clinic, lang, page_count)
        if dropped:
            st.warning("The PHQ-9 topics do not fit on one page with this many people, so the flyer leaves them off. "
                       "Untick someone, or shorten their words, to make room.", icon=":material/warning:")
        if pages > 1:
            st.warning(f"The flyer takes {pages} pages in this language. Untick some people or shorten their words.",
                       icon=":material/warning:")
        show_handout(shown)
        st.markdown("**Print the flyer**")
        downloads("care-team flyer", "care-team-flyer", lambda v, langs: [fitted(v, x) for x in langs])

# ---- 3. the consent script -------------------------------------------------------------------
if tabs[2].open:
    with tabs[2]:
        st.write("What staff say when they invite a patient to join. The six required points can be reworded in "
                 "either language but not removed or left empty; add rows for points of your own, in both "
                 "languages. Staff say them in their own words.")
        with st.form(f"{key}_consent_form", border=False):
            consent_out = st.data_editor(
                pd.DataFrame(pe.consent_rows(doc), columns=["id", "point", "en", "es"]).astype("object"),
                key=f"{key}_consent", hide_index=True, width="stretch", num_rows="dynamic",
                row_height=CONSENT_ROW, height=min(48 + CONSENT_ROW * len(doc.points()), 560), disabled=["point"],
                column_order=["point", "en", "es"], placeholder="",
                column_config={
                    "point": st.column_config.TextColumn("Point", width=140,
                                                         help="Required points are named; rows you add are yours."),
                    "en": st.column_config.TextColumn("English", width=320, help="What staff say, in English."),
                    "es": st.column_config.TextColumn("Spanish", width=320, help="What staff say, in Spanish."),
                })
            chart_note = st.text_area(
                "Where and how consent is recorded in our EHR (optional)", value=doc.chart_note,
                key=f"{key}_chart_note", placeholder="e.g. the 'CoCM consent' smart phrase in the visit note",
                help="Printed under what to record in the chart. Plain text; never enter patient details.")
            st.caption(ui.UNSAVED_HINT)
            b1, b2 = st.columns(2)
            consent_saved = b1.form_submit_button("Save consent script", disabled=ui.read_only(), type="primary",
                                                  icon=":material/save:")
            consent_filled = b2.form_submit_button(pe.RESTORE, disabled=ui.read_only(), icon=":material/restore:",
                                                   help="Puts back any required point that was removed, and our "
                                                        "wording where a required point was left empty; then saves.")
            if consent_saved or consent_filled:
                save({"consent": pe.consent_from_rows(consent_out.to_dict("records"), fill_missing=consent_filled),
                      "chart_note": chart_note}, "consent")
        ui.outcome(KIND, "consent")
        with st.expander("Start over from our wording", icon=":material/restart_alt:"):
            st.write("Puts our wording back into all six required points (in both languages) and saves. Points you "
                     "added are kept. The version before is kept in the history.")
            if st.button("Restore our wording", disabled=ui.read_only(), key="pe_restore_all"):
                save({"consent": pe.restored(doc)}, "consent")
        with st.expander("What to record in the chart", icon=":material/edit_note:"):
            st.markdown("\n".join(f"- {ui.md(tx.t(line, 'en'))}" for line in tx.CHART_RECORD))
        st.markdown("**Print the talking points**")
        downloads("consent script", "consent-script", lambda v, langs: pe.consent_scripts(v, langs))

# ---- 4. the PHQ-9 staff sheet ----------------------------------------------------------------
if tabs[3].open:
    with tabs[3]:
        st.write("A short sheet for the staff who give the PHQ-9: the questions patients often ask, with answers in "
                 "plain words, what the scores mean, and what happens when someone answers yes to the question about "
                 "hurting themselves. Role-play it with colleagues before using it.")
        with st.expander("Read the sheet", icon=":material/description:"):
            show_handout(pe.phq9_sheet("en", clinic))
        st.markdown("**Print the sheet**")
        downloads("PHQ-9 staff sheet", "phq9-staff-sheet", lambda v, langs: pe.phq9_sheets(v, langs))

# ---- history, PDF, navigation ----------------------------------------------------------------
ui.history(pid, KIND, pe.PatientEducationDoc, loaded.version, pe.describe)
ui.pdf_download("Build the patient education PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{file_stem}-patient-education.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
