"""Sustainment plan: the factors beyond money, and the financial model with up to three scenarios."""
from functools import partial

import pandas as pd
import streamlit as st

from pages import ui
from planning import charts, registry, reports
from worksheets import financial_model as fm
from worksheets import sustainment as su

SPEC = registry.worksheet(su.SustainmentDoc.KIND)
KIND = SPEC.kind
VIEW = "_sustainment_view"  # UI state only: which scenario is shown
AIMS_NOTE = "_sustainment_aims_note"
F = fm.FinancialInputs.model_fields
ROW_HEIGHT = 76  # taller than 4rem, so Streamlit wraps long notes and sources instead of cutting them off

pid, meta, loaded = ui.open_worksheet(SPEC)
doc: su.SustainmentDoc = loaded.doc
ek = ui.editor_key(KIND)


def save(new_doc: su.SustainmentDoc, extra: str = "") -> None:
    if ui.save(pid, new_doc, loaded.version):
        if extra:
            st.session_state[f"_saved_{KIND}"] = f"{st.session_state.get(f'_saved_{KIND}', '')} {extra}".strip()
        st.rerun()


def explain(lines) -> None:
    """The working behind a figure, escaped (explanations hold payer names and $ signs)."""
    with st.expander("How this was computed", icon=":material/calculate:"):
        st.markdown("\n".join(f"- {ui.md(line)}" for line in lines))


status = su.progress(doc)
open_now = su.open_items(doc)
st.caption(f"Status: {ui.status_label(status)}")
if open_now:
    with st.expander(f"Still open ({len(open_now)})", expanded=True, icon=":material/pending_actions:"):
        st.markdown("\n".join(f"- {ui.md(line)}" for line in open_now))

# ---- 1. Factors beyond money ------------------------------------------------------------------
st.header("1. Beyond the money")
st.write("Revenue is one reason a program lasts; over the long run, good results for patients are the best "
         "guarantee. For each factor, choose where the clinic stands and add a note: what is in place, who is "
         "working on it, or what is missing. Changes are kept when you press **Save factors**.")
for factor in su.FACTORS:
    st.markdown(f"**{su.FACTOR_NAMES[factor.id]}.** {factor.text}  \n:gray[*Why it matters:* {factor.help}]")
st.caption(":material/lock: " + ui.NO_PATIENT_DATA)
factor_msg = st.empty()
factor_frame = pd.DataFrame(su.factor_rows(doc)).drop(columns=["prompt", "why"])
factor_frame["status"] = factor_frame["status"].map(lambda s: s or None)
with st.form(f"{ek}_factors_form", border=False):
    edited_factors = st.data_editor(
        factor_frame, key=f"{ek}_factors", hide_index=True, width="stretch", num_rows="fixed",
        disabled=["factor"], row_height=ROW_HEIGHT, placeholder="", height=48 + ROW_HEIGHT * len(factor_frame),
        column_config={
            "id": None,
            "factor": st.column_config.TextColumn("Factor", width=200),
            "status": st.column_config.SelectboxColumn("Status", options=list(su.STATUSES), width=120,
                                                       help="Not yet, Partly or Addressed"),
            "note": st.column_config.TextColumn("Note", width="large", max_chars=2000,
                                                help="Who, what and by when. Plain text; never enter patient "
                                                     "details."),
        },
    )
    save_factors = st.form_submit_button("Save factors", type="primary", icon=":material/save:")

if save_factors:
    data = doc.model_dump(mode="json")
    data["responses"] = ui.checklist_responses(edited_factors.to_dict("records"), rating="status")
    new_doc = ui.validated(su.SustainmentDoc, data, where=factor_msg)
    if new_doc is not None:
        save(new_doc)

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
        elif st.button("Use this scenario for Staffing and Monitoring", key=f"{ek}_use", width="stretch"):
            save(su.set_active(doc, scenario.name), f'"{scenario.name}" is now the scenario in use.')
    full = len(names) >= fm.MAX_SCENARIOS
    with st.expander("Add, duplicate, rename or remove a scenario", icon=":material/edit_note:"):
        manage_msg = st.empty()
        with st.form(f"{ek}_manage", border=False):
            new_name = st.text_input("Name", key=f"{ek}_manage_name", max_chars=su.NAME_MAX,
                                     placeholder="e.g. Two care managers",
                                     help="The name of a new scenario, of a copy, or the new name for the "
                                          "scenario shown.")
            b1, b2, b3, b4 = st.columns(4)
            add = b1.form_submit_button("Add new (default figures)", disabled=full, width="stretch")
            dup = b2.form_submit_button("Duplicate the scenario shown", disabled=full, width="stretch")
            ren = b3.form_submit_button("Rename the scenario shown", width="stretch")
            rem = b4.form_submit_button("Remove the scenario shown", disabled=len(names) == 1, width="stretch")
        st.caption(f"Up to {fm.MAX_SCENARIOS} scenarios. " + (
            "Remove one to add another. " if full else "") + "A removed scenario can be brought back from "
            "History below.")
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
        elif rem:
            after = su.remove_scenario(doc, scenario.name)
            change = (after, after.active_scenario, f'Removed "{scenario.name}".')
    except ValueError as exc:
        manage_msg.error(f"**Not saved.** {ui.md(str(exc))}")
    if change is not None:
        st.session_state[VIEW] = change[1]
        save(change[0], change[2])
else:
    scenario = fm.default_scenario()
    st.info("Nothing saved yet: the inputs below are the model's defaults. Change them to the clinic's figures "
            "and press **Save inputs**. After that you can add up to two more scenarios to compare.",
            icon=":material/info:")

inputs = scenario.inputs
slot_no = names.index(scenario.name) if names else 0
pre = f"{ek}_s{slot_no}_"


def _use_aims_default(prefix: str) -> None:
    """Form callback: fill caseload and new patients from the AIMS range (not saved until Save inputs)."""
    ss = st.session_state
    population = ss.get(prefix + "population")
    fte = ss.get(prefix + "care_manager_fte")
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


NUMBERS = {
    # field: (help explaining why, step, format)
    "care_manager_fte": ("How much care manager time the program pays for: 1.0 is one full-time person. The AIMS "
                         "caseload ranges and the consultant guidance are per full-time care manager. Allowed: "
                         "above 0, up to 5.", 0.1, "%.2f"),
    "care_manager_salary": ("Yearly salary of one full-time care manager, before benefits. The model scales it by "
                            "the FTE. Allowed: $0 to $1,000,000.", 1000.0, "%.0f"),
    "benefits_pct": ("Employer costs on top of salary (health insurance, retirement, payroll taxes) as a share of "
                     "salary. Ask HR for the clinic's figure. Allowed: 0 to 100.", 1.0, "%.1f"),
    "consultant_hours_per_week": ("The psychiatric consultant's time for the caseload: the weekly case review and "
                                  "questions in between. Guidance is about 3 hours a week for each full-time care "
                                  "manager; much less and the weekly review does not get through the caseload. "
                                  "Allowed: 0 to 80.", 0.5, "%.1f"),
    "consultant_hourly_rate": ("What the clinic pays for an hour of consultant time (salary and benefits, or the "
                               "contract rate). Allowed: $0 to $2,000.", 5.0, "%.2f"),
    "other_staff_hours_per_week": ("Front desk, medical assistant and billing time the program uses each week: "
                                   "scheduling, screening, claims. Allowed: 0 to 400.", 1.0, "%.1f"),
    "other_staff_hourly_rate": ("Average cost of an hour of that time, with benefits. Allowed: $0 to $1,000.",
                                1.0, "%.2f"),
    "overhead_pct": ("Space, IT and registry licences, quality improvement and supervision, as a share added to "
                     "staff costs. Allowed: 0 to 100.", 1.0, "%.1f"),
    "startup_costs": ("One-time costs before launch: hiring, training, registry set-up, EHR templates. They count "
                      "only in the first-year result, not in the monthly figures. Allowed: $0 to $10,000,000.",
                      1000.0, "%.0f"),
    "expected_caseload": ("Patients active on the caseload in a typical month once the program is running. This "
                          "is what Staffing and Monitoring use. Use AIMS default fills in the middle of the AIMS "
                          "range for the population x the care manager FTE. Allowed: 0 to 2,000.", 1.0, "%.1f"),
    "new_enrollments_per_month": ("New patients enrolled each month. Each one's first month is billed with 99492. "
                                  "A steady caseload needs about caseload / months in care. Allowed: 0 to 500.",
                                  1.0, "%.1f"),
    "episode_months": ("How long a patient typically stays in active care. Used to check that the caseload and "
                       "new patients agree. Allowed: 1 to 24.", 0.5, "%.1f"),
    "billable_share_pct": ("Not every patient-month reaches the minimum care manager time needed to bill (missed "
                           "calls, hard-to-reach patients). Start cautious and check against the registry after "
                           "launch. Allowed: 0 to 100.", 5.0, "%.1f"),
    "g2214_share_pct": ("Months where the care manager reaches only the lower time threshold are billed as G2214 "
                        "instead of 99492 or 99493. Not used with health-center billing. Allowed: 0 to 100.",
                        1.0, "%.1f"),
    "addon_units_per_month": ("Extra 30-minute blocks billed with 99494 in busy months, averaged over every month "
                              "billed with 99492 or 99493 (0.2 = one add-on in five months). Not used with "
                              "health-center billing. Allowed: 0 to 10.", 0.1, "%.2f"),
    "ffs_visits_per_month": ("Psychotherapy sessions billed on their own, outside Collaborative Care (their time "
                             "does not count toward care manager minutes). Leave 0 if none. Allowed: 0 to 5,000.",
                             1.0, "%.1f"),
    "ffs_payment_per_visit": ("The average amount actually paid per session across payers; the payer mix is not "
                              "applied again. Allowed: $0 to $10,000.", 5.0, "%.2f"),
}
slots: dict = {}
values: dict = {}


def number(field: str) -> None:
    """A number input without widget-level bounds: the model checks the range and says so in words (a
    widget bound would silently keep the old value instead)."""
    help_text, step, fmt = NUMBERS[field]
    key = pre + field
    if key not in st.session_state:
        st.session_state[key] = float(getattr(inputs, field))
    slots[field] = st.empty()
    values[field] = st.number_input(F[field].title, key=key, step=step, format=fmt, help=help_text)


def group(title: str, fields: list[str], per_row: int = 3) -> None:
    st.markdown(f"##### {title}")
    for start in range(0, len(fields), per_row):
        cols = st.columns(per_row)
        for col, field in zip(cols, fields[start:start + per_row]):
            with col:
                number(field)


st.subheader(f"Inputs: {ui.md(scenario.name)}")
st.write("Every figure can be changed; nothing is kept until you press **Save inputs**. Hover over the "
         ":material/help: signs for why each input matters and the values allowed.")
with st.expander("Where the starting figures come from", icon=":material/source:"):
    st.write("Figures marked as placeholders are only a place to start: replace them with the clinic's own. "
             "Payment rates change every year; check them before you rely on the result.")
    sources = fm.default_sources_table()
    st.dataframe([dict(zip(sources.columns, row)) for row in sources.rows], hide_index=True, width="stretch")
form_msg = st.empty()
with st.form(f"{ek}_inputs_form", border=True):
    group("Staff and costs", ["care_manager_fte", "care_manager_salary", "benefits_pct",
                              "consultant_hours_per_week", "consultant_hourly_rate", "other_staff_hours_per_week",
                              "other_staff_hourly_rate", "overhead_pct", "startup_costs"])

    st.markdown("##### Caseload and enrollment")
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
    c1, c2, c3, c4 = st.columns(4)
    for col, field in zip((c1, c2, c3, c4), ("expected_caseload", "new_enrollments_per_month", "episode_months",
                                             "billable_share_pct")):
        with col:
            number(field)
    note = st.session_state.pop(AIMS_NOTE, None)
    if note:
        (st.error if note[0] == "error" else st.info)(note[1])
    st.form_submit_button("Use AIMS default caseload", icon=":material/auto_fix_high:",
                          on_click=partial(_use_aims_default, pre),
                          help="Fills in the caseload (and new patients a month to match) from the population and "
                               "the care manager FTE above. Nothing is saved until you press Save inputs.")

    st.markdown("##### Billing codes and rates")
    mode_key = pre + "billing_mode"
    if mode_key not in st.session_state:
        st.session_state[mode_key] = inputs.billing_mode
    slots["billing_mode"] = st.empty()
    values["billing_mode"] = st.radio(
        F["billing_mode"].title, ["standard", "fqhc_rhc"], key=mode_key, horizontal=True,
        format_func=lambda m: "Standard (99492, 99493, 99494, G2214)" if m == "standard"
        else "Health center or rural health clinic (one monthly G0512 rate)",
        help=fm.FQHC_2026_NOTE)
    b1, b2 = st.columns(2)
    with b1:
        number("g2214_share_pct")
    with b2:
        number("addon_units_per_month")
    slots["rates"] = st.empty()
    rate_frame = pd.DataFrame([{"code": r.code, "what": fm.CODE_DESCRIPTIONS[r.code], "amount": r.amount,
                                "year": r.year, "source": r.source, "verified": r.verified} for r in inputs.rates])
    edited_rates = st.data_editor(
        rate_frame, key=pre + "rates", hide_index=True, width="stretch", num_rows="fixed",
        disabled=["code", "what"], row_height=ROW_HEIGHT, height=48 + ROW_HEIGHT * len(rate_frame),
        column_config={
            "code": st.column_config.TextColumn("Code", width=64),
            "what": st.column_config.TextColumn("What it pays for", width=240),
            "amount": st.column_config.NumberColumn("Payment ($)", format="$%.2f", width=100,
                                                    help="The Medicare allowed amount for the year. Other payers "
                                                         "are set against it in the payer mix."),
            "year": st.column_config.NumberColumn("Rate year", format="%d", step=1, width=80),
            "source": st.column_config.TextColumn("Where this rate comes from", width=300, max_chars=400),
            "verified": st.column_config.CheckboxColumn("Confirmed", width=90,
                                                        help="Tick once someone has checked the figure."),
        },
    )
    st.caption(fm.RATE_CHECK_NOTE)

    st.markdown("##### Payer mix")
    st.write("Who pays for the program's patients. Shares must add up to 100%. *Pays, compared with Medicare* is "
             "100 for Medicare rates, 70 if a plan pays 70% of what Medicare pays, and 0 for patients whose care "
             "is not paid for.")
    slots["payer_mix"] = st.empty()
    payer_frame = pd.DataFrame([p.model_dump() for p in inputs.payer_mix])
    edited_payers = st.data_editor(
        payer_frame, key=pre + "payers", hide_index=True, width="stretch", num_rows="dynamic",
        column_config={
            "name": st.column_config.TextColumn("Payer", width="medium", max_chars=60, required=True),
            "share_pct": st.column_config.NumberColumn("Share of patients (%)", format="%.1f%%", default=0.0),
            "relative_rate_pct": st.column_config.NumberColumn("Pays, compared with Medicare (%)", format="%.0f%%",
                                                               default=100.0),
        },
    )

    st.markdown("##### Fee-for-service visits")
    f1, f2 = st.columns(2)
    with f1:
        number("ffs_visits_per_month")
    with f2:
        number("ffs_payment_per_visit")
    save_inputs = st.form_submit_button("Save inputs", type="primary", icon=":material/save:")

if save_inputs:
    data = dict(values)
    data["rates"] = su.editor_rows(edited_rates.to_dict("records"), ("code", "amount", "year", "source", "verified"))
    for row in data["rates"]:
        row["verified"] = bool(row["verified"])
    data["payer_mix"] = su.editor_rows(edited_payers.to_dict("records"), ("name", "share_pct", "relative_rate_pct"))
    try:
        new_inputs = su.parse_inputs(data)
        new_doc = su.with_inputs(doc, scenario.name, new_inputs)
    except su.InputProblems as exc:
        form_msg.error("**Not saved.** Please fix what is marked below; your entries are still here and the "
                       "saved figures are unchanged.\n\n" + "\n".join(f"- {ui.md(line)}" for line in exc.lines),
                       icon=":material/error:")
        for field, lines in exc.by_field.items():
            if field in slots:
                slots[field].error("  \n".join(ui.md(line) for line in lines))
    except ValueError as exc:
        form_msg.error(f"**Not saved.** {ui.md(str(exc))}")
    else:
        save(new_doc)

# ---- results ------------------------------------------------------------------------------------
result = fm.compute(inputs)
be = result.break_even
pp = result.per_patient
st.subheader(f"Results: {ui.md(scenario.name)}")
if not names:
    st.caption("These results use the default inputs; nothing is saved yet.")
else:
    st.caption("Results of the saved inputs. Net figures are before one-time start-up costs unless stated.")

revenue_lines = (list(result.volume.explanation) + [line for c in result.codes for line in c.explanation]
                 + list(result.medicare_revenue.explanation) + [line for p in result.payers for line in p.explanation]
                 + list(result.cocm_revenue.explanation) + list(result.ffs_revenue.explanation)
                 + list(result.total_revenue.explanation))
cost_lines = [line for c in result.costs for line in c.explanation] + list(result.total_cost.explanation)
metrics = [
    ("Cost per month", fm.money(result.total_cost.monthly), cost_lines),
    ("Revenue per month", fm.money(result.total_revenue.monthly), revenue_lines),
    ("Net per month", fm.money(result.net.monthly), result.net.explanation),
    ("Net per year", fm.money(result.net.annual), result.net.explanation),
    ("First-year net, including start-up", fm.money(result.year_one_net.amount), result.year_one_net.explanation),
    ("Break-even caseload", "None" if be.caseload is None else f"{fm.num(be.caseload, 1)} patients",
     be.explanation),
    ("Cost per patient served", "n/a" if pp.cost is None else fm.money(pp.cost), pp.explanation),
    ("Revenue per patient served", "n/a" if pp.revenue is None else fm.money(pp.revenue), pp.explanation),
]
for start in (0, 4):
    for col, (label, value, lines) in zip(st.columns(4), metrics[start:start + 4]):
        with col:
            st.metric(label, value, border=True)
            explain(lines)
if be.caseload is None and be.reason:
    st.warning(ui.md(be.reason))

with st.container():
    st.markdown("**Cost by component**")
    st.dataframe(pd.DataFrame(
        [{"Component": c.label, "Per month": fm.money(c.monthly), "Per year": fm.money(c.annual)}
         for c in (*result.costs, result.total_cost)]), hide_index=True, width="stretch")
    explain(cost_lines + list(result.startup.explanation))
with st.container():
    st.markdown("**Revenue by payer**")
    payer_rows = [{"Payer": p.name, "Share of patients": fm.pct(p.share_pct),
                   "Pays, compared with Medicare": fm.pct(p.relative_rate_pct), "Per month": fm.money(p.monthly),
                   "Per year": fm.money(p.annual)} for p in result.payers]
    for line in (result.cocm_revenue, result.ffs_revenue, result.total_revenue):
        payer_rows.append({"Payer": line.label, "Share of patients": "", "Pays, compared with Medicare": "",
                           "Per month": fm.money(line.monthly), "Per year": fm.money(line.annual)})
    st.dataframe(pd.DataFrame(payer_rows), hide_index=True, width="stretch")
    explain(list(result.medicare_revenue.explanation) + [line for p in result.payers for line in p.explanation]
            + list(result.cocm_revenue.explanation) + list(result.ffs_revenue.explanation)
            + list(result.total_revenue.explanation))

st.markdown("**Collaborative Care billing by code** (at Medicare rates, before the payer mix)")
code_rows = [{"Code": c.code, "What it pays for": c.label, "Billed a month": fm.num(c.units, 1),
              "Rate": f"{fm.money(c.rate)} ({c.year}, {'confirmed' if c.verified else 'estimate'})",
              "Per month": fm.money(c.monthly), "Per year": fm.money(c.annual)} for c in result.codes]
code_rows.append({"Code": "Total", "What it pays for": result.medicare_revenue.label, "Billed a month": "",
                  "Rate": "", "Per month": fm.money(result.medicare_revenue.monthly),
                  "Per year": fm.money(result.medicare_revenue.annual)})
st.dataframe(pd.DataFrame(code_rows), hide_index=True, width="stretch",
             column_config={"Code": st.column_config.TextColumn(width=70),
                            "What it pays for": st.column_config.TextColumn(width="large"),
                            "Billed a month": st.column_config.TextColumn(width=110),
                            "Rate": st.column_config.TextColumn(width=190),
                            "Per month": st.column_config.TextColumn(width=100),
                            "Per year": st.column_config.TextColumn(width=100)})
explain(list(result.volume.explanation) + [line for c in result.codes for line in c.explanation]
        + list(result.medicare_revenue.explanation))

check = result.caseload_check
consult = result.consultant_check
left, right = st.columns(2)
with left:
    st.markdown("**Caseload compared with the AIMS range**")
    st.write(f"{fm.num(check.per_fte, 1)} patients per full-time care manager; the AIMS range for this population "
             f"is {check.low}-{check.high}.")
    if check.status == "above":
        st.warning(ui.md(check.warning), icon=":material/warning:")
    elif check.status == "below":
        st.info("Below the range: there is room for more patients before the care manager's caseload is full.")
    else:
        st.success("Within the AIMS range.")
    explain(check.explanation)
with right:
    st.markdown("**Psychiatric consultant time compared with guidance**")
    st.write(f"{fm.num(consult.hours_per_week)} hours a week; guidance for {fm.fte_text(inputs.care_manager_fte)} "
             f"FTE of care manager time is about {fm.num(consult.guidance_hours)} hours.")
    (st.success if consult.status == "ok" else st.warning)(ui.md(consult.message))
    explain(consult.explanation)
for warning in result.warnings:
    if warning not in (check.warning, consult.message):
        st.warning(ui.md(warning), icon=":material/warning:")
for line in result.notes:
    st.caption(ui.md(line))

# ---- scenarios side by side -------------------------------------------------------------------
st.subheader("Scenarios side by side")
if len(doc.scenarios) > 1:
    table = fm.compare(doc.scenarios)
    frame = pd.DataFrame([row[1:] for row in table.rows], index=[row[0] for row in table.rows],
                         columns=list(table.columns[1:]))
    st.dataframe(frame, width="stretch", height=35 * (len(frame) + 1) + 3)
    st.caption(ui.md(f"{table.caption} In use: {doc.active_scenario}."))
else:
    st.caption("Add a second scenario (for example a second care manager, or a lower billable share) to see "
               "them side by side here.")

# ---- what if -------------------------------------------------------------------------------------
st.subheader("What if")
st.write("How the yearly net result moves when one input changes and everything else stays as saved. Where the "
         "line crosses zero the program breaks even; the diamond marks the current value.")
cols = st.columns(2)
for col, axis in zip(cols, ("caseload", "billable_share")):
    series = fm.sensitivity(inputs, axis)
    show_x = (lambda x: fm.num(x, 1)) if axis == "caseload" else fm.pct
    what = "caseload" if axis == "caseload" else "billable share"
    with col:
        st.markdown(f"**Net per year (before start-up costs) as the {what} changes**")
        fig = charts.sensitivity_figure(
            series.x_values, series.net_values, series.current_x, result.net.annual,
            x_title=series.x_label, y_title="Net per year",
            x_text=[show_x(x) for x in series.x_values], net_text=[fm.money(y) for y in series.net_values],
            current_label=f"Now: {show_x(series.current_x)}",
            break_even_x=be.caseload if axis == "caseload" else None)
        st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
        changed = "caseload" if axis == "caseload" else "share of patient-months that reach the billing minimum"
        explain([f"Each point runs the whole model again with only the {changed} changed; start-up costs are "
                 f"left out. Now: {show_x(series.current_x)}, net {fm.money(result.net.annual)} a year."]
                + [f"{show_x(x)}: {fm.money(y)} a year" for x, y in zip(series.x_values, series.net_values)])

ui.history(pid, KIND, su.SustainmentDoc, loaded.version, su.describe)
ui.pdf_download("Build the sustainment plan PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-sustainment.pdf", key=KIND)
ui.nav_buttons(SPEC.page)
