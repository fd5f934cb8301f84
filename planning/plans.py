"""Plans: metadata, typed document access, progress, duplicate, JSON export/import, example plan."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model, field_validator

from planning import registry, uploads
from planning.storage import PLAN_KIND, ImportedMilestone, PlanRow, StoredDocument, Store
from worksheets.fields import humanize as _humanize
from worksheets import launch_gate
from worksheets.base import WorksheetDoc

EXPORT_FORMAT = "cocm-workbook-plan"
EXPORT_FORMAT_VERSION = 2  # 2 added the plan's milestones; files of format 1 are still read
READABLE_FORMATS = (1, 2)
EXAMPLE_PATH = Path(__file__).resolve().parent.parent / "examples" / "example-plan.json"
# The largest plan file Home imports: Home's uploader uses the same figure (under `server.maxUploadSize`, which is
# the registry export's 20 MB), in Streamlit's megabytes (1024 x 1024 bytes), so the uploader and this check agree.
MAX_IMPORT_MB = 5
MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024


class PlanMeta(WorksheetDoc):
    KIND: ClassVar[str] = PLAN_KIND
    TITLE: ClassVar[str] = "Plan details"

    schema_version: Literal[1] = 1
    name: str = Field(min_length=1, max_length=120, title="plan name")
    clinic: str = Field(min_length=1, max_length=120, title="clinic")
    site: str = Field(default="", max_length=120, title="site")
    cit_lead: str = Field(default="", max_length=120, title="CIT lead")
    target_launch: date | None = Field(default=None, title="target launch date")
    # Expansion (Step 5): plans of one organisation roll up together; a plan started from another links back to it.
    organisation: str = Field(default="", max_length=120, title="organisation")
    parent_plan_id: str = Field(default="", max_length=36, title="started from plan")
    parent_name: str = Field(default="", max_length=120, title="started from")  # the parent's name when copied
    expansion: Literal["", "site", "condition", "population"] = Field(default="", title="expansion to a new")


@dataclass(frozen=True)
class Loaded:
    """A typed worksheet document and the version it was loaded at (0 = never saved)."""

    doc: WorksheetDoc
    version: int
    saved_at: str = ""
    saved_by: str = ""


@dataclass(frozen=True)
class PlanSummary:
    row: PlanRow
    meta: PlanMeta
    step_progress: dict[int, tuple[int, int]]  # step number -> (complete, total built)
    open_findings: int = 0  # gaps the worksheets found that are still open
    blockers: int = 0  # of which block launch
    gate: str = ""  # the launch gate in a few words: "Launch gate: Not yet (9 blockers)"
    next_review: date | None = None  # six months after the last six-month review (or after the launch)


# ----------------------------------------------------------------------------------------------
# typed access

def load_doc(store: Store, plan_id: str, kind: str, key: str = "") -> Loaded:
    model = registry.doc_models()[kind]
    stored = store.load(plan_id, kind, key)
    if stored is None:
        return Loaded(model(), 0)
    return Loaded(model.model_validate(stored.data), stored.version, stored.saved_at, stored.saved_by)


def save_doc(store: Store, plan_id: str, doc: WorksheetDoc, expected_version: int, author: str,
             comment: str = "", key: str = "", view=None) -> StoredDocument:
    """Validate again (the document may have been built field by field) and compare-and-swap save.

    With the plan ``view`` the page read, the same transaction records which findings this save opened or
    closed (a fix, and a relapse later, are both remembered, so the action plan can offer a gap again).
    """
    data = doc.model_dump(mode="json")
    type(doc).model_validate(data)
    if view is None:
        return store.save(plan_id, doc.KIND, data, expected_version, author, comment, key=key)
    after = {f.id for f in view.with_doc(doc, key).findings()}
    before = store.open_finding_ids(plan_id)
    with store.unit_of_work() as uow:
        saved = uow.save(plan_id, doc.KIND, data, expected_version, author, comment, key=key)
        uow.record_findings(plan_id, sorted(after), sorted(before - after), author)
    return saved


def sync_findings(store: Store, plan_id: str, author: str) -> None:
    """Record the findings that opened or closed since the log last changed (after a restore, say)."""
    from planning.view import load_view  # the view builds on this module

    after = {f.id for f in load_view(store, plan_id).findings()}
    before = store.open_finding_ids(plan_id)
    with store.unit_of_work() as uow:
        uow.record_findings(plan_id, sorted(after - before), sorted(before - after), author)


def load_meta(store: Store, plan_id: str) -> tuple[PlanMeta, PlanRow]:
    row = store.get_plan(plan_id)
    return PlanMeta.model_validate(row.meta), row


def save_meta(store: Store, plan_id: str, meta: PlanMeta, expected_version: int, author: str) -> StoredDocument:
    return store.save(plan_id, PLAN_KIND, meta.model_dump(mode="json"), expected_version, author)


def create_plan(store: Store, meta: PlanMeta, author: str) -> str:
    return store.create_plan(meta.model_dump(mode="json"), author)


def duplicate_plan(store: Store, plan_id: str, meta: PlanMeta, author: str) -> str:
    """Start a new site from an existing plan: every worksheet's latest content, new history."""
    docs = {(k, key) if key else k: d.data for (k, key), d in store.load_all_keyed(plan_id).items() if k != PLAN_KIND}
    return store.create_plan(meta.model_dump(mode="json"), author, docs, comment=f"copied from plan {plan_id}")


# ----------------------------------------------------------------------------------------------
# progress

def step_progress(progress: dict[str, str]) -> dict[int, tuple[int, int]]:
    out = {}
    for s in registry.STEPS:
        built = [w for w in s.worksheets if w.built]
        out[s.number] = (sum(1 for w in built if progress.get(w.kind) == registry.COMPLETE), len(built))
    return out


def summaries(store: Store, include_archived: bool = False) -> list[PlanSummary]:
    """Every plan for Home: details, progress per step and how many findings are open (one read per plan)."""
    from planning.view import load_view  # the view builds on this module
    from worksheets import review

    out = []
    for row in store.list_plans(include_archived):
        view = load_view(store, row.id)
        found = view.findings()
        out.append(PlanSummary(row, view.meta, step_progress(view.progress()), len(found),
                               sum(1 for f in found if f.severity == "blocker"),
                               gate_text(launch_gate.evaluate(view, found=found)),
                               review.next_review_due(view.doc(review.KIND), view.meta.target_launch,
                                                      review.started_on(view))))
    return out


def gate_text(gate: "launch_gate.Gate") -> str:
    """'Launch gate: Not yet (9 blockers)', 'Launch gate: Go', 'Launch gate: Go (override)'."""
    n = len(gate.uncovered)
    return f"Launch gate: {gate.label}" + (f" ({n} blocker{'s' if n != 1 else ''})" if not gate.go else "")


# ----------------------------------------------------------------------------------------------
# the plan chooser: telling plans apart

def _started(iso: str) -> str:
    """'2026-11-25T10:40:25+00:00' -> '25 Nov 2026, 10:40 UTC'."""
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M UTC").lstrip("0")
    except ValueError:
        return iso


def chooser_labels(summaries: list[PlanSummary]) -> dict[str, str]:
    """How the plan chooser names each plan (by plan id): "name · clinic · site", and where two plans would read
    the same (a second copy of the example, a copy imported twice), "name (started 25 Nov 2026, 16:08 UTC) · …",
    the moment each was started here, right after the name so it stays in view when a long label is cut (with
    "copy 2", "copy 3" for copies started in the same minute, oldest first)."""
    def base(s: PlanSummary) -> tuple[str, ...]:
        return (s.meta.name, s.meta.clinic) + ((s.meta.site,) if s.meta.site else ())

    groups: dict[tuple[str, ...], list[PlanSummary]] = {}
    for s in summaries:
        groups.setdefault(tuple(p.casefold() for p in base(s)), []).append(s)
    out = {}
    for group in groups.values():
        group.sort(key=lambda s: (s.row.created_at, s.row.id))
        minutes = [_started(s.row.created_at) for s in group]
        for n, (s, started) in enumerate(zip(group, minutes), start=1):
            name, *rest = base(s)
            if len(group) > 1:
                same_minute = minutes.count(started) > 1
                name += f" (started {started}" + (f", copy {n})" if same_minute else ")")
            out[s.row.id] = " · ".join([name, *rest]) + (" (archived)" if s.row.archived else "")
    return {s.row.id: out[s.row.id] for s in summaries}


def imported_copy_name(name: str, clinic: str, existing: list[tuple[str, str]], on: date) -> str:
    """The name a plan gets when it is imported: its own, unless a plan of that name for that clinic is here
    already (`existing`: (name, clinic) of every plan, archived ones too); then "<name> (imported 25 Nov 2026)",
    shortened to fit a plan name's 120 characters."""
    taken = {(n.casefold(), c.casefold()) for n, c in existing}
    if (name.casefold(), clinic.casefold()) not in taken:
        return name
    limit = next(m.max_length for m in PlanMeta.model_fields["name"].metadata if hasattr(m, "max_length"))
    day = on.strftime("%d %b %Y").lstrip("0")
    for n in range(1, 100):
        tail = f" (imported {day})" if n == 1 else f" (imported {day}, copy {n})"
        candidate = name[:limit - len(tail)].rstrip() + tail
        if (candidate.casefold(), clinic.casefold()) not in taken:
            return candidate
    return candidate


# ----------------------------------------------------------------------------------------------
# export / import

def _export_model() -> type[BaseModel]:
    per_member = {w.kind for w in registry.built_worksheets() if w.per_member}
    # a one-per-member worksheet is a map of person id (as on the roster: 1 to 40 characters) -> that person's document
    person_id = Annotated[str, StringConstraints(min_length=1, max_length=40)]
    fields: dict[str, Any] = {
        kind: ((dict[person_id, model] if kind in per_member else model) | None, Field(default=None, title=model.TITLE))
        for kind, model in registry.doc_models().items()
    }
    documents = create_model("PlanDocuments", __config__=ConfigDict(extra="forbid"), **fields)
    milestone = create_model(
        "MilestoneExport",
        __config__=ConfigDict(extra="forbid", title="milestone"),
        __validators__={"_when": field_validator("created_at")(_moment)},
        name=(Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)],
              Field(title="milestone name")),
        created_at=(str, Field(title="made at")),
        created_by=(Annotated[str, StringConstraints(max_length=200)], Field(default="", title="made by")),
        plan=(PlanMeta, Field(title=PlanMeta.TITLE)),
        documents=(documents, Field(default_factory=documents, title="worksheets")),
    )
    return create_model(
        "PlanExport",
        __config__=ConfigDict(extra="forbid", title="Collaborative Care Implementation Workbook plan"),
        format=(Literal[EXPORT_FORMAT], Field(title="file type")),
        format_version=(Literal[READABLE_FORMATS], Field(title="file format version")),
        exported_at=(str, Field(default="", title="exported at")),
        plan=(PlanMeta, Field(title=PlanMeta.TITLE)),
        documents=(documents, Field(default_factory=documents, title="worksheets")),
        milestones=(list[milestone], Field(default_factory=list, title="milestones")),
    )


def _moment(value: str) -> str:
    """A milestone's date and time as the store keeps it (UTC); not in the future."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError("write the date and time a milestone was made like 2026-11-25T09:00:00+00:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    if moment > datetime.now(timezone.utc):
        raise ValueError("a milestone cannot be made in the future")
    return moment.isoformat(timespec="seconds")


PlanExport = _export_model()


def export_schema() -> dict[str, Any]:
    return PlanExport.model_json_schema()


def _packed(stored: Mapping[tuple[str, str], StoredDocument]) -> dict[str, Any]:
    """Documents as a plan file holds them: by kind, one-per-member worksheets as a map of person id -> document."""
    docs: dict[str, Any] = {}
    per_member = {w.kind for w in registry.built_worksheets() if w.per_member}
    for (kind, key), d in sorted(stored.items()):
        if kind not in registry.doc_models():
            continue
        if kind in per_member:
            docs.setdefault(kind, {})[key] = d.data
        elif key == "":
            docs[kind] = d.data
    return docs


def _unpacked(documents: BaseModel) -> dict[Any, dict]:
    docs: dict[Any, dict] = {}
    for kind in registry.doc_models():
        d = getattr(documents, kind)
        if isinstance(d, dict):  # one document per team member
            for key, member_doc in d.items():
                docs[(kind, key)] = member_doc.model_dump(mode="json")
        elif d is not None:
            docs[kind] = d.model_dump(mode="json")
    return docs


def export_plan(store: Store, plan_id: str) -> bytes:
    """The plan as one JSON file: its details, every worksheet, and its milestones (oldest first) with what each
    one froze, so an imported plan can still be compared with its baseline."""
    meta, _ = load_meta(store, plan_id)
    docs = _packed(store.load_all_keyed(plan_id))
    frozen = []
    for m in reversed(store.list_milestones(plan_id)):
        snap = store.load_snapshot(plan_id, m.id)
        frozen.append({"name": m.name, "created_at": m.created_at, "created_by": m.created_by,
                       "plan": snap.row.meta, "documents": _packed(snap.documents)})
    payload = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "plan": meta.model_dump(mode="json"),
        "documents": docs,
        "milestones": frozen,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


class ImportProblem(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def humanize(error: ValidationError, root: type[BaseModel]) -> list[str]:
    """Turn pydantic errors into lines like 'Readiness checklist, item B2, rating: ...' (worksheets.fields owns
    the wording; a plan file's worksheets are named by their own titles)."""
    if root is PlanExport:
        return _humanize(error, root, quiet=("documents",), start="The file")
    return _humanize(error, root)


def parse_import(raw: bytes) -> BaseModel:
    """Validate a whole plan file. Raises ImportProblem listing every error in plain words."""
    text = uploads.check_import(raw)  # size, and by its bytes UTF-8 text that may be JSON (planning.uploads)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem([f"This file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
                             "Choose a plan file exported from this workbook."])
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportProblem(["This JSON file is not a workbook plan (it lacks \"format\": "
                             f"\"{EXPORT_FORMAT}\"). Choose a plan file exported from this workbook."])
    if "format_version" in data:  # a missing one is reported with the other problems below
        version = data["format_version"]
        whole = isinstance(version, int) and not isinstance(version, bool)
        if whole and version > EXPORT_FORMAT_VERSION:
            raise ImportProblem([f"This file was made by a newer version of the workbook (plan file format "
                                 f"{version}; this workbook reads format {EXPORT_FORMAT_VERSION}). Update the "
                                 "workbook to import it."])
        if not whole or version not in READABLE_FORMATS:
            raise ImportProblem([f"This file's format version ({json.dumps(version)}) is not one this workbook "
                                 f"knows (it reads format {EXPORT_FORMAT_VERSION}). Choose a plan file exported "
                                 "from this workbook."])
    try:
        return PlanExport.model_validate(data)
    except ValidationError as exc:
        raise ImportProblem(humanize(exc, PlanExport)) from None


def import_plan(store: Store, raw: bytes, author: str, rename: str | None = None) -> str:
    """All or nothing: validate everything first, then create the plan in one transaction."""
    parsed = parse_import(raw)
    meta: PlanMeta = parsed.plan
    if rename:
        meta = meta.model_copy(update={"name": rename})
    frozen = [ImportedMilestone(m.name, m.created_at, m.created_by or "unknown", m.plan.model_dump(mode="json"),
                                _unpacked(m.documents))
              for m in sorted(parsed.milestones, key=lambda m: m.created_at)]
    names = [" ".join(m.name.split()).casefold() for m in frozen]
    if len(set(names)) != len(names):
        raise ImportProblem(["Two milestones in this file have the same name; a plan's milestones need different "
                             "names. Rename one in the file, then import it again."])
    return store.create_plan(meta.model_dump(mode="json"), author, _unpacked(parsed.documents), comment="imported",
                             milestones_data=frozen)


def open_example(store: Store, author: str) -> str:
    """Load the fictional example clinic as a new plan."""
    return import_plan(store, EXAMPLE_PATH.read_bytes(), author)
