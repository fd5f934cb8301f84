"""The implementation team (champions): one roster of people for the whole plan.

Other worksheets refer to people by their stable ``id``, never by name, so renaming someone here
renames them everywhere. Role responsibilities are our adaptation of the AIMS guide: each person
acknowledges the responsibilities of their role, one by one.
"""
from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from worksheets.base import StrictModel, WorksheetDoc
from worksheets.content import Bullets, Heading, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import WorksheetSpec

Role = Literal["CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant", "Other"]
ROLES: tuple[str, ...] = ("CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant",
                          "Other")
CORE_ROLES: tuple[str, ...] = ROLES[:4]

NOT_STARTED, IN_PROGRESS, COMPLETE = "not started", "in progress", "complete"


@dataclass(frozen=True)
class Responsibility:
    id: str  # stable: acknowledgments are stored by id ("cit-1"); never renumber
    text: str


def _resp(prefix: str, *texts: str) -> tuple[Responsibility, ...]:
    return tuple(Responsibility(f"{prefix}-{n}", t) for n, t in enumerate(texts, start=1))


# What each role takes on, in our words (AIMS guide, "Identify your champions" and the training
# sections on each role). Ids are stable; add new ones at the end, never reuse a removed id.
RESPONSIBILITIES: dict[str, tuple[Responsibility, ...]] = {
    "CIT lead": _resp(
        "cit",
        "Commit staff time and resources to planning and launch, or win them from the leaders who can.",
        "Have authority over the clinical and administrative areas that will change, or explicit backing from "
        "their leaders.",
        "Lead communication inside the organization (senior leaders, board, staff) and with patients.",
        "Stand up for evidence-based practice throughout the program.",
        "Set targets and timelines and keep the work moving toward them.",
        "Run regular team meetings, build the team, and lead the shared vision and the detailed implementation plan.",
        "Make sure implementation data are collected and acted on; after launch, lead quality improvement and "
        "sustainment.",
        "Get staff to training and technical assistance, and help hire new team members.",
    ),
    "PCP champion": _resp(
        "pcp",
        "Take part in team building and in writing the detailed implementation plans.",
        "Carry changes and expectations to fellow PCPs, and bring their questions and concerns back to the team.",
        "Model the new way of working with my own patients: refer, hand off warmly and work from the shared "
        "care plan.",
        "Stay in charge of my patients' care: prescribe, adjust medication and act on the consultant's "
        "recommendations.",
        "Help decide how recommendations reach PCPs and how PCPs refer patients to the right team member.",
        "Encourage colleagues to complete the primary care provider training for Collaborative Care.",
    ),
    "Behavioral health care manager": _resp(
        "bhcm",
        "Take part in team building and planning with the implementation team.",
        "Engage referred patients, do the initial assessment with baseline measures and enroll them in the "
        "registry.",
        "Be each patient's main point of contact and coordinate the shared treatment plan with the PCP.",
        "Follow up with every patient on a regular schedule, repeat symptom measures and keep the registry "
        "current.",
        "Offer brief evidence-based psychotherapy and support medication treatment (adherence, side effects).",
        "Prepare and present patients at the weekly caseload review, starting with those who are not improving.",
        "Tell the PCP promptly when a patient is not improving, and pass on the consultant's recommendations.",
        "Write a relapse prevention plan with each patient who has improved before their episode of care ends.",
    ),
    "Psychiatric consultant": _resp(
        "pc",
        "Take part in planning and program development where possible.",
        "Meet the care manager regularly, usually weekly, to review the caseload, with priority to patients not "
        "improving.",
        "Give input on diagnosis and spot other behavioral health conditions that may be present.",
        "Recommend medications and treatment changes, documented for the primary care provider, usually in the EHR.",
        "Be reachable during business hours for questions from primary care providers and the care manager.",
        "Work mainly through the team without seeing most patients; advise a direct evaluation or referral when "
        "needed.",
        "Act as a teaching resource: short talks on clinical topics and advice on clinic routines around mental "
        "health.",
    ),
    "Other": _resp(
        "oth",
        "Take part in implementation team meetings and planning work.",
        "Carry out the actions assigned to me in the action plan, or say early when I cannot.",
        "Share changes in the plan with the colleagues I work with.",
        "Raise concerns and barriers with the CIT lead as soon as I notice them.",
    ),
}

MISSING_ROLE_TEXT: dict[str, str] = {
    "CIT lead": "No CIT lead on the team yet: someone has to own the plan and its timeline.",
    "PCP champion": "No PCP champion on the team yet: primary care providers need a voice in planning.",
    "Behavioral health care manager": "No behavioral health care manager on the team yet: this role is at the "
                                      "heart of Collaborative Care.",
    "Psychiatric consultant": "No psychiatric consultant on the team yet: find one comfortable advising on a "
                              "caseload they rarely see in person.",
}


def responsibilities(role: str) -> tuple[Responsibility, ...]:
    return RESPONSIBILITIES.get(role, ())


def responsibility_ids(role: str) -> tuple[str, ...]:
    return tuple(r.id for r in responsibilities(role))


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

    @field_validator("name", mode="before")
    @classmethod
    def _name_given(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            raise ValueError("enter a name")
        return v

    @field_validator("role", mode="before")
    @classmethod
    def _role_given(cls, v: Any) -> Any:
        if v is None or v == "":
            raise ValueError(f"choose a role: {', '.join(ROLES)}")
        if isinstance(v, str) and v not in ROLES:
            raise ValueError(f"'{v}' is not a role here; choose one of: {', '.join(ROLES)}")
        return v

    @field_validator("cocm_share_pct", mode="before")
    @classmethod
    def _share_range(cls, v: Any) -> Any:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not (0 <= v <= 100):
            raise ValueError(f"{v:g}% is not possible: enter a share of time between 0 and 100%")
        return v

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if v and ("@" not in v or " " in v or v.startswith("@") or v.endswith("@")):
            raise ValueError("this does not look like an email address (for example name@clinic.org)")
        return v

    @field_validator("acknowledged")
    @classmethod
    def _dedupe(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _acknowledged_belong_to_role(self):
        allowed = responsibility_ids(self.role)
        wrong = [r for r in self.acknowledged if r not in allowed]
        if wrong:
            raise ValueError(
                f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not among the responsibilities of the "
                f"{self.role} role (those are {', '.join(allowed)})")
        return self

    def open_responsibilities(self) -> tuple[Responsibility, ...]:
        return tuple(r for r in responsibilities(self.role) if r.id not in self.acknowledged)


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


# ----------------------------------------------------------------------------------------------
# editing: rows from a table editor -> a document, keeping ids

def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v).strip()


def _number(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v == "":
        return 0
    return v


def roster_data(doc: TeamDoc, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Edited roster rows -> document data to validate (TeamDoc.model_validate).

    Rows carry ``id`` when they were already saved: that person keeps their id, so a renamed person stays
    the same person everywhere. Rows without a known id are new people and get a new id. Entirely blank rows
    are skipped. Acknowledgments are kept for responsibilities of the person's (possibly new) role only.
    """
    members = []
    for row in rows:
        name, role = _text(row.get("name")), _text(row.get("role"))
        detail, email = _text(row.get("role_detail")), _text(row.get("email"))
        share = row.get("cocm_share_pct")
        if not (name or role or detail or email) and _number(share) == 0:
            continue
        old = doc.person(_text(row.get("id")))
        allowed = responsibility_ids(role)
        members.append({
            "id": old.id if old else new_person_id(),
            "name": name,
            "role": role or None,
            "role_detail": detail,
            "email": email,
            "cocm_share_pct": _number(share),
            "acknowledged": [r for r in old.acknowledged if r in allowed] if old else [],
        })
    return {"schema_version": TeamDoc.current_version(), "members": members}


def with_acknowledgments(doc: TeamDoc, acknowledged: dict[str, list[str]]) -> dict[str, Any]:
    """Document data with new acknowledgments (person id -> responsibility ids); others unchanged."""
    data = doc.model_dump(mode="json")
    for m in data["members"]:
        if m["id"] in acknowledged:
            m["acknowledged"] = list(acknowledged[m["id"]])
    return data


# ----------------------------------------------------------------------------------------------
# summaries

def unacknowledged(doc: TeamDoc) -> list[tuple[Member, int, int]]:
    """People who have not acknowledged all their role's responsibilities: (member, open, total)."""
    out = []
    for m in doc.members:
        total = len(responsibilities(m.role))
        left = len(m.open_responsibilities())
        if left:
            out.append((m, left, total))
    return out


def progress(doc: TeamDoc | None) -> str:
    """Complete = all four core roles filled and everyone has acknowledged their role's responsibilities."""
    if doc is None or not doc.members:
        return NOT_STARTED
    if missing_core_roles(doc) or unacknowledged(doc):
        return IN_PROGRESS
    return COMPLETE


def _acknowledgment_lines(doc: TeamDoc) -> list[str]:
    out = []
    for m, left, total in unacknowledged(doc):
        if left == total:
            out.append(f"{m.name} ({m.role}) has not acknowledged the role's responsibilities yet")
        else:
            out.append(f"{m.name} ({m.role}) has acknowledged {total - left} of {total} responsibilities")
    return out


ROLE_SLUGS = {"CIT lead": "cit-lead", "PCP champion": "pcp-champion", "Behavioral health care manager": "bhcm",
              "Psychiatric consultant": "psychiatric-consultant"}


def findings(doc: TeamDoc) -> list[Finding]:
    """A missing core role blocks launch; a person who has not acknowledged their role should do so."""
    kind = TeamDoc.KIND
    out = [Finding(f"{kind}:missing-role:{ROLE_SLUGS[r]}", kind, MISSING_ROLE_TEXT[r], "blocker",
                   action=f"Find and name a {r} for the implementation team.",
                   owner_role="CIT lead" if r != "CIT lead" else "", area="Implementation team")
           for r in missing_core_roles(doc)]
    for m, left, total in unacknowledged(doc):
        done = total - left
        text = (f"{m.name} ({m.role}) has not acknowledged the role's responsibilities yet." if done == 0 else
                f"{m.name} ({m.role}) has acknowledged {done} of {total} responsibilities.")
        out.append(Finding(f"{kind}:acknowledge:{m.id}", kind, text, "should_fix", item=m.id,
                           action=f"Go through the {m.role} responsibilities with {m.name} and record what they "
                                  "accept.", owner_role="CIT lead", area="Implementation team"))
    return out


def describe(doc: TeamDoc) -> str:
    """One line for the history table."""
    missing = missing_core_roles(doc)
    n = len(doc.members)
    people = f"{n} {'person' if n == 1 else 'people'}"
    return people + (f", missing: {', '.join(missing)}" if missing else ", all core roles filled")


def share_text(m: Member) -> str:
    return f"{m.cocm_share_pct:g}%"


def report_section(doc: TeamDoc, revision: int | None = None) -> Section:
    blocks: list = [
        Para("The clinic implementation team plans, launches and monitors Collaborative Care. Four roles form its "
             "core: a CIT lead, a PCP champion, a behavioral health care manager and a psychiatric consultant. "
             "Each person acknowledges the responsibilities of their role."),
    ]
    for r in missing_core_roles(doc):
        blocks.append(Para(MISSING_ROLE_TEXT[r], style="warning"))
    blocks.append(Table(
        ("Name", "Role", "Role detail", "Email", "Time for CoCM", "Accepted"),
        tuple((m.name, m.role, m.role_detail, m.email, share_text(m),
               f"{len(m.acknowledged)} of {len(responsibilities(m.role))}") for m in doc.members),
        widths=(2.0, 2.0, 1.7, 2.4, 1.3, 1.3), caption="Roster"))  # "Accepted" fits on one line
    if doc.members:
        blocks.append(Heading("Responsibilities each person has acknowledged", level=2))
    for m in doc.members:
        blocks.append(Heading(f"{m.name} · {m.role}" + (f" ({m.role_detail})" if m.role_detail else ""), level=3))
        blocks.append(Table(
            ("Responsibility", "Acknowledged"),
            tuple((r.text, "\u2713 Yes" if r.id in m.acknowledged else "Not yet") for r in responsibilities(m.role)),
            widths=(7, 1.4)))
    pending = _acknowledgment_lines(doc)
    if pending:
        blocks.append(Heading("Still to acknowledge", level=3))
        blocks.append(Bullets(tuple(pending)))
    return Section(TeamDoc.TITLE, tuple(blocks), revision)


SPEC = WorksheetSpec(
    kind=TeamDoc.KIND, title=TeamDoc.TITLE, url_path="team",
    holds="The people on the plan, their roles, time for CoCM and the responsibilities they accept.",
    icon=":material/groups:", doc=TeamDoc,
    progress=lambda v: progress(v.doc(TeamDoc.KIND)),
    findings=lambda v: findings(v.roster),
    report=lambda v: report_section(v.roster, v.version(TeamDoc.KIND) or None),
    describe=describe,
)
