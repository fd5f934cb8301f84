"""Three-way merge: two people edit one worksheet; only the parts both changed differently need a choice."""
from planning import merge
from worksheets import readiness as rd
from worksheets import team as tm


def _readiness(**ratings):
    return rd.ReadinessDoc.model_validate(
        {"responses": {k: {"rating": v, "note": ""} for k, v in ratings.items()}}).model_dump(mode="json")


def test_changes_to_different_checklist_items_are_both_kept():
    base = _readiness(A1="Partly", A2="Partly")
    theirs = _readiness(A1="In place", A2="Partly")  # they rated A1
    mine = _readiness(A1="Partly", A2="Not in place")  # I rated A2
    m = merge.three_way(base, theirs, mine)
    assert m.clean
    doc = rd.ReadinessDoc.model_validate(m.merged)
    assert doc.rating("A1") == "In place" and doc.rating("A2") == "Not in place"
    assert [merge.label(rd.ReadinessDoc, p) for p in m.theirs_changed] == ["item A1"]
    assert [merge.label(rd.ReadinessDoc, p) for p in m.mine_changed] == ["item A2"]


def test_a_new_rating_on_each_side_is_kept():
    base = _readiness()
    m = merge.three_way(base, _readiness(B1="In place"), _readiness(C3="Partly"))
    doc = rd.ReadinessDoc.model_validate(m.merged)
    assert m.clean and doc.rating("B1") == "In place" and doc.rating("C3") == "Partly"


def test_the_same_item_changed_differently_is_the_only_question():
    base = _readiness(A1="Partly", A2="Partly")
    theirs = _readiness(A1="In place", A2="In place")
    mine = _readiness(A1="Not in place", A2="Partly")
    m = merge.three_way(base, theirs, mine)
    assert [merge.label(rd.ReadinessDoc, c.path) for c in m.conflicts] == ["item A1, rating"]
    c = m.conflicts[0]
    assert (c.base, c.theirs, c.mine) == ("Partly", "In place", "Not in place")
    # until the user chooses, their saved value stands; choosing mine keeps mine and A2 stays theirs
    chosen = merge.three_way(base, theirs, mine, {merge.key_of(c.path): "mine"})
    doc = rd.ReadinessDoc.model_validate(chosen.merged)
    assert chosen.clean and doc.rating("A1") == "Not in place" and doc.rating("A2") == "In place"


def _team(*people):
    return {"schema_version": 1, "members": [
        {"id": pid, "name": name, "role": role, "role_detail": "", "email": "", "cocm_share_pct": 0,
         "acknowledged": []} for pid, name, role in people]}


def test_roster_rows_added_on_both_sides_and_a_rename_are_all_kept():
    base = _team(("p1", "Dana Lee", "CIT lead"))
    theirs = _team(("p1", "Dana Lee", "CIT lead"), ("p2", "Dr. Wei Chen", "PCP champion"))
    mine = _team(("p1", "Dana Lee-Park", "CIT lead"), ("p3", "Sam Ortiz", "Behavioral health care manager"))
    m = merge.three_way(base, theirs, mine)
    assert m.clean
    doc = tm.TeamDoc.model_validate(m.merged)
    assert [p.name for p in doc.members] == ["Dana Lee-Park", "Dr. Wei Chen", "Sam Ortiz"]


def test_a_person_removed_by_one_and_renamed_by_the_other_is_asked():
    base = _team(("p1", "Dana Lee", "CIT lead"), ("p2", "Wei Chen", "PCP champion"))
    theirs = _team(("p1", "Dana Lee", "CIT lead"))  # they removed Wei
    mine = _team(("p1", "Dana Lee", "CIT lead"), ("p2", "Dr. Wei Chen", "PCP champion"))  # I fixed his name
    m = merge.three_way(base, theirs, mine)
    assert len(m.conflicts) == 1
    c = m.conflicts[0]
    assert merge.label(tm.TeamDoc, c.path, base, theirs, mine) == "people, “Wei Chen”"
    assert merge.shown(c.theirs) == "(removed)"
    assert "Dr. Wei Chen" in merge.shown(c.mine)
    kept = merge.three_way(base, theirs, mine, {merge.key_of(c.path): "mine"}).merged
    assert [p["name"] for p in kept["members"]] == ["Dana Lee", "Dr. Wei Chen"]


def test_a_person_removed_on_one_side_and_untouched_on_the_other_is_removed():
    base = _team(("p1", "Dana Lee", "CIT lead"), ("p2", "Wei Chen", "PCP champion"))
    theirs = _team(("p1", "Dana Lee", "CIT lead"))
    mine = _team(("p1", "Dana Lee", "CIT lead"), ("p2", "Wei Chen", "PCP champion"))
    m = merge.three_way(base, theirs, mine)
    assert m.clean and [p["name"] for p in m.merged["members"]] == ["Dana Lee"]


def test_values_read_as_people_write_them():
    assert merge.shown(None) == "(empty)"
    assert merge.shown(True) == "Yes"
    assert merge.shown(60.0) == "60"
    assert merge.shown(["PHQ-9", "GAD-7"]) == "PHQ-9, GAD-7"
    assert merge.shown("x" * 300).endswith("…") and len(merge.shown("x" * 300)) == 120
