"""The worksheet shapes' editors, built once: a checklist editor, a rows editor and a matrix editor.

All three use one `st.data_editor` per table (hundreds of keyed widgets would slow every rerun) and follow
one rule: nothing the user types is held back by the browser. No column is `required`, no text column has
`max_chars` and no number column has min/max, because the browser would silently drop a half-filled row,
cut a pasted note or refuse a number. The model checks everything on Save and names the row and the cell.
Rows come back through `worksheets.base.editor_rows`, the one place empty cells are handled.
"""
from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from worksheets.base import editor_rows
from worksheets.checklist import Catalog, ChecklistDoc, Item

ROW_HEIGHT = 76  # editor rows taller than 4rem make Streamlit wrap long text instead of cutting it off
NOTE_HELP = "Optional. Plain text; never enter patient details."


# ----------------------------------------------------------------------------------------------
# Checklist: catalog items x one response (rating and note)

def checklist_editor(doc: ChecklistDoc, items: tuple[Item, ...], key: str, *, rating_label: str = "Rating",
                     rating_help: str = "", text_label: str = "Item", why_label: str | None = None,
                     show_id: bool = True, widths: tuple[int, int, int, int, int] = (48, 290, 190, 118, 210),
                     texts: dict[str, str] | None = None, note_help: str = NOTE_HELP) -> pd.DataFrame:
    """One editor for some catalog items: id, text, why (optional), rating, note. Returns the edited rows.

    `texts` replaces an item's text in the table (a short name when the page shows the full text above)."""
    scale = type(doc).CATALOG.scale
    texts = texts or {}
    frame = pd.DataFrame([{"id": i.id, "text": texts.get(i.id, i.text), "why": i.help, "rating": doc.rating(i.id),
                           "note": doc.note(i.id)} for i in items])
    order = [c for c in ("id" if show_id else None, "text", "why" if why_label else None, "rating", "note") if c]
    w_id, w_text, w_why, w_rating, w_note = widths
    columns = {
        "id": st.column_config.TextColumn("#" if len(items[0].id) < 3 else "Item", width=w_id),
        "text": st.column_config.TextColumn(text_label, width=w_text),
        "why": st.column_config.TextColumn(why_label or "Why", width=w_why),
        "rating": st.column_config.SelectboxColumn(rating_label, options=list(scale.labels), width=w_rating,
                                                   help=rating_help or ", ".join(scale.labels)),
        "note": st.column_config.TextColumn("Note", width=w_note, help=note_help),
    }
    return st.data_editor(frame, key=key, column_config=columns, column_order=order, hide_index=True,
                          disabled=["id", "text", "why"], width="stretch", num_rows="fixed", row_height=ROW_HEIGHT,
                          placeholder="", height=48 + ROW_HEIGHT * len(frame))


def checklist_responses(rows, rating: str = "rating") -> dict[str, dict]:
    """Checklist editor rows -> {item id: {rating, note}}, leaving out untouched items."""
    out = {}
    for row in editor_rows(rows, ("id", rating, "note")):
        value, note = row[rating], row["note"] or ""
        if value or note:
            out[row["id"]] = {"rating": value, "note": note}
    return out


def catalog_domains(catalog: Catalog):
    """(domain, its items) in catalog order."""
    return [(d, catalog.domain_items(d.id)) for d in catalog.domains]


# ----------------------------------------------------------------------------------------------
# Rows: any pydantic row model

def _title(model: type[BaseModel], name: str) -> str:
    f = model.model_fields[name]
    text = f.title or name.replace("_", " ")
    return text[:1].upper() + text[1:]


def _column(model: type[BaseModel], name: str, width: int | str | None, options: list | None, fmt=None,
            label: str | None = None, help: str | None = None):
    if name not in model.model_fields:  # a column the page composes itself (e.g. a person or a role)
        common = {"label": label or name.replace("_", " ").capitalize(), "width": width, "help": help}
        if options is not None:
            return st.column_config.SelectboxColumn(options=options, format_func=fmt, **common)
        return st.column_config.TextColumn(**common)
    f = model.model_fields[name]
    ann = f.annotation
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    base = args[0] if typing.get_origin(ann) in (typing.Union, getattr(__import__("types"), "UnionType", None)) \
        and len(args) == 1 else ann
    common = {"label": label or _title(model, name), "width": width, "help": help or f.description}
    if options is not None or typing.get_origin(base) is Literal:
        opts = options if options is not None else list(typing.get_args(base))
        return st.column_config.SelectboxColumn(options=opts, format_func=fmt, **common)
    if base is bool:
        return st.column_config.CheckboxColumn(**common)
    if base is dt.date:
        return st.column_config.DateColumn(format="YYYY-MM-DD", **common)
    if base in (int, float):
        return st.column_config.NumberColumn(format=fmt or ("%d" if base is int else None), **common)
    return st.column_config.TextColumn(**common)


def rows_editor(model: type[BaseModel], rows: list[BaseModel], key: str, columns: list[str], *,
                widths: dict[str, int | str] | None = None, options: dict[str, list] | None = None,
                formats: dict[str, Any] | None = None, labels: dict[str, str] | None = None,
                helps: dict[str, str] | None = None, values: dict[str, Any] | None = None,
                disabled: list[str] | None = None,
                num_rows: Literal["dynamic", "fixed"] = "dynamic", height: int | Literal["auto"] = "auto",
                ) -> list[dict]:
    """A table of rows of `model`; columns, types and choices are read from the model's fields.

    Rows keep their `id` in a hidden column, so an edited row stays the same row (two people's edits are
    merged row by row). `values` maps a column to a function turning a row into the cell value when it is
    not the plain attribute (a person picker showing ids with names). Returns the rows as model input:
    empty cells None, entirely blank rows dropped.
    """
    widths, options, formats = widths or {}, options or {}, formats or {}
    labels, helps, values = labels or {}, helps or {}, values or {}
    has_id = "id" in model.model_fields
    cols = (["id"] if has_id else []) + columns
    data = [{c: (values[c](r) if c in values else getattr(r, c)) for c in cols} for r in rows]
    frame = pd.DataFrame(data, columns=cols).astype("object")
    config = {c: _column(model, c, widths.get(c), options.get(c), formats.get(c), labels.get(c), helps.get(c))
              for c in columns}
    edited = st.data_editor(frame, key=key, hide_index=True, width="stretch", num_rows=num_rows,
                            column_order=columns, column_config=config, height=height, disabled=disabled or False,
                            placeholder="")  # an empty cell shows empty, not "None" (a real answer on some pages)
    return editor_rows(edited.to_dict("records"), cols)


# ----------------------------------------------------------------------------------------------
# Matrix: tasks x people (the team self-assessment compiles into the task summary)

def matrix_editor(rows: list[tuple[str, str]], columns: list[tuple[str, str]],
                  values: dict[tuple[str, str], Any], key: str, *, options: list[str] | None = None,
                  row_label: str = "Task", row_width: int = 320, cell_width: int = 110,
                  help: str | None = None, height: int | Literal["auto"] = "auto") -> dict[tuple[str, str], Any]:
    """One editor for a grid: a row per (id, label) and a column per (id, label), e.g. tasks x people.

    Cells are a choice from `options`, or a tick box when `options` is None. Column keys are ids (a person
    renamed on the roster keeps their column); labels are shown as plain text. Returns {(row id, column id):
    value} with empty cells as None.
    """
    col_ids = [c for c, _ in columns]
    frame = pd.DataFrame([{"_id": r, "_label": label, **{c: values.get((r, c)) for c in col_ids}}
                          for r, label in rows], columns=["_id", "_label", *col_ids])
    frame = frame.astype({c: "object" for c in col_ids}) if options is not None else \
        frame.astype({c: "bool" for c in col_ids})
    config: dict[str, Any] = {"_id": None, "_label": st.column_config.TextColumn(row_label, width=row_width)}
    for c, label in columns:
        config[c] = (st.column_config.SelectboxColumn(label, options=options, width=cell_width, help=help)
                     if options is not None else st.column_config.CheckboxColumn(label, width=cell_width, help=help))
    edited = st.data_editor(frame, key=key, column_config=config, hide_index=True, disabled=["_id", "_label"],
                            num_rows="fixed", width="stretch", row_height=ROW_HEIGHT if row_width < 300 else None,
                            height=height, placeholder="")
    out: dict[tuple[str, str], Any] = {}
    for rec in editor_rows(edited.to_dict("records"), ["_id", *col_ids]):
        for c in col_ids:
            out[(rec["_id"], c)] = rec[c] if options is not None else bool(rec[c])
    return out
