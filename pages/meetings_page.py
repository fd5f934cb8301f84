"""Planning meetings: plan a meeting, build its agenda from the plan, take notes, record decisions and send them to
the action plan, set the next meeting; the minutes as a PDF and the next meeting as a calendar file. A projector
view shows one agenda item at a time in large type."""
from datetime import date

import streamlit as st

from pages import ui
from planning import registry
from planning.agenda import build_agenda, meeting_moment, rebuilt
from planning.minutes import next_meeting_ics
from planning.view import load_view
from worksheets import action_plan as ap
from worksheets import meetings as mt

SPEC = registry.worksheet(mt.KIND)
KIND = SPEC.kind
NEW = ""  # the "Plan a new meeting" choice
PICK, PICK_NEXT = "_mt_pick", "_mt_pick_next"  # the meeting open on the page; the one to open after a save
NEW_ID = "_mt_new_id"  # the id the meeting being planned will be saved under
ITEM = "_mt_item"  # projector view: the agenda item shown (meeting id, index)
PROJECTOR_KEY = "mt_projector_view"  # the container of the item shown; Streamlit gives it the class st-key-<key>
PROJECTOR_CSS = """<style>
[data-testid="stMainBlockContainer"] {max-width: 1200px; padding-top: 3.5rem;}
.st-key-mt_projector_view p, .st-key-mt_projector_view li {font-size: 1.7rem; line-height: 1.35;}
.st-key-mt_projector_view h2 {font-size: 2.6rem;}
.st-key-mt_projector_view textarea {font-size: 1.4rem;}
.st-key-mt_projector_view button p {font-size: 1.3rem;}
</style>"""  # constant: no team text ever goes through unsafe HTML

projecting = bool(st.session_state.get("mt_projector", st.query_params.get("view") == "projector"))
if projecting:  # the item must be on the first screen of a 1280 x 720 projector: the short header only
    pid, meta = ui.require_plan()
    ui.read_plan(pid)
    st.title(SPEC.title)
    loaded = ui.open_document(pid, SPEC)
else:
    pid, meta, loaded = ui.open_worksheet(
        SPEC, "Run the implementation team's meetings from the plan: the agenda lists what is overdue, what is new "
              "since the last meeting and what blocks launch. Plain planning text only: never enter patient "
              "details.")
doc: mt.MeetingsDoc = loaded.doc
view = ui.plan_view()
people = view.people()
today = date.today()
ek = ui.editor_key(KIND)
action_plan = view.doc(ap.ActionPlanDoc.KIND)


def _name(p: str | None) -> str:
    return mt.person(p, people)


# ---- the meetings ------------------------------------------------------------------------------
asked = st.query_params.get("view") == "projector"  # a link straight to the projector view
projector = st.toggle("Projector view", value=asked, key="mt_projector",
                      help="One agenda item at a time in large type, for the screen in the meeting room. Collapse "
                           "the sidebar first.")
if asked and not projector:
    st.query_params.pop("view", None)
meetings = mt.newest_first(doc)
if meetings and not projector:
    st.dataframe([{"Date": m.label, "Attendees": len(m.attendees), "Agenda items": len(m.agenda),
                   "Decisions": len(m.decisions),
                   "Next meeting": mt.fmt_date(m.next_date, "Not set")} for m in meetings],
                 hide_index=True, width="stretch")
elif not meetings:
    st.caption("No meetings yet. Plan the first one below.")
if PICK_NEXT in st.session_state:
    st.session_state[PICK] = st.session_state.pop(PICK_NEXT)
choices = [NEW] + [m.id for m in meetings]
if st.session_state.get(PICK) not in choices:
    st.session_state[PICK] = meetings[0].id if meetings else NEW
mid = st.selectbox("Meeting", choices, key=PICK,
                   format_func=lambda i: "Plan a new meeting" if i == NEW else doc.meeting(i).label,
                   help="Open a meeting to see or change its agenda, notes and decisions, or plan a new one.")
saved_meeting = doc.meeting(mid) if mid else None
if not mid:
    mid = st.session_state.setdefault(NEW_ID, mt.new_row_id())


# ---- projector view -----------------------------------------------------------------------------
def _projector(meeting: mt.Meeting) -> None:
    st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
    with st.container(key=PROJECTOR_KEY):
        _projected(meeting)


def _projected(meeting: mt.Meeting) -> None:
    agenda = meeting.ordered_agenda()
    if not agenda:
        st.info("This meeting has no agenda yet. Turn the projector view off, build the agenda and save it.")
        return
    where = st.session_state.get(ITEM)
    n = where[1] if where and where[0] == meeting.id else 0
    n = min(max(n, 0), len(agenda) - 1)
    item = agenda[n]
    st.caption(ui.md(meeting.label))
    st.markdown(f"**Item {n + 1} of {len(agenda)}** · {item.kind_label}")
    st.header(ui.md(item.text), anchor=False)
    if item.details:
        st.markdown("\n".join(f"- {ui.md(line.removeprefix('- '))}" for line in item.details.splitlines()))
    notes = st.text_area("Notes on this item", item.notes, key=f"{ek}_proj_notes_{meeting.id}_{item.id}", height=100,
                         help="What the team said about this item. Saved when you move to another item or press "
                              "Save notes.", disabled=ui.read_only())  # moving on saves: not for a viewer
    back, save_notes, forward = st.columns(3)

    def _go(to: int) -> None:
        if notes != item.notes:
            new_doc = _with_notes(meeting, item.id, notes)
            st.session_state[ITEM] = (meeting.id, to)
            if ui.save(pid, new_doc, loaded.version, where="projector"):
                st.rerun()
        st.session_state[ITEM] = (meeting.id, to)
        st.rerun()

    if back.button("Previous", key="mt_prev", icon=":material/arrow_back:", width="stretch", disabled=n == 0):
        _go(n - 1)
    if save_notes.button("Save notes", disabled=ui.read_only(), key="mt_save_notes", icon=":material/save:",
                         width="stretch"):
        _go(n)
    if forward.button("Next", key="mt_next", icon=":material/arrow_forward:", type="primary", width="stretch",
                      disabled=n == len(agenda) - 1):
        _go(n + 1)
    ui.outcome(KIND, "projector")


def _with_notes(meeting: mt.Meeting, item_id: str, notes: str) -> mt.MeetingsDoc:
    data = doc.model_dump(mode="json")
    for m in data["meetings"]:
        if m["id"] == meeting.id:
            for a in m["agenda"]:
                if a["id"] == item_id:
                    a["notes"] = notes
    return mt.MeetingsDoc.model_validate(data)


if projector:
    if saved_meeting is None:
        st.info("Save the meeting first: the projector view shows a saved agenda.")
    else:
        _projector(saved_meeting)
    st.stop()

# ---- plan or change a meeting -------------------------------------------------------------------
m = saved_meeting
st.header(f"Meeting of {mt.fmt_date(m.date)}" if m else "Plan a new meeting")
k = f"{ek}_{mid}"
c1, c2 = st.columns(2)
when = c1.date_input("Date", m.date if m else today, key=f"{k}_date", format="YYYY-MM-DD",
                     help="The day of the meeting. The agenda counts what is new since the meeting before it.")
start = c2.time_input("Start time (optional)", m.start if m else None, key=f"{k}_start", step=900,
                      help="Puts the meeting in calendars at this time; without one it is an all-day entry.")
title = st.text_input("Title (optional)", m.title if m else "", key=f"{k}_title",
                      placeholder="e.g. Monthly implementation team meeting",
                      help="A few words to tell this meeting from the others in the list and on the minutes.")
roster_ids = list(people)
options = roster_ids + [p for p in (m.attendees if m else []) if p not in people]
attendees = st.multiselect("Attendees", options, m.attendees if m else [], key=f"{k}_attendees",
                           format_func=_name,
                           help="Who comes, from the implementation team (add people on the Team page). Printed "
                                "on the minutes by name.")
d1, d2 = st.columns(2)
step = d1.selectbox("Step in focus (optional)", [None, 1, 2, 3, 4, 5], key=f"{k}_step",
                    index=[None, 1, 2, 3, 4, 5].index(m.step if m else None), format_func=mt.step_label,
                    help="The step this meeting works on: the agenda lists its worksheets' progress and open "
                         "findings.")
location = d2.text_input("Location or video link (optional)", m.location if m else "", key=f"{k}_location",
                         help="Shown as typed, never as a link. It goes into the calendar file too.")

# ---- agenda ---------------------------------------------------------------------------------------
st.subheader("Agenda")
built_key = f"_mt_agenda_{mid}"
if st.button("Build the agenda from the plan", disabled=ui.read_only(), key=f"{k}_build",
             icon=":material/auto_awesome:",
             help="Lists overdue actions, findings new since the last meeting, launch blockers, the step in focus "
                  "and the last meeting's decisions still open. Items added by hand and notes already saved "
                  "are kept. Nothing is saved until you press Save."):
    prev = mt.previous_meeting(doc, on=when or today, exclude=mid)
    then = load_view(ui.store(), pid, at=meeting_moment(prev)) if prev is not None else None
    current = ([mt.AgendaItem.model_validate(r) for r in st.session_state[built_key]]
               if built_key in st.session_state else (m.agenda if m else []))
    items = rebuilt(build_agenda(view, then, today, step, prev), current)
    st.session_state[built_key] = [i.model_dump(mode="json") for i in items]
    st.session_state[f"_mt_agen_{mid}"] = st.session_state.get(f"_mt_agen_{mid}", 0) + 1
    st.rerun()
base_rows = ([mt.AgendaItem.model_validate(r) for r in st.session_state[built_key]] if built_key in st.session_state
             else (m.ordered_agenda() if m else []))
if built_key in st.session_state:
    prev = mt.previous_meeting(doc, on=when or today, exclude=mid)
    st.caption("Built from the plan as it is now" + (f", compared with the plan at the meeting of "
                                                      f"{mt.fmt_date(prev.date)}" if prev else "")
               + ". Not saved yet: change the order, add or remove rows, then press Save.")
agenda_rows = ui.rows_editor(
    mt.AgendaItem, base_rows, f"{k}_agenda_{st.session_state.get(f'_mt_agen_{mid}', 0)}",
    ["order", "kind", "text", "notes"],
    widths={"order": 50, "kind": 120, "text": 330, "notes": 250},
    labels={"order": "#", "text": "Agenda item"},
    formats={"kind": lambda v: mt.ITEM_KIND_LABELS.get(v, v)},
    helps={"order": "Change the numbers to reorder the agenda; Save puts the items in this order.",
           "notes": "What the team said about this item. Plain text; never enter patient details.",
           "kind": "Where the item came from. Rows you add are 'Added by hand'."})
details = [i for i in base_rows if i.details]
if details:
    with st.expander(f"Details of the grouped items ({len(details)})", icon=":material/list:"):
        for i in details:
            st.markdown(f"**{ui.md(i.text)}**")
            st.markdown("\n".join(f"- {ui.md(line.removeprefix('- '))}" for line in i.details.splitlines()))

# ---- decisions --------------------------------------------------------------------------------------
st.subheader("Decisions")
st.caption("Each decision with an owner and a due date becomes a suggested action in the action plan, unless you "
           "tick 'no action needed'.")
decision_owners = roster_ids + [d.owner for d in (m.decisions if m else []) if d.owner and d.owner not in people]
decision_rows = ui.rows_editor(
    mt.Decision, m.decisions if m else [], f"{k}_decisions", ["text", "owner", "due", "no_action"],
    widths={"text": 380, "owner": 170, "due": 110, "no_action": 120},
    options={"owner": decision_owners}, formats={"owner": _name},
    helps={"owner": "Who makes sure it happens. People come from the implementation team.",
           "no_action": "Tick for a decision that needs no follow-up action (for example, 'keep the current "
                        "schedule')."})

# ---- next meeting and save ---------------------------------------------------------------------
st.subheader("Next meeting")
n1, n2 = st.columns(2)
next_date = n1.date_input("Next meeting date", m.next_date if m else None, key=f"{k}_next_date",
                          format="YYYY-MM-DD", help="Download it as a calendar file after saving.")
next_start = n2.time_input("Next meeting time (optional)", m.next_start if m else None, key=f"{k}_next_start",
                           step=900, help="Without a time, the calendar entry is all day.")
st.caption(ui.UNSAVED_HINT)
if st.button("Save meeting", disabled=ui.read_only(), key=f"{k}_save", type="primary", icon=":material/save:"):
    if not attendees:
        ui.not_saved([f"{mt.NO_ATTENDEES}."])
    else:
        kept = {i.id: i.model_dump(mode="json") for i in base_rows}
        agenda = []
        for r in agenda_rows:
            rid = r.pop("id", None)
            agenda.append({**kept[rid], **r, "id": rid} if rid in kept else r)
        meeting = {"id": mid, "date": when, "start": start, "title": title, "attendees": attendees, "step": step,
                   "location": location, "agenda": agenda,
                   "decisions": [{c: v for c, v in r.items() if c != "id" or v} for r in decision_rows],
                   "next_date": next_date, "next_start": next_start}
        data = doc.model_dump(mode="json")
        data["meetings"] = [meeting if x["id"] == mid else x for x in data["meetings"]] + (
            [] if m else [meeting])
        new_doc = ui.validated(mt.MeetingsDoc, data)
        if new_doc is not None:
            data = new_doc.model_dump(mode="json")
            for x, saved in zip(data["meetings"], new_doc.meetings):
                if x["id"] == mid:
                    x["agenda"] = [i.model_dump(mode="json") for i in mt.renumbered(saved.agenda)]
            new_doc = mt.MeetingsDoc.model_validate(data)
            if ui.save(pid, new_doc, loaded.version, where="meeting"):
                st.session_state.pop(built_key, None)
                st.session_state.pop(NEW_ID, None)
                st.session_state[PICK_NEXT] = mid
                st.rerun()
ui.outcome(KIND, "meeting")

# ---- decisions to the action plan -------------------------------------------------------------------
if m is not None and m.decisions:
    st.subheader("Decisions and the action plan")
    ui.saved_notice(ap.ActionPlanDoc.KIND)
    open_ids = {f.id: f for f in SPEC.findings(view)} if SPEC.findings else {}
    for d in m.decisions:
        f = open_ids.get(mt.decision_finding_id(d.id))
        c1, c2 = st.columns([3, 1], vertical_alignment="center")
        state = mt.decision_state(d, action_plan)
        c1.markdown(f"{ui.md(d.text)}  \n*{ui.md(_name(d.owner))}, due {mt.fmt_date(d.due, 'not set')} · "
                    f"{state}*")
        if f is not None and c2.button("Send to the action plan", disabled=ui.read_only(), key=f"mt_send_{d.id}",
                                       icon=":material/add_task:",
                                       help="Adds it to the action plan as an action, with this owner and due "
                                            "date, as the action plan's suggested actions do."):
            ui.send_to_action_plan(pid, f, where=f"mt_send_{d.id}", done=f"Sent to the action plan: "
                                                                        f"{d.text.rstrip('.')}.")
            st.rerun()

def _minutes(meeting_id: str) -> bytes:
    from planning.minutes import minutes_pdf
    return minutes_pdf(ui.store(), pid, meeting_id)


# ---- take it with you ---------------------------------------------------------------------------
if m is not None:
    st.subheader("Take it with you")
    base = f"{ui.safe_filename(meta.name)}-meeting-{m.date.isoformat()}"
    t1, t2 = st.columns(2)
    with t1:
        ui.pdf_download("Build the minutes PDF", lambda: _minutes(m.id), f"{base}-minutes.pdf", key=f"minutes_{m.id}")
    if m.next_date is not None:
        t2.download_button("Next meeting (.ics)", lambda: next_meeting_ics(m, meta.name, pid), f"{base}-next.ics",
                           mime="text/calendar", icon=":material/event:", on_click="ignore", key=f"mt_ics_{m.id}",
                           help="Adds the next meeting to Outlook, Google or Apple calendars.")
    else:
        t2.caption("Set the next meeting's date and save to download it as a calendar file.")



ui.history(pid, KIND, mt.MeetingsDoc, loaded.version, mt.describe)
ui.nav_buttons(SPEC.page_file)
