from pages import ui

ui.planned_page("team")
