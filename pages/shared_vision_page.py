from pages import ui

ui.planned_page("shared_vision")
