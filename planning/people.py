"""The plan's roster, for every worksheet that assigns people (owners, backups, trainees)."""
from __future__ import annotations

from planning.storage import Store
from worksheets.team import TeamDoc


def roster(store: Store, plan_id: str) -> TeamDoc:
    """The saved implementation team of a plan; an empty team when nothing has been saved yet."""
    stored = store.load(plan_id, TeamDoc.KIND)
    if stored is None:
        return TeamDoc()
    return TeamDoc.model_validate(stored.data)
