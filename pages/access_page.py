"""Access and audit: who may open this plan and in which role (the lead manages it), and who did what when.

Behind sign-in the store checks every read and write against these roles (planning.access); this page only shows and
changes them. Without sign-in there is nobody to tell apart, so the page says how to turn sign-in on and still shows
the audit trail.
"""
from __future__ import annotations

import csv
import io
import re
import urllib.parse

import streamlit as st

from pages import ui
from planning import access, registry
from planning.access import Forbidden

README_SECTION = "Sign-in with your identity provider"
AUDIT_SHOWN = 200  # rows on screen; the CSV holds every row
FLASH = "_access_flash"
# Characters an email address may hold here: stricter than the standard allows, so nothing that could be markup or a
# spreadsheet formula gets into the member list (a + or - inside the address is fine).
EMAIL_CHARS = re.compile(r"[a-z0-9.!#$%&'*+/=?^_`{|}~@-]+")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def email_problem(email: str) -> str | None:
    """Why this is not an email address we can add, in plain words; None when it is fine."""
    email = access.normalise_email(email)
    if not email:
        return "Type the person's email address, for example name@clinic.org."
    if not access.valid_email(email) or not EMAIL_CHARS.fullmatch(email) or email[0] in FORMULA_START \
            or email.count("@") != 1:
        return (f"“{email[:80]}” is not an email address. Type it as the person signs in, for example "
                "name@clinic.org.")
    return None


def csv_cell(value: object) -> str:
    """Text a spreadsheet shows as text: a cell starting with = + - @ (a formula to Excel) gets a leading '."""
    text = str(value or "")
    return "'" + text if text.startswith(FORMULA_START) else text


def audit_csv(events) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["When (UTC)", "Who", "What", "Detail"])
    for e in events:
        writer.writerow([csv_cell(e.at), csv_cell(e.by), csv_cell(e.what), csv_cell(e.detail)])
    return out.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read the names' accents right


def plan_address(pid: str) -> str:
    """The link that opens this plan: this server's address with the plan in it."""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no browser behind this session (tests, scripts)
        url = None
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        parts = urllib.parse.urlsplit(url)
        base = parts.path.rsplit("/", 1)[0]
        return f"{parts.scheme}://{parts.netloc}{base}/home?plan={pid}"
    return f"this workbook's address followed by /home?plan={pid}"


def who_acts() -> str:
    me = access.actor()
    return me.author if me is not None else (ui.author() or "unknown")


def flash(text: str) -> None:
    st.session_state[FLASH] = text


def members_table(members) -> None:
    if not members:
        st.caption("Nobody is listed yet.")
        return
    st.dataframe([{"Email": m.email, "Role": access.ROLE_LABELS.get(m.role, m.role), "Added by": m.added_by,
                   "Added": ui.when(m.added_at)} for m in members], hide_index=True, width="stretch")


def manage(pid: str, members) -> None:
    """The lead's controls: add a person, change a role, remove someone."""
    said = st.session_state.pop(FLASH, None)
    if said:
        st.success(ui.md(said), icon=":material/check_circle:")
    roles = list(access.ROLES)
    st.subheader("Invite someone")
    st.caption("The workbook cannot send email: add the person's email and role here, then share the plan's link "
               "with them yourself. They see the plan after signing in with that email.")
    with st.form("access_invite", clear_on_submit=False):
        c1, c2 = st.columns([3, 1])
        email = c1.text_input("Email", key="access_email", max_chars=320, placeholder="name@clinic.org",
                              help="The address they sign in with. Capitals and spaces around it do not matter.")
        role = c2.selectbox("Role", roles, index=roles.index(access.EDITOR), key="access_role",
                            format_func=access.ROLE_LABELS.get)
        if st.form_submit_button("Invite", type="primary", icon=":material/person_add:"):
            problem = email_problem(email)
            if problem:
                st.error(f"Not added. {ui.md(problem)}", icon=":material/error:")
            else:
                address = access.normalise_email(email)
                known = {m.email: m.role for m in members}
                try:
                    ui.store().set_member(pid, address, role, who_acts())
                except (ValueError, Forbidden) as exc:
                    st.error(f"Not added. {ui.md(str(exc))}", icon=":material/error:")
                else:
                    if address in known:
                        flash(f"{address} was already a member; their role is now {access.ROLE_LABELS[role]}.")
                    else:
                        flash(f"{address} added as {access.ROLE_LABELS[role]}. Share the plan's link with them: "
                              f"{plan_address(pid)} They see the plan after signing in.")
                    st.rerun()
    st.caption(" · ".join(f"**{access.ROLE_LABELS[r]}**: {access.ROLE_HELP[r]}" for r in roles))

    if not members:
        return
    st.subheader("Change a role or remove someone")
    emails = [m.email for m in members]
    now = {m.email: m.role for m in members}
    with st.form("access_change"):
        c1, c2 = st.columns([3, 1])
        who = c1.selectbox("Member", emails, key="access_member",
                           format_func=lambda e: f"{e} ({access.ROLE_LABELS.get(now[e], now[e])})")
        new_role = c2.selectbox("New role", roles, key="access_new_role", format_func=access.ROLE_LABELS.get)
        sure = st.checkbox("Yes, remove this member from the plan", key="access_sure",
                           help="Removing needs this tick, so nobody loses access by a stray click.")
        b1, b2 = st.columns(2)
        change = b1.form_submit_button("Change role", icon=":material/manage_accounts:", width="stretch")
        remove = b2.form_submit_button("Remove from the plan", icon=":material/person_remove:", width="stretch")
    try:
        if change:
            if now.get(who) == new_role:
                st.info(f"{ui.md(who)} is already {access.ROLE_LABELS[new_role]}; nothing changed.")
            else:
                ui.store().set_member(pid, who, new_role, who_acts())
                flash(f"{who} is now {access.ROLE_LABELS[new_role]}.")
                st.rerun()
        elif remove:
            if not sure:
                st.warning("Tick the box first to remove a member.")
            else:
                ui.store().remove_member(pid, who, who_acts())
                flash(f"{who} no longer has access to this plan.")
                st.rerun()
    except (ValueError, Forbidden) as exc:
        st.error(f"Not changed. {ui.md(str(exc))}", icon=":material/error:")


def audit_trail(pid: str, name: str) -> None:
    st.header("Audit trail")
    st.write("Every saved version, milestone and change of access, with who did it and when, newest first.")
    titles = {w.kind: w.title for w in registry.all_worksheets()} | {"plan": "Plan details"}
    events = list(reversed(ui.store().audit(pid, titles)))
    if not events:
        st.caption("Nothing recorded yet.")
        return
    st.dataframe([{"When": ui.when(e.at), "Who": e.by, "What": e.what, "Detail": e.detail}
                  for e in events[:AUDIT_SHOWN]], hide_index=True, width="stretch")
    if len(events) > AUDIT_SHOWN:
        st.caption(f"The {AUDIT_SHOWN} most recent of {len(events)} entries; the CSV file holds them all.")
    st.download_button("Download the audit trail (CSV)", data=audit_csv(events),
                       file_name=f"{ui.safe_filename(name)}-audit.csv", mime="text/csv", key="access_audit_csv",
                       icon=":material/download:", on_click="ignore",
                       help="Opens in a spreadsheet. Text that a spreadsheet would take for a formula starts with '.")


pid, meta = ui.require_plan()
st.caption(ui.md(meta.name))
st.title("Access and audit")

if not ui.signed_in():
    st.info("Access control needs sign-in. Without it, everyone who can open the workbook may read and change "
            f"every plan, and the name a save is recorded under is the one typed in the sidebar. To give each "
            f"person a role on each plan, set up sign-in as the README explains under “{README_SECTION}”.",
            icon=":material/lock_open:")
    audit_trail(pid, meta.name)
else:
    ui.view_only_notice(pid)
    members = ui.store().members(pid)
    st.header("Who has access")
    members_table(members)
    if ui.can_manage(pid):
        manage(pid, members)
        audit_trail(pid, meta.name)
    else:
        leads = ", ".join(m.email for m in members if m.role == access.LEAD)
        st.caption(f":material/lock: The plan's lead ({ui.md(leads)}) manages who has access and reads the audit "
                   "trail.")
