from pages import ui

ui.planned_page("tracking")
