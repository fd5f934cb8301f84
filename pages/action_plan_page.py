from pages import ui

ui.planned_page("action_plan")
