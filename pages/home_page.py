"""Home: the clinic's plans. Create, open, rename, duplicate, archive, export and import."""
from datetime import date, datetime, timezone

import streamlit as st
from pydantic import ValidationError

from pages import ui
from planning import exports, plans, registry
from planning.access import Forbidden
from planning.storage import StaleSave
from worksheets.base import fmt_date

store = ui.store()

st.title("Collaborative Care Implementation Workbook")
st.write("Plan your clinic's Collaborative Care program with the whole implementation team, step by step: "
         "from laying the foundation to the six-month review. Everything is saved with its full history, and "
         "any part prints as a PDF to hand out.")
st.caption(ui.NO_PATIENT_DATA)

# The widget accepts every date the plan accepts: a date the browser refuses is only shown in a tooltip, and the
# form would then save the old date without a word. The "Saved" message repeats the date, so a slip shows.
EARLIEST_DATE, LATEST_DATE = date(1000, 1, 1), date(9999, 12, 31)
FLASH = "_home_flash"  # the outcome of the last action on Home, shown once after its rerun
CREATED = "_plan_created"  # read by the Step 1 overview (pages/ui/overview.py): "Plan … created and saved"


def meta_errors(exc: ValidationError) -> str:
    lines = plans.humanize(exc, plans.PlanMeta)
    return "\n".join(f"- {ui.md(line.replace('String should have at least 1 character', 'this is required'))}"
                     for line in lines)


def plan_details_fields(m: plans.PlanMeta | None) -> dict:
    """The plan-details inputs, shared by the create and edit forms; returns the values typed."""
    name = st.text_input("Plan name", m.name if m else "", max_chars=120,
                         placeholder="e.g. Collaborative Care launch 2027",
                         help="A name the team will recognise in the list.")
    c1, c2 = st.columns(2)
    clinic = c1.text_input("Clinic", m.clinic if m else "", max_chars=120,
                           placeholder="e.g. Riverside Family Medicine")
    site = c2.text_input("Site (optional)", m.site if m else "", max_chars=120,
                         help="For organizations with several locations.")
    c3, c4 = st.columns(2)
    lead = c3.text_input("CIT lead (optional)", m.cit_lead if m else "", max_chars=120,
                         help="The person leading the Clinic Implementation Team.")
    launch = c4.date_input("Target launch date (optional)", m.target_launch if m else None,
                           min_value=EARLIEST_DATE, max_value=LATEST_DATE, format="YYYY-MM-DD",
                           help="When you hope to enroll the first patient. Type it as year-month-day, "
                                "or pick it from the calendar.")
    org = st.text_input("Organisation (optional)", m.organisation if m else "", max_chars=120,
                        placeholder="e.g. Riverside Health",
                        help="The health system or group this clinic belongs to. Plans of one organisation are "
                             "listed together in the roll-up on the Expansion page (Step 5).")
    return {"name": name, "clinic": clinic, "site": site, "cit_lead": lead, "target_launch": launch,
            "organisation": org}


def progress_text(sp: dict[int, tuple[int, int]]) -> str:
    """'Step 1: 3 of 5 done' for each step that has worksheets so far (the others have nothing to do yet)."""
    return " · ".join(f"Step {n}: {d} of {t} done" for n, (d, t) in sp.items() if t) or "Nothing to do yet"


def gaps_text(s: plans.PlanSummary) -> str:
    """' · 12 open gaps': the findings the worksheets report, as on the step overviews."""
    return " · no open gaps" if not s.open_findings else \
        f" · {s.open_findings} open gap{'s' if s.open_findings != 1 else ''}"


def gate_text(s: plans.PlanSummary) -> str:
    """'Launch gate: Not yet (3 blockers) · ': first in the Progress cell, so a narrow column never hides it."""
    return f"{s.gate} · " if s.gate else ""


def details_text(m: plans.PlanMeta) -> str:
    """The saved details in one line, as the Saved message repeats them."""
    parts = [f"“{m.name}”", m.clinic] + ([m.site] if m.site else [])
    if m.cit_lead:
        parts.append(f"CIT lead {m.cit_lead}")
    parts.append(f"target launch {m.target_launch.strftime('%d %b %Y').lstrip('0')}" if m.target_launch
                 else "no target launch date")
    return ", ".join(parts)


def flash(text: str, toast: str) -> None:
    """Say it after the rerun that follows: in full where the user is, and briefly in a toast."""
    st.session_state[FLASH] = (text, toast)


def show_flash() -> None:
    said = st.session_state.pop(FLASH, None)
    if said:
        st.success(said[0], icon=":material/check_circle:")
        st.toast(said[1], icon=":material/check_circle:")


def review_line(pid: str, s: plans.PlanSummary) -> None:
    """When the chosen plan's next six-month review is due, a calendar reminder, and the Step 5 pages the CIT lead
    runs (the planning meetings and the review)."""
    due = s.next_review
    if due is None:
        return
    today = date.today()
    days = (due - today).days
    when = fmt_date(due)
    if days < 0:
        st.warning(f"The six-month review was due on {when}, {-days} day{'s' if days != -1 else ''} ago.",
                   icon=":material/event_busy:")
    else:
        st.info(f"Next six-month review: due {when} ({'today' if days == 0 else f'in {days} days'}). Six months "
                "after the last review, or after the launch before the first one.", icon=":material/event:")
    c1, c2, c3 = st.columns(3)
    c1.download_button("Calendar reminder (.ics)", data=lambda: exports.review_reminder_ics(
        pid, s.meta.name, due, datetime.now(timezone.utc)), file_name=f"{ui.safe_filename(s.meta.name)}-review.ics",
                       mime="text/calendar", icon=":material/calendar_add_on:", key="home_review_ics",
                       help="Adds the review to your calendar, with a reminder a week before.")
    for col, page, label, icon in ((c2, "pages/meetings_page.py", "Planning meetings", ":material/groups:"),
                                   (c3, "pages/review_page.py", "Six-month review", ":material/history:")):
        col.page_link(page, label=label, icon=icon, query_params={"plan": pid}, width="stretch",
                      help="Opens this plan's page in Step 5 · Nurture Your Care.")


def archive(pid: str, archived: bool) -> None:
    """Archive or restore (the lead's); the store's own words when it refuses."""
    try:
        store.set_archived(pid, archived, ui.author() or "unknown")
    except Forbidden as exc:
        st.error(f"Not {'archived' if archived else 'restored'}: {ui.md(str(exc))}", icon=":material/lock:")
        return
    if archived and ui.current_plan_id() == pid:
        ui.set_plan(None)
    st.rerun()


# Column widths (pixels) that fit the main area at 1280 x 720 with the sidebar open (about 820 pixels); long
# names wrap onto a second or third line instead of pushing columns out of view.
TABLE_COLUMNS = {
    "Plan": st.column_config.TextColumn("Plan", width=200),
    "Clinic and site": st.column_config.TextColumn("Clinic and site", width=190),
    "CIT lead": st.column_config.TextColumn("CIT lead", width=120),
    "Last saved": st.column_config.TextColumn("Last saved", width=170),
    "Progress": st.column_config.TextColumn(
        "Progress", width=120, help="Worksheets complete in each step that has worksheets so far."),
}
ROW_HEIGHT = 66  # three lines: Streamlit wraps cell text in rows taller than one line


# ---- plans list ---------------------------------------------------------------------------
show_archived = st.toggle("Show archived plans", key="home_show_archived",
                          help="Archived plans are hidden from this list but never deleted.")
summaries = plans.summaries(store, include_archived=show_archived)
current = ui.current_plan_id()

st.header("Plans")
if not summaries:
    st.info("No plans yet. Create one below, or open the example plan to look around first.")
else:
    st.dataframe(
        [{
            "Plan": s.meta.name + (" (archived)" if s.row.archived else ""),
            "Clinic and site": " · ".join(p for p in (s.meta.clinic, s.meta.site) if p),
            "CIT lead": s.meta.cit_lead,
            "Last saved": f"{ui.when(s.row.last_saved_at)} by {s.row.last_saved_by}",
            "Progress": gate_text(s) + progress_text(s.step_progress) + gaps_text(s),
        } for s in summaries],
        hide_index=True, width="stretch", column_config=TABLE_COLUMNS, row_height=ROW_HEIGHT,
    )
    by_id = {s.row.id: s for s in summaries}
    ids = list(by_id)
    default = ids.index(current) if current in by_id else 0
    labels = plans.chooser_labels(summaries)
    pick = st.selectbox("Choose a plan", ids, index=default, key="home_pick", format_func=labels.get,
                        help="Each plan is named with its clinic and site; two plans that would read the same also "
                             "show when each was started here.")
    chosen = by_id[pick]
    if st.button("Open this plan", type="primary", icon=":material/folder_open:", key="home_open"):
        ui.set_plan(pick)
        st.switch_page(registry.STEPS[0].page_file)
    if current == pick:
        st.caption("This plan is open: the worksheets in the sidebar belong to it.")
    ui.view_only_notice(pick)
    review_line(pick, chosen)
    manage, edit = ui.can_manage(pick), ui.can_edit(pick)  # behind sign-in: the lead, and editors; else everyone

    with st.expander("Rename, duplicate for a new site, archive or export", icon=":material/settings:"):
        if not manage:
            st.caption(":material/lock: Only the plan's lead changes its details or archives it. "
                       + ("You can duplicate it for a new site and export it." if edit else "You can export it."))
        with st.form("rename_form"):
            st.markdown("**Rename or edit details**")
            typed = plan_details_fields(chosen.meta)
            if st.form_submit_button("Save details", disabled=not manage):
                try:  # the details typed here; the link to a parent plan is kept
                    new = plans.PlanMeta.model_validate({**chosen.meta.model_dump(mode="json"), **typed})
                except ValidationError as exc:
                    st.error("Not saved. Please fix:\n\n" + meta_errors(exc))
                else:
                    if not ui.author():
                        st.error("Enter your name in the sidebar first, so the change is recorded under it.")
                    else:
                        try:
                            plans.save_meta(store, pick, new, chosen.row.meta_version, ui.author())
                        except StaleSave as exc:
                            st.error(f"Not saved: {ui.md(exc.current.saved_by)} changed these details at "
                                     f"{ui.when(exc.current.saved_at)}. Your entries are still in the form; "
                                     "reload the page to see theirs.")
                        except Forbidden as exc:
                            st.error(f"Not saved: {ui.md(str(exc))}", icon=":material/lock:")
                        else:
                            flash(f"Saved: {ui.md(details_text(new))}.", "Plan details saved")
                            st.rerun()
        show_flash()  # right under the form the user just sent
        with st.form("duplicate_form"):
            st.markdown("**Duplicate as the start of a new site**")
            st.caption("Copies every worksheet's latest content into a new plan with its own history, linked back "
                       "to this one. To choose which worksheets to copy, use Step 5 · Expansion.")
            c1, c2 = st.columns(2)
            dup_name = c1.text_input("New plan name", f"{chosen.meta.name} (new site)", max_chars=120)
            dup_site = c2.text_input("New site", "", max_chars=120)
            if st.form_submit_button("Duplicate", disabled=not edit):
                try:
                    new = chosen.meta.model_copy(update={"name": dup_name, "site": dup_site, "parent_plan_id": pick,
                                                         "parent_name": chosen.meta.name, "expansion": "site"})
                    new = plans.PlanMeta.model_validate(new.model_dump())
                except ValidationError as exc:
                    st.error("Not duplicated. Please fix:\n\n" + meta_errors(exc))
                else:
                    if not ui.author():
                        st.error("Enter your name in the sidebar first.")
                    else:
                        try:
                            ui.set_plan(plans.duplicate_plan(store, pick, new, ui.author()))
                        except Forbidden as exc:  # a refused role, or too many plans added at once
                            st.error(f"Not duplicated: {exc}")
                        else:
                            flash(f"Duplicated: the new plan {ui.md(details_text(new))} is open.", "Plan duplicated")
                            st.rerun()
        c1, c2 = st.columns(2)
        if chosen.row.archived:
            if c1.button("Restore from archive", key="home_unarchive", icon=":material/unarchive:",
                         disabled=not manage):
                archive(pick, False)
        elif c1.button("Archive this plan", key="home_archive", icon=":material/archive:", disabled=not manage,
                       help="Hides the plan from the list. Nothing is deleted; restore it any time."):
            archive(pick, True)
        c2.download_button("Export plan as JSON", data=lambda: plans.export_plan(store, pick),
                           file_name=f"{ui.safe_filename(chosen.meta.name)}.json", mime="application/json",
                           icon=":material/download:", key="home_export",
                           help="One file with every worksheet, for backup or to move the plan to another server.")

# ---- create -------------------------------------------------------------------------------
st.header("Start a plan")
with st.form("create_form", clear_on_submit=False):
    typed = plan_details_fields(None)
    if st.form_submit_button("Create plan", type="primary", icon=":material/add:"):
        try:
            meta = plans.PlanMeta(**typed)
        except ValidationError as exc:
            st.error("Not created. Please fix:\n\n" + meta_errors(exc))
        else:
            if not ui.author():
                st.error("Enter your name in the sidebar first, so the plan records who created it. "
                         "Your entries are still in the form.")
            else:
                try:
                    ui.set_plan(plans.create_plan(store, meta, ui.author()))
                except Forbidden as exc:
                    st.error(f"Not created: {exc} Your entries are still in the form.")
                else:
                    st.session_state[CREATED] = f"Saved: new plan {ui.md(details_text(meta))}."
                    st.switch_page(registry.STEPS[0].page_file)

c1, c2 = st.columns(2)
with c1:
    st.markdown("**Look around first**")
    st.caption("A fictional clinic with a partly completed plan. Opening it adds a copy you can change freely.")
    if st.button("Open the example plan", icon=":material/auto_stories:", key="home_example"):
        try:
            ui.set_plan(plans.open_example(store, ui.author() or "example"))
        except Forbidden as exc:
            st.error(f"Not opened: {exc}")
        else:
            st.switch_page(registry.STEPS[0].page_file)
with c2:
    st.markdown("**Import a plan file**")
    st.caption(f"A plan file (.json) exported from this workbook, up to {plans.MAX_IMPORT_MB} MB. The whole file "
               "is checked first; nothing is added unless all of it is valid.")
    upload = st.file_uploader("Plan file (.json) exported from this workbook", type=["json"], key="home_import",
                              max_upload_size=plans.MAX_IMPORT_MB, label_visibility="collapsed")
    if upload is not None:
        try:
            parsed = plans.parse_import(upload.getvalue())
        except plans.ImportProblem as exc:
            st.error("This file cannot be imported. Nothing was added.\n\n"
                     + "\n".join(f"- {ui.md(e)}" for e in exc.errors[:30])
                     + (f"\n- … and {len(exc.errors) - 30} more" if len(exc.errors) > 30 else ""))
        else:
            here = [(r.meta.get("name", ""), r.meta.get("clinic", "")) for r in store.list_plans(include_archived=True)]
            name = plans.imported_copy_name(parsed.plan.name, parsed.plan.clinic, here,
                                            datetime.now(timezone.utc).date())
            st.success(f"The file is valid: plan “{ui.md(parsed.plan.name)}” for {ui.md(parsed.plan.clinic)}.")
            if name != parsed.plan.name:
                st.info(f"A plan with this name for this clinic is here already. The imported copy will be named "
                        f"“{ui.md(name)}”; rename it afterwards if you like.", icon=":material/content_copy:")
            if st.button("Import as a new plan", key="home_do_import", icon=":material/upload:"):
                try:
                    ui.set_plan(plans.import_plan(store, upload.getvalue(), ui.author() or "import", rename=name))
                except Forbidden as exc:
                    st.error(f"Not imported: {exc} Nothing was added.")
                else:
                    st.session_state[CREATED] = f"Saved: plan “{ui.md(name)}” imported as a new plan."
                    st.switch_page(registry.STEPS[0].page_file)

ui.nav_buttons(ui.HOME)
