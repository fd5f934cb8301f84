from pages import ui

ui.planned_page("self_assessment")
