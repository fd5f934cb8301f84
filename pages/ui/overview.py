"""Step overviews, PDF downloads and the open findings a page shows."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from pages.ui.access import view_only_notice
from pages.ui.engine import store
from pages.ui.nav import nav_buttons, plan_link, require_plan, status_label
from pages.ui.saving import read_plan
from pages.ui.text import md, safe_filename
from planning import registry
from worksheets import launch_gate
from worksheets.findings import SEVERITY_LABELS, Finding


def pdf_download(label: str, build: Callable[[], bytes], file_name: str, key: str) -> None:
    """Build on demand (a button), then offer exactly that file.

    The bytes are not kept between runs, so a download can never be older than what is saved:
    the file is offered in the run that built it, and clicking it does not rerun the page.
    """
    if st.button(label, key=f"build_{key}", icon=":material/picture_as_pdf:"):
        with st.spinner("Building the PDF…"):
            data = build()
        st.download_button("Download PDF", data=data, file_name=file_name, mime="application/pdf",
                           key=f"dl_{key}", icon=":material/download:", on_click="ignore", type="primary")


def step_overview(number: int) -> None:
    step = next(s for s in registry.STEPS if s.number == number)
    here = step.page_file
    pid, meta = require_plan()
    st.caption(md(meta.name))
    st.title(step.label)
    view_only_notice(pid)
    created = st.session_state.pop("_plan_created", None)  # set by Home after Create or Import
    if created:
        st.success(created, icon=":material/check_circle:")
        st.toast("Plan saved", icon=":material/check_circle:")
    st.write(step.intro)
    view = read_plan(pid)
    gate_line(view)
    st.header("By the end of this step the team can")
    st.markdown("\n".join(f"- {o}" for o in step.objectives))
    progress = view.progress()
    built = [w for w in step.worksheets if w.built]
    done = sum(1 for w in built if progress.get(w.kind) == registry.COMPLETE)
    st.header("Worksheets")
    if built:
        st.progress(done / len(built), text=f"{done} of {len(built)} worksheets complete")
    for w in step.worksheets:
        c1, c2 = st.columns([3, 2])
        with c1:
            plan_link(w.page_file, label=w.title, icon=w.icon)
            st.caption(w.holds)
        c2.write(status_label(progress[w.kind]) if w.built else "Coming in a later release")
        if w.member_progress is not None:
            rows = w.member_progress(view)
            if rows:
                st.dataframe([{"Member": n, "Role": r, "Sheet": s} for n, r, s in rows], hide_index=True,
                             width="stretch")
    findings_list(view.findings([w.kind for w in built]), "Still open")
    pdf_download(f"Build the {step.label} PDF", lambda: _step_pdf(pid, number),
                 f"{safe_filename(meta.name)}-step-{number}.pdf", key=f"step{number}")
    nav_buttons(here)


def gate_line(view) -> None:
    """The launch gate in one line with a link to it: on every step overview and on Home."""
    gate = launch_gate.evaluate(view)
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    box = c1.success if gate.go else c1.warning
    box(f"**Launch gate: {gate.label}.** {md(gate.detail)}",
        icon=":material/flag:" if gate.go else ":material/block:")
    with c2:
        plan_link(registry.worksheet(launch_gate.KIND).page_file, label="Open the gate",
                  icon=":material/arrow_forward:")


def still_open(found, expanded: bool = False, severity: bool = False) -> None:
    """A worksheet's open gaps in a folded list near its top ("Still open (3)"); nothing when there are none.
    ``found``: findings (their sentence is shown, after its severity when ``severity``) or plain sentences."""
    lines = [(f"**{f.severity_label}** · " if severity else "") + md(f.text) if isinstance(f, Finding) else md(f)
             for f in found]
    if lines:
        with st.expander(f"Still open ({len(lines)})", expanded=expanded, icon=":material/pending_actions:"):
            st.markdown("\n".join(f"- {line}" for line in lines))


def findings_list(found: list[Finding], heading: str, most: int = 30) -> None:
    """Open findings, blockers first, each with a link to the page that fixes it."""
    st.header(heading)
    if not found:
        st.write("Nothing open on the worksheets available so far.")
        return
    counts = {s: sum(1 for f in found if f.severity == s) for s in SEVERITY_LABELS}
    st.write(", ".join(f"{n} {SEVERITY_LABELS[s].lower()}" for s, n in counts.items() if n) + ". Each becomes a "
             "suggested action in the action plan.")
    for f in found[:most]:
        spec = registry.worksheet(f.worksheet)
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.markdown(f"**{SEVERITY_LABELS[f.severity]}** · {md(spec.title)}: {md(f.text)}")
        with c2:
            plan_link(spec.page_file, label="Fix it", icon=":material/arrow_forward:")
    if len(found) > most:
        st.caption(f"… and {len(found) - most} more; the action plan lists them all.")


def _step_pdf(pid: str, number: int) -> bytes:
    from planning import reports
    return reports.step_pdf(store(), pid, number)
