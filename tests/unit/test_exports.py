"""Action plan exports read back as a spreadsheet or calendar program would: CSV, XLSX and ICS.

The golden fixture (tests/fixtures/action_plan_v1.json) in export order, grouped by step, soonest due first:
  Step 1: ap05 (due 30 Nov 2026, done), ap01 (due 15 Jan 2027, in progress)
  Step 2: ap06 (15 Dec 2026), ap02 (1 Feb 2027), ap03 (1 Mar 2027), ap04 (19 Apr 2027)
  Step 4: ap07 (26 Apr 2027)
  no step: ap08 (dropped, no dates)
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
from openpyxl import load_workbook

from planning import exports
from tests.conftest import HOSTILE
from worksheets import action_plan as ap

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MARIA, CHEN, LUZ, ADEYEMI, TOM = "a1f3c9e2b701", "b72d0e4c9a15", "c0e85b17d3f6", "d4a6f0c28e93", "e9b3d51a7c40"
PEOPLE = {MARIA: "Maria Okafor", CHEN: "Dr. Wei Chen", LUZ: "Luz Ramírez", ADEYEMI: "Dr. Samuel Adeyemi",
          TOM: "Tom Becker"}
TODAY = date(2027, 1, 20)
NOW = datetime(2027, 1, 20, 15, 30, tzinfo=timezone.utc)
ORDER = ["ap05", "ap01", "ap06", "ap02", "ap03", "ap04", "ap07", "ap08"]


def fixture_doc() -> ap.ActionPlanDoc:
    return ap.ActionPlanDoc.model_validate(json.loads((FIXTURES / "action_plan_v1.json").read_text("utf-8")))


def hostile_doc() -> ap.ActionPlanDoc:
    return ap.ActionPlanDoc.model_validate({"actions": [
        {"id": "h1", "action": '=HYPERLINK("x")', "goal": "<b>&", "owner": MARIA, "due": "2027-02-01"},
        {"id": "h2", "action": "Győr 中文 🎉", "area": "+1", "barriers": "-2 people", "resources": "@SUM(A1)",
         "owner": "someone-who-left", "due": "2027-02-02"},
        {"id": "h3", "action": "Bell\x07 and, semi; colon\nnew line " + HOSTILE, "due": "2027-02-03"},
    ]})


# ----------------------------------------------------------------------------------------------
# CSV


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_byte_order_mark_and_has_one_row_per_action():
    data = exports.csv_bytes(fixture_doc(), PEOPLE, TODAY)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8: Ramírez stays Ramírez
    rows = read_csv(data)
    assert list(rows[0]) == ["Step", "Area", "Goal", "Action", "Owner", "Resources needed", "Start date", "Due date",
                             "Status", "Done date", "Overdue", "Barriers", "Source", "Finding id", "Action id"]
    assert [r["Action id"][:4] for r in rows] == ORDER


def test_csv_names_owners_and_writes_dates_and_overdue():
    rows = {r["Action id"][:4]: r for r in read_csv(exports.csv_bytes(fixture_doc(), PEOPLE, TODAY))}
    ap02 = rows["ap02"]
    assert (ap02["Owner"], ap02["Start date"], ap02["Due date"], ap02["Status"]) == (
        "Luz Ramírez", "2026-11-12", "2027-02-01", "Not started")
    assert ap02["Step"] == "Step 2 · Plan for Clinical Practice Change"
    assert ap02["Source"] == "From a finding" and ap02["Finding id"] == "readiness:item:E1"
    # on 20 Jan 2027 ap06 (due 15 Dec) is 36 days late and ap01 (due 15 Jan) 5 days late
    assert rows["ap06"]["Overdue"] == "OVERDUE by 36 days" and rows["ap01"]["Overdue"] == "OVERDUE by 5 days"
    assert rows["ap05"]["Overdue"] == "" and rows["ap05"]["Done date"] == "2026-11-20"
    ap08 = rows["ap08"]
    assert (ap08["Owner"], ap08["Step"], ap08["Due date"], ap08["Source"]) == ("No owner yet", "", "",
                                                                               "Added by hand")


def test_csv_keeps_hostile_text_and_defuses_formulas():
    rows = read_csv(exports.csv_bytes(hostile_doc(), PEOPLE, TODAY))
    assert rows[0]["Action"] == "'=HYPERLINK(\"x\")" and rows[0]["Goal"] == "<b>&"
    assert rows[1]["Action"] == "Győr 中文 🎉"
    assert (rows[1]["Area"], rows[1]["Barriers"], rows[1]["Resources needed"]) == ("'+1", "'-2 people", "'@SUM(A1)")
    assert rows[1]["Owner"] == "(removed from the team)"
    assert rows[2]["Action"] == "Bell and, semi; colon\nnew line " + HOSTILE  # the bell character is dropped


# ----------------------------------------------------------------------------------------------
# XLSX


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_xlsx_has_a_frozen_header_widths_and_a_filter():
    ws = read_xlsx(exports.xlsx_bytes(fixture_doc(), PEOPLE, TODAY))
    assert [c.value for c in ws[1]][:5] == ["Step", "Area", "Goal", "Action", "Owner"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:O9"  # 15 columns, header + 8 actions
    assert ws.column_dimensions["D"].width == 50 and ws.column_dimensions["G"].width == 12
    assert ws.max_row == 9
    assert ws.title == "Action plan"


def test_xlsx_dates_are_real_dates():
    ws = read_xlsx(exports.xlsx_bytes(fixture_doc(), PEOPLE, TODAY))
    header = [c.value for c in ws[1]]
    ap02 = next(r for r in ws.iter_rows(min_row=2) if r[header.index("Action id")].value == "ap02e1d4c7b3")
    due = ap02[header.index("Due date")]
    assert due.is_date and due.value == datetime(2027, 2, 1)
    assert ap02[header.index("Start date")].value == datetime(2026, 11, 12)
    assert ap02[header.index("Owner")].value == "Luz Ramírez"
    assert ap02[header.index("Done date")].value is None


def test_xlsx_text_is_never_a_formula():
    data = exports.xlsx_bytes(hostile_doc(), PEOPLE, TODAY)
    ws = read_xlsx(data)
    header = [c.value for c in ws[1]]
    first, second, third = (list(r) for r in ws.iter_rows(min_row=2))
    action = first[header.index("Action")]
    assert action.value == '=HYPERLINK("x")' and action.data_type == "s" and action.quotePrefix
    assert first[header.index("Goal")].value == "<b>&"
    assert second[header.index("Action")].value == "Győr 中文 🎉"
    assert [second[header.index(h)].value for h in ("Area", "Barriers", "Resources needed")] == [
        "+1", "-2 people", "@SUM(A1)"]
    assert all(second[header.index(h)].data_type == "s" for h in ("Area", "Barriers", "Resources needed"))
    assert third[header.index("Action")].value == "Bell and, semi; colon\nnew line " + HOSTILE
    # no formula anywhere in the sheet as stored
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet


def test_xlsx_of_an_empty_plan_is_just_the_header():
    ws = read_xlsx(exports.xlsx_bytes(ap.ActionPlanDoc(), PEOPLE, TODAY, title="Plan: [Eastside]/2027?"))
    assert ws.max_row == 1 and ws.title == "Plan   Eastside  2027"


# ----------------------------------------------------------------------------------------------
# ICS


def read_ics(data: bytes):
    return icalendar.Calendar.from_ical(data)


def test_ics_is_a_calendar_of_open_actions_due_dates():
    data = exports.ics_bytes(fixture_doc(), "plan-1", PEOPLE, NOW, plan_name="Riverbend launch")
    cal = read_ics(data)
    assert str(cal["PRODID"]) == exports.PRODID and str(cal["VERSION"]) == "2.0"
    events = cal.walk("VEVENT")
    # open actions with a due date: ap01, ap02, ap03, ap04, ap06, ap07 (ap05 is done, ap08 dropped)
    assert sorted(str(e["UID"]).split(".")[1][:4] for e in events) == ["ap01", "ap02", "ap03", "ap04", "ap06",
                                                                        "ap07"]
    for e in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert prop in e, prop
        assert e.decoded("DTSTAMP") == NOW


def test_ics_events_are_all_day_on_the_due_date_with_owner_and_action():
    cal = read_ics(exports.ics_bytes(fixture_doc(), "plan-1", PEOPLE, NOW, plan_name="Riverbend launch"))
    e = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == "plan-1.ap02e1d4c7b3@cocm-workbook")
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    assert start == date(2027, 2, 1) and not isinstance(start, datetime)  # a date: an all-day event
    assert end == date(2027, 2, 2)
    assert str(e["SUMMARY"]) == "Due: Compare the AIMS Caseload Tracker with an EHR build and choose one."
    description = str(e["DESCRIPTION"])
    assert "Owner: Luz Ramírez" in description and "Status: Not started" in description
    assert "Plan: Riverbend launch" in description and "Step 2 · Plan for Clinical Practice Change" in description
    assert str(cal["X-WR-CALNAME"]) == "Action plan · Riverbend launch"


def test_ics_uids_are_stable_between_exports():
    a = exports.ics_bytes(fixture_doc(), "plan-1", PEOPLE, NOW)
    b = exports.ics_bytes(fixture_doc(), "plan-1", PEOPLE, datetime(2027, 2, 1, 9, 0, tzinfo=timezone.utc))
    uids = [sorted(str(e["UID"]) for e in read_ics(x).walk("VEVENT")) for x in (a, b)]
    assert uids[0] == uids[1]
    other_plan = read_ics(exports.ics_bytes(fixture_doc(), "plan-2", PEOPLE, NOW)).walk("VEVENT")
    assert not set(uids[0]) & {str(e["UID"]) for e in other_plan}


def test_ics_keeps_hostile_text_and_follows_the_line_rules():
    data = exports.ics_bytes(hostile_doc(), "plan-1", PEOPLE, NOW)
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)  # CRLF line ends only
    assert max(len(line) for line in lines) <= 75  # long lines are folded (RFC 5545, 3.1)
    events = {str(e["UID"]).split(".")[1].split("@")[0]: e for e in read_ics(data).walk("VEVENT")}
    assert str(events["h1"]["SUMMARY"]) == 'Due: =HYPERLINK("x")'
    assert "Goal: <b>&" in str(events["h1"]["DESCRIPTION"])
    assert str(events["h2"]["SUMMARY"]) == "Due: Győr 中文 🎉"
    assert "Owner: (removed from the team)" in str(events["h2"]["DESCRIPTION"])
    assert str(events["h3"]["SUMMARY"]).startswith("Due: Bell and, semi; colon new line <b>unclosed")
    assert "Owner: No owner yet" in str(events["h3"]["DESCRIPTION"])


def test_ics_of_a_plan_without_open_dated_actions_has_no_events():
    data = exports.ics_bytes(ap.ActionPlanDoc(), "plan-1", PEOPLE, NOW)
    cal = read_ics(data)
    assert cal.walk("VEVENT") == [] and str(cal["VERSION"]) == "2.0"


def test_the_review_reminder_is_one_all_day_event_on_the_due_date_with_a_week_of_warning():
    raw = exports.review_reminder_ics("plan-1", "Riverside <launch> & co", date(2027, 11, 15),
                                      datetime(2027, 5, 20, 9, 0, tzinfo=timezone.utc))
    cal = icalendar.Calendar.from_ical(raw)
    [ev] = cal.walk("VEVENT")
    assert ev.decoded("dtstart") == date(2027, 11, 15) and ev.decoded("dtend") == date(2027, 11, 16)
    assert str(ev["summary"]) == "Six-month review due · Riverside <launch> & co"
    assert str(ev["uid"]) == exports.event_uid("plan-1", "six-month-review")
    [alarm] = ev.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(days=-7)  # a week before 15 Nov: 8 Nov
    # the same plan and date export the same bytes
    assert raw == exports.review_reminder_ics("plan-1", "Riverside <launch> & co", date(2027, 11, 15),
                                              datetime(2027, 5, 20, 9, 0, tzinfo=timezone.utc))
