"""Implementation team: roles and responsibilities, validation in words, stable ids, progress, roster access."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from planning import plans
from planning.view import load_view
from worksheets import team as tm

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "team_v1.json"


def _member(name="Ann Lee", role="CIT lead", **kw) -> dict:
    return {"name": name, "role": role, **kw}


def _errors(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        tm.TeamDoc.model_validate(data)
    return plans.humanize(info.value, tm.TeamDoc)


def _full_team(acknowledge: bool = True) -> tm.TeamDoc:
    members = [_member(f"Person {i}", role) for i, role in enumerate(tm.CORE_ROLES)]
    if acknowledge:
        for m in members:
            m["acknowledged"] = list(tm.responsibility_ids(m["role"]))
    return tm.TeamDoc.model_validate({"members": members})


def test_roles_and_core_roles():
    assert tm.CORE_ROLES == ("CIT lead", "PCP champion", "Behavioral health care manager", "Psychiatric consultant")
    assert tm.ROLES[-1] == "Other"


def test_every_role_has_four_to_eight_responsibilities_with_stable_unique_ids():
    prefixes = {"CIT lead": "cit", "PCP champion": "pcp", "Behavioral health care manager": "bhcm",
                "Psychiatric consultant": "pc", "Other": "oth"}
    seen = set()
    for role in tm.ROLES:
        items = tm.responsibilities(role)
        assert 4 <= len(items) <= 8, role
        assert [r.id for r in items] == [f"{prefixes[role]}-{n}" for n in range(1, len(items) + 1)]
        seen |= {r.id for r in items}
    assert len(seen) == sum(len(tm.responsibilities(r)) for r in tm.ROLES)
    assert tm.responsibilities("Psychiatric consultant")[1].text.startswith("Meet the care manager regularly")


def test_a_bad_email_and_a_share_of_150_percent_are_refused_in_words():
    lines = _errors({"members": [_member(email="ann at clinic"), _member("Bo", "Other", cocm_share_pct=150)]})
    assert "people, row 1, email: this does not look like an email address (for example name@clinic.org)" in lines
    assert any(line.startswith("people, row 2, share of time for CoCM (%): 150% is not possible") for line in lines)
    assert tm.Member(name="Ann", role="Other", email="ann@clinic.org", cocm_share_pct=100).cocm_share_pct == 100


def test_a_missing_name_or_role_is_refused_in_words():
    lines = _errors({"members": [{"name": "  ", "role": ""}]})
    assert "people, row 1, name: enter a name" in lines
    assert any(line.startswith("people, row 1, role: choose a role") for line in lines)
    assert any("'Nurse' is not a role here" in line for line in _errors({"members": [_member(role="Nurse")]}))


def test_acknowledged_responsibilities_must_belong_to_the_persons_role():
    lines = _errors({"members": [_member(role="PCP champion", acknowledged=["pcp-1", "bhcm-2"])]})
    assert lines == ["people, row 1: bhcm-2 is not among the responsibilities of the PCP champion role "
                     "(those are pcp-1, pcp-2, pcp-3, pcp-4, pcp-5, pcp-6)"]
    doc = tm.TeamDoc.model_validate({"members": [_member(acknowledged=["cit-2", "cit-2", "cit-1"])]})
    assert doc.members[0].acknowledged == ["cit-2", "cit-1"]  # duplicates dropped


def test_missing_core_roles_and_progress():
    assert tm.progress(None) == "not started"
    assert tm.progress(tm.TeamDoc()) == "not started"
    doc = tm.TeamDoc.model_validate({"members": [_member(role="CIT lead"), _member("Wei", "PCP champion")]})
    assert tm.missing_core_roles(doc) == ["Behavioral health care manager", "Psychiatric consultant"]
    assert tm.progress(doc) == "in progress"
    assert tm.progress(_full_team(acknowledge=False)) == "in progress"
    assert tm.progress(_full_team()) == "complete"


def test_findings_warn_about_missing_roles_and_unacknowledged_people():
    doc = tm.TeamDoc.model_validate({"members": [
        _member("Maria", "CIT lead", acknowledged=["cit-1", "cit-2"]),
        _member("Wei", "PCP champion"),
    ]})
    items = [f.text for f in tm.findings(doc)]
    assert any(i.startswith("No behavioral health care manager on the team yet") for i in items)
    assert any(i.startswith("No psychiatric consultant on the team yet") for i in items)
    assert "Maria (CIT lead) has acknowledged 2 of 8 responsibilities." in items
    assert "Wei (PCP champion) has not acknowledged the role's responsibilities yet." in items
    assert tm.findings(_full_team()) == []


def test_renaming_keeps_the_id_and_label_follows_the_new_name():
    doc = tm.TeamDoc.model_validate({"members": [_member("Maria Okafor", "CIT lead", role_detail="Practice manager",
                                                         acknowledged=["cit-1"]),
                                                 _member("Wei Chen", "PCP champion")]})
    maria, wei = doc.members
    rows = [{"id": maria.id, "name": "Maria Okafor-Reyes", "role": "CIT lead", "role_detail": "Practice manager",
             "email": None, "cocm_share_pct": float("nan")},
            {"id": wei.id, "name": "Dr. Wei Chen", "role": "PCP champion", "role_detail": None, "email": "",
             "cocm_share_pct": 10.0},
            {"id": None, "name": "Luz Ramírez", "role": "Behavioral health care manager", "role_detail": "",
             "email": "luz@clinic.org", "cocm_share_pct": 100},
            {"id": None, "name": None, "role": None, "role_detail": None, "email": None, "cocm_share_pct": None}]
    new = tm.TeamDoc.model_validate(tm.roster_data(doc, rows))
    assert [m.id for m in new.members][:2] == [maria.id, wei.id]
    assert len(new.members) == 3  # the blank row is skipped
    luz = new.members[2]
    assert luz.id not in (maria.id, wei.id) and len(luz.id) == 12
    assert new.label(maria.id) == "Maria Okafor-Reyes (Practice manager)"
    assert new.label(wei.id) == "Dr. Wei Chen (PCP champion)"
    assert new.person(maria.id).acknowledged == ["cit-1"]  # kept while the role stays
    assert new.person(maria.id).cocm_share_pct == 0
    assert new.options() == {maria.id: "Maria Okafor-Reyes (Practice manager)", wei.id: "Dr. Wei Chen (PCP champion)",
                             luz.id: "Luz Ramírez (Behavioral health care manager)"}


def test_a_removed_person_is_labelled_as_removed():
    doc = tm.TeamDoc.model_validate({"members": [_member("Maria"), _member("Wei", "PCP champion")]})
    maria, wei = doc.members
    rows = [{"id": wei.id, "name": "Wei", "role": "PCP champion"}]
    new = tm.TeamDoc.model_validate(tm.roster_data(doc, rows))
    assert new.label(maria.id) == "(removed from the team)"
    assert new.label(None) == ""
    assert maria.id not in new.options()


def test_changing_a_role_drops_acknowledgments_of_the_old_role():
    doc = tm.TeamDoc.model_validate({"members": [_member("Maria", "CIT lead", acknowledged=["cit-1", "cit-3"])]})
    m = doc.members[0]
    new = tm.TeamDoc.model_validate(tm.roster_data(doc, [{"id": m.id, "name": "Maria", "role": "Other"}]))
    assert new.members[0].id == m.id and new.members[0].acknowledged == []


def test_acknowledgments_are_set_per_person():
    doc = _full_team(acknowledge=False)
    lead, pcp = doc.members[0], doc.members[1]
    new = tm.TeamDoc.model_validate(tm.with_acknowledgments(doc, {lead.id: ["cit-1", "cit-8"]}))
    assert new.person(lead.id).acknowledged == ["cit-1", "cit-8"]
    assert new.person(pcp.id).acknowledged == []
    assert [r.id for r in new.person(lead.id).open_responsibilities()][:2] == ["cit-2", "cit-3"]


def test_report_section_lists_roster_responsibilities_and_warnings():
    doc = tm.TeamDoc.model_validate({"members": [_member("Maria", "CIT lead", cocm_share_pct=20,
                                                         acknowledged=["cit-1"])]})
    section = tm.report_section(doc, 2)
    texts = [getattr(b, "text", "") for b in section.blocks]
    assert any(t.startswith("No PCP champion on the team yet") for t in texts)
    roster = next(b for b in section.blocks if getattr(b, "caption", "") == "Roster")
    assert roster.caption == "Roster" and roster.rows == (("Maria", "CIT lead", "", "", "20%", "1 of 8"),)


def test_golden_fixture_validates():
    doc = tm.TeamDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert tm.missing_core_roles(doc) == []
    assert doc.label(doc.members[0].id) == "Maria Okafor (Practice manager)"
    assert doc.members[1].name == "Dr. Wei Chen"
    assert tm.progress(doc) == "in progress"  # the consultant and the PCP champion still have items to accept
    assert tm.TeamDoc.model_validate(doc.model_dump(mode="json")) == doc


def test_roster_reads_the_saved_team_or_an_empty_one(store, plan_id):
    assert load_view(store, plan_id).roster == tm.TeamDoc()
    doc = tm.TeamDoc.model_validate({"members": [_member("Maria")]})
    plans.save_doc(store, plan_id, doc, 0, "Ann")
    assert load_view(store, plan_id).roster == doc
