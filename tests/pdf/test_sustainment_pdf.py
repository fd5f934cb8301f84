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
    assert "36 to 85 minutes in the first month on its own" in folded
    assert "31 to 75 minutes in a later month on its own" in folded
    assert "16 to 35 minutes in a first month, 16 to 30 in a later month" in folded
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


FIXTURE_V3 = Path(__file__).resolve().parent.parent / "fixtures" / "sustainment_v3.json"


def test_pdf_lets_a_finance_officer_rebuild_the_budget(store, plan_id):
    """Issue 9: inputs, rates with year and source, payers by code, psychotherapy, capacity, the 36-month table on
    landscape pages, break-even three ways, the tornado and the published references."""
    data = json.loads(FIXTURE_V3.read_text(encoding="utf-8"))
    plans.save_doc(store, plan_id, su.SustainmentDoc.model_validate(data), 0, "Maria Okafor")
    pdf = reports.worksheet_pdf(store, plan_id, "sustainment")
    folded = flat(pdf_text(pdf))
    # rates: the 2026 amounts are placeholders and say so; the 2025 ones carry their RVUs and conversion factor
    assert "Placeholder, not a CMS figure: the 2025 RVUs (4.49) x the CY2026 conversion factor $33.4009" in folded
    assert "4.31 RVUs x $32.3465 conversion factor" in folded  # G0512, the health-center scenario's 2025 code
    # the figures a CFO rebuilds by hand from the base case's inputs. Steady month's cost:
    #   care manager 1.0 x $68,000 x 1.30 / 12 = $88,400 / 12 = $7,366.67
    #   consultant 4 hours x $190 x 52 / 12 = $3,293.33; other staff 5 x $22 x 52 / 12 = $476.67
    #   staff $11,136.67 x 15% overhead = $1,670.50; total $12,807.17 a month, x 12 = $153,686 a year
    assert ("Total ongoing cost: $7,367 + $3,293 + $476.67 + $1,670 = $12,807 per month, $153,686 per year."
            in folded)
    # a payer's collected share, health-center scenario (2025, G0512): G0512's 70 / 60 minutes are bands 4-7:
    # first months 25 + 15 + 7 + 3 = 50%, active 15 + 10 + 5 = 30%, monitoring 5%. With 14 first, 28 active
    # (14 x 2) and 28 monitoring patient-months: 7 + 8.4 + 1.4 = 16.8 a month. Medicare's 30% = 5.04 x $139.41
    # = $702.63 allowed; collected x (1 - 0.20 x 0.60) x 0.93 = x 0.88 x 0.93 = x 0.8184 = $575.03
    assert ("Collected: $702.63 x (1 - 20% patient share x 60% of it uncollected) x 93% of claims collected = "
            "$575.03 a month." in folded)
    # the 36-month table, base case: an 8-month ramp enrolls 14 x 1/8 = 1.75 in month 1; month 1 costs $12,807.17
    # + $18,000 start-up = $30,807; with a 2-month payment lag no cash arrives in months 1 and 2, so the
    # cumulative net after month 2 is -$30,807.17 - $12,807.17 = -$43,614
    assert re.search(r"1 1 1\.75 1\.8 \$[\d,]+ \$0\.00 \$30,807 -\$30,807 -\$30,807 "
                     r"2 1 3\.5 5\.2 \$[\d,]+ \$0\.00 \$12,807 -\$12,807 -\$43,614 ", folded)
    # payers by code: Commercial pays no G-codes and caps 99494 at 1 a month
    assert "it does not pay G2214, so those months bring nothing from it" in folded
    assert "Commercial pays for at most 1 extra-time unit (99494) a month per patient." in folded
    # psychotherapy by code and the care manager minutes it takes
    assert "Psychotherapy billed on its own" in folded and "90791" in folded
    # capacity from hours, with its working
    assert "Caseload the care manager's hours carry" in folded
    assert "hours x 52 / 12 weeks x 60" in folded
    # the budget: year totals, payback, break-even three ways, tornado, references with sources
    assert "The 36-month budget, year by year" in folded
    assert "Break-even caseload (steady months)" in folded
    assert "Break-even share of billable months (at the planned caseload)" in folded
    assert "Payback month (36-month budget)" in folded
    assert "What moves the year-2 net most" in folded
    assert "median $160,000 per clinic" in folded and "Path Forward, 2023" in folded
    assert "20-40% of the caseload target in the first 90 days" in folded
    # the 36-month table: months 1 to 36 on pages turned sideways, one part per scenario
    from pypdf import PdfReader
    import io
    reader = PdfReader(io.BytesIO(pdf))
    wide = [i for i, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    assert wide, "the 36-month tables are on landscape pages"
    wide_text = flat(" ".join(reader.pages[i].extract_text() for i in wide))
    for name in ("Base case", "Health center billing, 2025 rules", "Two care managers, APCM add-ons"):
        assert f"Sustainment plan: {name}, 36 months" in wide_text
    assert "Cumulative net" in wide_text and "Cash received" in wide_text
    # the comparison explains what differs between standard and health-center billing
    assert '"Health center billing, 2025 rules" against "Base case"' in folded
    assert "It bills G0512 instead of 99492, 99493, 99494, G2214" in folded
