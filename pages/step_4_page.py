from pages import ui

ui.step_overview(4)
