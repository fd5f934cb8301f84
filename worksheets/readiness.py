"""CoCM readiness checklist (adapted from the AIMS Center Collaborative Care Implementation Guide).

The AIMS checklist's own items are not public; these domains and items are our adaptation, grouped
by the parts of readiness a clinic can act on. Each item: Not in place / Partly / In place / Not
applicable, plus a note. Domains under 50% are flagged "address before launch".
"""
from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from worksheets.checklist import Catalog, ChecklistDoc, Domain, Item, Scale, progress, response_model, score
from worksheets.content import BarChart, Bullets, Heading, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import WorksheetSpec, saved_or_empty

KIND = "readiness"

FLAG_BELOW = 50.0
FLAG_TEXT = "Address before launch"

SCALE = Scale((("Not in place", 0), ("Partly", 1), ("In place", 2), ("Not applicable", None)))

DOMAINS = (
    Domain("A", "Leadership and vision", "Change sticks when leaders give it time, money and attention."),
    Domain("B", "Team and staffing", "Collaborative Care adds two roles to primary care; both must exist."),
    Domain("C", "Experience to build on", "Clinics that have done similar work before tend to launch faster."),
    Domain("D", "Clinical workflow", "Patients must be found, handed off and kept safe from day one."),
    Domain("E", "Data and IT", "Without a registry the team cannot see who is not getting better."),
    Domain("F", "Finance and sustainability", "Programs that cannot pay for themselves end when a grant ends."),
    Domain("G", "Space and logistics", "Small practical gaps quietly block hand-offs and case reviews."),
    Domain("H", "Culture and training", "New roles need time to learn and a team willing to work differently."),
)

ITEMS = (
    Item("A1", "A", "A senior leader sponsors the program and has committed staff time, budget and space.",
         "A sponsor can remove obstacles the team cannot remove on its own."),
    Item("A2", "A", "A CIT lead is named, with authority over the clinical and administrative areas that will change.",
         "Someone has to own the timeline and be able to make decisions stick."),
    Item("A3", "A", "A primary care provider has agreed to champion the model with colleagues.",
         "Clinicians follow a respected peer more readily than a memo."),
    Item("A4", "A", "The program is tied to the organization's mission and its quality improvement priorities.",
         "Work that serves stated goals keeps its support when budgets get tight."),
    Item("A5", "A", "Leaders accept that practice change takes several months of planning before launch.",
         "Rushing to launch is a common reason programs stall in their first year."),
    Item("B1", "B", "A behavioral health care manager is hired or budgeted, ideally close to full time for this work.",
         "Care managers with many other duties fall behind on follow-up, and outcomes slip."),
    Item("B2", "B", "A psychiatric consultant is identified and comfortable advising on a caseload they rarely see in person.",
         "Caseload-based consultation is the engine of treatment adjustment."),
    Item("B3", "B", "Primary care providers are willing to prescribe and to act on the consultant's recommendations.",
         "The treating provider stays in charge; recommendations only help if they are acted on."),
    Item("B4", "B", "Clinical supervision for the care manager is arranged.",
         "Care managers carry complex, sometimes risky caseloads and need regular support."),
    Item("C1", "C", "The clinic already works in teams (for example daily huddles or shared panels).",
         "Team habits make it easier to add new roles."),
    Item("C2", "C", "The clinic tracks a population with a registry for another condition, such as diabetes.",
         "Experience with registries transfers directly to tracking behavioral health patients."),
    Item("C3", "C", "Patients are routinely screened for depression or anxiety (PHQ-2/9, GAD-7).",
         "Screening is the usual way patients enter Collaborative Care."),
    Item("C4", "C", "Clinicians already use symptom scores to guide treatment decisions.",
         "Treating to a measured target is one of the five core principles."),
    Item("C5", "C", "The clinic has run quality improvement cycles (for example Plan-Do-Study-Act).",
         "Launching is the start of continuous improvement, not the end of planning."),
    Item("C6", "C", "Some behavioral health services are already integrated into primary care.",
         "Existing services must be mapped so the new program complements rather than competes."),
    Item("D1", "D", "There is a screening workflow: who screens, when, and what happens with a positive result.",
         "An unclear screening step means patients who need help are never referred."),
    Item("D2", "D", "A warm hand-off to the care manager is possible in person, by phone or by video.",
         "Patients introduced in the moment are far more likely to engage."),
    Item("D3", "D", "A suicide and crisis protocol exists and staff know how to use it.",
         "Screening will surface risk; staff must know what to do the same day."),
    Item("D4", "D", "Referral paths to specialty mental health and substance use care are known and working.",
         "Some patients need more than primary care can offer; the path out must be clear."),
    Item("E1", "E", "A patient tracking system (registry) has been chosen: spreadsheet, AIMS Caseload Tracker or EHR build.",
         "The registry shows who is new, who is not improving and who has not been contacted."),
    Item("E2", "E", "The psychiatric consultant can have access to the EHR.",
         "Access to medications, labs and notes leads to better, faster recommendations."),
    Item("E3", "E", "EHR templates exist or are planned for assessments and caseload review notes.",
         "Templates make documentation consistent and billing minutes easy to find."),
    Item("E4", "E", "The clinic can report program measures such as caseload size and improvement rates.",
         "What is not measured cannot be improved or defended to leaders."),
    Item("F1", "F", "The clinic can bill Collaborative Care codes (99492-99494, G2214) or the FQHC/RHC equivalent.",
         "Billing is the main way programs sustain themselves after start-up funds run out."),
    Item("F2", "F", "The payer mix of the target population is known.",
         "Which payers cover the codes, and at what rate, drives the financial model."),
    Item("F3", "F", "Start-up funds cover the months before the caseload is full.",
         "Revenue lags while the caseload builds; the gap needs a plan."),
    Item("F4", "F", "A sustainment plan considers quality, staff and patient experience as well as money.",
         "Value beyond revenue is what keeps leaders invested over the long run."),
    Item("G1", "G", "The care manager has a workspace close to the primary care providers.",
         "Being nearby makes warm hand-offs and quick questions routine."),
    Item("G2", "G", "Phone and video are available for follow-up contacts.",
         "Most follow-up in Collaborative Care happens by phone."),
    Item("G3", "G", "Time is blocked every week for the care manager and consultant to review the caseload.",
         "Weekly caseload review is required for billing and is where treatment gets adjusted."),
    Item("H1", "H", "Staff are open to new roles and to sharing care of patients across the team.",
         "Culture clashes are easier to address before launch than after."),
    Item("H2", "H", "There is time for training before launch (care manager training starts 2-3 months before the first patient).",
         "A prepared team launches with confidence and fewer workarounds."),
)

CATALOG = Catalog(DOMAINS, ITEMS, SCALE)
ReadinessResponse = response_model(SCALE, "ReadinessResponse")


class ReadinessDoc(ChecklistDoc):
    KIND: ClassVar[str] = KIND
    TITLE: ClassVar[str] = "Readiness checklist"
    CATALOG: ClassVar[Catalog] = CATALOG

    schema_version: Literal[1] = 1
    responses: dict[str, ReadinessResponse] = Field(default_factory=dict, title="items")


def flagged_domains(doc: ReadinessDoc) -> list[tuple[str, str, float]]:
    """Domains rated so far whose score is under 50%: (id, title, percent)."""
    out = []
    for d in score(doc).domains:
        if d.percent is not None and d.percent < FLAG_BELOW:
            out.append((d.domain_id, d.title, d.percent))
    return out


def gaps(doc: ReadinessDoc) -> list[tuple[str, str, str]]:
    """Items rated Not in place or Partly: (item id, text, rating). These become suggested actions."""
    return [(i.id, i.text, doc.rating(i.id)) for i in CATALOG.items
            if doc.rating(i.id) in ("Not in place", "Partly")]


def chart_data(doc: ReadinessDoc) -> tuple[tuple[str, ...], tuple[float | None, ...]]:
    """Domain labels and percentages, shared by the on-screen and the PDF chart."""
    s = score(doc)
    return (tuple(f"{d.domain_id}. {d.title}" for d in s.domains), tuple(d.percent for d in s.domains))


def domain_status(percent: float | None) -> str:
    if percent is None:
        return "Not rated yet"
    return FLAG_TEXT if percent < FLAG_BELOW else "On track"


def _items(n: int) -> str:
    return f"{n} readiness item" + ("" if n == 1 else "s")


# The role that usually owns a domain's gaps (the lead reassigns freely in the action plan).
DOMAIN_OWNER_ROLE = {"A": "CIT lead", "B": "CIT lead", "C": "CIT lead", "D": "PCP champion", "E": "CIT lead",
                     "F": "CIT lead", "G": "CIT lead", "H": "Behavioral health care manager"}


def findings(doc: ReadinessDoc) -> list[Finding]:
    """Domains under the threshold (blockers before launch), items not in place (should fix), unrated items."""
    out: list[Finding] = []
    for domain_id, title, pct in flagged_domains(doc):
        out.append(Finding(
            f"{KIND}:domain:{domain_id}", KIND, f"{title} scores {pct:.0f}% on the readiness checklist, under "
            f"{FLAG_BELOW:.0f}%: address it before launch.", "blocker", item=domain_id,
            action=f"Raise readiness in {title}: work through its items that are not in place.",
            owner_role=DOMAIN_OWNER_ROLE.get(domain_id, ""), area=f"Readiness: {title}"))
    titles = {d.id: d.title for d in CATALOG.domains}
    for item in CATALOG.items:
        if doc.rating(item.id) == "Not in place":
            out.append(Finding(
                f"{KIND}:item:{item.id}", KIND, f"Not in place yet ({item.id}): {item.text}", "should_fix",
                item=item.id, action=f"Put in place ({item.id}): {item.text}",
                owner_role=DOMAIN_OWNER_ROLE.get(item.domain, ""), area=f"Readiness: {titles[item.domain]}"))
    unrated = sum(1 for i in CATALOG.items if doc.rating(i.id) is None)
    if unrated:
        out.append(Finding(f"{KIND}:unrated", KIND, f"{_items(unrated)} not rated yet.",
                           "note", action="Rate the remaining readiness items with the implementation team.",
                           owner_role="CIT lead", area="Readiness"))
    return out


def report_section(doc: ReadinessDoc, revision: int | None = None) -> Section:
    s = score(doc)
    labels, values = chart_data(doc)
    overall = "not rated yet" if s.percent is None else f"{s.percent:.0f}%"
    blocks: list = [
        Para(f"Overall readiness: {overall} ({s.rated} of {s.total} items rated). "
             f"Scores are a share of the points possible on the items rated, leaving out those marked not applicable. "
             f"Domains under {FLAG_BELOW:.0f}% are flagged to address before launch."),
        BarChart("Readiness by domain", labels, values, maximum=100.0, unit="%", threshold=FLAG_BELOW,
                 threshold_label=f"{FLAG_BELOW:.0f}%"),
        Table(("Domain", "Score", "Rated", "Status"),
              tuple((f"{d.domain_id}. {d.title}", "-" if d.percent is None else f"{d.percent:.0f}%",
                     f"{d.rated} of {d.total}", domain_status(d.percent)) for d in s.domains),
              widths=(4, 1.2, 1.2, 2.2), caption="Domain scores"),
    ]
    flagged = flagged_domains(doc)
    if flagged:
        blocks.append(Para("Address before launch: " + "; ".join(f"{t} ({p:.0f}%)" for _, t, p in flagged) + ".",
                           style="warning"))
    for d in CATALOG.domains:
        rows = tuple((i.id, i.text, doc.rating(i.id) or "Not rated", doc.note(i.id))
                     for i in CATALOG.domain_items(d.id))
        blocks.append(Table(("Item", "What should be in place", "Rating", "Note"), rows, widths=(0.8, 5, 1.5, 3.4),
                            caption=f"{d.id}. {d.title}"))
    g = gaps(doc)
    if g:
        blocks.append(Heading("Items not fully in place"))
        blocks.append(Bullets(tuple(f"{i} ({r}): {t}" for i, t, r in g)))
    return Section(ReadinessDoc.TITLE, tuple(blocks), revision)


__all__ = ["CATALOG", "ReadinessDoc", "SCALE", "chart_data", "flagged_domains", "gaps", "progress",
           "report_section", "score", "domain_status", "findings"]


SPEC = WorksheetSpec(
    kind=KIND, title=ReadinessDoc.TITLE, url_path="readiness",
    holds="Readiness items by domain, rated Not in place / Partly / In place, with domain scores and the domains "
          "to address before launch.",
    icon=":material/fact_check:", doc=ReadinessDoc,
    progress=lambda v: progress(v.doc(KIND)),
    findings=lambda v: findings(saved_or_empty(v, ReadinessDoc)),
    report=lambda v: report_section(saved_or_empty(v, ReadinessDoc), v.version(KIND) or None),
    describe=lambda d: f"{score(d).rated} rated, overall " + ("-" if score(d).percent is None
                                                            else f"{score(d).percent:.0f}%"),
)
