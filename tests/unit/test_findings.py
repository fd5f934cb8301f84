"""Findings of each Step 1 worksheet: what shows up as a gap, its severity, and that it goes away when fixed."""
from __future__ import annotations

import pytest

from worksheets import principles as pr
from worksheets import readiness as rd
from worksheets import shared_vision as sv
from worksheets import team as tm
from worksheets.findings import Finding


def _ids(findings: list[Finding]) -> list[str]:
    return [f.id for f in findings]


def _readiness(**ratings) -> rd.ReadinessDoc:
    return rd.ReadinessDoc.model_validate({"responses": {k: {"rating": v} for k, v in ratings.items()}})


def test_a_readiness_item_not_in_place_is_a_gap_until_it_is_in_place():
    every_other = {i.id: "In place" for i in rd.CATALOG.items}
    doc = _readiness(**{**every_other, "E1": "Not in place"})
    # E has 4 items: E1 scores 0 of 2, the others 2 of 2 each -> 6 of 8 = 75%, not a flagged domain
    assert _ids(rd.findings(doc)) == ["readiness:item:E1"]
    gap = rd.findings(doc)[0]
    assert gap.severity == "should_fix" and gap.item == "E1" and "registry" in gap.text
    assert gap.owner_role == "CIT lead" and gap.action.startswith("Put in place (E1)")
    fixed = _readiness(**every_other)
    assert rd.findings(fixed) == []


def test_a_readiness_domain_under_half_blocks_launch():
    every_other = {i.id: "In place" for i in rd.CATALOG.items}
    # E1 and E2 not in place, E3 partly: 0 + 0 + 1 + 2 = 3 of 8 points = 38% (under 50%)
    doc = _readiness(**{**every_other, "E1": "Not in place", "E2": "Not in place", "E3": "Partly"})
    found = rd.findings(doc)
    assert _ids(found) == ["readiness:domain:E", "readiness:item:E1", "readiness:item:E2"]
    assert found[0].severity == "blocker" and "38%" in found[0].text


def test_unrated_readiness_items_are_one_note():
    found = rd.findings(_readiness(A1="In place"))
    assert _ids(found) == ["readiness:unrated"]
    assert found[0].severity == "note" and found[0].text == "31 readiness items not rated yet."


def test_missing_core_roles_block_launch_and_go_away_when_filled():
    empty = tm.TeamDoc()
    assert _ids(tm.findings(empty)) == ["team:missing-role:cit-lead", "team:missing-role:pcp-champion",
                                        "team:missing-role:bhcm", "team:missing-role:psychiatric-consultant"]
    assert {f.severity for f in tm.findings(empty)} == {"blocker"}
    full = tm.TeamDoc.model_validate({"members": [
        {"id": f"p{i}", "name": f"P{i}", "role": r, "acknowledged": list(tm.responsibility_ids(r))}
        for i, r in enumerate(tm.CORE_ROLES)]})
    assert tm.findings(full) == []


def test_a_person_who_has_not_acknowledged_their_role_is_a_gap_named_by_person():
    doc = tm.TeamDoc.model_validate({"members": [
        {"id": "p0", "name": "Dana Lee", "role": "CIT lead", "acknowledged": ["cit-1", "cit-2"]},
        *[{"id": f"p{i}", "name": f"P{i}", "role": r, "acknowledged": list(tm.responsibility_ids(r))}
          for i, r in enumerate(tm.CORE_ROLES[1:], start=1)]]})
    found = tm.findings(doc)
    assert _ids(found) == ["team:acknowledge:p0"]
    # the CIT lead has 8 responsibilities; 2 acknowledged
    assert found[0].text == "Dana Lee (CIT lead) has acknowledged 2 of 8 responsibilities."
    assert found[0].severity == "should_fix"


def test_a_principle_applied_for_none_of_our_patients_should_be_fixed():
    doc = pr.PrinciplesDoc.model_validate({"responses": {p.id: {"rating": "Some"} for p in pr.PRINCIPLES}})
    assert pr.findings(doc) == []
    first = pr.PRINCIPLES[0]
    doc = pr.PrinciplesDoc.model_validate({"responses": {**{p.id: {"rating": "Some"} for p in pr.PRINCIPLES},
                                                         first.id: {"rating": "None"}}})
    assert _ids(pr.findings(doc)) == [f"principles:none:{first.id}"]


def test_empty_vision_parts_are_findings_and_a_condition_needs_a_measure():
    found = sv.findings(sv.SharedVisionDoc())
    assert _ids(found) == ["shared_vision:why", "shared_vision:conditions", "shared_vision:year-1-goals",
                           "shared_vision:statement", "shared_vision:sign-off"]
    assert [f.severity for f in found] == ["should_fix", "blocker", "should_fix", "should_fix", "should_fix"]
    doc = sv.SharedVisionDoc.model_validate({"scope": {"conditions": ["depression"]}})
    measure = next(f for f in sv.findings(doc) if f.id == "shared_vision:measure:depression")
    assert measure.severity == "blocker" and "PHQ-9" in measure.text


@pytest.mark.parametrize("module", [rd, pr, tm, sv])
def test_finding_ids_are_stable_from_one_computation_to_the_next(module):
    doc = module.SPEC.doc()
    first, again = _ids(module.findings(doc)), _ids(module.findings(doc))
    assert first == again and len(set(first)) == len(first)


def test_sustainment_a_scenario_in_use_that_loses_money_should_be_fixed():
    from worksheets import financial_model as fm
    from worksheets import sustainment as su

    empty = su.findings(su.SustainmentDoc())
    assert [f.id for f in empty if f.severity != "note"] == ["sustainment:no-scenario"]
    assert len([f for f in empty if f.severity == "note"]) == len(su.FACTORS)
    # 10 patients cannot pay for a full-time care manager (about $7,680 a month in salary and benefits alone)
    small = su.with_inputs(su.SustainmentDoc(), "Tiny", fm.FinancialInputs(expected_caseload=10,
                                                                            new_enrollments_per_month=2))
    loses = next(f for f in su.findings(small) if f.id == "sustainment:loses-money")
    assert loses.severity == "should_fix" and "(\u201cTiny\u201d) loses $" in loses.text
