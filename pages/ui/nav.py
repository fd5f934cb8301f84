"""Navigation: wizard order, the plan in the URL, the sidebar, Back and Next."""
from __future__ import annotations

import streamlit as st

from pages.ui.engine import store
from pages.ui.identity import ask_name, remember_name
from pages.ui.text import NO_PATIENT_DATA, md
from planning import plans, registry
from planning.access import Forbidden
from planning.storage import NotFound

HOME = "pages/home_page.py"
REPORTS = "pages/reports_page.py"
ABOUT = "pages/about_page.py"
ACCESS = "pages/access_page.py"  # who may open the plan, and the audit trail (not in the wizard order)


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
    """Stop the page with a clear pointer home when no plan is open, or when the signed-in person has no access
    to the plan in the link (they see why, and nothing of the plan)."""
    pid = current_plan_id()
    if pid:
        try:
            meta, _ = plans.load_meta(store(), pid)
            return pid, meta
        except NotFound:
            set_plan(None)
            st.warning("The plan in this link does not exist on this server. Choose or create a plan on Home.")
        except Forbidden as refused:
            set_plan(None)
            st.error(str(refused), icon=":material/lock:")
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


SHARE_AND_LEARN = "Share and learn"
# The sidebar's own look: compact enough that the name field and the current step's links fit at 1280 x 720.
_SIDEBAR_CSS = """<style>
section[data-testid="stSidebar"] [data-testid="stSidebarHeader"] { height: 2.5rem; margin-bottom: 0; }
section[data-testid="stSidebar"] [data-testid="stSidebarUserContent"] { padding-top: 0; }
.st-key-wb_nav [data-testid="stHeading"] [data-testid="stMarkdownContainer"] { margin: 0; }
.st-key-wb_nav h2 { font-size: 0.8rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: 0.03em; line-height: 1.3; padding: 0.6rem 0 0.15rem 0.5rem; margin: 0; }
</style>"""


def plan_query() -> dict[str, str]:
    """The query string every in-app link carries: the open plan, so "open in a new tab" lands on it too."""
    pid = st.session_state.get("plan_id") or st.query_params.get("plan")
    return {"plan": pid} if pid else {}


def plan_link(page: str, label: str, icon: str | None = None) -> None:
    """st.page_link that keeps the open plan in the link's address."""
    st.page_link(page, label=label, icon=icon, query_params=plan_query() or None, width="stretch")


def go_home() -> None:
    """The page behind "/": Home lives at /home; keep the plan in the address."""
    st.switch_page(HOME, query_params=plan_query() or None)


def current_step() -> registry.StepSpec:
    """The step of the page on screen; on Home, Reports and About, the step last visited (Step 1 at first)."""
    here = st.session_state.get("_page_now")
    for s in registry.STEPS:
        if here == s.url_path or any(here == w.url_path for w in s.worksheets):
            st.session_state["_step_now"] = s.number
            return s
    number = st.session_state.get("_step_now", registry.STEPS[0].number)
    return next((s for s in registry.STEPS if s.number == number), registry.STEPS[0])


def sidebar() -> None:
    """The sidebar: your name (or who is signed in) first, the open plan, then links grouped by step, each carrying the plan.

    The current step shows its overview and every worksheet; the other steps show their overview only, so
    the name and the current step's links stay in view on a projector (1280 x 720).
    """
    pid = current_plan_id()
    with st.sidebar:
        st.html(_SIDEBAR_CSS)
        ask_name()
        if pid:
            try:
                meta, _ = plans.load_meta(store(), pid)
                st.caption(f"Plan: **{md(meta.name)}**  \n{md(meta.clinic)}"
                           + (f" · {md(meta.site)}" if meta.site else ""))
            except (NotFound, Forbidden):  # the page says why
                pass
        here = current_step()
        with st.container(key="wb_nav", gap=None):
            plan_link(HOME, "Home", ":material/home:")
            for s in registry.STEPS:
                st.header(s.label, anchor=False)
                if s is here:
                    plan_link(s.page_file, f"Step {s.number} overview", ":material/flag_circle:")
                    for w in s.worksheets:
                        plan_link(w.page_file, w.title, w.icon)
                else:
                    n = len(s.worksheets)
                    plan_link(s.page_file, f"Step {s.number} overview · {n} worksheet{'s' if n != 1 else ''}",
                              ":material/flag_circle:")
            st.header(SHARE_AND_LEARN, anchor=False)
            plan_link(REPORTS, "Reports", ":material/picture_as_pdf:")
            plan_link(ACCESS, "Access and audit", ":material/admin_panel_settings:")
            plan_link(ABOUT, "About", ":material/info:")
        st.caption(":material/lock: " + NO_PATIENT_DATA)
        remember_name()


def nav_buttons(here: str) -> None:
    """Back and Next in wizard order."""
    order = page_order()
    idx = next((i for i, (f, _) in enumerate(order) if f == here), None)
    if idx is None:
        return
    st.divider()
    left, _, right = st.columns([5, 1, 5])  # room for "Next: Patient education and consent →" at 1280 x 720
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
