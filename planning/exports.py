"""The action plan as files other programs open: CSV and XLSX for spreadsheets, ICS for calendars.

- CSV: UTF-8 with a byte order mark, so Excel shows accents right; one row per action; owners by name.
- XLSX (openpyxl): a bold header row, frozen under the header, a filter, sensible column widths, dates as
  real dates. Team-written text is always text: a cell starting with =, +, - or @ is stored as a string
  with Excel's "quote prefix", never as a formula (spreadsheet formula injection).
- ICS (icalendar): one all-day event on the due date for each open action that has one; its UID is made
  from the plan id and the action id, so importing the file again updates the events instead of doubling them.

In the CSV, where a spreadsheet would read such a cell as a formula, the cell is written with a leading
apostrophe (the usual defence; Excel shows the text as typed).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Mapping

import icalendar
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from worksheets.action_plan import (ADDED_BY_HAND, FROM_FINDING, OVERDUE, STATUS_LABELS, Action, ActionPlanDoc,
                                    days_late, fmt_date, is_overdue, ordered, owner_label, step_label)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PRODID = "-//Collaborative Care Implementation Workbook//Action plan//EN"
UID_DOMAIN = "cocm-workbook"
# characters XML 1.0 (so XLSX) and iCalendar text cannot hold: control characters except tab and newline
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Action, Mapping[str, str] | None, date], Any]  # text, a date, or None
    width: float  # characters, for the XLSX


def _step(a: Action, people, today) -> str:
    return step_label(a.step) if a.step else ""


def _overdue(a: Action, people, today) -> str:
    if not is_overdue(a, today):
        return ""
    n = days_late(a, today)
    return f"{OVERDUE} by {n} day{'' if n == 1 else 's'}"


COLUMNS: tuple[Column, ...] = (
    Column("Step", _step, 30),
    Column("Area", lambda a, p, t: a.area, 24),
    Column("Goal", lambda a, p, t: a.goal, 40),
    Column("Action", lambda a, p, t: a.action, 50),
    Column("Owner", lambda a, p, t: owner_label(a.owner, p), 24),
    Column("Resources needed", lambda a, p, t: a.resources, 30),
    Column("Start date", lambda a, p, t: a.start, 12),
    Column("Due date", lambda a, p, t: a.due, 12),
    Column("Status", lambda a, p, t: STATUS_LABELS[a.status], 12),
    Column("Done date", lambda a, p, t: a.done_on, 12),
    Column("Overdue", _overdue, 18),
    Column("Barriers", lambda a, p, t: a.barriers, 30),
    Column("Source", lambda a, p, t: FROM_FINDING if a.source else ADDED_BY_HAND, 16),
    Column("Finding id", lambda a, p, t: a.source, 24),
    Column("Action id", lambda a, p, t: a.id, 14),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)


def clean(text: str) -> str:
    """Text without the control characters spreadsheets and calendars cannot hold."""
    return _CONTROL.sub("", text)


def rows(doc: ActionPlanDoc, people: Mapping[str, str] | None, today: date) -> list[list[Any]]:
    """One row per action (grouped by step, soonest due first), values typed: text, dates or None."""
    return [[c.value(a, people, today) for c in COLUMNS] for a in ordered(doc)]


# ----------------------------------------------------------------------------------------------
# CSV

def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return v.isoformat()
    text = clean(str(v))
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(doc: ActionPlanDoc, people: Mapping[str, str] | None, today: date) -> bytes:
    """The action plan as CSV: UTF-8 with BOM, a header row, dates as YYYY-MM-DD, owners by name."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows(doc, people, today):
        writer.writerow([_csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


# ----------------------------------------------------------------------------------------------
# XLSX

def header_row(ws, headers) -> None:
    """The first row of a sheet: bold headers on a pale band (the action plan and the roll-up look alike)."""
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3ECF4")
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def text_cell(cell, value: object) -> None:
    """Team text in a spreadsheet cell: always text, never a formula, whatever it starts with (=, +, -, @)."""
    text = clean(str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def xlsx_bytes(doc: ActionPlanDoc, people: Mapping[str, str] | None, today: date, title: str = "Action plan") -> bytes:
    """The action plan as an Excel workbook: header, frozen panes, filter, widths, real dates, no formulas."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title)
    header_row(ws, HEADERS)
    for r, row in enumerate(rows(doc, people, today), start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            elif value is None or value == "":
                continue
            else:
                text_cell(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, ws.max_row)}"
    wb.properties.title = clean(title)[:200]
    wb.properties.creator = "Collaborative Care Implementation Workbook"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    text = re.sub(r"[\[\]:*?/\\]", " ", clean(title)).strip() or "Action plan"
    return text[:31]


# ----------------------------------------------------------------------------------------------
# ICS

def event_uid(plan_id: str, action_id: str) -> str:
    """Stable across exports: the same action is the same calendar event."""
    return f"{plan_id}.{action_id}@{UID_DOMAIN}"


def _short(text: str, n: int = 120) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def ics_bytes(doc: ActionPlanDoc, plan_id: str, people: Mapping[str, str] | None, now: datetime,
              plan_name: str = "") -> bytes:
    """A calendar of due dates: one all-day event per open action with a due date (RFC 5545).

    ``now`` is the export time (DTSTAMP), passed in so the same plan exports the same bytes.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"Action plan · {_short(plan_name, 80)}" if plan_name else "Action plan"
    cal.add("x-wr-calname", name)
    stamp = now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)
    for a in ordered(doc):
        if not a.is_open or a.due is None:
            continue
        ev = icalendar.Event()
        ev.add("uid", event_uid(plan_id, a.id))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", a.due)
        ev.add("dtend", a.due + timedelta(days=1))  # all day: the end is the next day, not included
        ev.add("summary", f"Due: {_short(a.action)}")
        ev.add("description", _description(a, people, plan_name))
        ev.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it does not block the day
        ev.add("categories", ["Action plan"])
        cal.add_component(ev)
    return cal.to_ical()


def _description(a: Action, people: Mapping[str, str] | None, plan_name: str) -> str:
    lines = [clean(a.action), "", f"Owner: {clean(owner_label(a.owner, people))}",
             f"Status: {STATUS_LABELS[a.status]}", f"Due: {fmt_date(a.due)}"]
    if a.start:
        lines.append(f"Start: {fmt_date(a.start)}")
    if a.step:
        lines.append(step_label(a.step))
    for label, text in (("Area", a.area), ("Goal", a.goal), ("Resources needed", a.resources),
                        ("Barriers", a.barriers)):
        if text:
            lines.append(f"{label}: {clean(text)}")
    if plan_name:
        lines.append(f"Plan: {clean(plan_name)}")
    return "\n".join(lines)


def review_reminder_ics(plan_id: str, plan_name: str, due: date, now: datetime) -> bytes:
    """A reminder of the next six-month review: one all-day event on the day it is due, with an alarm a week
    before. Its UID is the plan's, so importing a newer reminder moves the event instead of adding a second one."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    stamp = now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)
    ev = icalendar.Event()
    ev.add("uid", event_uid(plan_id, "six-month-review"))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", due)
    ev.add("dtend", due + timedelta(days=1))
    name = _short(plan_name, 80)
    ev.add("summary", f"Six-month review due · {name}" if name else "Six-month review due")
    ev.add("description", "\n".join([
        "Time for the Collaborative Care six-month review: revisit the shared vision, the clinical workflow and "
        "the action plan, rate the principles of care again, plan training for new staff, and set the metric "
        "targets for the next year.",
        "In the workbook: Step 5 · Six-month review. Make a milestone first, then compare it with the last one.",
    ] + ([f"Plan: {clean(plan_name)}"] if plan_name else [])))
    ev.add("transp", "TRANSPARENT")
    ev.add("categories", ["Six-month review"])
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Six-month review in one week")
    alarm.add("trigger", timedelta(days=-7))
    ev.add_component(alarm)
    cal.add_component(ev)
    return cal.to_ical()
