"""The base class every saved worksheet document derives from.

Each document carries ``schema_version: Literal[N]``. Older versions are migrated step by step
before validation (``MIGRATIONS[n]`` turns version n into n + 1); versions newer than the app
knows are refused with a message a user can act on.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Callable, ClassVar, Mapping, Sequence, get_args

from pydantic import BaseModel, ConfigDict, model_validator

Migration = Callable[[dict[str, Any]], dict[str, Any]]


class StrictModel(BaseModel):
    """Rows and sub-objects: unknown fields are errors, text is stripped of outer spaces."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_default=True)


class WorksheetDoc(StrictModel):
    """A worksheet document as stored: one per worksheet per plan."""

    KIND: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    MIGRATIONS: ClassVar[dict[int, Migration]] = {}

    @classmethod
    def current_version(cls) -> int:
        field = cls.model_fields["schema_version"]
        (version,) = get_args(field.annotation)
        return int(version)

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        current = cls.current_version()
        version = data.get("schema_version", current)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError(f"the schema version must be a whole number, got {version!r}")
        if version > current:
            raise ValueError(
                f"this was saved by a newer version of the workbook (format {version}); "
                f"this copy reads up to format {current}. Update the app, then try again."
            )
        data = dict(data)
        while version < current:
            step = cls.MIGRATIONS.get(version)
            if step is None:
                raise ValueError(f"format {version} can no longer be read (no migration to {version + 1})")
            data = step(dict(data))
            version += 1
            data["schema_version"] = version
        return data


# ----------------------------------------------------------------------------------------------
# Rows typed in a table editor


def blank(value: Any) -> bool:
    """An empty cell: None, blank text, or NaN / pandas' NaT (a data editor's empty cells; neither equals itself)."""
    return value is None or (isinstance(value, str) and not value.strip()) or (
        not isinstance(value, str) and value != value)


def none_if_blank(value: Any) -> Any:
    """For a `mode="before"` validator of an optional field: an empty cell is None."""
    return None if blank(value) else value


def required_cell(message: str) -> Callable[[Any], Any]:
    """For a `mode="before"` validator of a cell a row cannot do without: an empty cell is refused with ``message``
    (plain words, e.g. "write the training's title"), anything else passes on to the field's own checks."""
    def check(value: Any) -> Any:
        if blank(value):
            raise ValueError(message)
        return value
    return check


def empty_if_blank(value: Any) -> Any:
    """For a `mode="before"` validator of a text field: an empty cell is ""."""
    return "" if blank(value) else value


NO_OWNER = "No owner yet"
REMOVED = "(removed from the team)"


def owner_label(owner: str | None, people: Mapping[str, str] | None) -> str:
    """An owner's name from the roster (person id -> label); NO_OWNER when unassigned, REMOVED when the person is
    no longer on the team, "a team member" when no roster is at hand."""
    if not owner:
        return NO_OWNER
    if people is None:
        return "a team member"
    return people.get(owner, REMOVED)


def fmt_date(d: date | None, empty: str = "") -> str:
    """4 Mar 2027; ``empty`` for no date."""
    return d.strftime("%d %b %Y").lstrip("0") if d else empty


def date_cell(value: Any) -> date | None:
    """A date from a form or editor cell: empty -> None, a datetime (also pandas' Timestamp) -> its date, text as
    2027-03-15. Anything else is refused in words."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f"enter a date such as 2027-03-15 (you entered \"{value}\")")


def editor_rows(records: Sequence[Mapping[str, Any]], keep: Sequence[str]) -> list[dict[str, Any]]:
    """Rows from a data editor: only the model's columns, empty cells as None, blank rows dropped.

    The one place where editor rows become model input. A row with any cell filled is kept, so the model
    can name what is missing ("row 4: choose a role") instead of the row vanishing on save.
    """
    out = []
    for record in records:
        row = {k: none_if_blank(record.get(k)) for k in keep}
        if all(v is None for v in row.values()):
            continue
        out.append(row)
    return out


def new_row_id() -> str:
    """A stable id for a table row, so edits by two people can be matched row by row."""
    return uuid.uuid4().hex[:12]


def with_row_ids(rows: Any) -> Any:
    """Migration helper: give every row of an older document an id."""
    if not isinstance(rows, list):
        return rows
    return [{**r, "id": r.get("id") or new_row_id()} if isinstance(r, dict) else r for r in rows]
