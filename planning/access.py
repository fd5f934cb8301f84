"""Who may do what with a plan, when the workbook runs behind the clinic's sign-in.

Roles are per plan: a **lead** manages members and roles, archives the plan, changes its details and records a
launch-gate override; an **editor** changes worksheets and makes milestones; a **viewer** reads and prints. Whoever
creates a plan is its lead. A person on the plan's roster whose work email is their sign-in email may always change
their own self-assessment sheet. An **organisation admin** (listed by email, or by a group claim, in the
configuration) sees and may change every plan.

The checks live below the pages: :class:`planning.storage.Store` asks :func:`check` before every write and read of
a plan when it was started with ``enforce_access=True`` (the app does so when sign-in is configured), so a page that
forgets to hide a button still cannot save. Who is acting is a context variable the app sets once per page run
(:func:`acting_as`), from the signed-in identity; nothing a user types sets it.

Without sign-in the Store does not enforce anything: one team on one machine, as before.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

LEAD, EDITOR, VIEWER = "lead", "editor", "viewer"
ROLES: tuple[str, ...] = (LEAD, EDITOR, VIEWER)
ROLE_LABELS = {LEAD: "Lead", EDITOR: "Editor", VIEWER: "Viewer"}
ROLE_HELP = {
    LEAD: "manages who has access and their roles, archives the plan, changes its details, records a launch-gate "
          "override, and everything an editor does",
    EDITOR: "changes worksheets, accepts suggested actions and makes milestones",
    VIEWER: "reads and prints the plan (and changes their own self-assessment when they are on the roster)",
}
# what each write needs; anything else an editor may do
READ, WRITE, MANAGE = "read", "write", "manage"
LEAD_KINDS = frozenset({"plan", "launch_gate"})  # the plan's details and the launch-gate override
OWN_SHEET_KIND = "self_assessment"


@dataclass(frozen=True)
class Principal:
    """The signed-in person: email (lower case, the key of their access), name, and whether they are an admin."""

    email: str
    name: str = ""
    admin: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "email", normalise_email(self.email))

    @property
    def author(self) -> str:
        """How their saves are signed in the history: "Maria Okafor <maria@clinic.org>"."""
        return f"{self.name} <{self.email}>" if self.name and self.name != self.email else self.email


class Forbidden(PermissionError):
    """The signed-in person may not do this with this plan; the message says why in plain words."""


_actor: ContextVar[Principal | None] = ContextVar("workbook_actor", default=None)


def actor() -> Principal | None:
    return _actor.get()


def set_actor(principal: Principal | None) -> None:
    """The person acting in this thread from now on (a page run sets it first thing)."""
    _actor.set(principal)


@contextmanager
def acting_as(principal: Principal | None) -> Iterator[None]:
    token = _actor.set(principal)
    try:
        yield
    finally:
        _actor.reset(token)


def normalise_email(email: str) -> str:
    return " ".join(str(email or "").split()).lower()


EMAIL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~@-")


def valid_email(email: str) -> bool:
    """One address, name@domain.tld, in the characters an address may hold: no markup, no spaces, not starting with
    a character a spreadsheet reads as a formula (= + - @)."""
    email = normalise_email(email)
    local, _, domain = email.partition("@")
    return (bool(local) and "." in domain.strip(".") and email.count("@") == 1 and len(email) <= 320
            and set(email) <= EMAIL_CHARS and email[0] not in "=+-@")


def need(kind: str | None, action: str) -> str:
    """The least role an action on a document kind needs: READ, WRITE or MANAGE."""
    if action == READ:
        return READ
    if action == MANAGE or kind in LEAD_KINDS:
        return MANAGE
    return WRITE


def allows(role: str | None, needed: str) -> bool:
    if role is None:
        return False
    if needed == READ:
        return role in ROLES
    if needed == WRITE:
        return role in (LEAD, EDITOR)
    return role == LEAD


def own_sheet(team_data: str | dict | None, email: str, key: str) -> bool:
    """True when ``key`` is the roster person whose work email is ``email`` (their own self-assessment)."""
    if not team_data or not key:
        return False
    data = json.loads(team_data) if isinstance(team_data, str) else team_data
    return any(isinstance(m, dict) and m.get("id") == key and normalise_email(m.get("email", "")) == email
               for m in data.get("members", []))


def refusal(principal: Principal | None, role: str | None, needed: str) -> str:
    """Why not, in words a clinician understands."""
    if principal is None:
        return "Sign in first: this workbook is shared through the clinic's sign-in."
    if role is None:
        return ("You do not have access to this plan. Ask its lead to add your email "
                f"({principal.email}) to the plan's members.")
    if needed == MANAGE:
        return (f"Only the plan's lead can do this (you are a {ROLE_LABELS[role].lower()} of this plan): manage "
                "access, archive, change the plan's details or record a launch-gate override.")
    return (f"You can read and print this plan but not change it (you are a {ROLE_LABELS[role].lower()}). "
            "Ask the plan's lead to make you an editor.")
