"""Collaborative Care Implementation Workbook: entry point and navigation.

Run with `make run` (see README). Pages are grouped under the five steps of the AIMS Center's
Collaborative Care Implementation Guide; the step registry in planning/registry.py drives them.

Streamlit's own navigation menu is hidden: the sidebar (pages/ui/nav.py) draws its own links, which carry the
open plan in their address, so "open in a new tab" lands on the same plan. Home lives at /home; "/" opens it.
Every asset is served from this machine (the tab icon is assets/favicon.png, not a web font).

Sign-in: when `.streamlit/secrets.toml` has an `[auth]` section (README, "Sign-in with your identity provider"),
nobody sees anything but the sign-in screen before signing in, and the signed-in person is the acting person of
every run (the engine checks their role on each plan). Without it the app runs for one team on one machine.
"""
from pathlib import Path

import streamlit as st

from pages import ui
from pages.ui.identity import gate, return_place
from pages.ui.nav import ACCESS
from planning import registry

FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"

st.set_page_config(page_title="CoCM Implementation Workbook", page_icon=str(FAVICON), layout="wide",
                   initial_sidebar_state="expanded")
signed_in = gate()  # with sign-in: the acting person, or only the sign-in screen (the run stops there)

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
    st.Page(ACCESS, title="Access and audit", icon=":material/admin_panel_settings:", url_path="access"),
    st.Page(ui.ABOUT, title="About", icon=":material/info:", url_path="about"),
]

page = st.navigation(pages, position="hidden")
if page.url_path == "":
    back = return_place() if signed_in else None  # the plan link opened before signing in, once
    target = next((p for p in pages if back and p.url_path == back[0]), None)
    if target is not None:
        st.switch_page(target, query_params={"plan": back[1]} if back[1] else None)
    ui.go_home()
ui.note_page(page.url_path)
ui.sidebar()
page.run()
