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
    assert f"The active scenario loses {fm.money(-base.net.annual)} a year" in folded
    assert "Medicaid (state plan and managed care)" in folded


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
