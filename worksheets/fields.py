"""Fields in words: figures with their units, the values a field allows, and validation problems.

A model's ``Field`` metadata is the one place where a field's rules live: its bounds (``ge``, ``gt``,
``le``, ``lt``), its help (``description``) and, in ``json_schema_extra``, how it is typed and shown:
``{"unit": "%", "step": 0.5, "decimals": 1}``. ``unit`` is "$" (written before the figure), "%" (right
after it) or a word such as "FTE" (after a space); ``step`` is the number box's step and ``decimals``
the places it shows. Pages read their number boxes' help, step and format from here, PDFs their figures,
and the error messages their bounds, so nothing about a field is written twice.

``humanize`` is the one place where pydantic's validation errors become plain sentences: where the
problem is, in the titles a user reads ("Scenarios, row 2, Inputs, Care manager FTE"), and what is wrong
("must be 5 or less; you entered 7").
"""
from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

# ----------------------------------------------------------------------------------------------
# Figures


def num(value: float, places: int = 2, grouped: bool = True) -> str:
    """A count or factor: 1,234 / 17.5 / 0.95 (trailing zeros dropped); 2026 with ``grouped=False``."""
    text = f"{float(value):{',' if grouped else ''}.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def money(amount: float) -> str:
    """$1,234 for sums of $1,000 or more (no cents); $145.24 below that; -$1,234 when negative."""
    cents = round(float(amount), 2)
    sign = "-" if cents < 0 else ""
    size = abs(cents)
    if size >= 1000:
        return f"{sign}${size:,.0f}"
    return f"{sign}${size:,.2f}"


def pct(value: float) -> str:
    return f"{num(value)}%"


def with_unit(value: float, unit: str = "", places: int = 4, grouped: bool = True) -> str:
    """A bound or an entered figure with its unit: $1,000,000 / -$5 / 100% / 5 FTE / 24."""
    text = num(value, places, grouped)
    if unit == "$":
        return f"-${text[1:]}" if text.startswith("-") else f"${text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


# ----------------------------------------------------------------------------------------------
# What a field allows, and how it is typed


def extra(field: FieldInfo) -> Mapping[str, Any]:
    """The field's ``json_schema_extra`` hints (unit, step, decimals, and ``grouped: False`` for figures
    written without thousands separators, such as years); empty when it has none."""
    hints = field.json_schema_extra
    return hints if isinstance(hints, Mapping) else {}


def unit(field: FieldInfo) -> str:
    return str(extra(field).get("unit", ""))


def figure(field: FieldInfo | None, value: float, words: bool = False) -> str:
    """A bound or an entered figure of this field with its unit sign: $1,000 / 100%. A word unit ("FTE") only
    with ``words``: next to the field's title, which names it already, "5 FTE" says it twice."""
    if field is None:
        return with_unit(value)
    u = unit(field)
    if u not in ("$", "%") and not words:
        u = ""
    return with_unit(value, u, grouped=bool(extra(field).get("grouped", True)))


def step(field: FieldInfo) -> float:
    return float(extra(field).get("step", 1.0))


def input_format(field: FieldInfo) -> str:
    """The printf format of the field's number box: "%.1f" for ``decimals`` 1."""
    return f"%.{int(extra(field).get('decimals', 2))}f"


def max_length(field: FieldInfo) -> int | None:
    """A text field's longest length, from its max_length constraint."""
    return next((int(m.max_length) for m in field.metadata if getattr(m, "max_length", None) is not None), None)


@dataclass(frozen=True)
class Bounds:
    low: float | None = None
    low_included: bool = True
    high: float | None = None
    high_included: bool = True


def bounds(field: FieldInfo) -> Bounds:
    """The field's ge/gt/le/lt constraints."""
    low = high = None
    low_in = high_in = True
    for m in field.metadata:
        if isinstance(m, Ge):
            low, low_in = float(m.ge), True
        elif isinstance(m, Gt):
            low, low_in = float(m.gt), False
        elif isinstance(m, Le):
            high, high_in = float(m.le), True
        elif isinstance(m, Lt):
            high, high_in = float(m.lt), False
    return Bounds(low, low_in, high, high_in)


def allowed(field: FieldInfo) -> str:
    """The values a number field takes, as a sentence: "Allowed: $0 to $1,000,000." or "Allowed: above 0, up
    to 5 FTE."; "" for a field without bounds. Pages show it in a number box's help."""
    b = bounds(field)
    if b.low is None and b.high is None:
        return ""
    # "above 0, up to 5 FTE": a word unit once, after the last figure
    lo = None if b.low is None else figure(field, b.low, words=b.high is None)
    hi = None if b.high is None else figure(field, b.high, words=True)
    if lo is not None and hi is not None and b.low_included and b.high_included:
        return f"Allowed: {lo} to {hi}."
    parts = []
    if lo is not None:
        parts.append(f"{lo} or more" if b.low_included else f"above {lo}")
    if hi is not None:
        parts.append(f"up to {hi}" if b.high_included else f"below {hi}")
    return f"Allowed: {', '.join(parts)}."


def help_text(field: FieldInfo) -> str:
    """What a number box's help says: why the figure matters (the description), then the values allowed."""
    return " ".join(part for part in ((field.description or "").strip(), allowed(field)) if part)


# ----------------------------------------------------------------------------------------------
# Validation problems in words

REQUIRED = "this is required"  # an empty box, cell or text
_NUMBER_KINDS = ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float", "finite_number")


@dataclass(frozen=True)
class Problem:
    loc: tuple[Any, ...]  # pydantic's location, e.g. ("payer_mix", 1, "share_pct")
    where: str  # the same in words: "Payer mix, row 2, Share of patients (%)"
    text: str  # what is wrong: "must be 100% or less; you entered 150%"

    @property
    def line(self) -> str:
        return f"{self.where}: {self.text}" if self.where else self.text


def _given(value: Any, field: FieldInfo | None) -> str:
    """What the user entered, as they would recognise it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        return figure(field, value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "nothing"
    return f'"{value}"'


def message(error: Mapping[str, Any], field: FieldInfo | None = None) -> list[str]:
    """What is wrong, in words, for one pydantic error (several for a validator that lists several problems).
    ``field`` (the field the error is about, when known) gives the unit of the figures."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    entered = f"you entered {_given(given, field)}"
    if kind == "less_than_equal":
        return [f"must be {figure(field, ctx['le'])} or less; {entered}"]
    if kind == "less_than":
        return [f"must be less than {figure(field, ctx['lt'])}; {entered}"]
    if kind == "greater_than_equal":
        if ctx.get("ge") == 0:
            return [f"cannot be below {figure(field, 0)}; {entered}"]
        return [f"must be {figure(field, ctx['ge'])} or more; {entered}"]
    if kind == "greater_than":
        return [f"must be more than {figure(field, ctx['gt'])}; {entered}"]
    if kind in _NUMBER_KINDS:
        if given is None:
            return [REQUIRED]
        return [f"needs a number; {entered}"]
    if kind == "missing":
        return ["this is required but missing"]
    if kind == "extra_forbidden":
        return ["this field is not part of the workbook format"]
    if (kind == "string_too_short" and ctx.get("min_length") == 1) or (kind == "string_type" and given is None):
        return [REQUIRED]
    if kind == "string_too_short":
        length = len(given) if isinstance(given, str) else 0
        return [f"needs at least {ctx['min_length']:,} characters; this one has {length:,}"]
    if kind == "string_too_long" and isinstance(given, str):
        return [f"this is {len(given):,} characters long, and the most allowed is {ctx['max_length']:,}. "
                "Shorten it: what you typed is still there"]
    msg = str(error["msg"])
    if kind == "value_error":
        # A validator's own words. One that finds several problems lists them as fragments joined with "; "
        # ("item Z9 is not on this checklist; item B2, rating: ..."): one line each. A sentence ending in a
        # period ("the shares add up to 90%; they must add up to 100%.") is one problem, kept whole.
        msg = msg.removeprefix("Value error, ")
        return [msg] if msg.endswith(".") else msg.split("; ")
    return [msg]


RowName = Callable[[tuple[Any, ...], int], "str | None"]


def problems(error: ValidationError, root: type[BaseModel], *, quiet: Sequence[str] = (),
             row_name: RowName | None = None, start: str = "") -> list[Problem]:
    """Every error of ``error`` (raised validating ``root``) in words.

    The location is told with the titles of the fields on the way ("Scenarios, row 2, Inputs, Care manager
    FTE"): a worksheet document by its title, list rows by their number (or by ``row_name(path, index)``
    when it gives one, e.g. a billing code), dictionary entries of a field titled "items" as "item B2".
    ``quiet`` names top-level fields of ``root`` whose title is left out (a container whose entries carry
    their own titles); ``start`` names the whole (e.g. "The file") for a problem with no location; without
    it such a line is the problem alone."""
    from worksheets.base import WorksheetDoc  # worksheets.base stays free of our other modules

    out: list[Problem] = []
    for e in error.errors(include_url=False):
        parts: list[str] = []
        model: Any = root
        leaf: FieldInfo | None = None
        loc = tuple(e["loc"])
        i = 0
        while i < len(loc):
            key = loc[i]
            fields = getattr(model, "model_fields", None) if isinstance(model, type) else None
            leaf = None
            if fields is not None and isinstance(key, str) and key in fields:
                f = leaf = fields[key]
                ann = f.annotation
                sub = _model_in(ann)
                title = f.title or _label(key)
                if model is root and key in quiet:
                    pass  # the entries' own titles follow
                elif sub is not None and issubclass(sub, WorksheetDoc):
                    parts.append(sub.TITLE or title)
                elif title == "items" and _is_dict(ann):
                    if i + 1 < len(loc):  # the next key is an item id
                        parts.append(f"item {loc[i + 1]}")
                        i += 1
                    model = _dict_value_model(ann)
                    i += 1
                    continue
                elif _is_list(ann):
                    parts.append(title)
                    if i + 1 < len(loc) and isinstance(loc[i + 1], int):
                        index = loc[i + 1]
                        name = row_name(loc[:i + 1], index) if row_name else None
                        parts[-1] = f"{title}, {name or f'row {index + 1}'}"
                        i += 1
                    model = _list_item_model(ann)
                    i += 1
                    continue
                else:
                    parts.append(title)
                model = sub
            elif isinstance(key, int):
                parts.append(f"row {key + 1}")
            else:
                parts.append(_label(str(key)))
                model = None
            i += 1
        where = ", ".join(p for p in parts if p) or start
        for text in message(e, leaf):
            out.append(Problem(loc, where, text))
    return out


def humanize(error: ValidationError, root: type[BaseModel], **kwargs: Any) -> list[str]:
    """Lines like 'Readiness checklist, item B2, rating: ...' for every error (see ``problems``)."""
    return [p.line for p in problems(error, root, **kwargs)]


def _label(name: str) -> str:
    return name.replace("_", " ")


def model_in(ann: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (through Optional, Annotated, list[...], dict[..., ...])."""
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in typing.get_args(ann):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        if typing.get_args(arg):
            found = model_in(arg)
            if found is not None:
                return found
    return None


_model_in = model_in


def _is_dict(ann: Any) -> bool:
    return typing.get_origin(ann) is dict


def _is_list(ann: Any) -> bool:
    return typing.get_origin(ann) in (list, tuple)


def _dict_value_model(ann: Any) -> Any:
    args = typing.get_args(ann)
    return args[1] if len(args) == 2 and isinstance(args[1], type) else None


def _list_item_model(ann: Any) -> Any:
    args = typing.get_args(ann)
    return args[0] if args and isinstance(args[0], type) else None
