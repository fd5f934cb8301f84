"""The launch gate (Step 4): Go or Not yet, derived from the whole plan, never typed.

Every finding of severity "blocker" in the plan stands in the way of launch (a core role without a person, a
readiness domain under 50%, no registry decision, an incomplete suicide-risk protocol, the care manager's required
training not done, the consent script, care-team flyer or patient safety plan not ready, no monitoring metric
with a target). The gate
adds two checks of its own that are not findings elsewhere, so they do not crowd the action plan's inbox twice:
the administrative items required before launch that are not done (one line for all of them; each item is already
a finding of its own), and readiness domains nobody has rated (the gate cannot tell whether they are ready).

The lead may record an override (a reason and a name; it is kept in the history like any save). Decisions where
the issue was silent:
- An override covers the blockers open when it was recorded. A blocker that appears later is not covered: the
  gate says Not yet again and names what is new, so an old override never hides a new problem.
- A blocker fixed after an override simply goes; the override stays on record until the lead withdraws it.
- The gate's own document holds only the override; everything else is computed each time the page or a PDF reads
  the plan.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from worksheets import admin_readiness as ar
from worksheets import readiness as rd
from worksheets.base import StrictModel, WorksheetDoc, fmt_date
from worksheets.checklist import score
from worksheets.content import Bullets, Heading, KeyValues, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import COMPLETE, IN_PROGRESS, NOT_STARTED, WorksheetSpec

KIND = "launch_gate"
TITLE = "Launch gate"

GO, GO_OVERRIDE, NOT_YET = "go", "go-override", "not-yet"
State = Literal["go", "go-override", "not-yet"]
STATE_LABELS: dict[str, str] = {GO: "Go", GO_OVERRIDE: "Go (override)", NOT_YET: "Not yet"}
REASON_MIN = 20  # characters: a reason a reader at the six-month review can understand


class Override(StrictModel):
    reason: str = Field(min_length=1, max_length=2000, title="reason")
    by: str = Field(min_length=1, max_length=120, title="name")
    on: date = Field(title="date")
    covers: list[str] = Field(default_factory=list, max_length=500, title="blockers covered")  # finding ids

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if len(v.strip()) < REASON_MIN:
            raise ValueError(f"write the reason in a sentence (at least {REASON_MIN} characters), so the team can "
                             "understand it at the next review")
        return v


class LaunchGateDoc(WorksheetDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = TITLE

    schema_version: Literal[1] = 1
    override: Override | None = Field(default=None, title="override")


# ----------------------------------------------------------------------------------------------
# the gate

@dataclass(frozen=True)
class Gate:
    state: State
    blockers: tuple[Finding, ...]  # every blocker open now, the gate's own checks included
    override: Override | None
    uncovered: tuple[Finding, ...]  # blockers the override does not cover (all of them without an override)

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def go(self) -> bool:
        return self.state != NOT_YET

    @property
    def detail(self) -> str:
        """The sentence without its opening "Go:" or "Not yet:", for places that show the label already."""
        return self.sentence().split(": ", 1)[1]

    def sentence(self) -> str:
        """The gate in one sentence, for Home, the step overviews and the PDF."""
        n = len(self.blockers)
        if self.state == GO:
            return "Go: nothing in the plan stands in the way of launch."
        if self.state == GO_OVERRIDE:
            assert self.override is not None
            return (f"Go, by override: {self.override.by} recorded on {fmt_date(self.override.on)} that the clinic "
                    f"launches with {_plural(n, 'blocker')} still open.")
        new = len(self.uncovered)
        if self.override is not None and new < n:
            return (f"Not yet: {_plural(new, 'blocker')} appeared after the override of "
                    f"{fmt_date(self.override.on)} and {'is' if new == 1 else 'are'} not covered by it.")
        return f"Not yet: {_plural(n, 'blocker')} {'stands' if n == 1 else 'stand'} between the clinic and launch."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def own_checks(view) -> list[Finding]:
    """The gate's checks that are not blocker findings elsewhere: required administrative items not done (one line),
    and readiness domains nobody has rated."""
    out: list[Finding] = []
    admin = view.doc(ar.KIND) or ar.AdminReadinessDoc()
    open_required = ar.required_not_done(admin)
    if open_required:
        first = ar.item(open_required[0]).text.rstrip(".")
        out.append(Finding(
            f"{ar.KIND}:gate:required", ar.KIND,
            f"{_plural(len(open_required), 'administrative item')} required before launch "
            f"{'is' if len(open_required) == 1 else 'are'} not done"
            + (f": {first}." if len(open_required) == 1 else f", starting with: {first}."), "blocker",
            action="Finish the administrative items required before launch, or mark those that do not apply.",
            owner_role=ar.DEFAULT_OWNER_ROLE, area=ar.TITLE,
            details=tuple(f"{i} · {ar.item(i).text}" for i in open_required)))
    ready = view.doc(rd.KIND) or rd.ReadinessDoc()
    unrated = [d.title for d in score(ready).domains if d.percent is None]
    if unrated:
        out.append(Finding(
            f"{rd.KIND}:gate:unrated", rd.KIND,
            f"Readiness not rated yet in {_plural(len(unrated), 'domain')} ({', '.join(unrated)}), so the gate "
            f"cannot tell whether the clinic is ready there.", "blocker",
            action="Rate the readiness checklist with the implementation team.", owner_role="CIT lead",
            area="Readiness"))
    return out


def evaluate(view, doc: LaunchGateDoc | None = None, found: list[Finding] | None = None) -> Gate:
    """The gate as of the view: every blocker finding in the plan plus the gate's own checks, and the override.
    ``found``: the plan's findings when the caller has them already (Home reads them for its counts)."""
    doc = doc if doc is not None else (view.doc(KIND) or LaunchGateDoc())
    found = view.findings() if found is None else found
    blockers = tuple(f for f in found if f.severity == "blocker") + tuple(own_checks(view))
    override = doc.override
    covered = set(override.covers) if override else set()
    uncovered = tuple(f for f in blockers if f.id not in covered)
    if not blockers:
        state: State = GO
    elif override is not None and not uncovered:
        state = GO_OVERRIDE
    else:
        state = NOT_YET
    return Gate(state, blockers, override, uncovered)


def override_problems(error) -> list[str]:
    """An override refused, in words a lead acts on (a pydantic ValidationError from with_override)."""
    out = []
    for e in error.errors():
        where = e["loc"][0] if e["loc"] else ""
        if where == "reason":
            out.append("Write why the clinic launches with these blockers open, in a sentence or two (at least "
                       f"{REASON_MIN} characters): what is still open, why it is safe, and when it will be fixed.")
        elif where == "by":
            out.append("Write the name of the person who decides to launch anyway (usually the CIT lead).")
        else:
            out.append(str(e["msg"]))
    return list(dict.fromkeys(out))


def with_override(reason: str, by: str, on: date, gate: Gate) -> LaunchGateDoc:
    """The document after the lead records an override of the blockers open now."""
    return LaunchGateDoc(override=Override(reason=reason, by=by, on=on, covers=[f.id for f in gate.blockers]))


# ----------------------------------------------------------------------------------------------
# progress, history, report

def progress(view) -> str:
    """Complete when the gate says Go (with or without an override); not started while the plan has nothing saved;
    in progress otherwise."""
    if not any(view.version(k) for k in ("team", "readiness", "workflow", "tracking", "admin_readiness")):
        return NOT_STARTED
    return COMPLETE if evaluate(view).go else IN_PROGRESS


def describe(doc: LaunchGateDoc) -> str:
    o = doc.override
    if o is None:
        return "No override"
    return f"Override by {o.by} on {fmt_date(o.on)} ({_plural(len(o.covers), 'blocker')} covered)"


def report_section(view, revision: int | None = None) -> Section:
    """The state in one sentence, the override if any, and every blocker with the page that fixes it."""
    gate = evaluate(view)
    blocks: list = [Para(f"{gate.label.upper()}. {gate.detail[:1].upper()}{gate.detail[1:]}",
                         style="body" if gate.go else "warning")]
    if gate.override is not None:
        o = gate.override
        blocks.append(KeyValues((("Override recorded by", o.by), ("On", fmt_date(o.on)), ("Reason", o.reason),
                                 ("Blockers it covered", str(len(o.covers))))))
    covered = set(gate.override.covers) if gate.override else set()
    rows = tuple((str(i), f.text, view.title(f.worksheet),
                  "Covered by the override" if f.id in covered else "Open")
                 for i, f in enumerate(gate.blockers, 1))
    blocks.append(Table(("#", "What stands in the way", "Fix it on", "State"), rows, widths=(0.4, 4.3, 1.9, 1.4),
                        caption="Blockers"))
    for i, f in enumerate(gate.blockers, 1):
        if len(f.details) > 1:
            blocks.append(Heading(f"Blocker {i} in full: {view.title(f.worksheet)}", 3))
            blocks.append(Bullets(f.details))
    blocks.append(Para("The gate is worked out from the whole plan each time it is read: it says Go when no "
                       "blocker is open. Blockers come from the worksheets (a missing core role, a readiness domain "
                       "under 50%, no registry decision, the suicide-risk protocol, the care manager's required "
                       "training, the consent script, care-team flyer and patient safety plan, a monitoring metric "
                       "with a target) and from the administrative items required before launch.", style="muted"))
    return Section(TITLE, tuple(blocks), revision,
                   version_note="" if revision else "worked out from the whole plan; no override recorded")


SPEC = WorksheetSpec(
    kind=KIND, title=TITLE, url_path="launch-gate",
    holds="Go or not yet, with every blocker linked to the page that fixes it.", icon=":material/flag:",
    doc=LaunchGateDoc, progress=progress, derived=True,
    report=lambda v: report_section(v, v.version(KIND) or None), describe=describe,
)
