"""Reports: PDFs of one worksheet, one step or the whole workbook, and the plan as JSON."""
import streamlit as st

from pages import ui
from planning import plans, registry, reports

pid, meta = ui.require_plan()
store = ui.store()
st.caption(ui.md(meta.name))
st.title("Reports")
st.write("Print what the team agreed. Each PDF carries the plan, the document, the date, the revision and the "
         "AIMS acknowledgment on every page.")

built = registry.built_worksheets()
choices = {"whole": "The whole workbook"}
choices |= {f"step{s.number}": s.label for s in registry.STEPS if any(w.built for w in s.worksheets)}
choices |= {f"ws:{w.kind}": f"Worksheet: {w.title}" for w in built}
pick = st.radio("What to print", list(choices), format_func=choices.get, key="reports_pick")
name = ui.safe_filename(meta.name)


def build() -> bytes:
    if pick == "whole":
        return reports.workbook_pdf(store, pid)
    if pick.startswith("step"):
        return reports.step_pdf(store, pid, int(pick[4:]))
    return reports.worksheet_pdf(store, pid, pick[3:])


ui.pdf_download("Build PDF", build, f"{name}-{pick.replace(':', '-')}.pdf", key=f"reports_{pick}")

st.header("Plan file")
st.write("The whole plan as one JSON file: for backup, or to move it to another copy of the workbook. Import it "
         "on Home.")
st.download_button("Download plan JSON", data=lambda: plans.export_plan(store, pid), file_name=f"{name}.json",
                   mime="application/json", icon=":material/download:", key="reports_json")
ui.nav_buttons(ui.REPORTS)
