"""Worksheet pages: the working copy, saving with compare-and-swap, conflicts and history."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Callable, Sequence

import streamlit as st
from pydantic import ValidationError

from pages.ui.access import VIEW_ONLY, VIEW_ONLY_HELP, read_only, view_only_notice
from pages.ui.engine import store
from pages.ui.identity import author
from pages.ui.nav import arrived, current_plan_id, require_plan
from pages.ui.text import md, when
from planning import access, merge, plans, registry
from planning.storage import StaleSave, StoredDocument
from planning.view import PlanView, load_view
from worksheets.base import WorksheetDoc


def slot(kind: str, key: str = "") -> str:
    """The name under which a page keeps one document's UI state (working copy, editor generation, outcome,
    conflict). One-per-member worksheets hold a document per person, so the key is part of it."""
    return f"{kind}/{key}" if key else kind


def worksheet_header(spec: registry.WorksheetSpec) -> tuple[str, plans.PlanMeta]:
    pid, meta = require_plan()
    step = registry.step_of(spec.kind)
    st.caption(f"{step.label} · {md(meta.name)}")
    st.title(spec.title)
    st.write(spec.holds)
    view_only_notice(pid)
    return pid, meta


def plan_view() -> PlanView:
    """The plan as this page run read it (once): details, every document, the roster."""
    view = st.session_state.get("_plan_view")
    pid = current_plan_id()
    if view is None or view.plan_id != pid:
        view = load_view(store(), pid)
        st.session_state["_plan_view"] = view
    return view


def read_plan(pid: str) -> PlanView:
    """Read the plan once for this page run; later calls in the run use plan_view()."""
    view = load_view(store(), pid)
    st.session_state["_plan_view"] = view
    return view


def findings_opened_at(pid: str) -> dict:
    """When each finding last opened (from the findings log), so a fixed gap that came back is offered again."""
    out: dict = {}
    for e in store().finding_events(pid):
        if e.event == "opened":
            at = datetime.fromisoformat(e.at) if isinstance(e.at, str) else e.at
            out[e.finding_id] = max(out.get(e.finding_id, at), at)
    return out


def open_worksheet(spec: registry.WorksheetSpec, caption: str = "") -> tuple[str, plans.PlanMeta, plans.Loaded]:
    """The top of every worksheet page: header, the working copy, who saved last, notices, conflicts."""
    pid, meta = worksheet_header(spec)
    read_plan(pid)
    if caption:
        st.caption(caption)
    return pid, meta, open_document(pid, spec, "") if not spec.per_member else plans.Loaded(spec.doc(), 0)


def open_document(pid: str, spec: registry.WorksheetSpec, key: str = "") -> plans.Loaded:
    """One document of the page (a member's sheet on a one-per-member worksheet): the working copy, who saved
    it last, the last save's outcome."""
    loaded = working_copy(pid, spec.kind, key)
    if loaded.version:
        st.caption(f"Last saved by {md(loaded.saved_by)} on {when(loaded.saved_at)} (version {loaded.version}).")
    saved_notice(spec.kind, key)
    st.session_state["_conflict_pid"] = pid
    return loaded


def not_saved(lines: Sequence[str], where=None) -> None:
    """The one "Not saved" message: every problem in plain words, escaped (they quote what was typed)."""
    (where or st).error("**Not saved.** Your entries are still here. Please fix:\n\n"
                        + "\n".join(f"- {md(line)}" for line in lines), icon=":material/error:")


def validated(model: type[WorksheetDoc], data: dict, where=None) -> WorksheetDoc | None:
    """The document, or None after listing every problem in plain words (nothing is saved)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        not_saved([f"{model.TITLE}, {line}" if model.TITLE else line for line in plans.humanize(exc, model)], where)
        return None


def save_part(pid: str, loaded: plans.Loaded, part: dict, *, where: str,
              problems: Callable[[WorksheetDoc], list[str]] | None = None) -> None:
    """A page whose forms each edit one part of the document: replace that part of the document the page opened,
    validate the whole, run the page's own checks (``problems``: lines in plain words, e.g. an owner who left the
    team), save with compare-and-swap, and rerun when saved. Any problem is said once, nothing is saved."""
    data = loaded.doc.model_dump(mode="json")
    data.update(part)
    new_doc = validated(type(loaded.doc), data)
    if new_doc is None:
        return
    issues = problems(new_doc) if problems else []
    if issues:
        not_saved(issues)
    elif save(pid, new_doc, loaded.version, where=where):
        st.rerun()


def form_save_button(label: str) -> bool:
    """A form's Save button with the reminder that only Save keeps changes. For a viewer (behind sign-in) the
    form's button says "View only" and cannot be pressed; the store refuses their save anyway."""
    if read_only():
        return st.form_submit_button(VIEW_ONLY, icon=":material/visibility:", disabled=True, help=VIEW_ONLY_HELP)
    st.caption(UNSAVED_HINT)
    return st.form_submit_button(label, type="primary", icon=":material/save:")


def refused(name: str, where: str, exc: access.Forbidden) -> None:
    """The store refused a write the person's role does not allow: say why where they pressed; nothing written."""
    _set_outcome(name, where, "error", f"Not saved: {exc} Your entries are still here.")


def editor_key(kind: str, key: str = "") -> str:
    """Key of a worksheet's editor; bumped after a save or reload so it rebuilds from the document."""
    n = st.session_state.get(f"_gen_{slot(kind, key)}", 0)
    return f"{kind}_{key}_editor_{n}" if key else f"{kind}_editor_{n}"


def bump_editor(kind: str, key: str = "") -> None:
    name = f"_gen_{slot(kind, key)}"
    st.session_state[name] = st.session_state.get(name, 0) + 1


def working_copy(pid: str, kind: str, key: str = "") -> plans.Loaded:
    """The document this user is editing, and the version it was opened at.

    A save compares against that version, so a save someone else made in the meantime is caught
    instead of overwritten. The copy is refreshed when the user arrives on the page, after their own
    save, and when they choose to load a newer version; never silently in the middle of an edit
    (a form submit must not swap the document under what the user typed).
    """
    latest = plan_view().loaded(kind, key)
    snap_name = f"_snap_{slot(kind, key)}"
    snap = st.session_state.get(snap_name)
    if snap and snap["pid"] == pid and snap["key"] == editor_key(kind, key) and not arrived():
        mine: plans.Loaded = snap["loaded"]
        if mine.version != latest.version:
            with st.container(border=True):
                st.info(f"{md(latest.saved_by)} saved a newer version of this worksheet at {when(latest.saved_at)} "
                        "(version " + str(latest.version) + ") while you had it open. You are still looking at "
                        f"version {mine.version}. If you save, you will be asked which to keep.",
                        icon=":material/group:")
                if st.button("Load the newer version (drops changes not saved yet)",
                             key=f"load_newer_{slot(kind, key)}"):
                    bump_editor(kind, key)
                    st.session_state[snap_name] = {"pid": pid, "key": editor_key(kind, key), "loaded": latest}
                    st.rerun()
        return mine
    st.session_state[snap_name] = {"pid": pid, "key": editor_key(kind, key), "loaded": latest}
    return latest


UNSAVED_HINT = ("Changes on this page are kept only when you press Save. Leaving the page, or opening another "
                "one, drops what was not saved.")


def save(pid: str, doc: WorksheetDoc, loaded_version: int, *, where: str = "", key: str = "") -> bool:
    """Compare-and-swap save with a visible outcome. Returns True when saved (the page then reruns).

    ``where`` names the place of the Save button that was pressed; the outcome (saved, nothing changed,
    or someone else saved first) is shown there by :func:`outcome`, as a toast, and at the top of the page.
    Nothing is written when nothing changed or when someone else saved first; the user's input stays in
    its widgets.
    """
    who = author()
    kind, name = doc.KIND, slot(doc.KIND, key)
    if not who:
        _set_outcome(name, where, "error", "Not saved: enter your name at the top of the sidebar first, so the "
                                           "team knows who made this change. Your entries are still here.")
        st.rerun()
    s = store()
    expected = loaded_version
    current = s.load(pid, kind, key)
    data = doc.model_dump(mode="json")
    if current is not None and current.data == data:
        _set_outcome(name, where, "info", f"Nothing changed since version {current.version}, so nothing was saved.")
        st.rerun()
    try:
        saved = plans.save_doc(s, pid, doc, expected, who, key=key, view=plan_view())
    except StaleSave as exc:
        return _combine(pid, doc, expected, exc.current, where, key)
    except access.Forbidden as exc:
        refused(name, where, exc)
        st.rerun()
    st.session_state.pop(f"_conflict_{name}", None)
    _set_outcome(name, where, "success",
                 f"Saved as version {saved.version} by {saved.saved_by} at {when(saved.saved_at)}.")
    bump_editor(kind, key)
    return True


def _combine(pid: str, doc: WorksheetDoc, expected: int, theirs: StoredDocument | None, where: str,
             key: str = "") -> bool:
    """Someone saved after this user opened the worksheet: keep both sets of changes where they do not
    overlap (saved at once, no question asked); otherwise ask only about the parts both changed."""
    model, kind, s = type(doc), doc.KIND, store()
    name = slot(kind, key)
    base = s.revision(pid, kind, expected, key).data if expected else model().model_dump(mode="json")
    their_data = theirs.data if theirs else model().model_dump(mode="json")
    mine = doc.model_dump(mode="json")
    result = merge.three_way(base, their_data, mine)
    if result.clean and result.merged == their_data:
        _set_outcome(name, where, "info", f"Nothing to save: you changed nothing, and {theirs.saved_by if theirs else ''} "
                                          f"has saved version {theirs.version if theirs else 0} since you opened "
                                          "this page. Use the button at the top to load it.")
        st.rerun()
    conflict = {"base": base, "theirs": their_data, "mine": mine, "where": where, "problems": [],
                "by": theirs.saved_by if theirs else "", "at": theirs.saved_at if theirs else "",
                "version": theirs.version if theirs else 0, "key": key}
    if result.clean:
        try:
            combined = model.model_validate(result.merged)
        except ValidationError as exc:
            # each change is fine alone but not together (say, two new payer rows pushing the mix past 100%)
            conflict["problems"] = [f"{model.TITLE}, {line}" for line in plans.humanize(exc, model)]
        else:
            try:
                saved = plans.save_doc(s, pid, combined, conflict["version"], author(), key=key, view=plan_view())
            except StaleSave as again:  # a third save in between: start over against it
                return _combine(pid, doc, expected, again.current, where, key)
            except access.Forbidden as exc:
                refused(name, where, exc)
                st.rerun()
            theirs_words = _parts(model, result.theirs_changed, conflict)
            st.session_state.pop(f"_conflict_{name}", None)
            _set_outcome(name, where, "success",
                         f"Saved as version {saved.version}. {conflict['by']} saved version {conflict['version']} "
                         f"while you were editing; both sets of changes are kept (theirs: {theirs_words}).")
            bump_editor(kind, key)
            return True
    st.session_state[f"_conflict_{name}"] = conflict
    _set_outcome(name, where, "error", "Not saved yet: someone else saved this worksheet after you opened it. "
                                       "Your entries are still on screen; choose below what to keep.")
    st.rerun()


def _parts(model: type[WorksheetDoc], paths: list, c: dict, most: int = 6) -> str:
    words = [merge.label(model, p, c["base"], c["theirs"], c["mine"]) for p in paths]
    return "; ".join(words[:most]) + (f"; and {len(words) - most} more" if len(words) > most else "")


def apply_change(pid: str, kind: str, change: Callable[[WorksheetDoc], WorksheetDoc], *, where: str,
                 done: str, attempts: int = 3) -> bool:
    """Apply one small change (accept a suggestion, dismiss one) to the LATEST saved document and save it.

    Such a change does not depend on what the user sees, so it is applied again on top of a colleague's
    newer save instead of asking: accepting the same suggestion in two browsers makes one action.
    """
    who = author()
    if not who:
        _set_outcome(kind, where, "error", "Not saved: enter your name at the top of the sidebar first, so the "
                                           "team knows who made this change.")
        st.rerun()
    s = store()
    for _ in range(attempts):
        latest = plans.load_doc(s, pid, kind)
        new = change(latest.doc)
        if new.model_dump(mode="json") == latest.doc.model_dump(mode="json"):
            _set_outcome(kind, where, "info", f"{done} (it already was).")
            return True
        try:
            saved = plans.save_doc(s, pid, new, latest.version, who, view=plan_view())
        except StaleSave:
            continue
        except access.Forbidden as exc:
            refused(kind, where, exc)
            return False
        _set_outcome(kind, where, "success", f"{done} Saved as version {saved.version}.")
        bump_editor(kind)
        return True
    _set_outcome(kind, where, "error", "Not saved: the worksheet is being changed by several people right now. "
                                       "Try again in a moment.")
    return False


def send_to_action_plan(pid: str, finding, *, where: str, done: str) -> bool:
    """A decision's finding accepted into the action plan exactly as the inbox accepts it: the draft the inbox would
    offer (its owner and due date come from the decision), made an action on the latest action plan."""
    from worksheets import action_plan as ap

    view = plan_view()
    step_of = {w.kind: s.number for s in registry.STEPS for w in s.worksheets}
    fields = ap.draft(finding, view.roster, view.meta.target_launch, date.today(), step_of).fields
    at = datetime.now(timezone.utc)
    return apply_change(pid, ap.ActionPlanDoc.KIND,
                        lambda latest: ap.accept(latest, finding, fields, author(), at), where=where, done=done)


def _set_outcome(kind: str, where: str, level: str, text: str) -> None:
    st.session_state[f"_outcome_{kind}"] = {"where": where, "level": level, "text": text}


def _show(box, level: str, text: str) -> None:
    icons = {"success": ":material/check_circle:", "info": ":material/info:", "error": ":material/error:"}
    getattr(box, level)(md(text), icon=icons[level])


def outcome(kind: str, where: str = "", key: str = "") -> None:
    """Show the last save's outcome here, next to the Save button named ``where``.

    Call it right after that button. The same message is shown at the top of the page and as a toast.
    """
    name = slot(kind, key)
    o = st.session_state.get(f"_outcome_now_{name}")
    if o and o["where"] == where:
        _show(st, o["level"], o["text"])
    c = st.session_state.get(f"_conflict_{name}")
    if c and c.get("where", "") == where:
        conflict_panel(st.session_state["_conflict_pid"], kind, registry.worksheet(kind).doc, key)


def conflict_panel(pid: str, kind: str, model: type[WorksheetDoc], key: str = "") -> None:
    """Someone else saved first and some parts were changed by both: show both sides, ask only about those."""
    name = slot(kind, key)
    c = st.session_state.get(f"_conflict_{name}")
    if not c:
        return
    result = merge.three_way(c["base"], c["theirs"], c["mine"])
    with st.container(border=True):
        st.error(f"**Not saved yet.** {md(c['by'])} saved this worksheet at {when(c['at'])} (version "
                 f"{c['version']}) after you opened it. Your entries are still on screen.",
                 icon=":material/group:")
        left, right = st.columns(2)
        with left:
            st.markdown(f"**What {md(c['by'])} changed**")
            st.markdown(_bullets(model, result.theirs_changed + [x.path for x in result.conflicts], c))
        with right:
            st.markdown("**What you changed**")
            st.markdown(_bullets(model, result.mine_changed + [x.path for x in result.conflicts], c))
        choices: dict[str, merge.Side] = {}
        if c["problems"]:
            st.warning("Both sets of changes cannot be kept together:\n\n"
                       + "\n".join(f"- {md(line)}" for line in c["problems"]))
        if result.conflicts:
            st.markdown(f"**You both changed {len(result.conflicts)} "
                        f"{'item' if len(result.conflicts) == 1 else 'items'}. Choose which to keep:**")
            for x in result.conflicts:
                where = merge.label(model, x.path, c["base"], c["theirs"], c["mine"])
                pick = st.radio(
                    where, ["theirs", "mine"], horizontal=True, key=f"_pick_{name}_{merge.key_of(x.path)}",
                    format_func=lambda side, x=x: (f"Theirs: {merge.shown(x.theirs)}" if side == "theirs"
                                                   else f"Mine: {merge.shown(x.mine)}"),
                    help=f"Before either change: {merge.shown(x.base)}")
                choices[merge.key_of(x.path)] = pick
        a, b = st.columns(2)
        if a.button("Save with these choices" if result.conflicts else "Save my version over theirs",
                    key=f"resolve_{name}", type="primary", width="stretch"):
            chosen = merge.three_way(c["base"], c["theirs"], c["mine"], choices)
            data = chosen.merged if not c["problems"] else c["mine"]
            try:
                doc = model.model_validate(data)
            except ValidationError as exc:
                st.error("**Not saved.** Please fix:\n\n" + "\n".join(
                    f"- {md(line)}" for line in plans.humanize(exc, model)))
            else:
                if save(pid, doc, c["version"], where=c["where"], key=key):
                    st.rerun()
        if b.button("Discard my changes and load theirs", key=f"reload_{name}", width="stretch"):
            st.session_state.pop(f"_conflict_{name}", None)
            bump_editor(kind, key)
            st.rerun()


def _bullets(model: type[WorksheetDoc], paths: list, c: dict) -> str:
    if not paths:
        return "- nothing"
    lines = [md(merge.label(model, p, c["base"], c["theirs"], c["mine"])) for p in paths[:12]]
    more = f"\n- … and {len(paths) - 12} more" if len(paths) > 12 else ""
    return "\n".join(f"- {line}" for line in lines) + more


def saved_notice(kind: str, key: str = "") -> None:
    """The top banner and a toast for the last save's outcome; outcome() repeats it next to the button."""
    name = slot(kind, key)
    o = st.session_state.pop(f"_outcome_{name}", None)
    st.session_state[f"_outcome_now_{name}"] = o
    if o:
        _show(st, o["level"], o["text"])
        st.toast(md(o["text"]), icon=":material/check_circle:" if o["level"] == "success" else ":material/info:")


HISTORY_SHOWN = 20


def _summary(pid: str, name: str, rev, model: type[WorksheetDoc], describe: Callable[[WorksheetDoc], str]) -> str:
    """A saved version never changes, so its one-line summary is worked out once per session."""
    cache = st.session_state.setdefault("_history_summaries", {})
    key = (pid, name, rev.version)
    if key not in cache:
        cache[key] = describe(model.model_validate(rev.data))
    return cache[key]


def history(pid: str, kind: str, model: type[WorksheetDoc], current_version: int,
            describe: Callable[[WorksheetDoc], str], key: str = "") -> None:
    """Revision list with restore; restoring makes a new revision, nothing is rewritten."""
    name = slot(kind, key)
    outcome(kind, "history", key)
    count = store().revision_count(pid, kind, key)
    box = st.expander(f"History ({count} saved version{'s' if count != 1 else ''})", icon=":material/history:",
                      key=f"history_open_{name}", on_change="rerun")
    if not box.open:  # the versions are read only when someone opens the history
        return
    revs = store().history(pid, kind, key)
    with box:
        if not revs:
            st.caption("Nothing saved yet.")
            return
        shown = revs[:HISTORY_SHOWN]
        rows = [{"Version": r.version, "Saved": when(r.saved_at), "By": r.saved_by,
                 "Summary": _summary(pid, name, r, model, describe), "Comment": r.comment} for r in shown]
        st.dataframe(rows, hide_index=True, width="stretch")
        if len(revs) > len(shown):
            st.caption(f"The {len(shown)} most recent of {len(revs)} versions. Older ones can still be restored.")
        options = [r.version for r in revs if r.version != current_version]
        if not options:
            return
        c1, c2 = st.columns([2, 1])
        pick = c1.selectbox("Version to restore", options, key=f"restore_pick_{name}",
                            help="Restoring copies that version's content into a new version. History is kept.")
        if c2.button("Restore this version", key=f"restore_{name}", width="stretch", disabled=read_only(),
                     help=VIEW_ONLY_HELP if read_only() else None):
            if not author():
                st.error("Enter your name at the top of the sidebar before restoring.")
                return
            try:
                store().restore(pid, kind, int(pick), current_version, author(), key=key)
                plans.sync_findings(store(), pid, author())
            except StaleSave as exc:
                st.error(f"Not restored: {md(exc.current.saved_by if exc.current else '')} saved a newer version "
                         "a moment ago. Reload the page and try again.")
                return
            except access.Forbidden as exc:
                st.error(f"Not restored: {md(str(exc))}", icon=":material/lock:")
                return
            _set_outcome(name, "history", "success", f"Version {pick} restored as a new version.")
            bump_editor(kind, key)
            st.rerun()
