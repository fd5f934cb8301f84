from pages import ui

ui.planned_page("patient_education")
