"""Decisions taken in a six-month review or a planning meeting, and how each reaches the action plan.

A decision that needs doing is a finding (``<worksheet>:decision:<decision id>``, should fix) carrying the owner and
due date agreed with it, so the action plan's inbox offers it pre-filled; it is gone once the action plan has an
action made from it, or once the team marks it "no action needed". Both worksheets share this row and this rule;
each words its own finding.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field, field_validator

from worksheets.action_plan import action_for
from worksheets.base import StrictModel, blank, date_cell, new_row_id, none_if_blank, required_cell

TEXT_MAX = 2000
IN_PLAN, NO_ACTION, NOT_IN_PLAN = "In the action plan", "No action needed", "Not in the action plan yet"


class Decision(StrictModel):
    id: str = Field(default_factory=new_row_id, min_length=1, max_length=40, title="row id")
    text: str = Field(max_length=TEXT_MAX, title="decision")
    owner: str | None = Field(default=None, max_length=40, title="owner")
    due: date | None = Field(default=None, title="due date")
    no_action: bool = Field(default=False, title="no action needed")

    _text_given = field_validator("text", mode="before")(staticmethod(required_cell(
        "write the decision: what the team agreed to do, in a few words")))
    _owner = field_validator("owner", mode="before")(staticmethod(none_if_blank))
    _due = field_validator("due", mode="before")(staticmethod(date_cell))

    @field_validator("no_action", mode="before")
    @classmethod
    def _flag(cls, v: Any) -> Any:
        return False if blank(v) else v  # an empty editor cell is "no"


def finding_id(kind: str, decision: Decision | str) -> str:
    return f"{kind}:decision:{decision if isinstance(decision, str) else decision.id}"


def state(kind: str, decision: Decision, action_plan: Any) -> str:
    """IN_PLAN, NO_ACTION or NOT_IN_PLAN: where the decision stands against the plan's action plan document."""
    if decision.no_action:
        return NO_ACTION
    if action_plan is not None:
        if action_for(action_plan, finding_id(kind, decision)) is not None:
            return IN_PLAN
    return NOT_IN_PLAN
