"""Understanding CoCM: the five core principles and the team's rating of how widely each is applied.

Adapted from the AIMS Center Collaborative Care Implementation Guide and its principles checklist.
AIMS holds that care missing any one of the five principles is not effective Collaborative Care.
Definitions and day-to-day practices are written in our own words. The rating follows the AIMS
scale: "We apply this principle for None / Some / Most-All of our patients".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from worksheets.checklist import Catalog, ChecklistDoc, Domain, Item, Scale, progress, score
from worksheets.content import BarChart, Bullets, Heading, Para, Section, Table
from worksheets.findings import Finding
from worksheets.spec import WorksheetSpec, saved_or_empty

# COMPARABLE OVER TIME: these ratings come back at every six-month review, where each saved version
# is compared with earlier ones. Keep the item ids P1..P5, the scale labels "None" / "Some" /
# "Most-All" and their points 0 / 1 / 2 exactly as they are. Wording of definitions and practices may
# be improved; changing an id, a label or a point value needs a schema_version bump and a migration
# (worksheets/base.py), or old and new ratings stop being comparable.
SCALE = Scale((("None", 0), ("Some", 1), ("Most-All", 2)))
SCALE_QUESTION = "We apply this principle for None / Some / Most-All of our patients."
NOT_RATED = "Not rated"


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    definition: str
    practices: tuple[str, ...]  # what it looks like day to day


PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        "P1", "Patient-centered team care",
        "The primary care provider and the behavioral health team work from one shared care plan that includes "
        "the patient's own goals. Patients get physical and mental health care in a place they already know, "
        "without repeating the same assessments for different providers.",
        (
            "The primary care provider introduces the care manager while the patient is still in the clinic, in "
            "person or by phone or video (a warm hand-off).",
            "Patient, primary care provider, care manager and psychiatric consultant all work from one treatment "
            "plan that each of them can see.",
            "The patient's own goals, in their own words, are written into that plan.",
            "Patients get a short introduction, such as a flyer, to who is on their care team and how the team "
            "will keep in touch.",
            "Family members or other supporters are involved when the patient wants it and it helps their care.",
        ),
    ),
    Principle(
        "P2", "Population-based care",
        "The team shares responsibility for a defined group of patients and tracks every one of them in a "
        "registry, so nobody slips through the cracks. The psychiatric consultant advises on the whole caseload "
        "regularly, not only on the patients someone happens to ask about.",
        (
            "Every enrolled patient is in a registry that the care manager updates after each contact.",
            "Patients who miss a follow-up are contacted by the team instead of waiting for them to call.",
            "The care manager and psychiatric consultant review the caseload every week, starting with new "
            "patients and those who are not getting better.",
            "The team looks at caseload reports: how many patients are enrolled, how many were contacted "
            "recently, and how many have improved.",
        ),
    ),
    Principle(
        "P3", "Measurement-based treatment to target",
        "Every care plan names personal goals and clinical outcomes that are measured routinely with validated "
        "tools such as the PHQ-9. When a patient is not improving as expected, the treatment is changed, and "
        "changed again, until the goals are reached.",
        (
            "A validated symptom measure (for example PHQ-9 or GAD-7) is taken at the first assessment as a "
            "baseline.",
            "The same measure is repeated at every contact and recorded in the registry.",
            "Each patient has a target, such as a 50% drop in symptom score; a patient who is not at least 50% "
            "better after 10 to 12 weeks on a plan is considered for a change of treatment.",
            "Side effects and whether the patient is able to follow the plan are checked at follow-up contacts.",
            "Patients who are not improving are put on the list for the next case review with the psychiatric "
            "consultant.",
        ),
    ),
    Principle(
        "P4", "Evidence-based care",
        "Patients are offered treatments with solid research evidence for the condition being treated, in forms "
        "that fit into primary care.",
        (
            "The care manager offers brief psychotherapies shown to work in primary care, such as Problem-Solving "
            "Treatment, Behavioral Activation, cognitive behavioral therapy or Interpersonal Counseling.",
            "Motivational interviewing helps patients engage in treatment and stay with it.",
            "The primary care provider prescribes psychotropic medication when it is indicated, guided by the "
            "psychiatric consultant's recommendations.",
            "New interventions are chosen for fit: short sessions of about 20 to 30 minutes, structured, quick "
            "to learn, and suitable for a diverse group of patients.",
        ),
    ),
    Principle(
        "P5", "Accountable care",
        "Providers and the program answer for the quality of care and for patients' clinical outcomes, not only "
        "for the number of visits.",
        (
            "Outcomes for each provider and for the whole program (improvement, timely follow-up, patient "
            "satisfaction) are reviewed on a set schedule.",
            "Collaborative Care measures are part of the clinic's existing quality improvement plan.",
            "What the numbers show is used to change workflows, for example through Plan-Do-Study-Act cycles.",
            "Where possible, payment or incentives are tied to quality and outcomes rather than volume.",
        ),
    ),
)

DOMAINS = (Domain("P", "The five core principles",
                  "Leave out any one of them and the care is not Collaborative Care."),)
ITEMS = tuple(Item(p.id, "P", p.title, p.definition) for p in PRINCIPLES)
CATALOG = Catalog(DOMAINS, ITEMS, SCALE)


class PrinciplesDoc(ChecklistDoc):
    KIND: ClassVar[str] = "principles"
    TITLE: ClassVar[str] = "Understanding CoCM"
    CATALOG: ClassVar[Catalog] = CATALOG

    schema_version: Literal[1] = 1


def chart_data(doc: PrinciplesDoc) -> tuple[tuple[str, ...], tuple[int | None, ...]]:
    """Principle labels and rating points (0 None, 1 Some, 2 Most-All; None = not rated).

    The on-screen chart and the PDF chart both draw from this."""
    labels = tuple(f"{p.id}. {p.title}" for p in PRINCIPLES)
    values = tuple(None if doc.rating(p.id) is None else SCALE.score(doc.rating(p.id)) for p in PRINCIPLES)
    return labels, values


def counts(doc: PrinciplesDoc) -> dict[str, int]:
    """How many principles have each rating, plus "Not rated"."""
    out = {label: 0 for label in SCALE.labels}
    out[NOT_RATED] = 0
    for p in PRINCIPLES:
        out[doc.rating(p.id) or NOT_RATED] += 1
    return out


def weak_principles(doc: PrinciplesDoc) -> list[Principle]:
    """Principles applied for none of the patients, or not rated yet."""
    return [p for p in PRINCIPLES if doc.rating(p.id) in (None, "None")]


def findings(doc: PrinciplesDoc) -> list[Finding]:
    """A principle applied for none of our patients should be fixed; unrated principles are a note."""
    kind = PrinciplesDoc.KIND
    out: list[Finding] = []
    for p in PRINCIPLES:
        r = doc.rating(p.id)
        if r == "None":
            out.append(Finding(f"{kind}:none:{p.id}", kind, f"{p.title}: applied for none of our patients yet.",
                               "should_fix", item=p.id,
                               action=f"Agree how the team will start applying “{p.title}” in daily care.",
                               owner_role="PCP champion", area="Understanding CoCM"))
    unrated = [p.title for p in PRINCIPLES if doc.rating(p.id) is None]
    if unrated:
        out.append(Finding(f"{kind}:unrated", kind, f"Not rated yet: {', '.join(unrated)}.", "note",
                           action="Rate each core principle together at the next team meeting.",
                           owner_role="CIT lead", area="Understanding CoCM"))
    return out


def describe(doc: PrinciplesDoc) -> str:
    """One line for the history table."""
    c = counts(doc)
    return f"Most-All {c['Most-All']}, Some {c['Some']}, None {c['None']}, not rated {c[NOT_RATED]}"


def report_section(doc: PrinciplesDoc, revision: int | None = None) -> Section:
    labels, points = chart_data(doc)
    c = counts(doc)
    percent = tuple(None if v is None else round(100.0 * v / SCALE.maximum, 1) for v in points)
    blocks: list = [
        Para("The five core principles define Collaborative Care: if any one is missing, the care is not "
             "Collaborative Care. The team rated how widely each one is applied today. "
             f"Rating question: \u201c{SCALE_QUESTION}\u201d"),
        Para(f"Most-All: {c['Most-All']} · Some: {c['Some']} · None: {c['None']} · not rated: {c[NOT_RATED]} "
             f"(of {len(PRINCIPLES)} principles)."),
        BarChart("How widely each principle is applied", labels, percent, maximum=100.0, unit="%"),
        Para("Bar length: None = 0%, Some = 50%, Most-All = 100%.", style="muted"),
        Table(("Principle", "Rating", "Note"),
              tuple((f"{p.id}. {p.title}", doc.rating(p.id) or NOT_RATED, doc.note(p.id)) for p in PRINCIPLES),
              widths=(3.2, 1.3, 4.5), caption="Ratings"),
    ]
    weak = weak_principles(doc)
    if weak:
        blocks.append(Para("Still to work on: " + "; ".join(
            f"{p.title} ({doc.rating(p.id) or 'not rated'})" for p in weak) + ".", style="warning"))
    blocks.append(Heading("What each principle looks like day to day", level=2))
    for p in PRINCIPLES:
        blocks.append(Heading(f"{p.id}. {p.title}", level=3))
        blocks.append(Para(p.definition))
        blocks.append(Bullets(p.practices))
    return Section(PrinciplesDoc.TITLE, tuple(blocks), revision)


__all__ = ["CATALOG", "PRINCIPLES", "Principle", "PrinciplesDoc", "SCALE", "SCALE_QUESTION", "chart_data", "counts",
           "describe", "findings", "progress", "report_section", "score", "weak_principles", "SPEC"]


SPEC = WorksheetSpec(
    kind=PrinciplesDoc.KIND, title=PrinciplesDoc.TITLE, url_path="principles",
    holds="The five core principles, what each looks like day to day, and the team's rating of how widely each "
          "is applied today.",
    icon=":material/school:", doc=PrinciplesDoc,
    progress=lambda v: progress(v.doc(PrinciplesDoc.KIND)),
    findings=lambda v: findings(saved_or_empty(v, PrinciplesDoc)),
    report=lambda v: report_section(saved_or_empty(v, PrinciplesDoc), v.version(PrinciplesDoc.KIND) or None),
    describe=describe,
)
