"""Understanding CoCM: the five principles, the fixed None / Some / Most-All scale, summaries and the PDF."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from planning import plans, reports
from tests.conftest import HOSTILE, pdf_text
from worksheets import principles as pr
from worksheets.checklist import score
from worksheets.content import BarChart, Table

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "principles_v1.json"


def _doc(**ratings) -> pr.PrinciplesDoc:
    return pr.PrinciplesDoc.model_validate({"responses": {k: {"rating": v} for k, v in ratings.items()}})


def test_the_five_principles_keep_their_ids_and_the_scale_stays_fixed():
    # six-month reviews compare saved ratings across versions: these must never drift
    assert [p.id for p in pr.PRINCIPLES] == ["P1", "P2", "P3", "P4", "P5"]
    assert pr.CATALOG.ids() == ("P1", "P2", "P3", "P4", "P5")
    assert pr.SCALE.points == (("None", 0), ("Some", 1), ("Most-All", 2))
    titles = [p.title.lower() for p in pr.PRINCIPLES]
    assert titles == ["patient-centered team care", "population-based care", "measurement-based treatment to target",
                      "evidence-based care", "accountable care"]


def test_every_principle_has_a_definition_and_three_to_five_practices():
    for p in pr.PRINCIPLES:
        assert len(p.definition) > 60
        assert 3 <= len(p.practices) <= 5, p.id
        assert pr.CATALOG.item(p.id).help == p.definition


def test_ratings_score_zero_one_two():
    doc = _doc(P1="Most-All", P2="Some", P3="None")
    s = score(doc)
    assert (s.points, s.maximum, s.rated, s.total) == (3, 6, 3, 5)
    labels, points = pr.chart_data(doc)
    assert labels[0] == "P1. Patient-centered team care"
    assert points == (2, 1, 0, None, None)
    assert pr.counts(doc) == {"None": 1, "Some": 1, "Most-All": 1, "Not rated": 2}


def test_an_unknown_rating_or_principle_is_refused_in_words():
    with pytest.raises(ValidationError) as info:
        pr.PrinciplesDoc.model_validate({"responses": {"P2": {"rating": "Most"}}})
    lines = plans.humanize(info.value, pr.PrinciplesDoc)
    assert any("P2" in line and "not one of: None, Some, Most-All" in line for line in lines)
    with pytest.raises(ValidationError, match="P6 is not on this checklist"):
        pr.PrinciplesDoc.model_validate({"responses": {"P6": {"rating": "Some"}}})


def test_progress_follows_the_ratings():
    assert pr.progress(None) == "not started"
    assert pr.progress(pr.PrinciplesDoc()) == "not started"
    assert pr.progress(_doc(P1="None")) == "in progress"
    assert pr.progress(_doc(P1="None", P2="Some", P3="Some", P4="Most-All", P5="Some")) == "complete"


def test_findings_name_principles_rated_none_or_not_rated():
    doc = _doc(P1="Most-All", P2="None", P3="Some")
    items = [f.text for f in pr.findings(doc)]
    assert items == ["Population-based care: applied for none of our patients yet.",
                     "Not rated yet: Evidence-based care, Accountable care."]
    assert pr.findings(_doc(P1="Some", P2="Some", P3="Some", P4="Some", P5="Most-All")) == []
    assert [p.id for p in pr.weak_principles(doc)] == ["P2", "P4", "P5"]


def test_report_section_has_chart_ratings_and_practices():
    doc = pr.PrinciplesDoc.model_validate({"responses": {"P1": {"rating": "Some", "note": "hand-offs twice a week"},
                                                          "P3": {"rating": "Most-All"}}})
    section = pr.report_section(doc, 4)
    assert section.title == "Understanding CoCM" and section.revision == 4
    chart = next(b for b in section.blocks if isinstance(b, BarChart))
    assert chart.values == (50.0, None, 100.0, None, None) and chart.maximum == 100.0
    table = next(b for b in section.blocks if isinstance(b, Table) and b.caption == "Ratings")
    assert table.rows[0] == ("P1. Patient-centered team care", "Some", "hand-offs twice a week")
    assert table.rows[1][1] == "Not rated"


def test_golden_fixture_validates():
    doc = pr.PrinciplesDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert doc.rating("P4") == "Most-All" and doc.rating("P2") == "None"
    assert "Dr. Chen" in doc.note("P3")
    assert pr.PrinciplesDoc.model_validate(doc.model_dump(mode="json")) == doc


def test_pdf_shows_ratings_notes_and_hostile_text_literally(store, plan_id):
    doc = pr.PrinciplesDoc.model_validate({"responses": {"P1": {"rating": "Most-All", "note": HOSTILE},
                                                          "P2": {"rating": "None", "note": "registry planned"}}})
    plans.save_doc(store, plan_id, doc, 0, "Ann")
    text = pdf_text(reports.worksheet_pdf(store, plan_id, "principles"))
    assert "Understanding CoCM" in text and "Page 1 of" in text
    assert "How widely each principle is applied" in text  # the chart's title
    assert "Most-All" in text and "registry planned" in text
    assert "<b>unclosed & <script>x</script> Győr" in text
    assert "Measurement-based treatment to target" in text
    assert "Still to work on" in text


def test_pdf_of_an_unsaved_worksheet_says_not_started(store, plan_id):
    text = pdf_text(reports.worksheet_pdf(store, plan_id, "principles"))
    assert "Not started yet" in text and "not rated: 5" in text
