from pages import ui

ui.planned_page("relapse_prevention")
