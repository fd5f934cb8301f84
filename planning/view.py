"""The plan read once: its details, every document keyed by (worksheet, key), and the roster.

A page run and every PDF build read one view. It can be read as of now or as of a milestone. Registry hooks
(progress, findings, report) take it, so a rule can look across worksheets and feeds between worksheets
(people's names, staffing figures, goals) come from here. Documents are validated lazily, once per view.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from planning import registry
from planning.plans import Loaded, PlanMeta
from planning.storage import PLAN_KIND, PlanRow, StoredDocument, Store
from worksheets.base import WorksheetDoc
from worksheets.findings import Finding, by_severity
from worksheets.team import TeamDoc


@dataclass
class PlanView:
    plan_id: str
    meta: PlanMeta
    row: PlanRow
    stored: dict[tuple[str, str], StoredDocument]
    milestone_id: str | None = None
    _typed: dict[tuple[str, str], WorksheetDoc | None] = field(default_factory=dict, repr=False)

    # ---- documents ---------------------------------------------------------------------------
    def doc(self, kind: str, key: str = "") -> WorksheetDoc | None:
        """The saved document, validated (and migrated) once per view; None when nothing is saved."""
        k = (kind, key)
        if k not in self._typed:
            stored = self.stored.get(k)
            model = registry.doc_models().get(kind)
            self._typed[k] = model.model_validate(stored.data) if stored is not None and model else None
        return self._typed[k]

    def version(self, kind: str, key: str = "") -> int:
        stored = self.stored.get((kind, key))
        return stored.version if stored else 0

    def loaded(self, kind: str, key: str = "") -> Loaded:
        """The document as a page edits it: an empty one at version 0 when nothing is saved yet."""
        stored = self.stored.get((kind, key))
        doc = self.doc(kind, key)
        if stored is None or doc is None:
            return Loaded(registry.doc_models()[kind](), 0)
        return Loaded(doc, stored.version, stored.saved_at, stored.saved_by)

    def keys(self, kind: str) -> list[str]:
        """Keys of a worksheet's documents (person ids for one-per-member worksheets)."""
        return sorted(key for (k, key) in self.stored if k == kind)

    def with_doc(self, doc: WorksheetDoc, key: str = "") -> "PlanView":
        """This view with one document replaced (what the plan would be after a save), for findings."""
        k = (doc.KIND, key)
        old = self.stored.get(k)
        stored = dict(self.stored)
        stored[k] = StoredDocument(self.plan_id, doc.KIND, (old.version if old else 0) + 1,
                                   doc.model_dump(mode="json"), "", "")
        typed = {kk: v for kk, v in self._typed.items() if kk != k}
        typed[k] = doc
        return PlanView(self.plan_id, self.meta, self.row, stored, self.milestone_id, typed)

    # ---- feeds between worksheets --------------------------------------------------------------
    @cached_property
    def roster(self) -> TeamDoc:
        doc = self.doc(TeamDoc.KIND)
        return doc if isinstance(doc, TeamDoc) else TeamDoc()

    def people(self) -> dict[str, str]:
        return self.roster.options()

    def title(self, kind: str) -> str:
        """A worksheet's page title, from its kind (the launch gate names the page that fixes each blocker)."""
        return registry.worksheet(kind).title

    # ---- what every overview reads -------------------------------------------------------------
    def progress(self) -> dict[str, str]:
        return {w.kind: (w.progress(self) if w.progress else registry.NOT_STARTED)
                for w in registry.built_worksheets()}

    @cached_property
    def _findings_by_kind(self) -> dict[str, list[Finding]]:
        """Each worksheet's findings, worked out once per view: a page run reads them for its overview, the launch
        gate, progress and Home's counts, and a view is one moment of the plan."""
        return {w.kind: w.findings(self) for w in registry.built_worksheets() if w.findings is not None}

    def findings(self, kinds: list[str] | None = None) -> list[Finding]:
        """Every open finding of the plan (or of some worksheets), blockers first."""
        return by_severity([f for kind, found in self._findings_by_kind.items()
                            if kinds is None or kind in kinds for f in found])


def load_view(store: Store, plan_id: str, milestone_id: int | str | None = None, at: str | None = None) -> PlanView:
    """Read the plan once (as of now, as of a milestone, or as it was at a moment ``at``, an ISO date-time: what a
    meeting agenda compares with to find what is new since the last meeting): two or three queries whatever its
    size."""
    snap = store.load_snapshot(plan_id, milestone_id, at=at)
    docs = dict(snap.documents)
    docs.pop((PLAN_KIND, ""), None)
    return PlanView(plan_id, PlanMeta.model_validate(snap.row.meta), snap.row, docs,
                    None if milestone_id is None else str(milestone_id))
