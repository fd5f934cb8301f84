from pages import ui

ui.planned_page("launch_gate")
