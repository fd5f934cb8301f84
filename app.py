"""Collaborative Care Implementation Workbook: entry point and navigation.

Run with `make run` (see README). Pages are grouped under the five steps of the AIMS Center's
Collaborative Care Implementation Guide; the step registry in planning/registry.py drives them.

Streamlit's own navigation menu is hidden: the sidebar (pages/ui/nav.py) draws its own links, which carry the
open plan in their address, so "open in a new tab" lands on the same plan. Home lives at /home; "/" opens it.
Every asset is served from this machine (the tab icon is assets/favicon.png, not a web font).
"""
from pathlib import Path

import streamlit as st

from pages import ui
from planning import registry

FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"

st.set_page_config(page_title="CoCM Implementation Workbook", page_icon=str(FAVICON), layout="wide",
                   initial_sidebar_state="expanded")

pages = [
    st.Page(ui.go_home, title="Home", url_path="start", default=True),  # "/": goes to /home, plan kept
    st.Page(ui.HOME, title="Home", icon=":material/home:", url_path="home"),
]
for step in registry.STEPS:
    pages.append(st.Page(step.page_file, title=f"Step {step.number} overview", icon=":material/flag_circle:",
                         url_path=step.url_path))
    pages += [st.Page(w.page_file, title=w.title, icon=w.icon, url_path=w.url_path) for w in step.worksheets]
pages += [
    st.Page(ui.REPORTS, title="Reports", icon=":material/picture_as_pdf:", url_path="reports"),
    st.Page(ui.ABOUT, title="About", icon=":material/info:", url_path="about"),
]

page = st.navigation(pages, position="hidden")
if page.url_path == "":
    ui.go_home()
ui.note_page(page.url_path)
ui.sidebar()
page.run()
