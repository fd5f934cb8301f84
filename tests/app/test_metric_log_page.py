"""Metric log page: upload a registry export, match a renamed column, compute the month, save only its totals (the
database then holds no patient id), refusals in plain words with nothing saved, figures entered by hand, and one
run chart at a time with its signals in words."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, inspect, select, Table, MetaData

from planning import plans
from tests.conftest import HOSTILE
from worksheets import metric_log as ml
from worksheets.monitoring import MonitoringDoc

PAGE = "pages/metric_log_page.py"
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "metric_log_v1.json"
AS_OF = date(2026, 10, 31)

# A fictional export, six patients. The first PHQ-9 column has a name no guess knows ("Baseline depression score").
# As of 31 Oct 2026, with "Active" counted as active (the fourth patient is discharged):
#   active caseload 5 (0001, 0002, 0003, 0005, 0006)
#   contacted in 30 days: latest of IA and follow-up within 2-31 Oct: 0001 (20 Oct), 0002 (28 Oct), 0005 (30 Oct),
#     0006 (5 Oct); not 0003 (15 Sep) -> 4 of 5 = 80%
#   measurable (first PHQ-9 >= 10): 0001 (18), 0002 (12), 0003 (15), 0006 (22); not 0005 (8) -> 4
#   response (last <= half the first): 0001 8 <= 9, 0002 4 <= 6 -> 2 of 4 = 50%
#   remission (last < 5): 0002 -> 1 of 4 = 25%
#   reviewed by the consultant (a consultation date): 0001, 0003, 0006 -> 3 of 5 = 60%
#   billing minimum (standard codes, the example's scenario in use): 0002 enrolled in October needs 36 (40 yes);
#     the others 31: 0001 45 yes, 0003 20 no, 0005 31 yes, 0006 35 yes -> 4 of 5 = 80%
#   mean minutes (45 + 40 + 20 + 31 + 35) / 5 = 34.2
HEADER = ("patient_id,status,Baseline depression score,phq9_last,gad7_first,gad7_last,pcl5_first,pcl5_last,ia_date,"
          "fu_date,pc_date,rpp_date,sessions,minutes_this_month")
ROWS = (
    "PT-ZZ-0001,Active,18,8,,,,,8/3/26,10/20/26,9/1/26,,6,45",
    "PT-ZZ-0002,Active,12,4,,,,,10/14/26,10/28/26,,,2,40",
    "PT-ZZ-0003,Active,15,14,,,,,7/6/26,9/15/26,8/10/26,,5,20",
    "PT-ZZ-0004,Discharged,20,3,,,,,5/4/26,8/30/26,6/1/26,8/30/26,9,0",
    "PT-ZZ-0005,Active,8,6,,,,,9/21/26,10/30/26,,,3,31",
    "PT-ZZ-0006,Active,22,20,,,,,6/15/26,10/5/26,7/13/26,,7,35",
)
IDS = [r.split(",")[0] for r in ROWS]


def export(rows=ROWS, header=HEADER) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode()


def example(store, log: ml.MetricLogDoc | None = None) -> str:
    """The example plan (launch May 2027) with two metrics in its monitoring plan and the given metric log (by
    default an empty one: a clinic that has not logged a month yet)."""
    pid = plans.open_example(store, "Tester")
    for doc in (MonitoringDoc.model_validate({"metrics": [
            {"metric": "contact_30d_pct", "target_y1": 75, "target_y2": 80, "target_y3": 85},
            {"metric": "phq9_response_pct", "target_y1": 40, "target_y2": 50, "target_y3": 50}]}),
            log or ml.MetricLogDoc()):
        plans.save_doc(store, pid, doc, plans.load_doc(store, pid, doc.KIND).version, "Ann")
    return pid


def version(store, pid) -> int:
    return plans.load_doc(store, pid, ml.KIND).version


def upload(at, raw: bytes, name: str = "registry-october.csv"):
    at.file_uploader(key="metric_log_upload_0").upload(name, raw, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def compute(at, tag: str = "0"):
    """Match the renamed first-PHQ-9 column, set the as-of date, press Compute (``tag``: the page's key suffix for
    the table's choices, "0" for a CSV, "0_1" for an Excel workbook's second sheet)."""
    at.selectbox(key=f"metric_log_map_phq9_first_{tag}").set_value("Baseline depression score")
    at.date_input(key=f"metric_log_as_of_{tag}").set_value(AS_OF)
    at.run()
    button(at, "Compute the month").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures_table(at) -> dict[str, dict]:
    frame = next(d.value for d in at.dataframe if "What it counts" in d.value.columns)
    return {row["Metric"]: row for row in frame.to_dict("records")}


def test_the_page_opens_with_the_example_and_draws_one_chart_at_a_time(open_page, store):
    pid = example(store, ml.MetricLogDoc.model_validate(json.loads(FIXTURE.read_text("utf-8"))))
    at = open_page(PAGE, pid)
    assert at.title[0].value == "Metric log"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Months logged": "8", "Latest month": "Dec 2027", "Metrics logged": "8",
                       "Off target twice": "1"}
    assert any("Contacted in 30 days was below its target two months in a row" in w.value.replace("\\", "")
               for w in at.warning)
    assert len(at.get("plotly_chart")) == 1
    chooser = at.selectbox(key="metric_log_chart_metric")
    assert chooser.options[:2] == ["Contacted in 30 days (monitoring plan)", "PHQ-9 response (monitoring plan)"]
    assert any("Run-chart signals need at least 10 months; 8 months logged so far" in m.value.replace("\\", "")
               for m in at.markdown)
    chooser.set_value("active_caseload").run()
    assert len(at.get("plotly_chart")) == 1
    latest = next(d.value for d in at.dataframe if "Status" in d.value.columns)
    assert latest.iloc[0].to_dict() == {"Metric": "Contacted in 30 days", "Month": "Dec 2027", "Figure": "69.7%",
                                        "Target": "75% (year 1)", "Status": "Off target 2 months in a row"}
    assert any(ml.NO_PATIENT_ROWS in i.value for i in at.info)


def test_upload_map_a_renamed_column_compute_and_save_only_the_totals(open_page, store, db_url):
    pid = example(store)
    at = upload(open_page(PAGE, pid), export())
    assert any(m.value.replace("\\", "") == "Dates read as **month/day/year**, e.g. 10/14/26" for m in at.markdown)
    assert at.selectbox(key="metric_log_map_patient_id_0").value == "patient_id"  # the usual names are guessed
    assert at.selectbox(key="metric_log_map_phq9_first_0").value is None  # the renamed column is not: the user picks it
    compute(at)
    shown = figures_table(at)
    assert (shown["Active caseload"]["Figure"], shown["Contacted in 30 days"]["Figure"]) == ("5", "80%")
    assert (shown["PHQ-9 response"]["Figure"], shown["PHQ-9 response"]["Counted"]) == ("50%", "2 of 4")
    assert shown["PHQ-9 response"]["What it counts"].startswith("Measurable active patients whose last PHQ-9")
    assert shown["Mean minutes"]["Figure"] == "34.2 min"
    assert any("Billing minimum met used the standard codes' 36 minutes" in c.value for c in at.caption)
    button(at, "Save the figures for Oct 2026").click().run()
    assert not at.exception
    saved = plans.load_doc(store, pid, ml.KIND).doc
    oct_ = {e.metric: e for e in saved.entries if e.month == date(2026, 10, 1)}
    assert oct_["phq9_response_pct"].value == 50 and oct_["phq9_response_pct"].source == "registry export"
    assert oct_["active_caseload"].value == 5
    (record,) = saved.imports
    assert (record.file_name, record.rows_read, record.active, record.active_statuses) == (
        "registry-october.csv", 6, 5, ["Active"])
    # the file and its rows are gone from the page: a fresh uploader, no figures waiting
    assert not at.file_uploader(key="metric_log_upload_1").value
    assert not [d for d in at.dataframe if "What it counts" in d.value.columns]
    # no patient id anywhere in the database: not in its files' bytes, not in any table's rows
    path = Path(db_url.removeprefix("sqlite:///"))
    for f in path.parent.glob(path.name + "*"):
        raw = f.read_bytes()
        assert not any(pid_.encode() in raw for pid_ in IDS), f
    engine = create_engine(db_url)
    with engine.connect() as conn:
        for name in inspect(engine).get_table_names():
            for row in conn.execute(select(Table(name, MetaData(), autoload_with=conn))):
                assert not any(i in str(row) for i in IDS), name
    engine.dispose()
    assert not any(i in repr(at.session_state[k]) for k in at.session_state for i in IDS)


def test_an_import_for_a_month_with_figures_says_how_many_it_replaces(open_page, store):
    pid = example(store, ml.MetricLogDoc.model_validate({"entries": [
        {"month": "2026-10-01", "metric": "active_caseload", "value": 4, "note": "counted by hand"},
        {"month": "2026-10-01", "metric": "revenue_per_cm", "value": 5200}]}))
    at = compute(upload(open_page(PAGE, pid), export()))
    assert any("Oct 2026 already has 1 figure for the metrics this import computes (1 entered by hand); saving "
               "replaces it." in w.value.replace("\\", "") for w in at.warning)
    button(at, "Save the figures for Oct 2026").click().run()
    saved = plans.load_doc(store, pid, ml.KIND).doc
    assert saved.entry(date(2026, 10, 1), "active_caseload").value == 5
    assert saved.entry(date(2026, 10, 1), "revenue_per_cm").value == 5200  # not computed by an import: kept


def test_a_file_that_is_not_a_table_is_refused_and_nothing_is_saved(open_page, store):
    pid = example(store)
    before = version(store, pid)
    at = upload(open_page(PAGE, pid), b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "photo.csv")
    assert any("This file cannot be read" in e.value for e in at.error)
    assert version(store, pid) == before


def test_a_score_out_of_range_is_named_by_row_and_column_and_nothing_is_saved(open_page, store):
    pid = example(store)
    before = version(store, pid)
    bad = list(ROWS)
    bad[2] = "PT-ZZ-0003,Active,31,14,,,,,7/6/26,9/15/26,8/10/26,,5,20"  # a PHQ-9 of 31 (the scale ends at 27)
    at = compute(upload(open_page(PAGE, pid), export(bad)))
    [err] = [e.value.replace("\\", "") for e in at.error]
    assert "The month was not computed" in err and "row 4" in err.lower() and "Baseline depression score" in err
    assert "PT-ZZ" not in err  # the message names the spreadsheet row, never the patient
    assert not [b for b in at.button if b.label.startswith("Save the figures")]
    assert version(store, pid) == before


def test_a_missing_required_column_is_said_before_computing(open_page, store):
    pid = example(store)
    header = HEADER.replace("status,", "")
    rows = [",".join(r.split(",")[:1] + r.split(",")[2:]) for r in ROWS]
    at = upload(open_page(PAGE, pid), export(rows, header))
    assert any(w.value.startswith("Match the required fields first") for w in at.warning)
    assert button(at, "Compute the month").disabled


def test_ambiguous_dates_ask_which_way_they_are_written(open_page, store):
    pid = example(store)
    rows = [r.replace("10/20/26", "10/2/26").replace("10/28/26", "10/8/26").replace("10/30/26", "10/3/26")
            .replace("8/30/26", "8/3/26").replace("9/15/26", "9/5/26").replace("9/21/26", "9/2/26")
            .replace("10/14/26", "10/4/26").replace("6/15/26", "6/5/26").replace("7/13/26", "7/3/26")
            for r in ROWS]  # no day above 12 anywhere
    at = upload(open_page(PAGE, pid), export(rows))
    (radio,) = [r for r in at.radio if r.label.startswith("How does this file write dates?")]
    assert radio.options == ["month/day/year (3/4/27 is 4 March 2027)", "day/month/year (3/4/27 is 3 April 2027)"]


def test_figures_entered_by_hand_are_saved_and_a_bad_one_is_refused_naming_the_row(open_page, store):
    pid = example(store)
    before = version(store, pid)
    at = open_page(PAGE, pid)
    at.session_state["metric_log_editor_0"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"month": "2026-09-01", "metric": "contact_30d_pct", "value": 140, "note": HOSTILE}]}
    button(at, "Save figures").click().run()
    assert any("Not saved" in e.value and "Metric log, figures, row 1: Contacted in 30 days, Sep 2026: a percentage "
               "runs from 0 to 100 (you entered 140)" in e.value.replace("\\", "") for e in at.error)
    assert version(store, pid) == before
    at.session_state["metric_log_editor_0"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"month": "2026-09-14", "metric": "contact_30d_pct", "value": 81, "note": HOSTILE}]}
    button(at, "Save figures").click().run()
    assert any(f"Saved as version {before + 1}" in s.value for s in at.success)
    (e,) = plans.load_doc(store, pid, ml.KIND).doc.entries
    assert (e.month, e.metric, e.value, e.source, e.note) == (date(2026, 9, 1), "contact_30d_pct", 81, "entered",
                                                            HOSTILE)
    assert any(HOSTILE in "".join(str(v) for v in d.value.to_dict("records")[0].values())
               for d in at.dataframe if "note" in d.value.columns)  # shown as text, as typed


def test_a_month_that_has_not_begun_is_refused(open_page, store):
    pid = example(store)
    before = version(store, pid)
    at = open_page(PAGE, pid)
    at.session_state["metric_log_editor_0"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"month": "2099-01-01", "metric": "active_caseload", "value": 3}]}
    button(at, "Save figures").click().run()
    assert any("Active caseload for Jan 2099: that month has not begun yet" in e.value.replace("\\", "")
               for e in at.error)
    assert version(store, pid) == before


def test_an_excel_workbook_with_several_sheets_asks_which_sheet(open_page, store):
    import io
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append(["Month", "Active", "Enrolled"])  # a small table of its own: read first, but not the patients
    summary.append(["Oct 2026", 5, 1])
    patients = wb.create_sheet("Patients")
    patients.append(HEADER.split(","))
    for r in ROWS:
        cells = r.split(",")
        for i in (8, 9, 10, 11):  # the date columns as real Excel dates
            if cells[i]:
                m, d, y = (int(x) for x in cells[i].split("/"))
                cells[i] = datetime(2000 + y, m, d)
        patients.append([int(c) if isinstance(c, str) and c.isdigit() else (c or None) for c in cells])
    buf = io.BytesIO()
    wb.save(buf)
    pid = example(store)
    at = open_page(PAGE, pid)
    at.file_uploader(key="metric_log_upload_0").upload(
        "registry.xlsx", buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    sheet = at.selectbox(key="metric_log_sheet_0")
    assert sheet.options == ["Summary", "Patients"] and sheet.value == "Summary"
    sheet.set_value("Patients").run()
    assert not at.exception
    assert any(m.value.replace("\\", "").startswith("Dates read as **year-month-day**") for m in at.markdown)
    shown = figures_table(compute(at, "0_1"))
    assert (shown["Active caseload"]["Figure"], shown["PHQ-9 response"]["Counted"]) == ("5", "2 of 4")


def test_changing_a_choice_after_computing_asks_to_compute_again(open_page, store):
    pid = example(store)
    at = compute(upload(open_page(PAGE, pid), export()))
    assert [b for b in at.button if b.label == "Save the figures for Oct 2026"]
    at.date_input(key="metric_log_as_of_0").set_value(date(2026, 9, 30)).run()
    assert any("changed since these figures were computed" in i.value for i in at.info)
    assert not [b for b in at.button if b.label.startswith("Save the figures")]  # old figures cannot be saved


def test_without_a_monitoring_plan_the_page_says_where_targets_come_from(open_page, plan_id):
    at = open_page(PAGE, plan_id)
    assert any("The monitoring plan has no metrics yet" in i.value for i in at.info)
    assert any(ml.NO_PATIENT_ROWS in i.value for i in at.info)
    assert [m.value for m in at.metric] == ["0", "None yet", "0", "0"]
