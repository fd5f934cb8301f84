"""Collaborative Care Implementation Workbook: entry point and navigation.

Run with `make run` (see README). Pages are grouped under the five steps of the AIMS Center's
Collaborative Care Implementation Guide; the step registry in planning/registry.py drives them.
"""
import streamlit as st

from pages import ui
from planning import registry

st.set_page_config(page_title="CoCM Implementation Workbook", page_icon=":material/diversity_3:", layout="wide",
                   initial_sidebar_state="expanded")

sections: dict[str, list] = {
    "Workbook": [st.Page(ui.HOME, title="Home", icon=":material/home:", url_path="home", default=True)],
}
for step in registry.STEPS:
    pages = [st.Page(step.page_file, title=f"Step {step.number} overview",
                     icon=":material/flag_circle:", url_path=step.url_path)]
    for w in step.worksheets:
        pages.append(st.Page(w.page_file, title=w.title, icon=w.icon, url_path=w.url_path))
    sections[step.label] = pages
sections["Share and learn"] = [
    st.Page(ui.REPORTS, title="Reports", icon=":material/picture_as_pdf:", url_path="reports"),
    st.Page(ui.ABOUT, title="About", icon=":material/info:", url_path="about"),
]

page = st.navigation(sections, expanded=True)
ui.note_page(page.url_path)
ui.sidebar()
page.run()
