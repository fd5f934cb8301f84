"""Report content as plain data.

Worksheets describe what their PDF section holds with these types; planning.report turns them
into pages. Text here is plain user or catalog text: the report builder escapes all of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body | small | muted | warning


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class KeyValues:
    """Two-column facts, e.g. plan details."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None  # relative widths, summing to anything
    caption: str = ""


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars for scores on a 0..max scale (catalog order, top down), bars under the threshold in
    amber, "not rated" for None: the checklists' domain and principle scores. Other charts use Chart."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]  # None = no value (not rated)
    maximum: float = 100.0
    unit: str = "%"
    threshold: float | None = None
    threshold_label: str = ""


AxisFormat = Literal["number", "money", "percent"]  # 1,234 / $1,234 / 75% (values 0-100, not fractions)


@dataclass(frozen=True)
class Series:
    """One named series of y over x. For a bar chart, x may hold category names."""

    name: str
    x: tuple[float | str, ...]
    y: tuple[float, ...]


@dataclass(frozen=True)
class RefLine:
    """A reference line across the plot: at x = value (axis "x", a vertical line) or y = value (axis "y")."""

    axis: Literal["x", "y"]
    value: float
    label: str = ""


@dataclass(frozen=True)
class Mark:
    """One point singled out, with a label (e.g. the scenario's current value)."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A chart as data: a line or bar chart of one or more series, with optional reference lines and a marked
    point. planning.charts draws it on screen (plotly), planning.report in PDFs (reportlab)."""

    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    kind: Literal["line", "bar"] = "line"
    ref_lines: tuple[RefLine, ...] = ()
    x_format: AxisFormat = "number"
    y_format: AxisFormat = "number"
    mark: Mark | None = None

    def __post_init__(self):
        for s in self.series:
            if len(s.x) != len(s.y):
                raise ValueError(f"series {s.name!r} has {len(s.x)} x values and {len(s.y)} y values")
        if self.kind == "bar" and (self.mark is not None or any(line.axis == "x" for line in self.ref_lines)):
            raise ValueError("a bar chart takes reference lines on the y axis only, and no marked point")


@dataclass(frozen=True)
class Tornado:
    """A tornado chart as data: how far one result (``value_label``, e.g. year-2 net) moves when each input is set
    lower, then higher, one at a time, everything else held. One row per input, in the order given (largest swing
    first, at the top); each row has two bars from the result at today's inputs (``base``): to the result with
    the input lower (``low``) and with it higher (``high``). ``low_text`` / ``high_text`` say the input's value
    at each end ("$57,600"); an input that cannot move has both results equal to the base, and is still listed.
    planning.charts draws it on screen (plotly), planning.report in PDFs (reportlab)."""

    title: str
    value_label: str
    base: float
    labels: tuple[str, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    low_text: tuple[str, ...] = ()
    high_text: tuple[str, ...] = ()
    base_label: str = "Today's inputs"
    low_name: str = "Input lower"
    high_name: str = "Input higher"
    value_format: AxisFormat = "money"
    notes: tuple[str, ...] = ()  # what the chart assumes, in plain words (printed under it)

    def __post_init__(self):
        n = len(self.labels)
        if len(self.low) != n or len(self.high) != n:
            raise ValueError(f"a tornado chart needs one low and one high result per input ({n} inputs, "
                             f"{len(self.low)} low, {len(self.high)} high)")
        for name in ("low_text", "high_text"):
            if getattr(self, name) and len(getattr(self, name)) != n:
                raise ValueError(f"{name} needs one text per input ({n})")


@dataclass(frozen=True)
class Heatmap:
    """A grid of short cell texts with a shade per cell (0 = none .. 3 = darkest), e.g. tasks x team members.
    The text carries the meaning, so it reads in black and white; the shade only helps the eye."""

    title: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]  # one tuple of texts per row
    shades: tuple[tuple[int, ...], ...]  # same shape as cells
    row_header: str = ""
    legend: str = ""
    extra_columns: tuple[str, ...] = ()  # plain text columns after the grid (e.g. flags)
    extra_cells: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class FlowNode:
    id: str
    lane: str  # "Patient" or a role
    column: int  # index into Flowchart.columns (a phase)
    label: str
    branch: bool = False  # part of the suicide-risk branch
    planned: bool = False  # a new or changed step (drawn dashed)


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    label: str = ""
    handoff: bool = False  # crosses lanes: a hand-off between people


@dataclass(frozen=True)
class Flowchart:
    """A swimlane flowchart as data: lanes (patient and roles) down, columns (phases) across, steps as boxes,
    hand-offs as arrows. planning.flowchart lays it out once and draws it with plotly and reportlab."""

    title: str
    lanes: tuple[str, ...]
    columns: tuple[str, ...]
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...] = ()


@dataclass(frozen=True)
class WriteIn:
    """A label with ruled lines to write on by hand (blank forms a patient or staff member fills in on paper)."""

    label: str
    lines: int = 2
    hint: str = ""  # a short prompt under the label, in smaller type


Block = Union[Heading, Para, Bullets, KeyValues, Table, BarChart, Chart, Tornado, Heatmap, Flowchart, WriteIn]


@dataclass(frozen=True)
class Handout:
    """A printable sheet for patients or staff (the care-team flyer, the consent script, a blank relapse-prevention
    plan): large black-and-white type, the clinic's name at the top, no workbook header. One handout per language;
    several handouts print as one PDF, each starting on a new page."""

    title: str
    blocks: tuple[Block, ...]
    clinic: str = ""
    lang: str = "en-US"  # BCP 47, written into the PDF for screen readers ("es-US" for Spanish)
    footer: str = ""  # a line above the acknowledgment, e.g. "Printed 25 Nov 2026"


@dataclass(frozen=True)
class Section:
    """One worksheet's part of a report."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    revision: int | None = None
    landscape: bool = False  # wide grids and flowcharts: this section's pages are turned sideways
    version_note: str = ""  # printed instead of "(revision N)" where one number does not fit (one sheet per member)
