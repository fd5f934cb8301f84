"""Monitoring plan: the catalog of program metrics, the team's chosen metrics with targets for years 1 to 3, how
often each is reviewed and by whom, and what published programs reached beside each target.

One table, one form. Its Save validates and saves the whole document with compare-and-swap on the version this
page loaded; metrics chosen in the table get their empty targets from the shared vision on Save. The two other
buttons of the form ("Fill targets from the shared vision", "Start with the suggested set") put their result in
the table without saving, until Save.
"""
import streamlit as st

from pages import ui
from pages.ui.editors import NOTE_HELP
from planning import registry, reports
from worksheets import metrics as mx
from worksheets import monitoring as mo

SPEC = registry.worksheet(mo.KIND)
KIND = SPEC.kind
VISION_PAGE = registry.worksheet("shared_vision").page_file
TEAM_PAGE = registry.worksheet("team").page_file
DRAFT = "_monitoring_draft"  # UI state: the table as a button filled it, not saved yet
PREFILLED = "_monitoring_prefilled"  # UI state: what the last Save filled in from the shared vision

pid, meta, loaded = ui.open_worksheet(SPEC, ":material/lock: " + mo.NO_PATIENT_DATA)
doc: mo.MonitoringDoc = loaded.doc
view = ui.plan_view()
people = view.people()
names = {m.id: m.name for m in view.roster.members}  # names only: the column is narrow
roles = {m.id: m.role for m in view.roster.members}
vision = view.doc("shared_vision")

gen = ui.editor_key(KIND)
draft = st.session_state.get(DRAFT)
if not draft or draft["gen"] != gen or draft["version"] != loaded.version or draft["doc"] == doc:
    draft = None  # saved, reloaded, or nothing left to save: the table shows the saved document again
shown: mo.MonitoringDoc = draft["doc"] if draft else doc
key = f"{gen}_draft{draft['n']}" if draft else gen

# ---- summary -------------------------------------------------------------------------------
c = mo.counts(doc, set(people))
m1, m2, m3 = st.columns(3)
m1.metric("Metrics chosen", c.chosen, help="Metrics in the saved plan. Most teams start with 5 to 8.")
m2.metric("With a target", f"{c.with_target} of {c.chosen}",
          help="Chosen metrics with a year 1 target. The launch gate waits until at least one metric has one: "
               "without a target, a monthly figure cannot tell the team whether things are on track.")
m3.metric("Reviewers named", f"{c.with_reviewer} of {c.chosen}",
          help="Chosen metrics with someone on the implementation team named to bring them to the review. A figure "
               "nobody owns is rarely acted on.")
open_now = view.findings([KIND])
ui.still_open(open_now)

# ---- the catalog ---------------------------------------------------------------------------
st.header("The metrics you can watch")
st.write("Every metric has a fixed definition (what is counted, out of what, over which month), so a figure means "
         "the same thing from one month to the next and from one clinic to another. Choose a few that show whether "
         "patients are found, followed up and getting better; most teams start with 5 to 8.")
with st.expander("What each metric means, by area", icon=":material/menu_book:"):
    for cat, title in mx.CATEGORIES:
        st.markdown(f"**{title}**\n\n" + "\n".join(
            f"- **{ui.md(m.name)}**: {ui.md(m.definition)} *"
            + ("Computed from the registry export" if m.from_export else "Entered by hand each month") + "*"
            for m in mx.in_category(cat)))

# ---- the plan ------------------------------------------------------------------------------
st.header("Your monitoring plan")
st.write("One row per metric. Choose the metric, its monthly targets for years 1, 2 and 3, how often the team "
         "reviews it and who brings it to the review. Add a row with **+** under the table. A metric with a goal in "
         "the shared vision gets its empty targets from there when you save; targets you type are kept.")
if not people:
    st.info("Add people on the Implementation team page to name reviewers here.", icon=":material/group_add:")
    ui.plan_link(TEAM_PAGE, "Open the Implementation team", ":material/group:")
if not mo.vision_has_goals(vision):
    st.info("The shared vision has no goals for years 1 to 3 yet, so no target can come from it. You can type "
            "targets here, or set the goals there first.", icon=":material/info:")
    ui.plan_link(VISION_PAGE, "Open the Shared vision", ":material/visibility:")
if draft:
    st.info(ui.md(draft["message"]) + " **Not saved yet:** check the table, then press **Save monitoring plan**.",
            icon=":material/edit_note:")
prefilled = st.session_state.pop(PREFILLED, None)
if prefilled:
    st.info("Filled in from the shared vision for the metrics just chosen: " + ui.md(prefilled) + ".",
            icon=":material/auto_fix_high:")

all_columns = st.toggle("Show the data source and note", key="mo_all_columns",
                        help="Where each figure comes from, and the team's notes. The table then scrolls sideways "
                             "on a projector.")
columns = ["metric", "target_y1", "target_y2", "target_y3", "practice", "cadence", "reviewer"]
columns += ["source", "note"] if all_columns else []
reviewers = list(names) + sorted({r.reviewer for r in shown.metrics if r.reviewer and r.reviewer not in names})
target_help = ("The monthly figure to aim for in year {n} after launch, in the metric's unit: a percentage for "
               "shares (0-100), a number for counts, minutes, or dollars. Why: a target turns a figure into a "
               "signal. Left empty for a metric with a shared-vision goal, it is filled from the vision on Save.")
with st.form(f"{key}_form", border=False):
    rows = ui.rows_editor(
        mo.PlanMetric, shown.metrics, key, columns,
        widths={"metric": 165, "target_y1": 76, "target_y2": 76, "target_y3": 76, "practice": 92, "cadence": 110,
                "reviewer": 140, "source": 150, "note": 150},
        options={"metric": list(mx.METRIC_IDS), "cadence": list(mo.CADENCES), "reviewer": reviewers},
        formats={"metric": lambda m: mx.metric(m).name if m in mx.METRIC_IDS else m,
                 "cadence": lambda k: mo.CADENCE_LABELS.get(k, k), "reviewer": lambda p: names.get(p, mo.REMOVED)},
        labels={"metric": "Metric", "target_y1": "Year 1", "target_y2": "Year 2", "target_y3": "Year 3",
                "practice": "In practice", "cadence": "Reviewed", "reviewer": "By", "source": "Data source",
                "note": "Note"},
        helps={"metric": "Choose from the catalog above; each metric once. Its fixed definition is what makes the "
                         "monthly figures comparable.",
               "target_y1": target_help.format(n=1), "target_y2": target_help.format(n=2),
               "target_y3": target_help.format(n=3),
               "practice": "What published programs reached, where a figure exists (details and sources under the "
                           "table). Why: so targets are ambitious and honest.",
               "cadence": "How often the team looks at this figure together: Monthly, Quarterly or Every six "
                          "months. Why: process figures such as follow-up show trouble within weeks; outcomes "
                          "move more slowly. Left empty, it is monthly.",
               "reviewer": "Who brings this figure to the review and asks what to do about it. Why: a figure "
                           "nobody owns is rarely acted on. People come from the implementation team.",
               "source": "Where the monthly figure comes from. Why: everyone then reads it from the same place. "
                         "Left empty, the catalog's usual source is filled in on Save.",
               "note": NOTE_HELP},
        values={"practice": lambda r: mo.in_practice(r.metric)}, disabled=["practice"])
    st.caption(ui.UNSAVED_HINT)
    with st.container(horizontal=True):
        save_clicked = st.form_submit_button("Save monitoring plan", disabled=ui.read_only(), type="primary",
                                             icon=":material/save:")
        fill_clicked = st.form_submit_button(
            "Fill targets from the shared vision", disabled=ui.read_only(), icon=":material/auto_fix_high:",
            help="Fills every empty target of the chosen metrics that have a goal in the shared vision (new "
                 "enrollments, contacted in 30 days, PHQ-9 response). Typed targets are kept. Not saved until you "
                 "press Save.")
        suggest_clicked = st.form_submit_button(
            "Start with the suggested set", disabled=ui.read_only(), icon=":material/playlist_add:",
            help="Adds a starter set of seven metrics (" + ", ".join(mx.metric(m).name for m in mo.SUGGESTED)
                 + ") that are not in the table yet, with reviewers suggested by role. Not saved until you press "
                   "Save.")


def typed() -> mo.MonitoringDoc | None:
    """The table as typed, as a document; None after saying what is wrong."""
    return ui.validated(mo.MonitoringDoc, {"metrics": mo.rows_data(rows, shown)})


def to_draft(new_doc: mo.MonitoringDoc, message: str) -> None:
    st.session_state[DRAFT] = {"gen": gen, "version": loaded.version, "n": draft["n"] + 1 if draft else 1,
                               "doc": new_doc, "message": message}
    st.rerun()


if save_clicked:
    new_doc = typed()
    if new_doc is not None:
        issues = mo.reviewer_problems(new_doc, names)
        if issues:
            ui.not_saved(issues)
        else:
            just_chosen = set(mo.chosen(new_doc)) - set(mo.chosen(shown))
            new_doc, filled = mo.fill_from_vision(new_doc, vision, only=just_chosen)
            if ui.save(pid, new_doc, loaded.version, where="plan"):
                st.session_state.pop(DRAFT, None)
                if filled:
                    st.session_state[PREFILLED] = mo.filled_sentence(filled)
                st.rerun()
if fill_clicked:
    new_doc = typed()
    if new_doc is not None:
        filled_doc, filled = mo.fill_from_vision(new_doc, vision)
        if filled:
            to_draft(filled_doc, "Filled from the shared vision: " + mo.filled_sentence(filled) + ".")
        st.info(ui.md(mo.nothing_to_fill(new_doc, vision)), icon=":material/info:")
if suggest_clicked:
    new_doc = typed()
    if new_doc is not None:
        suggested, added = mo.with_suggested(new_doc, roles, vision)
        if added:
            to_draft(suggested, "Added the suggested set: " + ", ".join(mx.metric(m).name for m in added)
                     + ". Reviewers are suggested by role and targets come from the shared vision where it has "
                       "goals; set the other targets.")
        st.info("Every metric of the suggested set is in the table already.", icon=":material/info:")
ui.outcome(KIND, "plan")

notes = mo.ambitious_notes(shown)
if notes:
    st.info("**Ambitious targets.** Aiming high is fine when the team knows it:\n\n"
            + "\n".join(f"- {ui.md(n)}" for n in notes), icon=":material/trending_up:")

# ---- beside each target: what programs reach in practice -----------------------------------
st.subheader("What programs reach in practice")
st.caption(f"Published real-world figures beside each chosen metric's year 1 target, with their sources. A year 1 "
           f"target more than {mo.AMBITIOUS_MARGIN:g} percentage points above what published programs reached is "
           f"marked ambitious.")
listed = [r.metric for r in shown.metrics] or [m.id for m in mx.METRICS if m.benchmarks]
lines = []
for mid in listed:
    row = shown.row(mid)
    m = mx.metric(mid)
    head = f"- **{ui.md(m.name)}**"
    if row is not None:
        target = mx.fmt_value(mid, row.target_y1) if row.target_y1 is not None else "none yet"
        head += f" · year 1 target: **{ui.md(target)}**"
        note = mo.ambitious(mid, row.target_y1)
        if note:
            head += f" · *{ui.md(note)}*"
    marks = [f"  - {ui.md(b.text)} *({ui.md(b.source)})*" for b in m.benchmarks] or ["  - No published figure found."]
    lines.append("\n".join([head, *marks]))
st.markdown("\n".join(lines))

if shown.metrics:
    st.caption(" ".join(ui.md(line) for line in mo.vision_lines(shown, vision)))

# ---- history, PDF, navigation ----------------------------------------------------------------
ui.history(pid, KIND, mo.MonitoringDoc, loaded.version, mo.describe)
ui.pdf_download("Build the monitoring plan PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-monitoring-plan.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
