"""Understanding CoCM: the five core principles, what they look like day to day, and the team's rating."""
import streamlit as st

from pages import ui
from planning import charts, registry, reports
from worksheets import principles as pr

SPEC = registry.worksheet(pr.PrinciplesDoc.KIND)
KIND = SPEC.kind

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Adapted from the AIMS Center Collaborative Care Implementation Guide and its principles checklist. "
          "Five principles define Collaborative Care; leave out any one of them and the care is no longer "
          "Collaborative Care. Come back to this page at every six-month review.")
doc: pr.PrinciplesDoc = loaded.doc

# ---- the principles ----------------------------------------------------------------------
st.header("The five core principles")
st.write("Open each principle to see what it means and what it looks like day to day in a clinic that applies it.")
for p in pr.PRINCIPLES:
    rating = doc.rating(p.id) or "not rated yet"
    with st.expander(f"**{p.id}. {p.title}** · our rating: {rating}"):
        st.write(p.definition)
        st.markdown("**What it looks like day to day**\n" + "\n".join(f"- {line}" for line in p.practices))

# ---- rating: one editor in one form ------------------------------------------------------
st.header("How widely do we apply each principle today?")
st.write(f"For each principle choose: *{pr.SCALE_QUESTION}* Add a note on what already works or what is "
         "missing.")
key = ui.editor_key(KIND)
with st.form(f"{key}_form", border=False):
    edited = ui.checklist_editor(doc, pr.CATALOG.items, key, rating_label="Applied for ... of our patients",
                                 rating_help=pr.SCALE_QUESTION, text_label="Principle",
                                 widths=(40, 250, 0, 200, 320))
    st.caption(ui.UNSAVED_HINT)
    submitted = st.form_submit_button("Save ratings", disabled=ui.read_only(), type="primary", icon=":material/save:")

if submitted:
    new_doc = ui.validated(pr.PrinciplesDoc, {"responses": ui.checklist_responses(edited.to_dict("records"))})
    if new_doc is not None and ui.save(pid, new_doc, loaded.version, where="ratings"):
        st.rerun()
ui.outcome(KIND, "ratings")

# ---- summary -----------------------------------------------------------------------------
st.header("Where we stand")
c = pr.counts(doc)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Most-All of our patients", c["Most-All"])
m2.metric("Some of our patients", c["Some"])
m3.metric("None of our patients", c["None"])
m4.metric("Not rated yet", c[pr.NOT_RATED])
labels, points = pr.chart_data(doc)
st.plotly_chart(charts.rating_bar_figure(labels, points, pr.SCALE.labels), width="stretch",
                config={"displayModeBar": False})
weak = ui.plan_view().findings([KIND])
if weak:
    st.warning("**Still to work on:**\n" + "\n".join(f"- {ui.md(f.text)}" for f in weak), icon=":material/warning:")
elif loaded.version:
    st.success("Every principle is applied for at least some of our patients.", icon=":material/check_circle:")

ui.history(pid, KIND, pr.PrinciplesDoc, loaded.version, pr.describe)
ui.pdf_download("Build the Understanding CoCM PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-principles.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
