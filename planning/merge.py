"""Three-way merge of a worksheet document: the version both people started from, theirs, and mine.

When two people edit the same worksheet, the second save is stale. Instead of asking "theirs or mine?" for
the whole document, we compare each side with the version both started from:

- a part only one side changed takes that side's value;
- a part both changed to the same value is fine;
- a part both changed differently is a *conflict*, and only those are put to the user.

Documents are plain JSON data (``model_dump(mode="json")``). Dicts merge key by key (checklist responses are
keyed by item id). Lists whose entries are dicts with an ``id`` (roster people, payer rows, scenarios) merge
row by row, matched by id: a row added on one side is kept, a row removed on one side and untouched on the
other is removed, a row removed on one side and changed on the other is a conflict. Other lists (a set of
ticked conditions, sign-off names) and plain values are compared whole.

A path names a part of the document: a tuple of dict keys, with ``Row(id)`` for a row of an id-keyed list.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Side = Literal["theirs", "mine"]


class _Missing:
    """A part that does not exist on one side (a row added or removed)."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Row:
    """A path step: the row with this id in an id-keyed list."""

    id: str


Path = tuple[Any, ...]


@dataclass(frozen=True)
class Conflict:
    path: Path
    base: Any
    theirs: Any
    mine: Any


@dataclass
class Merge:
    merged: Any
    conflicts: list[Conflict] = field(default_factory=list)
    theirs_changed: list[Path] = field(default_factory=list)  # parts only they changed (taken from theirs)
    mine_changed: list[Path] = field(default_factory=list)  # parts only I changed (kept)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def key_of(path: Path) -> str:
    """A stable text key for a path (for choices kept in a form)."""
    return "/".join(f"#{p.id}" if isinstance(p, Row) else str(p) for p in path)


def _is_id_list(*values: Any) -> bool:
    lists = [v for v in values if v is not MISSING]
    return bool(lists) and all(isinstance(v, list) for v in lists) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] for v in lists for item in v)


def three_way(base: Any, theirs: Any, mine: Any, choices: dict[str, Side] | None = None) -> Merge:
    """Merge ``mine`` into ``theirs`` relative to ``base``. ``choices`` settles conflicts by path key."""
    result = Merge(None)
    result.merged = _merge((), base, theirs, mine, result, choices or {})
    return result


def _merge(path: Path, b: Any, t: Any, m: Any, out: Merge, choices: dict[str, Side]) -> Any:
    if t == m:
        return t
    if m == b:
        out.theirs_changed.append(path)
        return t
    if t == b:
        out.mine_changed.append(path)
        return m
    if all(isinstance(v, dict) for v in (t, m)) and (b is MISSING or isinstance(b, dict)):
        base = b if isinstance(b, dict) else {}
        merged: dict[str, Any] = {}
        for k in [*t.keys(), *(k for k in m.keys() if k not in t), *(k for k in base if k not in t and k not in m)]:
            if k in merged:
                continue
            v = _merge((*path, k), base.get(k, MISSING), t.get(k, MISSING), m.get(k, MISSING), out, choices)
            if v is not MISSING:
                merged[k] = v
        return merged
    if _is_id_list(b, t, m) and t is not MISSING and m is not MISSING:
        base_rows = {r["id"]: r for r in (b if isinstance(b, list) else [])}
        their_rows = {r["id"]: r for r in t}
        my_rows = {r["id"]: r for r in m}
        order = [*their_rows, *(i for i in my_rows if i not in their_rows)]
        rows = []
        for rid in order:
            v = _merge((*path, Row(rid)), base_rows.get(rid, MISSING), their_rows.get(rid, MISSING),
                       my_rows.get(rid, MISSING), out, choices)
            if v is not MISSING:
                rows.append(v)
        return rows
    pick = choices.get(key_of(path))
    if pick is None:
        out.conflicts.append(Conflict(path, b, t, m))
    return m if pick == "mine" else t


# ----------------------------------------------------------------------------------------------
# Words for people: which part of the worksheet, and its value

_ROW_NAMES = ("name", "treatment", "service", "title", "action", "condition")


def _row_name(rid: str, *sides: Any) -> str:
    for side in sides:
        if isinstance(side, list):
            for r in side:
                if isinstance(r, dict) and r.get("id") == rid:
                    for k in _ROW_NAMES:
                        if isinstance(r.get(k), str) and r[k].strip():
                            return f"“{r[k].strip()}”"
    return "a row"


def _inner_model(annotation: Any) -> Any:
    import typing

    from pydantic import BaseModel
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for a in typing.get_args(annotation):
        found = _inner_model(a)
        if found is not None:
            return found
    return None


def label(model: Any, path: Path, *sides: Any) -> str:
    """'Readiness checklist, item B2, rating' for a path, using the model's field titles.

    ``sides`` are whole documents (base, theirs, mine) used to name rows by their name.
    """
    import typing

    parts: list[str] = []
    current = model
    keyed = False  # the next step is a key of a dict field (a checklist item id)
    values = list(sides)
    for step in path:
        if isinstance(step, Row):
            parts.append(_row_name(step.id, *values))
            values = [next((r for r in v if isinstance(r, dict) and r.get("id") == step.id), None)
                      if isinstance(v, list) else None for v in values]
            continue
        fields = getattr(current, "model_fields", None)
        if keyed:
            parts.append(f"item {step}")
            keyed = False
        elif fields is not None and step in fields:
            f = fields[step]
            keyed = typing.get_origin(f.annotation) is dict
            if not keyed:  # a dict field's entries say "item B2" themselves
                parts.append(f.title or str(step).replace("_", " "))
            current = _inner_model(f.annotation)
        else:
            parts.append(str(step).replace("_", " "))
            current = None
        values = [v.get(step) if isinstance(v, dict) else None for v in values]
    return ", ".join(parts) or "The whole worksheet"


def shown(value: Any, limit: int = 120) -> str:
    """A value as a person reads it in a comparison table."""
    if value is MISSING:
        return "(removed)"
    if value is None or value == "" or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k.replace('_', ' ')}: {shown(v, 40)}" for k, v in value.items()
                         if k not in ("id", "schema_version") and v not in (None, "", [], {}))
        text = text or "(empty)"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
