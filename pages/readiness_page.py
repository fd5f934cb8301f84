"""Readiness checklist: rate each item, see domain scores, export the PDF."""
import pandas as pd
import streamlit as st

from pages import ui
from planning import charts, registry, reports
from worksheets import readiness as rd

SPEC = registry.worksheet(rd.ReadinessDoc.KIND)
KIND = SPEC.kind

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Adapted from the AIMS Center Collaborative Care Implementation Guide. Rate each item as the clinic "
          "stands today; honest ratings now save rework after launch.")
doc: rd.ReadinessDoc = loaded.doc

# ---- summary -----------------------------------------------------------------------------
score = rd.score(doc)
flagged = rd.flagged_domains(doc)
m1, m2, m3 = st.columns(3)
m1.metric("Overall readiness", "Not rated yet" if score.percent is None else f"{score.percent:.0f}%",
          help="Points scored as a share of the points possible on the items rated so far. "
               "Not in place = 0, Partly = 1, In place = 2; items marked not applicable are left out.")
m2.metric("Items rated", f"{score.rated} of {score.total}")
m3.metric("Domains to address before launch", len(flagged),
          help=f"Domains scoring under {rd.FLAG_BELOW:.0f}% of the points possible.")
if flagged:
    st.warning("**Address before launch:** " + "; ".join(f"{t} ({p:.0f}%)" for _, t, p in flagged),
               icon=":material/warning:")

# ---- the checklist: one editor per domain inside one form --------------------------------
st.header("Rate each item")
st.write("Choose a rating for each item and add a note where it helps: who is working on it, or what is missing.")
key = ui.editor_key(KIND)
edited: dict[str, pd.DataFrame] = {}
with st.form(f"{key}_form", border=False):
    for d, items in ui.catalog_domains(rd.CATALOG):
        st.markdown(f"**{d.id}. {d.title}** · {d.help}")
        edited[d.id] = ui.checklist_editor(
            doc, items, f"{key}_{d.id}", text_label="What should be in place", why_label="Why it matters",
            widths=(48, 280, 180, 118, 180),
            rating_help="Not in place, Partly, In place, or Not applicable to this clinic")
    st.caption(ui.UNSAVED_HINT)
    submitted = st.form_submit_button("Save checklist", disabled=ui.read_only(), type="primary", icon=":material/save:")

if submitted:
    rows = [row for frame in edited.values() for row in frame.to_dict("records")]
    new_doc = ui.validated(rd.ReadinessDoc, {"responses": ui.checklist_responses(rows)})
    if new_doc is not None and ui.save(pid, new_doc, loaded.version, where="checklist"):
        st.rerun()
ui.outcome(KIND, "checklist")

# ---- scores and chart --------------------------------------------------------------------
st.header("Scores by domain")
labels, values = rd.chart_data(doc)
st.plotly_chart(charts.domain_bar_figure(labels, values, rd.FLAG_BELOW), width="stretch",
                config={"displayModeBar": False})
st.dataframe(
    [{"Domain": f"{d.domain_id}. {d.title}", "Score": "-" if d.percent is None else f"{d.percent:.0f}%",
      "Rated": f"{d.rated} of {d.total}", "Status": rd.domain_status(d.percent)} for d in score.domains],
    hide_index=True, width="stretch",
)

ui.history(pid, KIND, rd.ReadinessDoc, loaded.version,
           lambda d: f"{rd.score(d).rated} rated, overall "
                     + ("-" if rd.score(d).percent is None else f"{rd.score(d).percent:.0f}%"))
ui.pdf_download("Build the readiness checklist PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-readiness.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
