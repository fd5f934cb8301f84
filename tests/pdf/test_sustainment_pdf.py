"""Sustainment plan PDF: the factors, every scenario's figures, and team text shown literally."""
from __future__ import annotations

import json
import re
from pathlib import Path

from planning import plans, reports
from tests.conftest import HOSTILE, pdf_text
from worksheets import financial_model as fm
from worksheets import sustainment as su

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sustainment_v1.json"
FIXTURE_V2 = Path(__file__).resolve().parent.parent / "fixtures" / "sustainment_v2.json"
LITERAL = "<b>unclosed & <script>x</script> Győr"  # the part of HOSTILE the fonts can draw


def flat(text: str) -> str:
    """PDF text with line breaks folded, so a phrase wrapped across lines still matches."""
    return re.sub(r"\s+", " ", text)


def riverbend(**changes) -> su.SustainmentDoc:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data.update(changes)
    return su.SustainmentDoc.model_validate(data)


def test_pdf_shows_the_factors_and_the_figures_a_finance_officer_checks(store, plan_id):
    doc = riverbend()
    plans.save_doc(store, plan_id, doc, 0, "Maria Okafor")
    text = pdf_text(reports.worksheet_pdf(store, plan_id, "sustainment"))
    folded = flat(text)
    assert "Sustainment plan" in text and "Page 1 of" in text
    for name in su.FACTOR_NAMES.values():
        assert name in folded
    assert "The COO sponsors the program" in folded
    base = fm.compute(doc.find("Base case").inputs)
    other = fm.compute(doc.find("Full caseload, more therapy visits").inputs)
    for figure in (base.total_cost.monthly, base.total_revenue.monthly, base.net.monthly, base.net.annual,
                   base.year_one_net.amount, other.net.annual):
        assert fm.money(figure) in folded
    assert fm.money(base.total_cost.monthly) == "$12,807"
    assert f"{fm.num(base.break_even.caseload, 1)} patients" in folded
    assert 'Scenario in use: "Base case"' in folded
    assert "Scenarios side by side" in folded
    assert "(\u201cBase case\u201d) loses $47,737 a year" in folded  # -$3,978.05 a month x 12, by hand
    assert "Medicaid (state plan and managed care)" in folded


def test_pdf_shows_billing_year_codes_minutes_and_rates_with_year_and_source(store, plan_id):
    data = json.loads(FIXTURE_V2.read_text(encoding="utf-8"))
    plans.save_doc(store, plan_id, su.SustainmentDoc.model_validate(data), 0, "Maria Okafor")
    folded = flat(pdf_text(reports.worksheet_pdf(store, plan_id, "sustainment")))
    # the base case bills the standard codes in 2026, with the 2025 amounts standing in
    assert "Billing year 2026; codes used: 99492, 99493, 99494, G2214." in folded
    assert "2025 (used for 2026)" in folded
    assert "36 minutes or more in the first month" in folded and "31 minutes or more in a later month" in folded
    assert "16 to 35 minutes (first month) or 16 to 30 (later months)" in folded
    assert "4.13 RVUs x $32.3465 conversion factor" in folded and "$133.59" in folded
    # the health-center scenario bills G0512 in 2025: 70 patients x 40% = 28 a month x $139.41 = $3,903.48
    assert "Billing year 2025; codes used: G0512." in folded
    assert "70 minutes or more in the first month, 60 in a later month, no rounding up" in folded
    assert "G0512 (28 a month at $139.41)" in folded and "$3,903" in folded
    assert "Medicare stopped paying G0512 on 1 January 2026" in folded


def test_hostile_scenario_name_and_note_show_literally(store, plan_id):
    doc = riverbend()
    doc = su.rename_scenario(doc, "Base case", HOSTILE)
    data = doc.model_dump(mode="json")
    data["responses"]["quality"]["note"] = HOSTILE
    plans.save_doc(store, plan_id, su.SustainmentDoc.model_validate(data), 0, "Maria Okafor")
    text = pdf_text(reports.worksheet_pdf(store, plan_id, "sustainment"))
    folded = flat(text)
    assert f"Scenario: {LITERAL}" in folded
    assert f'Scenario in use: "{LITERAL}' in folded
    assert folded.count(LITERAL) >= 4  # factor note, comparison column, scenario heading, scenario in use
    assert "\N{REPLACEMENT CHARACTER}" in text  # Chinese and emoji are marked, not dropped silently


def test_pdf_before_anything_is_saved(store, plan_id):
    text = flat(pdf_text(reports.worksheet_pdf(store, plan_id, "sustainment")))
    assert "Not started yet: nothing has been saved on this worksheet." in text
    assert "No scenarios have been entered yet." in text
    assert "Page 1 of" in text
