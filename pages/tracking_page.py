"""Tracking system: what a registry must do, the options compared side by side, the decision, and the measures
and caseload figures the registry must give.

Four forms (options, comparison, decision, measures). Each Save validates and saves the WHOLE document (the
saved document with that form's part replaced) with compare-and-swap on the version this page loaded.
"""
from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from pages.ui.editors import matrix_editor
from planning import charts, registry, reports
from worksheets import tracking as tk

SPEC = registry.worksheet(tk.KIND)
KIND = SPEC.kind
TEAM_PAGE = registry.worksheet("team").page_file
VISION_PAGE = registry.worksheet("shared_vision").page_file
TABLE_TOP, TABLE_ROW = 40, 35  # a table's header and row heights (px): long tables shown whole, not scrolled
MAIN_WIDTH, MATRIX_ROW = 800, 320  # px: the comparison fits a 1280 x 720 projector with all four options

pid, meta, loaded = ui.open_worksheet(SPEC, ":material/lock: " + tk.NO_PATIENT_ROWS)
doc: tk.TrackingDoc = loaded.doc
view = ui.plan_view()
people = view.people()  # person id -> "Name (role)"
vision = view.doc("shared_vision")
key = ui.editor_key(KIND)


def save(part: dict, where: str) -> None:
    """Replace one part of the document this page opened, validate the whole, save."""
    data = doc.model_dump(mode="json")
    data.update(part)
    new_doc = ui.validated(tk.TrackingDoc, data)
    if new_doc is not None and ui.save(pid, new_doc, loaded.version, where=where):
        st.rerun()


def save_button(label: str) -> bool:
    st.caption(ui.UNSAVED_HINT)
    return st.form_submit_button(label, disabled=ui.read_only(), type="primary", icon=":material/save:")


def spreadsheet_warning() -> None:
    st.warning("**About spreadsheets.** " + ui.md(tk.SPREADSHEET_WARNING), icon=":material/warning:")


# ---- summary -------------------------------------------------------------------------------
status = tk.progress(doc, people, vision)
open_now = view.findings([KIND])
d = doc.decision
m1, m2, m3 = st.columns(3)
m1.metric("Status", ui.status_label(status),
          help="Complete when a system is chosen, someone on the team owns it, and the registry has at least one "
               "measure to track.")
m2.metric("Options compared", len(tk.considered(doc)))
m3.metric("Still open", len(open_now))
with st.container(border=True):
    meanwhile = f" (until it is ready: {ui.md(tk.option_label(doc, d.interim))})" if d.interim else ""
    st.markdown(f"**System chosen:** {ui.md(tk.option_label(doc, d.chosen))}{meanwhile}  \n"
                f"**Owner:** {ui.md(tk.owner_label(d.owner, people))}")
ui.still_open(open_now)

# ---- 1. options ----------------------------------------------------------------------------
st.header("1 · Options the clinic is considering")
st.write("Tick every option the team is looking at and note what you know so far: cost, who supports it, how "
         "long it takes to set up. The ticked options are compared below.")
if tk.spreadsheet_in_play(doc):
    spreadsheet_warning()
with st.form(f"{key}_options_form", border=False):
    frame = pd.DataFrame([{"key": o.key, "option": o.label, "about": o.about,
                           "considering": doc.entry(o.key).considering, "note": doc.entry(o.key).note}
                          for o in tk.OPTIONS], columns=["key", "option", "about", "considering", "note"])
    options_out = st.data_editor(
        frame, key=f"{key}_options", hide_index=True, width="stretch", num_rows="fixed", row_height=ui.ROW_HEIGHT,
        column_order=["option", "about", "considering", "note"], disabled=["option", "about"],
        column_config={
            "option": st.column_config.TextColumn("Option", width=130),
            "about": st.column_config.TextColumn("What it is", width=280),
            "considering": st.column_config.CheckboxColumn(
                "Considering", width=100, help="Tick the options the team is looking at; they are compared below."),
            "note": st.column_config.TextColumn(
                "What we know", width=300,
                help="Optional: cost, who supports it, time to set up. Plain text; never enter patient details."),
        })
    other_name = st.text_input(
        "Name of the other product", value=doc.other_name, key=f"{key}_other_name",
        placeholder="e.g. the care-management module our health system licenses",
        help="Needed when another product is ticked or chosen: it names that option everywhere in the plan.")
    if save_button("Save options"):
        save({"options": tk.options_data(options_out.to_dict("records")), "other_name": other_name}, "options")
ui.outcome(KIND, "options")

# ---- 2. requirements x options -------------------------------------------------------------
st.header("2 · Compare them against what a registry must do")
st.write("Rate each option on each requirement: **Meets**, **Partly**, **Does not meet**, or **Don't know** "
         "when you need to find out. Requirements marked (core) are the ones a Collaborative Care registry cannot "
         "do without.")
with st.expander("What each requirement means and why it matters", icon=":material/help:"):
    st.markdown("\n".join(f"- **{r.id}{' (core)' if r.core else ''}.** {ui.md(r.text)} *Why:* {ui.md(r.why)}"
                          for r in tk.REQUIREMENTS))
shown = tk.considered(doc)
if not shown:
    st.info("Tick at least one option above and save: a column for each appears here.", icon=":material/info:")
else:
    with st.form(f"{key}_matrix_form", border=False):
        cells = matrix_editor(
            [(r.id, r.label) for r in tk.REQUIREMENTS], [(k, tk.option_label(doc, k)) for k in shown],
            {(r.id, k): doc.rating(r.id, k) for r in tk.REQUIREMENTS for k in shown}, f"{key}_matrix",
            options=list(tk.RATINGS), row_label="Requirement", row_width=MATRIX_ROW,
            cell_width=min(200, (MAIN_WIDTH - MATRIX_ROW) // len(shown)), help=tk.RATING_HELP,
            height=TABLE_TOP + TABLE_ROW * len(tk.REQUIREMENTS))
        if save_button("Save ratings"):
            save({"ratings": tk.ratings_data(cells, shown, doc.ratings)}, "ratings")
    ui.outcome(KIND, "ratings")

# ---- scores side by side -------------------------------------------------------------------
if shown:
    st.subheader("Scores side by side")
    for col, s in zip(st.columns(max(len(shown), 2)), tk.scores(doc)):
        with col:
            st.metric(ui.md(s.label), s.shown, border=True,
                      help="Share of the points possible on the requirements rated: Meets 2, Partly 1, Does not "
                           "meet 0. Don't know and empty cells are left out.")
            st.caption(f"{s.rated} of {len(tk.REQUIREMENTS)} rated, {s.dont_know} don't know. "
                       + (f"Core requirements rated Does not meet: {', '.join(s.core_not_met)}." if s.core_not_met
                          else "No core requirement rated Does not meet."))
    chart = tk.score_chart(doc)
    if chart is not None:
        st.plotly_chart(charts.chart_figure(chart, height=320), width="stretch", config={"displayModeBar": False})

# ---- 3. decision ---------------------------------------------------------------------------
st.header("3 · The decision")
st.write("Record what the team chose and why. An EHR build or a new product takes months: name an interim tool "
         "(the AIMS Caseload Tracker is a common one) so patients are tracked from the first day.")
if tk.SPREADSHEET in (d.chosen, d.interim):
    st.warning("A spreadsheet is part of this decision: read the warning about growth and privacy in part 1, and "
               "write below how it is kept secure and when the clinic moves on.", icon=":material/warning:")
if not people:
    st.info("No one is on the implementation team yet. Add people on the team page to name an owner.",
            icon=":material/groups:")
    st.page_link(TEAM_PAGE, label="Go to the implementation team", icon=":material/groups:")
choices = [None, *tk.OPTION_KEYS]
owner_options = [None, *people] + ([d.owner] if d.owner and d.owner not in people else [])
with st.form(f"{key}_decision_form", border=False):
    c1, c2 = st.columns(2)
    chosen = c1.selectbox("System chosen", choices, index=choices.index(d.chosen), key=f"{key}_chosen",
                          format_func=lambda k: "Not decided yet" if k is None else tk.option_label(doc, k),
                          help="The registry the care team will use for every Collaborative Care patient.")
    owner = c2.selectbox("Owner", owner_options, index=owner_options.index(d.owner), key=f"{key}_owner",
                         format_func=lambda p: tk.owner_label(p, people),
                         help="Who makes sure the registry is set up, who has access, and that the team is trained. "
                              "People come from the implementation team.")
    reason = st.text_area("Reason", value=d.reason, key=f"{key}_reason",
                          placeholder="e.g. meets every core requirement, free for our size, secure, and the care "
                                      "manager can start on it now",
                          help="Why the team chose it: the requirements it meets, cost, time to set up.")
    ready = st.checkbox("The chosen system is ready to use now", value=d.ready, key=f"{key}_ready",
                        help="Leave unticked for an EHR build or another product still being set up: it then needs "
                             "an interim tool.")
    c3, c4 = st.columns(2)
    interim = c3.selectbox("Interim tool while it is built", choices, index=choices.index(d.interim),
                           key=f"{key}_interim",
                           format_func=lambda k: "None" if k is None else tk.option_label(doc, k),
                           help="What tracks patients until the chosen system is ready. Must differ from the "
                                "system chosen.")
    decided_on = c4.date_input("Decision date", value=d.decided_on, key=f"{key}_decided_on", format="YYYY-MM-DD",
                               help="Left empty, today's date is used when a system is chosen.")
    transition = st.text_area(
        "Plan to move on", value=d.transition, key=f"{key}_transition",
        placeholder="e.g. the EHR build is due in March 2027; active patients move over by hand in one week, and the "
                    "Caseload Tracker is closed after a month of both",
        help="When the chosen system (or the interim tool) will be replaced, and how active patients move over. For "
             "a spreadsheet: how it is kept secure and when the clinic moves to a secure registry.")
    if save_button("Save decision"):
        save({"decision": tk.decision_data(chosen, reason, ready, interim, transition, owner, decided_on,
                                           date.today())}, "decision")
ui.outcome(KIND, "decision")

# ---- 4. measures and figures ---------------------------------------------------------------
st.header("4 · What the registry must track")
st.write("The measures come from the shared vision's conditions and measures; each is tracked unless you untick "
         "it. Add any other measure below, then tick the caseload figures the team wants from the registry.")
rows = tk.measure_rows(doc, vision)
with st.form(f"{key}_measures_form", border=False):
    st.subheader("Measures")
    vision_out = None
    if rows:
        vision_out = st.data_editor(
            pd.DataFrame(rows, columns=["key", "condition", "measure", "track"]), key=f"{key}_vision",
            hide_index=True, width="stretch", num_rows="fixed", column_order=["condition", "measure", "track"],
            disabled=["condition", "measure"],
            column_config={
                "condition": st.column_config.TextColumn("Condition", width=220),
                "measure": st.column_config.TextColumn("Measure (from the shared vision)", width=260),
                "track": st.column_config.CheckboxColumn("Track it", width=100,
                                                         help="Untick a measure the registry will not track."),
            })
    else:
        st.info("The shared vision has no measures yet. Choose the conditions and their measures there; they "
                "appear here ticked.", icon=":material/info:")
    st.caption("Other measures the registry must track (one per row), for example a functioning scale or a "
               "substance use screen.")
    extra_out = ui.rows_editor(
        tk.ExtraMeasure, doc.extra_measures, f"{key}_extra", ["measure", "purpose"],
        widths={"measure": 220, "purpose": 420}, labels={"measure": "Other measure", "purpose": "What it is for"},
        helps={"measure": "The measure's name, e.g. DAST-10.", "purpose": "Optional: the condition or why."})
    st.subheader("Caseload figures wanted")
    st.caption("The three figures the guide asks every program to watch are marked. Patient-level detail stays in "
               "the registry; the monitoring plan uses these figures.")
    metrics_frame = pd.DataFrame([{"key": m.key, "group": m.group, "label": m.label,
                                   "key_process": "Key figure" if m.key_process else "",
                                   "wanted": m.key in doc.metrics} for m in tk.METRICS],
                                 columns=["key", "group", "label", "key_process", "wanted"])
    metrics_out = st.data_editor(
        metrics_frame, key=f"{key}_metrics", hide_index=True, width="stretch", num_rows="fixed",
        height=TABLE_TOP + TABLE_ROW * len(tk.METRICS),
        column_order=["wanted", "label", "group", "key_process"], disabled=["group", "label", "key_process"],
        column_config={
            "wanted": st.column_config.CheckboxColumn("Want it", width=75,
                                                      help="Tick the figures the registry should report."),
            "label": st.column_config.TextColumn("Figure", width=520),
            "group": st.column_config.TextColumn("Area", width=115),
            "key_process": st.column_config.TextColumn("In the guide", width=100),
        })
    other_metrics = st.text_area("Other figures wanted", value=doc.other_metrics, key=f"{key}_other_metrics",
                                 placeholder="e.g. PHQ-9 item 9 positives followed up the same day",
                                 help="Optional: any figure not in the list. Program-level figures only.")
    if save_button("Save measures and figures"):
        part = {"extra_measures": tk.extra_measures_data(extra_out),
                "metrics": tk.metrics_data(metrics_out.to_dict("records")), "other_metrics": other_metrics}
        if vision_out is not None:
            part["vision_measures"] = {**doc.vision_measures,
                                       **tk.vision_measures_data(vision_out.to_dict("records"))}
        save(part, "measures")
ui.outcome(KIND, "measures")
if not rows:
    st.page_link(VISION_PAGE, label="Go to the shared vision", icon=":material/visibility:")

# ---- history, PDF, navigation ----------------------------------------------------------------
ui.history(pid, KIND, tk.TrackingDoc, loaded.version, tk.describe)
ui.pdf_download("Build the tracking system PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-tracking-system.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
