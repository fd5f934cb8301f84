from pages import ui

ui.planned_page("admin_readiness")
