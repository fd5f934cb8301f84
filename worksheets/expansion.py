"""Expansion (Step 5): the team's ideas for taking Collaborative Care further (a new site, a new condition, a new
population), and which plans were started from this one.

In our own words, from the AIMS Center Collaborative Care Implementation Guide, Step 5 ("expand CoCM services to
additional sites, conditions, and populations"): once the program runs well, the team grows it. Each idea is a row:
what it adds, its name, why, a target date, its status (idea, planned, started, dropped), who owns it, and, once a
new plan is started from this one (planning.expansion.start_from), that plan's id and name.

The organisation a plan belongs to, the copying of worksheets into a new plan and the roll-up across an
organisation's plans are the engine's (planning/expansion.py, planning/rollup.py); this module holds the ideas.

Decisions where the issue was silent:
- A "planned" row past its target date with no plan started is a should-fix finding: planned means the team
  committed to a date, and a date that slipped unnoticed is what the six-month review is for. The fix is to start
  the plan, set a new date, or mark the idea dropped. An "idea" past its date is not a finding: ideas are cheap.
- A row whose owner has left the team is a note (the idea stays; someone should pick it up).
- A row marked "started" keeps the plan id and name it was started as, so the PDF and the page can name the plan
  even when it is archived or renamed later.
"""
from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets.base import (StrictModel, WorksheetDoc, blank, date_cell, empty_if_blank, fmt_date, new_row_id,
                             none_if_blank, owner_label, required_cell)
from worksheets.content import Bullets, Heading, KeyValues, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec, saved_or_empty

KIND = "expansion"
TITLE = "Expansion"
AREA = "Expansion"
MAX_IDEAS = 200
TEXT_MAX = 2000
NAME_MAX = 120

What = Literal["site", "condition", "population"]
WHATS: tuple[str, ...] = ("site", "condition", "population")
WHAT_LABELS: dict[str, str] = {"site": "New site", "condition": "New condition", "population": "New population"}
Status = Literal["idea", "planned", "started", "dropped"]
STATUSES: tuple[str, ...] = ("idea", "planned", "started", "dropped")
STATUS_LABELS: dict[str, str] = {"idea": "Idea", "planned": "Planned", "started": "Started", "dropped": "Dropped"}


def _choice(options: tuple[str, ...], labels: Mapping[str, str], message: str):
    def check(v: Any) -> Any:
        if isinstance(v, str):
            key = v.strip().casefold()
            for o in options:
                if key in (o, labels[o].casefold()):
                    return o
        raise ValueError(f"{message} (you entered \"{v}\")")
    return check


class Idea(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    what: What = Field(title="what it adds")
    name: str = Field(max_length=NAME_MAX, title="name")
    why: str = Field(default="", max_length=TEXT_MAX, title="why")
    target: date | None = Field(default=None, title="target date")
    status: Status = Field(default="idea", title="status")
    owner: str | None = Field(default=None, max_length=40, title="owner")
    plan_id: str = Field(default="", max_length=36, title="plan started")  # set by planning.expansion.start_from
    plan_name: str = Field(default="", max_length=NAME_MAX, title="plan started as")
    note: str = Field(default="", max_length=TEXT_MAX, title="note")

    _name_given = field_validator("name", mode="before")(staticmethod(required_cell(
        "write the name of the new site, condition or population")))
    _text = field_validator("why", "note", "plan_id", "plan_name", mode="before")(staticmethod(empty_if_blank))
    _owner = field_validator("owner", mode="before")(staticmethod(none_if_blank))
    _date = field_validator("target", mode="before")(staticmethod(date_cell))

    @field_validator("what", mode="before")
    @classmethod
    def _what(cls, v: Any) -> Any:
        if blank(v):
            raise ValueError("choose what it adds: a new site, condition or population")
        return _choice(WHATS, WHAT_LABELS, "choose site, condition or population")(v)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        if blank(v):
            return "idea"
        return _choice(STATUSES, STATUS_LABELS, "choose a status: idea, planned, started or dropped")(v)


class ExpansionDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    ideas: list[Idea] = Field(default_factory=list, max_length=MAX_IDEAS, title="expansion ideas")

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for i in self.ideas:
            if i.id in seen:
                raise ValueError(f"two ideas share the id {i.id}")
            seen.add(i.id)
        return self

    def idea(self, idea_id: str) -> Idea | None:
        return next((i for i in self.ideas if i.id == idea_id), None)


# ----------------------------------------------------------------------------------------------
# changes the engine makes

def mark_started(doc: ExpansionDoc, what: str, name: str, plan_id: str, plan_name: str,
                 idea_id: str | None = None) -> ExpansionDoc:
    """The document after a plan was started from this one: the chosen row (``idea_id``), else the first row of
    the same kind and name (ignoring case and outer spaces) with no plan yet, becomes "started" with the plan's id
    and name; with no such row, a new row records it. Every other row is left as it is."""
    key = " ".join(name.split()).casefold()
    target = doc.idea(idea_id) if idea_id else None
    if target is None:
        target = next((i for i in doc.ideas if not i.plan_id and i.what == what
                       and " ".join(i.name.split()).casefold() == key), None)
    ideas = [i.model_dump() for i in doc.ideas]
    if target is None:
        ideas.append(Idea(what=what, name=name[:NAME_MAX], status="started", plan_id=plan_id,  # type: ignore[arg-type]
                          plan_name=plan_name[:NAME_MAX]).model_dump())
    else:
        for row in ideas:
            if row["id"] == target.id:
                row.update(status="started", plan_id=plan_id, plan_name=plan_name[:NAME_MAX])
    return ExpansionDoc.model_validate({"schema_version": 1, "ideas": ideas})


def started(doc: ExpansionDoc) -> list[Idea]:
    """Rows with a plan started from this one, in the order written."""
    return [i for i in doc.ideas if i.plan_id]


EDITOR_COLUMNS: tuple[str, ...] = ("what", "name", "why", "target", "status", "owner", "plan_name", "note")


def ideas_data(rows: list[dict[str, Any]], doc: ExpansionDoc) -> list[dict[str, Any]]:
    """Rows from the page's table -> ideas: a new row (no id yet) gets one; the plan a row started keeps its id
    (not a column of the table) and its name (shown, not editable)."""
    out = []
    for r in rows:
        old = doc.idea(r.get("id") or "")
        row = old.model_dump(mode="json") if old is not None else {}  # a field the table does not show is kept
        row.update({k: v for k, v in r.items() if k in Idea.model_fields and k not in ("plan_id", "plan_name")})
        row["id"] = r.get("id") or new_row_id()
        if old is not None:
            row.update(plan_id=old.plan_id, plan_name=old.plan_name)
        out.append(row)
    return out


# ----------------------------------------------------------------------------------------------
# findings, progress

def findings(doc: ExpansionDoc, today: date, people: Mapping[str, str] | None = None) -> list[Finding]:
    """A planned row past its target date with no plan started (should fix); a row whose owner has left the team
    (note)."""
    out: list[Finding] = []
    for i in doc.ideas:
        if i.status == "planned" and not i.plan_id and i.target is not None and i.target < today:
            out.append(Finding(
                f"{KIND}:overdue:{i.id}", KIND,
                f"The planned {WHAT_LABELS[i.what].lower()} \"{i.name}\" was due to start by {fmt_date(i.target)} "
                "and no plan has been started for it.", "should_fix", item=i.id,
                action=f"Start the plan for \"{i.name}\" from the Expansion page, set a new target date, or mark "
                       "the idea dropped.",
                owner_role="CIT lead", area=AREA, owner_id=i.owner or ""))
        if i.owner and people is not None and i.owner not in people and i.status in ("idea", "planned"):
            out.append(Finding(
                f"{KIND}:owner-left:{i.id}", KIND,
                f"The owner of the expansion idea \"{i.name}\" is no longer on the team.", "note", item=i.id,
                action=f"Name a new owner for the expansion idea \"{i.name}\" on the Expansion page.",
                owner_role="CIT lead", area=AREA))
    return out


def progress(doc: ExpansionDoc | None, today: date, people: Mapping[str, str] | None = None) -> str:
    """Not started with no row; in progress while something should be fixed; complete otherwise (expansion is
    optional: a plan with its ideas written down and none overdue is up to date)."""
    if doc is None or not doc.ideas:
        return NOT_STARTED
    if any(f.severity != "note" for f in findings(doc, today, people)):
        return IN_PROGRESS
    return COMPLETE


# ----------------------------------------------------------------------------------------------
# report

def describe(doc: ExpansionDoc) -> str:
    """One line for the history table."""
    n = len(doc.ideas)
    counts = {s: sum(1 for i in doc.ideas if i.status == s) for s in STATUSES}
    parts = ", ".join(f"{c} {s}" for s, c in counts.items() if c)
    return f"{n} idea{'' if n == 1 else 's'}" + (f": {parts}" if parts else "")


def idea_rows(doc: ExpansionDoc, people: Mapping[str, str] | None) -> tuple[tuple[str, ...], ...]:
    return tuple((WHAT_LABELS[i.what], i.name, i.why or "-", fmt_date(i.target, "-"), STATUS_LABELS[i.status],
                  owner_label(i.owner, people), i.plan_name or ("-" if not i.plan_id else "a plan"), i.note or "-")
                 for i in doc.ideas)


def report_section(doc: ExpansionDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   meta: Any = None, today: date | None = None) -> Section:
    """Where this plan came from, the ideas, the plans started from this one, and what is still open."""
    blocks: list = []
    if meta is not None:
        facts = [("Organisation", getattr(meta, "organisation", "") or "Not set")]
        if getattr(meta, "parent_name", ""):
            kind = getattr(meta, "expansion", "")
            facts.append(("Started from", meta.parent_name + (f" (as a {WHAT_LABELS[kind].lower()})" if kind else "")))
        blocks.append(KeyValues(tuple(facts)))
    if doc.ideas:
        blocks.append(Table(("What", "Name", "Why", "Target", "Status", "Owner", "Plan started", "Note"),
                            idea_rows(doc, people), widths=(1.1, 1.6, 2.2, 1.0, 0.9, 1.4, 1.6, 1.8),
                            caption="Expansion ideas"))
    else:
        blocks.append(Para("No expansion ideas written down yet.", style="muted"))
    begun = started(doc)
    blocks.append(Heading("Plans started from this one"))
    if begun:
        blocks.append(Bullets(tuple(f"{i.plan_name or i.name} ({WHAT_LABELS[i.what].lower()}: {i.name})"
                                    for i in begun)))
    else:
        blocks.append(Para("None yet.", style="muted"))
    open_items = findings(doc, today or date.today(), people)
    if open_items:
        blocks += [Heading("Still open"), Bullets(tuple(f.text for f in open_items))]
    blocks.append(Para("The roll-up of every plan of the organisation (readiness, open findings, overdue actions, "
                       "launch gate, last review and headline metrics) prints from the Expansion page.",
                       style="small"))
    return Section(TITLE, tuple(blocks), revision, landscape=True)


def _doc(v: Any) -> ExpansionDoc:
    return saved_or_empty(v, ExpansionDoc)  # type: ignore[return-value]


__all__ = ["ExpansionDoc", "Idea", "STATUSES", "STATUS_LABELS", "WHATS", "WHAT_LABELS", "describe", "findings",
           "idea_rows", "mark_started", "progress", "report_section", "started"]


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="expansion",
    holds="New sites, conditions and populations started from this plan, and the roll-up of the organisation's plans.",
    icon=":material/add_business:", doc=ExpansionDoc,
    progress=lambda v: progress(v.doc(KIND), date.today(), v.people()),
    findings=lambda v: findings(_doc(v), date.today(), v.people()),
    report=lambda v: report_section(_doc(v), v.version(KIND) or None, people=v.people(), meta=v.meta),
    describe=describe,
)
