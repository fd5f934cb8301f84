"""What a worksheet tells the rest of the workbook about itself: its spec.

Each worksheet module exports ``SPEC``: kind, title, address, what it holds, its document model and its
hooks. The step registry (planning/registry.py) only orders the specs into steps. Hooks take a *plan view*
(the whole plan read once: details, every document, the roster), so a rule can look across worksheets.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

from worksheets.content import Section
from worksheets.findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from worksheets.base import WorksheetDoc
    from worksheets.team import TeamDoc

NOT_STARTED, IN_PROGRESS, COMPLETE = "not started", "in progress", "complete"


class PlanView(Protocol):
    """The plan as hooks see it (implemented by planning.view.PlanView)."""

    plan_id: str
    meta: Any  # planning.plans.PlanMeta

    def doc(self, kind: str, key: str = "") -> "WorksheetDoc | None": ...  # None: nothing saved yet

    def version(self, kind: str, key: str = "") -> int: ...  # 0: nothing saved yet

    @property
    def roster(self) -> "TeamDoc": ...

    def people(self) -> dict[str, str]: ...  # person id -> "Name (role)"

    def findings(self, kinds: list[str] | None = None) -> list[Finding]: ...  # every open finding, blockers first

    def title(self, kind: str) -> str: ...  # a worksheet's page title, from its kind


@dataclass(frozen=True)
class WorksheetSpec:
    kind: str
    title: str
    url_path: str
    holds: str  # what the page holds, in one sentence (overviews, pages not built yet)
    icon: str = ":material/description:"
    doc: "type[WorksheetDoc] | None" = None  # None: the page is not built yet
    progress: Callable[[PlanView], str] | None = None
    findings: Callable[[PlanView], list[Finding]] | None = None
    report: Callable[[PlanView], Section | tuple[Section, ...]] | None = None  # extra parts: e.g. a landscape table
    describe: Callable[[Any], str] | None = None  # one line per saved version, for the history table
    derived: bool = False  # worked out from the rest of the plan (the launch gate): never "not started" in a PDF
    per_member: bool = False  # one document per team member, keyed by person id (the self-assessment)
    member_progress: Callable[[PlanView], list[tuple[str, str, str]]] | None = None  # (name, role, status) each

    @property
    def built(self) -> bool:
        return self.doc is not None

    @property
    def page_file(self) -> str:
        """The page's script, pages/<kind>_page.py. Its stem differs from url_path on purpose: Streamlit's
        legacy pages/ folder routing would otherwise run the file directly, skipping app.py."""
        return f"pages/{self.kind}_page.py"


def saved_or_empty(view: PlanView, model: "type[WorksheetDoc]") -> "WorksheetDoc":
    """The saved document of a single-document worksheet, or an empty one."""
    return view.doc(model.KIND) or model()
