"""Sustainment plan document: validation, the one source of staffing figures, progress and open items."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from planning import plans
from worksheets import financial_model as fm
from worksheets import staffing as sf
from worksheets import sustainment as su
from worksheets.content import Bullets, Heading, Para, Table

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE = FIXTURES / "sustainment_v1.json"
FIXTURE_V2 = FIXTURES / "sustainment_v2.json"
FIXTURE_V3 = FIXTURES / "sustainment_v3.json"


def fixture_data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def riverbend() -> su.SustainmentDoc:
    return su.SustainmentDoc.model_validate(fixture_data())


def with_scenarios(*scenarios: tuple[str, dict], active: str = "", responses: dict | None = None) -> su.SustainmentDoc:
    return su.SustainmentDoc.model_validate({
        "responses": responses or {},
        "scenarios": [{"name": name, "inputs": inputs} for name, inputs in scenarios],
        "active_scenario": active,
    })


def all_settled() -> dict:
    return {f.id: {"rating": su.ADDRESSED, "note": ""} for f in su.FACTORS}


# --- the golden fixtures (formats 1, 2 and 3) ----------------------------------------------------


def test_the_version_1_fixture_still_reads_and_round_trips():
    doc = riverbend()
    assert doc.schema_version == 3
    assert doc.names() == ["Base case", "Full caseload, more therapy visits"]
    assert doc.active_scenario == "Base case"
    assert doc.rating("leadership") == su.ADDRESSED
    assert su.SustainmentDoc.model_validate(doc.model_dump(mode="json")) == doc


def test_version_1_migrates_with_stable_ids_and_the_2025_billing_year():
    data = fixture_data()
    assert data["schema_version"] == 1 and "id" not in data["scenarios"][0]
    doc = riverbend()
    base = doc.find("Base case")
    # old documents were worked out with the 2025 rules: they keep them until the team picks 2026
    assert all(s.inputs.billing_year == 2025 for s in doc.scenarios)
    assert base.inputs.billing_mode == "standard"
    # every scenario and payer row has an id; two copies of one old document migrate to the same ids, so a merge
    # of two concurrent saves of it matches its rows
    again = riverbend()
    assert [s.id for s in doc.scenarios] == [s.id for s in again.scenarios]
    assert len({s.id for s in doc.scenarios}) == 2
    payer_ids = [p.id for p in base.inputs.payer_mix]
    assert payer_ids == [p.id for p in again.find("Base case").inputs.payer_mix]
    assert len(set(payer_ids)) == 4 and all(len(i) == 12 for i in payer_ids)
    # the figures the team typed are kept as they were: the old 99493 estimate stays until someone changes it
    assert base.inputs.rate("99493").amount == 130.0 and not base.inputs.rate("99493").verified


def test_the_version_2_fixture_reads_as_format_3_keeping_everything_it_had():
    data = json.loads(FIXTURE_V2.read_text(encoding="utf-8"))
    doc = su.SustainmentDoc.model_validate(data)
    assert doc.schema_version == 3
    dumped = doc.model_dump(mode="json")
    assert su.SustainmentDoc.model_validate(dumped) == doc
    # nothing is dropped or renamed on the way: every field of format 2 is still there with its value, except the
    # fee-for-service visits, which became 90834 visits (test_migration_turns_ffs_visits_into_90834_visits)
    assert dumped["responses"] == data["responses"] and dumped["active_scenario"] == data["active_scenario"]
    for old, new in zip(data["scenarios"], dumped["scenarios"]):
        assert (new["id"], new["name"]) == (old["id"], old["name"])
        for key, value in old["inputs"].items():
            if key in ("ffs_visits_per_month", "ffs_payment_per_visit"):
                assert key not in new["inputs"]
            elif key == "rates":
                assert new["inputs"]["rates"][:5] == value  # the five old rates as typed, then G0568 and G0569
            elif key == "payer_mix":
                for old_payer, new_payer in zip(value, new["inputs"]["payer_mix"]):
                    assert {k: new_payer[k] for k in old_payer} == old_payer
            else:
                assert new["inputs"][key] == value, key
    assert [(s.id, s.name) for s in doc.scenarios] == [
        ("09fc510842bf", "Base case"), ("3eb336cd9b80", "Full caseload, more therapy visits"),
        ("5e1c0a7d2b94", "Health center billing, 2025")]
    health = doc.find("Health center billing, 2025").inputs
    assert (health.billing_mode, health.billing_year, health.g0512_share_pct) == ("fqhc_rhc", 2025, 40)
    # 70 patients x 40% reaching 60/70 minutes = 28 G0512 a month x $139.41 = $3,903.48 at Medicare rates
    assert fm.compute(health).medicare_revenue.monthly == pytest.approx(3_903.48)
    assert doc.find("Base case").inputs.billing_year == 2026


# --- migration to format 3: old scenarios keep their figures ------------------------------------


def test_old_fixtures_load_as_format_3_with_the_monthly_net_they_had():
    # Net a month of each scenario as the previous model (format 2, before minute bands, capacity, psychotherapy by
    # code, payers by code and collection) computed it. Format 3 keeps each old scenario's typed billable shares,
    # every claim collected and no patient cost share, so the figures must not move.
    before = {
        FIXTURE: {"Base case": -3978.0496066666656, "Full caseload, more therapy visits": -2173.890026666666},
        FIXTURE_V2: {"Base case": -3881.568886666664, "Full caseload, more therapy visits": -2063.626346666666,
                     "Health center billing, 2025": -6795.347866666666},
    }
    for path, nets in before.items():
        doc = su.SustainmentDoc.model_validate(json.loads(path.read_text(encoding="utf-8")))
        assert doc.schema_version == 3
        assert {s.name: fm.compute(s.inputs).net.monthly for s in doc.scenarios} == pytest.approx(nets, abs=1e-6)
        for s in doc.scenarios:
            i = s.inputs
            assert (i.volume_method, i.collection_rate_pct) == ("share", 100)
            assert all(p.patient_share_pct == 0 and p.pays_cpt and p.pays_g_codes and p.addon_cap is None
                       for p in i.payer_mix)
            assert not i.apcm_addons


def test_migration_turns_ffs_visits_into_90834_visits():
    # format 2: "ffs_visits_per_month": 30 / 40 visits at "ffs_payment_per_visit": $95
    data = json.loads(FIXTURE_V2.read_text(encoding="utf-8"))
    assert [s["inputs"]["ffs_visits_per_month"] for s in data["scenarios"]] == [30, 40, 30]
    doc = su.SustainmentDoc.model_validate(data)
    for scenario, visits in zip(doc.scenarios, (30, 40, 30)):
        lines = {line.code: (line.visits_per_month, line.payment_per_visit) for line in scenario.inputs.psychotherapy}
        assert lines["90834"] == (visits, 95)
        assert [lines[c][0] for c in ("90791", "90832", "90837")] == [0, 0, 0]
    # the money is the same: 30 x $95 = $2,850 and 40 x $95 = $3,800 a month
    assert [fm.compute(s.inputs).ffs_revenue.monthly for s in doc.scenarios] == [2_850, 3_800, 2_850]
    # and their time now counts against the care manager's hours: 30 x 45 = 1,350 minutes a month
    assert doc.find("Base case").inputs.therapy_minutes == 1_350


def test_migration_adds_the_apcm_rates_of_the_scenarios_year_and_keeps_the_old_rates():
    doc = su.SustainmentDoc.model_validate(json.loads(FIXTURE_V2.read_text(encoding="utf-8")))
    base = doc.find("Base case").inputs  # billing year 2026
    health = doc.find("Health center billing, 2025").inputs  # billing year 2025
    # the five rates the team had stay as typed (the 2025 amounts the 2026 plan used)
    assert base.rate("99492").amount == 145.24 and base.rate("99492").year == 2025
    # G0568 / G0569 come from the year's table, never billed unless the APCM add-ons are chosen
    assert (base.rate("G0568").amount, base.rate("G0568").year) == (149.30, 2026)
    assert (health.rate("G0568").amount, health.rate("G0568").year) == (0, 2025)
    assert "G0568" not in base.codes and "G0569" not in base.codes
    assert "G0568" not in [line.code for line in fm.compute(base).codes]


# --- the format 3 fixture ---------------------------------------------------------------------


def fixture_v3() -> su.SustainmentDoc:
    return su.SustainmentDoc.model_validate(json.loads(FIXTURE_V3.read_text(encoding="utf-8")))


def test_the_version_3_fixture_reads_and_round_trips_unchanged():
    data = json.loads(FIXTURE_V3.read_text(encoding="utf-8"))
    doc = fixture_v3()
    assert doc.schema_version == data["schema_version"] == 3
    assert doc.model_dump(mode="json") == data  # nothing is added, dropped or renamed on the way
    assert doc.names() == ["Base case", "Health center billing, 2025 rules", "Two care managers, APCM add-ons"]
    assert [(s.inputs.billing_mode, s.inputs.billing_year, s.inputs.volume_method) for s in doc.scenarios] == [
        ("standard", 2026, "bands"), ("fqhc_rhc", 2025, "bands"), ("standard", 2026, "share")]
    assert all(fm.cross_problems(s.inputs) == [] for s in doc.scenarios)


def test_version_3_fixture_mixed_billing_and_capacity_by_hand():
    base = fixture_v3().find("Base case").inputs
    r = fm.compute(base)
    # psychotherapy: 4 x 90791 at $160 + 6 x 90832 at $70 + 20 x 90834 at $95 = 640 + 420 + 1,900 = $2,960 a month
    assert r.ffs_revenue.monthly == pytest.approx(2_960)
    # its minutes: 4 x 60 + 6 x 30 + 20 x 45 = 240 + 180 + 900 = 1,320 of the 24 x 52 / 12 x 60 = 6,240 direct ones
    assert r.capacity.therapy_minutes == pytest.approx(1_320)
    # 15% of contacts missed: first (60 + 2 x 25) / 0.85 = 129.41, active 50 / 0.85 = 58.82, monitoring 15 / 0.85 =
    # 17.65; over 5 months (1 + 2 active + 2 monitoring) = 240 / 0.85 / 5 = 56.47 minutes a patient-month;
    # (6,240 - 1,320) / 56.47 = 4,920 x 0.85 x 5 / 240 = 87.125 patients, more than the 70 planned
    assert r.capacity.caseload == pytest.approx(87.125)
    assert r.capacity.status == "fits"


def test_version_3_fixture_health_center_by_hand():
    # Health center, 2025: one G0512 a month for patient-months reaching 70 (first) or 60 (later) minutes, bands
    # 3 and up: first 25 + 15 + 7 + 3 = 50%, active 15 + 10 + 5 = 30%, monitoring 5%.
    # 70 patients, 14 new a month, 2 active months: 14 first, 28 active, 28 monitoring patient-months;
    # G0512 = 14 x 0.5 + 28 x 0.3 + 28 x 0.05 = 7 + 8.4 + 1.4 = 16.8 a month if every payer paid it.
    # The commercial payer (15%) pays no G-codes: it gets nothing. At $139.41:
    #   Medicaid 16.8 x 45% x $139.41 x 75% = 790.4547 allowed; collected x 93% (no patient share) = 735.122871
    #   Medicare 16.8 x 30% x $139.41 = 702.6264 allowed; collected x (1 - 20% x 60% uncollected) x 93%
    #            = x 0.8184 = 575.02944576
    #   Uninsured pays 0%: 0
    r = fm.compute(fixture_v3().find("Health center billing, 2025 rules").inputs)
    assert [line.code for line in r.codes] == ["G0512"]
    assert r.code("G0512").units == pytest.approx(16.8 * 0.85)  # the commercial 15% are not billed G0512
    payers = {p.name: (p.monthly, p.collected) for p in r.payers}
    assert payers["Commercial"] == (0, 0)
    assert payers["Medicaid (state plan and managed care)"] == pytest.approx((790.4547, 735.122871))
    assert payers["Medicare"] == pytest.approx((702.6264, 575.02944576))
    assert r.cocm_revenue.monthly == pytest.approx(735.122871 + 575.02944576)


def test_fixture_is_riverbends_one_care_manager_for_a_low_income_population():
    figures = su.staffing_figures(riverbend())
    assert figures.saved and figures.scenario_name == "Base case"
    assert figures.care_manager_fte == 1.0
    assert figures.population == "behavioral_low"
    assert (figures.caseload_low, figures.caseload_high) == (60, 80)
    assert figures.expected_caseload == 70 and figures.caseload_per_fte == 70
    assert figures.consultant_hours_per_week == 4 and figures.consultant_guidance_hours == 3


# --- validation -----------------------------------------------------------------------------


def test_unknown_factor_and_unknown_status_are_refused_in_words():
    with pytest.raises(ValidationError) as exc:
        su.SustainmentDoc.model_validate({"responses": {"budget": {"rating": "Partly"}}})
    assert "item budget is not on this checklist" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        su.SustainmentDoc.model_validate({"responses": {"quality": {"rating": "Done"}}})
    assert "'Done' is not one of: Not yet, Partly, Addressed" in str(exc.value)


def test_at_most_three_scenarios_each_with_its_own_name():
    base = {"care_manager_fte": 1.0}
    with pytest.raises(ValidationError) as exc:
        with_scenarios(*[(f"S{i}", base) for i in range(4)])
    assert "up to 3 scenarios; there are 4" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        with_scenarios(("Base case", base), (" base CASE ", base))
    assert "Two scenarios are called" in str(exc.value)


def test_the_scenario_in_use_must_be_one_of_the_scenarios():
    with pytest.raises(ValidationError) as exc:
        with_scenarios(("Base case", {}), active="Plan B")
    assert 'The scenario in use, "Plan B", is not one of the scenarios ("Base case")' in str(exc.value)
    with pytest.raises(ValidationError):
        su.SustainmentDoc.model_validate({"active_scenario": "Base case"})  # no scenarios at all
    # left out in a hand-written file: the first scenario is the one in use
    assert with_scenarios(("A", {}), ("B", {})).active_scenario == "A"


def test_newer_format_and_unknown_fields_are_refused():
    with pytest.raises(ValidationError) as exc:
        su.SustainmentDoc.model_validate({**fixture_data(), "schema_version": 4})
    assert "newer version of the workbook" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        su.SustainmentDoc.model_validate({**fixture_data(), "budget": 3})
    lines = plans.humanize(exc.value, su.SustainmentDoc)
    assert lines == ["budget: this field is not part of the workbook format"]


def test_a_bad_scenario_input_is_named_in_words():
    data = fixture_data()
    data["scenarios"][1]["inputs"]["care_manager_fte"] = 7
    with pytest.raises(ValidationError) as exc:
        su.SustainmentDoc.model_validate(data)
    lines = plans.humanize(exc.value, su.SustainmentDoc)
    assert lines == ["Scenarios, row 2, Inputs, Care manager FTE (full-time equivalents): "
                     "must be 5 or less; you entered 7"]


# --- staffing figures: the scenario in use, nothing else ----------------------------------------


def test_staffing_figures_follow_the_scenario_in_use_not_the_first():
    doc = with_scenarios(("Base case", {"care_manager_fte": 1.0, "expected_caseload": 100}),
                         ("Two care managers", {"care_manager_fte": 2.0, "expected_caseload": 190,
                                                "consultant_hours_per_week": 6, "population": "multi_adequate"}),
                         active="Two care managers")
    f = su.staffing_figures(doc)
    assert (f.scenario_name, f.care_manager_fte, f.expected_caseload, f.consultant_hours_per_week) == (
        "Two care managers", 2.0, 190, 6)
    assert f.population == "multi_adequate" and (f.caseload_low, f.caseload_high) == (80, 100)
    assert f.caseload_per_fte == 95
    back = su.set_active(doc, "base case")
    assert su.staffing_figures(back).care_manager_fte == 1.0
    assert back.active_scenario == "Base case"


def test_staffing_figures_before_anything_is_saved_are_the_defaults_and_say_so():
    f = su.staffing_figures(su.SustainmentDoc())
    d = fm.FinancialInputs()
    assert not f.saved
    assert (f.care_manager_fte, f.expected_caseload, f.consultant_hours_per_week) == (
        d.care_manager_fte, d.expected_caseload, d.consultant_hours_per_week)
    assert su.staffing_figures(None) == f


# --- scenario changes ---------------------------------------------------------------------------


def test_first_save_creates_the_scenario_in_use():
    doc = su.with_inputs(su.SustainmentDoc(), "Base case", fm.FinancialInputs(care_manager_fte=0.5))
    assert doc.names() == ["Base case"] and doc.active_scenario == "Base case"
    assert doc.active().inputs.care_manager_fte == 0.5


def test_add_duplicate_rename_remove():
    doc = riverbend()
    doc = su.duplicate_scenario(doc, "Base case", "Lower billable share")
    assert doc.names()[-1] == "Lower billable share"
    assert doc.find("lower billable share").inputs == doc.find("Base case").inputs
    with pytest.raises(ValueError, match="up to 3 scenarios"):
        su.add_scenario(doc, "Fourth")
    with pytest.raises(ValueError, match='already a scenario called "Base case"'):
        su.rename_scenario(doc, "Lower billable share", "BASE CASE")
    renamed = su.rename_scenario(doc, "Base case", "Year 1")
    assert renamed.active_scenario == "Year 1"  # the scenario in use keeps being in use
    assert su.rename_scenario(doc, "Base case", "base case").active_scenario == "base case"  # case only
    removed = su.remove_scenario(renamed, "Year 1")
    assert removed.names() == ["Full caseload, more therapy visits", "Lower billable share"]
    assert removed.active_scenario == "Full caseload, more therapy visits"
    added = su.add_scenario(removed, "Fresh start")
    assert added.find("Fresh start").inputs == fm.FinancialInputs()


def test_scenarios_keep_their_ids_through_changes():
    doc = riverbend()
    base_id = doc.find("Base case").id
    renamed = su.rename_scenario(doc, "Base case", "Year 1")
    assert renamed.find("Year 1").id == base_id
    edited = su.with_inputs(renamed, "Year 1", fm.FinancialInputs(care_manager_fte=0.8))
    assert edited.find("Year 1").id == base_id
    copy = su.duplicate_scenario(edited, "Year 1", "Copy")
    assert copy.find("Copy").id not in {s.id for s in edited.scenarios}
    assert len({s.id for s in copy.scenarios}) == 3


def test_the_last_scenario_cannot_be_removed_and_names_are_required():
    doc = with_scenarios(("Only", {}))
    with pytest.raises(ValueError, match="Keep at least one scenario"):
        su.remove_scenario(doc, "Only")
    with pytest.raises(ValueError, match="Type a name"):
        su.add_scenario(doc, "   ")
    with pytest.raises(ValueError, match="at most 60 characters"):
        su.add_scenario(doc, "x" * 61)
    with pytest.raises(ValueError, match="no scenario called"):
        su.rename_scenario(doc, "Gone", "New")


# --- reading the form -----------------------------------------------------------------------


def test_bad_inputs_come_back_in_plain_words_by_field():
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({"care_manager_fte": 7, "expected_caseload": -3,
                         "payer_mix": [{"name": "Medicaid", "share_pct": 90, "relative_rate_pct": 70}]})
    assert exc.value.by_field == {
        "care_manager_fte": ["Care manager FTE (full-time equivalents): must be 5 or less; you entered 7"],
        "expected_caseload": ["Expected active caseload (patients): cannot be below 0; you entered -3"],
        "payer_mix": ["Payer mix: the shares add up to 90%; they must add up to 100%."],
    }


def test_figures_in_a_problem_carry_their_unit_and_text_in_a_number_box_is_named():
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({"benefits_pct": 150, "care_manager_salary": "lots", "startup_costs": 20_000_000})
    assert exc.value.lines == [
        'Care manager salary per full-time year ($): needs a number; you entered "lots"',
        "Benefits (% of salary): must be 100% or less; you entered 150%",
        "One-time start-up costs ($): must be $10,000,000 or less; you entered $20,000,000",
    ]


def test_bad_table_cells_name_the_row_or_code():
    rates = [r.model_dump() for r in fm.DEFAULT_RATES]
    rates[1]["amount"] = -5
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({"care_manager_fte": 0, "rates": rates,
                         "payer_mix": [{"name": None, "share_pct": 100, "relative_rate_pct": 100}]})
    assert exc.value.lines == [
        "Care manager FTE (full-time equivalents): must be more than 0; you entered 0",
        "Payment rates, 99493, Payment per unit ($): cannot be below $0; you entered -$5",
        "Payer mix, row 1: enter the payer's name",
    ]


def test_a_half_filled_payer_row_is_named_not_dropped_and_not_added_up():
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({"payer_mix": [{"name": "Medicare", "share_pct": 60, "relative_rate_pct": 100},
                                       {"name": None, "share_pct": 40, "relative_rate_pct": 100}]})
    assert exc.value.lines == ["Payer mix, row 2: enter the payer's name"]  # no "adds up to 60%"


def test_an_emptied_number_is_required_not_zero_and_the_rest_is_still_checked():
    rates = [r.model_dump() for r in fm.DEFAULT_RATES]
    rates[0]["amount"] = None
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({"benefits_pct": None, "expected_caseload": None, "care_manager_fte": 7, "rates": rates})
    assert exc.value.lines == [
        "Care manager FTE (full-time equivalents): must be 5 or less; you entered 7",
        "Benefits (% of salary): this is required",
        "Expected active caseload (patients): this is required",  # not silently the AIMS default
        "Payment rates, 99492, Payment per unit ($): this is required",
    ]
    assert set(exc.value.by_field) == {"care_manager_fte", "benefits_pct", "expected_caseload", "rates"}


def test_a_source_over_the_limit_says_the_limit_and_the_length():
    rates = [r.model_dump() for r in fm.DEFAULT_RATES]
    rates[1]["source"] = "x" * 401
    with pytest.raises(su.InputProblems) as exc:
        su.parse_inputs({"rates": rates})
    assert exc.value.lines == ["Payment rates, 99493, Where this rate comes from: this is 401 characters long, and "
                               "the most allowed is 400. Shorten it: what you typed is still there"]


def test_payer_rows_keep_the_hidden_id_and_drop_rows_left_empty():
    rows = su.payer_rows([
        {"id": "a1b2c3d4e5f6", "name": "Medicare", "share_pct": 60.0, "relative_rate_pct": 100.0,
         "patient_share_pct": 20.0, "pays_cpt": True, "pays_g_codes": True, "addon_cap": None},
        {"id": "0f0f0f0f0f0f", "name": None, "share_pct": float("nan"), "relative_rate_pct": None},  # emptied
        {"id": "0e0e0e0e0e0e", "name": None, "share_pct": None, "pays_g_codes": False},  # only a tick box touched
        {"id": None, "name": None, "share_pct": 40.0, "relative_rate_pct": 100.0},  # new, half filled
    ])
    medicare = {"id": "a1b2c3d4e5f6", "name": "Medicare", "share_pct": 60.0, "relative_rate_pct": 100.0,
                "patient_share_pct": 20.0, "pays_cpt": True, "pays_g_codes": True, "addon_cap": None}
    # a new row pays every code, with no patient share and no add-on cap, until someone says otherwise
    assert rows == [medicare, {"id": None, "name": None, "share_pct": 40.0, "relative_rate_pct": 100.0,
                               "patient_share_pct": 0.0, "pays_cpt": True, "pays_g_codes": True, "addon_cap": None}]
    inputs = su.parse_inputs({"payer_mix": [rows[0], {**rows[1], "name": "Medicaid"}]})
    assert inputs.payer_mix[0].id == "a1b2c3d4e5f6"
    assert len(inputs.payer_mix[1].id) == 12  # a new row gets its own id


def test_editor_rows_drop_blank_rows_and_turn_empty_cells_into_none():
    rows = su.editor_rows([{"name": "Medicare", "share_pct": 60.0, "relative_rate_pct": 100.0, "extra": 1},
                           {"name": None, "share_pct": float("nan"), "relative_rate_pct": None},
                           {"name": "  ", "share_pct": 40.0, "relative_rate_pct": float("nan")}],
                          ("name", "share_pct", "relative_rate_pct"))
    assert rows == [{"name": "Medicare", "share_pct": 60.0, "relative_rate_pct": 100.0},
                    {"name": None, "share_pct": 40.0, "relative_rate_pct": None}]


# --- progress and open items -------------------------------------------------------------------


def test_progress_needs_every_factor_addressed_or_noted_and_a_scenario():
    assert su.progress(None) == "not started"
    assert su.progress(su.SustainmentDoc()) == "not started"
    factors_only = su.SustainmentDoc.model_validate({"responses": all_settled()})
    assert su.progress(factors_only) == "in progress"  # no scenario saved yet
    scenario_only = with_scenarios(("Base case", {}))
    assert su.progress(scenario_only) == "in progress"
    responses = all_settled()
    responses["quality"] = {"rating": su.PARTLY, "note": ""}
    assert su.progress(with_scenarios(("Base case", {}), responses=responses)) == "in progress"
    responses["quality"] = {"rating": su.PARTLY, "note": "Quarterly report to the QI committee from March."}
    assert su.progress(with_scenarios(("Base case", {}), responses=responses)) == "complete"
    assert su.progress(riverbend()) == "complete"


def test_findings_for_riverbend():
    # Riverbend's base case by hand:
    #   costs: 68,000 x 1.30 / 12 = 7,366.67; 4 h x $190 x 52 / 12 = 3,293.33; 5 h x $22 x 52 / 12 = 476.67;
    #          overhead 15% of 11,136.67 = 1,670.50; total $12,807.17 a month
    #   70 patients, 14 new: first 14 x 75% = 10.5, later 56 x 75% = 42 billable months
    #   99492 10.5 x 0.9 = 9.45 x 145.24 = 1,372.52; 99493 42 x 0.9 = 37.8 x 130.00 = 4,914.00;
    #   G2214 52.5 x 0.1 = 5.25 x 57.50 = 301.88; 99494 47.25 x 0.3 = 14.175 x 55.96 = 793.23; = $7,381.63
    #   payer mix 0.45 x 0.75 + 0.30 + 0.15 x 1.15 + 0.10 x 0 = 0.81 -> $5,979.12; + 30 x $95 = $8,829.12
    #   net 8,829.12 - 12,807.17 = -$3,978.05 a month, -$47,737 a year
    doc = riverbend()
    assert [(f.severity, f.text) for f in su.findings(doc)] == [
        ("note", "Quality of care is not addressed yet (Partly)."),
        ("note", "Patient experience is not addressed yet (Not yet)."),
        ("note", "Staff satisfaction is not addressed yet (Partly)."),
        ("should_fix", "The scenario in use (\u201cBase case\u201d) loses $47,737 a year on ongoing costs; start-up "
                       "costs come on top."),
    ]


def test_a_caseload_above_the_aims_range_is_the_staffing_worksheets_finding_and_all_is_quiet_when_well():
    over = with_scenarios(("Stretched", {"population": "multi_low", "expected_caseload": 90,
                                         "new_enrollments_per_month": 18}), responses=all_settled())
    assert not any("AIMS range" in f.text for f in su.findings(over))  # said once, where hiring is decided
    short = [f.text for f in sf.findings(sf.StaffingDoc(), over) if f.id == "staffing:care-manager-short"]
    assert "90 patients per full-time care manager is above the AIMS range of 50-75" in short[0]
    # 100 patients within what the hours carry ((6,240 - 20 x 45) / 53.33 = 100.1), more minutes than the defaults
    # and 20 psychotherapy visits: it pays its way, and nothing is left to flag
    therapy = [{"code": "90834", "visits_per_month": 20, "payment_per_visit": 100}] + [
        {"code": c, "visits_per_month": 0, "payment_per_visit": 100} for c in ("90791", "90832", "90837")]
    bands = [b.model_dump() for b in fm.bands_from_averages(110, 60, 30)]
    healthy = with_scenarios(("Paying its way", {"expected_caseload": 100, "new_enrollments_per_month": 20,
                                                 "minute_bands": bands, "psychotherapy": therapy}),
                             responses=all_settled())
    result = fm.compute(healthy.active().inputs)
    assert result.net.annual > 0 and result.capacity.status == "fits" and result.warnings == ()
    assert su.findings(healthy) == []


def test_findings_before_anything_is_saved():
    items = [f.text for f in su.findings(su.SustainmentDoc())]
    assert items[0] == "Quality of care is not addressed yet (not rated)." and len(items) == 6
    assert items[-1].startswith("No financial scenario saved yet")


# --- report section -------------------------------------------------------------------------------


def test_report_section_holds_the_factors_and_the_financial_model():
    doc = riverbend()
    section, *budgets = su.report_section(doc, 4)
    assert section.title == "Sustainment plan" and section.revision == 4
    # then each scenario's 36 months, printed landscape
    assert [(b.title, b.landscape) for b in budgets] == [
        ("Sustainment plan: Base case, 36 months", True),
        ("Sustainment plan: Full caseload, more therapy visits, 36 months", True)]
    factors = next(b for b in section.blocks if isinstance(b, Table) and b.caption == "Non-financial factors")
    assert [row[0] for row in factors.rows] == list(su.FACTOR_NAMES.values())
    assert factors.rows[3][2] == su.ADDRESSED and factors.rows[3][3].startswith("The COO sponsors")
    headings = [b.text for b in section.blocks if isinstance(b, Heading)]
    assert headings[:3] == ["Beyond the money", "Financial model", "Scenarios side by side"]
    assert "Scenario: Base case" in headings and "Still open" in headings
    assert any(isinstance(b, Para) and b.text.startswith('Scenario in use: "Base case"') for b in section.blocks)
    still_open = section.blocks[-1]
    assert isinstance(still_open, Bullets) and len(still_open.items) == 4  # 3 factors + the money-losing case
    assert "loses $47,737 a year" in still_open.items[-1]
    # the financial blocks are the model's own, unchanged
    model_blocks = fm.report_blocks(doc.scenarios)
    assert all(b in section.blocks for b in model_blocks)


def test_describe_for_history():
    assert su.describe(su.SustainmentDoc()) == "0 of 5 factors addressed; no scenario saved"
    assert su.describe(riverbend()) == ("2 of 5 factors addressed; 2 scenarios; in use: Base case "
                                        "(net -$47,737 a year)")


def test_scenarios_from_before_the_budget_say_their_cash_flow_inputs_are_starting_figures_until_checked():
    doc = su.SustainmentDoc.model_validate(json.loads(FIXTURE_V2.read_text(encoding="utf-8")))
    assert doc.budget_unchecked == [s.id for s in doc.scenarios]  # all three were saved before the budget
    base = doc.find("Base case")
    note = su.budget_unchecked_note(doc, base)
    assert "saved before the 36-month budget existed" in note
    assert "ramp-up (6 months), payment lag (2 months) and claims collected (100%)" in note
    # saving another part of the inputs (or Staffing's figures) leaves the note; saving the Cash flow tab clears it
    kept = su.with_inputs(doc, "Base case", base.inputs)
    assert su.budget_unchecked_note(kept, kept.find("Base case"))
    checked = su.with_inputs(doc, "Base case", base.inputs, cash_flow_checked=True)
    assert su.budget_unchecked_note(checked, checked.find("Base case")) == ""
    assert len(checked.budget_unchecked) == 2  # the other two scenarios still carry it
    # a removed scenario's id goes with it; a scenario made today never had the note
    removed = su.remove_scenario(checked, "Health center billing, 2025")
    assert len(removed.budget_unchecked) == 1
    new = su.add_scenario(removed, "New")
    assert su.budget_unchecked_note(new, new.find("New")) == ""
