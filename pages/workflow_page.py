"""Clinical workflow: the steps of each phase (who, how, when, where, today or planned, change, tasks), the
suicide-risk protocol, the flowchart and the checks. Only the open tab is drawn.

The steps table is not in a form: a view switch (phase, columns or tab) keeps what was typed in a working draft
(session state only) until Save steps, so the team can fill the table one set of columns at a time. The protocol
tab is a form with its own Save. Rules live in worksheets/workflow.py.
"""
import pandas as pd
import streamlit as st

from pages import ui
from planning import flowchart, registry, reports
from worksheets import workflow as wf
from worksheets.task_summary import summary_doc

SPEC = registry.worksheet(wf.KIND)
KIND = SPEC.kind
TEAM_PAGE = registry.worksheet("team").page_file
ACTION_PAGE = registry.worksheet("action_plan").page_file

TAB, SHOW, COLS, CHART = "wf_tab", "wf_show", "wf_cols", "wf_chart"  # UI state: which part is on screen
DRAFT = "_wf_draft"  # unsaved rows and caseload review kept across view switches: {pid, gen, rows, review}
DRAWN = "_wf_drawn"  # the steps table drawn in the last run: its key, view and rows, for the next run
STASH = "_wf_stash"  # bumped whenever a draft is taken, so the next table is a fresh widget
TABS = ["Steps", "Suicide-risk protocol", "Flowchart", "Checks"]
COLUMN_SETS = {
    "who": ("Who and how", ["order", "phase", "name", "who", "how", "suicide_risk"]),
    "handoff": ("Hand-off, when and where", ["no", "name", "method", "hands_off_to", "when", "where"]),
    "change": ("Today, change and tasks", ["no", "name", "status", "change", "tasks"]),
}
ROW_H = {"who": ui.ROW_HEIGHT, "handoff": ui.ROW_HEIGHT, "change": ui.ROW_HEIGHT}  # tall enough to wrap text
SHORT_ROLE = {wf.BHCM: "care manager", wf.CONSULTANT: "psychiatric consultant", wf.MA: "MA or nurse"}

pid, meta, loaded = ui.open_worksheet(
    SPEC, "Map what happens to a patient, phase by phase, with the whole care team in the room. Plain planning "
          "text only: never enter patient details.")
doc: wf.WorkflowDoc = loaded.doc
view = ui.plan_view()
roster = view.roster
gen = ui.editor_key(KIND)


def current_draft() -> dict | None:
    d = st.session_state.get(DRAFT)
    if d and d["pid"] == pid and d["gen"] == gen and not ui.arrived():
        return d
    st.session_state.pop(DRAFT, None)
    return None


def _phase_of(row) -> int | None:
    try:
        return int(row.get("phase"))
    except (TypeError, ValueError):
        return None


def _with_phase(rows: list[dict], phase) -> list[dict]:
    """New rows typed while one phase is shown belong to that phase."""
    if phase == "all":
        return rows
    return [r if _phase_of(r) is not None else {**r, "phase": phase} for r in rows]


def review_values(base: dict, prefix: str) -> dict:
    """The caseload review as its widgets hold it (the draft's or saved values when they are not drawn)."""
    return {f: st.session_state.get(f"{prefix}_{f}", base.get(f)) for f in ("cadence", "lead", "note")}


def carry_over() -> None:
    """The steps table drawn in the last run is not drawn the same way in this one (another phase, other columns,
    another tab): keep what was typed in it, and in the caseload review, as the working draft. Done at the top of
    the run, while the last run's widget values are still in the session."""
    drawn = st.session_state.pop(DRAWN, None)
    if not drawn or drawn["pid"] != pid:
        return
    same = (st.session_state.get(TAB, TABS[0]) == TABS[0] and st.session_state.get(SHOW, "all") == drawn["phase"]
            and st.session_state.get(COLS, "who") == drawn["cols"])
    if same:
        return  # the same table is drawn again: it keeps its own state
    changes = st.session_state.get(drawn["key"])
    review = review_values(drawn["review"], drawn["review_key"])
    if not wf.has_changes(changes) and review == drawn["review"]:
        return
    shown = _with_phase(wf.apply_changes(drawn["shown"], changes), drawn["phase"])
    st.session_state[DRAFT] = {"pid": drawn["pid"], "gen": drawn["gen"], "rows": shown + drawn["rest"],
                               "review": review}
    st.session_state[STASH] = st.session_state.get(STASH, 0) + 1


carry_over()
draft = current_draft()

# ---- summary -------------------------------------------------------------------------------
results = wf.checks(view)
passed = sum(1 for c in results if c.passed)
suicide = next(c for c in results if c.id == wf.SUICIDE)
m1, m2, m3, m4 = st.columns([1.4, 0.7, 1, 1.1])
m1.metric("Status", ui.status_label(wf.progress_of(view.doc(KIND), results)),
          help="Complete when every phase has steps and every check passes.")
m2.metric("Steps", len(doc.steps), help=f"In {sum(1 for p in wf.PHASES if doc.in_phase(p))} of the 5 phases.")
m3.metric("Checks passed", f"{passed} of {len(results)}", help="The Checks tab says what each one needs.")
m4.metric("Suicide-risk protocol", "Ready" if suicide.passed else "Not yet",
          help="A step with an owner, and a response for each risk level.")
if not roster.members:
    st.info("No one is on the implementation team yet. Steps can name roles now; add people on the team page to "
            "name who does each step.", icon=":material/groups:")
    ui.plan_link(TEAM_PAGE, label="Go to the implementation team", icon=":material/groups:")

tabs = st.tabs(TABS, key=TAB, on_change="rerun")

# ---- steps ---------------------------------------------------------------------------------
if tabs[0].open:
    with tabs[0]:
        st.header("Steps, phase by phase")
        st.caption(" · ".join(f"**{p}** {wf.PHASES[p]}" for p in wf.PHASES) + ". " + wf.PHASE_SOURCE_SHORT)
        base_rows = draft["rows"] if draft else wf.editor_rows(doc.ordered())
        if not base_rows:
            st.info(f"No steps yet. Start from the {len(wf.LIBRARY)} suggested steps (from screening to handing care "
                    "back to the PCP), then change, add or delete steps until they match your clinic. Nothing is "
                    "saved until you press **Save steps**.", icon=":material/lightbulb:")
            if st.button("Start from the suggested steps", disabled=ui.read_only(), icon=":material/playlist_add:",
                         key="wf_library"):
                st.session_state[DRAFT] = {"pid": pid, "gen": gen,
                                           "rows": wf.editor_rows(wf.library_steps()),
                                           "review": doc.review.model_dump(mode="json")}
                st.session_state[STASH] = st.session_state.get(STASH, 0) + 1
                st.rerun()
        elif draft and not doc.steps:
            st.info("The suggested steps are loaded but **not saved yet**. Change them to fit your clinic, then press "
                    "Save steps.", icon=":material/lightbulb:")

        phase = st.segmented_control(
            "Show", ["all", *wf.PHASES], key=SHOW, default="all", required=True,
            format_func=lambda p: "All phases" if p == "all" else f"Phase {p}",
            help="One phase at a time is easier to read on a projector. What you typed is kept when you switch.")
        cols = st.segmented_control(
            "Columns", list(COLUMN_SETS), key=COLS, default="who", required=True,
            format_func=lambda k: COLUMN_SETS[k][0],
            help="The table has more columns than a screen is wide: fill them one set at a time. What you typed is "
                 "kept when you switch.")
        shown = [r for r in base_rows if phase == "all" or _phase_of(r) == phase]
        rest = [r for r in base_rows if not (phase == "all" or _phase_of(r) == phase)]
        if phase != "all":
            st.caption(f"**Phase {phase} · {wf.PHASES[phase]}.** {wf.PHASE_HELP[phase]}"
                       + (f" Showing its {len(shown)} steps; the {len(rest)} in other phases are kept as they are."
                          if rest else ""))

        people = {m.id: f"{m.name} ({SHORT_ROLE.get(wf.role_of_member(m), wf.role_of_member(m))})"
                  for m in roster.members}
        gone = [r["who"] for r in base_rows if r.get("who") and r["who"] not in wf.WHO and r["who"] not in people]
        who_options = [*wf.WHO, *people, *dict.fromkeys(gone)]
        task_list = summary_doc(view).task_list()
        on_list = {t.id: t for t in task_list if t.included}
        off = {t: "(off the task list)" for r in base_rows for t in (r.get("tasks") or []) if t not in on_list}
        task_options = [*on_list, *off]

        def task_label(tid: str) -> str:
            t = on_list.get(tid)
            if t is None:
                return f"{tid} {off.get(tid, '')}"
            head = tid if t.canonical else "Own:"  # the clinic's own tasks have ids that mean nothing to a reader
            return f"{head} {t.text[:34].rstrip()}…" if len(t.text) > 34 else f"{head} {t.text}"

        frame = pd.DataFrame(
            [{**r, "no": f"{_phase_of(r)}.{int(r['order'])}" if _phase_of(r) and isinstance(r.get("order"), int)
              else "", "suicide_risk": bool(r.get("suicide_risk"))} for r in shown],
            columns=[*wf.EDITOR_COLUMNS, "no"]).astype("object")
        frame["order"] = pd.to_numeric(frame["order"], errors="coerce").astype("Float64")
        frame["suicide_risk"] = frame["suicide_risk"].fillna(False).astype(bool)
        config = {
            "order": st.column_config.NumberColumn(
                "#", width=46, format="%g", help="Position within the phase. Type 2.5 to put a step between steps 2 "
                                                 "and 3; the steps are numbered again when you save."),
            "no": st.column_config.TextColumn("No.", width=48, help="The step's number, as in the flowchart and the "
                                                                   "PDF: 2.3 is the third step of phase 2."),
            "phase": st.column_config.SelectboxColumn("Phase", options=list(wf.PHASES), width=80,
                                                      format_func=lambda p: f"Phase {p}",
                                                      help="Which phase of the episode the step belongs to."),
            "name": st.column_config.TextColumn("Step", width=170, help="What is done, in a few words."),
            "who": st.column_config.SelectboxColumn(
                "Who", options=who_options, width=204,
                format_func=lambda v: v if v in wf.WHO else people.get(v, "(no longer on the team)"),
                help="A role, or a person on the team (their role comes from the roster). " + wf.ROLE_RULE),
            "how": st.column_config.TextColumn("How", width=172, help="How it is done, or how it will change."),
            "suicide_risk": st.column_config.CheckboxColumn(
                "Suicide risk", width=106,
                help="Part of the suicide-risk protocol: drawn as a branch in the flowchart."),
            "method": st.column_config.SelectboxColumn("Method", options=list(wf.METHODS), width=120,
                                                       help="The communication method: how the step is passed on "
                                                            "(EHR message, warm hand-off, huddle, phone, video, "
                                                            "letter)."),
            "hands_off_to": st.column_config.SelectboxColumn(
                "Hands off to", options=list(wf.WHO), width=156,
                help="Who takes over next; the flowchart draws the arrow to that role's next step."),
            "when": st.column_config.TextColumn("When", width=144, help="When, in the patient's flow: at rooming, "
                                                                       "during the visit, every week..."),
            "where": st.column_config.SelectboxColumn("Where", options=list(wf.PLACES), width=130,
                                                      help="At the clinic, at a partner agency, or by external "
                                                           "referral."),
            "status": st.column_config.SelectboxColumn(
                "Today or planned", options=list(wf.STATUSES), width=170,
                help="Done today as it is; done today but it will change; or a new step. New and changing steps are "
                     "dashed in the flowchart."),
            "change": st.column_config.MultiselectColumn(
                "Change needed", options=list(wf.CHANGES), width=140,
                help="What the organisation has to put in place: training, a hire, supervision, other. Empty: none."),
            "tasks": st.column_config.MultiselectColumn(
                "Tasks covered", options=task_options, width=240, format_func=task_label,
                help="Tasks of the task list this step carries out. The checks compare them with the owners agreed "
                     "in the task summary."),
        }
        stash_n = st.session_state.get(STASH, 0)
        key = f"{gen}_steps_{phase}_{cols}_{stash_n}"
        edited = st.data_editor(
            frame, key=key, hide_index=True, width="stretch", num_rows="dynamic", column_config=config,
            column_order=COLUMN_SETS[cols][1], disabled=["no"], row_height=ROW_H[cols], placeholder="",
            height=48 + ROW_H[cols] * min(max(len(shown), 3), 7) if shown else "auto")
        review_base = draft["review"] if draft else doc.review.model_dump(mode="json")
        rk = f"{gen}_review_{stash_n}"  # the caseload review's widgets: new ones after a discard
        st.session_state[DRAWN] = {"key": key, "shown": shown, "rest": rest, "phase": phase, "cols": cols, "pid": pid,
                                   "gen": gen, "review": review_base, "review_key": rk}
        pending = wf.has_changes(st.session_state.get(key))

        st.subheader("Systematic caseload review (phase 4)")
        r1, r2 = st.columns(2)
        cadence = r1.selectbox("How often", [None, *wf.CADENCES], key=f"{rk}_cadence",
                               index=[None, *wf.CADENCES].index(review_base.get("cadence"))
                               if review_base.get("cadence") in wf.CADENCES else 0,
                               format_func=lambda c: "Not chosen yet" if c is None else c,
                               help="Weekly is usual: new patients, patients not improving and safety concerns first.")
        lead_options = [None, *people] + ([review_base["lead"]] if review_base.get("lead") and
                                          review_base["lead"] not in people else [])
        lead = r2.selectbox("Led by", lead_options, key=f"{rk}_lead",
                            index=lead_options.index(review_base.get("lead")) if review_base.get("lead") in
                            lead_options else 0,
                            format_func=lambda p: "Not chosen yet" if p is None else people.get(
                                p, "(no longer on the team)"),
                            help="Usually the care manager, who prepares the list and presents the patients.")
        note = st.text_input("When and how it meets", value=review_base.get("note") or "", key=f"{rk}_note",
                             placeholder="For example: Thursdays 12:00 to 13:00, by video")
        review = {"cadence": cadence, "lead": lead, "note": note}
        pending = pending or draft is not None or review != {k: review_base.get(k) or (None if k != "note" else "")
                                                            for k in review}
        if pending:
            st.warning("Unsaved changes in the steps or the caseload review.", icon=":material/edit_note:")
        st.caption(ui.UNSAVED_HINT + " Switching the phase, the columns or the tab keeps them until you save.")
        b1, b2 = st.columns([1, 3])
        save_steps = b1.button("Save steps", disabled=ui.read_only(), type="primary", icon=":material/save:",
                               key="wf_save_steps")
        if pending and b2.button("Discard unsaved changes", icon=":material/undo:", key="wf_discard",
                                 help="Back to the saved steps and caseload review."):
            st.session_state.pop(DRAFT, None)
            st.session_state[STASH] = stash_n + 1
            st.rerun()
        if save_steps:
            rows = _with_phase(edited.to_dict("records"), phase) + rest
            new_doc, problems = wf.parse_steps(rows, doc, roster, review)
            if problems:
                ui.not_saved(problems)
            elif ui.save(pid, new_doc, loaded.version, where="steps"):
                st.session_state.pop(DRAFT, None)
                st.rerun()
        ui.outcome(KIND, "steps")

# ---- suicide-risk protocol -----------------------------------------------------------------
if tabs[1].open:
    with tabs[1]:
        st.header("Suicide-risk protocol")
        st.write("What every member of staff does when a patient may be at risk of suicide: what starts the protocol, "
                 "who is told, how risk is assessed, the response for each level of risk, the safety plan and the "
                 "follow-up. Mark the steps that carry it out with **Suicide risk** on the Steps tab.")
        marked = [s for s in doc.ordered() if s.suicide_risk]
        numbers = doc.numbers()
        if marked:
            st.caption("Steps marked part of the protocol: " + "; ".join(
                f"{numbers[s.id]} {ui.md(s.name)} ({ui.md(s.who or 'who not chosen')})" for s in marked) + ".")
        else:
            st.caption("No step is marked part of the protocol yet.")
        with st.expander("LEARN: five steps for every member of staff", icon=":material/school:"):
            st.markdown("\n".join(f"- **{a}** {b}" for a, b in wf.LEARN))
            st.caption(f"Crisis line for patients and families in the United States: {wf.CRISIS_LINE}.")
        p = doc.protocol
        pk = f"{gen}_protocol"
        with st.form(f"{pk}_form", border=False):
            a, b = st.columns(2)
            trigger = a.text_area("Trigger", p.trigger, key=f"{pk}_trigger", height=96,
                                  placeholder="A PHQ-9 item 9 answer of 1 or more, something the patient says, or a "
                                              "staff member's concern",
                                  help="What starts the protocol. Any answer above 0 on item 9 calls for a risk "
                                       "assessment, whatever the total score.")
            immediate = b.text_area("Immediate step", p.immediate, key=f"{pk}_immediate", height=96,
                                    placeholder="Stay with the patient; the MA tells the PCP or the care manager in "
                                                "person straight away",
                                    help="What happens at once, and who does it.")
            told = a.text_input("Who is told, and how fast", p.told, key=f"{pk}_told",
                                placeholder="The PCP and the care manager, the same day, in person")
            tool = b.text_input("Assessment tool", p.tool, key=f"{pk}_tool", placeholder="C-SSRS screener",
                                help=wf.TOOLS_HELP)
            who_options = [None, *wf.WHO]
            tool_by = a.selectbox("Who uses the tool", who_options, key=f"{pk}_tool_by",
                                  index=who_options.index(p.tool_by) if p.tool_by in who_options else 0,
                                  format_func=lambda w: "Not chosen yet" if w is None else w,
                                  help="Someone trained to use it.")
            crisis = b.text_input("Crisis line given to patients", p.crisis_line, key=f"{pk}_crisis",
                                  placeholder=wf.CRISIS_LINE, help="Printed on the safety plan.")
            st.markdown("**Response for each level of risk**")
            levels = st.data_editor(
                pd.DataFrame([{"key": k, "level": label, "response": p.level(k).response, "who": p.level(k).who}
                              for k, label in wf.LEVELS.items()]).astype("object"),
                key=f"{pk}_levels", hide_index=True, width="stretch", num_rows="fixed", disabled=["level"],
                column_order=["level", "response", "who"], row_height=ui.ROW_HEIGHT,
                column_config={
                    "level": st.column_config.TextColumn("Risk level", width=170),
                    "response": st.column_config.TextColumn(
                        "Response", width=420, help="What is done at this level. For example, moderate: "
                                                    + wf.LEVEL_EXAMPLES["moderate"]),
                    "who": st.column_config.SelectboxColumn("Who responds", options=list(wf.WHO), width=210),
                })
            c, d = st.columns(2)
            safety = c.text_area("Safety plan", p.safety_plan, key=f"{pk}_safety", height=96,
                                 placeholder="Written with the patient: warning signs, coping, people and places, "
                                             "whom to call, the crisis line, making the home safer",
                                 help="Who writes it with the patient, on which template, and where it is kept.")
            follow = d.text_area("Follow-up", p.follow_up, key=f"{pk}_follow", height=96,
                                 placeholder="A caring contact within 24 to 72 hours; risk asked again at each "
                                             "contact; flagged in the registry and reviewed at the caseload review")
            docs = c.text_area("Documentation and communication", p.documentation, key=f"{pk}_docs", height=96,
                               placeholder="Assessment and plan in the EHR; the PCP and the psychiatric consultant "
                                           "told the same day")
            after = d.text_area("After-hours coverage", p.after_hours, key=f"{pk}_after", height=96,
                                placeholder="Calls after 17:00 go to the on-call provider; voicemail gives 988 and 911")
            st.caption(ui.UNSAVED_HINT)
            save_protocol = st.form_submit_button("Save protocol", disabled=ui.read_only(), type="primary",
                                                  icon=":material/save:")
        if save_protocol:
            by_key = {r["key"]: r for r in levels.to_dict("records")}
            part = {"trigger": trigger, "immediate": immediate, "told": told, "tool": tool, "tool_by": tool_by,
                    "safety_plan": safety, "follow_up": follow, "documentation": docs, "after_hours": after,
                    "crisis_line": crisis}
            for k in wf.LEVELS:
                part[k] = {"response": ui.cell_text(by_key[k].get("response")), "who": by_key[k].get("who")}
            data = doc.model_dump(mode="json")
            data["protocol"] = part
            new_doc = ui.validated(wf.WorkflowDoc, data)
            if new_doc is not None:
                kept = st.session_state.get(DRAFT)
                if ui.save(pid, new_doc, loaded.version, where="protocol"):
                    if kept and kept["pid"] == pid:  # unsaved steps stay unsaved, and stay
                        st.session_state[DRAFT] = {**kept, "gen": ui.editor_key(KIND)}
                    st.rerun()
        ui.outcome(KIND, "protocol")

# ---- flowchart -----------------------------------------------------------------------------
if tabs[2].open:
    with tabs[2]:
        st.header("Flowchart")
        if not doc.steps:
            st.info("Save some steps on the Steps tab: the flowchart is drawn from them.", icon=":material/schema:")
        else:
            which = st.segmented_control(
                "View", ["whole", *wf.PHASES], key=CHART, default="whole", required=True,
                format_func=lambda p: "Whole episode" if p == "whole" else f"Phase {p}",
                help="The whole episode gives the overview; one phase at a time is readable from the back of the "
                     "room and says how each step hands off.")
            st.caption("Lanes are who does the step; columns are the phases. Solid box: done today as it is. Dashed "
                       "box: new, or will change. Thick red box marked SUICIDE RISK: the suicide-risk protocol. Dark "
                       "arrow: a hand-off; thin grey arrow: the same role's next step. Point at a box for its whole "
                       "name.")
            if draft:
                st.caption("The flowchart shows the saved workflow: save the Steps tab to include your changes.")
            block = wf.flowchart(doc)
            st.plotly_chart(flowchart.figure(block, None if which == "whole" else which), width="content",
                            config={"displayModeBar": False, "scrollZoom": False}, key="wf_figure")

# ---- checks --------------------------------------------------------------------------------
if tabs[3].open:
    with tabs[3]:
        st.header("Checks")
        st.write(f"{passed} of {len(results)} checks passed. Each check not passed is offered as a suggested action "
                 "in the action plan; the suicide-risk check blocks launch.")
        for c in results:
            with st.container(border=True):
                mark = (":green[:material/check_circle: **Passed**]" if c.passed else
                        ":red[:material/block: **Not yet · blocks launch**]" if c.severity == "blocker" else
                        ":orange[:material/error: **Not yet**]")
                st.markdown(f"{mark} · {c.title}  \n{ui.md(c.detail)}")
        st.caption("How roles are matched to the roster: " + wf.ROLE_RULE)
        ui.plan_link(ACTION_PAGE, label="Open the action plan", icon=":material/task_alt:")

# ---- history, PDF, navigation ----------------------------------------------------------------
ui.history(pid, KIND, wf.WorkflowDoc, loaded.version, wf.describe)
ui.pdf_download("Build the clinical workflow PDF", lambda: reports.worksheet_pdf(ui.store(), pid, KIND),
                f"{ui.safe_filename(meta.name)}-clinical-workflow.pdf", key=KIND)
ui.nav_buttons(SPEC.page_file)
