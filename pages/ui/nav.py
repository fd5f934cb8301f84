"""Navigation: wizard order, the plan in the URL, the sidebar, Back and Next."""
from __future__ import annotations

import streamlit as st

from pages.ui.engine import store
from pages.ui.identity import _remember_author, author
from pages.ui.text import NO_PATIENT_DATA, md
from planning import plans, registry
from planning.storage import NotFound

HOME = "pages/home_page.py"
REPORTS = "pages/reports_page.py"
ABOUT = "pages/about_page.py"


def page_order() -> list[tuple[str, str]]:
    """(file, title) in wizard order: Home, each step's overview then worksheets, Reports, About."""
    order = [(HOME, "Home")]
    for s in registry.STEPS:
        order.append((s.page_file, f"Step {s.number} overview"))
        order += [(w.page_file, w.title) for w in s.worksheets]
    order += [(REPORTS, "Reports"), (ABOUT, "About")]
    return order


def current_plan_id() -> str | None:
    """The plan in the URL (?plan=...), so refreshes and shared links land on the same plan."""
    pid = st.query_params.get("plan") or st.session_state.get("plan_id")
    if pid:
        st.session_state["plan_id"] = pid
        if st.query_params.get("plan") != pid:
            st.query_params["plan"] = pid
    return pid


def set_plan(pid: str | None) -> None:
    if pid:
        st.session_state["plan_id"] = pid
        st.query_params["plan"] = pid
    else:
        st.session_state.pop("plan_id", None)
        st.query_params.pop("plan", None)


def require_plan() -> tuple[str, plans.PlanMeta]:
    """Stop the page with a clear pointer home when no plan is open."""
    pid = current_plan_id()
    if pid:
        try:
            meta, _ = plans.load_meta(store(), pid)
            return pid, meta
        except NotFound:
            set_plan(None)
            st.warning("The plan in this link does not exist on this server. Choose or create a plan on Home.")
    else:
        st.info("Open or create a plan on the Home page first. Everything on this page belongs to one plan.")
    st.page_link(HOME, label="Go to Home", icon=":material/home:")
    st.stop()


def note_page(url_path: str) -> None:
    """Called by app.py every run: remembers which page the previous run showed."""
    st.session_state["_page_prev"] = st.session_state.get("_page_now")
    st.session_state["_page_now"] = url_path


def arrived() -> bool:
    """True on the first run of a page after coming from another page (or a fresh session)."""
    return st.session_state.get("_page_prev") != st.session_state.get("_page_now")


def sidebar() -> None:
    with st.sidebar:
        st.text_input("Your name", value=author(), key="_author_input", on_change=_remember_author, max_chars=80,
                      help="Recorded with every save you make, so the team can see who changed what. "
                           "Asked once per browser session.",
                      placeholder="e.g. Dana Lee, CIT lead")
        if not author():
            st.caption("Enter your name to save changes.")
        pid = current_plan_id()
        if pid:
            try:
                meta, _ = plans.load_meta(store(), pid)
                st.caption(f"Plan: **{md(meta.name)}**  \n{md(meta.clinic)}" + (f" · {md(meta.site)}" if meta.site else ""))
            except NotFound:
                pass
        st.caption(":material/lock: " + NO_PATIENT_DATA)


def nav_buttons(here: str) -> None:
    """Back and Next in wizard order."""
    order = page_order()
    idx = next((i for i, (f, _) in enumerate(order) if f == here), None)
    if idx is None:
        return
    st.divider()
    left, _, right = st.columns([2, 3, 2])
    if idx > 0:
        f, title = order[idx - 1]
        if left.button(f"← Back: {title}", key="nav_back", width="stretch"):
            st.switch_page(f)
    if idx < len(order) - 1:
        f, title = order[idx + 1]
        if right.button(f"Next: {title} →", key="nav_next", width="stretch", type="primary"):
            st.switch_page(f)


STATUS_ICON = {registry.NOT_STARTED: "○", registry.IN_PROGRESS: "◐", registry.COMPLETE: "●"}


def status_label(status: str) -> str:
    return f"{STATUS_ICON.get(status, '')} {status.capitalize()}"
