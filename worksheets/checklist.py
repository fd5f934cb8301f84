"""The checklist shape: catalog items x one response each (rating + note).

Readiness, the principles self-rating, administrative readiness and other checklists share this.
A rating scale maps labels to points; ``None`` points means "not applicable" (left out of the
maximum). Scores are a percentage of the applicable maximum of the items rated so far.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, Optional

from pydantic import Field, create_model, model_validator

from worksheets.base import StrictModel, WorksheetDoc

NOTE_MAX = 10_000  # a long note is normal in a plan; the page says so if a note is longer


@dataclass(frozen=True)
class Item:
    id: str
    domain: str  # domain id, e.g. "A"
    text: str
    help: str


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    help: str = ""


@dataclass(frozen=True)
class Scale:
    """Ordered rating labels and their points (None = not applicable)."""

    points: tuple[tuple[str, int | None], ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for label, _ in self.points)

    @property
    def maximum(self) -> int:
        return max(p for _, p in self.points if p is not None)

    def score(self, label: str) -> int | None:
        return dict(self.points)[label]


@dataclass(frozen=True)
class Catalog:
    domains: tuple[Domain, ...]
    items: tuple[Item, ...]
    scale: Scale

    def item(self, item_id: str) -> Item:
        return self._by_id()[item_id]

    def _by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def domain_items(self, domain_id: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.domain == domain_id)



class Response(StrictModel):
    rating: str | None = Field(default=None, title="rating")
    note: str = Field(default="", max_length=NOTE_MAX, title="note")


def response_model(scale: Scale, name: str) -> type[Response]:
    """A Response whose rating must be one of the scale's labels, so a wrong rating is reported at
    its own item ("item B2, rating: ...") together with every other error in the file."""
    return create_model(name, __base__=Response,
                        rating=(Optional[Literal[scale.labels]], Field(default=None, title="rating")))


class ChecklistDoc(WorksheetDoc):
    """Base for checklist documents. Subclasses set CATALOG and ``schema_version``."""

    CATALOG: ClassVar[Catalog]

    responses: dict[str, Response] = Field(default_factory=dict, title="items")

    @model_validator(mode="after")
    def _check_items(self):
        known = set(self.CATALOG.ids())
        labels = self.CATALOG.scale.labels
        problems = []
        for item_id, resp in self.responses.items():
            if item_id not in known:
                problems.append(f"item {item_id} is not on this checklist")
            elif resp.rating is not None and resp.rating not in labels:
                problems.append(f"item {item_id}, rating: '{resp.rating}' is not one of: {', '.join(labels)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def rating(self, item_id: str) -> str | None:
        r = self.responses.get(item_id)
        return r.rating if r else None

    def note(self, item_id: str) -> str:
        r = self.responses.get(item_id)
        return r.note if r else ""


@dataclass(frozen=True)
class DomainScore:
    domain_id: str
    title: str
    points: int
    maximum: int  # applicable maximum of the rated items
    rated: int
    total: int
    not_applicable: int

    @property
    def percent(self) -> float | None:
        """None when nothing applicable has been rated yet."""
        return round(100.0 * self.points / self.maximum, 1) if self.maximum else None


@dataclass(frozen=True)
class ChecklistScore:
    domains: tuple[DomainScore, ...]
    points: int
    maximum: int
    rated: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.points / self.maximum, 1) if self.maximum else None


def score(doc: ChecklistDoc) -> ChecklistScore:
    cat = doc.CATALOG
    domains = []
    for d in cat.domains:
        points = maximum = rated = na = 0
        items = cat.domain_items(d.id)
        for item in items:
            label = doc.rating(item.id)
            if label is None:
                continue
            rated += 1
            p = cat.scale.score(label)
            if p is None:
                na += 1
                continue
            points += p
            maximum += cat.scale.maximum
        domains.append(DomainScore(d.id, d.title, points, maximum, rated, len(items), na))
    return ChecklistScore(
        domains=tuple(domains),
        points=sum(s.points for s in domains),
        maximum=sum(s.maximum for s in domains),
        rated=sum(s.rated for s in domains),
        total=len(cat.items),
    )


def progress(doc: ChecklistDoc | None) -> str:
    """'not started' | 'in progress' | 'complete' (every item rated)."""
    if doc is None:
        return "not started"
    rated = sum(1 for i in doc.CATALOG.ids() if doc.rating(i) is not None)
    if rated == 0 and not any(r.note for r in doc.responses.values()):
        return "not started"
    return "complete" if rated == len(doc.CATALOG.items) else "in progress"
