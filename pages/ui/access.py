"""What the signed-in person may do with the open plan, so a page shows only the buttons that will work.

The store checks every write again (planning.access, when the app runs behind sign-in): hiding a button is for the
user's sake, not the defence. Without sign-in everyone may do everything, as before (``role`` is None then).
"""
from __future__ import annotations

import streamlit as st

from pages.ui import identity
from pages.ui.engine import store
from pages.ui.nav import current_plan_id
from pages.ui.text import md
from planning import access

ADMIN = "admin"  # what Store.role_of answers for an organisation admin
ROLE_CACHE = "_role_this_run"
VIEW_ONLY = "View only"
VIEW_ONLY_HELP = "You can read and print this plan. Ask its lead to make you an editor to change it."


def signed_in() -> bool:
    """True when the workbook runs behind sign-in (the store checks roles)."""
    return bool(store().enforce_access)


def role(pid: str | None) -> str | None:
    """The acting person's role on the plan: lead, editor, viewer, "admin", or None (sign-in is off: full access as
    before; or, behind sign-in, not a member of the plan)."""
    if not pid or not signed_in():
        return None
    # once per page run: a page asks for every button it draws, and each answer is a database read
    who = access.actor()
    key = (pid, st.session_state.get(identity.RUN), who.email if who else None)
    cached = st.session_state.get(ROLE_CACHE)
    if cached is not None and cached[0] == key:
        return cached[1]
    found = store().role_of(pid)
    st.session_state[ROLE_CACHE] = (key, found)
    return found


def can_edit(pid: str | None) -> bool:
    """May change worksheets and make milestones."""
    return not signed_in() or role(pid) in (access.LEAD, access.EDITOR, ADMIN)


def can_manage(pid: str | None) -> bool:
    """May manage access, archive the plan, change its details and record a launch-gate override."""
    return not signed_in() or role(pid) in (access.LEAD, ADMIN)


def is_viewer(pid: str | None) -> bool:
    """Reads and prints only (behind sign-in)."""
    return signed_in() and not can_edit(pid)


def read_only() -> bool:
    """True when the open plan is view-only for the person signed in: write buttons are drawn disabled."""
    return is_viewer(current_plan_id())


def own_sheet(pid: str, key: str) -> bool:
    """True when the signed-in person is the roster member ``key`` (their own self-assessment sheet)."""
    who = access.actor()
    if not signed_in() or who is None or role(pid) is None:
        return False
    team = store().load(pid, "team")
    return access.own_sheet(team.data if team else None, who.email, key)


def lead_emails(pid: str) -> list[str]:
    return [m.email for m in store().members(pid) if m.role == access.LEAD]


def view_only_notice(pid: str | None) -> None:
    """At the top of a page, for a viewer: what they can do, and whom to ask for more."""
    if not is_viewer(pid):
        return
    leads = ", ".join(lead_emails(pid))
    st.info(f"You can read and print this plan. To change it, ask its lead ({md(leads)}) to make you an editor.",
            icon=":material/visibility:")
