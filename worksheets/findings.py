"""Findings: what the plan still lacks, as data rather than strings.

Every worksheet declares its findings (a readiness item not in place, a missing core role, a scenario that
loses money). Step overviews, Home, the action plan's suggested-actions inbox, the launch gate, meeting
agendas and review comparisons all read the same findings, so a gap is described once.

A finding has a stable id (the same gap keeps the same id from one save to the next, so the inbox remembers
that it was accepted or dismissed, and a fix followed by a relapse is recognised as the same gap), a plain
sentence, a severity, and the page and item that fix it. It disappears when its cause is fixed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Severity = Literal["blocker", "should_fix", "note"]
SEVERITIES: tuple[Severity, ...] = ("blocker", "should_fix", "note")
SEVERITY_LABELS: dict[str, str] = {
    "blocker": "Blocker before launch",
    "should_fix": "Should fix",
    "note": "Note",
}


@dataclass(frozen=True)
class Finding:
    id: str  # stable: "<worksheet kind>:<what>", e.g. "readiness:item:B2", "team:missing-role:cit-lead"
    worksheet: str  # the kind of the worksheet whose page fixes it
    text: str  # one plain sentence a busy clinician understands
    severity: Severity
    item: str = ""  # the item on that page that fixes it ("B2"), "" for the page as a whole
    action: str = ""  # a suggested action, written as something to do ("Set up a registry for ...")
    owner_role: str = ""  # the roster role that usually owns the fix, when it is obvious ("CIT lead")
    area: str = ""  # a short area name for the action plan ("Readiness: Registry and data")
    details: tuple[str, ...] = ()  # every item the sentence sums up ("S2 · Sign the consultant agreement", ...)
    owner_id: str = ""  # a roster person already named for the fix (a decision taken in a review or meeting)
    due: date | None = None  # a due date already agreed (a decision's), used instead of the worked-out one

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if not self.id.startswith(f"{self.worksheet}:"):
            raise ValueError(f"a finding id starts with its worksheet kind: {self.id!r}")

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def by_severity(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """Blockers first, then should-fix, then notes; the worksheet's own order within each."""
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))
