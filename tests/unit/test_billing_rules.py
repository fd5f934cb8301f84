"""Billing rules by year (worksheets.billing_rules): what a finance officer checks against the fee schedule.

Every amount below is worked out by hand in the comments: total RVUs x the year's conversion factor, rounded to
the cent. A figure CMS has not confirmed must say so wherever it is shown.
"""
from __future__ import annotations

import pytest

from worksheets import billing_rules as br
from worksheets import financial_model as fm


# --- CY2025: the confirmed national non-facility amounts ------------------------------------------------


@pytest.mark.parametrize(
    "code, rvus, amount",
    [
        # 4.49 x 32.3465 = 129.386 + 15.849785 = 145.235785 -> $145.24
        ("99492", "4.49", 145.24),
        # 4.13 x 32.3465 = 129.386 + 4.205045 = 133.591045 -> $133.59
        ("99493", "4.13", 133.59),
        # 1.73 x 32.3465 = 32.3465 + 23.612945 = 55.959445 -> $55.96
        ("99494", "1.73", 55.96),
        # 1.68 x 32.3465 = 32.3465 + 21.99562 = 54.34212 -> $54.34
        ("G2214", "1.68", 54.34),
        # 4.31 x 32.3465 = 129.386 + 10.027415 = 139.413415 -> $139.41
        ("G0512", "4.31", 139.41),
    ],
)
def test_2025_amounts_are_the_confirmed_cms_figures(code, rvus, amount):
    a = br.table(2025).amounts[code]
    assert a.amount("non_facility") == amount
    assert a.confirmed("non_facility")
    text = a.source_for("non_facility")
    assert f"{rvus} RVUs x $32.3465" in text and "CY2025" in text
    assert "Placeholder" not in text


def test_a_2025_scenario_never_bills_the_apcm_add_ons_and_says_why():
    # G0568 / G0569 start in 2026: ticking them in a 2025 scenario bills the standard codes and is flagged next to
    # the tick box; the same tick in 2026 bills them in place of 99492 / 99493
    ticked_2025 = fm.FinancialInputs(billing_year=2025, apcm_addons=True)
    assert ticked_2025.codes == ("99492", "99493", "99494", "G2214")
    assert not {"G0568", "G0569"} & {c.code for c in fm.compute(ticked_2025).codes}
    assert ("apcm_addons", "The APCM add-ons G0568 and G0569 exist from 2026; choose billing year 2026 or untick "
                           "them.") in fm.cross_problems(ticked_2025)
    assert {"G0568", "G0569"} <= set(fm.FinancialInputs(billing_year=2026, apcm_addons=True).codes)


def test_2025_facility_amounts_only_99492_is_confirmed_the_rest_are_labelled_placeholders():
    t = br.table(2025)
    # 99492's facility amount is the one confirmed here: $90.89
    assert t.amounts["99492"].amount("facility") == 90.89 and t.amounts["99492"].confirmed("facility")
    # the others: the non-facility amount x 90.89 / 145.24. 99493: 133.59 x 90.89 = 12,142.0971; / 145.24 = 83.6002
    #   -> $83.60. 99494: 55.96 x 90.89 = 5,086.2044; / 145.24 = 35.0193 -> $35.02
    assert t.amounts["99493"].amount("facility") == 83.60
    assert t.amounts["99494"].amount("facility") == 35.02
    for code in ("99493", "99494", "G2214", "G0512"):
        a = t.amounts[code]
        assert not a.confirmed("facility")
        assert a.source_for("facility").startswith("Placeholder, not a CMS figure: the non-facility amount x 90.89 / "
                                                   "145.24")


# --- CY2026: placeholders, labelled as such --------------------------------------------------------------


@pytest.mark.parametrize(
    "code, rvus, amount",
    [
        # 4.49 x 33.4009 = 133.6036 + 16.366441 = 149.970041 -> $149.97
        ("99492", "4.49", 149.97),
        # 4.13 x 33.4009 = 133.6036 + 4.342117 = 137.945717 -> $137.95
        ("99493", "4.13", 137.95),
        # 1.73 x 33.4009 = 33.4009 + 24.382657 = 57.783557 -> $57.78
        ("99494", "1.73", 57.78),
        # 1.68 x 33.4009 = 33.4009 + 22.712612 = 56.113512 -> $56.11
        ("G2214", "1.68", 56.11),
        # G0569 mirrors 99493: 4.13 x 33.4009 -> $137.95
        ("G0569", "4.13", 137.95),
    ],
)
def test_2026_placeholders_are_the_2025_rvus_at_the_2026_conversion_factor(code, rvus, amount):
    a = br.table(2026).amounts[code]
    assert a.amount("non_facility") == amount
    assert not a.confirmed("non_facility") and not a.confirmed("facility")
    text = a.source_for("non_facility")
    assert text.startswith("Placeholder, not a CMS figure")
    assert f"the 2025 RVUs ({rvus}) x the CY2026 conversion factor $33.4009" in text


def test_2026_g0568_and_g0512_are_placeholders_that_say_why():
    t = br.table(2026)
    g0568 = t.amounts["G0568"]
    assert g0568.amount("non_facility") == 149.30 and not g0568.confirmed("non_facility")
    assert g0568.source.startswith("Placeholder, not a CMS figure")
    # G0512 keeps the 2025 Medicare amount, for a state Medicaid program that still pays it
    g0512 = t.amounts["G0512"]
    assert g0512.amount("non_facility") == 139.41 and not g0512.confirmed("non_facility")
    assert "Medicare stopped paying G0512 on 1 January 2026" in g0512.source
    assert "Placeholder" in g0512.source


def test_2026_facility_placeholders_say_how_they_were_made():
    # 99492 2026 facility: 149.97 x 90.89 / 145.24 = 13,630.7733 / 145.24 = 93.8500 -> $93.85
    a = br.table(2026).amounts["99492"]
    assert a.amount("facility") == 93.85
    assert a.source_for("facility").startswith("Placeholder, not a CMS figure: the non-facility amount x 90.89 / "
                                               "145.24")


def test_table_rates_2026_marks_nothing_confirmed():
    for site in ("non_facility", "facility"):
        rates = fm.table_rates(2026, site)
        assert [r.code for r in rates] == ["99492", "99493", "99494", "G2214", "G0512", "G0568", "G0569"]
        assert not any(r.verified for r in rates)
        assert {r.year for r in rates} == {2026}
        assert all("Placeholder" in r.source for r in rates)


def test_a_2025_scenario_says_which_rates_are_confirmed_in_its_workings():
    # what the finance officer reads in "How each figure was worked out": 2025 office rates are confirmed CMS
    # amounts; in a facility scenario only 99492's $90.89 is, 99493's $83.60 is a placeholder
    # (133.59 x 90.89 / 145.24 = 83.60)
    office = fm.compute(fm.FinancialInputs(billing_year=2025))
    assert "x $145.24 (2025 rate, confirmed)" in office.code("99492").explanation[0]
    assert "x $133.59 (2025 rate, confirmed)" in office.code("99493").explanation[0]
    facility = fm.compute(fm.FinancialInputs(billing_year=2025, site_of_service="facility"))
    assert "x $90.89 (2025 rate, confirmed)" in facility.code("99492").explanation[0]
    assert "x $83.60 (2025 rate, not confirmed)" in facility.code("99493").explanation[0]


def test_a_scenario_fills_its_rates_from_its_year_and_place_of_service():
    # a 2025 office scenario gets $145.24 for 99492; a 2025 facility one $90.89; a 2026 office one $149.97
    assert fm.FinancialInputs(billing_year=2025).rate("99492").amount == 145.24
    assert fm.FinancialInputs(billing_year=2025, site_of_service="facility").rate("99492").amount == 90.89
    assert fm.FinancialInputs(billing_year=2026).rate("99492").amount == 149.97
    # rates typed in are kept, whatever the year
    typed = [r.model_copy(update={"amount": 160.32}) if r.code == "99492" else r for r in fm.table_rates(2026)]
    assert fm.FinancialInputs(billing_year=2026, rates=typed).rate("99492").amount == 160.32


# --- an older plan hears about the newer table ------------------------------------------------------------


def test_newer_table_note_for_2025_and_none_for_2026():
    note = br.newer_table_note(2025)
    assert "uses the 2025 billing rules" in note and "A 2026 table exists" in note
    assert br.newer_table_note(2026) == ""
    # and a 2025 scenario shows it among its notes; a 2026 one does not
    assert note in fm.billing_notes(fm.FinancialInputs(billing_year=2025))
    assert not any("table exists" in n for n in fm.billing_notes(fm.FinancialInputs(billing_year=2026)))


def test_a_year_with_no_table_is_refused_in_words():
    with pytest.raises(ValueError) as exc:
        br.table(2024)
    assert str(exc.value) == "There is no billing table for 2024; tables exist for 2025, 2026."


# --- each year's health-center rule and codes --------------------------------------------------------------


def _health_center(year: int) -> fm.FinancialInputs:
    """10 patients a month (2 first, 2 x 2 = 4 active, 4 monitoring); 50% of months reach 70 / 60 minutes; 80%
    reach 16, 10% of those only G2214, 0.5 add-ons a month; one payer at Medicare rates."""
    return fm.FinancialInputs(
        billing_mode="fqhc_rhc", billing_year=year, volume_method="share", expected_caseload=10,
        new_enrollments_per_month=2, episode_months=5, active_months=2, billable_share_pct=80, g2214_share_pct=10,
        addon_units_per_month=0.5, g0512_share_pct=50,
        payer_mix=[fm.PayerShare(name="Medicare", share_pct=100, relative_rate_pct=100, patient_share_pct=0)])


def test_a_health_center_bills_g0512_in_2025_and_the_standard_codes_in_2026():
    # 2025: one line, G0512: 10 patient-months x 50% reaching 70 / 60 minutes = 5 a month, at
    # 4.31 x 32.3465 = 139.413415 -> $139.41; 5 x 139.41 = $697.05 a month
    r25 = fm.compute(_health_center(2025))
    assert [c.code for c in r25.codes] == ["G0512"]
    g0512 = r25.code("G0512")
    assert g0512.rate == 139.41 and g0512.units == pytest.approx(5)
    assert g0512.monthly == pytest.approx(697.05)
    # the scenario's notes carry the year's rule in words
    assert any("at least 70 minutes in the patient's first month or 60 minutes in a later month" in n
               for n in r25.notes)
    # 2026: G0512 gone for Medicare; the standard codes, each with its time rule
    r26 = fm.compute(_health_center(2026))
    assert [c.code for c in r26.codes] == ["99492", "99493", "99494", "G2214"]
    # 99492: 2 first months x 80% x (1 - 10%) = 1.44 at 4.49 x 33.4009 = $149.97
    assert r26.code("99492").units == pytest.approx(1.44) and r26.code("99492").rate == 149.97
    assert any("Medicare stopped paying G0512 on 1 January 2026" in n for n in r26.notes)


def test_minute_bands_read_as_the_time_rules():
    # first month: under 16 nothing, 16-35 G2214, 36-69 99492, 70-85 99492 + G0512's full time, then add-ons
    # every 30 minutes from 86; a later month: 16-30, 31-59, 60-75, add-ons from 76
    assert [fm.band_label(i, "first") for i in range(7)] == [
        "0-15 minutes", "16-35 minutes", "36-69 minutes", "70-85 minutes", "86-115 minutes", "116-145 minutes",
        "146+ minutes"]
    assert [fm.band_label(i, "active") for i in range(7)] == [
        "0-15 minutes", "16-30 minutes", "31-59 minutes", "60-75 minutes", "76-105 minutes", "106-135 minutes",
        "136+ minutes"]
    assert fm.band_label(1, "monitoring") == "16-30 minutes"
