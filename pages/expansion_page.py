"""Expansion: the organisation this plan belongs to, the team's expansion ideas, starting a new site, condition or
population from this plan (copying the roster and the worksheets chosen), and the roll-up of the organisation's
plans with XLSX and PDF downloads.

The organisation is saved on the plan's details (planning.expansion.set_organisation); the ideas are this
worksheet's document (compare-and-swap save); a new plan is made by planning.expansion.start_from from one read of
this plan, and the roll-up is planning.rollup (each plan read once).
"""
from datetime import date

import pandas as pd
import streamlit as st

from pages import ui
from planning import expansion as pe
from planning import plans, registry, reports
from planning import rollup as ru
from planning.access import Forbidden
from planning.storage import NotFound
from worksheets import expansion as ex
from worksheets.base import REMOVED

SPEC = registry.worksheet(ex.KIND)
KIND = SPEC.kind
STEP_1 = registry.STEPS[0].page_file
NO_ORG = "(no organisation)"

pid, meta, loaded = ui.open_worksheet(SPEC, "Planning information only: never enter patient details.")
doc: ex.ExpansionDoc = loaded.doc
view = ui.plan_view()
people = view.people()
s = ui.store()
key = ui.editor_key(KIND)
name = ui.safe_filename(meta.name)


def other_plan_link(plan_id: str, label: str, page: str = SPEC.page_file) -> None:
    """A link that opens another plan (its id in the address), on this page unless ``page`` says otherwise."""
    st.page_link(page, label=ui.md(label), icon=":material/open_in_new:", query_params={"plan": plan_id})


# ---- where this plan sits ------------------------------------------------------------------------
if meta.parent_plan_id:
    with st.container(border=True):
        kind_words = f" as a {ex.WHAT_LABELS[meta.expansion].lower()}" if meta.expansion else ""
        try:
            parent_name = plans.load_meta(s, meta.parent_plan_id)[0].name
        except (NotFound, Forbidden):  # gone from this server, or the person has no access to it
            parent_name = None
        st.markdown(f"**Started from {ui.md(parent_name or meta.parent_name or 'another plan')}**{kind_words}.")
        if parent_name is None:
            st.caption("That plan is no longer on this server.")
        else:
            other_plan_link(meta.parent_plan_id, f"Open {parent_name}")
open_now = view.findings([KIND])
st.markdown(f"**Organisation:** {ui.md(meta.organisation) if meta.organisation else 'not set yet'}",
            help="Plans of one organisation roll up together below. Set it in section 1.")
m2, m3 = st.columns(2)
kids = pe.children(s, pid)
m2.metric("Plans started from this one", len(kids))
m3.metric("Expansion ideas", len(doc.ideas))
ui.still_open(open_now)

@st.cache_data(max_entries=16, show_spinner=False)
def _rollup(organisation: str, saved: tuple, today: date, who: str) -> list:
    """The roll-up, worked out again only when a plan was saved (``saved``: every plan's id and last save, which any
    save, archive or change of organisation moves), the day changes (overdue actions), or someone else looks (with
    sign-in each person sees their own plans). About 0.35 s for 50 plans, which every click on this page paid."""
    return ru.rollup(ui.store(), organisation, today)


SCREEN_COLUMNS = ("Plan", "Readiness", "Open findings", "Overdue actions", "Launch gate", "Last review",
                  "Active caseload", "PHQ-9 response")

# ---- 1. organisation -------------------------------------------------------------------------
st.header("1 · Organisation")
st.write("Plans that belong to one health system or clinic group form an organisation. The roll-up at the bottom of "
         "this page puts all of its plans side by side.")
flash = st.session_state.pop("_expansion_org_saved", None)
if flash:
    st.success(ui.md(flash), icon=":material/check_circle:")
orgs = pe.organisations(s)
options = [NO_ORG, *orgs] + ([meta.organisation] if meta.organisation and meta.organisation not in orgs else [])
with st.form("expansion_org_form", border=False):
    c1, c2 = st.columns(2)
    chosen = c1.selectbox("Organisation", options, index=options.index(meta.organisation or NO_ORG),
                          key="expansion_org_choice",
                          help="Choose the organisation this plan belongs to. Every organisation used by a plan on "
                               "this server is listed.")
    typed = c2.text_input("Or type a new organisation", key="expansion_org_new",
                          placeholder="e.g. Lakeside Health",
                          help="A name already in use, in any mix of capitals, joins that organisation.")
    if st.form_submit_button("Save organisation", disabled=ui.read_only(), type="primary", icon=":material/save:"):
        wanted = typed.strip() or ("" if chosen == NO_ORG else chosen)
        if not ui.author():
            st.error("Not saved: enter your name at the top of the sidebar first, so the team knows who made this "
                     "change.", icon=":material/error:")
        else:
            try:
                saved = pe.set_organisation(s, pid, wanted, ui.author())
            except ValueError as exc:
                ui.not_saved([str(exc)])
            else:
                same = saved and typed.strip() and saved != pe.tidy(typed)
                st.session_state["_expansion_org_saved"] = (
                    (f"This plan now belongs to {saved}." + (" That organisation was already in use, spelled this "
                                                             "way." if same else ""))
                    if saved else "This plan no longer belongs to an organisation.")
                st.session_state.pop("expansion_org_new", None)
                st.rerun()

# ---- 2. expansion ideas ------------------------------------------------------------------------
st.header("2 · Expansion ideas")
st.write("Once the program runs well, the guide's fifth step suggests growing it: another site, another condition "
         "(anxiety, PTSD, chronic pain), or another population (adolescents, perinatal patients, another language). "
         "Write the ideas down with an owner and a target date; start a plan for one in section 3.")
roster_ids = list(people)
owner_options = roster_ids + [i.owner for i in doc.ideas if i.owner and i.owner not in people]
edited = ui.rows_editor(
    ex.Idea, doc.ideas, f"{key}_ideas", [c for c in ex.EDITOR_COLUMNS if c != "plan_name"],
    widths={"what": 95, "name": 125, "why": 160, "target": 100, "status": 80, "owner": 110, "note": 110},
    options={"owner": owner_options},
    formats={"what": ex.WHAT_LABELS.get, "status": ex.STATUS_LABELS.get,
             "owner": lambda p: people.get(p, REMOVED)},
    labels={"what": "Adds a new", "name": "Name", "why": "Why", "target": "Target date", "status": "Status",
            "owner": "Owner", "plan_name": "Plan started", "note": "Note"},
    helps={"what": "A new site (another clinic), condition (e.g. anxiety) or population (e.g. adolescents).",
           "name": "A short name, e.g. Northside clinic, Anxiety (GAD-7), Adolescents 12-17.",
           "why": "The reason in a sentence: the need, the evidence or the request behind it.",
           "target": "When the team means to start it. A planned idea past this date with no plan started is "
                     "flagged, so a slipped date is noticed.",
           "status": "Idea, planned (committed, with a date), started (a plan exists) or dropped.",
           "owner": "Who moves it forward. People come from the implementation team.",
           "note": "Optional. Never enter patient details."},
)
if st.button("Save ideas", disabled=ui.read_only(), type="primary", icon=":material/save:", key=f"{key}_save_ideas"):
    new_doc = ui.validated(ex.ExpansionDoc, {"schema_version": 1, "ideas": ex.ideas_data(edited, doc)})
    if new_doc is not None and ui.save(pid, new_doc, loaded.version, where="ideas"):
        st.rerun()
st.caption(ui.UNSAVED_HINT)
ui.outcome(KIND, "ideas")

# ---- 3. start a new plan from this one ------------------------------------------------------------
st.header("3 · Start a new site, condition or population from this plan")
st.write("A new plan of its own, linked back to this one and in the same organisation. The implementation team is "
         "always copied; choose which worksheets to copy as a starting point. What is copied is what is saved "
         "now, read at one moment, so an edit someone makes meanwhile is never half-copied.")
done = st.session_state.pop("_expansion_started", None)
if done:
    st.success(ui.md(f"Started “{done['name']}”. Copied: {done['copied']}."), icon=":material/check_circle:")
    other_plan_link(done["id"], f"Open {done['name']}", STEP_1)
    if done.get("warning"):
        st.warning(ui.md(done["warning"]), icon=":material/warning:")
not_started = [i for i in doc.ideas if not i.plan_id and i.status != "dropped"]
idea_options = [None, *[i.id for i in not_started]]
labels = {i.id: f"{ex.WHAT_LABELS[i.what]}: {i.name}" for i in not_started}
copyable = pe.copyable()
defaults = set(pe.default_copy())
with st.form("expansion_start_form", border=False):
    idea = st.selectbox("For the idea", idea_options, key="expansion_start_idea",
                        format_func=lambda i: "None: a new row is added to the ideas" if i is None else labels[i],
                        help="The idea's row is marked started, with a link to the new plan.")
    c1, c2 = st.columns(2)
    new_name = c1.text_input("Name of the new plan", key="expansion_start_name",
                             placeholder="e.g. Collaborative Care: Northside clinic",
                             help="How the plan is listed on Home and in the roll-up. Left empty with an idea "
                                  "chosen above, the idea's name is used.")
    what = c2.radio("It adds a new", list(ex.WHATS), format_func=ex.WHAT_LABELS.get, horizontal=True,
                    key="expansion_start_what",
                    help="A new site: another clinic. A new condition: e.g. anxiety at this clinic. A new population: "
                         "e.g. adolescents.")
    c3, c4 = st.columns(2)
    new_clinic = c3.text_input("Clinic", value=meta.clinic, key="expansion_start_clinic",
                               help="The clinic the new plan is for.")
    new_site = c4.text_input("Site", key="expansion_start_site", placeholder="e.g. Northside",
                             help="Optional: the site within the clinic.")
    st.markdown("**Worksheets to copy** (the implementation team is always copied)")
    cols = st.columns(2)
    ticks = {}
    for n, k in enumerate(copyable):
        ticks[k] = cols[n % 2].checkbox(registry.worksheet(k).title, value=k in defaults, key=f"expansion_copy_{k}",
                                        help=pe.why(k))
    never = [k for k in pe.NEVER_COPY if k in registry.doc_models()]
    st.caption("Never copied: " + "; ".join(
        f"{registry.worksheet(k).title} ({pe.why(k).split(': ', 1)[-1].rstrip('.')})" for k in never) + ".")
    with st.expander("Why these are ticked, and the others not", icon=":material/help:"):
        st.markdown("\n".join(f"- **{registry.worksheet(k).title}**: {pe.why(k)}" for k in [pe.ROSTER, *copyable]))
    submitted = st.form_submit_button("Start the new plan", disabled=ui.read_only(), type="primary",
                                      icon=":material/add_business:")
if submitted:
    if not ui.author():
        st.error("Not started: enter your name at the top of the sidebar first, so the team knows who made this "
                 "plan.", icon=":material/error:")
    else:
        result: list = []
        chosen_kinds = [k for k, on in ticks.items() if on]
        if not new_name.strip() and idea and doc.idea(idea):
            new_name = doc.idea(idea).name
        warning = ""
        try:
            new_id = pe.start_from(s, pid, new_name, new_clinic, new_site, what, chosen_kinds, ui.author(),
                                   idea_id=idea, result=result)
        except pe.NotRecorded as exc:
            new_id, warning = exc.plan_id, str(exc)
        except ValueError as exc:
            new_id = None
            st.error(ui.md(f"Not started. {exc}"), icon=":material/error:")
        if new_id:
            copied = result[0].kinds if result else ()
            st.session_state["_expansion_started"] = {
                "id": new_id, "name": pe.tidy(new_name), "warning": warning,
                "copied": ", ".join(registry.worksheet(k).title for k in copied) or "the implementation team"}
            for k in ("expansion_start_name", "expansion_start_site", "expansion_start_idea"):
                st.session_state.pop(k, None)
            ui.bump_editor(KIND)
            st.rerun()

st.subheader("Plans started from this one")
if not kids:
    st.write("None yet.")
for kid_id, kid, archived in kids:
    c1, c2 = st.columns([3, 2], vertical_alignment="center")
    c1.markdown(f"**{ui.md(kid.name)}** · {ui.md(' · '.join(p for p in (kid.clinic, kid.site) if p))}"
                + (f" · {ex.WHAT_LABELS[kid.expansion].lower()}" if kid.expansion else "")
                + (" · archived" if archived else ""))
    with c2:
        other_plan_link(kid_id, "Open it")

# ---- 4. the roll-up ----------------------------------------------------------------------------
st.header("4 · Roll-up of the organisation's plans")
if not meta.organisation:
    st.info("The roll-up needs an organisation: set this plan's organisation in section 1 above, and do the same on "
            "the other plans of your organisation.", icon=":material/domain:")
else:
    rows = _rollup(meta.organisation, tuple((r.id, r.last_saved_at) for r in s.list_plans(include_archived=True)),
                   date.today(), ui.author())
    st.write(f"Every running plan of {ui.md(meta.organisation)}: {len(rows)}. Click a column's header to sort. "
             "Readiness is the readiness checklist's overall score; metrics are the latest month of each plan's "
             "metric log.")
    frame = pd.DataFrame(ru.table_rows(rows), columns=[h for h, _ in ru.COLUMNS])
    # the columns a projector shows at 1280 x 720; clinic, site, parent, blockers, the metrics' month and new
    # enrollments are in the XLSX and the PDF
    st.dataframe(frame, hide_index=True, width="stretch", key="expansion_rollup", column_order=SCREEN_COLUMNS,
                 column_config={
                     "Plan": st.column_config.TextColumn(width=170),
                     "Readiness": st.column_config.NumberColumn(format="%.0f%%", width=80,
                                                                help="The readiness checklist's overall score."),
                     "Open findings": st.column_config.NumberColumn("Open gaps", width=70),
                     "Overdue actions": st.column_config.NumberColumn("Overdue", width=70,
                                                                      help="Actions past their due date."),
                     "Launch gate": st.column_config.TextColumn(width=100),
                     "Last review": st.column_config.DateColumn(format="D MMM YYYY", width=95),
                     "Active caseload": st.column_config.NumberColumn("Caseload", width=75,
                                                                      help="Active caseload, latest month logged."),
                     "PHQ-9 response": st.column_config.NumberColumn("PHQ-9 resp.", format="%.0f%%", width=75,
                                                                     help="PHQ-9 response, latest month logged."),
                 })
    st.caption("Clinic, site, the plan each was started from, blockers, the month of the metrics and new "
               "enrollments are in the downloads.")
    org_file = ui.safe_filename(meta.organisation)
    d1, d2 = st.columns(2)
    d1.download_button("Download the roll-up (.xlsx)", data=ru.rollup_xlsx(rows, meta.organisation),
                       file_name=f"{org_file}-rollup.xlsx", key="expansion_rollup_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:")
    with d2:
        ui.pdf_download("Build the roll-up PDF", lambda: ru.rollup_pdf(ui.store(), meta.organisation),
                        f"{org_file}-rollup.pdf", key="expansion_rollup")

# ---- history, PDF, navigation ----------------------------------------------------------------
ui.history(pid, KIND, ex.ExpansionDoc, loaded.version, ex.describe)
ui.pdf_download("Build the expansion PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{name}-expansion.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
