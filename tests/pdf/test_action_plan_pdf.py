"""Action plan PDF: landscape, grouped by step, owners by name, overdue in words, hostile text, 300 actions."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from planning import plans, reports
from planning.report import REPLACEMENT, Report, build_pdf
from tests.conftest import HOSTILE, pdf_pages, pdf_text
from worksheets import action_plan as ap
from worksheets.content import Para, Section
from worksheets.team import TeamDoc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TODAY = date(2027, 1, 20)
LETTER_LANDSCAPE = (792.0, 612.0)  # 11 x 8.5 inches in points
LETTER_PORTRAIT = (612.0, 792.0)


def fixture_doc() -> ap.ActionPlanDoc:
    return ap.ActionPlanDoc.model_validate(json.loads((FIXTURES / "action_plan_v1.json").read_text("utf-8")))


def team() -> TeamDoc:
    return TeamDoc.model_validate(json.loads((FIXTURES / "team_v1.json").read_text("utf-8")))


def flat(text: str) -> str:
    return " ".join(text.split())


def sizes(data: bytes) -> set[tuple[float, float]]:
    return {(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(data)).pages}


def save_plan(store, plan_id, doc: ap.ActionPlanDoc) -> None:
    plans.save_doc(store, plan_id, team(), 0, "Tester")
    plans.save_doc(store, plan_id, doc, 0, "Tester")


def test_action_plan_pdf_is_landscape_and_other_pdfs_stay_portrait(store, plan_id):
    save_plan(store, plan_id, fixture_doc())
    assert sizes(reports.action_plan_pdf(store, plan_id, as_of=TODAY)) == {LETTER_LANDSCAPE}
    assert sizes(reports.worksheet_pdf(store, plan_id, "team")) == {LETTER_PORTRAIT}
    assert sizes(build_pdf(Report("T", "P", "C", (Section("S", (Para("x"),)),)))) == {LETTER_PORTRAIT}


def test_pdf_groups_by_step_with_owners_dates_status_and_source(store, plan_id):
    save_plan(store, plan_id, fixture_doc())
    text = flat(pdf_text(reports.action_plan_pdf(store, plan_id, as_of=TODAY)))
    assert "Action plan (revision 1)" in text and "Test plan · Lakeside Clinic" in text
    assert "8 actions: 4 not started, 2 in progress, 1 done, 1 dropped. 2 overdue on 20 Jan 2027." in text
    # steps in order, the action without a step last (the subtitle also names Step 2: look below it)
    body = text[text.index("Document: Action plan"):]
    positions = [body.index(h) for h in ("Step 1 · Lay the Foundation", "Step 2 · Plan for Clinical Practice Change",
                                         "Step 4 · Launch Your Care", "No step chosen")]
    assert positions == sorted(positions)
    assert "Step 3 · Build Your Clinical Skills" not in body  # no action in step 3: no empty table
    # owners by name (roster label), never by id
    assert "Maria Okafor (Practice manager)" in text and "Tom Becker (Billing supervisor)" in text
    assert "a1f3c9e2b701" not in text and "No owner yet" in text
    assert "15 Jan 2027" in text and "Done 20 Nov 2026" in text  # "Done" over the date and "Dropped" in text
    assert "From a finding" in text and "Added by hand" in text
    assert "Barriers: The county group can only offer Tuesday afternoons." in text
    assert "We rate the last items together at the December meeting" in text  # a dismissed suggestion


def test_overdue_is_said_in_words_not_only_colour(store, plan_id):
    save_plan(store, plan_id, fixture_doc())
    text = flat(pdf_text(reports.action_plan_pdf(store, plan_id, as_of=TODAY)))
    # on 20 Jan 2027: ap06 (due 15 Dec 2026) is 36 days late, ap01 (due 15 Jan 2027) 5 days late
    assert "OVERDUE: 2 actions past the due date." in text
    assert "15 Dec 2026 OVERDUE by 36 days" in text and "15 Jan 2027 OVERDUE by 5 days" in text
    assert "OVERDUE: 36 days" in text
    # a month earlier nothing is overdue yet (ap06 due 15 Dec is the first)
    early = flat(pdf_text(reports.action_plan_pdf(store, plan_id, as_of=date(2026, 12, 15))))
    assert "OVERDUE by" not in early and "OVERDUE:" not in early and "None overdue on 15 Dec 2026." in early


def test_empty_action_plan_says_what_to_do(store, plan_id):
    text = flat(pdf_text(reports.action_plan_pdf(store, plan_id, as_of=TODAY)))
    assert "Action plan (not saved yet)" in text and "No actions yet." in text


def test_hostile_text_builds_and_prints_literally():
    doc = ap.ActionPlanDoc.model_validate({"actions": [
        {"id": "h1", "step": 2, "action": HOSTILE, "goal": HOSTILE, "area": HOSTILE, "owner": "p1",
         "resources": HOSTILE, "barriers": HOSTILE, "due": "2027-01-01", "source": "readiness:item:B2"}],
        "dismissed": {"x:y": {"reason": HOSTILE, "by": HOSTILE, "at": "2027-01-02T10:00:00Z", "text": HOSTILE}}})
    section = ap.report_section(doc, 3, people={"p1": HOSTILE}, today=TODAY)
    data = build_pdf(Report("Action plan", HOSTILE, HOSTILE, (section,), landscape=True))
    text = pdf_text(data).replace("\n", " ")
    assert "<b>unclosed & <script>x</script> Győr" in text
    assert REPLACEMENT in text and "中文" not in text  # not in the font: replaced visibly


def test_three_hundred_actions_build_on_numbered_landscape_pages():
    people = {f"p{i}": f"Person {i}" for i in range(12)}
    doc = ap.ActionPlanDoc.model_validate({"actions": [
        {"id": f"a{i:03d}", "step": 1 + i % 5, "action": f"Action number {i}: " + "do the thing " * (i % 7),
         "area": f"Area {i % 9}", "owner": f"p{i % 12}", "start": "2026-11-01",
         "due": date(2027, 1 + i % 12, 1 + i % 28).isoformat(),
         "status": ap.STATUSES[i % 4], "done_on": "2027-01-10" if i % 4 == 2 else None,
         "barriers": "Waiting on IT" if i % 3 == 0 else ""} for i in range(300)]})
    section = ap.report_section(doc, 12, people=people, today=TODAY)
    data = build_pdf(Report("Action plan", "Big plan", "Clinic", (section,), as_of=TODAY, landscape=True))
    n = pdf_pages(data)
    assert n > 10 and sizes(data) == {LETTER_LANDSCAPE}
    text = flat(pdf_text(data))
    assert f"Page {n} of {n}" in text
    assert "Action number 0:" in text and "Action number 299:" in text
    assert "300 actions: 75 not started, 75 in progress, 75 done, 75 dropped." in text


def test_inside_the_step_pdf_the_action_plan_pages_are_landscape_and_the_others_portrait(store):
    # Its ten columns split rows across pages on a portrait page, so the action plan turns its pages sideways in
    # the Step 2 PDF as in its own; the readiness-style worksheets around it stay portrait.
    pid = plans.open_example(store, "Ann")
    reader = PdfReader(io.BytesIO(reports.step_pdf(store, pid, 2)))
    sideways = {i for i, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height}
    action_pages = {i for i, page in enumerate(reader.pages) if "Document: Action plan" in page.extract_text()}
    tracking_pages = {i for i, page in enumerate(reader.pages) if "Document: Tracking system" in page.extract_text()}
    assert action_pages and action_pages <= sideways
    assert tracking_pages and not tracking_pages & sideways
