"""Readiness scoring: domain percentages of the applicable maximum, flags, gaps and progress."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from worksheets import readiness as rd
from worksheets.checklist import progress


def doc(**ratings) -> rd.ReadinessDoc:
    return rd.ReadinessDoc.model_validate({"responses": {k: {"rating": v} for k, v in ratings.items()}})


def test_catalog_is_grouped_by_domain_with_help_on_every_item():
    assert [d.id for d in rd.CATALOG.domains] == list("ABCDEFGH")
    assert len(rd.CATALOG.items) == 32
    assert all(i.help and i.text for i in rd.CATALOG.items)
    assert len(set(rd.CATALOG.ids())) == 32


def test_domain_score_is_share_of_applicable_maximum():
    # Domain A: In place (2) + Partly (1) + Not applicable (left out) = 3 of 4 points = 75%
    s = rd.score(doc(A1="In place", A2="Partly", A3="Not applicable"))
    a = s.domains[0]
    assert (a.points, a.maximum, a.rated, a.not_applicable, a.percent) == (3, 4, 3, 1, 75.0)
    assert s.percent == 75.0


def test_overall_score_adds_points_across_domains():
    # A1 2/2, B1 0/2, C1 1/2 -> 3 of 6 = 50%
    assert rd.score(doc(A1="In place", B1="Not in place", C1="Partly")).percent == 50.0


def test_domains_under_half_are_flagged_and_unrated_domains_are_not():
    d = doc(A1="Partly", A2="Not in place", B1="In place", B2="Partly")  # A: 1/4 = 25%, B: 3/4 = 75%
    assert rd.flagged_domains(d) == [("A", "Leadership and vision", 25.0)]
    assert rd.domain_status(None) == "Not rated yet"
    assert rd.domain_status(49.9) == rd.FLAG_TEXT and rd.domain_status(50.0) == "On track"


def test_all_not_applicable_domain_has_no_score():
    d = doc(G1="Not applicable", G2="Not applicable", G3="Not applicable")
    g = next(x for x in rd.score(d).domains if x.domain_id == "G")
    assert g.percent is None and g.rated == 3


def test_gaps_and_findings_point_at_what_to_fix():
    d = doc(A1="Not in place", A2="Partly", A3="Not in place", A4="In place")
    assert [g[0] for g in rd.gaps(d)] == ["A1", "A2", "A3"]
    lines = [f.text for f in rd.findings(d)]
    # A1-A4: 0 + 1 + 0 + 2 = 3 of 8 points = 38%
    assert "Leadership and vision scores 38% on the readiness checklist, under 50%: address it before launch." \
        in lines
    assert [f.item for f in rd.findings(d) if f.id.startswith("readiness:item:")] == ["A1", "A3"]
    assert "28 readiness items not rated yet." in lines


def test_progress_states():
    assert progress(None) == "not started"
    assert progress(rd.ReadinessDoc()) == "not started"
    assert progress(doc(A1="In place")) == "in progress"
    assert progress(doc(**{i: "In place" for i in rd.CATALOG.ids()})) == "complete"


def test_bad_rating_and_unknown_item_are_refused_in_words():
    with pytest.raises(ValidationError) as info:
        doc(B2="Maybe")
    assert "Input should be 'Not in place', 'Partly', 'In place' or 'Not applicable'" in str(info.value)
    with pytest.raises(ValidationError, match="item Z9 is not on this checklist"):
        doc(Z9="In place")


def test_chart_data_matches_scores():
    d = doc(A1="In place", A2="Not in place")
    labels, values = rd.chart_data(d)
    assert labels[0] == "A. Leadership and vision" and values[0] == 50.0 and values[1] is None


def test_findings_count_in_plain_english():
    d = doc(**{i: "In place" for i in rd.CATALOG.ids() if i != "H2"} | {"A1": "Partly"})
    assert [f.text for f in rd.findings(d)] == ["1 readiness item not rated yet."]  # Partly is not a gap
