"""Metric log PDF: the latest month against the targets with definitions, a run chart per metric with its signals
in words, the registry imports, the monthly figures (landscape when wide), and hostile text printed literally."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from planning import plans, reports
from tests.conftest import HOSTILE, pdf_text
from worksheets import metric_log as ml
from worksheets import metrics as mx
from worksheets.monitoring import MonitoringDoc

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "metric_log_v1.json"
PLAN_TARGETS = [{"metric": "new_enrollments", "target_y1": 10, "target_y2": 17, "target_y3": 22},
                {"metric": "contact_30d_pct", "target_y1": 75, "target_y2": 80, "target_y3": 85},
                {"metric": "phq9_response_pct", "target_y1": 40, "target_y2": 50, "target_y3": 50}]


def _save(store, pid, doc) -> None:
    """Save over whatever the plan holds (the example plan may already carry this worksheet)."""
    version = plans.load_doc(store, pid, doc.KIND).version
    plans.save_doc(store, pid, doc, version, "Ann")


def _example(store) -> str:
    pid = plans.open_example(store, "Tester")  # target launch 3 May 2027
    _save(store, pid, MonitoringDoc.model_validate({"metrics": PLAN_TARGETS}))
    _save(store, pid, ml.MetricLogDoc.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8"))))
    return pid


def _text(store, pid) -> str:
    return " ".join(pdf_text(reports.worksheet_pdf(store, pid, ml.KIND)).split())


def test_the_example_prints_the_latest_month_against_the_targets_and_a_chart_per_metric(store):
    pid = _example(store)
    text = _text(store, pid)
    assert "Metric log (revision" in text
    assert "never stores a patient row" in text
    assert "8 months logged, May 2027 to Dec 2027; 8 metrics with figures." in text
    # December: 53 of 76 contacted = 69.7%, shown with its decimal, under the year-1 target of 75% (November: 71.8%)
    assert "Contacted in 30 days Dec 2027 69.7% 53 of 76 75% (year 1) Off target 2 months in a row" in text
    assert ("Off target two months in a row: Contacted in 30 days was below its target two months in a row: 71.8% in "
            "Nov 2027 and 69.7% in Dec 2027 (target 75%).") in text
    # 23 of 52 measurable responded = 44.2%, over 40%
    assert "PHQ-9 response Dec 2027 44.2% 23 of 52 40% (year 1) On target" in text
    assert "Active caseload Dec 2027 76 - No target" in text
    assert mx.metric("phq9_response_pct").definition in text  # definitions printed
    assert "Billing minimum met used the standard codes' 36 minutes in the month of the initial assessment" in text
    # one run chart per metric with figures, its signals (too few months yet) in words
    assert text.count("Run-chart signals need at least 10 months; 8 months logged so far.") == 6
    assert text.count("Run-chart signals need at least 10 months; 7 months logged so far.") == 2  # PHQ-9: from June
    assert "Month of the program (month 1 = May 2027, the launch month)" in text
    assert "riverbend-caseload-2027-12-31.csv" in text and "Active, Enrolled" in text
    assert "Luz Ramírez on leave for two weeks; phone follow-ups fell behind." in text  # a note


def test_hostile_text_in_notes_and_file_names_prints_literally(store, plan_id):
    doc = ml.MetricLogDoc.model_validate({
        "entries": [{"month": "2026-09-01", "metric": "active_caseload", "value": 12, "note": HOSTILE},
                    {"month": "2026-10-01", "metric": "active_caseload", "value": 14, "source": "registry export"}],
        "imports": [{"as_of": "2026-10-31", "file_name": HOSTILE + ".csv", "rows_read": 20, "active": 14,
                     "date_format": "day/month/year", "active_statuses": ["<Active>", "en curso"],
                     "billing_rule": "G0512 & more"}]})
    _save(store, plan_id, doc)
    text = _text(store, plan_id)
    assert "<b>unclosed & <script>x</script> Győr" in text  # the note and the file name, as typed
    assert text.count("Győr") >= 2
    assert "<Active>, en curso" in text


def test_three_years_of_fifteen_metrics_put_the_figures_on_landscape_pages_and_call_the_signals(store):
    pid = plans.open_example(store, "Tester")
    _save(store, pid, MonitoringDoc.model_validate({"metrics": PLAN_TARGETS}))
    months = [date(2027 + (5 + k - 1) // 12, (5 + k - 1) % 12 + 1, 1) for k in range(36)]  # May 2027 - Apr 2030
    ids = [m.id for m in mx.METRICS if m.unit == "percent"][:13] + ["active_caseload", "new_enrollments"]
    entries = []
    for m in ids:
        for k, month in enumerate(months):
            # contact rate: 60% for the first 18 months, 80% after: 18 below and 18 above the median (70)
            value = (60 if k < 18 else 80) if m == "contact_30d_pct" else 10 + k % 3
            entries.append({"month": month, "metric": m, "value": value})
    _save(store, pid, ml.MetricLogDoc.model_validate({"entries": entries}))
    data = reports.worksheet_pdf(store, pid, ml.KIND)
    text = " ".join(pdf_text(data).split())
    assert ("Shift: 18 months below the median, May 2027-Oct 2028: more than chance, in the wrong direction; look "
            "at what changed.") in text
    assert "Shift: 18 months above the median, Nov 2028-Apr 2030: more than chance, in the right direction." in text
    assert "Metric log: monthly figures" in text and "Apr 2030" in text
    pages = PdfReader(io.BytesIO(data)).pages
    assert any(float(p.mediabox.width) > float(p.mediabox.height) for p in pages)  # the wide table, sideways
    assert any(float(p.mediabox.width) < float(p.mediabox.height) for p in pages)
