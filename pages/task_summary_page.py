from pages import ui

ui.planned_page("task_summary")
