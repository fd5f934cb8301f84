"""Sustainment plan: the factors beyond money, and the financial model with up to three scenarios."""
from functools import partial

import pandas as pd
import streamlit as st

from pages import ui
from planning import charts, registry, reports
from worksheets import billing_rules as br
from worksheets import checklist
from worksheets import fields
from worksheets import financial_model as fm
from worksheets import projection as pj
from worksheets import sustainment as su

SPEC = registry.worksheet(su.SustainmentDoc.KIND)
KIND = SPEC.kind
VIEW = "_sustainment_view"  # UI state only: which scenario is shown
AIMS_NOTE = "_sustainment_aims_note"
CHANGE_NOTE = "_sustainment_change_note"
INPUT_TAB, RESULT_TAB = "_sustainment_inputs_tab", "_sustainment_results_tab"  # UI state: which tab is on screen
LAST_TAB = "_sustainment_inputs_last_tab"  # the input tab drawn last: a filled-in table belongs to it  # what a scenario change did ('Added "X".'), shown after the rerun
F = fm.FinancialInputs.model_fields
RATE = fm.RateDefault.model_fields
PAYER = fm.PayerShare.model_fields
THERAPY = fm.TherapyLine.model_fields
ROW_HEIGHT = ui.ROW_HEIGHT  # tall rows: Streamlit wraps long notes and sources instead of cutting them off
RATE_ROW_HEIGHT = 100  # five lines: a rate's source reads whole at 1280 x 720

pid, meta, loaded = ui.open_worksheet(SPEC)
doc: su.SustainmentDoc = loaded.doc
ek = ui.editor_key(KIND)
change_note = st.session_state.pop(CHANGE_NOTE, None)
if change_note:
    st.toast(ui.md(change_note[1]), icon=":material/check_circle:")


def save(new_doc: su.SustainmentDoc, where: str, extra: str = "") -> None:
    """Save with the outcome shown at the button named ``where``; ``extra`` says what changed."""
    if ui.save(pid, new_doc, loaded.version, where=where):
        if extra:
            st.session_state[CHANGE_NOTE] = (where, extra)
        st.rerun()


def outcome(where: str) -> None:
    """The last save's outcome next to its button, with what the change did."""
    ui.outcome(KIND, where)
    if change_note and change_note[0] == where:
        st.caption(ui.md(change_note[1]))


def explain(lines) -> None:
    """The working behind a figure, escaped (explanations hold payer names and $ signs)."""
    with st.expander("How this was computed", icon=":material/calculate:"):
        st.markdown("\n".join(f"- {ui.md(line)}" for line in lines))


status = su.progress(doc)
open_now = [f.text for f in ui.plan_view().findings([KIND])]
st.caption(f"Status: {ui.status_label(status)}")
ui.still_open(open_now, expanded=True)

# ---- 1. Factors beyond money ------------------------------------------------------------------
st.header("1. Beyond the money")
st.write("Revenue is one reason a program lasts; over the long run, good results for patients are the best "
         "guarantee. For each factor, choose where the clinic stands and add a note: what is in place, who is "
         "working on it, or what is missing. Changes are kept when you press **Save factors**.")
for factor in su.FACTORS:
    st.markdown(f"**{su.FACTOR_NAMES[factor.id]}.** {factor.text}  \n:gray[*Why it matters:* {factor.help}]")
st.caption(":material/lock: " + ui.NO_PATIENT_DATA)
with st.form(f"{ek}_factors_form", border=False):
    edited_factors = ui.checklist_editor(
        doc, su.FACTORS, f"{ek}_factors", rating_label="Status", text_label="Factor", show_id=False,
        rating_help="Not yet, Partly or Addressed", texts=su.FACTOR_NAMES, widths=(0, 170, 0, 110, 500),
        note_help=f"Who, what and by when, up to {checklist.NOTE_MAX:,} characters. Plain text; never enter "
                  "patient details.")
    save_factors = st.form_submit_button("Save factors", disabled=ui.read_only(), type="primary",
                                         icon=":material/save:")
factor_msg = st.empty()
outcome("factors")
st.caption(ui.UNSAVED_HINT)

if save_factors:
    data = doc.model_dump(mode="json")
    data["responses"] = ui.checklist_responses(edited_factors.to_dict("records"))
    new_doc = ui.validated(su.SustainmentDoc, data, where=factor_msg)
    if new_doc is not None:
        save(new_doc, "factors")

# ---- 2. Financial model: which scenario ------------------------------------------------------
st.header("2. Financial model")
st.write("A simplified estimate of what the program costs to run each month and what it can bill, for a "
         "clinic finance officer to check line by line. Keep up to three scenarios to compare. The scenario "
         "**in use** is the plan's figure for care manager time, consultant hours and caseload: the Staffing "
         "and Monitoring worksheets read it from here.")

names = doc.names()
if names:
    active = doc.active()
    shown = doc.find(st.session_state.get(VIEW) or "") or active
    pick_col, use_col = st.columns([3, 2], vertical_alignment="bottom")
    picked = pick_col.selectbox(
        "Scenario shown", names, index=names.index(shown.name), key=f"{ek}_pick",
        format_func=lambda n: f"{n}  (in use)" if n == active.name else n,
        help="Which scenario's inputs and results appear below. Showing a scenario does not change which one "
             "is in use.")
    st.session_state[VIEW] = picked
    scenario = doc.find(picked) or active
    with use_col:
        if scenario is active:
            st.success("In use for Staffing and Monitoring.", icon=":material/check_circle:")
        elif st.button("Use for Staffing and Monitoring", disabled=ui.read_only(), key=f"{ek}_use", width="stretch",
                       help="Make the scenario shown the one Staffing and Monitoring read their figures from."):
            save(su.set_active(doc, scenario.name), "use", f'"{scenario.name}" is now the scenario in use.')
    outcome("use")
    full = len(names) >= fm.MAX_SCENARIOS
    with st.expander("Add, duplicate, rename or remove a scenario", icon=":material/edit_note:"):
        st.markdown(f"Duplicate, Rename and Remove act on the scenario shown: **{ui.md(scenario.name)}**.")
        with st.form(f"{ek}_manage", border=False):
            new_name = st.text_input("Name", key=f"{ek}_manage_name", placeholder="e.g. Two care managers",
                                     help=f"The name of a new scenario, of a copy, or the new name for the scenario "
                                          f"shown; up to {su.NAME_MAX} characters.")
            b1, b2, b3, b4 = st.columns(4)
            add = b1.form_submit_button("Add new", disabled=full or ui.read_only(), width="stretch",
                                        help="A new scenario with the model's starting figures.")
            dup = b2.form_submit_button("Duplicate", disabled=full or ui.read_only(), width="stretch",
                                        help="A copy of the scenario shown, under the name typed above.")
            ren = b3.form_submit_button("Rename", disabled=ui.read_only(), width="stretch",
                                        help="Give the scenario shown the name typed above.")
            sure = st.checkbox("Yes, remove the scenario shown", key=f"{ek}_manage_sure", disabled=len(names) == 1,
                               help="Removing needs this tick, so a scenario is never removed by a stray click.")
            rem = b4.form_submit_button("Remove", disabled=len(names) == 1 or ui.read_only(), width="stretch",
                                        help="Remove the scenario shown (tick the box below the buttons first).")
        manage_msg = st.empty()
        outcome("manage")
        st.caption(f"Up to {fm.MAX_SCENARIOS} scenarios. " + ("Remove one to add another. " if full else "")
                   + "A removed scenario can be brought back from History at the bottom of the page: restore "
                     "the version saved before it was removed.")
    change = None
    try:
        if add:
            change = (su.add_scenario(doc, new_name), new_name.strip(), f'Added "{new_name.strip()}".')
        elif dup:
            change = (su.duplicate_scenario(doc, scenario.name, new_name), new_name.strip(),
                      f'Copied "{scenario.name}" as "{new_name.strip()}".')
        elif ren:
            change = (su.rename_scenario(doc, scenario.name, new_name), new_name.strip(),
                      f'Renamed "{scenario.name}" to "{new_name.strip()}".')
        elif rem and not sure:
            manage_msg.error(f'**Not removed.** Tick "Yes, remove the scenario shown" to remove '
                             f'"{ui.md(scenario.name)}". A removed scenario can be brought back from History.',
                             icon=":material/error:")
        elif rem:
            after = su.remove_scenario(doc, scenario.name)
            change = (after, after.active_scenario,
                      f'Removed "{scenario.name}". To bring it back, restore the version before this one in '
                      "History.")
    except ValueError as exc:
        manage_msg.error(f"**Not saved.** {ui.md(str(exc))}", icon=":material/error:")
    if change is not None:
        st.session_state[VIEW] = change[1]
        save(change[0], "manage", change[2])
else:
    scenario = fm.default_scenario()
    st.info("Nothing saved yet: the inputs below are the model's defaults. Change them to the clinic's figures "
            "and press **Save inputs**. After that you can add up to two more scenarios to compare.",
            icon=":material/info:")

inputs = scenario.inputs
unchecked_note = su.budget_unchecked_note(doc, scenario) if names else ""
slot_no = names.index(scenario.name) if names else 0
pre = f"{ek}_s{slot_no}_"


def _use_aims_default(prefix: str) -> None:
    """Form callback: fill caseload and new patients from the AIMS range (not saved until Save inputs)."""
    ss = st.session_state
    population = ss.get(prefix + "population")
    fte = ss.get(prefix + "care_manager_fte", inputs.care_manager_fte)  # the FTE's own tab may not be open
    episode = ss.get(prefix + "episode_months")
    if population not in fm.POPULATIONS or not isinstance(fte, (int, float)) or not 0 < fte <= 5:
        ss[AIMS_NOTE] = ("error", "Enter a care manager FTE above 0 and up to 5 first; the AIMS caseload is per "
                                  "full-time care manager.")
        return
    cell = fm.POPULATIONS[population]
    caseload = fm.default_caseload(population, fte)
    ss[prefix + "expected_caseload"] = caseload
    text = (f"Caseload set to {fm.num(caseload, 1)}: the middle of the AIMS range for this population "
            f"({cell.low}-{cell.high} per full-time care manager) x {fm.fte_text(fte)} FTE.")
    if isinstance(episode, (int, float)) and 1 <= episode <= 24:
        enrol = fm.default_new_enrollments(caseload, episode)
        ss[prefix + "new_enrollments_per_month"] = enrol
        text += (f" New patients a month set to {fm.num(enrol, 1)} ({fm.num(caseload, 1)} / {fm.num(episode)} "
                 "months in care) so the two agree.")
    ss[AIMS_NOTE] = ("info", text + " Press **Save inputs** to keep them.")


SHORT = {  # labels short enough to read whole at 1280 x 720; the full title is in the help
    "g0512_share_pct": "Months reaching 60/70 minutes, for G0512 (%)",
    "billable_share_pct": "Months reaching 16 minutes (%)",
    "g2214_share_pct": "Billable months billed as G2214 (%)",
    "addon_units_per_month": "99494 add-ons per 99492/99493 month",
    "hours_direct": "Direct contact",
    "hours_documentation": "Documentation and registry",
    "hours_outreach": "Outreach and coordination",
    "hours_caseload_review": "Caseload review",
    "hours_meetings": "Meetings and supervision",
    "hours_other": "Other duties",
}
slots: dict = {}
values: dict = {}


def number(field: str) -> None:
    """A number input without widget-level bounds: the model checks the range and says so in words (a widget
    bound would silently keep the old value). An emptied box stays empty and is reported as required. Help,
    step and format come from the model's Field (worksheets.fields).

    The saved figure is seeded through session state (a widget default would come back into an emptied box).
    The browser draws such a box empty first and fills it a moment later, so its placeholder is the saved
    figure, written as the box writes it: the box never looks empty while it loads."""
    info = F[field]
    key = pre + field
    saved = float(getattr(inputs, field))
    if key not in st.session_state:
        st.session_state[key] = saved
    slots[field] = st.empty()
    title = info.title
    label = SHORT.get(field, title)
    fmt = fields.input_format(info)
    values[field] = st.number_input(label, value=None, key=key, step=fields.step(info), format=fmt,
                                    placeholder=fmt % saved,
                                    help=(f"{title}. " if label != title else "") + fields.help_text(info))


def group(title: str | None, fields_: list[str] | tuple[str, ...], per_row: int = 3) -> None:
    if title:
        st.markdown(f"#### {title}")
    for start in range(0, len(fields_), per_row):
        cols = st.columns(per_row)
        for col, field in zip(cols, fields_[start:start + per_row]):
            with col:
                number(field)


def choice(field: str, options: list, widget=st.radio, **kwargs):
    key = pre + field
    if key not in st.session_state:
        st.session_state[key] = getattr(inputs, field)
    slots[field] = st.empty()
    values[field] = widget(F[field].title, options, key=key, **kwargs)


def override(name: str, saved):
    """What an editor starts from: a filled-in table (Load rates, Fill the bands) until Save, else the saved one."""
    return st.session_state.get(pre + name + "_override", saved)


def editor_key(name: str) -> str:
    return f"{pre}{name}_{st.session_state.get(pre + name + '_rev', 0)}"


def _fill(name: str, make) -> None:
    """Form callback: put a filled-in table in an editor (not saved until Save inputs)."""
    ss = st.session_state
    try:
        ss[pre + name + "_override"] = make(ss)
    except (TypeError, ValueError) as exc:
        ss[AIMS_NOTE] = ("error", str(exc))
        return
    ss[pre + name + "_rev"] = ss.get(pre + name + "_rev", 0) + 1


def _table_rates(ss) -> list:
    year, site = ss.get(pre + "billing_year"), ss.get(pre + "site_of_service")
    ss[AIMS_NOTE] = ("info", f"Rates set from the {year} table ({'facility' if site == 'facility' else 'office'} "
                             "amounts). Press **Save inputs** to keep them.")
    return fm.table_rates(year, site)


def _spread_bands(ss) -> list:
    averages = [ss.get(pre + f"avg_{p}") for p in fm.PHASES]
    if any(not isinstance(v, (int, float)) or not 0 <= v <= 600 for v in averages):
        raise ValueError("Enter an average from 0 to 600 minutes for each phase first.")
    ss[AIMS_NOTE] = ("info", "Bands filled from the averages (" + ", ".join(fm.num(v) for v in averages)
                     + f" minutes), {fm.SPREAD_WORDS}. Press **Save inputs** to keep them.")
    return fm.bands_from_averages(*averages)


def form_note() -> None:
    note = st.session_state.pop(AIMS_NOTE, None)
    if note:
        (st.error if note[0] == "error" else st.info)(note[1])


st.subheader(f"Inputs: {ui.md(scenario.name)}")
st.write("Every figure can be changed; nothing is kept until you press **Save inputs**. Hover over the "
         ":material/help: signs for why each input matters and the values allowed.")
with st.expander("Where the starting figures come from", icon=":material/source:"):
    st.write("Figures marked as placeholders or our assumption are only a place to start: replace them with the "
             "clinic's own. Payment rates change every year; check them before you rely on the result.")
    sources = fm.default_sources_table()
    st.dataframe([dict(zip(sources.columns, row)) for row in sources.rows], hide_index=True, width="stretch",
                 column_config={"Source": st.column_config.TextColumn(width="large")}, row_height=ROW_HEIGHT)
def _draw_staff() -> None:
    """Inputs tab: Staff and costs."""
    group(None, ["care_manager_fte", "care_manager_salary", "benefits_pct", "consultant_hours_per_week",
                 "consultant_hourly_rate", "other_staff_hours_per_week", "other_staff_hourly_rate",
                 "overhead_pct", "startup_costs"])
    st.caption("For reference: a published median start-up cost is $160,000 per clinic (range $49,000 to "
               "$653,000), about 70% of it leadership staff time (Path Forward, 2023). Count here what the "
               "clinic will actually spend beyond its usual budget.")


def _draw_case() -> None:
    """Inputs tab: Caseload."""
    pop_key = pre + "population"
    if pop_key not in st.session_state:
        st.session_state[pop_key] = inputs.population
    slots["population"] = st.empty()
    values["population"] = st.selectbox(
        F["population"].title, list(fm.POPULATIONS), key=pop_key,
        format_func=lambda p: f"{fm.POPULATIONS[p].short_label} (AIMS range {fm.POPULATIONS[p].low}-"
                              f"{fm.POPULATIONS[p].high} patients per full-time care manager)",
        help="Patients with more needs (medical conditions too, low income, little support) take more care "
             "manager time, so AIMS suggests a smaller caseload for them. This sets the range the caseload is "
             "checked against and the figure Use AIMS default fills in.")
    group(None, ["expected_caseload", "new_enrollments_per_month", "episode_months", "active_months"], per_row=4)
    st.form_submit_button("Use AIMS default caseload", icon=":material/auto_fix_high:",
                          on_click=partial(_use_aims_default, pre),
                          help="Fills in the caseload (and new patients a month to match) from the population "
                               "and the saved care manager FTE. Nothing is saved until you press Save inputs.")


def _draw_bill() -> None:
    """Inputs tab: Billing and rates."""
    m1, m2, m3 = st.columns([3, 1, 2])
    with m1:
        choice("billing_mode", list(fm.BILLING_MODE_LABELS), format_func=fm.BILLING_MODE_LABELS.get,
               help="Standard codes: most clinics. Health centers and rural health clinics billed Medicare one "
                    "G0512 a month through 2025; from 1 January 2026 they bill the standard codes like other "
                    "clinics. Some state Medicaid programs still pay G0512: choose the last option to model "
                    "them, with the state's rate for G0512 in the rate table.")
    with m2:
        choice("billing_year", list(fm.BILLING_YEARS),
               help="The calendar year the figures are for: it decides the codes a health center bills and "
                    "which year's rate table Load rates uses. A plan keeps its year until you change it.")
    with m3:
        choice("site_of_service", list(br.SITES), format_func=lambda s: "Office (non-facility)" if s ==
               "non_facility" else "Facility", help=br.SITES["non_facility"] + ". " + br.SITES["facility"]
               + ". Most primary-care clinics bill the office rate.")
    apcm_key = pre + "apcm_addons"
    if apcm_key not in st.session_state:
        st.session_state[apcm_key] = inputs.apcm_addons
    slots["apcm_addons"] = st.empty()
    values["apcm_addons"] = st.checkbox(F["apcm_addons"].title, key=apcm_key,
                                        help=fields.help_text(F["apcm_addons"]))
    newer = br.newer_table_note(inputs.billing_year)
    if newer:
        st.info(newer, icon=":material/update:")
    year_table = br.table(inputs.billing_year)
    with st.expander(f"The {inputs.billing_year} billing rules", icon=":material/gavel:"):
        st.markdown("\n".join(f"- {ui.md(line)}" for line in (
            f"Conversion factor ${year_table.conversion_factor} ({year_table.cf_source}).",
            year_table.health_center_rule, *year_table.notes,
            *(f"{code}: {rule.minutes}." for code, rule in br.CODE_RULES.items()))))
    slots["rates"] = st.empty()
    rates = override("rates", inputs.rates)
    rate_frame = pd.DataFrame([{"code": r.code, "minutes": fm.CODE_MINUTES[r.code], "amount": r.amount,
                                "year": r.year, "verified": r.verified, "source": r.source} for r in rates])
    editors["rates"] = st.data_editor(
        rate_frame, key=editor_key("rates"), hide_index=True, width="stretch", num_rows="fixed",
        disabled=["code", "minutes"], row_height=RATE_ROW_HEIGHT, height=40 + RATE_ROW_HEIGHT * len(rate_frame),
        column_config={
            "code": st.column_config.TextColumn("Code", width=60),
            "minutes": st.column_config.TextColumn("Minutes needed", width=190),
            "amount": st.column_config.NumberColumn("Pays ($)", format="$%.2f", width=80,
                                                    help=fields.help_text(RATE["amount"])),
            "year": st.column_config.NumberColumn("Year", format="%d", step=1, width=60,
                                                  help=fields.help_text(RATE["year"])),
            "verified": st.column_config.CheckboxColumn("Confirmed", width=80,
                                                        help=fields.help_text(RATE["verified"])),
            "source": st.column_config.TextColumn(
                "Source", width="medium",
                help=f"{fields.help_text(RATE['source'])} Up to {fields.max_length(RATE['source'])} characters."),
        },
    )
    st.form_submit_button("Load rates for the year and place chosen", icon=":material/table_view:",
                          on_click=partial(_fill, "rates", _table_rates),
                          help="Replaces the rates above with the year's table for the place of service. "
                               "Confirmed figures are ticked; placeholders say so in their source.")
    st.caption(fm.RATE_CHECK_NOTE + " " + br.LOOKUP_NOTE)


def _draw_minutes() -> None:
    """Inputs tab: Minutes."""
    choice("volume_method", list(fm.VOLUME_METHODS), format_func=fm.VOLUME_METHODS.get, horizontal=True,
           help="Bands: the share of patient-months in each band of care manager minutes, by phase; the codes "
                "and add-ons follow from the time rules. Typed share: one share of billable months for every "
                "phase, as in a simple spreadsheet.")
    st.markdown("**Minutes in a month, by phase** (used with *bands*). Each column adds up to 100%.")
    slots["minute_bands"] = st.empty()
    bands = override("bands", inputs.minute_bands)
    band_frame = pd.DataFrame([{"band": b.band, "label": f"{fm.band_label(b.band, 'first')} / "
                                                         f"{fm.band_label(b.band, 'active')}",
                                "meaning": fm.BAND_MEANING[b.band], "first_pct": b.first_pct,
                                "active_pct": b.active_pct, "monitoring_pct": b.monitoring_pct} for b in bands])
    editors["bands"] = st.data_editor(
        band_frame, key=editor_key("bands"), hide_index=True, width="stretch", num_rows="fixed",
        disabled=["label", "meaning"], column_order=["label", "meaning", "first_pct", "active_pct",
                                                     "monitoring_pct"],
        column_config={
            "label": st.column_config.TextColumn("Minutes (first / later month)", width=170),
            "meaning": st.column_config.TextColumn("What it bills", width="medium"),
            **{f"{p}_pct": st.column_config.NumberColumn(fm.PHASE_LABELS[p] + " (%)", format="%.1f%%",
                                                         min_value=None, width=110,
                                                         help=f"Share of {fm.PHASE_LABELS[p].lower()} with this "
                                                              "many care manager minutes.")
               for p in fm.PHASES}})
    st.caption("Shortcut: type the average minutes a month for each phase and fill the bands, "
               f"{fm.SPREAD_WORDS}.")
    a1, a2, a3, a4 = st.columns([1, 1, 1, 1.4], vertical_alignment="bottom")
    for col, phase in zip((a1, a2, a3), fm.PHASES):
        key = pre + f"avg_{phase}"
        if key not in st.session_state:
            st.session_state[key] = fm.DEFAULT_AVERAGES[phase]
        col.number_input(f"Average, {fm.PHASE_LABELS[phase].lower()}", key=key, step=5.0, format="%.0f",
                         help="Average care manager minutes a patient-month in this phase: contacts, "
                              "documentation, outreach and caseload review for that patient.")
    a4.form_submit_button("Fill the bands from the averages", on_click=partial(_fill, "bands", _spread_bands),
                          icon=":material/auto_fix_high:",
                          help="Not saved until you press Save inputs.")
    st.markdown("**Typed share** (used with *typed share*)")
    group(None, ["billable_share_pct", "g2214_share_pct", "addon_units_per_month", "g0512_share_pct"],
          per_row=4)


def _draw_time() -> None:
    """Inputs tab: Care manager week."""
    st.write("A full-time care manager's week, in hours. The caseload one care manager can carry follows from "
             "the direct-contact hours and the contact plan; documentation, outreach and caseload review also "
             "count toward a patient's monthly minutes; meetings and other duties do not.")
    group(None, list(fm.HOUR_FIELDS))
    st.caption(f"Saved week: {fm.num(inputs.week_hours)} hours.")
    st.markdown("**Contact plan**")
    group(None, ["minutes_initial", "minutes_followup", "minutes_monitoring", "no_show_pct"], per_row=4)
    group(None, ["contacts_first", "contacts_active", "contacts_monitoring"])


def _draw_payers() -> None:
    """Inputs tab: Payers."""
    st.write("Who pays for the program's patients. Shares add up to 100%. *Pays vs Medicare* is 100 for "
             "Medicare rates and 0 for care nobody pays for. G-codes are Medicare and Medicaid codes: untick "
             "them for a commercial plan that does not pay them.")
    slots["payer_mix"] = st.empty()
    payer_frame = pd.DataFrame([p.model_dump() for p in inputs.payer_mix], columns=list(su.PAYER_COLUMNS))
    payer_frame = payer_frame.astype({"id": "object", "name": "object", "share_pct": "float64",
                                      "relative_rate_pct": "float64", "patient_share_pct": "float64",
                                      "pays_cpt": "bool", "pays_g_codes": "bool", "addon_cap": "float64"})
    editors["payers"] = st.data_editor(
        payer_frame, key=pre + "payers", hide_index=True, width="stretch", num_rows="dynamic",
        # the id column stays in the data (hidden): a payer keeps its id when its row is edited
        column_order=["name", "share_pct", "relative_rate_pct", "pays_cpt", "pays_g_codes", "addon_cap",
                      "patient_share_pct"],
        column_config={
            "name": st.column_config.TextColumn("Payer", width="medium",
                                                help=f"Up to {fields.max_length(PAYER['name'])} characters."),
            "share_pct": st.column_config.NumberColumn("Share (%)", format="%.1f%%", width=80,
                                                       help=fields.help_text(PAYER["share_pct"])),
            "relative_rate_pct": st.column_config.NumberColumn("Pays vs Medicare", format="%.0f%%", default=100.0,
                                                               width=90,
                                                               help=fields.help_text(PAYER["relative_rate_pct"])),
            "pays_cpt": st.column_config.CheckboxColumn("Pays 99492-4", default=True, width=90,
                                                        help=fields.help_text(PAYER["pays_cpt"])),
            "pays_g_codes": st.column_config.CheckboxColumn("Pays G-codes", default=True, width=90,
                                                            help=fields.help_text(PAYER["pays_g_codes"])),
            "addon_cap": st.column_config.NumberColumn("99494 cap", format="%.0f", width=80,
                                                       help=fields.help_text(PAYER["addon_cap"])),
            "patient_share_pct": st.column_config.NumberColumn("Patient share", format="%.0f%%", default=0.0,
                                                               width=90,
                                                               help=fields.help_text(PAYER["patient_share_pct"])),
        },
    )


def _draw_therapy() -> None:
    """Inputs tab: Psychotherapy."""
    st.write("Psychotherapy the care manager bills under its own codes. Its minutes come out of the "
             "direct-contact hours (so the caseload the hours carry falls) and never count toward Collaborative "
             "Care minutes.")
    slots["psychotherapy"] = st.empty()
    therapy_frame = pd.DataFrame([{"code": line.code, "visit": br.THERAPY_CODES[line.code].name,
                                   "time": br.THERAPY_CODES[line.code].minutes_rule,
                                   "visits_per_month": line.visits_per_month,
                                   "payment_per_visit": line.payment_per_visit} for line in inputs.psychotherapy])
    editors["therapy"] = st.data_editor(
        therapy_frame, key=pre + "therapy", hide_index=True, width="stretch", num_rows="fixed",
        disabled=["code", "visit", "time"],
        column_config={
            "code": st.column_config.TextColumn("Code", width=60),
            "visit": st.column_config.TextColumn("Visit", width="medium"),
            "time": st.column_config.TextColumn("Time with the patient", width="medium"),
            "visits_per_month": st.column_config.NumberColumn("Visits a month", format="%.1f", width=100,
                                                              help=fields.help_text(THERAPY["visits_per_month"])),
            "payment_per_visit": st.column_config.NumberColumn("Payment per visit", format="$%.2f", width=110,
                                                               help=fields.help_text(THERAPY["payment_per_visit"])),
        })
    st.caption(br.THERAPY_RATE_SOURCE)


def _draw_cash() -> None:
    """Inputs tab: Cash flow."""
    if unchecked_note:
        st.info(ui.md(unchecked_note), icon=":material/history:")
    st.write("How the program fills its caseload and when the money arrives, for the 36-month budget.")
    group(None, ["ramp_months", "salary_increase_pct", "rate_increase_pct", "payment_lag_months",
                 "collection_rate_pct", "coinsurance_collected_pct"])
    st.caption("For reference: a vendor reports clinics reach 20-40% of their caseload target in the first 90 "
               "days (April Health, 2026; not peer reviewed).")

INPUT_TABS = (("Staff and costs", _draw_staff), ("Caseload", _draw_case), ("Billing and rates", _draw_bill),
              ("Minutes", _draw_minutes), ("Care manager week", _draw_time), ("Payers", _draw_payers),
              ("Psychotherapy", _draw_therapy), ("Cash flow", _draw_cash))
editors: dict = {}
save_inputs = False
st.caption("Each tab saves on its own: press **Save inputs** before you open another tab.")
input_tabs = st.tabs([name for name, _ in INPUT_TABS], key=INPUT_TAB, on_change="rerun")
for tab, (name, draw) in zip(input_tabs, INPUT_TABS):
    if tab.open:  # only the tab on screen is drawn: fewer widgets, and hidden tables are never measured
        if st.session_state.get(LAST_TAB) != name:  # a tab just opened: tables filled in another tab are dropped
            for table in ("rates", "bands"):
                st.session_state.pop(pre + table + "_override", None)
            st.session_state[LAST_TAB] = name
        with tab, st.form(f"{ek}_inputs_{name}", border=False):
            form_note()
            slots["_elsewhere"] = st.empty()  # problems whose field is on another tab show here too
            draw()
            save_inputs = st.form_submit_button("Save inputs", disabled=ui.read_only(), type="primary",
                                                icon=":material/save:")
form_msg = st.empty()
outcome("inputs")
st.caption(ui.UNSAVED_HINT)

if save_inputs:
    data = inputs.model_dump(mode="json")  # the saved figures, with this tab's entries on top
    data.update(values)
    if "rates" in editors:
        data["rates"] = su.editor_rows(editors["rates"].to_dict("records"),
                                       ("code", "amount", "year", "source", "verified"))
        for row in data["rates"]:
            row["verified"] = bool(row["verified"])
    if "payers" in editors:
        data["payer_mix"] = su.payer_rows(editors["payers"].to_dict("records"))
    if "bands" in editors:
        data["minute_bands"] = su.editor_rows(editors["bands"].to_dict("records"),
                                              ("band", "first_pct", "active_pct", "monitoring_pct"))
    if "therapy" in editors:
        data["psychotherapy"] = su.editor_rows(editors["therapy"].to_dict("records"),
                                               ("code", "visits_per_month", "payment_per_visit"))
    try:
        new_inputs = su.parse_inputs(data)
        new_doc = su.with_inputs(doc, scenario.name, new_inputs,
                                 cash_flow_checked=st.session_state.get(LAST_TAB) == "Cash flow")
    except su.InputProblems as exc:
        form_msg.error("**Not saved.** Please fix what is marked; your entries are still here and the saved "
                       "figures are unchanged.\n\n" + "\n".join(f"- {ui.md(line)}" for line in exc.lines),
                       icon=":material/error:")
        elsewhere = []
        for field, lines in exc.by_field.items():
            if field in slots:
                slots[field].error("  \n".join(ui.md(line) for line in lines))
            else:
                elsewhere.extend(lines)
        if elsewhere and "_elsewhere" in slots:
            slots["_elsewhere"].error("  \n".join(ui.md(line) for line in elsewhere))
    except ValueError as exc:
        form_msg.error(f"**Not saved.** {ui.md(str(exc))}", icon=":material/error:")
    else:
        for name in ("rates", "bands"):
            st.session_state.pop(pre + name + "_override", None)
        save(new_doc, "inputs")

# ---- results ------------------------------------------------------------------------------------
result = fm.compute(inputs)
plan36 = pj.project(inputs)
be = result.break_even
cap = result.capacity
st.subheader(f"Results: {ui.md(scenario.name)}")
if not names:
    st.caption("These results use the default inputs; nothing is saved yet.")
else:
    st.caption("Results of the saved inputs. Steady-month figures are for a full caseload once the program runs; "
               "the 36-month budget adds the ramp-up, payment lag, start-up costs and yearly increases.")

revenue_lines = (list(result.volume.explanation) + [line for c in result.codes for line in c.explanation]
                 + list(result.medicare_revenue.explanation) + [line for p in result.payers for line in p.explanation]
                 + list(result.cocm_revenue.explanation) + list(result.ffs_revenue.explanation)
                 + list(result.total_revenue.explanation))
cost_lines = [line for c in result.costs for line in c.explanation] + list(result.total_cost.explanation)
year1 = plan36.years[0]
metrics = [
    ("Cost a month", fm.money(result.total_cost.monthly), cost_lines,
     "Ongoing cost in a steady month, once the program runs; start-up costs are not in it."),
    ("Revenue a month", fm.money(result.total_revenue.monthly), revenue_lines,
     "Collected in a steady month at the planned caseload: after the payer mix, the patient's unpaid cost share and claims not "
     "collected."),
    ("Net a month", fm.money(result.net.monthly), result.net.explanation, "Revenue less cost in a steady month."),
    ("Capacity (patients)", fm.num(cap.caseload, 1), cap.explanation,
     "Patients the care manager's direct-contact hours can carry with the contact plan."),
    ("Year-1 net (budget)", fm.money(year1.net), plan36.explanation,
     "Year 1 of the 36-month budget: ramp-up, payment lag, start-up costs."),
    ("Payback month", "Beyond 36" if plan36.payback_month is None else f"Month {plan36.payback_month}",
     plan36.explanation, "The first month in which the cumulative net, start-up costs included, is 0 or more. "
     "Beyond 36: not within the 36 months of the budget."),
    ("Break-even caseload", "None" if be.caseload is None else fm.num(be.caseload, 1), be.explanation,
     "Patients on a steady caseload at which the net is 0."),
    ("Net a year", fm.money(result.net.annual), result.net.explanation, "Net of 12 steady months, without start-up "
     "costs; the budget's years are in the 36-month tab."),
]
for start in (0, 4):
    for col, (label, value, lines, help_text) in zip(st.columns(4), metrics[start:start + 4]):
        with col:
            st.metric(label, value, border=True, help=help_text)
            explain(lines)
if unchecked_note:
    st.info(ui.md(unchecked_note), icon=":material/history:")
for warning in result.warnings:
    st.warning(ui.md(warning), icon=":material/warning:")
for line in result.notes:
    st.caption(ui.md(line))

tab_budget, tab_even, tab_month, tab_cap, tab_what = st.tabs(
    ["36-month budget", "Break-even", "A steady month", "Capacity", "What if"], key=RESULT_TAB, on_change="rerun")
# only the tab on screen is drawn: its charts and tables cost time, and hidden tables are never measured
if tab_budget.open:
    with tab_budget:
        left36, right36 = st.columns(2)
        for col, chart36 in zip((left36, right36), (pj.monthly_chart(plan36), pj.cash_flow_chart(plan36))):
            with col:
                st.markdown(f"**{chart36.title}**")
                st.plotly_chart(charts.chart_figure(chart36), width="stretch", config={"displayModeBar": False})
        st.dataframe(pd.DataFrame([{"Year": f"Year {y.year}", "Cost": fm.money(y.cost), "Cash received": fm.money(y.cash),
                                    "Net": fm.money(y.net)} for y in plan36.years]),
                     hide_index=True, width="stretch")
        for line in pj.reference_lines(plan36):
            st.caption(ui.md(line))
        table36 = pj.cash_flow_table(plan36)
        with st.expander("Month by month (36 months)", icon=":material/calendar_month:"):
            st.dataframe(pd.DataFrame([list(r) for r in table36.rows], columns=list(table36.columns)),
                         hide_index=True, width="stretch", height=35 * 13)
        explain(plan36.explanation)
if tab_even.open:
    with tab_even:
        for way in pj.break_even_three_ways(inputs, plan36):
            st.markdown(f"**{ui.md(way.title)}:** {ui.md(way.answer)}")
            explain(way.explanation)
        torn = pj.tornado(inputs)
        st.plotly_chart(charts.tornado_figure(torn), width="stretch", config={"displayModeBar": False})
        explain(pj.tornado_lines(torn))

if tab_month.open:
    with tab_month:
        st.markdown("**Cost by component**")
        st.dataframe(pd.DataFrame(
            [{"Component": c.label, "Per month": fm.money(c.monthly), "Per year": fm.money(c.annual)}
             for c in (*result.costs, result.total_cost)]), hide_index=True, width="stretch")
        explain(cost_lines + list(result.startup.explanation))
        st.markdown("**Revenue by payer**")
        payer_rows = [{"Payer": p.name, "Share": fm.pct(p.share_pct), "Pays vs Medicare": fm.pct(p.relative_rate_pct),
                       "Allowed a month": fm.money(p.monthly), "Collected a month": fm.money(p.collected)}
                      for p in result.payers]
        for line in (result.cocm_revenue, result.ffs_revenue, result.total_revenue):
            payer_rows.append({"Payer": line.label, "Share": "", "Pays vs Medicare": "", "Allowed a month": "",
                               "Collected a month": fm.money(line.monthly)})
        st.dataframe(pd.DataFrame(payer_rows), hide_index=True, width="stretch",
                     column_config={"Payer": st.column_config.TextColumn(width="large")})
        explain(list(result.medicare_revenue.explanation) + [line for p in result.payers for line in p.explanation]
                + list(result.cocm_revenue.explanation) + list(result.ffs_revenue.explanation)
                + list(result.total_revenue.explanation))
        st.markdown("**Collaborative Care billing by code** (at Medicare rates, before the payer mix)")
        st.markdown(f"{ui.md(fm.BILLING_MODE_LABELS[inputs.billing_mode])}. Billing year **{inputs.billing_year}**; "
                    f"codes used: {', '.join(inputs.codes)}.")

        def _rate_text(c: fm.CodeLine) -> str:
            text = f"{fm.money(c.rate)} ({c.year})"
            return text if c.verified else text + ", not confirmed"

        code_rows = [{"Code": c.code, "Minutes needed": c.minutes, "A month": fm.num(c.units, 1),
                      "Rate (year)": _rate_text(c), "Per month": fm.money(c.monthly), "Per year": fm.money(c.annual)}
                     for c in result.codes]
        code_rows.append({"Code": "Total", "Minutes needed": "", "A month": "", "Rate (year)": "",
                          "Per month": fm.money(result.medicare_revenue.monthly),
                          "Per year": fm.money(result.medicare_revenue.annual)})
        st.dataframe(pd.DataFrame(code_rows), hide_index=True, width="stretch", row_height=ROW_HEIGHT,
                     column_config={"Code": st.column_config.TextColumn(width=60),
                                    "Minutes needed": st.column_config.TextColumn(width="medium"),
                                    "A month": st.column_config.TextColumn(width=70),
                                    "Rate (year)": st.column_config.TextColumn(width=130),
                                    "Per month": st.column_config.TextColumn(width=90),
                                    "Per year": st.column_config.TextColumn(width=90)})
        explain(list(result.volume.explanation) + [line for c in result.codes for line in c.explanation]
                + list(result.medicare_revenue.explanation) + [f"{c.code} rate: {c.source}" for c in result.codes])

if tab_cap.open:
    with tab_cap:
        check = result.caseload_check
        consult = result.consultant_check
        st.markdown("**Caseload the care manager's hours can carry**")
        st.write(f"{fm.num(cap.caseload, 1)} patients ({fm.num(cap.per_fte, 1)} per full-time care manager) with the "
                 f"contact plan; {fm.num(cap.planned, 1)} planned. AIMS range for this population at "
                 f"{fm.fte_text(inputs.care_manager_fte)} FTE: {fm.num(cap.aims_low, 1)}-{fm.num(cap.aims_high, 1)}.")
        if cap.status == "over":
            st.warning("The planned caseload is more than the hours carry.", icon=":material/warning:")
        else:
            st.success("The planned caseload fits in the hours.")
        if cap.planned_minutes is not None:
            st.caption(f"Minutes the bands plan a month: {fm.num(cap.planned_minutes, 0)} of the "
                       f"{fm.num(cap.countable_minutes, 0)} that can count toward Collaborative Care.")
        explain(cap.explanation)
        left, right = st.columns(2)
        with left:
            st.markdown("**Caseload compared with the AIMS range**")
            st.write(f"{fm.num(check.per_fte, 1)} patients per full-time care manager; the AIMS range for this "
                     f"population is {check.low}-{check.high}.")
            if check.status == "above":
                st.warning(ui.md(check.warning), icon=":material/warning:")
            elif check.status == "below":
                st.info("Below the range: there is room for more patients before the care manager's caseload is full.")
            else:
                st.success("Within the AIMS range.")
            explain(check.explanation)
        with right:
            st.markdown("**Psychiatric consultant time compared with guidance**")
            st.write(f"{fm.num(consult.hours_per_week)} hours a week; guidance for "
                     f"{fm.fte_text(inputs.care_manager_fte)} FTE of care manager time is about "
                     f"{fm.num(consult.guidance_hours)} hours.")
            (st.success if consult.status == "ok" else st.warning)(ui.md(consult.message))
            explain(consult.explanation)

if tab_what.open:
    with tab_what:
        st.write("How the yearly net result moves when one input changes and everything else stays as saved. Where "
                 "the line crosses zero the program breaks even; the diamond marks the current value.")
        cols = st.columns(2)
        for col, axis in zip(cols, ("caseload", "billable_share")):
            series = fm.sensitivity(inputs, axis)
            chart = fm.sensitivity_chart(series, be.caseload)
            show_x = (lambda x: fm.num(x, 1)) if axis == "caseload" else fm.pct
            with col:
                st.markdown(f"**{ui.md(chart.title)}**")
                st.plotly_chart(charts.chart_figure(chart), width="stretch", config={"displayModeBar": False})
                for line in series.notes:
                    st.caption(ui.md(line))
                explain([f"Each point runs the whole model again with only the {series.x_label.lower()} changed; "
                         f"start-up costs are left out. Now: {show_x(series.current_x)}, net "
                         f"{fm.money(series.current_net)} a year."]
                        + [f"{show_x(x)}: {fm.money(y)} a year" for x, y in zip(series.x_values, series.net_values)])

# ---- scenarios side by side -------------------------------------------------------------------
st.subheader("Scenarios side by side")
if len(doc.scenarios) > 1:
    table = fm.compare(doc.scenarios)
    frame = pd.DataFrame([list(row) for row in table.rows], columns=["Figure", *table.columns[1:]])
    st.dataframe(frame, width="stretch", hide_index=True, height=35 * (len(frame) + 1) + 3)
    st.caption(ui.md(f"{table.caption} In use: {doc.active_scenario}."))
    with st.expander("What differs, and why the results differ", expanded=True, icon=":material/compare_arrows:"):
        st.markdown("\n".join(f"- {ui.md(line)}" for line in fm.differences(doc.scenarios)))
else:
    st.caption("Add a second scenario (for example health-center billing for the same clinic, or a second care "
               "manager) to see them side by side here, with what differs explained.")

ui.history(pid, KIND, su.SustainmentDoc, loaded.version, su.describe)
ui.outcome(KIND, "history")
ui.pdf_download("Build the sustainment plan PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-sustainment.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
