"""Step overviews, PDF downloads and pages not built yet."""
from __future__ import annotations

from typing import Callable

import streamlit as st

from pages.ui.engine import store
from pages.ui.nav import current_plan_id, nav_buttons, require_plan, status_label
from pages.ui.text import md, safe_filename
from planning import plans, registry


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
    st.write(step.intro)
    st.subheader("By the end of this step the team can")
    st.markdown("\n".join(f"- {o}" for o in step.objectives))
    docs = plans.saved_docs(store(), pid)
    progress = plans.worksheet_progress(store(), pid, docs)
    built = [w for w in step.worksheets if w.built]
    done = sum(1 for w in built if progress.get(w.kind) == registry.COMPLETE)
    st.subheader("Worksheets")
    if built:
        st.progress(done / len(built), text=f"{done} of {len(built)} worksheets complete")
    for w in step.worksheets:
        c1, c2 = st.columns([3, 2])
        with c1:
            st.page_link(w.page_file, label=w.title, icon=w.icon)
            st.caption(w.holds)
        c2.write(status_label(progress[w.kind]) if w.built else "Coming in a later release")
    open_lines: list[str] = []
    for w in built:
        if w.open_items is None:
            continue
        doc = docs.get(w.kind) or w.doc()
        open_lines += [f"**{w.title}**: {md(line)}" for line in w.open_items(doc)]
    st.subheader("Still open")
    if open_lines:
        st.markdown("\n".join(f"- {line}" for line in open_lines))
    else:
        st.write("Nothing open on the worksheets available so far.")
    pdf_download(f"Build the {step.label} PDF", lambda: _step_pdf(pid, number),
                 f"{safe_filename(meta.name)}-step-{number}.pdf", key=f"step{number}")
    nav_buttons(here)


def _step_pdf(pid: str, number: int) -> bytes:
    from planning import reports
    return reports.step_pdf(store(), pid, number)


def planned_page(kind: str) -> None:
    spec = registry.worksheet(kind)
    step = registry.step_of(kind)
    pid = current_plan_id()
    st.caption(step.label)
    st.title(spec.title)
    st.info(f"**Coming in a later release.** This page will hold: {spec.holds}", icon=":material/construction:")
    st.write("Until then, note decisions for this part in the action plan or your meeting notes. Everything "
             "else in the workbook already works with your plan" + ("." if pid else ", once you open one on Home."))
    nav_buttons(spec.page_file)
