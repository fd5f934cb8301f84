"""Action plan: the hub every worksheet feeds. Suggested actions from open findings, the actions table with
owners and dates, overdue actions, filters, "my actions", a timeline and the exports."""
from datetime import date, datetime, timezone

import streamlit as st

from pages import ui
from planning import charts, exports, registry, reports
from worksheets import action_plan as ap
from worksheets.findings import SEVERITY_LABELS

SPEC = registry.worksheet(ap.ActionPlanDoc.KIND)
KIND = SPEC.kind
ME = "_action_plan_me"  # UI state only: which roster person "I" am

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Every gap the other worksheets find is offered here as a suggested action. Accept it (edit it first "
          "if you like) or set it aside with a reason; the workbook remembers both. Plain planning text only: "
          "never enter patient details.")
doc: ap.ActionPlanDoc = loaded.doc
view = ui.plan_view()
read_only = ui.read_only()  # a viewer (behind sign-in): buttons that change the plan are disabled
today = date.today()
people = view.people()
roster_ids = list(people)
open_findings = [f for f in view.findings() if f.worksheet != KIND]  # not its own overdue notes
open_ids = {f.id for f in open_findings}
step_of = {w.kind: s.number for s in registry.STEPS for w in s.worksheets}

# ---- summary -------------------------------------------------------------------------------
c = ap.counts(doc)
late = ap.overdue(doc, today)
drafts = ap.suggestions(open_findings, doc, view.roster, meta.target_launch, today,
                        opened_at=ui.findings_opened_at(pid), step_of=step_of)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Actions", len(doc.actions))
m2.metric("Open", c[ap.NOT_STARTED] + c[ap.IN_PROGRESS], help="Not started or in progress.")
m3.metric("Overdue", len(late), help="Open actions whose due date has passed.")
m4.metric("Suggestions waiting", len(drafts), help="Open findings from the worksheets with no action yet.")
if late:
    st.error("**Overdue:** " + "; ".join(
        f"{ui.md(a.action)} ({ui.md(ap.owner_label(a.owner, people))}, due {ap.fmt_date(a.due)}, "
        f"{ap.days_late(a, today)} days late)" for a in late[:8]) + (" …" if len(late) > 8 else ""),
        icon=":material/alarm:")
for a in ap.done_but_still_open(doc, open_ids):
    st.warning(f"Marked done, but its finding is still open: {ui.md(a.action.rstrip('.'))}. Check the worksheet it came "
               "from, or reopen the action.", icon=":material/rule:")

# ---- suggested actions inbox -----------------------------------------------------------------
st.header("Suggested actions")
if not drafts:
    st.success("Nothing waiting: every open finding has an action or was set aside.", icon=":material/inbox:")
else:
    st.write(f"{len(drafts)} open finding{'s' if len(drafts) != 1 else ''} with no action yet, blockers first. "
             "Accept adds the action to the plan below; you can still change it there.")
OPEN_CARD = "_inbox_open"  # UI state: the one suggestion being edited or set aside (finding id, "edit"|"aside")
SHOWN = 10  # cards drawn at once: each is a few widgets, and the page has to stay quick on a projector
owner_options = [None, *roster_ids]


def _owner_name(p: str | None) -> str:
    return ap.NO_OWNER if p is None else people.get(p, ap.REMOVED)


def _accept(f, fields: dict, edits: dict) -> None:
    at = datetime.now(timezone.utc)
    text = (edits.get("action") or fields["action"] or "").strip()
    ui.apply_change(pid, KIND, lambda latest: ap.accept(latest, f, {**fields, **edits}, ui.author(), at),
                    where=f"inbox_{f.id}", done=f"Accepted: {text.rstrip('.')}.")
    st.session_state.pop(OPEN_CARD, None)
    st.rerun()


waiting = drafts  # every suggestion; `drafts` below is what the "From" filter leaves on screen
if len({d.finding.worksheet for d in waiting}) > 1:
    counts: dict[str, int] = {}
    for d in waiting:
        counts[d.finding.worksheet] = counts.get(d.finding.worksheet, 0) + 1
    source = st.selectbox(
        "From", [None, *counts], key="_inbox_from",
        format_func=lambda k: f"Every worksheet ({len(waiting)})" if k is None
        else f"{registry.worksheet(k).title} ({counts[k]})",
        help="Show the suggestions of one worksheet only, for a meeting about that part of the plan.")
    if source in counts:
        drafts = [d for d in waiting if d.finding.worksheet == source]
start = (st.session_state.get("_inbox_start") or 0) if len(drafts) > SHOWN else 0
start = start if start < len(drafts) else 0
for d in drafts[start:start + SHOWN]:
    f, fields = d.finding, d.fields
    with st.container(border=True):
        top, link = st.columns([5, 2])
        top.markdown(f"**{SEVERITY_LABELS[f.severity]}** · {ui.md(f.area or registry.worksheet(f.worksheet).title)}"
                     + (" · *came back after a fix*" if d.again else "") + f"  \n{ui.md(f.text)}")
        link.page_link(registry.worksheet(f.worksheet).page_file, label="Worksheet",
                       query_params={"plan": pid}, icon=":material/arrow_forward:")
        st.caption(f"Suggested action: {ui.md(fields['action'])}  \nOwner: {ui.md(_owner_name(fields['owner']))} · "
                   f"due {ap.fmt_date(fields['due'])}. {ui.md(d.owner_note)} {ui.md(d.due_note)}")
        b1, b2, b3, _ = st.columns([1, 1, 1, 1])
        if b1.button("Accept", disabled=read_only, key=f"inbox_accept_{f.id}", type="primary",
                     icon=":material/add_task:",
                     width="stretch", help="Add this action to the plan as suggested; you can change it below."):
            _accept(f, fields, {})
        if b2.button("Edit first", disabled=read_only, key=f"inbox_edit_{f.id}", icon=":material/edit:",
                     width="stretch"):
            st.session_state[OPEN_CARD] = (f.id, "edit")
        if b3.button("Set aside", disabled=read_only, key=f"inbox_aside_{f.id}",
                     icon=":material/do_not_disturb_on:", width="stretch"):
            st.session_state[OPEN_CARD] = (f.id, "aside")
        mode = (st.session_state.get(OPEN_CARD) or (None, None))
        if mode[0] == f.id and mode[1] == "edit":
            with st.form(f"inbox_{f.id}", border=False):
                action = st.text_area("Action", fields["action"], key=f"inbox_action_{f.id}", height=68,
                                      help="What will be done, written as a task.")
                c1, c2 = st.columns(2)
                owner = c1.selectbox("Owner", owner_options, index=owner_options.index(fields["owner"])
                                     if fields["owner"] in owner_options else 0, key=f"inbox_owner_{f.id}",
                                     format_func=_owner_name, help=d.owner_note or "Who makes sure it gets done.")
                due = c2.date_input("Due", fields["due"], key=f"inbox_due_{f.id}", format="YYYY-MM-DD",
                                    help=d.due_note)
                if st.form_submit_button("Accept as edited", disabled=read_only, type="primary",
                                         icon=":material/add_task:"):
                    _accept(f, fields, {"action": action, "owner": owner, "due": due})
        if mode[0] == f.id and mode[1] == "aside":
            with st.form(f"inbox_aside_form_{f.id}", border=False):
                reason = st.text_input("Why set it aside?", key=f"inbox_reason_{f.id}",
                                       placeholder="e.g. handled by the county program",
                                       help="Setting a suggestion aside needs a reason, so the team knows why "
                                            "later. It can be offered again from the list below.")
                if st.form_submit_button("Set aside with this reason", disabled=read_only,
                                         icon=":material/do_not_disturb_on:"):
                    if not reason.strip():
                        st.error("Write a reason first: it tells the team later why this was set aside.")
                    else:
                        at = datetime.now(timezone.utc)
                        ui.apply_change(pid, KIND, lambda latest, f=f, at=at, reason=reason: ap.dismiss(
                            latest, f, reason, ui.author(), at), where=f"inbox_{f.id}", done="Set aside.")
                        st.session_state.pop(OPEN_CARD, None)
                        st.rerun()
        ui.outcome(KIND, f"inbox_{f.id}")
if len(drafts) > SHOWN:
    pages_of = list(range(0, len(drafts), SHOWN))
    st.segmented_control(
        "More suggestions", pages_of, key="_inbox_start", default=0,
        format_func=lambda n: f"{n + 1}-{min(n + SHOWN, len(drafts))}",
        help=f"Suggestions are shown {SHOWN} at a time, blockers first.")

# ---- the actions ---------------------------------------------------------------------------
st.header("Actions")
f1, f2, f3, f4 = st.columns(4)
me = f1.selectbox("I am", [None, *roster_ids], key=ME, format_func=lambda p: "—" if p is None else people[p],
                  help="Pick yourself from the team to see only your actions. Remembered in this session only.")
by_owner = f2.multiselect("Owner", [None, *roster_ids], key="ap_f_owner",
                          format_func=lambda p: ap.NO_OWNER if p is None else people.get(p, ap.REMOVED))
by_status = f3.multiselect("Status", list(ap.STATUSES), key="ap_f_status", format_func=ap.STATUS_LABELS.get)
by_step = f4.multiselect("Step", [1, 2, 3, 4, 5, None], key="ap_f_step", format_func=ap.step_label)
owners = [me] if me else (by_owner or None)
shown = ap.filter_actions(doc, owners=owners, statuses=by_status or None, steps=by_step or None)
shown_ids = {a.id for a in shown}
if len(shown) != len(doc.actions):
    st.caption(f"Showing {len(shown)} of {len(doc.actions)} actions. Saving changes only these rows.")

all_columns = st.toggle("Show every column", key="ap_all_columns",
                        help="Step, area, start and done dates, resources, barriers and where the action came from. "
                             "The table then scrolls sideways on a projector.")
columns = (["step", "area", "action", "owner", "start", "due", "status", "done_on", "resources", "barriers", "late",
            "source"] if all_columns else ["action", "owner", "start", "due", "status", "late"])
key = ui.editor_key(KIND)
with st.form(f"{key}_form", border=False):
    rows = ui.rows_editor(
        ap.Action, [a for a in ap.ordered(doc) if a.id in shown_ids], key, columns,
        widths={"step": 70, "area": 110, "action": 240, "owner": 150, "start": 100, "due": 100, "status": 105,
                "done_on": 100, "resources": 140, "barriers": 140, "late": 75, "source": 110},
        labels={"done_on": "Done on", "late": "Overdue", "source": "Source"},
        options={"step": [1, 2, 3, 4, 5], "owner": roster_ids + [o for o in {a.owner for a in doc.actions}
                                                                 if o and o not in people],
                 "status": list(ap.STATUSES)},
        formats={"owner": lambda p: people.get(p, ap.REMOVED), "status": ap.STATUS_LABELS.get,
                 "step": lambda n: f"Step {n}"},
        values={"late": lambda a: f"{ap.days_late(a, today)} days" if ap.is_overdue(a, today) else "",
                "source": ap.source_label},
        disabled=["late", "source"],
        helps={"done_on": "Filled in with today when you mark an action done and leave this empty.",
               "owner": "People come from the implementation team."})
    st.caption(ui.UNSAVED_HINT)
    save_actions = st.form_submit_button("Save actions", disabled=read_only, type="primary",
                                         icon=":material/save:")
if save_actions:
    kept = {a.id: a.model_dump(mode="json") for a in doc.actions}
    edited = []
    for r in rows:
        r = {k: v for k, v in r.items() if k not in ("late", "source")}
        rid = r.pop("id", None)
        edited.append({**kept[rid], **r} if rid in kept else r)  # the source finding stays with its row
    # rows hidden by the filter are kept as they are; shown rows deleted in the table are removed
    data = doc.model_dump(mode="json")
    data["actions"] = edited + [a for i, a in kept.items() if i not in shown_ids]
    new_doc = ui.validated(ap.ActionPlanDoc, data)
    if new_doc is not None:
        new_doc = ap.stamp_done_dates(new_doc, today)
        issues = ap.problems(new_doc, roster_ids, today)
        if issues:
            names = {a.id: a.action for a in new_doc.actions}
            titles = ap.Action.model_fields
            ui.not_saved([f"{names.get(p.row_id, 'a row')[:60]}, {titles[p.field].title}: {p.message}"
                          for p in issues])
        elif ui.save(pid, new_doc, loaded.version, where="actions"):
            st.rerun()
ui.outcome(KIND, "actions")

# ---- timeline --------------------------------------------------------------------------------
timeline_box = st.expander("Timeline: actions from start to due date, by owner or by step",
                            icon=":material/view_timeline:", key="ap_timeline_open", on_change="rerun")
if timeline_box.open:  # drawn only when opened: the chart is the slowest part of the page to show
    with timeline_box:
        grouping = st.segmented_control("Group by", ["owner", "step"], default="owner", key="ap_timeline_by",
                                        format_func=str.capitalize) or "owner"
        tl = ap.timeline(doc, people, today, by=grouping)
        if not tl.bars:
            st.caption("Actions with a due date appear here as bars from their start to their due date.")
        else:
            st.plotly_chart(charts.timeline_figure(tl), width="stretch", config={"displayModeBar": False})
            if tl.undated:
                st.caption(f"{tl.undated} action{'s' if tl.undated != 1 else ''} without a due date not shown.")

# ---- exports ---------------------------------------------------------------------------------
st.header("Take it with you")
st.write("The PDF is landscape and reads in black and white (overdue actions say so in words). The calendar "
         "file adds every open action's due date to Outlook, Google or Apple calendars.")
base = ui.safe_filename(meta.name)
e1, e2, e3, e4 = st.columns(4)
with e1:
    ui.pdf_download("Build PDF", lambda: reports.action_plan_pdf(ui.store(), pid),
                    f"{base}-action-plan.pdf", key=KIND)
e2.download_button("Spreadsheet (.xlsx)", lambda: exports.xlsx_bytes(doc, people, today, meta.name),
                   f"{base}-action-plan.xlsx", icon=":material/table_view:", on_click="ignore",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="ap_xlsx")
e3.download_button("Table (.csv)", lambda: exports.csv_bytes(doc, people, today), f"{base}-action-plan.csv",
                   mime="text/csv", icon=":material/csv:", on_click="ignore", key="ap_csv")
e4.download_button("Calendar (.ics)", lambda: exports.ics_bytes(doc, pid, people, datetime.now(timezone.utc),
                                                                  meta.name),
                   f"{base}-due-dates.ics", mime="text/calendar", icon=":material/event:", on_click="ignore",
                   key="ap_ics")

if doc.dismissed:
    with st.expander(f"Suggestions set aside ({len(doc.dismissed)})", icon=":material/do_not_disturb_on:"):
        for fid, d in doc.dismissed.items():
            c1, c2 = st.columns([4, 1])
            c1.markdown(f"{ui.md(d.text or fid)}  \n*{ui.md(d.reason)}* ({ui.md(d.by)}, {ui.when(d.at.isoformat())})")
            if c2.button("Offer again", disabled=read_only, key=f"undismiss_{fid}"):
                ui.apply_change(pid, KIND, lambda latest, fid=fid: ap.undismiss(latest, fid), where="history",
                                done="Offered again.")
                st.rerun()

ui.history(pid, KIND, ap.ActionPlanDoc, loaded.version, ap.describe)
ui.nav_buttons(SPEC.page_file)
