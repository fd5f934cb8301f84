"""The comparison PDF and the six-month review packet: exactly the changes made between two milestones, team text
printed literally, and the packet's parts (cover, comparison, trends, review record, open actions)."""
from __future__ import annotations

from datetime import date

import pytest

from planning import plans
from planning.comparison_report import comparison_pdf, review_packet_pdf
from planning.report import REPLACEMENT
from planning.view import load_view
from tests.conftest import example_before_step5, HOSTILE, pdf_text
from worksheets.review import Decision, Review, ReviewDoc

TODAY = date(2027, 5, 20)
LUZ = "c0e85b17d3f6"  # Luz Ramírez, care manager, in the example roster


def edit(store, pid, kind, change, key=""):
    view = load_view(store, pid)
    doc = view.doc(kind, key).model_copy(deep=True)
    change(doc)
    plans.save_doc(store, pid, doc, view.version(kind, key), "Tester", key=key)


def flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


@pytest.fixture
def reviewed(store):
    """The example plan: Baseline, then three worksheets changed, then '6-month review'. (pid, baseline, review)."""
    pid = example_before_step5(store, "Tester")
    base = store.create_milestone(pid, "Baseline", "Tester")
    edit(store, pid, "readiness", lambda d: setattr(d.responses["B2"], "rating", "In place"))

    def share(doc):
        next(m for m in doc.members if m.name == "Dr. Wei Chen").cocm_share_pct = 15
    edit(store, pid, "team", share)

    def reword(doc):
        doc.vision.statement = doc.vision.statement.replace("markedly better", f"better {HOSTILE}")
    edit(store, pid, "shared_vision", reword)
    later = store.create_milestone(pid, "6-month review", "Tester")
    return pid, base, later


def test_the_comparison_lists_exactly_the_three_changes(store, reviewed):
    pid, base, later = reviewed
    text = flat(comparison_pdf(store, pid, base, later, as_of=TODAY))

    assert "3 worksheets changed, 18 unchanged." in text
    assert "Readiness checklist 1 change" in text and "item B2 (A psychiatric consultant is identified" in text and "Not in place In place" in text
    # Dr. Wei Chen's share of time: 5% -> 15%, ten points more
    assert "Implementation team 1 change" in text and "15 (+10)" in text
    assert "Shared vision 1 change" in text and "[removed: markedly] better [added:" in text
    unchanged = text.split("Unchanged: ", 1)[1].split(".", 1)[0]
    assert "Understanding CoCM" in unchanged and "Action plan" in unchanged
    assert not any(t in unchanged for t in ("Readiness checklist", "Implementation team", "Shared vision"))
    # the figures that moved with them: domain B 37.5% -> 62.5%, and one blocker fewer (6 -> 5)
    assert "Readiness, B. Team and staffing 37.5% 62.5% +25 points" in text
    assert "Launch gate, Blockers open 6 5 -1" in text


def test_team_text_prints_literally(store, reviewed):
    pid, base, later = reviewed
    text = flat(comparison_pdf(store, pid, base, None, as_of=TODAY))
    assert "<b>unclosed & <script>x</script> Győr" in text
    assert REPLACEMENT in text and "中文" not in text  # not in the font: replaced visibly


def test_a_point_compared_with_itself_is_refused(store, reviewed):
    pid, base, _later = reviewed
    with pytest.raises(ValueError, match="Choose two different points"):
        comparison_pdf(store, pid, base, base)


def test_the_review_packet_holds_its_parts(store, reviewed):
    pid, base, later = reviewed
    review = Review(name=f"May review {HOSTILE}", date=date(2027, 5, 18), attendees=[LUZ],
                    went_well="Caseload review every Thursday.",
                    decisions=[Decision(text="Hire a second care manager", owner=LUZ, due=date(2027, 8, 1))])
    plans.save_doc(store, pid, ReviewDoc(reviews=[review]), 0, "Tester")

    text = flat(review_packet_pdf(store, pid, base, None, as_of=TODAY))
    assert text.startswith("Six-month review packet")
    for part in ("About this packet", "What changed", "Trends across milestones", "Review record: May review",
                 "Open actions"):
        assert part in text, part
    assert "Compared Baseline (" in text and ") with Now" in text
    assert "Hire a second care manager" in text and "Caseload review every Thursday." in text
    assert "<b>unclosed & <script>x</script> Győr" in text  # the review's name, literally
    # trends with two milestones and now: the readiness of domain B at each point (37.5%, 62.5%, 62.5%)
    assert "B. Team and staffing 37.5% 62.5% 62.5%" in text
    # only open actions: the example's done action ("ap05...") and dropped one are left out
    opens = text.split("Open actions", 1)[1]
    assert "6 actions: 4 not started, 2 in progress." in opens


def test_the_packet_without_a_review_or_enough_milestones_says_so(store):
    pid = example_before_step5(store, "Tester")
    base = store.create_milestone(pid, "Baseline", "Tester")
    text = flat(review_packet_pdf(store, pid, base, None, as_of=TODAY))
    assert "Trends need at least two milestones; make one at each six-month review." in text
    assert "No six-month review recorded yet" in text
