"""Administrative readiness: the checklist by area, each item with status, owner, due date and whether it is
required before launch; summary figures, overdue items and the share done by area."""
from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.editors import NOTE_HELP
from planning import charts, registry, reports
from worksheets import admin_readiness as ar

SPEC = registry.worksheet(ar.KIND)
KIND = SPEC.kind

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Adapted from the AIMS Center Collaborative Care Implementation Guide. Work through it with the "
          "implementation team; the launch gate will list the items required before launch that are still open. "
          "Plain planning text only: never enter patient details.")
doc: ar.AdminReadinessDoc = loaded.doc
view = ui.plan_view()
people = view.people()
today = date.today()

# ---- summary -------------------------------------------------------------------------------
c = ar.counts(doc, today)
late = ar.overdue(doc, today)
m1, m2, m3, m4, m5 = st.columns(5)
m1.metric("Done", f"{c.done} of {c.total}",
          help=f"Items marked done. {c.not_applicable} marked not applicable."
               if c.not_applicable else "Items marked done.")
m2.metric("In progress", c.in_progress)
m3.metric("Not started", c.not_started + c.no_status,
          help=f"Includes {c.no_status} item{'s' if c.no_status != 1 else ''} with no status chosen yet.")
m4.metric("Overdue", c.overdue, help="Not done, and the due date has passed.")
m5.metric("Required, not done", c.required_open,
          help="Items required before launch that are not done yet (items marked not applicable count as "
               "closed). The launch gate will list these.")
if late:
    st.error("**Overdue:** " + "; ".join(
        f"{i.id} {ui.md(ar.item(i.id).text)} ({ui.md(ar.owner_label(doc.response(i.id).owner, people))}, due "
        f"{ar.fmt_date(doc.response(i.id).due)})" for i in late[:6]) + (" …" if len(late) > 6 else ""),
        icon=":material/alarm:")

# ---- the checklist: one editor per area inside one form ------------------------------------
st.header("The checklist")
st.write("For each item choose a status, an owner from the implementation team and a due date. Untick "
         "**Required** for items the clinic can finish after launch. Open *Why it matters* under an area's name when "
         "the team asks why.")
if not people:
    st.info("Add people on the Implementation team page to choose owners here.", icon=":material/group_add:")
names = {m.id: m.name for m in view.roster.members}  # names only: the owner column is narrow
owners = list(names) + sorted({r.owner for r in doc.responses.values() if r.owner and r.owner not in names})
key = ui.editor_key(KIND)
edited: dict[str, pd.DataFrame] = {}
columns = {
    "id": st.column_config.TextColumn("#", width=48),
    "text": st.column_config.TextColumn("What needs to be in place", width=232),
    "status": st.column_config.SelectboxColumn("Status", options=list(ar.STATUSES), width=104,
                                               format_func=lambda s: ar.STATUS_LABELS.get(s, s),
                                               help="Not started, In progress, Done, or Not applicable to this "
                                                    "clinic."),
    "owner": st.column_config.SelectboxColumn("Owner", options=owners, width=128,
                                              format_func=lambda p: names.get(p, ar.REMOVED),
                                              help="Who makes sure it gets done. People come from the "
                                                   "implementation team."),
    "due": st.column_config.DateColumn("Due", format="YYYY-MM-DD", width=98, help="When it should be done."),
    "required": st.column_config.CheckboxColumn("Required", width=88,
                                                help="Required before launch. The launch gate will list required "
                                                     "items that are not done."),
    "note": st.column_config.TextColumn("Note", width=110, help=NOTE_HELP),
}
with st.form(f"{key}_form", border=False):
    for a in ar.AREAS:
        items = ar.area_items(a.id)
        st.markdown(f"**{a.title}** · {a.help}")
        with st.expander(f"Why it matters: {a.title}"):
            st.markdown("\n".join(f"- **{i.id}** · {i.why}" for i in items))
        frame = pd.DataFrame(
            [{"id": i.id, "text": i.text, "status": doc.status(i.id), "owner": doc.response(i.id).owner,
              "due": doc.response(i.id).due, "required": doc.required(i.id), "note": doc.response(i.id).note}
             for i in items]).astype({"status": "object", "owner": "object", "due": "object", "note": "object"})
        edited[a.id] = st.data_editor(
            frame, key=f"{key}_{a.id}", column_config=columns, column_order=list(columns), hide_index=True,
            disabled=["id", "text"], width="stretch", num_rows="fixed", row_height=ui.ROW_HEIGHT, placeholder="",
            height=48 + ui.ROW_HEIGHT * len(frame))
    st.caption(ui.UNSAVED_HINT)
    submitted = st.form_submit_button("Save checklist", disabled=ui.read_only(), type="primary", icon=":material/save:")

if submitted:
    rows = [row for frame in edited.values() for row in frame.to_dict("records")]
    new_doc = ui.validated(ar.AdminReadinessDoc, {"responses": ar.responses_from_rows(rows)})
    if new_doc is not None:
        issues = ar.owner_problems(new_doc, people)
        if issues:
            ui.not_saved(issues)
        elif ui.save(pid, new_doc, loaded.version, where="checklist"):
            st.rerun()
ui.outcome(KIND, "checklist")

# ---- share done by area --------------------------------------------------------------------
st.header("Done by area")
labels, values = ar.chart_data(doc)
st.plotly_chart(charts.domain_bar_figure(labels, values, None), width="stretch", config={"displayModeBar": False})
st.caption("The share of each area's items marked done, leaving out items marked not applicable.")

ui.history(pid, KIND, ar.AdminReadinessDoc, loaded.version, ar.describe)
ui.pdf_download("Build the administrative readiness PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-administrative-readiness.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
