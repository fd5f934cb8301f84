"""Home: the clinic's plans. Create, open, rename, duplicate, archive, export and import."""
from datetime import date

import streamlit as st
from pydantic import ValidationError

from pages import ui
from planning import plans, registry
from planning.storage import StaleSave

store = ui.store()

st.title("Collaborative Care Implementation Workbook")
st.write("Plan your clinic's Collaborative Care program with the whole implementation team, step by step: "
         "from laying the foundation to the six-month review. Everything is saved with its full history, and "
         "any part prints as a PDF to hand out.")
st.caption(ui.NO_PATIENT_DATA)


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
                           min_value=date(2000, 1, 1), format="YYYY-MM-DD",
                           help="When you hope to enroll the first patient.")
    return {"name": name, "clinic": clinic, "site": site, "cit_lead": lead, "target_launch": launch}


def step_cells(sp: dict[int, tuple[int, int]]) -> dict[str, str]:
    """'Step 1': '1 of 5 done' per step; steps with no worksheet built yet say so."""
    return {f"Step {n}": (f"{d} of {t} done" if t else "coming later") for n, (d, t) in sp.items()}


# ---- plans list ---------------------------------------------------------------------------
show_archived = st.toggle("Show archived plans", key="home_show_archived",
                          help="Archived plans are hidden from this list but never deleted.")
summaries = plans.summaries(store, include_archived=show_archived)
current = ui.current_plan_id()

st.subheader("Plans")
if not summaries:
    st.info("No plans yet. Create one below, or open the example plan to look around first.")
else:
    st.dataframe(
        [{
            "Plan": s.meta.name + (" (archived)" if s.row.archived else ""),
            "Clinic and site": " · ".join(p for p in (s.meta.clinic, s.meta.site) if p),
            "CIT lead": s.meta.cit_lead,
            "Last saved": ui.when(s.row.last_saved_at),
            "By": s.row.last_saved_by,
            **step_cells(s.step_progress),
        } for s in summaries],
        hide_index=True, width="stretch",
    )
    by_id = {s.row.id: s for s in summaries}
    ids = list(by_id)
    default = ids.index(current) if current in by_id else 0
    pick = st.selectbox("Choose a plan", ids, index=default, key="home_pick",
                        format_func=lambda i: f"{by_id[i].meta.name} · {by_id[i].meta.clinic}"
                                              + (" (archived)" if by_id[i].row.archived else ""))
    chosen = by_id[pick]
    if st.button("Open this plan", type="primary", icon=":material/folder_open:", key="home_open"):
        ui.set_plan(pick)
        st.switch_page(registry.STEPS[0].page_file)
    if current == pick:
        st.caption("This plan is open: the worksheets in the sidebar belong to it.")

    with st.expander("Rename, duplicate for a new site, archive or export", icon=":material/settings:"):
        with st.form("rename_form"):
            st.markdown("**Rename or edit details**")
            typed = plan_details_fields(chosen.meta)
            if st.form_submit_button("Save details"):
                try:
                    new = plans.PlanMeta(**typed)
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
                        else:
                            st.rerun()
        with st.form("duplicate_form"):
            st.markdown("**Duplicate as the start of a new site**")
            st.caption("Copies every worksheet's latest content into a new plan with its own history.")
            c1, c2 = st.columns(2)
            dup_name = c1.text_input("New plan name", f"{chosen.meta.name} (new site)", max_chars=120)
            dup_site = c2.text_input("New site", "", max_chars=120)
            if st.form_submit_button("Duplicate"):
                try:
                    new = chosen.meta.model_copy(update={"name": dup_name, "site": dup_site})
                    new = plans.PlanMeta.model_validate(new.model_dump())
                except ValidationError as exc:
                    st.error("Not duplicated. Please fix:\n\n" + meta_errors(exc))
                else:
                    if not ui.author():
                        st.error("Enter your name in the sidebar first.")
                    else:
                        ui.set_plan(plans.duplicate_plan(store, pick, new, ui.author()))
                        st.rerun()
        c1, c2 = st.columns(2)
        if chosen.row.archived:
            if c1.button("Restore from archive", key="home_unarchive", icon=":material/unarchive:"):
                store.set_archived(pick, False, ui.author() or "unknown")
                st.rerun()
        elif c1.button("Archive this plan", key="home_archive", icon=":material/archive:",
                       help="Hides the plan from the list. Nothing is deleted; restore it any time."):
            store.set_archived(pick, True, ui.author() or "unknown")
            if current == pick:
                ui.set_plan(None)
            st.rerun()
        c2.download_button("Export plan as JSON", data=lambda: plans.export_plan(store, pick),
                           file_name=f"{ui.safe_filename(chosen.meta.name)}.json", mime="application/json",
                           icon=":material/download:", key="home_export",
                           help="One file with every worksheet, for backup or to move the plan to another server.")

# ---- create -------------------------------------------------------------------------------
st.subheader("Start a plan")
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
                ui.set_plan(plans.create_plan(store, meta, ui.author()))
                st.switch_page(registry.STEPS[0].page_file)

c1, c2 = st.columns(2)
with c1:
    st.markdown("**Look around first**")
    st.caption("A fictional clinic with a partly completed plan. Opening it adds a copy you can change freely.")
    if st.button("Open the example plan", icon=":material/auto_stories:", key="home_example"):
        ui.set_plan(plans.open_example(store, ui.author() or "example"))
        st.switch_page(registry.STEPS[0].page_file)
with c2:
    st.markdown("**Import a plan file**")
    upload = st.file_uploader("Plan file (.json) exported from this workbook", type=["json"], key="home_import",
                              help="The whole file is checked first; nothing is added unless all of it is valid.")
    if upload is not None:
        try:
            parsed = plans.parse_import(upload.getvalue())
        except plans.ImportProblem as exc:
            st.error("This file cannot be imported. Nothing was added.\n\n"
                     + "\n".join(f"- {ui.md(e)}" for e in exc.errors[:30])
                     + (f"\n- … and {len(exc.errors) - 30} more" if len(exc.errors) > 30 else ""))
        else:
            st.success(f"The file is valid: plan “{ui.md(parsed.plan.name)}” for {ui.md(parsed.plan.clinic)}.")
            if st.button("Import as a new plan", key="home_do_import", icon=":material/upload:"):
                ui.set_plan(plans.import_plan(store, upload.getvalue(), ui.author() or "import"))
                st.switch_page(registry.STEPS[0].page_file)

ui.nav_buttons(ui.HOME)
