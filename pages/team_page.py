"""Implementation team: the roster (people, roles, time for CoCM) and the responsibilities each accepts."""
import pandas as pd
import streamlit as st

from pages import ui
from planning import registry, reports
from worksheets import team as tm

SPEC = registry.worksheet(tm.TeamDoc.KIND)
KIND = SPEC.kind

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Adapted from the AIMS Center Collaborative Care Implementation Guide. Other worksheets pick owners "
          "from this roster, so a name changed here changes everywhere. Names, roles and work emails only: "
          "never enter patient details.")
doc: tm.TeamDoc = loaded.doc


def save(data: dict, where: str) -> None:
    new_doc = ui.validated(tm.TeamDoc, data)
    if new_doc is not None and ui.save(pid, new_doc, loaded.version, where=where):
        st.rerun()


# ---- summary and missing roles -----------------------------------------------------------
missing = tm.missing_core_roles(doc)
pending = tm.unacknowledged(doc)
m1, m2, m3 = st.columns(3)
m1.metric("People on the team", len(doc.members))
m2.metric("Core roles filled", f"{len(tm.CORE_ROLES) - len(missing)} of {len(tm.CORE_ROLES)}",
          help="CIT lead, PCP champion, behavioral health care manager and psychiatric consultant.")
m3.metric("Responsibilities acknowledged", f"{len(doc.members) - len(pending)} of {len(doc.members)} people")
for role in missing:
    st.warning(tm.MISSING_ROLE_TEXT[role], icon=":material/person_alert:")

# ---- roster: one editor in one form ------------------------------------------------------
st.header("Who is on the team")
st.write("Add a row per person, with their role on the implementation team. Use **Other** for anyone else who "
         "helps plan (nurse, front desk, IT, billing) and say what they do under *Role detail*.")
key = ui.editor_key(KIND)
with st.form(f"{key}_form", border=False):
    edited = ui.rows_editor(
        tm.Member, doc.members, key, ["name", "role", "role_detail", "email", "cocm_share_pct"],
        widths={"name": 170, "role": 200, "role_detail": 150, "email": 170, "cocm_share_pct": 90},
        labels={"email": "Work email", "cocm_share_pct": "CoCM time"}, formats={"cocm_share_pct": "%d%%"},
        helps={"role_detail": "Job title or what they do, e.g. 'Clinic manager', 'Nurse', 'Family physician'.",
               "cocm_share_pct": "Share of this person's working time set aside for Collaborative Care, 0 to "
                                 "100%."})
    st.caption(ui.UNSAVED_HINT)
    roster_saved = st.form_submit_button("Save team", disabled=ui.read_only(), type="primary", icon=":material/save:")

if roster_saved:
    save(tm.roster_data(doc, edited), "roster")
ui.outcome(KIND, "roster")

# ---- responsibilities: one checklist per person, in one form ----------------------------
st.header("Responsibilities each person accepts")
if not doc.members:
    st.info("Save the team first; each person's role responsibilities then appear here to acknowledge.")
else:
    st.write("Go through the list with each person and tick what they accept. Everyone should know what their "
             "role asks of them before launch.")
    ack_frames: dict[str, pd.DataFrame] = {}
    with st.form(f"{key}_ack_form", border=False):
        for m in doc.members:
            items = tm.responsibilities(m.role)
            done = sum(1 for r in items if r.id in m.acknowledged)
            st.markdown(f"**{ui.md(m.name)}** · {ui.md(m.role)}"
                        + (f" ({ui.md(m.role_detail)})" if m.role_detail else "")
                        + f" · {done} of {len(items)} acknowledged")
            frame = pd.DataFrame([{"rid": r.id, "responsibility": r.text, "ack": r.id in m.acknowledged}
                                  for r in items])
            ack_frames[m.id] = st.data_editor(
                frame, key=f"{key}_ack_{m.id}", hide_index=True, width="stretch", num_rows="fixed",
                disabled=["rid", "responsibility"], column_order=["ack", "responsibility"],
                column_config={"ack": st.column_config.CheckboxColumn("Accepted", width=80),
                               "responsibility": st.column_config.TextColumn("Responsibility", width=720)},
            )
        st.caption(ui.UNSAVED_HINT)
        acks_saved = st.form_submit_button("Save acknowledgments", disabled=ui.read_only(), type="primary",
                                           icon=":material/save:")
    if acks_saved:
        acks = {person: [r["rid"] for r in f.to_dict("records") if r["ack"] in (True, 1)]
                for person, f in ack_frames.items()}
        save(tm.with_acknowledgments(doc, acks), "acks")
    ui.outcome(KIND, "acks")

with st.expander("What each role is responsible for", icon=":material/assignment_ind:"):
    for role in tm.ROLES:
        st.markdown(f"**{role}**\n" + "\n".join(f"- {r.text}" for r in tm.responsibilities(role)))

ui.history(pid, KIND, tm.TeamDoc, loaded.version, tm.describe)
ui.pdf_download("Build the implementation team PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-team.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
