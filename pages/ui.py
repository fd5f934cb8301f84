"""Widget patterns shared by every page. Pages stay thin: they call these and planning/."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Callable

import streamlit as st
from pydantic import ValidationError

from planning import plans, registry
from planning.storage import NotFound, StaleSave, Store, default_url
from worksheets.base import WorksheetDoc

HOME = "pages/home_page.py"
REPORTS = "pages/reports_page.py"
ABOUT = "pages/about_page.py"
NO_PATIENT_DATA = ("This workbook stores planning information only: never enter patient names, record "
                   "numbers or other patient details.")


def store() -> Store:
    """The one engine per process (per database URL). Never mutate what this returns."""
    return _store(default_url())


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


# ----------------------------------------------------------------------------------------------
# text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: str) -> str:
    """Escape team-entered text for st.markdown/st.caption (no HTML, no markdown tricks)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def cell_text(value) -> str:
    """A data_editor cell as text: empty cells come back as None or NaN, which mean ''."""
    return value.strip() if isinstance(value, str) else ""


def when(iso: str) -> str:
    """'2026-11-25T10:40:25+00:00' -> '25 Nov 2026, 10:40 UTC'."""
    if not iso:
        return ""
    try:
        d = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return d.strftime("%d %b %Y, %H:%M UTC").lstrip("0")


# ----------------------------------------------------------------------------------------------
# page order, plan in the URL, author

def page_order() -> list[tuple[str, str]]:
    """(file, title) in wizard order: Home, each step's overview then worksheets, Reports, About."""
    order = [(HOME, "Home")]
    for s in registry.STEPS:
        order.append((s.page_file, f"Step {s.number} overview"))
        order += [(w.page_file, w.title) for w in s.worksheets]
    order += [(REPORTS, "Reports"), (ABOUT, "About")]
    return order


def current_plan_id() -> str | None:
    """The plan in the URL (?plan=...), so refreshes and shared links land on the same plan."""
    pid = st.query_params.get("plan") or st.session_state.get("plan_id")
    if pid:
        st.session_state["plan_id"] = pid
        if st.query_params.get("plan") != pid:
            st.query_params["plan"] = pid
    return pid


def set_plan(pid: str | None) -> None:
    if pid:
        st.session_state["plan_id"] = pid
        st.query_params["plan"] = pid
    else:
        st.session_state.pop("plan_id", None)
        st.query_params.pop("plan", None)


def require_plan() -> tuple[str, plans.PlanMeta]:
    """Stop the page with a clear pointer home when no plan is open."""
    pid = current_plan_id()
    if pid:
        try:
            meta, _ = plans.load_meta(store(), pid)
            return pid, meta
        except NotFound:
            set_plan(None)
            st.warning("The plan in this link does not exist on this server. Choose or create a plan on Home.")
    else:
        st.info("Open or create a plan on the Home page first. Everything on this page belongs to one plan.")
    st.page_link(HOME, label="Go to Home", icon=":material/home:")
    st.stop()


def author() -> str:
    return st.session_state.get("author_name", "")


def _remember_author() -> None:
    # Kept under a plain session key, not only the widget's, so it survives page switches.
    st.session_state["author_name"] = str(st.session_state.get("_author_input", "")).strip()


def sidebar() -> None:
    with st.sidebar:
        st.text_input("Your name", value=author(), key="_author_input", on_change=_remember_author, max_chars=80,
                      help="Recorded with every save you make, so the team can see who changed what. "
                           "Asked once per browser session.",
                      placeholder="e.g. Dana Lee, CIT lead")
        if not author():
            st.caption("Enter your name to save changes.")
        pid = current_plan_id()
        if pid:
            try:
                meta, _ = plans.load_meta(store(), pid)
                st.caption(f"Plan: **{md(meta.name)}**  \n{md(meta.clinic)}" + (f" · {md(meta.site)}" if meta.site else ""))
            except NotFound:
                pass
        st.caption(":material/lock: " + NO_PATIENT_DATA)


def nav_buttons(here: str) -> None:
    """Back and Next in wizard order."""
    order = page_order()
    idx = next((i for i, (f, _) in enumerate(order) if f == here), None)
    if idx is None:
        return
    st.divider()
    left, _, right = st.columns([2, 3, 2])
    if idx > 0:
        f, title = order[idx - 1]
        if left.button(f"← Back: {title}", key="nav_back", width="stretch"):
            st.switch_page(f)
    if idx < len(order) - 1:
        f, title = order[idx + 1]
        if right.button(f"Next: {title} →", key="nav_next", width="stretch", type="primary"):
            st.switch_page(f)


STATUS_ICON = {registry.NOT_STARTED: "○", registry.IN_PROGRESS: "◐", registry.COMPLETE: "●"}


def status_label(status: str) -> str:
    return f"{STATUS_ICON.get(status, '')} {status.capitalize()}"


# ----------------------------------------------------------------------------------------------
# worksheet header, saving with conflict handling, history

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


def note_page(url_path: str) -> None:
    """Called by app.py every run: remembers which page the previous run showed."""
    st.session_state["_page_prev"] = st.session_state.get("_page_now")
    st.session_state["_page_now"] = url_path


def arrived() -> bool:
    """True on the first run of a page after coming from another page (or a fresh session)."""
    return st.session_state.get("_page_prev") != st.session_state.get("_page_now")


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


def pdf_download(label: str, build: Callable[[], bytes], file_name: str, key: str) -> None:
    """Build on demand (a button), then offer exactly that file.

    The bytes are not kept between runs, so a download can never be older than what is saved:
    the file is offered in the run that built it, and clicking it does not rerun the page.
    """
    if st.button(label, key=f"build_{key}", icon=":material/picture_as_pdf:"):
        with st.spinner("Building the PDF…"):
            data = build()
        st.download_button("Download PDF", data=data, file_name=file_name, mime="application/pdf",
                           key=f"dl_{key}", icon=":material/download:", on_click="ignore", type="primary")


def safe_filename(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:60] or "plan"


# ----------------------------------------------------------------------------------------------
# step overviews and pages not built yet

def step_overview(number: int) -> None:
    step = next(s for s in registry.STEPS if s.number == number)
    here = step.page_file
    pid, meta = require_plan()
    st.caption(md(meta.name))
    st.title(step.label)
    st.write(step.intro)
    st.subheader("By the end of this step the team can")
    st.markdown("\n".join(f"- {o}" for o in step.objectives))
    docs = plans.saved_docs(store(), pid)
    progress = plans.worksheet_progress(store(), pid, docs)
    built = [w for w in step.worksheets if w.built]
    done = sum(1 for w in built if progress.get(w.kind) == registry.COMPLETE)
    st.subheader("Worksheets")
    if built:
        st.progress(done / len(built), text=f"{done} of {len(built)} worksheets complete")
    for w in step.worksheets:
        c1, c2 = st.columns([3, 2])
        with c1:
            st.page_link(w.page_file, label=w.title, icon=w.icon)
            st.caption(w.holds)
        c2.write(status_label(progress[w.kind]) if w.built else "Coming in a later release")
    open_lines: list[str] = []
    for w in built:
        if w.open_items is None:
            continue
        doc = docs.get(w.kind) or w.doc()
        open_lines += [f"**{w.title}**: {md(line)}" for line in w.open_items(doc)]
    st.subheader("Still open")
    if open_lines:
        st.markdown("\n".join(f"- {line}" for line in open_lines))
    else:
        st.write("Nothing open on the worksheets available so far.")
    pdf_download(f"Build the {step.label} PDF", lambda: _step_pdf(pid, number),
                 f"{safe_filename(meta.name)}-step-{number}.pdf", key=f"step{number}")
    nav_buttons(here)


def _step_pdf(pid: str, number: int) -> bytes:
    from planning import reports
    return reports.step_pdf(store(), pid, number)


def planned_page(kind: str) -> None:
    spec = registry.worksheet(kind)
    step = registry.step_of(kind)
    pid = current_plan_id()
    st.caption(step.label)
    st.title(spec.title)
    st.info(f"**Coming in a later release.** This page will hold: {spec.holds}", icon=":material/construction:")
    st.write("Until then, note decisions for this part in the action plan or your meeting notes. Everything "
             "else in the workbook already works with your plan" + ("." if pid else ", once you open one on Home."))
    nav_buttons(spec.page_file)


# ----------------------------------------------------------------------------------------------
# people from the roster

NOBODY = "— nobody yet —"
REMOVED = "(removed from the team)"


def person_select(label: str, options: dict[str, str], current: str | None, key: str, help: str) -> str | None:
    """Pick one person from the roster (planning.people.roster(...).options()); returns a person id or None.

    Stores ids, never names. A saved id that is no longer on the roster stays selected and shows as
    removed, so nothing changes silently. Labels are team text: selectbox options render as plain text.
    """
    ids: list[str | None] = [None, *options.keys()]
    if current and current not in options:
        ids.append(current)
    index = ids.index(current) if current in ids else 0
    return st.selectbox(label, ids, index=index, key=key, help=help,
                        format_func=lambda pid: NOBODY if pid is None else options.get(pid, REMOVED))
