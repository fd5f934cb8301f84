"""A registry export (CSV or XLSX) read in memory and turned into the month's program figures.

The Metric log's import: read the file (`read_table`), guess which of the user's columns holds which field
(`guess_mapping`), detect how dates are written (`date_formats`), check every row (`parse`), list the status values
so the user says which count as active (`statuses`, `ACTIVE_GUESS`), and compute the figures of every metric a
registry export can give (`compute`, ids in worksheets.metrics.FROM_EXPORT).

No patient row ever leaves memory: nothing here writes anything, and the messages of an `ImportProblem` never repeat
a patient ID (they name the spreadsheet row instead). Only the monthly aggregates (a `Figure`'s value, numerator and
denominator) are meant to be saved, by the Metric log.

How rows and columns are named in messages: as the user sees the file in a spreadsheet. The header is the row it is
in (row 1 in a usual export; a title line above it moves it down), data rows are counted from there, a blank line
counts as a row, and columns are named by the user's own header text.

Decisions where the issue was silent:
- Reading. CSV is decoded as UTF-8 (with or without a byte order mark), UTF-16 when it starts with a UTF-16 byte order
  mark (Excel's "Unicode text"), else Windows-1252. The delimiter (comma, semicolon, tab or pipe) is the one that splits
  the first rows into the most columns consistently. The header row is the first row, within the first 20, with at
  least three filled cells (a usable export needs patient ID, status and initial-assessment date), so a title line
  above the header is skipped. Columns with no name and no values (trailing commas, Excel's empty columns) are
  dropped; a nameless column holding values is refused. Two column names that differ only in case or spaces are
  duplicates. A row with more values than the header has names is refused (a value holding the delimiter without
  quotes would shift every later value).
- XLSX is recognised by its content (a zip holding xl/workbook.xml), whatever the file is called. Date cells come out
  as ISO text (2027-01-24), whole numbers without ".0". With several sheets, the first sheet with a header row is read
  unless the user picks another; `RawTable.sheets` lists them all.
- Cells. For scores, minutes, sessions and dates, a blank cell, "-", "--", "N/A", "NA", "none", "null" and "nan" mean
  no value. A score may end with "*" (the AIMS Caseload Tracker marks a score not measured in the last month that
  way); the star is ignored. "12.0" is read as 12. A blank status is kept as "" (it counts as active only if the user
  ticks the blank status). A blank initial-assessment date is allowed (a patient referred but not yet assessed): the
  column is required, each cell is not.
- Dates. Besides the order the user confirms (month/day/year, day/month/year or year-month-day), dates that cannot be
  misread are always accepted: 2027-01-24 (a year of four digits first), 20270124, 24-Jan-2027, Jan 24, 2027; a time
  after the date is ignored. Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999.
- Patient IDs are compared exactly, after trimming spaces.
- Figures (see `compute`): every percentage is of the active caseload on the as-of date, as the catalog says.
  "In the last 30 days" is the as-of date and the 29 days before it (as_of - 29 days .. as_of, both included).
  A measurable patient with no last score stays in the denominator and is not a response, a remission or an
  improvement (as NQF 1884 does). Blank minutes count as 0 minutes. New enrollments count every row of the file,
  active or not, whose initial assessment falls in the as-of calendar month.
- ACTIVE_GUESS also ticks "RPP": the AIMS Caseload Tracker's "Active Patients" list shows status T (in treatment) and
  RPP (relapse-prevention plan written, being monitored), so both are on the caseload.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from planning import uploads
from worksheets.metrics import FROM_EXPORT

FIELDS: tuple[str, ...] = ("patient_id", "status", "phq9_first", "phq9_last", "gad7_first", "gad7_last",
                           "pcl5_first", "pcl5_last", "ia_date", "fu_date", "pc_date", "rpp_date", "sessions",
                           "minutes_this_month")
FIELD_LABELS: dict[str, str] = {
    "patient_id": "Patient ID",
    "status": "Status",
    "phq9_first": "First PHQ-9 score",
    "phq9_last": "Last PHQ-9 score",
    "gad7_first": "First GAD-7 score",
    "gad7_last": "Last GAD-7 score",
    "pcl5_first": "First PCL-5 score",
    "pcl5_last": "Last PCL-5 score",
    "ia_date": "Initial assessment date",
    "fu_date": "Latest follow-up date",
    "pc_date": "Psychiatric consultation date",
    "rpp_date": "Relapse-prevention plan date",
    "sessions": "Number of sessions",
    "minutes_this_month": "Care-manager minutes this month",
}
REQUIRED: tuple[str, ...] = ("patient_id", "status", "ia_date")
DATE_FIELDS: tuple[str, ...] = ("ia_date", "fu_date", "pc_date", "rpp_date")
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_MESSAGES = 20
MAX_MINUTES = 10_000
HEADER_SEARCH_ROWS = 20  # the header row is looked for in this many first rows
MIN_HEADER_CELLS = 3

# scores: (instrument name, highest score)
SCORES: dict[str, tuple[str, int]] = {
    "phq9_first": ("PHQ-9", 27), "phq9_last": ("PHQ-9", 27),
    "gad7_first": ("GAD-7", 21), "gad7_last": ("GAD-7", 21),
    "pcl5_first": ("PCL-5", 80), "pcl5_last": ("PCL-5", 80),
}

# notes a Figure carries when it has no value (the page may compare them)
NOT_MAPPED = "column not mapped"
NO_MEASURABLE = "no measurable patients"
NO_ACTIVE = "no active patients"

# status values ticked as active before the user confirms (compared case-insensitively, trimmed)
ACTIVE_GUESS: frozenset[str] = frozenset({
    "active", "a", "enrolled", "t", "tx", "treatment", "in treatment", "in tx", "active treatment", "engaged",
    "open", "current", "rpp", "relapse prevention", "monitoring", "active - rpp",
})
BLANK_STATUS_LABEL = "(blank)"  # how the page may show a blank status value

ORDERS: tuple[str, ...] = ("MDY", "DMY", "YMD")
ORDER_LABELS: dict[str, str] = {"MDY": "month/day/year", "DMY": "day/month/year", "YMD": "year-month-day"}
TWO_DIGIT_YEARS = "Two-digit years: 00-69 are read as 2000-2069, 70-99 as 1970-1999."
DELIMITER_NAMES: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", "": ""}

_BLANKS = frozenset({"", "-", "--", "\u2014", "\u2013", "n/a", "na", "none", "null", "nan"})
_MIB = 1024 * 1024


# ---------------------------------------------------------------------------------------------------- problems


class ImportProblem(Exception):
    """Why a file cannot be read or imported: `messages` in plain words, each naming the row and column.

    At most MAX_MESSAGES are listed, then one line "... and N more problems."; `total` is the full count."""

    def __init__(self, messages: Iterable[str]):
        found = list(messages)
        self.total = len(found)
        shown = found[:MAX_MESSAGES]
        extra = len(found) - len(shown)
        if extra:
            shown.append(f"... and {extra:,} more problem{'' if extra == 1 else 's'}.")
        self.messages: list[str] = shown
        super().__init__("\n".join(shown))


def _cell_text(value: str, limit: int = 40) -> str:
    """A cell's value for a message: trimmed, cut to `limit` characters."""
    v = " ".join(value.split())
    return v if len(v) <= limit else v[: limit - 1] + "\u2026"


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names the column."""
    letters = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


# ---------------------------------------------------------------------------------------------------- reading


@dataclass
class RawTable:
    """A file's table as text, exactly as written. rows[i] is spreadsheet row `header_row + 1 + i` (blank rows kept,
    so the numbers match what the user sees; trailing blank rows dropped)."""

    columns: list[str]
    rows: list[list[str]]
    sheets: tuple[str, ...] = ()  # XLSX sheet names; () for CSV
    sheet: str = ""  # the sheet read ("" for CSV)
    delimiter: str = ""  # "," ";" "\t" "|" for CSV; "" for XLSX
    header_row: int = 1

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index

    @property
    def delimiter_name(self) -> str:
        """'comma', 'semicolon', 'tab', 'pipe'; '' for XLSX."""
        return DELIMITER_NAMES.get(self.delimiter, self.delimiter)

    @property
    def data_rows(self) -> int:
        """Rows with at least one filled cell."""
        return sum(1 for r in self.rows if not _blank_row(r))


def _blank_row(cells: Iterable[str]) -> bool:
    return all(not c or not c.strip() for c in cells)


_NOT_TABLE = "Export the registry as a CSV file or an Excel workbook (.xlsx) and upload that."


def read_table(raw: bytes, filename: str, sheet: str | None = None) -> RawTable:
    """Read a CSV or XLSX export into text cells. Refuses (ImportProblem) an empty file, a file over MAX_BYTES, more
    than MAX_ROWS data rows, a file that is not a table, and a header with blank (holding values) or duplicate
    names. `filename` is only used in messages; the kind of file is told from its content."""
    if uploads.check_registry(raw, filename) == "xlsx":  # size, and by its bytes a CSV or a workbook
        return _read_xlsx(raw, filename, sheet)
    return _read_csv(_decode(raw), filename)


def _name(filename: str) -> str:
    return f'"{_cell_text(filename, 60)}" ' if filename else "The file "


def _decode(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _choose_delimiter(text: str) -> str | None:
    """The delimiter that splits the first rows into the most columns, consistently; None if none gives two."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best: tuple | None = None
    choice = None
    for delim in (",", ";", "\t", "|"):
        widths = []
        try:
            for rec in csv.reader(io.StringIO(sample, newline=""), delimiter=delim):
                if _blank_row(rec):
                    continue
                while rec and not rec[-1].strip():
                    rec = rec[:-1]
                widths.append(len(rec))
                if len(widths) >= 50:
                    break
        except csv.Error:
            pass
        if not widths:
            continue
        several = [w for w in widths if w >= 2]  # title lines above the header have one value
        if not several:
            continue
        mode = max(set(several), key=lambda w: (several.count(w), w))
        consistency = sum(1 for w in widths if w == mode) / len(widths)
        key = (consistency >= 0.8, mode, consistency)
        if best is None or key > best:
            best, choice = key, delim
    return choice


def _header_index(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in row if c and c.strip()) >= MIN_HEADER_CELLS:
            return i
    return None


def _read_csv(text: str, filename: str) -> RawTable:
    delim = _choose_delimiter(text)
    if delim is None:
        raise ImportProblem([f"{_name(filename)}holds text but no table: no commas, semicolons, tabs or pipes "
                             f"separate its values into columns. {_NOT_TABLE}"])
    records: list[list[str]] = []
    try:
        for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            records.append(rec)
    except csv.Error:
        raise ImportProblem([f"Row {len(records) + 1}: a value is too long to be a registry cell (over "
                             f"{csv.field_size_limit():,} characters), or a quotation mark opened there is never "
                             "closed."]) from None
    h = _header_index(records)
    if h is None:
        raise ImportProblem([_no_header(_name(filename))])
    return _table(records[h], records[h + 1:], header_row=h + 1, delimiter=delim, exact_count=True)


def _no_header(subject: str) -> str:
    return (f"{subject}has no header row: none of its first {HEADER_SEARCH_ROWS} rows has at least "
            f"{MIN_HEADER_CELLS} column names. A registry export needs at least the patient ID, status and "
            "initial-assessment date columns.")


def _table(header: list[str], body: list[list[str]], *, header_row: int, delimiter: str = "",
           sheets: tuple[str, ...] = (), sheet: str = "", exact_count: bool = True) -> RawTable:
    """Check the header and shape the rows (pad short rows, refuse long ones, drop nameless empty columns)."""
    while body and _blank_row(body[-1]):
        body.pop()
    names = [(c or "").strip() for c in header]
    width = len(names)
    problems: list[str] = []
    too_long: list[str] = []
    for i, row in enumerate(body):
        if len(row) > width:
            extra = row[width:]
            if not _blank_row(extra):
                too_long.append(f"Row {header_row + 1 + i} has {width + len(extra)} values but the header "
                                f"(row {header_row}) names {width} columns: a value may hold a "
                                f"{DELIMITER_NAMES.get(delimiter) or 'delimiter'} without quotes around it.")
            body[i] = row = row[:width]
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    keep = []
    for j, name in enumerate(names):
        if name:
            keep.append(j)
        elif any(r[j] and r[j].strip() for r in body):
            problems.append(f"Column {_column_letter(j)} has no name in the header (row {header_row}) but holds "
                            "values: give it a name, or remove it.")
    seen: dict[str, int] = {}
    for j in keep:
        key = " ".join(names[j].split()).casefold()
        if key in seen:
            problems.append(f'Two columns are named "{_cell_text(names[j])}" (columns {_column_letter(seen[key])} '
                            f"and {_column_letter(j)}): rename one of them.")
        else:
            seen[key] = j
    problems.extend(too_long)
    if problems:
        raise ImportProblem(problems)
    if len(keep) < width:
        body = [[r[j] for j in keep] for r in body]
        names = [names[j] for j in keep]
    table = RawTable(columns=names, rows=body, sheets=sheets, sheet=sheet, delimiter=delimiter,
                     header_row=header_row)
    n = table.data_rows
    if n == 0:
        raise ImportProblem([f"The file has a header row (row {header_row}) but no patient rows under it."])
    if n > MAX_ROWS:
        count = f"{n:,}" if exact_count else f"more than {MAX_ROWS:,}"
        raise ImportProblem([f"The file has {count} patient rows; this page reads at most {MAX_ROWS:,}. "
                             "Export only the patients of the period you want, or split the file."])
    return table


def _number_text(v: float) -> str:
    return str(int(v)) if v.is_integer() else format(v, ".10g")


def _datetime_text(v: datetime) -> str:
    if v.time() == time(0, 0):
        return v.date().isoformat()
    return v.isoformat(sep=" ", timespec="minutes")


def _xlsx_text(v) -> str:
    """An openpyxl cell value as text: dates ISO, whole numbers without '.0'."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, datetime):
        return _datetime_text(v)
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _number_text(v)
    return str(v)


MAX_UNPACKED = 40 * MAX_BYTES  # a workbook's files together, once unzipped (a guard against zip bombs)


def _read_xlsx(raw: bytes, filename: str, sheet: str | None) -> RawTable:
    zf = zipfile.ZipFile(io.BytesIO(raw))  # planning.uploads.check_registry opened it and found a workbook
    infos = zf.infolist()
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise ImportProblem([f"{_name(filename)}is too large once unpacked (over {MAX_UNPACKED // _MIB:,} MB). "
                             "Export fewer columns or a shorter period, or export CSV."])
    try:
        book = _FastBook(zf)
    except ImportProblem:
        raise
    except Exception:  # noqa: BLE001  (an unusual workbook: let openpyxl try)
        book = None
    if book is not None:
        try:
            return _pick_sheet(book.sheet_names, sheet, book.rows)
        except ImportProblem:
            raise
        except Exception:  # noqa: BLE001
            pass
    return _read_xlsx_openpyxl(raw, filename, sheet)


def _pick_sheet(sheets: tuple[str, ...], sheet: str | None, rows_of) -> RawTable:
    """The chosen sheet, or the first one with a header row, as a RawTable. rows_of(name) yields rows of text (a
    blank list for each empty row, so row numbers stay right) or None for a sheet that holds no cells (a chart)."""
    if sheet is not None:
        if sheet not in sheets:
            raise ImportProblem([f'The workbook has no sheet named "{_cell_text(sheet)}". Its sheets: '
                                 + ", ".join(f'"{_cell_text(s)}"' for s in sheets) + "."])
        candidates = [sheet]
    else:
        candidates = list(sheets)
    for name in candidates:
        rows_iter = rows_of(name)
        if rows_iter is None:
            continue
        head: list[list[str]] = []
        for row in rows_iter:
            head.append(row)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        h = _header_index(head)
        if h is None:
            continue
        body = head[h + 1:]
        filled = sum(1 for r in body if not _blank_row(r))
        for row in rows_iter:
            body.append(row)
            if not _blank_row(row):
                filled += 1
                if filled > MAX_ROWS:
                    raise ImportProblem([f'The sheet "{_cell_text(name)}" has more than {MAX_ROWS:,} patient rows; '
                                         f"this page reads at most {MAX_ROWS:,}. Export only the patients of the "
                                         "period you want, or split the file."])
        return _table(head[h], body, header_row=h + 1, sheets=sheets, sheet=name)
    if sheet is not None:
        raise ImportProblem([_no_header(f'The sheet "{_cell_text(sheet)}" ')])
    raise ImportProblem([f"No sheet of the workbook holds a table: none has a row with at least "
                         f"{MIN_HEADER_CELLS} column names in its first {HEADER_SEARCH_ROWS} rows."])


def _read_xlsx_openpyxl(raw: bytes, filename: str, sheet: str | None) -> RawTable:
    from openpyxl import load_workbook  # only for a workbook the fast reader could not read

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (openpyxl raises many kinds for a damaged file)
        raise ImportProblem([f"{_name(filename)}could not be opened as an Excel workbook: it may be damaged. "
                             "Save it again from Excel, or export CSV."]) from None

    def rows_of(name: str):
        ws = wb[name]
        if not hasattr(ws, "iter_rows"):  # a chart sheet
            return None
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some writers store a wrong size; read every row there is
        return ([_xlsx_text(v) for v in values] for values in ws.iter_rows(values_only=True))

    try:
        return _pick_sheet(tuple(wb.sheetnames), sheet, rows_of)
    except ImportProblem:
        raise
    except Exception:  # noqa: BLE001
        raise ImportProblem([f"{_name(filename)}could not be read as an Excel workbook: it may be damaged. "
                             "Save it again from Excel, or export CSV."]) from None
    finally:
        wb.close()


# The fast reader: the workbook's XML read with the standard library (openpyxl builds an object per shared string
# and per cell and takes seconds for 10,000 rows). Only what a table needs: sheet names, shared strings, which
# cell styles are dates, and the cells' values.

_DATE_FORMAT_IDS = frozenset(range(14, 23)) | frozenset(range(27, 37)) | frozenset(range(45, 48)) \
    | frozenset(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _is_date_format(code: str) -> bool:
    plain = _QUOTED.sub("", code).casefold().replace("general", "")
    return any(ch in plain for ch in "dmyhs")


def _column_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n - 1


class _FastBook:
    def __init__(self, zf: zipfile.ZipFile):
        import xml.etree.ElementTree as ET

        self._ET = ET
        self.zf = zf
        names = set(zf.namelist())
        wb = ET.fromstring(zf.read("xl/workbook.xml"))
        self.ns = wb.tag[: wb.tag.index("}") + 1] if wb.tag.startswith("{") else ""
        self.date1904 = any(_local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true")
                            for e in wb.iter())
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if _local(r.tag) == "Relationship"}
        self.paths: dict[str, str | None] = {}
        for s in wb.iter():
            if _local(s.tag) != "sheet":
                continue
            rid = next((v for k, v in s.attrib.items() if _local(k) == "id"), None)
            target = targets.get(rid, "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            path = re.sub(r"[^/]+/\.\./", "", path)
            self.paths[s.get("name", "")] = path if path in names and "worksheets/" in path else None
        self.sheet_names = tuple(self.paths)
        self.shared = self._shared_strings() if "xl/sharedStrings.xml" in names else []
        self.date_styles = self._date_styles() if "xl/styles.xml" in names else set()

    def _text_of(self, elem) -> str:
        """A string item's text: its <t>, or its rich-text runs' <t>s (phonetic hints left out)."""
        parts = []
        for child in elem:
            tag = _local(child.tag)
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "r":
                parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
        return "".join(parts)

    def _shared_strings(self) -> list[str]:
        out = []
        with self.zf.open("xl/sharedStrings.xml") as f:
            for _, elem in self._ET.iterparse(f):
                if _local(elem.tag) == "si":
                    out.append(self._text_of(elem))
                    elem.clear()
        return out

    def _date_styles(self) -> set[int]:
        root = self._ET.fromstring(self.zf.read("xl/styles.xml"))
        custom = {}
        xfs: list[int] = []
        for elem in root:
            tag = _local(elem.tag)
            if tag == "numFmts":
                for nf in elem:
                    custom[int(nf.get("numFmtId", "-1"))] = nf.get("formatCode", "")
            elif tag == "cellXfs":
                xfs = [int(xf.get("numFmtId", "0")) for xf in elem if _local(xf.tag) == "xf"]
        return {i for i, fmt in enumerate(xfs)
                if (fmt in custom and _is_date_format(custom[fmt])) or (fmt not in custom and fmt in _DATE_FORMAT_IDS)}

    def _serial(self, v: float) -> str:
        """An Excel date number as ISO text (a time of day alone as HH:MM)."""
        base = datetime(1904, 1, 1) if self.date1904 else datetime(1899, 12, 30)
        moment = base + timedelta(seconds=round(v * 86400))
        if 0 <= v < 1:
            return f"{moment:%H:%M}"
        return _datetime_text(moment)

    def _value(self, c, t: str, v: str | None) -> str:
        if t == "s":
            return self.shared[int(v)] if v is not None else ""
        if t == "inlineStr":
            inline = c.find(self.ns + "is")
            return self._text_of(inline) if inline is not None else ""
        if v is None:
            return ""
        if t == "b":
            return "TRUE" if v.strip() in ("1", "true") else "FALSE"
        if t in ("str", "e"):
            return v
        if t == "d":
            return v[:10] if v[10:].strip("T0:.Z") == "" else v.replace("T", " ")[:16]
        number = float(v)
        style = c.get("s")
        if style is not None and int(style) in self.date_styles:
            return self._serial(number)
        return _number_text(number)

    def rows(self, name: str):
        path = self.paths.get(name)
        if path is None:
            return None
        return self._rows(path)

    def _rows(self, path: str):
        row_tag, cell_tag, value_tag = self.ns + "row", self.ns + "c", self.ns + "v"
        expected = 1
        with self.zf.open(path) as f:
            for _, elem in self._ET.iterparse(f):
                if elem.tag != row_tag:
                    continue
                number = int(elem.get("r", expected))
                while expected < number:  # rows Excel left out because they are empty
                    yield []
                    expected += 1
                cells: list[str] = []
                for c in elem.iterfind(cell_tag):
                    ref = c.get("r")
                    j = _column_index(ref) if ref else len(cells)
                    if j == len(cells):
                        cells.append("")
                    elif j > len(cells):
                        cells.extend([""] * (j + 1 - len(cells)))
                    cells[j] = self._value(c, c.get("t", "n"), c.findtext(value_tag))
                elem.clear()
                expected = number + 1
                yield cells


# ---------------------------------------------------------------------------------------------------- mapping


def _compact(name: str) -> str:
    """Case, spaces, punctuation and hyphens ignored: 'PHQ-9 First' -> 'phq9first', 'I/A Date' -> 'iadate'."""
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


# tier 1: the usual names, exactly (compacted)
_EXACT: dict[str, tuple[str, ...]] = {
    "patient_id": ("patientid", "patient_id", "ptid", "id", "patientnumber", "patientno", "mrn", "clientid",
                   "memberid", "registryid", "recordid", "patient", "pid"),
    "status": ("status", "patientstatus", "treatmentstatus", "ptstatus", "episodestatus", "enrollmentstatus",
               "currentstatus"),
    "phq9_first": ("phq9first", "firstphq9", "initialphq9", "baselinephq9", "phq9initial", "phq9baseline",
                   "phqfirst", "firstphq"),
    "phq9_last": ("phq9last", "lastphq9", "latestphq9", "phq9latest", "recentphq9", "currentphq9", "phqlast",
                  "lastphq"),
    "gad7_first": ("gad7first", "firstgad7", "initialgad7", "baselinegad7", "gad7initial", "gad7baseline",
                   "gadfirst", "firstgad"),
    "gad7_last": ("gad7last", "lastgad7", "latestgad7", "gad7latest", "recentgad7", "currentgad7", "gadlast",
                  "lastgad"),
    "pcl5_first": ("pcl5first", "firstpcl5", "initialpcl5", "baselinepcl5", "pcl5initial", "pcl5baseline",
                   "pclfirst", "firstpcl"),
    "pcl5_last": ("pcl5last", "lastpcl5", "latestpcl5", "pcl5latest", "recentpcl5", "currentpcl5", "pcllast",
                  "lastpcl"),
    "ia_date": ("iadate", "ia", "initialassessment", "initialassessmentdate", "dateofia", "iadt",
                "dateofinitialassessment"),
    "fu_date": ("fudate", "fu", "lastfu", "lastfudate", "latestfu", "followup", "followupdate", "lastfollowup",
                "lastfollowupdate", "latestfollowup", "mostrecentfollowup", "mostrecentfu", "lastcontact",
                "lastcontactdate", "dateoflastcontact"),
    "pc_date": ("pcdate", "pc", "lastpc", "psychconsult", "psychconsultdate", "psychiatricconsult",
                "psychiatricconsultdate", "psychiatricconsultation", "psychiatricconsultationdate",
                "lastpsychconsult", "consultdate", "casereview", "casereviewdate", "lastcasereview"),
    "rpp_date": ("rppdate", "rpp", "relapsepreventionplan", "relapsepreventionplandate", "relapseplandate",
                 "relapseplan", "relapseprevention", "relapsepreventiondate"),
    "sessions": ("sessions", "sess", "numsess", "numsessions", "numberofsessions", "sessioncount", "totalsessions",
                 "noofsessions", "nsessions"),
    "minutes_this_month": ("minutesthismonth", "minsthismonth", "minthismonth", "totalminutes", "minutes",
                           "cmminutes", "monthlyminutes", "minutesmonth", "minutesmtd"),
}

# tier 2: patterns on the compacted name, tried only for fields tier 1 left unmapped
_PATTERNS: dict[str, tuple[re.Pattern, ...]] = {k: tuple(re.compile(p) for p in v) for k, v in {
    "patient_id": (r"^(patient|pt|client|member|person|record|registry|chart|case)(id|number|no|num|identifier|mrn)$",
                   r"^(patient|pt)?mrn$"),
    "status": (r"^(patient|pt|client|treatment|tx|enrollment|enrolment|episode|current|program|caseload|registry|"
               r"care)?(status|stat)$",),
    "ia_date": (r"^(dateof)?(ia|initialassessment|initialassess|initialvisit|intake|enrollment|enrolment|enroll|"
                r"enrolled|start|episodestart|treatmentstart)(date|dt)$",
                r"^(dateof)?(initialassessment|intake|enrollment|enrolment)$"),
    "fu_date": (r"^(dateof)?(last|latest|mostrecent|recent)?(fu|followup|followupcontact|contact|cmcontact|"
                r"bhcmcontact|visit)(date|dt)?$",),
    "pc_date": (r"^(dateof)?(last|latest|mostrecent|recent)?(psych|psychiatric|psychiatry|psychiatrist)"
                r"(consult|consultation|consultant|review|casereview|caseconsult)?(review)?(date|dt)?$",
                r"^(dateof)?(last|latest|mostrecent|recent)?(pc|scr|casereview|consult|consultation|"
                r"consultantreview)(date|dt)?$"),
    "rpp_date": (r"^(dateof)?(rpp|relapsepreventionplan|relapseprevention|relapseplan)(written|done|complete|"
                 r"completed)?(date|dt)?$",),
    "sessions": (r"^(num|number|no|total|count|n)?(of)?(sess|sessions|session|contacts|visits|encounters)"
                 r"(count|total|number|no)?$",),
    "minutes_this_month": (r"^(total|cm|bhcm|caremanager|caremgr|billing|billable|monthly|cocm)?(minutes|mins|min)"
                           r"(thismonth|thismo|month|mtd|monthtodate|total|billed)?$",
                           r"^(time|cmtime|caremanagertime)(thismonth|mtd|monthtodate)$",
                           r"^(total|cm|bhcm)?(minutes|mins)(in|this|current)?(month|mo)$"),
}.items()}

_SCORE_EXCLUDE = frozenset({"date", "dt", "dates", "when", "change", "pct", "percent", "diff", "delta",
                            "improvement", "severity", "item", "wks", "weeks", "days", "flag", "q9"})
_FIRST_WORDS = frozenset({"first", "initial", "init", "baseline", "base", "bl", "intake", "start", "starting",
                          "pre", "entry", "admission", "enrollment", "1st"})
_LAST_WORDS = frozenset({"last", "latest", "recent", "current", "final", "end", "post", "exit", "discharge",
                         "lst", "curr", "now", "most"})


def _instrument_field(name: str) -> str | None:
    """'Initial PHQ9 score', 'PHQ-9 (baseline)', 'GAD7 most recent' -> the score field; else None."""
    low = name.casefold().replace("1st", " 1st ")
    words = set(re.findall(r"1st|[a-z]+|\d+", low))
    compact = _compact(name)
    if words & _SCORE_EXCLUDE:
        return None
    if "phq" in compact and "phq2" not in compact:
        inst = "phq9"
    elif "gad" in compact and "gad2" not in compact:
        inst = "gad7"
    elif "pcl" in compact:
        inst = "pcl5"
    else:
        return None
    first, last = bool(words & _FIRST_WORDS), bool(words & _LAST_WORDS)
    if first == last:
        return None
    return f"{inst}_first" if first else f"{inst}_last"


def guess_mapping(columns: list[str]) -> dict[str, str | None]:
    """Field -> the user's column, guessed from common names (case, spaces, punctuation and hyphens ignored);
    None where nothing fits. A column is never given to two fields. Usual names first, then looser patterns."""
    result: dict[str, str | None] = {f: None for f in FIELDS}
    used: set[str] = set()
    compact = [(c, _compact(c)) for c in columns]
    for f in FIELDS:  # tier 1: exact usual names, in the order of the field's list
        for name in _EXACT[f]:
            hit = next((c for c, k in compact if k == name and c not in used), None)
            if hit is not None:
                result[f] = hit
                used.add(hit)
                break
    for c, _ in compact:  # tier 2a: a score column by instrument and first/last words
        f = _instrument_field(c)
        if f and result[f] is None and c not in used:
            result[f] = c
            used.add(c)
    for f, patterns in _PATTERNS.items():  # tier 2b: looser patterns
        if result[f] is not None:
            continue
        for pattern in patterns:
            hit = next((c for c, k in compact if c not in used and pattern.match(k)), None)
            if hit is not None:
                result[f] = hit
                used.add(hit)
                break
    return result


# ---------------------------------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class DateGuess:
    """How a file writes its dates. `order` is None when the file does not say (no day above 12 anywhere: the page
    asks) or when nothing in it is a date. Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (`note`)."""

    order: str | None  # "MDY" | "DMY" | "YMD" | None
    ambiguous: bool
    example: str  # one value from the file
    label: str  # "month/day/year (1/24/27)"
    note: str = ""  # TWO_DIGIT_YEARS when the file writes two-digit years


_NUMERIC = re.compile(r"^(\d{1,4})([/\-.])(\d{1,2})\2(\d{1,4})$")
_COMPACT_YMD = re.compile(r"^(19|20)(\d{2})(\d{2})(\d{2})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[ \-/.]?([A-Za-z]{3,9})\.?[ \-/.,]+(\d{2}|\d{4})$")
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]{3,9})\.?[ \-/.]?(\d{1,2})(?:st|nd|rd|th)?,?[ \-/.]+(\d{2}|\d{4})$")
_TIME_TAIL = re.compile(r"[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y <= 69 else 1900 + y
    return y


def _month_name(text: str) -> int | None:
    t = text.casefold()
    if t == "sept":
        t = "sep"
    m = _MONTHS.get(t[:3])
    full = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")
    if m is None or (len(t) > 3 and not full[m - 1].startswith(t)):
        return None
    return m


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _parse_date(text: str, order: str | None) -> date | None:
    """A date, or None when `text` is not a date in `order`. Unmistakable forms are read whatever the order."""
    s = text.strip()
    if not s:
        return None
    s = _TIME_TAIL.sub("", s)
    m = _NUMERIC.match(s)
    if m:
        a, _, b, c = m.groups()
        if len(a) == 4 and len(c) <= 2:
            return _make(int(a), int(b), int(c))
        if len(a) <= 2 and len(c) in (2, 4):
            if order == "MDY":
                return _make(_year(c), int(a), int(b))
            if order == "DMY":
                return _make(_year(c), int(b), int(a))
            if order == "YMD" and len(c) <= 2:
                return _make(_year(a), int(b), int(c))
        return None
    m = _COMPACT_YMD.match(s)
    if m:
        return _make(int(m.group(1) + m.group(2)), int(m.group(3)), int(m.group(4)))
    m = _DAY_MONTH_NAME.match(s)
    if m:
        mo = _month_name(m.group(2))
        return _make(_year(m.group(3)), mo, int(m.group(1))) if mo else None
    m = _MONTH_NAME_DAY.match(s)
    if m:
        mo = _month_name(m.group(1))
        return _make(_year(m.group(3)), mo, int(m.group(2))) if mo else None
    return None


def _two_digit_year(text: str) -> bool:
    s = _TIME_TAIL.sub("", text.strip())
    m = _NUMERIC.match(s)
    if m:
        a, _, _, c = m.groups()
        return len(c) == 2 or (len(a) == 2 and len(c) <= 2)
    m = _DAY_MONTH_NAME.match(s) or _MONTH_NAME_DAY.match(s)
    return bool(m and len(m.group(3)) == 2)


def order_label(order: str, example: str = "") -> str:
    """'month/day/year (1/24/27)': an order in words, with the separator of the example when there is one."""
    words = ORDER_LABELS[order]
    m = _NUMERIC.match(_TIME_TAIL.sub("", example.strip())) if example else None
    if m and order != "YMD":
        words = words.replace("/", m.group(2))
    return f"{words} ({example})" if example else words


def date_formats(values: list[str]) -> DateGuess:
    """How the dates in `values` are written. MDY or DMY when only that order reads them all (1/24/27 is
    month/day/year, 24/1/27 day/month/year); ambiguous (order None) when both read them all, i.e. no day above 12
    anywhere: the user must say. Values written unmistakably (2027-01-24, 24-Jan-2027) fit every order; if all are,
    the order is YMD. If some values are not dates in any order, the order reading the most wins (parse then names
    the others). Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999."""
    distinct = sorted({v.strip() for v in values if v and v.strip().casefold() not in _BLANKS})
    if not distinct:
        return DateGuess(None, False, "", "no dates in the chosen columns")
    note = TWO_DIGIT_YEARS if any(_two_digit_year(v) for v in distinct) else ""
    needs_order = [v for v in distinct if _parse_date(v, None) is None]
    if not needs_order:
        example = distinct[0]
        return DateGuess("YMD", False, example, f"written unmistakably ({example})", note)
    counts = {o: sum(1 for v in needs_order if _parse_date(v, o) is not None) for o in ORDERS}
    best = max(counts.values())
    if best == 0:
        ex = needs_order[0]
        return DateGuess(None, False, ex, f'not recognised as dates ("{_cell_text(ex, 20)}")', note)
    winners = [o for o in ORDERS if counts[o] == best]

    def _telling(order: str) -> str:  # a value showing the order: a day above 12 where the other order fails
        other = {"MDY": "DMY", "DMY": "MDY"}.get(order)
        for v in needs_order:
            if _parse_date(v, order) is not None and (other is None or _parse_date(v, other) is None):
                return v
        return next(v for v in needs_order if _parse_date(v, order) is not None)

    if "MDY" in winners and "DMY" in winners:
        ex = next(v for v in needs_order if _parse_date(v, "MDY") is not None)
        m = _NUMERIC.match(_TIME_TAIL.sub("", ex))
        sep = m.group(2) if m else "/"
        return DateGuess(None, True, ex, f"month{sep}day{sep}year or day{sep}month{sep}year? ({ex})", note)
    order = "MDY" if "MDY" in winners else "DMY" if "DMY" in winners else "YMD"
    ex = _telling(order)
    return DateGuess(order, False, ex, order_label(order, ex), note)


def date_values(table: RawTable, mapping: Mapping[str, str | None]) -> list[str]:
    """Every value of the mapped date columns (what date_formats reads)."""
    idx = [table.columns.index(c) for f in DATE_FIELDS if (c := mapping.get(f)) and c in table.columns]
    return [row[j] for row in table.rows for j in idx if row[j] and row[j].strip()]


def latest_date(table: RawTable, mapping: Mapping[str, str | None], order: str | None) -> date | None:
    """The latest date in the mapped date columns: a good default as-of date (the day the export was made)."""
    found = [d for v in date_values(table, mapping) if (d := _parse_date(v, order)) is not None]
    return max(found) if found else None


# ---------------------------------------------------------------------------------------------------- parsing


@dataclass(frozen=True, slots=True)
class PatientRow:
    """One patient row, typed; lives only in memory. `mapped`: the fields the user mapped (shared by every row)."""

    row: int  # spreadsheet row number
    patient_id: str
    status: str
    phq9_first: int | None = None
    phq9_last: int | None = None
    gad7_first: int | None = None
    gad7_last: int | None = None
    pcl5_first: int | None = None
    pcl5_last: int | None = None
    ia_date: date | None = None
    fu_date: date | None = None
    pc_date: date | None = None
    rpp_date: date | None = None
    sessions: int | None = None
    minutes_this_month: int | None = None
    mapped: frozenset[str] = frozenset(FIELDS)


_WHOLE = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+[.,]\d*|[.,]\d+)$")


def _number(text: str) -> tuple[int | None, str | None]:
    """(whole number, None), (None, None) for blank, or (None, why) where why is 'whole' or 'number'."""
    s = text.strip()
    if s.endswith("*"):
        s = s[:-1].strip()
    if s.casefold() in _BLANKS:
        return None, None
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if _WHOLE.match(s):
        return int(float(s)), None
    if _DECIMAL.match(s):
        return None, "whole"
    return None, "number"


def _shown(text: str) -> str:
    """A value in a message: bare if it is a number, in quotes otherwise."""
    s = _cell_text(text)
    return s if re.fullmatch(r"[+-]?[\d.,]+\*?", s) else f'"{s}"'


def _words(f: str) -> str:
    """A field's label inside a sentence: 'First PHQ-9 score' -> 'first PHQ-9 score', 'Patient ID' -> 'patient ID'."""
    label = FIELD_LABELS[f]
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def parse(table: RawTable, mapping: Mapping[str, str | None], order: str | None, as_of: date) -> list[PatientRow]:
    """Every patient row, typed and checked; all or nothing. Every problem is collected, then ImportProblem is
    raised with all of them (one bad row means no row is returned). Checks: the required fields mapped to columns of
    the file; a patient ID on every row, never twice; scores whole numbers in range (PHQ-9 0-27, GAD-7 0-21,
    PCL-5 0-80); sessions and minutes whole numbers from 0 (minutes at most 10,000); dates readable in `order`
    and not after `as_of`. Blank optional cells are fine; rows entirely blank are skipped."""
    if order is not None and order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS} or None, not {order!r}")
    problems: list[str] = []
    chosen: dict[str, str] = {}
    by_column: dict[str, str] = {}
    for f in FIELDS:
        col = mapping.get(f)
        if not col:
            if f in REQUIRED:
                problems.append(f"Choose the column that holds the {_words(f)}: it is needed for the figures.")
            continue
        if col not in table.columns:
            problems.append(f'The column "{_cell_text(col)}" chosen for {_words(f)} is not in the file.')
            continue
        if col in by_column:
            problems.append(f'The column "{_cell_text(col)}" is chosen for both {_words(by_column[col])} and '
                            f"{_words(f)}: choose one column for each.")
            continue
        by_column[col] = f
        chosen[f] = col
    if problems:
        raise ImportProblem(problems)
    index = {f: table.columns.index(c) for f, c in chosen.items()}
    mapped = frozenset(chosen)
    if order is None:
        for f in DATE_FIELDS:
            if f in index:
                j = index[f]
                for row in table.rows:
                    v = row[j].strip()
                    if v and v.casefold() not in _BLANKS and _parse_date(v, None) is None and any(
                            _parse_date(v, o) for o in ORDERS):
                        raise ImportProblem(["Choose how the file writes its dates (month/day/year or "
                                             "day/month/year) before importing."])
    as_of_text = f"{as_of.day} {as_of:%b %Y}"
    order_words = ORDER_LABELS[order] if order else "as a date"
    score_fields = [f for f in SCORES if f in index]
    date_fields = [f for f in DATE_FIELDS if f in index]
    id_j, status_j = index["patient_id"], index["status"]
    seen: dict[str, int] = {}
    seen_dates: dict[str, date | None] = {}  # many rows share a date: read each text once
    out: list[PatientRow] = []
    for i, row in enumerate(table.rows):
        if _blank_row(row):
            continue
        r = table.row_number(i)
        values: dict[str, object] = {}

        def bad(f: str, message: str) -> None:
            problems.append(f'Row {r}, column "{_cell_text(chosen[f])}": {message}')

        pid = row[id_j].strip()
        if not pid:
            bad("patient_id", "the patient ID is blank.")
        elif pid in seen:
            bad("patient_id", f"the same patient ID as row {seen[pid]}; each patient must appear once.")
        else:
            seen[pid] = r
        for f in score_fields:
            text = row[index[f]]
            n, why = _number(text)
            inst, top = SCORES[f]
            if why == "number":
                bad(f, f"{_shown(text)} is not a number; {inst} scores are whole numbers from 0 to {top}.")
            elif why == "whole":
                bad(f, f"{_shown(text)} is not a whole number; {inst} scores are whole numbers from 0 to {top}.")
            elif n is not None and not 0 <= n <= top:
                bad(f, f"{_shown(text)} is not a {inst} score (scores run 0 to {top}).")
            else:
                values[f] = n
        if "sessions" in index:
            text = row[index["sessions"]]
            n, why = _number(text)
            if why or (n is not None and n < 0):
                bad("sessions", f"{_shown(text)} is not a number of sessions (a whole number, 0 or more).")
            else:
                values["sessions"] = n
        if "minutes_this_month" in index:
            text = row[index["minutes_this_month"]]
            n, why = _number(text)
            if why or (n is not None and not 0 <= n <= MAX_MINUTES):
                bad("minutes_this_month", f"{_shown(text)} is not a number of minutes in a month (a whole number "
                                          f"from 0 to {MAX_MINUTES:,}).")
            else:
                values["minutes_this_month"] = n
        for f in date_fields:
            text = row[index[f]]
            s = text.strip()
            if not s or s.casefold() in _BLANKS:
                continue
            d = seen_dates[s] if s in seen_dates else seen_dates.setdefault(s, _parse_date(s, order))
            if d is None:
                hint = ""
                if re.fullmatch(r"\d{5}(\.0+)?", s):
                    hint = " (it looks like an Excel date number: format the column as dates in Excel)"
                bad(f, f"{_shown(text)} is not a date written {order_words}{hint}.")
            elif d > as_of:
                bad(f, f"{_cell_text(text)} is in the future on the as-of date ({as_of_text}).")
            else:
                values[f] = d
        out.append(PatientRow(row=r, patient_id=pid, status=row[status_j].strip(), mapped=mapped,
                              **values))  # type: ignore[arg-type]
    if problems:
        raise ImportProblem(problems)
    return out


# ---------------------------------------------------------------------------------------------------- statuses


def _status_key(value: str) -> str:
    return " ".join(value.split()).casefold()


def statuses(table: RawTable, mapping: Mapping[str, str | None]) -> list[tuple[str, int]]:
    """The distinct status values (as first written; values differing only in case or spaces are one) with their
    row counts, most common first. A blank status is listed as "" (show it as BLANK_STATUS_LABEL)."""
    col = mapping.get("status")
    if not col or col not in table.columns:
        return []
    j = table.columns.index(col)
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for row in table.rows:
        if _blank_row(row):
            continue
        v = " ".join(row[j].split())
        k = v.casefold()
        shown.setdefault(k, v)
        counts[k] = counts.get(k, 0) + 1
    return sorted(((shown[k], n) for k, n in counts.items()), key=lambda t: (-t[1], t[0].casefold()))


def guess_active(values: Iterable[str]) -> set[str]:
    """The status values to tick as active before the user confirms (those in ACTIVE_GUESS)."""
    return {v for v in values if _status_key(v) in ACTIVE_GUESS}


# ---------------------------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """One metric's figure for the month. Percentages are 0-100 rounded to one decimal; counts are whole; the mean is
    total minutes (numerator) / active patients (denominator). value None: see note."""

    value: float | None
    numerator: int | None
    denominator: int | None
    note: str


def _round1(x: Decimal) -> float:
    return float(x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _pct(n: int, d: int, note: str = "", empty: str = NO_ACTIVE) -> Figure:
    if d == 0:
        return Figure(None, n, 0, empty)
    return Figure(_round1(Decimal(100 * n) / Decimal(d)), n, d, note)


def _count(n: int, note: str = "") -> Figure:
    return Figure(float(n), n, None, note)


_NONE = Figure(None, None, None, NOT_MAPPED)


def _short(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _or_list(values: list[str]) -> str:
    shown = [f'"{v}"' if v else BLANK_STATUS_LABEL for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _outcome(actives: list[PatientRow], first: str, last: str, measurable_at: int, hit, name: str) -> Figure:
    """Measurable active patients (first >= measurable_at) whose last score meets `hit(first, last)`."""
    measurable = [r for r in actives if (f := getattr(r, first)) is not None and f >= measurable_at]
    n = sum(1 for r in measurable if (l := getattr(r, last)) is not None and hit(getattr(r, first), l))
    no_last = sum(1 for r in measurable if getattr(r, last) is None)
    note = ""
    if no_last:
        note = (f"{_plural(no_last, 'measurable patient')} with no last score "
                f"{'counts' if no_last == 1 else 'count'} in the denominator, not as {name}")
    return _pct(n, len(measurable), note, NO_MEASURABLE)


def compute(rows: list[PatientRow], as_of: date, active: Collection[str], g0512: bool = False,
            mapped: Collection[str] | None = None) -> dict[str, Figure]:
    """The month's figure for every metric in worksheets.metrics.FROM_EXPORT, as of `as_of`.

    - active: status (trimmed, case ignored) in `active`. Every percentage is of the active patients.
    - contact_30d_pct: the later of the initial-assessment and follow-up dates falls within the 30 days up to the
      as-of date, i.e. from as_of - 29 days to as_of, both included.
    - measurable: first PHQ-9 of 10 or more. phq9_response_pct: last at most half the first; phq9_remission_pct: last
      under 5. A measurable patient with no last score counts in the denominator, not as a response or remission.
    - not_improving_10wk (a count): measurable, (as_of - initial assessment).days // 7 >= 10, and no response.
    - consultant_reviewed_pct: a psychiatric-consultation date is present.
    - billing_minimum_pct: minutes this month at least 36 when the initial assessment is in the as-of month, else at
      least 31 (with g0512: 70 and 60). Blank minutes count as 0, so not met.
    - mean_minutes: minutes this month summed over active patients (blank counts as 0) / active patients.
    - new_enrollments (a count): every row, active or not, whose initial assessment is in the as-of calendar month.
    - baseline_pct: active patients with a first PHQ-9. GAD-7: measurable at 10, response at most half, remission
      under 5. PCL-5: measurable at 31, improved = last at least 10 points below the first.
    A denominator of 0 gives value None (note NO_MEASURABLE or NO_ACTIVE); a metric needing a field that was not
    mapped gives value None (note NOT_MAPPED). `mapped` defaults to the fields the rows were parsed with."""
    if mapped is None:
        mapped = rows[0].mapped if rows else frozenset(FIELDS)
    have = set(mapped)
    wanted = {_status_key(s) for s in active}
    actives = [r for r in rows if _status_key(r.status) in wanted]
    n_active = len(actives)
    month_start = as_of.replace(day=1)

    def in_month(d: date | None) -> bool:
        return d is not None and month_start <= d <= as_of

    def needs(*fields: str) -> bool:
        return all(f in have for f in fields)

    figs: dict[str, Figure] = {}
    chosen = sorted({" ".join(s.split()) for s in active}, key=str.casefold)
    figs["active_caseload"] = _count(n_active, f"status {_or_list(chosen)}" if chosen else
                                     "no status value was chosen as active")
    if needs("ia_date"):
        figs["new_enrollments"] = _count(sum(1 for r in rows if in_month(r.ia_date)),
                                         f"every patient in the file, active or not, with an initial assessment "
                                         f"in {as_of:%B %Y}")
    if needs("ia_date", "fu_date"):
        start = as_of - timedelta(days=29)
        contacted = 0
        for r in actives:
            latest = max((d for d in (r.ia_date, r.fu_date) if d is not None), default=None)
            if latest is not None and start <= latest <= as_of:
                contacted += 1
        figs["contact_30d_pct"] = _pct(contacted, n_active, f"latest contact from {_short(start)} to {_short(as_of)}")
    if needs("phq9_first"):
        figs["baseline_pct"] = _pct(sum(1 for r in actives if r.phq9_first is not None), n_active)
    if needs("pc_date"):
        figs["consultant_reviewed_pct"] = _pct(sum(1 for r in actives if r.pc_date is not None), n_active,
                                               "a psychiatric consultation date is recorded")
    if needs("phq9_first", "phq9_last", "ia_date"):
        due = [r for r in actives if r.phq9_first is not None and r.phq9_first >= 10 and r.ia_date is not None
               and (as_of - r.ia_date).days // 7 >= 10]
        stuck = sum(1 for r in due if not (r.phq9_last is not None and 2 * r.phq9_last <= r.phq9_first))
        figs["not_improving_10wk"] = _count(stuck, f"of {_plural(len(due), 'measurable patient')} 10 or more "
                                                   "weeks after the initial assessment")
    if needs("phq9_first", "phq9_last"):
        figs["phq9_response_pct"] = _outcome(actives, "phq9_first", "phq9_last", 10,
                                             lambda f, l: 2 * l <= f, "responses")
        figs["phq9_remission_pct"] = _outcome(actives, "phq9_first", "phq9_last", 10, lambda f, l: l < 5,
                                              "remissions")
    if needs("gad7_first", "gad7_last"):
        figs["gad7_response_pct"] = _outcome(actives, "gad7_first", "gad7_last", 10,
                                             lambda f, l: 2 * l <= f, "responses")
        figs["gad7_remission_pct"] = _outcome(actives, "gad7_first", "gad7_last", 10, lambda f, l: l < 5,
                                              "remissions")
    if needs("pcl5_first", "pcl5_last"):
        figs["pcl5_improved_pct"] = _outcome(actives, "pcl5_first", "pcl5_last", 31, lambda f, l: l <= f - 10,
                                             "improved")
    if needs("minutes_this_month"):
        blank = sum(1 for r in actives if r.minutes_this_month is None)
        blank_note = (f"{_plural(blank, 'active patient')} with no minutes recorded "
                      f"{'counts' if blank == 1 else 'count'} as 0") if blank else "blank minutes count as 0"
        if needs("ia_date"):
            first_min, later_min = (70, 60) if g0512 else (36, 31)
            met = sum(1 for r in actives if (r.minutes_this_month or 0) >= (
                first_min if in_month(r.ia_date) else later_min))
            figs["billing_minimum_pct"] = _pct(met, n_active, f"at least {first_min} minutes in the month of the "
                                                              f"initial assessment, else {later_min}"
                                                              f"{' (G0512)' if g0512 else ''}; {blank_note}")
        total = sum(r.minutes_this_month or 0 for r in actives)
        if n_active:
            figs["mean_minutes"] = Figure(_round1(Decimal(total) / Decimal(n_active)), total, n_active, blank_note)
        else:
            figs["mean_minutes"] = Figure(None, total, 0, NO_ACTIVE)
    return {mid: figs.get(mid, _NONE) for mid in FROM_EXPORT}


__all__ = ["ACTIVE_GUESS", "BLANK_STATUS_LABEL", "DATE_FIELDS", "DateGuess", "FIELDS", "FIELD_LABELS", "Figure",
           "ImportProblem", "MAX_BYTES", "MAX_ROWS", "NOT_MAPPED", "NO_ACTIVE", "NO_MEASURABLE", "ORDERS",
           "ORDER_LABELS", "PatientRow", "REQUIRED", "RawTable", "TWO_DIGIT_YEARS", "compute", "date_formats",
           "date_values", "guess_active", "guess_mapping", "latest_date", "order_label", "parse", "read_table",
           "statuses"]
