"""Expansion: the organisation a plan belongs to, and a new site, condition or population started from a plan.

- ``set_organisation`` writes the organisation on the plan's details (compare-and-swap; a colleague's edit of the
  details in between is kept). Names are tidied (outer and repeated spaces) and matched without case against the
  organisations already in use, so "Lakeside Health" and "lakeside health " are one organisation, spelled the way
  it was first written.
- ``start_from`` makes a new plan from ONE read of the parent (Store.load_snapshot): the roster always, plus the
  worksheets chosen, so a parent being edited at that moment is never half-copied. The new plan links back to its
  parent (parent_plan_id, parent_name, expansion) and inherits its organisation. The parent's expansion worksheet
  then records that the row was started, compare-and-swap: on a stale save it reads the latest and applies the
  same small change again, once, so the other person's edit is never lost.

What is copied, and why (shown on the page next to each choice):
- always: the implementation team (the roster). Other worksheets name people by their roster id, so without it
  owners and self-assessments would point at nobody.
- offered and ticked: shared vision, clinical workflow, tracking system, monitoring plan, training plan. These are
  the organisation's way of doing Collaborative Care; a new site starts from them and edits what differs, and the
  same metrics and targets keep the roll-up comparable.
- offered, not ticked: the assessments a new site makes for itself (understanding CoCM, readiness, team
  self-assessments, task summary), site-specific set-up (sustainment, administrative readiness, staffing, patient
  education and consent, relapse prevention with its phone numbers), and the action plan (its open actions only:
  done and dropped actions are this plan's history; dismissed suggestions are this plan's decisions).
- never: the metric log (figures belong to the site that measured them), the launch gate (an override covers this
  plan's blockers only; the new plan passes its own gate), the six-month reviews, planning meetings and expansion
  ideas (this plan's own records).
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from planning import plans, registry
from planning.storage import PLAN_KIND, StaleSave, Store
from planning.view import PlanView
from worksheets import expansion as ex

ROSTER = "team"
DEFAULT_COPY: tuple[str, ...] = ("shared_vision", "workflow", "tracking", "monitoring", "training")
NEVER_COPY: tuple[str, ...] = ("metric_log", "launch_gate", "review", "meetings", "expansion")
ORG_MAX = 120

WHY: dict[str, str] = {
    "team": "Always copied: other worksheets name people by their place on the roster. Add or remove people in "
            "the new plan.",
    "shared_vision": "The why, conditions, treatments and goals usually hold across the organisation; edit what "
                     "differs.",
    "workflow": "The clinical workflow that works here is the best starting point; adapt the steps that differ.",
    "tracking": "The registry decision is usually made once for the organisation.",
    "monitoring": "The same metrics and targets keep the organisation's roll-up comparable.",
    "training": "The training catalogue, and what each person has done, travel with the people.",
    "principles": "Not ticked: the new team rates its own understanding of the principles.",
    "readiness": "Not ticked: each site assesses its own readiness.",
    "self_assessment": "Not ticked: each person rates their comfort with the new site's tasks (one sheet per "
                       "person).",
    "task_summary": "Not ticked: owners and hand-offs are agreed again for the new site.",
    "sustainment": "Not ticked: payer mix, revenue and costs differ by site.",
    "admin_readiness": "Not ticked: space, agreements and billing set-up are done site by site.",
    "staffing": "Not ticked: the expected caseload differs.",
    "action_plan": "Not ticked: when copied, only open actions go; done and dropped actions stay with this plan.",
    "patient_education": "Not ticked: materials and languages may differ for a new population.",
    "relapse_prevention": "Not ticked: the approach carries over, but the contacts printed on the patient plan are "
                          "this site's phone numbers.",
    "metric_log": "Never copied: the figures belong to the site that measured them.",
    "launch_gate": "Never copied: an override covers this plan's blockers only; the new plan passes its own gate.",
    "review": "Never copied: this plan's own reviews.",
    "meetings": "Never copied: this plan's own meetings.",
    "expansion": "Never copied: this plan's own expansion ideas.",
}


def copyable() -> list[str]:
    """Worksheets that can be copied into a new plan, in workbook order (the roster is always copied)."""
    return [w.kind for w in registry.built_worksheets() if w.kind not in NEVER_COPY and w.kind != ROSTER]


def default_copy() -> list[str]:
    return [k for k in copyable() if k in DEFAULT_COPY]


def why(kind: str) -> str:
    return WHY.get(kind, "Not ticked by default.")


# ----------------------------------------------------------------------------------------------
# organisations

def tidy(name: str) -> str:
    """Outer spaces trimmed, inner runs of spaces made one."""
    return " ".join((name or "").split())


def organisations(store: Store) -> list[str]:
    """Every organisation in use (archived plans included, so an organisation is not split by accident), each
    spelled as most of its plans spell it (ties: the first in alphabetical order), sorted without case."""
    spellings: dict[str, dict[str, int]] = {}
    for row in store.list_plans(include_archived=True):
        name = tidy(str(row.meta.get("organisation", "") or ""))
        if name:
            counts = spellings.setdefault(name.casefold(), {})
            counts[name] = counts.get(name, 0) + 1
    out = [min(c, key=lambda s: (-c[s], s)) for c in spellings.values()]
    return sorted(out, key=str.casefold)


def canonical(store: Store, name: str) -> str:
    """The organisation's name as already in use, when one matches without case; else the name tidied."""
    name = tidy(name)
    return next((o for o in organisations(store) if o.casefold() == name.casefold()), name)


def set_organisation(store: Store, plan_id: str, name: str, author: str) -> str:
    """Put the plan in an organisation ("" takes it out). Returns the name as saved. Raises ValueError for a name
    that is too long. Compare-and-swap on the plan's details: if someone saved them in between, the organisation
    is set again on their version (once more at most), so their edit stays."""
    name = canonical(store, name)
    if len(name) > ORG_MAX:
        raise ValueError(f"An organisation's name can be at most {ORG_MAX} characters (this one has {len(name)}).")
    for attempt in range(2):
        meta, row = plans.load_meta(store, plan_id)
        if meta.organisation == name:
            return name
        try:
            plans.save_meta(store, plan_id, meta.model_copy(update={"organisation": name}), row.meta_version, author)
            return name
        except StaleSave:
            if attempt:
                raise
    return name  # pragma: no cover


# ----------------------------------------------------------------------------------------------
# starting a new plan from this one

class NotRecorded(Exception):
    """The new plan was made, but the parent's expansion list could not be updated (changed twice meanwhile)."""

    def __init__(self, plan_id: str):
        self.plan_id = plan_id
        super().__init__("The new plan was made and links back to this one, but this plan's expansion list was "
                         "being changed by someone else at the same moment, so its row was not marked as started. "
                         "Mark it on the Expansion page.")


@dataclass(frozen=True)
class Copied:
    kinds: tuple[str, ...]  # worksheets copied (the roster first), each once however many per-member documents
    documents: int  # documents written into the new plan, one per member for the self-assessment


def _open_actions_only(data: dict) -> dict:
    from worksheets.action_plan import ActionPlanDoc

    doc = ActionPlanDoc.model_validate(data)
    keep = [a for a in doc.actions if a.is_open]
    ids = {a.id for a in keep}
    out = ActionPlanDoc(actions=keep, accepted={k: v for k, v in doc.accepted.items() if v.action_id in ids})
    return out.model_dump(mode="json")


def copy_plan_documents(snapshot_docs: dict, kinds: list[str]) -> tuple[dict, Copied]:
    """The documents a new plan starts with: the roster and the chosen worksheets, from one read of the parent."""
    wanted = [ROSTER] + [k for k in dict.fromkeys(kinds) if k != ROSTER and k not in NEVER_COPY]
    unknown = [k for k in wanted if k not in registry.doc_models()]
    if unknown:
        raise ValueError(f"These worksheets cannot be copied: {', '.join(unknown)}")
    out: dict = {}
    copied: list[str] = []
    for kind in wanted:
        found = sorted((key, d) for (k, key), d in snapshot_docs.items() if k == kind)
        for key, d in found:
            data = _open_actions_only(d.data) if kind == "action_plan" else d.data
            out[(kind, key) if key else kind] = data
        if found:
            copied.append(kind)
    return out, Copied(tuple(copied), len(out))


def start_from(store: Store, parent_id: str, name: str, clinic: str, site: str, expansion_kind: str,
               kinds: list[str], author: str, organisation: str | None = None, idea_id: str | None = None,
               result: list | None = None) -> str:
    """Start a new plan (a new site, condition or population) from ``parent_id``; returns its id.

    One read of the parent gives everything copied. ``idea_id`` names the row of the parent's expansion list this
    starts (else a row of the same kind and name, else a new row). ``result``, when given, receives a Copied (what
    went into the new plan), for the page's message. Raises ValueError (plain words) for bad details, and
    NotRecorded when the plan was made but the parent's row could not be marked."""
    if expansion_kind not in ex.WHATS:
        raise ValueError("Choose what the new plan adds: a new site, condition or population.")
    missing = [what for what, v in (("a name for the new plan", name), ("its clinic", clinic)) if not tidy(v)]
    if missing:
        raise ValueError(f"Write {' and '.join(missing)}.")
    snap = store.load_snapshot(parent_id)
    parent = plans.PlanMeta.model_validate(snap.row.meta)
    org = parent.organisation if organisation is None else canonical(store, organisation)
    try:
        meta = plans.PlanMeta.model_validate({
            "name": tidy(name), "clinic": tidy(clinic), "site": tidy(site), "cit_lead": parent.cit_lead,
            "target_launch": None, "organisation": org, "parent_plan_id": parent_id,
            "parent_name": parent.name[:120], "expansion": expansion_kind})
    except ValidationError as exc:
        raise ValueError("; ".join(plans.humanize(exc, plans.PlanMeta))) from None
    docs_now = {k: d for k, d in snap.documents.items() if k != (PLAN_KIND, "")}
    documents, copied = copy_plan_documents(docs_now, kinds)
    new_id = store.create_plan(meta.model_dump(mode="json"), author, documents,
                               comment=f"started from plan “{parent.name}”")
    if result is not None:
        result.append(copied)
    # the parent's expansion list: from the same read first, then once more from the latest
    view = PlanView(parent_id, parent, snap.row, docs_now)
    for attempt in range(2):
        loaded = view.loaded(ex.KIND)
        new_doc = ex.mark_started(loaded.doc, expansion_kind, meta.name, new_id, meta.name,  # type: ignore[arg-type]
                                  idea_id)
        try:
            plans.save_doc(store, parent_id, new_doc, loaded.version, author,
                           comment=f"started the plan “{meta.name}”", view=view)
            return new_id
        except StaleSave:
            if attempt:
                break
            from planning.view import load_view
            view = load_view(store, parent_id)
    raise NotRecorded(new_id)


def children(store: Store, plan_id: str) -> list[tuple[str, plans.PlanMeta, bool]]:
    """Plans started from this one (plan id, details, archived), oldest first: read from the plans themselves, so
    a plan started while the parent's list could not be updated is still found."""
    rows = [r for r in store.list_plans(include_archived=True) if r.meta.get("parent_plan_id") == plan_id]
    rows.sort(key=lambda r: (r.created_at, r.id))
    return [(r.id, plans.PlanMeta.model_validate(r.meta), r.archived) for r in rows]
