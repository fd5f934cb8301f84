"""What changed between two plan views (two milestones, or a milestone and now), worksheet by worksheet.

Pure: it reads two planning.view.PlanView objects and returns plain data for a page or a PDF to show.
The comparison is generic over the saved documents (``model_dump(mode="json")``), guided by the document
models only for readable field titles, so a new worksheet is compared without code of its own:

- checklist responses (a dict of item id -> {rating or status, note, owner, due ...}): a "rating" change per
  item whose rating/status moved, and a change per other field that moved;
- tables (lists of rows with an "id"): rows matched by id, reported as added, removed or changed (field by
  field); rows without an id are matched by their whole content (added / removed);
- dicts keyed by person or by item (matrices, per-person assignments): each entry compared in turn;
- per-member worksheets (one document per person): each person's document compared; people added/removed;
- long text (over ~60 characters, or several lines): a "text" change with a word-level diff; short text,
  choices, dates, yes/no and lists of choices: a "field" change; numbers: a "number" change with the difference;
- calculators (the sustainment plan's financial scenarios): their saved inputs are compared like any other
  numbers;
- worked-out figures (planning.trends.figures: readiness scores, principles ratings, task-summary flags, launch-gate
  blockers, actions done and open, the financial model's net per year and care manager FTE, each metric's latest
  value): a "Headline figures" group (``Comparison.figures``) with each figure that moved, before -> after and
  the difference. It is kept apart from the worksheets, so "3 worksheets changed" counts worksheets only.

Person ids anywhere are shown as names (the newer view's roster, falling back to the older one's).
"""
from __future__ import annotations

import difflib
import functools
import re
import sys
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from planning import registry
from worksheets.fields import model_in as _model_in

LONG_TEXT = 60  # characters: longer text (or text with line breaks) gets a word-level diff
LABEL_MAX = 60  # characters of a row's label shown in "where"
ITEM_TEXT = 45  # characters of a checklist item's text shown after its id
BLANK = "(blank)"
NOT_RATED = "not rated"
NOT_WORKED_OUT = "not worked out yet"  # a headline figure one of the two points does not have
RATING_KEYS = ("rating", "status")
LABEL_FIELDS = ("name", "action", "title", "text", "metric", "measure", "treatment", "service", "task",
                "condition", "label", "topic", "goal")
WHEN_FIELDS = ("month", "date", "on")
SKIP_FIELDS = {"schema_version", "id"}
# Bookkeeping a reader does not need: which finding each action came from (the new action row shows anyway).
QUIET = {("action_plan", "accepted")}

FIGURES, FIGURES_TITLE = "figures", "Headline figures"

WHATS = ("rating", "row added", "row removed", "row changed", "number", "text", "field")


@dataclass(frozen=True)
class Change:
    what: str  # one of WHATS
    where: str  # plain words: "Readiness checklist, item B2"
    before: str = ""
    after: str = ""
    words: tuple[tuple[str, str], ...] = ()  # text only: (op, text), op in same / removed / added
    delta: str = ""  # numbers only: "+12", "-3.5"


@dataclass(frozen=True)
class WorksheetChange:
    kind: str
    title: str
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True)
class Comparison:
    plan_id: str
    old_milestone: str | None  # None: as of now
    new_milestone: str | None
    worksheets: list[WorksheetChange] = field(default_factory=list)
    figures: WorksheetChange = field(default_factory=lambda: WorksheetChange(FIGURES, FIGURES_TITLE))

    @property
    def changed(self) -> list[WorksheetChange]:
        return [w for w in self.worksheets if w.changed]

    @property
    def unchanged(self) -> list[WorksheetChange]:
        return [w for w in self.worksheets if not w.changed]

    @property
    def count(self) -> int:
        return sum(len(w.changes) for w in self.worksheets)


# ----------------------------------------------------------------------------------------------
# display helpers

def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """A word-level diff: runs of words kept, removed and added, in reading order."""
    a, b = before.split(), after.split()
    out: list[tuple[str, str]] = []

    def put(op: str, words: list[str]) -> None:
        if not words:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + " " + " ".join(words))
        else:
            out.append((op, " ".join(words)))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            put("same", a[i1:i2])
        else:
            put("removed", a[i1:i2])
            put("added", b[j1:j2])
    return tuple(out)


def _num(x: float | int) -> str:
    if isinstance(x, float):
        if x.is_integer():
            return f"{int(x):,}"
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:,}"


def _delta(a: float | int, b: float | int) -> str:
    d = b - a
    if isinstance(d, float):
        d = round(d, 6)
    return ("+" if d > 0 else "") + _num(d)


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v == {}


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _long(*texts: Any) -> bool:
    return any(isinstance(t, str) and (len(t) > LONG_TEXT or "\n" in t) for t in texts)


def _clip(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.lru_cache(maxsize=None)
def _item_labels(kind: str) -> dict[str, str]:
    """A checklist's items as a reader knows them, "item B2 (A psychiatric consultant is identified and…)", from
    the catalog its worksheet module keeps (``CATALOG.items`` or ``ITEMS``); {} for a worksheet without one."""
    try:
        module = sys.modules.get(registry.worksheet(kind).doc.__module__)
    except (KeyError, AttributeError):
        return {}
    items = getattr(getattr(module, "CATALOG", None), "items", None) or getattr(module, "ITEMS", None) or ()
    return {i.id: f"item {i.id} ({_words(i.text, ITEM_TEXT)})" for i in items
            if isinstance(getattr(i, "id", None), str) and isinstance(getattr(i, "text", None), str)}


def _words(text: str, limit: int) -> str:
    """The text, cut after a whole word when longer than ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class _Ctx:
    def __init__(self, names: dict[str, str]):
        self.names = names

    def show(self, v: Any, empty: str = BLANK) -> str:
        if v is None or v == "" or v == [] or v == {}:
            return empty
        if isinstance(v, bool):
            return "yes" if v else "no"
        if _is_num(v):
            return _num(v)
        if isinstance(v, str):
            return self.names.get(v, v)
        if isinstance(v, list):
            return ", ".join(self.show(x, "") for x in v) or empty
        if isinstance(v, dict):
            return ", ".join(f"{k}: {self.show(x)}" for k, x in v.items() if x not in (None, "", [], {})) or empty
        return str(v)


# ----------------------------------------------------------------------------------------------
# the models, for titles

def _field(model: type[BaseModel] | None, name: str) -> tuple[str, Any]:
    """(title, annotation) of a model's field; the name in words when the model does not know it."""
    info = model.model_fields.get(name) if model is not None else None
    if info is None:
        return name.replace("_", " "), None
    return (info.title or name.replace("_", " ")), info.annotation


def _value_ann(ann: Any) -> Any:
    """The value annotation of a dict[...] annotation (through Optional / Annotated); None if unknown."""
    if ann is None:
        return None
    origin = typing.get_origin(ann)
    if origin is dict:
        args = typing.get_args(ann)
        return args[1] if len(args) == 2 else None
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(ann):
            v = _value_ann(arg)
            if v is not None:
                return v
    return None


def _is_table(ann: Any) -> bool:
    """A list of rows (models), through Optional / Annotated."""
    origin = typing.get_origin(ann)
    if origin is list:
        return _model_in(ann) is not None
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_is_table(a) for a in typing.get_args(ann))
    return False


def _singular(title: str) -> str:
    t = title.strip()
    if t.lower().endswith("ies"):
        return t[:-3] + "y"
    if t.lower().endswith("s") and not t.lower().endswith("ss"):
        return t[:-1]
    return t


# ----------------------------------------------------------------------------------------------
# the walk

def _row_label(row: dict, ctx: _Ctx) -> str:
    label = ""
    for name in LABEL_FIELDS:
        v = row.get(name)
        if isinstance(v, str) and v.strip():
            label = v
            break
    if not label:
        label = next((v for k, v in row.items() if k not in SKIP_FIELDS and isinstance(v, str) and v.strip()),
                     str(row.get("id", "")))
    label = _clip(ctx.names.get(label, label))
    when = next((row[k] for k in WHEN_FIELDS if isinstance(row.get(k), str) and row[k]), "")
    return f"row '{label}'" + (f" ({when})" if when else "")


class _Walker:
    def __init__(self, ctx: _Ctx, out: list[Change], kind: str = ""):
        self.items = _item_labels(kind)
        self.ctx = ctx
        self.out = out
        self.kind = kind

    def add(self, what: str, where: list[str], before: str = "", after: str = "", **kw: Any) -> None:
        self.out.append(Change(what, ", ".join(p for p in where if p), before, after, **kw))

    # a value of any shape -------------------------------------------------------------------------
    def value(self, where: list[str], ann: Any, old: Any, new: Any, *, in_row: bool = False,
              rating: bool = False, entry: bool = False) -> None:
        """``where`` ends with the value's field title, or with an entry's label when ``entry``."""
        if old == new or (_empty(old) and _empty(new)):
            return
        model = _model_in(ann)
        if isinstance(old, dict) or isinstance(new, dict):
            o = old if isinstance(old, dict) else {}
            n = new if isinstance(new, dict) else {}
            if model is not None and _value_ann(ann) is None:
                self.model(where, model, o, n, in_row=in_row)
            else:
                rating = rating or (not entry and "rating" in where[-1].lower())
                if entry or len(where) < 2:
                    self.entries(where, "item", ann, o, n, in_row=in_row, rating=rating)
                else:  # "items" -> "item B2": the entry's label takes the field title's place
                    self.entries(where[:-1], _singular(where[-1]), ann, o, n, in_row=in_row, rating=rating)
            return
        if (isinstance(old, list) and any(isinstance(x, dict) for x in old)) or \
                (isinstance(new, list) and any(isinstance(x, dict) for x in new)):
            self.rows(where, model, old or [], new or [])
            return
        self.scalar(where, old, new, in_row=in_row, rating=rating)

    def scalar(self, where: list[str], old: Any, new: Any, *, in_row: bool, rating: bool) -> None:
        if rating:
            self.add("rating", where, self.ctx.show(old, NOT_RATED), self.ctx.show(new, NOT_RATED))
        elif _is_num(old) and _is_num(new):
            self.add("number", where, _num(old), _num(new), delta=_delta(old, new))
        elif _long(old, new):
            a = old if isinstance(old, str) else self.ctx.show(old, "")
            b = new if isinstance(new, str) else self.ctx.show(new, "")
            self.add("text", where, a or BLANK, b or BLANK, words=word_diff(a, b))
        elif _is_num(old) or _is_num(new):
            self.add("number", where, self.ctx.show(old), self.ctx.show(new))
        else:
            self.add("row changed" if in_row else "field", where, self.ctx.show(old), self.ctx.show(new))

    # a nested model: field by field, in the model's order --------------------------------------------
    def model(self, where: list[str], model: type[BaseModel], old: dict, new: dict, *, in_row: bool) -> None:
        names = [k for k in model.model_fields if k in old or k in new]
        names += [k for k in list(old) + list(new) if k not in names]
        tables = [k for k, f in model.model_fields.items() if _is_table(f.annotation)]
        seen: set[str] = set()
        for name in names:
            if name in seen or name in SKIP_FIELDS or (self.kind, name) in QUIET:
                continue
            seen.add(name)
            title, ann = _field(model, name)
            # the only table of a worksheet needs no name: "Action plan, row 'Choose the registry'"
            rating = name in RATING_KEYS and not in_row  # a checklist item's rating: "Readiness checklist, item B2"
            path = where if tables == [name] or rating else where + [title]
            self.value(path, ann, old.get(name), new.get(name), in_row=in_row, rating=rating)

    # a dict keyed by item id or person id (checklist responses, matrices, per-person assignments) -------
    def entries(self, where: list[str], noun: str, ann: Any, old: dict, new: dict, *, in_row: bool,
                rating: bool) -> None:
        value_ann = _value_ann(ann)
        for key in list(new) + [k for k in old if k not in new]:
            o, n = old.get(key), new.get(key)
            if o == n:
                continue
            label = self.ctx.names.get(key) or self.items.get(key) or f"{noun} {key}"
            self.value(where + [label], value_ann, o, n, in_row=in_row, rating=rating, entry=True)

    # a table: rows matched by id ------------------------------------------------------------------
    def rows(self, where: list[str], model: type[BaseModel] | None, old: list, new: list) -> None:
        has_id = all(isinstance(r, dict) and r.get("id") for r in old + new)
        if not has_id:
            for r in new:
                if r not in old:
                    self.add("row added", where + [_row_label(r, self.ctx) if isinstance(r, dict) else ""],
                             "", self.ctx.show(r))
            for r in old:
                if r not in new:
                    self.add("row removed", where + [_row_label(r, self.ctx) if isinstance(r, dict) else ""],
                             self.ctx.show(r), "")
            return
        olds = {r["id"]: r for r in old}
        news = {r["id"]: r for r in new}
        for rid, r in news.items():
            label = _row_label(r, self.ctx)
            if rid not in olds:
                self.add("row added", where + [label], "", _clip(self.ctx.show(_row_summary(r, model)), 300))
            elif olds[rid] != r and model is not None:
                self.model(where + [label], model, olds[rid], r, in_row=True)
            elif olds[rid] != r:
                self._row_fields(where + [label], olds[rid], r)
        for rid, r in olds.items():
            if rid not in news:
                self.add("row removed", where + [_row_label(r, self.ctx)],
                         _clip(self.ctx.show(_row_summary(r, model)), 300), "")

    def _row_fields(self, where: list[str], old: dict, new: dict) -> None:
        for k in list(new) + [k for k in old if k not in new]:
            if k not in SKIP_FIELDS:
                self.value(where + [k.replace("_", " ")], None, old.get(k), new.get(k), in_row=True,
                           rating=k in RATING_KEYS)


def _row_summary(row: dict, model: type[BaseModel] | None) -> dict:
    """A row's short plain fields under their titles, for a row added or removed (its label is in "where";
    long text is left out)."""
    return {_field(model, k)[0]: v for k, v in row.items()
            if k not in SKIP_FIELDS and not isinstance(v, (dict, list)) and not _long(v)}


# ----------------------------------------------------------------------------------------------
# the entry point

def _names(old: Any, new: Any) -> dict[str, str]:
    """Person id -> name: the newer roster wins, people only on the older roster keep their old name."""
    names = {m.id: m.name for m in old.roster.members}
    names.update({m.id: m.name for m in new.roster.members})
    return names


def _dump(view: Any, kind: str, key: str, model: type[BaseModel]) -> dict:
    doc = view.doc(kind, key)
    if doc is not None:
        return doc.model_dump(mode="json")
    try:
        return model().model_dump(mode="json")  # nothing saved yet: compare with an empty worksheet
    except Exception:  # noqa: BLE001 - a model with required fields has no empty form
        return {}


def _figure_text(f: Any) -> str:
    return f.text() + (f" ({f.note})" if f.note else "")


def figure_changes(old: Any, new: Any) -> WorksheetChange:
    """The headline figures that moved from ``old`` to ``new`` (planning.trends.figures of each view)."""
    from planning.trends import delta_text, figures

    before, after = figures(old), figures(new)
    out: list[Change] = []
    for key in list(after) + [k for k in before if k not in after]:
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and a.value == b.value and a.note == b.note:
            continue
        f = b or a
        delta = ""
        if a is not None and b is not None and a.value is not None and b.value is not None:
            delta = delta_text(a.value, b.value, f.format, f.unit)
        out.append(Change("number", f"{f.group}, {f.label}", _figure_text(a) if a else NOT_WORKED_OUT,
                          _figure_text(b) if b else NOT_WORKED_OUT, delta=delta))
    return WorksheetChange(FIGURES, FIGURES_TITLE, tuple(out))


def compare(old: Any, new: Any) -> Comparison:
    """Every change from ``old`` to ``new`` (two views of one plan), worksheet by worksheet in registry order.

    Raises ValueError when the views belong to different plans.
    """
    if old.plan_id != new.plan_id:
        raise ValueError("These two versions belong to different plans, so they cannot be compared. "
                         "Choose two milestones of the same plan.")
    ctx = _Ctx(_names(old, new))
    sheets: list[WorksheetChange] = []
    for spec in registry.built_worksheets():
        out: list[Change] = []
        walker = _Walker(ctx, out, spec.kind)
        if spec.per_member:
            old_keys, new_keys = old.keys(spec.kind), new.keys(spec.kind)
            for key in new_keys + [k for k in old_keys if k not in new_keys]:
                o = old.doc(spec.kind, key) if key in old_keys else None
                n = new.doc(spec.kind, key) if key in new_keys else None
                name = ctx.names.get(key) or getattr(n or o, "name", "") or key
                if o is None:
                    walker.add("row added", [spec.title, name], "", f"{name}'s worksheet started")
                elif n is None:
                    walker.add("row removed", [spec.title, name], f"{name}'s worksheet", "")
                else:
                    walker.model([spec.title, name], spec.doc, o.model_dump(mode="json"),
                                 n.model_dump(mode="json"), in_row=False)
        else:
            walker.model([spec.title], spec.doc, _dump(old, spec.kind, "", spec.doc),
                         _dump(new, spec.kind, "", spec.doc), in_row=False)
        sheets.append(WorksheetChange(spec.kind, spec.title, tuple(out)))
    return Comparison(new.plan_id, old.milestone_id, new.milestone_id, sheets, figure_changes(old, new))


__all__ = ["BLANK", "FIGURES", "FIGURES_TITLE", "NOT_RATED", "NOT_WORKED_OUT", "WHATS", "Change", "Comparison",
           "WorksheetChange", "compare", "figure_changes", "word_diff"]
