"""The implementation team (champions): one roster of people for the whole plan.

Other worksheets refer to people by their stable ``id``, never by name, so renaming someone here
renames them everywhere. Role responsibilities are our adaptation of the AIMS guide.
"""
from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from worksheets.base import StrictModel, WorksheetDoc

Role = Literal["CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant", "Other"]
ROLES: tuple[str, ...] = ("CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant",
                          "Other")
CORE_ROLES: tuple[str, ...] = ROLES[:4]


def new_person_id() -> str:
    return uuid.uuid4().hex[:12]


class Member(StrictModel):
    id: str = Field(default_factory=new_person_id, min_length=1, max_length=40, title="person id")
    name: str = Field(min_length=1, max_length=120, title="name")
    role: Role = Field(title="role")
    role_detail: str = Field(default="", max_length=120, title="role detail")  # e.g. "Nurse" for Other
    email: str = Field(default="", max_length=200, title="email")
    cocm_share_pct: float = Field(default=0, ge=0, le=100, title="share of time for CoCM (%)")
    acknowledged: list[str] = Field(default_factory=list, title="responsibilities acknowledged")

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if v and ("@" not in v or " " in v or v.startswith("@") or v.endswith("@")):
            raise ValueError("this does not look like an email address (for example name@clinic.org)")
        return v


class TeamDoc(WorksheetDoc):
    KIND: ClassVar[str] = "team"
    TITLE: ClassVar[str] = "Implementation team"

    schema_version: Literal[1] = 1
    members: list[Member] = Field(default_factory=list, max_length=200, title="people")

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for m in self.members:
            if m.id in seen:
                raise ValueError(f"two people share the id {m.id}")
            seen.add(m.id)
        return self

    def person(self, person_id: str) -> Member | None:
        return next((m for m in self.members if m.id == person_id), None)

    def label(self, person_id: str | None) -> str:
        """Display name for a person id; a clear marker if they were removed from the roster."""
        if not person_id:
            return ""
        m = self.person(person_id)
        return f"{m.name} ({m.role_detail or m.role})" if m else "(removed from the team)"

    def options(self) -> dict[str, str]:
        """person id -> label, for pickers on other worksheets."""
        return {m.id: self.label(m.id) for m in self.members}


def missing_core_roles(doc: TeamDoc) -> list[str]:
    have = {m.role for m in doc.members}
    return [r for r in CORE_ROLES if r not in have]
