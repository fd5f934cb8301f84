"""The 36-month budget in a PDF: the tornado chart (a vector drawing) and the budget's blocks, read back as text."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from planning.report import Report, build_pdf
from tests.conftest import pdf_text
from tests.unit.test_projection import simple
from worksheets import projection as pj
from worksheets.content import Section, Tornado

LITERAL = "<b>unclosed & <script>x</script> Győr"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_a_tornado_block_renders_with_its_labels_values_and_notes():
    block = Tornado(
        title="What moves the year-2 net most",
        value_label="Year-2 net (months 13-24)",
        base=1200.0,
        labels=("New patients a month", "Care manager salary", LITERAL, "Overhead"),
        low=(240.0, 1920.0, 900.0, 1200.0),
        high=(2160.0, 480.0, 1500.0, 1200.0),
        low_text=("1.6", "$2,880", "x 0.8", "0%"),
        high_text=("2.4", "$4,320", "x 1.2", "0%"),
        base_label="Today's inputs: $1,200",
        low_name="Input 20% lower", high_name="Input 20% higher",
        notes=("Each input moves 20% down and 20% up on its own.",),
    )
    text = pdf_text(build_pdf(Report("Tornado", "Plan", "Clinic", (Section("Budget", (block,)),))))
    folded = flat(text)
    for label in ("What moves the year-2 net most", "New patients a month", "Care manager salary", LITERAL,
                  "Overhead", "Input 20% lower", "Input 20% higher", "Today's inputs: $1,200",
                  "Year-2 net (months 13-24)", "Each input moves 20% down and 20% up on its own."):
        assert label in folded, label
    for value in ("1.6", "2.4", "$2,880", "$4,320", "x 0.8", "x 1.2"):
        assert value in folded, value
    assert "0% to 0%: no change" in folded  # an input that cannot move is still listed
    assert "$1.5k" in folded and "$2k" in folded  # axis ticks between thousands are not rounded to the next one


def test_the_budget_blocks_and_the_landscape_36_month_table_read_back():
    inputs = simple()
    p = pj.project(inputs)
    report = Report("Sustainment plan", "Plan", "Clinic", (
        Section("36-month budget", pj.report_blocks(inputs, "Base case")),
        Section("Month by month", (pj.cash_flow_table(p),), landscape=True),
    ))
    data = build_pdf(report)
    folded = flat(pdf_text(data))
    assert "36-month budget: Base case" in folded
    assert "Payback month Month 10" in folded
    assert "Pays back in month 10" in folded  # the payback month marked on the cash flow chart
    assert "20-40% of the caseload target in the first 90 days (April Health, 2026; a vendor figure)" in folded
    assert "median $160,000 per clinic" in folded and "Path Forward, 2023" in folded
    assert "Break-even share of billable months (at the planned caseload)" in folded
    assert "What moves the year-2 net most: each input 20% lower and 20% higher" in folded
    assert "Today's inputs: $1,200" in folded
    # the 36-month table: month 1 earns $100.00 and costs $750.00 (start-up included); month 36 ends at $2,650
    assert "$100.00 $100.00 $750.00 -$650.00 -$650.00" in folded
    assert "36 3 2 6 $400.00 $400.00 $300.00 $100.00 $2,650" in folded
    pages = PdfReader(io.BytesIO(data)).pages
    assert float(pages[-1].mediabox.width) > float(pages[-1].mediabox.height)  # the table's pages are sideways
