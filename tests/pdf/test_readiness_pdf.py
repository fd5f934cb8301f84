"""Readiness PDF: ratings, scores, page numbers, and hostile text shown literally."""
from __future__ import annotations

from datetime import date

from planning import plans, reports
from planning.report import REPLACEMENT, Report, build_pdf, drawable, markup
from tests.conftest import HOSTILE, pdf_pages, pdf_text
from worksheets import readiness as rd
from worksheets.content import BarChart, Section, Table


def _save(store, plan_id, responses):
    doc = rd.ReadinessDoc.model_validate({"responses": responses})
    return plans.save_doc(store, plan_id, doc, 0, "Ann")


def test_pdf_shows_ratings_scores_and_page_numbers(store, plan_id):
    _save(store, plan_id, {"A1": {"rating": "In place"}, "A2": {"rating": "Partly"},
                           "B1": {"rating": "Not in place", "note": "Posting the job in May"}})
    data = reports.worksheet_pdf(store, plan_id, "readiness")
    text = pdf_text(data)
    n = pdf_pages(data)
    assert n >= 2
    assert "Page 1 of %d" % n in text and "Page %d of %d" % (n, n) in text
    assert "In place" in text and "Partly" in text and "Not in place" in text
    assert "Posting the job in May" in text
    assert "Overall readiness: 50%" in text  # A: 2 + 1 of 4, B: 0 of 2 -> 3 of 6 points
    assert "Address before launch" in text


def test_hostile_note_is_shown_literally_with_visible_replacements(store, plan_id):
    _save(store, plan_id, {"A1": {"rating": "In place", "note": HOSTILE}})
    text = pdf_text(reports.worksheet_pdf(store, plan_id, "readiness")).replace("\n", " ")
    assert "<b>unclosed & <script>x</script> Győr" in text
    assert REPLACEMENT in text  # 中文 and 🎉 are not in the font: replaced, visibly
    assert "中文" not in text


def test_header_footer_carry_plan_document_revision_and_acknowledgment(store, plan_id):
    _save(store, plan_id, {"A1": {"rating": "In place"}})
    text = pdf_text(reports.worksheet_pdf(store, plan_id, "readiness", as_of=date(2027, 3, 4)))
    assert "Test plan · Lakeside Clinic" in text
    assert "Readiness checklist (revision 1)" in text
    assert "Printed 4 Mar 2027" in text
    assert "AIMS Center (2023), Collaborative Care Implementation Guide" in text
    assert "stores no patient data" in text


def test_builds_are_reproducible(store, plan_id):
    _save(store, plan_id, {"A1": {"rating": "In place"}})
    a = reports.worksheet_pdf(store, plan_id, "readiness", as_of=date(2027, 1, 1))
    b = reports.worksheet_pdf(store, plan_id, "readiness", as_of=date(2027, 1, 1))
    assert a == b


def test_long_tables_repeat_their_header_on_every_page():
    rows = tuple((str(i), f"Row {i} " + "word " * 30) for i in range(120))
    data = build_pdf(Report("Long table", "Plan", "Clinic", (Section("S", (Table(("Number", "Text"), rows),)),)))
    from pypdf import PdfReader
    import io
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 3
    assert all("Number" in p.extract_text() and "Text" in p.extract_text() for p in pages)


def test_nothing_a_user_types_breaks_a_build():
    nasty = ["<", "&", "<b>", "</para>", "<br>", "\x00\x07", "\ud800", "🎉" * 500, "a" * 20000, "<font name='x'>"]
    blocks = (Table(("A", "B"), tuple((t, t) for t in nasty)), BarChart("Chart <b>", tuple(nasty[:3]), (1, None, 3)))
    data = build_pdf(Report("T <i>", "P&Q", "<C>", (Section("S & <T>", blocks),)))
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "</para>" in text and "<font name='x'>" in text


def test_markup_escapes_and_keeps_line_breaks():
    assert markup("a < b & c\nd") == "a &lt; b &amp; c<br/>d"
    assert drawable("Győr 中") == "Győr " + REPLACEMENT
    assert drawable("👍🏽") == REPLACEMENT + REPLACEMENT


def test_pdf_metadata_has_title_author_and_language(store, plan_id):
    import io
    from pypdf import PdfReader
    data = reports.worksheet_pdf(store, plan_id, "readiness")
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Readiness checklist - Test plan"
    assert reader.metadata.author == "Dana Lee"
    assert b"/Lang" in data
    assert reader.outline and reader.outline[0].title == "Readiness checklist"


def test_charts_draw_negative_values_reference_lines_and_escape_labels():
    from worksheets.content import Chart, Mark, RefLine, Series
    chart = Chart("Net <b> & more", "Caseload", "Net per year", (Series("Net", (0, 50, 100), (-120000.0, -20000.0,
                                                                                            30000.0)),),
                  ref_lines=(RefLine("y", 0, "Break-even (net 0)"), RefLine("x", 80, "Break-even: 80 <i>")),
                  y_format="money", mark=Mark(70, -5000.0, "now 🎉"))
    text = pdf_text(build_pdf(Report("Charts", "P", "C", (Section("S", (chart,)),))))
    assert "Net <b> & more" in text and "-$100k" in text and "Break-even (net 0)" in text
    assert "Break-even: 80 <i>" in text
    assert "now " + REPLACEMENT in text


def test_a_chart_of_several_series_names_each_and_bars_take_category_names():
    from worksheets.content import Chart, RefLine, Series
    lines = Chart("Two plans", "Month", "Patients", (Series("Plan A", (1, 2, 3), (10.0, 20.0, 30.0)),
                                                     Series("Plan <B>", (1, 2, 3), (5.0, 25.0, 20.0))))
    bars = Chart("Share reaching target", "Clinic", "Share", (Series("2025", ("North", "Győr <b>"), (40.0, 75.0)),
                                                              Series("2026", ("North", "Győr <b>"), (55.0, 80.0))),
                 kind="bar", ref_lines=(RefLine("y", 50, "Goal 50%"),), y_format="percent")
    text = pdf_text(build_pdf(Report("Charts", "P", "C", (Section("S", (lines, bars)),))))
    for words in ("Plan A", "Plan <B>", "2025", "2026", "North", "Győr <b>", "Goal 50%", "75%"):
        assert words in text, words
