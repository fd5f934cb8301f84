"""Metric log: a month's figures computed from a registry export (read in memory; only the totals are saved), or
entered by hand; a run chart per metric against the monitoring plan's targets."""
from datetime import date

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from pages import ui
from planning import charts, plans, registry, reports
from planning import registry_import as ri
from worksheets import metric_log as ml
from worksheets import metrics as mx
from worksheets import run_chart as rc

SPEC = registry.worksheet(ml.KIND)
KIND = SPEC.kind
MONITORING_PAGE = registry.worksheet("monitoring").page_file
RESULT, FILE = "_metric_log_result", "_metric_log_file"
UPLOAD_GEN, FORM_GEN = "_metric_log_upload_gen", "_metric_log_form_gen"
EDITOR_MAX_HEIGHT = 420  # px: the figures table scrolls past about ten rows
ORDER_LABELS = ri.ORDER_LABELS
ORDER_EXAMPLES = {"MDY": "3/4/27 is 4 March 2027", "DMY": "3/4/27 is 3 April 2027", "YMD": "2027-03-04"}

pid, meta, loaded = ui.open_worksheet(SPEC, ":material/lock: " + ml.NO_PATIENT_ROWS)
doc: ml.MetricLogDoc = loaded.doc
view = ui.plan_view()
launch = meta.target_launch
targets = ml.plan_targets(view)
chosen = ml.plan_chosen(view)
order = ml.chart_order(doc, chosen)
today = date.today()


def save(new_doc: ml.MetricLogDoc, where: str) -> bool:
    issues = ml.problems(new_doc, doc, today)
    if issues:
        ui.not_saved(issues)
        return False
    return ui.save(pid, ml.canonical(new_doc), loaded.version, where=where)


# ---- summary -------------------------------------------------------------------------------
months = doc.months()
latest = ml.latest_rows(doc, order, targets, launch)
off_twice = [r for r in latest if r.off_twice]
m1, m2, m3, m4 = st.columns(4)
m1.metric("Months logged", len(months))
m2.metric("Latest month", ml.fmt_month(months[-1]) if months else "None yet")
m3.metric("Metrics logged", len(doc.metrics_logged()), help="Metrics with at least one monthly figure.")
m4.metric("Off target twice", len(off_twice),
          help="Metrics off their target in the latest month logged and in the month before it.")
for r in off_twice:
    st.warning(ui.md(next(f.text for f in ml.findings(doc, targets, launch) if f.item == r.metric)),
               icon=":material/trending_down:")
if not chosen:
    st.info("The monitoring plan has no metrics yet: choose them and set targets there, and the charts here show "
            "each target.", icon=":material/info:")
    ui.plan_link(MONITORING_PAGE, label="Go to the monitoring plan", icon=":material/query_stats:")

ROW_TALL = 88  # four lines: every figure's definition shows in full beside it, no scrolling inside the table

# ---- 1. a month from a registry export -------------------------------------------------------
st.header("Compute a month from a registry export")
st.write("Export the registry as a CSV or Excel file (one row per patient), upload it here, say which column is "
         "which, and compute the month's figures. Check them, then save.")
st.info("**No patient data is kept.** " + ml.NO_PATIENT_ROWS + " The file is dropped when you save or leave "
        "the page. Its name is kept with the month's totals, so the team can tell which export they came from: "
        "name the file without patient details (for example caseload-2026-10.csv).", icon=":material/lock:")

upload_gen = st.session_state.get(UPLOAD_GEN, 0)
limit_mb = max(1, min(ri.MAX_BYTES // (1024 * 1024), int(st.get_option("server.maxUploadSize"))))
uploaded = st.file_uploader(
    "Registry export (CSV or Excel)", type=["csv", "xlsx"], key=f"{KIND}_upload_{upload_gen}", max_upload_size=limit_mb,
    help="One row per patient, with a header row. Columns can have any names: you match them below. The file is "
         "read in memory and never stored.")


def read(raw: bytes, name: str, sheet: str | None) -> "ri.RawTable | None":
    """The file as a table, read again on each run and never put in session state: the uploader holds the only
    copy, and Streamlit drops it when the file is removed, the month is saved or the user opens another page."""
    try:
        return ri.read_table(raw, name, sheet)
    except ri.ImportProblem as exc:
        st.error("**This file cannot be read.** Nothing was saved.\n\n"
                 + "\n".join(f"- {ui.md(m)}" for m in exc.messages), icon=":material/error:")
        return None


def drop_upload() -> None:
    """After a save: forget the table, the figures and the file (a new uploader, new choices)."""
    for name in (RESULT, FILE):
        st.session_state.pop(name, None)
    st.session_state[UPLOAD_GEN] = upload_gen + 1
    st.session_state[FORM_GEN] = st.session_state.get(FORM_GEN, 0) + 1


if uploaded is None:
    for name in (RESULT, FILE):
        st.session_state.pop(name, None)
else:
    if st.session_state.get(FILE) not in (None, uploaded.file_id):  # another file: its own column choices
        st.session_state[FORM_GEN] = st.session_state.get(FORM_GEN, 0) + 1
    st.session_state[FILE] = uploaded.file_id
gen = st.session_state.get(FORM_GEN, 0)
settings = None  # the choices the figures were computed with
if uploaded is not None:
    raw = uploaded.getvalue()
    table = None
    if len(raw) > ri.MAX_BYTES:
        st.error(f"**This file is too large** ({len(raw) / (1024 * 1024):.1f} MB); the most this page reads is "
                 f"{ri.MAX_BYTES / (1024 * 1024):.0f} MB. Export only the columns listed below, or only the "
                 "patients active in the month. Nothing was saved.", icon=":material/error:")
    else:
        table = read(raw, uploaded.name, None)
        if table is not None and len(table.sheets) > 1:
            sheet = st.selectbox("Sheet", table.sheets, index=table.sheets.index(table.sheet),
                                 key=f"{KIND}_sheet_{gen}",
                                 help="This workbook has several sheets: choose the one with one row per patient.")
            if sheet != table.sheet:
                table = read(raw, uploaded.name, sheet)
    if table is not None:
        where = f", sheet \"{ui.md(table.sheet)}\"" if table.sheet else (
            f", {table.delimiter_name}-separated" if table.delimiter_name else "")
        st.caption(f"{ui.md(uploaded.name)}: {table.data_rows:,} rows, {len(table.columns)} columns{where}.")
        # the choices below belong to one table: another sheet gets its own
        tag = f"{gen}_{table.sheets.index(table.sheet)}" if table.sheet in table.sheets else str(gen)
        st.subheader("Which column is which")
        st.caption("Guessed from the column names: check each one. Fields marked (required) must be matched; "
                   "leave the others as *not in the file* when the registry does not have them.")
        guess = ri.guess_mapping(table.columns)
        options = [None, *table.columns]
        mapping: dict[str, str | None] = {}
        cols = st.columns(2)
        for i, field in enumerate(ri.FIELDS):
            label = ri.FIELD_LABELS[field] + (" (required)" if field in ri.REQUIRED else "")
            picked = guess.get(field)
            mapping[field] = cols[i % 2].selectbox(
                label, options, index=options.index(picked) if picked in options else 0,
                key=f"{KIND}_map_{field}_{tag}", format_func=lambda c: "(not in the file)" if c is None else c,
                help=f"The column holding this field (`{field}` in the registry's usual names).")
        missing = [ri.FIELD_LABELS[f] for f in ri.REQUIRED if not mapping.get(f)]
        found = ri.date_formats(ri.date_values(table, mapping))
        date_order = found.order
        st.subheader("Dates, month and active patients")
        if found.ambiguous:
            choices = ["MDY", "DMY"]
            date_order = st.radio(
                f"How does this file write dates? No day above 12 was found, so \"{ui.md(found.example)}\" could "
                "be read either way.", choices, index=0, key=f"{KIND}_dates_{tag}", horizontal=True,
                format_func=lambda o: f"{ORDER_LABELS[o]} ({ORDER_EXAMPLES[o]})",
                help="Look at a date you know in the registry (a patient's first visit, say) to tell.")
        elif found.order is None:
            st.caption(f"Dates: {ui.md(found.label)}. Match the date columns above." if found.label else
                       "No dates to read yet: match the date columns above.")
        else:
            st.markdown(f"Dates read as **{ORDER_LABELS[found.order]}**, e.g. {ui.md(found.example)}")
        if found.note:
            st.caption(ui.md(found.note))
        c1, c2 = st.columns([1, 2])
        as_of = c1.date_input(
            "As of", value=ml.default_as_of(today), max_value=today, key=f"{KIND}_as_of_{tag}",
            format="YYYY-MM-DD",
            help="The day the figures describe, usually the last day of the month just ended. The month's figures "
                 "are saved under this date's month.")
        counts = ri.statuses(table, mapping)
        values = [v for v, _ in counts]
        shown = dict(counts)
        ticked = ri.guess_active(values)
        active = c2.multiselect(
            "Status values that count as active", values, default=[v for v in values if v in ticked],
            key=f"{KIND}_active_{tag}",
            format_func=lambda v: f"{v or ri.BLANK_STATUS_LABEL} ({shown.get(v, 0):,} rows)",
            help="Patients whose status is one of these are the active caseload; the other rows (discharged, "
                 "referred out, ...) are left out of every figure.")
        sustainment = view.doc("sustainment")
        rule = ml.billing_rule(sustainment, as_of)
        if missing:
            st.warning("Match the required fields first: " + ", ".join(missing) + ".", icon=":material/warning:")
        elif not active:
            st.warning("Tick at least one status value that counts as active.", icon=":material/warning:")
        settings = (table.sheet, tuple(mapping.items()), date_order, as_of, tuple(sorted(active)))
        if st.button("Compute the month", type="primary", icon=":material/calculate:", key=f"{KIND}_compute_{tag}",
                     disabled=bool(missing) or not active or ui.read_only()):
            st.session_state.pop(RESULT, None)
            try:
                rows = ri.parse(table, mapping, date_order, as_of)
                figures = ri.compute(rows, as_of, set(active), g0512=rule.g0512)
            except ri.ImportProblem as exc:
                st.error("**The month was not computed.** Nothing was saved. Please fix:\n\n"
                         + "\n".join(f"- {ui.md(m)}" for m in exc.messages), icon=":material/error:")
            else:
                caseload = figures.get("active_caseload")
                st.session_state[RESULT] = {
                    "file": uploaded.file_id, "settings": settings,
                    "month": ml.month_start(as_of),
                    "figures": [ml.Computed(k, f.value, f.numerator, f.denominator, f.note or "",
                                            mapped=f.note != ri.NOT_MAPPED)
                                for k, f in figures.items() if k in mx.METRIC_IDS],
                    "record": {"as_of": as_of, "file_name": uploaded.name[:ml.NAME_MAX], "rows_read": len(rows),
                               "active": int(caseload.value or 0) if caseload is not None else 0,
                               "date_format": ORDER_LABELS.get(date_order or "", ""),
                               "active_statuses": sorted(active), "billing_rule": rule.words},
                }
                del rows  # the patient rows live only inside this run

result = st.session_state.get(RESULT)
if result and (uploaded is None or result["file"] != uploaded.file_id):
    result = None
if result and result["settings"] != settings:
    st.info("The choices above changed since these figures were computed: press **Compute the month** again.",
            icon=":material/refresh:")
    result = None
if result:
    month = result["month"]
    st.subheader(f"Figures for {ml.fmt_month(month)}")
    st.caption(f"As of {ml.fmt_date(result['record']['as_of'])}: {result['record']['active']:,} active patients "
               f"out of {result['record']['rows_read']:,} rows. Each figure with what it counts:")
    st.dataframe(
        [{"Metric": mx.metric(f.metric).name, "Figure": mx.fmt_value(f.metric, f.value),
          "Counted": ml.counted_text(f.metric, f.numerator, f.denominator) if f.value is not None else f.note,
          "Target": ml.target_text(f.metric, ml.target_for(targets, f.metric, month, launch),
                                    mx.program_year(month, launch)),
          "What it counts": mx.metric(f.metric).definition + (f" Note: {f.note}." if f.note and f.value is not None
                                                               else "")}
         for f in result["figures"]],
        hide_index=True, width="stretch", row_height=ROW_TALL, height=40 + ROW_TALL * len(result["figures"]),
        column_config={"Metric": st.column_config.TextColumn(width=150),
                       "Figure": st.column_config.TextColumn(width=70),
                       "Counted": st.column_config.TextColumn(width=100),
                       "Target": st.column_config.TextColumn(width=100),
                       "What it counts": st.column_config.TextColumn(width=380)})
    if any(f.metric == "billing_minimum_pct" for f in result["figures"]):
        st.caption(ui.md(result["record"]["billing_rule"]))
    replaced = ml.replaced_by_import(doc, month, [f.metric for f in result["figures"] if f.mapped])
    if replaced:
        st.warning(ui.md(ml.replace_sentence(replaced, month)), icon=":material/swap_horiz:")
    if st.button(f"Save the figures for {ml.fmt_month(month)}", disabled=ui.read_only(), type="primary",
                 icon=":material/save:",
                 key=f"{KIND}_save_import_{gen}"):
        try:
            new_doc = ml.with_import(doc, month, result["figures"], result["record"])
        except ValidationError as exc:
            ui.not_saved([f"{ml.TITLE}, {line}" for line in plans.humanize(exc, ml.MetricLogDoc)])
        else:
            if save(new_doc, "import"):
                drop_upload()
                st.rerun()
ui.outcome(KIND, "import")

if doc.imports:
    with st.expander(f"Months computed from a registry export ({len(doc.imports)})", icon=":material/upload_file:"):
        st.dataframe([dict(zip(ml.IMPORT_COLUMNS, r)) for r in ml.import_rows(doc)], hide_index=True,
                     width="stretch")
        st.caption("Totals only. Who imported each month, and when, is in the history below.")

# ---- 2. by hand -------------------------------------------------------------------------------
st.header("Enter figures by hand")
st.write("One row per month and metric: for metrics a registry export cannot give (positive screens enrolled, "
         "revenue), or for months before the export was set up. Any day in the month will do: it is saved as the "
         "month. Add a row at the bottom; select rows to delete them.")
key = ui.editor_key(KIND)
frame = pd.DataFrame(ml.editor_frame_rows(doc),
                     columns=["id", "month", "metric", "value", "source", "counted", "note"]).astype("object")
with st.form(f"{key}_form", border=False):
    edited = st.data_editor(
        frame, key=key, hide_index=True, width="stretch", num_rows="dynamic", placeholder="",
        height=min(EDITOR_MAX_HEIGHT, 40 + 35 * (len(frame) + 1)),
        column_order=["month", "metric", "value", "counted", "source", "note"], disabled=["counted", "source"],
        column_config={
            "month": st.column_config.DateColumn("Month", format="MMM YYYY", width=110,
                                                 help="The month the figure is for (any day in it)."),
            "metric": st.column_config.SelectboxColumn(
                "Metric", options=list(mx.METRIC_IDS), format_func=lambda m: mx.metric(m).name, width=200,
                help="The metric; its definition is shown under the run chart and in the PDF."),
            "value": st.column_config.NumberColumn(
                "Figure", width=90, help="Percentages as 0-100 (42 for 42%); counts as whole numbers."),
            "counted": st.column_config.TextColumn("Counted", width=90,
                                                   help="Numerator of denominator, when computed from an export."),
            "source": st.column_config.TextColumn("From", width=110),
            "note": st.column_config.TextColumn("Note", width=170, help=ui.NO_PATIENT_DATA),
        })
    st.caption(ui.UNSAVED_HINT)
    submitted = st.form_submit_button("Save figures", disabled=ui.read_only(), type="primary", icon=":material/save:")
if submitted:
    entries = ml.entries_from_rows(edited.to_dict("records"), doc)
    new_doc = ui.validated(ml.MetricLogDoc, {"entries": entries, "imports": [r.model_dump() for r in doc.imports]})
    if new_doc is not None and save(new_doc, "entries"):
        st.rerun()
ui.outcome(KIND, "entries")

# ---- 3. run charts ----------------------------------------------------------------------------
st.header("Run charts")
if not order:
    st.write("Nothing to chart yet: save a month's figures above.")
else:
    pick = st.selectbox(
        "Metric", order, key=f"{KIND}_chart_metric",
        format_func=lambda m: mx.metric(m).name + (" (monitoring plan)" if m in chosen else ""),
        help="The monitoring plan's metrics come first. One chart at a time keeps the page quick.")
    run = ml.run_chart(doc, pick, targets, launch)
    metric = mx.metric(pick)
    if run.values:
        fig = charts.chart_figure(rc.chart(run), height=360)
        tickvals, ticktext = run.tick_labels()
        # on screen the ticks name the months, so the axis is simply "Month" (the PDF counts program months)
        fig.update_xaxes(tickmode="array", tickvals=list(tickvals), ticktext=list(ticktext), title_text="Month")
        st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    for line in run.words():
        st.markdown(ui.md(line))
    by_year = targets.get(pick) or {}
    target_words = ", ".join(f"{mx.fmt_value(pick, t)} in year {y}" for y, t in sorted(by_year.items())
                             if t is not None)
    st.caption(f"**Definition:** {ui.md(metric.definition)}  \n**Target** (monitoring plan): "
               + (ui.md(target_words) if target_words else "none set") + ". "
               + ("Higher is better." if metric.better == "higher" else "Lower is better."))
    if metric.benchmarks:
        st.caption("**Published figures:** " + " ".join(f"{ui.md(b.text)} ({ui.md(b.source)})"
                                                        for b in metric.benchmarks))

    st.subheader("The latest month against the targets")
    st.dataframe([{"Metric": mx.metric(r.metric).name, "Month": ml.fmt_month(r.month) if r.month else "-",
                   "Figure": mx.fmt_value(r.metric, r.entry.value) if r.entry else "-",
                   "Target": ml.target_text(r.metric, r.target, r.year), "Status": ml.status_text(r)}
                  for r in latest], hide_index=True, width="stretch",
                 column_config={"Metric": st.column_config.TextColumn(width=200),
                                "Month": st.column_config.TextColumn(width=90),
                                "Figure": st.column_config.TextColumn(width=80),
                                "Target": st.column_config.TextColumn(width=110),
                                "Status": st.column_config.TextColumn(width=230)})

# ---- history, PDF, navigation ----------------------------------------------------------------
ui.history(pid, KIND, ml.MetricLogDoc, loaded.version, ml.describe)
ui.pdf_download("Build the metric log PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-metric-log.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
