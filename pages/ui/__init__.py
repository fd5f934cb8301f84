"""Widget patterns shared by every page, split by concern. Pages stay thin: they call these and planning/.

- text: showing team-entered text safely (md), dates, file names
- engine: the one storage engine per process
- identity: the author name recorded with saves
- nav: wizard order, the plan in the URL, the sidebar, Back and Next
- saving: working copy, compare-and-swap save, conflicts, history
- overview: step overviews, PDF downloads, open findings
- editors: the checklist, rows and matrix editors, built once
- access: what the signed-in person may do with the open plan (behind sign-in), the view-only notice
"""
from pages.ui.access import can_edit, can_manage, is_viewer, own_sheet, read_only, role, signed_in, view_only_notice
from pages.ui.engine import store
from pages.ui.identity import author
from pages.ui.nav import (ABOUT, HOME, REPORTS, arrived, current_plan_id, go_home, nav_buttons, note_page, page_order,
                          plan_link, require_plan, set_plan, sidebar, status_label)
from pages.ui.overview import gate_line, pdf_download, step_overview, still_open
from pages.ui.editors import (ROW_HEIGHT, catalog_domains, checklist_editor, checklist_responses, matrix_editor,
                              rows_editor)
from pages.ui.saving import (UNSAVED_HINT, apply_change, bump_editor, conflict_panel, editor_key, findings_opened_at,
                             form_save_button, history, not_saved, open_document, open_worksheet, outcome, plan_view,
                             read_plan, save, save_part, saved_notice, send_to_action_plan, slot, validated, worksheet_header, working_copy)
from pages.ui.text import NO_PATIENT_DATA, cell_text, md, safe_filename, when

__all__ = [
    "ABOUT", "HOME", "UNSAVED_HINT", "apply_change", "findings_opened_at", "outcome", "plan_view", "read_plan", "send_to_action_plan", "NO_PATIENT_DATA", "REPORTS", "ROW_HEIGHT", "arrived", "author", "bump_editor", "cell_text",
    "catalog_domains", "checklist_editor", "checklist_responses", "rows_editor", "conflict_panel", "current_plan_id", "editor_key", "go_home", "plan_link", "history", "md", "nav_buttons",
    "gate_line", "not_saved", "note_page", "open_worksheet", "page_order", "pdf_download", "require_plan", "safe_filename",
    "save", "save_part", "form_save_button", "saved_notice", "set_plan", "sidebar", "status_label", "step_overview", "still_open", "store", "validated", "when",
    "worksheet_header", "working_copy", "matrix_editor", "open_document", "slot",
    "can_edit", "can_manage", "is_viewer", "own_sheet", "read_only", "role", "signed_in", "view_only_notice",
]
