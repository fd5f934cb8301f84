"""Report content as plain data.

Worksheets describe what their PDF section holds with these types; planning.report turns them
into pages. Text here is plain user or catalog text: the report builder escapes all of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


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
    """Horizontal bars on a 0..max scale, optionally with a threshold line."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]  # None = no value (not rated)
    maximum: float = 100.0
    unit: str = "%"
    threshold: float | None = None
    threshold_label: str = ""


@dataclass(frozen=True)
class LineChart:
    """One series of y over x (y may be negative), with a zero line and an optional marked x."""

    title: str
    x_label: str
    y_label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    mark_x: float | None = None
    mark_label: str = ""
    money: bool = False  # format the y axis as dollars


Block = Union[Heading, Para, Bullets, KeyValues, Table, BarChart, LineChart]


@dataclass(frozen=True)
class Section:
    """One worksheet's part of a report."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    revision: int | None = None
