"""The organisation roll-up as a PDF (landscape, one row per plan, hostile text printed as typed), and the
expansion worksheet's section (where the plan came from, the ideas, the plans started from it)."""
from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from planning import expansion as pe
from planning import plans, reports
from planning import rollup as ru
from tests.conftest import HOSTILE, pdf_pages, pdf_text
from worksheets.metric_log import Entry, MetricLogDoc
from worksheets.readiness import ReadinessDoc

TODAY = date(2027, 6, 15)


def flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def _org(store) -> tuple[str, str]:
    a = plans.create_plan(store, plans.PlanMeta(name=HOSTILE, clinic="Lakeside <Clinic>", site="East",
                                                organisation=HOSTILE), "Ann")
    plans.save_doc(store, a, ReadinessDoc.model_validate({"responses": {
        "A1": {"rating": "In place"}, "A2": {"rating": "Partly"}}}), 0, "Ann")  # 3 of 4 points = 75%
    plans.save_doc(store, a, MetricLogDoc(entries=[
        Entry(month=date(2027, 5, 1), metric="active_caseload", value=42),
        Entry(month=date(2027, 5, 1), metric="new_enrollments", value=9),
        Entry(month=date(2027, 5, 1), metric="phq9_response_pct", value=47.5)]), 0, "Ann")
    b = pe.start_from(store, a, "Northside", "Lakeside Clinic", "North", "site", [], "Ann")
    return a, b


def test_the_roll_up_prints_every_plan_with_its_figures_on_landscape_pages(store):
    _org(store)
    data = ru.rollup_pdf(store, HOSTILE, today=TODAY)
    text = flat(data)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    assert "Győr" in text and "<b>unclosed" in text and "<script>x</script>" in text  # printed as typed
    assert "Lakeside <Clinic> · East" in text
    assert "2 running plans" in text and "as of 15 Jun 2027" in text
    assert "Northside" in text and "Started from <b>unclosed" in text
    assert "75%" in text
    assert "May 2027: caseload 42, 9 new, PHQ-9 response 47.5%" in text
    assert "Nothing logged" in text  # Northside has no metrics yet
    assert pdf_pages(data) == 1


def test_an_organisation_with_no_running_plan_still_prints(store):
    text = flat(ru.rollup_pdf(store, "Nobody Health", today=TODAY))
    assert "0 running plans of Nobody Health" in text and "Nothing entered yet." in text


def test_the_expansion_section_names_the_parent_the_ideas_and_the_plans_started(store):
    a, b = _org(store)
    parent = flat(reports.worksheet_pdf(store, a, "expansion"))
    assert "Plans started from this one" in parent and "Northside (new site: Northside)" in parent
    assert "Started" in parent
    child = flat(reports.worksheet_pdf(store, b, "expansion"))
    assert "Started from <b>unclosed" in child and "(as a new site)" in child
    assert "No expansion ideas written down yet." in child
