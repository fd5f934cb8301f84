"""Six-month review: milestones (frozen copies of the plan), the comparison of any two, trends across them, and
the review record with its decisions, which go to the action plan."""
from datetime import date

import streamlit as st
from pydantic import ValidationError

from pages import ui
from pages.ui.compare import compare_panel, trends_panel
from planning import plans, registry, reports
from planning.access import Forbidden
from worksheets import action_plan as ap
from worksheets import review as rv
from worksheets.base import REMOVED, fmt_date, new_row_id

SPEC = registry.worksheet(rv.KIND)
KIND = SPEC.kind
BASELINE = "Baseline"
NEW = "_new"  # the review picker's choice for a review not saved yet
PICK = "rv_pick"  # UI state: the review shown in the form
PICK_NEXT = "_rv_pick_next"  # the review to show after a save (a widget's key cannot change after it is drawn)
OFFER = "_rv_offer_milestone"  # the name of a review just saved for the first time: offer a milestone of that name
NOTE = "_rv_note"  # a message to show once after a rerun (a milestone made, a decision sent)

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Every six months the team looks back at its plan: freeze the plan as a milestone, compare it with an "
          "earlier one, and record what the review decided. Plain planning text only: never enter patient details.")
doc: rv.ReviewDoc = loaded.doc
view = ui.plan_view()
store = ui.store()
today = date.today()
people = view.people()
roster_ids = list(people)
started = rv.started_on(view)
next_due = rv.next_review_due(doc, meta.target_launch, started)
action_plan = view.doc(ap.ActionPlanDoc.KIND)
waiting = rv.open_decisions(doc, action_plan)
milestones = store.list_milestones(pid)

note = st.session_state.pop(NOTE, None)
if note:
    st.success(ui.md(note), icon=":material/check_circle:")

m1, m2, m3, m4 = st.columns(4)
m1.metric("Milestones", len(milestones), help="Frozen copies of the whole plan, to compare with later.")
m2.metric("Reviews recorded", len(doc.reviews))
m3.metric("Next review due", fmt_date(next_due),
          help="Six months after the latest review. Before the first one: six months after the target launch, or "
               "after the plan was started when there is no launch date.")
m4.metric("Decisions waiting", len(waiting),
          help="Decisions of a review that need doing and have no action in the action plan yet.")
if next_due < today:
    st.warning(f"The six-month review was due on {fmt_date(next_due)}. Hold it and record it under Review record.",
               icon=":material/alarm:")


def _names(ids) -> str:
    return ", ".join(people.get(p, REMOVED) for p in ids)


def _make_milestone(name: str) -> bool:
    """Freeze the plan under this name; the store's own words when it refuses (a name already used)."""
    who = ui.author()
    if not who:
        st.error("Not made: enter your name at the top of the sidebar first, so the team knows who made it.")
        return False
    try:
        store.create_milestone(pid, name, who)
    except (ValueError, Forbidden) as exc:
        st.error(f"Not made: {ui.md(str(exc))} Your entry is still here.", icon=":material/error:")
        return False
    st.session_state[NOTE] = f"Milestone \u201c{' '.join(name.split())}\u201d made: every worksheet as it is now."
    return True


# ---- milestones ----------------------------------------------------------------------------------
def milestones_tab() -> None:
    st.info("A milestone is a frozen copy of every worksheet of the plan, as it is at the moment you make it. It "
            "cannot be changed afterwards: only its name can, and every rename is logged. Make one before each "
            "review, then compare it with an earlier one.", icon=":material/photo_camera:")
    progress = view.progress()
    step1 = registry.STEPS[0]
    step1_done = all(progress.get(w.kind) == registry.COMPLETE for w in step1.worksheets if w.built)
    has_baseline = any(m.name.casefold() == BASELINE.casefold() for m in milestones)
    if step1_done and not has_baseline:
        with st.container(border=True):
            st.write(f"**{step1.label} is complete.** Freeze the plan now as the Baseline: later reviews compare "
                     "with it to show how far the clinic has come.")
            if st.button("Make the Baseline milestone", disabled=ui.read_only(), type="primary",
                         icon=":material/flag:", key="rv_baseline"):
                if _make_milestone(BASELINE):
                    st.rerun()

    with st.form("rv_new_milestone"):
        name = st.text_input("Name of the new milestone", key="rv_ms_name",
                             placeholder="e.g. 6-month review, May 2027",
                             help="A name the team will recognise later, such as the review or the month it marks. "
                                  "Each milestone of a plan has its own name.")
        if st.form_submit_button("Make the milestone", disabled=ui.read_only(), icon=":material/photo_camera:"):
            if not name.strip():
                st.error("Not made: give the milestone a name first.")
            elif _make_milestone(name):
                st.rerun()

    if not milestones:
        st.caption("No milestones yet.")
    else:
        st.dataframe([{"Name": m.name, "Made on": ui.when(m.created_at), "Made by": m.created_by,
                       "Worksheets pinned": m.document_count} for m in milestones], hide_index=True, width="stretch")
        with st.form("rv_rename_milestone"):
            c1, c2 = st.columns(2)
            by_id = {m.id: m for m in milestones}
            which = c1.selectbox("Milestone to rename", list(by_id), format_func=lambda i: by_id[i].name,
                                 key="rv_rename_pick",
                                 help="Only the name changes. What the milestone holds stays exactly as it was.")
            new_name = c2.text_input("New name", key="rv_rename_name",
                                     help="The old name stays in the rename log below.")
            if st.form_submit_button("Rename", disabled=ui.read_only(), icon=":material/edit:"):
                who = ui.author()
                if not who:
                    st.error("Not renamed: enter your name at the top of the sidebar first.")
                elif not new_name.strip():
                    st.error("Not renamed: type the new name first.")
                else:
                    try:
                        store.rename_milestone(pid, which, new_name, who)
                    except (ValueError, Forbidden) as exc:
                        st.error(f"Not renamed: {ui.md(str(exc))} Your entry is still here.",
                                 icon=":material/error:")
                    else:
                        st.session_state[NOTE] = "Milestone renamed. What it holds has not changed."
                        st.rerun()
        renames = store.milestone_renames(pid)
        if renames:
            st.header("Rename log")
            st.markdown("\n".join(f"- Renamed from \u201c{ui.md(r.old_name)}\u201d to \u201c{ui.md(r.new_name)}\u201d "
                                  f"on {ui.when(r.at)} by {ui.md(r.by)}" for r in renames))

# ---- the review record -------------------------------------------------------------------------------
def record_tab() -> None:
    st.write(f"**Next review due: {fmt_date(next_due)}.** Six months after the latest review"
             + ("." if doc.reviews else (", or after the target launch before the first one." if meta.target_launch
                                         else ", or after the plan was started before the first one.")))
    ordered = rv.newest_first(doc)
    if ordered:
        st.dataframe([{"Review": r.name, "Date": fmt_date(r.date), "Attendees": len(r.attendees),
                       "Prompts answered": f"{r.answered()} of {len(rv.PROMPTS)}", "Decisions": len(r.decisions)}
                      for r in ordered], hide_index=True, width="stretch")
    else:
        st.caption("No review recorded yet.")

    # the milestone offered after a new review is saved
    offer = st.session_state.get(OFFER)
    if offer and any(r.name == offer for r in doc.reviews):
        taken = next((m for m in milestones if m.name.casefold() == offer.casefold()), None)
        if taken is not None:
            st.info(f"A milestone named \u201c{ui.md(taken.name)}\u201d already exists (made "
                    f"{ui.when(taken.created_at)} by {ui.md(taken.created_by)}).", icon=":material/photo_camera:")
        else:
            st.write("Freeze the plan as it is after this review, so the next review can compare with it:")
            if st.button(f"Make a milestone named \u2018{ui.md(offer)}\u2019", disabled=ui.read_only(),
                         key="rv_offer_ms",
                         icon=":material/photo_camera:"):
                if _make_milestone(offer):
                    st.session_state.pop(OFFER, None)
                    st.rerun()

    if PICK_NEXT in st.session_state:
        st.session_state[PICK] = st.session_state.pop(PICK_NEXT)
    choices = [NEW] + [r.id for r in ordered]
    if st.session_state.get(PICK) not in choices:
        st.session_state[PICK] = ordered[0].id if ordered else NEW
    pick = st.selectbox("Review", choices, key=PICK,
                        format_func=lambda i: "A new review" if i == NEW else
                        f"{doc.review(i).name} ({fmt_date(doc.review(i).date)})",
                        help="Open a past review to read or correct it, or start a new one.")
    current = doc.review(pick) if pick != NEW else None
    st.caption("Open what the review revisits (each opens its own page; come back here to write it down):")
    cols = st.columns(3)
    for i, p in enumerate(rv.PROMPTS):
        with cols[i % 3]:
            spec = registry.worksheet(p.worksheet)
            ui.plan_link(spec.page_file, label=spec.title, icon=spec.icon)
    base = f"{ui.editor_key(KIND)}_{pick}"
    with st.form(f"{base}_form", border=False):
        c1, c2 = st.columns([2, 1])
        name_in = c1.text_input("Name of the review", current.name if current else "", key=f"{base}_name",
                                placeholder="e.g. 6-month review, May 2027",
                                help="Left empty, it is named from its date. Saving a new review offers a milestone "
                                     "of the same name.")
        date_in = c2.date_input("Date of the review", current.date if current else today, key=f"{base}_date",
                                format="YYYY-MM-DD", help="The day the team met. It cannot be before the plan was "
                                                          "started.")
        options = roster_ids + [p for p in (current.attendees if current else []) if p not in people]
        attendees_in = st.multiselect("Attendees", options, current.attendees if current else [],
                                      key=f"{base}_attendees", format_func=lambda p: people.get(p, REMOVED),
                                      help="Who took part, from the implementation team. A review needs at least "
                                           "one; add people on the Implementation team page.")
        answers = {}
        for p in rv.PROMPTS:
            answers[p.field] = st.text_area(p.label, getattr(current, p.field) if current else "",
                                            key=f"{base}_{p.field}", height=80, help=p.why)
        c3, c4 = st.columns(2)
        went_well = c3.text_area("What went well", current.went_well if current else "", key=f"{base}_went_well",
                                 height=80, help="Successes worth keeping and telling the wider clinic about.")
        to_change = c4.text_area("What to change", current.to_change if current else "", key=f"{base}_to_change",
                                 height=80, help="What is not working yet. Turn each change into a decision below.")
        st.write("**Decisions.** Each decision that needs doing becomes an action in the action plan, with its owner "
                 "and due date. Tick \u201cNo action needed\u201d for a decision that is only a note.")
        owner_opts = roster_ids + [d.owner for d in (current.decisions if current else []) if d.owner
                                   and d.owner not in people]
        rows = ui.rows_editor(
            rv.Decision, list(current.decisions) if current else [], f"{base}_decisions",
            ["text", "owner", "due", "no_action"],
            widths={"text": 360, "owner": 170, "due": 110, "no_action": 120},
            labels={"text": "Decision", "owner": "Owner", "due": "Due", "no_action": "No action needed"},
            options={"owner": owner_opts}, formats={"owner": lambda p: people.get(p, REMOVED)},
            helps={"owner": "Who makes sure it gets done; people come from the implementation team.",
                   "no_action": "Tick when the decision needs no action (it is not offered to the action plan)."})
        submitted = ui.form_save_button("Save the review")
    if submitted:
        decisions = [{k: v for k, v in r.items() if not (k == "id" and v is None)} for r in rows]
        data = {"id": current.id if current else new_row_id(), "name": name_in, "date": date_in,
                "attendees": attendees_in, **answers, "went_well": went_well, "to_change": to_change,
                "decisions": decisions}
        try:
            review = rv.Review.model_validate(data)
            new_doc = rv.with_review(doc, review)
        except ValidationError as exc:
            ui.not_saved(plans.humanize(exc, rv.Review))
        else:
            only = rv.ReviewDoc(reviews=[review])  # the other reviews were checked when they were saved
            issues = rv.roster_problems(only, roster_ids, action_plan)
            if current is None or current.date != review.date:
                issues = rv.date_problems(only, started) + issues
            if issues:
                ui.not_saved(issues)
            elif ui.save(pid, new_doc, loaded.version, where="review"):
                st.session_state[PICK_NEXT] = review.id
                if current is None:
                    st.session_state[OFFER] = review.name
                st.rerun()
    ui.outcome(KIND, "review")

    # ---- decisions waiting for the action plan
    st.header("Decisions not yet in the action plan")
    if not waiting:
        st.caption("None: every decision that needs doing has an action in the action plan.")
    else:
        st.caption("Each one is also offered in the action plan's inbox of suggested actions; sending it from here "
                   "does the same.")
        for r, d in waiting:
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.markdown(f"{ui.md(d.text)}  \n*{ui.md(r.name)}* · owner {ui.md(ap.owner_label(d.owner, people))} · "
                        f"due {fmt_date(d.due, 'not set')}")
            clicked = c2.button("Send to the action plan", disabled=ui.read_only(), key=f"rv_send_{d.id}",
                                icon=":material/add_task:",
                                help="Adds it to the action plan with this owner and due date, as the action plan's "
                                     "inbox does.")
            if clicked and not ui.author():
                st.error("Not added: enter your name at the top of the sidebar first, so the team knows who added "
                         "it.")
            elif clicked:
                if ui.send_to_action_plan(pid, rv.decision_finding(r, d), where=f"rv_send_{d.id}",
                                          done="Added to the action plan."):
                    st.session_state.pop(f"_outcome_{ap.ActionPlanDoc.KIND}", None)  # said here, not there later
                    st.session_state[NOTE] = f"Added to the action plan: {d.text}"
                    st.rerun()
                st.error("Not added: the action plan is being changed by several people right now. Try again in a "
                         "moment.")

    st.header("Take it with you")
    ui.pdf_download("Build the six-month review PDF", lambda: reports.worksheet_pdf(store, pid, KIND),
                    f"{ui.safe_filename(meta.name)}-six-month-review.pdf", key=KIND)

# The open tab is remembered across reruns (saving a review stays on the review record), and only the open tab's
# content runs: the comparison and the trends read several plan views (pages/ui/compare.py draws them).
TABS = {"Milestones": milestones_tab, "Compare": lambda: compare_panel(pid), "Trends": lambda: trends_panel(pid),
        "Review record": record_tab}
for tab, draw in zip(st.tabs(list(TABS), key="rv_tab", on_change="rerun"), TABS.values()):
    if tab.open:
        with tab:
            draw()

ui.history(pid, KIND, rv.ReviewDoc, loaded.version, rv.describe)
ui.nav_buttons(SPEC.page_file)
