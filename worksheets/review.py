"""Six-month review (Step 5): the team's record of each review of the program, and the decisions taken there.

In our own words, from the AIMS Center Collaborative Care Implementation Guide, Step 5 "Nurture Your Care": every
six months the team revisits its shared vision, its clinical workflow (the flowchart) and its action plan; checks
that the five principles of Collaborative Care are still at the forefront of its care; reboots training when new
people join or roles change; and resets its metrics and targets for the year ahead.

A review holds its date, who attended (people on the team roster), an answer to each of those revisit prompts, what
went well, what to change, and the decisions taken. Each decision that needs doing becomes a suggested action in the
action plan's inbox (a finding "review:decision:<decision id>", owner and due date filled in from the decision) until
the action plan has an action made from it, or the decision is marked "no action needed".

Everything here is pure: no Streamlit, no storage, no reportlab.

Decisions where the issue was silent:
- A review without a name is named from its date: "6-month review, May 2027".
- Progress: "not started" with no review; "complete" once at least one review has a decision or answers every revisit
  prompt (a review that decided nothing but looked at everything is a complete review); "in progress" otherwise.
- The next review is due six months after the latest review's date (the same day of the month, or the month's last
  day when it has no such day: 31 Aug -> 28 or 29 Feb). Before the first review it is due six months after the target
  launch, or six months after the plan was started when there is no launch date. A past-due review is a should-fix
  finding ("review:overdue").
- A review dated before the plan was started is refused on Save (:func:`date_problems`); a review dated in the future
  is allowed (a team may prepare its record ahead of the meeting).
- A decision's owner who was removed from the team prints as "(removed from the team)"; :func:`roster_problems`
  names such owners on Save while the decision still waits for the action plan. Attendees who have left the team
  stay on the record: they did attend.
- Only the review being saved is checked against the plan's start (and only when its date is new or changed): a
  plan imported from a file is "started" on the day of the import, and its earlier reviews must stay editable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Collection, Literal, Mapping

from pydantic import Field, field_validator, model_validator

from worksheets import decisions
from worksheets.decisions import IN_PLAN, NO_ACTION, NOT_IN_PLAN, Decision  # noqa: F401  (used by pages and tests)
from worksheets.base import (StrictModel, WorksheetDoc, date_cell, empty_if_blank, fmt_date, new_row_id,
                             none_if_blank, owner_label, required_cell)
from worksheets.content import Heading, KeyValues, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec

KIND = "review"
TITLE = "Six-month review"
TEXT_MAX = 10_000
NAME_MAX = 120
MAX_REVIEWS = 200
MAX_DECISIONS = 200
REVIEW_MONTHS = 6
ACTION_PLAN_KIND = "action_plan"  # worksheets.action_plan.ActionPlanDoc.KIND (imported lazily below)

Day = date  # the Review field named "date" would otherwise hide the type in its class

ATTENDEE_NEEDED = "A review needs at least one attendee from the team."


@dataclass(frozen=True)
class Prompt:
    field: str  # the Review field holding the answer: stable, stored in documents
    label: str  # what the page and the PDF show
    why: str  # why the guide asks it: the page's help text
    worksheet: str  # the worksheet the team opens to revisit it


PROMPTS: tuple[Prompt, ...] = (
    Prompt("vision", "Shared vision: does it still say what we want?",
           "The guide asks teams to revisit their vision every six months: the problem, the patients served and the "
           "goals change as the program grows. Note what still fits and what to update.", "shared_vision"),
    Prompt("workflow", "Clinical workflow: does the flowchart match what we really do?",
           "Workflows drift after launch. Walk the flowchart step by step and note where practice differs, and which "
           "version (the chart or the practice) should change.", "workflow"),
    Prompt("action_plan", "Action plan: what is done, stuck or no longer needed?",
           "Revisiting the action plan every six months keeps it a working plan: close what is done, unblock what is "
           "stuck, drop what no longer matters, add what is new.", "action_plan"),
    Prompt("principles", "Principles of care: rate them again. Are they still at the forefront?",
           "The guide asks teams to check every six months that the five principles are still how they work. Rate "
           "them again on the Principles page and note what moved.", "principles"),
    Prompt("training", "Training: new hires, staff changes, refreshers",
           "New people need the core training, and the whole team needs a reboot of training and communication when "
           "roles change. Note who joined or left and what training follows.", "training"),
    Prompt("metrics", "Metrics and targets for the next year",
           "Fold the results into quality improvement: look at the metrics against their targets and set the targets "
           "for the year ahead.", "monitoring"),
)
PROMPT_FIELDS: tuple[str, ...] = tuple(p.field for p in PROMPTS)


# ----------------------------------------------------------------------------------------------
# the document

class Review(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    name: str = Field(default="", max_length=NAME_MAX, title="name of the review")
    date: Day = Field(title="date of the review")
    attendees: list[str] = Field(default_factory=list, title="attendees")
    vision: str = Field(default="", max_length=TEXT_MAX, title="shared vision")
    workflow: str = Field(default="", max_length=TEXT_MAX, title="clinical workflow")
    action_plan: str = Field(default="", max_length=TEXT_MAX, title="action plan")
    principles: str = Field(default="", max_length=TEXT_MAX, title="principles of care")
    training: str = Field(default="", max_length=TEXT_MAX, title="training")
    metrics: str = Field(default="", max_length=TEXT_MAX, title="metrics and targets")
    went_well: str = Field(default="", max_length=TEXT_MAX, title="what went well")
    to_change: str = Field(default="", max_length=TEXT_MAX, title="what to change")
    decisions: list[Decision] = Field(default_factory=list, max_length=MAX_DECISIONS, title="decisions")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        d = date_cell(v)
        if d is None:
            raise ValueError("enter the date of the review")
        return d

    _text = field_validator("name", *PROMPT_FIELDS, "went_well", "to_change", mode="before")(
        staticmethod(empty_if_blank))

    @field_validator("attendees", mode="before")
    @classmethod
    def _attendees(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, list) and all(isinstance(p, str) for p in v):  # no blanks, no repeats, the order kept
            return list(dict.fromkeys(p.strip() for p in v if p.strip()))
        return v

    @field_validator("attendees")
    @classmethod
    def _someone(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError(ATTENDEE_NEEDED)
        return v

    @model_validator(mode="after")
    def _named_and_unique(self):
        if not self.name:
            self.name = default_name(self.date)
        ids = [d.id for d in self.decisions]
        if len(set(ids)) != len(ids):
            raise ValueError("two decisions share the same id")
        return self

    def answered(self) -> int:
        return sum(1 for f in PROMPT_FIELDS if getattr(self, f))


class ReviewDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    reviews: list[Review] = Field(default_factory=list, max_length=MAX_REVIEWS, title="reviews")

    @model_validator(mode="after")
    def _unique_ids(self):
        ids = [r.id for r in self.reviews]
        if len(set(ids)) != len(ids):
            raise ValueError("two reviews share the same id")
        decisions = [d.id for r in self.reviews for d in r.decisions]
        if len(set(decisions)) != len(decisions):
            raise ValueError("two decisions share the same id")
        return self

    def review(self, review_id: str) -> Review | None:
        return next((r for r in self.reviews if r.id == review_id), None)


def default_name(on: date) -> str:
    return f"{REVIEW_MONTHS}-month review, {on.strftime('%b %Y')}"


def newest_first(doc: ReviewDoc) -> list[Review]:
    """Reviews by date, the latest first (as entered for the same date)."""
    return [r for _, r in sorted(enumerate(doc.reviews), key=lambda p: (p[1].date, p[0]), reverse=True)]


def with_review(doc: ReviewDoc, review: Review) -> ReviewDoc:
    """The document with this review replaced (same id) or added."""
    rows = [review if r.id == review.id else r for r in doc.reviews]
    if not any(r.id == review.id for r in doc.reviews):
        rows.append(review)
    return ReviewDoc.model_validate({**doc.model_dump(mode="python"), "reviews": [r.model_dump() for r in rows]})


# ----------------------------------------------------------------------------------------------
# dates

def add_months(d: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it has no such day (31 Aug + 6 -> 28/29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - date.resolution).day
    return date(year, month, min(d.day, last))


def next_review_due(doc: ReviewDoc | None, target_launch: date | None, plan_started: date) -> date:
    """Six months after the latest review; before any review, six months after the target launch (or after the plan
    was started when there is no launch date)."""
    if doc is not None and doc.reviews:
        return add_months(max(r.date for r in doc.reviews), REVIEW_MONTHS)
    return add_months(target_launch or plan_started, REVIEW_MONTHS)


def date_problems(doc: ReviewDoc, plan_started: date) -> list[str]:
    """Reviews dated before the plan existed, in plain words (the page refuses the save)."""
    return [f"The review \u201c{r.name}\u201d is dated {fmt_date(r.date)}, before this plan was started on "
            f"{fmt_date(plan_started)}: check the date." for r in doc.reviews if r.date < plan_started]


def roster_problems(doc: ReviewDoc, roster_ids: Collection[str], action_plan: Any = None) -> list[str]:
    """Owners removed from the team, of decisions still waiting for the action plan, in plain words. (Attendees are
    history: a person who attended and left the team since stays on the record.)"""
    roster = set(roster_ids)
    return [f"\u201c{r.name}\u201d, decision \u201c{d.text[:60]}\u201d: its owner was removed from the team. Choose "
            "someone on the team, or leave the owner empty." for r in doc.reviews for d in r.decisions
            if d.owner and d.owner not in roster and decision_state(d, action_plan) == NOT_IN_PLAN]


def started_on(view: Any) -> date:
    """The day the plan was started (its row's creation time); today when the view does not know it."""
    row = getattr(view, "row", None)
    iso = getattr(row, "created_at", "") or ""
    try:
        return datetime.fromisoformat(iso).date()
    except ValueError:
        return date.today()


# ----------------------------------------------------------------------------------------------
# decisions and the action plan

def finding_id(decision: Decision) -> str:
    return decisions.finding_id(KIND, decision)


def decision_state(decision: Decision, action_plan: Any) -> str:
    """In the action plan, no action needed, or not in the action plan yet."""
    return decisions.state(KIND, decision, action_plan)


def decision_finding(review: Review, decision: Decision) -> Finding:
    return Finding(finding_id(decision), KIND, f"A decision of the {review.name} is not in the action plan yet: "
                                               f"{decision.text}", "should_fix", item=review.id, action=decision.text,
                   owner_id=decision.owner or "", due=decision.due, area=f"Six-month review: {review.name}")


def open_decisions(doc: ReviewDoc | None, action_plan: Any) -> list[tuple[Review, Decision]]:
    """Decisions that need an action and have none in the action plan yet, newest review first."""
    if doc is None:
        return []
    return [(r, d) for r in newest_first(doc) for d in r.decisions if decision_state(d, action_plan) == NOT_IN_PLAN]


def findings(doc: ReviewDoc | None, action_plan: Any, target_launch: date | None, plan_started: date,
             today: date) -> list[Finding]:
    out = [decision_finding(r, d) for r, d in open_decisions(doc, action_plan)]
    due = next_review_due(doc, target_launch, plan_started)
    if due < today:
        out.append(Finding(f"{KIND}:overdue", KIND, f"The six-month review was due on {fmt_date(due)}: hold it and "
                                                     "record it here.", "should_fix",
                           action="Hold the six-month review of the program and record it in the workbook.",
                           owner_role="CIT lead", area="Six-month review"))
    return out


def _findings(view) -> list[Finding]:
    return findings(view.doc(KIND), view.doc(ACTION_PLAN_KIND), view.meta.target_launch, started_on(view),
                    date.today())


# ----------------------------------------------------------------------------------------------
# progress, the history line, the PDF

def progress(doc: ReviewDoc | None) -> str:
    if doc is None or not doc.reviews:
        return NOT_STARTED
    if any(r.decisions or r.answered() == len(PROMPTS) for r in doc.reviews):
        return COMPLETE
    return IN_PROGRESS


def describe(doc: ReviewDoc) -> str:
    if not doc.reviews:
        return "no reviews yet"
    latest = newest_first(doc)[0]
    n = len(doc.reviews)
    decisions = sum(len(r.decisions) for r in doc.reviews)
    return (f"{n} review{'s' if n != 1 else ''}, latest {latest.name} ({fmt_date(latest.date)}); "
            f"{decisions} decision{'s' if decisions != 1 else ''}")


def _names(ids: list[str], people: Mapping[str, str] | None) -> str:
    return ", ".join(owner_label(p, people) for p in ids) or "Nobody recorded"


def record_blocks(review: Review, people: Mapping[str, str] | None, action_plan: Any = None) -> list:
    """One review as PDF blocks: when, who, each revisit prompt, what went well and what to change, decisions."""
    blocks: list = [KeyValues((("Date", fmt_date(review.date)), ("Attendees", _names(review.attendees, people)),
                               ("Prompts answered", f"{review.answered()} of {len(PROMPTS)}")))]
    for p in PROMPTS:
        blocks.append(Heading(p.label, level=3))
        answer = getattr(review, p.field)
        blocks.append(Para(answer) if answer else Para("Not discussed.", style="muted"))
    for label, text in (("What went well", review.went_well), ("What to change", review.to_change)):
        blocks.append(Heading(label, level=3))
        blocks.append(Para(text) if text else Para("Nothing recorded.", style="muted"))
    blocks.append(Heading("Decisions", level=3))
    if not review.decisions:
        blocks.append(Para("No decisions recorded.", style="muted"))
    else:
        blocks.append(Table(("Decision", "Owner", "Due", "Action plan"),
                            tuple((d.text, owner_label(d.owner, people), fmt_date(d.due, "No due date"),
                                   decision_state(d, action_plan)) for d in review.decisions),
                            widths=(5.0, 1.8, 1.3, 1.6)))
    return blocks


def record_section(doc: ReviewDoc, review_id: str, people: Mapping[str, str] | None,
                   action_plan: Any = None, revision: int | None = None) -> Section:
    """One review's record (the review packet). Raises KeyError for an unknown review."""
    review = doc.review(review_id)
    if review is None:
        raise KeyError(review_id)
    return Section(f"Review record: {review.name}", tuple(record_blocks(review, people, action_plan)), revision)


def report_section(doc: ReviewDoc, revision: int | None = None, people: Mapping[str, str] | None = None,
                   action_plan: Any = None, next_due: date | None = None) -> Section:
    """Every review, newest first, after the date the next one is due."""
    blocks: list = [Para("Every six months the team revisits its vision, its clinical workflow, its action plan and "
                         "the principles of care, plans training for new people and sets next year's targets. "
                         "Decisions that need doing go to the action plan.")]
    if next_due is not None:
        blocks.append(Para(f"Next review due: {fmt_date(next_due)}."))
    if not doc.reviews:
        blocks.append(Para("No review recorded yet.", style="muted"))
    for r in newest_first(doc):
        blocks.append(Heading(r.name))
        blocks += record_blocks(r, people, action_plan)
    return Section(TITLE, tuple(blocks), revision)


def _report(view) -> Section:
    doc = view.doc(KIND) or ReviewDoc()
    return report_section(doc, view.version(KIND) or None, view.people(), view.doc(ACTION_PLAN_KIND),
                          next_review_due(doc, view.meta.target_launch, started_on(view)))


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="review",
    holds="Milestones, comparison of any two, score trends, the review record and decisions.",
    icon=":material/history:", doc=ReviewDoc,
    progress=lambda v: progress(v.doc(KIND)),
    findings=_findings,
    report=_report,
    describe=describe,
)
