"""Worksheet pages: the working copy, saving with compare-and-swap, conflicts and history."""
from __future__ import annotations

from typing import Callable

import streamlit as st
from pydantic import ValidationError

from pages.ui.engine import store
from pages.ui.identity import author
from pages.ui.nav import arrived, require_plan
from pages.ui.text import cell_text, md, when
from planning import plans, registry
from planning.storage import StaleSave
from worksheets.base import WorksheetDoc


def worksheet_header(spec: registry.WorksheetSpec) -> tuple[str, plans.PlanMeta]:
    pid, meta = require_plan()
    step = registry.step_of(spec.kind)
    st.caption(f"{step.label} · {md(meta.name)}")
    st.title(spec.title)
    st.write(spec.holds)
    return pid, meta


ROW_HEIGHT = 76  # editor rows taller than 4rem make Streamlit wrap long text instead of cutting it off


def open_worksheet(spec: registry.WorksheetSpec, caption: str = "") -> tuple[str, plans.PlanMeta, plans.Loaded]:
    """The top of every worksheet page: header, the working copy, who saved last, notices, conflicts."""
    pid, meta = worksheet_header(spec)
    loaded = working_copy(pid, spec.kind)
    if caption:
        st.caption(caption)
    if loaded.version:
        st.caption(f"Last saved by {md(loaded.saved_by)} on {when(loaded.saved_at)} (version {loaded.version}).")
    saved_notice(spec.kind)
    conflict_panel(pid, spec.kind, spec.doc)
    return pid, meta, loaded


def validated(model: type[WorksheetDoc], data: dict, where=None) -> WorksheetDoc | None:
    """The document, or None after listing every problem in plain words (nothing is saved)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        (where or st).error("**Not saved.** Please fix:\n\n"
                            + "\n".join(f"- {md(line)}" for line in plans.humanize(exc, model)))
        return None


def checklist_responses(rows, rating: str = "rating") -> dict[str, dict]:
    """Checklist editor rows -> {item id: {rating, note}}, leaving out untouched items."""
    out = {}
    for row in rows:
        value = cell_text(row.get(rating)) or None
        note = cell_text(row.get("note"))
        if value or note:
            out[row["id"]] = {"rating": value, "note": note}
    return out


def editor_key(kind: str) -> str:
    """Key of a worksheet's editor; bumped after a save or reload so it rebuilds from the document."""
    n = st.session_state.get(f"_gen_{kind}", 0)
    return f"{kind}_editor_{n}"


def bump_editor(kind: str) -> None:
    st.session_state[f"_gen_{kind}"] = st.session_state.get(f"_gen_{kind}", 0) + 1


def working_copy(pid: str, kind: str) -> plans.Loaded:
    """The document this user is editing, and the version it was opened at.

    A save compares against that version, so a save someone else made in the meantime is caught
    instead of overwritten. The copy is refreshed when the user arrives on the page, after their own
    save, and when they choose to load a newer version; never silently in the middle of an edit
    (a form submit must not swap the document under what the user typed).
    """
    latest = plans.load_doc(store(), pid, kind)
    slot = f"_snap_{kind}"
    snap = st.session_state.get(slot)
    if snap and snap["pid"] == pid and snap["key"] == editor_key(kind) and not arrived():
        mine: plans.Loaded = snap["loaded"]
        if mine.version != latest.version:
            with st.container(border=True):
                st.info(f"{md(latest.saved_by)} saved a newer version of this worksheet at {when(latest.saved_at)} "
                        "(version " + str(latest.version) + ") while you had it open. You are still looking at "
                        f"version {mine.version}. If you save, you will be asked which to keep.",
                        icon=":material/group:")
                if st.button("Load the newer version (drops changes not saved yet)", key=f"load_newer_{kind}"):
                    bump_editor(kind)
                    st.session_state[slot] = {"pid": pid, "key": editor_key(kind), "loaded": latest}
                    st.rerun()
        return mine
    st.session_state[slot] = {"pid": pid, "key": editor_key(kind), "loaded": latest}
    return latest


def save(pid: str, doc: WorksheetDoc, loaded_version: int, *, force: bool = False) -> bool:
    """Compare-and-swap save with a visible outcome. Returns True when saved.

    On a stale save nothing is written: the page reruns with the user's input still in its widgets
    and the conflict panel (drawn by the page near its top) offers reload or overwrite.
    """
    who = author()
    if not who:
        st.error("Enter your name in the sidebar before saving, so the team knows who made this change. "
                 "Nothing was lost: your entries are still here.")
        return False
    kind = doc.KIND
    s = store()
    expected = loaded_version
    if force:
        current = s.load(pid, kind)
        expected = current.version if current else 0
    try:
        saved = plans.save_doc(s, pid, doc, expected, who)
    except StaleSave as exc:
        st.session_state[f"_conflict_{kind}"] = {
            "doc": doc.model_dump(mode="json"),
            "by": exc.current.saved_by if exc.current else "",
            "at": exc.current.saved_at if exc.current else "",
            "version": exc.current.version if exc.current else 0,
        }
        st.rerun()  # the conflict panel is drawn at the top of the page; widget input is kept
        return False
    st.session_state.pop(f"_conflict_{kind}", None)
    st.session_state[f"_saved_{kind}"] = f"Saved as version {saved.version} by {saved.saved_by} at {when(saved.saved_at)}."
    bump_editor(kind)
    return True


def conflict_panel(pid: str, kind: str, model: type[WorksheetDoc]) -> None:
    """Shown when someone else saved first: who and when, then reload or overwrite."""
    c = st.session_state.get(f"_conflict_{kind}")
    if not c:
        return
    with st.container(border=True):
        st.error(f"**Not saved.** {md(c['by'])} saved this worksheet at {when(c['at'])} (version {c['version']}), "
                 "after you opened it. Your entries are still on screen. Choose what to do:")
        a, b = st.columns(2)
        if a.button("Reload their version (discard my changes)", key=f"reload_{kind}", width="stretch"):
            st.session_state.pop(f"_conflict_{kind}", None)
            bump_editor(kind)
            st.rerun()
        if b.button("Overwrite with my version", key=f"overwrite_{kind}", type="primary", width="stretch"):
            mine = model.model_validate(c["doc"])
            if save(pid, mine, c["version"], force=True):
                st.rerun()


def saved_notice(kind: str) -> None:
    msg = st.session_state.pop(f"_saved_{kind}", None)
    if msg:
        st.success(md(msg), icon=":material/check_circle:")


def history(pid: str, kind: str, model: type[WorksheetDoc], current_version: int,
            describe: Callable[[WorksheetDoc], str]) -> None:
    """Revision list with restore; restoring makes a new revision, nothing is rewritten."""
    revs = store().history(pid, kind)
    with st.expander(f"History ({len(revs)} saved version{'s' if len(revs) != 1 else ''})", icon=":material/history:"):
        if not revs:
            st.caption("Nothing saved yet.")
            return
        rows = [{"Version": r.version, "Saved": when(r.saved_at), "By": r.saved_by,
                 "Summary": describe(model.model_validate(r.data)), "Comment": r.comment} for r in revs]
        st.dataframe(rows, hide_index=True, width="stretch")
        options = [r.version for r in revs if r.version != current_version]
        if not options:
            return
        c1, c2 = st.columns([2, 1])
        pick = c1.selectbox("Version to restore", options, key=f"restore_pick_{kind}",
                            help="Restoring copies that version's content into a new version. History is kept.")
        if c2.button("Restore this version", key=f"restore_{kind}", width="stretch"):
            if not author():
                st.error("Enter your name in the sidebar before restoring.")
                return
            try:
                store().restore(pid, kind, int(pick), current_version, author())
            except StaleSave as exc:
                st.error(f"Not restored: {md(exc.current.saved_by if exc.current else '')} saved a newer version "
                         "a moment ago. Reload the page and try again.")
                return
            st.session_state[f"_saved_{kind}"] = f"Version {pick} restored as a new version."
            bump_editor(kind)
            st.rerun()
