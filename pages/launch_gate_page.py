"""Launch gate: Go or Not yet, worked out from the whole plan, with every blocker grouped by the page that fixes it,
and the lead's override (a reason and a name, kept in the history)."""
from datetime import date

import streamlit as st
from pydantic import ValidationError

from pages import ui
from planning import registry, reports
from worksheets import launch_gate as lg

SPEC = registry.worksheet(lg.KIND)
KIND = SPEC.kind

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Worked out from the whole plan every time this page opens: nothing here is typed except an override. "
          "It holds planning information only, never patient details.")
doc: lg.LaunchGateDoc = loaded.doc
view = ui.plan_view()
gate = lg.evaluate(view, doc)

# ---- the state ---------------------------------------------------------------------------------
m1, m2, m3 = st.columns(3)
m1.metric("Launch gate", gate.label)
m2.metric("Blockers open", len(gate.blockers),
          help="Everything in the plan that stands in the way of launch. Each one clears when it is fixed on its "
               "page.")
m3.metric("Target launch", lg.fmt_date(meta.target_launch, "Not set"),
          help="Set on Home (Rename or edit details). Due dates across the plan count back from it.")
if gate.state == lg.GO:
    st.success(f"**Go.** {ui.md(gate.detail)}", icon=":material/flag:")
elif gate.state == lg.GO_OVERRIDE:
    st.warning(f"**Go, by override.** {ui.md(gate.detail)}", icon=":material/flag:")
else:
    st.error(f"**Not yet.** {ui.md(gate.detail)}", icon=":material/block:")

# ---- blockers, grouped by the page that fixes them ----------------------------------------------
st.header("What stands in the way")
if not gate.blockers:
    st.write("Nothing. Every blocker the worksheets can find is cleared.")
covered = set(gate.override.covers) if gate.override else set()
order = [w.kind for w in registry.all_worksheets()]
groups: dict[str, list] = {}
for f in gate.blockers:
    groups.setdefault(f.worksheet, []).append(f)
for kind in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
    spec = registry.worksheet(kind)
    found = groups[kind]
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    c1.markdown(f"**{ui.md(spec.title)}** · {registry.step_of(kind).label}")
    with c2:
        ui.plan_link(spec.page_file, label="Fix it", icon=":material/arrow_forward:")
    for f in found:
        st.markdown(f"- {ui.md(f.text)}" + (" *(covered by the override)*" if f.id in covered else ""))
        if len(f.details) > 1:
            with st.expander(f"All {len(f.details)}, one by one", icon=":material/list:"):
                st.markdown("\n".join(f"- {ui.md(line)}" for line in f.details))
with st.expander("What the gate checks", icon=":material/help:"):
    st.markdown(
        "- Every **core role** (CIT lead, PCP champion, care manager, psychiatric consultant) has a person.\n"
        "- No **readiness domain** scores under 50%, and every domain has been rated.\n"
        "- A **patient tracking system** (registry) has been chosen.\n"
        "- Every **administrative item required before launch** is done or marked not applicable.\n"
        "- The **suicide-risk protocol** in the clinical workflow is complete.\n"
        "- The care manager's **required training** is done.\n"
        "- The **consent script**, the **care-team flyer** and the **patient safety plan** are marked ready.\n"
        "- At least one **monitoring metric** has a year-1 target.\n"
        "- Anything else a worksheet marks as a blocker before launch (for example, no conditions chosen in the "
        "shared vision).")

# ---- override ---------------------------------------------------------------------------------------
st.header("Override")
if not ui.can_manage(pid):
    st.caption(":material/lock: Only the plan's lead records or withdraws an override.")
if doc.override is not None:
    o = doc.override
    st.info(f"**Recorded by {ui.md(o.by)} on {lg.fmt_date(o.on)}**, covering {len(o.covers)} "
            f"blocker{'s' if len(o.covers) != 1 else ''} open then. Reason: {ui.md(o.reason)}",
            icon=":material/gavel:")
    if gate.state == lg.NOT_YET and doc.override is not None:
        st.warning("New blockers appeared after the override; it does not cover them. Fix them, or record a new "
                   "override that covers what is open now.", icon=":material/warning:")
    if st.button("Withdraw the override", disabled=not ui.can_manage(pid), key="gate_withdraw",
                 icon=":material/undo:"):
        if ui.save(pid, lg.LaunchGateDoc(), loaded.version, where="override"):
            st.rerun()
if gate.blockers and gate.state != lg.GO_OVERRIDE:
    st.write("The lead may decide to launch with blockers still open, for example a training booked for the week "
             "after launch. Record who decided and why: it stays in the history and prints on the gate's PDF.")
    with st.form("gate_override_form"):
        reason = st.text_area("Reason for launching with these blockers open",
                              help=f"At least {lg.REASON_MIN} characters. Say what is still open, why launching "
                                   "anyway is safe, and when it will be fixed.")
        if ui.signed_in():  # the signed-in lead decides: recorded as who they are, not as typed
            by = ui.author()
            st.markdown(f"**Deciding:** {ui.md(by)}")
        else:
            by = st.text_input("Name of the person deciding", value=ui.author(),
                               help="Usually the CIT lead. Recorded with the override.")
        if st.form_submit_button("Record the override", disabled=not ui.can_manage(pid), icon=":material/gavel:"):
            try:
                new_doc = lg.with_override(reason, by, date.today(), gate)
            except ValidationError as exc:
                ui.not_saved(lg.override_problems(exc))
            else:
                if ui.save(pid, new_doc, loaded.version, where="override"):
                    st.rerun()
ui.outcome(KIND, "override")

ui.history(pid, KIND, lg.LaunchGateDoc, loaded.version, lg.describe)
ui.pdf_download("Build the launch gate PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-launch-gate.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
