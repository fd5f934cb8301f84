from pages import ui

ui.planned_page("metric_log")
